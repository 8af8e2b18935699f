#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"

namespace sigap::domain {

// Why a day is not a working day (besides Saturday and Sunday).
enum class DayOffKind {
  kNational,     // hari libur nasional (SKB 3 Menteri, or a Keppres such as an election day)
  kCutiBersama,  // cuti bersama (SKB 3 Menteri)
  kRegional,     // a day off the Pemda declares for itself (hari jadi, regional holiday)
};

// Returns "libur_nasional", "cuti_bersama" or "regional": the word used in
// data files and in the CLI.
std::string_view DayOffKindName(DayOffKind kind);

struct DayOff {
  std::chrono::year_month_day date;
  std::string name;  // in Bahasa Indonesia, as the decree names it
  DayOffKind kind = DayOffKind::kNational;
};

// How a Pemda counts: its UTC offset and when its office stops taking in
// cases for the day.
struct CalendarSettings {
  // WIB +7, WITA +8, WIT +9 (Indonesia has no daylight saving time).
  std::chrono::minutes utc_offset{7 * 60};
  // Local time of day from which a received case counts as received on the
  // next working day. 16:00 by default; 24:00 means no cut-off.
  std::chrono::minutes cutoff{16 * 60};
};

// Returns the UTC offset of an Indonesian IANA time zone: Asia/Jakarta and
// Asia/Pontianak (WIB) +7h, Asia/Makassar (WITA) +8h, Asia/Jayapura (WIT)
// +9h. Fails with kInvalidArgument for any other name.
[[nodiscard]] Result<std::chrono::minutes> IndonesianUtcOffset(std::string_view time_zone);

// Parses a local time of day "HH:MM" (00:00 to 24:00) into minutes since
// midnight. Fails with kInvalidArgument otherwise.
[[nodiscard]] Result<std::chrono::minutes> ParseTimeOfDay(std::string_view text);

// Returns the Indonesian name of a weekday: "Senin" ... "Minggu".
std::string_view IndonesianWeekdayName(std::chrono::weekday day);

// Formats a date the Indonesian way: "Jumat, 27 Maret 2026". Requires a
// valid date.
std::string FormatIndonesianDate(std::chrono::year_month_day date);

// A WorkingCalendar says which days count towards a statutory deadline:
// Monday to Friday, minus the national holidays, cuti bersama and regional
// days off it was given, for the years it covers. Working days are local
// dates of the Pemda; instants are converted with its UTC offset.
//
// Every computation that would need a day of a year the calendar does not
// cover fails with kFailedPrecondition rather than guess: a deadline
// computed without that year's decree would be wrong.
//
// Immutable after construction, so it can be shared between threads.
class WorkingCalendar {
 public:
  // Returns a calendar covering `covered_years` (the years whose decrees
  // the days off come from). Fails with kInvalidArgument, naming the day,
  // when a date is invalid, lies outside the covered years or appears
  // twice, and when the offset is outside ±14h or the cut-off outside
  // 00:00-24:00.
  [[nodiscard]] static Result<WorkingCalendar> Create(std::vector<DayOff> days_off,
                                                      std::vector<std::chrono::year> covered_years,
                                                      CalendarSettings settings = {});

  // Returns true when the calendar has the decrees of `year`.
  bool Covers(std::chrono::year year) const;

  // Returns true for Monday to Friday that is not a known day off. For a
  // year the calendar does not cover, only weekends are known.
  bool IsWorkingDay(std::chrono::year_month_day local_date) const;

  // Returns the day off on `local_date`, or null when there is none known.
  // The pointer stays valid as long as the calendar.
  const DayOff* FindDayOff(std::chrono::year_month_day local_date) const;

  // Returns the days off of `year`, by date (weekend ones included).
  std::vector<DayOff> DaysOffIn(std::chrono::year year) const;

  // Returns the date `n` working days after `start`; `start` itself never
  // counts, so n = 0 returns `start` (even when it is a day off). Fails with kInvalidArgument
  // when n < 0, n > kMaxWorkingDays or `start` is invalid, and with
  // kFailedPrecondition when counting reaches a year not covered.
  [[nodiscard]] Result<std::chrono::year_month_day> AddWorkingDays(
      std::chrono::year_month_day start, int n) const;

  // Returns the deadline of a case received at `received` with a target of
  // `working_days`: the last instant (23:59:59.999999 local time) of the
  // due day. Day 0 is the local date of `received` when that is a working
  // day and the local time is before the cut-off; otherwise (at or after
  // the cut-off, or on a day off) day 0 is the next working day, as if the
  // case had arrived when the office opened. The due day is
  // AddWorkingDays(day 0, working_days). Fails like AddWorkingDays, also
  // with kFailedPrecondition when `received` is in a year not covered.
  [[nodiscard]] Result<Timestamp> DueAt(Timestamp received, int working_days) const;

  // Returns the number of working days after the local date of `from` up
  // to and including the local date of `to` (times of day and the cut-off
  // play no part); negative when `to` is earlier, so that
  // WorkingDaysBetween(a, b) == -WorkingDaysBetween(b, a). Fails with
  // kFailedPrecondition when a day in between is in a year not covered.
  [[nodiscard]] Result<int> WorkingDaysBetween(Timestamp from, Timestamp to) const;

  // Returns the local date of an instant in the Pemda's time zone.
  std::chrono::year_month_day LocalDate(Timestamp t) const;

  const CalendarSettings& settings() const { return settings_; }

  // A bound on AddWorkingDays' n: about 40 years of working days, far above
  // any service standard (Perpres 76/2013 caps completion at 60 days).
  static constexpr int kMaxWorkingDays = 10000;

 private:
  WorkingCalendar(std::vector<DayOff> days_off, std::vector<std::chrono::year> covered_years,
                  CalendarSettings settings);

  // kFailedPrecondition naming the year when `day` is in a year not covered.
  Status CheckCovered(std::chrono::sys_days day) const;

  std::vector<DayOff> days_off_;                  // sorted by date, unique
  std::vector<std::chrono::year> covered_years_;  // sorted, unique
  CalendarSettings settings_;
};

}  // namespace sigap::domain
