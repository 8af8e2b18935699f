#pragma once

// The Pemda's own calendar days as rows.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

// The words of the `kind` column (migration 0003).
inline const char* KindText(CalendarDayKind kind) {
  switch (kind) {
    case CalendarDayKind::kRegional:
      return "regional";
    case CalendarDayKind::kNational:
      return "libur_nasional";
    case CalendarDayKind::kCutiBersama:
      return "cuti_bersama";
    case CalendarDayKind::kCancelled:
      return "cancelled";
  }
  return "regional";
}

inline std::optional<CalendarDayKind> KindFromText(const std::string& text) {
  for (const auto kind : {CalendarDayKind::kRegional, CalendarDayKind::kNational,
                          CalendarDayKind::kCutiBersama, CalendarDayKind::kCancelled}) {
    if (text == KindText(kind)) return kind;
  }
  return std::nullopt;
}

// Store::SaveCalendarYear, in the writer's transaction.
template <class Conn>
Status SaveCalendarYear(Conn& conn, PemdaId pemda, const CalendarYearRow& year) {
  auto stmt = conn.Prepare(
      "INSERT INTO calendar_years (pemda_id, year, document, installed_by, installed_at) "
      "VALUES (?,?,?,?,?) ON CONFLICT (pemda_id, year) DO UPDATE SET document = "
      "excluded.document, installed_by = excluded.installed_by, installed_at = "
      "excluded.installed_at");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, int64_t{year.year}).Bind(3, year.document);
  (*stmt)->Bind(4, year.installed_by).Bind(5, ToMicros(year.installed_at));
  return (*stmt)->Run();
}

// Store::ListCalendarYears.
template <class Conn>
Result<std::vector<CalendarYearRow>> ListCalendarYears(Conn& conn, PemdaId pemda) {
  auto stmt = conn.Prepare(
      "SELECT year, document, installed_by, installed_at FROM calendar_years "
      "WHERE pemda_id = ? ORDER BY year");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<CalendarYearRow> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({static_cast<int>((*stmt)->Int(0)), (*stmt)->Text(1), (*stmt)->Text(2),
                   FromMicros((*stmt)->Int(3))});
  }
  (*stmt)->Reset();
  return out;
}

}  // namespace sigap::store::rows
