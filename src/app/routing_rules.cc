#include "app/routing_rules.h"

#include "domain/catalogue.h"
#include "domain/text.h"

namespace sigap::app {

Result<std::vector<store::RoutingRule>> RoutingRules::List(domain::PemdaId pemda) const {
  return store_.ListRoutingRules(pemda, "");
}

Result<store::RoutingRule> RoutingRules::Add(domain::PemdaId pemda, store::RoutingRule rule,
                                             const std::string& actor) const {
  rule.service_code = domain::Trim(rule.service_code);
  rule.region_code = domain::Trim(rule.region_code);
  rule.agency_code = domain::Trim(rule.agency_code);
  std::vector<FieldError> errors;
  // Each look-up: not found is the client's mistake, anything else ours.
  auto check = [&](auto found, const char* field, const char* what) -> Status {
    if (found) return {};
    if (found.error().code != ErrorCode::kNotFound) return Fail(found.error());
    errors.push_back({field, "unknown", what});
    return {};
  };
  if (rule.service_code.empty()) {
    errors.push_back({"service_code", "required", "a service code"});
  } else if (auto s = check(store_.FindService(pemda, rule.service_code), "service_code",
                            "no service with this code");
             !s) {
    return Fail(s.error());
  }
  if (rule.agency_code.empty()) {
    errors.push_back({"agency_code", "required", "an agency code"});
  } else if (auto s = check(store_.FindAgency(pemda, rule.agency_code), "agency_code",
                            "no agency with this code");
             !s) {
    return Fail(s.error());
  }
  if (rule.region_code.empty()) {
    errors.push_back({"region_code", "required", "a kecamatan or kelurahan code, or *"});
  } else if (rule.region_code != "*") {
    const int level = domain::RegionLevel(rule.region_code);
    if (level != 3 && level != 4) {
      errors.push_back({"region_code", "invalid_value", "a kecamatan or kelurahan code, or *"});
    } else if (auto s = check(store_.FindRegion(pemda, rule.region_code), "region_code",
                              "no region with this code here");
               !s) {
      return Fail(s.error());
    }
  }
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, "invalid routing rule", errors);
  rule.created_by = actor;
  rule.created_at = clock_.Now();
  auto id = store_.SaveRoutingRule(pemda, rule);
  if (!id) return Fail(id.error());
  rule.id = *id;
  return rule;
}

Status RoutingRules::Remove(domain::PemdaId pemda, int64_t id) const {
  return store_.DeleteRoutingRule(pemda, id);
}

}  // namespace sigap::app
