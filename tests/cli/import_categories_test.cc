// `sigap import categories` (issue 8): the SP4N-LAPOR! taxonomy file into a
// Pemda's store, names normalised, safe to run again, and a malformed file
// named in the error with nothing written.
#include "cli/import_categories.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/demo_data.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;

class ImportCategoriesCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sigap-categories-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    db_ = (dir_ / "sigap.db").string();
    auto store = store::sqlite::SqliteStore::Open(db_);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    ASSERT_TRUE((*store)->Migrate().has_value());
    auto pemda = (*store)->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(pemda.has_value());
    pemda_ = *pemda;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  int Run(const std::string& file) {
    out_.str("");
    err_.str("");
    CategoryImportFlags flags;
    flags.file = file;
    flags.db = db_;
    flags.pemda = "33.74";
    return ImportCategories(flags, out_, err_);
  }

  std::vector<domain::Category> Stored() {
    auto store = store::sqlite::SqliteStore::Open(db_);
    EXPECT_TRUE(store.has_value());
    auto all = (*store)->ListCategories(pemda_);
    EXPECT_TRUE(all.has_value());
    return all.value_or(std::vector<domain::Category>{});
  }

  fs::path dir_;
  std::string db_;
  domain::PemdaId pemda_ = 0;
  std::ostringstream out_, err_;
};

TEST_F(ImportCategoriesCli, ImportsTheTreeWithNormalisedNamesAndDerivedCodes) {
  const std::string file = Write("taxonomy.json", R"json({"meta": {"note": "uji"}, "categories": {
    "PEKERJAAN\u00a0UMUM": ["DRAINASE (GORONG-GORONG/PARIT)", "TAMAN", "TAMAN"],
    "SOSIAL": []}})json");

  const int code = Run(file);

  ASSERT_EQ(code, 0) << err_.str();
  EXPECT_EQ(out_.str(), "Imported 4 categories (4 new, 0 updated) into 33.74\n");
  EXPECT_EQ(Stored(), (std::vector<domain::Category>{
                          {"PEKERJAAN-UMUM", "PEKERJAAN UMUM", "", true},
                          {"PEKERJAAN-UMUM.DRAINASE-GORONG-GORONG-PARIT",
                           "DRAINASE (GORONG-GORONG/PARIT)", "PEKERJAAN-UMUM", true},
                          {"PEKERJAAN-UMUM.TAMAN", "TAMAN", "PEKERJAAN-UMUM", true},
                          {"SOSIAL", "SOSIAL", "", true}}));
}

TEST_F(ImportCategoriesCli, RunningAgainUpdatesAndDuplicatesNothing) {
  const std::string file = (DefaultDataDir(nullptr) / "demo" / "lapor_categories.json").string();

  ASSERT_EQ(Run(file), 0) << err_.str();
  EXPECT_EQ(out_.str(), "Imported 958 categories (958 new, 0 updated) into 33.74\n");
  ASSERT_EQ(Run(file), 0) << err_.str();

  EXPECT_EQ(out_.str(), "Imported 958 categories (0 new, 958 updated) into 33.74\n");
  EXPECT_EQ(Stored().size(), 958U);
}

TEST_F(ImportCategoriesCli, AMalformedFileIsNamedAndNothingIsWritten) {
  const std::string broken = Write("broken.json", R"({"categories": {"A": [)");
  const std::string wrong = Write("wrong.json", R"({"categories": {"AGAMA": "HAJI"}})");

  EXPECT_EQ(Run(broken), 1);
  EXPECT_NE(err_.str().find(broken + ": not valid JSON"), std::string::npos) << err_.str();
  EXPECT_EQ(Run(wrong), 1);
  EXPECT_NE(err_.str().find(wrong + ": categories[\"AGAMA\"]: expected a list of names"),
            std::string::npos)
      << err_.str();
  EXPECT_EQ(Run((dir_ / "missing.json").string()), 2);
  EXPECT_TRUE(Stored().empty());
}

}  // namespace
}  // namespace sigap::cli
