#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/time.h"
#include "domain/working_calendar.h"
#include "store/store.h"

namespace sigap::app {

// Where a day of a Pemda's calendar comes from.
enum class DaySource {
  kNational,    // data/calendar/YYYY.json (SKB 3 Menteri): libur nasional or cuti bersama
  kRegional,    // a day off the Pemda declared for itself (its row of kind regional)
  kCorrection,  // a national day or cuti bersama the Pemda added or renamed (revised decree)
  kCancelled,   // a day of the data files the Pemda cancelled: a working day after all
};

// Returns "national", "regional", "correction" or "cancelled" (the API's words).
std::string_view DaySourceName(DaySource source);

// Returns the kind for a word of the CLI and the API: "regional",
// "libur_nasional", "cuti_bersama" or "cancelled"; nullopt for any other.
std::optional<store::CalendarDayKind> ParseCalendarDayKind(std::string_view word);
// Those words, in that order (an error's accepted values).
std::vector<std::string> CalendarDayKindWords();

// One day of a Pemda's calendar, as officers see it.
struct CalendarEntry {
  // The day in force; for kCancelled, the day of the data file that no
  // longer applies.
  domain::DayOff day;
  DaySource source = DaySource::kNational;

  bool IsDayOff() const { return source != DaySource::kCancelled; }
};

// Who changes a Pemda's calendar, and when: kept with the day.
struct CalendarAuthor {
  std::string actor;  // "user:admin", "apikey:simpeg", "cli:root"
  Timestamp at{};
};

// Where a year of a Pemda's calendar comes from: a data file
// (data/calendar/YYYY.json, for every Pemda of the deployment) or the Pemda's
// own installation through Sigap (CalendarBook::InstallYear).
struct CalendarYearInfo {
  int year = 0;
  std::string decree;        // the decree(s) its days come from
  bool installed = false;    // false: the data file
  std::string installed_by;  // when installed
  Timestamp installed_at{};
};

// The working calendar of each Pemda: the national holidays and cuti
// bersama of data/calendar/YYYY.json and of the years the Pemda installed
// through Sigap (InstallYear: a year the files do not have, such as next
// year's SKB before the files are updated), with the Pemda's own days from
// the store (regional days off, and corrections of national dates when a
// decree is revised), in the Pemda's time zone with the configured cut-off.
//
// The Pemda's days exist only for the years its calendar covers: a day of
// another year is refused when it is added (no deadline can be counted in
// such a year before its SKB is installed, and a cancellation could not be
// checked against it), and a stored one is left out should the year go.
//
// Thread-safe. Calendars are built once per Pemda and rebuilt after a
// change made through this object (other processes' changes are seen after
// Refresh()).
class CalendarBook {
 public:
  // Reads every year file of `calendar_dir` once. Fails with kNotFound or
  // kInvalidArgument naming the file, as LoadCalendarDir, and with
  // kInvalidArgument naming `cutoff` when it is not within 00:00-24:00.
  // `store` must outlive the book.
  [[nodiscard]] static Result<std::unique_ptr<CalendarBook>> Create(
      store::Store& store, const std::filesystem::path& calendar_dir, std::chrono::minutes cutoff);

  // The calendar of `pemda`. Fails with kInvalidArgument when the Pemda's
  // time zone is not an Indonesian one, kUnavailable when the store fails.
  [[nodiscard]] Result<std::shared_ptr<const domain::WorkingCalendar>> For(
      const domain::Pemda& pemda);

  // Forgets every built calendar, so the next For() reads the store again.
  void Refresh();

  // Returns true when the data files have `year` (for every Pemda; see
  // Covers(pemda, year) for a Pemda's whole calendar).
  bool FilesCover(std::chrono::year year) const;
  // Returns true when the Pemda's calendar has `year`: the data files' or
  // one it installed. Fails like For().
  [[nodiscard]] Result<bool> Covers(const domain::Pemda& pemda, std::chrono::year year);

  // Where the Pemda's `year` comes from; nullopt when it has none. Fails
  // like For().
  [[nodiscard]] Result<std::optional<CalendarYearInfo>> YearInfo(const domain::Pemda& pemda,
                                                                 std::chrono::year year);

