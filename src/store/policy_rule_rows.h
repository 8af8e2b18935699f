#pragma once

// Policy rules, their versions and their audit as rows (migration 0012).
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull). Every parameter is cast, so
// PostgreSQL knows its type and SQLite reads the same text; `enabled` is
// BOOLEAN there and INTEGER here, read through CASE and written as a
// comparison.
#include <string>
#include <string_view>
#include <vector>

#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

// The newest version of a rule; the columns ReadRule reads.
inline constexpr std::string_view kRuleColumns =
    "SELECT r.id, r.pemda_id, CASE WHEN r.enabled THEN 1 ELSE 0 END, r.updated_at, v.version, "
    "v.name, v.basis, v.definition, v.created_by, v.created_at FROM policy_rules r "
    "JOIN policy_rule_versions v ON v.rule_id = r.id AND v.version = r.version ";

template <class Stmt>
StoredPolicyRule ReadRule(const Stmt& s) {
  StoredPolicyRule r;
  r.id = s.Int(0);
  r.pemda_id = s.Int(1);
  r.enabled = s.Int(2) != 0;
  r.updated_at = FromMicros(s.Int(3));
  r.current = {static_cast<int>(s.Int(4)), s.Text(5), s.Text(6), s.Text(7), s.Text(8),
               FromMicros(s.Int(9))};
  return r;
}

template <class Conn>
Status AuditRule(Conn& conn, int64_t rule_id, int version, std::string_view action,
                 std::string_view actor, Timestamp at) {
  auto audit = conn.Prepare(
      "INSERT INTO policy_rule_audit (rule_id, version, action, actor, at) VALUES (CAST(? AS "
      "BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT))");
  if (!audit) return Fail(audit.error());
  (*audit)->Bind(1, rule_id).Bind(2, version).Bind(3, action).Bind(4, actor);
  (*audit)->Bind(5, ToMicros(at));
  return (*audit)->Run();
}

// The newest version of a rule and whether it is enabled.
struct RuleState {
  int version = 0;
  bool enabled = false;
};

// The state of rule `id` of the Pemda; kNotFound when absent.
template <class Conn>
Result<RuleState> ReadRuleState(Conn& conn, PemdaId pemda, int64_t id) {
  auto find = conn.Prepare(
      "SELECT version, CASE WHEN enabled THEN 1 ELSE 0 END FROM policy_rules WHERE pemda_id = "
      "CAST(? AS BIGINT) AND id = CAST(? AS BIGINT)");
  if (!find) return Fail(find.error());
  (*find)->Bind(1, pemda).Bind(2, id);
  auto found = (*find)->Step();
  if (!found) return Fail(found.error());
  RuleState state;
  if (*found) state = {static_cast<int>((*find)->Int(0)), (*find)->Int(1) != 0};
  (*find)->Reset();
  if (state.version == 0) return Fail(ErrorCode::kNotFound, "no policy rule with this id");
  return state;
}

template <class Conn>
Result<std::vector<StoredPolicyRule>> ReadRules(Conn& conn, PemdaId pemda) {
  static const std::string sql =
      std::string(kRuleColumns) + "WHERE r.pemda_id = CAST(? AS BIGINT) ORDER BY r.name";
  auto stmt = conn.Prepare(sql.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<StoredPolicyRule> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadRule(**stmt));
  }
  (*stmt)->Reset();
  return out;
}

// The rule with every version and its audit, newest first. Call inside
// one read snapshot.
template <class Conn>
Result<StoredPolicyRule> ReadRuleWithHistory(Conn& conn, PemdaId pemda, int64_t id) {
  static const std::string sql =
      std::string(kRuleColumns) +
      "WHERE r.pemda_id = CAST(? AS BIGINT) AND r.id = CAST(? AS BIGINT)";
  auto stmt = conn.Prepare(sql.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, id);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    (*stmt)->Reset();
    return Fail(ErrorCode::kNotFound, "no policy rule with this id");
  }
  StoredPolicyRule rule = ReadRule(**stmt);
  (*stmt)->Reset();
  auto versions = conn.Prepare(
      "SELECT version, name, basis, definition, created_by, created_at "
      "FROM policy_rule_versions WHERE rule_id = CAST(? AS BIGINT) ORDER BY version DESC");
  if (!versions) return Fail(versions.error());
  (*versions)->Bind(1, id);
  for (;;) {
    auto r = (*versions)->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    const auto& s = **versions;
    rule.versions.push_back({static_cast<int>(s.Int(0)), s.Text(1), s.Text(2), s.Text(3), s.Text(4),
                             FromMicros(s.Int(5))});
  }
  (*versions)->Reset();
  auto audit = conn.Prepare(
      "SELECT version, action, actor, at FROM policy_rule_audit WHERE rule_id = CAST(? AS BIGINT) "
      "ORDER BY id DESC");
  if (!audit) return Fail(audit.error());
  (*audit)->Bind(1, id);
  for (;;) {
    auto r = (*audit)->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    const auto& s = **audit;
    rule.audit.push_back({static_cast<int>(s.Int(0)), s.Text(1), s.Text(2), FromMicros(s.Int(3))});
  }
  (*audit)->Reset();
  return rule;
}

