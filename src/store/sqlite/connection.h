#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/result.h"

namespace sigap::store::sqlite {

// A prepared statement, reset and cleared on each Bind... cycle. Owned by
// its Connection's cache. Not thread-safe (like its connection).
//
// Binding after a Step starts a new execution (the statement is reset, the
// other bindings kept), so a loop may bind and run one statement per row:
// SQLite itself refuses a binding once the statement has been stepped, and
// the next Step would silently repeat the previous row's values.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding uses 1-based positions, like SQLite.
  Statement& Bind(int pos, int64_t value);
  Statement& Bind(int pos, int value) { return Bind(pos, static_cast<int64_t>(value)); }
  Statement& Bind(int pos, double value);
  Statement& Bind(int pos, std::string_view text);  // the text must outlive Step()
  Statement& Bind(int pos, const char* text) { return Bind(pos, std::string_view(text)); }
  Statement& BindBlob(int pos, std::string_view bytes);
  Statement& BindNull(int pos);
  Statement& Bind(int pos, const std::optional<double>& value);
  // Binds NULL for an empty string.
  Statement& BindOrNull(int pos, std::string_view text);

  // Advances: true when a row is available, false when done. Errors are
  // returned as kUnavailable (busy, I/O) or kConflict (constraint).
  [[nodiscard]] Result<bool> Step();
  // Steps to completion, for statements without rows.
  [[nodiscard]] Status Run();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;
  // The same without a copy, valid until the next Step or Reset.
  std::string_view View(int col) const;
  // A BLOB column's bytes (Text reads them as they are; the name says what
  // the shared row templates expect, as PostgreSQL's Statement::Blob).
  std::string Blob(int col) const { return Text(col); }
  std::optional<double> OptionalReal(int col) const;

  // Clears bindings and resets; called automatically by the connection.
  void Reset();

 private:
  // Resets (keeping the bindings) when the statement has been stepped.
  void Rewind() {
    if (stepped_) {
      sqlite3_reset(stmt_);
      stepped_ = false;
    }
  }

  sqlite3_stmt* stmt_;
  bool stepped_ = false;
};

// One SQLite connection with a cache of prepared statements. Not
// thread-safe: used by one thread at a time (the writer, or a reader
// borrowed from the pool).
class Connection {
 public:
  // kCaseReader reads single cases by id (SqliteStore's case pool): a
  // reader with a larger page cache.
  enum class Mode { kWriter, kReader, kCaseReader };

  // Opens (creating when `mode` is kWriter) the database file and applies
  // the pragmas for its mode. kUnavailable when it cannot be opened.
  [[nodiscard]] static Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without results.
  [[nodiscard]] Status Exec(std::string_view sql);

  // Returns the cached statement for `sql`, reset and ready for binding.
  // `sql` must be a string literal or otherwise outlive the connection.
  [[nodiscard]] Result<Statement*> Prepare(const char* sql);

  // Prepares a statement that is not cached (dynamic SQL).
  [[nodiscard]] Result<std::unique_ptr<Statement>> PrepareTransient(const std::string& sql);

  // Resets every cached statement, ending any read they keep open.
  void ResetAll();

  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
};

// Maps an SQLite result code to an Error.
Error SqliteError(sqlite3* db, int rc, std::string_view context);

}  // namespace sigap::store::sqlite
