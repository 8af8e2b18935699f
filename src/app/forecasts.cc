#include "app/forecasts.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "app/known_codes.h"
#include "domain/access.h"
#include "domain/lifecycle.h"
#include "domain/working_calendar.h"

namespace sigap::app {
namespace {

using namespace std::chrono;

constexpr int kMaxOfficers = 10000;

// Calls `each` with every case the filter matches, a page at a time.
Status ForEachCase(store::Store& store, domain::PemdaId pemda, store::CaseFilter filter,
                   const std::function<void(const domain::Case&)>& each) {
  filter.limit = 1000;
  for (;;) {
    auto page = store.ListCases(pemda, filter);
    if (!page) return Fail(page.error());
    for (const auto& c : page->cases) each(c);
    if (page->next_cursor == 0) return {};
    filter.before = page->next_cursor;
  }
}

// `field` is out of range: `expected` says the range, `expected_id` the
// same in Indonesian.
Error OutOfRange(const char* field, const std::string& expected, const std::string& expected_id) {
  return Error{ErrorCode::kInvalidArgument,
               std::string(field) + " out of range",
               {{field, "out_of_range", expected, {}, expected_id}}};
}

// Working days after the local date of `from` through that of `to`; when
// the calendar lacks a year, weekdays are counted instead (no holidays).
double WorkingDays(const domain::WorkingCalendar& calendar, Timestamp from, Timestamp to) {
  if (auto n = calendar.WorkingDaysBetween(from, to)) return *n;
  return duration<double, days::period>(to - from).count() * 5.0 / 7.0;
}

// The forecast's filters, known to the Pemda (app/known_codes.h).
Status KnownFilters(store::Store& store, domain::PemdaId pemda, const std::string& agency,
                    const std::string& service) {
  auto unknown = UnknownCodes(store, pemda, {"agency", agency}, {"service", service});
  if (!unknown) return Fail(unknown.error());
  if (unknown->empty()) return {};
  return Fail(ErrorCode::kInvalidArgument, "unknown filter", std::move(*unknown));
}

}  // namespace

Result<StaffingReport> Forecasts::Staffing(const domain::Pemda& pemda, const StaffingQuery& q) {
  if (q.weeks < 1 || q.weeks > 52) return Fail(OutOfRange("weeks", "1 to 52", "1 sampai 52"));
  if (!(q.handling_minutes > 0 && q.handling_minutes <= 480)) {
    return Fail(OutOfRange("handling_minutes", "more than 0, at most 480",
                           "lebih dari 0, paling banyak 480"));
  }
  if (!(q.target_wait_seconds >= 0 && q.target_wait_seconds <= 86400)) {
    return Fail(OutOfRange("target_wait_seconds", "0 to 86400", "0 sampai 86400"));
  }
  if (!(q.target_share > 0 && q.target_share < 1)) {
    return Fail(OutOfRange("target_share", "between 0 and 1, exclusive",
                           "antara 0 dan 1, tidak termasuk keduanya"));
  }
  if (q.officers < 0 || q.officers > kMaxOfficers)
    return Fail(OutOfRange("officers", "0 to 10000", "0 sampai 10000"));
  if (q.arrivals_per_hour && !(*q.arrivals_per_hour >= 0 && *q.arrivals_per_hour <= 100000)) {
    return Fail(OutOfRange("arrivals_per_hour", "0 to 100000", "0 sampai 100000"));
  }
  if (auto known = KnownFilters(store_, pemda.id, q.agency_code, q.service_code); !known) {
    return Fail(known.error());
  }
  auto offset = domain::IndonesianUtcOffset(pemda.time_zone);
  if (!offset) return Fail(offset.error());

  StaffingReport report;
  report.utc_offset = *offset;
  const double handling_seconds = q.handling_minutes * 60;
  auto slot = [&](int weekday, int hour, double rate) {
    StaffingSlot s{weekday, hour, rate, std::nullopt, std::nullopt};
    s.needed = adapt::OfficersNeeded(rate, handling_seconds, q.target_wait_seconds, q.target_share,
                                     kMaxOfficers);
    if (q.officers > 0) {
      s.today = adapt::Staffing(q.officers, rate, handling_seconds, q.target_wait_seconds);
    }
    report.peak_officers =
        std::max(report.peak_officers, s.needed ? s.needed->agents : kMaxOfficers);
    report.slots.push_back(s);
  };
  if (q.arrivals_per_hour) {
    report.from = report.until = q.now;
    slot(-1, -1, *q.arrivals_per_hour);
    return report;
  }
  // Whole local days: the window ends at today's local midnight.
  report.until = Timestamp(floor<days>(q.now + *offset)) - *offset;
  report.from = report.until - days(7 * q.weeks);
  store::CaseFilter filter;
  filter.service_code = q.service_code;
  filter.agency_code = q.agency_code;
  filter.created_from = report.from;
  filter.created_until = report.until;
  std::vector<Timestamp> arrivals;
  auto read = ForEachCase(store_, pemda.id, filter,
                          [&](const domain::Case& c) { arrivals.push_back(c.created_at); });
  if (!read) return Fail(read.error());
  const auto profile = adapt::CountArrivals(arrivals, report.from, report.until, *offset);
  report.arrivals = profile.arrivals;
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) {
      if (profile.per_hour[d][h] > 0) slot(d, h, profile.per_hour[d][h]);
    }
  }
  return report;
}

