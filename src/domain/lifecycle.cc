#include "domain/lifecycle.h"

#include <algorithm>
#include <array>
#include <utility>

#include "domain/access.h"
#include "domain/category.h"
#include "domain/text.h"

namespace sigap::domain {
namespace {

constexpr std::array<std::pair<Action, std::string_view>, 19> kActions{{
    {Action::kVerify, "verify"},
    {Action::kReject, "reject"},
    {Action::kRequestInfo, "request_info"},
    {Action::kProvideInfo, "provide_info"},
    {Action::kDispose, "dispose"},
    {Action::kForward, "forward"},
    {Action::kRequestInput, "request_input"},
    {Action::kProvideInput, "provide_input"},
    {Action::kAssign, "assign"},
    {Action::kStart, "start"},
    {Action::kResolve, "resolve"},
    {Action::kClose, "close"},
    {Action::kReopen, "reopen"},
    {Action::kNote, "note"},
    {Action::kPublicUpdate, "public_update"},
    {Action::kCategorize, "categorize"},
    {Action::kMerge, "merge"},
    {Action::kEscalate, "escalate"},
    {Action::kAutoClose, "auto_close"},
}};

constexpr std::array<std::pair<RejectReason, std::string_view>, 4> kRejectReasons{{
    {RejectReason::kIncomplete, "incomplete"},
    {RejectReason::kOutOfScope, "out_of_scope"},
    {RejectReason::kDuplicate, "duplicate"},
    {RejectReason::kAbusive, "abusive"},
}};

struct ReasonText {
  RejectReason reason;
  std::string_view id, en;
};
constexpr std::array<ReasonText, 4> kReasonWords{{
    {RejectReason::kIncomplete, "informasi belum lengkap", "information incomplete"},
    {RejectReason::kOutOfScope, "di luar kewenangan pemerintah daerah",
     "outside the local government's remit"},
    {RejectReason::kDuplicate, "sama dengan laporan lain", "duplicate of another report"},
    {RejectReason::kAbusive, "mengandung kata kasar atau SARA", "abusive content"},
}};

constexpr size_t kTextMax = 5000;    // code points, like a description
constexpr size_t kReasonMax = 1000;  // code points

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> ValueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view text) {
  for (const auto& [v, name] : table) {
    if (name == text) return v;
  }
  return std::nullopt;
}

bool IsOpen(CaseStatus s) {
  return s != CaseStatus::kClosed && s != CaseStatus::kRejected && s != CaseStatus::kMerged;
}

// --- Who may act -----------------------------------------------------------

bool IsVerifier(const Actor& a) {
  return a.kind == Actor::Kind::kOfficer && a.officer.role == Role::kVerifier;
}

bool IsAdmin(const Actor& a) {
  return a.kind == Actor::Kind::kOfficer && a.officer.role == Role::kAdmin;
}

bool IsAgencyRole(const Actor& a) {
  return a.kind == Actor::Kind::kOfficer &&
         (a.officer.role == Role::kAgencyOfficer || a.officer.role == Role::kAgencyHead);
}

bool OfLead(const Actor& a, const Case& c) {
  return IsAgencyRole(a) && !c.agency_code.empty() && a.officer.agency_code == c.agency_code &&
         DisposedToAgency(c);
}

bool HeadOfLead(const Actor& a, const Case& c) {
  return OfLead(a, c) && a.officer.role == Role::kAgencyHead;
}

bool OfInvolved(const Actor& a, const Case& c) {
  return OfLead(a, c) ||
         (IsAgencyRole(a) && DisposedToAgency(c) && c.handling.Supports(a.officer.agency_code));
}

bool IsReporter(const Actor& a) { return a.kind == Actor::Kind::kReporter; }

// Who verified: the officer, or "system" when Sigap disposed by itself.
std::string VerifierName(const Actor& a) {
  return a.kind == Actor::Kind::kSystem ? a.Name() : a.officer.name;
}

bool Allowed(const Case& c, const ActionRequest& r) {
  const Actor& a = r.actor;
  const bool handling = c.status == CaseStatus::kDisposed || c.status == CaseStatus::kInProgress;
  switch (r.action) {
    case Action::kVerify:
    case Action::kDispose:
      return IsVerifier(a) || (a.kind == Actor::Kind::kSystem && !r.automatic_basis.empty());
    case Action::kReject:
    case Action::kMerge:
      return IsVerifier(a);
    case Action::kRequestInfo:
      return IsVerifier(a) || (handling && OfLead(a, c));
    case Action::kProvideInfo:
      return IsReporter(a) || IsVerifier(a);
    case Action::kForward:
      return IsVerifier(a) || OfLead(a, c);
    case Action::kRequestInput:
    case Action::kStart:
    case Action::kResolve:
      return OfLead(a, c);
    case Action::kProvideInput:
      return IsAgencyRole(a) && c.handling.Supports(a.officer.agency_code);
    case Action::kAssign:
      // The head reassigns inside the agency; an officer may take the case.
      return HeadOfLead(a, c) || (OfLead(a, c) && r.assignee == a.officer.name);
    case Action::kClose:
      return IsReporter(a) || IsVerifier(a) || OfLead(a, c);
    case Action::kReopen:
      return IsReporter(a) || IsVerifier(a);
    case Action::kNote:
      return IsVerifier(a) || OfInvolved(a, c);
    case Action::kPublicUpdate:
      return IsVerifier(a) || OfInvolved(a, c);
    case Action::kCategorize:
      return IsVerifier(a) || IsAdmin(a) || OfLead(a, c);
    case Action::kEscalate:
    case Action::kAutoClose:
      return a.kind == Actor::Kind::kSystem;
  }
  return false;
}

// --- Input checks ------------------------------------------------------------

void CheckText(std::vector<FieldError>& errors, std::string_view field, const std::string& text,
               size_t max, bool required) {
  if (text.empty()) {
    if (required) errors.push_back({std::string(field), "required", "required"});
    return;
  }
  if (!IsValidUtf8(text)) {
    errors.push_back({std::string(field), "invalid_utf8", "not valid UTF-8"});
  } else if (CodePointCount(text) > max) {
    errors.push_back({std::string(field), "too_long", "longer than " + std::to_string(max)});
  } else if (HasControlCharacters(text, /*allow_newlines=*/true)) {
    errors.push_back({std::string(field), "invalid_characters", "control characters"});
  }
}

// --- Deadlines ---------------------------------------------------------------

std::optional<Timestamp> EndOfDayAfter(const WorkingCalendar& cal, Timestamp end_of_day, int n) {
  const auto from = cal.LocalDate(end_of_day);
  auto to = cal.AddWorkingDays(from, n);
  if (!to) return std::nullopt;
  return end_of_day + std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::sys_days(*to) - std::chrono::sys_days(from));
}

std::optional<Timestamp> NextCheck(const Handling& h, const DecisionContext& ctx) {
  if (h.stage == Stage::kNone || h.paused_at || !h.due_at) return std::nullopt;
  if (h.stage == Stage::kAutoClose) return h.due_at;
  const auto& chain = ctx.policy.escalation;
  if (h.escalation_level < 0 || static_cast<size_t>(h.escalation_level) >= chain.size()) {
    return std::nullopt;
  }
  const EscalationStep& next = chain[static_cast<size_t>(h.escalation_level)];
  if (next.trigger == EscalationStep::Trigger::kDueSoon) {
    return h.due_soon_at ? h.due_soon_at : h.due_at;
  }
  if (next.working_days_after == 0) return h.due_at;
  return EndOfDayAfter(*ctx.calendar, *h.due_at, next.working_days_after);
}

// Who hears of an escalation step of case `c`: the chain's words made
// concrete (see EscalationStep).
std::string EscalationAudience(const EscalationStep& step, const Case& c, const Handling& h) {
  const bool agency_stage = h.stage != Stage::kVerification && !c.agency_code.empty();
  if (step.audience == "handler") {
    return !agency_stage         ? "verifiers"
           : !h.assignee.empty() ? "user:" + h.assignee
                                 : "agency:" + c.agency_code;
  }
  if (step.audience == "agency_head") {
    return agency_stage ? "agency_head:" + c.agency_code : "verifiers";
  }
  return step.audience;
}

