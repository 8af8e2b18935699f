#include "domain/lifecycle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace sigap::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::year;
using std::chrono::year_month_day;

Timestamp At(const char* rfc3339) {
  const auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

year_month_day Date(int y, unsigned m, unsigned d) {
  return year_month_day{year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// The 2026 days off around March and April, from SKB 1497/2/5 Tahun 2025:
// Nyepi 19 March (cuti bersama 18 March), Idul Fitri 21-22 March (cuti
// bersama 20, 23, 24 March), Good Friday 3 April, Easter 5 April.
std::shared_ptr<const WorkingCalendar> Calendar2026() {
  std::vector<DayOff> days = {
      {Date(2026, 3, 18), "Cuti bersama Nyepi", DayOffKind::kCutiBersama},
      {Date(2026, 3, 19), "Hari Suci Nyepi", DayOffKind::kNational},
      {Date(2026, 3, 20), "Cuti bersama Idul Fitri", DayOffKind::kCutiBersama},
      {Date(2026, 3, 21), "Idul Fitri", DayOffKind::kNational},
      {Date(2026, 3, 22), "Idul Fitri", DayOffKind::kNational},
      {Date(2026, 3, 23), "Cuti bersama Idul Fitri", DayOffKind::kCutiBersama},
      {Date(2026, 3, 24), "Cuti bersama Idul Fitri", DayOffKind::kCutiBersama},
      {Date(2026, 4, 3), "Wafat Yesus Kristus", DayOffKind::kNational},
      {Date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)", DayOffKind::kNational},
  };
  auto cal = WorkingCalendar::Create(days, {year{2026}});
  EXPECT_TRUE(cal.has_value());
  return std::make_shared<const WorkingCalendar>(std::move(*cal));
}

// Calendar2026 with `extra` days off added and `cancelled` dates working.
std::shared_ptr<const WorkingCalendar> Calendar2026With(
    std::vector<DayOff> extra, std::vector<year_month_day> cancelled = {}) {
  std::vector<DayOff> days = Calendar2026()->DaysOffIn(year{2026});
  std::erase_if(days, [&](const DayOff& d) {
    return std::find(cancelled.begin(), cancelled.end(), d.date) != cancelled.end();
  });
  days.insert(days.end(), extra.begin(), extra.end());
  auto cal = WorkingCalendar::Create(days, {year{2026}});
  EXPECT_TRUE(cal.has_value());
  return std::make_shared<const WorkingCalendar>(std::move(*cal));
}

Principal Officer(Role role, std::string name, std::string agency = "") {
  Principal p;
  p.user_id = 1;
  p.pemda_id = 1;
  p.name = std::move(name);
  p.role = role;
  p.agency_code = std::move(agency);
  return p;
}

const Actor kVerifier = Actor::Officer(Officer(Role::kVerifier, "vera"));
const Actor kDpu = Actor::Officer(Officer(Role::kAgencyOfficer, "dodi", "DPU"));
const Actor kDpuHead = Actor::Officer(Officer(Role::kAgencyHead, "kadis", "DPU"));
const Actor kDishub = Actor::Officer(Officer(Role::kAgencyOfficer, "hari", "DISHUB"));
const Actor kLeader = Actor::Officer(Officer(Role::kLeader, "walikota"));

// A text value of an event payload; "" when absent.
std::string text(const Payload& p, const std::string& key) {
  for (const auto& [k, v] : p) {
    if (k == key && std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  }
  return std::string();
}

class LifecycleTest : public ::testing::Test {
 protected:
  LifecycleTest() {
    ctx_.calendar = Calendar2026();
    ctx_.targets = ctx_.policy.For(CaseKind::kComplaint, 0);
    c_.id = 7;
    c_.pemda_id = 1;
    c_.tracking_code = "ABCDEFGHJK";
    c_.submission.title = "Jalan berlubang";
    // Tuesday 17 March 2026, 15:00 WIB: before the 16:00 cut-off.
    c_.created_at = At("2026-03-17T15:00:00+07:00");
    c_.handling = InitialHandling(c_.created_at, ctx_);
  }

  // Applies an action and makes its result the current case.
  CaseChange Apply(Action action, const Actor& actor, const char* at,
                   void (*fill)(ActionRequest&) = nullptr) {
    ActionRequest r;
    r.action = action;
    r.actor = actor;
    r.at = At(at);
    if (fill) fill(r);
    auto changes = Decide(c_, r, ctx_);
    EXPECT_TRUE(changes.has_value())
        << ToString(action) << ": " << (changes ? "" : changes.error().message);
    if (!changes || changes->empty()) return {};
    c_ = (*changes)[0].after;
    c_.version += 1;
    return (*changes)[0];
  }

  Error Refused(Action action, const Actor& actor, const char* at,
                void (*fill)(ActionRequest&) = nullptr) {
    ActionRequest r;
    r.action = action;
    r.actor = actor;
    r.at = At(at);
    if (fill) fill(r);
    auto changes = Decide(c_, r, ctx_);
    EXPECT_FALSE(changes.has_value()) << ToString(action) << " was accepted";
    return changes ? Error{ErrorCode::kInternal, ""} : changes.error();
  }

  void ToDisposed() {
    Apply(Action::kVerify, kVerifier, "2026-03-17T16:00:00+07:00");
    Apply(Action::kDispose, kVerifier, "2026-03-25T09:00:00+07:00", [](ActionRequest& r) {
      r.agency_code = "DPU";
      r.supporting = {"DISHUB"};
    });
  }

  static bool HasNotice(const CaseChange& ch, const std::string& channel,
                        const std::string& audience) {
    return std::any_of(ch.notices.begin(), ch.notices.end(), [&](const Notice& n) {
      return n.channel == channel && n.audience == audience;
    });
  }

  DecisionContext ctx_;
  Case c_;
};

TEST_F(LifecycleTest, NewComplaintIsDueForVerificationAfterThreeWorkingDaysAcrossNyepiAndLebaran) {
  // From the issue: 18 March cuti bersama, 19 Nyepi, 20, 23, 24 cuti
  // bersama, 21-22 Idul Fitri on a weekend; working days 25, 26, 27 March.
  EXPECT_EQ(c_.handling.stage, Stage::kVerification);
  EXPECT_EQ(c_.handling.due_at, At("2026-03-27T23:59:59.999999+07:00"));
  EXPECT_EQ(DeadlineAt(c_.handling, At("2026-03-25T10:00:00+07:00")), DeadlineState::kOnTrack);
  EXPECT_EQ(DeadlineAt(c_.handling, At("2026-03-28T00:00:00+07:00")), DeadlineState::kOverdue);
}

TEST_F(LifecycleTest, OnlyAVerifierVerifiesAndTheTransitionIsRecorded) {
  EXPECT_EQ(Refused(Action::kVerify, kDpu, "2026-03-17T16:00:00+07:00").code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Refused(Action::kVerify, Actor::Reporter(), "2026-03-17T16:00:00+07:00").code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Refused(Action::kVerify, kLeader, "2026-03-17T16:00:00+07:00").code,
            ErrorCode::kPermissionDenied);
  const auto ch = Apply(Action::kVerify, kVerifier, "2026-03-17T16:00:00+07:00");
  EXPECT_EQ(c_.status, CaseStatus::kVerified);
  EXPECT_EQ(c_.handling.verifier, "vera");
  ASSERT_EQ(ch.events.size(), 1u);
  EXPECT_EQ(ch.events[0].kind, "verified");
  EXPECT_EQ(ch.events[0].actor, "user:vera");
  EXPECT_TRUE(ch.events[0].is_public);
}

TEST_F(LifecycleTest, IllegalTransitionIsAConflictAndAllowedActionsFollowTheStatus) {
  const Error e = Refused(Action::kStart, kDpu, "2026-03-17T16:00:00+07:00");
  EXPECT_EQ(e.code, ErrorCode::kConflict);
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.fields[0].code, "illegal_transition");
  auto allowed = AllowedActions(c_);
  EXPECT_NE(std::find(allowed.begin(), allowed.end(), Action::kVerify), allowed.end());
  EXPECT_EQ(std::find(allowed.begin(), allowed.end(), Action::kResolve), allowed.end());
  EXPECT_EQ(Refused(Action::kDispose, kVerifier, "2026-03-17T16:00:00+07:00",
                    [](auto& r) { r.agency_code = "DPU"; })
                .code,
            ErrorCode::kConflict);  // verify first
}

TEST_F(LifecycleTest, RejectNeedsAReasonFromTheFixedList) {
  auto e = Refused(Action::kReject, kVerifier, "2026-03-17T16:00:00+07:00",
                   [](ActionRequest& r) { r.reason = "boring"; });
  ASSERT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.fields[0].field, "reason");
  const auto ch = Apply(Action::kReject, kVerifier, "2026-03-17T16:00:00+07:00",
                        [](ActionRequest& r) { r.reason = "incomplete"; });
  EXPECT_EQ(c_.status, CaseStatus::kRejected);
  EXPECT_EQ(c_.handling.stage, Stage::kNone);
  EXPECT_FALSE(c_.handling.next_check_at.has_value());
  EXPECT_TRUE(HasNotice(ch, "email", "reporter"));
  // The citizen may complete an incomplete report: it is verified anew,
  // with a fresh verification deadline from the completion.
  Apply(Action::kProvideInfo, Actor::Reporter(), "2026-04-06T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Lokasi: depan SD Negeri 2"; });
  EXPECT_EQ(c_.status, CaseStatus::kReceived);
  EXPECT_EQ(c_.handling.due_at, At("2026-04-09T23:59:59.999999+07:00"));
}

TEST_F(LifecycleTest, RejectingAsDuplicateNeedsTheSurvivor) {
  auto e = Refused(Action::kReject, kVerifier, "2026-03-17T16:00:00+07:00",
                   [](ActionRequest& r) { r.reason = "duplicate"; });
  ASSERT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.fields[0].field, "into");
}

