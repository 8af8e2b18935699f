#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

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
// PostgreSQL adds its own when that backend exists.
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
};

}  // namespace sigap::store