// Counts the running stage's deadline, `days` working days from its start,
// and its due-soon mark. Leaves both unset when the calendar cannot count
// it (a year without its decree); returns whether it could.
bool CountDue(Handling& h, int days, const DecisionContext& ctx) {
  h.due_at.reset();
  h.due_soon_at.reset();
  auto due = ctx.calendar->DueAt(*h.stage_started_at, days);
  if (!due) return false;
  h.due_at = *due;
  if (ctx.policy.due_soon_percent > 0 && h.stage != Stage::kAutoClose) {
    // The last due_soon_percent of the stage's working days (at least one),
    // from the start of the first of them: a working morning, not a moment
    // of calendar time that may fall on a weekend or a holiday.
    const int last = std::max(1, (days * ctx.policy.due_soon_percent + 99) / 100);
    if (auto end_of_first =
            ctx.calendar->DueAt(*h.stage_started_at, std::max(1, days - last + 1))) {
      h.due_soon_at =
          std::min(*due, *end_of_first - std::chrono::hours(24) + std::chrono::microseconds(1));
    }
  }
  return true;
}

void StartStage(Handling& h, Stage stage, Timestamp anchor, int days, const DecisionContext& ctx) {
  h.stage = stage;
  h.stage_started_at = anchor;
  h.paused_at.reset();
  h.escalation_level = 0;
  CountDue(h, days, ctx);
  h.next_check_at = NextCheck(h, ctx);
}

// A forwarded case's new lead follows it up within its follow-up days, but
// no later than the resolution is due: that is counted from the first
// disposition (the citizen's clock does not start again), so a case
// forwarded late had its follow-up due after its resolution, and starting
// the work moved the deadline earlier.
void FollowUpByTheResolution(Handling& h, const DecisionContext& ctx) {
  if (!h.disposed_at || !h.due_at) return;
  const auto resolution = ctx.calendar->DueAt(*h.disposed_at, ctx.targets.resolution);
  if (!resolution || *resolution >= *h.due_at) return;
  h.due_at = *resolution;
  if (h.due_soon_at) h.due_soon_at = std::min(*h.due_soon_at, *resolution);
  h.next_check_at = NextCheck(h, ctx);
}

void StopStage(Handling& h) {
  h.stage = Stage::kNone;
  h.stage_started_at.reset();
  h.due_at.reset();
  h.due_soon_at.reset();
  h.paused_at.reset();
  h.escalation_level = 0;
  h.next_check_at.reset();
}

void Pause(Handling& h, Timestamp at) {
  if (h.stage == Stage::kNone || h.paused_at) return;
  h.paused_at = at;
  h.next_check_at.reset();
}

// Moves the deadline by the working days the clock stood still: those after
// the day it stopped, up to and including the day it restarts. Counted
// from the pause rather than re-counted from the restart, so a pause that
// ends on the day it began moves nothing, even after the cut-off or on a
// day off (re-counting with DueAt added a day then).
void Resume(Handling& h, Timestamp at, const DecisionContext& ctx) {
  if (!h.paused_at) return;
  if (h.due_at && *h.paused_at <= *h.due_at) {
    const auto stood_still = ctx.calendar->WorkingDaysBetween(*h.paused_at, at);
    if (stood_still && *stood_still > 0) {
      if (auto due = EndOfDayAfter(*ctx.calendar, *h.due_at, *stood_still)) {
        const auto moved = *due - *h.due_at;
        h.due_at = *due;
        if (h.due_soon_at) *h.due_soon_at += moved;
      }
    }
  }
  if (!h.due_at && h.stage_started_at) {
    // The deadline waits for its year's calendar (StartStage): the stage
    // starts later by the working days the clock stood still, so that the
    // deadline counted then (DecideDeadlineCount) leaves them out. A stage
    // begun on a day off before the cut-off moves one working day more: its
    // day 0 was the next working day (DueAt), while moved by n days it
    // lands, in office hours, on day n of its own date's count.
    const auto stood_still = ctx.calendar->WorkingDaysBetween(*h.paused_at, at);
    if (stood_still && *stood_still > 0) {
      const Timestamp start = *h.stage_started_at;
      const auto local = start + ctx.calendar->settings().utc_offset;
      const bool day_off_before_cutoff =
          !ctx.calendar->IsWorkingDay(ctx.calendar->LocalDate(start)) &&
          local - std::chrono::floor<std::chrono::days>(local) < ctx.calendar->settings().cutoff;
      const int shift = *stood_still + (day_off_before_cutoff ? 1 : 0);
      if (auto later = EndOfDayAfter(*ctx.calendar, start, shift)) h.stage_started_at = *later;
    }
  }
  h.paused_at.reset();
  h.next_check_at = NextCheck(h, ctx);
}

// The working days of a stage of a case with `targets`.
int StageDays(Stage stage, const StageTargets& targets) {
  switch (stage) {
    case Stage::kVerification:
      return targets.verification;
    case Stage::kFollowUp:
      return targets.follow_up;
    case Stage::kResolution:
      return targets.resolution;
    case Stage::kAutoClose:
      return targets.auto_close;
    case Stage::kNone:
      return 0;
  }
  return 0;
}

// --- Events and messages -------------------------------------------------------

std::string AgencyName(const DecisionContext& ctx, const std::string& code) {
  for (const auto& [c, name] : ctx.agency_names) {
    if (c == code) return name;
  }
  return code;
}

// A message's title and text as the public reads them: the telephone
// numbers, e-mail addresses, NIK and the reporter's name typed into them
// masked. The text keeps the numbers among `published` (the Pemda's own
// contacts, DecisionContext::published_numbers), as the public case view
// keeps them in an officer's answer; the title, the citizen's words, is
// masked as the case view masks it.
void MaskForThePublic(Payload& p, std::string_view reporter_name,
                      const std::vector<std::string>& published) {
  for (auto& [key, value] : p) {
    const auto* text = std::get_if<std::string>(&value);
    if (!text) continue;
    if (key == "title") {
      value = MaskPersonalText(*text, reporter_name);
    } else if (key == "text" || key == "reason") {
      value = MaskPersonalText(*text, reporter_name, published);
    }
  }
}

class ChangeBuilder {
 public:
  ChangeBuilder(const Case& c, const ActionRequest& r, const DecisionContext& ctx)
      : r_(r), ctx_(ctx) {
    change_.after = c;
  }

  Case& after() { return change_.after; }
  Handling& handling() { return change_.after.handling; }

  // Adds an event; returns its index.
  size_t Event(std::string_view kind, bool is_public, Payload payload) {
    EventDraft e;
    e.kind = std::string(kind);
    e.actor = r_.actor.Name();
    e.at = r_.at;
    e.is_public = is_public;
    e.payload = std::move(payload);
    // What another system reported belongs to the acted-on case's first
    // event, not to a merge survivor's.
    const bool survivor = r_.survivor && r_.survivor->id == change_.after.id;
    if (change_.events.empty() && !survivor) {
      if (r_.occurred_at) e.payload.emplace_back("occurred_at", FormatRfc3339(*r_.occurred_at));
      if (!r_.media_url.empty()) e.payload.emplace_back("media_url", r_.media_url);
      if (!r_.external_id.empty()) e.payload.emplace_back("external_id", r_.external_id);
    }
    change_.events.push_back(std::move(e));
    return change_.events.size() - 1;
  }

