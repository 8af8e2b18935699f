#pragma once

// Where a Pemda's rule runner stands, and its kill switch, as rows
// (migration 0014). Shared by both backends: the SQL casts every parameter
// so PostgreSQL knows its type and SQLite reads the same text.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "store/case_rows.h"
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

template <class Conn>
Result<std::vector<domain::CaseEvent>> ReadEventsAfter(Conn& conn, PemdaId pemda, int64_t after,
                                                       int limit) {
  auto stmt = conn.Prepare(
      "SELECT id, pemda_id, case_id, kind, actor, at, payload, is_public, prev_hash, hash "
      "FROM case_events WHERE id > CAST(? AS BIGINT) AND pemda_id = CAST(? AS BIGINT) "
      "ORDER BY id LIMIT CAST(? AS BIGINT)");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, after).Bind(2, pemda).Bind(3, int64_t{std::clamp(limit, 1, 100000)});
  return CollectEvents(**stmt);
}

// Where a runner that has never run starts, and where it resumes when the
// kill switch is turned off: the Pemda's newest case event and alert (0
// when none). Each subquery takes the Pemda as its parameter. (Prepare
// caches by address: the statements are built once.)
inline constexpr const char* kNewestEventId =
    "(SELECT COALESCE(MAX(id), 0) FROM case_events WHERE pemda_id = CAST(? AS BIGINT))";
inline constexpr const char* kNewestAlertId =
    "(SELECT COALESCE(MAX(id), 0) FROM alerts WHERE pemda_id = CAST(? AS BIGINT))";
inline const std::string kSelectNewest =
    std::string("SELECT ") + kNewestEventId + ", " + kNewestAlertId;
inline const std::string kResumeAtNewest = std::string("UPDATE policy_runs SET last_event_id = ") +
                                           kNewestEventId + ", last_alert_id = " + kNewestAlertId +
                                           " WHERE pemda_id = CAST(? AS BIGINT)";

template <class Conn>
Result<PolicyRunState> ReadPolicyRun(Conn& conn, PemdaId pemda) {
  auto stmt = conn.Prepare(
      "SELECT last_event_id, last_alert_id, last_daily, temporary, killed, killed_by, killed_at "
      "FROM policy_runs WHERE pemda_id = CAST(? AS BIGINT)");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  PolicyRunState state;
  if (*row) {
    const auto& s = **stmt;
    state.started = true;
    state.last_event_id = s.Int(0);
    state.last_alert_id = s.Int(1);
    state.last_daily = s.Text(2);
    state.temporary = TemporaryServicesFromJson(s.Text(3));
    state.killed = s.Int(4) != 0;
    state.killed_by = s.Text(5);
    state.killed_at = OptionalTime(s, 6);
    (*stmt)->Reset();
    return state;
  }
  (*stmt)->Reset();
  // A runner that has never run starts now: at the newest event and alert.
  auto newest = conn.Prepare(kSelectNewest.c_str());
  if (!newest) return Fail(newest.error());
  (*newest)->Bind(1, pemda).Bind(2, pemda);
  auto got = (*newest)->Step();
  if (!got) return Fail(got.error());
  if (*got) {
    state.last_event_id = (*newest)->Int(0);
    state.last_alert_id = (*newest)->Int(1);
  }
  (*newest)->Reset();
  return state;
}

// The runner's place only moves forward: a pass that began before the kill
// switch was turned off cannot move it back over what the switch passed.
template <class Conn>
Status WritePolicyRun(Conn& conn, PemdaId pemda, const PolicyRunState& state) {
  auto stmt = conn.Prepare(
      "INSERT INTO policy_runs (pemda_id, last_event_id, last_alert_id, last_daily, temporary) "
      "VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), "
      "CAST(? AS TEXT)) ON CONFLICT (pemda_id) DO UPDATE SET last_event_id = CASE WHEN "
      "excluded.last_event_id > policy_runs.last_event_id THEN excluded.last_event_id ELSE "
      "policy_runs.last_event_id END, last_alert_id = CASE WHEN excluded.last_alert_id > "
      "policy_runs.last_alert_id THEN excluded.last_alert_id ELSE policy_runs.last_alert_id END, "
      "last_daily = excluded.last_daily, temporary = excluded.temporary");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, state.last_event_id).Bind(3, state.last_alert_id);
  const std::string temporary = TemporaryServicesToJson(state.temporary);
  (*stmt)->Bind(4, state.last_daily).Bind(5, temporary);
  return (*stmt)->Run();
}

template <class Conn>
Status WriteKillSwitch(Conn& conn, PemdaId pemda, bool killed, std::string_view actor,
                       Timestamp at) {
  auto stmt = conn.Prepare(
      "INSERT INTO policy_runs (pemda_id, killed, killed_by, killed_at) VALUES (CAST(? AS "
      "BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT)) ON CONFLICT (pemda_id) DO "
      "UPDATE SET killed = excluded.killed, killed_by = excluded.killed_by, killed_at = "
      "excluded.killed_at");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, int64_t{killed ? 1 : 0}).Bind(3, actor).Bind(4, ToMicros(at));
  if (auto ran = (*stmt)->Run(); !ran) return ran;
  if (!killed) {
    // What happened while the switch was on is never acted on later: the
    // runner resumes after the newest event and alert, even if it had not
    // yet passed over them when the switch was turned off.
    auto resume = conn.Prepare(kResumeAtNewest.c_str());
    if (!resume) return Fail(resume.error());
    (*resume)->Bind(1, pemda).Bind(2, pemda).Bind(3, pemda);
    if (auto ran = (*resume)->Run(); !ran) return ran;
  }
  auto audit = conn.Prepare(
      "INSERT INTO policy_switch_audit (pemda_id, killed, actor, at) VALUES (CAST(? AS BIGINT), "
      "CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT))");
  if (!audit) return Fail(audit.error());
  (*audit)->Bind(1, pemda).Bind(2, int64_t{killed ? 1 : 0}).Bind(3, actor).Bind(4, ToMicros(at));
  return (*audit)->Run();
}

}  // namespace sigap::store::rows
