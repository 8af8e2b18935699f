#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace sigap::store::sqlite {

// Moves a database's WAL checkpoints off its writer's commits.
//
// By default SQLite checkpoints inside the commit that pushes the WAL past
// 1,000 pages: that commit copies the pages into the database file and
// waits for its fsync, and every case of the batch (and of the batches
// queued behind it) waits too. Attached to the writer's connection, a
// Checkpointer turns that off (sqlite3_wal_hook replaces the automatic
// checkpoint) and runs PASSIVE checkpoints on a thread and a connection of
// its own instead, which never block the writer or the readers.
//
// A checkpoint that runs beside a busy writer seldom catches up with it,
// and SQLite only starts the WAL over once everything in it was copied
// back; so when the WAL reaches `inline_pages` the writer checkpoints
// itself, between two commits, as SQLite would have. By then the thread
// has copied nearly all of it, so this is short; the WAL then starts over
// at a later commit, which bounds the file (and the work of recovering it
// after a crash) to about `inline_pages`.
//
// Durability is unchanged: a commit is durable once its WAL frames are
// synced, whoever checkpoints them later.
//
// Thread-safe. Detach (or destroy the Checkpointer) before closing the
// writer's connection.
class Checkpointer {
 public:
  // SQLite's own automatic checkpoint threshold.
  static constexpr int kDefaultPages = 1000;

  Checkpointer(std::unique_ptr<Connection> conn, CommitObserver* observer,
               int pages = kDefaultPages, int inline_pages = 8 * kDefaultPages);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installs the WAL hook on the writer's connection; Detach restores
  // SQLite's automatic checkpoints on it.
  void Attach(Connection& writer);
  void Detach(Connection& writer);

 private:
  static int OnWal(void* self, sqlite3* db, const char* schema, int pages);
  void Loop();
  // One PASSIVE checkpoint of `db`, told to the observer.
  void Checkpoint(sqlite3* db, const char* schema, bool in_writer);

  std::unique_ptr<Connection> conn_;
  CommitObserver* observer_;
  const int pages_;
  const int inline_pages_;
  std::mutex mutex_;
  std::condition_variable wake_;
  // Frames of the WAL the last checkpoint had copied back: the thread is
  // woken when `pages` more were appended since (or the WAL started over).
  std::atomic<int> copied_{0};
  bool wanted_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sigap::store::sqlite
