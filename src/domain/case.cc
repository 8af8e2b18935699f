#include "domain/case.h"

#include <array>
#include <utility>

namespace sigap::domain {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view Name(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<CaseKind, std::string_view>, 4> kKinds{{
    {CaseKind::kComplaint, "complaint"},
    {CaseKind::kRequest, "request"},
    {CaseKind::kAspiration, "aspiration"},
    {CaseKind::kInformation, "information"},
}};

constexpr std::array<std::pair<CaseStatus, std::string_view>, 9> kStatuses{{
    {CaseStatus::kReceived, "received"},
    {CaseStatus::kVerified, "verified"},
    {CaseStatus::kNeedsInfo, "needs_info"},
    {CaseStatus::kRejected, "rejected"},
    {CaseStatus::kDisposed, "disposed"},
    {CaseStatus::kInProgress, "in_progress"},
    {CaseStatus::kResolved, "resolved"},
    {CaseStatus::kClosed, "closed"},
    {CaseStatus::kMerged, "merged"},
}};

constexpr std::array<std::pair<Channel, std::string_view>, 6> kChannels{{
    {Channel::kWeb, "web"},
    {Channel::kApi, "api"},
    {Channel::kOpen311, "open311"},
    {Channel::kImport, "import"},
    {Channel::kSms, "sms"},
    {Channel::kEmail, "email"},
}};

constexpr std::array<std::pair<Stage, std::string_view>, 5> kStages{{
    {Stage::kNone, ""},
    {Stage::kVerification, "verification"},
    {Stage::kFollowUp, "follow_up"},
    {Stage::kResolution, "resolution"},
    {Stage::kAutoClose, "auto_close"},
}};

}  // namespace

std::string_view ToString(Stage stage) { return Name(kStages, stage); }
std::optional<Stage> ParseStage(std::string_view t) { return Lookup(kStages, t); }
std::string_view ToString(CaseKind kind) { return Name(kKinds, kind); }
std::string_view ToString(CaseStatus status) { return Name(kStatuses, status); }
std::string_view ToString(Channel channel) { return Name(kChannels, channel); }
std::optional<CaseKind> ParseCaseKind(std::string_view t) { return Lookup(kKinds, t); }
std::optional<CaseStatus> ParseCaseStatus(std::string_view t) { return Lookup(kStatuses, t); }
std::optional<Channel> ParseChannel(std::string_view t) { return Lookup(kChannels, t); }

namespace {

template <typename Table>
std::vector<std::string> Names(const Table& table) {
  std::vector<std::string> out;
  for (const auto& [value, name] : table) out.emplace_back(name);
  return out;
}

}  // namespace

std::vector<std::string> CaseKindNames() { return Names(kKinds); }
std::vector<std::string> CaseStatusNames() { return Names(kStatuses); }

}  // namespace sigap::domain
