#include "domain/access.h"

#include <algorithm>

namespace sigap::domain {
namespace {

bool OfHandlingAgency(const Principal& who, const Case& c) {
  if (!RoleNeedsAgency(who.role) || who.agency_code.empty() || !DisposedToAgency(c)) return false;
  return who.agency_code == c.agency_code || c.handling.Supports(who.agency_code);
}

// A head reading a case of a unit under its agency, lead or supporting:
// not a confidential one, which stays with the agencies handling it.
bool HeadOfParentAgency(const Principal& who, const Case& c) {
  if (who.role != Role::kAgencyHead || who.units.empty() || c.submission.confidential ||
      !DisposedToAgency(c)) {
    return false;
  }
  const auto unit = [&](std::string_view code) {
    return std::find(who.units.begin(), who.units.end(), code) != who.units.end();
  };
  if (unit(c.agency_code)) return true;
  return std::any_of(c.handling.supporting.begin(), c.handling.supporting.end(),
                     [&](const SupportingAgency& s) { return unit(s.agency_code); });
}

bool HandlingVerifier(const Principal& who, const Case& c) {
  return who.role == Role::kVerifier &&
         (c.handling.verifier.empty() || c.handling.verifier == who.name);
}

}  // namespace

bool DisposedToAgency(const Case& c) {
  switch (c.status) {
    case CaseStatus::kDisposed:
    case CaseStatus::kInProgress:
    case CaseStatus::kResolved:
    case CaseStatus::kClosed:
      return true;
    case CaseStatus::kReceived:
    case CaseStatus::kVerified:
    case CaseStatus::kNeedsInfo:
    case CaseStatus::kRejected:
    case CaseStatus::kMerged:
      return c.handling.disposed_at.has_value();
  }
  return false;
}

bool CanSeeCase(const Principal& who, const Case& c) {
  if (who.pemda_id != c.pemda_id) return false;
  if (RoleNeedsAgency(who.role)) return OfHandlingAgency(who, c) || HeadOfParentAgency(who, c);
  if (c.submission.confidential) return HandlingVerifier(who, c);
  return true;
}

bool CanReadNotes(const Principal& who, const Case& c) {
  if (!CanSeeCase(who, c)) return false;
  return who.role == Role::kVerifier || who.role == Role::kAuditor || OfHandlingAgency(who, c) ||
         HeadOfParentAgency(who, c);
}

bool CanSeeReporter(const Principal& who, const Case& c) {
  if (!CanSeeCase(who, c)) return false;
  if (c.submission.anonymous) return who.role == Role::kVerifier;
  switch (who.role) {
    case Role::kVerifier:
    case Role::kAdmin:
      return true;
    case Role::kAgencyOfficer:
    case Role::kAgencyHead:
      // The lead agency answers the citizen; an agency supporting it works
      // on the problem and needs no one's contact (data minimisation, UU
      // 27/2022 art. 16); nor does the head of the agency a unit is under.
      return c.agency_code == who.agency_code;
    case Role::kLeader:
      // The Walikota's or Sekda's dashboard judges services, not people:
      // no reporter's name, NIK, telephone or e-mail (data minimisation,
      // UU 27/2022 art. 16), and no finding a case by them.
    case Role::kAuditor:
      return false;
  }
  return false;
}

bool ListsOnlyOwnAgency(Role role) { return RoleNeedsAgency(role); }

bool OverseesAgency(const Principal& who, std::string_view code) {
  if (!RoleNeedsAgency(who.role) || code.empty()) return false;
  if (who.agency_code == code) return true;
  return who.role == Role::kAgencyHead &&
         std::find(who.units.begin(), who.units.end(), code) != who.units.end();
}

}  // namespace sigap::domain
