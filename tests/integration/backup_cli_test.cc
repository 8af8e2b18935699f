// `sigap backup` and `sigap restore` through the real executable: a backup
// restored after a crash is the backup, whatever the crashed server left.
#include <gtest/gtest.h>
#include <pwd.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "integration/sample_cases.h"
#include "integration/server_process.h"
#include "support/http_client.h"

namespace sigap::integration {
namespace {

namespace fs = std::filesystem;

std::string Query(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_exec(
        handle, sql.c_str(),
        [](void* into, int n, char** values, char**) {
          if (n > 0 && values[0]) *static_cast<std::string*>(into) = values[0];
          return 0;
        },
        &out, nullptr);
  }
  sqlite3_close(handle);
  return out;
}

// Runs `sql` on the file as anyone with write access to it could.
std::string Exec(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  std::string error;
  if (sqlite3_open(db.c_str(), &handle) != SQLITE_OK) return "open failed";
  sqlite3_busy_timeout(handle, 10000);
  char* message = nullptr;
  if (sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    error = message ? message : "error";
  }
  sqlite3_free(message);
  sqlite3_close(handle);
  return error;
}

class BackupCli : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sigap-backup-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = (dir_ / "sigap.db").string();
    ASSERT_EQ(RunSigap({"migrate", "--db", db_}).exit_code, 0);
    const RunResult demo = RunSigap({"demo", "--db", db_, "--cases", "30"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Gives the test's directory to nobody (root may open anything: a test of
  // what another user may do runs the server as nobody) and returns its uid.
  uid_t DirectoryToNobody() {
    const passwd* nobody = getpwnam("nobody");
    EXPECT_NE(nobody, nullptr);
    if (!nobody) return 0;
    EXPECT_EQ(chown(dir_.c_str(), nobody->pw_uid, static_cast<gid_t>(-1)), 0);
    return nobody->pw_uid;
  }

  // `sigap serve` on the database for at most 60 s, as nobody when
  // `as_nobody`: its exit code, and all it printed in `err`.
  RunResult ServeOnce(bool as_nobody) {
    const std::string out = (dir_ / "serve.out").string();
    const std::string command = std::string("timeout 60 ") +
                                (as_nobody ? "runuser -u nobody -- " : "") + SigapBinary() +
                                " serve --db " + db_ + " --listen 127.0.0.1:0 >" + out + " 2>&1";
    const int status = std::system(command.c_str());
    RunResult run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(out);
    run.err.assign(std::istreambuf_iterator<char>(in), {});
    return run;
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(BackupCli, ARestoreAfterACrashIsTheBackupNotAMixWithTheOldWal) {
  const std::string backup = (dir_ / "sigap-backup.db").string();
  const RunResult backed_up = RunSigap({"backup", "--db", db_, "--to", backup});
  ASSERT_EQ(backed_up.exit_code, 0) << backed_up.err;
  EXPECT_FALSE(fs::exists(backup + ".part"));
  // Reporters' names and numbers are not for the machine's other users.
  for (const std::string& file : {db_, backup}) {
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::others_all, fs::perms::none) << file;
  }
  // One self-contained file, readable from read-only media (no -shm needed).
  EXPECT_EQ(Query(backup, "PRAGMA journal_mode"), "delete");
  const std::string title = Query(backup, "SELECT title FROM cases ORDER BY id LIMIT 1");
  const std::string cases = Query(backup, "SELECT COUNT(*) FROM cases");
  ASSERT_FALSE(title.empty());

  // A server's writes after the backup, then a crash: its WAL stays behind.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    sqlite3* handle = nullptr;
    sqlite3_open(db_.c_str(), &handle);
    sqlite3_exec(
        handle,
        "PRAGMA wal_autocheckpoint=0; UPDATE cases SET title = 'sesudah cadangan'; "
        "CREATE TABLE sesudah (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
        "FROM n WHERE i < 3000) INSERT INTO sesudah SELECT randomblob(900) FROM n;",
        nullptr, nullptr, nullptr);
    _exit(0);  // no close, no checkpoint: as killed
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(fs::exists(db_ + "-wal"));
  ASSERT_GT(fs::file_size(db_ + "-wal"), 1'000'000u);

  const RunResult restored = RunSigap({"restore", "--from", backup, "--db", db_});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(Query(db_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Query(db_, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Query(db_, "SELECT title FROM cases ORDER BY id LIMIT 1"), title);
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM cases"), cases);
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sesudah'"), "0");
  const RunResult verified = RunSigap({"audit", "verify", "--db", db_});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

// A database restored as root and served as another user: every case
// would be answered 503 while /readyz said "ready". The server refuses to
// start instead, naming the file.
TEST_F(BackupCli, ServeRefusesADatabaseItMayNotWrite) {
  const bool root = geteuid() == 0;
  if (root) {
    // A database only root may write, in a directory nobody may write (as
    // after a restore done as root), served as nobody.
    DirectoryToNobody();
    for (const std::string& f : {db_, db_ + "-wal", db_ + "-shm"}) {
      if (fs::exists(f)) {
        fs::permissions(f, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                               fs::perms::others_read);
      }
    }
  } else {
    fs::permissions(db_, fs::perms::owner_read | fs::perms::group_read);
  }
  const RunResult served = ServeOnce(root);
  const int exit_code = served.exit_code;
  const std::string& err = served.err;

  EXPECT_NE(exit_code, 0) << err;
  EXPECT_NE(exit_code, 124) << "still serving after 60 s: " << err;
  EXPECT_NE(err.find("not writable"), std::string::npos) << err;
  EXPECT_NE(err.find("sigap.db"), std::string::npos) << err;
}

TEST_F(BackupCli, RestoreRefusesWhatIsNotASigapBackupAndTouchesNothing) {
  const std::string text = (dir_ / "catatan.db").string();
  std::ofstream(text) << "bukan basis data\n";
  const std::string cases = Query(db_, "SELECT COUNT(*) FROM cases");

  const RunResult missing =
      RunSigap({"restore", "--from", (dir_ / "tidak-ada.db").string(), "--db", db_});
  const RunResult not_sigap = RunSigap({"restore", "--from", text, "--db", db_});

  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("tidak-ada.db"), std::string::npos) << missing.err;
  EXPECT_EQ(not_sigap.exit_code, 2) << not_sigap.err;
  EXPECT_NE(not_sigap.err.find("catatan.db"), std::string::npos) << not_sigap.err;
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM cases"), cases);
}

// A mistyped --db naming another application's SQLite file: every command
// refused it naming the problem, but `sigap migrate` (and each command that
// migrates first) wrote Sigap's tables into it and `audit verify` and
// `backup` answered "no such table" or copied it as a backup. Now each says
// it is not a Sigap database and leaves the file as it was, journal mode
// included.
TEST_F(BackupCli, AnotherApplicationsDatabaseIsNamedAndLeftAsItWas) {
  const std::string other = (dir_ / "inventaris.db").string();
  {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(other.c_str(), &handle), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(handle, "CREATE TABLE barang (nama TEXT); INSERT INTO barang VALUES ('meja')",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(handle);
  }
  const std::string empty = (dir_ / "kosong.db").string();
  std::ofstream{empty};

  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"migrate", "--db", other},
           {"audit", "verify", "--db", other},
           {"backup", "--db", other, "--to", (dir_ / "b.db").string()},
           {"demo", "--db", other, "--cases", "0"},
           // Said before any connection to the target (here none answers).
           {"copy", "--from", "sqlite:" + other, "--to", "postgresql://sigap@127.0.0.1:1/x"}}) {
    const RunResult run = RunSigap(args);
    EXPECT_NE(run.exit_code, 0) << args[0];
    EXPECT_NE(run.err.find("inventaris.db is not a Sigap database"), std::string::npos)
        << args[0] << ": " << run.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "b.db"));
  EXPECT_EQ(Query(other, "SELECT group_concat(name) FROM sqlite_master"), "barang");
  EXPECT_EQ(Query(other, "PRAGMA journal_mode"), "delete");

  // A file Sigap has not migrated yet has nothing to verify or back up.
  const RunResult unmigrated = RunSigap({"audit", "verify", "--db", empty});
  EXPECT_EQ(unmigrated.exit_code, 2);
  EXPECT_NE(unmigrated.err.find("holds no Sigap data yet"), std::string::npos) << unmigrated.err;
  EXPECT_EQ(RunSigap({"backup", "--db", empty, "--to", (dir_ / "c.db").string()}).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "c.db"));
  // A mistyped source is named, and leaves no lock file beside it.
  const RunResult missing = RunSigap({"copy", "--from", "sqlite:" + (dir_ / "tidakada.db").string(),
                                      "--to", "postgresql://sigap@127.0.0.1:1/x"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("tidakada.db: no such SQLite file"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir_ / "tidakada.db.serving"));
}

// A file damaged on the disk is not a tampered one: audit verify says which
// (an auditor told "TAMPERED" would look for a culprit, not the last backup).
TEST_F(BackupCli, AuditVerifyTellsADamagedFileFromATamperedOne) {
  const std::string copy = (dir_ / "rusak.db").string();
  ASSERT_EQ(RunSigap({"backup", "--db", db_, "--to", copy}).exit_code, 0);
  const int page = std::stoi(Query(copy, "PRAGMA page_size"));
  const int root = std::stoi(Query(copy,
                                   "SELECT rootpage FROM sqlite_master WHERE name = "
                                   "'case_events'"));
  {
    std::fstream file(copy, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(root - 1) * page);
    const std::string garbage(64, '\x7f');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }

  const RunResult verified = RunSigap({"audit", "verify", "--db", copy});

  EXPECT_EQ(verified.exit_code, 1) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("DAMAGED"), std::string::npos) << verified.out << verified.err;
  EXPECT_EQ(verified.out.find("TAMPERED"), std::string::npos) << verified.out;
}

// The deadline and the escalation level are in the cases table, which every
// queue, alert and sweep reads: a deadline pushed back there, or an
// escalation undone, is found against the case's events, naming the case
// and the column and nothing the reporter wrote.
TEST_F(BackupCli, AuditVerifyFindsADeadlineOrEscalationEditedInTheTable) {
  const std::string running = " FROM cases WHERE status = 'in_progress' ORDER BY id LIMIT 1";
  const std::string code = Query(db_, "SELECT tracking_code" + running);
  const std::string title = Query(db_, "SELECT title" + running);
  ASSERT_FALSE(code.empty()) << "the demo has no case in progress";
  ASSERT_NE(Query(db_, "SELECT due_at" + running), "");
  const std::string where = " WHERE tracking_code = '" + code + "'";

  ASSERT_EQ(Exec(db_, "UPDATE cases SET due_at = due_at + 7 * 86400000000" + where), "");
  const RunResult later = RunSigap({"audit", "verify", "--db", db_});
  ASSERT_EQ(Exec(db_,
                 "UPDATE cases SET due_at = due_at - 7 * 86400000000, escalation_level = "
                 "escalation_level + 1" +
                     where),
            "");
  const RunResult lowered = RunSigap({"audit", "verify", "--db", db_});
  ASSERT_EQ(Exec(db_, "UPDATE cases SET escalation_level = escalation_level - 1" + where), "");
  const RunResult restored = RunSigap({"audit", "verify", "--db", db_});

  for (const auto& [run, column] :
       {std::pair{&later, "has due_at '"}, std::pair{&lowered, "has escalation_level '"}}) {
    EXPECT_EQ(run->exit_code, 1) << run->out << run->err;
    EXPECT_NE(run->out.find("TAMPERED: case " + code + " " + column), std::string::npos)
        << run->out << run->err;
    EXPECT_EQ(run->out.find(title), std::string::npos) << run->out;
  }
  EXPECT_EQ(restored.exit_code, 0) << restored.out << restored.err;
}

// Deadlines move without anyone editing the table: a request for
// information pauses the clock and the answer moves the deadline on, a day
// off declared later moves every running deadline it falls in. Each is an
// event, and the database verifies clean after them.
TEST_F(BackupCli, AuditVerifyAcceptsDeadlinesMovedByPausesAndTheCalendar) {
  const std::string db = (dir_ / "banyak.db").string();
  // 400 cases: the demo plays its history up to the clock's now, so its
  // cases' lives differ from hour to hour; on 7 Dec 2026 at 05:20Z the
  // first 150 held no answered request for information (about 4 cases in
  // 100 have one: 37-39 in the demo's 1,000 that morning).
  const RunResult demo =
      RunSigap({"demo", "--db", db, "--cases", "400"}, "", std::chrono::seconds(240));
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  ASSERT_NE(Query(db,
                  "SELECT COUNT(*) FROM case_events WHERE kind = 'info_provided' AND "
                  "payload LIKE '%\"clock\":\"resumed\"%' AND payload LIKE '%due_at%'"),
            "0");
  // The due day of the latest running deadline, in Jakarta, declared a day off.
  const std::string due = Query(db,
                                "SELECT date((MAX(due_at) / 1000000) + 7 * 3600, 'unixepoch') "
                                "FROM cases WHERE stage IN ('follow_up', 'resolution') AND "
                                "due_at IS NOT NULL");
  ASSERT_FALSE(due.empty());
  const RunResult added = RunSigap(
      {"calendar", "add", due, "Libur uji", "--db", db, "--data-dir", SIGAP_SOURCE_DIR "/data"});
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  ASSERT_NE(Query(db, "SELECT COUNT(*) FROM case_events WHERE kind = 'deadline_adjusted'"), "0")
      << added.out;

  const RunResult verified = RunSigap({"audit", "verify", "--db", db});

  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("OK: "), std::string::npos) << verified.out;
}

