#include "adapt/backlog_detector.h"

#include <algorithm>
#include <cmath>

namespace sigap::adapt {
namespace {

constexpr double kAlpha = 0.0465;  // half-life 15 working days
constexpr int kWarmupDays = 40;    // working days

}  // namespace

BacklogDetector::BacklogDetector(const Layout& layout, Options options)
    : layout_(layout), options_(options), agencies_(layout.agencies.size()) {}

void BacklogDetector::OnArrival(uint16_t agency, Day due_day) {
  Agency& a = agencies_[agency];
  ++a.open;
  a.arrivals += 1;
  ++a.due[((due_day % kDueSlots) + kDueSlots) % kDueSlots];
}

void BacklogDetector::OnResolution(uint16_t agency, Day due_day) {
  Agency& a = agencies_[agency];
  --a.open;
  a.resolutions += 1;
  --a.due[((due_day % kDueSlots) + kDueSlots) % kDueSlots];
}

long BacklogDetector::DueBy(const Agency& a, Day last) const {
  // Slots cover [today - 63, today + 64]; older deadlines wrap, which only
  // matters for cases open more than two months past due.
  long n = 0;
  for (Day d = today_ - kDueSlots / 2 + 1; d <= last && d <= today_ + kDueSlots / 2; ++d) {
    n += a.due[((d % kDueSlots) + kDueSlots) % kDueSlots];
  }
  return n;
}

void BacklogDetector::CloseDay(Day day, bool working, std::vector<AlertDraft>& out) {
  today_ = day;
  if (!working) return;  // arrivals wait for the next working day
  const int slot = working_days_ % kHistory;
  for (size_t i = 0; i < agencies_.size(); ++i) {
    Agency& a = agencies_[i];
    a.open_history[slot] = static_cast<double>(a.open);
    ++a.days;
    if (a.days > kWarmupDays) {
      const double scale = std::sqrt(std::max(1.0, a.base_arrivals + a.base_resolutions));
      const double z = std::min(options_.cap, (a.arrivals - a.resolutions) / scale);
      if (a.cusum <= 0) {
        a.since = day;
        a.since_arrivals = a.since_resolutions = 0;
        a.since_days = 0;
      }
      a.cusum = std::max(0.0, a.cusum + z - options_.k);
      a.since_arrivals += a.arrivals;
      a.since_resolutions += a.resolutions;
      ++a.since_days;
      if (a.cusum > options_.threshold) {
        AlertDraft d;
        d.detector = DetectorKind::kGrowingBacklog;
        d.method = "one-sided CUSUM of standardised net inflow per working day (Page 1954)";
        d.day = day;
        d.since_day = a.since;
        d.agency = static_cast<int>(i);
        d.observed = static_cast<double>(a.open);
        d.expected = a.base_open;
        d.statistic = a.cusum;
        d.threshold = options_.threshold;
        d.p_value = 0.5 * std::erfc(a.cusum / std::sqrt(2.0 * std::max(1, a.since_days)));
        const int n = std::min(working_days_ + 1, kHistory);
        for (int j = n - 1; j >= 0; --j) {
          const int s = (working_days_ - j + kHistory) % kHistory;
          d.series.push_back(a.open_history[s]);
          d.expected_series.push_back(a.base_open);
          d.band_low.push_back(std::max(0.0, a.base_open - 2 * std::sqrt(a.base_open)));
          d.band_high.push_back(a.base_open + 2 * std::sqrt(a.base_open));
        }
        const double per_day_in = a.since_arrivals / std::max(1, a.since_days);
        const double per_day_out = a.since_resolutions / std::max(1, a.since_days);
        // Oldest deadline first at the recent pace: whatever falls due in the
        // next 7 working days (about 10 calendar days) beyond what 7 days of
        // resolutions clear.
        const double projected =
            std::max(0.0, static_cast<double>(DueBy(a, day + 10)) - 7 * per_day_out);
        d.group = "growing_backlog:" + layout_.agencies[i].code;
        d.sentence = "Tunggakan " + layout_.agencies[i].name + " bertambah sejak " +
                     FormatShortDate(d.since_day) + ": masuk " + FormatRatio(per_day_in) +
                     " kasus/hari, selesai " + FormatRatio(per_day_out) + "/hari, " +
                     std::to_string(a.open) + " kasus terbuka; sekitar " +
                     std::to_string(static_cast<long>(std::lround(projected))) +
                     " akan lewat tenggat dalam 7 hari kerja.";
        out.push_back(std::move(d));
      }
    }
    const double alpha = a.days == 1 ? 1 : kAlpha;
    a.base_arrivals += alpha * (a.arrivals - a.base_arrivals);
    a.base_resolutions += alpha * (a.resolutions - a.base_resolutions);
    if (a.cusum <= 0) a.base_open += alpha * (static_cast<double>(a.open) - a.base_open);
    a.arrivals = a.resolutions = 0;
  }
  ++working_days_;
}

void BacklogDetector::Save(StateWriter& out) const {
  out.PutVector(agencies_);
  out.Put(today_);
  out.Put(working_days_);
}

bool BacklogDetector::Load(StateReader& in) {
  return in.GetVector(agencies_, static_cast<int64_t>(layout_.agencies.size())) && in.Get(today_) &&
         in.Get(working_days_);
}

}  // namespace sigap::adapt
