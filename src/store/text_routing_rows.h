#pragma once

// A Pemda's policy for routing by text as rows (migration 0016). Shared by
// both backends: the SQL casts every parameter so PostgreSQL knows its type
// and SQLite reads the same text.
#include <algorithm>
#include <vector>

#include "domain/text.h"
#include "store/store.h"

namespace sigap::store::rows {

template <class Conn>
Result<std::vector<TextRoutingSettings>> ReadTextRoutingSettings(Conn& conn, PemdaId pemda,
                                                                 int limit) {
  auto stmt = conn.Prepare(
      "SELECT id, auto_dispose, target_precision, min_confidence, retrain_min_new, reason, "
      "changed_by, changed_at FROM text_routing_settings WHERE pemda_id = CAST(? AS BIGINT) "
      "ORDER BY id DESC LIMIT CAST(? AS BIGINT)");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, int64_t{std::clamp(limit, 1, 1000)});
  std::vector<TextRoutingSettings> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const auto& s = **stmt;
    TextRoutingSettings t;
    t.id = s.Int(0);
    t.auto_dispose = s.Int(1) != 0;
    t.target_precision = s.Real(2);
    t.min_confidence = s.Real(3);
    t.retrain_min_new = static_cast<int>(s.Int(4));
    t.reason = s.Text(5);
    t.changed_by = s.Text(6);
    t.changed_at = FromMicros(s.Int(7));
    out.push_back(std::move(t));
  }
  (*stmt)->Reset();
  return out;
}

template <class Conn>
Result<int64_t> WriteTextRoutingSettings(Conn& conn, PemdaId pemda, const TextRoutingSettings& t) {
  auto stmt = conn.Prepare(
      "INSERT INTO text_routing_settings (pemda_id, auto_dispose, target_precision, "
      "min_confidence, retrain_min_new, reason, changed_by, changed_at) VALUES (CAST(? AS "
      "BIGINT), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), "
      "CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT)) RETURNING id");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, int64_t{t.auto_dispose ? 1 : 0}).Bind(3, t.target_precision);
  (*stmt)->Bind(4, t.min_confidence).Bind(5, int64_t{t.retrain_min_new}).Bind(6, t.reason);
  (*stmt)->Bind(7, t.changed_by).Bind(8, ToMicros(t.changed_at));
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  const int64_t id = *row ? (*stmt)->Int(0) : 0;
  (*stmt)->Reset();
  return id;
}

// Cases as the text models' examples (Store::ListDispositions,
// Store::ListCategorized): id, title, description, agency, a time and the
// category, for `pemda_id = ?`, newest first, `LIMIT ?`.
inline constexpr const char* kDispositionsSql =
    "SELECT id, title, description, agency_code, disposed_at, category FROM cases "
    "WHERE pemda_id = CAST(? AS BIGINT) AND disposed_at IS NOT NULL AND agency_code <> '' "
    "AND status NOT IN ('rejected', 'merged') ORDER BY disposed_at DESC, id DESC "
    "LIMIT CAST(? AS BIGINT)";
inline constexpr const char* kCategorizedSql =
    "SELECT id, title, description, agency_code, COALESCE(disposed_at, created_at), category "
    "FROM cases WHERE pemda_id = CAST(? AS BIGINT) AND category <> '' "
    "AND status NOT IN ('rejected', 'merged') "
    "ORDER BY COALESCE(disposed_at, created_at) DESC, id DESC LIMIT CAST(? AS BIGINT)";

template <class Conn>
Result<std::vector<Disposition>> ReadTrainingCases(Conn& conn, const char* sql, PemdaId pemda,
                                                   int limit) {
  auto stmt = conn.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, int64_t{limit});
  std::vector<Disposition> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const auto& s = **stmt;
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), FromMicros(s.Int(4)), s.Text(5)});
  }
  (*stmt)->Reset();
  return out;
}

// Store::ListUnsuggestedCases. An index range on cases_status (Pemda,
// status, id); each case's events are looked up through case_events_case.
template <class Conn>
Result<std::vector<UnsuggestedCase>> ReadUnsuggestedCases(Conn& conn, PemdaId pemda, CaseId after,
                                                          CaseId upto, Timestamp filed_by,
                                                          int limit) {
  auto stmt = conn.Prepare(
      "SELECT c.id, c.version, c.created_at, c.title, c.description, "
      "(SELECT name FROM case_reporters WHERE case_id = c.id) FROM cases c "
      "WHERE c.pemda_id = CAST(? AS BIGINT) AND c.status = 'received' "
      "AND c.id > CAST(? AS BIGINT) AND c.id <= CAST(? AS BIGINT) "
      "AND c.created_at <= CAST(? AS BIGINT) AND NOT EXISTS (SELECT 1 FROM case_events e "
      "WHERE e.case_id = c.id AND e.kind = 'routing_suggested') "
      "ORDER BY c.id LIMIT CAST(? AS BIGINT)");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, after).Bind(3, upto).Bind(4, ToMicros(filed_by));
  (*stmt)->Bind(5, int64_t{limit});
  std::vector<UnsuggestedCase> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const auto& s = **stmt;
    // The classifier reads no reporter's name: it decides nothing, and its
    // most telling words are shown to officers who may not know who wrote.
    const std::string name = s.IsNull(5) ? std::string() : s.Text(5);
    out.push_back({s.Int(0), s.Int(1), FromMicros(s.Int(2)),
                   domain::RemoveNameWords(s.Text(3), name),
                   domain::RemoveNameWords(s.Text(4), name)});
  }
  (*stmt)->Reset();
  return out;
}

}  // namespace sigap::store::rows
