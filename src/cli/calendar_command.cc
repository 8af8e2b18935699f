#include "cli/calendar_command.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <utility>

#include "app/calendar_book.h"
#include "app/calendar_data.h"
#include "app/case_intake.h"
#include "app/case_workflow.h"
#include "app/data_file.h"
#include "app/system_clock.h"
#include "cli/config.h"
#include "cli/demo_data.h"
#include "cli/runtime.h"
#include "domain/time.h"
#include "domain/working_calendar.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;
using domain::WorkingCalendar;

constexpr int kBadInput = 2;
constexpr int kFailure = 1;

// Why a command stops: the message (without the "sigap calendar X: "
// prefix) and the exit code.
struct Stop {
  int exit_code;
  std::string message;
};
template <typename T>
using Outcome = tl::expected<T, Stop>;

tl::unexpected<Stop> BadInput(std::string message) {
  return tl::unexpected<Stop>(Stop{kBadInput, std::move(message)});
}
tl::unexpected<Stop> Failure(std::string message) {
  return tl::unexpected<Stop>(Stop{kFailure, std::move(message)});
}

int Report(const char* command, const Stop& stop, std::ostream& err) {
  err << "sigap calendar " << command << ": " << stop.message << "\n";
  return stop.exit_code;
}

// What every calendar command works with. `store` is null when the data
// files alone are used.
struct Setup {
  fs::path calendar_dir;
  std::chrono::minutes cutoff{};
  std::string db_path;
  std::unique_ptr<store::Store> store;
  domain::Pemda pemda;  // when `store` is set
  Config::Sla sla;      // how deadlines run, for those a change moves
};

// Reads the configuration and opens the database (see CalendarFlags for
// which). Without a database, `need_db` makes it an error.
Outcome<Setup> Open(const CalendarFlags& flags, bool need_db) {
  std::optional<std::string> file = flags.config_file;
  if (!file && fs::exists("sigap.toml")) file = "sigap.toml";
  auto config = LoadConfig(file);
  if (!config) return BadInput(config.error().message);

  Setup setup;
  const fs::path data_dir = !flags.data_dir.empty() ? fs::path(flags.data_dir)
                            : !config->calendar.data_dir.empty()
                                ? fs::path(config->calendar.data_dir)
                                : DefaultDataDir(flags.argv0);
  setup.calendar_dir = data_dir / "calendar";
  const auto cutoff = domain::ParseTimeOfDay(flags.cutoff.value_or(config->calendar.cutoff));
  if (!cutoff) {
    return BadInput(std::string(flags.cutoff ? "--cutoff: " : "calendar.cutoff: ") +
                    cutoff.error().message);
  }
  setup.cutoff = *cutoff;
  setup.sla = config->sla;

  std::string named = "database.path";
  if (flags.db) {
    setup.db_path = *flags.db;
    named = "--db";
  } else if (file || std::getenv("SIGAP_DATABASE_PATH") != nullptr || need_db ||
             store::IsPostgresUrl(config->database.path) || fs::exists(config->database.path)) {
    setup.db_path = config->database.path;
  }
  if (setup.db_path.empty()) return setup;
  if (auto missing = store::MissingDatabase(setup.db_path)) {
    return BadInput(named + ": " + *missing +
                    "; then `sigap admin create-pemda`, or name another " + "with --db");
  }
  auto store = store::OpenDatabase(setup.db_path);
  if (!store) return Failure(store.error().message);
  if (auto migrated = (*store)->Migrate(); !migrated) return Failure(migrated.error().message);
  setup.store = std::move(*store);
  auto pemda = PickPemda(*setup.store, flags.pemda, config->pemda.code, setup.db_path);
  if (!pemda) {
    if (pemda.error().code == ErrorCode::kInvalidArgument) return BadInput(pemda.error().message);
    return Failure(pemda.error().message);
  }
  setup.pemda = std::move(*pemda);
  return setup;
}

Outcome<std::unique_ptr<app::CalendarBook>> OpenBook(Setup& setup) {
  auto book = app::CalendarBook::Create(*setup.store, setup.calendar_dir, setup.cutoff);
  if (!book) return Failure(book.error().message);
  return std::move(*book);
}

