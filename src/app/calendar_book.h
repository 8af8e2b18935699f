#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/time.h"
#include "domain/working_calendar.h"
#include "store/store.h"

namespace sigap::app {

// The working calendar of each Pemda: the national holidays and cuti
// bersama of data/calendar/YYYY.json, with the Pemda's own days from the
// store (regional days off, and corrections of national dates when a
// decree is revised), in the Pemda's time zone with the configured cut-off.
//
// Thread-safe. Calendars are built once per Pemda and rebuilt after a
// change made through this object (other processes' changes are seen after
// Refresh()).
class CalendarBook {
 public:
  // Reads every year file of `calendar_dir` once. Fails with kNotFound or
  // kInvalidArgument naming the file, as LoadCalendarDir.
  [[nodiscard]] static Result<std::unique_ptr<CalendarBook>> Create(
      store::Store& store, const std::filesystem::path& calendar_dir, std::chrono::minutes cutoff);

  // The calendar of `pemda`. Fails with kInvalidArgument when the Pemda's
  // time zone is not an Indonesian one, kUnavailable when the store fails.
  [[nodiscard]] Result<std::shared_ptr<const domain::WorkingCalendar>> For(
      const domain::Pemda& pemda);

  // Forgets every built calendar, so the next For() reads the store again.
  void Refresh();
};

}  // namespace sigap::app
