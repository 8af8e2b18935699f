#include "store/sqlite/checkpointer.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>

namespace sigap::store::sqlite {

Checkpointer::Checkpointer(std::unique_ptr<Connection> conn, CommitObserver* observer, int pages,
                           int inline_pages)
    : conn_(std::move(conn)),
      observer_(observer),
      pages_(pages),
      inline_pages_(inline_pages),
      thread_([this] { Loop(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::Attach(Connection& writer) { sqlite3_wal_hook(writer.handle(), &OnWal, this); }

void Checkpointer::Detach(Connection& writer) {
  sqlite3_wal_autocheckpoint(writer.handle(), kDefaultPages);
}

// Runs on the writer's thread after each commit, outside its transaction.
int Checkpointer::OnWal(void* self_ptr, sqlite3* db, const char* schema, int pages) {
  auto* self = static_cast<Checkpointer*>(self_ptr);
  if (pages >= self->inline_pages_) {
    self->Checkpoint(db, schema, true);
    return SQLITE_OK;
  }
  int copied = self->copied_.load(std::memory_order_relaxed);
  if (pages < copied) {  // the WAL started over
    copied = 0;
    self->copied_.store(0, std::memory_order_relaxed);
  }
  if (pages - copied >= self->pages_) {
    {
      std::lock_guard lock(self->mutex_);
      self->wanted_ = true;
    }
    self->wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::Loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return wanted_ || stopping_; });
      if (stopping_) return;
      wanted_ = false;
    }
    Checkpoint(conn_->handle(), nullptr, false);
  }
}

void Checkpointer::Checkpoint(sqlite3* db, const char* schema, bool in_writer) {
  const auto started = std::chrono::steady_clock::now();
  int copied = 0;
  // SQLITE_BUSY means another checkpoint (the other thread's, or another
  // process's) is running: the next commit past the threshold asks again.
  if (sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied) !=
      SQLITE_OK) {
    return;
  }
  const int before = copied_.exchange(copied, std::memory_order_relaxed);
  if (observer_ != nullptr) {
    observer_->OnCheckpoint(std::max(0, copied - before),
                            std::chrono::steady_clock::now() - started, in_writer);
  }
}

}  // namespace sigap::store::sqlite
