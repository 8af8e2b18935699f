#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace sigap::store {

// A fresh temporary directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sigap-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// One backend of the contract suite: opens a migrated store in `dir`.
struct SqliteBackend {
  static std::unique_ptr<Store> Open(const TempDir& dir, CommitObserver* observer = nullptr) {
    sqlite::SqliteOptions options;
    options.observer = observer;
    auto store = sqlite::SqliteStore::Open((dir.path() / "sigap.db").string(), options);
    EXPECT_TRUE(store.has_value()) << store.error().message;
    auto migrated = (*store)->Migrate();
    EXPECT_TRUE(migrated.has_value()) << migrated.error().message;
    return std::move(*store);
  }

  // Runs SQL on the database beside the store (tests that arrange rows the
  // contract does not write, or look at rows it does not read). Returns ""
  // or the error; with `first_int`, the first column of the first row.
  static std::string ExecSql(const TempDir& dir, const std::string& sql,
                             int64_t* first_int = nullptr) {
    sqlite3* db = nullptr;
    if (sqlite3_open((dir.path() / "sigap.db").c_str(), &db) != SQLITE_OK) return "open failed";
    sqlite3_busy_timeout(db, 5000);
    std::string error;
    char* message = nullptr;
    auto row = [](void* out, int n, char** values, char**) {
      auto* into = static_cast<int64_t*>(out);
      if (into && n > 0 && values[0]) *into = std::strtoll(values[0], nullptr, 10);
      return 0;
    };
    if (sqlite3_exec(db, sql.c_str(), row, first_int, &message) != SQLITE_OK) {
      error = message ? message : "error";
    }
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
  }

  // SQLite's plan of `sql` on the database beside the store: its steps'
  // details joined by ";" (tests that a query reads a range of an index
  // and sorts nothing).
  static std::string QueryPlan(const TempDir& dir, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open((dir.path() / "sigap.db").c_str(), &db) != SQLITE_OK) return "open failed";
    std::string plan;
    sqlite3_exec(
        db, ("EXPLAIN QUERY PLAN " + sql).c_str(),
        [](void* out, int n, char** values, char**) {
          if (n > 3 && values[3]) *static_cast<std::string*>(out) += std::string(values[3]) + ";";
          return 0;
        },
        &plan, nullptr);
    sqlite3_close(db);
    return plan;
  }
};

// The URL of the test cluster: $SIGAP_TEST_PG, else the first line of the
// file named by $SIGAP_TEST_PG_FILE (written by tests/support/pg_cluster.sh,
// which ctest runs first). "" when neither says: the tests then fail, they
// never skip.
inline std::string TestPostgresUrl() {
  if (const char* url = std::getenv("SIGAP_TEST_PG"); url && *url) return url;
  const char* file = std::getenv("SIGAP_TEST_PG_FILE");
  if (!file || !*file) return "";
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

// `url` with its search_path set to `schema`.
inline std::string WithSchema(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

// The PostgreSQL backend: one schema of the test cluster per TempDir (its
// name from the directory's), created afresh the first time and kept when
// the same directory is opened again.
struct PostgresBackend {
  static std::unique_ptr<Store> Open(const TempDir& dir, CommitObserver* observer = nullptr) {
    const std::string url = TestPostgresUrl();
    EXPECT_FALSE(url.empty()) << "no PostgreSQL test cluster: set SIGAP_TEST_PG (a URL) or run "
                                 "through ctest, which starts tests/support/pg_cluster.sh";
    if (url.empty()) return nullptr;
    std::string schema = "t_";
    for (char c : dir.path().filename().string()) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        schema += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    const auto marker = dir.path() / "postgres-schema";
    if (!std::filesystem::exists(marker)) {
      auto admin = postgres::Connection::Open(url);
      EXPECT_TRUE(admin.has_value()) << admin.error().message;
      if (!admin) return nullptr;
      auto created =
          (*admin)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
      EXPECT_TRUE(created.has_value()) << created.error().message;
      std::ofstream(marker) << schema << "\n";
    }
    postgres::PostgresOptions options;
    options.observer = observer;
    options.max_readers = 4;
    auto store = postgres::PostgresStore::Open(WithSchema(url, schema), options);
    EXPECT_TRUE(store.has_value()) << store.error().message;
    if (!store) return nullptr;
    auto migrated = (*store)->Migrate();
    EXPECT_TRUE(migrated.has_value()) << migrated.error().message;
    return std::move(*store);
  }

  // The schema of the store opened in `dir`.
  static std::string Schema(const TempDir& dir) {
    std::ifstream in(dir.path() / "postgres-schema");
    std::string schema;
    std::getline(in, schema);
    return schema;
  }

  // As SqliteBackend::ExecSql, on the store's schema.
  static std::string ExecSql(const TempDir& dir, const std::string& sql,
                             int64_t* first_int = nullptr) {
    auto conn = postgres::Connection::Open(WithSchema(TestPostgresUrl(), Schema(dir)));
    if (!conn) return conn.error().message;
    auto stmt = (*conn)->PrepareTransient(sql);
    if (!stmt) return stmt.error().message;
    auto row = (*stmt)->Step();
    if (!row) return row.error().message;
    if (*row && first_int) *first_int = (*stmt)->Int(0);
    return "";
  }
};

// Every backend, for TYPED_TEST_SUITE.
using StoreBackends = testing::Types<SqliteBackend, PostgresBackend>;

}  // namespace sigap::store
