// SqliteStore: early-warning alerts with their evidence and lifecycle, and
// the case signals the detectors read (issue 9, migration 0009).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/alert_status.h"
#include "store/alert_rows.h"
#include "store/signal_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {
namespace {

using nlohmann::json;
// The shared rows of alerts (alert_rows.h).
using rows::AlertFromRow;
using rows::AlertTitle;
using rows::EvidenceJson;
using rows::InsertStep;
using rows::kAlertColumns;
using rows::ReadAlert;
using rows::RegionCodes;

}  // namespace

Result<AlertUpsertOutcome> SqliteStore::UpsertAlert(const AlertUpsert& upsert) {
  const AlertEvidence& e = upsert.evidence;
  const std::vector<std::string> regions = RegionCodes(e);
  const std::string evidence = EvidenceJson(e).dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string regions_text = json(regions).dump();
  const std::string terms_text =
      json(e.top_terms).dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string oldest = DaysBefore(e.day, std::max(0, upsert.quiet_days));
  AlertUpsertOutcome outcome;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    outcome = {};
    // The most recent overlapping alert of the group within the quiet days.
    auto find = conn.Prepare(
        "SELECT id, status, last_day, region_codes, top_terms FROM alerts "
        "WHERE pemda_id = ? AND group_key = ? AND last_day >= ? ORDER BY last_day DESC, id DESC");
    if (!find) return Fail(find.error());
    (*find)->Bind(1, upsert.pemda_id).Bind(2, e.group).Bind(3, oldest);
    int64_t match = 0;
    std::string match_status, match_last;
    for (;;) {
      auto row = (*find)->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      const json r = json::parse((*find)->Text(3), nullptr, false);
      const json t = json::parse((*find)->Text(4), nullptr, false);
      std::vector<std::string> their_regions, their_terms;
      if (r.is_array()) {
        for (const auto& v : r) {
          if (v.is_string()) their_regions.push_back(v.get<std::string>());
        }
      }
      if (t.is_array()) {
        for (const auto& v : t) {
          if (v.is_string()) their_terms.push_back(v.get<std::string>());
        }
      }
      if (!domain::AlertsOverlap(regions, e.top_terms, their_regions, their_terms)) continue;
      match = (*find)->Int(0);
      match_status = (*find)->Text(1);
      match_last = (*find)->Text(2);
      break;
    }
    (*find)->Reset();
    if (match != 0 && e.day < match_last) {
      outcome.id = match;  // an old draft, replayed: already counted
      return {};
    }
    if (match != 0 && match_status != "closed") {
      auto update = conn.Prepare(
          "UPDATE alerts SET last_day = ?, since_day = min(since_day, ?), "
          "updates = updates + ?, region_codes = ?, top_terms = ?, sentence = ?, evidence = ?, "
          "category_code = ?, agency_code = ?, updated_at = ? WHERE id = ?");
      if (!update) return Fail(update.error());
      auto& u = **update;
      u.Bind(1, e.day).Bind(2, e.since_day).Bind(3, e.day > match_last ? 1 : 0);
      u.Bind(4, regions_text).Bind(5, terms_text).Bind(6, e.sentence).Bind(7, evidence);
      u.Bind(8, e.category_code).Bind(9, e.agency_code).Bind(10, ToMicros(upsert.at));
      u.Bind(11, match);
      if (auto s = u.Run(); !s) return s;
      outcome.id = match;
      outcome.updated = true;
      return {};
    }
    if (match != 0 && e.day == match_last) {
      outcome.id = match;  // the closed alert's own day, replayed
      return {};
    }
    auto insert = conn.Prepare(
        "INSERT INTO alerts (pemda_id, detector, group_key, status, category_code, agency_code, "
        "first_day, since_day, last_day, region_codes, top_terms, sentence, evidence, "
        "created_at, updated_at) VALUES (?,?,?,'new',?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!insert) return Fail(insert.error());
    auto& in = **insert;
    in.Bind(1, upsert.pemda_id).Bind(2, e.detector).Bind(3, e.group).Bind(4, e.category_code);
    in.Bind(5, e.agency_code).Bind(6, e.day).Bind(7, e.since_day).Bind(8, e.day);
    in.Bind(9, regions_text).Bind(10, terms_text).Bind(11, e.sentence).Bind(12, evidence);
    in.Bind(13, ToMicros(upsert.at)).Bind(14, ToMicros(upsert.at));
    auto row = in.Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kInternal, "alert insert returned nothing");
    outcome.id = in.Int(0);
    in.Reset();
    outcome.created = true;
    if (auto s = InsertStep(conn, outcome.id, "", "new", "system", e.sentence, upsert.at); !s) {
      return s;
    }
    if (!upsert.notify_audiences.empty()) {
      const std::string payload =
          json{{"title", AlertTitle(e.detector)}, {"text", e.sentence},
               {"agency_code", e.agency_code},    {"agency_name", e.agency_name},
               {"alert_id", outcome.id},          {"at", FormatRfc3339(upsert.at)}}
              .dump(-1, ' ', false, json::error_handler_t::replace);
      auto notice = conn.Prepare(
          "INSERT INTO outbox (pemda_id, case_id, event_id, channel, audience, template, "
          "payload, created_at, next_attempt_at) VALUES (?, 0, 0, 'email', ?, 'alert', ?, ?, ?)");
      if (!notice) return Fail(notice.error());
      for (const auto& audience : upsert.notify_audiences) {
        (*notice)->Bind(1, upsert.pemda_id).Bind(2, audience).Bind(3, payload);
        (*notice)->Bind(4, ToMicros(upsert.at)).Bind(5, ToMicros(upsert.at));
        if (auto s = (*notice)->Run(); !s) return s;
      }
    }
    return {};
  });
  if (!status) return Fail(status.error());
  return outcome;
}