Result<BacklogReport> Forecasts::Backlog(const domain::Pemda& pemda, const BacklogQuery& q) {
  if (q.window_days < 7 || q.window_days > 365) {
    return Fail(OutOfRange("window_days", "7 to 365", "7 sampai 365"));
  }
  if (q.deadline_days && !(*q.deadline_days >= 1 && *q.deadline_days <= 60)) {
    // Perpres 76/2013: no complaint may be given more than 60 days.
    return Fail(OutOfRange("deadline_days", "1 to 60", "1 sampai 60"));
  }
  if (q.cases_per_officer_day &&
      !(*q.cases_per_officer_day > 0 && *q.cases_per_officer_day <= 1000)) {
    return Fail(OutOfRange("cases_per_officer_day", "more than 0, at most 1000",
                           "lebih dari 0, paling banyak 1000"));
  }
  std::vector<std::string> codes;
  if (auto known = KnownFilters(store_, pemda.id, q.agency_code, ""); !known) {
    return Fail(known.error());
  }
  if (!q.agency_code.empty()) codes.push_back(q.agency_code);
  auto calendar = calendars_.For(pemda);
  if (!calendar) return Fail(calendar.error());
  const domain::WorkingCalendar& cal = **calendar;

  struct Tally {
    adapt::BacklogInput input;
    double received = 0, resolved = 0;
    int officers = 0;
  };
  std::map<std::string, Tally> by_agency;
  for (const auto& code : codes) by_agency[code];
  auto wanted = [&](const std::string& code) {
    return !code.empty() && (q.agency_code.empty() || code == q.agency_code);
  };

  // Open cases with their running deadline, in working days from now.
  store::CaseFilter open;
  open.agency_code = q.agency_code;
  open.statuses = {domain::CaseStatus::kReceived, domain::CaseStatus::kVerified,
                   domain::CaseStatus::kNeedsInfo, domain::CaseStatus::kDisposed,
                   domain::CaseStatus::kInProgress};
  // An agency's backlog is what reached it (domain::DisposedToAgency), as
  // the statistics count it: not what the verifiers still hold under its
  // services.
  auto read = ForEachCase(store_, pemda.id, open, [&](const domain::Case& c) {
    if (!wanted(c.agency_code) || !domain::DisposedToAgency(c)) return;
    auto& t = by_agency[c.agency_code];
    const auto& h = c.handling;
    if (!h.due_at || h.paused_at) {
      ++t.input.undated_open;
      return;
    }
    const double wd = WorkingDays(cal, q.now, *h.due_at);
    // Overdue at the end of working day t when the deadline is before t;
    // a deadline already past counts as before today.
    t.input.open_due.push_back(*h.due_at < q.now ? std::min(wd, 0.0) - 0.5 : wd);
  });
  if (!read) return Fail(read.error());

  const Timestamp from = q.now - days(q.window_days);
  store::CaseFilter received;
  received.agency_code = q.agency_code;
  received.created_from = from;
  received.created_until = q.now;
  read = ForEachCase(store_, pemda.id, received, [&](const domain::Case& c) {
    if (wanted(c.agency_code) && domain::DisposedToAgency(c))
      by_agency[c.agency_code].received += 1;
  });
  if (!read) return Fail(read.error());

  store::CaseFilter resolved;
  resolved.agency_code = q.agency_code;
  resolved.statuses = {domain::CaseStatus::kResolved, domain::CaseStatus::kClosed};
  resolved.updated_from = from;  // resolving updates the case, so resolved_at <= updated_at
  read = ForEachCase(store_, pemda.id, resolved, [&](const domain::Case& c) {
    const auto& at = c.handling.resolved_at;
    if (wanted(c.agency_code) && at && *at >= from && *at < q.now) {
      by_agency[c.agency_code].resolved += 1;
    }
  });
  if (!read) return Fail(read.error());

  auto users = store_.ListUsers(pemda.id);
  if (!users) return Fail(users.error());
  for (const auto& u : *users) {
    if (u.active && u.role == domain::Role::kAgencyOfficer && by_agency.count(u.agency_code)) {
      ++by_agency[u.agency_code].officers;
    }
  }

  BacklogReport report;
  std::vector<int> horizons;
  for (const int weeks : report.horizon_weeks) {
    horizons.push_back(
        static_cast<int>(std::lround(WorkingDays(cal, q.now, q.now + days(7 * weeks)))));
  }
  const double window_working_days = std::max(1.0, WorkingDays(cal, from, q.now));
  report.window_working_days = window_working_days;
  const double deadline_days = q.deadline_days.value_or(domain::SlaPolicy{}.defaults.resolution);
  for (auto& [code, t] : by_agency) {
    AgencyBacklog a;
    a.agency_code = code;
    a.arrivals_per_day = t.received / window_working_days;
    a.resolutions_per_day = t.resolved / window_working_days;
    a.officers = t.officers;
    a.deadline_days = deadline_days;
    if (q.cases_per_officer_day) {
      a.cases_per_officer_day = q.cases_per_officer_day;
    } else if (t.officers > 0 && a.resolutions_per_day > 0) {
      a.cases_per_officer_day = a.resolutions_per_day / t.officers;
    }
    t.input.arrivals_per_day = a.arrivals_per_day;
    t.input.resolutions_per_day = a.resolutions_per_day;
    t.input.deadline_days = deadline_days;
    t.input.cases_per_officer_day = a.cases_per_officer_day.value_or(0);
    t.input.horizons = horizons;
    a.forecast = adapt::ProjectBacklog(t.input);
    report.agencies.push_back(std::move(a));
  }
  std::stable_sort(report.agencies.begin(), report.agencies.end(),
                   [](const AgencyBacklog& x, const AgencyBacklog& y) {
                     return x.forecast.open_now > y.forecast.open_now;
                   });
  return report;
}

}  // namespace sigap::app
