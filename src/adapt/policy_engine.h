#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapt/policy_rule.h"
#include "domain/time.h"

namespace sigap::adapt {

// What the engine knows of a case (or of an alert) when something happens.
struct CaseFacts {
  int64_t case_id = 0;  // 0 for alerts and schedules
  std::string kind, status, service, category, agency, region, channel;
  int escalation_level = 0;
  int priority = 0;  // 0 normal, 1 high, 2 urgent
  int supporters = 0;
  bool vulnerable = false;
  std::string deadline_state;  // on_track, due_soon, overdue, paused, awaiting_calendar, none
  int days_overdue = 0;
  std::string alert_kind;
  double alert_score = 0;
  std::string text;  // lower case
  // Days a complaint has in total (its targets plus extensions so far), for
  // the Perpres 76/2013 limit at the moment of acting.
  int complaint_days = 0;
};

// Something that happened: the trigger, when, to what, and which rules'
// actions caused it (none for what people and citizens do).
struct PolicyEvent {
  TriggerKind trigger = TriggerKind::kCaseEvent;
  std::string value;  // event kind, deadline state, alert kind, schedule
  Timestamp at{};
  CaseFacts facts;
  std::vector<int64_t> caused_by;  // rule ids along the chain that led here
  // An alert's cases, those its rules' case actions act on (a case event's
  // case is facts.case_id); empty for schedules.
  std::vector<int64_t> cases;
};

// One action a rule plans, or why it will not be done.
struct PlannedAction {
  PolicyAction action;
  bool refused = false;
  std::string reason;  // why refused
};

// A rule fired on an event.
struct PolicyDecision {
  int64_t rule_id = 0;
  int rule_version = 0;
  int64_t case_id = 0;
  Timestamp at{};
  std::vector<PlannedAction> actions;
  std::vector<int64_t> caused_by;  // the event's chain plus this rule
};

struct PolicyCounters {
  int64_t events = 0;
  int64_t fired = 0;
  int64_t loops_prevented = 0;  // skipped: the rule is already in the event's chain
  int64_t rate_limited = 0;     // skipped: the rule fired max_per_hour times in the last hour
  int64_t refused_actions = 0;  // actions beyond the limits of regulation
  int64_t killed = 0;           // events ignored while the kill switch was on
};

// The timeline's words for an automatic act: "otomatis: aturan NAME vV,
// dasar: BASIS"; in English "automatic: rule NAME vV, basis: BASIS".
std::string AutomaticNote(const PolicyRule& rule);
std::string AutomaticNoteEn(const PolicyRule& rule);

// Evaluates rules against events. Rules are indexed by trigger, so an event
// costs only the rules listening for it. Keeps the rate-limit windows (by
// event time, so a replay of history limits as the live run did).
//
// Not thread-safe; one per Pemda (or per dry run).
class PolicyEngine {
 public:
  PolicyEngine(std::vector<PolicyRule> rules, PolicyLimits limits = {});

  // Appends to `out` the decisions of every enabled rule that listens for
  // the event's trigger, is in scope, whose conditions hold, that is not
  // in the event's chain (no loops) and not over its rate limit. Nothing
  // while the kill switch is on.
  void Evaluate(const PolicyEvent& event, std::vector<PolicyDecision>& out);

  // The global kill switch: when on, no rule acts.
  void set_kill_switch(bool on) { killed_ = on; }
  bool kill_switch() const { return killed_; }

  const std::vector<PolicyRule>& rules() const { return rules_; }
  const PolicyCounters& counters() const { return counters_; }

 private:
  bool Applies(const PolicyRule& rule, const CaseFacts& facts) const;
  // `extended`: the days the decision's earlier actions already add to a
  // complaint's time; grows by this action's when it is planned.
  PlannedAction Plan(const PolicyAction& action, const CaseFacts& facts, int& extended) const;

  // A condition with its operands prepared: lower-case text, numbers parsed.
  struct Compiled {
    PolicyField field;
    PolicyOp op;
    std::vector<std::string> texts;
    std::vector<double> numbers;
  };

  std::vector<PolicyRule> rules_;
  std::vector<std::vector<Compiled>> compiled_;  // per rule
  PolicyLimits limits_;
  // Per trigger kind: value → indices of enabled rules.
  std::array<std::unordered_map<std::string, std::vector<size_t>>, 4> index_;
  std::vector<std::deque<Timestamp>> recent_;  // per rule: firings in the last hour
  PolicyCounters counters_;
  bool killed_ = false;
};

// A deadline a rule would have moved.
struct DeadlineChange {
  int64_t case_id = 0;
  int64_t rule_id = 0;
  DeadlineStage stage = DeadlineStage::kResolution;
  int days = 0;
};

// What a dry run found: what the rules would have done, without doing it.
struct DryRunReport {
  int64_t events = 0;     // replayed (historical)
  int64_t decisions = 0;  // firings, including those on events the rules' own acts cause
  int64_t cases = 0;      // distinct cases acted on (an alert's, by its rules' case actions)
  std::map<std::string, int64_t> by_action;      // planned actions by type
  std::map<int64_t, int64_t> by_rule;            // firings by rule id
  std::vector<DeadlineChange> deadline_changes;  // the first `keep_changes`
  int64_t deadline_changes_total = 0;
  PolicyCounters counters;
};

// The event an applied action leaves on the case (its kind, e.g.
// "escalated"), with the facts as the action leaves them and the rule added
// to the chain; nullopt for actions that leave no case event.
std::optional<PolicyEvent> FollowUpEvent(const PolicyEvent& cause, const PolicyDecision& decision,
                                         const PlannedAction& action);

// Replays `events` (oldest first) through a fresh engine with `rules`,
// feeding back the events the planned actions would leave (so loops and
// rate limits show as they would live), and reports. Pure: writes nothing.
DryRunReport DryRun(const std::vector<PolicyRule>& rules, const std::vector<PolicyEvent>& events,
                    const PolicyLimits& limits = {}, size_t keep_changes = 1000);

}  // namespace sigap::adapt
