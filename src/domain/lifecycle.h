#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/case.h"
#include "domain/case_event.h"
#include "domain/result.h"
#include "domain/time.h"
#include "domain/user.h"
#include "domain/working_calendar.h"

namespace sigap::domain {

// What someone does to a case. Each accepted action becomes one or more
// CaseEvents; the case's status and handling are their projection.
enum class Action {
  kVerify,        // received -> verified
  kReject,        // received/verified/needs_info -> rejected, with a reason
  kRequestInfo,   // -> needs_info: wait for the citizen, the clock pauses
  kProvideInfo,   // needs_info -> where it was; rejected(incomplete) -> received
  kDispose,       // verified -> disposed to a lead agency (+ supporting ones)
  kForward,       // re-disposition to another lead agency, with a reason
  kRequestInput,  // the lead agency asks a (new) supporting agency for input
  kProvideInput,  // a supporting agency answers
  kAssign,        // the officer in charge inside the lead agency
  kStart,         // disposed -> in_progress
  kResolve,       // in_progress -> resolved, with a public response
  kClose,         // resolved -> closed
  kReopen,        // resolved/closed -> in_progress, within the window
  kNote,          // internal note: officers of the involved agencies only
  kPublicUpdate,  // on the citizen's timeline
  kCategorize,    // sets the case's category (issue 8) while it is open
  kMerge,         // this case is a duplicate of another: it follows the survivor
  kEscalate,      // the deadline sweep: due soon / overdue
  kAutoClose,     // the deadline sweep: no reply after resolution
};

std::string_view ToString(Action action);
std::optional<Action> ParseAction(std::string_view text);

// Why a case is rejected (the fixed list of the lifecycle).
enum class RejectReason { kIncomplete, kOutOfScope, kDuplicate, kAbusive };
std::string_view ToString(RejectReason reason);
std::optional<RejectReason> ParseRejectReason(std::string_view text);
// The reason as a citizen reads it, in lower case (the console's words):
// "di luar kewenangan pemerintah daerah", "outside the local government's
// remit".
std::string_view ReasonWords(RejectReason reason, bool english);

// Who acts: an officer, the reporter (proved by the reporter secret), or
// Sigap itself (the deadline sweep).
struct Actor {
  enum class Kind { kOfficer, kReporter, kSystem } kind = Kind::kSystem;
  Principal officer;  // when kOfficer

  static Actor Officer(Principal p) { return Actor{Kind::kOfficer, std::move(p)}; }
  static Actor Reporter() { return Actor{Kind::kReporter, {}}; }
  static Actor System() { return Actor{Kind::kSystem, {}}; }
  // As recorded in events: "user:<name>", "apikey:<name>", "citizen", "system".
  std::string Name() const;
};

// An action with what it needs. Unused fields are ignored.
struct ActionRequest {
  Action action = Action::kNote;
  Actor actor;
  Timestamp at{};
  std::string reason;                   // reject reason code; forward/reopen/request_info reason
  std::string text;                     // note, update, response, the citizen's information
  std::string agency_code;              // dispose/forward/request_input/provide_input target
  std::vector<std::string> supporting;  // dispose: supporting agencies
  // dispose: why the lead agency differs from the routing proposal
  // (Case::placement.proposed_agency); required then.
  std::string override_reason;
  // dispose: the agency the text classifier proposed (issue 8; the latest
  // routing_suggested event, read by the caller) and its model version.
  // Leaving it needs an override_reason too; both are kept in the event.
  std::string text_suggestion;
  std::string text_model;
  // verify and dispose by Sigap itself (Actor::System): the Pemda allows
  // automatic disposition and the classifier is sure enough (issue 8).
  // Why, for the record: "model <version>, p=0.981 >= 0.930". Kept in the
  // events' payload as "automatic"; required for a system actor to verify or
  // dispose, ignored otherwise.
  std::string automatic_basis;
  std::string assignee;  // assign: a username of the lead agency
  // categorize: the new category code (checked against the Pemda's
  // taxonomy by the caller); `reason` is optional.
  std::string category;
  std::vector<Attachment> attachments;  // resolve, public_update, provide_info
  // merge, and reject as duplicate: the surviving case (read by the caller).
  const Case* survivor = nullptr;
  // A change reported by another system (Open311 servicerequestupdates):
  // when it happened there — not in the future, not before the case's last
  // change — and a picture of it (an http(s) URL). Both go into the first
  // event's payload ("occurred_at", "media_url"); the event's own time stays
  // `at`, Sigap's, because deadlines and the audit chain run on it and a
  // backdated change could otherwise meet a deadline it missed.
  std::optional<Timestamp> occurred_at;
  std::string media_url;
  // That system's own id of the change (Open311 `update_id`), kept in the
  // first event's payload ("external_id") so a retry is recognised.
  std::string external_id;
};

// Deadline targets in working days for one case.
struct StageTargets {
  int verification = 3;
  int follow_up = 5;
  int resolution = 14;
  int auto_close = 10;
};

// One step of the escalation chain: when a stage reaches `trigger` (plus
// `working_days_after` for an overdue step), the sweep records an
// `escalated` event and tells `audience`:
//   handler        the assignee, else the lead agency's officers; the
//                  verifiers while the case awaits verification
//   agency_head    the lead agency's head; the verifiers during verification
//   verifiers      the Pemda's verifiers
//   inspectorate   the addresses of notify.inspectorate_emails
//   agency:CODE    the officers of one agency (an Inspektorat with accounts)
//   user:NAME      one account (the Sekda, say)
struct EscalationStep {
  enum class Trigger { kDueSoon, kOverdue };
  Trigger trigger = Trigger::kOverdue;
  int working_days_after = 0;  // kOverdue only: this many working days after the due date
  std::string audience;

