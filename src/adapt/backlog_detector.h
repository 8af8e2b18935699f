#pragma once

#include <array>
#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "adapt/state_io.h"

namespace sigap::adapt {

// Growing backlog per agency: two one-sided CUSUMs (Page 1954) judged on
// each working day; an alert is drafted on each working day either exceeds
// its threshold. It says how many open cases are overdue already, and how
// many more will be within 7 working days if the agency keeps resolving at
// its pace of the last kRecentDays working days (oldest deadline first): a
// complete stop reads as one, not as the run's average.
//
// Net inflow, for arrivals outgrowing what the agency resolves: arrivals
// since the previous working day minus resolutions, standardised by the
// agency's usual flow, capped at `cap` so that one busy Monday or the week
// after Lebaran cannot raise an alert alone:
//   S = max(0, S + min(cap, (a - r) / sqrt(a0 + r0)) - k).
//
// Throughput while cases wait, for an agency that resolves fewer than
// before: a working day that ends with open cases shows what the agency can
// resolve in a day (its capacity c = r), a day that ends with none only that
// c >= r (censored). A Poisson CUSUM (Lucas 1985) of that likelihood ratio,
// capacity mu1 = drop * min(a0, mu0) (resolutions falling below arrivals)
// against the usual capacity mu0, divided by the capacity's over-dispersion
// phi = max(1, var / mu0) (quasi-likelihood, Wedderburn 1974):
//   T = max(0, T + [r ln(mu1/mu0) - (mu1 - mu0)] / phi)        cases left,
//   T = max(0, T + ln(P(X1 >= r) / P(X0 >= r)) / phi)          none left,
// with X ~ Poisson(mu). mu0 is an exponentially weighted mean of the
// capacity, the censored days entering by their expectation E[c | c >= r]
// (online EM, Cappe & Moulines 2009), learnt while T is small. It finds
// scenario (e) within days where the net inflow takes weeks: a quiet day of
// arrivals drains the queue and cancels the net inflow's evidence, but
// leaves the resolutions of a day with cases waiting as low as before.
//
// Not thread-safe.
class BacklogDetector {
 public:
  struct Options {
    double k = 0.3;
    double cap = 2;
    double threshold = 4;
    double drop = 0.7;                 // throughput CUSUM's mu1 / min(a0, mu0)
    double throughput_threshold = 12;  // on the log-likelihood ratio T
  };
  BacklogDetector(const Layout& layout, Options options);

  void OnArrival(uint16_t agency, Day due_day);
  void OnResolution(uint16_t agency, Day due_day);
  // A case leaves the agency's open work without being resolved (it waits
  // for the citizen), or comes back to it; `new_work` counts a return as an
  // arrival (a reopened case), not a resumed one.
  void OnPause(uint16_t agency, Day due_day);
  void OnReturn(uint16_t agency, Day due_day, bool new_work);
  // A case leaves the agency's open work for another agency's (forwarded,
  // or disposed elsewhere than first thought): not resolved, and no longer
  // the agency's inflow.
  void OnLeave(uint16_t agency, Day due_day);
  // Closes `day`; `working` says whether offices were open.
  void CloseDay(Day day, bool working, std::vector<AlertDraft>& out);

  // Open cases of `agency` now.
  long open(uint16_t agency) const { return agencies_[agency].open; }

  // Bytes of state held.
  // Writes / reads the state (state_io.h). Load fails on a snapshot of
  // another layout; a detector that failed to load must be discarded.
  void Save(StateWriter& out) const;
  [[nodiscard]] bool Load(StateReader& in);

  size_t MemoryBytes() const { return sizeof(*this) + agencies_.capacity() * sizeof(Agency); }

 private:
  static constexpr int kDueSlots = 128;   // due days tracked ahead/behind
  static constexpr int kHistory = 28;     // working days of resolutions kept
  static constexpr int kSeriesDays = 42;  // calendar days of open cases: the evidence
  // Where a CUSUM started, and the flow since.
  struct Run {
    Day since = 0;
    double arrivals = 0, resolutions = 0;
    int days = 0;
  };
  struct Agency {
    long open = 0;
    double arrivals = 0;  // since the last working day closed
    double resolutions = 0;
    double base_arrivals = 0;  // per working day, smoothed
    double base_resolutions = 0;
    double base_open = 0;
    int days = 0;      // working days seen
    double cusum = 0;  // S, net inflow
    Run run;
    double capacity = 0;  // mu0: resolutions a working day when cases wait
    double capacity_var = 0;
    int capacity_days = 0;  // working days ending with cases waiting
    double throughput = 0;  // T
    Run throughput_run;
    std::array<int32_t, kDueSlots> due{};  // open cases by due day modulo kDueSlots
    // Open cases at the end of each calendar day (weekends and holidays
    // too), so that the evidence's series is daily like every detector's.
    std::array<double, kSeriesDays> open_history{};
    std::array<double, kHistory> resolved_history{};  // resolutions per working day
  };
  // Working days over which the alert gives the agency's recent pace.
  static constexpr int kRecentDays = 5;
  // Agency::due's slot of a deadline: the day modulo kDueSlots.
  static int DueSlot(Day day) { return ((day % kDueSlots) + kDueSlots) % kDueSlots; }
  long DueBy(const Agency& a, Day last) const;
  // Updates T and mu0 with the working day's resolutions.
  void JudgeThroughput(Agency& a) const;
  // Drafts the alert; `inflow` says which CUSUM speaks for it.
  void Draft(size_t agency, Day day, bool inflow, std::vector<AlertDraft>& out) const;

  const Layout& layout_;
  Options options_;
  std::vector<Agency> agencies_;
  Day today_ = 0;
  int working_days_ = 0;
  int days_ = 0;  // calendar days closed
};

}  // namespace sigap::adapt