TEST_F(LifecycleTest, DisposalStartsTheFollowUpClockAndTellsReporterAndAgencies) {
  Apply(Action::kVerify, kVerifier, "2026-03-17T16:00:00+07:00");
  auto e = Refused(Action::kDispose, kVerifier, "2026-03-25T09:00:00+07:00");
  ASSERT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.fields[0].field, "agency_code");
  const auto ch =
      Apply(Action::kDispose, kVerifier, "2026-03-25T09:00:00+07:00", [](ActionRequest& r) {
        r.agency_code = "DPU";
        r.supporting = {"DISHUB"};
      });
  EXPECT_EQ(c_.status, CaseStatus::kDisposed);
  EXPECT_EQ(c_.agency_code, "DPU");
  ASSERT_EQ(c_.handling.supporting.size(), 1u);
  EXPECT_EQ(c_.handling.supporting[0].agency_code, "DISHUB");
  EXPECT_EQ(c_.handling.stage, Stage::kFollowUp);
  // Wednesday 25 March + 5 working days: 26, 27, 30, 31 March, 1 April.
  EXPECT_EQ(c_.handling.due_at, At("2026-04-01T23:59:59.999999+07:00"));
  EXPECT_TRUE(HasNotice(ch, "email", "reporter"));
  EXPECT_TRUE(HasNotice(ch, "email", "agency:DPU"));
  EXPECT_TRUE(HasNotice(ch, "email", "agency:DISHUB"));
  EXPECT_TRUE(HasNotice(ch, "webhook", "*"));
}

// Other systems get what the public reads: a number a citizen typed into
// the title is masked in every webhook, as on the public case page.
TEST_F(LifecycleTest, WebhooksCarryTheTitleWithContactDetailsMasked) {
  c_.submission.title = "Jalan berlubang, hubungi 0812-5555-6666";
  const auto ch = Apply(Action::kVerify, kVerifier, "2026-03-17T16:00:00+07:00");

  bool seen = false;
  for (const auto& n : ch.notices) {
    if (n.channel != "webhook") continue;
    for (const auto& [key, value] : n.payload) {
      if (key != "title") continue;
      seen = true;
      EXPECT_EQ(std::get<std::string>(value), "Jalan berlubang, hubungi [disamarkan]");
    }
  }
  EXPECT_TRUE(seen);
}

// The Pemda's own numbers (those its Standar Pelayanan publish as the
// complaint channel) stay in an officer's public words wherever the public
// reads them, as on the public case view: a webhook's and a supporter's
// e-mail said "hubungi [disamarkan]" for the Pemda's call centre. A
// citizen's number beside it, and the title the citizen wrote, stay masked.
TEST_F(LifecycleTest, APublishedNumberStaysInWebhooksAndSupportersEmailsACitizensIsMasked) {
  ctx_.published_numbers = {"0243513366"};
  c_.submission.title = "Jalan berlubang, hubungi 024-3513366";
  c_.supporters = 2;
  ToDisposed();
  static const std::string said =
      "Silakan hubungi 024-3513366. Nomor pelapor 0812-5555-6666 kami catat.";
  const auto ch = Apply(Action::kPublicUpdate, kDpu, "2026-03-26T10:00:00+07:00",
                        [](ActionRequest& r) { r.text = said; });

  const std::string masked = "Silakan hubungi 024-3513366. Nomor pelapor [disamarkan] kami catat.";
  int seen = 0;
  for (const auto& n : ch.notices) {
    const std::string who = n.channel + " " + n.audience;
    if (n.channel == "webhook" || n.audience == "supporters") {
      ++seen;
      EXPECT_EQ(text(n.payload, "text"), masked) << who;
      EXPECT_EQ(text(n.payload, "title"), "Jalan berlubang, hubungi [disamarkan]") << who;
    } else if (n.audience == "reporter") {
      ++seen;
      EXPECT_EQ(text(n.payload, "text"), said) << who;
    }
  }
  EXPECT_EQ(seen, 3);
}

// A verifier's reopening reason is public: other systems and the citizens
// who backed the report read it as the public does.
TEST_F(LifecycleTest, AVerifiersReopeningReasonReachesWebhooksMaskedButForPublishedNumbers) {
  ctx_.published_numbers = {"0243513366"};
  ToDisposed();
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  Apply(Action::kResolve, kDpu, "2026-04-01T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Sudah ditambal"; });
  const auto ch =
      Apply(Action::kReopen, kVerifier, "2026-04-08T08:00:00+07:00", [](ActionRequest& r) {
        r.reason = "Pelapor (0812-5555-6666) bilang masih rusak; info 024-3513366";
      });
  int seen = 0;
  for (const auto& n : ch.notices) {
    if (n.channel != "webhook" || text(n.payload, "reason").empty()) continue;
    ++seen;
    EXPECT_EQ(text(n.payload, "reason"),
              "Pelapor [disamarkan] bilang masih rusak; info 024-3513366");
  }
  EXPECT_EQ(seen, 1);
}

// Only the lead agency may know who reported (access.h). A supporting
// agency's e-mail carried the title as the reporter wrote it, name and
// number included, while its case view masked them; so did the e-mail to
// other citizens who backed the report.
TEST_F(LifecycleTest, ASupportingAgencysEmailReadsTheTitleAsThePublicDoes) {
  c_.submission.title = "Jalan berlubang, saya Sri Wahyuni 0812-5555-6666";
  c_.submission.reporter.name = "Sri Wahyuni";
  c_.supporters = 2;
  Apply(Action::kVerify, kVerifier, "2026-03-17T16:00:00+07:00");
  const auto ch =
      Apply(Action::kDispose, kVerifier, "2026-03-25T09:00:00+07:00", [](ActionRequest& r) {
        r.agency_code = "DPU";
        r.supporting = {"DISHUB"};
      });
  const auto title = [&](const std::string& audience) {
    for (const auto& n : ch.notices) {
      if (n.channel != "email" || n.audience != audience) continue;
      for (const auto& [key, value] : n.payload) {
        if (key == "title") return std::get<std::string>(value);
      }
    }
    return std::string("(none)");
  };
  EXPECT_EQ(title("agency:DPU"), "Jalan berlubang, saya Sri Wahyuni 0812-5555-6666");
  EXPECT_EQ(title("reporter"), "Jalan berlubang, saya Sri Wahyuni 0812-5555-6666");
  EXPECT_EQ(title("agency:DISHUB"), "Jalan berlubang, saya [disamarkan] [disamarkan] [disamarkan]");
  EXPECT_EQ(title("supporters"), title("agency:DISHUB"));
}

TEST_F(LifecycleTest, ResolutionCountsFromDispositionAndTheResponseIsRequired) {
  ToDisposed();
  EXPECT_EQ(Refused(Action::kStart, kDishub, "2026-03-26T09:00:00+07:00").code,
            ErrorCode::kPermissionDenied);  // a supporting agency does not lead
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  EXPECT_EQ(c_.status, CaseStatus::kInProgress);
  EXPECT_EQ(c_.handling.stage, Stage::kResolution);
  // 25 March + 14 working days (3 April Good Friday off): 26, 27, 30, 31,
  // 1, 2, 6, 7, 8, 9, 10, 13, 14, 15 April.
  EXPECT_EQ(c_.handling.due_at, At("2026-04-15T23:59:59.999999+07:00"));
  auto e = Refused(Action::kResolve, kDpu, "2026-04-01T09:00:00+07:00");
  ASSERT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.fields[0].field, "text");
}

TEST_F(LifecycleTest, AServiceStandardsTimeLimitIsTheResolutionTargetCappedAtSixtyDays) {
  EXPECT_EQ(ctx_.policy.For(CaseKind::kRequest, 7).resolution, 7);
  EXPECT_EQ(ctx_.policy.For(CaseKind::kRequest, 90).resolution, 60);
  EXPECT_EQ(ctx_.policy.For(CaseKind::kComplaint, 0).resolution, 14);
  SlaPolicy p;
  p.by_kind[static_cast<int>(CaseKind::kInformation)].resolution = 10;  // UU 14/2008
  EXPECT_EQ(p.For(CaseKind::kInformation, 0).resolution, 10);
  EXPECT_EQ(p.For(CaseKind::kInformation, 0).verification, 3);
}

// A one-day service (a KTP-el printed within a working day): its case waits
// for the agency's follow-up with the service's day as its deadline, not the
// five days of a first follow-up, which would let it pass its Standar
// Pelayanan "on track" and turn overdue the moment the agency starts.
TEST_F(LifecycleTest, AOneDayServicesDisposedCaseIsDueWithinItsDay) {
  ctx_.targets = ctx_.policy.For(CaseKind::kRequest, 1);
  ToDisposed();  // Wednesday 25 March, 09:00
  EXPECT_EQ(c_.handling.stage, Stage::kFollowUp);
  EXPECT_EQ(c_.handling.due_at, At("2026-03-26T23:59:59.999999+07:00"));
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  EXPECT_EQ(c_.handling.stage, Stage::kResolution);
  EXPECT_EQ(c_.handling.due_at, At("2026-03-26T23:59:59.999999+07:00"));
  // A service of two weeks keeps its five days to start.
  EXPECT_EQ(ctx_.policy.For(CaseKind::kRequest, 14).follow_up, 5);
}

