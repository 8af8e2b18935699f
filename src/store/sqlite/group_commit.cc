#include "store/sqlite/group_commit.h"

#include <chrono>
#include <exception>
#include <future>
#include <vector>

#include "domain/text.h"
#include "store/file_rows.h"
#include "store/signal_rows.h"

namespace sigap::store::sqlite {
namespace {

// One of the batch's own statements (BEGIN, SAVEPOINT, RELEASE, COMMIT),
// prepared once: sqlite3_exec parsed each of them for every task.
Status RunCached(Connection& conn, const char* sql) {
  auto statement = conn.Prepare(sql);
  if (!statement) return Fail(statement.error());
  return (*statement)->Run();
}

Status RunTask(const GroupCommitWriter::Execute& execute, Connection& conn, ChainState& chain) {
  try {
    return execute(conn, chain);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("write task failed: ") + e.what());
  }
}

// An arrival's text, as PostgreSQL's case_events_signal() cuts it too
// (migration 0037).
constexpr size_t kArrivalTextCharacters = 600;

// Writes the case_signals row (migration 0018) of an event the detectors
// read, from its case as it is now (`c`). Written here rather than by a
// trigger (as on PostgreSQL): a trigger gives every event's INSERT a
// statement journal, and inside a large task (an import of many cases)
// SQLite walked the task's whole in-memory journal at the end of each one
// (seeding 200,000 cases: 16,643 cases/s without the table, 4,360 with the
// trigger). An arrival's text is its title and description a line apart,
// so that no bigram of the topics pairs the title's last word with the
// description's first (migration 0037). A case is placed where the
// dashboard's map places it: the kelurahan of its pin, else the region the
// reporter chose; and with its agency only once the verifiers passed it on
// (rows::kSignalAgency).
Status WriteSignal(Connection& conn, const domain::CaseEvent& event, SignalEvent::Type type,
                   const SignalCase& c) {
  auto write = conn.Prepare(
      "INSERT INTO case_signals (event_id, pemda_id, at, kind, case_id, case_kind, service_code, "
      "agency_code, region_code, due_at, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!write) return Fail(write.error());
  auto& w = **write;
  // An arrival's text without its reporter's name (domain::RemoveNameWords),
  // its first 600 characters as SQLite's substr counts them.
  std::string detail;
  if (type == SignalEvent::Type::kArrival) {
    if (!c.confidential) {
      detail.reserve(c.title.size() + 1 + c.description.size());
      detail.append(c.title).append(1, '\n').append(c.description);
      detail.resize(domain::Utf8PrefixBytes(detail, kArrivalTextCharacters));
      if (!c.reporter_name.empty()) detail = domain::RemoveNameWords(detail, c.reporter_name);
    }
  } else if (rows::CarriesPayload(type)) {
    detail = event.payload_json;
  }
  // (An empty std::string, not string_view: SQLite binds a null pointer as NULL.)
  const std::string kind(c.kind), service(c.service_code), agency(c.agency_code),
      region(c.region_code);
  w.Bind(1, event.id).Bind(2, event.pemda_id).Bind(3, ToMicros(event.at)).Bind(4, event.kind);
  w.Bind(5, event.case_id).Bind(6, kind).Bind(7, service).Bind(8, agency).Bind(9, region);
  if (c.due_at) {
    w.Bind(10, *c.due_at);
  } else {
    w.BindNull(10);
  }
  w.Bind(11, detail);
  return w.Run();
}

Status AppendSignal(Connection& conn, const domain::CaseEvent& event, const SignalCase* known) {
  const auto type = rows::SignalTypeOf(event.kind);
  if (!type) return {};
  if (known != nullptr) return WriteSignal(conn, event, *type, *known);
  // Only an arrival's row carries the case's text, read with the
  // reporter's name that it leaves out; the other events read the fields.
  static const std::string fields = std::string("SELECT kind, service_code, ") +
                                    rows::kSignalAgency +
                                    ", COALESCE(NULLIF(kelurahan_code, ''), region_code), due_at";
  static const std::string of_arrival =
      fields +
      ", title, description, confidential, (SELECT name FROM case_reporters WHERE case_id = "
      "cases.id) FROM cases WHERE id = ?2";
  static const std::string of_other = fields + " FROM cases WHERE id = ?2";
  const bool arrival = *type == SignalEvent::Type::kArrival;
  auto read = conn.Prepare(arrival ? of_arrival.c_str() : of_other.c_str());
  if (!read) return Fail(read.error());
  auto& r = **read;
  r.Bind(1, event.kind).Bind(2, event.case_id);
  auto row = r.Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    r.Reset();
    return Fail(ErrorCode::kInternal, "an event of a case that is not there");
  }
  const std::string kind = r.Text(0), service = r.Text(1), agency = r.Text(2), region = r.Text(3);
  const std::string title = arrival ? r.Text(5) : "", description = arrival ? r.Text(6) : "",
                    name = arrival ? r.Text(8) : "";
  const SignalCase c{kind,
                     service,
                     agency,
                     region,
                     r.IsNull(4) ? std::nullopt : std::optional<int64_t>(r.Int(4)),
                     title,
                     description,
                     arrival && r.Int(7) != 0,
                     name};
  r.Reset();
  return WriteSignal(conn, event, *type, c);
}

}  // namespace

