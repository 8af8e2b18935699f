#include "adapt/alert.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "domain/alert_status.h"

namespace sigap::adapt {
namespace {

// Whether `draft` is about the change of `alert`'s latest draft.
bool Overlaps(const AlertDraft& alert, const AlertDraft& draft) {
  return domain::AlertsAreOneChange(draft.group, alert.region_codes, alert.top_terms,
                                    draft.region_codes, draft.top_terms, draft.border_codes);
}

// Whether the detector dates the start of `draft`'s change on or before
// `alert`'s last day: the change was going on when the alert last saw it.
bool ContinuesIt(const Alert& alert, const AlertDraft& draft) {
  return draft.since_day <= alert.last_day;
}

}  // namespace

const char* DetectorName(DetectorKind kind) {
  switch (kind) {
    case DetectorKind::kCityShift:
      return "city_shift";
    case DetectorKind::kLocalCluster:
      return "local_cluster";
    case DetectorKind::kEmergingTopic:
      return "emerging_topic";
    case DetectorKind::kFallingRating:
      return "falling_rating";
    case DetectorKind::kGrowingBacklog:
      return "growing_backlog";
    case DetectorKind::kNaive:
      return "naive";
  }
  return "?";
}

std::pair<uint64_t, bool> AlertBook::Upsert(AlertDraft draft) {
  auto& open = open_[draft.group];
  const auto quiet = [&](const Alert& alert) { return draft.day - alert.last_day > quiet_days_; };
  // The group's latest alert stays, however long quiet: a CUSUM whose run
  // never ended can fall below its threshold for weeks and pass it again.
  if (!open.empty()) {
    const size_t latest = open.back();
    std::erase_if(open, [&](size_t i) { return i != latest && quiet(alerts_[i]); });
  }
  for (auto it = open.rbegin(); it != open.rend(); ++it) {
    Alert& alert = alerts_[*it];
    if (quiet(alert) && !ContinuesIt(alert, draft)) continue;
    if (!Overlaps(alert.latest, draft)) continue;
    alert.last_day = std::max(alert.last_day, draft.day);
    ++alert.updates;
    // The start of the change stays the earliest one seen.
    draft.since_day = std::min(draft.since_day, alert.latest.since_day);
    alert.latest = std::move(draft);
    return {alert.id, false};
  }
  Alert alert;
  alert.id = alerts_.size() + 1;
  alert.first_day = draft.day;
  alert.last_day = draft.day;
  alert.latest = std::move(draft);
  open.push_back(alerts_.size());
  alerts_.push_back(std::move(alert));
  return {alerts_.back().id, true};
}

std::string FormatDecimal(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, std::isfinite(value) ? value : 0.0);
  std::string text = buffer;
  std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string FormatRatio(double value) { return FormatDecimal(value, 1); }

std::string RiseWords(double observed, double expected) {
  if (expected < 1.0) {
    return "naik menjadi " + std::to_string(std::lround(observed)) +
           " laporan, padahal biasanya kurang dari 1,";
  }
  return "naik " + FormatRatio(observed / expected) + "× dari biasanya";
}

std::string RiseWordsEn(double observed, double expected) {
  if (expected < 1.0) {
    return "rose to " + std::to_string(std::lround(observed)) +
           " reports where fewer than one is usual,";
  }
  return "rose " + FormatRatioEn(observed / expected) + "× above usual";
}

std::string WindowWords(Day since, Day day) {
  if (day <= since) return "pada " + FormatShortDate(day);
  return "dalam " + std::to_string(day - since + 1) + " hari sejak " + FormatShortDate(since);
}

std::string WindowWordsEn(Day since, Day day) {
  if (day <= since) return "on " + FormatShortDateEn(day);
  return "in " + std::to_string(day - since + 1) + " days since " + FormatShortDateEn(since);
}

std::string FormatShortDate(Day day) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                            "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
  const auto date = FromDayNumber(day);
  // With its year: an alert is read again months later (its history, the
  // audit), when "sejak 1 Des" would be last week's December.
  return std::to_string(static_cast<unsigned>(date.day())) + " " +
         kMonths[static_cast<unsigned>(date.month()) - 1] + " " +
         std::to_string(static_cast<int>(date.year()));
}

std::string FormatRatioEn(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", std::isfinite(value) ? value : 0.0);
  return buffer;
}

std::string FormatShortDateEn(Day day) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto date = FromDayNumber(day);
  return std::to_string(static_cast<unsigned>(date.day())) + " " +
         kMonths[static_cast<unsigned>(date.month()) - 1] + " " +
         std::to_string(static_cast<int>(date.year()));
}

std::string JoinEnglish(const std::vector<std::string>& items) {
  std::string text;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " and " : ", ";
    text += items[i];
  }
  return text;
}

std::string JoinIndonesian(const std::vector<std::string>& items) {
  std::string text;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " dan " : ", ";
    text += items[i];
  }
  return text;
}

}  // namespace sigap::adapt
