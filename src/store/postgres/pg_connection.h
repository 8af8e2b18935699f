#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/result.h"

namespace sigap::store::postgres {

class Connection;

// A prepared statement and the result of its last execution, read row by
// row like an SQLite statement (Bind..., Step, Int/Text/...). Placeholders
// are written `?` (numbered in order) or `?N`, and become `$N`. Parameters
// travel as text, so PostgreSQL infers their types from the SQL: write a
// cast where it cannot (a bare `SELECT ?`). Owned by its Connection's cache
// (or by the caller for transient ones). Not thread-safe.
class Statement {
 public:
  Statement(Connection& conn, std::string name, std::string sql, std::vector<int> slots);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding uses 1-based positions, like SQLite.
  Statement& Bind(int pos, int64_t value);
  Statement& Bind(int pos, int value) { return Bind(pos, static_cast<int64_t>(value)); }
  Statement& Bind(int pos, double value);
  Statement& Bind(int pos, std::string_view text);
  Statement& Bind(int pos, const char* text) { return Bind(pos, std::string_view(text)); }
  Statement& Bind(int pos, const std::string& text) { return Bind(pos, std::string_view(text)); }
  Statement& BindBlob(int pos, std::string_view bytes);  // into a bytea
  Statement& BindNull(int pos);
  Statement& Bind(int pos, const std::optional<double>& value);
  // Binds NULL for an empty string.
  Statement& BindOrNull(int pos, std::string_view text);

  // The first call executes the statement; each call then advances to the
  // next row: true when a row is available, false when done. Errors:
  // kConflict (a constraint), kUnavailable (the connection, a timeout, a
  // serialisation failure), kInternal (anything else).
  [[nodiscard]] Result<bool> Step();
  // Sends the execution with the bound parameters and returns without
  // waiting for it: the server works on it while the caller reads the rows
  // of the result before, and the first Step after that result's Reset
  // collects it; Step takes its rows off the socket meanwhile. At most one
  // execution of the connection in flight, and no other statement of it
  // runs until that Step.
  [[nodiscard]] Status Send();
  // Whether an execution was sent and is not collected yet.
  bool Sent() const { return sent_; }
  // Executes, for statements without rows.
  [[nodiscard]] Status Run();

  int64_t Int(int col) const;
  double Real(int col) const;
  bool IsNull(int col) const;
  std::string Text(int col) const;
  // The same without a copy, valid until the next Step or Reset.
  std::string_view View(int col) const;
  std::string Blob(int col) const;  // a bytea column
  std::optional<double> OptionalReal(int col) const;
  // The rows of the result the last Step read from, and an integer column
  // of any of them (looking ahead of the current row).
  int Rows() const;
  int64_t IntAt(int row, int col) const;
  // The next Step reads the result's first row again.
  void Rewind() { row_ = -1; }
  // Rows written by the last execution (INSERT, UPDATE, DELETE).
  int64_t Changes() const { return changes_; }

  // Forgets the result and the bindings.
  void Reset();

 private:
  Connection& conn_;
  const std::string name_;  // "" for a transient statement (unnamed)
  const std::string sql_;
  const std::vector<int> slots_;  // $k+1 is bound position slots_[k]
  std::vector<std::optional<std::string>> params_;
  std::vector<const char*> Values() const;

  PGresult* result_ = nullptr;
  bool sent_ = false;
  int row_ = -1;
  int64_t changes_ = 0;
};

// One libpq connection with a cache of prepared statements. Not
// thread-safe: used by one thread at a time (the writer, or a connection
// borrowed from the pool).
class Connection {
 public:
  // Connects to `url` (postgresql://… or a conninfo string), giving up after
  // `connect_timeout_s`; sets `statement_timeout_ms` when not 0.
  // kUnavailable when the server cannot be reached.
  [[nodiscard]] static Result<std::unique_ptr<Connection>> Open(const std::string& url,
                                                                int connect_timeout_s = 5,
                                                                int statement_timeout_ms = 0);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters or results.
  [[nodiscard]] Status Exec(std::string_view sql);

  // Returns the cached statement for `sql`, reset and ready for binding.
  // `sql` must be a string literal or otherwise outlive the connection.
  [[nodiscard]] Result<Statement*> Prepare(const char* sql);
  // A statement that is not cached (dynamic SQL).
  [[nodiscard]] Result<std::unique_ptr<Statement>> PrepareTransient(const std::string& sql);

  // Whether the connection to the server was lost, or a query on it went
  // unanswered past the response timeout (it is then only fit to close).
  bool Broken() const { return timed_out_ || PQstatus(conn_) != CONNECTION_OK; }
  // Whether it is broken because a query went unanswered (a retry on a new
  // connection would wait as long again).
  bool TimedOut() const { return timed_out_; }

  // How long a query may wait for the server's answer before it fails with
  // kUnavailable and the connection counts as Broken (0: as long as it
  // takes). The server's statement_timeout ends slow queries; this ends
  // the wait on a server that no longer answers at all (frozen, or cut off
  // without the connection closing), which statement_timeout cannot.
  void SetResponseTimeout(std::chrono::milliseconds timeout) { response_timeout_ = timeout; }
  std::chrono::milliseconds response_timeout() const { return response_timeout_; }
  // The server process of this connection (for pg_terminate_backend).
  int BackendPid() const { return PQbackendPID(conn_); }
  PGconn* handle() { return conn_; }

  // Maps a failed result (or a connection failure when `result` is null) to
  // an Error naming `context`.
  Error ErrorOf(const PGresult* result, std::string_view context) const;

  // The results of what was just sent (`sent`: the PQsend* call's return),
  // as PQexec returns them: the first error, else the last result. Waits at
  // most the response timeout for each.
  [[nodiscard]] Result<PGresult*> Await(bool sent, std::string_view context);

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  // Waits until a result can be read without blocking, up to `deadline`.
  [[nodiscard]] Status WaitForAnswer(std::chrono::steady_clock::time_point deadline);

  PGconn* conn_;
  std::chrono::milliseconds response_timeout_{0};
  bool timed_out_ = false;
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
  int next_name_ = 0;
};

// `sql` with `?` and `?N` placeholders turned into `$1`, `$2`, … in order
// of first use; `slots[k]` is the position (as bound) of `$k+1`, so that a
// statement may leave some bound positions unused. Quoted text is left alone.
std::string NumberPlaceholders(std::string_view sql, std::vector<int>& slots);

// `message` with every password written in `url` (postgresql://user:PASSWORD@…,
// ?password=…, or password=… in a conninfo string) replaced by "***": libpq
// quotes a URL it cannot parse, password and all.
std::string WithoutPasswords(std::string message, std::string_view url);

// Where `url` writes its passwords: [begin, end) offsets, in order.
std::vector<std::pair<size_t, size_t>> PasswordSpans(std::string_view url);

}  // namespace sigap::store::postgres
