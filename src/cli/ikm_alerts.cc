#include "cli/ikm_alerts.h"

#include <chrono>
#include <cmath>
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

}  // namespace

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
    const auto& n = now->overall;
    const auto& t = then->overall;
    if (!n.ikm || !t.ikm || !n.ci || !t.ci) continue;
    const double delta = *n.ikm - *t.ikm;
    const double half = std::hypot(n.ci->half_width, t.ci->half_width);
    if (delta >= 0 || -delta <= half) continue;
    adapt::AlertDraft d;
    d.detector = adapt::DetectorKind::kFallingRating;
    d.method =
        "IKM of the quarter so far against the quarter before, a fall beyond the 95% interval of "
        "the difference (SKM, PermenPAN-RB 14/2017)";
    d.day = today;
    d.since_day = ToDayNumber(quarter);
    d.agency = static_cast<int>(i);
    d.observed = *n.ikm;
    d.expected = *t.ikm;
    d.statistic = -delta / half;
    d.threshold = 1;
    // The fall in standard errors (the half width is 1.96 of them).
    d.p_value = 0.5 * std::erfc(-delta / (half / 1.96) / std::sqrt(2.0));
    d.group = "falling_ikm:" + agency.code;
    d.sentence = "IKM " + agency.name + " turun dari " + WithGrade(*t.ikm, t, false) + " menjadi " +
                 WithGrade(*n.ikm, n, false) + " sejak " + adapt::FormatShortDate(d.since_day) +
                 " (" + std::to_string(n.respondents) + " responden), melebihi batas derau ±" +
                 adapt::FormatRatio(half) + ".";
    d.sentence_en = "The IKM of " + agency.name + " fell from " + WithGrade(*t.ikm, t, true) +
                    " to " + WithGrade(*n.ikm, n, true) + " since " +
                    adapt::FormatShortDateEn(d.since_day) + " (" + std::to_string(n.respondents) +
                    " respondents), beyond the noise of ±" + adapt::FormatRatioEn(half) + ".";
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sigap::cli
