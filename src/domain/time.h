#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sigap {

// Instants are UTC with microsecond resolution.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// A source of the current time. Domain code never reads the system clock;
// it is handed a Clock (tests use a fixed or stepping one).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// Formats as RFC 3339 UTC with milliseconds: "2026-11-30T16:13:44.123Z".
std::string FormatRfc3339(Timestamp t);

// Formats an instant in a fixed UTC offset, to the second (the fraction is
// dropped): "2026-03-27T23:59:59+07:00", "2026-03-27T11:59:59-05:00".
std::string FormatLocalRfc3339(Timestamp t, std::chrono::minutes utc_offset);

// Parses RFC 3339 ("2026-03-17T15:00:00+07:00", "...Z", fraction optional)
// or a plain date "2026-03-17" (midnight UTC). Returns nullopt when invalid.
std::optional<Timestamp> ParseRfc3339(std::string_view text);

// A calendar day, month and quarter as text: "2026-03-09", "2026-03" and
// "2026-Q1". The year is zero-padded to four characters ("0987", "10000",
// and year -1 is "-001"); an invalid date is written as its fields are held
// ("2026-02-30", "2026-13-01").
std::string DayText(std::chrono::year_month_day date);
std::string MonthText(std::chrono::year_month_day date);
std::string QuarterText(std::chrono::year_month_day date);

// Parses a day written exactly "YYYY-MM-DD" (ten bytes, no sign, no
// spaces). Returns nullopt for any other form ("2026-1-5", "2026-01-05 ")
// and for a day the calendar does not have ("2026-02-30").
std::optional<std::chrono::year_month_day> ParseDay(std::string_view text);

// Parses the day of a survey sheet's date cell: "YYYY-MM-DD" or "DD/MM/YYYY"
// (Excel in an Indonesian locale; day and month of one to four digits,
// "5/3/2026"), optionally followed by a time after ' ' or 'T', which is
// ignored ("2026-03-05 10:00", "05/03/2026T10:00"). The year has four digits
// and is 1900 or later: "0026" or "12345" is a typo. Returns nullopt for any
// other text and for a day the calendar does not have ("30/02/2026").
std::optional<std::chrono::year_month_day> ParseSurveyDate(std::string_view text);

// A day as the number of days since 1970-01-01 (its sys_days count), and
// back: the compact form of days that are counted and compared in bulk.
// FromDayNumber(ToDayNumber(d)) == d for every valid date.
inline int32_t ToDayNumber(std::chrono::year_month_day date) {
  return static_cast<int32_t>(std::chrono::sys_days(date).time_since_epoch().count());
}
inline std::chrono::year_month_day FromDayNumber(int32_t day) {
  return std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(day)));
}

inline int64_t ToMicros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMicros(int64_t us) { return Timestamp(std::chrono::microseconds(us)); }

}  // namespace sigap
