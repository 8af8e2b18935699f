#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace sigap::domain {

// The lifecycle of an early-warning alert (issue 9):
//   new → acknowledged → actioned → closed,
// and an alert not yet actioned may be closed directly (a false alarm, or a
// change that needs nothing). Closed is final: a change that persists after
// its alert was closed opens a new alert.
enum class AlertStatus { kNew, kAcknowledged, kActioned, kClosed };

// "new", "acknowledged", "actioned", "closed".
std::string_view AlertStatusName(AlertStatus status);
std::optional<AlertStatus> ParseAlertStatus(std::string_view name);

// The statuses an alert in `from` may move to, in lifecycle order.
std::vector<AlertStatus> AllowedAlertMoves(AlertStatus from);
bool AlertMoveAllowed(AlertStatus from, AlertStatus to);

}  // namespace sigap::domain
