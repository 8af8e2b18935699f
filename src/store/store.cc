#include "store/store.h"

#include <future>

namespace sigap::store {

Result<std::vector<AppliedChange>> Store::ChangeCasesAndWait(
    PemdaId pemda, std::vector<CaseId> ids, std::optional<int64_t> expected_version,
    DecideChanges decide) {
  std::promise<Result<std::vector<AppliedChange>>> promise;
  auto future = promise.get_future();
  ChangeCases(
      pemda, std::move(ids), expected_version, std::move(decide),
      [&promise](Result<std::vector<AppliedChange>> r) { promise.set_value(std::move(r)); });
  return future.get();
}

Result<AlertUpsertOutcome> Store::UpsertAlert(const AlertUpsert& upsert) {
  auto outcomes = UpsertAlerts(std::span(&upsert, 1));
  if (!outcomes) return Fail(outcomes.error());
  return outcomes->front();
}

Result<SignalBatch> Store::ReplaySignals(PemdaId pemda, const SignalCursor& after, int limit) {
  SignalBatch batch;
  if (auto s = ReplaySignalsInto(pemda, after, limit, batch); !s) return Fail(s.error());
  return batch;
}

}  // namespace sigap::store
