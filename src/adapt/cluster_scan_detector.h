#pragma once

#include <cstdint>
#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "adapt/state_io.h"

namespace sigap::adapt {

// Local clusters: a prospective space-time scan per category over zones of
// kelurahan (a kelurahan and its 0..3 nearest bordering neighbours, see
// adjacency.h) and windows of 1..7 days ending today.
//
// Expected counts follow the space-time permutation scan statistic
// (Kulldorff, Heffernan, Hartman, Assunção & Mostashari 2005, PLoS Med
// 2(3):e59): the zone's share of the category, learnt from history with a
// 7-day lag, times the city count of the window. So a city-wide rise, a
// weekday or a holiday changes no zone's expectation; only a local excess
// does. The statistic is Kulldorff's log-likelihood ratio, maximised over
// all zones and windows of a category.
//
// Over-dispersion: a kelurahan's day moves all its services together (an
// office closed, a busy market day), so counts vary more than Poisson:
// var = e + kappa2 * sum over the zone's kelurahan and days of
// (share * city count)^2, with kappa2 estimated by moments from every
// kelurahan's all-service counts against their expectations (lagged,
// smoothed). The LLR is divided by the resulting variance / mean: a
// quasi-likelihood scan (Wedderburn 1974, Biometrika 61:439), in the spirit
// of the over-dispersion-adjusted scan of Loh & Zhu 2007 (Ann. Appl. Stat.
// 1:560) and of Tango, Takahashi & Kohriyama 2011 (Biometrics 67:106),
// whose space-time scan lets the Poisson mean vary from day to day. It
// matters for busy services, where this noise is a large part of the
// variance; for a zone of a few cases a day it changes little.
//
// False alarms across all places: the maximum over every zone, window and
// category is compared with one threshold calibrated by Monte Carlo on
// shock-free simulated years (`sigap simulate --scenario none`), instead
// of Kulldorff's per-day permutation replicates (999 per day would cost
// about 5 s of CPU per day for 30 categories; the calibration is done once
// per Pemda). See bench/RESULTS.md, issue 9.
//
// Naming: the scan's zones are a centre and its nearest neighbours, so a
// surge along a chain of kelurahan (A-B-C where B's nearest are A and D)
// is found through a zone that names D and misses C. Once a category's
// zone has passed the threshold, it is reshaped for its window by single
// moves (add a kelurahan bordering the zone, or drop one without cutting
// the zone in two) while the LLR rises, up to max_zone kelurahan: the
// connected-zone search of the flexibly shaped scan (Tango & Takahashi
// 2005, Int. J. Health Geogr. 4:11), used here only to name the places.
// Whether a cluster is raised is decided on the circular zones alone, so
// the threshold's false-alarm calibration is unchanged.
//
// Secondary clusters: after a category's most likely cluster, the scan is
// repeated over the zones that neither share a kelurahan with it nor
// border it (and then with both), in the manner of SaTScan's secondary
// clusters; each above the threshold is a draft of its own, so two surges
// of one service in two parts of the city are two alerts, while a surge
// wider than the largest zone stays one.
//
// Surges do not teach the usual: a zone's counts on the days of a cluster
// raised there enter its learnt share capped at what was expected of them
// (the outbreak periods left out of the baseline, as disease surveillance
// does), so a flood that comes back to the same kelurahan weeks later is
// measured against the kelurahan's usual share, not against the first
// flood's. Learnt, a flood of 30 cases made the kelurahan "half of the
// city's drainage", and its return, 14 cases, was no excess at all.
//
// Not thread-safe.
class ClusterScanDetector {
 public:
  struct Options {
    double threshold = 13.5;  // Kulldorff LLR
    int max_zone = 4;         // kelurahan per zone
    int max_window = 7;       // days
    int min_count = 5;        // cases in the zone and window
    double min_ratio = 1.5;
  };
  ClusterScanDetector(const Layout& layout, Options options);

