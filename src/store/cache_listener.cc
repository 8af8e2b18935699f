#include "store/cache_listener.h"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "store/database.h"
#include "store/postgres/pg_connection.h"

namespace sigap::store {
namespace {

constexpr int kPollMs = 200;                        // how soon a stop is noticed
constexpr std::chrono::seconds kReconnectEvery{1};  // after a lost connection

}  // namespace

CacheListener::CacheListener(std::string db, Changed changed)
    : db_(std::move(db)), changed_(std::move(changed)) {
  if (IsPostgresUrl(db_)) thread_ = std::thread([this] { Loop(); });
}

CacheListener::~CacheListener() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void CacheListener::Loop() {
  std::unique_ptr<postgres::Connection> conn;
  std::string prefix;  // "schema." of this deployment's notifications
  bool lost = false;
  auto last_attempt = std::chrono::steady_clock::now() - kReconnectEvery;
  while (!stopping_) {
    if (!conn) {
      if (std::chrono::steady_clock::now() - last_attempt < kReconnectEvery) {
        poll(nullptr, 0, kPollMs);
        continue;
      }
      last_attempt = std::chrono::steady_clock::now();
      auto opened = postgres::Connection::Open(db_);
      if (!opened || !(*opened)->Exec("LISTEN sigap_cache")) continue;
      auto schema = (*opened)->PrepareTransient("SELECT current_schema()");
      auto row = schema ? (*schema)->Step() : Result<bool>(false);
      if (!row || !*row) continue;
      prefix = (*schema)->Text(0) + ".";
      conn = std::move(*opened);
      listening_ = true;
      if (lost) {
        spdlog::info("cache listener: reconnected; dropping what this node keeps in memory");
        changed_("");
        lost = false;
      }
    }
    pollfd fd{PQsocket(conn->handle()), POLLIN, 0};
    const int ready = poll(&fd, 1, kPollMs);
    if (ready > 0 && PQconsumeInput(conn->handle()) == 0) {
      spdlog::warn("cache listener: lost the database connection; reconnecting");
      conn.reset();
      lost = true;
      continue;
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
    if (conn->Broken()) {
      conn.reset();
      lost = true;
    }
  }
}

}  // namespace sigap::store
