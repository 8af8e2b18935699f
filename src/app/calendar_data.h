#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/working_calendar.h"

namespace sigap::app {

// One data/calendar/YYYY.json file: the national holidays and cuti bersama
// of a year, per the SKB 3 Menteri in force (data/README.md describes the
// format).
struct CalendarYear {
  int year = 0;
  std::string decree;                // the decree(s) the days come from
  std::vector<domain::DayOff> days;  // in file order
};

// The years a calendar may be given for (a sanity bound, not a policy).
inline constexpr int kFirstCalendarYear = 1990;
inline constexpr int kLastCalendarYear = 2100;

// Checks a year's calendar given as a JSON document in the format of the
// year files (`year`, `decree`, `days` of `date`, `name`, `type`). Fails
// with kInvalidArgument whose message names the entry ("days[3]
// (2026-02-30): not a valid date") and whose field error names the field
// ("days[3].date"): `year` outside kFirstCalendarYear..kLastCalendarYear,
// `decree` missing or empty, a day without a valid `date` inside the year,
// without `name`, with a `type` other than libur_nasional or cuti_bersama,
// or on a date listed before.
[[nodiscard]] Result<CalendarYear> ParseCalendarYear(const nlohmann::json& doc);

// Reads and checks one year file. Fails with kNotFound when it cannot be
// read, and with kInvalidArgument naming the file and the offending entry
// ("data/calendar/2026.json: days[3] (2026-02-30): not a valid date") when
// it is not JSON, its `year` differs from its name, `decree` is missing, a
// day has no valid `date` inside the year, no `name`, a `type` other than
// libur_nasional or cuti_bersama, or a date appears twice.
[[nodiscard]] Result<CalendarYear> LoadCalendarYear(const std::filesystem::path& file);

// Reads every YYYY.json in `calendar_dir` (other files are ignored), by
// year. Fails with kNotFound when the directory is missing or holds no year
// file, and as LoadCalendarYear for a bad file.
[[nodiscard]] Result<std::vector<CalendarYear>> LoadCalendarDir(
    const std::filesystem::path& calendar_dir);

// Returns the working calendar of the years in `calendar_dir` with the
// Pemda's settings. Fails as LoadCalendarDir and WorkingCalendar::Create.
[[nodiscard]] Result<domain::WorkingCalendar> LoadWorkingCalendar(
    const std::filesystem::path& calendar_dir, const domain::CalendarSettings& settings);

}  // namespace sigap::app
