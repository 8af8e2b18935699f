// Policy rules, their versions and their audit (issue 10, migration 0012).
#include "store/policy_rule_rows.h"
#include "store/policy_run_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {

// Shared with the other backend (policy_rule_rows.h).
using rows::ReadRule;

namespace {

// Reads the newest version of a rule; the columns of kRuleColumns.
constexpr const char* kRuleColumns =
    "SELECT r.id, r.pemda_id, r.enabled, r.updated_at, v.version, v.name, v.basis, v.definition, "
    "v.created_by, v.created_at FROM policy_rules r JOIN policy_rule_versions v "
    "ON v.rule_id = r.id AND v.version = r.version ";

Status Audit(Connection& conn, int64_t rule_id, int version, std::string_view action,
             std::string_view actor, Timestamp at) {
  auto audit = conn.Prepare(
      "INSERT INTO policy_rule_audit (rule_id, version, action, actor, at) VALUES (?,?,?,?,?)");
  if (!audit) return Fail(audit.error());
  (*audit)->Bind(1, rule_id).Bind(2, version).Bind(3, action).Bind(4, actor);
  (*audit)->Bind(5, ToMicros(at));
  return (*audit)->Run();
}

}  // namespace

Result<StoredPolicyRule> SqliteStore::SavePolicyRule(PemdaId pemda, int64_t rule_id,
                                                     const PolicyRuleVersion& v) {
  int64_t id = rule_id;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto named = conn.Prepare("SELECT id FROM policy_rules WHERE pemda_id = ? AND name = ?");
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
          "INSERT INTO policy_rules (pemda_id, name, version, enabled, updated_at) "
          "VALUES (?, ?, 1, 0, ?)");
      if (!insert) return Fail(insert.error());
      (*insert)->Bind(1, pemda).Bind(2, v.name).Bind(3, ToMicros(v.created_at));
      if (auto ran = (*insert)->Run(); !ran) return ran;
      id = conn.LastInsertId();
    } else {
      auto find = conn.Prepare("SELECT version FROM policy_rules WHERE pemda_id = ? AND id = ?");
      if (!find) return Fail(find.error());
      (*find)->Bind(1, pemda).Bind(2, rule_id);
      auto found = (*find)->Step();
      if (!found) return Fail(found.error());
      if (!*found) {
        (*find)->Reset();
        return Fail(ErrorCode::kNotFound, "no policy rule with this id");
      }
      version = static_cast<int>((*find)->Int(0)) + 1;
      (*find)->Reset();
      auto update = conn.Prepare(
          "UPDATE policy_rules SET name = ?, version = ?, enabled = 0, updated_at = ? "
          "WHERE id = ?");
      if (!update) return Fail(update.error());
      (*update)->Bind(1, v.name).Bind(2, version).Bind(3, ToMicros(v.created_at)).Bind(4, id);
      if (auto ran = (*update)->Run(); !ran) return ran;
    }
    auto insert = conn.Prepare(
        "INSERT INTO policy_rule_versions (rule_id, version, name, basis, definition, created_by, "
        "created_at) VALUES (?,?,?,?,?,?,?)");
    if (!insert) return Fail(insert.error());
    (*insert)->Bind(1, id).Bind(2, version).Bind(3, v.name).Bind(4, v.basis);
    (*insert)->Bind(5, v.definition).Bind(6, v.created_by).Bind(7, ToMicros(v.created_at));
    if (auto ran = (*insert)->Run(); !ran) return ran;
    return Audit(conn, id, version, "saved", v.created_by, v.created_at);
  });
  if (!status) return Fail(status.error());
  return FindPolicyRule(pemda, id);
}

Result<std::vector<StoredPolicyRule>> SqliteStore::ListPolicyRules(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  static const std::string sql = std::string(kRuleColumns) + "WHERE r.pemda_id = ? ORDER BY r.name";
  auto stmt = (**reader)->Prepare(sql.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<StoredPolicyRule> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadRule(**stmt));
  }
  (*stmt)->Reset();
  return out;
}

Result<StoredPolicyRule> SqliteStore::FindPolicyRule(PemdaId pemda, int64_t id) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  Connection& conn = ***reader;
  // One snapshot for the rule, its versions and its audit.
  if (auto began = conn.Exec("BEGIN"); !began) return Fail(began.error());
  auto read = [&]() -> Result<StoredPolicyRule> {
    static const std::string sql = std::string(kRuleColumns) + "WHERE r.pemda_id = ? AND r.id = ?";
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
        "FROM policy_rule_versions WHERE rule_id = ? ORDER BY version DESC");
    if (!versions) return Fail(versions.error());
    (*versions)->Bind(1, id);
    while (true) {
      auto r = (*versions)->Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      const auto& s = **versions;
      rule.versions.push_back({static_cast<int>(s.Int(0)), s.Text(1), s.Text(2), s.Text(3),
                               s.Text(4), FromMicros(s.Int(5))});
    }
    (*versions)->Reset();
    auto audit = conn.Prepare(
        "SELECT version, action, actor, at FROM policy_rule_audit WHERE rule_id = ? "
        "ORDER BY id DESC");
    if (!audit) return Fail(audit.error());
    (*audit)->Bind(1, id);
    while (true) {
      auto r = (*audit)->Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      const auto& s = **audit;
      rule.audit.push_back(
          {static_cast<int>(s.Int(0)), s.Text(1), s.Text(2), FromMicros(s.Int(3))});
    }
    (*audit)->Reset();
    return rule;
  };
  auto out = read();
  (void)conn.Exec("COMMIT");
  return out;
}

Result<StoredPolicyRule> SqliteStore::SetPolicyRuleEnabled(PemdaId pemda, int64_t id, bool enabled,
                                                           std::string_view actor, Timestamp at) {
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto find = conn.Prepare("SELECT version FROM policy_rules WHERE pemda_id = ? AND id = ?");
    if (!find) return Fail(find.error());
    (*find)->Bind(1, pemda).Bind(2, id);
    auto found = (*find)->Step();
    if (!found) return Fail(found.error());
    if (!*found) {
      (*find)->Reset();
      return Fail(ErrorCode::kNotFound, "no policy rule with this id");
    }
    const int version = static_cast<int>((*find)->Int(0));
    (*find)->Reset();
    auto update = conn.Prepare("UPDATE policy_rules SET enabled = ?, updated_at = ? WHERE id = ?");
    if (!update) return Fail(update.error());
    (*update)->Bind(1, enabled ? 1 : 0).Bind(2, ToMicros(at)).Bind(3, id);
    if (auto ran = (*update)->Run(); !ran) return ran;
    return Audit(conn, id, version, enabled ? "enabled" : "disabled", actor, at);
  });
  if (!status) return Fail(status.error());
  return FindPolicyRule(pemda, id);
}

Result<std::vector<domain::CaseEvent>> SqliteStore::ListEventsAfter(PemdaId pemda, int64_t after_id,
                                                                    int limit) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::ReadEventsAfter(***reader, pemda, after_id, limit);
}

Result<PolicyRunState> SqliteStore::LoadPolicyRun(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::ReadPolicyRun(***reader, pemda);
}

Status SqliteStore::SavePolicyRun(PemdaId pemda, const PolicyRunState& state) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WritePolicyRun(conn, pemda, state);
  });
}

Status SqliteStore::SetPolicyKillSwitch(PemdaId pemda, bool killed, std::string_view actor,
                                        Timestamp at) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WriteKillSwitch(conn, pemda, killed, actor, at);
  });
}

}  // namespace sigap::store::sqlite
