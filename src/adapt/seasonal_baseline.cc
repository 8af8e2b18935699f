#include "adapt/seasonal_baseline.h"

#include <algorithm>
#include <cmath>

namespace sigap::adapt {
namespace {

// Half-lives in days (level, trend) and in occurrences of the day type
// (factors): 1 - 2^(-1/h).
constexpr double kLevelAlpha = 0.0325;     // ~21 days
constexpr double kTrendBeta = 0.02;        // ~34 days
constexpr double kTrendDamping = 0.99;     // per day ahead (Gardner & McKenzie 1985)
constexpr double kFactorBeta = 0.12;       // ~5 weeks
constexpr double kHolidayBeta = 0.25;      // ~2.4 holidays
constexpr double kDispersionAlpha = 0.02;  // ~34 days

}  // namespace

double SeasonalBaseline::Expected(int day_type, int ahead) const {
  // Damped trend: phi + phi^2 + ... + phi^ahead days of it.
  double steps = 0, phi = 1;
  for (int i = 0; i < ahead; ++i) steps += phi *= kTrendDamping;
  return std::max(level_ + trend_ * steps, 0.2 * level_) * factor_[day_type];
}

void SeasonalBaseline::Update(double x, int day_type) {
  ++days_;
  if (days_ == 1) {
    level_ = std::max(x, 0.1);
    return;
  }
  const double previous = level_;
  const double forecast = level_ + trend_ * kTrendDamping;
  level_ = std::max(forecast + kLevelAlpha * (x / factor_[day_type] - forecast), 0.01);
  if (days_ > 28) {
    trend_ = kTrendDamping * trend_ + kTrendBeta * (level_ - previous - kTrendDamping * trend_);
  }
  const double beta = day_type == kHoliday ? kHolidayBeta : kFactorBeta;
  factor_[day_type] =
      std::clamp(factor_[day_type] + beta * (x / level_ - factor_[day_type]), 0.02, 20.0);
  if (day_type == kHoliday) return;
  // Weekday factors average 1, so the level stays a weekday-average day.
  double sum = 0;
  for (int t = 0; t < 7; ++t) sum += factor_[t];
  for (int t = 0; t < 7; ++t) factor_[t] *= 7 / sum;
}

void Overdispersion::Update(double x, double mu) {
  if (++days_ <= 14) return;  // the baseline's first guesses
  excess_ += kDispersionAlpha * ((x - mu) * (x - mu) - mu - excess_);
  square_ += kDispersionAlpha * (mu * mu - square_);
}

}  // namespace sigap::adapt
