#include "domain/user.h"

#include <array>
#include <utility>

namespace sigap::domain {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoles{{
    {Role::kAdmin, "admin"},
    {Role::kVerifier, "verifier"},
    {Role::kAgencyOfficer, "agency_officer"},
    {Role::kAgencyHead, "agency_head"},
    {Role::kLeader, "leader"},
    {Role::kAuditor, "auditor"},
}};

}  // namespace

std::string_view ToString(Role role) {
  for (const auto& [r, name] : kRoles) {
    if (r == role) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (const auto& [r, name] : kRoles) {
    if (name == text) return r;
  }
  return std::nullopt;
}

bool RoleNeedsAgency(Role role) {
  return role == Role::kAgencyOfficer || role == Role::kAgencyHead;
}

}  // namespace sigap::domain