// The working calendar: the data files with the Pemda's days when there is
// a database, in the time zone of --time-zone, else of the Pemda.
struct Calendar {
  std::shared_ptr<const WorkingCalendar> calendar;
  std::unique_ptr<app::CalendarBook> book;  // null without a database
  domain::Pemda pemda;                      // with the time zone in force
};

Outcome<Calendar> OpenCalendar(const CalendarFlags& flags, Setup& setup) {
  const std::string time_zone =
      flags.time_zone.value_or(setup.store ? setup.pemda.time_zone : "Asia/Jakarta");
  const auto offset = domain::IndonesianUtcOffset(time_zone);
  if (!offset) {
    return BadInput(std::string(flags.time_zone ? "--time-zone: " : "the Pemda's time zone: ") +
                    offset.error().message);
  }
  Calendar out;
  if (!setup.store) {
    auto calendar = app::LoadWorkingCalendar(setup.calendar_dir, {*offset, setup.cutoff});
    if (!calendar) return Failure(calendar.error().message);
    out.calendar = std::make_shared<const WorkingCalendar>(std::move(*calendar));
    return out;
  }
  auto book = OpenBook(setup);
  if (!book) return tl::unexpected<Stop>(book.error());
  out.book = std::move(*book);
  out.pemda = setup.pemda;
  out.pemda.time_zone = time_zone;
  auto calendar = out.book->For(out.pemda);
  if (!calendar) return Failure(calendar.error().message);
  out.calendar = std::move(*calendar);
  return out;
}

