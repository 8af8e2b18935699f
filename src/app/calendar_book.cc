#include "app/calendar_book.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "app/calendar_data.h"
#include "domain/text.h"
#include "domain/time.h"

namespace sigap::app {
namespace {

namespace fs = std::filesystem;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

// A longer name is a mistake (a pasted decree); the decrees' own names
// stay under 80 characters.
constexpr size_t kMaxNameLength = 200;

tl::unexpected<Error> InvalidField(std::string field, std::string code, std::string message) {
  return Fail(ErrorCode::kInvalidArgument, message, {{std::move(field), std::move(code), message}});
}

bool EarlierDate(const domain::DayOff& a, const domain::DayOff& b) {
  return sys_days{a.date} < sys_days{b.date};
}

store::CalendarDayKind StoreKind(domain::DayOffKind kind) {
  switch (kind) {
    case domain::DayOffKind::kNational:
      return store::CalendarDayKind::kNational;
    case domain::DayOffKind::kCutiBersama:
      return store::CalendarDayKind::kCutiBersama;
    case domain::DayOffKind::kRegional:
      return store::CalendarDayKind::kRegional;
  }
  return store::CalendarDayKind::kRegional;
}

// The day a Pemda's row puts in force; nullopt for a cancellation.
std::optional<CalendarEntry> EntryOf(const store::CalendarDay& row) {
  switch (row.kind) {
    case store::CalendarDayKind::kRegional:
      return CalendarEntry{{row.date, row.name, domain::DayOffKind::kRegional},
                           DaySource::kRegional};
    case store::CalendarDayKind::kNational:
      return CalendarEntry{{row.date, row.name, domain::DayOffKind::kNational},
                           DaySource::kCorrection};
    case store::CalendarDayKind::kCutiBersama:
      return CalendarEntry{{row.date, row.name, domain::DayOffKind::kCutiBersama},
                           DaySource::kCorrection};
    case store::CalendarDayKind::kCancelled:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string_view DaySourceName(DaySource source) {
  switch (source) {
    case DaySource::kNational:
      return "national";
    case DaySource::kRegional:
      return "regional";
    case DaySource::kCorrection:
      return "correction";
    case DaySource::kCancelled:
      return "cancelled";
  }
  return "national";
}

namespace {

constexpr std::pair<std::string_view, store::CalendarDayKind> kDayKindWords[] = {
    {"regional", store::CalendarDayKind::kRegional},
    {"libur_nasional", store::CalendarDayKind::kNational},
    {"cuti_bersama", store::CalendarDayKind::kCutiBersama},
    {"cancelled", store::CalendarDayKind::kCancelled},
};

}  // namespace

std::optional<store::CalendarDayKind> ParseCalendarDayKind(std::string_view word) {
  for (const auto& [text, kind] : kDayKindWords) {
    if (text == word) return kind;
  }
  return std::nullopt;
}

std::vector<std::string> CalendarDayKindWords() {
  std::vector<std::string> out;
  for (const auto& [text, kind] : kDayKindWords) out.emplace_back(text);
  return out;
}

Result<std::unique_ptr<CalendarBook>> CalendarBook::Create(store::Store& store,
                                                           const fs::path& calendar_dir,
                                                           std::chrono::minutes cutoff) {
  if (cutoff < std::chrono::minutes{0} || cutoff > std::chrono::hours{24}) {
    return InvalidField("cutoff", "out_of_range", "the cut-off must be between 00:00 and 24:00");
  }
  auto files = LoadCalendarDir(calendar_dir);
  if (!files) return Fail(files.error());
  std::vector<domain::DayOff> days;
  std::vector<year> years;
  std::vector<CalendarYearInfo> infos;
  for (CalendarYear& file : *files) {
    years.emplace_back(file.year);
    infos.push_back({file.year, file.decree, false, {}, {}});
    for (domain::DayOff& day : file.days) days.push_back(std::move(day));
  }
  // The files' own checks (dates inside their year, none twice) leave
  // nothing for Create to refuse; it is asked anyway, so that a future
  // file problem fails here rather than for each Pemda.
  auto check = domain::WorkingCalendar::Create(days, years);
  if (!check) return Fail(check.error());
  std::sort(days.begin(), days.end(), EarlierDate);
  std::sort(infos.begin(), infos.end(),
            [](const CalendarYearInfo& a, const CalendarYearInfo& b) { return a.year < b.year; });
  return std::unique_ptr<CalendarBook>(
      new CalendarBook(store, calendar_dir, std::move(days), std::move(infos), cutoff));
}

CalendarBook::CalendarBook(store::Store& store, fs::path calendar_dir,
                           std::vector<domain::DayOff> file_days,
                           std::vector<CalendarYearInfo> years, std::chrono::minutes cutoff)
    : store_(store),
      calendar_dir_(std::move(calendar_dir)),
      file_days_(std::move(file_days)),
      file_years_(std::move(years)),
      cutoff_(cutoff) {}

bool CalendarBook::Built::Covers(year y) const {
  return std::any_of(years.begin(), years.end(),
                     [y](const CalendarYearInfo& info) { return year{info.year} == y; });
}

bool CalendarBook::FilesCover(year y) const {
  return std::any_of(file_years_.begin(), file_years_.end(),
                     [y](const CalendarYearInfo& info) { return year{info.year} == y; });
}

Result<bool> CalendarBook::Covers(const domain::Pemda& pemda, year y) {
  auto built = Get(pemda);
  if (!built) return Fail(built.error());
  return (*built)->Covers(y);
}

Result<std::optional<CalendarYearInfo>> CalendarBook::YearInfo(const domain::Pemda& pemda, year y) {
  auto built = Get(pemda);
  if (!built) return Fail(built.error());
  for (const CalendarYearInfo& info : (*built)->years) {
    if (year{info.year} == y) return info;
  }
  return std::optional<CalendarYearInfo>{};
}

Status CalendarBook::CheckDate(const Built& built, year_month_day date) const {
  if (!date.ok()) return InvalidField("date", "invalid_format", "not a valid date");
  if (!built.Covers(date.year())) {
    const std::string y = std::to_string(int(date.year()));
    return InvalidField("date", "no_calendar",
                        DayText(date) + " is in " + y +
                            ", which has no calendar yet (neither the file " +
                            (calendar_dir_ / (y + ".json")).string() +
                            " nor an installed year); install that year's national days off "
                            "first");
  }
  return {};
}

Result<CalendarBook::Built> CalendarBook::Build(const domain::Pemda& pemda) const {
  auto offset = domain::IndonesianUtcOffset(pemda.time_zone);
  if (!offset) return Fail(offset.error());
  auto rows = store_.ListCalendarDays(pemda.id);
  if (!rows) return Fail(rows.error());
  auto installed = store_.ListCalendarYears(pemda.id);
  if (!installed) return Fail(installed.error());

  Built built;
  built.years = file_years_;
  std::map<sys_days, CalendarEntry> by_date;
  for (const domain::DayOff& day : file_days_) {
    by_date.emplace(sys_days{day.date}, CalendarEntry{day, DaySource::kNational});
  }
  // The years the Pemda installed that the files do not have (a file
  // installed later for the same year takes its place).
  for (const store::CalendarYearRow& row : *installed) {
    if (built.Covers(year{row.year})) continue;
    const auto document = nlohmann::json::parse(row.document, nullptr, false);
    auto parsed = ParseCalendarYear(document);
    if (!parsed) {
      // Checked when installed; a row edited by hand is left out, loudly.
      spdlog::warn("calendar of {}: installed year {}: {}", pemda.code, row.year,
                   parsed.error().message);
      continue;
    }
    built.years.push_back({row.year, parsed->decree, true, row.installed_by, row.installed_at});
    for (domain::DayOff& day : parsed->days) {
      by_date.emplace(sys_days{day.date}, CalendarEntry{std::move(day), DaySource::kNational});
    }
  }
  std::sort(built.years.begin(), built.years.end(),
            [](const CalendarYearInfo& a, const CalendarYearInfo& b) { return a.year < b.year; });
  for (const auto& [date, entry] : by_date) built.national.emplace(date, entry.day);

  for (const store::CalendarDay& row : *rows) {
    // Rows of a year the calendar no longer has cannot be counted with;
    // see the class comment.
    if (!built.Covers(row.date.year())) continue;
    if (auto entry = EntryOf(row)) {
      by_date.insert_or_assign(sys_days{row.date}, std::move(*entry));
      continue;
    }
    // A cancellation of a date the files do not (or no longer) list has
    // nothing to cancel.
    auto it = by_date.find(sys_days{row.date});
    if (it != by_date.end() && it->second.source == DaySource::kNational) {
      it->second.source = DaySource::kCancelled;
    }
  }

  built.time_zone = pemda.time_zone;
  std::vector<domain::DayOff> days_off;
  for (auto& [date, entry] : by_date) {
    if (entry.IsDayOff()) days_off.push_back(entry.day);
    built.entries.push_back(std::move(entry));
  }
  std::vector<year> covered;
  for (const CalendarYearInfo& info : built.years) covered.emplace_back(info.year);
  auto calendar =
      domain::WorkingCalendar::Create(std::move(days_off), std::move(covered), {*offset, cutoff_});
  if (!calendar) return Fail(calendar.error());
  built.calendar = std::make_shared<const domain::WorkingCalendar>(std::move(*calendar));
  return built;
}

Result<std::shared_ptr<const CalendarBook::Built>> CalendarBook::Get(const domain::Pemda& pemda) {
  // Built under the lock: a change's Forget() waits for a build that may
  // have read the store before the change, and then drops it.
  std::lock_guard lock(mutex_);
  if (auto it = built_.find(pemda.id);
      it != built_.end() && it->second->time_zone == pemda.time_zone) {
    return it->second;
  }
  auto built = Build(pemda);
  if (!built) return Fail(built.error());
  auto shared = std::make_shared<const Built>(std::move(*built));
  built_.insert_or_assign(pemda.id, shared);
  return shared;
}

void CalendarBook::Forget(domain::PemdaId pemda) {
  std::lock_guard lock(mutex_);
  built_.erase(pemda);
}

void CalendarBook::Refresh() {
  {
    std::lock_guard lock(mutex_);
    built_.clear();
  }
  ++generation_;
}

Result<CalendarYearInfo> CalendarBook::InstallYear(const domain::Pemda& pemda,
                                                   const nlohmann::json& document,
                                                   const CalendarAuthor& author) {
  auto parsed = ParseCalendarYear(document);
  if (!parsed) return Fail(parsed.error());
  if (FilesCover(year{parsed->year})) {
    const std::string y = std::to_string(parsed->year);
    return InvalidField("year", "exists",
                        y + " comes from the calendar file " +
                            (calendar_dir_ / (y + ".json")).string() +
                            "; correct its days one by one instead");
  }
  auto saved =
      store_.SaveCalendarYear(pemda.id, {parsed->year, document.dump(), author.actor, author.at});
  Forget(pemda.id);
  ++generation_;
  if (!saved) return Fail(saved.error());
  return CalendarYearInfo{parsed->year, parsed->decree, true, author.actor, author.at};
}

Result<std::shared_ptr<const domain::WorkingCalendar>> CalendarBook::For(
    const domain::Pemda& pemda) {
  auto built = Get(pemda);
  if (!built) return Fail(built.error());
  return (*built)->calendar;
}

Result<std::vector<CalendarEntry>> CalendarBook::DaysOff(const domain::Pemda& pemda, year y) {
  auto built = Get(pemda);
  if (!built) return Fail(built.error());
  std::vector<CalendarEntry> out;
  for (const CalendarEntry& entry : (*built)->entries) {
    if (entry.day.date.year() == y) out.push_back(entry);
  }
  return out;
}

Result<CalendarEntry> CalendarBook::AddDay(const domain::Pemda& pemda, domain::DayOff day,
                                           const CalendarAuthor& author) {
  auto built = Get(pemda);
  if (!built) return Fail(built.error());
  if (auto ok = CheckDate(**built, day.date); !ok) return Fail(ok.error());
  day.name = domain::Trim(day.name);
  if (day.name.empty()) return InvalidField("name", "required", "the day needs a name");
  if (!domain::IsValidUtf8(day.name)) {
    return InvalidField("name", "invalid_utf8", "the name is not valid UTF-8");
  }
  if (domain::HasControlCharacters(day.name, /*allow_newlines=*/false)) {
    return InvalidField("name", "control_characters", "the name has control characters");
  }
  if (domain::CodePointCount(day.name) > kMaxNameLength) {
    return InvalidField(
        "name", "too_long",
        "the name is longer than " + std::to_string(kMaxNameLength) + " characters");
  }
  const store::CalendarDay row{day.date, day.name, StoreKind(day.kind), author.actor, author.at};
  auto saved = store_.SaveCalendarDay(pemda.id, row);
  Forget(pemda.id);
  if (!saved) return Fail(saved.error());
  return *EntryOf(row);
}

Result<CalendarEntry> CalendarBook::CancelDay(const domain::Pemda& pemda, year_month_day date,
                                              const CalendarAuthor& author) {
  auto built = Get(pemda);
  if (!built) return Fail(built.error());
  if (auto ok = CheckDate(**built, date); !ok) return Fail(ok.error());
  const auto national = (*built)->national.find(sys_days{date});
  if (national == (*built)->national.end()) {
    return InvalidField("date", "unknown",
                        DayText(date) +
                            " is not a day off of the national calendar; a day the Pemda "
                            "added is taken back by removing it");
  }
  const domain::DayOff* file_day = &national->second;
  auto saved = store_.SaveCalendarDay(
      pemda.id,
      {date, file_day->name, store::CalendarDayKind::kCancelled, author.actor, author.at});
  Forget(pemda.id);
  if (!saved) return Fail(saved.error());
  return CalendarEntry{*file_day, DaySource::kCancelled};
}

Status CalendarBook::RemoveDay(const domain::Pemda& pemda, year_month_day date) {
  if (!date.ok()) return InvalidField("date", "invalid_format", "not a valid date");
  auto removed = store_.DeleteCalendarDay(pemda.id, date);
  Forget(pemda.id);
  return removed;
}

}  // namespace sigap::app
