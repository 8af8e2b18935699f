// SQLite-specific: tampering with the file behind Sigap's back is detected.
#include <sqlite3.h>

#include <future>

#include "store/codec.h"
#include "store/store_fixture.h"

namespace sigap::store {
namespace {

class SqliteAudit : public testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteBackend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    for (int i = 0; i < 3; ++i) {
      NewCase c;
      c.pemda_id = pemda_;
      c.submission.title = "Kasus " + std::to_string(i);
      c.submission.description = "Deskripsi";
      c.created_at = FromMicros(1);
      std::promise<void> done;
      store_->SubmitCase(c, [&](Result<SubmitReceipt> r) {
        EXPECT_TRUE(r.has_value());
        done.set_value();
      });
      done.get_future().wait();
    }
  }

  // Runs SQL directly on the file, as an attacker with file access could.
  void Tamper(const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() / "sigap.db").c_str(), &db), SQLITE_OK);
    // The store's own background writers (search index, checkpoints) may
    // hold the lock for a moment; an attacker's tool would wait too.
    sqlite3_busy_timeout(db, 10000);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << error;
    sqlite3_free(error);
    sqlite3_close(db);
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
};

TEST_F(SqliteAudit, IntactChainVerifies) {
  auto report = store_->VerifyAuditChain();

  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->events_checked, 3);
  EXPECT_EQ(report->cases_checked, 3);
}

TEST_F(SqliteAudit, EventsCannotBeUpdatedThroughSql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "sigap.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);

  const int rc = sqlite3_exec(db, "UPDATE case_events SET actor = 'x'", nullptr, nullptr, nullptr);

  EXPECT_NE(rc, SQLITE_OK);
  sqlite3_close(db);
}

TEST_F(SqliteAudit, EditedPayloadIsDetected) {
  Tamper(
      "DROP TRIGGER case_events_no_update;"
      "UPDATE case_events SET payload = replace(payload, 'Kasus 1', 'Kasus X') WHERE id = 2;");

  auto report = store_->VerifyAuditChain();

  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_event, 2);
}

// The events are chained, but every page is read from the cases table:
// a confidential case made public, or its text rewritten, there is found
// against the case's submitted event.
TEST_F(SqliteAudit, AnEditedCaseRowIsDetected) {
  Tamper("UPDATE cases SET confidential = 1 WHERE id = 2;");

  auto report = store_->VerifyAuditChain();

  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_event, 2);
  EXPECT_NE(report->problem.find("(confidential)"), std::string::npos) << report->problem;
}

// The service and the place a case was filed for never change after it is
// filed: moved in the table (to another agency's service, another
// kelurahan), they are found against the submitted event.
TEST_F(SqliteAudit, AServiceOrPlaceChangedOutsideSigapIsDetected) {
  Tamper("UPDATE cases SET service_code = 'HUB-LALIN' WHERE id = 2;");
  auto service = store_->VerifyAuditChain();
  Tamper("UPDATE cases SET service_code = '', region_code = '33.74.16.1001' WHERE id = 2;");
  auto region = store_->VerifyAuditChain();
  Tamper("UPDATE cases SET region_code = '', address = 'Jl. Lain 1' WHERE id = 2;");
  auto address = store_->VerifyAuditChain();
  Tamper("UPDATE cases SET address = '', lat = -6.99, lng = 110.42 WHERE id = 2;");
  auto point = store_->VerifyAuditChain();
  Tamper("UPDATE cases SET lat = NULL, lng = NULL WHERE id = 2;");
  auto restored = store_->VerifyAuditChain();

  for (const auto& [report, column] :
       {std::pair{&service, "(service_code)"}, std::pair{&region, "(region_code)"},
        std::pair{&address, "(address)"}, std::pair{&point, "(location)"}}) {
    ASSERT_TRUE(report->has_value());
    EXPECT_FALSE((*report)->ok) << column;
    EXPECT_NE((*report)->problem.find(column), std::string::npos) << (*report)->problem;
  }
  ASSERT_TRUE(restored.has_value());
  EXPECT_TRUE(restored->ok) << restored->problem;
}

