#include "adapt/naive_detector.h"

#include <cmath>

namespace sigap::adapt {

NaiveDetector::NaiveDetector(const Layout& layout)
    : layout_(layout),
      count_ring_(kWindow * layout.categories.size() * layout.kelurahan.size(), 0),
      rating_ring_(kWindow * layout.agencies.size(), 0),
      open_ring_(kWindow * layout.agencies.size(), 0),
      count_stats_(layout.categories.size() * layout.kelurahan.size()),
      rating_stats_(layout.agencies.size()),
      open_stats_(layout.agencies.size()) {}

bool NaiveDetector::Push(std::vector<float>& ring, std::vector<Stat>& stats, size_t series,
                         double x, bool up) {
  Stat& s = stats[series];
  bool alarm = false;
  if (s.n >= kWindow) {
    const double mean = s.sum / s.n;
    const double sd = std::sqrt(std::max(0.0, s.sumsq / s.n - mean * mean));
    alarm = up ? x > mean + 3 * sd : x < mean - 3 * sd;
  }
  const size_t slot = static_cast<size_t>(days_ % kWindow) * stats.size() + series;
  if (s.n >= kWindow) {
    s.sum -= ring[slot];
    s.sumsq -= static_cast<double>(ring[slot]) * ring[slot];
  } else {
    ++s.n;
  }
  ring[slot] = static_cast<float>(x);
  s.sum += x;
  s.sumsq += x * x;
  return alarm;
}

void NaiveDetector::CloseDay(Day day, const std::vector<uint16_t>& counts,
                             const std::vector<double>& mean_rating,
                             const std::vector<double>& open, std::vector<AlertDraft>& out) {
  const size_t kel = layout_.kelurahan.size();
  auto draft = [&](const std::string& group, double x) {
    AlertDraft d;
    d.detector = DetectorKind::kNaive;
    d.method = "daily value beyond mean ± 3 sd of the previous 28 days";
    d.day = day;
    d.since_day = day;
    d.observed = x;
    d.group = group;
    return d;
  };
  for (size_t c = 0; c < layout_.categories.size(); ++c) {
    for (size_t k = 0; k < kel; ++k) {
      const double x = counts[c * kel + k];
      if (Push(count_ring_, count_stats_, c * kel + k, x, true) && x > 0) {
        AlertDraft d = draft("naive:" + layout_.categories[c].code, x);
        d.category = static_cast<int>(c);
        d.region_codes = {layout_.kelurahan[k].code};
        out.push_back(std::move(d));
      }
    }
  }
  for (size_t a = 0; a < layout_.agencies.size(); ++a) {
    // A day without ratings repeats the previous value rather than count as 0.
    double r = mean_rating[a];
    if (std::isnan(r)) {
      const Stat& s = rating_stats_[a];
      r = s.n > 0 ? s.sum / s.n : 0;
    }
    if (Push(rating_ring_, rating_stats_, a, r, false)) {
      AlertDraft d = draft("naive_rating:" + layout_.agencies[a].code, r);
      d.agency = static_cast<int>(a);
      out.push_back(std::move(d));
    }
    if (Push(open_ring_, open_stats_, a, open[a], true)) {
      AlertDraft d = draft("naive_backlog:" + layout_.agencies[a].code, open[a]);
      d.agency = static_cast<int>(a);
      out.push_back(std::move(d));
    }
  }
  ++days_;
}

void NaiveDetector::Save(StateWriter& out) const {
  out.PutVector(count_ring_);
  out.PutVector(rating_ring_);
  out.PutVector(open_ring_);
  out.PutVector(count_stats_);
  out.PutVector(rating_stats_);
  out.PutVector(open_stats_);
  out.Put(days_);
}

bool NaiveDetector::Load(StateReader& in) {
  const auto cells = static_cast<int64_t>(layout_.categories.size() * layout_.kelurahan.size());
  const auto agencies = static_cast<int64_t>(layout_.agencies.size());
  return in.GetVector(count_ring_, kWindow * cells) &&
         in.GetVector(rating_ring_, kWindow * agencies) &&
         in.GetVector(open_ring_, kWindow * agencies) && in.GetVector(count_stats_, cells) &&
         in.GetVector(rating_stats_, agencies) && in.GetVector(open_stats_, agencies) &&
         in.Get(days_);
}

}  // namespace sigap::adapt