  // Tells `audience` by e-mail about event `index`. What the reporter is
  // told, the case's supporters (+1) are told too.
  void Email(std::string audience, size_t index, Payload extra = {}) {
    const bool supporters = audience == "reporter" && change_.after.supporters > 0;
    const bool support_ended = std::any_of(extra.begin(), extra.end(), [](const auto& kv) {
      const auto* role = std::get_if<std::string>(&kv.second);
      return kv.first == "recipient_role" && role && *role == "support_ended";
    });
    Payload payload = MessagePayload(index, extra);
    if (support_ended) {
      // An agency that no longer reads the case reads no officer's words
      // about it (a forward's reason may be about that agency).
      std::erase_if(payload, [](const auto& kv) {
        return kv.first == "reason" || kv.first == "text" || kv.first == "note";
      });
    }
    if (audience == "reporter") {
      OfficersReasonOut(payload, change_.events[index].kind);
      // In the language the reporter filed in (notify/templates.cc).
      if (change_.after.submission.language == "en") payload.emplace_back("lang", "en");
    }
    if (audience == "inspectorate") {
      // Addresses outside the agencies (the inspectorate oversees deadlines,
      // not the citizen): the title as the public reads it, none at all of
      // a confidential case.
      const bool confidential = change_.after.submission.confidential;
      std::erase_if(payload, [&](const auto& kv) { return confidential && kv.first == "title"; });
      MaskForThePublic(payload, change_.after.submission.reporter.name, ctx_.published_numbers);
    } else if (!KnowsTheReporter(audience)) {
      // What the reporter wrote, as the case view shows it to them: the
      // public's reading (a supporting agency, anyone of an anonymous case).
      MaskForThePublic(payload, change_.after.submission.reporter.name, ctx_.published_numbers);
    }
    change_.notices.push_back(Notice{"email", std::move(audience), change_.events[index].kind,
                                     std::move(payload), index});
    if (supporters) {
      // Other citizens who backed the report read what the public reads.
      Payload theirs = MessagePayload(index, std::move(extra));
      OfficersReasonOut(theirs, change_.events[index].kind);
      MaskForThePublic(theirs, change_.after.submission.reporter.name, ctx_.published_numbers);
      change_.notices.push_back(
          Notice{"email", "supporters", change_.events[index].kind, std::move(theirs), index});
    }
  }

  // True when `audience` may read the reporter's own words (CanSeeReporter
  // in e-mail's terms): the reporter; of a case that is not anonymous, the
  // verifiers, the lead agency and the officer assigned in it. A
  // supporting agency, or a user a rule names, reads what the public reads.
  bool KnowsTheReporter(std::string_view audience) const {
    const Case& c = change_.after;
    if (audience == "reporter") return true;
    if (c.submission.anonymous) return false;
    if (audience == "verifiers") return true;
    if (audience.starts_with("user:")) {
      return !c.handling.assignee.empty() && audience.substr(5) == c.handling.assignee;
    }
    for (std::string_view prefix : {"agency:", "agency_head:"}) {
      if (audience.starts_with(prefix)) return audience.substr(prefix.size()) == c.agency_code;
    }
    return false;
  }

  // Drops the reason of `kind` from what is told outside the officers,
  // unless the citizen reads it (ReasonIsPublic).
  static void OfficersReasonOut(Payload& p, std::string_view kind) {
    if (ReasonIsPublic(kind)) return;
    std::erase_if(p, [](const auto& kv) { return kv.first == "reason"; });
  }

  // Tells one webhook subscriber ("webhook:ID") about event `index`.
  void Webhook(std::string audience, size_t index) {
    change_.notices.push_back(Notice{"webhook", std::move(audience), change_.events[index].kind,
                                     MessagePayload(index, {}), index});
  }

  CaseChange Finish() {
    // Every event but internal notes goes to webhook subscribers; texts
    // only of public events.
    for (size_t i = 0; i < change_.events.size(); ++i) {
      const auto& e = change_.events[i];
      if (e.kind == event_kind::kNote) continue;
      Payload p = MessagePayload(i, {});
      // Confidential cases: other systems learn that something happened,
      // never what the citizen or the agency wrote.
      const bool withhold_title = change_.after.submission.confidential;
      // What a citizen wrote after filing (the information asked for) is
      // not on the public timeline either (CarriesReportersWords).
      const bool reporters_words = CarriesReportersWords(e.kind, e.actor);
      if (!e.is_public || withhold_title || reporters_words) {
        std::erase_if(p, [withhold_title](const auto& kv) {
          return kv.first == "text" || kv.first == "reason" || kv.first == "media_url" ||
                 kv.first == "note" || kv.first == "attachments" ||
                 (withhold_title && kv.first == "title");
        });
      }
      // Other systems get what the public reads.
      OfficersReasonOut(p, e.kind);
      MaskForThePublic(p, change_.after.submission.reporter.name, ctx_.published_numbers);
      change_.notices.push_back(Notice{"webhook", "*", e.kind, std::move(p), i});
    }
    return std::move(change_);
  }

 private:
  Payload MessagePayload(size_t index, Payload extra) const {
    const Case& c = change_.after;
    const EventDraft& e = change_.events[index];
    Payload p{{"tracking_code", c.tracking_code},
              {"event", e.kind},
              {"status", std::string(ToString(c.status))},
              {"title", c.submission.title},
              {"at", FormatRfc3339(e.at)}};
    std::string agency = c.agency_code;
    for (const auto& kv : e.payload) {
      if (kv.first == "text" || kv.first == "reason" || kv.first == "agency_code" ||
          kv.first == "level" || kv.first == "rule" || kv.first == "due_at" ||
          kv.first == "occurred_at" || kv.first == "media_url" || kv.first == "note") {
        p.push_back(kv);
      }
      if (const auto* code = std::get_if<std::string>(&kv.second);
          code && kv.first == "agency_code") {
        agency = *code;
      }
    }
    // agency_name names the agency of agency_code (a supporting agency's
    // input is not the lead's); the lead is named apart, by name, as
    // readers need it.
    if (!agency.empty()) p.emplace_back("agency_name", AgencyName(ctx_, agency));
    if (!c.agency_code.empty()) {
      p.emplace_back("lead_agency_code", c.agency_code);
      p.emplace_back("lead_agency_name", AgencyName(ctx_, c.agency_code));
    }
    for (auto& kv : extra) p.push_back(std::move(kv));
    return p;
  }

  const ActionRequest& r_;
  const DecisionContext& ctx_;
  CaseChange change_;
};

void AddDue(Payload& p, const Handling& h) {
  if (h.due_at) p.emplace_back("due_at", FormatRfc3339(*h.due_at));
}

Error Illegal(const Case& c, Action action) {
  return Error{ErrorCode::kConflict,
               "cannot " + std::string(ToString(action)) + " a case that is " +
                   std::string(ToString(c.status)),
               {{"action", "illegal_transition", std::string(ToString(c.status))}}};
}

// --- The deadline sweep ------------------------------------------------------

Result<std::vector<CaseChange>> Sweep(const Case& c, const ActionRequest& r,
                                      const DecisionContext& ctx) {
  const Handling& h = c.handling;
  if (!IsOpen(c.status) || !h.next_check_at || *h.next_check_at > r.at)
    return std::vector<CaseChange>{};
  ChangeBuilder b(c, r, ctx);
  if (h.stage == Stage::kAutoClose) {
    b.after().status = CaseStatus::kClosed;
    StopStage(b.handling());
    const size_t i = b.Event(event_kind::kClosed, true, {{"auto", true}, {"rule", "auto_close"}});
    b.Email("reporter", i);
    return std::vector<CaseChange>{b.Finish()};
  }
  // Climb the chain as far as `at` reaches: a sweep that ran late still
  // records every step, in order.
  Handling& nh = b.handling();
  const auto& chain = ctx.policy.escalation;
  while (nh.next_check_at && *nh.next_check_at <= r.at && nh.escalation_level >= 0 &&
         static_cast<size_t>(nh.escalation_level) < chain.size()) {
    const EscalationStep& step = chain[static_cast<size_t>(nh.escalation_level)];
    nh.escalation_level += 1;
    Payload p{{"level", int64_t{nh.escalation_level}},
              {"rule", FormatEscalationStep(step)},
              {"stage", std::string(ToString(nh.stage))}};
    AddDue(p, nh);
    std::string audience = EscalationAudience(step, c, nh);
    p.emplace_back("to", audience);
    const size_t i = b.Event(event_kind::kEscalated, false, std::move(p));
    b.Email(audience, i);
    nh.next_check_at = NextCheck(nh, ctx);
  }
  return std::vector<CaseChange>{b.Finish()};
}

}  // namespace

