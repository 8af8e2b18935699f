#pragma once

#include <optional>
#include <string>
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
// Every status's name, in lifecycle order.
std::vector<std::string> AlertStatusNames();

// The statuses an alert in `from` may move to, in lifecycle order.
std::vector<AlertStatus> AllowedAlertMoves(AlertStatus from);
bool AlertMoveAllowed(AlertStatus from, AlertStatus to);

// Whether two alerts of one detector and group are about the same change:
// they share a region code or two top terms (one when either has only
// one: a single word common to two topics, "lansia" in a flood and in
// unpaid aid, does not make them one); one with neither always overlaps. A persisting change
// updates its alert instead of opening another. `borders_a`, the regions bordering a's (a local
// cluster's zone), count as a's own: a cluster that moves to the next kelurahan is the same change,
// as the scan itself counts bordering zones as one cluster. Between two alerts that both name
// places the places alone decide: two floods apart whose reports use the same words are two alerts.
bool AlertsOverlap(const std::vector<std::string>& regions_a,
                   const std::vector<std::string>& terms_a,
                   const std::vector<std::string>& regions_b,
                   const std::vector<std::string>& terms_b,
                   const std::vector<std::string>& borders_a = {});

// Whether the alerts of `group` are one change whatever their places, as
// long as their words share one (ServiceTopicContinues): a topic attributed
// to a service ("emerging_topic:DINKES-JKN") is that service's rising
// topic, however its leading words drift from day to day ("pbi, bpjs pbi"
// one day, "pbi, peserta pbi" the next).
bool GroupIsOneChange(std::string_view group);

// Whether a service's topic with `terms_b` continues the one with
// `terms_a`: a word of one is a word of the other. Another burst of the same
// service in other words ("tersumbat, air meluap" after "banjir, pompa") is
// a topic of its own, not a rewrite of the first alert.
bool ServiceTopicContinues(const std::vector<std::string>& terms_a,
                           const std::vector<std::string>& terms_b);

// Whether a draft of `group` (places and words `_b`, bordering places
// `borders_b`) is the change of an alert of the same group (`_a`): a
// service's topic that continues (above), or alerts that overlap
// (AlertsOverlap).
bool AlertsAreOneChange(std::string_view group, const std::vector<std::string>& regions_a,
                        const std::vector<std::string>& terms_a,
                        const std::vector<std::string>& regions_b,
                        const std::vector<std::string>& terms_b,
                        const std::vector<std::string>& borders_b = {});

}  // namespace sigap::domain
