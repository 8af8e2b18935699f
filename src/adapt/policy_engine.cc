#include "adapt/policy_engine.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_set>

#include "domain/ascii.h"

namespace sigap::adapt {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The region `code` is `scope` or inside it ("33.74.01" holds "33.74.01.1001").
bool InRegion(std::string_view code, std::string_view scope) {
  return code == scope ||
         (StartsWith(code, scope) && code.size() > scope.size() && code[scope.size()] == '.');
}

const std::string* TextOf(const CaseFacts& f, PolicyField field) {
  switch (field) {
    case PolicyField::kKind:
      return &f.kind;
    case PolicyField::kStatus:
      return &f.status;
    case PolicyField::kService:
      return &f.service;
    case PolicyField::kCategory:
      return &f.category;
    case PolicyField::kAgency:
      return &f.agency;
    case PolicyField::kRegion:
      return &f.region;
    case PolicyField::kChannel:
      return &f.channel;
    case PolicyField::kDeadlineState:
      return &f.deadline_state;
    case PolicyField::kAlertKind:
      return &f.alert_kind;
    case PolicyField::kText:
      return &f.text;
    default:
      return nullptr;
  }
}

double NumberOf(const CaseFacts& f, PolicyField field) {
  switch (field) {
    case PolicyField::kEscalationLevel:
      return f.escalation_level;
    case PolicyField::kPriority:
      return f.priority;
    case PolicyField::kSupporters:
      return f.supporters;
    case PolicyField::kVulnerable:
      return f.vulnerable ? 1 : 0;
    case PolicyField::kDaysOverdue:
      return f.days_overdue;
    case PolicyField::kAlertScore:
      return f.alert_score;
    default:
      return 0;
  }
}

int PriorityLevel(std::string_view level) {
  return level == "urgent" ? 2 : level == "high" ? 1 : 0;
}

bool CountsTowardsCompletion(DeadlineStage s) {
  return s == DeadlineStage::kVerification || s == DeadlineStage::kFollowUp ||
         s == DeadlineStage::kResolution;
}

constexpr auto kHour = std::chrono::hours(1);

}  // namespace

std::string AutomaticNote(const PolicyRule& rule) {
  return "otomatis: aturan " + rule.name + " v" + std::to_string(rule.version) +
         ", dasar: " + rule.basis;
}

std::string AutomaticNoteEn(const PolicyRule& rule) {
  return "automatic: rule " + rule.name + " v" + std::to_string(rule.version) +
         ", basis: " + rule.basis;
}

PolicyEngine::PolicyEngine(std::vector<PolicyRule> rules, PolicyLimits limits)
    : rules_(std::move(rules)), limits_(limits), recent_(rules_.size()) {
  for (size_t i = 0; i < rules_.size(); ++i) {
    auto& compiled = compiled_.emplace_back();
    for (const auto& c : rules_[i].conditions) {
      Compiled k{c.field, c.op, {}, {}};
      for (const auto& v : c.values) {
        k.texts.push_back(c.field == PolicyField::kText ? domain::AsciiLower(v) : v);
        double x = 0;
        if (v == "true") {
          x = 1;
        } else if (v != "false") {
          (void)std::from_chars(v.data(), v.data() + v.size(), x);
        }
        k.numbers.push_back(x);
      }
      if (k.numbers.empty()) k.numbers.push_back(c.number);
      compiled.push_back(std::move(k));
    }
    if (!rules_[i].enabled) continue;
    index_[static_cast<size_t>(rules_[i].trigger)][rules_[i].trigger_value].push_back(i);
  }
}

