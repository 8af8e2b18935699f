#pragma once

#include <ostream>
#include <string>

namespace sigap::cli {

// Flags shared by `sigap calendar due` and `sigap calendar list`.
struct CalendarFlags {
  std::string data_dir;  // "" = DefaultDataDir(argv0)
  const char* argv0 = "";
  std::string time_zone = "Asia/Jakarta";  // the Pemda's IANA zone
  std::string cutoff = "16:00";            // local time from which a case counts as next-day
};

// `sigap calendar due RECEIVED DAYS`: prints the deadline of a case received
// at RECEIVED (RFC 3339) with a target of DAYS working days, as
// "2026-03-27T23:59:59+07:00<TAB>Jumat, 27 Maret 2026" in the Pemda's time.
// Returns 0; 2 when an argument or flag is wrong or the calendar has no data
// for a year the count reaches (the message names it); 1 when the data
// files cannot be read or are malformed.
int CalendarDue(const CalendarFlags& flags, const std::string& received, const std::string& days,
                std::ostream& out, std::ostream& err);

// `sigap calendar list YEAR`: prints the days off of YEAR, one a line:
// date, Indonesian weekday, type, name, separated by tabs. Returns 0; 2 when
// YEAR is not a year or has no data file; 1 when the data files cannot be
// read or are malformed.
int CalendarList(const CalendarFlags& flags, const std::string& year, std::ostream& out,
                 std::ostream& err);

}  // namespace sigap::cli
