#include "api/open311_status.h"

#include <nlohmann/json.hpp>

namespace sigap::api::open311 {

using domain::Action;
using domain::CaseStatus;

std::string_view OpenOrClosed(CaseStatus status) {
  switch (status) {
    case CaseStatus::kResolved:
    case CaseStatus::kClosed:
    case CaseStatus::kRejected:
    case CaseStatus::kMerged:
      return "closed";
    case CaseStatus::kReceived:
    case CaseStatus::kVerified:
    case CaseStatus::kNeedsInfo:
    case CaseStatus::kDisposed:
    case CaseStatus::kInProgress:
      return "open";
  }
  return "open";
}

std::optional<std::string> ExtendedStatusOf(std::string_view kind, std::string_view payload_json) {
  namespace k = domain::event_kind;
  if (kind == domain::event_kind::kSubmitted) return "open";
  if (kind == k::kVerified || kind == k::kInfoRequested) return "investigating";
  if (kind == k::kDisposed) return "action_scheduled";
  if (kind == k::kForwarded) return "internal_referral";
  if (kind == k::kStarted) return "in_progress";
  if (kind == k::kReopened) return "open";
  if (kind == k::kResolved) return "fixed";
  if (kind == k::kClosed) return "closed";
  if (kind == k::kMerged) return "duplicate";
  if (kind == k::kInfoProvided) {
    // Completing a report rejected as incomplete files it anew; information
    // given while the clock waited leaves the status as it was.
    const auto payload = nlohmann::json::parse(payload_json, nullptr, false);
    if (payload.is_object() && payload.value("completed", false)) return "open";
    return std::nullopt;
  }
  if (kind == k::kRejected) {
    const auto payload = nlohmann::json::parse(payload_json, nullptr, false);
    const std::string reason = payload.is_object() ? payload.value("reason", "") : "";
    if (reason == "duplicate") return "duplicate";
    if (reason == "out_of_scope") return "not_councils_responsibility";
    return "no_further_action";
  }
  return std::nullopt;
}

std::optional<StatusAction> ActionForStatus(std::string_view status, CaseStatus current) {
  const bool unverified = current == CaseStatus::kReceived || current == CaseStatus::kVerified ||
                          current == CaseStatus::kNeedsInfo;
  const bool done = current == CaseStatus::kResolved || current == CaseStatus::kClosed;
  if (status == "open") {
    return done ? StatusAction{Action::kReopen, ""} : StatusAction{};
  }
  if (status == "investigating") {
    return current == CaseStatus::kReceived ? StatusAction{Action::kVerify, ""} : StatusAction{};
  }
  if (status == "in_progress" || status == "action_scheduled") {
    return current == CaseStatus::kDisposed ? StatusAction{Action::kStart, ""} : StatusAction{};
  }
  if (status == "fixed") {
    return current == CaseStatus::kResolved ? StatusAction{} : StatusAction{Action::kResolve, ""};
  }
  if (status == "closed") {
    return current == CaseStatus::kResolved ? StatusAction{Action::kClose, ""}
                                            : StatusAction{Action::kResolve, ""};
  }
  if (status == "duplicate") {
    return unverified ? StatusAction{Action::kReject, "duplicate"}
                      : StatusAction{Action::kMerge, ""};
  }
  if (status == "not_councils_responsibility") return StatusAction{Action::kReject, "out_of_scope"};
  if (status == "no_further_action") {
    return unverified ? StatusAction{Action::kReject, "out_of_scope"}
                      : StatusAction{Action::kResolve, ""};
  }
  if (status == "internal_referral") {
    // A report not verified yet cannot be handed to an agency: the status
    // changes nothing and the update is kept, as for any status the case
    // cannot take (README).
    if (current == CaseStatus::kReceived || current == CaseStatus::kNeedsInfo)
      return StatusAction{};
    return current == CaseStatus::kVerified ? StatusAction{Action::kDispose, ""}
                                            : StatusAction{Action::kForward, ""};
  }
  return std::nullopt;
}

}  // namespace sigap::api::open311
