#include "app/policy_book.h"

#include "app/policy_history.h"

namespace sigap::app {

Result<store::StoredPolicyRule> PolicyBook::Save(domain::PemdaId pemda, std::string_view text,
                                                 std::string_view format, int64_t rule_id,
                                                 const std::string& actor, Timestamp now) {
  auto rule = adapt::ParsePolicyRule(text, format, limits_);
  if (!rule) return Fail(rule.error());
  if (rule_id == 0) {
    auto rules = store_.ListPolicyRules(pemda);
    if (!rules) return Fail(rules.error());
    for (const auto& r : *rules) {
      if (r.current.name == rule->name) rule_id = r.id;
    }
  }
  store::PolicyRuleVersion version;
  version.name = rule->name;
  version.basis = rule->basis;
  version.definition = adapt::PolicyRuleToJson(*rule);
  version.created_by = actor;
  version.created_at = now;
  return store_.SavePolicyRule(pemda, rule_id, version);
}

Result<store::StoredPolicyRule> PolicyBook::SetEnabled(domain::PemdaId pemda, int64_t id,
                                                       bool enabled, const std::string& actor,
                                                       Timestamp now) {
  return store_.SetPolicyRuleEnabled(pemda, id, enabled, actor, now);
}

Result<std::vector<store::StoredPolicyRule>> PolicyBook::List(domain::PemdaId pemda) {
  return store_.ListPolicyRules(pemda);
}

Result<store::StoredPolicyRule> PolicyBook::Find(domain::PemdaId pemda, int64_t id) {
  return store_.FindPolicyRule(pemda, id);
}

Result<adapt::PolicyRule> PolicyBook::EngineRule(const store::StoredPolicyRule& stored) const {
  // Read without the limits: a rule saved under the limits of its day stays
  // readable; the engine still refuses, per case, what regulation forbids.
  auto rule = adapt::ParsePolicyRule(stored.current.definition, "json");
  if (!rule) return Fail(rule.error());
  rule->id = stored.id;
  rule->version = stored.current.version;
  rule->enabled = stored.enabled;
  return rule;
}

Result<std::vector<adapt::PolicyRule>> PolicyBook::EnabledRules(domain::PemdaId pemda,
                                                                int* unreadable) {
  auto stored = store_.ListPolicyRules(pemda);
  if (!stored) return Fail(stored.error());
  std::vector<adapt::PolicyRule> out;
  if (unreadable != nullptr) *unreadable = 0;
  for (const auto& s : *stored) {
    if (!s.enabled) continue;
    auto rule = EngineRule(s);
    if (!rule) {
      if (unreadable != nullptr) ++*unreadable;
      continue;
    }
    out.push_back(std::move(*rule));
  }
  return out;
}

Result<adapt::DryRunReport> PolicyBook::Try(domain::PemdaId pemda,
                                            const std::vector<adapt::PolicyRule>& rules,
                                            Timestamp since, Timestamp now, size_t keep_changes) {
  auto history = ReadPolicyHistory(store_, pemda, since, now);
  if (!history) return Fail(history.error());
  return adapt::DryRun(rules, *history, limits_, keep_changes);
}

}  // namespace sigap::app
