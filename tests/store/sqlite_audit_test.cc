// SQLite-specific: tampering with the file behind Sigap's back is detected.
#include <sqlite3.h>

#include <future>

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
