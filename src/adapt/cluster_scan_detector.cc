#include "adapt/cluster_scan_detector.h"

#include <algorithm>
#include <cmath>

#include "adapt/poisson.h"

namespace sigap::adapt {
namespace {

constexpr double kDecay = 0.99232;   // half-life 90 days
constexpr double kPriorWeight = 20;  // cases' worth of the all-category share
constexpr int kWarmupDays = 60;

}  // namespace

ClusterScanDetector::ClusterScanDetector(const Layout& layout, Options options)
    : layout_(layout),
      options_(options),
      kel_(layout.kelurahan.size()),
      cats_(layout.categories.size()),
      ring_(kHistory * cats_ * kel_, 0),
      city_(kHistory * cats_, 0),
      share_sum_(cats_ * kel_, 0),
      share_total_(cats_, 0),
      kel_sum_(kel_, 0) {}

size_t ClusterScanDetector::MemoryBytes() const {
  return sizeof(*this) + ring_.size() * sizeof(uint16_t) + city_.size() * sizeof(uint32_t) +
         (share_sum_.size() + share_total_.size() + kel_sum_.size()) * sizeof(double);
}

double ClusterScanDetector::ZoneShare(int category, int center, int size) const {
  const double* sum = &share_sum_[category * kel_];
  auto share = [&](int k) {
    const double prior = kel_total_ > 0 ? kel_sum_[k] / kel_total_ : 1.0 / kel_;
    return (sum[k] + kPriorWeight * prior) / (share_total_[category] + kPriorWeight);
  };
  double s = share(center);
  const auto& nb = layout_.neighbours[center];
  for (int i = 0; i + 1 < size; ++i) s += share(nb[i]);
  return s;
}

void ClusterScanDetector::CloseDay(Day day, const std::vector<uint16_t>& counts,
                                   std::vector<AlertDraft>& out) {
  const int slot = days_ % kHistory;
  std::copy(counts.begin(), counts.end(), ring_.begin() + slot * cats_ * kel_);
  for (size_t c = 0; c < cats_; ++c) {
    uint32_t total = 0;
    for (size_t k = 0; k < kel_; ++k) total += counts[c * kel_ + k];
    city_[slot * cats_ + c] = total;
  }
  if (days_ >= kLag) {
    const int old = (days_ - kLag) % kHistory;
    const uint16_t* row = &ring_[old * cats_ * kel_];
    for (size_t k = 0; k < kel_; ++k) kel_sum_[k] *= kDecay;
    kel_total_ *= kDecay;
    for (size_t c = 0; c < cats_; ++c) {
      share_total_[c] *= kDecay;
      for (size_t k = 0; k < kel_; ++k) {
        const double x = row[c * kel_ + k];
        share_sum_[c * kel_ + k] = share_sum_[c * kel_ + k] * kDecay + x;
        share_total_[c] += x;
        kel_sum_[k] += x;
        kel_total_ += x;
      }
    }
  }
  ++days_;
  if (days_ <= kWarmupDays) return;
  for (size_t c = 0; c < cats_; ++c) {
    Best best;
    ScanCategory(static_cast<int>(c), best);
    if (best.llr > options_.threshold) out.push_back(Draft(static_cast<int>(c), best, day));
  }
}

void ClusterScanDetector::ScanCategory(int category, Best& best) const {
  const int windows = std::min(options_.max_window, days_);
  // City totals of the windows ending today.
  std::vector<double> city(windows);
  double n = 0;
  for (int w = 0; w < windows; ++w) {
    const int slot = (days_ - 1 - w + kHistory) % kHistory;
    n += city_[slot * cats_ + category];
    city[w] = n;
  }
  if (n < options_.min_count) return;
  std::vector<double> cum(static_cast<size_t>(windows));
  for (size_t center = 0; center < kel_; ++center) {
    std::fill(cum.begin(), cum.end(), 0.0);
    const auto& nb = layout_.neighbours[center];
    const int max_size = std::min<int>(options_.max_zone, 1 + static_cast<int>(nb.size()));
    for (int size = 1; size <= max_size; ++size) {
      const int k = size == 1 ? static_cast<int>(center) : nb[size - 2];
      double acc = 0;
      for (int w = 0; w < windows; ++w) {
        const int slot = (days_ - 1 - w + kHistory) % kHistory;
        acc += ring_[(slot * cats_ + category) * kel_ + k];
        cum[w] += acc;
      }
      if (cum[windows - 1] < options_.min_count) continue;
      const double share = ZoneShare(category, static_cast<int>(center), size);
      for (int w = 0; w < windows; ++w) {
        const double c = cum[w];
        const double e = share * city[w];
        if (c < options_.min_count || c < options_.min_ratio * e) continue;
        const double llr = KulldorffLlr(c, e, city[w]);
        if (llr > best.llr) best = {llr, static_cast<int>(center), size, w + 1, c, e};
      }
    }
  }
}

AlertDraft ClusterScanDetector::Draft(int category, const Best& best, Day day) const {
  AlertDraft d;
  d.detector = DetectorKind::kLocalCluster;
  d.method =
      "prospective space-time permutation scan (Kulldorff et al. 2005) over bordering kelurahan";
  d.day = day;
  d.since_day = day - best.window + 1;
  d.category = category;
  std::vector<int> zone = {best.center};
  for (int i = 0; i + 1 < best.size; ++i) zone.push_back(layout_.neighbours[best.center][i]);
  for (const int k : zone) {
    d.region_codes.push_back(layout_.kelurahan[k].code);
    d.region_names.push_back(layout_.kelurahan[k].name);
  }
  d.observed = best.c;
  d.expected = best.e;
  d.statistic = best.llr;
  d.threshold = options_.threshold;
  d.p_value = PoissonUpperTail(best.c, best.e);
  const double share = ZoneShare(category, best.center, best.size);
  const int n = std::min(days_, kHistory);
  for (int i = n - 1; i >= 0; --i) {
    const int slot = (days_ - 1 - i + kHistory) % kHistory;
    double x = 0;
    for (const int k : zone) x += ring_[(slot * cats_ + category) * kel_ + k];
    const double mu = share * city_[slot * cats_ + category];
    d.series.push_back(x);
    d.expected_series.push_back(mu);
    d.band_low.push_back(std::max(0.0, mu - 2 * std::sqrt(mu)));
    d.band_high.push_back(mu + 2 * std::sqrt(mu));
  }
  const auto& cat = layout_.categories[category];
  d.group = std::string("local_cluster:") + cat.code;
  std::string noun = cat.name;
  if (!noun.empty() && noun[0] >= 'a' && noun[0] <= 'z') noun[0] = static_cast<char>(noun[0] - 32);
  d.sentence = noun + " di Kel. " + JoinIndonesian(d.region_names) + " naik " +
               FormatRatio(best.e > 0 ? best.c / best.e : 0) + "× dari biasanya sejak " +
               FormatShortDate(d.since_day) + ".";
  return d;
}

}  // namespace sigap::adapt
