#include "domain/access.h"

namespace sigap::domain {
namespace {

bool OfHandlingAgency(const Principal& who, const Case& c) {
  return RoleNeedsAgency(who.role) && !who.agency_code.empty() && who.agency_code == c.agency_code;
}

}  // namespace

bool CanSeeCase(const Principal& who, const Case& c) {
  if (who.pemda_id != c.pemda_id) return false;
  if (RoleNeedsAgency(who.role)) return OfHandlingAgency(who, c);
  if (c.submission.confidential) return who.role == Role::kVerifier;
  return true;
}

bool CanSeeReporter(const Principal& who, const Case& c) {
  if (!CanSeeCase(who, c)) return false;
  if (c.submission.anonymous) return who.role == Role::kVerifier;
  switch (who.role) {
    case Role::kVerifier:
    case Role::kAdmin:
    case Role::kLeader:
    case Role::kAgencyOfficer:
    case Role::kAgencyHead:
      return true;
    case Role::kAuditor:
      return false;
  }
  return false;
}

bool ListsOnlyOwnAgency(Role role) { return RoleNeedsAgency(role); }

}  // namespace sigap::domain
