#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "domain/case_event.h"
#include "domain/result.h"
#include "store/postgres/pg_connection.h"
#include "store/store.h"

namespace sigap::store::postgres {

// The head of the audit chain inside the current transaction. Loaded (and
// its row locked, FOR UPDATE) by the first task of a batch that writes a
// case or an event, so that the writers of several nodes append one after
// the other: one chain, one case sequence, whatever node wrote them.
struct ChainState {
  bool loaded = false;
  int64_t last_event_id = 0;
  std::string last_hash;
  // Items beyond one that tasks of this transaction wrote (a bulk intake
  // task of n cases adds n - 1): the batch size the CommitObserver sees.
  size_t extra_items = 0;
};

// Locks the chain's head for the rest of the transaction and loads it.
[[nodiscard]] Status LockChain(Connection& conn, ChainState& chain);

// Fills in id, prev_hash and hash of `event`, inserts it and advances the
// chain (locking it first). Must run inside a PgWriter task.
[[nodiscard]] Status AppendEvent(Connection& conn, ChainState& chain, domain::CaseEvent& event);

// Queues the `submitted` webhook of a case filed now (`event` is its
// `submitted` event) for every subscriber of its Pemda that wants it.
[[nodiscard]] Status QueueSubmittedWebhooks(Connection& conn, const domain::CaseEvent& event,
                                            const std::string& payload);

// The writer of one node: tasks from many threads are queued; the writer
// thread takes all that are waiting (up to a limit), runs them in one
// transaction (each in its own savepoint, so one failing task does not undo
// the others), commits once — one WAL flush for the whole batch — and only
// then calls each task's `done` with its outcome.
//
// A lost connection is retried: the batch is rolled back by the server, so
// the writer reconnects and runs the whole batch again (tasks must be
// repeatable: they set their outputs, never append to them). When the
// connection is lost during COMMIT the outcome is unknown and the tasks
// fail with kUnavailable; nothing is ever half-written.
//
// A server that stops answering (frozen, or cut off without a reset) holds
// no write for ever: with a `response_timeout`, a statement it does not
// answer within that time fails the batch with kUnavailable (not run again:
// a new connection would wait as long), and a task that waited in the queue
// longer than that fails without being run. Either way its `done` hears
// kUnavailable, and only a task whose COMMIT was sent can have been written
// (its client retries with its idempotency key). The writer's session ends
// on the server when it stays idle in a transaction that long
// (idle_in_transaction_session_timeout), so the chain's head it locked is
// not held for the other nodes' writers by a connection it gave up on.
//
// Thread-safe. The destructor finishes every queued task before it returns.
class PgWriter {
 public:
  using Execute = std::function<Status(Connection&, ChainState&)>;
  using Done = std::function<void(Status)>;

  // `response_timeout`: 0 for none (a batch waits as long as the server
  // takes).
  PgWriter(std::string url, std::unique_ptr<Connection> conn, CommitObserver* observer,
           size_t max_batch, int connect_timeout_s,
           std::chrono::milliseconds response_timeout = std::chrono::milliseconds(0));
  ~PgWriter();
  PgWriter(const PgWriter&) = delete;
  PgWriter& operator=(const PgWriter&) = delete;

  // Queues a task; `done` runs on the writer thread after the commit (or
  // with the error that prevented it).
  void Enqueue(Execute execute, Done done);

  // Queues a task and waits for its outcome.
  [[nodiscard]] Status Run(Execute execute);

  // The server process of the writer's connection, for tests that kill it.
  int BackendPid();

 private:
  struct Task {
    Execute execute;
    Done done;
    std::chrono::steady_clock::time_point queued;
  };

  void Loop();
  void CommitBatch(std::deque<Task>& batch);
  // Runs the batch once; false in `retry` when it must not be run again.
  std::vector<Status> Attempt(std::deque<Task>& batch, bool& retry, size_t& items);
  Status Reconnect();
  // Applies the response timeout to conn_, and its idle-in-transaction
  // limit on the server.
  void Bound();

  const std::string url_;
  const int connect_timeout_s_;
  const std::chrono::milliseconds response_timeout_;
  std::unique_ptr<Connection> conn_;
  CommitObserver* observer_;
  const size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  int backend_pid_ = 0;
  std::thread thread_;
};

}  // namespace sigap::store::postgres