  // Closes `day` with counts[category * kelurahan_count + kelurahan] and
  // appends at most kMaxClusters drafts per category (its strongest zone,
  // then the strongest that neither overlap nor border those before).
  void CloseDay(Day day, const std::vector<uint16_t>& counts, std::vector<AlertDraft>& out);

  // Bytes of state held.
  // Writes / reads the state (state_io.h). Load fails on a snapshot of
  // another layout; a detector that failed to load must be discarded.
  void Save(StateWriter& out) const;
  [[nodiscard]] bool Load(StateReader& in);

  size_t MemoryBytes() const;

 private:
  static constexpr int kHistory = 28;
  static constexpr int kLag = 7;
  static constexpr int kMaxClusters = 3;  // per category and day: the primary and two more
  struct Best {
    double llr = 0;
    int center = -1;
    int size = 0;
    int window = 0;
    double c = 0;
    double e = 0;
  };
  // The zone of the largest LLR among those without a `taken` kelurahan.
  void ScanCategory(int category, const std::vector<bool>& taken, Best& best) const;
  AlertDraft Draft(int category, const Best& best, const std::vector<int>& zone, Day day) const;
  double Share(int category, int kelurahan) const;
  // The kelurahan of `best`'s zone: its centre and its size - 1 nearest
  // neighbours.
  std::vector<int> Zone(const Best& best) const;
  // `best`'s zone reshaped for its window (see Naming above); `best`'s
  // count, expectation and LLR become the reshaped zone's.
  std::vector<int> Reshape(int category, const std::vector<bool>& taken, Best& best) const;
  // The LLR of `zone` over the `window` days ending today, with its count
  // and expectation; 0 when it is not an excess (min_count, min_ratio).
  double ZoneLlr(int category, const std::vector<int>& zone, int window, double& c,
                 double& e) const;
  // The quasi-likelihood-scaled Kulldorff LLR of `c` cases where `e` were
  // expected, of `n` in the city over the window (`n2` its days' squares,
  // `share2` the zone's squared shares); 0 when it is no excess
  // (min_count, min_ratio).
  double Score(double c, double e, double n, double n2, double share2) const;
  // Feeds a day's counts (learnt_, city totals in city_row_) to the
  // over-dispersion estimate.
  void UpdateOverdispersion();
  // Marks the cells of `zone` over `window` days ending today as a surge's.
  void MarkSurge(int category, const std::vector<int>& zone, int window);
  // kappa2 by moments, shrunk towards 0 (Poisson) by a prior worth
  // kDispersionPrior of squared expectation: a sparse history (a Pemda's
  // first cases, a small demo) has days where two cases of one kelurahan
  // give an excess of about 2 against a sum of squares near 0, and the
  // raw ratio then divided every zone's LLR by hundreds. At Kota
  // Semarang's volume (about 12,800 a day) the prior moves kappa2 by 0.4 %.
  static constexpr double kDispersionPrior = 50;
  double overdispersion() const {
    return excess_ > 0 && square_ > 0 ? excess_ / (square_ + kDispersionPrior) : 0;
  }

  const Layout& layout_;
  Options options_;
  size_t kel_;                       // kelurahan count
  size_t cats_;                      // category count
  std::vector<uint16_t> ring_;       // [kHistory][cats_][kel_]
  std::vector<uint8_t> surge_;       // [kHistory][cats_][kel_]: 1 in a raised cluster
  std::vector<double> learnt_;       // [cats_][kel_], scratch: a lagged row, surges capped
  std::vector<uint32_t> city_;       // [kHistory][cats_]
  std::vector<double> city_row_;     // [cats_], scratch
  std::vector<double> share_sum_;    // [cats_][kel_], decayed, lagged
  std::vector<double> share_total_;  // [cats_]
  std::vector<double> kel_sum_;      // [kel_], all categories: the prior
  double kel_total_ = 0;
  double excess_ = 0;  // smoothed sum over kelurahan of (x - e)^2 - e, all categories
  double square_ = 0;  // smoothed sum of e^2
  int days_ = 0;
};

}  // namespace sigap::adapt
