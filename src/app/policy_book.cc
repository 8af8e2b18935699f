#include "app/policy_book.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "app/policy_history.h"

namespace sigap::app {

Status PolicyBook::CheckNames(domain::PemdaId pemda, const adapt::PolicyRule& rule,
                              std::vector<FieldError>& errors) {
  auto agencies = store_.ListAgencies(pemda);
  if (!agencies) return Fail(agencies.error());
  std::set<std::string, std::less<>> codes;
  for (const auto& a : *agencies) codes.insert(a.code);
  auto agency = [&](const std::string& field, std::string_view code) {
    if (!code.empty() && !codes.contains(code)) {
      errors.push_back({field,
                        "unknown",
                        "no agency of the Pemda has the code " + std::string(code),
                        {},
                        "tidak ada OPD Pemda dengan kode " + std::string(code)});
    }
  };
  // A service the Pemda lacks would leave the rule silently dead.
  auto service = [&](const std::string& field, std::string_view code) -> Status {
    if (code.empty()) return {};
    auto found = store_.FindService(pemda, code);
    if (found) return {};
    if (found.error().code != ErrorCode::kNotFound) return Fail(found.error());
    errors.push_back({field,
                      "unknown",
                      "no service of the Pemda has the code " + std::string(code),
                      {},
                      "tidak ada layanan Pemda dengan kode " + std::string(code)});
    return {};
  };
  agency("scope.agency", rule.scope.agency);
  if (auto s = service("scope.service", rule.scope.service); !s) return s;
  // So would a kecamatan or kelurahan the Pemda lacks (a kecamatan's code
  // takes its kelurahan; the Pemda's own code, two parts, takes them all).
  if (std::count(rule.scope.region.begin(), rule.scope.region.end(), '.') >= 2) {
    auto region = store_.FindRegion(pemda, rule.scope.region);
    if (!region && region.error().code != ErrorCode::kNotFound) return Fail(region.error());
    if (!region) {
      errors.push_back({"scope.region",
                        "unknown",
                        "no region of the Pemda has the code " + rule.scope.region,
                        {},
                        "tidak ada wilayah Pemda dengan kode " + rule.scope.region});
    }
  }
  for (size_t i = 0; i < rule.conditions.size(); ++i) {
    const auto& c = rule.conditions[i];
    if (c.field != adapt::PolicyField::kAgency && c.field != adapt::PolicyField::kService) continue;
    if (c.op == adapt::PolicyOp::kPrefix || c.op == adapt::PolicyOp::kContains) continue;
    const std::string at = "conditions[" + std::to_string(i) + "]";
    for (size_t j = 0; j < c.values.size(); ++j) {
      const std::string field =
          c.values.size() == 1 ? at + ".value" : at + ".values[" + std::to_string(j) + "]";
      if (c.field == adapt::PolicyField::kAgency) {
        agency(field, c.values[j]);
      } else {
        if (auto s = service(field, c.values[j]); !s) return s;
      }
    }
  }
  std::optional<std::vector<store::Webhook>> webhooks;
  for (size_t i = 0; i < rule.actions.size(); ++i) {
    const auto& a = rule.actions[i];
    const std::string at = "actions[" + std::to_string(i) + "]";
    if (a.kind == adapt::ActionKind::kOpenTemporaryService && !a.code.empty()) {
      // A code of the catalogue's own services would never be opened (the
      // runner leaves an active service alone) nor closed by the rule.
      auto existing = store_.FindService(pemda, a.code);
      if (!existing && existing.error().code != ErrorCode::kNotFound) {
        return Fail(existing.error());
      }
      if (existing && existing->group != kTemporaryServiceGroup) {
        errors.push_back({at + ".code",
                          "taken",
                          "the catalogue has a service " + a.code + " (" + existing->name + ")",
                          {},
                          "katalog sudah punya layanan " + a.code + " (" + existing->name + ")"});
      }
    }
    if (a.kind != adapt::ActionKind::kEscalate && a.kind != adapt::ActionKind::kNotify) {
      agency(at + ".agency", a.target);
      continue;
    }
    const std::string_view to = a.target;
    const auto colon = to.find(':');
    if (colon == std::string_view::npos) continue;  // handler, verifiers, ...
    const std::string_view kind = to.substr(0, colon), name = to.substr(colon + 1);
    if (kind == "agency" || kind == "agency_head") {
      agency(at + ".to", name);
    } else if (kind == "user") {
      auto user = store_.FindUser(pemda, name);
      if (!user && user.error().code != ErrorCode::kNotFound) return Fail(user.error());
      if (!user) {
        errors.push_back({at + ".to",
                          "unknown",
                          "no account of the Pemda is " + std::string(name),
                          {},
                          "tidak ada akun Pemda bernama " + std::string(name)});
      } else if (!user->active) {
        errors.push_back({at + ".to",
                          "inactive",
                          "the account " + std::string(name) + " is deactivated",
                          {},
                          "akun " + std::string(name) + " sudah dinonaktifkan"});
      }
    } else if (kind == "webhook") {
      if (!webhooks) {
        auto listed = store_.ListWebhooks(pemda);
        if (!listed) return Fail(listed.error());
        webhooks = std::move(*listed);
      }
      const bool found = std::any_of(webhooks->begin(), webhooks->end(),
                                     [&](const auto& w) { return std::to_string(w.id) == name; });
      if (!found)
        errors.push_back({at + ".to",
                          "unknown",
                          "no webhook of the Pemda has the id " + std::string(name),
                          {},
                          "tidak ada webhook Pemda dengan id " + std::string(name)});
    }
  }
  return {};
}

Result<adapt::PolicyRule> PolicyBook::Parse(domain::PemdaId pemda, std::string_view text,
                                            std::string_view format) {
  auto rule = adapt::ParsePolicyRule(text, format, limits_);
  if (!rule) return Fail(rule.error());
  std::vector<FieldError> errors;
  if (auto checked = CheckNames(pemda, *rule, errors); !checked) return Fail(checked.error());
  if (!errors.empty()) {
    std::string message = "invalid rule:";
    for (const auto& e : errors) message += " " + e.field + " (" + e.code + ")";
    return Fail(ErrorCode::kInvalidArgument, message, std::move(errors));
  }
  return rule;
}

Result<store::StoredPolicyRule> PolicyBook::Save(domain::PemdaId pemda, std::string_view text,
                                                 std::string_view format, int64_t rule_id,
                                                 const std::string& actor, Timestamp now) {
  auto rule = Parse(pemda, text, format);
  if (!rule) return Fail(rule.error());
  if (rule_id != 0) {
    // A new version of a rule that is not there is a mistaken id, not a
    // clash with the name of another.
    auto stored = store_.FindPolicyRule(pemda, rule_id);
    if (!stored && stored.error().code != ErrorCode::kNotFound) return Fail(stored.error());
    if (!stored) {
      return Fail(
          ErrorCode::kInvalidArgument, "no rule has the id " + std::to_string(rule_id),
          {{"id", "unknown", "no rule of the Pemda has the id " + std::to_string(rule_id)}});
    }
  } else {
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
  auto history = ReadPolicyHistory(store_, pemda, since, now, sla_);
  if (!history) return Fail(history.error());
  return adapt::DryRun(rules, *history, limits_, keep_changes);
}

}  // namespace sigap::app
