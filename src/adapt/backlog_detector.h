#pragma once

#include <array>
#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "adapt/state_io.h"

namespace sigap::adapt {

// Growing backlog per agency: on each working day, the net inflow
// (arrivals since the previous working day minus resolutions) is
// standardised by the agency's usual flow, capped at `cap` so that one
// busy Monday or the week after Lebaran cannot raise an alert alone, and
// summed in a one-sided CUSUM (Page 1954):
//   S = max(0, S + min(cap, (a - r) / sqrt(a0 + r0)) - k).
// An alert is drafted on each working day S exceeds `threshold`; it says
// how many open cases will be overdue in 7 working days if the agency
// keeps resolving at its recent pace (oldest deadline first).
//
// Not thread-safe.
class BacklogDetector {
 public:
  struct Options {
    double k = 0.3;
    double cap = 2;
    double threshold = 4;
  };
  BacklogDetector(const Layout& layout, Options options);

  void OnArrival(uint16_t agency, Day due_day);
  void OnResolution(uint16_t agency, Day due_day);
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
  static constexpr int kDueSlots = 128;  // due days tracked ahead/behind
  static constexpr int kHistory = 28;    // working days of evidence
  struct Agency {
    long open = 0;
    double arrivals = 0;  // since the last working day closed
    double resolutions = 0;
    double base_arrivals = 0;  // per working day, smoothed
    double base_resolutions = 0;
    double base_open = 0;
    int days = 0;  // working days seen
    double cusum = 0;
    Day since = 0;
    double since_arrivals = 0, since_resolutions = 0;
    int since_days = 0;
    std::array<int32_t, kDueSlots> due{};  // open cases by due day modulo kDueSlots
    std::array<double, kHistory> open_history{};
  };
  long DueBy(const Agency& a, Day last) const;

  const Layout& layout_;
  Options options_;
  std::vector<Agency> agencies_;
  Day today_ = 0;
  int working_days_ = 0;
};

}  // namespace sigap::adapt
