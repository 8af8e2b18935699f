#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace sigap::cli {

// Flags shared by the `sigap calendar` commands.
//
// The database holding the Pemda's own days is `--db`; else, when a
// configuration is given (`--config`, ./sigap.toml or SIGAP_DATABASE_PATH),
// its database.path, which must then exist; else ./sigap.db when it exists.
// Without any, `due` and `list` count with the data files alone; `add`,
// `cancel` and `remove` need a database. The Pemda is `--pemda`, else
// pemda.code of the configuration, else the database's only one.
struct CalendarFlags {
  std::string data_dir;  // "" = calendar.data_dir of the configuration, else DefaultDataDir(argv0)
  const char* argv0 = "";
  // The Pemda's IANA zone; default: the Pemda's in the database, else Asia/Jakarta.
  std::optional<std::string> time_zone;
  // Local time from which a case counts as next-day; default: calendar.cutoff (16:00).
  std::optional<std::string> cutoff;
  std::optional<std::string> db;           // SQLite database with the Pemda's own days
  std::optional<std::string> config_file;  // sigap.toml to read
  std::string pemda;                       // Pemda code
};

// `sigap calendar due RECEIVED DAYS`: prints the deadline of a case received
// at RECEIVED (RFC 3339) with a target of DAYS working days, as
// "2026-03-27T23:59:59+07:00<TAB>Jumat, 27 Maret 2026" in the Pemda's time.
// Returns 0; 2 when an argument or flag is wrong or the calendar has no data
// for a year the count reaches (the message names it); 1 when the data
// files cannot be read or are malformed, or the database fails.
int CalendarDue(const CalendarFlags& flags, const std::string& received, const std::string& days,
                std::ostream& out, std::ostream& err);

// `sigap calendar list YEAR`: prints the days off of YEAR, one a line:
// date, Indonesian weekday, kind, name, separated by tabs. With a database,
// a fifth column says where the day comes from (nasional, cuti bersama:
// the SKB files; daerah: the Pemda's own; koreksi: the Pemda's correction of
// a national date; dibatalkan: a day of the files the Pemda cancelled,
// which is a working day). Returns 0; 2 when YEAR is not a year or has no
// data file, or a flag is wrong; 1 when the data files cannot be read or
// are malformed, or the database fails.
int CalendarList(const CalendarFlags& flags, const std::string& year, std::ostream& out,
                 std::ostream& err);

// `sigap calendar add DATE NAME [--kind KIND]`: makes DATE a day off of the
// Pemda (KIND regional, the default) or corrects the national calendar
// (libur_nasional, cuti_bersama); replaces the Pemda's own day on DATE.
// Returns 0; 2 when an argument is wrong (the message names it); 1 when the
// data files or the database fail.
int CalendarAdd(const CalendarFlags& flags, const std::string& date, const std::string& name,
                const std::string& kind, std::ostream& out, std::ostream& err);

// `sigap calendar cancel DATE`: a day off of the data files is a working
// day for the Pemda after all (its decree was revised). Exit codes as add.
int CalendarCancel(const CalendarFlags& flags, const std::string& date, std::ostream& out,
                   std::ostream& err);

// `sigap calendar remove DATE`: drops the Pemda's own day on DATE (added,
// corrected or cancelled), so the data files alone decide it again. Exit
// codes as add; 2 also when the Pemda has no day of its own on DATE.
int CalendarRemove(const CalendarFlags& flags, const std::string& date, std::ostream& out,
                   std::ostream& err);

// `sigap calendar install FILE`: installs a year's national days off and
// cuti bersama for the Pemda (app::CalendarBook::InstallYear) from FILE, in
// the format of data/calendar/YYYY.json; a running server counts the
// deadlines that waited for that year at its next sweep. Returns 0; 2 when
// FILE cannot be read or is not such a calendar (the message names FILE and
// the entry), or the data files already have that year; 1 when the data
// files or the database fail.
int CalendarInstall(const CalendarFlags& flags, const std::string& file, std::ostream& out,
                    std::ostream& err);

}  // namespace sigap::cli
