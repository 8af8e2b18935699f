#include "domain/alert_status.h"

#include <algorithm>

namespace sigap::domain {

std::string_view AlertStatusName(AlertStatus status) {
  switch (status) {
    case AlertStatus::kNew:
      return "new";
    case AlertStatus::kAcknowledged:
      return "acknowledged";
    case AlertStatus::kActioned:
      return "actioned";
    case AlertStatus::kClosed:
      return "closed";
  }
  return "new";
}

namespace {

constexpr AlertStatus kAlertStatuses[] = {AlertStatus::kNew, AlertStatus::kAcknowledged,
                                          AlertStatus::kActioned, AlertStatus::kClosed};

}  // namespace

std::optional<AlertStatus> ParseAlertStatus(std::string_view name) {
  for (auto s : kAlertStatuses) {
    if (AlertStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::vector<std::string> AlertStatusNames() {
  std::vector<std::string> out;
  for (auto s : kAlertStatuses) out.emplace_back(AlertStatusName(s));
  return out;
}

std::vector<AlertStatus> AllowedAlertMoves(AlertStatus from) {
  switch (from) {
    case AlertStatus::kNew:
      return {AlertStatus::kAcknowledged, AlertStatus::kClosed};
    case AlertStatus::kAcknowledged:
      return {AlertStatus::kActioned, AlertStatus::kClosed};
    case AlertStatus::kActioned:
      return {AlertStatus::kClosed};
    case AlertStatus::kClosed:
      return {};
  }
  return {};
}

bool AlertMoveAllowed(AlertStatus from, AlertStatus to) {
  const auto allowed = AllowedAlertMoves(from);
  return std::find(allowed.begin(), allowed.end(), to) != allowed.end();
}

bool AlertsOverlap(const std::vector<std::string>& regions_a,
                   const std::vector<std::string>& terms_a,
                   const std::vector<std::string>& regions_b,
                   const std::vector<std::string>& terms_b,
                   const std::vector<std::string>& borders_a) {
  if ((regions_a.empty() && terms_a.empty()) || (regions_b.empty() && terms_b.empty())) return true;
  const auto shared = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return static_cast<size_t>(std::count_if(a.begin(), a.end(), [&b](const std::string& x) {
      return std::find(b.begin(), b.end(), x) != b.end();
    }));
  };
  const size_t terms_needed = std::min<size_t>({2, terms_a.size(), terms_b.size()});
  const bool both_placed = !regions_a.empty() && !regions_b.empty();
  return shared(regions_a, regions_b) > 0 || shared(borders_a, regions_b) > 0 ||
         (!both_placed && terms_needed > 0 && shared(terms_a, terms_b) >= terms_needed);
}

bool GroupIsOneChange(std::string_view group) {
  constexpr std::string_view kServiceTopic = "emerging_topic:";
  return group.size() > kServiceTopic.size() && group.starts_with(kServiceTopic);
}

bool ServiceTopicContinues(const std::vector<std::string>& terms_a,
                           const std::vector<std::string>& terms_b) {
  if (terms_a.empty() || terms_b.empty()) return true;
  const auto words = [](const std::vector<std::string>& terms) {
    std::vector<std::string_view> out;
    for (const auto& term : terms) {
      std::string_view rest = term;
      while (!rest.empty()) {
        const size_t space = rest.find(' ');
        if (space != 0) out.push_back(rest.substr(0, space));
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
      }
    }
    return out;
  };
  const auto a = words(terms_a);
  const auto b = words(terms_b);
  return std::any_of(a.begin(), a.end(), [&b](std::string_view w) {
    return std::find(b.begin(), b.end(), w) != b.end();
  });
}

bool AlertsAreOneChange(std::string_view group, const std::vector<std::string>& regions_a,
                        const std::vector<std::string>& terms_a,
                        const std::vector<std::string>& regions_b,
                        const std::vector<std::string>& terms_b,
                        const std::vector<std::string>& borders_b) {
  return (GroupIsOneChange(group) && ServiceTopicContinues(terms_a, terms_b)) ||
         AlertsOverlap(regions_b, terms_b, regions_a, terms_a, borders_b);
}

}  // namespace sigap::domain