Result<std::vector<EscalationStep>> ParseEscalationChain(std::string_view text) {
  std::vector<EscalationStep> chain;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = Trim(text.substr(start, comma - start));
    start = comma + 1;
    const std::string which = "step " + std::to_string(chain.size() + 1) + " (\"" + item + "\")";
    const size_t colon = item.find(':');
    if (colon == std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, which + ": expected WHEN:WHO");
    }
    const std::string when = Trim(std::string_view(item).substr(0, colon));
    EscalationStep step;
    step.audience = Trim(std::string_view(item).substr(colon + 1));
    if (when == "due_soon") {
      step.trigger = EscalationStep::Trigger::kDueSoon;
    } else if (when == "overdue") {
      step.trigger = EscalationStep::Trigger::kOverdue;
    } else if (when.starts_with("overdue+") && when.size() > 8 && when.size() <= 10 &&
               std::all_of(when.begin() + 8, when.end(),
                           [](char ch) { return ch >= '0' && ch <= '9'; })) {
      step.trigger = EscalationStep::Trigger::kOverdue;
      step.working_days_after = std::stoi(when.substr(8));
      if (step.working_days_after < 1 || step.working_days_after > 60) {
        return Fail(ErrorCode::kInvalidArgument, which + ": overdue+N needs N from 1 to 60");
      }
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  which + ": WHEN is due_soon, overdue or overdue+N (working days)");
    }
    const std::string& who = step.audience;
    const bool named = (who.starts_with("agency:") && who.size() > 7) ||
                       (who.starts_with("user:") && who.size() > 5);
    if (!named && who != "handler" && who != "agency_head" && who != "verifiers" &&
        who != "inspectorate") {
      return Fail(ErrorCode::kInvalidArgument,
                  which +
                      ": WHO is handler, agency_head, verifiers, inspectorate, agency:CODE or "
                      "user:NAME");
    }
    if (!chain.empty()) {
      const EscalationStep& prev = chain.back();
      const bool in_order = prev.trigger == EscalationStep::Trigger::kDueSoon
                                ? true
                                : step.trigger == EscalationStep::Trigger::kOverdue &&
                                      step.working_days_after >= prev.working_days_after;
      if (!in_order) {
        return Fail(ErrorCode::kInvalidArgument,
                    which + ": steps must come in time order (due_soon, overdue, overdue+N)");
      }
    }
    chain.push_back(std::move(step));
    if (chain.size() > 9) {
      return Fail(ErrorCode::kInvalidArgument, "an escalation chain has at most 9 steps");
    }
  }
  return chain;
}

std::string FormatEscalationStep(const EscalationStep& step) {
  std::string when = step.trigger == EscalationStep::Trigger::kDueSoon ? "due_soon" : "overdue";
  if (step.working_days_after > 0) when += "+" + std::to_string(step.working_days_after);
  return when + ":" + step.audience;
}

std::vector<EscalationStep> DefaultEscalationChain(int inspectorate_after) {
  using Trigger = EscalationStep::Trigger;
  return {{Trigger::kDueSoon, 0, "handler"},
          {Trigger::kOverdue, 0, "agency_head"},
          {Trigger::kOverdue, inspectorate_after, "inspectorate"}};
}

std::string_view ToString(Action action) { return NameOf(kActions, action); }
std::optional<Action> ParseAction(std::string_view text) { return ValueOf(kActions, text); }
std::string_view ToString(RejectReason reason) { return NameOf(kRejectReasons, reason); }
std::optional<RejectReason> ParseRejectReason(std::string_view text) {
  return ValueOf(kRejectReasons, text);
}

std::string_view ReasonWords(RejectReason reason, bool english) {
  for (const auto& r : kReasonWords) {
    if (r.reason == reason) return english ? r.en : r.id;
  }
  return ToString(reason);
}

std::string Actor::Name() const {
  switch (kind) {
    case Kind::kOfficer:
      return officer.Actor();
    case Kind::kReporter:
      return "citizen";
    case Kind::kSystem:
      return "system";
  }
  return "system";
}

StageTargets SlaPolicy::For(CaseKind kind, int completion_days) const {
  StageTargets t = defaults;
  const StageTargets& k = by_kind[static_cast<int>(kind)];
  if (k.verification > 0) t.verification = k.verification;
  if (k.follow_up > 0) t.follow_up = k.follow_up;
  if (k.resolution > 0) t.resolution = k.resolution;
  if (k.auto_close > 0) t.auto_close = k.auto_close;
  if (completion_days > 0) t.resolution = std::min(completion_days, kMaxCompletionDays);
  // Both are counted from the disposition: the agency's first follow-up is
  // due no later than the resolution it leads to. A one-day service's case
  // that waits for it shows the service's day, not five.
  t.follow_up = std::min(t.follow_up, t.resolution);
  return t;
}

std::string_view ToString(DeadlineState state) {
  switch (state) {
    case DeadlineState::kNone:
      return "none";
    case DeadlineState::kOnTrack:
      return "on_track";
    case DeadlineState::kDueSoon:
      return "due_soon";
    case DeadlineState::kOverdue:
      return "overdue";
    case DeadlineState::kPaused:
      return "paused";
    case DeadlineState::kAwaitingCalendar:
      return "awaiting_calendar";
  }
  return "none";
}

DeadlineState DeadlineAt(const Handling& h, Timestamp now) {
  if (h.stage == Stage::kNone || h.stage == Stage::kAutoClose) return DeadlineState::kNone;
  if (h.paused_at) return DeadlineState::kPaused;
  if (!h.due_at) return DeadlineState::kAwaitingCalendar;
  if (now > *h.due_at) return DeadlineState::kOverdue;
  if (h.due_soon_at && now >= *h.due_soon_at) return DeadlineState::kDueSoon;
  return DeadlineState::kOnTrack;
}

bool Permits(const Case& c, Action action, const Actor& actor) {
  ActionRequest r;
  r.action = action;
  r.actor = actor;
  if (action == Action::kAssign) r.assignee = actor.officer.name;
  return Allowed(c, r);
}

std::vector<Action> AllowedActions(const Case& c) {
  using A = Action;
  // Any open case may be (re)categorised (issue 8).
  switch (c.status) {
    case CaseStatus::kReceived:
      return {A::kVerify, A::kReject,       A::kRequestInfo, A::kMerge,
              A::kNote,   A::kPublicUpdate, A::kCategorize};
    case CaseStatus::kVerified:
      return {A::kDispose, A::kReject,       A::kRequestInfo, A::kMerge,
              A::kNote,    A::kPublicUpdate, A::kCategorize};
    case CaseStatus::kNeedsInfo:
      return {A::kProvideInfo, A::kReject, A::kMerge, A::kNote, A::kPublicUpdate, A::kCategorize};
    case CaseStatus::kRejected:
      if (c.handling.reject_reason == ToString(RejectReason::kIncomplete)) {
        return {A::kProvideInfo, A::kNote};
      }
      return {A::kNote};
    case CaseStatus::kDisposed:
      return {A::kStart,       A::kForward, A::kRequestInput, A::kProvideInput, A::kAssign,
              A::kRequestInfo, A::kMerge,   A::kNote,         A::kPublicUpdate, A::kCategorize};
    case CaseStatus::kInProgress:
      return {A::kResolve,     A::kForward, A::kRequestInput, A::kProvideInput, A::kAssign,
              A::kRequestInfo, A::kMerge,   A::kNote,         A::kPublicUpdate, A::kCategorize};
    case CaseStatus::kResolved:
      return {A::kClose, A::kReopen, A::kNote, A::kPublicUpdate, A::kCategorize};
    case CaseStatus::kClosed:
      return {A::kReopen, A::kNote};
    case CaseStatus::kMerged:
      return {};
  }
  return {};
}