TEST_F(LifecycleTest, NeedsInfoPausesTheClockAndResumingMovesTheDeadline) {
  Apply(Action::kRequestInfo, kVerifier, "2026-03-25T09:00:00+07:00",
        [](ActionRequest& r) { r.text = "Mohon kirim foto lokasi"; });
  EXPECT_EQ(c_.status, CaseStatus::kNeedsInfo);
  EXPECT_EQ(DeadlineAt(c_.handling, At("2026-04-20T09:00:00+07:00")), DeadlineState::kPaused);
  EXPECT_FALSE(c_.handling.next_check_at.has_value());
  // Paused on 25 March with two working days left (26, 27); the citizen
  // answers on Monday 30 March: due two working days later, 1 April.
  const auto ch = Apply(Action::kProvideInfo, Actor::Reporter(), "2026-03-30T09:00:00+07:00",
                        [](ActionRequest& r) { r.text = "Foto terlampir"; });
  EXPECT_EQ(c_.status, CaseStatus::kReceived);
  EXPECT_EQ(c_.handling.due_at, At("2026-04-01T23:59:59.999999+07:00"));
  EXPECT_TRUE(c_.handling.next_check_at.has_value());
  ASSERT_EQ(ch.events.size(), 1u);
  EXPECT_TRUE(ch.events[0].is_public);
}

// Regression: resuming counted the days left again from the answer, with the
// intake's 16:00 cut-off, so an answer after 16:00 on the day of the request
// moved the deadline a working day although no working day had passed.
TEST_F(LifecycleTest, AnswerOnTheDayOfTheRequestAfterTheCutOffKeepsTheDeadline) {
  Apply(Action::kRequestInfo, kVerifier, "2026-03-25T16:30:00+07:00",
        [](ActionRequest& r) { r.text = "Mohon kirim foto lokasi"; });
  Apply(Action::kProvideInfo, Actor::Reporter(), "2026-03-25T17:00:00+07:00",
        [](ActionRequest& r) { r.text = "Foto terlampir"; });

  EXPECT_EQ(c_.status, CaseStatus::kReceived);
  EXPECT_EQ(c_.handling.due_at, At("2026-03-27T23:59:59.999999+07:00"));
}

// The citizen's resolution clock runs from the first disposition; a case
// forwarded late had its new lead's follow-up due after the resolution,
// and starting the work pulled the deadline two days earlier.
TEST_F(LifecycleTest, AForwardedCasesFollowUpIsDueNoLaterThanItsResolution) {
  ToDisposed();  // 25 March: the resolution is due 15 April
  Apply(Action::kForward, kDpu, "2026-04-10T09:00:00+07:00", [](ActionRequest& r) {
    r.agency_code = "DISPERKIM";
    r.reason = "Saluran di perumahan, kewenangan Disperkim";
  });
  // 10 April + 5 working days would be 17 April.
  EXPECT_EQ(c_.handling.stage, Stage::kFollowUp);
  EXPECT_EQ(c_.handling.due_at, At("2026-04-15T23:59:59.999999+07:00"));
  ASSERT_TRUE(c_.handling.due_soon_at.has_value());
  EXPECT_LE(*c_.handling.due_soon_at, *c_.handling.due_at);

  const Actor disperkim = Actor::Officer(Officer(Role::kAgencyOfficer, "rina", "DISPERKIM"));
  Apply(Action::kStart, disperkim, "2026-04-13T09:00:00+07:00");
  EXPECT_EQ(c_.handling.due_at, At("2026-04-15T23:59:59.999999+07:00"));
}

TEST_F(LifecycleTest, ForwardingMovesTheCaseAndTheOldAgencyLosesIt) {
  ToDisposed();
  auto e = Refused(Action::kForward, kDpu, "2026-03-26T09:00:00+07:00",
                   [](ActionRequest& r) { r.agency_code = "DISPERKIM"; });
  ASSERT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.fields[0].field, "reason");
  const auto ch = Apply(Action::kForward, kDpu, "2026-03-26T09:00:00+07:00", [](ActionRequest& r) {
    r.agency_code = "DISPERKIM";
    r.reason = "Saluran di perumahan, kewenangan Disperkim";
  });
  EXPECT_EQ(c_.agency_code, "DISPERKIM");
  EXPECT_EQ(c_.status, CaseStatus::kDisposed);
  EXPECT_TRUE(HasNotice(ch, "email", "agency:DISPERKIM"));
  // Why is the officers' own words: the agency it goes to reads them; the
  // reporter's e-mail and webhook subscribers do not, as the public
  // timeline does not show them.
  for (const auto& n : ch.notices) {
    const bool reason = std::any_of(n.payload.begin(), n.payload.end(),
                                    [](const auto& kv) { return kv.first == "reason"; });
    EXPECT_EQ(reason, n.audience.rfind("agency", 0) == 0) << n.channel << " " << n.audience;
  }
  EXPECT_TRUE(HasNotice(ch, "email", "reporter"));
  EXPECT_TRUE(HasNotice(ch, "webhook", "*"));
  EXPECT_EQ(Refused(Action::kStart, kDpu, "2026-03-26T10:00:00+07:00").code,
            ErrorCode::kPermissionDenied);
  // 26 March + 5 working days: 27, 30, 31 March, 1, 2 April.
  EXPECT_EQ(c_.handling.due_at, At("2026-04-02T23:59:59.999999+07:00"));
}

// A confidential case forwarded starts again with its new lead alone: the
// supporters the old lead chose stop reading it. An open case keeps them.
TEST_F(LifecycleTest, AForwardedConfidentialCaseLeavesItsSupportersBehind) {
  c_.submission.confidential = true;
  ToDisposed();  // to DPU, DISHUB supporting
  ASSERT_FALSE(c_.handling.supporting.empty());
  const auto ch = Apply(Action::kForward, kDpu, "2026-03-26T09:00:00+07:00", [](ActionRequest& r) {
    r.agency_code = "DISPERKIM";
    r.reason = "Kewenangan Disperkim";
  });
  EXPECT_TRUE(c_.handling.supporting.empty());
  const auto& payload = ch.events.at(0).payload;
  const auto ended = std::find_if(payload.begin(), payload.end(),
                                  [](const auto& kv) { return kv.first == "supporting_ended"; });
  ASSERT_NE(ended, payload.end());
  EXPECT_EQ(std::get<std::vector<std::string>>(ended->second), std::vector<std::string>{"DISHUB"});
}

// The supporters a forward leaves behind are told, by the outbox as every
// other message, that their support ended; the forward's reason (which may
// be about them) is not in their message. Regression: they had lost the
// case without a word.
TEST_F(LifecycleTest, AgenciesWhoseSupportAForwardEndsAreTold) {
  c_.submission.confidential = true;
  ToDisposed();  // to DPU, DISHUB supporting

  const auto ch = Apply(Action::kForward, kDpu, "2026-03-26T09:00:00+07:00", [](ActionRequest& r) {
    r.agency_code = "DISPERKIM";
    r.reason = "Laporan menyangkut petugas Dishub";
  });

  const auto told = std::find_if(ch.notices.begin(), ch.notices.end(), [](const Notice& n) {
    return n.channel == "email" && n.audience == "agency:DISHUB";
  });
  ASSERT_NE(told, ch.notices.end());
  EXPECT_EQ(told->template_name, "forwarded");
  EXPECT_EQ(text(told->payload, "recipient_role"), "support_ended");
  EXPECT_EQ(text(told->payload, "lead_agency_code"), "DISPERKIM");
  EXPECT_EQ(text(told->payload, "reason"), "");
  EXPECT_TRUE(HasNotice(ch, "email", "agency:DISPERKIM"));
}

// An open case keeps its supporters on a forward; they learn who leads now.
TEST_F(LifecycleTest, SupportersAForwardKeepsLearnTheNewLead) {
  ToDisposed();  // to DPU, DISHUB supporting

  const auto ch = Apply(Action::kForward, kDpu, "2026-03-26T09:00:00+07:00", [](ActionRequest& r) {
    r.agency_code = "DISPERKIM";
    r.reason = "Kewenangan Disperkim";
  });

  ASSERT_EQ(c_.handling.supporting.size(), 1u);
  const auto told = std::find_if(ch.notices.begin(), ch.notices.end(), [](const Notice& n) {
    return n.channel == "email" && n.audience == "agency:DISHUB";
  });
  ASSERT_NE(told, ch.notices.end());
  EXPECT_EQ(text(told->payload, "recipient_role"), "supporting");
}

// A supporting agency is asked to support, by whom, and its message names
// the lead; a supporter's input names the supporter, not the lead.
TEST_F(LifecycleTest, ASupportingAgencyIsAskedToSupportNotGivenTheLeadsNewCase) {
  ctx_.agency_names = {{"DPU", "Dinas Pekerjaan Umum"}, {"DISHUB", "Dinas Perhubungan"}};
  Apply(Action::kVerify, kVerifier, "2026-03-17T16:00:00+07:00");

  const auto ch =
      Apply(Action::kDispose, kVerifier, "2026-03-25T09:00:00+07:00", [](ActionRequest& r) {
        r.agency_code = "DPU";
        r.supporting = {"DISHUB"};
      });

  for (const auto& n : ch.notices) {
    if (n.channel != "email" || !n.audience.starts_with("agency:")) continue;
    const bool supporter = n.audience == "agency:DISHUB";
    EXPECT_EQ(text(n.payload, "recipient_role"), supporter ? "supporting" : "") << n.audience;
    EXPECT_EQ(text(n.payload, "requested_by"), supporter ? kVerifier.Name() : "");
    EXPECT_EQ(text(n.payload, "lead_agency_code"), "DPU");
  }
  const auto input = Apply(Action::kProvideInput, kDishub, "2026-03-26T09:00:00+07:00",
                           [](ActionRequest& r) { r.text = "Rekayasa lalu lintas siap."; });
  ASSERT_TRUE(HasNotice(input, "email", "agency:DPU"));
  for (const auto& n : input.notices) {
    if (n.audience != "agency:DPU") continue;
    EXPECT_EQ(text(n.payload, "agency_code"), "DISHUB");
    EXPECT_EQ(text(n.payload, "agency_name"), "Dinas Perhubungan");
    EXPECT_EQ(text(n.payload, "lead_agency_name"), "Dinas Pekerjaan Umum");
    EXPECT_EQ(text(n.payload, "lead_agency_code"), "DPU");
  }
}

