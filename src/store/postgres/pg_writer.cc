#include "store/postgres/pg_writer.h"

#include <chrono>
#include <exception>
#include <future>
#include <vector>

#include "store/codec.h"
#include "store/file_rows.h"

namespace sigap::store::postgres {
namespace {

Status RunTask(const PgWriter::Execute& execute, Connection& conn, ChainState& chain) {
  try {
    return execute(conn, chain);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("write task failed: ") + e.what());
  }
}

constexpr int kAttempts = 3;  // a batch is run at most this often on lost connections

}  // namespace

Status LockChain(Connection& conn, ChainState& chain) {
  if (chain.loaded) return {};
  auto head =
      conn.Prepare("SELECT last_event_id, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
  if (!head) return Fail(head.error());
  auto row = (*head)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kInternal, "audit_head is missing");
  chain.last_event_id = (*head)->Int(0);
  chain.last_hash = (*head)->Text(1);
  chain.loaded = true;
  (*head)->Reset();
  return {};
}

Status QueueSubmittedWebhooks(Connection& conn, const domain::CaseEvent& event,
                              const std::string& payload) {
  auto notify = conn.Prepare(
      "INSERT INTO outbox (pemda_id, case_id, event_id, channel, audience, template, payload, "
      "created_at, next_attempt_at) "
      "SELECT ?::bigint, ?::bigint, ?::bigint, 'webhook', 'webhook:' || id, 'submitted', "
      "?::text, ?::bigint, ?::bigint FROM webhooks WHERE pemda_id = ?::bigint AND active = 1 "
      "AND (events = '[]' OR EXISTS (SELECT 1 FROM jsonb_array_elements_text("
      "webhooks.events::jsonb) AS w(value) WHERE w.value = 'submitted'))");
  if (!notify) return Fail(notify.error());
  auto& n = **notify;
  n.Bind(1, event.pemda_id).Bind(2, event.case_id).Bind(3, event.id).Bind(4, payload);
  n.Bind(5, ToMicros(event.at)).Bind(6, ToMicros(event.at)).Bind(7, event.pemda_id);
  return n.Run();
}

Status AppendEvent(Connection& conn, ChainState& chain, domain::CaseEvent& event) {
  if (auto s = LockChain(conn, chain); !s) return s;
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
  if (auto s = rows::NameFiles(conn, event); !s) return s;
  chain.last_event_id = event.id;
  chain.last_hash = event.hash;
  return {};
}

PgWriter::PgWriter(std::string url, std::unique_ptr<Connection> conn, CommitObserver* observer,
                   size_t max_batch, int connect_timeout_s,
                   std::chrono::milliseconds response_timeout)
    : url_(std::move(url)),
      connect_timeout_s_(connect_timeout_s),
      response_timeout_(response_timeout),
      conn_(std::move(conn)),
      observer_(observer),
      max_batch_(max_batch),
      backend_pid_(conn_->BackendPid()) {
  Bound();
  thread_ = std::thread([this] { Loop(); });
}

void PgWriter::Bound() {
  if (response_timeout_.count() <= 0) return;
  conn_->SetResponseTimeout(response_timeout_);
  // Failing, the connection is Broken and the next batch reconnects.
  (void)conn_->Exec("SET idle_in_transaction_session_timeout = " +
                    std::to_string(response_timeout_.count()));
}

PgWriter::~PgWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void PgWriter::Enqueue(Execute execute, Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Task{std::move(execute), std::move(done), std::chrono::steady_clock::now()});
  }
  wake_.notify_one();
}

Status PgWriter::Run(Execute execute) {
  std::promise<Status> promise;
  auto future = promise.get_future();
  Enqueue(std::move(execute), [&promise](Status s) { promise.set_value(std::move(s)); });
  return future.get();
}

int PgWriter::BackendPid() {
  std::lock_guard lock(mutex_);
  return backend_pid_;
}