// An official with the file who "closes" a complaint, or moves it to
// another agency, in the cases table (the rows every screen and listing
// read) leaves the hash chain intact; the case's events still say it is
// open, and with whom.
TEST_F(SqliteAudit, AStatusOrAgencyChangedOutsideSigapIsDetected) {
  Tamper("UPDATE cases SET status = 'closed' WHERE id = 2;");
  auto closed = store_->VerifyAuditChain();
  ASSERT_TRUE(closed.has_value());
  EXPECT_FALSE(closed->ok);
  EXPECT_NE(closed->problem.find("has status 'closed' but its events make it 'received'"),
            std::string::npos)
      << closed->problem;

  Tamper("UPDATE cases SET status = 'received', agency_code = 'DPU' WHERE id = 2;");
  auto moved = store_->VerifyAuditChain();
  ASSERT_TRUE(moved.has_value());
  EXPECT_FALSE(moved->ok);
  EXPECT_NE(moved->problem.find("agency_code 'DPU'"), std::string::npos) << moved->problem;

  Tamper("UPDATE cases SET agency_code = '' WHERE id = 2;");
  EXPECT_TRUE(store_->VerifyAuditChain()->ok);
}

// What the lifecycle's events project to, as domain::Decide sets it: a
// request for information resumes where it was, a rejected incomplete
// report completed by its reporter is received anew, a forward moves the
// lead, an import files the case as the other system had it.
TEST(CaseProjection, FollowsTheLifecycleOfEachCase) {
  CaseProjection p;
  p.Add(1, "submitted", R"({"agency_code":"","category":"JALAN"})");
  p.Add(2, "submitted", R"({"agency_code":"DPU","category":""})");
  p.Add(1, "verified", "{}");
  p.Add(1, "disposed", R"({"agency_code":"DPU","supporting":["DLH"]})");
  p.Add(2, "rejected", R"({"reason":"incomplete"})");
  p.Add(1, "info_requested", R"({"text":"Foto?"})");
  EXPECT_EQ(p.Of(1).status, "needs_info");
  p.Add(1, "info_provided", R"({"text":"Ini"})");
  EXPECT_EQ(p.Of(1).status, "disposed");
  p.Add(2, "info_provided", R"({"text":"Lengkap","completed":true})");
  EXPECT_EQ(p.Of(2).status, "received");
  p.Add(1, "forwarded", R"({"from":"DPU","agency_code":"DISHUB"})");
  p.Add(1, "categorized", R"({"category":"LALIN","previous":"JALAN"})");
  p.Add(1, "started", "{}");
  p.Add(1, "note", R"({"text":"status: closed"})");
  EXPECT_EQ(p.Of(1).status, "in_progress");
  EXPECT_EQ(p.Of(1).agency_code, "DISHUB");
  EXPECT_EQ(p.Of(1).category, "LALIN");
  p.Add(1, "resolved", R"({"text":"Selesai"})");
  p.Add(1, "reopened", R"({"reason":"Belum"})");
  EXPECT_EQ(p.Of(1).status, "in_progress");
  p.Add(3, "submitted", R"({"agency_code":"DPU"})");
  p.Add(3, "resolved", R"({"text":"Sudah"})");
  p.Add(3, "imported", R"({"original_status":"closed"})");
  EXPECT_EQ(p.Of(3).status, "closed");
  EXPECT_EQ(p.Of(4).status, "");
}

