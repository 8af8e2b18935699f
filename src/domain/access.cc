#include "domain/access.h"

namespace sigap::domain {
namespace {

bool OfHandlingAgency(const Principal& who, const Case& c) {
  if (!RoleNeedsAgency(who.role) || who.agency_code.empty() || !DisposedToAgency(c)) return false;
  return who.agency_code == c.agency_code || c.handling.Supports(who.agency_code);
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
  if (RoleNeedsAgency(who.role)) return OfHandlingAgency(who, c);
  if (c.submission.confidential) return HandlingVerifier(who, c);
  return true;
}

bool CanReadNotes(const Principal& who, const Case& c) {
  if (!CanSeeCase(who, c)) return false;
  return who.role == Role::kVerifier || who.role == Role::kAuditor || OfHandlingAgency(who, c);
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
      // 27/2022 art. 16).
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

}  // namespace sigap::domain