bool PolicyEngine::Applies(const PolicyRule& rule, const CaseFacts& f) const {
  const auto& s = rule.scope;
  if (!s.agency.empty() && s.agency != f.agency) return false;
  if (!s.service.empty() && s.service != f.service) return false;
  if (!s.category.empty() && s.category != f.category) return false;
  if (!s.kind.empty() && s.kind != f.kind) return false;
  if (!s.region.empty() && !InRegion(f.region, s.region)) return false;
  const auto& conditions = compiled_[&rule - rules_.data()];
  for (const auto& c : conditions) {
    const std::string* text = TextOf(f, c.field);
    bool holds = false;
    if (text != nullptr) {
      switch (c.op) {
        case PolicyOp::kEq:
        case PolicyOp::kIn:
          holds = std::find(c.texts.begin(), c.texts.end(), *text) != c.texts.end();
          break;
        case PolicyOp::kNe:
        case PolicyOp::kNotIn:
          holds = std::find(c.texts.begin(), c.texts.end(), *text) == c.texts.end();
          break;
        case PolicyOp::kPrefix:
          for (const auto& v : c.texts) holds = holds || StartsWith(*text, v);
          break;
        case PolicyOp::kContains:
          for (const auto& v : c.texts) holds = holds || text->find(v) != std::string::npos;
          break;
        default:
          holds = false;  // ValidateRule refuses comparisons of text
      }
    } else {
      const double x = NumberOf(f, c.field);
      const double y = c.numbers.front();
      switch (c.op) {
        case PolicyOp::kEq:
        case PolicyOp::kIn:
          holds = std::find(c.numbers.begin(), c.numbers.end(), x) != c.numbers.end();
          break;
        case PolicyOp::kNe:
        case PolicyOp::kNotIn:
          holds = std::find(c.numbers.begin(), c.numbers.end(), x) == c.numbers.end();
          break;
        case PolicyOp::kGt:
          holds = x > y;
          break;
        case PolicyOp::kGe:
          holds = x >= y;
          break;
        case PolicyOp::kLt:
          holds = x < y;
          break;
        case PolicyOp::kLe:
          holds = x <= y;
          break;
        case PolicyOp::kPrefix:
        case PolicyOp::kContains:
          holds = false;
          break;
      }
    }
    if (!holds) return false;
  }
  return true;
}

PlannedAction PolicyEngine::Plan(const PolicyAction& action, const CaseFacts& f,
                                 int& extended) const {
  PlannedAction p{action, false, ""};
  if (action.kind == ActionKind::kAdjustDeadline) {
    const bool extends = action.days > 0 && CountsTowardsCompletion(action.stage);
    if (action.days < 0 && !CountsTowardsCompletion(action.stage)) {
      p.refused = true;
      p.reason = "shortens_citizen_rights";
    } else if (extends && f.kind == "complaint" &&
               f.complaint_days + extended + action.days > limits_.max_complaint_days) {
      // Perpres 76/2013: a complaint is settled within 60 days, whatever a
      // rule says; the rule's other extensions on this case count too.
      p.refused = true;
      p.reason = "exceeds_regulation";
    } else if (extends) {
      extended += action.days;
    }
  }
  return p;
}

void PolicyEngine::Evaluate(const PolicyEvent& event, std::vector<PolicyDecision>& out) {
  ++counters_.events;
  if (killed_) {
    ++counters_.killed;
    return;
  }
  const auto& by_value = index_[static_cast<size_t>(event.trigger)];
  const auto it = by_value.find(event.value);
  if (it == by_value.end()) return;
  for (const size_t i : it->second) {
    const PolicyRule& rule = rules_[i];
    if (!Applies(rule, event.facts)) continue;
    if (std::find(event.caused_by.begin(), event.caused_by.end(), rule.id) !=
        event.caused_by.end()) {
      ++counters_.loops_prevented;
      continue;
    }
    auto& recent = recent_[i];
    while (!recent.empty() && event.at - recent.front() >= kHour) recent.pop_front();
    if (static_cast<int>(recent.size()) >= rule.max_per_hour) {
      ++counters_.rate_limited;
      continue;
    }
    recent.push_back(event.at);
    ++counters_.fired;
    PolicyDecision& d = out.emplace_back();
    d.rule_id = rule.id;
    d.rule_version = rule.version;
    d.case_id = event.facts.case_id;
    d.at = event.at;
    d.caused_by = event.caused_by;
    d.caused_by.push_back(rule.id);
    d.actions.reserve(rule.actions.size());
    int extended = 0;
    for (const auto& a : rule.actions) {
      d.actions.push_back(Plan(a, event.facts, extended));
      if (d.actions.back().refused) ++counters_.refused_actions;
    }
  }
}

