#pragma once

#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "store/store.h"

namespace sigap::app {

// The routing rules use cases (issue 5): service × region → lead agency,
// kept as data. The most specific region wins at intake: a kelurahan rule,
// then a kecamatan rule, then the service's "*" (everywhere) rule.
// Thread-safe.
class RoutingRules {
 public:
  // `store` and `clock` must outlive this object.
  RoutingRules(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Every rule of the Pemda, by service then region.
  [[nodiscard]] Result<std::vector<store::RoutingRule>> List(domain::PemdaId pemda) const;

  // Adds the rule (or changes the agency of the rule for the same service
  // and region); returns it with its id. kInvalidArgument naming
  // service_code (unknown), region_code ("*" or a kecamatan or kelurahan
  // code of the Pemda) or agency_code (unknown).
  [[nodiscard]] Result<store::RoutingRule> Add(domain::PemdaId pemda, store::RoutingRule rule,
                                               const std::string& actor) const;

  // kNotFound when the Pemda has no rule with that id.
  [[nodiscard]] Status Remove(domain::PemdaId pemda, int64_t id) const;

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace sigap::app