void PgWriter::Loop() {
  for (;;) {
    std::deque<Task> batch;
    std::deque<Task> expired;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // Those that waited longer than the server may take to answer (the
      // batches before them waited on a server that did not answer) fail
      // unrun: their clients are not kept waiting twice as long.
      const auto now = std::chrono::steady_clock::now();
      while (!queue_.empty() && batch.size() < max_batch_) {
        const bool late = response_timeout_.count() > 0 && stopping_ == false &&
                          now - queue_.front().queued > response_timeout_;
        (late ? expired : batch).push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    for (Task& task : expired) {
      if (task.done) {
        task.done(Fail(ErrorCode::kUnavailable, "PostgreSQL did not take the write within " +
                                                    std::to_string(response_timeout_.count()) +
                                                    " ms; nothing was written"));
      }
    }
    if (!batch.empty()) CommitBatch(batch);
  }
}

Status PgWriter::Reconnect() {
  auto conn = Connection::Open(url_, connect_timeout_s_);
  if (!conn) return Fail(conn.error());
  conn_ = std::move(*conn);
  Bound();
  std::lock_guard lock(mutex_);
  backend_pid_ = conn_->BackendPid();
  return {};
}

std::vector<Status> PgWriter::Attempt(std::deque<Task>& batch, bool& retry, size_t& items) {
  std::vector<Status> outcomes(batch.size());
  items = batch.size();
  auto fail_all = [&](const Error& error) {
    for (auto& o : outcomes) o = Fail(error);
  };
  retry = false;
  Connection& conn = *conn_;
  ChainState chain;
  if (const Status begun = conn.Exec("BEGIN"); !begun) {
    retry = conn.Broken();
    fail_all(begun.error());
    return outcomes;
  }
  // One task needs no savepoint: when it fails, the whole transaction goes.
  const bool savepoints = batch.size() > 1;
  for (size_t i = 0; i < batch.size(); ++i) {
    const ChainState before = chain;
    if (savepoints) {
      if (auto s = conn.Exec("SAVEPOINT task"); !s) {
        outcomes[i] = s;
        if (conn.Broken()) break;
        continue;
      }
    }
    outcomes[i] = RunTask(batch[i].execute, conn, chain);
    if (conn.Broken()) break;
    if (!savepoints) continue;
    if (outcomes[i]) {
      (void)conn.Exec("RELEASE task");
    } else {
      chain = before;
      (void)conn.Exec("ROLLBACK TO task; RELEASE task");
    }
  }
  if (conn.Broken()) {
    // The server rolled the transaction back: nothing of this batch exists.
    retry = true;
    fail_all(Error{ErrorCode::kUnavailable, "the connection to PostgreSQL was lost"});
    return outcomes;
  }
  if (!savepoints && !outcomes[0]) {
    (void)conn.Exec("ROLLBACK");
    return outcomes;
  }
  items = batch.size() + chain.extra_items;
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
  if (!committed) {
    retry = conn.Broken();
    (void)conn.Exec("ROLLBACK");
    fail_all(Error{ErrorCode::kUnavailable, "commit failed: " + committed.error().message});
    return outcomes;
  }
  // Lost during COMMIT, the outcome is unknown: no retry (a case could be
  // written twice), the clients retry with their idempotency keys.
  if (committed = conn.Exec("COMMIT"); !committed) {
    if (!conn.Broken()) (void)conn.Exec("ROLLBACK");
    fail_all(Error{ErrorCode::kUnavailable, "commit failed: " + committed.error().message});
  }
  return outcomes;
}

void PgWriter::CommitBatch(std::deque<Task>& batch) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<Status> outcomes;
  size_t items = batch.size();
  for (int attempt = 1;; ++attempt) {
    bool retry = false;
    if (conn_->Broken()) {
      if (auto s = Reconnect(); !s) {
        outcomes.assign(batch.size(), Fail(s.error()));
        if (attempt < kAttempts) {
          std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
          continue;
        }
        break;
      }
    }
    outcomes = Attempt(batch, retry, items);
    // A server that did not answer within the response timeout would keep
    // the batch as long again on a new connection.
    if (!retry || attempt >= kAttempts || conn_->TimedOut()) break;
  }

  if (observer_) {
    observer_->OnCommit(items, std::chrono::steady_clock::now() - started);
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].done) batch[i].done(std::move(outcomes[i]));
  }
  // The next batch starts on a good connection (after the clients of this
  // one heard their outcome: a server that does not answer makes them wait
  // for nothing).
  if (conn_->Broken()) (void)Reconnect();
}

}  // namespace sigap::store::postgres
