// SQLite: full-text search runs behind intake and still finds everything.
#include <future>
#include <string>
#include <thread>
#include <utility>

#include "store/store_fixture.h"

namespace sigap::store {
namespace {

class SqliteSearch : public testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteBackend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
  }

  void Submit(std::string title, std::string description) {
    NewCase c;
    c.pemda_id = pemda_;
    c.submission.title = std::move(title);
    c.submission.description = std::move(description);
    std::promise<bool> done;
    store_->SubmitCase(c, [&](Result<SubmitReceipt> r) { done.set_value(r.has_value()); });
    ASSERT_TRUE(done.get_future().get());
  }

  size_t Found(const std::string& text) {
    CaseFilter filter;
    filter.text = text;
    auto page = store_->ListCases(pemda_, filter);
    EXPECT_TRUE(page.has_value());
    return page ? page->cases.size() : 0;
  }

  sqlite::SqliteStore& sqlite() { return static_cast<sqlite::SqliteStore&>(*store_); }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
};

TEST_F(SqliteSearch, FindsCasesBeforeAndAfterTheyAreIndexed) {
  Submit("Lampu jalan mati", "Lampu PJU di Jl. Pandanaran mati sejak Senin.");
  Submit("Saluran tersumbat", "Saluran air di depan SD tersumbat sampah.");

  EXPECT_EQ(Found("pandanaran"), 1u);  // maybe not indexed yet
  ASSERT_TRUE(sqlite().IndexPendingText());
  EXPECT_EQ(Found("pandanaran"), 1u);  // through the index
  EXPECT_EQ(Found("saluran sampah"), 1u);
  EXPECT_EQ(Found("saluran pandanaran"), 0u);

  Submit("Saluran meluap", "Saluran meluap ke jalan di Pandanaran.");
  EXPECT_EQ(Found("saluran"), 2u);  // one indexed, one not
}

// Through the index a word matches whole words, and one ending in '*' the
// words it starts; a letter and a star is the letter alone.
TEST_F(SqliteSearch, TheIndexMatchesWholeWordsOrTheStartOfOne) {
  Submit("Jalan berlubang", "Lubang besar di Jl. Pemuda.");
  Submit("Lampu jalur hijau mati", "Lampu mati sejak Senin.");
  ASSERT_TRUE(sqlite().IndexPendingText());

  EXPECT_EQ(Found("jal"), 0u);
  EXPECT_EQ(Found("jal*"), 2u);
  EXPECT_EQ(Found("lubang"), 1u);
  EXPECT_EQ(Found("lub"), 0u);  // not a word of either, nor a stem
  EXPECT_EQ(Found("j*"), 0u);
  EXPECT_EQ(Found("*"), 2u);  // no word: no search
}

TEST_F(SqliteSearch, WildcardsInSearchTextAreLiteral) {
  Submit("Diskon besar", "Harga tiket naik.");  // neither % nor _ in the text

  EXPECT_EQ(Found("%"), 0u);
  EXPECT_EQ(Found("_"), 0u);
  ASSERT_TRUE(sqlite().IndexPendingText());
  EXPECT_EQ(Found("\"; DROP TABLE cases; --"), 0u);
}

TEST_F(SqliteSearch, TheIndexCatchesUpByItself) {
  // Only the index matches "cafe" to "Café" (it removes diacritics); the
  // path for unindexed cases compares bytes. The indexer wakes on its own
  // (every 250 ms), so it may index a case before the first search: then
  // the next case, with another accented word, shows the premise.
  const std::pair<std::string, std::string> words[] = {
      {"Café", "cafe"}, {"Crème", "creme"}, {"Señor", "senor"}, {"Noël", "noel"}, {"Rosé", "rose"}};
  std::string query;
  for (const auto& [word, folded] : words) {
    Submit("Parkir liar", "Parkir liar di depan " + word + " Simpang Lima.");
    if (Found(folded) == 0) {
      query = folded;
      break;
    }
  }
  ASSERT_FALSE(query.empty()) << "the indexer ran before each of the five first searches";

  size_t found = 0;
  for (int i = 0; i < 100 && found == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    found = Found(query);
  }

  EXPECT_EQ(found, 1u);
}

// A database indexed before migration 0034 (unicode61 alone) is indexed
// again by it, up to where the indexer had come: its cases are then found
// by their words' other forms, and the indexer goes on from there.
TEST_F(SqliteSearch, TheMigrationToStemsIndexesTheCasesIndexedBefore) {
  Submit("Jalan berlubang", "Di depan pasar.");
  ASSERT_TRUE(sqlite().IndexPendingText());
  Submit("Kerusakan lampu taman", "Sejak Senin.");  // not indexed yet
  store_.reset();
  ASSERT_EQ(SqliteBackend::ExecSql(dir_,
                                   "DROP TABLE cases_fts;"
                                   "CREATE VIRTUAL TABLE cases_fts USING fts5(title, description, "
                                   "content='cases', content_rowid='id', "
                                   "tokenize='unicode61 remove_diacritics 2');"
                                   "INSERT INTO cases_fts (rowid, title, description) "
                                   "SELECT id, title, description FROM cases WHERE id = 1;"
                                   "UPDATE search_progress SET indexed_upto = 1;"
                                   "DELETE FROM schema_migrations WHERE version = 34;"),
            "");

  store_ = SqliteBackend::Open(dir_);        // migrates
  EXPECT_EQ(Found("lubang"), 1u);            // through the index: only later cases are not in it
  ASSERT_TRUE(sqlite().IndexPendingText());  // the second case, once (a rowid twice fails)
  EXPECT_EQ(Found("rusak"), 1u);
  EXPECT_EQ(Found("jalan"), 1u);
  EXPECT_EQ(Found("lampu taman"), 1u);
}

}  // namespace
}  // namespace sigap::store