TEST_F(LifecycleTest, SupportingAgencyGivesInputWhenAsked) {
  ToDisposed();
  Apply(Action::kRequestInput, kDpu, "2026-03-26T09:00:00+07:00", [](ActionRequest& r) {
    r.agency_code = "DISHUB";
    r.text = "Perlu rekayasa lalu lintas saat perbaikan?";
  });
  ASSERT_EQ(c_.handling.supporting.size(), 1u);
  EXPECT_TRUE(c_.handling.supporting[0].input_requested);
  EXPECT_EQ(Refused(Action::kProvideInput, kDpu, "2026-03-26T10:00:00+07:00",
                    [](ActionRequest& r) { r.text = "x"; })
                .code,
            ErrorCode::kPermissionDenied);
  const auto ch = Apply(Action::kProvideInput, kDishub, "2026-03-26T11:00:00+07:00",
                        [](ActionRequest& r) { r.text = "Ya, tutup satu lajur"; });
  EXPECT_FALSE(c_.handling.supporting[0].input_requested);
  ASSERT_EQ(ch.events.size(), 1u);
  EXPECT_FALSE(ch.events[0].is_public);
}

TEST_F(LifecycleTest, TheHeadAssignsAnyoneAnOfficerOnlyHimself) {
  ToDisposed();
  EXPECT_EQ(Refused(Action::kAssign, kDpu, "2026-03-26T09:00:00+07:00",
                    [](ActionRequest& r) { r.assignee = "someone"; })
                .code,
            ErrorCode::kPermissionDenied);
  Apply(Action::kAssign, kDpu, "2026-03-26T09:00:00+07:00",
        [](ActionRequest& r) { r.assignee = "dodi"; });
  EXPECT_EQ(c_.handling.assignee, "dodi");
  const auto ch = Apply(Action::kAssign, kDpuHead, "2026-03-26T10:00:00+07:00",
                        [](ActionRequest& r) { r.assignee = "budi"; });
  EXPECT_EQ(c_.handling.assignee, "budi");
  EXPECT_TRUE(HasNotice(ch, "email", "user:budi"));
}

TEST_F(LifecycleTest, ResolvedCaseReopensWithinTheWindowOnly) {
  ToDisposed();
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  Apply(Action::kResolve, kDpu, "2026-04-01T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Sudah ditambal"; });
  EXPECT_EQ(c_.status, CaseStatus::kResolved);
  EXPECT_EQ(c_.handling.stage, Stage::kAutoClose);
  // 1 April + 10 working days: 2, 6, 7, 8, 9, 10, 13, 14, 15, 16 April.
  EXPECT_EQ(c_.handling.reopen_until, At("2026-04-16T23:59:59.999999+07:00"));
  EXPECT_EQ(c_.handling.due_at, At("2026-04-16T23:59:59.999999+07:00"));
  auto late = Refused(Action::kReopen, Actor::Reporter(), "2026-04-17T08:00:00+07:00",
                      [](ActionRequest& r) { r.reason = "Masih rusak"; });
  ASSERT_EQ(late.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(late.fields[0].code, "window_passed");
  Apply(Action::kReopen, Actor::Reporter(), "2026-04-08T08:00:00+07:00",
        [](ActionRequest& r) { r.reason = "Masih rusak"; });
  EXPECT_EQ(c_.status, CaseStatus::kInProgress);
  EXPECT_EQ(c_.handling.stage, Stage::kResolution);
}

// "Due soon" is the last fifth of a stage's working days, from the morning
// of the first of them: never a weekend or a holiday.
TEST_F(LifecycleTest, DueSoonBeginsOnTheMorningOfTheLastFifthOfTheWorkingDays) {
  ToDisposed();  // follow-up, 5 working days: 26, 27, 30, 31 March, 1 April
  EXPECT_EQ(c_.handling.due_soon_at, At("2026-04-01T00:00:00+07:00"));
  // Resolution, 14 working days from the disposition on 25 March: 26, 27,
  // 30, 31 March, 1, 2, 6 (3 April is Good Friday) ... 15 April; its last
  // three (2.8 rounded up) are 13, 14 and 15 April.
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  EXPECT_EQ(c_.handling.due_at, At("2026-04-15T23:59:59.999999+07:00"));
  EXPECT_EQ(c_.handling.due_soon_at, At("2026-04-13T00:00:00+07:00"));
}

// A day off declared after a deadline was counted moves it, when the day
// falls in its span; the stage keeps the working days it was given.
TEST_F(LifecycleTest, ADayOffDeclaredLaterMovesTheRunningDeadlinesItFallsIn) {
  ToDisposed();  // follow-up from 25 March 09:00: 26, 27, 30, 31 March, 1 April
  ASSERT_EQ(c_.handling.due_at, At("2026-04-01T23:59:59.999999+07:00"));
  const auto before = ctx_.calendar;
  const auto due_soon = *c_.handling.due_soon_at;

  auto recount = [&](std::shared_ptr<const WorkingCalendar> after) {
    DecisionContext ctx = ctx_;
    ctx.calendar = std::move(after);
    auto changes = DecideDeadlineRecount(c_, *before, At("2026-03-26T08:00:00+07:00"), ctx,
                                         At("2026-03-26T08:00:01+07:00"));
    EXPECT_TRUE(changes.has_value());
    return changes ? *changes : std::vector<CaseChange>{};
  };
  const DayOff flood{Date(2026, 3, 30), "Libur banjir", DayOffKind::kRegional};
  const auto moved = recount(Calendar2026With({flood}));
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].after.handling.due_at, At("2026-04-02T23:59:59.999999+07:00"));
  EXPECT_EQ(moved[0].after.handling.due_soon_at, due_soon + std::chrono::hours(24));
  ASSERT_EQ(moved[0].events.size(), 1u);
  EXPECT_EQ(moved[0].events[0].kind, "deadline_adjusted");
  EXPECT_FALSE(moved[0].events[0].is_public);
  EXPECT_EQ(text(moved[0].events[0].payload, "reason"), "calendar");
  EXPECT_EQ(text(moved[0].events[0].payload, "due_before"),
            FormatRfc3339(At("2026-04-01T23:59:59.999999+07:00")));
  // The stage began at 09:00 on a day now off: it begins the next one.
  const DayOff start{Date(2026, 3, 25), "Libur", DayOffKind::kRegional};
  const auto later = recount(Calendar2026With({start}));
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].after.handling.due_at, At("2026-04-02T23:59:59.999999+07:00"));
  // A day after the deadline, or the same calendar: nothing moves.
  EXPECT_TRUE(
      recount(Calendar2026With({{Date(2026, 4, 2), "Libur", DayOffKind::kRegional}})).empty());
  EXPECT_TRUE(recount(before).empty());
  // A day off of the span cancelled (here Good Friday, 3 April, for a case
  // whose span holds it) brings the deadline a working day closer.
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");  // resolution: 14 working days
  const auto due = *c_.handling.due_at;
  const auto sooner = recount(Calendar2026With({}, {Date(2026, 4, 3)}));
  ASSERT_EQ(sooner.size(), 1u);
  EXPECT_EQ(*sooner[0].after.handling.due_at, due - std::chrono::hours(24));
}

// The citizen's window to reopen a resolved case moves with the calendar.
TEST_F(LifecycleTest, ADayOffDeclaredLaterLengthensTheReopeningWindow) {
  ToDisposed();
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  Apply(Action::kResolve, kDpu, "2026-04-01T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Sudah ditambal"; });
  ASSERT_EQ(c_.handling.reopen_until, At("2026-04-16T23:59:59.999999+07:00"));
  DecisionContext ctx = ctx_;
  ctx.calendar = Calendar2026With({{Date(2026, 4, 8), "Libur", DayOffKind::kRegional}});
  auto changes = DecideDeadlineRecount(c_, *ctx_.calendar, At("2026-04-02T08:00:00+07:00"), ctx,
                                       At("2026-04-02T08:00:01+07:00"));
  // A case resolved on the new calendar was counted on it already.
  EXPECT_TRUE(DecideDeadlineRecount(c_, *ctx_.calendar, At("2026-04-01T09:00:00+07:00"), ctx,
                                    At("2026-04-02T08:00:01+07:00"))
                  ->empty());
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].after.handling.reopen_until, At("2026-04-17T23:59:59.999999+07:00"));
  EXPECT_EQ((*changes)[0].after.handling.due_at, At("2026-04-17T23:59:59.999999+07:00"));
}

TEST_F(LifecycleTest, SweepClosesAResolvedCaseWithoutReplyOnlyAfterItsDeadline) {
  ToDisposed();
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  Apply(Action::kResolve, kDpu, "2026-04-01T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Sudah ditambal"; });
  ActionRequest sweep;
  sweep.action = Action::kAutoClose;
  sweep.actor = Actor::System();
  sweep.at = At("2026-04-16T12:00:00+07:00");
  auto early = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(early.has_value());
  EXPECT_TRUE(early->empty());
  sweep.at = At("2026-04-17T00:00:01+07:00");
  auto closed = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(closed.has_value());
  ASSERT_EQ(closed->size(), 1u);
  EXPECT_EQ((*closed)[0].after.status, CaseStatus::kClosed);
  EXPECT_EQ((*closed)[0].events[0].kind, "closed");
  EXPECT_EQ((*closed)[0].events[0].actor, "system");
  // Nobody but the sweep does this.
  EXPECT_EQ(Refused(Action::kAutoClose, kVerifier, "2026-04-17T00:00:01+07:00").code,
            ErrorCode::kPermissionDenied);
}

