#include "adapt/backlog_forecast.h"

#include <algorithm>
#include <map>

namespace sigap::adapt {
namespace {

constexpr double kEpsilon = 1e-9;

// Open cases by deadline (working days from now) → how many.
using Queue = std::map<double, double>;

double Total(const Queue& q) {
  double sum = 0;
  for (const auto& [due, n] : q) sum += n;
  return sum;
}

double OverdueAt(const Queue& q, double t) {
  double sum = 0;
  for (auto it = q.begin(); it != q.end() && it->first < t; ++it) sum += it->second;
  return sum;
}

// Takes `n` cases, earliest deadline first.
void Resolve(Queue& q, double n) {
  while (n > kEpsilon && !q.empty()) {
    auto it = q.begin();
    const double take = std::min(n, it->second);
    it->second -= take;
    n -= take;
    if (it->second <= kEpsilon) q.erase(it);
  }
}

}  // namespace

BacklogForecast ProjectBacklog(const BacklogInput& in) {
  BacklogForecast out;
  Queue queue;
  for (const double due : in.open_due) queue[due] += 1;
  // Cases without a running deadline still take officers' time; they are
  // served last (no deadline presses on them) and never count as overdue.
  constexpr double kNoDeadline = 1e12;
  if (in.undated_open > 0) queue[kNoDeadline] += double(in.undated_open);
  out.open_now = Total(queue);
  out.overdue_now = OverdueAt(queue, 0);
  out.net_per_day = in.arrivals_per_day - in.resolutions_per_day;

  const int last_horizon =
      in.horizons.empty() ? 0 : *std::max_element(in.horizons.begin(), in.horizons.end());
  const int days = std::max(last_horizon, in.max_days);
  double backlog_left = out.open_now;  // of today's cases, still open
  if (backlog_left <= kEpsilon) out.clears_in_days = 0;
  std::map<int, BacklogAtHorizon> at;
  for (int t = 1; t <= days; ++t) {
    if (t > last_horizon && out.clears_in_days) break;
    if (in.arrivals_per_day > 0) queue[t + in.deadline_days] += in.arrivals_per_day;
    // Today's cases leave the queue first only while their deadlines are
    // the earliest; counting what is resolved beyond the new arrivals
    // gives the same clearing day without tracking each case's origin.
    const double before = Total(queue);
    Resolve(queue, in.resolutions_per_day);
    const double resolved = before - Total(queue);
    if (!out.clears_in_days) {
      backlog_left -= std::max(0.0, resolved - in.arrivals_per_day);
      if (backlog_left <= kEpsilon) out.clears_in_days = t;
    }
    if (t <= last_horizon) at[t] = {t, Total(queue), OverdueAt(queue, t)};
  }
  // Arrivals outpacing resolutions: the backlog grows for ever, whatever
  // happens to the cases open today.
  if (out.net_per_day > kEpsilon) out.clears_in_days.reset();
  for (const int h : in.horizons) {
    const auto it = at.find(h);
    out.horizons.push_back(it != at.end() ? it->second : BacklogAtHorizon{h, out.open_now, 0});
  }
  if (in.cases_per_officer_day > 0) {
    const double overdue_last = at.count(last_horizon) ? at[last_horizon].overdue : 0;
    out.officer_days_to_recover = overdue_last / in.cases_per_officer_day;
    out.extra_officers_to_keep_pace = std::max(0.0, out.net_per_day) / in.cases_per_officer_day;
  }
  return out;
}

}  // namespace sigap::adapt
