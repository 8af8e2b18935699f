#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "adapt/arrival_profile.h"
#include "adapt/backlog_forecast.h"
#include "adapt/erlang_c.h"
#include "app/calendar_book.h"
#include "domain/catalogue.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::app {

// What a counter's staffing forecast is asked for (issue 10). Arrivals are
// the cases received for `service_code` (or led by `agency_code`, or all)
// over the `weeks` before `now`, unless `arrivals_per_hour` is given.
struct StaffingQuery {
  std::string service_code;
  std::string agency_code;
  int weeks = 8;                            // 1..52 weeks of history
  std::optional<double> arrivals_per_hour;  // overrides history: one slot only
  double handling_minutes = 6;              // mean time an officer spends per citizen
  double target_wait_seconds = 20 * 60.0;   // "waits less than ..."
  double target_share = 0.8;                // "... for this share of citizens"
  int officers = 0;                         // today's staff per hour; 0 = not given
  Timestamp now{};
};

// One weekday × hour with arrivals.
struct StaffingSlot {
  int weekday = 0;  // 0 = Monday
  int hour = 0;     // local
  double arrivals_per_hour = 0;
  std::optional<adapt::StaffingFigures> needed;  // nullopt: more than 10 000 officers
  std::optional<adapt::StaffingFigures> today;   // with query.officers, when given
};

struct StaffingReport {
  std::chrono::minutes utc_offset{7 * 60};
  Timestamp from{}, until{};
  long arrivals = 0;                // counted in the window
  std::vector<StaffingSlot> slots;  // with arrivals, Monday 00:00 first
  int peak_officers = 0;            // the most any slot needs
};

// What a backlog forecast is asked for.
struct BacklogQuery {
  std::string agency_code;                      // "" = every agency with cases
  int window_days = 28;                         // calendar days of history for the rates
  std::optional<double> deadline_days;          // new cases' deadline; default: resolution target
  std::optional<double> cases_per_officer_day;  // default: resolved per day / active officers
  Timestamp now{};
};

struct AgencyBacklog {
  std::string agency_code;
  double arrivals_per_day = 0;     // per working day over the window
  double resolutions_per_day = 0;  // per working day over the window
  int officers = 0;                // active agency officers
  std::optional<double> cases_per_officer_day;
  double deadline_days = 0;
  adapt::BacklogForecast forecast;
};

struct BacklogReport {
  std::vector<int> horizon_weeks = {1, 2, 4};
  double window_working_days = 0;       // the rates' denominator
  std::vector<AgencyBacklog> agencies;  // most open first
};

// The staffing and backlog forecasts of a Pemda, read from its cases
// through the Store. Thread-safe (holds references only; both must outlive it).
class Forecasts {
 public:
  Forecasts(store::Store& store, CalendarBook& calendars) : store_(store), calendars_(calendars) {}

  // Fails with kInvalidArgument naming the field out of range, kUnavailable
  // when the store fails.
  [[nodiscard]] Result<StaffingReport> Staffing(const domain::Pemda& pemda,
                                                const StaffingQuery& query);

  // Fails with kInvalidArgument naming the field out of range, kNotFound
  // naming `agency` for an unknown agency, kUnavailable when the store fails.
  [[nodiscard]] Result<BacklogReport> Backlog(const domain::Pemda& pemda,
                                              const BacklogQuery& query);

 private:
  store::Store& store_;
  CalendarBook& calendars_;
};

}  // namespace sigap::app
