// Policy rules, their versions and their audit (issue 10, migration 0012),
// and where the live rule runner stands (migration 0014). The rows are
// shared with the other backend (policy_rule_rows.h, policy_run_rows.h).
#include "store/policy_rule_rows.h"
#include "store/policy_run_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {

Result<StoredPolicyRule> SqliteStore::SavePolicyRule(PemdaId pemda, int64_t rule_id,
                                                     const PolicyRuleVersion& v) {
  int64_t id = rule_id;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WriteRuleVersion(conn, pemda, rule_id, v, id);
  });
  if (!status) return Fail(status.error());
  return FindPolicyRule(pemda, id);
}

Result<std::vector<StoredPolicyRule>> SqliteStore::ListPolicyRules(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::ReadRules(***reader, pemda);
}

Result<StoredPolicyRule> SqliteStore::FindPolicyRule(PemdaId pemda, int64_t id) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  Connection& conn = ***reader;
  // One snapshot for the rule, its versions and its audit.
  if (auto began = conn.Exec("BEGIN"); !began) return Fail(began.error());
  auto out = rows::ReadRuleWithHistory(conn, pemda, id);
  (void)conn.Exec("COMMIT");
  return out;
}

Result<StoredPolicyRule> SqliteStore::SetPolicyRuleEnabled(PemdaId pemda, int64_t id, bool enabled,
                                                           std::string_view actor, Timestamp at) {
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WriteRuleEnabled(conn, pemda, id, enabled, actor, at);
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
