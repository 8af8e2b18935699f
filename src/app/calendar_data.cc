#include "app/calendar_data.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

#include "app/data_file.h"
#include "domain/text.h"
#include "domain/time.h"

namespace sigap::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The year of a file named YYYY.json, or 0.
int YearOfFileName(const fs::path& file) {
  const std::string name = file.filename().string();
  if (name.size() != 9 || name.substr(4) != ".json") return 0;
  int year = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    year = year * 10 + (name[i] - '0');
  }
  return year;
}

// kInvalidArgument: "<where>: <what>", with `field` named.
tl::unexpected<Error> InvalidEntry(const std::string& field, const std::string& code,
                                   const std::string& where, const std::string& what) {
  const std::string message = where.empty() ? what : where + ": " + what;
  return Fail(ErrorCode::kInvalidArgument, message, {{field, code, message}});
}

Result<domain::DayOff> ParseDayOff(int year, size_t index, const json& entry) {
  const std::string at = "days[" + std::to_string(index) + "]";
  std::string where = at;
  if (!entry.is_object()) return InvalidEntry(at, "invalid_type", where, "not an object");
  const auto date_it = entry.find("date");
  if (date_it == entry.end() || !date_it->is_string()) {
    return InvalidEntry(at + ".date", "required", where, "`date` is missing or not a string");
  }
  const std::string date_text = date_it->get<std::string>();
  where += " (" + date_text + ")";
  domain::DayOff day;
  const auto date = ParseDay(date_text);
  if (!date) {
    return InvalidEntry(at + ".date", "invalid_format", where, "not a valid date YYYY-MM-DD");
  }
  day.date = *date;
  if (int(day.date.year()) != year) {
    return InvalidEntry(at + ".date", "out_of_range", where, "not in " + std::to_string(year));
  }
  const auto name_it = entry.find("name");
  if (name_it == entry.end() || !name_it->is_string() || name_it->get<std::string>().empty()) {
    return InvalidEntry(at + ".name", "required", where, "`name` is missing or empty");
  }
  day.name = name_it->get<std::string>();
  const auto type_it = entry.find("type");
  const std::string type =
      type_it != entry.end() && type_it->is_string() ? type_it->get<std::string>() : "";
  if (type == "libur_nasional") {
    day.kind = domain::DayOffKind::kNational;
  } else if (type == "cuti_bersama") {
    day.kind = domain::DayOffKind::kCutiBersama;
  } else {
    return InvalidEntry(at + ".type", "invalid_value", where,
                        "`type` must be libur_nasional or cuti_bersama");
  }
  return day;
}

}  // namespace

Result<CalendarYear> ParseCalendarYear(const json& doc) {
  if (!doc.is_object()) return InvalidEntry("year", "invalid_type", "", "not a JSON object");
  CalendarYear out;
  const auto year_it = doc.find("year");
  if (year_it == doc.end() || !year_it->is_number_integer()) {
    return InvalidEntry("year", "required", "", "`year` is missing or not an integer");
  }
  out.year = year_it->get<int>();
  if (out.year < kFirstCalendarYear || out.year > kLastCalendarYear) {
    return InvalidEntry("year", "out_of_range", "",
                        "`year` must be between " + std::to_string(kFirstCalendarYear) + " and " +
                            std::to_string(kLastCalendarYear));
  }
  const auto decree_it = doc.find("decree");
  if (decree_it == doc.end() || !decree_it->is_string() || decree_it->get<std::string>().empty()) {
    return InvalidEntry("decree", "required", "", "`decree` is missing or empty");
  }
  out.decree = decree_it->get<std::string>();
  if (!domain::IsValidUtf8(out.decree) || domain::CodePointCount(out.decree) > 2000) {
    return InvalidEntry("decree", "invalid_value", "",
                        "`decree` is not UTF-8 or longer than 2000 characters");
  }
  const auto days_it = doc.find("days");
  if (days_it == doc.end() || !days_it->is_array()) {
    return InvalidEntry("days", "required", "", "`days` is missing or not an array");
  }
  if (days_it->size() > 366) {
    return InvalidEntry("days", "too_long", "", "`days` lists more days than a year has");
  }

  std::map<std::string, size_t> seen;  // date -> index of its first entry
  for (size_t i = 0; i < days_it->size(); ++i) {
    auto day = ParseDayOff(out.year, i, (*days_it)[i]);
    if (!day) return Fail(day.error());
    if (!domain::IsValidUtf8(day->name) || domain::CodePointCount(day->name) > 200) {
      return InvalidEntry("days[" + std::to_string(i) + "].name", "invalid_value",
                          "days[" + std::to_string(i) + "]",
                          "`name` is not UTF-8 or longer than 200 characters");
    }
    const std::string date = (*days_it)[i].at("date").get<std::string>();
    if (auto [it, inserted] = seen.emplace(date, i); !inserted) {
      return InvalidEntry("days[" + std::to_string(i) + "].date", "duplicate",
                          "days[" + std::to_string(i) + "] (" + date + ")",
                          "same date as days[" + std::to_string(it->second) + "]");
    }
    out.days.push_back(std::move(*day));
  }
  return out;
}

Result<CalendarYear> LoadCalendarYear(const fs::path& file) {
  auto parsed = ReadJsonFile(file);
  if (!parsed) return Fail(parsed.error());
  // The name first: a file of another year is the likelier mistake.
  if (const int named = YearOfFileName(file); named != 0 && parsed->is_object()) {
    const auto year_it = parsed->find("year");
    if (year_it != parsed->end() && year_it->is_number_integer() && year_it->get<int>() != named) {
      return InvalidFile(file, "`year` is " + std::to_string(year_it->get<int>()) +
                                   " but the file is named " + std::to_string(named));
    }
  }
  auto year = ParseCalendarYear(*parsed);
  if (!year) return InvalidFile(file, year.error().message);
  return year;
}

Result<std::vector<CalendarYear>> LoadCalendarDir(const fs::path& calendar_dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(calendar_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (YearOfFileName(it->path()) != 0) files.push_back(it->path());
  }
  if (ec) return Fail(ErrorCode::kNotFound, calendar_dir.string() + ": " + ec.message());
  if (files.empty()) {
    return Fail(ErrorCode::kNotFound, calendar_dir.string() + ": no YYYY.json calendar file");
  }
  std::sort(files.begin(), files.end());
  std::vector<CalendarYear> years;
  for (const fs::path& file : files) {
    auto year = LoadCalendarYear(file);
    if (!year) return Fail(year.error());
    years.push_back(std::move(*year));
  }
  return years;
}

Result<domain::WorkingCalendar> LoadWorkingCalendar(const fs::path& calendar_dir,
                                                    const domain::CalendarSettings& settings) {
  auto years = LoadCalendarDir(calendar_dir);
  if (!years) return Fail(years.error());
  std::vector<domain::DayOff> days;
  std::vector<std::chrono::year> covered;
  for (CalendarYear& year : *years) {
    covered.emplace_back(year.year);
    for (domain::DayOff& day : year.days) days.push_back(std::move(day));
  }
  return domain::WorkingCalendar::Create(std::move(days), std::move(covered), settings);
}

}  // namespace sigap::app
