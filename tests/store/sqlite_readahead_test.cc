// SQLite-specific: the replay's readahead walks a real file's b-tree as
// SQLite laid it out (compared with SQLite's own dbstat), and brings the
// leaves that are not in the page cache back in, no further ahead than
// it is allowed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/leaf_readahead.h"
#include "store/store_fixture.h"

namespace sigap::store::sqlite {
namespace {

constexpr int64_t kFrom = std::numeric_limits<int64_t>::min();
constexpr int kRowsPerFirst = 3000;

// A file holding `signals`, a WITHOUT ROWID table keyed as case_signals is
// (first, at, id) with texts of real length, filed in no particular order
// and beside another table, so that its pages lie scattered in the file.
class SqliteReadahead : public testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_.path() / "signals.db").string();
    auto conn = Connection::Open(path_, Connection::Mode::kWriter);
    ASSERT_TRUE(conn.has_value()) << conn.error().message;
    conn_ = std::move(*conn);
    ASSERT_TRUE(conn_->Exec(
        "CREATE TABLE signals (first INTEGER NOT NULL, at INTEGER NOT NULL, id INTEGER NOT NULL, "
        "detail TEXT NOT NULL, PRIMARY KEY (first, at, id)) WITHOUT ROWID;"
        "CREATE TABLE others (id INTEGER PRIMARY KEY, data BLOB)"));
    ASSERT_TRUE(conn_->Exec("BEGIN"));
    std::mt19937 random(7);
    std::vector<int> order(3 * kRowsPerFirst);
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::shuffle(order.begin(), order.end(), random);
    auto insert = conn_->Prepare("INSERT INTO signals VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(insert.has_value());
    auto other = conn_->Prepare("INSERT INTO others (data) VALUES (zeroblob(3000))");
    ASSERT_TRUE(other.has_value());
    for (const int i : order) {
      const std::string text(100 + random() % 500, static_cast<char>('a' + i % 26));
      (*insert)->Bind(1, int64_t{1} + i / kRowsPerFirst).Bind(2, int64_t{i % kRowsPerFirst} * 1000);
      (*insert)->Bind(3, int64_t{i}).Bind(4, text);
      ASSERT_TRUE((*insert)->Run());
      if (i % 7 == 0) {
        ASSERT_TRUE((*other)->Run());
      }
    }
    ASSERT_TRUE(conn_->Exec("COMMIT"));
    ASSERT_TRUE(conn_->Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    root_ = static_cast<uint32_t>(Int("SELECT rootpage FROM sqlite_schema WHERE name = 'signals'"));
    fd_ = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override {
    if (fd_ >= 0) close(fd_);
  }

  int64_t Int(const std::string& sql) {
    auto stmt = conn_->PrepareTransient(sql);
    EXPECT_TRUE(stmt.has_value());
    if (!stmt) return 0;
    auto row = (*stmt)->Step();
    const int64_t value = row && *row ? (*stmt)->Int(0) : 0;
    (*stmt)->Reset();
    return value;
  }

  // SQLite's own account of the table's pages of one type, in key order
  // (dbstat's paths: three hex digits per level).
  std::vector<uint32_t> Pages(const std::string& type) {
    auto stmt =
        conn_->Prepare(("SELECT pageno FROM dbstat WHERE name = 'signals' AND pagetype = '" + type +
                        "' ORDER BY path")
                           .c_str());
    EXPECT_TRUE(stmt.has_value());
    std::vector<uint32_t> pages;
    if (!stmt) return pages;
    while (auto row = (*stmt)->Step()) {
      if (!*row) break;
      pages.push_back(static_cast<uint32_t>((*stmt)->Int(0)));
    }
    (*stmt)->Reset();
    return pages;
  }

  std::vector<LeafWalk::Leaf> Walk(int64_t first, int64_t from, uint32_t root = 0) {
    LeafWalk walk(fd_, 4096, root == 0 ? root_ : root, first, from);
    std::vector<LeafWalk::Leaf> leaves;
    while (auto leaf = walk.Next()) leaves.push_back(*leaf);
    EXPECT_FALSE(walk.failed());
    return leaves;
  }

  static std::vector<uint32_t> PagesOf(const std::vector<LeafWalk::Leaf>& leaves) {
    std::vector<uint32_t> pages;
    for (const auto& leaf : leaves) pages.push_back(leaf.page);
    return pages;
  }

  // Whether each of `pages` is in the page cache.
  std::vector<bool> Resident(const std::vector<uint32_t>& pages) const {
    struct stat st {};
    fstat(fd_, &st);
    const auto bytes = static_cast<size_t>(st.st_size);
    void* map = mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd_, 0);
    std::vector<unsigned char> in((bytes + 4095) / 4096);
    std::vector<bool> out;
    if (map == MAP_FAILED) return out;
    const bool known = mincore(map, bytes, in.data()) == 0;
    munmap(map, bytes);
    if (!known || sysconf(_SC_PAGESIZE) != 4096) return out;
    for (const uint32_t page : pages) out.push_back((in[page - 1] & 1) != 0);
    return out;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Connection> conn_;
  uint32_t root_ = 0;
  int fd_ = -1;
};

TEST_F(SqliteReadahead, AWalkNamesEveryLeafOfTheTableInKeyOrderAndReadsOnlyInteriorPages) {
  ASSERT_EQ(Int("PRAGMA page_size"), 4096);
  const auto leaves = Pages("leaf");
  const auto interior = Pages("internal");
  ASSERT_GT(interior.size(), 10u) << "a tree of several levels";

  // Every Pemda-like first column, one after the other, gives the whole table.
  std::vector<uint32_t> walked;
  size_t interior_read = 0;
  for (int64_t first = 1; first <= 3; ++first) {
    LeafWalk walk(fd_, 4096, root_, first, kFrom);
    while (auto leaf = walk.Next()) {
      // A leaf shared by two first columns is named by both walks.
      if (walked.empty() || walked.back() != leaf->page) walked.push_back(leaf->page);
    }
    EXPECT_FALSE(walk.failed());
    interior_read = std::max(interior_read, walk.interior_pages());
  }
  EXPECT_EQ(walked, leaves);
  // The last walk read the interior pages down its path, never a leaf.
  EXPECT_LT(interior_read, interior.size());

  // Each leaf's bound rises; only the last leaf of the table has none.
  const auto all = Walk(3, kFrom);
  ASSERT_FALSE(all.empty());
  EXPECT_FALSE(all.back().upper.has_value());
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    ASSERT_TRUE(all[i].upper.has_value());
    if (i > 0) {
      EXPECT_LT(*all[i - 1].upper, *all[i].upper);
    }
  }
}

TEST_F(SqliteReadahead, AWalkStartsAtItsKeyAndStopsAfterItsFirstColumn) {
  const auto leaves = Pages("leaf");
  const auto whole = PagesOf(Walk(2, kFrom));
  ASSERT_FALSE(whole.empty());
  // A run of the table's leaves, between the first column 1's and 3's.
  const auto at = std::search(leaves.begin(), leaves.end(), whole.begin(), whole.end());
  ASSERT_NE(at, leaves.end());
  EXPECT_GT(at - leaves.begin(), 0);
  EXPECT_LT(static_cast<size_t>(at - leaves.begin()) + whole.size(), leaves.size());
  EXPECT_GT(whole.size(), leaves.size() / 4);
  EXPECT_LT(whole.size(), leaves.size() / 2);

  // From the middle of its times: the later half of the same run.
  const auto later = Walk(2, int64_t{kRowsPerFirst / 2} * 1000);
  ASSERT_FALSE(later.empty());
  EXPECT_TRUE(std::equal(later.rbegin(), later.rend(), whole.rbegin(),
                         [](const LeafWalk::Leaf& a, uint32_t b) { return a.page == b; }));
  EXPECT_GT(later.size(), whole.size() / 3);
  EXPECT_LT(later.size(), 2 * whole.size() / 3);
  for (const auto& leaf : later) {
    ASSERT_TRUE(leaf.upper.has_value());
    EXPECT_GE(*leaf.upper, (KeyPrefix{2, int64_t{kRowsPerFirst / 2} * 1000}));
  }
  // After the last key, only the table's last leaf (no cell bounds it).
  const auto after = Walk(4, kFrom);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].page, leaves.back());
}