// /readyz while the database cannot be read: a load balancer probing every
// second filled the log with one warning a probe. The first failure is
// logged and the next ones counted (a line a minute at most while the
// cause stays), and the return is logged once.
TEST_F(BackupCli, AFailingReadinessProbeIsLoggedOnceAndItsReturnOnce) {
  ServerProcessOptions options;
  options.db = db_;
  ServerProcess server(options);
  ASSERT_TRUE(server.Start());
  ASSERT_EQ(Exec(db_, "ALTER TABLE audit_head RENAME TO audit_head_away"), "");
  for (int i = 0; i < 20; ++i) {
    const auto probe = test_support::Fetch(server.port(), "GET", "/readyz");
    ASSERT_TRUE(probe.has_value()) << probe.error();
    EXPECT_EQ(probe->status, 503) << probe->body;
  }
  ASSERT_EQ(Exec(db_, "ALTER TABLE audit_head_away RENAME TO audit_head"), "");
  const auto back = test_support::Fetch(server.port(), "GET", "/readyz");
  const auto again = test_support::Fetch(server.port(), "GET", "/readyz");

  ASSERT_TRUE(back.has_value()) << back.error();
  EXPECT_EQ(back->status, 200) << back->body;
  ASSERT_TRUE(again.has_value()) << again.error();
  EXPECT_EQ(again->status, 200) << again->body;
  const std::string log = server.LogTail(200000);
  size_t lines = 0;
  for (size_t at = log.find("readiness: "); at != std::string::npos;
       at = log.find("readiness: ", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 2u) << log;
  EXPECT_NE(log.find("audit_head"), std::string::npos) << log;
  EXPECT_NE(log.find("readiness: the database answers again, after 20 probes failed over "),
            std::string::npos)
      << log;
}

// A case's ratings that cannot be read are an error, not a case never
// rated: its reporter would be offered a rating already given, and the
// ETag would let the unrated answer stand in caches.
TEST_F(BackupCli, ACaseWhoseRatingsCannotBeReadIsNotShownUnrated) {
  ServerProcessOptions options;
  options.db = db_;
  ServerProcess server(options);
  ASSERT_TRUE(server.Start());
  const auto catalogue = FetchDemoCatalogue(server.port());
  ASSERT_TRUE(catalogue.has_value()) << catalogue.error();
  std::mt19937_64 rng(11);
  const auto filed = test_support::Fetch(
      server.port(), "POST", "/api/v1/cases", {{"Content-Type", "application/json"}},
      MakeSubmission(*catalogue, rng, "penilaian-hilang").dump());
  ASSERT_TRUE(filed.has_value()) << filed.error();
  ASSERT_EQ(filed->status, 201) << filed->body;
  const auto receipt = nlohmann::json::parse(filed->body);
  const std::string target = "/api/v1/cases/" + receipt.at("tracking_code").get<std::string>();
  const http::Headers reporter = {
      {"X-Reporter-Secret", receipt.at("reporter_secret").get<std::string>()}};

  ASSERT_EQ(Exec(db_, "ALTER TABLE case_ratings RENAME TO case_ratings_away"), "");
  const auto broken = test_support::Fetch(server.port(), "GET", target, reporter);
  ASSERT_EQ(Exec(db_, "ALTER TABLE case_ratings_away RENAME TO case_ratings"), "");
  const auto mended = test_support::Fetch(server.port(), "GET", target, reporter);

  ASSERT_TRUE(broken.has_value()) << broken.error();
  EXPECT_GE(broken->status, 500) << broken->body;
  EXPECT_EQ(broken->headers.count("ETag"), 0u) << broken->body;
  ASSERT_TRUE(mended.has_value()) << mended.error();
  EXPECT_EQ(mended->status, 200) << mended->body;
}

// A restore under a running server took back every case the server had
// acknowledged since the backup, while the server went on answering as if
// nothing had happened. It is refused while a server has the file open,
// also when the file is named through a symbolic or a hard link or its lock
// file was deleted, and works once the server has stopped.
TEST_F(BackupCli, RestoreRefusesADatabaseAServerStillServes) {
  const std::string backup = (dir_ / "cadangan.db").string();
  ASSERT_EQ(RunSigap({"backup", "--db", db_, "--to", backup}).exit_code, 0);
  const std::string link = (dir_ / "tautan.db").string();
  fs::create_symlink("sigap.db", link);
  ServerProcessOptions options;
  options.db = db_;
  ServerProcess server(options);
  ASSERT_TRUE(server.Start());
  const std::string cases = Query(db_, "SELECT COUNT(*) FROM cases");

  const RunResult direct = RunSigap({"restore", "--from", backup, "--db", db_});
  const RunResult linked = RunSigap({"restore", "--from", backup, "--db", link});
  // The lock follows the file, not a name: a hard link to it, or its lock
  // file deleted by hand ("an empty file"), changes nothing.
  const std::string hard = (dir_ / "kembar.db").string();
  fs::create_hard_link(db_, hard);
  const RunResult hard_linked = RunSigap({"restore", "--from", backup, "--db", hard});
  fs::remove(db_ + ".serving");
  const RunResult unlocked = RunSigap({"restore", "--from", backup, "--db", db_});

  EXPECT_NE(direct.exit_code, 0) << direct.out;
  EXPECT_NE(direct.err.find("sigap serve is running"), std::string::npos) << direct.err;
  EXPECT_NE(linked.exit_code, 0) << linked.out;
  EXPECT_NE(linked.err.find("sigap serve is running"), std::string::npos) << linked.err;
  for (const RunResult* refused : {&hard_linked, &unlocked}) {
    EXPECT_NE(refused->exit_code, 0) << refused->out;
    EXPECT_NE(refused->err.find("sigap serve is running"), std::string::npos) << refused->err;
  }
  EXPECT_EQ(Query(db_, "SELECT COUNT(*) FROM cases"), cases);
  // Nor is a served file copied to PostgreSQL: the cases it acknowledged
  // meanwhile would be left behind (refused before any connection).
  const RunResult copied =
      RunSigap({"copy", "--from", "sqlite:" + db_, "--to", "postgresql://sigap@127.0.0.1:1/x"});
  EXPECT_EQ(copied.exit_code, 1) << copied.out;
  EXPECT_NE(copied.err.find("sigap serve is running"), std::string::npos) << copied.err;
  ASSERT_TRUE(server.Terminate());
  fs::remove(hard);
  const RunResult stopped = RunSigap({"restore", "--from", backup, "--db", db_});
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
}

// A lock file the server's user cannot open (left with mode 0600 by a
// `sudo sigap restore` of an older version) stops the start, naming the
// file: a server without its lock is one a restore cannot see, and a
// restore under it would take back every case it acknowledged.
TEST_F(BackupCli, AServerThatCannotHoldItsLockDoesNotStart) {
  const std::string lock = db_ + ".serving";
  std::ofstream(lock).put('x');
  fs::permissions(lock, fs::perms::owner_read | fs::perms::owner_write);
  const bool root = geteuid() == 0;
  if (root) {
    // The lock file stays root's; the database and the directory are the
    // server's user's.
    const uid_t nobody = DirectoryToNobody();
    for (const std::string& f : {db_, db_ + "-wal", db_ + "-shm"}) {
      if (fs::exists(f)) {
        ASSERT_EQ(chown(f.c_str(), nobody, static_cast<gid_t>(-1)), 0);
      }
    }
  } else {
    fs::permissions(lock, fs::perms::none);
  }

  const RunResult served = ServeOnce(root);

  const int exit_code = served.exit_code;
  const std::string& err = served.err;
  EXPECT_NE(exit_code, 0) << err;
  EXPECT_NE(exit_code, 124) << "still serving after 60 s: " << err;
  EXPECT_NE(err.find("sigap.db.serving"), std::string::npos) << err;
}

// A database removed under a running server (an `rm` in the wrong window),
// or another file moved over it, takes no more cases: each would have been
// acknowledged into a file the next start never opens. The server says so
// (503 to the citizen, /readyz, its log) and saves what the removed file
// held, which restores to a working database.
TEST_F(BackupCli, ADatabaseRemovedUnderARunningServerTakesNoMoreCasesAndIsSaved) {
  ServerProcessOptions options;
  options.db = db_;
  auto server = std::make_unique<ServerProcess>(options);
  ASSERT_TRUE(server->Start());
  const auto catalogue = FetchDemoCatalogue(server->port());
  ASSERT_TRUE(catalogue.has_value()) << catalogue.error();
  std::mt19937_64 rng(7);
  const http::Headers json = {{"Content-Type", "application/json"}};
  auto submit = [&](std::string_view marker) {
    return test_support::Fetch(server->port(), "POST", "/api/v1/cases", json,
                               MakeSubmission(*catalogue, rng, marker).dump());
  };
  const auto before = submit("sebelum-dihapus");
  ASSERT_TRUE(before.has_value()) << before.error();
  ASSERT_EQ(before->status, 201) << before->body;
  const std::string code = nlohmann::json::parse(before->body).at("tracking_code");

  fs::remove(db_);
  const auto after = submit("sesudah-dihapus");
  ASSERT_TRUE(after.has_value()) << after.error();
  EXPECT_EQ(after->status, 503) << after->body;
  const auto ready = test_support::Fetch(server->port(), "GET", "/readyz");
  ASSERT_TRUE(ready.has_value()) << ready.error();
  EXPECT_EQ(ready->status, 503);
  EXPECT_NE(ready->body.find("was removed"), std::string::npos) << ready->body;

  std::string recovered;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().filename().string().starts_with("sigap.db.recovered-")) {
      recovered = entry.path().string();
    }
  }
  ASSERT_FALSE(recovered.empty()) << server->LogTail();
  EXPECT_NE(server->LogTail().find(recovered), std::string::npos) << server->LogTail();
  EXPECT_EQ(fs::status(recovered).permissions() & fs::perms::others_all, fs::perms::none);
  EXPECT_EQ(Query(recovered, "SELECT COUNT(*) FROM cases WHERE tracking_code = '" + code + "'"),
            "1");
  EXPECT_EQ(Query(recovered,
                  "SELECT COUNT(*) FROM cases WHERE description LIKE "
                  "'%sesudah-dihapus%'"),
            "0");

  ASSERT_TRUE(server->Terminate());
  const RunResult restored = RunSigap({"restore", "--from", recovered, "--db", db_});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  const RunResult verified = RunSigap({"audit", "verify", "--db", db_});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  server = std::make_unique<ServerProcess>(options);
  ASSERT_TRUE(server->Start());
  const auto found = test_support::Fetch(server->port(), "GET", "/api/v1/cases/" + code);
  ASSERT_TRUE(found.has_value()) << found.error();
  EXPECT_EQ(found->status, 200) << found->body;

  // Another file moved over the served one (a restore by hand): refused too.
  const std::string other = (dir_ / "lain.db").string();
  ASSERT_EQ(RunSigap({"backup", "--db", db_, "--to", other}).exit_code, 0);
  fs::rename(other, db_);
  const auto replaced = submit("sesudah-diganti");
  ASSERT_TRUE(replaced.has_value()) << replaced.error();
  EXPECT_EQ(replaced->status, 503) << replaced->body;
  EXPECT_NE(server->LogTail().find("was replaced by another file"), std::string::npos)
      << server->LogTail();
}

}  // namespace
}  // namespace sigap::integration