TEST_F(LifecycleTest, EscalationClimbsTheChainOnceEachAndALateSweepRecordsEveryStep) {
  ToDisposed();  // follow-up due 1 April, end of day; due soon 20% before
  ActionRequest sweep;
  sweep.action = Action::kEscalate;
  sweep.actor = Actor::System();
  sweep.at = At("2026-03-26T09:00:00+07:00");
  auto nothing = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(nothing.has_value());
  EXPECT_TRUE(nothing->empty());

  ASSERT_TRUE(c_.handling.due_soon_at.has_value());
  sweep.at = *c_.handling.due_soon_at + 1s;
  auto soon = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(soon.has_value());
  ASSERT_EQ(soon->size(), 1u);
  ASSERT_EQ((*soon)[0].events.size(), 1u);
  EXPECT_EQ((*soon)[0].events[0].kind, "escalated");
  EXPECT_TRUE(HasNotice((*soon)[0], "email", "agency:DPU"));
  c_ = (*soon)[0].after;
  EXPECT_EQ(c_.handling.escalation_level, 1);
  // The same sweep again changes nothing: idempotent.
  auto again = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->empty());

  // A sweep long after: overdue (agency head) and inspectorate (3 working
  // days after 1 April: 2, 6, 7 April) in one go, in order.
  sweep.at = At("2026-04-08T09:00:00+07:00");
  auto late = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(late.has_value());
  ASSERT_EQ(late->size(), 1u);
  ASSERT_EQ((*late)[0].events.size(), 2u);
  EXPECT_TRUE(HasNotice((*late)[0], "email", "agency_head:DPU"));
  EXPECT_TRUE(HasNotice((*late)[0], "email", "inspectorate"));
  EXPECT_EQ((*late)[0].after.handling.escalation_level, 3);
  EXPECT_FALSE((*late)[0].after.handling.next_check_at.has_value());
}

TEST_F(LifecycleTest, OverdueWaitsForTheInspectorateUntilItsDaysHavePassed) {
  ToDisposed();
  ActionRequest sweep;
  sweep.action = Action::kEscalate;
  sweep.actor = Actor::System();
  sweep.at = At("2026-04-02T09:00:00+07:00");  // the day after the due day
  auto r = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].after.handling.escalation_level, 2);
  EXPECT_EQ((*r)[0].after.handling.next_check_at, At("2026-04-07T23:59:59.999999+07:00"));
}

// A Pemda whose chain skips "due soon", tells the Sekda's account when the
// deadline passes and the Inspektorat's officers five working days later.
TEST_F(LifecycleTest, AConfiguredChainDecidesWhenAndWhoHearsOfEachStep) {
  auto chain = ParseEscalationChain("overdue:user:sekda, overdue+5:agency:INSPEKTORAT");
  ASSERT_TRUE(chain.has_value()) << chain.error().message;
  ctx_.policy.escalation = *chain;
  ToDisposed();  // follow-up due at the end of Wednesday 1 April
  ActionRequest sweep;
  sweep.action = Action::kEscalate;
  sweep.actor = Actor::System();
  // Due soon is no step of this chain: nothing happens on 1 April.
  sweep.at = At("2026-04-01T20:00:00+07:00");
  auto quiet = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(quiet.has_value());
  EXPECT_TRUE(quiet->empty());

  sweep.at = At("2026-04-02T08:00:00+07:00");
  auto overdue = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(overdue.has_value());
  ASSERT_EQ(overdue->size(), 1u);
  ASSERT_EQ((*overdue)[0].events.size(), 1u);
  EXPECT_TRUE(HasNotice((*overdue)[0], "email", "user:sekda"));
  const auto& payload = (*overdue)[0].events[0].payload;
  const auto rule = std::find_if(payload.begin(), payload.end(),
                                 [](const auto& kv) { return kv.first == "rule"; });
  ASSERT_NE(rule, payload.end());
  EXPECT_EQ(std::get<std::string>(rule->second), "overdue:user:sekda");
  c_ = (*overdue)[0].after;
  // Five working days after 1 April: 2, 6, 7, 8 and 9 April (3 April is
  // Good Friday, 4-5 April a weekend).
  EXPECT_EQ(c_.handling.next_check_at, At("2026-04-09T23:59:59.999999+07:00"));

  sweep.at = At("2026-04-10T08:00:00+07:00");
  auto last = Decide(c_, sweep, ctx_);
  ASSERT_TRUE(last.has_value());
  ASSERT_EQ(last->size(), 1u);
  EXPECT_TRUE(HasNotice((*last)[0], "email", "agency:INSPEKTORAT"));
  EXPECT_EQ((*last)[0].after.handling.escalation_level, 2);
  EXPECT_FALSE((*last)[0].after.handling.next_check_at.has_value());
}

TEST(EscalationChainTest, ReadsStepsInTimeOrderAndNamesTheOneAtFault) {
  auto chain =
      ParseEscalationChain(" due_soon:handler ,overdue:agency_head, overdue+3:inspectorate");
  ASSERT_TRUE(chain.has_value());
  EXPECT_EQ(*chain, DefaultEscalationChain(3));
  std::vector<std::string> texts;
  for (const auto& step : *chain) texts.push_back(FormatEscalationStep(step));
  EXPECT_EQ(texts, (std::vector<std::string>{"due_soon:handler", "overdue:agency_head",
                                             "overdue+3:inspectorate"}));

  const std::pair<const char*, const char*> bad[] = {
      {"", "step 1"},
      {"overdue:agency_head, due_soon:handler", "step 2"},
      {"overdue+5:verifiers, overdue+2:inspectorate", "step 2"},
      {"overdue:walikota", "WHO"},
      {"overdue:user:", "WHO"},
      {"late:verifiers", "WHEN"},
      {"overdue+0:verifiers", "1 to 60"},
      {"overdue+61:verifiers", "1 to 60"},
      {"overdue+x:verifiers", "WHEN"},
      {"overdue:verifiers,", "step 2"},
  };
  for (const auto& [text, expected] : bad) {
    auto r = ParseEscalationChain(text);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_NE(r.error().message.find(expected), std::string::npos)
        << text << ": " << r.error().message;
  }
}

TEST_F(LifecycleTest, MergeMakesTheDuplicateFollowTheSurvivor) {
  Case survivor = c_;
  survivor.id = 8;
  survivor.tracking_code = "MNPQRSTVWX";
  ActionRequest r;
  r.action = Action::kMerge;
  r.actor = kVerifier;
  r.at = At("2026-03-17T16:00:00+07:00");
  r.survivor = &survivor;
  auto changes = Decide(c_, r, ctx_);
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].after.status, CaseStatus::kMerged);
  EXPECT_EQ((*changes)[0].after.handling.merged_into, 8);
  EXPECT_EQ((*changes)[1].after.id, 8);
  EXPECT_EQ((*changes)[1].events[0].kind, "merged_in");
  EXPECT_TRUE(AllowedActions((*changes)[0].after).empty());

  survivor.status = CaseStatus::kClosed;
  auto closed = Decide(c_, r, ctx_);
  ASSERT_FALSE(closed.has_value());
  EXPECT_EQ(closed.error().fields[0].code, "not_open");

  // The reporter follows the survivor: never into a case only its own
  // reporter and agency may see.
  survivor.status = CaseStatus::kDisposed;
  survivor.submission.confidential = true;
  auto confidential = Decide(c_, r, ctx_);
  ASSERT_FALSE(confidential.has_value());
  ASSERT_EQ(confidential.error().fields.size(), 1u);
  EXPECT_EQ(confidential.error().fields[0].field, "into");
  EXPECT_EQ(confidential.error().fields[0].code, "is_confidential");
}

TEST_F(LifecycleTest, NotesAreInternalUpdatesArePublicAndBothNeedValidText) {
  ToDisposed();
  auto empty = Refused(Action::kNote, kDpu, "2026-03-26T09:00:00+07:00");
  EXPECT_EQ(empty.fields[0].code, "required");
  auto bad = Refused(Action::kNote, kDpu, "2026-03-26T09:00:00+07:00",
                     [](ActionRequest& r) { r.text = "bad \xff byte"; });
  EXPECT_EQ(bad.fields[0].code, "invalid_utf8");
  EXPECT_EQ(Refused(Action::kNote, kLeader, "2026-03-26T09:00:00+07:00",
                    [](ActionRequest& r) { r.text = "catatan"; })
                .code,
            ErrorCode::kPermissionDenied);
  auto note = Apply(Action::kNote, kDishub, "2026-03-26T09:00:00+07:00",
                    [](ActionRequest& r) { r.text = "Koordinasi lapangan besok"; });
  EXPECT_FALSE(note.events[0].is_public);
  EXPECT_FALSE(HasNotice(note, "webhook", "*"));  // internal notes stay inside
  auto update = Apply(Action::kPublicUpdate, kDpu, "2026-03-26T10:00:00+07:00",
                      [](ActionRequest& r) { r.text = "Tim menuju lokasi"; });
  EXPECT_TRUE(update.events[0].is_public);
  EXPECT_TRUE(HasNotice(update, "email", "reporter"));
}

