#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "domain/result.h"
#include "store/store.h"

namespace sigap::store {

// True when `db` (a --db flag or database.path) is a PostgreSQL URL
// (postgresql://… or postgres://…) rather than an SQLite file.
bool IsPostgresUrl(std::string_view db);

// `db` fit for logs and messages: a URL's password is replaced by "***".
std::string DatabaseName(const std::string& db);

struct DatabaseOptions {
  size_t max_batch = 512;              // group commit: most writes per transaction
  size_t pool_size = 16;               // PostgreSQL: most read connections per node
  int connect_timeout_s = 5;           // PostgreSQL: giving up on an unreachable server
  int acquire_timeout_ms = 5000;       // PostgreSQL: longest wait for a read connection
  int statement_timeout_ms = 30000;    // PostgreSQL: longest query (0: no limit)
  CommitObserver* observer = nullptr;  // told about each commit, may be null
};

// Why a command that needs an existing database cannot use `db`: an SQLite
// file that does not exist gives "PATH does not exist (create it with
// `sigap migrate`)"; nullopt when the file exists or `db` is a PostgreSQL
// URL (its server answers for itself when connecting).
std::optional<std::string> MissingDatabase(const std::string& db);

// Opens the store `db` names (an SQLite file, created if absent, or a
// PostgreSQL database). Does not migrate. kUnavailable when it cannot.
[[nodiscard]] Result<std::unique_ptr<Store>> OpenDatabase(const std::string& db,
                                                          const DatabaseOptions& options = {});

// The node that does the background work (deadline sweeps, outbox sender,
// alerts).
// With SQLite the process that holds flock(2) on "<db>.leader" leads (two
// `sigap serve` on one file do not both sweep, mail and alert); the
// others try again every `retry`. With PostgreSQL the node
// that holds a session advisory lock on its own connection leads; the
// others try again every `retry`. A node that dies closes its connection,
// so the server releases the lock and another node takes over within
// `retry`. A leader that loses its connection stops its work at once. A
// leader that stops answering without closing its connection (a frozen
// process, a machine cut off the network) holds the lock only for `lease`:
// its session is idle that long, so PostgreSQL ends it
// (idle_session_timeout) and another node takes over; the leader renews
// the lease every `retry`, and stops its work when a renewal goes
// unanswered for (lease - retry) / 2 (at least 1 s): before the other node
// can take over. When it comes back it finds its connection gone (or
// drops it) and competes again.
//
// `start` is called on the leadership's thread when this node starts
// leading; what it returns is destroyed when it stops (or on destruction).
//
// Thread-safe.
class Leadership {
 public:
  using Start = std::function<std::shared_ptr<void>()>;

  // `scope`: what the nodes that compete share, besides the schema: the
  // Pemda they serve (each Pemda of a database has its own leader, whose
  // background work is that Pemda's, Store::ServeOnly); "" for one leader.
  // `lease`: 0 for five times `retry`, at least 10 s.
  Leadership(std::string db, std::chrono::milliseconds retry, Start start, std::string scope = {},
             std::chrono::milliseconds lease = {});
  ~Leadership();

  // Stops the work if this node leads, and stops trying to lead: a node
  // that is shutting down does not take the work over meanwhile. Also done
  // by the destructor.
  void Stop();
  Leadership(const Leadership&) = delete;
  Leadership& operator=(const Leadership&) = delete;

  bool leading() const;

 private:
  void Loop();

  const std::string db_;
  const std::chrono::milliseconds retry_;
  const Start start_;
  const std::string scope_;
  const std::chrono::milliseconds lease_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool leading_ = false;
  std::thread thread_;
};

}  // namespace sigap::store
