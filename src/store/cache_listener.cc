#include "store/cache_listener.h"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <memory>

#include "store/database.h"
#include "store/postgres/pg_connection.h"

namespace sigap::store {
namespace {

constexpr int kPollMs = 200;                        // how soon a stop is noticed
constexpr std::chrono::seconds kReconnectEvery{1};  // after a lost connection
constexpr int kSqliteLookEveryMs = 1000;            // SQLite: how often the counters are read
// A connection that only listens hears nothing when it is cut off without a
// word (a firewall or a NAT that forgets idle connections, a server that
// froze): it asks the server every kProbeEvery of silence, and counts as
// lost when the answer takes longer than kProbeTimeout.
constexpr std::chrono::seconds kProbeEvery{5};
constexpr std::chrono::seconds kProbeTimeout{5};

// SQLite's cache_versions (migration 0035): each table's count of changes.
// Empty when the file cannot be read (the next look tries again).
std::map<std::string, int64_t> SqliteVersions(const std::string& path) {
  std::map<std::string, int64_t> out;
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(raw);
    return out;
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  sqlite3_busy_timeout(db.get(), 1000);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "SELECT name, version FROM cache_versions", -1, &stmt,
                         nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return out;
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    out[name ? name : ""] = sqlite3_column_int64(stmt, 1);
  }
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace

CacheListener::CacheListener(std::string db, Changed changed)
    : db_(std::move(db)), changed_(std::move(changed)) {
  if (IsPostgresUrl(db_)) {
    thread_ = std::thread([this] { Loop(); });
  } else {
    thread_ = std::thread([this] { LookAtSqlite(); });
  }
}

CacheListener::~CacheListener() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void CacheListener::LookAtSqlite() {
  // The file is opened anew for each look: a connection kept open across
  // a `sigap restore` would read the replaced file's old pages.
  std::map<std::string, int64_t> known = SqliteVersions(db_);
  listening_ = true;
  int waited = 0;
  while (!stopping_) {
    poll(nullptr, 0, kPollMs);
    if ((waited += kPollMs) < kSqliteLookEveryMs) continue;
    waited = 0;
    auto now = SqliteVersions(db_);
    if (now.empty()) continue;
    for (const auto& [table, version] : now) {
      const auto before = known.find(table);
      if (before != known.end() && before->second == version) continue;
      spdlog::debug("cache listener: {} changed", table);
      changed_(table);
    }
    known = std::move(now);
  }
}

std::unique_ptr<postgres::Connection> CacheListener::Listen(std::string& prefix) const {
  auto opened = postgres::Connection::Open(db_);
  if (!opened) return nullptr;
  (*opened)->SetResponseTimeout(kProbeTimeout);
  if (!(*opened)->Exec("LISTEN sigap_cache")) return nullptr;
  auto schema = (*opened)->PrepareTransient("SELECT current_schema()");
  auto row = schema ? (*schema)->Step() : Result<bool>(false);
  if (!row || !*row) return nullptr;
  prefix = (*schema)->Text(0) + ".";
  return std::move(*opened);
}

void CacheListener::Loop() {
  std::unique_ptr<postgres::Connection> conn;
  std::string prefix;  // "schema." of this deployment's notifications
  bool lost = false;
  auto last_attempt = std::chrono::steady_clock::now() - kReconnectEvery;
  auto last_heard = std::chrono::steady_clock::now();
  // Deaf, the node would go on serving what another node has changed since:
  // it drops what it keeps now, and again after every try to listen that
  // fails, so that nothing it serves is older than the last try.
  auto lose = [&](std::string_view why) {
    spdlog::warn(
        "cache listener: {}; reconnecting, and dropping what this node keeps in memory "
        "after each try meanwhile",
        why);
    conn.reset();
    lost = true;
    changed_("");
  };
  while (!stopping_) {
    if (!conn) {
      if (std::chrono::steady_clock::now() - last_attempt < kReconnectEvery) {
        poll(nullptr, 0, kPollMs);
        continue;
      }
      last_attempt = std::chrono::steady_clock::now();
      conn = Listen(prefix);
      if (!conn) {
        changed_("");
        continue;
      }
      listening_ = true;
      last_heard = std::chrono::steady_clock::now();
      if (lost) {
        spdlog::info("cache listener: reconnected; dropping what this node keeps in memory");
        changed_("");
        lost = false;
      }
    }
    pollfd fd{PQsocket(conn->handle()), POLLIN, 0};
    const int ready = poll(&fd, 1, kPollMs);
    if (ready > 0 && PQconsumeInput(conn->handle()) == 0) {
      lose("lost the database connection");
      continue;
    }
    if (ready > 0) {
      last_heard = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - last_heard >= kProbeEvery) {
      // Notifications that arrive with the answer stay queued for
      // PQnotifies below.
      if (!conn->Exec("SELECT 1") && conn->Broken()) {
        lose("the database did not answer");
        continue;
      }
      last_heard = std::chrono::steady_clock::now();
    }
    while (PGnotify* note = PQnotifies(conn->handle())) {
      const std::string_view payload = note->extra;
      const bool ours = payload.starts_with(prefix);
      const std::string table(ours ? payload.substr(prefix.size()) : "");
      PQfreemem(note);
      if (!ours) continue;  // another deployment in the same database
      spdlog::debug("cache listener: {} changed", table);
      changed_(table);
    }
    if (conn->Broken()) lose("lost the database connection");
  }
}

}  // namespace sigap::store
