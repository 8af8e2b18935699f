#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/calendar_book.h"
#include "app/case_intake.h"
#include "app/case_reader.h"
#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "domain/time.h"
#include "store/store.h"

namespace sigap::app {

// An action as a client asks for it.
struct ActInput {
  domain::ActionRequest request;    // action, actor and inputs; `at` and `survivor` are set here
  std::string into;                 // merge / duplicate: the surviving case's tracking code
  std::string reporter_secret;      // when the actor is the reporter
  std::optional<int64_t> if_match;  // the case version the client saw
};

// What an accepted action produced: the case now, and the new events.
struct ActOutcome {
  domain::Case c;
  std::vector<domain::CaseEvent> events;
};

// Why an action was refused as an illegal transition (for the 409 answer).
struct IllegalTransition {
  domain::CaseStatus current = domain::CaseStatus::kReceived;
  std::vector<domain::Action> allowed;
};

// What one deadline sweep did.
struct SweepReport {
  int checked = 0;    // cases whose check time had come
  int escalated = 0;  // cases with at least one new escalation event
  int closed = 0;     // resolved cases closed for want of a reply
  int failed = 0;     // could not be changed (logged; retried next sweep)
  // Deadlines counted late (CaseWorkflow::CountAwaitingDeadlines): their
  // year's calendar was missing when their stage began.
  int counted = 0;
};

// Sigap disposing a case by itself (routing by text, issue 8): to whom, by
// which model, why, and what the decision needs.
struct AutoDisposal {
  std::string agency_code;
  std::string model;
  std::string basis;
  domain::DecisionContext context;
};

// Called with whether a text suggestion disposed its case, after its commit.
using SuggestionCallback = std::function<void(Result<bool>)>;

// The transaction of CaseWorkflow::QueueTextSuggestion: `suggestion` (a
// routing_suggested event) appended to the case `id`, with `automatic`'s
// verification and disposition when given and still possible (else the
// suggestion says "automatic_refused"). Queues it and returns; `done` runs
// after the commit, on the store's thread, with whether it disposed.
// Suggestions queued together share the store's group commits. With
// `expected_version`, nothing is written when the case has changed since
// (`done` gets kFailedPrecondition).
void QueueTextSuggestion(store::Store& store, domain::PemdaId pemda, domain::CaseId id,
                         domain::EventDraft suggestion, std::optional<AutoDisposal> automatic,
                         std::optional<int64_t> expected_version, SuggestionCallback done);

// The case lifecycle use cases: checks who may do what (domain/access.h,
// domain/lifecycle.h), looks up what a decision needs (agencies, the
// Standar Pelayanan's time limit, the Pemda's calendar) and writes the
// decision through the store in one transaction with its events and
// outbox messages.
//
// Thread-safe.
class CaseWorkflow {
 public:
  // Every reference must outlive this object.
  CaseWorkflow(store::Store& store, const CaseIntake& intake, CalendarBook& calendars,
               const Clock& clock, domain::SlaPolicy policy)
      : store_(store), intake_(intake), calendars_(calendars), clock_(clock), policy_(policy) {}

  // Applies an action to the case behind `code`. Errors: kNotFound (no such
  // case, or not visible to the actor), kPermissionDenied, kInvalidArgument
  // naming the field, kConflict for an illegal transition (then `illegal`,
  // when given, says the current status and the allowed actions),
  // kFailedPrecondition when `if_match` is stale.
  [[nodiscard]] Result<ActOutcome> Act(const domain::Pemda& pemda, std::string_view code,
                                       ActInput input, IllegalTransition* illegal = nullptr) const;

  // The handling of a new case of `kind` received at `at` (the verification
  // deadline), for intake. Without a calendar for that year the case gets
  // no deadline rather than a wrong one.
  [[nodiscard]] domain::Handling InitialHandling(const domain::Pemda& pemda, domain::CaseKind kind,
                                                 Timestamp at) const;
  // The same by Pemda id (the intake's planner); Pemdas are looked up once.
  [[nodiscard]] domain::Handling InitialHandling(domain::PemdaId pemda, domain::CaseKind kind,
                                                 Timestamp at) const;

  // Escalates and auto-closes every case whose check time has come by
  // `now`, at most `limit` of them (the rest wait for the next sweep).
  // Idempotent: a case is changed only when its check time is still due
  // inside the write transaction.
  // The first sweep, and the first after a calendar's years may have
  // changed (CalendarBook::generation: a year installed, another node's
  // change), also counts the deadlines left waiting for a year's calendar
  // (CountAwaitingDeadlines).
  [[nodiscard]] Result<SweepReport> Sweep(Timestamp now, int limit = 5000) const;

