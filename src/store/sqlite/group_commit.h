#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/case_event.h"
#include "domain/result.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace sigap::store::sqlite {

// The head of the audit chain as seen inside the current transaction.
// Loaded on the first append of a batch, so batches that write no event
// (and migrations, which run before audit_head exists) never read it.
struct ChainState {
  bool loaded = false;
  int64_t last_event_id = 0;
  std::string last_hash;
};

// What the detectors' row of an event (case_signals) takes from its case,
// as the case is at the event: its place the kelurahan of its pin, else the
// region chosen; its agency as rows::kSignalAgency reads it; its text the
// title and description a line apart ("" for a confidential case).
struct SignalCase {
  std::string_view kind;
  std::string_view service_code;
  std::string_view agency_code;
  std::string_view region_code;
  std::optional<int64_t> due_at;  // microseconds
  std::string_view title;
  std::string_view description;
  bool confidential = false;
  std::string_view reporter_name;
};

// Fills in id, prev_hash and hash of `event`, inserts it and advances the
// chain. Must run inside a GroupCommitWriter task. The event's signal row
// reads its case from the database, or from `known` where the caller has
// just written the case and has it at hand (a case filed now).
[[nodiscard]] Status AppendEvent(Connection& conn, ChainState& chain, domain::CaseEvent& event,
                                 const SignalCase* known = nullptr);

// The single writer of a SQLite database. Tasks from many threads are
// queued; the writer thread takes all that are waiting (up to a limit), runs
// them in one transaction (each in its own savepoint, so one failing task
// does not undo the others), commits once — one fsync for the whole batch —
// and only then calls each task's `done` with its outcome, on a thread of
// its own so that the next batch need not wait for them. With a
// Checkpointer, the WAL is checkpointed beside the commits, not in them.
//
// Thread-safe. The destructor finishes every queued task before it returns.
class GroupCommitWriter {
 public:
  using Execute = std::function<Status(Connection&, ChainState&)>;
  using Done = std::function<void(Status)>;

  // Asked on the writer's thread before each batch: a failure fails every
  // task of the batch with it, and nothing is written.
  using Guard = std::function<Status(Connection&)>;

  GroupCommitWriter(std::unique_ptr<Connection> conn, CommitObserver* observer,
                    size_t max_batch = 512, std::unique_ptr<Checkpointer> checkpointer = nullptr,
                    Guard guard = nullptr);
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues a task; `done` runs after the commit (or with the error that
  // prevented it) on the writer's completion thread, in commit order.
  void Enqueue(Execute execute, Done done);

  // Queues a task and waits for its outcome.
  [[nodiscard]] Status Run(Execute execute);

 private:
  struct Task {
    Execute execute;
    Done done;
  };

  // The `done` of one committed batch and the outcomes they are told.
  struct Completion {
    std::vector<Done> done;
    std::vector<Status> outcomes;
  };

  void Loop();
  void CommitBatch(std::deque<Task>& batch);
  void CompleteLoop();

  std::unique_ptr<Connection> conn_;
  std::unique_ptr<Checkpointer> checkpointer_;  // attached to conn_ while the thread runs
  CommitObserver* observer_;
  const size_t max_batch_;
  const Guard guard_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::mutex completion_mutex_;
  std::condition_variable completion_wake_;
  std::deque<Completion> completions_;
  bool completion_stopping_ = false;
  std::thread completer_;
  std::thread thread_;
};

}  // namespace sigap::store::sqlite
