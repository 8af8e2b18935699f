#include "adapt/rating_detector.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sigap::adapt {
namespace {

constexpr double kDecay = 0.98851;  // half-life 60 days

}  // namespace

RatingDetector::RatingDetector(const Layout& layout, Options options)
    : layout_(layout), options_(options), agencies_(layout.agencies.size()) {}

double RatingDetector::Sd(const Agency& a) const {
  const double mean = Mean(a);
  const double var = a.base_sumsq / a.base_n - mean * mean;
  // Ratings are integers: never assume less spread than a third of a star.
  return std::max(std::sqrt(std::max(var, 0.0)), 0.33);
}

void RatingDetector::OnRating(uint16_t agency, int stars) {
  Agency& a = agencies_[agency];
  const int slot = days_ % kHistory;
  a.sum[slot] += stars;
  a.sumsq[slot] += stars * stars;
  a.n[slot] += 1;
  if (a.base_n < options_.min_baseline) {
    a.pending[slot][std::clamp(stars, 1, 5) - 1] += 1;
    return;
  }
  Judge(a, stars, -1);
}

void RatingDetector::Judge(Agency& a, int stars, Day day) const {
  const double z = (Mean(a) - stars) / Sd(a) - options_.k;
  if (!a.running || a.cusum <= 0) {
    a.cusum = 0;
    a.running = false;
  }
  if (a.cusum + z > 0) {
    if (!a.running) {
      a.running = true;
      a.since = day;
      a.since_sum = 0;
      a.since_n = 0;
    }
    a.cusum += z;
    a.since_sum += stars;
    a.since_n += 1;
  } else {
    a.cusum = 0;
    a.running = false;
  }
}

void RatingDetector::CloseDay(Day day, std::vector<AlertDraft>& out) {
  const int slot = days_ % kHistory;
  for (size_t i = 0; i < agencies_.size(); ++i) {
    Agency& a = agencies_[i];
    if (a.running && a.since < 0) a.since = day;
    // The day a week old joins the baseline, unless a run is judging it.
    const bool ready = a.base_n >= options_.min_baseline;
    if (days_ >= kLag && !a.running) {
      const int old = (days_ - kLag) % kHistory;
      a.base_sum = a.base_sum * kDecay + a.sum[old];
      a.base_sumsq = a.base_sumsq * kDecay + a.sumsq[old];
      a.base_n = a.base_n * kDecay + a.n[old];
    }
    if (!ready && a.base_n >= options_.min_baseline) {
      // The ratings of the days not in the baseline yet that were not
      // judged, oldest day first, each day's best first (their order is not
      // kept; this way the order alone starts no run).
      for (int back = std::min(days_, kLag - 1); back >= 0; --back) {
        auto& waiting = a.pending[(days_ - back) % kHistory];
        for (int s = 5; s >= 1; --s) {
          for (uint32_t k = 0; k < waiting[s - 1]; ++k) Judge(a, s, day - back);
        }
        waiting = {};
      }
    }
    if (a.running && a.cusum > options_.threshold) {
      AlertDraft d;
      d.detector = DetectorKind::kFallingRating;
      d.method = "one-sided tabular CUSUM on standardised star ratings (Page 1954)";
      d.day = day;
      d.since_day = a.since;
      d.agency = static_cast<int>(i);
      d.observed = a.since_n > 0 ? a.since_sum / a.since_n : 0;
      d.expected = Mean(a);
      d.statistic = a.cusum;
      d.threshold = options_.threshold;
      // A normal approximation of the mean's fall, for the record.
      const double se = Sd(a) / std::sqrt(std::max(a.since_n, 1.0));
      d.p_value = 0.5 * std::erfc((d.expected - d.observed) / se / std::sqrt(2.0));
      const int n = std::min(days_ + 1, kHistory);
      for (int j = n - 1; j >= 0; --j) {
        const int s = (days_ - j + kHistory) % kHistory;
        d.series.push_back(a.n[s] > 0 ? a.sum[s] / a.n[s]
                                      : std::numeric_limits<double>::quiet_NaN());
        d.expected_series.push_back(d.expected);
        const double band = 2 * Sd(a) / std::sqrt(std::max(a.n[s], 1.0));
        d.band_low.push_back(d.expected - band);
        d.band_high.push_back(d.expected + band);
      }
      d.group = "falling_rating:" + layout_.agencies[i].code;
      d.sentence = "Penilaian warga atas layanan " + layout_.agencies[i].name + " turun dari " +
                   FormatRatio(d.expected) + " menjadi " + FormatRatio(d.observed) +
                   " bintang sejak " + FormatShortDate(d.since_day) + ".";
      d.sentence_en = "Citizens' ratings of " + layout_.agencies[i].name + " fell from " +
                      FormatRatioEn(d.expected) + " to " + FormatRatioEn(d.observed) +
                      " stars since " + FormatShortDateEn(d.since_day) + ".";
      out.push_back(std::move(d));
    }
    const int next = (slot + 1) % kHistory;
    a.sum[next] = a.sumsq[next] = a.n[next] = 0;
    a.pending[next] = {};
  }
  ++days_;
}

void RatingDetector::Save(StateWriter& out) const {
  out.PutVector(agencies_);
  out.Put(days_);
  out.Put(day_);
}

bool RatingDetector::Load(StateReader& in) {
  return in.GetVector(agencies_, static_cast<int64_t>(layout_.agencies.size())) && in.Get(days_) &&
         in.Get(day_);
}

}  // namespace sigap::adapt
