#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "adapt/state_io.h"

namespace sigap::adapt {

// Falling satisfaction per agency: a one-sided tabular CUSUM (Page 1954;
// Montgomery, Introduction to Statistical Quality Control, ch. 9) on each
// star rating, standardised by the agency's mean and standard deviation
// learnt with a 7-day lag:
//   S = max(0, S + (mu - x) / sigma - k).
// k = 0.5 targets a fall of one standard deviation (about one star). An
// alert is drafted on each day S exceeds `threshold`.
//
// What a run judges stays out of what is usual: while S > 0, the days
// reaching the lag do not join the baseline (a fall would otherwise become
// the mean it is measured against, "turun dari 4,4" becoming "dari 3,5").
// The ratings that came before the baseline held `min_baseline` are judged
// once it does, from the first day not yet in it: an agency's first bad
// week is not swallowed into its baseline unjudged. A day without ratings
// has no point in the evidence's series (NaN).
//
// Not thread-safe.
class RatingDetector {
 public:
  struct Options {
    double k = 0.5;
    double threshold = 10;     // seed 7 shock-free runs: 0.01 false alarms / 30 days
    double min_baseline = 30;  // ratings behind the baseline before judging
  };
  RatingDetector(const Layout& layout, Options options);

  void OnRating(uint16_t agency, int stars);
  void CloseDay(Day day, std::vector<AlertDraft>& out);

  // Bytes of state held.
  // Writes / reads the state (state_io.h). Load fails on a snapshot of
  // another layout; a detector that failed to load must be discarded.
  void Save(StateWriter& out) const;
  [[nodiscard]] bool Load(StateReader& in);

  size_t MemoryBytes() const { return sizeof(*this) + agencies_.capacity() * sizeof(Agency); }

 private:
  static constexpr int kHistory = 28;
  static constexpr int kLag = 7;
  struct Agency {
    std::array<double, kHistory> sum{};
    std::array<double, kHistory> sumsq{};
    std::array<double, kHistory> n{};
    double base_sum = 0, base_sumsq = 0, base_n = 0;  // decayed, lagged
    double cusum = 0;
    Day since = 0;
    bool running = false;
    double since_sum = 0, since_n = 0;
    // Per day, by stars: the ratings not judged when they came (the
    // baseline too small then), judged once it holds min_baseline.
    std::array<std::array<uint32_t, 5>, kHistory> pending{};
  };
  // One rating into the CUSUM, on `day` (-1: the open day, set at CloseDay).
  void Judge(Agency& a, int stars, Day day) const;
  double Mean(const Agency& a) const { return a.base_sum / a.base_n; }
  double Sd(const Agency& a) const;

  const Layout& layout_;
  Options options_;
  std::vector<Agency> agencies_;
  int days_ = 0;
  Day day_ = 0;  // the open day, once known
};

}  // namespace sigap::adapt