  bool operator==(const EscalationStep&) const = default;
};

// Parses "due_soon:handler, overdue:agency_head, overdue+3:inspectorate":
// comma-separated steps WHEN:WHO, WHEN being due_soon, overdue or
// overdue+N (N working days, 1..60). The steps must come in time order
// (due_soon first, then overdue steps by N) and number 1 to 9. Fails with
// kInvalidArgument naming the step at fault.
[[nodiscard]] Result<std::vector<EscalationStep>> ParseEscalationChain(std::string_view text);

// "overdue+3:inspectorate": the step as ParseEscalationChain reads it.
std::string FormatEscalationStep(const EscalationStep& step);

// The chain of practice: the handler when due soon, the agency head when
// overdue, the inspectorate `inspectorate_after` working days later.
std::vector<EscalationStep> DefaultEscalationChain(int inspectorate_after = 3);

// The deadline rules of a Pemda (Perpres 76/2013, SP4N-LAPOR! practice).
struct SlaPolicy {
  StageTargets defaults;
  // Per kind (indexed by CaseKind); a zero keeps the default.
  StageTargets by_kind[4] = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
  int reopen_window = 10;     // working days after resolution
  int due_soon_percent = 20;  // share of the stage's working days left that counts as due soon
  std::vector<EscalationStep> escalation = DefaultEscalationChain();
  static constexpr int kMaxCompletionDays = 60;  // Perpres 76/2013

