#include "cli/routing_command.h"

#include <filesystem>
#include <functional>
#include <memory>

#include "app/routing_rules.h"
#include "app/system_clock.h"
#include "cli/config.h"
#include "cli/runtime.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;

// Opens the store and finds the Pemda, then runs `body`; prints problems.
int WithRules(const RoutingRuleFlags& flags, std::ostream& err,
              const std::function<int(app::RoutingRules&, domain::PemdaId)>& body) {
  auto stop = [&](int code, const std::string& message) {
    err << "sigap routing rules: " << message << "\n";
    return code;
  };
  int code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, code);
  if (!target) return stop(code, target.error().message);
  app::SystemClock clock;
  app::RoutingRules rules(*target->store, clock);
  return body(rules, target->pemda.id);
}

}  // namespace

int RoutingRulesList(const RoutingRuleFlags& flags, std::ostream& out, std::ostream& err) {
  return WithRules(flags, err, [&](app::RoutingRules& rules, domain::PemdaId pemda) {
    auto all = rules.List(pemda);
    if (!all) {
      err << "sigap routing rules: " << all.error().message << "\n";
      return 1;
    }
    for (const auto& r : *all) {
      out << r.id << "\t" << r.service_code << "\t" << r.region_code << "\t" << r.agency_code
          << "\n";
    }
    return 0;
  });
}

int RoutingRulesAdd(const RoutingRuleFlags& flags, std::ostream& out, std::ostream& err) {
  return WithRules(flags, err, [&](app::RoutingRules& rules, domain::PemdaId pemda) {
    store::RoutingRule rule;
    rule.service_code = flags.service;
    rule.region_code = flags.region;
    rule.agency_code = flags.agency;
    auto saved = rules.Add(pemda, rule, "cli");
    if (!saved) {
      if (saved.error().fields.empty()) {
        err << "sigap routing rules: " << saved.error().message << "\n";
      }
      for (const auto& f : saved.error().fields) {
        const std::string flag = f.field == "service_code"  ? "--service"
                                 : f.field == "region_code" ? "--region"
                                                            : "--agency";
        err << "sigap routing rules: " << flag << ": " << f.code << " (" << f.message << ")\n";
      }
      return 1;
    }
    out << saved->id << "\n";
    return 0;
  });
}

int RoutingRulesRemove(const RoutingRuleFlags& flags, std::ostream& out, std::ostream& err) {
  return WithRules(flags, err, [&](app::RoutingRules& rules, domain::PemdaId pemda) {
    if (auto removed = rules.Remove(pemda, flags.id); !removed) {
      err << "sigap routing rules: " << removed.error().message << "\n";
      return 1;
    }
    out << "Removed rule " << flags.id << "\n";
    return 0;
  });
}

}  // namespace sigap::cli