std::optional<PolicyEvent> FollowUpEvent(const PolicyEvent& cause, const PolicyDecision& decision,
                                         const PlannedAction& planned) {
  if (planned.refused || cause.facts.case_id == 0) return std::nullopt;
  PolicyEvent next;
  next.trigger = TriggerKind::kCaseEvent;
  next.at = cause.at;
  next.facts = cause.facts;
  next.caused_by = decision.caused_by;
  const auto& a = planned.action;
  switch (a.kind) {
    case ActionKind::kEscalate:
      next.value = "escalated";  // the deadline chain's level stays the sweep's
      break;
    case ActionKind::kRaisePriority:
      next.value = "priority_raised";
      next.facts.priority = std::max(next.facts.priority, PriorityLevel(a.level));
      break;
    case ActionKind::kAddSupportingAgency:
      next.value = "agency_added";
      break;
    case ActionKind::kAdjustDeadline:
      next.value = "deadline_adjusted";
      if (CountsTowardsCompletion(a.stage)) next.facts.complaint_days += a.days;
      break;
    case ActionKind::kNotify:
      next.value = "notified";
      break;
    case ActionKind::kOpenTemporaryService:
    case ActionKind::kProposeCapacity:
      return std::nullopt;  // no event on the case
  }
  return next;
}

DryRunReport DryRun(const std::vector<PolicyRule>& rules, const std::vector<PolicyEvent>& events,
                    const PolicyLimits& limits, size_t keep_changes) {
  PolicyEngine engine(rules, limits);
  DryRunReport report;
  std::unordered_set<int64_t> cases;
  std::vector<PolicyDecision> decisions;
  std::vector<PolicyEvent> pending;
  constexpr size_t kMaxCascade = 64;  // a bound even a pathological rule set cannot pass
  for (const auto& e : events) {
    ++report.events;
    pending.clear();
    pending.push_back(e);
    for (size_t k = 0; k < pending.size() && k < kMaxCascade; ++k) {
      decisions.clear();
      engine.Evaluate(pending[k], decisions);
      for (const auto& d : decisions) {
        ++report.decisions;
        ++report.by_rule[d.rule_id];
        if (d.case_id != 0) cases.insert(d.case_id);
        for (const auto& a : d.actions) {
          // A rule on an alert acts on the alert's cases as the live runner
          // does (app::PolicyRunner): what changes a case on each of them,
          // a message on the first alone; a service or a proposal on none.
          if (d.case_id == 0 && !a.refused && !pending[k].cases.empty() &&
              a.action.kind != ActionKind::kOpenTemporaryService &&
              a.action.kind != ActionKind::kProposeCapacity) {
            const bool once = a.action.kind == ActionKind::kNotify;
            for (const int64_t id : pending[k].cases) {
              cases.insert(id);
              if (once) break;
            }
          }
          ++report.by_action[std::string(ToString(a.action.kind)) + (a.refused ? ":refused" : "")];
          if (!a.refused && a.action.kind == ActionKind::kAdjustDeadline) {
            ++report.deadline_changes_total;
            if (report.deadline_changes.size() < keep_changes) {
              report.deadline_changes.push_back(
                  {d.case_id, d.rule_id, a.action.stage, a.action.days});
            }
          }
          if (auto next = FollowUpEvent(pending[k], d, a)) pending.push_back(std::move(*next));
        }
      }
    }
  }
  report.cases = static_cast<int64_t>(cases.size());
  report.counters = engine.counters();
  report.counters.events = report.events;
  return report;
}

}  // namespace sigap::adapt
