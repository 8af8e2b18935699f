#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace sigap::adapt {

// Policy rules (issue 10): data, not code. A rule rests on a basis (the
// regulation, decree or leadership decision behind it), applies within a
// scope, fires on a trigger when its conditions hold, and plans actions.
// Every automatic act they cause is written as an event carrying the rule
// id and version, so it can be explained on the case's timeline.

// What sets a rule off.
enum class TriggerKind {
  kCaseEvent,  // an event of a case: value = its kind ("submitted", "escalated", ...)
  kDeadline,   // a case's deadline reaches a state: value = "due_soon" or "overdue"
  kAlert,      // an alert of the detectors: value = its kind ("cluster", "backlog", ...)
  kSchedule,   // the clock: value = "daily" or "weekly"
};

// Where a rule applies; empty parts do not restrict.
struct PolicyScope {
  std::string agency;    // lead agency code
  std::string service;   // service code
  std::string category;  // case category
  std::string region;    // region code prefix ("33.74.01" = the kecamatan and its kelurahan)
  std::string kind;      // case kind (complaint, request, aspiration, information)
};

// The facts a condition can look at.
enum class PolicyField {
  kKind,
  kStatus,
  kService,
  kCategory,
  kAgency,
  kRegion,
  kChannel,
  kEscalationLevel,
  kPriority,
  kSupporters,
  kVulnerable,  // the citizen says they belong to a vulnerable group
  kDeadlineState,
  kDaysOverdue,
  kAlertKind,
  kAlertScore,
  kText,  // title and description, lower case
};

enum class PolicyOp { kEq, kNe, kIn, kNotIn, kGt, kGe, kLt, kLe, kPrefix, kContains };

struct PolicyCondition {
  PolicyField field = PolicyField::kKind;
  PolicyOp op = PolicyOp::kEq;
  std::vector<std::string> values;  // text operands (kIn: several)
  double number = 0;                // numeric operand
};

enum class ActionKind {
  kRaisePriority,         // level: "high" or "urgent"
  kEscalate,              // target: an escalation audience (agency_head, inspectorate, ...)
  kAddSupportingAgency,   // target: agency code
  kNotify,                // target: an audience or "webhook:ID"
  kOpenTemporaryService,  // code, name, agency, completion_days, days_open
  kAdjustDeadline,        // stage, days (within the limits of regulation)
  kProposeCapacity,       // target: agency code; officers; never applied, only proposed
};

// The deadlines an adjustment may move.
enum class DeadlineStage { kVerification, kFollowUp, kResolution, kAutoClose, kReopenWindow };

struct PolicyAction {
  ActionKind kind = ActionKind::kNotify;
  std::string target;  // audience, agency code, ...
  std::string level;   // kRaisePriority
  DeadlineStage stage = DeadlineStage::kResolution;
  int days = 0;             // kAdjustDeadline: + extends, − shortens
  std::string code, name;   // kOpenTemporaryService
  int completion_days = 0;  // kOpenTemporaryService: its Standar Pelayanan time limit
  int days_open = 0;        // kOpenTemporaryService: how long it stays in the catalogue
  int officers = 0;         // kProposeCapacity
  std::string note;

  bool operator==(const PolicyAction&) const = default;
};

struct PolicyRule {
  int64_t id = 0;
  int version = 1;
  std::string name;
  std::string basis;  // required: the regulation or decision it rests on
  bool enabled = true;
  PolicyScope scope;
  TriggerKind trigger = TriggerKind::kCaseEvent;
  std::string trigger_value;
  std::vector<PolicyCondition> conditions;
  std::vector<PolicyAction> actions;
  int max_per_hour = 60;  // rate limit: firings per rolling hour (event time)
};

// The limits regulation sets on what a rule may do.
struct PolicyLimits {
  // Perpres 76/2013: a complaint must be settled within 60 days.
  int max_complaint_days = 60;
  // The longest total a complaint may already have before any rule acts
  // (verification + follow-up + resolution targets of the Pemda's SLA).
  int complaint_days = 3 + 5 + 14;
};

// The most conditions and actions one rule may have: enough for any playbook,
// and a bound on what one firing costs.
inline constexpr size_t kMaxRuleConditions = 50;
inline constexpr size_t kMaxRuleActions = 50;
// A basis names regulations ("UU 25/2009 ...; Perpres 76/2013 ..."), and is
// copied into every act; a note says what an action is for.
inline constexpr size_t kMaxBasisBytes = 1000;
inline constexpr size_t kMaxNoteBytes = 500;

// Names as written in rule files.
std::string_view ToString(TriggerKind kind);
std::string_view ToString(ActionKind kind);
std::string_view ToString(DeadlineStage stage);
std::string_view ToString(PolicyField field);
std::string_view ToString(PolicyOp op);
std::optional<TriggerKind> ParseTriggerKind(std::string_view text);
std::optional<ActionKind> ParseActionKind(std::string_view text);
std::optional<PolicyField> ParsePolicyField(std::string_view text);
std::optional<PolicyOp> ParsePolicyOp(std::string_view text);
std::optional<DeadlineStage> ParseDeadlineStage(std::string_view text);

// The short name rules use for the alerts of a detector ("local_cluster" is
// "cluster", "growing_backlog" is "backlog", ...); other detectors
// ("capacity_proposal") keep their name. A rule's `alert` trigger may name
// either; the `alert_kind` fact is the short name.
std::string AlertKindOf(std::string_view detector);

// The values an error says a field allows, in English ("a, b or c") and in
// Indonesian ("a, b atau c"). `values` is not empty.
struct Choices {
  std::string en, id;
};
Choices OneOf(std::initializer_list<std::string_view> values);

// Checks a rule against the model and the limits of regulation. Returns
// every problem at once, each naming its field ("basis",
// "actions[1].days", ...): required fields; unknown names (a trigger's event
// or alert kind, a condition's status, kind, channel, deadline state or
// alert kind; "conditions[0].value", or "conditions[0].values[1]" of
// several); a condition on a number whose operand is not one; numbers out of
// range; more than kMaxRuleConditions conditions or kMaxRuleActions actions
// ("too_many"); deadline extensions that together could take a complaint
// past `limits.max_complaint_days` (code "exceeds_regulation", on the
// action that crosses it); a shortening of
// the citizen's time to object (auto_close, reopen_window; code
// "shortens_citizen_rights"). Empty when the rule is valid.
std::vector<FieldError> ValidateRule(const PolicyRule& rule, const PolicyLimits& limits);

// Parses one rule from JSON or TOML text (chosen by `format`: "json" or
// "toml") and validates it. Fails with kInvalidArgument listing every
// problem with its field; a syntax error names the line.
[[nodiscard]] Result<PolicyRule> ParsePolicyRule(std::string_view text, std::string_view format,
                                                 const PolicyLimits& limits = {});

// The rule as canonical JSON, the form the store keeps (id, version and
// enabled are the store's, not the document's): ParsePolicyRule of it gives
// the same rule back.
std::string PolicyRuleToJson(const PolicyRule& rule);

}  // namespace sigap::adapt