// How a year's calendar (its SKB 3 Menteri) is added: a file in the
// calendar directory, or, for a Pemda's database, `sigap calendar install`.
std::string HowToAddAYear(const Setup& setup, const std::string& year) {
  const std::string file =
      (setup.calendar_dir / (year.empty() ? std::string("YEAR.json") : year + ".json")).string();
  if (!setup.store) return "add its file " + file;
  return "install it with `sigap calendar install FILE`, or add its file " + file;
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

std::string_view Weekday(std::chrono::year_month_day date) {
  return domain::IndonesianWeekdayName(std::chrono::weekday{std::chrono::sys_days{date}});
}

// The fifth column of `list` with a database.
std::string_view SourceWord(const app::CalendarEntry& entry) {
  switch (entry.source) {
    case app::DaySource::kNational:
      return entry.day.kind == domain::DayOffKind::kCutiBersama ? "cuti bersama" : "nasional";
    case app::DaySource::kRegional:
      return "daerah";
    case app::DaySource::kCorrection:
      return "koreksi";
    case app::DaySource::kCancelled:
      return "dibatalkan";
  }
  return "nasional";
}

Outcome<std::chrono::year_month_day> ParseDateArgument(const std::string& date) {
  const auto parsed = ParseDay(date);
  if (!parsed) return BadInput("DATE '" + date + "' is not a date YYYY-MM-DD such as 2026-06-05");
  return *parsed;
}

// The officer at the terminal, for the record of the change.
app::CalendarAuthor CliAuthor() {
  const char* user = std::getenv("SUDO_USER");
  if (user == nullptr || *user == '\0') user = std::getenv("USER");
  return {std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown"),
          app::SystemClock().Now()};
}

// Turns the book's refusal into the message naming the argument.
Stop ChangeRefused(const Error& error) {
  if (error.code == ErrorCode::kInvalidArgument && !error.fields.empty()) {
    const std::string& field = error.fields.front().field;
    const std::string argument = field == "date" ? "DATE" : field == "name" ? "NAME" : field;
    return {kBadInput, argument + ": " + error.message};
  }
  return {kFailure, error.message};
}

// Moves the running deadlines the change of the Pemda's calendar from
// `before` falls in (app::CaseWorkflow::RecountDeadlines) and says how many.
// The change is made: a failure here is reported, not undone.
int MoveDeadlines(const char* command, Setup& setup, app::CalendarBook& book,
                  const std::shared_ptr<const WorkingCalendar>& before, Timestamp changed_at,
                  std::ostream& out, std::ostream& err) {
  app::SystemClock clock;
  auto intake = app::CaseIntake::Create(*setup.store, clock);
  Result<int> moved = intake ? Result<int>(0) : Result<int>(Fail(intake.error()));
  if (intake) {
    const app::CaseWorkflow workflow(*setup.store, **intake, book, clock, SlaPolicyFrom(setup.sla));
    moved = workflow.RecountDeadlines(setup.pemda, before, changed_at);
  }
  if (!moved) {
    return Report(
        command, {kFailure, "the running deadlines were not moved: " + moved.error().message}, err);
  }
  if (*moved > 0) {
    out << *moved << (*moved == 1 ? " running deadline moved\n" : " running deadlines moved\n");
  }
  return 0;
}

// Runs a change (add, cancel, remove) on the Pemda's calendar, then moves
// the running deadlines it falls in.
template <typename Change>
int RunChange(const char* command, const CalendarFlags& flags, const std::string& date,
              std::ostream& out, std::ostream& err, Change change) {
  const auto day = ParseDateArgument(date);
  if (!day) return Report(command, day.error(), err);
  auto setup = Open(flags, /*need_db=*/true);
  if (!setup) return Report(command, setup.error(), err);
  auto book = OpenBook(*setup);
  if (!book) return Report(command, book.error(), err);
  auto before = (*book)->For(setup->pemda);
  const Timestamp changed_at = app::SystemClock().Now();
  const Status done = change(**book, setup->pemda, *day);
  if (!done) return Report(command, ChangeRefused(done.error()), err);
  if (!before) return 0;
  return MoveDeadlines(command, *setup, **book, *before, changed_at, out, err);
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
  auto setup = Open(flags, /*need_db=*/false);
  if (!setup) return Report("due", setup.error(), err);
  const auto opened = OpenCalendar(flags, *setup);
  if (!opened) return Report("due", opened.error(), err);
  const WorkingCalendar& calendar = *opened->calendar;

  const auto due = calendar.DueAt(*received_at, count);
  if (!due) {
    err << "sigap calendar due: cannot count " << count << " working days from " << received << ": "
        << due.error().message;
    if (due.error().code == ErrorCode::kFailedPrecondition) {
      err << " (" << HowToAddAYear(*setup, "") << ")";
    }
    err << "\n";
    return kBadInput;
  }
  out << FormatLocalRfc3339(*due, calendar.settings().utc_offset) << "\t"
      << domain::FormatIndonesianDate(calendar.LocalDate(*due)) << "\n";
  return 0;
}

int CalendarList(const CalendarFlags& flags, const std::string& year, std::ostream& out,
                 std::ostream& err) {
  const int y = year.size() == 4 ? ParseCount(year) : -1;
  if (y < 1) {
    err << "sigap calendar list: YEAR '" << year << "' is not a year such as 2026\n";
    return kBadInput;
  }
  auto setup = Open(flags, /*need_db=*/false);
  if (!setup) return Report("list", setup.error(), err);
  const auto opened = OpenCalendar(flags, *setup);
  if (!opened) return Report("list", opened.error(), err);
  if (!opened->calendar->Covers(std::chrono::year{y})) {
    err << "sigap calendar list: YEAR " << year << " has no calendar ("
        << HowToAddAYear(*setup, year) << ")\n";
    return kBadInput;
  }
  if (!opened->book) {
    for (const domain::DayOff& day : opened->calendar->DaysOffIn(std::chrono::year{y})) {
      out << DayText(day.date) << "\t" << Weekday(day.date) << "\t"
          << domain::DayOffKindName(day.kind) << "\t" << day.name << "\n";
    }
    return 0;
  }
  const auto days = opened->book->DaysOff(opened->pemda, std::chrono::year{y});
  if (!days) return Report("list", {kFailure, days.error().message}, err);
  for (const app::CalendarEntry& entry : *days) {
    out << DayText(entry.day.date) << "\t" << Weekday(entry.day.date) << "\t"
        << domain::DayOffKindName(entry.day.kind) << "\t" << entry.day.name << "\t"
        << SourceWord(entry) << "\n";
  }
  return 0;
}

int CalendarAdd(const CalendarFlags& flags, const std::string& date, const std::string& name,
                const std::string& kind, std::ostream& out, std::ostream& err) {
  const auto parsed_kind = app::ParseCalendarDayKind(kind);
  if (!parsed_kind || *parsed_kind == store::CalendarDayKind::kCancelled) {
    err << "sigap calendar add: --kind '" << kind
        << "' must be regional, libur_nasional or cuti_bersama (a national day that is no "
           "longer off is cancelled with `sigap calendar cancel`)\n";
    return kBadInput;
  }
  const domain::DayOffKind day_kind =
      *parsed_kind == store::CalendarDayKind::kNational      ? domain::DayOffKind::kNational
      : *parsed_kind == store::CalendarDayKind::kCutiBersama ? domain::DayOffKind::kCutiBersama
                                                             : domain::DayOffKind::kRegional;
  return RunChange("add", flags, date, out, err,
                   [&](app::CalendarBook& book, const domain::Pemda& pemda,
                       std::chrono::year_month_day day) -> Status {
                     auto added = book.AddDay(pemda, {day, name, day_kind}, CliAuthor());
                     if (!added) return Fail(added.error());
                     out << pemda.name << ": " << DayText(day) << " (" << Weekday(day)
                         << ") is a day off: " << added->day.name << " ("
                         << domain::DayOffKindName(added->day.kind) << ")\n";
                     return {};
                   });
}

int CalendarCancel(const CalendarFlags& flags, const std::string& date, std::ostream& out,
                   std::ostream& err) {
  return RunChange("cancel", flags, date, out, err,
                   [&](app::CalendarBook& book, const domain::Pemda& pemda,
                       std::chrono::year_month_day day) -> Status {
                     auto cancelled = book.CancelDay(pemda, day, CliAuthor());
                     if (!cancelled) return Fail(cancelled.error());
                     out << pemda.name << ": " << DayText(day) << " (" << Weekday(day)
                         << ") is a working day: " << cancelled->day.name << " is cancelled\n";
                     return {};
                   });
}

int CalendarRemove(const CalendarFlags& flags, const std::string& date, std::ostream& out,
                   std::ostream& err) {
  return RunChange("remove", flags, date, out, err,
                   [&](app::CalendarBook& book, const domain::Pemda& pemda,
                       std::chrono::year_month_day day) -> Status {
                     auto removed = book.RemoveDay(pemda, day);
                     if (!removed && removed.error().code == ErrorCode::kNotFound) {
                       return Fail(ErrorCode::kInvalidArgument,
                                   date + ": " + pemda.name +
                                       " has no day of its own on that date (the national "
                                       "calendar's days are cancelled with `sigap calendar "
                                       "cancel`)",
                                   {{"date", "unknown", ""}});
                     }
                     if (!removed) return removed;
                     out << pemda.name << ": " << DayText(day) << " (" << Weekday(day)
                         << ") follows the national calendar again\n";
                     return {};
                   });
}

int CalendarInstall(const CalendarFlags& flags, const std::string& file, std::ostream& out,
                    std::ostream& err) {
  auto document = app::ReadJsonFile(file);
  if (!document) return Report("install", {kBadInput, document.error().message}, err);
  auto setup = Open(flags, /*need_db=*/true);
  if (!setup) return Report("install", setup.error(), err);
  auto book = OpenBook(*setup);
  if (!book) return Report("install", book.error(), err);
  auto before = (*book)->For(setup->pemda);
  const Timestamp changed_at = app::SystemClock().Now();
  auto installed = (*book)->InstallYear(setup->pemda, *document, CliAuthor());
  if (!installed) {
    const int code = installed.error().code == ErrorCode::kInvalidArgument ? kBadInput : kFailure;
    return Report("install", {code, file + ": " + installed.error().message}, err);
  }
  auto days = (*book)->DaysOff(setup->pemda, std::chrono::year{installed->year});
  if (!days) return Report("install", {kFailure, days.error().message}, err);
  out << setup->pemda.name << ": " << installed->year << " installed (" << installed->decree
      << "), " << days->size() << (days->size() == 1 ? " day off\n" : " days off\n");
  // A year replaced moves the deadlines counted on it; a new one had none
  // (they wait for it, and the server's sweep counts them).
  if (!before || !(*before)->Covers(std::chrono::year{installed->year})) return 0;
  return MoveDeadlines("install", *setup, **book, *before, changed_at, out, err);
}

}  // namespace sigap::cli
