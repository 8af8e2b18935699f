// SQLite-specific: WAL checkpoints run beside the writer's commits, and the
// WAL stays bounded when the writer never pauses.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store/sqlite/checkpointer.h"
#include "store/sqlite/group_commit.h"
#include "store/store_fixture.h"

namespace sigap::store::sqlite {
namespace {

class CountingObserver final : public CommitObserver {
 public:
  void OnCommit(size_t, std::chrono::nanoseconds) override {}
  void OnCheckpoint(int pages, std::chrono::nanoseconds, bool in_writer) override {
    (in_writer ? inline_runs : background_runs).fetch_add(1);
    pages_copied.fetch_add(pages);
  }
  std::atomic<int> background_runs{0};
  std::atomic<int> inline_runs{0};
  std::atomic<int> pages_copied{0};
};

class SqliteCheckpoint : public testing::Test {
 protected:
  static constexpr int kPages = 8;
  static constexpr int kInlinePages = 64;

  void SetUp() override {
    path_ = (dir_.path() / "wal.db").string();
    auto conn = Connection::Open(path_, Connection::Mode::kWriter);
    ASSERT_TRUE(conn.has_value()) << conn.error().message;
    ASSERT_TRUE((*conn)->Exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)"));
    auto own = Connection::Open(path_, Connection::Mode::kWriter);
    ASSERT_TRUE(own.has_value()) << own.error().message;
    writer_ = std::make_unique<GroupCommitWriter>(
        std::move(*conn), &observer_, 512,
        std::make_unique<Checkpointer>(std::move(*own), &observer_, kPages, kInlinePages));
  }

  // One commit that writes about four pages (page 1 records the file's
  // growth).
  void WriteOne() {
    const Status s = writer_->Run([](Connection& conn, ChainState&) -> Status {
      auto insert = conn.Prepare("INSERT INTO blobs (data) VALUES (zeroblob(6000))");
      if (!insert) return Fail(insert.error());
      return (*insert)->Run();
    });
    ASSERT_TRUE(s) << s.error().message;
  }

  uintmax_t WalBytes() const {
    std::error_code error;
    const auto size = std::filesystem::file_size(path_ + "-wal", error);
    return error ? 0 : size;
  }

  int64_t CountRows() const {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM blobs", -1, &stmt, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    const int64_t n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return n;
  }

  TempDir dir_;
  std::string path_;
  CountingObserver observer_;
  std::unique_ptr<GroupCommitWriter> writer_;
};

TEST_F(SqliteCheckpoint, TheWalIsCopiedBackOnTheCheckpointersThread) {
  for (int i = 0; i < 10; ++i) WriteOne();

  // The checkpoint runs after the commits returned; give it time.
  for (int i = 0; i < 500 && observer_.background_runs.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  EXPECT_GT(observer_.background_runs.load(), 0);
  EXPECT_GT(observer_.pages_copied.load(), 0);
  // 10 commits of about 4 pages (page 1, a table page, two overflow
  // pages) stay under the writer's own limit of 64 pages.
  EXPECT_EQ(observer_.inline_runs.load(), 0);
}

TEST_F(SqliteCheckpoint, TheWalStaysBoundedWhenTheWriterNeverPauses) {
  uintmax_t largest = 0;
  for (int i = 0; i < 600; ++i) {
    WriteOne();
    largest = std::max(largest, WalBytes());
  }

  // Frames are a page (4,096 bytes) and a 24-byte header. Unbounded, the
  // WAL would hold every one of the ~2,400 pages written; the writer
  // checkpoints itself at 64, and the WAL starts over at a later commit
  // (not at the very next one while the checkpointer still holds it).
  const uintmax_t frame = 4096 + 24;
  EXPECT_LE(largest, (2 * kInlinePages + 32) * frame);
  EXPECT_GT(observer_.background_runs.load() + observer_.inline_runs.load(), 0);
}

TEST_F(SqliteCheckpoint, EveryCommittedRowIsThereAfterTheWriterCloses) {
  for (int i = 0; i < 300; ++i) WriteOne();
  writer_.reset();

  EXPECT_EQ(CountRows(), 300);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "ok");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace sigap::store::sqlite
