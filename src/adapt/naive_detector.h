#pragma once

#include <cstdint>
#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "adapt/state_io.h"

namespace sigap::adapt {

// The naive reference the issue asks for: a daily value above its mean +
// 3 standard deviations of the previous 28 days, per cell: case counts per
// category × kelurahan, and (downwards) the mean rating and (upwards) the
// open cases per agency. No seasonality, no multiple-testing control.
//
// Not thread-safe.
class NaiveDetector {
 public:
  explicit NaiveDetector(const Layout& layout);

  // counts[category * kelurahan + k]; ratings: mean stars per agency (NaN
  // when none); open cases per agency.
  void CloseDay(Day day, const std::vector<uint16_t>& counts,
                const std::vector<double>& mean_rating, const std::vector<double>& open,
                std::vector<AlertDraft>& out);

  // Writes / reads the state (state_io.h). Load fails on a snapshot of
  // another layout; a detector that failed to load must be discarded.
  void Save(StateWriter& out) const;
  [[nodiscard]] bool Load(StateReader& in);

 private:
  static constexpr int kWindow = 28;
  struct Stat {
    double sum = 0, sumsq = 0;
    int n = 0;
  };
  // Ring of values per series with running sums; returns true when x is
  // beyond 3 sd (above when up, below otherwise) of the previous window.
  bool Push(std::vector<float>& ring, std::vector<Stat>& stats, size_t series, double x, bool up);

  const Layout& layout_;
  std::vector<float> count_ring_, rating_ring_, open_ring_;
  std::vector<Stat> count_stats_, rating_stats_, open_stats_;
  int days_ = 0;
};

}  // namespace sigap::adapt
