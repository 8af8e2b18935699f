#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace sigap::store {

namespace postgres {
class Connection;
}

// Keeps what a `sigap serve` node holds in memory (each Pemda, its working
// calendar, the geo index of its boundaries, its officers' full names, the
// services it took submissions for) coherent with the changes of the other
// nodes and of the command line (issue 7).
//
// With PostgreSQL it LISTENs on the channel sigap_cache on a connection of
// its own (migrations 0013, 0040 and 0041 make every change to pemdas,
// regions, calendar_days, services and routing_rules, and each new or
// renamed account in users, NOTIFY it with the table's name) and calls
// `changed` with that name, on its own thread, soon after the writer's
// COMMIT. After 5 s of silence it asks the server, and a connection that
// does not answer within 5 s more (cut off without a word, by a firewall,
// a NAT or a frozen server) counts as lost. When the connection is lost it
// calls `changed("")` at once and after every try to reconnect that fails
// (a try a second, each waiting at most 5 s): unable to hear the other
// nodes, the node keeps nothing for longer than that. Once it listens
// again it calls `changed("")` once more: anything may have changed
// meanwhile. With SQLite it reads the counters of cache_versions
// (migrations 0035, 0040 and 0041: triggers count the same changes) every
// second and calls `changed` with each table whose count moved: the
// command line's changes (`sigap calendar add`, `sigap import regions`,
// `sigap admin create-user`) and another server's on the same file reach a
// running server within about a second, its own too.
//
// Thread-safe; `changed` must be.
class CacheListener {
 public:
  using Changed = std::function<void(std::string_view table)>;

  CacheListener(std::string db, Changed changed);
  ~CacheListener();
  CacheListener(const CacheListener&) = delete;
  CacheListener& operator=(const CacheListener&) = delete;

  // True once the first LISTEN is in place (for tests); it stays true while
  // a lost connection is being replaced.
  bool listening() const { return listening_.load(); }

 private:
  void Loop();
  // A new connection LISTENing on sigap_cache, and `prefix` the "schema."
  // of this deployment's notifications; null when the database cannot be
  // reached.
  std::unique_ptr<postgres::Connection> Listen(std::string& prefix) const;
  void LookAtSqlite();

  const std::string db_;
  const Changed changed_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{false};
  std::thread thread_;
};

}  // namespace sigap::store
