#pragma once

// Alerts as both backends keep them: the evidence as JSON, the row
// decoding and the lifecycle steps. The templates take the backend's
// Statement and Connection (sqlite:: and postgres:: share their shape).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "domain/alert_status.h"
#include "domain/case.h"
#include "domain/result.h"
#include "store/alert_types.h"
#include "store/codec.h"

namespace sigap::store::rows {

using domain::PemdaId;

// The alert's title in the outbox payload, by detector.
std::string AlertTitle(const std::string& detector);

nlohmann::json EvidenceJson(const AlertEvidence& e);
AlertEvidence EvidenceFromJson(const std::string& text);

// The codes of the evidence's regions.
std::vector<std::string> RegionCodes(const AlertEvidence& e);

inline constexpr const char* kAlertColumns =
    "id, pemda_id, status, first_day, last_day, updates, evidence, created_at, updated_at";

template <class Stmt>
StoredAlert AlertFromRow(const Stmt& s) {
  StoredAlert a;
  a.id = s.Int(0);
  a.pemda_id = s.Int(1);
  a.status = domain::ParseAlertStatus(s.Text(2)).value_or(domain::AlertStatus::kNew);
  a.first_day = s.Text(3);
  a.last_day = s.Text(4);
  a.updates = static_cast<int>(s.Int(5));
  a.evidence = EvidenceFromJson(s.Text(6));
  a.created_at = FromMicros(s.Int(7));
  a.updated_at = FromMicros(s.Int(8));
  return a;
}

template <class Conn>
Result<StoredAlert> ReadAlert(Conn& conn, PemdaId pemda, int64_t id) {
  auto stmt = conn.Prepare(
      "SELECT id, pemda_id, status, first_day, last_day, updates, evidence, created_at, "
      "updated_at FROM alerts WHERE id = ? AND pemda_id = ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, id).Bind(2, pemda);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    (*stmt)->Reset();
    return Fail(ErrorCode::kNotFound, "alert not found");
  }
  StoredAlert alert = AlertFromRow(**stmt);
  (*stmt)->Reset();
  auto steps = conn.Prepare(
      "SELECT from_status, to_status, actor, reason, at FROM alert_steps WHERE alert_id = ? "
      "ORDER BY id");
  if (!steps) return Fail(steps.error());
  (*steps)->Bind(1, id);
  for (;;) {
    auto r = (*steps)->Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
    alert.history.push_back({(*steps)->Text(0), (*steps)->Text(1), (*steps)->Text(2),
                             (*steps)->Text(3), FromMicros((*steps)->Int(4))});
  }
  (*steps)->Reset();
  return alert;
}

template <class Conn>
Status InsertStep(Conn& conn, int64_t alert_id, std::string_view from, std::string_view to,
                  std::string_view actor, std::string_view reason, Timestamp at) {
  auto stmt = conn.Prepare(
      "INSERT INTO alert_steps (alert_id, from_status, to_status, actor, reason, at) "
      "VALUES (?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, alert_id).Bind(2, from).Bind(3, to).Bind(4, actor).Bind(5, reason);
  (*stmt)->Bind(6, ToMicros(at));
  return (*stmt)->Run();
}

}  // namespace sigap::store::rows
