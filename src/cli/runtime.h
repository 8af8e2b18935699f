#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/calendar_book.h"
#include "cli/config.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::cli {

// What the commands that run the case lifecycle (`sigap serve`, `sigap
// import cases`) build the same way from the configuration.

// Why `path` cannot be read as an input file: "PATH does not exist" or
// "PATH is a directory, not a file"; nullopt when it is a regular file.
std::optional<std::string> NotAnInputFile(const std::filesystem::path& path);

// The deadline rules of [sla].
domain::SlaPolicy SlaPolicyFrom(const Config::Sla& sla);

// The directory of Sigap's data files: calendar.data_dir, else
// DefaultDataDir(argv0) (`argv0` may be null).
std::filesystem::path DataDirFrom(const Config& config, const char* argv0 = nullptr);

// The Pemdas' working calendars: DataDirFrom(config)/calendar/YYYY.json
// with the cut-off calendar.cutoff. `store` must outlive the book. Fails
// with kInvalidArgument naming calendar.cutoff, or with the data files'
// error (the message says where they are expected).
[[nodiscard]] Result<std::unique_ptr<app::CalendarBook>> OpenCalendarBook(store::Store& store,
                                                                          const Config& config);

// The Pemda `flag` (--pemda), else `configured` (pemda.code), names, or the
// only one in the database `db` (its name, for messages). What the user can
// fix (a code that names no Pemda; none or several stored and none named)
// fails with kInvalidArgument and a message naming the flag or the key; a
// failing database keeps its own error.
[[nodiscard]] Result<domain::Pemda> PickPemda(store::Store& store, const std::string& flag,
                                              const std::string& configured, const std::string& db);

// What a command that works on one Pemda's data reads from its flags.
struct TargetFlags {
  std::optional<std::string> config_file;  // --config, else ./sigap.toml when it exists
  std::optional<std::string> db;           // --db, else database.path
  std::string pemda;                       // --pemda, else pemda.code, else the only Pemda
  bool migrate = true;                     // bring the schema up to date
};

// The configuration, database and Pemda a command works on.
struct CommandTarget {
  Config config;
  std::string db;  // as named by the flag or the configuration
  std::unique_ptr<store::Store> store;
  domain::Pemda pemda;
};

// Reads the configuration, opens (and migrates) the database and finds the
// Pemda. On failure returns why and sets `exit_code`: 2 for a wrong flag or
// configuration, a missing SQLite file, an unknown or ambiguous Pemda; 1
// when the database fails.
[[nodiscard]] Result<CommandTarget> OpenCommandTarget(const TargetFlags& flags, int& exit_code);

}  // namespace sigap::cli
