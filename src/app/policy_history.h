#pragma once

#include <vector>

#include "adapt/policy_engine.h"
#include "domain/case.h"
#include "domain/case_event.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::app {

// The facts a policy rule sees of a case (adapt::CaseFacts) from its stored
// projection: kind, status, service, category, agency, region (kelurahan
// when known), channel, escalation level, supporters, the deadline state at
// `now`, text in lower case, and `vulnerable` when the citizen answered the
// service question `KELOMPOK_RENTAN` (any case) with "ya" or "true".
adapt::CaseFacts FactsOf(const domain::Case& c, Timestamp now);

// The policy events a stored case event stands for, with the rules whose
// acts led to it (its payload's rule_chain, for the loop guard): the event
// itself (its kind as a kCaseEvent trigger), and for an `escalated` event of the
// deadline sweep also the deadline state it records ("due_soon" or
// "overdue"), with the escalation level it reached.
std::vector<adapt::PolicyEvent> PolicyEventsOf(const domain::Case& c,
                                               const domain::CaseEvent& event);

// Reads the history of a Pemda for a dry run: every event at or after
// `since` of the cases changed since then, oldest first, as policy events.
// Reads only. Fails with kUnavailable when the store fails.
[[nodiscard]] Result<std::vector<adapt::PolicyEvent>> ReadPolicyHistory(store::Store& store,
                                                                        domain::PemdaId pemda,
                                                                        Timestamp since,
                                                                        Timestamp now);

}  // namespace sigap::app