Status AppendEvent(Connection& conn, ChainState& chain, domain::CaseEvent& event,
                   const SignalCase* known) {
  if (!chain.loaded) {
    // Read inside the transaction: another process (a CLI import) may have
    // appended since this writer's last batch.
    auto head = conn.Prepare("SELECT last_event_id, last_hash FROM audit_head WHERE id = 1");
    if (!head) return Fail(head.error());
    auto row = (*head)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kInternal, "audit_head is missing");
    chain.last_event_id = (*head)->Int(0);
    chain.last_hash = (*head)->Text(1);
    chain.loaded = true;
    (*head)->Reset();
  }
  event.id = chain.last_event_id + 1;
  event.prev_hash = chain.last_hash;
  event.hash = domain::EventHash(event);
  auto stmt = conn.Prepare(
      "INSERT INTO case_events (id, pemda_id, case_id, kind, actor, at, payload, is_public, "
      "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, event.id).Bind(2, event.pemda_id).Bind(3, event.case_id);
  (*stmt)->Bind(4, event.kind).Bind(5, event.actor).Bind(6, ToMicros(event.at));
  (*stmt)->Bind(7, event.payload_json).Bind(8, event.is_public ? 1 : 0);
  (*stmt)->Bind(9, event.prev_hash).Bind(10, event.hash);
  if (auto s = (*stmt)->Run(); !s) return s;
  if (auto s = AppendSignal(conn, event, known); !s) return s;
  if (auto s = rows::NameFiles(conn, event); !s) return s;
  chain.last_event_id = event.id;
  chain.last_hash = event.hash;
  return {};
}

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> conn, CommitObserver* observer,
                                     size_t max_batch, std::unique_ptr<Checkpointer> checkpointer,
                                     Guard guard)
    : conn_(std::move(conn)),
      checkpointer_(std::move(checkpointer)),
      observer_(observer),
      max_batch_(max_batch),
      guard_(std::move(guard)) {
  if (checkpointer_) checkpointer_->Attach(*conn_);
  completer_ = std::thread([this] { CompleteLoop(); });
  thread_ = std::thread([this] { Loop(); });
}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  {
    std::lock_guard lock(completion_mutex_);
    completion_stopping_ = true;
  }
  completion_wake_.notify_one();
  completer_.join();  // tells the last batches first
  if (checkpointer_) checkpointer_->Detach(*conn_);
  checkpointer_.reset();
}

void GroupCommitWriter::Enqueue(Execute execute, Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Task{std::move(execute), std::move(done)});
  }
  wake_.notify_one();
}

Status GroupCommitWriter::Run(Execute execute) {
  std::promise<Status> promise;
  auto future = promise.get_future();
  Enqueue(std::move(execute), [&promise](Status s) { promise.set_value(std::move(s)); });
  return future.get();
}

void GroupCommitWriter::Loop() {
  for (;;) {
    std::deque<Task> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
  }
}

void GroupCommitWriter::CommitBatch(std::deque<Task>& batch) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<Status> outcomes(batch.size());
  auto fail_all = [&](const Error& error) {
    for (auto& o : outcomes) o = Fail(error);
  };

  Connection& conn = *conn_;
  ChainState chain;
  Status begun = guard_ ? guard_(conn) : Status{};
  if (begun) begun = RunCached(conn, "BEGIN IMMEDIATE");
  if (!begun) {
    fail_all(begun.error());
  } else {
    for (size_t i = 0; i < batch.size(); ++i) {
      const ChainState before = chain;
      if (auto s = RunCached(conn, "SAVEPOINT task"); !s) {
        outcomes[i] = s;
        continue;
      }
      outcomes[i] = RunTask(batch[i].execute, conn, chain);
      if (outcomes[i]) {
        (void)RunCached(conn, "RELEASE task");
      } else {
        chain = before;
        (void)conn.Exec("ROLLBACK TO task; RELEASE task");
      }
    }
    Status committed;
    if (chain.loaded) {
      auto update =
          conn.Prepare("UPDATE audit_head SET last_event_id = ?, last_hash = ? WHERE id = 1");
      if (!update) {
        committed = Fail(update.error());
      } else {
        (*update)->Bind(1, chain.last_event_id).Bind(2, chain.last_hash);
        committed = (*update)->Run();
      }
    }
    conn.ResetAll();
    if (committed) committed = RunCached(conn, "COMMIT");
    if (!committed) {
      (void)conn.Exec("ROLLBACK");
      fail_all(Error{ErrorCode::kUnavailable, "commit failed: " + committed.error().message});
    }
  }

  if (observer_) {
    observer_->OnCommit(batch.size(), std::chrono::steady_clock::now() - started);
  }
  Completion completion;
  completion.done.reserve(batch.size());
  for (auto& task : batch) completion.done.push_back(std::move(task.done));
  completion.outcomes = std::move(outcomes);
  {
    std::lock_guard lock(completion_mutex_);
    completions_.push_back(std::move(completion));
  }
  completion_wake_.notify_one();
}

void GroupCommitWriter::CompleteLoop() {
  for (;;) {
    Completion completion;
    {
      std::unique_lock lock(completion_mutex_);
      completion_wake_.wait(lock, [this] { return completion_stopping_ || !completions_.empty(); });
      if (completions_.empty()) return;  // stopping and drained
      completion = std::move(completions_.front());
      completions_.pop_front();
    }
    for (size_t i = 0; i < completion.done.size(); ++i) {
      if (completion.done[i]) completion.done[i](std::move(completion.outcomes[i]));
    }
  }
}

}  // namespace sigap::store::sqlite
