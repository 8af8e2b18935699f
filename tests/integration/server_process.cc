#include "integration/server_process.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>
#include <tuple>

extern char** environ;

namespace sigap::integration {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kListeningLine = "listening on http://";

// argv/envp arrays built before fork(), so the child only makes
// async-signal-safe calls (the test process has other threads).
class CStrings {
 public:
  explicit CStrings(std::vector<std::string> strings) : strings_(std::move(strings)) {
    for (auto& s : strings_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
  }
  char* const* data() const { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;
};

// The current environment with `extra` added or replaced.
std::vector<std::string> Environment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [name, value] : extra) {
      if (entry.size() > name.size() && entry.substr(0, name.size()) == name &&
          entry[name.size()] == '=') {
        replaced = true;
      }
    }
    if (!replaced) env.emplace_back(entry);
  }
  for (const auto& [name, value] : extra) env.push_back(name + "=" + value);
  return env;
}

int ExitCode(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// fork + execve with the given standard streams. The child gets SIGKILL
// when the forking thread dies, default signal dispositions and mask, and no
// other inherited descriptors (client sockets of the test must not leak into
// the server). Returns -1 when fork fails; an exec failure exits 127.
pid_t Spawn(const std::vector<std::string>& argv,
            const std::vector<std::pair<std::string, std::string>>& extra_env, int in_fd,
            int out_fd, int err_fd) {
  const CStrings args(argv);
  const CStrings env(Environment(extra_env));
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;

  // Child: async-signal-safe calls only.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);
  if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(127);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (const int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  close_range(3, ~0U, 0);
  execve(args.data()[0], args.data(), env.data());
  _exit(127);
}

// Writing to a pipe whose reader died must not kill the test.
void IgnoreSigpipe() {
  static const bool once = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)once;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string Tail(const std::string& s, size_t max_bytes) {
  return s.size() <= max_bytes ? s : "..." + s.substr(s.size() - max_bytes);
}

// Parses the port out of "Sigap listening on http://127.0.0.1:PORT"; 0 if
// the line is not (completely) there yet.
uint16_t ListeningPort(const std::string& output) {
  const auto at = output.find(kListeningLine);
  if (at == std::string::npos) return 0;
  const auto eol = output.find('\n', at);
  if (eol == std::string::npos) return 0;
  const std::string line = output.substr(at, eol - at);
  auto colon = line.rfind(':');
  if (colon == std::string::npos) return 0;
  unsigned long port = 0;
  for (size_t i = colon + 1; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
    port = port * 10 + static_cast<unsigned long>(line[i] - '0');
    if (port > 65535) return 0;
  }
  return static_cast<uint16_t>(port);
}

std::string Describe(const std::vector<std::string>& args) {
  std::string s = "sigap";
  for (const auto& a : args) s += " " + a;
  return s;
}

// Holds an exclusive flock on a file while alive.
class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path)
      : fd_(open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
    if (fd_ >= 0) {
      while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
      }
    }
  }
  ~FileLock() {
    if (fd_ >= 0) close(fd_);  // releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool locked() const { return fd_ >= 0; }

 private:
  int fd_;
};

void CopyDatabase(const std::filesystem::path& from, const std::filesystem::path& to) {
  namespace fs = std::filesystem;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  const fs::path wal = from.string() + "-wal";
  if (fs::exists(wal)) {
    fs::copy_file(wal, to.string() + "-wal", fs::copy_options::overwrite_existing);
  }
}

// Creates `db` with `sigap migrate` and `sigap demo`; the demo's stdout goes
// to `demo_output`.
::testing::AssertionResult CreateDemoDatabase(const std::filesystem::path& db,
                                              std::string* demo_output);

// Loading the demo takes seconds under ASan and every test process needs
// it, so it is done once per `sigap` binary and data/ directory: the
// database is kept next to the binary (test-cache/demo-<key>.db) and copied. A file lock
// makes concurrent test processes wait for the first one to build it.
::testing::AssertionResult CopyDemoDatabase(const std::filesystem::path& db,
                                            std::string* demo_output) {
  namespace fs = std::filesystem;
  struct stat st {};
  const std::string binary = SigapBinary();
  if (stat(binary.c_str(), &st) != 0) {
    return ::testing::AssertionFailure() << "cannot stat " << binary;
  }
  const fs::path dir = fs::path(binary).parent_path() / "test-cache";
  std::error_code error;
  fs::create_directories(dir, error);
  // The demo reads data/ at run time: a newer file there counts as a change.
  auto newest = fs::file_time_type::min();
#ifdef SIGAP_SOURCE_DIR
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(SIGAP_SOURCE_DIR) / "data", error)) {
    newest = std::max(newest, entry.last_write_time(error));
  }
