#include "adapt/policy_rule.h"

#include <array>
#include <charconv>
#include <utility>

#include "domain/case.h"
#include "domain/lifecycle.h"

namespace sigap::adapt {
namespace {

template <typename E, size_t N>
std::optional<E> Find(const std::array<std::pair<std::string_view, E>, N>& names,
                      std::string_view text) {
  for (const auto& [name, value] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view Name(const std::array<std::pair<std::string_view, E>, N>& names, E value) {
  for (const auto& [name, v] : names) {
    if (v == value) return name;
  }
  return "";
}

constexpr std::array<std::pair<std::string_view, TriggerKind>, 4> kTriggers{{
    {"event", TriggerKind::kCaseEvent},
    {"deadline", TriggerKind::kDeadline},
    {"alert", TriggerKind::kAlert},
    {"schedule", TriggerKind::kSchedule},
}};

constexpr std::array<std::pair<std::string_view, ActionKind>, 7> kActions{{
    {"raise_priority", ActionKind::kRaisePriority},
    {"escalate", ActionKind::kEscalate},
    {"add_supporting_agency", ActionKind::kAddSupportingAgency},
    {"notify", ActionKind::kNotify},
    {"open_temporary_service", ActionKind::kOpenTemporaryService},
    {"adjust_deadline", ActionKind::kAdjustDeadline},
    {"propose_capacity", ActionKind::kProposeCapacity},
}};

constexpr std::array<std::pair<std::string_view, DeadlineStage>, 5> kStages{{
    {"verification", DeadlineStage::kVerification},
    {"follow_up", DeadlineStage::kFollowUp},
    {"resolution", DeadlineStage::kResolution},
    {"auto_close", DeadlineStage::kAutoClose},
    {"reopen_window", DeadlineStage::kReopenWindow},
}};

constexpr std::array<std::pair<std::string_view, PolicyField>, 16> kFields{{
    {"kind", PolicyField::kKind},
    {"status", PolicyField::kStatus},
    {"service", PolicyField::kService},
    {"category", PolicyField::kCategory},
    {"agency", PolicyField::kAgency},
    {"region", PolicyField::kRegion},
    {"channel", PolicyField::kChannel},
    {"escalation_level", PolicyField::kEscalationLevel},
    {"priority", PolicyField::kPriority},
    {"supporters", PolicyField::kSupporters},
    {"vulnerable", PolicyField::kVulnerable},
    {"deadline_state", PolicyField::kDeadlineState},
    {"days_overdue", PolicyField::kDaysOverdue},
    {"alert_kind", PolicyField::kAlertKind},
    {"alert_score", PolicyField::kAlertScore},
    {"text", PolicyField::kText},
}};

constexpr std::array<std::pair<std::string_view, PolicyOp>, 10> kOps{{
    {"eq", PolicyOp::kEq},
    {"ne", PolicyOp::kNe},
    {"in", PolicyOp::kIn},
    {"not_in", PolicyOp::kNotIn},
    {"gt", PolicyOp::kGt},
    {"ge", PolicyOp::kGe},
    {"lt", PolicyOp::kLt},
    {"le", PolicyOp::kLe},
    {"prefix", PolicyOp::kPrefix},
    {"contains", PolicyOp::kContains},
}};

bool NumericField(PolicyField f) {
  return f == PolicyField::kEscalationLevel || f == PolicyField::kPriority ||
         f == PolicyField::kSupporters || f == PolicyField::kDaysOverdue ||
         f == PolicyField::kAlertScore || f == PolicyField::kVulnerable;
}

bool NumericOp(PolicyOp op) {
  return op == PolicyOp::kGt || op == PolicyOp::kGe || op == PolicyOp::kLt || op == PolicyOp::kLe;
}

constexpr std::array<std::string_view, 4> kKinds{"complaint", "request", "aspiration",
                                                 "information"};

// The kinds of case event a rule may listen for: the lifecycle's, the acts
// of rules, and those the store and the import write.
bool KnownEventKind(std::string_view kind) {
  namespace ek = domain::event_kind;
  for (std::string_view known : {ek::kSubmitted,
                                 ek::kVerified,
                                 ek::kRejected,
                                 ek::kInfoRequested,
                                 ek::kInfoProvided,
                                 ek::kDisposed,
                                 ek::kForwarded,
                                 ek::kInputRequested,
                                 ek::kInputProvided,
                                 ek::kAssigned,
                                 ek::kStarted,
                                 ek::kResolved,
                                 ek::kClosed,
                                 ek::kReopened,
                                 ek::kNote,
                                 ek::kPublicUpdate,
                                 ek::kMerged,
                                 ek::kMergedIn,
                                 ek::kEscalated,
                                 ek::kCategorized,
                                 ek::kRoutingSuggested,
                                 ek::kPriorityRaised,
                                 ek::kAgencyAdded,
                                 ek::kNotified,
                                 ek::kDeadlineAdjusted,
                                 ek::kDeadlineCounted,
                                 std::string_view("supported"),
                                 std::string_view("imported")}) {
    if (kind == known) return true;
  }
  return false;
}

// The detectors whose alerts rules act on (adapt::DetectorName), and the
// leaders' capacity proposals a rule opens.
constexpr std::array<std::string_view, 6> kDetectors{"local_cluster",   "city_shift",
                                                     "emerging_topic",  "falling_rating",
                                                     "growing_backlog", "capacity_proposal"};

// The value a text condition on `field` can ever equal, when the model
// fixes it; "" when any text may (service, category, region, ...). Returns
// whether `value` is one, and in `expected` what would be.
bool KnownFieldValue(PolicyField field, const std::string& value, Choices& expected) {
  switch (field) {
    case PolicyField::kKind:
      expected = OneOf({"complaint", "request", "aspiration", "information"});
      return domain::ParseCaseKind(value).has_value();
    case PolicyField::kStatus:
      expected = OneOf({"received", "verified", "needs_info", "rejected", "disposed", "in_progress",
                        "resolved", "closed", "merged"});
      return domain::ParseCaseStatus(value).has_value();
    case PolicyField::kChannel:
      expected = OneOf({"web", "api", "open311", "import", "sms", "email"});
      return domain::ParseChannel(value).has_value();
    case PolicyField::kDeadlineState:
      expected = OneOf({"none", "on_track", "due_soon", "overdue", "paused", "awaiting_calendar"});
      for (auto s : {domain::DeadlineState::kNone, domain::DeadlineState::kOnTrack,
                     domain::DeadlineState::kDueSoon, domain::DeadlineState::kOverdue,
                     domain::DeadlineState::kPaused, domain::DeadlineState::kAwaitingCalendar}) {
        if (domain::ToString(s) == value) return true;
      }
      return false;
    case PolicyField::kAlertKind:
      expected = OneOf({"cluster", "shift", "topic", "rating", "backlog", "capacity_proposal"});
      for (auto d : kDetectors) {
        if (AlertKindOf(d) == value) return true;
      }
      return false;
    default:
      return true;
  }
}

// Whether `value` is an operand a numeric field can compare with: a number,
// or true/false (read as 1/0, the engine's reading).
bool NumericOperand(const std::string& value) {
  if (value == "true" || value == "false") return true;
  double x = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), x);
  return !value.empty() && ec == std::errc() && end == value.data() + value.size();
}

// Escalation audiences a rule may name (domain::EscalationStep).
bool KnownAudience(std::string_view a) {
  for (std::string_view fixed :
       {"handler", "agency_head", "verifiers", "inspectorate", "reporter"}) {
    if (a == fixed) return true;
  }
  for (std::string_view prefix : {"agency:", "agency_head:", "user:", "webhook:"}) {
    if (a.size() > prefix.size() && a.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

std::string_view ToString(TriggerKind kind) { return Name(kTriggers, kind); }
std::string_view ToString(ActionKind kind) { return Name(kActions, kind); }
std::string_view ToString(DeadlineStage stage) { return Name(kStages, stage); }
std::string_view ToString(PolicyField field) { return Name(kFields, field); }
std::string_view ToString(PolicyOp op) { return Name(kOps, op); }
std::optional<ActionKind> ParseActionKind(std::string_view text) { return Find(kActions, text); }
std::optional<PolicyField> ParsePolicyField(std::string_view text) { return Find(kFields, text); }
std::optional<PolicyOp> ParsePolicyOp(std::string_view text) { return Find(kOps, text); }
std::optional<DeadlineStage> ParseDeadlineStage(std::string_view text) {
  return Find(kStages, text);
}
std::optional<TriggerKind> ParseTriggerKind(std::string_view text) { return Find(kTriggers, text); }

std::string AlertKindOf(std::string_view detector) {
  if (detector == "local_cluster") return "cluster";
  if (detector == "city_shift") return "shift";
  if (detector == "emerging_topic") return "topic";
  if (detector == "falling_rating") return "rating";
  if (detector == "growing_backlog") return "backlog";
  return std::string(detector);
}

Choices OneOf(std::initializer_list<std::string_view> values) {
  std::string list;
  size_t i = 0;
  for (std::string_view v : values) {
    if (++i == values.size()) break;
    if (!list.empty()) list += ", ";
    list += v;
  }
  const std::string last(*(values.end() - 1));
  if (list.empty()) return {last, last};
  return {list + " or " + last, list + " atau " + last};
}

std::vector<FieldError> ValidateRule(const PolicyRule& rule, const PolicyLimits& limits) {
  std::vector<FieldError> errors;
  // Each problem in English (logs, the CLI) and in Indonesian: the API
  // shows an administrator the one of their language.
  auto add = [&](std::string field, std::string code, std::string message, std::string id) {
    errors.push_back({std::move(field), std::move(code), std::move(message), {}, std::move(id)});
  };
  auto at_most = [&](const std::string& field, size_t n, std::string_view en, std::string_view id) {
    add(field, "too_many", "at most " + std::to_string(n) + " " + std::string(en),
        "paling banyak " + std::to_string(n) + " " + std::string(id));
  };
  auto too_long = [&](const std::string& field, size_t n, bool bytes) {
    add(field, "too_long", "at most " + std::to_string(n) + (bytes ? " bytes" : " characters"),
        "paling banyak " + std::to_string(n) + (bytes ? " bita" : " karakter"));
  };
  auto range = [&](const std::string& field, int low, int high, std::string_view more_en = {},
                   std::string_view more_id = {}) {
    add(field, "out_of_range",
        std::to_string(low) + " to " + std::to_string(high) + std::string(more_en),
        std::to_string(low) + " sampai " + std::to_string(high) + std::string(more_id));
  };
  if (rule.name.empty()) add("name", "required", "a rule needs a name", "aturan perlu nama");
  if (rule.name.size() > 200) too_long("name", 200, false);
  if (rule.basis.find_first_not_of(" \t\r\n") == std::string::npos) {
    add("basis", "required", "the regulation, decree or decision the rule rests on",
        "peraturan, keputusan, atau kebijakan pimpinan yang menjadi dasar aturan");
  }
  // Every act copies the basis into its case event and its messages.
  if (rule.basis.size() > kMaxBasisBytes) too_long("basis", kMaxBasisBytes, true);
  if (rule.trigger_value.empty()) {
    add("trigger", "required", "what sets the rule off", "apa yang menjalankan aturan");
  }
  if (rule.trigger == TriggerKind::kDeadline && rule.trigger_value != "due_soon" &&
      rule.trigger_value != "overdue") {
    const Choices allowed = OneOf({"due_soon", "overdue"});
    add("trigger.deadline", "invalid_value", allowed.en, allowed.id);
  }
  if (rule.trigger == TriggerKind::kSchedule && rule.trigger_value != "daily" &&
      rule.trigger_value != "weekly") {
    const Choices allowed = OneOf({"daily", "weekly"});
    add("trigger.schedule", "invalid_value", allowed.en, allowed.id);
  }
  // A trigger no event or alert ever has would never fire.
  if (rule.trigger == TriggerKind::kCaseEvent && !rule.trigger_value.empty() &&
      !KnownEventKind(rule.trigger_value)) {
    add("trigger.event", "invalid_value",
        "not an event kind: submitted, verified, disposed, resolved, escalated, "
        "deadline_adjusted, ...",
        "bukan jenis kejadian laporan: submitted, verified, disposed, resolved, escalated, "
        "deadline_adjusted, ...");
  }
  if (rule.trigger == TriggerKind::kAlert && !rule.trigger_value.empty()) {
    bool known = false;
    for (auto d : kDetectors)
      known = known || d == rule.trigger_value || AlertKindOf(d) == rule.trigger_value;
    if (!known) {
      const Choices allowed =
          OneOf({"cluster", "shift", "topic", "rating", "backlog", "capacity_proposal"});
      add("trigger.alert", "invalid_value", allowed.en + ", or the detector's name",
          allowed.id + ", atau nama detektornya");
    }
  }
  if (!rule.scope.kind.empty()) {
    bool known = false;
    for (auto k : kKinds) known = known || k == rule.scope.kind;
    if (!known) {
      const Choices allowed = OneOf({"complaint", "request", "aspiration", "information"});
      add("scope.kind", "invalid_value", allowed.en, allowed.id);
    }
  }
  if (rule.max_per_hour < 1 || rule.max_per_hour > 100000) {
    range("rate_limit_per_hour", 1, 100000);
  }
  if (rule.conditions.size() > kMaxRuleConditions) {
    at_most("conditions", kMaxRuleConditions, "conditions", "syarat");
  }
  for (size_t i = 0; i < rule.conditions.size() && i < kMaxRuleConditions; ++i) {
    const auto& c = rule.conditions[i];
    const std::string at = "conditions[" + std::to_string(i) + "]";
    if (NumericOp(c.op) && !NumericField(c.field)) {
      add(at + ".op", "invalid_value", "a comparison needs a numeric field",
          "perbandingan hanya untuk isian berupa angka");
      continue;  // its operand means nothing then
    }
    // A condition on what the trigger's facts never carry would never hold
    // (or, with ne and not_in, always): an alert has its kind, score,
    // service, agency, first place and words, and only an alert has the
    // first two.
    const bool alert_field =
        c.field == PolicyField::kAlertKind || c.field == PolicyField::kAlertScore;
    if (rule.trigger == TriggerKind::kAlert && !alert_field && c.field != PolicyField::kService &&
        c.field != PolicyField::kAgency && c.field != PolicyField::kRegion &&
        c.field != PolicyField::kText) {
      const std::string name(ToString(c.field));
      const Choices allowed =
          OneOf({"service", "agency", "region", "text", "alert_kind", "alert_score"});
      add(at + ".field", "invalid_value", "an alert has no " + name + ": " + allowed.en,
          "peringatan tidak punya " + name + ": " + allowed.id);
      continue;
    }
    if (rule.trigger != TriggerKind::kAlert && alert_field) {
      const std::string name(ToString(c.field));
      add(at + ".field", "invalid_value",
          name + " is an alert's: the rule's trigger is not an alert",
          name + " milik peringatan, padahal pemicu aturan ini bukan peringatan");
      continue;
    }
    if (!NumericOp(c.op) && c.values.empty()) add(at + ".value", "required", "", "");
    // An operand the fact can never equal makes a rule that never fires
    // (or, with ne and not_in, always does).
    for (size_t j = 0; j < c.values.size(); ++j) {
      const std::string where =
          c.values.size() == 1 ? at + ".value" : at + ".values[" + std::to_string(j) + "]";
      const std::string name(ToString(c.field));
      Choices expected;
      if (NumericField(c.field)) {
        if (!NumericOperand(c.values[j])) {
          add(where, "invalid_value", name + " is a number", name + " berupa angka");
        }
      } else if (!KnownFieldValue(c.field, c.values[j], expected)) {
        add(where, "invalid_value", name + ": " + expected.en, name + ": " + expected.id);
      }
    }
  }
  if (rule.actions.empty())
    add("actions", "required", "at least one action", "paling sedikit satu aksi");
  if (rule.actions.size() > kMaxRuleActions) at_most("actions", kMaxRuleActions, "actions", "aksi");
  // Whether the rule may act on complaints: Perpres 76/2013 then bounds it.
  const bool complaints = rule.scope.kind.empty() || rule.scope.kind == "complaint";
  // Perpres 76/2013 bounds a complaint's whole time: every extension of a
  // stage that counts towards it (verification, follow-up, resolution) adds
  // to the same total, so one rule's extensions are summed.
  int extended = 0;
  std::string extensions;  // "+ 25 + 25", for the message
  for (size_t i = 0; i < rule.actions.size() && i < kMaxRuleActions; ++i) {
    const auto& a = rule.actions[i];
    const std::string at = "actions[" + std::to_string(i) + "]";
    // The same action twice would act (and message) twice per case.
    for (size_t j = 0; j < i; ++j) {
      if (rule.actions[j] == a) {
        const std::string other = "actions[" + std::to_string(j) + "]";
        add(at, "duplicate", "the same as " + other, "sama dengan " + other);
        break;
      }
    }
    if (a.note.size() > kMaxNoteBytes) too_long(at + ".note", kMaxNoteBytes, true);
    if (a.code.size() > 64) too_long(at + ".code", 64, false);
    if (a.name.size() > 200) too_long(at + ".name", 200, false);
    switch (a.kind) {
      case ActionKind::kRaisePriority:
        if (a.level != "high" && a.level != "urgent") {
          const Choices allowed = OneOf({"high", "urgent"});
          add(at + ".level", "invalid_value", allowed.en, allowed.id);
        }
        break;
      case ActionKind::kEscalate:
      case ActionKind::kNotify:
        if (!KnownAudience(a.target)) {
          add(at + ".to", a.target.empty() ? "required" : "invalid_value",
              "handler, agency_head, verifiers, inspectorate, reporter, agency:CODE, "
              "agency_head:CODE, user:NAME or webhook:ID",
              "handler, agency_head, verifiers, inspectorate, reporter, agency:KODE, "
              "agency_head:KODE, user:NAMA atau webhook:ID");
        }
        break;
      case ActionKind::kAddSupportingAgency:
        if (a.target.empty()) add(at + ".agency", "required", "", "");
        break;
      case ActionKind::kOpenTemporaryService:
        if (a.code.empty()) add(at + ".code", "required", "", "");
        if (a.name.empty()) add(at + ".name", "required", "", "");
        if (a.target.empty()) add(at + ".agency", "required", "", "");
        if (a.completion_days < 1 || a.completion_days > limits.max_complaint_days) {
          range(at + ".completion_days", 1, limits.max_complaint_days, " (Perpres 76/2013)",
                " (Perpres 76/2013)");
        }
        if (a.days_open < 1 || a.days_open > 366) range(at + ".days_open", 1, 366);
        break;
      case ActionKind::kAdjustDeadline:
        if (a.days == 0 || a.days < -60 || a.days > 60) {
          range(at + ".days", -60, 60, ", not 0", ", bukan 0");
        } else if (a.days < 0 && (a.stage == DeadlineStage::kAutoClose ||
                                  a.stage == DeadlineStage::kReopenWindow)) {
          // The citizen's time to object to a resolution (UU 25/2009 art. 18):
          // no rule may take it away.
          add(at + ".days", "shortens_citizen_rights",
              "the time a citizen has to answer or reopen cannot be shortened",
              "waktu warga untuk menanggapi atau membuka kembali tidak boleh diperpendek");
        } else if (a.days > 0 && complaints &&
                   (a.stage == DeadlineStage::kVerification ||
                    a.stage == DeadlineStage::kFollowUp || a.stage == DeadlineStage::kResolution)) {
          const bool within = limits.complaint_days + extended <= limits.max_complaint_days;
          extended += a.days;
          extensions += " + " + std::to_string(a.days);
          // Named once, on the action that crosses the limit.
          if (within && limits.complaint_days + extended > limits.max_complaint_days) {
            add(at + ".days", "exceeds_regulation",
                "could push a complaint past the " + std::to_string(limits.max_complaint_days) +
                    " days of Perpres 76/2013: " + std::to_string(limits.complaint_days) +
                    " days already" + extensions + " = " +
                    std::to_string(limits.complaint_days + extended),
                "sudah " + std::to_string(limits.complaint_days) + " hari" + extensions + " = " +
                    std::to_string(limits.complaint_days + extended) + " hari");
          }
        }
        break;
      case ActionKind::kProposeCapacity:
        if (a.target.empty()) add(at + ".agency", "required", "", "");
        if (a.officers < 1 || a.officers > 1000) range(at + ".officers", 1, 1000);
        break;
    }
  }
  return errors;
}

}  // namespace sigap::adapt