// Open311 servicerequestupdates: when the change happened on the client's
// side and its picture are recorded in the first event; the event's time
// (what deadlines and the audit chain run on) stays Sigap's.
TEST_F(LifecycleTest, AReportedTimeAndPictureGoIntoTheFirstEventButNotItsTime) {
  ToDisposed();
  c_.updated_at = At("2026-03-25T09:00:00+07:00");
  auto future =
      Refused(Action::kPublicUpdate, kDpu, "2026-03-26T10:00:00+07:00", [](ActionRequest& r) {
        r.text = "Tim menuju lokasi";
        r.occurred_at = At("2026-03-26T11:00:00+07:00");
      });
  auto early =
      Refused(Action::kPublicUpdate, kDpu, "2026-03-26T10:00:00+07:00", [](ActionRequest& r) {
        r.text = "Tim menuju lokasi";
        r.occurred_at = At("2026-03-25T08:59:59+07:00");
      });
  auto ftp =
      Refused(Action::kPublicUpdate, kDpu, "2026-03-26T10:00:00+07:00", [](ActionRequest& r) {
        r.text = "Tim menuju lokasi";
        r.media_url = "ftp://fms.example/foto.jpg";
      });
  auto ch = Apply(Action::kPublicUpdate, kDpu, "2026-03-26T10:00:00+07:00", [](ActionRequest& r) {
    r.text = "Tim menuju lokasi";
    r.occurred_at = At("2026-03-26T08:30:00+07:00");
    r.media_url = "https://fms.example/foto.jpg";
  });

  ASSERT_EQ(future.fields.size(), 1u);
  EXPECT_EQ(future.fields[0].field, "occurred_at");
  ASSERT_EQ(early.fields.size(), 1u);
  EXPECT_EQ(early.fields[0].field, "occurred_at");
  ASSERT_EQ(ftp.fields.size(), 1u);
  EXPECT_EQ(ftp.fields[0].field, "media_url");
  ASSERT_EQ(ch.events.size(), 1u);
  EXPECT_EQ(ch.events[0].at, At("2026-03-26T10:00:00+07:00"));
  EXPECT_EQ(text(ch.events[0].payload, "occurred_at"),
            FormatRfc3339(At("2026-03-26T08:30:00+07:00")));
  EXPECT_EQ(text(ch.events[0].payload, "media_url"), "https://fms.example/foto.jpg");
  for (const auto& n : ch.notices) {
    EXPECT_EQ(text(n.payload, "media_url"), "https://fms.example/foto.jpg") << n.audience;
  }
}

TEST_F(LifecycleTest, WebhooksOfConfidentialCasesCarryNoTitleOrText) {
  c_.submission.confidential = true;
  ToDisposed();
  const auto ch = Apply(Action::kPublicUpdate, kDpu, "2026-03-26T10:00:00+07:00",
                        [](ActionRequest& r) { r.text = "Tim menuju lokasi"; });
  bool webhook = false;
  for (const auto& n : ch.notices) {
    if (n.channel != "webhook") continue;
    webhook = true;
    for (const auto& [key, value] : n.payload) {
      EXPECT_NE(key, "title");
      EXPECT_NE(key, "text");
    }
  }
  EXPECT_TRUE(webhook);
}

// What the citizen answers is not on the public timeline, so other systems
// do not get its words either, only that it happened.
TEST_F(LifecycleTest, WebhooksDoNotCarryTheReportersAnswer) {
  Apply(Action::kRequestInfo, kVerifier, "2026-03-25T09:00:00+07:00",
        [](ActionRequest& r) { r.text = "Mohon kirim foto lokasi"; });
  const auto ch = Apply(Action::kProvideInfo, Actor::Reporter(), "2026-03-30T09:00:00+07:00",
                        [](ActionRequest& r) { r.text = "Saya Budi, HP 081234567890"; });
  bool webhook = false;
  for (const auto& n : ch.notices) {
    if (n.channel != "webhook") continue;
    webhook = true;
    for (const auto& [key, value] : n.payload) EXPECT_NE(key, "text");
  }
  EXPECT_TRUE(webhook);
}

// The inspectorate is told of an overdue case without what the citizen
// typed: the title masked, and none of a confidential case.
TEST_F(LifecycleTest, TheInspectorateReadsTheTitleAsThePublicDoes) {
  const Case fresh = c_;
  for (const bool confidential : {false, true}) {
    c_ = fresh;
    c_.submission.title = "Jalan rusak, hubungi 0812-5555-6666";
    c_.submission.confidential = confidential;
    ToDisposed();
    ActionRequest sweep;
    sweep.action = Action::kEscalate;
    sweep.actor = Actor::System();
    sweep.at = At("2026-04-08T09:00:00+07:00");
    auto late = Decide(c_, sweep, ctx_);
    ASSERT_TRUE(late.has_value() && late->size() == 1u);
    bool told = false;
    for (const auto& n : (*late)[0].notices) {
      if (n.audience == "agency_head:DPU") {
        EXPECT_EQ(text(n.payload, "title"), "Jalan rusak, hubungi 0812-5555-6666");
      }
      if (n.audience != "inspectorate") continue;
      told = true;
      EXPECT_EQ(text(n.payload, "title"), confidential ? "" : "Jalan rusak, hubungi [disamarkan]");
    }
    EXPECT_TRUE(told) << confidential;
  }
}

// Of an anonymous case, the agencies and other systems read the title as
// the public does: without the name the reporter signed it with. The
// reporter's own e-mail keeps it.
TEST_F(LifecycleTest, AnAnonymousReportersNameIsMaskedInWhatAgenciesAndSystemsAreTold) {
  c_.submission.anonymous = true;
  c_.submission.reporter.name = "Sukarni Wulandari";
  c_.submission.title = "Jalan rusak depan rumah Sukarni";
  Apply(Action::kVerify, kVerifier, "2026-03-17T16:00:00+07:00");
  const auto ch = Apply(Action::kDispose, kVerifier, "2026-03-18T09:00:00+07:00",
                        [](ActionRequest& r) { r.agency_code = "DPU"; });

  int agency = 0, webhook = 0, reporter = 0;
  for (const auto& n : ch.notices) {
    const std::string title = text(n.payload, "title");
    if (n.audience == "agency:DPU") {
      ++agency;
      EXPECT_EQ(title, "Jalan rusak depan rumah [disamarkan]");
    } else if (n.channel == "webhook") {
      ++webhook;
      EXPECT_EQ(title, "Jalan rusak depan rumah [disamarkan]");
    } else if (n.audience == "reporter") {
      ++reporter;
      EXPECT_EQ(title, "Jalan rusak depan rumah Sukarni");
    }
  }
  EXPECT_EQ(agency, 1);
  EXPECT_GE(webhook, 1);
  EXPECT_EQ(reporter, 1);
}

TEST_F(LifecycleTest, ImportedOpenCasesGetDeadlinesFromTheirOriginalDates) {
  auto h = ImportedHandling(CaseStatus::kInProgress, At("2026-03-10T09:00:00+07:00"),
                            At("2026-03-16T09:00:00+07:00"), std::nullopt, ctx_);
  EXPECT_EQ(h.stage, Stage::kResolution);
  // 16 March + 14 working days: 17, 25, 26, 27, 30, 31 March, 1, 2, 6, 7,
  // 8, 9, 10, 13 April.
  EXPECT_EQ(h.due_at, At("2026-04-13T23:59:59.999999+07:00"));
  EXPECT_EQ(ImportedHandling(CaseStatus::kClosed, At("2026-03-10T09:00:00+07:00"), std::nullopt,
                             std::nullopt, ctx_)
                .stage,
            Stage::kNone);
}

// A case the old system closed was reopenable for ever: its window was
// never counted. It is the window after its resolution, as for a case
// closed here.
TEST_F(LifecycleTest, AnImportedClosedCaseIsReopenedOnlyWithinItsWindow) {
  c_.status = CaseStatus::kClosed;
  c_.agency_code = "DPU";
  c_.handling =
      ImportedHandling(CaseStatus::kClosed, At("2026-03-10T09:00:00+07:00"),
                       At("2026-03-11T09:00:00+07:00"), At("2026-03-16T09:00:00+07:00"), ctx_);
  // 16 March + 10 working days (18-24 March Nyepi and Idul Fitri off): 17,
  // 25, 26, 27, 30, 31 March, 1, 2, 6, 7 April.
  EXPECT_EQ(c_.handling.reopen_until, At("2026-04-07T23:59:59.999999+07:00"));
  EXPECT_TRUE(CanReopenAt(c_, At("2026-04-07T16:00:00+07:00")));
  EXPECT_FALSE(CanReopenAt(c_, At("2026-04-08T08:00:00+07:00")));
  const auto late = Refused(Action::kReopen, kVerifier, "2026-05-04T09:00:00+07:00",
                            [](ActionRequest& r) { r.reason = "Belum beres"; });
  ASSERT_EQ(late.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(late.fields[0].code, "window_passed");
}

// --- Acts of policy rules (issue 10) -------------------------------------------

RuleAct Act(RuleAct::Kind kind, const char* at) {
  RuleAct act;
  act.kind = kind;
  act.rule_id = 4;
  act.rule_version = 2;
  act.note = "otomatis: aturan Uji v2, dasar: Perpres 76/2013";
  act.chain = {4};
  act.cause_event = 99;
  act.at = At(at);
  return act;
}

TEST_F(LifecycleTest, ARuleExtendsTheRunningDeadlineInWorkingDaysAndSaysWhy) {
  ToDisposed();
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  RuleAct act = Act(RuleAct::Kind::kAdjustDeadline, "2026-03-27T10:00:00+07:00");
  act.stage = "resolution";
  act.days = 3;
  auto changes = DecideRuleAct(c_, act, ctx_);
  ASSERT_TRUE(changes.has_value()) << changes.error().message;
  ASSERT_EQ(changes->size(), 1u);
  const CaseChange& ch = (*changes)[0];
  // 15 April + 3 working days: 16, 17, 20 April.
  EXPECT_EQ(ch.after.handling.due_at, At("2026-04-20T23:59:59.999999+07:00"));
  ASSERT_EQ(ch.events.size(), 1u);
  EXPECT_EQ(ch.events[0].kind, event_kind::kDeadlineAdjusted);
  EXPECT_EQ(ch.events[0].actor, "system");
  EXPECT_FALSE(ch.events[0].is_public);
  const auto note = std::find_if(ch.events[0].payload.begin(), ch.events[0].payload.end(),
                                 [](const auto& kv) { return kv.first == "note"; });
  ASSERT_NE(note, ch.events[0].payload.end());
  EXPECT_EQ(std::get<std::string>(note->second), act.note);

  // Another stage than the running one: nothing to do.
  act.stage = "verification";
  auto other = DecideRuleAct(c_, act, ctx_);
  ASSERT_TRUE(other.has_value());
  EXPECT_TRUE(other->empty());
}

// A rule shortening a stage by more than it has leaves it one working day,
// and its event says how far it went, not only what the rule asked.
TEST_F(LifecycleTest, ARuleShorteningAStageTooFarLeavesItADayAndSaysSo) {
  ToDisposed();
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");  // resolution: 14 working days
  RuleAct act = Act(RuleAct::Kind::kAdjustDeadline, "2026-03-27T10:00:00+07:00");
  act.stage = "resolution";
  act.days = -20;
  auto changes = DecideRuleAct(c_, act, ctx_);
  ASSERT_TRUE(changes.has_value()) << changes.error().message;
  ASSERT_EQ(changes->size(), 1u);
  const CaseChange& ch = (*changes)[0];
  // One working day of the stage, counted from the disposition on 25 March.
  EXPECT_EQ(ch.after.handling.due_at, At("2026-03-26T23:59:59.999999+07:00"));
  const auto& payload = ch.events.at(0).payload;
  const auto field = [&](const char* key) {
    return std::find_if(payload.begin(), payload.end(),
                        [&](const auto& kv) { return kv.first == key; });
  };
  ASSERT_NE(field("days"), payload.end());
  EXPECT_EQ(std::get<int64_t>(field("days")->second), -20);
  ASSERT_NE(field("days_applied"), payload.end());
  EXPECT_EQ(std::get<int64_t>(field("days_applied")->second), -13);
  // Down to its one day already: nothing more to take.
  act.days = -3;
  c_ = ch.after;
  EXPECT_TRUE(DecideRuleAct(c_, act, ctx_)->empty());  // one day left: nothing to take
}

TEST_F(LifecycleTest, NoRuleGivesAComplaintMoreThanSixtyWorkingDays) {
  ToDisposed();
  Apply(Action::kStart, kDpu, "2026-03-26T09:00:00+07:00");
  RuleAct act = Act(RuleAct::Kind::kAdjustDeadline, "2026-03-27T10:00:00+07:00");
  act.stage = "resolution";
  act.days = 47;  // 14 + 47 = 61 working days
  auto refused = DecideRuleAct(c_, act, ctx_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].code, "exceeds_regulation");
  act.days = 46;  // exactly 60
  auto allowed = DecideRuleAct(c_, act, ctx_);
  ASSERT_TRUE(allowed.has_value()) << allowed.error().message;
  EXPECT_EQ(allowed->size(), 1u);
}

