#include "adapt/city_shift_detector.h"

#include <cmath>

#include "adapt/poisson.h"

namespace sigap::adapt {

CityShiftDetector::CityShiftDetector(const Layout& layout, Options options)
    : layout_(layout), options_(options), series_(layout.categories.size()) {}

void CityShiftDetector::CloseDay(Day day, int day_type, const std::vector<uint32_t>& counts,
                                 std::vector<AlertDraft>& out) {
  const int slot = days_ % kHistory;
  const double log_r = std::log(options_.ratio);
  for (size_t c = 0; c < series_.size(); ++c) {
    Series& s = series_[c];
    // The day a week old joins the baseline before today is judged.
    if (days_ >= kLag) {
      const int old = (days_ - kLag) % kHistory;
      s.baseline.Update(s.count[old], s.type[old]);
    }
    const double x = counts[c];
    const double mu = s.baseline.Expected(day_type);
    const double phi = s.baseline.dispersion();
    s.count[slot] = x;
    s.type[slot] = static_cast<int8_t>(day_type);
    s.expected[slot] = mu;
    s.dispersion[slot] = phi;
    if (!s.baseline.ready() || mu < 0.5) {
      s.cusum = 0;
      continue;
    }
    const double llr = (x * log_r - (options_.ratio - 1) * mu) / phi;
    if (s.cusum <= 0) {
      s.since = day;
      s.observed_since = 0;
      s.expected_since = 0;
    }
    s.cusum = std::max(0.0, s.cusum + llr);
    s.observed_since += x;
    s.expected_since += mu;
    if (s.cusum > options_.threshold) out.push_back(Draft(s, static_cast<int>(c), day));
  }
  ++days_;
}

AlertDraft CityShiftDetector::Draft(const Series& s, int category, Day day) const {
  AlertDraft d;
  d.detector = DetectorKind::kCityShift;
  d.method = "Poisson CUSUM (Page 1954; Lucas 1985) on a seasonal baseline (Winters 1960)";
  d.day = day;
  d.since_day = s.since;
  d.category = category;
  d.region_codes = {layout_.city_code};
  d.region_names = {layout_.city_name};
  d.observed = s.observed_since;
  d.expected = s.expected_since;
  d.statistic = s.cusum;
  d.threshold = options_.threshold;
  d.p_value = PoissonUpperTail(s.observed_since, s.expected_since);
  const int n = std::min(days_ + 1, kHistory);
  for (int i = n - 1; i >= 0; --i) {
    const int slot = (days_ - i + kHistory) % kHistory;
    const double mu = s.expected[slot];
    const double sd = std::sqrt(mu * s.dispersion[slot]);
    d.series.push_back(s.count[slot]);
    d.expected_series.push_back(mu);
    d.band_low.push_back(std::max(0.0, mu - 2 * sd));
    d.band_high.push_back(mu + 2 * sd);
  }
  const auto& cat = layout_.categories[category];
  d.group = std::string("city_shift:") + cat.code;
  const double ratio = d.expected > 0 ? d.observed / d.expected : 0;
  std::string noun = cat.name;
  if (!noun.empty() && noun[0] >= 'a' && noun[0] <= 'z') noun[0] = static_cast<char>(noun[0] - 32);
  d.sentence = noun + " di seluruh " + layout_.city_name + " naik " + FormatRatio(ratio) +
               "× dari biasanya sejak " + FormatShortDate(d.since_day) + ".";
  return d;
}

}  // namespace sigap::adapt
