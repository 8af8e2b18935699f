#pragma once

#include <array>

#include "adapt/layout.h"

namespace sigap::adapt {

// The expected daily count of one series: a level times a factor per day
// type (weekday, holiday), both exponentially smoothed: multiplicative
// Holt-Winters seasonality (Winters 1960) with the working calendar's
// holidays as an eighth "weekday". Also tracks the dispersion
// (variance / mean) of the counts around it, for quasi-Poisson statistics.
//
// Callers feed days with a lag (city_shift_detector.h feeds the day a week
// old), so a change under test is not absorbed before it is judged. Slow
// moves such as the Ramadan dip are followed within weeks.
//
// Not thread-safe.
class SeasonalBaseline {
 public:
  // Feeds the count `x` of a day of type `day_type` (0..7).
  void Update(double x, int day_type);

  // The expected count for a day of `day_type`.
  double Expected(int day_type) const { return level_ * factor_[day_type]; }

  // Variance / mean of past counts around Expected(), at least 1.
  double dispersion() const { return dispersion_ < 1 ? 1 : dispersion_; }

  // True after enough days (eight weeks) to judge.
  bool ready() const { return days_ >= 56; }

 private:
  double level_ = 0;
  std::array<double, kDayTypes> factor_{1, 1, 1, 1, 1, 1, 1, 0.5};
  double dispersion_ = 1;
  int days_ = 0;
};

}  // namespace sigap::adapt