TEST_F(LifecycleTest, RaisingPriorityAndAddingAnAgencyHappenOnceAndOnlyOnOpenCases) {
  ToDisposed();
  ctx_.agency_names = {{"DPU", "Dinas Pekerjaan Umum"}, {"BPBD", "Badan Penanggulangan Bencana"}};
  RuleAct raise = Act(RuleAct::Kind::kRaisePriority, "2026-03-26T10:00:00+07:00");
  raise.level = 2;
  auto raised = DecideRuleAct(c_, raise, ctx_);
  ASSERT_TRUE(raised.has_value() && raised->size() == 1u);
  EXPECT_EQ((*raised)[0].after.handling.priority, 2);
  c_ = (*raised)[0].after;
  raise.level = 1;  // lower than it is: nothing
  EXPECT_TRUE(DecideRuleAct(c_, raise, ctx_)->empty());

  RuleAct add = Act(RuleAct::Kind::kAddSupportingAgency, "2026-03-26T10:00:00+07:00");
  add.target = "BPBD";
  auto added = DecideRuleAct(c_, add, ctx_);
  ASSERT_TRUE(added.has_value() && added->size() == 1u);
  EXPECT_TRUE((*added)[0].after.handling.Supports("BPBD"));
  EXPECT_TRUE(HasNotice((*added)[0], "email", "agency:BPBD"));
  c_ = (*added)[0].after;
  EXPECT_TRUE(DecideRuleAct(c_, add, ctx_)->empty());
  add.target = "TIDAKADA";
  EXPECT_EQ(DecideRuleAct(c_, add, ctx_).error().code, ErrorCode::kInvalidArgument);

  c_.status = CaseStatus::kClosed;
  raise.level = 2;
  EXPECT_TRUE(DecideRuleAct(c_, add, ctx_)->empty());
  RuleAct notify = Act(RuleAct::Kind::kNotify, "2026-03-26T10:00:00+07:00");
  notify.target = "agency_head";
  EXPECT_TRUE(DecideRuleAct(c_, notify, ctx_)->empty());
}

TEST_F(LifecycleTest, ARuleNotifiesTheAudienceItNamesOrOneWebhook) {
  ToDisposed();
  RuleAct notify = Act(RuleAct::Kind::kNotify, "2026-03-26T10:00:00+07:00");
  notify.target = "agency_head";
  auto told = DecideRuleAct(c_, notify, ctx_);
  ASSERT_TRUE(told.has_value() && told->size() == 1u);
  EXPECT_EQ((*told)[0].events[0].kind, event_kind::kNotified);
  EXPECT_TRUE(HasNotice((*told)[0], "email", "agency_head:DPU"));
  notify.target = "webhook:12";
  auto hooked = DecideRuleAct(c_, notify, ctx_);
  ASSERT_TRUE(hooked.has_value() && hooked->size() == 1u);
  EXPECT_TRUE(HasNotice((*hooked)[0], "webhook", "webhook:12"));
  EXPECT_FALSE(HasNotice((*hooked)[0], "email", "webhook:12"));
}