  // Counts the deadline of every case whose stage began without one
  // because it reached a year the calendar did not cover, where the
  // calendar covers it now (domain::DecideDeadlineCount; one
  // "deadline_counted" event each). Returns how many were counted; the
  // others keep waiting, as does a case that cannot be decided (logged).
  // Fails only when the waiting cases cannot be listed. Idempotent.
  [[nodiscard]] Result<int> CountAwaitingDeadlines(Timestamp now) const;

  // After the Pemda's calendar changed at `changed_at` from `before` to
  // what CalendarBook::For gives now (a day off added, cancelled or
  // removed; an installed year replaced), moves the running deadlines and
  // reopening windows the change falls in (domain::DecideDeadlineRecount;
  // one internal "deadline_adjusted" event each). Returns how many cases
  // moved; a case that cannot be decided is logged and left. Fails only
  // when the cases cannot be listed.
  [[nodiscard]] Result<int> RecountDeadlines(
      const domain::Pemda& pemda, const std::shared_ptr<const domain::WorkingCalendar>& before,
      Timestamp changed_at) const;

  // Routing by text (issue 8): appends `suggestion` (a routing_suggested
  // event) to the case `id` and, when `automatic` names an agency, verifies
  // and disposes the case to it in the same transaction
  // (domain::DecideAutoDisposal, `basis` says why). When the case can no
  // longer be disposed so (a verifier was quicker, routing by place
  // proposes another agency) the suggestion alone is written, with
  // "automatic_refused" saying why. Does not wait for the write: `done`
  // runs after the commit, on the store's thread, with whether the case was
  // disposed, or at once when what the disposal needs cannot be read.
  // With `expected_version`, as app::QueueTextSuggestion.
  void QueueTextSuggestion(domain::PemdaId pemda, domain::CaseId id, domain::EventDraft suggestion,
                           const std::string& automatic, const std::string& model,
                           const std::string& basis, std::optional<int64_t> expected_version,
                           SuggestionCallback done) const;

  // The actions `actor` may take on `c` now (for the screens' buttons).
  std::vector<domain::Action> ActionsFor(const domain::Case& c, const domain::Actor& actor) const;

  const domain::SlaPolicy& policy() const { return policy_; }

  // Calls `hook` after every action or sweep that wrote events (and with
  // them, perhaps, outbox messages): the server wakes the notification
  // sender with it, so a citizen hears of a disposition in seconds rather
  // than at the sender's next poll. Set before the first Act or Sweep.
  void OnCommitted(std::function<void()> hook) { committed_ = std::move(hook); }

  // Reads the Pemda's published numbers (CaseReader::PublishedNumbers, its
  // cache shared) into every decision's context, so an officer's words keep
  // them in webhooks and the e-mails the public's readers get. Without a
  // reader (imports, tools) those mask every number. `reader` must outlive
  // this object. Set before the first Act.
  void ReadPublishedNumbersFrom(const CaseReader& reader) { reader_ = &reader; }

  // What a decision on `c` needs: the Pemda's calendar, the policy, the
  // case's targets (its Standar Pelayanan's time limit included), the
  // agencies' names and (ReadPublishedNumbersFrom) the published numbers.
  [[nodiscard]] Result<domain::DecisionContext> ContextFor(const domain::Pemda& pemda,
                                                           const domain::Case& c) const;

 private:
  std::optional<domain::Pemda> PemdaById(domain::PemdaId pemda) const;
  // CountAwaitingDeadlines for one case: whether its deadline was counted.
  [[nodiscard]] Result<bool> CountAwaitingDeadline(const store::DueCheck& waiting,
                                                   Timestamp now) const;

  store::Store& store_;
  const CaseIntake& intake_;
  CalendarBook& calendars_;
  const Clock& clock_;
  const domain::SlaPolicy policy_;
  std::function<void()> committed_;
  const CaseReader* reader_ = nullptr;
  // The calendars' generation the waiting deadlines were last counted at.
  mutable std::atomic<uint64_t> counted_generation_{UINT64_MAX};
  mutable std::mutex pemdas_mutex_;
  mutable std::map<domain::PemdaId, domain::Pemda> pemdas_;
};

}  // namespace sigap::app