#endif
  const std::string key = std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) +
                          std::to_string(st.st_mtim.tv_nsec) + "-" +
                          std::to_string(static_cast<uint64_t>(newest.time_since_epoch().count()));
  error.clear();
  const fs::path cached = dir / ("demo-" + key + ".db");
  const fs::path cached_output = dir / ("demo-" + key + ".out");
  FileLock lock(dir / "demo.lock");
  if (!error && lock.locked() && !fs::exists(cached)) {
    // Older binaries' databases are of no use any more.
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      if (entry.path().filename().string().starts_with("demo-")) fs::remove(entry.path(), error);
    }
    const fs::path building = dir / "building.db";
    fs::remove(building, error);
    std::string output;
    auto created = CreateDemoDatabase(building, &output);
    if (!created) return created;
    std::ofstream(cached_output, std::ios::binary) << output;
    fs::rename(building, cached, error);
  }
  if (error || !lock.locked() || !fs::exists(cached)) {
    // No cache (read-only build tree?): build this test's own database.
    return CreateDemoDatabase(db, demo_output);
  }
  CopyDatabase(cached, db);
  *demo_output = ReadFile(cached_output);
  return ::testing::AssertionSuccess();
}

constexpr std::string_view kDirPrefix = "sigap-it-";

// Removes the directories of test processes that died without cleaning up
// (an abort skips destructors): sigap-it-<pid>-XXXXXX with no such pid.
void RemoveStaleDirectories() {
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kDirPrefix)) continue;
    const long pid = std::strtol(name.c_str() + kDirPrefix.size(), nullptr, 10);
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::filesystem::remove_all(entry.path(), error);
    }
  }
}

}  // namespace

bool TestOnPostgres() {
  const char* backend = std::getenv("SIGAP_TEST_BACKEND");
  return backend != nullptr && std::string_view(backend) == "postgres";
}

