#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace sigap::cli {

// Flags of `sigap routing rules list|add|remove`.
struct RoutingRuleFlags {
  std::optional<std::string> db;           // default: database.path of the configuration
  std::optional<std::string> config_file;  // default: ./sigap.toml when it exists
  std::string pemda;                       // default: pemda.code, else the only Pemda
  std::string service;                     // add
  std::string region;                      // add: kelurahan or kecamatan code, or "*"
  std::string agency;                      // add
  int64_t id = 0;                          // remove
};

// `sigap routing rules list`: one rule per line, "ID SERVICE REGION AGENCY".
// `add`: creates (or changes the agency of) the rule for SERVICE and REGION,
// checked as the API checks it; prints its id. `remove`: deletes rule ID.
// Problems go to `err` naming the flag. Returns 0 on success, 1 when the
// database fails or the rule is refused, 2 for a wrong flag (unknown Pemda,
// missing database).
int RoutingRulesList(const RoutingRuleFlags& flags, std::ostream& out, std::ostream& err);
int RoutingRulesAdd(const RoutingRuleFlags& flags, std::ostream& out, std::ostream& err);
int RoutingRulesRemove(const RoutingRuleFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
