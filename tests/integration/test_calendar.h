#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>

#include "integration/lifecycle_server.h"

namespace sigap::integration {

// A time of the API ("2026-12-01T02:57:00.123Z"; Sigap writes UTC) as unix
// microseconds. Fails the test and returns 0 when it is not one.
int64_t MicrosOf(const std::string& rfc3339);

// The working days of the demo Pemda as a test reasons about them, written
// apart from Sigap's WorkingCalendar: Monday to Friday, minus the national
// days off and cuti bersama of the server's calendar/YEAR.json (SKB 3 Menteri) and
// the Pemda's own days (table calendar_days), on dates local to WIB (UTC+7).
// A deadline of n working days from an instant: day 0 is its local date
// when that is a working day and the time is before the 16:00 cut-off, else
// the next working day; the case is due at the end of the n-th working day
// after day 0.
//
// Not thread-safe while loading; const methods may be shared afterwards.
class TestCalendar {
 public:
  // Reads the data files and the server's calendar_days.
  void Load(LifecycleServer& server);

  bool IsWorkingDay(std::chrono::sys_days day) const;

  // The date `n` working days after `from` (which does not count).
  std::chrono::sys_days AddWorkingDays(std::chrono::sys_days from, int n) const;

  // The working days after `from` up to and including `to` (to >= from).
  int WorkingDaysBetween(std::chrono::sys_days from, std::chrono::sys_days to) const;

  // The local (WIB) date of an instant in unix microseconds.
  static std::chrono::sys_days LocalDate(int64_t micros);

  // The local due date of a deadline of `n` working days from `micros`.
  std::chrono::sys_days DueDate(int64_t micros, int n) const;

 private:
  std::set<std::string> off_;  // YYYY-MM-DD
};

}  // namespace sigap::integration