std::string TestPostgresUrl() {
  if (const char* url = std::getenv("SIGAP_TEST_PG"); url != nullptr && *url != '\0') return url;
  const char* file = std::getenv("SIGAP_TEST_PG_FILE");
  if (file == nullptr || *file == '\0') return "";
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

std::string SigapBinary() {
  const char* path = std::getenv("SIGAP_BINARY");
  return path == nullptr ? "" : path;
}

RunResult RunSigap(const std::vector<std::string>& args, const std::string& stdin_text,
                   std::chrono::seconds timeout) {
  IgnoreSigpipe();
  RunResult result;
  const std::string binary = SigapBinary();
  if (binary.empty()) {
    result.err = "SIGAP_BINARY is not set";
    return result;
  }
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    result.err = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = Spawn(argv, {}, in[0], out[1], err[1]);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    close(in[1]);
    close(out[0]);
    close(err[0]);
    result.err = std::string("fork: ") + std::strerror(errno);
    return result;
  }

  fcntl(in[1], F_SETFL, O_NONBLOCK);
  size_t written = 0;
  int stdin_fd = in[1];
  if (stdin_text.empty()) {
    close(stdin_fd);
    stdin_fd = -1;
  }
  int out_fd = out[0];
  int err_fd = err[0];
  const auto deadline = SteadyClock::now() + timeout;
  bool timed_out = false;
  while (out_fd >= 0 || err_fd >= 0) {
    const auto left =
        std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[3] = {{stdin_fd, POLLOUT, 0}, {out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    if (poll(fds, 3, static_cast<int>(std::min<long long>(left, 1000))) < 0 && errno != EINTR) {
      break;
    }
    if (stdin_fd >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = write(stdin_fd, stdin_text.data() + written, stdin_text.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 && errno != EAGAIN && errno != EINTR) written = stdin_text.size();
      if (written == stdin_text.size()) {
        close(stdin_fd);
        stdin_fd = -1;
      }
    }
    for (auto [fd, sink, index] :
         {std::tuple{&out_fd, &result.out, 1}, std::tuple{&err_fd, &result.err, 2}}) {
      if (*fd < 0 || (fds[index].revents & (POLLIN | POLLERR | POLLHUP)) == 0) continue;
      char buf[65536];
      const ssize_t n = read(*fd, buf, sizeof buf);
      if (n > 0) {
        sink->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        close(*fd);
        *fd = -1;
      }
    }
  }
  for (int fd : {stdin_fd, out_fd, err_fd}) {
    if (fd >= 0) close(fd);
  }
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = timed_out ? -1 : ExitCode(status);
  if (timed_out) {
    result.err +=
        "\n[killed after " + std::to_string(timeout.count()) + " s: " + Describe(args) + "]";
  }
  return result;
}

ServerProcess::ServerProcess(ServerProcessOptions options) : options_(std::move(options)) {
  IgnoreSigpipe();
  RemoveStaleDirectories();
  std::string pattern = (std::filesystem::temp_directory_path() /
                         (std::string(kDirPrefix) + std::to_string(getpid()) + "-XXXXXX"))
                            .string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << pattern << ": " << std::strerror(errno);
    return;
  }
  dir_ = pattern;
  db_path_ = dir_ / "sigap.db";
  db_ = db_path_.string();
  if (!options_.db.empty()) {
    db_ = options_.db;
  } else if (TestOnPostgres()) {
    pg_schema_ = "it_";
    for (const char c : dir_.filename().string()) {
      if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
        pg_schema_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    const std::string url = TestPostgresUrl();
    db_ = url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
          pg_schema_;
  }
}

ServerProcess::~ServerProcess() {
  Kill(SIGKILL);
  if (!pg_schema_.empty()) (void)RunPostgresSql("DROP SCHEMA IF EXISTS " + pg_schema_ + " CASCADE");
  if (!dir_.empty() && std::getenv("SIGAP_KEEP_TEST_DIRS") == nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

namespace {

::testing::AssertionResult CreateDemoDatabase(const std::filesystem::path& db,
                                              std::string* demo_output) {
  for (const std::string command : {"migrate", "demo"}) {
    std::vector<std::string> args = {command, "--db", db.string()};
    // The tests' servers open their own surveys, on the demo's units and
    // for periods the demo's surveys would take.
    if (command == "demo") args.insert(args.end(), {"--survey-quarters", "0"});
    const RunResult r = RunSigap(args);
    if (r.exit_code != 0) {
      return ::testing::AssertionFailure()
             << Describe(args) << " exited " << r.exit_code << "\nstdout: " << Tail(r.out, 2000)
             << "\nstderr: " << Tail(r.err, 2000);
    }
    if (command == "demo") *demo_output = r.out;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace

::testing::AssertionResult ServerProcess::Prepare() {
  if (dir_.empty()) return ::testing::AssertionFailure() << "no temporary directory";
  if (!pg_schema_.empty()) {
    if (TestPostgresUrl().empty()) {
      return ::testing::AssertionFailure()
             << "no PostgreSQL test cluster: set SIGAP_TEST_PG or SIGAP_TEST_PG_FILE";
    }
    const std::string created = RunPostgresSql("DROP SCHEMA IF EXISTS " + pg_schema_ +
                                               " CASCADE; CREATE SCHEMA " + pg_schema_);
    if (!created.empty()) return ::testing::AssertionFailure() << "create schema: " << created;
  }
  if (options_.load_demo) {
    auto copied = CopyDemoDatabase(db_path_, &demo_output_);
    if (!copied || pg_schema_.empty()) return copied;
    // The same demo on PostgreSQL: what `sigap copy` is for (issue 7).
    const std::vector<std::string> args = {"copy", "--from", "sqlite:" + db_path_.string(), "--to",
                                           db_};
    const RunResult r = RunSigap(args);
    if (r.exit_code != 0) {
      return ::testing::AssertionFailure()
             << Describe(args) << " exited " << r.exit_code << "\nstdout: " << Tail(r.out, 2000)
             << "\nstderr: " << Tail(r.err, 2000);
    }
    return ::testing::AssertionSuccess();
  }
  const std::vector<std::string> args = {"migrate", "--db", db_};
  const RunResult r = RunSigap(args);
  if (r.exit_code != 0) {
    return ::testing::AssertionFailure()
           << Describe(args) << " exited " << r.exit_code << "\nstdout: " << Tail(r.out, 2000)
           << "\nstderr: " << Tail(r.err, 2000);
  }
  return ::testing::AssertionSuccess();
}

std::string ServerProcess::RunPostgresSql(const std::string& sql,
                                          std::vector<std::vector<std::string>>* rows) const {
  PGconn* conn = PQconnectdb(db_.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    } else if (rows != nullptr) {
      rows->clear();
      for (int r = 0; r < PQntuples(result); ++r) {
        auto& row = rows->emplace_back();
        for (int c = 0; c < PQnfields(result); ++c) row.emplace_back(PQgetvalue(result, r, c));
      }
    }
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

::testing::AssertionResult ServerProcess::Start() {
  if (Running()) return ::testing::AssertionFailure() << "the server is already running";
  const std::string binary = SigapBinary();
  if (binary.empty()) return ::testing::AssertionFailure() << "SIGAP_BINARY is not set";

  ++starts_;
  stdout_path_ = dir_ / ("serve-" + std::to_string(starts_) + ".out");
  stderr_path_ = dir_ / ("serve-" + std::to_string(starts_) + ".err");
  const int out = open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out < 0 || err < 0 || null < 0) {
    return ::testing::AssertionFailure() << "cannot open log files in " << dir_;
  }
  std::vector<std::string> argv = {binary, "serve", "--db", db_, "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  pid_ = Spawn(argv, options_.env, null, out, err);
  close(out);
  close(err);
  close(null);
  port_ = 0;
  if (pid_ < 0) return ::testing::AssertionFailure() << "fork: " << std::strerror(errno);

  const auto deadline = SteadyClock::now() + options_.start_timeout;
  while (SteadyClock::now() < deadline) {
    port_ = ListeningPort(ReadFile(stdout_path_));
    if (port_ != 0) return ::testing::AssertionSuccess();
    if (!Running()) {
      return ::testing::AssertionFailure()
             << "sigap serve exited with " << last_exit_code_ << " before listening\n"
             << LogTail();
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  Kill(SIGKILL);
  return ::testing::AssertionFailure() << "sigap serve did not print '" << kListeningLine
                                       << "' within " << options_.start_timeout.count() << " s\n"
                                       << LogTail();
}

void ServerProcess::Kill(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  Reap(milliseconds(-1));
}

::testing::AssertionResult ServerProcess::Terminate(std::chrono::seconds timeout) {
  if (pid_ <= 0) return ::testing::AssertionSuccess();
  kill(pid_, SIGTERM);
  if (!Reap(timeout)) {
    Kill(SIGKILL);
    return ::testing::AssertionFailure()
           << "sigap serve did not stop within " << timeout.count() << " s of SIGTERM\n"
           << LogTail();
  }
  if (last_exit_code_ != 0) {
    return ::testing::AssertionFailure()
           << "sigap serve exited with " << last_exit_code_ << " after SIGTERM\n"
           << LogTail();
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult ServerProcess::Restart() {
  if (Running()) {
    auto stopped = Terminate();
    if (!stopped) return stopped;
  }
  return Start();
}

bool ServerProcess::Running() { return pid_ > 0 && !Reap(milliseconds(0)); }

bool ServerProcess::Reap(milliseconds timeout) {
  if (pid_ <= 0) return true;
  const auto deadline = SteadyClock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, timeout.count() < 0 ? 0 : WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      last_exit_code_ = r == pid_ ? ExitCode(status) : -1;
      pid_ = -1;
      return true;
    }
    if (r < 0 && errno == EINTR) continue;
    if (timeout.count() >= 0 && SteadyClock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
}

std::string ServerProcess::LogTail(size_t max_bytes) const {
  if (stdout_path_.empty()) return "(the server was never started)";
  return "--- server stdout (tail) ---\n" + Tail(ReadFile(stdout_path_), max_bytes) +
         "\n--- server stderr (tail) ---\n" + Tail(ReadFile(stderr_path_), max_bytes);
}

}  // namespace sigap::integration