// Store::SavePolicyRule inside the writer's transaction; sets `id` to the
// rule's.
template <class Conn>
Status WriteRuleVersion(Conn& conn, PemdaId pemda, int64_t rule_id, const PolicyRuleVersion& v,
                        int64_t& id) {
  auto named = conn.Prepare(
      "SELECT id FROM policy_rules WHERE pemda_id = CAST(? AS BIGINT) AND name = CAST(? AS TEXT)");
  if (!named) return Fail(named.error());
  (*named)->Bind(1, pemda).Bind(2, v.name);
  auto row = (*named)->Step();
  if (!row) return Fail(row.error());
  const int64_t holder = *row ? (*named)->Int(0) : 0;
  (*named)->Reset();
  if (holder != 0 && holder != rule_id) {
    return Fail(ErrorCode::kConflict, "another rule has this name", {{"name", "taken", ""}});
  }
  int version = 1;
  if (rule_id == 0) {
    auto insert = conn.Prepare(
        "INSERT INTO policy_rules (pemda_id, name, version, enabled, updated_at) VALUES (CAST(? AS "
        "BIGINT), CAST(? AS TEXT), 1, FALSE, CAST(? AS BIGINT)) RETURNING id");
    if (!insert) return Fail(insert.error());
    (*insert)->Bind(1, pemda).Bind(2, v.name).Bind(3, ToMicros(v.created_at));
    auto inserted = (*insert)->Step();
    if (!inserted) return Fail(inserted.error());
    id = (*insert)->Int(0);
    (*insert)->Reset();
  } else {
    auto current = ReadRuleState(conn, pemda, rule_id);
    if (!current) return Fail(current.error());
    version = current->version + 1;
    id = rule_id;
    // The new version starts disabled: an enabled rule stops acting here,
    // and the audit says so, by whom, of the version that was acting.
    if (current->enabled) {
      if (auto s = AuditRule(conn, id, current->version, "disabled", v.created_by, v.created_at);
          !s) {
        return s;
      }
    }
    auto update = conn.Prepare(
        "UPDATE policy_rules SET name = CAST(? AS TEXT), version = CAST(? AS BIGINT), enabled = "
        "FALSE, updated_at = CAST(? AS BIGINT) WHERE id = CAST(? AS BIGINT)");
    if (!update) return Fail(update.error());
    (*update)->Bind(1, v.name).Bind(2, version).Bind(3, ToMicros(v.created_at)).Bind(4, id);
    if (auto ran = (*update)->Run(); !ran) return ran;
  }
  auto insert = conn.Prepare(
      "INSERT INTO policy_rule_versions (rule_id, version, name, basis, definition, created_by, "
      "created_at) VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), "
      "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT))");
  if (!insert) return Fail(insert.error());
  (*insert)->Bind(1, id).Bind(2, version).Bind(3, v.name).Bind(4, v.basis);
  (*insert)->Bind(5, v.definition).Bind(6, v.created_by).Bind(7, ToMicros(v.created_at));
  if (auto ran = (*insert)->Run(); !ran) return ran;
  return AuditRule(conn, id, version, "saved", v.created_by, v.created_at);
}

// Store::SetPolicyRuleEnabled inside the writer's transaction.
template <class Conn>
Status WriteRuleEnabled(Conn& conn, PemdaId pemda, int64_t id, bool enabled, std::string_view actor,
                        Timestamp at) {
  auto state = ReadRuleState(conn, pemda, id);
  if (!state) return Fail(state.error());
  // Nothing changes, so there is nothing to audit.
  if (state->enabled == enabled) return {};
  auto update = conn.Prepare(
      "UPDATE policy_rules SET enabled = CAST(? AS BIGINT) <> 0, updated_at = CAST(? AS BIGINT) "
      "WHERE id = CAST(? AS BIGINT)");
  if (!update) return Fail(update.error());
  (*update)->Bind(1, enabled ? 1 : 0).Bind(2, ToMicros(at)).Bind(3, id);
  if (auto ran = (*update)->Run(); !ran) return ran;
  return AuditRule(conn, id, state->version, enabled ? "enabled" : "disabled", actor, at);
}

}  // namespace sigap::store::rows
