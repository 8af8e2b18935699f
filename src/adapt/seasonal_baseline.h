#pragma once

#include <array>

#include "adapt/layout.h"

namespace sigap::adapt {

// The expected daily count of one series: a level with a local linear
// trend times a factor per day type (weekday, holiday), all exponentially
// smoothed: multiplicative Holt-Winters (Holt 1957; Winters 1960) with the
// working calendar's holidays as an eighth "weekday" and a damped trend
// (Gardner & McKenzie 1985), so an annual cycle or a slow drift is followed
// without the lag of a level alone.
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

  // The expected count for a day of `day_type` that is `ahead` days after
  // the last day fed (ahead >= 1).
  double Expected(int day_type, int ahead = 1) const;

  // True after enough days (eight weeks) to judge.
  bool ready() const { return days_ >= 56; }

 private:
  double level_ = 0;
  double trend_ = 0;  // per day
  std::array<double, kDayTypes> factor_{1, 1, 1, 1, 1, 1, 1, 0.5};
  int days_ = 0;
};

// The over-dispersion of counts around their expectations as the
// negative-binomial variance function var = mu + kappa2 mu^2 (a
// gamma-Poisson mixture: multiplicative day noise of squared coefficient of
// variation kappa2 on top of Poisson; the "NB2" of Cameron & Trivedi 1986),
// estimated by moments from the series' own history, exponentially
// smoothed (half-life ~34 days).
class Overdispersion {
 public:
  // Feeds a count `x` whose expectation was `mu`.
  void Update(double x, double mu);

  // kappa2, at least 0.
  double kappa2() const { return excess_ > 0 && square_ > 0 ? excess_ / square_ : 0; }

 private:
  double excess_ = 0;  // smoothed (x - mu)^2 - mu
  double square_ = 0;  // smoothed mu^2
  int days_ = 0;
};

}  // namespace sigap::adapt