  // The targets of a case of `kind` whose Standar Pelayanan sets
  // `completion_days` (0 = none): that is its resolution target, capped.
  StageTargets For(CaseKind kind, int completion_days) const;
};

// Where a case stands against its running deadline. kAwaitingCalendar: a
// stage runs but its deadline could not be counted, because it reaches a
// year whose SKB 3 Menteri is not installed (DecideDeadlineCount counts it
// once it is).
enum class DeadlineState { kNone, kOnTrack, kDueSoon, kOverdue, kPaused, kAwaitingCalendar };
std::string_view ToString(DeadlineState state);
DeadlineState DeadlineAt(const Handling& h, Timestamp now);

// A message to send because of an event, written to the outbox in the same
// transaction. `audience` is "reporter", "agency:CODE", "agency_head:CODE",
// "user:NAME", "verifiers", "inspectorate" (e-mail) or "*" (every webhook
// subscriber of the Pemda that wants this event).
// Event and message data: a flat object of strings, integers, booleans,
// lists of strings and lists of attachments (serialised to JSON outside the
// domain).
using PayloadValue =
    std::variant<std::string, int64_t, bool, std::vector<std::string>, std::vector<Attachment>>;
using Payload = std::vector<std::pair<std::string, PayloadValue>>;

struct Notice {
  std::string channel;  // "email" or "webhook"
  std::string audience;
  std::string template_name;  // the event kind
  Payload payload;            // never the reporter's contact
  size_t event_index = 0;     // which of the change's events it tells about
};

// An event about to be written; the store serialises the payload to JSON
// and chains it.
struct EventDraft {
  std::string kind;
  std::string actor;
  Timestamp at{};
  bool is_public = false;
  Payload payload;
};

// What an accepted action does to one case.
struct CaseChange {
  Case after;                      // the new projection (version bumped by the store)
  std::vector<EventDraft> events;  // in order
  std::vector<Notice> notices;
};

// Everything a decision needs besides the case.
struct DecisionContext {
  std::shared_ptr<const WorkingCalendar> calendar;  // required
  SlaPolicy policy;
  StageTargets targets;  // of this case (SlaPolicy::For)
  // Names shown in messages ("Dinas Pekerjaan Umum"), by code; optional.
  std::vector<std::pair<std::string, std::string>> agency_names;
  // The numbers the Pemda publishes as its own contacts (ContactNumbers of
  // its Standar Pelayanan's complaint channels); optional. An officer's
  // words in what the public's readers are sent (webhooks, a supporter's or
  // a supporting agency's e-mail) keep them as written.
  std::vector<std::string> published_numbers;
};

// The actions the case's status allows, whoever asks (for 409 answers and
// for the screens' buttons). System actions are not listed.
std::vector<Action> AllowedActions(const Case& c);

// True while a resolved or closed case may still be reopened at `now`:
// within its window (Handling::reopen_until), or when no window has been
// counted yet (its year's calendar is not installed).
bool CanReopenAt(const Case& c, Timestamp now);

// True when `actor` may take `action` on `c` by their role and agency
// (whatever the status). For kAssign: the lead agency's head, or any of its
// officers (who may only take the case themselves).
bool Permits(const Case& c, Action action, const Actor& actor);

// Decides an action on `c`: checks the transition (kConflict, "illegal
// transition", when the status does not allow it), the actor's right
// (kPermissionDenied) and the input (kInvalidArgument naming the field),
// then returns the changes — one for `c`, and for a merge a second one for
// the survivor. Escalation and auto-close return no change at all when
// nothing is due at `request.at` (so the sweep is idempotent).
[[nodiscard]] Result<std::vector<CaseChange>> Decide(const Case& c, const ActionRequest& request,
                                                     const DecisionContext& context);

// An act of a policy rule (issue 10) on one case, with what explains it on
// the timeline ("otomatis: aturan NAME vV, dasar: BASIS").
struct RuleAct {
  enum class Kind { kRaisePriority, kEscalate, kAddSupportingAgency, kNotify, kAdjustDeadline };
  Kind kind = Kind::kNotify;
  // kEscalate, kNotify: who hears of it (handler, agency_head, verifiers,
  // inspectorate, reporter, agency:CODE, agency_head:CODE, user:NAME,
  // webhook:ID); kAddSupportingAgency: the agency code.
  std::string target;
  int level = 0;  // kRaisePriority: 1 high, 2 urgent
  // kAdjustDeadline: the stage whose deadline moves (verification,
  // follow_up, resolution, auto_close, reopen_window) and by how many
  // working days (+ extends, − shortens).
  std::string stage;
  int days = 0;
  int64_t rule_id = 0;
  int rule_version = 0;
  std::string note;            // the timeline's words
  std::vector<int64_t> chain;  // the rules whose acts led here, this one last
  int64_t cause_event = 0;     // the case event that set the rule off (−id: an alert)
  int action_index = 0;        // which of the rule's actions
  Timestamp at{};
};

// What a rule's act does to `c`: one event by "system" (priority_raised,
// escalated, agency_added, notified or deadline_adjusted) whose payload
// carries rule_id, rule_version, rule_chain, cause_event, action and note, and its
// messages. Nothing (an empty list) when there is nothing to do: the case is
// not open, its priority is already that high, the agency is already
// involved, it is not in that stage. kFailedPrecondition
// ("exceeds_regulation") when an extension would give a complaint's
// resolution more than 60 working days (Perpres 76/2013);
// kInvalidArgument for a target the case cannot take.
// Routing by text (issue 8): Sigap verifies the received case `c` and
// disposes it to `agency_code`, the classifier's proposal, as one change
// with a "verified" and a "disposed" event by "system" (each carrying
// `basis` as "automatic") and the disposition's messages. kConflict when
// `c` is no longer received; kFailedPrecondition ("place_disagrees") when
// routing by place proposed another agency (a verifier decides between
// them); kInvalidArgument as Decide.
[[nodiscard]] Result<std::vector<CaseChange>> DecideAutoDisposal(
    const Case& c, const std::string& agency_code, const std::string& model,
    const std::string& basis, const DecisionContext& ctx, Timestamp at);

[[nodiscard]] Result<std::vector<CaseChange>> DecideRuleAct(const Case& c, const RuleAct& act,
                                                            const DecisionContext& context);

// The deadline of `c`'s running stage, counted now: it was left unset when
// the stage began because it reached a year the calendar did not cover
// (that year's SKB 3 Menteri was not installed), and the calendar of `ctx`
// may cover it since. The stage's working days are `ctx.targets`' (the
// case's own, SlaPolicy::For), counted from the stage's start, as when it
// began; an auto-close stage also gets its reopening window. One internal
// "deadline_counted" event by "system" (payload stage, days, due_at),
// no messages: a deadline already past is escalated by the next sweep.
// Nothing (an empty list) when the case is not open, runs no stage, has its
// deadline, or the calendar still does not cover it.
[[nodiscard]] Result<std::vector<CaseChange>> DecideDeadlineCount(const Case& c,
                                                                  const DecisionContext& ctx,
                                                                  Timestamp at);

// The deadlines of `c` after its Pemda's calendar changed from `before` to
// `ctx.calendar` (a day off added, cancelled or removed; a year replaced):
// each running deadline (the stage's due and due-soon marks, the reopening
// window) moves by the working days the change adds to or takes from its
// span, those after the day it began up to and including its due day, and
// the stage's first day when the change moved it (a stage begun before the
// cut-off on what is now a day off starts the next working day). So what
// the stage was given, a pause's days included, is kept; only the calendar
// under it changes. One internal "deadline_adjusted" event by "system"
// (payload reason "calendar", stage, due_before, due_at, and reopen_until
// when it moved), no messages. Nothing (an empty list) when no deadline of
// the case moves, or one cannot be counted on the new calendar. A deadline
// counted from `changed_at` on (the moment the calendar changed) was counted
// on the new calendar already and stays.
[[nodiscard]] Result<std::vector<CaseChange>> DecideDeadlineRecount(const Case& c,
                                                                    const WorkingCalendar& before,
                                                                    Timestamp changed_at,
                                                                    const DecisionContext& ctx,
                                                                    Timestamp at);

// The handling of a new case received at `at`: the verification deadline.
Handling InitialHandling(Timestamp at, const DecisionContext& context);

// The handling of a case imported from an older system with its original
// status and dates: the deadline its status implies, counted from those
// dates (verification from `created_at`; follow-up and resolution from
// `disposed_at`, else `created_at`; auto-close and the reopening window
// from `resolved_at`, else `created_at`). A case imported in needs_info
// pauses from `created_at`. Closed, rejected and merged cases run none.
Handling ImportedHandling(CaseStatus status, Timestamp created_at,
                          std::optional<Timestamp> disposed_at,
                          std::optional<Timestamp> resolved_at, const DecisionContext& context);

// Event kinds of the lifecycle (the foundation's "submitted" included).
namespace event_kind {
inline constexpr std::string_view kVerified = "verified";
inline constexpr std::string_view kRejected = "rejected";
inline constexpr std::string_view kInfoRequested = "info_requested";
inline constexpr std::string_view kInfoProvided = "info_provided";
inline constexpr std::string_view kDisposed = "disposed";
inline constexpr std::string_view kForwarded = "forwarded";
inline constexpr std::string_view kInputRequested = "input_requested";
inline constexpr std::string_view kInputProvided = "input_provided";
inline constexpr std::string_view kAssigned = "assigned";
inline constexpr std::string_view kStarted = "started";
inline constexpr std::string_view kResolved = "resolved";
inline constexpr std::string_view kClosed = "closed";
inline constexpr std::string_view kReopened = "reopened";
inline constexpr std::string_view kNote = "note";
inline constexpr std::string_view kPublicUpdate = "public_update";
inline constexpr std::string_view kMerged = "merged";
inline constexpr std::string_view kMergedIn = "merged_in";
inline constexpr std::string_view kEscalated = "escalated";
// The case's category changed (issue 8): internal, payload category,
// previous and, when given, reason.
inline constexpr std::string_view kCategorized = "categorized";
// Routing by text (issue 8): the classifier's top agencies for a new case,
// internal (officers only); written after intake, never by an action.
inline constexpr std::string_view kRoutingSuggested = "routing_suggested";
// Acts of policy rules (issue 10; kEscalated too), by "system".
inline constexpr std::string_view kPriorityRaised = "priority_raised";
inline constexpr std::string_view kAgencyAdded = "agency_added";
inline constexpr std::string_view kNotified = "notified";
inline constexpr std::string_view kDeadlineAdjusted = "deadline_adjusted";
// A deadline counted late, once its year's calendar was installed
// (DecideDeadlineCount), by "system".
inline constexpr std::string_view kDeadlineCounted = "deadline_counted";
}  // namespace event_kind

// Whether an event carries what the reporter wrote or sent after filing:
// their own events (a reason to reopen) and an answer to an officer's
// question, whoever typed it in. It may name people or places the case does
// not, so its text and attachments are for the reporter and the officers,
// not the public (the case's public timeline, Open311's updates feed).
bool CarriesReportersWords(std::string_view kind, std::string_view actor);
inline bool CarriesReportersWords(const CaseEvent& e) {
  return CarriesReportersWords(e.kind, e.actor);
}

// Whether an event's reason is the citizen's to read: why their report was
// rejected, why it was reopened. Other reasons (why an agency forwarded a
// case, why a verifier overrode the proposal) are the officers' own words,
// candid about people, and stay with the officers: not on the public
// timeline, not in the reporter's e-mail, not to webhook subscribers.
inline bool ReasonIsPublic(std::string_view kind) {
  return kind == event_kind::kRejected || kind == event_kind::kReopened;
}

}  // namespace sigap::domain
