#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace sigap::cli {

// Flags of `sigap forecast staffing|backlog` (issue 10).
struct ForecastFlags {
  std::optional<std::string> db;           // default: database.path of the configuration
  std::optional<std::string> config_file;  // default: ./sigap.toml when it exists
  std::string pemda;                       // default: pemda.code, else the only Pemda
  std::string format = "text";             // text or json
  std::string now;                         // RFC 3339; "" = the system clock
  std::string agency;
  // staffing
  std::string service;
  int weeks = 8;
  double handling_minutes = 6;
  double target_wait_seconds = 1200;
  double target_share = 0.8;
  int officers = 0;
  std::optional<double> arrivals_per_hour;
  // backlog
  int window_days = 28;
  std::optional<double> deadline_days;
  std::optional<double> cases_per_officer_day;
};

// `sigap forecast staffing`: officers needed per weekday and hour at the
// counter (Erlang C) from the arrivals of the last --weeks, or for one
// given --arrivals-per-hour; with --officers, the wait with that staff.
// `sigap forecast backlog`: per agency, when the backlog clears, cases
// overdue in 1, 2 and 4 weeks, officer-days to recover.
// Text (Bahasa Indonesia) or JSON on `out`; problems on `err` naming the
// flag. Returns 0; 1 when the database fails; 2 for a wrong flag.
int ForecastStaffing(const ForecastFlags& flags, std::ostream& out, std::ostream& err);
int ForecastBacklog(const ForecastFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