TEST_F(LifecycleTest, SigapDisposesByItselfOnlyWithABasisAndOnlyWhenThePlaceAgrees) {
  // A system actor without a basis may not verify: only an automatic
  // disposition under the Pemda's policy lets Sigap act for a verifier.
  EXPECT_EQ(Refused(Action::kVerify, Actor::System(), "2026-03-17T16:00:00+07:00").code,
            ErrorCode::kPermissionDenied);

  Case placed = c_;
  placed.placement.proposed_agency = "DISHUB";
  auto disagree = DecideAutoDisposal(placed, "DPU", "m1", "model m1, p=0.990 >= 0.900", ctx_,
                                     At("2026-03-17T16:00:00+07:00"));
  ASSERT_FALSE(disagree.has_value());
  EXPECT_EQ(disagree.error().code, ErrorCode::kFailedPrecondition);

  auto changes = DecideAutoDisposal(c_, "DPU", "m1", "model m1, p=0.990 >= 0.900", ctx_,
                                    At("2026-03-17T16:00:00+07:00"));
  ASSERT_TRUE(changes.has_value()) << changes.error().message;
  ASSERT_EQ(changes->size(), 1u);
  const CaseChange& ch = changes->front();
  EXPECT_EQ(ch.after.status, CaseStatus::kDisposed);
  EXPECT_EQ(ch.after.agency_code, "DPU");
  EXPECT_EQ(ch.after.handling.verifier, "system");
  EXPECT_EQ(ch.after.handling.stage, Stage::kFollowUp);
  ASSERT_EQ(ch.events.size(), 2u);
  EXPECT_EQ(ch.events[0].kind, "verified");
  EXPECT_EQ(ch.events[1].kind, "disposed");
  for (const auto& e : ch.events) {
    EXPECT_EQ(e.actor, "system");
    EXPECT_EQ(text(e.payload, "automatic"), "model m1, p=0.990 >= 0.900");
  }
  EXPECT_EQ(text(ch.events[1].payload, "text_suggestion"), "DPU");
  // The disposition's messages point at the disposed event, the second one.
  ASSERT_TRUE(HasNotice(ch, "email", "agency:DPU"));
  for (const auto& n : ch.notices) {
    if (n.audience == "agency:DPU") {
      EXPECT_EQ(n.event_index, 1u);
    }
  }

  c_ = ch.after;
  auto again =
      DecideAutoDisposal(c_, "DPU", "m1", "model m1", ctx_, At("2026-03-17T16:05:00+07:00"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

// Routing by text (issue 8): the case's category is set by verifiers,
// administrators and the lead agency while the case is open.
TEST_F(LifecycleTest, CategorizeChangesTheCategoryWithAnInternalEvent) {
  c_.submission.category = "PU.JALAN";

  const auto ch =
      Apply(Action::kCategorize, kVerifier, "2026-03-17T16:00:00+07:00", [](ActionRequest& r) {
        r.category = "PU.DRAINASE";
        r.reason = "Saluran, bukan jalan";
      });

  EXPECT_EQ(c_.submission.category, "PU.DRAINASE");
  EXPECT_EQ(c_.status, CaseStatus::kReceived);
  ASSERT_EQ(ch.events.size(), 1u);
  EXPECT_EQ(ch.events[0].kind, "categorized");
  EXPECT_FALSE(ch.events[0].is_public);
  std::vector<std::pair<std::string, std::string>> payload;
  for (const auto& [key, value] : ch.events[0].payload) {
    payload.emplace_back(key, std::get<std::string>(value));
  }
  EXPECT_EQ(payload,
            (std::vector<std::pair<std::string, std::string>>{{"category", "PU.DRAINASE"},
                                                              {"previous", "PU.JALAN"},
                                                              {"reason", "Saluran, bukan jalan"}}));
}

TEST_F(LifecycleTest, CategorizeIsForVerifiersAdminsAndTheLeadAgencyWhileOpen) {
  const Actor admin = Actor::Officer(Officer(Role::kAdmin, "adi"));
  auto set = [](ActionRequest& r) { r.category = "PU.DRAINASE"; };
  EXPECT_EQ(Refused(Action::kCategorize, kDpu, "2026-03-17T16:00:00+07:00", set).code,
            ErrorCode::kPermissionDenied);  // not disposed to DPU yet
  EXPECT_EQ(Refused(Action::kCategorize, Actor::Reporter(), "2026-03-17T16:00:00+07:00", set).code,
            ErrorCode::kPermissionDenied);
  Apply(Action::kCategorize, admin, "2026-03-17T16:00:00+07:00", set);
  ToDisposed();

  Apply(Action::kCategorize, kDpu, "2026-03-25T10:00:00+07:00",
        [](ActionRequest& r) { r.category = "PU.JALAN"; });
  EXPECT_EQ(Refused(Action::kCategorize, kDishub, "2026-03-25T10:00:00+07:00", set).code,
            ErrorCode::kPermissionDenied);  // a supporting agency does not
  Apply(Action::kStart, kDpu, "2026-03-25T11:00:00+07:00");
  Apply(Action::kResolve, kDpu, "2026-03-25T12:00:00+07:00",
        [](ActionRequest& r) { r.text = "Sudah diperbaiki."; });
  Apply(Action::kClose, kVerifier, "2026-03-25T13:00:00+07:00");

  EXPECT_EQ(c_.submission.category, "PU.JALAN");
  EXPECT_EQ(Refused(Action::kCategorize, kVerifier, "2026-03-25T14:00:00+07:00", set).code,
            ErrorCode::kConflict);  // closed: no longer open
}

TEST_F(LifecycleTest, CategorizeNeedsANewCategory) {
  c_.submission.category = "PU.JALAN";

  const Error none = Refused(Action::kCategorize, kVerifier, "2026-03-17T16:00:00+07:00");
  const Error same = Refused(Action::kCategorize, kVerifier, "2026-03-17T16:00:00+07:00",
                             [](ActionRequest& r) { r.category = "PU.JALAN"; });

  EXPECT_EQ(none.code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(none.fields.size(), 1u);
  EXPECT_EQ(none.fields[0].field, "category");
  EXPECT_EQ(none.fields[0].code, "required");
  ASSERT_EQ(same.fields.size(), 1u);
  EXPECT_EQ(same.fields[0].code, "same_category");
}

// A calendar of 2026 alone (no days off in December), or of 2026 and 2027
// with 1 January 2027 off: what a server has before and after the 2027 SKB
// 3 Menteri is installed.
std::shared_ptr<const WorkingCalendar> CalendarThrough(int last_year) {
  std::vector<DayOff> days;
  std::vector<year> covered{year{2026}};
  if (last_year >= 2027) {
    days.push_back({Date(2027, 1, 1), "Tahun Baru 2027 Masehi", DayOffKind::kNational});
    covered.push_back(year{2027});
  }
  auto cal = WorkingCalendar::Create(days, covered);
  EXPECT_TRUE(cal.has_value());
  return std::make_shared<const WorkingCalendar>(std::move(*cal));
}

// Late December 2026 on a server without the 2027 calendar: a follow-up of
// 5 working days from Tuesday 29 December reaches 2027.
class YearEndTest : public LifecycleTest {
 protected:
  YearEndTest() {
    ctx_.calendar = CalendarThrough(2026);
    c_.created_at = At("2026-12-28T10:00:00+07:00");
    c_.handling = InitialHandling(c_.created_at, ctx_);
  }

  void Dispose() {
    Apply(Action::kVerify, kVerifier, "2026-12-28T11:00:00+07:00");
    Apply(Action::kDispose, kVerifier, "2026-12-29T09:00:00+07:00",
          [](ActionRequest& r) { r.agency_code = "DPU"; });
  }

  // The deadline counted with `ctx`'s calendar at `at`: the change, or an
  // empty one when nothing was counted.
  CaseChange Count(const char* at) {
    auto changes = DecideDeadlineCount(c_, ctx_, At(at));
    EXPECT_TRUE(changes.has_value());
    if (!changes || changes->empty()) return {};
    c_ = (*changes)[0].after;
    return (*changes)[0];
  }
};

TEST_F(YearEndTest, ADeadlineReachingAYearNotCoveredWaitsAndIsCountedOnceItIs) {
  // Verification of 3 working days from 28 December ends in 2026.
  EXPECT_EQ(c_.handling.due_at, At("2026-12-31T23:59:59.999999+07:00"));
  Dispose();
  EXPECT_EQ(c_.handling.stage, Stage::kFollowUp);
  EXPECT_FALSE(c_.handling.due_at.has_value()) << "never counted on a calendar without 2027";
  EXPECT_FALSE(c_.handling.next_check_at.has_value());
  EXPECT_EQ(DeadlineAt(c_.handling, At("2026-12-30T09:00:00+07:00")),
            DeadlineState::kAwaitingCalendar);
  // Still without 2027: nothing to count.
  EXPECT_TRUE(Count("2026-12-30T09:00:00+07:00").events.empty());
  EXPECT_FALSE(c_.handling.due_at.has_value());

  // 2027 installed: 30 and 31 December, then 4, 5 and 6 January (the 1st
  // is off, the 2nd and 3rd a weekend).
  ctx_.calendar = CalendarThrough(2027);
  const CaseChange ch = Count("2027-01-04T08:00:00+07:00");
  ASSERT_EQ(ch.events.size(), 1u);
  EXPECT_EQ(ch.events[0].kind, event_kind::kDeadlineCounted);
  EXPECT_EQ(ch.events[0].actor, "system");
  EXPECT_FALSE(ch.events[0].is_public);
  EXPECT_EQ(text(ch.events[0].payload, "stage"), "follow_up");
  EXPECT_EQ(text(ch.events[0].payload, "due_at"), "2027-01-06T16:59:59.999Z");
  EXPECT_EQ(c_.handling.due_at, At("2027-01-06T23:59:59.999999+07:00"));
  ASSERT_TRUE(c_.handling.due_soon_at.has_value());
  EXPECT_LT(*c_.handling.due_soon_at, *c_.handling.due_at);
  EXPECT_EQ(c_.handling.next_check_at, c_.handling.due_soon_at);
  EXPECT_EQ(DeadlineAt(c_.handling, At("2027-01-04T08:00:00+07:00")), DeadlineState::kOnTrack);
  EXPECT_EQ(DeadlineAt(c_.handling, At("2027-01-07T08:00:00+07:00")), DeadlineState::kOverdue);
  // Counted once.
  EXPECT_TRUE(Count("2027-01-04T09:00:00+07:00").events.empty());
}

TEST_F(YearEndTest, APauseWhileTheDeadlineWaitsIsLeftOutOfItOnceCounted) {
  Dispose();
  Apply(Action::kRequestInfo, kDpu, "2026-12-29T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Mohon kirim foto lokasi"; });
  Apply(Action::kProvideInfo, Actor::Reporter(), "2026-12-31T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Foto terlampir"; });
  EXPECT_EQ(c_.status, CaseStatus::kDisposed);
  EXPECT_FALSE(c_.handling.due_at.has_value());

  // The clock stood still on 30 and 31 December: the 5 working days run
  // from 31 December, to Friday 8 January, two working days after the 6th.
  ctx_.calendar = CalendarThrough(2027);
  ASSERT_EQ(Count("2027-01-04T08:00:00+07:00").events.size(), 1u);
  EXPECT_EQ(c_.handling.due_at, At("2027-01-08T23:59:59.999999+07:00"));
}

// Disposed on a Saturday morning: the follow-up's day 0 is Monday 28
// December, and a pause over 29 and 30 December moves it to the 30th, as
// for a stage begun on Monday itself (moving the Saturday by two working
// days lands on Tuesday, a day early).
TEST_F(YearEndTest, APauseMovesAStageBegunOnADayOffFromItsFirstWorkingDay) {
  c_.created_at = At("2026-12-24T10:00:00+07:00");
  c_.handling = InitialHandling(c_.created_at, ctx_);
  Apply(Action::kVerify, kVerifier, "2026-12-24T11:00:00+07:00");
  Apply(Action::kDispose, kVerifier, "2026-12-26T10:00:00+07:00",
        [](ActionRequest& r) { r.agency_code = "DPU"; });
  ASSERT_FALSE(c_.handling.due_at.has_value());
  Apply(Action::kRequestInfo, kDpu, "2026-12-28T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Mohon kirim foto lokasi"; });
  Apply(Action::kProvideInfo, Actor::Reporter(), "2026-12-30T10:00:00+07:00",
        [](ActionRequest& r) { r.text = "Foto terlampir"; });

  // 31 December, then 4, 5, 6 and 7 January (the 1st off, the 2nd and 3rd
  // a weekend).
  ctx_.calendar = CalendarThrough(2027);
  ASSERT_EQ(Count("2027-01-04T08:00:00+07:00").events.size(), 1u);
  EXPECT_EQ(c_.handling.due_at, At("2027-01-07T23:59:59.999999+07:00"));
}

// The reporter's words after filing: their own events, and an answer to a
// question even when a verifier typed it in from a phone call; not what
// officers or Sigap write.
TEST(ReportersWords, AreTheReportersEventsAndTheAnswersToQuestions) {
  const auto event = [](std::string_view kind, std::string actor) {
    CaseEvent e;
    e.kind = std::string(kind);
    e.actor = std::move(actor);
    return e;
  };
  EXPECT_TRUE(CarriesReportersWords(event(event_kind::kReopened, "citizen")));
  EXPECT_TRUE(CarriesReportersWords(event(event_kind::kInfoProvided, "citizen")));
  EXPECT_TRUE(CarriesReportersWords(event(event_kind::kInfoProvided, "user:verifikator")));
  EXPECT_FALSE(CarriesReportersWords(event(event_kind::kInfoRequested, "user:verifikator")));
  EXPECT_FALSE(CarriesReportersWords(event(event_kind::kResolved, "user:petugas.dpu")));
  EXPECT_FALSE(CarriesReportersWords(event(event_kind::kDeadlineCounted, "system")));
}

}  // namespace
}  // namespace sigap::domain
