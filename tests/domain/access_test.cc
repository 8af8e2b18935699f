#include "domain/access.h"

#include <gtest/gtest.h>

#include "domain/lifecycle.h"

namespace sigap::domain {
namespace {

Principal As(Role role, std::string agency = "") {
  Principal p;
  p.pemda_id = 1;
  p.name = "someone";
  p.role = role;
  p.agency_code = std::move(agency);
  return p;
}

Case Handled(bool anonymous, bool confidential) {
  Case c;
  c.pemda_id = 1;
  c.agency_code = "DPU";
  c.status = CaseStatus::kDisposed;  // disposed to DPU
  c.submission.anonymous = anonymous;
  c.submission.confidential = confidential;
  c.submission.reporter = {"Sri", "081234567890", "", ""};
  return c;
}

struct Row {
  Role role;
  const char* agency;
  bool anonymous;
  bool confidential;
  bool sees_case;
  bool sees_reporter;
};

// The whole matrix, written from the rules in access.h, not from the code.
constexpr Row kMatrix[] = {
    // role, agency, anonymous, confidential, sees case, sees reporter
    {Role::kVerifier, "", false, false, true, true},
    {Role::kVerifier, "", true, false, true, true},
    {Role::kVerifier, "", false, true, true, true},
    {Role::kVerifier, "", true, true, true, true},
    {Role::kAdmin, "", false, false, true, true},
    {Role::kAdmin, "", true, false, true, false},
    {Role::kAdmin, "", false, true, false, false},
    {Role::kLeader, "", false, false, true, false},
    {Role::kLeader, "", true, false, true, false},
    {Role::kLeader, "", false, true, false, false},
    {Role::kAuditor, "", false, false, true, false},
    {Role::kAuditor, "", false, true, false, false},
    {Role::kAgencyOfficer, "DPU", false, false, true, true},
    {Role::kAgencyOfficer, "DPU", true, false, true, false},
    {Role::kAgencyOfficer, "DPU", false, true, true, true},
    {Role::kAgencyOfficer, "DISHUB", false, false, false, false},
    {Role::kAgencyOfficer, "DISHUB", false, true, false, false},
    {Role::kAgencyHead, "DPU", true, true, true, false},
    {Role::kAgencyHead, "DINSOS", false, false, false, false},
};

TEST(Access, MatrixOfRolesAgenciesAndPrivacyChoices) {
  for (const Row& row : kMatrix) {
    const Principal who = As(row.role, row.agency);
    const Case c = Handled(row.anonymous, row.confidential);
    SCOPED_TRACE(std::string(ToString(row.role)) + " " + row.agency +
                 (row.anonymous ? " anonymous" : "") + (row.confidential ? " confidential" : ""));

    EXPECT_EQ(CanSeeCase(who, c), row.sees_case);
    EXPECT_EQ(CanSeeReporter(who, c), row.sees_reporter);
  }
}

// A supporting agency sees the case it helps with, confidential or not,
// but not who reported it: the lead agency answers the citizen.
TEST(Access, ASupportingAgencySeesTheCaseButNotTheReporter) {
  for (const bool confidential : {false, true}) {
    Case c = Handled(false, confidential);
    c.handling.supporting = {{"DINKES", false}};
    const Principal officer = As(Role::kAgencyOfficer, "DINKES");
    const Principal head = As(Role::kAgencyHead, "DINKES");

    EXPECT_TRUE(CanSeeCase(officer, c)) << confidential;
    EXPECT_FALSE(CanSeeReporter(officer, c)) << confidential;
    EXPECT_TRUE(CanSeeCase(head, c)) << confidential;
    EXPECT_FALSE(CanSeeReporter(head, c)) << confidential;
    EXPECT_TRUE(CanSeeReporter(As(Role::kAgencyOfficer, "DPU"), c)) << confidential;
  }
}

TEST(Access, NobodySeesCasesOfAnotherPemda) {
  Principal verifier = As(Role::kVerifier);
  verifier.pemda_id = 2;

  EXPECT_FALSE(CanSeeCase(verifier, Handled(false, false)));
}

TEST(Access, AnAgencySeesACaseOnlyOnceItIsDisposedToIt) {
  const Principal dpu = As(Role::kAgencyOfficer, "DPU");
  Case c = Handled(false, false);
  c.status = CaseStatus::kReceived;  // intake already knows the service's agency
  EXPECT_FALSE(CanSeeCase(dpu, c));
  c.status = CaseStatus::kNeedsInfo;  // the verifier asks the citizen first
  EXPECT_FALSE(CanSeeCase(dpu, c));
  c.handling.disposed_at = Timestamp{};  // the agency asked the citizen
  EXPECT_TRUE(CanSeeCase(dpu, c));
  c.status = CaseStatus::kClosed;
  c.handling.disposed_at.reset();  // an imported closed case
  EXPECT_TRUE(CanSeeCase(dpu, c));
}

// A Kepala Dinas Perhubungan reads Trans Semarang's cases (BLU-TRANS, a
// unit under DISHUB): not its confidential ones, not the reporter (the
// unit answers the citizen), and acts on none; DISHUB's officers and other
// agencies' heads do not see them.
TEST(Access, AHeadReadsTheCasesOfTheUnitsUnderItsAgencyButDoesNotActOnThem) {
  Principal head = As(Role::kAgencyHead, "DISHUB");
  head.units = {"BLU-TRANS"};
  Case c = Handled(false, false);
  c.agency_code = "BLU-TRANS";
  c.status = CaseStatus::kInProgress;

  EXPECT_TRUE(CanSeeCase(head, c));
  EXPECT_TRUE(CanReadNotes(head, c));
  EXPECT_FALSE(CanSeeReporter(head, c));
  EXPECT_TRUE(OverseesAgency(head, "BLU-TRANS"));
  EXPECT_TRUE(OverseesAgency(head, "DISHUB"));
  EXPECT_FALSE(OverseesAgency(head, "DPU"));
  const Actor as_head = Actor::Officer(head);
  for (const Action a : AllowedActions(c)) {
    EXPECT_FALSE(Permits(c, a, as_head)) << ToString(a);
  }
  // The unit's own head acts, and so the test above is not vacuous.
  EXPECT_TRUE(Permits(c, Action::kResolve, Actor::Officer(As(Role::kAgencyHead, "BLU-TRANS"))));

  Principal officer = As(Role::kAgencyOfficer, "DISHUB");
  officer.units = {"BLU-TRANS"};  // an officer's units, were any set, do not count
  EXPECT_FALSE(CanSeeCase(officer, c));
  EXPECT_FALSE(OverseesAgency(officer, "BLU-TRANS"));
  EXPECT_FALSE(CanSeeCase(As(Role::kAgencyHead, "DINKES"), c));

  // A unit supporting another agency's case: the head reads it too.
  Case supported = Handled(false, false);
  supported.handling.supporting = {{"BLU-TRANS", false}};
  EXPECT_TRUE(CanSeeCase(head, supported));
  EXPECT_FALSE(CanSeeReporter(head, supported));

  // A confidential case stays with the agencies handling it; nor does the
  // head see a unit's case before it is disposed.
  c.submission.confidential = true;
  EXPECT_FALSE(CanSeeCase(head, c));
  EXPECT_FALSE(CanReadNotes(head, c));
  c.submission.confidential = false;
  c.status = CaseStatus::kVerified;
  EXPECT_FALSE(CanSeeCase(head, c));
}

TEST(Access, AgencyRolesListOnlyTheirAgency) {
  EXPECT_TRUE(ListsOnlyOwnAgency(Role::kAgencyOfficer));
  EXPECT_TRUE(ListsOnlyOwnAgency(Role::kAgencyHead));
  EXPECT_FALSE(ListsOnlyOwnAgency(Role::kVerifier));
  EXPECT_FALSE(ListsOnlyOwnAgency(Role::kLeader));
}

}  // namespace
}  // namespace sigap::domain
