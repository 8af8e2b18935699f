#include "domain/working_calendar.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>

namespace sigap::domain {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

bool IsWeekend(sys_days day) {
  const std::chrono::weekday wd{day};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

bool EarlierDate(const DayOff& a, const DayOff& b) { return sys_days{a.date} < sys_days{b.date}; }

tl::unexpected<Error> Invalid(std::string field, std::string message) {
  return Fail(ErrorCode::kInvalidArgument, message, {{std::move(field), "invalid", message}});
}

}  // namespace

std::string_view DayOffKindName(DayOffKind kind) {
  switch (kind) {
    case DayOffKind::kNational:
      return "libur_nasional";
    case DayOffKind::kCutiBersama:
      return "cuti_bersama";
    case DayOffKind::kRegional:
      return "regional";
  }
  return "unknown";
}

Result<minutes> IndonesianUtcOffset(std::string_view time_zone) {
  // Indonesia has used WIB/WITA/WIT without daylight saving since 1988
  // (Keppres 41/1987); these are the IANA zones of its territory.
  if (time_zone == "Asia/Jakarta" || time_zone == "Asia/Pontianak") return minutes{7 * 60};
  if (time_zone == "Asia/Makassar") return minutes{8 * 60};
  if (time_zone == "Asia/Jayapura") return minutes{9 * 60};
  return Invalid("time_zone", "time zone '" + std::string(time_zone) +
                                  "' is not an Indonesian one (Asia/Jakarta, Asia/Pontianak, "
                                  "Asia/Makassar or Asia/Jayapura)");
}

Result<minutes> ParseTimeOfDay(std::string_view text) {
  const auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return Invalid("cutoff", "'" + std::string(text) + "' is not a time of day HH:MM");
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) {
    return Invalid("cutoff", "'" + std::string(text) + "' is not between 00:00 and 24:00");
  }
  return minutes{h * 60 + m};
}

std::string_view IndonesianWeekdayName(std::chrono::weekday day) {
  static constexpr std::array<std::string_view, 7> kNames = {"Minggu", "Senin", "Selasa", "Rabu",
                                                             "Kamis",  "Jumat", "Sabtu"};
  return kNames[day.c_encoding() % 7];
}

std::string FormatIndonesianDate(year_month_day date) {
  assert(date.ok());
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
      "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
  std::string out(IndonesianWeekdayName(std::chrono::weekday{sys_days{date}}));
  out += ", " + std::to_string(unsigned(date.day())) + " ";
  out += kMonths[unsigned(date.month()) - 1];
  out += " " + std::to_string(int(date.year()));
  return out;
}

Result<WorkingCalendar> WorkingCalendar::Create(std::vector<DayOff> days_off,
                                                std::vector<year> covered_years,
                                                CalendarSettings settings) {
  if (settings.utc_offset < minutes{-14 * 60} || settings.utc_offset > minutes{14 * 60}) {
    return Invalid("utc_offset", "UTC offset must be within ±14 hours");
  }
  if (settings.cutoff < minutes{0} || settings.cutoff > minutes{24 * 60}) {
    return Invalid("cutoff", "cut-off must be between 00:00 and 24:00");
  }
  std::sort(covered_years.begin(), covered_years.end());
  covered_years.erase(std::unique(covered_years.begin(), covered_years.end()), covered_years.end());
  for (const DayOff& day : days_off) {
    if (!day.date.ok()) return Invalid("date", "'" + day.name + "' has an invalid date");
    if (!std::binary_search(covered_years.begin(), covered_years.end(), day.date.year())) {
      return Invalid("date", DayText(day.date) + " (" + day.name +
                                 ") is in a year the calendar does not cover");
    }
  }
  std::stable_sort(days_off.begin(), days_off.end(), EarlierDate);
  const auto twice =
      std::adjacent_find(days_off.begin(), days_off.end(),
                         [](const DayOff& a, const DayOff& b) { return !EarlierDate(a, b); });
  if (twice != days_off.end()) {
    return Invalid("date", DayText(twice->date) + " is a day off twice: '" + twice->name +
                               "' and '" + std::next(twice)->name + "'");
  }
  return WorkingCalendar(std::move(days_off), std::move(covered_years), settings);
}

