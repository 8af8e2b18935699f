// Policy rules, their versions and their audit (issue 10, migration 0012),
// and where the live rule runner stands (migration 0014). The rows are
// shared with the other backend (policy_rule_rows.h, policy_run_rows.h).
#include "store/policy_rule_rows.h"
#include "store/policy_run_rows.h"
#include "store/postgres/postgres_store.h"

namespace sigap::store::postgres {

Result<StoredPolicyRule> PostgresStore::SavePolicyRule(PemdaId pemda, int64_t rule_id,
                                                       const PolicyRuleVersion& v) {
  int64_t id = rule_id;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WriteRuleVersion(conn, pemda, rule_id, v, id);
  });
  if (!status) return Fail(status.error());
  return FindPolicyRule(pemda, id);
}

Result<std::vector<StoredPolicyRule>> PostgresStore::ListPolicyRules(PemdaId pemda) {
  using T = std::vector<StoredPolicyRule>;
  return Read<T>([&](Connection& conn) -> Result<T> { return rows::ReadRules(conn, pemda); });
}

Result<StoredPolicyRule> PostgresStore::FindPolicyRule(PemdaId pemda, int64_t id) {
  return Read<StoredPolicyRule>([&](Connection& conn) -> Result<StoredPolicyRule> {
    // One snapshot for the rule, its versions and its audit.
    if (auto s = conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
      return Fail(s.error());
    }
    auto out = rows::ReadRuleWithHistory(conn, pemda, id);
    (void)conn.Exec("COMMIT");
    return out;
  });
}

Result<StoredPolicyRule> PostgresStore::SetPolicyRuleEnabled(PemdaId pemda, int64_t id,
                                                             bool enabled, std::string_view actor,
                                                             Timestamp at) {
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    // Locked first, as an alert's move: of two nodes enabling the rule at
    // once, the second finds it enabled and audits nothing.
    auto lock = conn.Prepare("SELECT id FROM policy_rules WHERE id = ?::bigint FOR UPDATE");
    if (!lock) return Fail(lock.error());
    (*lock)->Bind(1, id);
    if (auto row = (*lock)->Step(); !row) return Fail(row.error());
    (*lock)->Reset();
    return rows::WriteRuleEnabled(conn, pemda, id, enabled, actor, at);
  });
  if (!status) return Fail(status.error());
  return FindPolicyRule(pemda, id);
}

Result<std::vector<domain::CaseEvent>> PostgresStore::ListEventsAfter(PemdaId pemda,
                                                                      int64_t after_id, int limit) {
  using T = std::vector<domain::CaseEvent>;
  return Read<T>([&](Connection& conn) -> Result<T> {
    return rows::ReadEventsAfter(conn, pemda, after_id, limit);
  });
}

Result<PolicyRunState> PostgresStore::LoadPolicyRun(PemdaId pemda) {
  return Read<PolicyRunState>(
      [&](Connection& conn) -> Result<PolicyRunState> { return rows::ReadPolicyRun(conn, pemda); });
}

Status PostgresStore::SavePolicyRun(PemdaId pemda, const PolicyRunState& state) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WritePolicyRun(conn, pemda, state);
  });
}

Status PostgresStore::SetPolicyKillSwitch(PemdaId pemda, bool killed, std::string_view actor,
                                          Timestamp at) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WriteKillSwitch(conn, pemda, killed, actor, at);
  });
}

}  // namespace sigap::store::postgres