Result<AlertPage> SqliteStore::ListAlerts(PemdaId pemda, const AlertFilter& filter) {
  const int limit = std::clamp(filter.limit, 1, 200);
  std::string sql = std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE pemda_id = ?1";
  const std::string status =
      filter.status ? std::string(domain::AlertStatusName(*filter.status)) : std::string();
  if (filter.status) sql += " AND status = ?2";
  if (!filter.detector.empty()) sql += " AND detector = ?3";
  if (!filter.agency_code.empty()) sql += " AND agency_code = ?4";
  if (!filter.category_code.empty()) sql += " AND category_code = ?5";
  if (!filter.since.empty()) sql += " AND last_day >= ?6";
  if (filter.before > 0) sql += " AND id < ?7";
  sql += " ORDER BY id DESC LIMIT ?8";
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->PrepareTransient(sql);
  if (!stmt) return Fail(stmt.error());
  auto& s = **stmt;
  s.Bind(1, pemda);
  if (filter.status) s.Bind(2, status);
  if (!filter.detector.empty()) s.Bind(3, filter.detector);
  if (!filter.agency_code.empty()) s.Bind(4, filter.agency_code);
  if (!filter.category_code.empty()) s.Bind(5, filter.category_code);
  if (!filter.since.empty()) s.Bind(6, filter.since);
  if (filter.before > 0) s.Bind(7, filter.before);
  s.Bind(8, limit + 1);
  AlertPage page;
  for (;;) {
    auto row = s.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    page.alerts.push_back(AlertFromRow(s));
  }
  if (static_cast<int>(page.alerts.size()) > limit) {
    page.alerts.pop_back();
    page.next_cursor = page.alerts.back().id;
  }
  return page;
}

Result<StoredAlert> SqliteStore::FindAlert(PemdaId pemda, int64_t id) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  if (auto s = (**reader)->Exec("BEGIN"); !s) return Fail(s.error());
  auto alert = ReadAlert(***reader, pemda, id);
  (void)(**reader)->Exec("COMMIT");
  return alert;
}

Result<StoredAlert> SqliteStore::MoveAlert(PemdaId pemda, int64_t id, const AlertMove& move) {
  StoredAlert moved;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto current = ReadAlert(conn, pemda, id);
    if (!current) return Fail(current.error());
    if (!domain::AlertMoveAllowed(current->status, move.to)) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "the alert is " + std::string(domain::AlertStatusName(current->status)));
    }
    const std::string to(domain::AlertStatusName(move.to));
    auto update = conn.Prepare("UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?");
    if (!update) return Fail(update.error());
    (*update)->Bind(1, to).Bind(2, ToMicros(move.at)).Bind(3, id);
    if (auto s = (*update)->Run(); !s) return s;
    if (auto s = InsertStep(conn, id, domain::AlertStatusName(current->status), to, move.actor,
                            move.reason, move.at);
        !s) {
      return s;
    }
    auto after = ReadAlert(conn, pemda, id);
    if (!after) return Fail(after.error());
    moved = std::move(*after);
    return {};
  });
  if (!status) return Fail(status.error());
  return moved;
}

template <class Read>
Result<SignalBatch> SqliteStore::ReadSignals(Read read) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  if (auto s = (**reader)->Exec("BEGIN"); !s) return Fail(s.error());
  auto batch = read(***reader);
  (void)(**reader)->Exec("COMMIT");
  return batch;
}

Result<SignalBatch> SqliteStore::ListSignals(PemdaId pemda, const SignalCursor& after, int limit) {
  return ReadSignals(
      [&](Connection& conn) { return rows::ListSignals(conn, pemda, after, limit); });
}

Result<SignalBatch> SqliteStore::ReplaySignals(PemdaId pemda, const SignalCursor& after,
                                               int limit) {
  return ReadSignals(
      [&](Connection& conn) { return rows::ReplaySignals(conn, pemda, after, limit); });
}

Result<std::optional<SignalState>> SqliteStore::LoadSignalState(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::LoadSignalState(***reader, pemda);
}

Status SqliteStore::SaveSignalState(PemdaId pemda, const SignalState& state) {
  return writer_->Run(
      [&](Connection& conn, ChainState&) { return rows::SaveSignalState(conn, pemda, state); });
}

}  // namespace sigap::store::sqlite
