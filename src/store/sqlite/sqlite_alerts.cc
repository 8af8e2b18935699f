// SqliteStore: early-warning alerts with their evidence and lifecycle, and
// the case signals the detectors read (issue 9, migration 0009).
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "domain/alert_status.h"
#include "store/alert_rows.h"
#include "store/signal_rows.h"
#include "store/sqlite/leaf_readahead.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {
namespace {

// The shared rows of alerts (alert_rows.h).
using rows::InsertStep;
using rows::ReadAlert;

}  // namespace

Result<std::vector<AlertUpsertOutcome>> SqliteStore::UpsertAlerts(
    std::span<const AlertUpsert> upserts) {
  return rows::UpsertAlerts(*writer_, upserts);
}

Result<AlertPage> SqliteStore::ListAlerts(PemdaId pemda, const AlertFilter& filter) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::ListAlerts(***reader, pemda, filter);
}

Result<StoredAlert> SqliteStore::FindAlert(PemdaId pemda, int64_t id) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  if (auto s = (**reader)->Exec("BEGIN"); !s) return Fail(s.error());
  auto alert = ReadAlert(***reader, pemda, id);
  (void)(**reader)->Exec("COMMIT");
  return alert;
}

Result<StoredAlert> SqliteStore::MoveAlert(PemdaId pemda, int64_t id, const AlertMove& move) {
  StoredAlert moved;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
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

template <class Read>
std::invoke_result_t<Read, Connection&> SqliteStore::ReadSignals(Read read) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  if (auto s = (**reader)->Exec("BEGIN"); !s) return Fail(s.error());
  auto result = read(***reader);
  (void)(**reader)->Exec("COMMIT");
  return result;
}

Result<SignalBatch> SqliteStore::ListSignals(PemdaId pemda, const SignalCursor& after, int limit) {
  return ReadSignals(
      [&](Connection& conn) { return rows::ListSignals(conn, pemda, after, limit); });
}

Status SqliteStore::ReplaySignalsInto(PemdaId pemda, const SignalCursor& after, int limit,
                                      SignalBatch& batch) {
  return ReadSignals(
      [&](Connection& conn) { return rows::ReplaySignals(conn, pemda, after, limit, batch); });
}

namespace {

// SqliteStore::OpenSignalReplay: the store's batch after batch, the
// readahead told after each how far the replay has come.
class WithReadahead final : public SignalReplay {
 public:
  WithReadahead(std::unique_ptr<SignalReplay> replay, std::unique_ptr<LeafReadahead> readahead)
      : replay_(std::move(replay)), readahead_(std::move(readahead)) {}

  Status Next(SignalBatch& batch) override {
    if (auto s = replay_->Next(batch); !s) return s;
    readahead_->Reached(batch.next.event_at_micros);
    return {};
  }

 private:
  const std::unique_ptr<SignalReplay> replay_;
  const std::unique_ptr<LeafReadahead> readahead_;
};

}  // namespace

Result<std::unique_ptr<SignalReplay>> SqliteStore::OpenSignalReplay(PemdaId pemda,
                                                                    const SignalCursor& after,
                                                                    int limit) {
  // Where case_signals is: its root page, and the file's page size.
  auto tree = ReadSignals([&](Connection& conn) -> Result<std::pair<int64_t, int64_t>> {
    auto stmt = conn.Prepare(
        "SELECT (SELECT rootpage FROM sqlite_schema WHERE name = 'case_signals'), page_size "
        "FROM pragma_page_size()");
    if (!stmt) return Fail(stmt.error());
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    std::pair<int64_t, int64_t> found{};
    if (*row) found = {(*stmt)->Int(0), (*stmt)->Int(1)};
    (*stmt)->Reset();
    return found;
  });
  if (!tree) return Fail(tree.error());
  const auto [root, page_size] = *tree;
  // A replay from the start reads the Pemda's rows from the first.
  const int64_t from =
      after.replay_through_id == 0 ? std::numeric_limits<int64_t>::min() : after.event_at_micros;
  auto replay = Store::OpenSignalReplay(pemda, after, limit);
  if (!replay) return replay;
  std::unique_ptr<LeafReadahead> readahead;
  if (root > 0 && root <= UINT32_MAX && page_size > 0 && page_size <= UINT32_MAX) {
    readahead = LeafReadahead::Start(path_, static_cast<uint32_t>(page_size),
                                     static_cast<uint32_t>(root), pemda, from);
  }
  if (!readahead) return replay;
  return std::unique_ptr<SignalReplay>(
      std::make_unique<WithReadahead>(std::move(*replay), std::move(readahead)));
}

Result<std::optional<SignalState>> SqliteStore::LoadSignalState(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::LoadSignalState(***reader, pemda);
}

Status SqliteStore::SaveSignalState(PemdaId pemda, const SignalState& state) {
  return writer_->Run(
      [&](Connection& conn, ChainState&) { return rows::SaveSignalState(conn, pemda, state); });
}

}  // namespace sigap::store::sqlite
