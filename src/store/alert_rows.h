#pragma once

// Alerts as both backends keep them: the evidence as JSON, the row
// decoding and the lifecycle steps. The templates take the backend's
// Statement and Connection (sqlite:: and postgres:: share their shape).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <span>
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
    "id, pemda_id, status, first_day, last_day, updates, evidence, created_at, updated_at, "
    "since_day, continues_id";

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
  a.since_day = s.Text(9);
  a.continues = s.IsNull(10) ? 0 : s.Int(10);
  return a;
}

// Store::ListAlerts on both engines: a page of the Pemda's alerts that
// `filter` names, newest first.
template <class Conn>
Result<AlertPage> ListAlerts(Conn& conn, PemdaId pemda, const AlertFilter& filter) {
  const int limit = std::clamp(filter.limit, 1, 200);
  std::string sql = std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE pemda_id = ?1";
  const std::string status =
      filter.status ? std::string(domain::AlertStatusName(*filter.status)) : std::string();
  if (filter.status) sql += " AND status = ?2";
  if (!filter.detector.empty()) sql += " AND detector = ?3";
  constexpr int kFirstUnit = 9;  // the units' parameters follow the others
  if (!filter.agency_code.empty()) {
    if (!filter.with_pemda_wide && filter.units.empty()) {
      sql += " AND agency_code = ?4";
    } else {
      sql += " AND agency_code IN (?4";
      if (filter.with_pemda_wide) sql += ", ''";
      for (size_t k = 0; k < filter.units.size(); ++k) {
        sql += ", ?" + std::to_string(kFirstUnit + k);
      }
      sql += ")";
    }
  }
  if (!filter.category_code.empty()) sql += " AND category_code = ?5";
  if (!filter.since.empty()) sql += " AND last_day >= ?6";
  if (filter.before > 0) sql += " AND id < ?7";
  sql += " ORDER BY id DESC LIMIT ?8";
  auto stmt = conn.PrepareTransient(sql);
  if (!stmt) return Fail(stmt.error());
  auto& s = **stmt;
  s.Bind(1, pemda);
  if (filter.status) s.Bind(2, status);
  if (!filter.detector.empty()) s.Bind(3, filter.detector);
  if (!filter.agency_code.empty()) {
    s.Bind(4, filter.agency_code);
    for (size_t k = 0; k < filter.units.size(); ++k) {
      s.Bind(kFirstUnit + static_cast<int>(k), filter.units[k]);
    }
  }
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

template <class Conn>
Result<StoredAlert> ReadAlert(Conn& conn, PemdaId pemda, int64_t id) {
  // kAlertColumns, spelt out: a cached statement's text is a literal.
  auto stmt = conn.Prepare(
      "SELECT id, pemda_id, status, first_day, last_day, updates, evidence, created_at, "
      "updated_at, since_day, continues_id FROM alerts WHERE id = ? AND pemda_id = ?");
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

// An AlertUpsert with what its writing needs computed before the write
// transaction (its JSON), so that the writer's task stays short.
struct PreparedUpsert {
  const AlertUpsert* upsert = nullptr;
  std::vector<std::string> regions;
  std::string evidence;      // EvidenceJson
  std::string regions_text;  // JSON array of `regions`
  std::string terms_text;    // JSON array of the top terms
  std::string oldest;  // the first day of the quiet days before it, or the since-day if earlier
};
PreparedUpsert PrepareUpsert(const AlertUpsert& upsert);

// Gives `fresh`'s expected series and band, on the days `stored` (an
// earlier draft of the same alert) had judged, the values they were judged
// with: a change that persists stays read against the baseline before it,
// not one that has since learnt from it, so the chart of a flood's first
// days does not redraw them as usual. Observed counts stay `fresh`'s (late
// reports count). Whether anything was kept.
bool KeepJudgedExpectations(const AlertEvidence& stored, AlertEvidence& fresh);

// The transaction of Store::UpsertAlerts for one upsert, on the writer's
// connection.
template <class Conn>
Status UpsertAlertIn(Conn& conn, const PreparedUpsert& p, AlertUpsertOutcome& outcome) {
  const AlertUpsert& upsert = *p.upsert;
  const AlertEvidence& e = upsert.evidence;
  outcome = {};
  // The most recent overlapping alert of the group within the quiet days,
  // or last seen after the day the draft dates its change from.
  auto find = conn.Prepare(
      "SELECT id, status, last_day, region_codes, top_terms, evidence FROM alerts "
      "WHERE pemda_id = ? AND group_key = ? AND last_day >= ? ORDER BY last_day DESC, id DESC");
  if (!find) return Fail(find.error());
  (*find)->Bind(1, upsert.pemda_id).Bind(2, e.group).Bind(3, p.oldest);
  int64_t match = 0;
  std::string match_status, match_last, match_evidence;
  double match_observed = 0;
  for (;;) {
    auto row = (*find)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const auto r = nlohmann::json::parse((*find)->Text(3), nullptr, false);
    const auto t = nlohmann::json::parse((*find)->Text(4), nullptr, false);
    std::vector<std::string> their_regions, their_terms;
    if (r.is_array()) {
      for (const auto& v : r) {
        if (v.is_string()) their_regions.push_back(v.template get<std::string>());
      }
    }
    if (t.is_array()) {
      for (const auto& v : t) {
        if (v.is_string()) their_terms.push_back(v.template get<std::string>());
      }
    }
    if (!domain::AlertsAreOneChange(e.group, their_regions, their_terms, p.regions, e.top_terms,
                                    e.border_codes)) {
      continue;
    }
    match = (*find)->Int(0);
    match_status = (*find)->Text(1);
    match_last = (*find)->Text(2);
    if (match_status != "closed") {
      match_evidence = (*find)->Text(5);
    } else {
      const auto evidence = nlohmann::json::parse((*find)->View(5), nullptr, false);
      const auto observed = evidence.is_object() ? evidence.find("observed") : evidence.end();
      if (observed != evidence.end() && observed->is_number()) {
        match_observed = observed->template get<double>();
      }
    }
    break;
  }
  (*find)->Reset();
  if (match != 0 && e.day < match_last) {
    outcome.id = match;  // an old draft, replayed: already counted
    return {};
  }
  if (match != 0 && match_status != "closed") {
    // The earlier of the two since-days, in SQL both engines speak (SQLite
    // has min(), PostgreSQL LEAST()).
    auto update = conn.Prepare(
        "UPDATE alerts SET last_day = ?, "
        "since_day = CASE WHEN since_day <= ? THEN since_day ELSE ? END, "
        "updates = updates + ?, region_codes = ?, top_terms = ?, sentence = ?, evidence = ?, "
        "category_code = ?, agency_code = ?, updated_at = ? WHERE id = ?");
    if (!update) return Fail(update.error());
    auto& u = **update;
    u.Bind(1, e.day).Bind(2, e.since_day).Bind(3, e.since_day);
    u.Bind(4, e.day > match_last ? 1 : 0);
    // The days the alert's earlier drafts judged keep their expectations.
    std::string evidence_text;
    if (AlertEvidence kept = e; KeepJudgedExpectations(EvidenceFromJson(match_evidence), kept)) {
      evidence_text =
          EvidenceJson(kept).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    u.Bind(5, p.regions_text).Bind(6, p.terms_text).Bind(7, e.sentence);
    u.Bind(8, evidence_text.empty() ? p.evidence : evidence_text);
    u.Bind(9, e.category_code).Bind(10, e.agency_code).Bind(11, ToMicros(upsert.at));
    u.Bind(12, match);
    if (auto s = u.Run(); !s) return s;
    outcome.id = match;
    outcome.updated = true;
    return {};
  }
  // The closed alert's own day, replayed; unless more came that day than
  // the alert showed when it was closed: the change goes on, and the new
  // alert says so.
  if (match != 0 && e.day == match_last && e.observed <= match_observed) {
    outcome.id = match;
    return {};
  }
  auto insert = conn.Prepare(
      "INSERT INTO alerts (pemda_id, detector, group_key, status, category_code, agency_code, "
      "first_day, since_day, last_day, region_codes, top_terms, sentence, evidence, "
      "created_at, updated_at, continues_id) VALUES (?,?,?,'new',?,?,?,?,?,?,?,?,?,?,?,?) "
      "RETURNING id");
  if (!insert) return Fail(insert.error());
  auto& in = **insert;
  in.Bind(1, upsert.pemda_id).Bind(2, e.detector).Bind(3, e.group).Bind(4, e.category_code);
  in.Bind(5, e.agency_code).Bind(6, e.day).Bind(7, e.since_day).Bind(8, e.day);
  in.Bind(9, p.regions_text).Bind(10, p.terms_text).Bind(11, e.sentence).Bind(12, p.evidence);
  in.Bind(13, ToMicros(upsert.at)).Bind(14, ToMicros(upsert.at));
  // A match here is closed: the change it was about goes on.
  if (match != 0) {
    in.Bind(15, match);
  } else {
    in.BindNull(15);
  }
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
    nlohmann::json fields{{"title", AlertTitle(e.detector)}, {"text", e.sentence},
                          {"agency_code", e.agency_code},    {"agency_name", e.agency_name},
                          {"alert_id", outcome.id},          {"at", FormatRfc3339(upsert.at)}};
    if (match != 0) fields["continues"] = match;
    const std::string payload =
        fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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
}

// Store::UpsertAlerts on a backend's writer: the JSON prepared before, the
// upserts in order in one of its transactions.
template <class Writer>
Result<std::vector<AlertUpsertOutcome>> UpsertAlerts(Writer& writer,
                                                     std::span<const AlertUpsert> upserts) {
  std::vector<PreparedUpsert> prepared;
  prepared.reserve(upserts.size());
  for (const auto& u : upserts) prepared.push_back(PrepareUpsert(u));
  std::vector<AlertUpsertOutcome> outcomes(upserts.size());
  auto status = writer.Run([&](auto& conn, auto&) -> Status {
    for (size_t i = 0; i < prepared.size(); ++i) {
      if (auto s = UpsertAlertIn(conn, prepared[i], outcomes[i]); !s) return s;
    }
    return {};
  });
  if (!status) return Fail(status.error());
  return outcomes;
}

}  // namespace sigap::store::rows
