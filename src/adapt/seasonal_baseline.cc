#include "adapt/seasonal_baseline.h"

#include <algorithm>
#include <cmath>

namespace sigap::adapt {
namespace {

// Half-lives in days (level) and in occurrences of the day type (factors):
// 1 - 2^(-1/h).
constexpr double kLevelAlpha = 0.0325;     // ~21 days
constexpr double kFactorBeta = 0.12;       // ~5 weeks
constexpr double kHolidayBeta = 0.25;      // ~2.4 holidays
constexpr double kDispersionAlpha = 0.02;  // ~34 days

}  // namespace

void SeasonalBaseline::Update(double x, int day_type) {
  ++days_;
  if (days_ == 1) {
    level_ = std::max(x, 0.1);
    return;
  }
  const double mu = std::max(Expected(day_type), 0.05);
  if (days_ > 14) {
    dispersion_ += kDispersionAlpha * ((x - mu) * (x - mu) / mu - dispersion_);
  }
  level_ = std::max(level_ + kLevelAlpha * (x / factor_[day_type] - level_), 0.01);
  const double beta = day_type == kHoliday ? kHolidayBeta : kFactorBeta;
  factor_[day_type] =
      std::clamp(factor_[day_type] + beta * (x / level_ - factor_[day_type]), 0.02, 20.0);
  if (day_type == kHoliday) return;
  // Weekday factors average 1, so the level stays a weekday-average day.
  double sum = 0;
  for (int t = 0; t < 7; ++t) sum += factor_[t];
  for (int t = 0; t < 7; ++t) factor_[t] *= 7 / sum;
}

}  // namespace sigap::adapt
