// PostgresStore: early-warning alerts with their evidence and lifecycle, and
// the case signals the detectors read (issue 9, migration 0009).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <ranges>
#include <type_traits>

#include "domain/alert_status.h"
#include "store/alert_rows.h"
#include "store/postgres/postgres_store.h"
#include "store/signal_rows.h"

namespace sigap::store::postgres {
namespace {

// The shared rows of alerts (alert_rows.h).
using rows::InsertStep;
using rows::ReadAlert;

}  // namespace

Result<std::vector<AlertUpsertOutcome>> PostgresStore::UpsertAlerts(
    std::span<const AlertUpsert> upserts) {
  return rows::UpsertAlerts(*writer_, upserts);
}

Result<AlertPage> PostgresStore::ListAlerts(PemdaId pemda, const AlertFilter& filter) {
  using T = AlertPage;
  return Read<T>(
      [&](Connection& conn) -> Result<T> { return rows::ListAlerts(conn, pemda, filter); });
}

Result<StoredAlert> PostgresStore::FindAlert(PemdaId pemda, int64_t id) {
  using T = StoredAlert;
  return Read<T>([&](Connection& conn) -> Result<T> {
    if (auto s = conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
      return Fail(s.error());
    }
    auto alert = ReadAlert(conn, pemda, id);
    (void)conn.Exec("COMMIT");
    return alert;
  });
}

Result<StoredAlert> PostgresStore::MoveAlert(PemdaId pemda, int64_t id, const AlertMove& move) {
  StoredAlert moved;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    // The row first, locked: another node's move of the same alert is
    // committed before its status is read here, so the second of two
    // moves is judged against the first's outcome, as on one node.
    auto lock = conn.Prepare("SELECT id FROM alerts WHERE id = ?::bigint FOR UPDATE");
    if (!lock) return Fail(lock.error());
    (*lock)->Bind(1, id);
    if (auto row = (*lock)->Step(); !row) return Fail(row.error());
    (*lock)->Reset();
    auto current = ReadAlert(conn, pemda, id);
    if (!current) return Fail(current.error());
    if (!domain::AlertMoveAllowed(current->status, move.to)) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "the alert is " + std::string(domain::AlertStatusName(current->status)));
    }
    const std::string to(domain::AlertStatusName(move.to));
    auto update = conn.Prepare("UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?");
    if (!update) return Fail(update.error());
    (*update)->Bind(1, to).Bind(2, ToMicros(move.at)).Bind(3, id);
    if (auto s = (*update)->Run(); !s) return s;
    if (auto s = InsertStep(conn, id, domain::AlertStatusName(current->status), to, move.actor,
                            move.reason, move.at);
        !s) {
      return s;
    }
    auto after = ReadAlert(conn, pemda, id);
    if (!after) return Fail(after.error());
    moved = std::move(*after);
    return {};
  });
  if (!status) return Fail(status.error());
  return moved;
}

namespace {

// `read()` in one read-only snapshot of `conn`.
template <class F>
std::invoke_result_t<F> InSnapshot(Connection& conn, F read) {
  if (auto s = conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
    return Fail(s.error());
  }
  auto result = read();
  (void)conn.Exec("COMMIT");
  return result;
}

}  // namespace

Result<SignalBatch> PostgresStore::ListSignals(PemdaId pemda, const SignalCursor& after,
                                               int limit) {
  return Read<SignalBatch>([&](Connection& conn) {
    return InSnapshot(conn, [&] { return rows::ListSignals(conn, pemda, after, limit); });
  });
}

Status PostgresStore::ReplaySignalsInto(PemdaId pemda, const SignalCursor& after, int limit,
                                        SignalBatch& batch) {
  return Read<void>([&](Connection& conn) {
    return InSnapshot(conn, [&] { return rows::ReplaySignals(conn, pemda, after, limit, batch); });
  });
}

namespace {

// PostgresStore::OpenSignalReplay. Batch by batch, the server found a
// batch's rows while the replay waited, then the replay read them while
// the server waited: 10,000,000 events took 27-35 s, the server busy for
// 15 s of it (bench/RESULTS.md). Here, on a connection of its own, the next
// batch's case events are asked for (Statement::Send) as soon as this
// batch's end is known, before its rows are read into events.
class ReadAhead final : public SignalReplay {
 public:
  ReadAhead(std::unique_ptr<Connection> conn, PemdaId pemda, const SignalCursor& after, int limit)
      : conn_(std::move(conn)), pemda_(pemda), at_(after), limit_(std::clamp(limit, 1, 100000)) {}

