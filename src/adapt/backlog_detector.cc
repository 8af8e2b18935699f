#include "adapt/backlog_detector.h"

#include <algorithm>
#include <cmath>

#include "adapt/poisson.h"

namespace sigap::adapt {
namespace {

constexpr double kAlpha = 0.0465;  // half-life 15 working days
constexpr int kWarmupDays = 40;    // working days
// The throughput CUSUM: the capacity's weight per day (half-life about 7
// days with cases waiting), the days of capacity needed before it judges,
// and T up to which the capacity keeps being learnt (not while a drop may
// be under way; learning only at T = 0 would leave out every low day and
// bias mu0 upwards).
constexpr double kCapacityAlpha = 0.1;
constexpr int kMinCapacityDays = 5;
constexpr double kLearnBelow = 2;

// ln P(X >= r), X ~ Poisson(mean), bounded below.
double LogUpperTail(double r, double mean) {
  return std::log(std::max(1e-300, PoissonUpperTail(r, mean)));
}

}  // namespace

BacklogDetector::BacklogDetector(const Layout& layout, Options options)
    : layout_(layout), options_(options), agencies_(layout.agencies.size()) {}

void BacklogDetector::OnArrival(uint16_t agency, Day due_day) { OnReturn(agency, due_day, true); }

void BacklogDetector::OnResolution(uint16_t agency, Day due_day) {
  OnPause(agency, due_day);
  agencies_[agency].resolutions += 1;
}

void BacklogDetector::OnPause(uint16_t agency, Day due_day) {
  Agency& a = agencies_[agency];
  --a.open;
  --a.due[DueSlot(due_day)];
}

void BacklogDetector::OnLeave(uint16_t agency, Day due_day) {
  OnPause(agency, due_day);
  agencies_[agency].arrivals -= 1;
}

void BacklogDetector::OnReturn(uint16_t agency, Day due_day, bool new_work) {
  Agency& a = agencies_[agency];
  ++a.open;
  if (new_work) a.arrivals += 1;
  ++a.due[DueSlot(due_day)];
}

long BacklogDetector::DueBy(const Agency& a, Day last) const {
  // Slots cover [today - 63, today + 64]; older deadlines wrap, which only
  // matters for cases open more than two months past due.
  long n = 0;
  for (Day d = today_ - kDueSlots / 2 + 1; d <= last && d <= today_ + kDueSlots / 2; ++d) {
    n += a.due[DueSlot(d)];
  }
  return n;
}

void BacklogDetector::JudgeThroughput(Agency& a) const {
  const double r = a.resolutions;
  const bool waiting = a.open > 0;  // the agency resolved all it could
  if (a.days > kWarmupDays && a.capacity_days >= kMinCapacityDays) {
    const double mu0 = a.capacity;
    const double mu1 = options_.drop * std::min(a.base_arrivals, mu0);
    if (mu1 > 0 && mu1 < mu0) {
      if (a.throughput <= 0) a.throughput_run = Run{today_, 0, 0, 0};
      const double llr = waiting ? r * std::log(mu1 / mu0) - (mu1 - mu0)
                                 : LogUpperTail(r, mu1) - LogUpperTail(r, mu0);
      const double phi = std::max(1.0, a.capacity_var / mu0);
      a.throughput = std::max(0.0, a.throughput + llr / phi);
      a.throughput_run.arrivals += a.arrivals;
      a.throughput_run.resolutions += r;
      ++a.throughput_run.days;
    }
  }
  if (a.throughput >= kLearnBelow) return;
  if (waiting) {
    if (a.capacity_days++ == 0) {
      a.capacity = r;
      a.capacity_var = std::max(1.0, r);
      return;
    }
    const double d = r - a.capacity;
    a.capacity += kCapacityAlpha * d;
    a.capacity_var = (1 - kCapacityAlpha) * (a.capacity_var + kCapacityAlpha * d * d);
  } else if (a.capacity_days > 0 && r > 0) {
    // E[c | c >= r] = mu P(X >= r - 1) / P(X >= r) for X ~ Poisson(mu).
    const double tail = PoissonUpperTail(r, a.capacity);
    const double expected =
        tail > 1e-300 ? std::max(r, a.capacity * PoissonUpperTail(r - 1, a.capacity) / tail) : r;
    a.capacity += kCapacityAlpha * (expected - a.capacity);
  }
}

void BacklogDetector::Draft(size_t agency, Day day, bool inflow,
                            std::vector<AlertDraft>& out) const {
  const Agency& a = agencies_[agency];
  const Run& run = inflow ? a.run : a.throughput_run;
  AlertDraft d;
  d.detector = DetectorKind::kGrowingBacklog;
  d.day = day;
  d.since_day = run.since;
  d.agency = static_cast<int>(agency);
  d.observed = static_cast<double>(a.open);
  d.expected = a.base_open;
  if (inflow) {
    d.method = "one-sided CUSUM of standardised net inflow per working day (Page 1954)";
    d.statistic = a.cusum;
    d.threshold = options_.threshold;
    d.p_value = 0.5 * std::erfc(a.cusum / std::sqrt(2.0 * std::max(1, run.days)));
  } else {
    d.method =
        "Poisson CUSUM of resolutions on working days with cases waiting, censored on the others "
        "(Page 1954; Lucas 1985)";
    d.statistic = a.throughput;
    d.threshold = options_.throughput_threshold;
    d.p_value = std::exp(-a.throughput);  // Wald's bound for a likelihood-ratio CUSUM
  }
  const int n = std::min(days_ + 1, kSeriesDays);
  for (int j = n - 1; j >= 0; --j) {
    const int s = (days_ - j + kSeriesDays) % kSeriesDays;
    d.series.push_back(a.open_history[s]);
    d.expected_series.push_back(a.base_open);
    d.band_low.push_back(std::max(0.0, a.base_open - 2 * std::sqrt(a.base_open)));
    d.band_high.push_back(a.base_open + 2 * std::sqrt(a.base_open));
  }
  const double per_day_in = run.arrivals / std::max(1, run.days);
  const double per_day_out = run.resolutions / std::max(1, run.days);
  // The pace of the last working days (today's included), not the run's:
  // an agency that stopped resolving a week ago is not "4 a day".
  const int recent_days = std::min(working_days_ + 1, kRecentDays);
  double recent = 0;
  for (int j = 0; j < recent_days; ++j) {
    recent += a.resolved_history[(working_days_ - j + kHistory) % kHistory];
  }
  const double per_day_recent = recent / recent_days;
  // Oldest deadline first at that pace: the overdue cases are resolved
  // first, then whatever falls due in the next 7 working days (about 10
  // calendar days) beyond what 7 days of resolutions clear.
  const long overdue = DueBy(a, day - 1);
  const double cleared = std::max(0.0, 7 * per_day_recent - static_cast<double>(overdue));
  const double projected =
      std::max(0.0, static_cast<double>(DueBy(a, day + 10) - overdue) - cleared);
  const std::string more = std::to_string(static_cast<long>(std::lround(projected)));
  const std::string& name = layout_.agencies[agency].name;
  d.group = "growing_backlog:" + layout_.agencies[agency].code;
  d.sentence =
      "Tunggakan " + name + " bertambah sejak " + FormatShortDate(d.since_day) + ": masuk " +
      FormatRatio(per_day_in) + " kasus/hari, selesai " + FormatRatio(per_day_out) + "/hari (" +
      std::to_string(recent_days) + " hari kerja terakhir: " + FormatRatio(per_day_recent) +
      "/hari); " + std::to_string(a.open) + " kasus terbuka, " + std::to_string(overdue) +
      " sudah lewat tenggat, sekitar " + more + " lagi akan lewat tenggat dalam 7 hari kerja.";
  d.sentence_en = "The backlog of " + name + " has grown since " + FormatShortDateEn(d.since_day) +
                  ": " + FormatRatioEn(per_day_in) + " cases/day in, " +
                  FormatRatioEn(per_day_out) + "/day resolved (last " +
                  std::to_string(recent_days) + " working days: " + FormatRatioEn(per_day_recent) +
                  "/day); " + std::to_string(a.open) + " open, " + std::to_string(overdue) +
                  " already overdue, about " + more +
                  " more will pass their deadline within 7 working days.";
  out.push_back(std::move(d));
}

void BacklogDetector::CloseDay(Day day, bool working, std::vector<AlertDraft>& out) {
  today_ = day;
  for (Agency& a : agencies_) a.open_history[days_ % kSeriesDays] = static_cast<double>(a.open);
  if (!working) {  // arrivals wait for the next working day
    ++days_;
    return;
  }
  const int slot = working_days_ % kHistory;
  for (size_t i = 0; i < agencies_.size(); ++i) {
    Agency& a = agencies_[i];
    a.resolved_history[slot] = a.resolutions;
    ++a.days;
    if (a.days > kWarmupDays) {
      const double scale = std::sqrt(std::max(1.0, a.base_arrivals + a.base_resolutions));
      const double z = std::min(options_.cap, (a.arrivals - a.resolutions) / scale);
      if (a.cusum <= 0) a.run = Run{day, 0, 0, 0};
      a.cusum = std::max(0.0, a.cusum + z - options_.k);
      a.run.arrivals += a.arrivals;
      a.run.resolutions += a.resolutions;
      ++a.run.days;
    }
    JudgeThroughput(a);
    // Fewer resolutions alone are no backlog: an office that resolves what
    // arrives resolves fewer when fewer arrive, with cases still waiting.
    // The throughput speaks only once the open cases grew over its run by
    // more than the Poisson spread of the run's flow.
    const Run& t = a.throughput_run;
    const bool slower = a.throughput > options_.throughput_threshold &&
                        t.arrivals - t.resolutions > std::sqrt(t.arrivals + t.resolutions);
    const bool outgrown = a.cusum > options_.threshold;
    if (outgrown || slower) {
      // The CUSUM furthest past its threshold speaks for the alert.
      const bool inflow =
          !slower || a.cusum / options_.threshold >= a.throughput / options_.throughput_threshold;
      Draft(i, day, inflow, out);
    }
    const double alpha = a.days == 1 ? 1 : kAlpha;
    a.base_arrivals += alpha * (a.arrivals - a.base_arrivals);
    a.base_resolutions += alpha * (a.resolutions - a.base_resolutions);
    if (a.cusum <= 0) a.base_open += alpha * (static_cast<double>(a.open) - a.base_open);
    a.arrivals = a.resolutions = 0;
  }
  ++working_days_;
  ++days_;
}

void BacklogDetector::Save(StateWriter& out) const {
  out.PutVector(agencies_);
  out.Put(today_);
  out.Put(working_days_);
  out.Put(days_);
}

bool BacklogDetector::Load(StateReader& in) {
  return in.GetVector(agencies_, static_cast<int64_t>(layout_.agencies.size())) && in.Get(today_) &&
         in.Get(working_days_) && in.Get(days_);
}

}  // namespace sigap::adapt