TEST_F(SqliteReadahead, AWalkStopsAtAPageThatIsNoIndexPage) {
  // A rowid table's root is another kind of b-tree page.
  const auto others =
      static_cast<uint32_t>(Int("SELECT rootpage FROM sqlite_schema WHERE name = 'others'"));
  LeafWalk table(fd_, 4096, others, 1, kFrom);
  EXPECT_FALSE(table.Next().has_value());
  EXPECT_TRUE(table.failed());
  // A page past the end of the file.
  LeafWalk past(fd_, 4096, 1u << 30, 1, kFrom);
  EXPECT_FALSE(past.Next().has_value());
  EXPECT_TRUE(past.failed());
  // A file of random bytes, walked from every page: no leaf it can trust,
  // no crash (the sanitizers' build runs this).
  const auto noise = (dir_.path() / "noise").string();
  {
    std::mt19937 random(11);
    std::string bytes(64 * 4096, '\0');
    for (auto& b : bytes) b = static_cast<char>(random());
    for (size_t page = 0; page < 64; page += 2) bytes[page * 4096] = 0x02;  // "interior index"
    const int out = open(noise.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(out, 0);
    ASSERT_EQ(write(out, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    close(out);
  }
  // An interior page whose children are itself: the walk gives up at
  // SQLite's depth limit rather than following it down for ever.
  const auto loop = (dir_.path() / "loop").string();
  {
    std::string bytes(3 * 4096, '\0');
    char* page = bytes.data() + 4096;  // page 2: an interior index page
    page[0] = 0x02;
    page[4] = 1;                                         // one cell
    page[11] = 2;                                        // its right-most child: page 2
    page[13] = 100;                                      // the cell, at offset 100
    const char cell[] = {0, 0, 0, 2, 5, 3, 1, 1, 1, 5};  // left child 2; record (1, 5)
    std::copy(std::begin(cell), std::end(cell), page + 100);
    const int out = open(loop.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(out, 0);
    ASSERT_EQ(write(out, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    close(out);
  }
  const int looped = open(loop.c_str(), O_RDONLY);
  ASSERT_GE(looped, 0);
  LeafWalk down(looped, 4096, 2, 1, kFrom);
  EXPECT_FALSE(down.Next().has_value());
  EXPECT_TRUE(down.failed());
  EXPECT_LE(down.interior_pages(), 20u);
  close(looped);

  const int in = open(noise.c_str(), O_RDONLY);
  ASSERT_GE(in, 0);
  for (uint32_t root = 1; root <= 64; ++root) {
    LeafWalk walk(in, 4096, root, 1, kFrom);
    size_t n = 0;
    while (walk.Next() && n < 1000000) ++n;
    EXPECT_LT(n, 1000000u);
  }
  close(in);
}

TEST_F(SqliteReadahead, ReadaheadBringsTheLeavesOutOfThePageCacheBackAndNoFurtherThanAllowed) {
  const auto leaves = Pages("leaf");
  conn_.reset();
  ASSERT_EQ(fdatasync(fd_), 0);
  ASSERT_EQ(posix_fadvise(fd_, 0, 0, POSIX_FADV_DONTNEED), 0);
  const auto before = Resident(leaves);
  if (before.empty() || std::count(before.begin(), before.end(), true) > 0) {
    GTEST_SKIP() << "this file system keeps the file in memory (tmpfs?)";
  }

  // Allowed 64 leaves ahead of a scan that has read nothing: it names 64
  // and waits.
  auto readahead = LeafReadahead::Start(path_, 4096, root_, 1, kFrom, 64);
  ASSERT_NE(readahead, nullptr);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (readahead->counts().leaves < 64 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto counts = readahead->counts();
  // (Nearly all of them missing: reading an interior page may bring a
  // leaf beside it along, in a folio larger than a page.)
  EXPECT_EQ(counts.leaves, 64u);
  EXPECT_LE(counts.missing, 64u);
  EXPECT_GE(counts.missing, 56u);
  EXPECT_FALSE(counts.done);

  // The scan reads on, to the end of the first column's keys.
  readahead->Reached(std::numeric_limits<int64_t>::max());
  while (!readahead->counts().done && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  counts = readahead->counts();
  ASSERT_TRUE(counts.done);
  EXPECT_FALSE(counts.failed);
  const auto named = PagesOf(Walk(1, kFrom));
  EXPECT_EQ(counts.leaves, named.size());
  EXPECT_LE(counts.missing, named.size());
  EXPECT_GE(counts.missing, 9 * named.size() / 10);
  // The disk reads them in the background.
  std::vector<bool> after;
  while (std::chrono::steady_clock::now() < deadline) {
    after = Resident(named);
    if (std::count(after.begin(), after.end(), false) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(std::count(after.begin(), after.end(), false), 0);
  // The leaves of the other first columns were left alone.
  const auto third = Resident(PagesOf(Walk(3, kFrom)));
  EXPECT_GT(std::count(third.begin(), third.end(), false), static_cast<long>(third.size() / 2));
}

}  // namespace
}  // namespace sigap::store::sqlite
