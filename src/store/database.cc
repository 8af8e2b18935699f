#include "store/database.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <utility>

#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/file_lock.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store {
namespace {

// pg_try_advisory_lock's key for "the node that does the background work".
// Advisory locks are per database; the hash of the schema (and of the
// Leadership's scope, the Pemda) in the second half tells deployments, test
// schemas and the Pemda of one database apart.
constexpr const char* kLeaderLock =
    "SELECT pg_try_advisory_lock(746572, hashtext(current_schema() || ?::text))";

}  // namespace

bool IsPostgresUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string DatabaseName(const std::string& db) {
  if (!IsPostgresUrl(db)) return db;
  std::string out = db;
  const auto spans = postgres::PasswordSpans(db);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    out.replace(it->first, it->second - it->first, "***");
  }
  return out;
}

std::optional<std::string> MissingDatabase(const std::string& db) {
  if (IsPostgresUrl(db) || std::filesystem::exists(db)) return std::nullopt;
  return db + " does not exist (create it with `sigap migrate`)";
}

Result<std::unique_ptr<Store>> OpenDatabase(const std::string& db, const DatabaseOptions& options) {
  if (IsPostgresUrl(db)) {
    postgres::PostgresOptions pg;
    pg.max_batch = options.max_batch;
    pg.max_readers = options.pool_size;
    pg.connect_timeout_s = options.connect_timeout_s;
    pg.acquire_timeout_ms = options.acquire_timeout_ms;
    pg.statement_timeout_ms = options.statement_timeout_ms;
    pg.observer = options.observer;
    auto store = postgres::PostgresStore::Open(db, pg);
    if (!store) return Fail(store.error());
    return std::unique_ptr<Store>(std::move(*store));
  }
  sqlite::SqliteOptions sqlite;
  sqlite.max_batch = options.max_batch;
  sqlite.observer = options.observer;
  auto store = sqlite::SqliteStore::Open(db, sqlite);
  if (!store) return Fail(store.error());
  return std::unique_ptr<Store>(std::move(*store));
}

Leadership::Leadership(std::string db, std::chrono::milliseconds retry, Start start,
                       std::string scope, std::chrono::milliseconds lease)
    : db_(std::move(db)),
      retry_(retry),
      start_(std::move(start)),
      scope_(std::move(scope)),
      lease_(lease.count() > 0
                 ? lease
                 : std::max<std::chrono::milliseconds>(5 * retry, std::chrono::seconds(10))) {
  thread_ = std::thread([this] { Loop(); });
}

Leadership::~Leadership() { Stop(); }

void Leadership::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Leadership::leading() const {
  std::lock_guard lock(mutex_);
  return leading_;
}

void Leadership::Loop() {
  std::shared_ptr<void> work;
  auto set_leading = [&](bool value) {
    std::lock_guard lock(mutex_);
    leading_ = value;
  };
  if (!IsPostgresUrl(db_)) {
    // One leader per SQLite file too: a second `sigap serve` on the same
    // file (by mistake, or a restart that overlaps the old process) serves
    // requests but leaves the background work to the first, and takes it
    // over within `retry` when the first stops. The lock is flock(2) on a
    // file of its own: SQLite's POSIX locks on the database are dropped
    // when any descriptor of that file is closed.
    const std::string path =
        sqlite::LockFilePath(db_, (scope_.empty() ? "" : "." + scope_) + ".leader");
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      spdlog::warn("background work: cannot open {} ({}); running it without a leader lock", path,
                   std::strerror(errno));
    }
    bool told = false;  // that another node leads
    bool held = false;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        if (stopping_) break;
      }
      if (!held && (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) == 0)) {
        if (fd >= 0) {
          spdlog::info("background work (deadline sweep, outbox sender, alerts) runs on this node");
        }
        held = true;
        work = start_();
        set_leading(true);
      } else if (!held && !std::exchange(told, true)) {
        spdlog::warn(
            "background work: another sigap serve on {} does it; this one serves requests and "
            "takes over when that one stops",
            db_);
      }
      std::unique_lock lock(mutex_);
      if (held) {
        wake_.wait(lock, [this] { return stopping_; });
      } else {
        wake_.wait_for(lock, retry_, [this] { return stopping_; });
      }
    }
    work.reset();
    set_leading(false);
    if (fd >= 0) ::close(fd);  // releases the lock
    return;
  }
  std::unique_ptr<postgres::Connection> conn;
  bool told_no_lease = false;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_) break;
    }
    if (!conn || conn->Broken()) {
      if (work) {
        spdlog::warn("background work: lost the database connection, stopping it on this node");
        work.reset();
        set_leading(false);
      }
      auto opened = postgres::Connection::Open(db_);
      conn = opened ? std::move(*opened) : nullptr;
      if (conn) {
        // A leader whose renewal goes unanswered this long stops its work
        // before PostgreSQL can end its idle session (after `lease`) and
        // another node take over: never two nodes doing it at once.
        conn->SetResponseTimeout(std::max<std::chrono::milliseconds>(
            (lease_ - retry_) / 2, std::chrono::milliseconds(1000)));
        if (auto set = conn->Exec("SET idle_session_timeout = " + std::to_string(lease_.count()));
            !set && !std::exchange(told_no_lease, true)) {
          spdlog::warn(
              "background work: PostgreSQL has no idle_session_timeout (before 14): a leader "
              "that freezes keeps the work until its connection closes ({})",
              set.error().message);
        }
      }
    }
    if (conn && !work) {
      auto stmt = conn->PrepareTransient(kLeaderLock);
      // The scope "" keeps the key of the versions before it.
      const std::string scope = scope_.empty() ? "" : ":" + scope_;
      if (stmt) (*stmt)->Bind(1, std::string_view(scope));
      auto row = stmt ? (*stmt)->Step() : Result<bool>(false);
      if (row && *row && (*stmt)->Int(0) == 1) {
        spdlog::info("background work (deadline sweep, outbox sender, alerts) runs on this node");
        work = start_();
        set_leading(true);
      }
    } else if (conn) {
      // Renews the lease; notices a lost connection, and the lock with it,
      // and stops the work at once.
      if (!conn->Exec("SELECT 1") && conn->Broken()) continue;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, retry_, [this] { return stopping_; });
  }
  work.reset();
  set_leading(false);
  conn.reset();  // the server releases the lock
}

}  // namespace sigap::store
