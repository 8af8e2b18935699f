#pragma once

#include <array>
#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "adapt/seasonal_baseline.h"
#include "adapt/state_io.h"

namespace sigap::adapt {

// City-level shift of a category: each category's daily city count is
// compared with a seasonal baseline (seasonal_baseline.h: damped-trend
// Holt-Winters, fed with a 7-day lag) times the day effect the other
// services show today (their observed / expected total: the end of Ramadan
// or an unusual holiday moves every service, so it raises no alarm in
// one), through a one-sided negative-binomial CUSUM (Page 1954; Hawkins &
// Olwell 1998, "Cumulative Sum Charts and Charting for Quality
// Improvement"; the Poisson CUSUM of Lucas 1985 when there is no
// over-dispersion) tuned to a rise of `ratio`:
//   S_t = max(0, S_t-1 + ln NB(x; r mu, kappa2) - ln NB(x; mu, kappa2)),
// where mu is the expected count and kappa2 the over-dispersion of the
// series around it (var = mu + kappa2 mu^2, estimated from its own
// history: the gamma-Poisson day noise of real counts, which caps what a
// day can tell however busy the service). `threshold` is therefore a
// log-likelihood ratio. An alert is drafted on each day S exceeds
// `threshold`; it starts when S last left zero. CUSUM is the optimal
// detector of a step change of known size (Moustakides 1986); EWMA and
// BOCPD (Adams & MacKay 2007) were not measured against it yet.
// `threshold` is calibrated on shock-free simulated years of seed 7: see
// bench/RESULTS.md, issue 9.
//
// Not thread-safe.
class CityShiftDetector {
 public:
  struct Options {
    double ratio = 1.5;
    double threshold = 7.25;
  };
  CityShiftDetector(const Layout& layout, Options options);

  // Closes `day` (type `day_type`) with the city counts per category and
  // appends drafts to `out`.
  void CloseDay(Day day, int day_type, const std::vector<uint32_t>& counts,
                std::vector<AlertDraft>& out);

  // Writes / reads the state (state_io.h). Load fails on a snapshot of
  // another layout; a detector that failed to load must be discarded.
  void Save(StateWriter& out) const;
  [[nodiscard]] bool Load(StateReader& in);

  // Bytes of state held.
  size_t MemoryBytes() const { return sizeof(*this) + series_.capacity() * sizeof(Series); }

 private:
  static constexpr int kHistory = 28;  // days of evidence kept, >= lag + 1
  static constexpr int kLag = 7;
  struct Series {
    SeasonalBaseline baseline;
    Overdispersion dispersion;
    double today = 0;  // the baseline's expectation for the open day
    std::array<double, kHistory> count{};
    std::array<double, kHistory> expected{};
    std::array<double, kHistory> variance{};
    std::array<int8_t, kHistory> type{};
    double cusum = 0;
    Day since = 0;
    double observed_since = 0;
    double expected_since = 0;
  };
  AlertDraft Draft(const Series& s, int category, Day day) const;

  const Layout& layout_;
  Options options_;
  std::vector<Series> series_;
  int days_ = 0;
};

}  // namespace sigap::adapt
