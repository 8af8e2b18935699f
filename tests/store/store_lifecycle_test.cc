// The Store contract for the case lifecycle: ChangeCases writes a decided
// change (projection, events, outbox) all or nothing, checks the version,
// DueChecks finds due cases by index, and AwaitingDeadlines the stages
// running without a deadline.

#include <future>

#include "domain/lifecycle.h"
#include "store/store_fixture.h"

namespace sigap::store {
namespace {

using domain::CaseStatus;

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }

template <typename Backend>
class StoreLifecycle : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    auto pemda = store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(pemda.has_value());
    pemda_ = *pemda;
  }

  CaseId NewCaseDue(std::string title, std::optional<Timestamp> next_check, PemdaId pemda = 0,
                    bool confidential = false) {
    NewCase c;
    c.pemda_id = pemda != 0 ? pemda : pemda_;
    c.submission.title = std::move(title);
    c.submission.confidential = confidential;
    c.submission.description = "Lampu jalan mati di depan pasar.";
    c.submission.reporter.email = "warga@example.id";
    c.salt = 7;
    c.created_at = At(1'780'000'000);
    c.handling.stage = domain::Stage::kVerification;
    c.handling.due_at = At(1'780'500'000);
    c.handling.next_check_at = next_check;
    std::promise<Result<SubmitReceipt>> promise;
    store_->SubmitCase(std::move(c), [&](Result<SubmitReceipt> r) { promise.set_value(r); });
    auto receipt = promise.get_future().get();
    EXPECT_TRUE(receipt.has_value());
    return receipt ? receipt->case_id : 0;
  }

  // The follow-up deadline of a disposition at `at`.
  static Timestamp FollowUpDue(Timestamp at) { return at + std::chrono::hours(24 * 7); }

  // A decision that disposes the first case to DPU with DISHUB supporting,
  // its follow-up deadline recorded in the event as domain::Decide does.
  static DecideChanges Dispose(Timestamp at) {
    return
        [at](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
          domain::CaseChange ch;
          ch.after = current[0];
          ch.after.status = CaseStatus::kDisposed;
          ch.after.agency_code = "DPU";
          ch.after.handling.supporting = {{"DISHUB", true}};
          ch.after.handling.stage = domain::Stage::kFollowUp;
          ch.after.handling.due_at = FollowUpDue(at);
          ch.after.handling.next_check_at = at + std::chrono::hours(24);
          ch.events.push_back(
              {"disposed",
               "user:vera",
               at,
               true,
               {{"agency_code", "DPU"}, {"due_at", FormatRfc3339(FollowUpDue(at))}}});
          ch.notices.push_back({"email", "agency:DPU", "disposed", {{"tracking_code", "X"}}, 0});
          return std::vector<domain::CaseChange>{std::move(ch)};
        };
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreLifecycle, Backends);

TYPED_TEST(StoreLifecycle, AChangeWritesProjectionEventsAndBumpsTheVersion) {
  const CaseId id = this->NewCaseDue("Lampu mati", At(1'780'400'000));
  auto applied = this->store_->ChangeCasesAndWait(this->pemda_, {id}, 1,
                                                  TestFixture::Dispose(At(1'780'100'000)));
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  ASSERT_EQ(applied->size(), 1u);
  EXPECT_EQ((*applied)[0].c.version, 2);
  ASSERT_EQ((*applied)[0].events.size(), 1u);
  EXPECT_GT((*applied)[0].events[0].id, 0);
  EXPECT_FALSE((*applied)[0].events[0].hash.empty());

  auto read = this->store_->FindCaseWithEvents(this->pemda_, id, false);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->c.status, CaseStatus::kDisposed);
  EXPECT_EQ(read->c.agency_code, "DPU");
  EXPECT_EQ(read->c.version, 2);
  EXPECT_EQ(read->c.updated_at, At(1'780'100'000));
  ASSERT_EQ(read->c.handling.supporting.size(), 1u);
  EXPECT_EQ(read->c.handling.supporting[0].agency_code, "DISHUB");
  EXPECT_TRUE(read->c.handling.supporting[0].input_requested);
  EXPECT_EQ(read->c.handling.stage, domain::Stage::kFollowUp);
  ASSERT_EQ(read->events.size(), 2u);
  EXPECT_EQ(read->events[1].kind, "disposed");
  EXPECT_EQ(read->events[1].payload_json,
            R"({"agency_code":"DPU","due_at":")" +
                FormatRfc3339(TestFixture::FollowUpDue(At(1'780'100'000))) + "\"}");

  auto audit = this->store_->VerifyAuditChain();
  ASSERT_TRUE(audit.has_value());
  EXPECT_TRUE(audit->ok) << audit->problem;
}

// The deadline and the escalation level every queue, alert and sweep
// reads are in the cases table; pushed back there, or an escalation undone,
// the case's events still say what they were.
TYPED_TEST(StoreLifecycle, ADeadlineOrEscalationChangedOutsideSigapIsDetected) {
  const CaseId id = this->NewCaseDue("Lampu mati", std::nullopt);
  ASSERT_TRUE(this->store_->ChangeCasesAndWait(this->pemda_, {id}, std::nullopt,
                                               TestFixture::Dispose(At(1'780'100'000))));
  const std::string where = " WHERE id = " + std::to_string(id);
  auto intact = this->store_->VerifyAuditChain();
  ASSERT_EQ(
      TypeParam::ExecSql(this->dir_, "UPDATE cases SET due_at = due_at + 86400000000" + where), "");
  auto later = this->store_->VerifyAuditChain();
  ASSERT_EQ(TypeParam::ExecSql(this->dir_,
                               "UPDATE cases SET due_at = due_at - 86400000000, "
                               "escalation_level = 2" +
                                   where),
            "");
  auto escalated = this->store_->VerifyAuditChain();
  ASSERT_EQ(TypeParam::ExecSql(this->dir_, "UPDATE cases SET escalation_level = 0" + where), "");
  auto restored = this->store_->VerifyAuditChain();

  ASSERT_TRUE(intact.has_value());
  EXPECT_TRUE(intact->ok) << intact->problem;
  ASSERT_TRUE(later.has_value());
  EXPECT_FALSE(later->ok);
  const std::string due = FormatRfc3339(TestFixture::FollowUpDue(At(1'780'100'000)));
  EXPECT_NE(later->problem.find("but its events make it '" + due + "'"), std::string::npos)
      << later->problem;
  EXPECT_NE(later->problem.find("has due_at '"), std::string::npos) << later->problem;
  ASSERT_TRUE(escalated.has_value());
  EXPECT_FALSE(escalated->ok);
  EXPECT_NE(escalated->problem.find("has escalation_level '2' but its events make it '0'"),
            std::string::npos)
      << escalated->problem;
  ASSERT_TRUE(restored.has_value());
  EXPECT_TRUE(restored->ok) << restored->problem;
}

TYPED_TEST(StoreLifecycle, SupportingAgencySeesTheCaseInItsListing) {
  const CaseId id = this->NewCaseDue("Lampu mati", std::nullopt);
  ASSERT_TRUE(this->store_->ChangeCasesAndWait(this->pemda_, {id}, std::nullopt,
                                               TestFixture::Dispose(At(1'780'100'000))));
  CaseFilter f;
  f.only_agencies = {"DISHUB"};
  auto page = this->store_->ListCases(this->pemda_, f);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->cases.size(), 1u);
  f.only_agencies = {"DINKES"};
  page = this->store_->ListCases(this->pemda_, f);
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->cases.empty());
}

// An agency head's listing: its agency's cases, and the units' under it
// (overseen_agencies) that are not confidential, as lead or supporting
// agency, once disposed.
TYPED_TEST(StoreLifecycle, AHeadListsItsAgencysCasesAndTheOpenOnesOfItsUnits) {
  const CaseId open = this->NewCaseDue("Lampu mati", std::nullopt);
  const CaseId secret = this->NewCaseDue("Pungli di loket", std::nullopt, 0, true);
  const CaseId waiting = this->NewCaseDue("Belum didisposisi", std::nullopt);
  for (const CaseId id : {open, secret}) {
    ASSERT_TRUE(this->store_->ChangeCasesAndWait(this->pemda_, {id}, std::nullopt,
                                                 TestFixture::Dispose(At(1'780'100'000))));
  }
  const auto listed = [&](std::vector<std::string> own, std::vector<std::string> units) {
    CaseFilter f;
    f.only_agencies = std::move(own);
    f.overseen_agencies = std::move(units);
    auto page = this->store_->ListCases(this->pemda_, f);
    EXPECT_TRUE(page.has_value());
    std::vector<CaseId> ids;
    if (page) {
      for (const auto& c : page->cases) ids.push_back(c.id);
    }
    return ids;
  };
  // Several agencies of one's own: all they handle, confidential or not.
  EXPECT_EQ(listed({"DINKES", "DPU"}, {}), (std::vector<CaseId>{secret, open}));
  // A unit's (DPU leads, DISHUB supports): not the confidential case.
  EXPECT_EQ(listed({"DINKES"}, {"DPU"}), std::vector<CaseId>{open});
  EXPECT_EQ(listed({"DINKES"}, {"BAPPEDA", "DISHUB"}), std::vector<CaseId>{open});
  // Its own agency's confidential case stays listed beside a unit's.
  EXPECT_EQ(listed({"DPU"}, {"DISHUB"}), (std::vector<CaseId>{secret, open}));
  EXPECT_TRUE(listed({"DINKES"}, {"BAPPEDA"}).empty());
  EXPECT_NE(waiting, 0);
  EXPECT_EQ(listed({}, {}).size(), 3u);  // no restriction
}

TYPED_TEST(StoreLifecycle, AStaleVersionIsRefusedAndNothingIsWritten) {
  const CaseId id = this->NewCaseDue("Lampu mati", std::nullopt);
  ASSERT_TRUE(this->store_->ChangeCasesAndWait(this->pemda_, {id}, 1,
                                               TestFixture::Dispose(At(1'780'100'000))));
  auto stale = this->store_->ChangeCasesAndWait(this->pemda_, {id}, 1,
                                                TestFixture::Dispose(At(1'780'200'000)));
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  auto events = this->store_->ListCaseEvents(this->pemda_, id);
  ASSERT_TRUE(events.has_value());
  EXPECT_EQ(events->size(), 2u);  // submitted, disposed
}

TYPED_TEST(StoreLifecycle, ARefusedDecisionOrABrokenChangeWritesNothing) {
  const CaseId id = this->NewCaseDue("Lampu mati", std::nullopt);
  auto refused = this->store_->ChangeCasesAndWait(
      this->pemda_, {id}, std::nullopt,
      [](const std::vector<domain::Case>&) -> Result<std::vector<domain::CaseChange>> {
        return Fail(ErrorCode::kConflict, "illegal transition");
      });
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);

  // The first event is written, then the notice refers to a missing event:
  // the whole change rolls back.
  auto broken = this->store_->ChangeCasesAndWait(
      this->pemda_, {id}, std::nullopt,
      [](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
        domain::CaseChange ch;
        ch.after = current[0];
        ch.after.status = CaseStatus::kVerified;
        ch.events.push_back({"verified", "user:vera", At(1'780'100'000), true, {}});
        ch.notices.push_back({"email", "reporter", "verified", {}, 5});
        return std::vector<domain::CaseChange>{std::move(ch)};
      });
  ASSERT_FALSE(broken.has_value());
  auto c = this->store_->FindCaseWithEvents(this->pemda_, id, false);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->c.status, CaseStatus::kReceived);
  EXPECT_EQ(c->c.version, 1);
  EXPECT_EQ(c->events.size(), 1u);
  auto audit = this->store_->VerifyAuditChain();
  ASSERT_TRUE(audit.has_value());
  EXPECT_TRUE(audit->ok) << audit->problem;
}

TYPED_TEST(StoreLifecycle, AMissingCaseIsNotFound) {
  auto r = this->store_->ChangeCasesAndWait(this->pemda_, {999}, std::nullopt,
                                            TestFixture::Dispose(At(1'780'100'000)));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreLifecycle, DueChecksListsOnlyDueCasesEarliestFirst) {
  const CaseId late = this->NewCaseDue("b", At(1'780'300'000));
  const CaseId early = this->NewCaseDue("a", At(1'780'200'000));
  this->NewCaseDue("c", At(1'780'900'000));  // not yet due
  this->NewCaseDue("d", std::nullopt);       // no deadline running
  auto due = this->store_->DueChecks(At(1'780'500'000), 10);
  ASSERT_TRUE(due.has_value());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].case_id, early);
  EXPECT_EQ((*due)[1].case_id, late);
  EXPECT_EQ((*due)[0].pemda_id, this->pemda_);
  auto one = this->store_->DueChecks(At(1'780'500'000), 1);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->size(), 1u);
}

// A `sigap serve` of one Pemda in a database of several (ServeOnly): its
// sweep and its outbox sender see that Pemda's cases and messages alone.
TYPED_TEST(StoreLifecycle, AServedPemdasQueuesHoldItsRowsAlone) {
  auto other = this->store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  ASSERT_TRUE(other.has_value());
  const CaseId ours = this->NewCaseDue("a", At(1'780'200'000));
  const CaseId theirs = this->NewCaseDue("b", At(1'780'100'000), *other);
  for (const auto& [pemda, id] : {std::pair{this->pemda_, ours}, std::pair{*other, theirs}}) {
    ASSERT_TRUE(this->store_->ChangeCasesAndWait(pemda, {id}, std::nullopt,
                                                 TestFixture::Dispose(At(1'780'100'000))));
  }
  const Timestamp later = At(1'790'000'000);

  auto all_due = this->store_->DueChecks(later, 10);
  this->store_->ServeOnly(this->pemda_);
  auto pemdas = this->store_->ListPemdas();
  auto due = this->store_->DueChecks(later, 10);
  auto claimed = this->store_->ClaimOutbox(later, later + std::chrono::minutes(5), 10, "");

  ASSERT_TRUE(all_due.has_value());
  EXPECT_EQ(all_due->size(), 2u);
  ASSERT_TRUE(pemdas.has_value());
  ASSERT_EQ(pemdas->size(), 1u);
  EXPECT_EQ(pemdas->front().code, "33.74");
  ASSERT_TRUE(due.has_value());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().case_id, ours);
  ASSERT_TRUE(claimed.has_value());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(claimed->front().case_id, ours);
  this->store_->ServeOnly(0);  // every Pemda again: the other's message is still waiting
  auto rest = this->store_->ClaimOutbox(later, later + std::chrono::minutes(5), 10, "");
  ASSERT_TRUE(rest.has_value());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->front().case_id, theirs);
}

// A stage whose deadline reached a year the calendar did not cover runs
// without one; AwaitingDeadlines lists those cases (and only them) by id,
// and the listing's awaiting_calendar filter finds them.
TYPED_TEST(StoreLifecycle, AwaitingDeadlinesListsStagesRunningWithoutADeadline) {
  const CaseId counted = this->NewCaseDue("a", At(1'780'400'000));
  const CaseId first = this->NewCaseDue("b", std::nullopt);
  const CaseId second = this->NewCaseDue("c", std::nullopt);
  const CaseId closed = this->NewCaseDue("d", std::nullopt);
  auto unset = [](domain::Stage stage) {
    return
        [stage](
            const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
          domain::CaseChange ch;
          ch.after = current[0];
          ch.after.handling.stage = stage;
          ch.after.handling.due_at.reset();
          if (stage == domain::Stage::kNone) ch.after.status = CaseStatus::kClosed;
          ch.events.push_back({"note", "user:vera", At(1'780'100'000), false, {}});
          return std::vector<domain::CaseChange>{std::move(ch)};
        };
  };
  ASSERT_TRUE(this->store_->ChangeCasesAndWait(this->pemda_, {first}, std::nullopt,
                                               unset(domain::Stage::kResolution)));
  ASSERT_TRUE(this->store_->ChangeCasesAndWait(this->pemda_, {second}, std::nullopt,
                                               unset(domain::Stage::kVerification)));
  ASSERT_TRUE(this->store_->ChangeCasesAndWait(this->pemda_, {closed}, std::nullopt,
                                               unset(domain::Stage::kNone)));

  auto all = this->store_->AwaitingDeadlines(0, 10);
  ASSERT_TRUE(all.has_value()) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].case_id, first);
  EXPECT_EQ((*all)[1].case_id, second);
  EXPECT_EQ((*all)[0].pemda_id, this->pemda_);
  auto page = this->store_->AwaitingDeadlines(first, 1);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].case_id, second);
  auto after_last = this->store_->AwaitingDeadlines(second, 10);
  ASSERT_TRUE(after_last.has_value());
  EXPECT_TRUE(after_last->empty());

  CaseFilter f;
  f.deadline = domain::DeadlineState::kAwaitingCalendar;
  f.now = At(1'780'450'000);
  auto listed = this->store_->ListCases(this->pemda_, f);
  ASSERT_TRUE(listed.has_value());
  std::vector<CaseId> ids;
  for (const auto& c : listed->cases) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<CaseId>{second, first}));  // newest first
  f.deadline = domain::DeadlineState::kOnTrack;
  listed = this->store_->ListCases(this->pemda_, f);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->cases.size(), 1u);
  EXPECT_EQ(listed->cases[0].id, counted);
}

TYPED_TEST(StoreLifecycle, ListingFiltersByDeadlineStateAndAssignee) {
  // Each case: due_at = 1'780'500'000 (set by NewCaseDue), due soon from
  // 1'780'400'000 for the second.
  const CaseId plain = this->NewCaseDue("a", std::nullopt);
  const CaseId soon = this->NewCaseDue("b", std::nullopt);
  auto set_soon =
      [](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
    domain::CaseChange ch;
    ch.after = current[0];
    ch.after.handling.due_soon_at = At(1'780'400'000);
    ch.after.handling.assignee = "dodi";
    ch.events.push_back({"assigned", "user:kadis", At(1'780'100'000), false, {}});
    return std::vector<domain::CaseChange>{std::move(ch)};
  };
  ASSERT_TRUE(this->store_->ChangeCasesAndWait(this->pemda_, {soon}, std::nullopt, set_soon));
  auto ids = [&](domain::DeadlineState state, int64_t now, std::string assignee = "") {
    CaseFilter f;
    f.deadline = state;
    f.now = At(now);
    f.assignee = std::move(assignee);
    std::vector<CaseId> out;
    auto page = this->store_->ListCases(this->pemda_, f);
    EXPECT_TRUE(page.has_value());
    if (page) {
      for (const auto& c : page->cases) out.push_back(c.id);
    }
    return out;
  };
  using S = domain::DeadlineState;
  EXPECT_EQ(ids(S::kOnTrack, 1'780'450'000), std::vector<CaseId>{plain});
  EXPECT_EQ(ids(S::kDueSoon, 1'780'450'000), std::vector<CaseId>{soon});
  EXPECT_EQ(ids(S::kOverdue, 1'780'600'000), (std::vector<CaseId>{soon, plain}));
  EXPECT_EQ(ids(S::kNone, 1'780'450'000, "dodi"), std::vector<CaseId>{soon});
}

// The outbox rows written with a change, read with SQL.
template <typename Backend>
class OutboxRows : public StoreLifecycle<Backend> {
 protected:
  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_EQ(Backend::ExecSql(this->dir_, sql, &n), "") << sql;
    return n;
  }
  void Exec(const std::string& sql) { EXPECT_EQ(Backend::ExecSql(this->dir_, sql), "") << sql; }
};
TYPED_TEST_SUITE(OutboxRows, Backends);

TYPED_TEST(OutboxRows, NoticesBecomeOutboxRowsAndWebhooksFanOutBySubscription) {
  auto& store_ = this->store_;
  const PemdaId pemda_ = this->pemda_;
  this->Exec(
      "INSERT INTO webhooks (pemda_id, url, secret, events, created_at) VALUES "
      "(" +
      std::to_string(pemda_) +
      ", 'https://a.example/hook', 's1', '[]', 0),"
      "(" +
      std::to_string(pemda_) +
      ", 'https://b.example/hook', 's2', '[\"resolved\"]', 0),"
      "(" +
      std::to_string(pemda_) + ", 'https://c.example/hook', 's3', '[\"disposed\"]', 0)");
  const CaseId id = this->NewCaseDue("Lampu mati", std::nullopt);
  auto decide =
      [](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
    domain::CaseChange ch;
    ch.after = current[0];
    ch.events.push_back({"disposed", "user:vera", At(1'780'100'000), true, {}});
    ch.notices.push_back({"email", "agency:DPU", "disposed", {{"tracking_code", "X"}}, 0});
    ch.notices.push_back({"webhook", "*", "disposed", {{"tracking_code", "X"}}, 0});
    return std::vector<domain::CaseChange>{std::move(ch)};
  };
  ASSERT_TRUE(store_->ChangeCasesAndWait(pemda_, {id}, std::nullopt, decide));
  EXPECT_EQ(this->Count("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND audience = "
                        "'agency:DPU' AND next_attempt_at IS NOT NULL"),
            1);
  // Subscribers of every event and of `disposed`; not the `resolved` one.
  EXPECT_EQ(this->Count("SELECT COUNT(*) FROM outbox WHERE channel = 'webhook' AND template = "
                        "'disposed'"),
            2);
  // The case's filing, to the subscriber of every event only.
  EXPECT_EQ(this->Count("SELECT COUNT(*) FROM outbox WHERE channel = 'webhook' AND template = "
                        "'submitted'"),
            1);
  EXPECT_EQ(
      this->Count("SELECT COUNT(*) FROM outbox o JOIN webhooks w ON o.audience = 'webhook:' || "
                  "w.id WHERE w.url = 'https://b.example/hook'"),
      0);
  EXPECT_EQ(this->Count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%warga@%'"), 0);
}

}  // namespace
}  // namespace sigap::store