WorkingCalendar::WorkingCalendar(std::vector<DayOff> days_off, std::vector<year> covered_years,
                                 CalendarSettings settings)
    : days_off_(std::move(days_off)),
      covered_years_(std::move(covered_years)),
      settings_(settings) {}

bool WorkingCalendar::Covers(year y) const {
  return std::binary_search(covered_years_.begin(), covered_years_.end(), y);
}

Status WorkingCalendar::CheckCovered(sys_days day) const {
  const year y = year_month_day{day}.year();
  if (Covers(y)) return {};
  return Fail(
      ErrorCode::kFailedPrecondition,
      "the working-day calendar has no holidays and cuti bersama for " + std::to_string(int(y)));
}

const DayOff* WorkingCalendar::FindDayOff(year_month_day local_date) const {
  const DayOff key{local_date, {}, {}};
  const auto it = std::lower_bound(days_off_.begin(), days_off_.end(), key, EarlierDate);
  if (it == days_off_.end() || sys_days{it->date} != sys_days{local_date}) return nullptr;
  return &*it;
}

bool WorkingCalendar::IsWorkingDay(year_month_day local_date) const {
  return !IsWeekend(sys_days{local_date}) && FindDayOff(local_date) == nullptr;
}

std::vector<DayOff> WorkingCalendar::DaysOffIn(year y) const {
  std::vector<DayOff> out;
  for (const DayOff& day : days_off_) {
    if (day.date.year() == y) out.push_back(day);
  }
  return out;
}

Result<year_month_day> WorkingCalendar::AddWorkingDays(year_month_day start, int n) const {
  if (!start.ok()) return Invalid("start", "the start date is not a valid date");
  if (n < 0) return Invalid("working_days", "the number of working days must not be negative");
  if (n > kMaxWorkingDays) {
    return Invalid("working_days",
                   "the number of working days must be at most " + std::to_string(kMaxWorkingDays));
  }
  sys_days day{start};
  for (int counted = 0; counted < n;) {
    day += days{1};
    if (auto covered = CheckCovered(day); !covered) return Fail(covered.error());
    if (IsWorkingDay(year_month_day{day})) ++counted;
  }
  return year_month_day{day};
}

year_month_day WorkingCalendar::LocalDate(Timestamp t) const {
  return year_month_day{std::chrono::floor<days>(t + settings_.utc_offset)};
}

Result<Timestamp> WorkingCalendar::DueAt(Timestamp received, int working_days) const {
  if (working_days < 0 || working_days > kMaxWorkingDays) {
    return Invalid("working_days", "the number of working days must be between 0 and " +
                                       std::to_string(kMaxWorkingDays));
  }
  const auto local = received + settings_.utc_offset;
  const sys_days received_day = std::chrono::floor<days>(local);
  if (auto covered = CheckCovered(received_day); !covered) return Fail(covered.error());

  // Office hours: a case that arrives at or after the cut-off, or on a day
  // off, is handled as if it arrived when the office next opens.
  year_month_day day0{received_day};
  const bool in_office_hours = IsWorkingDay(day0) && local - received_day < settings_.cutoff;
  if (!in_office_hours) {
    auto next = AddWorkingDays(day0, 1);
    if (!next) return Fail(next.error());
    day0 = *next;
  }
  auto due = AddWorkingDays(day0, working_days);
  if (!due) return Fail(due.error());
  // The last microsecond of the due day, local time.
  const Timestamp next_local_midnight{sys_days{*due} + days{1}};
  return next_local_midnight - settings_.utc_offset - std::chrono::microseconds{1};
}

Result<int> WorkingCalendar::WorkingDaysBetween(Timestamp from, Timestamp to) const {
  const sys_days first{LocalDate(from)};
  const sys_days last{LocalDate(to)};
  if (last < first) {
    auto reversed = WorkingDaysBetween(to, from);
    if (!reversed) return reversed;
    return -*reversed;
  }
  int count = 0;
  for (sys_days day = first + days{1}; day <= last; day += days{1}) {
    if (auto covered = CheckCovered(day); !covered) return Fail(covered.error());
    if (IsWorkingDay(year_month_day{day})) ++count;
  }
  return count;
}

}  // namespace sigap::domain
