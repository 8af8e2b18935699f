#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/case.h"
#include "domain/lifecycle.h"

namespace sigap::api::open311 {

// How Sigap's case lifecycle reads in GeoReport v2 and in mySociety's
// servicerequestupdates extension. Pure functions.

// "open" or "closed": a case is closed once resolved, closed, rejected or
// merged (GeoReport v2 `status`).
std::string_view OpenOrClosed(domain::CaseStatus status);

// The extended status (mySociety) an event stands for: verified →
// investigating, disposed → action_scheduled, forwarded →
// internal_referral, started/reopened → in_progress/open, resolved →
// fixed, closed → closed, rejected → duplicate | not_councils_responsibility
// | no_further_action (by its reason), merged → duplicate, info_requested
// → investigating. nullopt for events that change no status (public
// updates, information provided), whose status is that of the event before.
std::optional<std::string> ExtendedStatusOf(std::string_view kind, std::string_view payload_json);

// What an extended status posted by a client asks Sigap to do with `c`,
// given its status now: an action, or a public update when the case is
// already there. nullopt for an unknown status.
struct StatusAction {
  domain::Action action = domain::Action::kPublicUpdate;
  std::string reason;  // reject reason code
};
std::optional<StatusAction> ActionForStatus(std::string_view extended_status,
                                            domain::CaseStatus current);

}  // namespace sigap::api::open311
