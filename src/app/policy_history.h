#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "adapt/policy_engine.h"
#include "domain/case.h"
#include "domain/case_event.h"
#include "domain/catalogue.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::app {

// The targets a case's deadlines are counted with, as CaseWorkflow::
// ContextFor counts them: the Pemda's SLA for its kind, with the completion
// days of the Standar Pelayanan version it was filed under. Reads each
// service's standards once.
//
// Not thread-safe; one per pass or dry run.
class CaseTargets {
 public:
  CaseTargets(store::Store& store, domain::PemdaId pemda, domain::SlaPolicy sla)
      : store_(store), pemda_(pemda), sla_(std::move(sla)) {}

  // The targets of `c`; the SLA's alone when its standard cannot be read
  // (as a decision on the case would count them).
  domain::StageTargets For(const domain::Case& c);

 private:
  store::Store& store_;
  const domain::PemdaId pemda_;
  const domain::SlaPolicy sla_;
  std::map<std::string, std::vector<domain::ServiceStandard>, std::less<>> standards_;
};

// The facts a policy rule sees of a case (adapt::CaseFacts) from its stored
// projection: kind, status, service, category, agency, region (kelurahan
// when known), channel, escalation level, supporters, the deadline state at
// `now`, text in lower case, `vulnerable` when the citizen answered the
// service question `KELOMPOK_RENTAN` (any case) with "ya" or "true", and
// the days its `targets` give a complaint (for Perpres 76/2013).
adapt::CaseFacts FactsOf(const domain::Case& c, Timestamp now, const domain::StageTargets& targets);

// The policy events a stored case event stands for, with the rules whose
// acts led to it (its payload's rule_chain, for the loop guard): the event
// itself (its kind as a kCaseEvent trigger), and for an `escalated` event of the
// deadline sweep also the deadline state it records ("due_soon" or
// "overdue"), with the escalation level it reached.
std::vector<adapt::PolicyEvent> PolicyEventsOf(const domain::Case& c,
                                               const domain::CaseEvent& event,
                                               const domain::StageTargets& targets);

// The most cases of one alert its rules act on.
inline constexpr size_t kMaxAlertCases = 50;

// The policy events a new alert stands for, at `at`: its short kind
// ("cluster") and, where it differs, its detector ("local_cluster"), which
// rules may name either; the facts are its service, agency, first region
// and statistic; its cases (the first kMaxAlertCases) are those its rules
// act on.
std::vector<adapt::PolicyEvent> AlertPolicyEvents(const store::StoredAlert& alert, Timestamp at);

// Reads the history of a Pemda for a dry run, oldest first, as policy
// events: every event at or after `since` of the cases changed since then,
// each case with its targets under `sla` (CaseTargets), and the alerts
// first raised since then (AlertPolicyEvents, at their creation). Reads
// only. Fails with kUnavailable when the store fails.
[[nodiscard]] Result<std::vector<adapt::PolicyEvent>> ReadPolicyHistory(
    store::Store& store, domain::PemdaId pemda, Timestamp since, Timestamp now,
    const domain::SlaPolicy& sla);

}  // namespace sigap::app
