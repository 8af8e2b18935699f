#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "adapt/policy_engine.h"
#include "app/calendar_book.h"
#include "app/case_workflow.h"
#include "app/policy_book.h"
#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/time.h"
#include "store/store.h"

namespace sigap::app {

// What one run of a Pemda's rules did.
struct PolicyRunReport {
  int64_t events = 0;     // case events, alerts and schedule ticks evaluated
  int64_t decisions = 0;  // rule firings
  int64_t applied = 0;    // actions that changed something (an event, a service, a proposal)
  int64_t unchanged = 0;  // actions with nothing to do (already done, not in that stage, ...)
  int64_t refused = 0;    // actions beyond the limits of regulation
  int64_t failed = 0;     // actions the store refused; logged
  bool killed = false;    // the kill switch was on: nothing acted
};

// Runs a Pemda's enabled policy rules live (issue 10): reads what happened
// since the last run — case events by id, new alerts, the day's and the
// week's schedule — from where the store says it stands, evaluates the
// rules with the same engine and the same facts as the dry run
// (PolicyEventsOf), and applies what they decide:
//   raise_priority, escalate, add_supporting_agency, notify,
//   adjust_deadline   one event on the case by "system" carrying the rule's
//                     id, version, chain and note ("otomatis: aturan X vN,
//                     dasar: ..."), in the case's transaction with its
//                     messages (domain::DecideRuleAct); an alert's rule acts
//                     on the cases behind the alert;
//   open_temporary_service
//                     a service in the catalogue with its own standard,
//                     retired by the runner when its days are over;
//   propose_capacity  an alert "capacity_proposal" for the leaders, never
//                     a change of staff.
// The events a rule's act leaves are read back like any other, so a chain
// of rules runs on, and the loop guard (a rule never acts twice along one
// chain) and the rate limits hold as in the dry run. An act is written at
// most once per rule, cause and kind: a run that dies half-way repeats
// nothing it had done. With the kill switch on, events pass unevaluated, and
// turning it off resumes after the newest event (Store::SetPolicyKillSwitch),
// so nothing that happened while it was on is acted on by a later pass.
//
// A Pemda's first run starts at its newest event: rules act on what
// happens from then on; history is for the dry run.
//
// Thread-safe; meant for one background thread on the leading node.
class PolicyRunner {
 public:
  PolicyRunner(store::Store& store, const CaseWorkflow& workflow, CalendarBook& calendars,
               adapt::PolicyLimits limits = {})
      : store_(store),
        workflow_(workflow),
        calendars_(calendars),
        book_(store, limits, workflow.policy()),
        limits_(limits) {}

  // One pass over what happened since the last. Fails with kUnavailable
  // when the store fails (nothing is skipped then: the next run retries).
  [[nodiscard]] Result<PolicyRunReport> RunOnce(const domain::Pemda& pemda, Timestamp now,
                                                int limit = 2000);

 private:
  struct PemdaRun {
    std::unique_ptr<adapt::PolicyEngine> engine;
    std::string signature;  // the rule ids and versions it was built from
    std::map<int64_t, adapt::PolicyRule> rules;
  };
  struct Pass;

  Status Refresh(const domain::Pemda& pemda, PemdaRun& run);
  // Evaluates `event` and applies what the rules decide to `cases`.
  void Evaluate(Pass& pass, const adapt::PolicyEvent& event, int64_t cause_event,
                const std::vector<int64_t>& cases);
  void Apply(Pass& pass, int64_t cause_event, const adapt::PolicyDecision& decision,
             const std::vector<int64_t>& cases);
  void ActOnCase(Pass& pass, int64_t case_id, int64_t cause_event,
                 const adapt::PolicyDecision& decision, int index);
  void OpenService(Pass& pass, const adapt::PolicyDecision& decision,
                   const adapt::PolicyAction& action);
  // `cause_event` as Apply's: an alert's when negative (the proposal then
  // answers that alert).
  void ProposeCapacity(Pass& pass, int64_t cause_event, const adapt::PolicyDecision& decision,
                       const adapt::PolicyAction& action);
  void CloseExpiredServices(Pass& pass);

  store::Store& store_;
  const CaseWorkflow& workflow_;
  CalendarBook& calendars_;
  PolicyBook book_;
  const adapt::PolicyLimits limits_;
  std::mutex mutex_;
  std::map<domain::PemdaId, PemdaRun> runs_;
};

}  // namespace sigap::app