// The deadline and escalation level as the events record them: a stage's
// start records its deadline and restarts the chain, a pause moves
// nothing, resuming, a calendar change and the sweep's steps record where
// they leave it; a rule's escalation is told on top of the chain and a
// rule's longer reopening window is not the stage's deadline. What the
// submission and the resolution counted is recorded nowhere: unknown.
TEST(CaseProjection, FollowsTheDeadlineAndEscalationTheEventsRecord) {
  CaseProjection p;
  const auto due = [&p] {
    const auto s = p.Of(1);
    return !s.due_known ? std::string("?") : s.due_at ? FormatRfc3339(*s.due_at) : "none";
  };
  p.Add(1, "submitted", R"({"agency_code":""})");
  EXPECT_EQ(due(), "?");
  p.Add(1, "escalated",
        R"({"level":1,"rule":"due_soon:handler","due_at":"2026-03-20T16:59:59.999Z"})");
  EXPECT_EQ(due(), "2026-03-20T16:59:59.999Z");
  EXPECT_EQ(p.Of(1).escalation_level, 1);
  p.Add(1, "disposed", R"({"agency_code":"DPU","due_at":"2026-03-27T16:59:59.999Z"})");
  EXPECT_EQ(due(), "2026-03-27T16:59:59.999Z");
  EXPECT_EQ(p.Of(1).escalation_level, 0);
  p.Add(1, "info_requested", R"({"text":"Foto?","clock":"paused"})");
  EXPECT_EQ(due(), "2026-03-27T16:59:59.999Z");
  p.Add(1, "info_provided", R"({"clock":"resumed","due_at":"2026-03-31T16:59:59.999Z"})");
  EXPECT_EQ(due(), "2026-03-31T16:59:59.999Z");
  p.Add(
      1, "deadline_adjusted",
      R"({"reason":"calendar","due_before":"2026-03-31T16:59:59.999Z","due_at":"2026-04-01T16:59:59.999Z"})");
  EXPECT_EQ(due(), "2026-04-01T16:59:59.999Z");
  p.Add(1, "escalated",
        R"({"level":1,"rule":"due_soon:handler","due_at":"2026-04-01T16:59:59.999Z"})");
  p.Add(1, "escalated", R"({"level":2,"rule":"policy:4","due_at":"2026-04-01T16:59:59.999Z"})");
  EXPECT_EQ(p.Of(1).escalation_level, 1);
  p.Add(1, "escalated",
        R"({"level":2,"rule":"overdue:agency_head","due_at":"2026-04-01T16:59:59.999Z"})");
  EXPECT_EQ(p.Of(1).escalation_level, 2);
  p.Add(1, "started", R"({})");
  EXPECT_EQ(due(), "none");  // no deadline could be counted (a year without its calendar)
  EXPECT_EQ(p.Of(1).escalation_level, 0);
  p.Add(1, "deadline_counted",
        R"({"stage":"resolution","days":14,"due_at":"2027-01-20T16:59:59.999Z"})");
  EXPECT_EQ(due(), "2027-01-20T16:59:59.999Z");
  p.Add(1, "resolved", R"({"text":"Selesai","reopen_until":"2027-01-10T16:59:59.999Z"})");
  EXPECT_EQ(due(), "?");
  p.Add(1, "deadline_adjusted",
        R"({"stage":"reopen_window","days":5,"due_at":"2027-01-17T16:59:59.999Z"})");
  EXPECT_EQ(due(), "?");
  p.Add(1, "reopened", R"({"reason":"Belum","due_at":"2027-02-01T16:59:59.999Z"})");
  EXPECT_EQ(due(), "2027-02-01T16:59:59.999Z");
  p.Add(1, "closed", R"({})");
  EXPECT_EQ(due(), "none");
}

// An event naming a case id far past every case (written by hand into the
// table) is projected like any other, without memory for every id below it.
TEST(CaseProjection, ACaseIdFarPastTheOthersIsFollowedToo) {
  CaseProjection p;
  p.Add(1, "submitted", "{}");
  p.Add(int64_t{1} << 60, "submitted", "{}");
  p.Add(int64_t{1} << 60, "closed", "{}");
  p.Add(2, "submitted", "{}");

  EXPECT_EQ(p.Of(int64_t{1} << 60).status, "closed");
  EXPECT_EQ(p.Of(1).status, "received");
  EXPECT_EQ(p.Of(2).status, "received");
  EXPECT_EQ(p.Of(3).status, "");
}

TEST_F(SqliteAudit, ACaseRowWithoutItsSubmissionIsDetected) {
  Tamper(
      "CREATE TEMP TABLE forged AS SELECT * FROM cases WHERE id = 1;"
      "UPDATE forged SET id = 4, tracking_code = 'ZZZZZZZZZZ', title = 'Palsu';"
      "INSERT INTO cases SELECT * FROM forged;");

  auto report = store_->VerifyAuditChain();

  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_event, 0);
  EXPECT_NE(report->problem.find("ZZZZZZZZZZ has no submitted event"), std::string::npos)
      << report->problem;
}

TEST_F(SqliteAudit, DeletedEventIsDetected) {
  Tamper("DROP TRIGGER case_events_no_delete; DELETE FROM case_events WHERE id = 2;");

  auto report = store_->VerifyAuditChain();

  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->ok);
}

TEST_F(SqliteAudit, RemovedNewestEventIsDetected) {
  Tamper("DROP TRIGGER case_events_no_delete; DELETE FROM case_events WHERE id = 3;");

  auto report = store_->VerifyAuditChain();

  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->ok);
}

TEST_F(SqliteAudit, OnlineBackupIsACompleteCopy) {
  auto* sqlite = static_cast<sqlite::SqliteStore*>(store_.get());
  const auto target = (dir_.path() / "backup.db").string();

  ASSERT_TRUE(sqlite->Backup(target));

  auto copy = sqlite::SqliteStore::Open(target);
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(*(*copy)->CountCases(pemda_), 3);
  EXPECT_TRUE((*copy)->VerifyAuditChain()->ok);
}

}  // namespace
}  // namespace sigap::store
