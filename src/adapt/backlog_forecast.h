#pragma once

#include <optional>
#include <vector>

namespace sigap::adapt {

// What an agency's backlog looks like today and how it flows. Time is in
// working days counted from today (the caller maps dates to working days
// with the Pemda's WorkingCalendar).
struct BacklogInput {
  // Each open case's deadline, in working days from now: 2.5 = in two and
  // a half working days, -3 = overdue by three. Cases without a running
  // deadline (paused, none) are counted in `undated_open` instead.
  std::vector<double> open_due;
  long undated_open = 0;
  double arrivals_per_day = 0;     // new cases per working day
  double resolutions_per_day = 0;  // cases resolved per working day at the current pace
  double deadline_days = 10;       // working days a new case has until its deadline
  // Cases one officer resolves in a working day; 0 = unknown (no officer-days).
  double cases_per_officer_day = 0;
  std::vector<int> horizons = {5, 10, 20};  // working days (1, 2 and 4 weeks)
  int max_days = 520;                       // give up finding a clearing day after this
};

struct BacklogAtHorizon {
  int days = 0;        // working days from now
  double open = 0;     // cases still open then
  double overdue = 0;  // of those, past their deadline then
};

// The projection. Counts are expected values (fractions of a case are kept
// so that rates below one a day add up).
struct BacklogForecast {
  double open_now = 0;
  double overdue_now = 0;
  double net_per_day = 0;  // arrivals − resolutions per working day
  // Working days until the cases open today are all resolved (the queue is
  // down to what arrives that day); nullopt when arrivals outpace
  // resolutions (the backlog grows) or it takes more than max_days.
  std::optional<int> clears_in_days;
  std::vector<BacklogAtHorizon> horizons;
  // Extra officer-days (on top of today's pace) that resolve, oldest
  // deadline first, every case that would otherwise be overdue at the last
  // horizon: overdue there / cases_per_officer_day. 0 when nothing would be
  // overdue; nullopt when cases_per_officer_day is unknown.
  std::optional<double> officer_days_to_recover;
  // Officers to add every working day so that resolutions keep up with
  // arrivals: max(0, net_per_day) / cases_per_officer_day; nullopt as above.
  std::optional<double> extra_officers_to_keep_pace;
};

// Projects the backlog working day by working day: each day the day's
// arrivals join with a deadline `deadline_days` later, then the day's
// resolutions take the open cases with the earliest deadline first (the
// order the deadline sweep and the dashboards push officers to). A case
// is overdue at the end of day t when its deadline is before t. Pure;
// O((cases + max_days) log cases).
BacklogForecast ProjectBacklog(const BacklogInput& input);

}  // namespace sigap::adapt