Result<std::vector<CaseChange>> DecideDeadlineCount(const Case& c, const DecisionContext& ctx,
                                                    Timestamp at) {
  const Handling& h = c.handling;
  if (!IsOpen(c.status) || h.stage == Stage::kNone || h.due_at || !h.stage_started_at) {
    return std::vector<CaseChange>{};
  }
  const int days = StageDays(h.stage, ctx.targets);
  Handling counted = h;
  if (!CountDue(counted, days, ctx)) return std::vector<CaseChange>{};
  ActionRequest r;
  r.actor = Actor::System();
  r.at = at;
  ChangeBuilder b(c, r, ctx);
  Handling& nh = b.handling();
  nh = std::move(counted);
  if (h.stage == Stage::kAutoClose && !nh.reopen_until && nh.resolved_at) {
    if (auto until = ctx.calendar->DueAt(*nh.resolved_at, ctx.policy.reopen_window)) {
      nh.reopen_until = *until;
    }
  }
  nh.next_check_at = nh.paused_at ? std::nullopt : NextCheck(nh, ctx);
  Payload p{{"stage", std::string(ToString(h.stage))}, {"days", int64_t{days}}};
  AddDue(p, nh);
  b.Event(event_kind::kDeadlineCounted, false, std::move(p));
  return std::vector<CaseChange>{b.Finish()};
}

namespace {

// Where the end of day `end_of_day` moves when the calendar under a span
// that began at `start` changes from `before` to `after`: by the working
// days gained or lost after the span's first day up to and including its
// last, and by its first day's when that moved. nullopt when it does not
// move or cannot be counted.
std::optional<Timestamp> MovedEndOfDay(const WorkingCalendar& before, const WorkingCalendar& after,
                                       Timestamp start, Timestamp end_of_day) {
  using std::chrono::days;
  using std::chrono::sys_days;
  const sys_days first{after.LocalDate(start)};
  const sys_days last{after.LocalDate(end_of_day)};
  if (last < first) return std::nullopt;
  int delta = 0;
  for (sys_days d = first + days(1); d <= last; d += days(1)) {
    const bool was = before.IsWorkingDay(std::chrono::year_month_day{d});
    const bool is = after.IsWorkingDay(std::chrono::year_month_day{d});
    delta += was && !is ? 1 : !was && is ? -1 : 0;
  }
  // The first day counts when the span began in office hours (DueAt's day 0).
  const auto local = start + after.settings().utc_offset;
  if (local - std::chrono::floor<days>(local) < after.settings().cutoff) {
    const bool was = before.IsWorkingDay(std::chrono::year_month_day{first});
    const bool is = after.IsWorkingDay(std::chrono::year_month_day{first});
    delta += was && !is ? 1 : !was && is ? -1 : 0;
  }
  if (delta == 0) return std::nullopt;
  if (delta > 0) return EndOfDayAfter(after, end_of_day, delta);
  // Back by |delta| working days of the new calendar.
  sys_days d = last;
  for (int n = -delta; n > 0;) {
    d -= days(1);
    if (d <= first) return std::nullopt;  // would end before it began
    if (after.IsWorkingDay(std::chrono::year_month_day{d})) --n;
  }
  return end_of_day - (last - d);
}

}  // namespace

Result<std::vector<CaseChange>> DecideDeadlineRecount(const Case& c, const WorkingCalendar& before,
                                                      Timestamp changed_at,
                                                      const DecisionContext& ctx, Timestamp at) {
  const Handling& h = c.handling;
  std::optional<Timestamp> due, reopen;
  if (IsOpen(c.status) && h.stage != Stage::kNone && h.due_at && h.stage_started_at &&
      *h.stage_started_at < changed_at) {
    due = MovedEndOfDay(before, *ctx.calendar, *h.stage_started_at, *h.due_at);
  }
  if (h.reopen_until && h.resolved_at && *h.resolved_at < changed_at) {
    reopen = MovedEndOfDay(before, *ctx.calendar, *h.resolved_at, *h.reopen_until);
  }
  if (!due && !reopen) return std::vector<CaseChange>{};
  ActionRequest r;
  r.actor = Actor::System();
  r.at = at;
  ChangeBuilder b(c, r, ctx);
  Handling& nh = b.handling();
  Payload p{{"reason", std::string("calendar")}};
  if (due) {
    p.emplace_back("stage", std::string(ToString(h.stage)));
    p.emplace_back("due_before", FormatRfc3339(*h.due_at));
    const auto moved = *due - *h.due_at;
    nh.due_at = *due;
    if (nh.due_soon_at) *nh.due_soon_at += moved;
  }
  if (reopen) {
    p.emplace_back("reopen_before", FormatRfc3339(*h.reopen_until));
    nh.reopen_until = *reopen;
    p.emplace_back("reopen_until", FormatRfc3339(*reopen));
  }
  nh.next_check_at = nh.paused_at ? std::nullopt : NextCheck(nh, ctx);
  AddDue(p, nh);
  b.Event(event_kind::kDeadlineAdjusted, false, std::move(p));
  return std::vector<CaseChange>{b.Finish()};
}

Handling InitialHandling(Timestamp at, const DecisionContext& context) {
  Handling h;
  StartStage(h, Stage::kVerification, at, context.targets.verification, context);
  return h;
}

bool CanReopenAt(const Case& c, Timestamp now) {
  return !c.handling.reopen_until || now <= *c.handling.reopen_until;
}

Handling ImportedHandling(CaseStatus status, Timestamp created_at,
                          std::optional<Timestamp> disposed_at,
                          std::optional<Timestamp> resolved_at, const DecisionContext& ctx) {
  Handling h;
  const Timestamp disposed = disposed_at.value_or(created_at);
  const Timestamp resolved = resolved_at.value_or(created_at);
  switch (status) {
    case CaseStatus::kReceived:
    case CaseStatus::kVerified:
      StartStage(h, Stage::kVerification, created_at, ctx.targets.verification, ctx);
      break;
    case CaseStatus::kNeedsInfo:
      StartStage(h, Stage::kVerification, created_at, ctx.targets.verification, ctx);
      h.resume_status = CaseStatus::kReceived;
      Pause(h, created_at);
      break;
    case CaseStatus::kDisposed:
      h.disposed_at = disposed;
      StartStage(h, Stage::kFollowUp, disposed, ctx.targets.follow_up, ctx);
      break;
    case CaseStatus::kInProgress:
      h.disposed_at = disposed;
      StartStage(h, Stage::kResolution, disposed, ctx.targets.resolution, ctx);
      break;
    case CaseStatus::kResolved:
      h.disposed_at = disposed_at;
      h.resolved_at = resolved;
      if (auto until = ctx.calendar->DueAt(resolved, ctx.policy.reopen_window)) {
        h.reopen_until = *until;
      }
      StartStage(h, Stage::kAutoClose, resolved, ctx.targets.auto_close, ctx);
      break;
    case CaseStatus::kClosed:
      // Reopened only within the window after its resolution, as a case
      // closed here (without a resolution date, after its filing).
      h.disposed_at = disposed_at;
      h.resolved_at = resolved_at;
      if (auto until = ctx.calendar->DueAt(resolved, ctx.policy.reopen_window)) {
        h.reopen_until = *until;
      }
      break;
    case CaseStatus::kRejected:
    case CaseStatus::kMerged:
      h.disposed_at = disposed_at;
      h.resolved_at = resolved_at;
      break;
  }
  return h;
}

