#include "cli/calendar_command.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "cli/calendar_data.h"
#include "cli/demo_data.h"
#include "domain/time.h"
#include "domain/working_calendar.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;
using domain::WorkingCalendar;

constexpr int kBadInput = 2;
constexpr int kFailure = 1;

fs::path CalendarDir(const CalendarFlags& flags) {
  const fs::path data_dir =
      flags.data_dir.empty() ? DefaultDataDir(flags.argv0) : fs::path(flags.data_dir);
  return data_dir / "calendar";
}

// Formats an instant in a fixed UTC offset, to the second:
// "2026-03-27T23:59:59+07:00".
std::string FormatLocalRfc3339(Timestamp t, std::chrono::minutes offset) {
  using namespace std::chrono;
  const auto local = floor<seconds>(t + offset);
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  const int off = int(offset.count());
  const int off_abs = off < 0 ? -off : off;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()), off < 0 ? '-' : '+',
                off_abs / 60, off_abs % 60);
  return buf;
}

// Parses a non-negative decimal integer of at most 9 digits, or -1.
int ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 9) return -1;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Builds the calendar from the flags. On failure prints why to `err` and
// sets `exit_code`.
std::optional<WorkingCalendar> OpenCalendar(const CalendarFlags& flags, const char* command,
                                            std::ostream& err, int& exit_code) {
  const auto offset = domain::IndonesianUtcOffset(flags.time_zone);
  if (!offset) {
    err << "sigap calendar " << command << ": --time-zone: " << offset.error().message << "\n";
    exit_code = kBadInput;
    return std::nullopt;
  }
  const auto cutoff = domain::ParseTimeOfDay(flags.cutoff);
  if (!cutoff) {
    err << "sigap calendar " << command << ": --cutoff: " << cutoff.error().message << "\n";
    exit_code = kBadInput;
    return std::nullopt;
  }
  auto calendar = LoadWorkingCalendar(CalendarDir(flags), {*offset, *cutoff});
  if (!calendar) {
    err << "sigap calendar " << command << ": " << calendar.error().message << "\n";
    exit_code = kFailure;
    return std::nullopt;
  }
  return std::move(*calendar);
}

}  // namespace

int CalendarDue(const CalendarFlags& flags, const std::string& received, const std::string& days,
                std::ostream& out, std::ostream& err) {
  // ParseRfc3339 also takes a plain date (midnight UTC); a deadline needs
  // the moment and its offset, so a bare date is refused.
  const auto received_at = ParseRfc3339(received);
  if (!received_at || received.size() <= 10) {
    err << "sigap calendar due: RECEIVED '" << received
        << "' is not an RFC 3339 instant with an offset, e.g. 2026-03-17T15:00+07:00\n";
    return kBadInput;
  }
  const int count = ParseCount(days);
  if (count < 0 || count > WorkingCalendar::kMaxWorkingDays) {
    err << "sigap calendar due: DAYS '" << days << "' is not a number of working days from 0 to "
        << WorkingCalendar::kMaxWorkingDays << "\n";
    return kBadInput;
  }
  int exit_code = 0;
  const auto calendar = OpenCalendar(flags, "due", err, exit_code);
  if (!calendar) return exit_code;

  const auto due = calendar->DueAt(*received_at, count);
  if (!due) {
    err << "sigap calendar due: cannot count " << count << " working days from " << received << ": "
        << due.error().message;
    if (due.error().code == ErrorCode::kFailedPrecondition) {
      err << " (add that year's file to " << CalendarDir(flags).string() << ")";
    }
    err << "\n";
    return kBadInput;
  }
  const auto offset = calendar->settings().utc_offset;
  out << FormatLocalRfc3339(*due, offset) << "\t"
      << domain::FormatIndonesianDate(calendar->LocalDate(*due)) << "\n";
  return 0;
}

int CalendarList(const CalendarFlags& flags, const std::string& year, std::ostream& out,
                 std::ostream& err) {
  const int y = year.size() == 4 ? ParseCount(year) : -1;
  if (y < 1) {
    err << "sigap calendar list: YEAR '" << year << "' is not a year such as 2026\n";
    return kBadInput;
  }
  int exit_code = 0;
  const auto calendar = OpenCalendar(flags, "list", err, exit_code);
  if (!calendar) return exit_code;
  if (!calendar->Covers(std::chrono::year{y})) {
    err << "sigap calendar list: YEAR " << year << " has no calendar file "
        << (CalendarDir(flags) / (year + ".json")).string() << "\n";
    return kBadInput;
  }
  for (const domain::DayOff& day : calendar->DaysOffIn(std::chrono::year{y})) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02u-%02u", int(day.date.year()),
                  unsigned(day.date.month()), unsigned(day.date.day()));
    out << date << "\t"
        << domain::IndonesianWeekdayName(std::chrono::weekday{std::chrono::sys_days{day.date}})
        << "\t" << domain::DayOffKindName(day.kind) << "\t" << day.name << "\n";
  }
  return 0;
}

}  // namespace sigap::cli
