#include "store/store.h"

#include <future>
#include <memory>

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

namespace {

// Store::OpenSignalReplay's default: batch after batch, each read on its own.
class BatchByBatch final : public SignalReplay {
 public:
  BatchByBatch(Store& store, PemdaId pemda, const SignalCursor& after, int limit)
      : store_(store), pemda_(pemda), at_(after), limit_(limit) {}

  Status Next(SignalBatch& batch) override {
    if (auto s = store_.ReplaySignalsInto(pemda_, at_, limit_, batch); !s) return s;
    at_ = batch.next;
    return {};
  }

 private:
  Store& store_;
  const PemdaId pemda_;
  SignalCursor at_;
  const int limit_;
};

}  // namespace

Result<std::unique_ptr<SignalReplay>> Store::OpenSignalReplay(PemdaId pemda,
                                                              const SignalCursor& after,
                                                              int limit) {
  return std::unique_ptr<SignalReplay>(std::make_unique<BatchByBatch>(*this, pemda, after, limit));
}

}  // namespace sigap::store
