// SqliteStore: a Pemda's own working calendar (table calendar_days).
#include <cstdio>

#include "domain/time.h"
#include "store/calendar_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {

// Shared with the other backend (calendar_rows.h).
using rows::KindFromText;
using rows::KindText;

Status SqliteStore::SaveCalendarDay(PemdaId pemda, const CalendarDay& day) {
  if (!day.date.ok()) {
    return Fail(ErrorCode::kInvalidArgument, "calendar day has an invalid date",
                {{"date", "invalid_format", "not a valid date"}});
  }
  const std::string date = DayText(day.date);
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare(
        "INSERT INTO calendar_days (pemda_id, date, name, kind, created_by, created_at) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(pemda_id, date) DO UPDATE SET name = excluded.name, "
        "kind = excluded.kind, created_by = excluded.created_by, created_at = excluded.created_at");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda).Bind(2, date).Bind(3, day.name).Bind(4, KindText(day.kind));
    (*stmt)->Bind(5, day.created_by).Bind(6, ToMicros(day.created_at));
    return (*stmt)->Run();
  });
}

Status SqliteStore::DeleteCalendarDay(PemdaId pemda, std::chrono::year_month_day date) {
  const std::string text = DayText(date);
  bool deleted = false;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare("DELETE FROM calendar_days WHERE pemda_id = ? AND date = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda).Bind(2, text);
    if (auto s = (*stmt)->Run(); !s) return s;
    deleted = conn.Changes() > 0;
    return {};
  });
  if (!status) return status;
  if (!deleted) {
    return Fail(ErrorCode::kNotFound, "the Pemda has no calendar day of its own on " + text);
  }
  return {};
}

Result<std::vector<CalendarDay>> SqliteStore::ListCalendarDays(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT date, name, kind, created_by, created_at FROM calendar_days WHERE pemda_id = ? "
      "ORDER BY date");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<CalendarDay> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    const std::string date_text = (*stmt)->Text(0);
    const std::string kind_text = (*stmt)->Text(2);
    const auto date = ParseDay(date_text);
    const auto kind = KindFromText(kind_text);
    if (!date || !kind) {
      (*stmt)->Reset();
      return Fail(ErrorCode::kInternal, "calendar_days has a corrupt row: date '" + date_text +
                                            "', kind '" + kind_text + "'");
    }
    out.push_back({*date, (*stmt)->Text(1), *kind, (*stmt)->Text(3), FromMicros((*stmt)->Int(4))});
  }
}

Status SqliteStore::SaveCalendarYear(PemdaId pemda, const CalendarYearRow& year) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::SaveCalendarYear(conn, pemda, year);
  });
}

Result<std::vector<CalendarYearRow>> SqliteStore::ListCalendarYears(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::ListCalendarYears(***reader, pemda);
}

}  // namespace sigap::store::sqlite
