#include "store/sqlite/connection.h"

#include <string>

#include "store/sqlite/indonesian_tokenizer.h"

namespace sigap::store::sqlite {

Error SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Error{ErrorCode::kConflict, message};
    case SQLITE_NOTFOUND:
      return Error{ErrorCode::kNotFound, message};
    case SQLITE_CORRUPT:
    case SQLITE_MISUSE:
    case SQLITE_ERROR:
      return Error{ErrorCode::kInternal, message};
    default:  // BUSY, LOCKED, IOERR, FULL, CANTOPEN, NOMEM, ...
      return Error{ErrorCode::kUnavailable, message};
  }
}

Statement& Statement::Bind(int pos, int64_t value) {
  Rewind();
  sqlite3_bind_int64(stmt_, pos, value);
  return *this;
}

Statement& Statement::Bind(int pos, double value) {
  Rewind();
  sqlite3_bind_double(stmt_, pos, value);
  return *this;
}

Statement& Statement::Bind(int pos, std::string_view text) {
  Rewind();
  sqlite3_bind_text(stmt_, pos, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::BindBlob(int pos, std::string_view bytes) {
  Rewind();
  sqlite3_bind_blob(stmt_, pos, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::BindNull(int pos) {
  Rewind();
  sqlite3_bind_null(stmt_, pos);
  return *this;
}

Statement& Statement::Bind(int pos, const std::optional<double>& value) {
  return value ? Bind(pos, *value) : BindNull(pos);
}

Statement& Statement::BindOrNull(int pos, std::string_view text) {
  return text.empty() ? BindNull(pos) : Bind(pos, text);
}

Result<bool> Statement::Step() {
  stepped_ = true;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(SqliteError(sqlite3_db_handle(stmt_), rc, "step"));
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return Fail(row.error());
    if (!*row) return {};
  }
}

std::string Statement::Text(int col) const { return std::string(View(col)); }

// Read as a blob: a TEXT value's bytes as they are in the row (Sigap's
// databases are UTF-8, SQLite's default, so they are the text), where
// sqlite3_column_text first copies the value to add its terminating NUL;
// that copy was the reading thread's largest cost in a rebuild after the
// VDBE (bench/RESULTS.md, issue 9). Numbers come as their text either way.
std::string_view Statement::View(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::optional<double> Statement::OptionalReal(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Real(col);
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  stepped_ = false;
  sqlite3_clear_bindings(stmt_);
}

namespace {

// SQLite counts every allocation it makes under one process-wide mutex
// unless memory statistics are off (Debian builds it with them on). Sigap
// never reads them, and with two event loops reading cases at once that
// mutex was contended on every page-cache miss (a futex call per request in
// the read benchmark). Must precede SQLite's initialisation; if something
// initialised it first the call fails and the statistics stay on.
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    const bool memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    return RegisterIndonesianTokenizer() && memstatus_off;
  }();
  (void)configured;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_NOMUTEX |
      (mode == Mode::kWriter ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db, rc, "open " + path);
    sqlite3_close(db);
    return Fail(std::move(error));
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  // WAL lets readers work while the writer commits; the writer's commits
  // are fsynced (synchronous=FULL) before a case is acknowledged.
  // A case read (a row of cases, its events through case_events_case)
  // misses on the leaves it wants, which are spread over the whole file;
  // with 1,000,000 cases the interior pages of the three b-trees and the
  // index's leaves are about 23 MB, which an 8 MB cache kept losing to
  // those leaves (3.96 pread per read; 2.67 with 32 MB). Only the case
  // readers get the larger cache: with every reader at 48 MB, the readers
  // that scan (the alert replay, listings) took the server's VmHWM to
  // 307 MB.
  std::string pragmas;
  if (mode == Mode::kWriter) {
    pragmas =
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=FULL;"
        "PRAGMA busy_timeout=10000;"
        "PRAGMA cache_size=-32000;"
        "PRAGMA temp_store=MEMORY;"
        "PRAGMA foreign_keys=ON;";
  } else {
    pragmas = mode == Mode::kCaseReader ? "PRAGMA cache_size=-32000;" : "PRAGMA cache_size=-8000;";
    pragmas +=
        "PRAGMA busy_timeout=10000;"
        "PRAGMA temp_store=MEMORY;"
        "PRAGMA query_only=ON;";
  }
  if (auto s = conn->Exec(pragmas); !s) {
    // The first statement is where a file that cannot be used says so: name
    // it, and what to do.
    Error error = s.error();
    const int code = sqlite3_errcode(db) & 0xff;
    error.message = path + ": " + error.message;
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN) {
      error.message +=
          " (this process may not write the file or its directory, where SQLite keeps " + path +
          "-wal and " + path + "-shm beside it)";
    } else if (code == SQLITE_NOTADB) {
      error.message += " (not an SQLite database)";
    }
    return Fail(std::move(error));
  }
  return conn;
}

Connection::~Connection() {
  statements_.clear();
  sqlite3_close(db_);
}

Status Connection::Exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  Error error = SqliteError(db_, rc, "exec");
  sqlite3_free(message);
  return Fail(std::move(error));
}

Result<std::unique_ptr<Statement>> Connection::PrepareTransient(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "prepare " + sql));
  return std::make_unique<Statement>(stmt);
}

void Connection::ResetAll() {
  for (auto& [sql, stmt] : statements_) stmt->Reset();
}

Result<Statement*> Connection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, std::string("prepare ") + sql));
  auto* raw = new Statement(stmt);
  statements_.emplace(sql, std::unique_ptr<Statement>(raw));
  return raw;
}

}  // namespace sigap::store::sqlite