  Status Next(SignalBatch& batch) override {
    batch.next = at_;
    batch.more = false;
    auto stmt = conn_->Prepare(rows::kSignalEventsByTime.c_str());
    if (!stmt) return Fail(stmt.error());
    Statement& events = **stmt;
    if (events.Sent() && !SameEvents(asked_, batch.next)) {
      // Asked for another start than this batch's: not what it reads.
      auto dropped = events.Step();
      events.Reset();
      if (!dropped) return Fail(dropped.error());
    }
    if (!events.Sent()) {
      if (auto s = rows::StartReplay(*conn_, batch.next); !s) return s;
      rows::BindReplayEvents(events, pemda_, batch.next, limit_);
    }
    if (auto first = events.Step(); !first) return Fail(first.error());
    const int read = events.Rows();
    events.Rewind();

    std::vector<SignalEvent> ratings;
    SignalCursor rating_cursor = batch.next;
    const int64_t until =
        rows::RatingsUntil(limit_, read, read > 0 ? events.IntAt(read - 1, kAt) : 0);
    auto rated = rows::ReadSignalRatings(*conn_, pemda_, rating_cursor, limit_, ratings, until);
    if (!rated) return Fail(rated.error());

    if (read == limit_ || *rated == limit_) {
      // The next batch starts after the last row this one keeps
      // (rows::FinishReplayBatch): ask for it now.
      const int64_t cut =
          rows::ReplayCut(limit_, read, events.IntAt(read - 1, kAt), *rated, ratings);
      const auto rows = std::views::iota(0, read);  // in time order
      const auto kept = std::ranges::partition_point(
                            rows, [&](int row) { return events.IntAt(row, kAt) <= cut; }) -
                        rows.begin();
      asked_ = batch.next;
      if (kept > 0) {
        asked_.event_id = events.IntAt(kept - 1, kEventId);
        asked_.event_at_micros = events.IntAt(kept - 1, kAt);
      }
      rows::BindReplayEvents(events, pemda_, asked_, limit_);
      if (auto s = events.Send(); !s) return s;
    }
    auto converted = rows::ReadSignalEvents(events, batch.events);
    if (!converted) return Fail(converted.error());
    rows::FinishReplayBatch(limit_, *converted, *rated, ratings, batch);
    at_ = batch.next;
    return {};
  }

 private:
  // Columns of rows::kSignalEventSelect.
  static constexpr int kEventId = 0;
  static constexpr int kAt = 2;

  static bool SameEvents(const SignalCursor& a, const SignalCursor& b) {
    return a.event_id == b.event_id && a.event_at_micros == b.event_at_micros &&
           a.replay_through_id == b.replay_through_id;
  }

  std::unique_ptr<Connection> conn_;
  const PemdaId pemda_;
  SignalCursor at_;
  SignalCursor asked_;  // where the batch Send asked for starts
  const int limit_;
};

}  // namespace

Result<std::unique_ptr<SignalReplay>> PostgresStore::OpenSignalReplay(PemdaId pemda,
                                                                      const SignalCursor& after,
                                                                      int limit) {
  auto conn = Connection::Open(url_, options_.connect_timeout_s, options_.statement_timeout_ms);
  if (!conn) return Fail(conn.error());
  return std::unique_ptr<SignalReplay>(
      std::make_unique<ReadAhead>(std::move(*conn), pemda, after, limit));
}

Result<std::optional<SignalState>> PostgresStore::LoadSignalState(PemdaId pemda) {
  using T = std::optional<SignalState>;
  return Read<T>([&](Connection& conn) { return rows::LoadSignalState(conn, pemda); });
}

Status PostgresStore::SaveSignalState(PemdaId pemda, const SignalState& state) {
  return writer_->Run(
      [&](Connection& conn, ChainState&) { return rows::SaveSignalState(conn, pemda, state); });
}

}  // namespace sigap::store::postgres