Result<std::vector<CaseChange>> Decide(const Case& c, const ActionRequest& r,
                                       const DecisionContext& ctx) {
  if (r.action == Action::kEscalate || r.action == Action::kAutoClose) {
    if (r.actor.kind != Actor::Kind::kSystem) {
      return Fail(ErrorCode::kPermissionDenied, "only Sigap's deadline sweep escalates");
    }
    return Sweep(c, r, ctx);
  }
  const auto allowed = AllowedActions(c);
  if (std::find(allowed.begin(), allowed.end(), r.action) == allowed.end()) {
    return Fail(Illegal(c, r.action));
  }
  if (!Allowed(c, r)) {
    return Fail(ErrorCode::kPermissionDenied,
                "this role may not " + std::string(ToString(r.action)) + " this case");
  }

  // Input.
  std::vector<FieldError> errors;
  const bool text_required = r.action == Action::kRequestInfo || r.action == Action::kProvideInfo ||
                             r.action == Action::kResolve || r.action == Action::kNote ||
                             r.action == Action::kPublicUpdate ||
                             r.action == Action::kRequestInput || r.action == Action::kProvideInput;
  CheckText(errors, "text", r.text, kTextMax, text_required);
  const bool reason_required = r.action == Action::kForward || r.action == Action::kReopen;
  std::optional<RejectReason> reject_reason;
  if (r.action == Action::kReject) {
    reject_reason = ParseRejectReason(r.reason);
    if (!reject_reason) {
      errors.push_back({"reason",
                        r.reason.empty() ? "required" : "invalid_value",
                        "one of incomplete, out_of_scope, duplicate, abusive",
                        {"incomplete", "out_of_scope", "duplicate", "abusive"}});
    }
  } else {
    CheckText(errors, "reason", r.reason, kReasonMax, reason_required);
  }
  const bool needs_agency = r.action == Action::kDispose || r.action == Action::kForward ||
                            r.action == Action::kRequestInput;
  if (needs_agency && r.agency_code.empty()) {
    errors.push_back({"agency_code", "required", "the agency"});
  }
  if (r.action == Action::kForward && !r.agency_code.empty() && r.agency_code == c.agency_code) {
    errors.push_back({"agency_code", "same_agency", "the case is already with this agency"});
  }
  if (r.action == Action::kRequestInput && !r.agency_code.empty() &&
      r.agency_code == c.agency_code) {
    errors.push_back({"agency_code", "same_agency", "the lead agency cannot support itself"});
  }
  if (r.action == Action::kDispose) {
    // Routing by place (issue 5): overriding the proposal needs a reason,
    // which is kept to train the classifier.
    // Routing by text (issue 8) likewise, when no rule proposed one.
    const std::string& proposed =
        c.placement.proposed_agency.empty() ? r.text_suggestion : c.placement.proposed_agency;
    const bool overrides = !proposed.empty() && !r.agency_code.empty() && r.agency_code != proposed;
    CheckText(errors, "override_reason", r.override_reason, kReasonMax, overrides);
    for (const auto& s : r.supporting) {
      if (s == r.agency_code) {
        errors.push_back({"supporting", "same_agency", "the lead agency is not a supporting one"});
        break;
      }
    }
  }
  if (r.action == Action::kCategorize) {
    CheckText(errors, "category", r.category, kCategoryCodeMax, true);
    if (!r.category.empty() && r.category == c.submission.category) {
      errors.push_back({"category", "same_category", "the case already has this category"});
    }
  }
  if (r.action == Action::kAssign && r.assignee.empty()) {
    errors.push_back({"assignee", "required", "a username"});
  }
  const bool needs_survivor =
      r.action == Action::kMerge ||
      (r.action == Action::kReject && reject_reason == RejectReason::kDuplicate);
  if (needs_survivor) {
    if (!r.survivor) {
      errors.push_back({"into", "required", "the tracking code of the surviving case"});
    } else if (r.survivor->id == c.id) {
      errors.push_back({"into", "same_case", "a case cannot be merged into itself"});
    } else if (!IsOpen(r.survivor->status)) {
      errors.push_back({"into", "not_open", "the surviving case is closed, rejected or merged"});
    } else if (r.survivor->submission.confidential) {
      // The merged case's reporter follows the surviving case, which only
      // its own reporter and the handling agency may see.
      errors.push_back({"into", "is_confidential", "the surviving case is confidential"});
    }
  }
  if (r.action == Action::kReopen && !CanReopenAt(c, r.at)) {
    errors.push_back({"reason", "window_passed", "the reopening window has passed"});
  }
  if (r.occurred_at && (*r.occurred_at > r.at || *r.occurred_at < c.updated_at)) {
    errors.push_back({"occurred_at", "out_of_range",
                      "not in the future, not before the case's last change (" +
                          FormatRfc3339(c.updated_at) + ")"});
  }
  CheckText(errors, "media_url", r.media_url, 2000, false);
  CheckText(errors, "external_id", r.external_id, 100, false);
  constexpr size_t kMaxAttachments = 5;
  // Files: an officer's response or public update, and what a citizen
  // sends when asked for more (the closer photo an officer asked for).
  if (!r.attachments.empty() && r.action != Action::kResolve && r.action != Action::kPublicUpdate &&
      r.action != Action::kProvideInfo) {
    errors.push_back(
        {"attachments", "not_accepted", "only a response, a public update or more information"});
  } else if (r.attachments.size() > kMaxAttachments) {
    errors.push_back({"attachments", "too_many", "at most 5 files"});
  }
  for (size_t i = 0; i < r.attachments.size() && i < kMaxAttachments; ++i) {
    CheckText(errors, "attachments[" + std::to_string(i) + "].name", r.attachments[i].name, 200,
              false);
  }
  if (!r.media_url.empty() && !IsWebUrl(r.media_url)) {
    errors.push_back({"media_url", "invalid_format", "an http(s) URL"});
  }
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, "invalid action", errors);

  ChangeBuilder b(c, r, ctx);
  Case& after = b.after();
  Handling& h = b.handling();
  std::vector<CaseChange> changes;

  switch (r.action) {
    case Action::kVerify: {
      after.status = CaseStatus::kVerified;
      h.verifier = VerifierName(r.actor);
      Payload p;
      if (!r.text.empty()) p.emplace_back("text", r.text);
      if (!r.automatic_basis.empty()) p.emplace_back("automatic", r.automatic_basis);
      b.Event(event_kind::kVerified, true, std::move(p));
      break;
    }
    case Action::kReject: {
      after.status = CaseStatus::kRejected;
      h.reject_reason = std::string(ToString(*reject_reason));
      if (h.verifier.empty()) h.verifier = r.actor.officer.name;
      StopStage(h);
      Payload p{{"reason", h.reject_reason}};
      if (!r.text.empty()) p.emplace_back("text", r.text);
      if (r.survivor) {
        h.merged_into = r.survivor->id;
        p.emplace_back("duplicate_of", r.survivor->tracking_code);
      }
      b.Email("reporter", b.Event(event_kind::kRejected, true, std::move(p)));
      break;
    }
    case Action::kRequestInfo: {
      h.resume_status = c.status;
      after.status = CaseStatus::kNeedsInfo;
      Pause(h, r.at);
      Payload p{{"text", r.text}, {"clock", "paused"}};
      b.Email("reporter", b.Event(event_kind::kInfoRequested, true, std::move(p)));
      break;
    }
    case Action::kProvideInfo: {
      Payload p{{"text", r.text}};
      // Shown to the officers and the reporter, never to the public (the
      // case view and the download keep a citizen's files from it).
      if (!r.attachments.empty()) p.emplace_back("attachments", r.attachments);
      if (c.status == CaseStatus::kRejected) {
        // The citizen completes an incomplete report: it is verified anew.
        after.status = CaseStatus::kReceived;
        h.reject_reason.clear();
        StartStage(h, Stage::kVerification, r.at, ctx.targets.verification, ctx);
        p.emplace_back("completed", true);
      } else {
        after.status = h.resume_status;
        Resume(h, r.at, ctx);
        p.emplace_back("clock", "resumed");
      }
      AddDue(p, h);
      const size_t i = b.Event(event_kind::kInfoProvided, true, std::move(p));
      if (!c.agency_code.empty() && after.status != CaseStatus::kReceived &&
          after.status != CaseStatus::kVerified) {
        b.Email("agency:" + c.agency_code, i);
      }
      break;
    }
    case Action::kDispose: {
      after.status = CaseStatus::kDisposed;
      after.agency_code = r.agency_code;
      h.supporting.clear();
      for (const auto& s : r.supporting) {
        if (!h.Supports(s)) h.supporting.push_back({s, false});
      }
      if (h.verifier.empty()) h.verifier = VerifierName(r.actor);
      if (!h.disposed_at) h.disposed_at = r.at;
      StartStage(h, Stage::kFollowUp, r.at, ctx.targets.follow_up, ctx);
      std::vector<std::string> supporting;
      for (const auto& s : h.supporting) supporting.push_back(s.agency_code);
      Payload p{{"agency_code", r.agency_code},
                {"agency_name", AgencyName(ctx, r.agency_code)},
                {"supporting", supporting}};
      if (!r.text.empty()) p.emplace_back("text", r.text);
      const auto& proposed = c.placement.proposed_agency;
      if (!proposed.empty()) p.emplace_back("proposal", proposed);
      if (!r.text_suggestion.empty()) {
        p.emplace_back("text_suggestion", r.text_suggestion);
        p.emplace_back("text_model", r.text_model);
      }
      if (!r.automatic_basis.empty()) p.emplace_back("automatic", r.automatic_basis);
      const auto& followed = proposed.empty() ? r.text_suggestion : proposed;
      if (!followed.empty() && r.agency_code != followed) {
        p.emplace_back("override_reason", r.override_reason);
      }
      AddDue(p, h);
      const size_t i = b.Event(event_kind::kDisposed, true, std::move(p));
      b.Email("reporter", i);
      b.Email("agency:" + r.agency_code, i);
      // A supporting agency is asked to support the lead, not given the
      // lead's new case (notify/templates.cc words it by recipient_role).
      for (const auto& s : supporting) {
        b.Email("agency:" + s, i,
                {{"recipient_role", "supporting"}, {"requested_by", r.actor.Name()}});
      }
      break;
    }
    case Action::kForward: {
      const std::string from = c.agency_code;
      after.status = CaseStatus::kDisposed;
      after.agency_code = r.agency_code;
      std::erase_if(h.supporting,
                    [&](const SupportingAgency& s) { return s.agency_code == r.agency_code; });
      // A confidential case is read by its lead and the supporters the lead
      // chose; forwarded (perhaps because one of them is what it is about),
      // it starts again with the new lead alone, who may add supporters.
      std::vector<std::string> ended;
      if (c.submission.confidential) {
        for (const auto& s : h.supporting) ended.push_back(s.agency_code);
        h.supporting.clear();
      }
      h.assignee.clear();
      if (!h.disposed_at) h.disposed_at = r.at;
      StartStage(h, Stage::kFollowUp, r.at, ctx.targets.follow_up, ctx);
      FollowUpByTheResolution(h, ctx);
      Payload p{{"from", from},
                {"agency_code", r.agency_code},
                {"agency_name", AgencyName(ctx, r.agency_code)},
                {"reason", r.reason}};
      if (!ended.empty()) p.emplace_back("supporting_ended", ended);
      AddDue(p, h);
      const size_t i = b.Event(event_kind::kForwarded, true, std::move(p));
      b.Email("agency:" + r.agency_code, i);
      b.Email("reporter", i);
      // The supporters learn of the new lead. Those whose support ended
      // (a confidential case) are told so and why, never silently dropped;
      // not the forward's reason, which may be about them.
      for (const auto& s : h.supporting) {
        b.Email("agency:" + s.agency_code, i, {{"recipient_role", "supporting"}});
      }
      for (const auto& s : ended) {
        b.Email("agency:" + s, i, {{"recipient_role", "support_ended"}});
      }
      break;
    }
    case Action::kRequestInput: {
      bool found = false;
      for (auto& s : h.supporting) {
        if (s.agency_code == r.agency_code) {
          s.input_requested = true;
          found = true;
        }
      }
      if (!found) h.supporting.push_back({r.agency_code, true});
      Payload p{{"agency_code", r.agency_code}, {"text", r.text}};
      b.Email("agency:" + r.agency_code, b.Event(event_kind::kInputRequested, false, std::move(p)));
      break;
    }
    case Action::kProvideInput: {
      for (auto& s : h.supporting) {
        if (s.agency_code == r.actor.officer.agency_code) s.input_requested = false;
      }
      Payload p{{"agency_code", r.actor.officer.agency_code}, {"text", r.text}};
      b.Email("agency:" + c.agency_code, b.Event(event_kind::kInputProvided, false, std::move(p)));
      break;
    }
    case Action::kAssign: {
      h.assignee = r.assignee;
      Payload p{{"assignee", r.assignee}};
      b.Email("user:" + r.assignee, b.Event(event_kind::kAssigned, false, std::move(p)));
      break;
    }
    case Action::kStart: {
      after.status = CaseStatus::kInProgress;
      const Timestamp anchor = h.disposed_at.value_or(r.at);
      StartStage(h, Stage::kResolution, anchor, ctx.targets.resolution, ctx);
      Payload p;
      if (!r.text.empty()) p.emplace_back("text", r.text);
      AddDue(p, h);
      b.Event(event_kind::kStarted, true, std::move(p));
      break;
    }
    case Action::kResolve: {
      after.status = CaseStatus::kResolved;
      h.resolved_at = r.at;
      h.reopen_until.reset();
      if (auto until = ctx.calendar->DueAt(r.at, ctx.policy.reopen_window)) h.reopen_until = *until;
      StartStage(h, Stage::kAutoClose, r.at, ctx.targets.auto_close, ctx);
      Payload p{{"text", r.text}};
      if (!r.attachments.empty()) p.emplace_back("attachments", r.attachments);
      if (h.reopen_until) p.emplace_back("reopen_until", FormatRfc3339(*h.reopen_until));
      b.Email("reporter", b.Event(event_kind::kResolved, true, std::move(p)));
      break;
    }
    case Action::kClose: {
      after.status = CaseStatus::kClosed;
      StopStage(h);
      Payload p;
      if (!r.text.empty()) p.emplace_back("text", r.text);
      const size_t i = b.Event(event_kind::kClosed, true, std::move(p));
      if (!IsReporter(r.actor)) b.Email("reporter", i);
      break;
    }
    case Action::kReopen: {
      after.status = CaseStatus::kInProgress;
      h.resolved_at.reset();
      StartStage(h, Stage::kResolution, r.at, ctx.targets.resolution, ctx);
      Payload p{{"reason", r.reason}};
      AddDue(p, h);
      const size_t i = b.Event(event_kind::kReopened, true, std::move(p));
      if (!c.agency_code.empty()) b.Email("agency:" + c.agency_code, i);
      break;
    }
    case Action::kNote:
      b.Event(event_kind::kNote, false, {{"text", r.text}});
      break;
    case Action::kPublicUpdate: {
      Payload p{{"text", r.text}};
      if (!r.attachments.empty()) p.emplace_back("attachments", r.attachments);
      b.Email("reporter", b.Event(event_kind::kPublicUpdate, true, std::move(p)));
      break;
    }
    case Action::kCategorize: {
      Payload p{{"category", r.category}, {"previous", c.submission.category}};
      if (!r.reason.empty()) p.emplace_back("reason", r.reason);
      after.submission.category = r.category;
      b.Event(event_kind::kCategorized, false, std::move(p));
      break;
    }
    case Action::kMerge: {
      after.status = CaseStatus::kMerged;
      h.merged_into = r.survivor->id;
      StopStage(h);
      Payload p{{"into", r.survivor->tracking_code}};
      if (!r.text.empty()) p.emplace_back("text", r.text);
      b.Email("reporter", b.Event(event_kind::kMerged, true, std::move(p)));
      // The survivor records what joined it.
      ChangeBuilder s(*r.survivor, r, ctx);
      s.Event(event_kind::kMergedIn, false, {{"from", c.tracking_code}});
      changes.push_back(s.Finish());
      break;
    }
    case Action::kEscalate:
    case Action::kAutoClose:
      break;  // handled above
  }
  changes.insert(changes.begin(), b.Finish());
  return changes;
}

