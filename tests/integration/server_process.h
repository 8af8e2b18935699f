#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace sigap::integration {

// Returns the path of the `sigap` executable: $SIGAP_BINARY (set by
// tests/CMakeLists.txt), or "" when unset.
std::string SigapBinary();

// True when the servers of this test run on PostgreSQL rather than SQLite:
// $SIGAP_TEST_BACKEND is "postgres" (set by sigap_postgres_variant in
// tests/CMakeLists.txt, with the test cluster's URL in $SIGAP_TEST_PG_FILE).
bool TestOnPostgres();

// The URL of the ctest PostgreSQL cluster ($SIGAP_TEST_PG, else the first
// line of $SIGAP_TEST_PG_FILE), "" when neither is set.
std::string TestPostgresUrl();

// What a finished `sigap` command produced. `exit_code` is the process's exit
// status, 128 + N when it died of signal N, and -1 when it could not be
// started or had to be killed after the timeout (then `err` says why).
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `sigap args...` to completion, writing `stdin_text` to its standard
// input, and returns its exit code and outputs. The child is killed after
// `timeout`. Thread-compatible: safe to call from several threads.
RunResult RunSigap(const std::vector<std::string>& args, const std::string& stdin_text = "",
                   std::chrono::seconds timeout = std::chrono::seconds(300));

struct ServerProcessOptions {
  bool load_demo = false;  // run `sigap demo` after `sigap migrate`
  // Extra environment for `sigap serve` (e.g. {"SIGAP_HTTP_HEADER_TIMEOUT", "2"}).
  std::vector<std::pair<std::string, std::string>> env = {};
  std::vector<std::string> extra_args = {};  // appended to `sigap serve ...`
  // The `--db` of another ServerProcess, already prepared: this one is a
  // second node on the same database (PostgreSQL), without Prepare().
  std::string db = {};
  // How long `sigap serve` may take to print its "listening on" line
  // (generous: CI runs under ASan on 2 cores).
  std::chrono::seconds start_timeout{60};
};

// A `sigap serve` child process on 127.0.0.1 with a database of its own in a
// fresh temporary directory, or, when TestOnPostgres(), in a schema of its own
// on the test cluster (the demo is copied there with `sigap copy`).
//
// Prepare() creates the database (`sigap migrate`, and `sigap demo` when
// asked); Start() runs `sigap serve --listen 127.0.0.1:0` and reads the
// "Sigap listening on http://127.0.0.1:PORT" line to learn the port. The
// server's stdout and stderr go to files in the directory (one pair per
// start), so a busy access log never blocks it.
//
// The child dies with SIGKILL when this object is destroyed, and also if the
// thread that started it exits first (PR_SET_PDEATHSIG), so a failing or
// crashing test leaves no orphan server. Start, Restart and the destructor
// should therefore run on the test's main thread. The temporary directory
// ($TMPDIR/sigap-it-<pid>-XXXXXX) is removed on destruction unless
// SIGAP_KEEP_TEST_DIRS is set; those of test processes that died without
// destructing are removed by the next ServerProcess.
//
// Not thread-safe: one thread drives it; other threads may only read port().
class ServerProcess {
 public:
  explicit ServerProcess(ServerProcessOptions options = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Creates the database. Fails (with the command's output) when a command
  // does not exit 0. The demo's stdout is kept in demo_output(). With
  // load_demo, the database is a copy of one built once per `sigap` binary
  // (kept in test-cache/ beside it), since loading the demo takes seconds
  // under ASan and every test process needs it.
  ::testing::AssertionResult Prepare();

  // Starts the server and waits for its "listening on" line. Fails when the
  // server is already running, exits early or is silent for start_timeout.
  ::testing::AssertionResult Start();

  // Sends `signal` and reaps the child (blocks until it is gone). No-op when
  // not running.
  void Kill(int signal = 9);

  // SIGTERM, then waits up to `timeout` for a clean exit; SIGKILL after
  // that. Fails when the server had to be killed or exited non-zero.
  ::testing::AssertionResult Terminate(std::chrono::seconds timeout = std::chrono::seconds(30));

  // Terminate() when running, then Start().
  ::testing::AssertionResult Restart();

  // True while the child has not exited (reaps it when it has).
  bool Running();

  // How the last child ended: exit status, or 128 + signal. -1 if unknown.
  int last_exit_code() const { return last_exit_code_; }

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& dir() const { return dir_; }
  // The SQLite file (on PostgreSQL: the demo's source file, not the server's).
  const std::filesystem::path& db_path() const { return db_path_; }
  // What `--db` names for the server: the SQLite file or the PostgreSQL URL.
  const std::string& db() const { return db_; }
  const std::string& demo_output() const { return demo_output_; }

  // On PostgreSQL: runs `sql` (one or more statements) in the server's
  // schema; the rows of the last one go to `rows`, each column as text (""
  // for NULL). Returns "" or the error.
  std::string RunPostgresSql(const std::string& sql,
                             std::vector<std::vector<std::string>>* rows = nullptr) const;

  // Adds a variable to the environment of the next Start().
  void AddEnv(std::string name, std::string value) {
    options_.env.emplace_back(std::move(name), std::move(value));
  }

  // The last `max_bytes` of the current (or last) run's stdout and stderr,
  // for failure messages.
  std::string LogTail(size_t max_bytes = 4000) const;

 private:
  // Waits for the child to exit, up to `timeout` (forever when negative).
  // Returns true when it was reaped.
  bool Reap(std::chrono::milliseconds timeout);

  ServerProcessOptions options_;
  std::filesystem::path dir_;
  std::filesystem::path db_path_;
  std::string db_;
  std::string pg_schema_;  // on PostgreSQL: the server's schema, dropped on destruction
  std::string demo_output_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  int starts_ = 0;
  int last_exit_code_ = -1;
  std::filesystem::path stdout_path_;
  std::filesystem::path stderr_path_;
};

}  // namespace sigap::integration
