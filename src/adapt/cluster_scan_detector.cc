#include "adapt/cluster_scan_detector.h"

#include <algorithm>
#include <cmath>

#include "adapt/poisson.h"

namespace sigap::adapt {
namespace {

constexpr double kDecay = 0.99232;   // half-life 90 days
constexpr double kPriorWeight = 20;  // cases' worth of the all-category share
constexpr int kWarmupDays = 60;
constexpr double kDispersionAlpha = 0.02;  // half-life ~34 days

}  // namespace

ClusterScanDetector::ClusterScanDetector(const Layout& layout, Options options)
    : layout_(layout),
      options_(options),
      kel_(layout.kelurahan.size()),
      cats_(layout.categories.size()),
      ring_(kHistory * cats_ * kel_, 0),
      surge_(kHistory * cats_ * kel_, 0),
      learnt_(cats_ * kel_, 0),
      city_(kHistory * cats_, 0),
      city_row_(cats_, 0),
      share_sum_(cats_ * kel_, 0),
      share_total_(cats_, 0),
      kel_sum_(kel_, 0) {}

size_t ClusterScanDetector::MemoryBytes() const {
  return sizeof(*this) + ring_.size() * sizeof(uint16_t) + surge_.size() +
         city_.size() * sizeof(uint32_t) +
         (share_sum_.size() + share_total_.size() + kel_sum_.size() + city_row_.size() +
          learnt_.size()) *
             sizeof(double);
}

double ClusterScanDetector::Share(int category, int k) const {
  const double prior = kel_total_ > 0 ? kel_sum_[k] / kel_total_ : 1.0 / kel_;
  return (share_sum_[category * kel_ + k] + kPriorWeight * prior) /
         (share_total_[category] + kPriorWeight);
}

std::vector<int> ClusterScanDetector::Zone(const Best& best) const {
  std::vector<int> zone = {best.center};
  for (int i = 0; i + 1 < best.size; ++i) zone.push_back(layout_.neighbours[best.center][i]);
  return zone;
}

void ClusterScanDetector::UpdateOverdispersion() {
  // Moments of every kelurahan's count over all categories against its
  // expectation, summed over the kelurahan: var = E + kappa2 E^2.
  double excess = 0, square = 0;
  for (size_t k = 0; k < kel_; ++k) {
    double x = 0, e = 0;
    for (size_t c = 0; c < cats_; ++c) {
      x += learnt_[c * kel_ + k];
      e += Share(static_cast<int>(c), static_cast<int>(k)) * city_row_[c];
    }
    excess += (x - e) * (x - e) - e;
    square += e * e;
  }
  if (square <= 0) return;
  excess_ += kDispersionAlpha * (excess - excess_);
  square_ += kDispersionAlpha * (square - square_);
}

void ClusterScanDetector::CloseDay(Day day, const std::vector<uint16_t>& counts,
                                   std::vector<AlertDraft>& out) {
  const int slot = days_ % kHistory;
  std::copy(counts.begin(), counts.end(), ring_.begin() + slot * cats_ * kel_);
  std::fill_n(surge_.begin() + slot * cats_ * kel_, cats_ * kel_, uint8_t{0});
  for (size_t c = 0; c < cats_; ++c) {
    uint32_t total = 0;
    for (size_t k = 0; k < kel_; ++k) total += counts[c * kel_ + k];
    city_[slot * cats_ + c] = total;
  }
  if (days_ >= kLag) {
    const int old = (days_ - kLag) % kHistory;
    const uint16_t* row = &ring_[old * cats_ * kel_];
    const uint8_t* surged = &surge_[old * cats_ * kel_];
    for (size_t c = 0; c < cats_; ++c) city_row_[c] = city_[old * cats_ + c];
    // What the day teaches: its counts, a raised cluster's capped at what
    // was expected of them (see the class comment).
    for (size_t c = 0; c < cats_; ++c) {
      for (size_t k = 0; k < kel_; ++k) {
        const size_t i = c * kel_ + k;
        learnt_[i] = row[i];
        if (surged[i] != 0) {
          learnt_[i] =
              std::min(learnt_[i], Share(static_cast<int>(c), static_cast<int>(k)) * city_row_[c]);
        }
      }
    }
    if (days_ >= kLag + kWarmupDays / 2) UpdateOverdispersion();
    for (size_t k = 0; k < kel_; ++k) kel_sum_[k] *= kDecay;
    kel_total_ *= kDecay;
    for (size_t c = 0; c < cats_; ++c) {
      share_total_[c] *= kDecay;
      for (size_t k = 0; k < kel_; ++k) {
        const double x = learnt_[c * kel_ + k];
        share_sum_[c * kel_ + k] = share_sum_[c * kel_ + k] * kDecay + x;
        share_total_[c] += x;
        kel_sum_[k] += x;
        kel_total_ += x;
      }
    }
  }
  ++days_;
  if (days_ <= kWarmupDays) return;
  // The most likely cluster of each category, then secondary clusters that
  // neither overlap nor border those found before: two floods in two parts
  // of the city are two alerts, not the stronger one, while one surge wider
  // than a zone stays one.
  std::vector<bool> taken(kel_);
  for (size_t c = 0; c < cats_; ++c) {
    std::fill(taken.begin(), taken.end(), false);
    for (int found = 0; found < kMaxClusters; ++found) {
      Best best;
      ScanCategory(static_cast<int>(c), taken, best);
      if (best.llr <= options_.threshold) break;
      const std::vector<int> zone = Reshape(static_cast<int>(c), taken, best);
      out.push_back(Draft(static_cast<int>(c), best, zone, day));
      MarkSurge(static_cast<int>(c), zone, best.window);
      for (const int k : zone) {
        taken[k] = true;
        for (const uint16_t border : layout_.neighbours[k]) taken[border] = true;
      }
    }
  }
}

void ClusterScanDetector::MarkSurge(int category, const std::vector<int>& zone, int window) {
  for (int w = 0; w < window; ++w) {
    const int slot = (days_ - 1 - w + kHistory) % kHistory;
    for (const int k : zone) surge_[(slot * cats_ + category) * kel_ + k] = 1;
  }
}

void ClusterScanDetector::ScanCategory(int category, const std::vector<bool>& taken,
                                       Best& best) const {
  const int windows = std::min(options_.max_window, days_);
  // City totals of the windows ending today.
  std::vector<double> city(windows), city2(windows);
  double n = 0, n2 = 0;
  for (int w = 0; w < windows; ++w) {
    const int slot = (days_ - 1 - w + kHistory) % kHistory;
    const double day_total = city_[slot * cats_ + category];
    n += day_total;
    n2 += day_total * day_total;
    city[w] = n;
    city2[w] = n2;
  }
  if (n < options_.min_count) return;
  std::vector<double> cum(static_cast<size_t>(windows));
  for (size_t center = 0; center < kel_; ++center) {
    std::fill(cum.begin(), cum.end(), 0.0);
    double share = 0, share2 = 0;  // the zone's, and its sum of squares
    const auto& nb = layout_.neighbours[center];
    const int max_size = std::min<int>(options_.max_zone, 1 + static_cast<int>(nb.size()));
    for (int size = 1; size <= max_size; ++size) {
      const int k = size == 1 ? static_cast<int>(center) : nb[size - 2];
      if (taken[k]) break;  // this zone and the larger ones overlap a cluster found
      double acc = 0;
      for (int w = 0; w < windows; ++w) {
        const int slot = (days_ - 1 - w + kHistory) % kHistory;
        acc += ring_[(slot * cats_ + category) * kel_ + k];
        cum[w] += acc;
      }
      const double s = Share(category, k);
      share += s;
      share2 += s * s;
      if (cum[windows - 1] < options_.min_count) continue;
      for (int w = 0; w < windows; ++w) {
        const double c = cum[w];
        const double e = share * city[w];
        const double llr = Score(c, e, city[w], city2[w], share2);
        if (llr > best.llr) best = {llr, static_cast<int>(center), size, w + 1, c, e};
      }
    }
  }
}

double ClusterScanDetector::ZoneLlr(int category, const std::vector<int>& zone, int window,
                                    double& c, double& e) const {
  double n = 0, n2 = 0, share = 0, share2 = 0;
  c = 0;
  for (int w = 0; w < window; ++w) {
    const int slot = (days_ - 1 - w + kHistory) % kHistory;
    const double day_total = city_[slot * cats_ + category];
    n += day_total;
    n2 += day_total * day_total;
    for (const int k : zone) c += ring_[(slot * cats_ + category) * kel_ + k];
  }
  for (const int k : zone) {
    const double s = Share(category, k);
    share += s;
    share2 += s * s;
  }
  e = share * n;
  return Score(c, e, n, n2, share2);
}

double ClusterScanDetector::Score(double c, double e, double n, double n2, double share2) const {
  if (c < options_.min_count || c < options_.min_ratio * e || e <= 0) return 0;
  // Quasi-likelihood scaling: Var(c) = e + kappa2 sum_k,d (s_k n_d)^2.
  const double phi = 1 + overdispersion() * share2 * n2 / e;
  return KulldorffLlr(c, e, n) / phi;
}

std::vector<int> ClusterScanDetector::Reshape(int category, const std::vector<bool>& taken,
                                              Best& best) const {
  std::vector<int> zone = Zone(best);
  // Whether `z` is one piece: every kelurahan reached from the first
  // through borders within it.
  const auto connected = [&](const std::vector<int>& z) {
    std::vector<int> reached = {z.front()};
    for (size_t i = 0; i < reached.size(); ++i) {
      for (const uint16_t n : layout_.neighbours[reached[i]]) {
        if (std::find(z.begin(), z.end(), int{n}) != z.end() &&
            std::find(reached.begin(), reached.end(), int{n}) == reached.end()) {
          reached.push_back(n);
        }
      }
    }
    return reached.size() == z.size();
  };
  // Each move raises the LLR, and a zone of at most max_zone kelurahan
  // has finitely many shapes, so this ends; the bound is a safeguard.
  for (int move = 0; move < 4 * options_.max_zone; ++move) {
    std::vector<int> next;
    double next_llr = best.llr, next_c = 0, next_e = 0;
    const auto consider = [&](std::vector<int> candidate) {
      double c = 0, e = 0;
      const double llr = ZoneLlr(category, candidate, best.window, c, e);
      if (llr > next_llr * (1 + 1e-12)) {
        next = std::move(candidate);
        next_llr = llr;
        next_c = c;
        next_e = e;
      }
    };
    if (zone.size() > 1) {
      for (size_t i = 0; i < zone.size(); ++i) {
        std::vector<int> smaller = zone;
        smaller.erase(smaller.begin() + static_cast<std::ptrdiff_t>(i));
        if (connected(smaller)) consider(std::move(smaller));
      }
    }
    if (zone.size() < static_cast<size_t>(options_.max_zone)) {
      for (const int k : zone) {
        for (const uint16_t n : layout_.neighbours[k]) {
          if (taken[n] || std::find(zone.begin(), zone.end(), int{n}) != zone.end()) continue;
          std::vector<int> larger = zone;
          larger.push_back(n);
          consider(std::move(larger));
        }
      }
    }
    if (next.empty()) break;
    zone = std::move(next);
    best.llr = next_llr;
    best.c = next_c;
    best.e = next_e;
  }
  // A kelurahan without a case in the window is named by no alert: leaders
  // would send teams there. Dropping one may leave the statistic as it was
  // (one with no history expects nothing) or even lower it (the
  // quasi-likelihood's scaling); it is dropped all the same, and the
  // statistic is then the named places'.
  const auto cases_in = [&](int k) {
    double x = 0;
    for (int w = 0; w < best.window; ++w) {
      x += ring_[(((days_ - 1 - w + kHistory) % kHistory) * cats_ + category) * kel_ + k];
    }
    return x;
  };
  if (std::erase_if(zone, [&](int k) { return cases_in(k) <= 0; }) > 0) {
    double c = 0, e = 0;
    best.llr = ZoneLlr(category, zone, best.window, c, e);
    best.c = c;
    best.e = e;
  }
  return zone;
}

AlertDraft ClusterScanDetector::Draft(int category, const Best& best, const std::vector<int>& zone,
                                      Day day) const {
  AlertDraft d;
  d.detector = DetectorKind::kLocalCluster;
  d.method =
      "prospective space-time permutation scan (Kulldorff et al. 2005) over bordering kelurahan, "
      "quasi-likelihood scaled for over-dispersion (Wedderburn 1974; Loh & Zhu 2007)";
  d.day = day;
  d.since_day = day - best.window + 1;
  d.category = category;
  for (const int k : zone) {
    d.region_codes.push_back(layout_.kelurahan[k].code);
    d.region_names.push_back(layout_.kelurahan[k].name);
  }
  for (const int k : zone) {
    for (const uint16_t n : layout_.neighbours[k]) {
      if (std::find(zone.begin(), zone.end(), int{n}) != zone.end()) continue;
      const std::string& code = layout_.kelurahan[n].code;
      if (std::find(d.border_codes.begin(), d.border_codes.end(), code) == d.border_codes.end()) {
        d.border_codes.push_back(code);
      }
    }
  }
  d.observed = best.c;
  d.expected = best.e;
  d.statistic = best.llr;
  d.threshold = options_.threshold;
  d.p_value = PoissonUpperTail(best.c, best.e);
  double share = 0, share2 = 0;
  for (const int k : zone) {
    share += Share(category, k);
    share2 += Share(category, k) * Share(category, k);
  }
  const int n = std::min(days_, kHistory);
  for (int i = n - 1; i >= 0; --i) {
    const int slot = (days_ - 1 - i + kHistory) % kHistory;
    double x = 0;
    for (const int k : zone) x += ring_[(slot * cats_ + category) * kel_ + k];
    const double day_total = city_[slot * cats_ + category];
    const double mu = share * day_total;
    const double sd = std::sqrt(mu + overdispersion() * share2 * day_total * day_total);
    d.series.push_back(x);
    d.expected_series.push_back(mu);
    d.band_low.push_back(std::max(0.0, mu - 2 * sd));
    d.band_high.push_back(mu + 2 * sd);
  }
  const auto& cat = layout_.categories[category];
  d.group = std::string("local_cluster:") + cat.code;
  std::string noun = cat.name;
  if (!noun.empty() && noun[0] >= 'a' && noun[0] <= 'z') noun[0] = static_cast<char>(noun[0] - 32);
  // What the count is, in words: the reports of the service in these
  // kelurahan over the scan's window, every one of them (a topic alert of
  // the same burst counts only the reports holding its word, so its number
  // differs, and says so).
  const std::string reports = std::to_string(std::lround(best.c));
  const size_t places = d.region_names.size();
  const bool from_nothing = best.e < 1.0;
  d.sentence =
      noun + " di Kel. " + JoinIndonesian(d.region_names) +
      (from_nothing ? " naik, padahal biasanya kurang dari 1 laporan"
                    : " naik " + FormatRatio(best.c / best.e) + "× dari biasanya") +
      ": " + reports + " laporan di " +
      (places == 1 ? std::string("kelurahan itu ") : std::to_string(places) + " kelurahan itu ") +
      WindowWords(d.since_day, day) + ".";
  d.sentence_en = "Reports of " + cat.Label() + " in " +
                  (places == 1 ? "the kelurahan of " : "the kelurahan ") +
                  JoinEnglish(d.region_names) +
                  (from_nothing ? " rose where fewer than one is usual"
                                : " rose " + FormatRatioEn(best.c / best.e) + "× above usual") +
                  ": " + reports + (best.c == 1 ? " report in " : " reports in ") +
                  (places == 1 ? std::string("that kelurahan ")
                               : "these " + std::to_string(places) + " kelurahan ") +
                  WindowWordsEn(d.since_day, day) + ".";
  return d;
}

void ClusterScanDetector::Save(StateWriter& out) const {
  out.PutVector(ring_);
  out.PutVector(surge_);
  out.PutVector(city_);
  out.PutVector(share_sum_);
  out.PutVector(share_total_);
  out.PutVector(kel_sum_);
  out.Put(kel_total_);
  out.Put(excess_);
  out.Put(square_);
  out.Put(days_);
}

bool ClusterScanDetector::Load(StateReader& in) {
  const auto cells = static_cast<int64_t>(cats_ * kel_);
  return in.GetVector(ring_, kHistory * cells) && in.GetVector(surge_, kHistory * cells) &&
         in.GetVector(city_, static_cast<int64_t>(kHistory * cats_)) &&
         in.GetVector(share_sum_, cells) &&
         in.GetVector(share_total_, static_cast<int64_t>(cats_)) &&
         in.GetVector(kel_sum_, static_cast<int64_t>(kel_)) && in.Get(kel_total_) &&
         in.Get(excess_) && in.Get(square_) && in.Get(days_);
}

}  // namespace sigap::adapt