// --- Acts of policy rules (issue 10) -------------------------------------------

namespace {

// Whom a rule's audience words name on `c`: the escalation words made
// concrete, "agency_head:CODE" and the like as they are.
std::string RuleAudience(const std::string& target, const Case& c) {
  EscalationStep step;
  step.audience = target;
  return EscalationAudience(step, c, c.handling);
}

}  // namespace

Result<std::vector<CaseChange>> DecideAutoDisposal(const Case& c, const std::string& agency_code,
                                                   const std::string& model,
                                                   const std::string& basis,
                                                   const DecisionContext& ctx, Timestamp at) {
  if (c.status != CaseStatus::kReceived) {
    return Fail(ErrorCode::kConflict, "the case is no longer waiting for verification");
  }
  const auto& proposed = c.placement.proposed_agency;
  if (!proposed.empty() && proposed != agency_code) {
    return Fail(ErrorCode::kFailedPrecondition, "place_disagrees");
  }
  ActionRequest r;
  r.actor = Actor::System();
  r.at = at;
  r.automatic_basis = basis;
  r.action = Action::kVerify;
  auto verified = Decide(c, r, ctx);
  if (!verified) return Fail(verified.error());
  r.action = Action::kDispose;
  r.agency_code = agency_code;
  r.text_suggestion = agency_code;
  r.text_model = model;
  auto disposed = Decide(verified->front().after, r, ctx);
  if (!disposed) return Fail(disposed.error());
  CaseChange change = std::move(verified->front());
  CaseChange& second = disposed->front();
  const size_t offset = change.events.size();
  for (auto& e : second.events) change.events.push_back(std::move(e));
  for (auto& n : second.notices) {
    n.event_index += offset;
    change.notices.push_back(std::move(n));
  }
  change.after = std::move(second.after);
  return std::vector<CaseChange>{std::move(change)};
}

