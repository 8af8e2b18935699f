#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/text_routing.h"
#include "domain/result.h"
#include "domain/time.h"
#include "routing/text/classifier.h"
#include "store/store.h"

namespace sigap::app {

struct RetrainOptions {
  std::string target = std::string(kAgencyTarget);  // kAgencyTarget or kCategoryTarget
  routing::text::TrainOptions train;
  routing::text::AbbreviationMap abbreviations;
  // A corpus learnt besides the dispositions (`sigap train --from FILE`);
  // its labels that name one of the Pemda's agencies (AgencyOfLabel) or,
  // for the category, categories (CategoryOfLabel) are read as its code.
  std::vector<routing::text::Example> corpus;
  int max_dispositions = 100000;  // the latest this many
  // The latest dispositions (unseen by the active model) held out to
  // compare the new model with it: at most this many, and a fifth of all.
  int holdout = 200;
  std::string created_by = "system";
};

struct RetrainReport {
  int dispositions = 0;          // read from the store
  int examples = 0;              // learnt by the new model (corpus + dispositions)
  int corpus_duplicates = 0;     // corpus reports left out: the same text as a disposition
  int held_out = 0;              // compared on
  std::string previous_version;  // the active model before, "" for none
  double previous_top1 = -1;     // its top-1 accuracy on the held-out ones
  double candidate_top1 = -1;    // the new model's, trained without them
  int64_t id = 0;                // the new model's id in the store
  std::string version;
  bool promoted = false;
};

// Trains the Pemda's agency classifier from its own dispositions (case
// title and description -> the agency it was finally disposed to; for the
// category target, every case with a category -> that category, dated by
// its disposition, else its filing: Store::ListCategorized) and the corpus, keeps it in the store
// under its target and promotes it (makes it active) unless it is worse than the active model on
// the held-out dispositions: the latest ones the active model has never seen (disposed after it was
// made; at most `holdout`, at most a fifth of all). A model trained without
// them is compared with the active one there, then the model kept learns
// them too. With none held out (no active model, or nothing disposed since
// it) the new model, trained on the same or newer data and the current
// policy, is promoted. The model is dated from when its data was read. The
// previous model stays for a rollback (Store::ActivateTextModel).
// kInvalidArgument when there is too little to learn from
// (Classifier::Train) or the target is unknown; the store's errors.
[[nodiscard]] Result<RetrainReport> RetrainFromDispositions(store::Store& store,
                                                            domain::PemdaId pemda,
                                                            const Clock& clock,
                                                            const RetrainOptions& options);

// What the trainer last did for a Pemda (on this node).
struct TrainingRun {
  std::string trigger;  // "request", "first_model", "new_dispositions", "settings_changed"
  std::string target = std::string(kAgencyTarget);
  std::string requested_by;
  Timestamp started_at{};
  std::optional<Timestamp> finished_at;  // unset while it runs
  std::optional<RetrainReport> report;   // when it succeeded
  std::string error;                     // when it failed
};

// A Pemda's training as the screens show it.
struct TrainingStatus {
  bool queued = false;
  bool running = false;
  std::optional<TrainingRun> last;  // the latest run, perhaps the one running
};

// Retrains the Pemda's classifiers in the background (issue 8), on a
// thread of its own: either target when asked (Request: an administrator's
// "train now"), and the agency's when Check finds it due under the Pemda's
// policy
// (store::TextRoutingSettings):
//   first_model        no model yet, and retrain_min_new dispositions (at
//                      least 50) to learn from;
//   new_dispositions   retrain_min_new cases disposed since the newest model;
//   settings_changed   the policy changed since the newest model, and the
//                      active one was trained for another target precision
//                      or minimum confidence than the Pemda's now.
// A new_dispositions run of the agency's model is followed by one of the
// category's when the Pemda has a category model (the first one is
// trained on request). retrain_min_new 0 (the default) turns the first two
// off. A training that failed (too few examples) is not tried again by
// Check until a case is disposed after it. Each run is RetrainFromDispositions, trained for the
// Pemda's target precision and minimum confidence: promoted only if not
// worse on the latest held-out dispositions.
//
// Thread-safe. Check runs on the leading node only (serve.cc).
class TextTrainer {
 public:
  // `store` and `clock` must outlive this object. `base` gives the
  // training options, the abbreviations and the corpus of every run.
  TextTrainer(store::Store& store, const Clock& clock, RetrainOptions base);
  ~TextTrainer();
  TextTrainer(const TextTrainer&) = delete;
  TextTrainer& operator=(const TextTrainer&) = delete;

  // Queues a run for `pemda`'s `target` model; false when a run of the
  // Pemda is already queued or running. The base corpus (agency labels) is
  // learnt by agency models only.
  bool Request(domain::PemdaId pemda, std::string requested_by,
               std::string_view target = kAgencyTarget);

  // Why `pemda`'s model is due for retraining now, "" when it is not.
  [[nodiscard]] Result<std::string> DueReason(domain::PemdaId pemda);

  // Queues `pemda` when its model is due (DueReason); true when queued.
  bool CheckPemda(domain::PemdaId pemda);

  // Queues every Pemda whose model is due; returns how many were queued.
  int Check();

  TrainingStatus Status(domain::PemdaId pemda) const;

  // Waits until nothing is queued or running (tests, shutdown).
  void WaitIdle();

 private:
  struct Job {
    domain::PemdaId pemda = 0;
    std::string trigger;
    std::string requested_by;
    std::string target = std::string(kAgencyTarget);
  };
  bool Enqueue(Job job);
  void Run();
  // Runs the job; true when the category model is to be retrained next
  // (an automatic agency run after new dispositions, the Pemda having a
  // category model).
  bool Train(const Job& job);

  store::Store& store_;
  const Clock& clock_;
  const RetrainOptions base_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Job> queue_;
  std::optional<domain::PemdaId> running_;
  std::map<domain::PemdaId, TrainingRun> last_;
  // The newest disposition when a run of the Pemda failed: Check waits for a newer one.
  std::map<domain::PemdaId, Timestamp> failed_at_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace sigap::app