  // Installs a year's national calendar for the Pemda from a document in
  // the format of the year files (ParseCalendarYear), or replaces the one it
  // installed before; the deadlines waiting for that year are counted by
  // the next deadline sweep (CaseWorkflow::Sweep sees generation() change).
  // Fails with kInvalidArgument naming the field (ParseCalendarYear's, and
  // `year` when the data files have that year: correct its days one by
  // one instead), and with the store's errors.
  [[nodiscard]] Result<CalendarYearInfo> InstallYear(const domain::Pemda& pemda,
                                                     const nlohmann::json& document,
                                                     const CalendarAuthor& author);

  // Changes whenever a calendar's years may have changed (InstallYear,
  // Refresh): the deadline sweep then counts the deadlines that waited.
  uint64_t generation() const { return generation_.load(); }

  // The directory of the year files, for messages.
  const std::filesystem::path& calendar_dir() const { return calendar_dir_; }

  // Returns the days of `year` by date: the days off of the data files and
  // of the Pemda's own rows, each with its source, and the days of the data
  // files the Pemda cancelled (source kCancelled). Weekend days off are
  // included. Empty for a year the data files do not cover. Fails like For().
  [[nodiscard]] Result<std::vector<CalendarEntry>> DaysOff(const domain::Pemda& pemda,
                                                           std::chrono::year year);

  // Makes `day.date` a day off of the Pemda, or replaces the name and kind
  // of its day off on that date: kind kRegional for the Pemda's own day,
  // kNational or kCutiBersama to correct the data files after a revised
  // decree. Returns the day as it now stands. Fails with kInvalidArgument
  // naming `date` (invalid, or in a year the data files do not cover) or
  // `name` (empty, over 200 characters, not UTF-8 or with control
  // characters), and with the store's errors.
  [[nodiscard]] Result<CalendarEntry> AddDay(const domain::Pemda& pemda, domain::DayOff day,
                                             const CalendarAuthor& author);

  // Makes a day off of the data files a working day for the Pemda (a decree
  // moved or withdrew it). Returns the cancelled day. Fails with
  // kInvalidArgument naming `date` when it is invalid, not covered, or not a
  // day of the data files (a day the Pemda added is taken back with
  // RemoveDay), and with the store's errors.
  [[nodiscard]] Result<CalendarEntry> CancelDay(const domain::Pemda& pemda,
                                                std::chrono::year_month_day date,
                                                const CalendarAuthor& author);

  // Removes the Pemda's own row for `date` (its day off, correction or
  // cancellation), so that the data files alone decide that date again.
  // Fails with kInvalidArgument naming `date` when it is invalid, kNotFound
  // when the Pemda has no row for it, and with the store's errors.
  [[nodiscard]] Status RemoveDay(const domain::Pemda& pemda, std::chrono::year_month_day date);

 private:
  // What is built once per Pemda.
  struct Built {
    std::string time_zone;  // the Pemda's when built; a change rebuilds
    std::shared_ptr<const domain::WorkingCalendar> calendar;
    std::vector<CalendarEntry> entries;   // every covered year, by date
    std::vector<CalendarYearInfo> years;  // covered, by year
    // The national days off and cuti bersama of the files and of the
    // installed years (what a cancellation may cancel), by date.
    std::map<std::chrono::sys_days, domain::DayOff> national;

    bool Covers(std::chrono::year y) const;
  };

  CalendarBook(store::Store& store, std::filesystem::path calendar_dir,
               std::vector<domain::DayOff> file_days, std::vector<CalendarYearInfo> years,
               std::chrono::minutes cutoff);

  // The Pemda's built calendar, building it when needed.
  [[nodiscard]] Result<std::shared_ptr<const Built>> Get(const domain::Pemda& pemda);
  [[nodiscard]] Result<Built> Build(const domain::Pemda& pemda) const;
  // Drops the Pemda's built calendar after a change.
  void Forget(domain::PemdaId pemda);
  // kInvalidArgument naming `date` when it is invalid or not covered.
  [[nodiscard]] Status CheckDate(const Built& built, std::chrono::year_month_day date) const;

  store::Store& store_;
  const std::filesystem::path calendar_dir_;
  const std::vector<domain::DayOff> file_days_;     // by date
  const std::vector<CalendarYearInfo> file_years_;  // by year
  const std::chrono::minutes cutoff_;
  std::atomic<uint64_t> generation_{0};

  std::mutex mutex_;
  std::map<domain::PemdaId, std::shared_ptr<const Built>> built_;
};

}  // namespace sigap::app