Result<std::vector<CaseChange>> DecideRuleAct(const Case& c, const RuleAct& act,
                                              const DecisionContext& ctx) {
  if (!IsOpen(c.status)) return std::vector<CaseChange>{};
  ActionRequest r;
  r.actor = Actor::System();
  r.at = act.at;
  ChangeBuilder b(c, r, ctx);
  Handling& h = b.handling();
  Payload p{{"rule_id", act.rule_id},
            {"rule_version", int64_t{act.rule_version}},
            {"note", act.note},
            {"cause_event", act.cause_event},
            {"action", int64_t{act.action_index}}};
  std::vector<std::string> chain;
  for (const int64_t id : act.chain) chain.push_back(std::to_string(id));
  p.emplace_back("rule_chain", std::move(chain));

  switch (act.kind) {
    case RuleAct::Kind::kRaisePriority: {
      if (act.level < 1 || act.level > 2) {
        return Fail(ErrorCode::kInvalidArgument, "priority level 1 or 2",
                    {{"level", "invalid_value", "high or urgent"}});
      }
      if (h.priority >= act.level) return std::vector<CaseChange>{};
      h.priority = act.level;
      p.emplace_back("level", int64_t{act.level});
      b.Event(event_kind::kPriorityRaised, false, std::move(p));
      break;
    }
    case RuleAct::Kind::kEscalate: {
      // The deadline chain's level stays the sweep's: a rule's escalation
      // is told on top of it, and the chain's next step still comes.
      const std::string audience = RuleAudience(act.target, c);
      p.emplace_back("level", int64_t{h.escalation_level + 1});
      p.emplace_back("rule", "policy:" + std::to_string(act.rule_id));
      p.emplace_back("stage", std::string(ToString(h.stage)));
      AddDue(p, h);
      p.emplace_back("to", audience);
      const size_t i = b.Event(event_kind::kEscalated, false, std::move(p));
      if (audience.rfind("webhook:", 0) == 0) {
        b.Webhook(audience, i);
      } else {
        b.Email(audience, i);
      }
      break;
    }
    case RuleAct::Kind::kAddSupportingAgency: {
      const std::string& code = act.target;
      bool known = false;
      for (const auto& [agency, name] : ctx.agency_names) known = known || agency == code;
      if (!known) {
        return Fail(ErrorCode::kInvalidArgument, "no agency " + code,
                    {{"agency", "unknown", "not an agency of the Pemda"}});
      }
      if (c.agency_code.empty() || c.agency_code == code || h.Supports(code)) {
        return std::vector<CaseChange>{};
      }
      h.supporting.push_back({code, false});
      p.emplace_back("agency_code", code);
      b.Email("agency:" + code, b.Event(event_kind::kAgencyAdded, false, std::move(p)),
              {{"recipient_role", "supporting"}, {"requested_by", "system"}});
      break;
    }
    case RuleAct::Kind::kNotify: {
      const std::string audience = RuleAudience(act.target, c);
      p.emplace_back("to", audience);
      const size_t i = b.Event(event_kind::kNotified, false, std::move(p));
      if (audience.rfind("webhook:", 0) == 0) {
        b.Webhook(audience, i);
      } else {
        b.Email(audience, i);
      }
      break;
    }
    case RuleAct::Kind::kAdjustDeadline: {
      if (act.days == 0) return std::vector<CaseChange>{};
      if (act.stage == "reopen_window") {
        if (act.days < 0 || !h.reopen_until) return std::vector<CaseChange>{};
        const auto until = EndOfDayAfter(*ctx.calendar, *h.reopen_until, act.days);
        if (!until) return std::vector<CaseChange>{};
        p.emplace_back("stage", act.stage);
        p.emplace_back("days", int64_t{act.days});
        p.emplace_back("due_before", FormatRfc3339(*h.reopen_until));
        h.reopen_until = *until;
        p.emplace_back("due_at", FormatRfc3339(*until));
        b.Event(event_kind::kDeadlineAdjusted, false, std::move(p));
        break;
      }
      const auto stage = ParseStage(act.stage);
      if (!stage || *stage != h.stage || !h.due_at || !h.stage_started_at) {
        return std::vector<CaseChange>{};
      }
      if (act.days < 0 && *stage == Stage::kAutoClose) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "the time a citizen has to answer cannot be shortened",
                    {{"days", "shortens_citizen_rights", ""}});
      }
      const auto span = ctx.calendar->WorkingDaysBetween(*h.stage_started_at, *h.due_at);
      if (!span) return Fail(span.error());
      const int total = *span + act.days;
      if (c.submission.kind == CaseKind::kComplaint && *stage == Stage::kResolution &&
          total > SlaPolicy::kMaxCompletionDays) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "a complaint is settled within 60 days (Perpres 76/2013)",
                    {{"days", "exceeds_regulation", ""}});
      }
      std::optional<Timestamp> due;
      if (act.days > 0) {
        due = EndOfDayAfter(*ctx.calendar, *h.due_at, act.days);
      } else if (auto shorter = ctx.calendar->DueAt(*h.stage_started_at, std::max(1, total))) {
        due = *shorter;
      }
      if (!due || *due == *h.due_at) return std::vector<CaseChange>{};
      const auto moved = *due - *h.due_at;
      p.emplace_back("stage", act.stage);
      p.emplace_back("days", int64_t{act.days});
      // A stage keeps at least one working day: a rule that would shorten it
      // more is applied as far as that, and the event says how far.
      if (const int applied = act.days > 0 ? act.days : std::max(1, total) - *span;
          applied != act.days) {
        p.emplace_back("days_applied", int64_t{applied});
      }
      p.emplace_back("due_before", FormatRfc3339(*h.due_at));
      h.due_at = *due;
      if (h.due_soon_at) *h.due_soon_at += moved;
      if (!h.paused_at) h.next_check_at = NextCheck(h, ctx);
      AddDue(p, h);
      b.Event(event_kind::kDeadlineAdjusted, false, std::move(p));
      break;
    }
  }
  return std::vector<CaseChange>{b.Finish()};
}

bool CarriesReportersWords(std::string_view kind, std::string_view actor) {
  return actor == "citizen" || kind == event_kind::kInfoProvided;
}

}  // namespace sigap::domain
