#include "cli/ikm_alerts.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "domain/time.h"

namespace sigap::cli {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// "87,1 (A)": an IKM with its quality band, as the SKM report writes it.
std::string WithGrade(double ikm, const domain::SkmScore& score, bool english) {
  std::string text = english ? adapt::FormatRatioEn(ikm) : adapt::FormatRatio(ikm);
  if (score.grade) text += std::string(" (") + score.grade->mutu + ")";
  return text;
}

// Standard normal density and upper tail.
double Density(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi); }
double UpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

// One unit's comparison of this quarter so far with the quarter before.
struct Comparison {
  size_t agency = 0;
  domain::SkmScore now, then;
};

}  // namespace

double IkmFallBoundary(size_t units) {
  const double per_unit =
      kIkmFallFalseAlarmsPerQuarter / static_cast<double>(std::max<size_t>(units, 1));
  const auto crossing = [](double c) {
    return UpperTail(c) + Density(c) * (c - 1 / c) * std::log(kIkmLookSpan);
  };
  // crossing() falls from about 0.4 at 1.75 to nothing at 8 (below 1.75 the
  // approximation does not hold); per_unit is at most 0.25.
  double low = 1.75, high = 8;
  for (int i = 0; i < 60; ++i) {
    const double mid = (low + high) / 2;
    (crossing(mid) > per_unit ? low : high) = mid;
  }
  return high;
}

bool IkmComparable(const domain::SkmScore& now, const domain::SkmScore& then) {
  return now.ikm && then.ikm && now.ci && then.ci && now.respondents >= kIkmFewestRespondents &&
         then.respondents >= kIkmFewestRespondents;
}

double IkmFallInStandardErrors(const domain::SkmScore& now, const domain::SkmScore& then) {
  const double se = domain::ChangeInterval(*now.ci, *then.ci).standard_error;
  const double fall = *then.ikm - *now.ikm;
  if (se <= 0) return fall > 0 ? std::numeric_limits<double>::max() : 0;  // all alike, both
  return fall / se;
}

Result<std::vector<adapt::AlertDraft>> IkmFallDrafts(app::SatisfactionBook& book,
                                                     const domain::Pemda& pemda,
                                                     const adapt::Layout& layout,
                                                     adapt::Day today) {
  std::vector<adapt::AlertDraft> out;
  if (book.size(pemda.id) == 0) return out;
  const year_month_day date = FromDayNumber(today);
  const unsigned first_month = (unsigned(date.month()) - 1) / 3 * 3 + 1;
  const year_month_day quarter{date.year(), std::chrono::month{first_month}, std::chrono::day{1}};
  const year_month_day before{sys_days{quarter} - days{1}};
  const year_month_day previous = (before.year() / before.month() - std::chrono::months{2}) / 1;
  std::vector<Comparison> judged;
  for (size_t i = 0; i < layout.agencies.size(); ++i) {
    const auto& agency = layout.agencies[i];
    app::IkmQuery now_query;
    now_query.unit = agency.code;
    now_query.from = quarter;
    now_query.to = date;
    app::IkmQuery then_query = now_query;
    then_query.from = previous;
    then_query.to = before;
    auto now = book.Query(pemda.id, now_query);
    auto then = book.Query(pemda.id, then_query);
    // A unit the book does not know (an agency without surveys) has no IKM.
    if (!now || !then) {
      const auto& e = !now ? now.error() : then.error();
      if (e.code == ErrorCode::kInvalidArgument) continue;
      return Fail(e);
    }
    if (!IkmComparable(now->overall, then->overall)) continue;
    judged.push_back({i, std::move(now->overall), std::move(then->overall)});
  }
  const double boundary = IkmFallBoundary(judged.size());
  for (const auto& [i, n, t] : judged) {
    const auto& agency = layout.agencies[i];
    const double fall = IkmFallInStandardErrors(n, t);
    if (!(fall > boundary)) continue;
    // How far it had to fall, in IKM points.
    const double noise = boundary * domain::ChangeInterval(*n.ci, *t.ci).standard_error;
    adapt::AlertDraft d;
    d.detector = adapt::DetectorKind::kFallingRating;
    d.method =
        "IKM of the quarter so far against the quarter before, judged daily: a fall beyond a "
        "repeated-significance boundary for the units watched (Armitage, McPherson & Rowe 1969; "
        "Siegmund 1985) (SKM, PermenPAN-RB 14/2017)";
    d.day = today;
    d.since_day = ToDayNumber(quarter);
    d.agency = static_cast<int>(i);
    d.observed = *n.ikm;
    d.expected = *t.ikm;
    d.statistic = fall;
    d.threshold = boundary;
    d.p_value = UpperTail(d.statistic);  // of one look at one unit
    d.group = "falling_ikm:" + agency.code;
    d.sentence = "IKM " + agency.name + " turun dari " + WithGrade(*t.ikm, t, false) + " menjadi " +
                 WithGrade(*n.ikm, n, false) + " sejak " + adapt::FormatShortDate(d.since_day) +
                 " (" + std::to_string(n.respondents) + " responden), melebihi batas derau ±" +
                 adapt::FormatRatio(noise) + ".";
    d.sentence_en = "The IKM of " + agency.name + " fell from " + WithGrade(*t.ikm, t, true) +
                    " to " + WithGrade(*n.ikm, n, true) + " since " +
                    adapt::FormatShortDateEn(d.since_day) + " (" + std::to_string(n.respondents) +
                    " respondents), beyond the noise of ±" + adapt::FormatRatioEn(noise) + ".";
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sigap::cli
