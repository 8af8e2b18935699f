#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"

namespace sigap::domain {

// Officer roles. What each may see and do is decided in src/app/access.
enum class Role { kAdmin, kVerifier, kAgencyOfficer, kAgencyHead, kLeader, kAuditor };

std::string_view ToString(Role role);
std::optional<Role> ParseRole(std::string_view text);

// True for roles bound to one agency (they must name it).
bool RoleNeedsAgency(Role role);

// An officer account or an API key's identity, as seen by use cases.
struct Principal {
  int64_t user_id = 0;
  PemdaId pemda_id = 0;
  std::string name;  // username or API key name
  Role role = Role::kVerifier;
  std::string agency_code;  // for agency roles
  bool is_api_key = false;
  // For an agency head: the codes of the units under its agency
  // (domain::UnitsUnder), whose cases and ratings it reads but does not act
  // on. Filled when the principal is authenticated; empty for other roles.
  std::vector<std::string> units;

  // "user:<name>" or "apikey:<name>", as recorded in events.
  std::string Actor() const { return (is_api_key ? "apikey:" : "user:") + name; }
};

// The officer's username in an actor an officer's Actor() wrote ("user:
// <name>"); nullopt for any other actor (the reporter, the system, an API
// key, a rule).
inline std::optional<std::string_view> ActorUsername(std::string_view actor) {
  if (!actor.starts_with("user:") || actor.size() == 5) return std::nullopt;
  return actor.substr(5);
}

struct User {
  int64_t id = 0;
  PemdaId pemda_id = 0;
  std::string username;
  std::string password_hash;  // Argon2id string (libsodium crypto_pwhash_str)
  Role role = Role::kVerifier;
  std::string agency_code;
  bool active = true;
  std::string email;  // where notifications go; "" = none
  // How other officers see the account named ("Budi Santoso"); "" = by
  // username. Never shown to the public or the reporter.
  std::string full_name;
};

}  // namespace sigap::domain
