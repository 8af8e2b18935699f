#include "adapt/city_shift_detector.h"

#include <cmath>

#include "adapt/poisson.h"

namespace sigap::adapt {
namespace {

// The other services' expected total below which the day effect is not
// estimated (a Pemda with one busy service), and the cases' worth of
// "no effect" it is shrunk towards.
constexpr double kMinOthers = 50;
constexpr double kOthersPrior = 20;

// Log-likelihood ratio of a count x under a negative binomial of mean
// r * mu against one of mean mu, both with var = m + kappa2 m^2: the
// increment of the negative-binomial CUSUM (Hawkins & Olwell 1998,
// "Cumulative Sum Charts and Charting for Quality Improvement", 5.4). With
// kappa2 = 0 it is the Poisson CUSUM's x ln r - (r - 1) mu (Lucas 1985).
double NegativeBinomialLlr(double x, double mu, double kappa2, double r) {
  if (kappa2 < 1e-9) return x * std::log(r) - (r - 1) * mu;
  const double k = 1 / kappa2;  // the size
  return x * std::log(r * (mu + k) / (r * mu + k)) + k * std::log((mu + k) / (r * mu + k));
}

}  // namespace

CityShiftDetector::CityShiftDetector(const Layout& layout, Options options)
    : layout_(layout), options_(options), series_(layout.categories.size()) {}

void CityShiftDetector::CloseDay(Day day, int day_type, const std::vector<uint32_t>& counts,
                                 std::vector<AlertDraft>& out) {
  const int slot = days_ % kHistory;
  // Today's expectations from the baselines, fed with the day a week old
  // before today is judged.
  double observed_total = 0, expected_total = 0;
  for (size_t c = 0; c < series_.size(); ++c) {
    Series& s = series_[c];
    if (days_ >= kLag) {
      const int old = (days_ - kLag) % kHistory;
      s.baseline.Update(s.count[old], s.type[old]);
      s.dispersion.Update(s.count[old], s.expected[old]);
    }
    s.today = s.baseline.Expected(day_type, kLag);
    if (s.baseline.ready()) {
      observed_total += counts[c];
      expected_total += s.today;
    }
  }
  for (size_t c = 0; c < series_.size(); ++c) {
    Series& s = series_[c];
    const double x = counts[c];
    // The city's day effect left unexplained by the other services'
    // baselines (the end of Ramadan, a holiday unlike the last ones),
    // shared by every service: their observed / expected total today.
    // The permutation scan conditions on the day's total in the same way
    // (Kulldorff et al. 2005); leaving the service itself out keeps its own
    // shift from raising its expectation.
    double day_effect = 1;
    if (s.baseline.ready()) {
      const double others = expected_total - s.today;
      if (others >= kMinOthers) {
        day_effect = (observed_total - x + kOthersPrior) / (others + kOthersPrior);
      }
    }
    const double mu = s.today * day_effect;
    const double kappa2 = s.dispersion.kappa2();
    s.count[slot] = x;
    s.type[slot] = static_cast<int8_t>(day_type);
    s.expected[slot] = mu;
    s.variance[slot] = mu + kappa2 * mu * mu;
    if (!s.baseline.ready()) {
      s.cusum = 0;
      continue;
    }
    // Below half a case a day, a case or two is no evidence to start a run
    // on; a run under way goes on, or a small service's surge would be
    // forgotten on its first quiet weekday and never found again.
    if (mu < 0.5 && s.cusum <= 0) continue;
    const double llr = NegativeBinomialLlr(x, mu, kappa2, options_.ratio);
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
  d.method =
      "negative-binomial CUSUM (Page 1954; Hawkins & Olwell 1998) on a damped-trend "
      "Holt-Winters baseline (Winters 1960; Gardner & McKenzie 1985)";
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
    const double sd = std::sqrt(s.variance[slot]);
    d.series.push_back(s.count[slot]);
    d.expected_series.push_back(mu);
    d.band_low.push_back(std::max(0.0, mu - 2 * sd));
    d.band_high.push_back(mu + 2 * sd);
  }
  const auto& cat = layout_.categories[category];
  d.group = std::string("city_shift:") + cat.code;
  std::string noun = cat.name;
  if (!noun.empty() && noun[0] >= 'a' && noun[0] <= 'z') noun[0] = static_cast<char>(noun[0] - 32);
  d.sentence = noun + " di seluruh " + layout_.city_name + " " + RiseWords(d.observed, d.expected) +
               " sejak " + FormatShortDate(d.since_day) + ".";
  d.sentence_en = "Reports of " + cat.Label() + " across " + layout_.city_name + " " +
                  RiseWordsEn(d.observed, d.expected) + " since " + FormatShortDateEn(d.since_day) +
                  ".";
  return d;
}

void CityShiftDetector::Save(StateWriter& out) const {
  out.PutVector(series_);
  out.Put(days_);
}

bool CityShiftDetector::Load(StateReader& in) {
  return in.GetVector(series_, static_cast<int64_t>(layout_.categories.size())) && in.Get(days_);
}

}  // namespace sigap::adapt
