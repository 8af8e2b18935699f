#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "app/case_workflow.h"
#include "domain/case_event.h"
#include "domain/catalogue.h"
#include "domain/category.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "domain/time.h"
#include "routing/text/classifier.h"
#include "store/store.h"

namespace sigap::app {

// What a stored model predicts (TextModelRecord::label): the responsible
// agency, or the case's category in the Pemda's taxonomy.
inline constexpr std::string_view kAgencyTarget = "agency";
inline constexpr std::string_view kCategoryTarget = "category";

// What the text classifier proposed for a case: the routing_suggested
// event's agency ("" when it proposed nothing) and model version.
struct TextSuggestion {
  std::string agency_code;
  std::string model;
};

// The code of the Pemda's agency a model label names: the label is an
// agency's code, its name, or its name followed by the Pemda's name
// ("Dinas Perhubungan Kota Semarang"), letter case aside. "" when none is
// (a label of another government's agency, or the pooled "(lainnya)").
std::string AgencyOfLabel(std::string_view label, const std::vector<domain::Agency>& agencies,
                          std::string_view pemda_name);

// The code of the Pemda's category a model label names: its code or its
// name, letter case aside. "" when none is.
std::string CategoryOfLabel(std::string_view label,
                            const std::vector<domain::Category>& categories);

// The latest routing_suggested event of `events`, if any.
std::optional<TextSuggestion> LatestTextSuggestion(const std::vector<domain::CaseEvent>& events);

// The routing_suggested event (internal) for `prediction` by the model
// `model_version`: the model's "labels", the Pemda's "agencies" they name
// (AgencyOfLabel; "" for none) and "probabilities" (3 decimals, as
// strings), likeliest first; the "words" that weighed most; "decision"
// (auto, propose or human) and "agency_code", the proposal — only when the
// decision is not human and the best label names an agency of the Pemda
// (a pooled "(lainnya)" label, an unknown agency or a probability below the
// model's minimum confidence goes to a verifier without one).
domain::EventDraft SuggestionEvent(const routing::text::Prediction& prediction,
                                   const std::vector<std::string>& agencies,
                                   const std::string& model_version, Timestamp at);

// The category model's part of the routing_suggested event, added to
// `event`'s payload: "category_model", "category_labels", "categories" (the
// Pemda's category codes they name, CategoryOfLabel; "" for none) and
// "category_probabilities", likeliest first; and "category_code", its
// proposal, when the best label names an offered category of the Pemda
// with a probability of at least `min_confidence`.
void AddCategorySuggestion(domain::EventDraft& event, const routing::text::Prediction& prediction,
                           const std::vector<domain::Category>& categories,
                           const std::string& model_version, double min_confidence);

// The decision for `prediction` under the Pemda's policy `settings`:
// nothing is proposed below its minimum confidence (or for the pooled
// "(lainnya)" label); a proposal is automatic when the probability reaches
// the threshold the model chose on its validation data, and only if the
// model chose it for at least the Pemda's target precision (a model trained
// for 90% never disposes by itself for a Pemda that asks 95%; the trainer
// retrains it for the new target).
routing::text::Decision PolicyDecision(const routing::text::Classifier& model,
                                       const routing::text::Prediction& prediction,
                                       const store::TextRoutingSettings& settings);

// Routing by text (issue 8): classifies each new case after its commit,
// on a thread of its own, and appends a routing_suggested event to it.
// The model is the Pemda's active one in the store (`sigap train`, checked
// before every case so a promotion or rollback takes effect at once), else
// the model file given at creation, else none (nothing is appended). When
// the Pemda also has an active category model, the event carries its
// proposal too (AddCategorySuggestion).
// Intake never waits for it: Enqueue only queues.
//
// Thread-safe.
class TextRouter {
 public:
  // `store` and `clock` must outlive this object. `model_file` may be ""
  // (none); kNotFound or kInvalidArgument when it cannot be read.
  [[nodiscard]] static Result<std::unique_ptr<TextRouter>> Create(
      store::Store& store, const Clock& clock, const std::filesystem::path& model_file);
  ~TextRouter();
  TextRouter(const TextRouter&) = delete;
  TextRouter& operator=(const TextRouter&) = delete;

  // Queues a case just filed; returns at once. Its suggestion is written
  // only if nothing happened to the case meanwhile, else a catch-up looks
  // at it again (CatchUp). Beyond the queue's limit new cases are not
  // queued but caught up on once the queue is empty.
  void Enqueue(domain::PemdaId pemda, domain::CaseId id, std::string title,
               std::string description);

  // With a workflow, a case whose proposal is automatic is verified and
  // disposed at once when the Pemda's policy allows it
  // (TextRoutingSettings::auto_dispose). Set before the first Enqueue.
  void SetWorkflow(const CaseWorkflow* workflow) { workflow_ = workflow; }

  // Catches up on every Pemda's cases filed until now that are still
  // received and have no suggestion (the server stopped before it
  // classified them, or they came while it was off): once the queue is
  // empty and the catch-up delay has passed, they are classified like new
  // ones, lowest id first, 64 at a time. Each suggestion is written only if
  // the case has not changed since it was read (a verifier was quicker,
  // another node caught up first). The cases a full queue could not take
  // are caught up on the same way without asking. A case filed before the
  // Pemda's policy was saved is only proposed, never disposed by that
  // policy. Call after SetWorkflow.
  void CatchUp();

  // How long after a case was filed the catch-up may take it: long enough
  // for a case just committed (here or on another node) to be classified
  // through its own node's queue instead, not twice. 10 s unless set.
  void SetCatchUpDelay(std::chrono::milliseconds delay);
  // How many cases may wait in the queue; 10,000 unless set.
  void SetQueueLimit(size_t limit);

  // Classifies the case now and appends its event (disposing the case when
  // the policy allows); returns false when no model applies or the text
  // has no word to read. Errors are the store's.
  [[nodiscard]] Result<bool> Suggest(domain::PemdaId pemda, domain::CaseId id,
                                     const std::string& title, const std::string& description);

  // Waits until every queued case is done, and every catch-up (after its
  // delay) too (tests).
  void WaitIdle();

  // The model that classifies the Pemda's cases now: its active model in
  // the store, else the model file, else none; and whether it came from
  // the store.
  struct ActiveModel {
    std::shared_ptr<const routing::text::Classifier> model;
    bool stored = false;
  };
  ActiveModel ModelNow(domain::PemdaId pemda);

 private:
  struct Job {
    domain::PemdaId pemda = 0;
    domain::CaseId id = 0;
    std::string title;
    std::string description;
    std::optional<int64_t> version;  // the version it was read at; none: any
    // When a case caught up on was filed; none: just now. The Pemda's
    // policy disposes automatically only cases filed under it.
    std::optional<Timestamp> filed_at;
  };
  // A Pemda's cases to catch up on (Store::ListUnsuggestedCases): ids in
  // (after, upto], filed by `filed_by`, not before `due`.
  struct Backlog {
    domain::CaseId after = 0;
    domain::CaseId upto = 0;
    Timestamp filed_by{};
    std::chrono::steady_clock::time_point due{};
    int64_t suggested = 0;  // so far, for the log
  };
  struct Cached {
    std::string version;
    std::shared_ptr<const routing::text::Classifier> model;
  };

  // What a suggestion reads of its Pemda besides the case. The worker
  // reads it once for the cases it takes from the queue together (a batch:
  // all those waiting, up to kBatch), not once per case, and queues their
  // events together, so that they share the store's group commit.
  struct PemdaView {
    std::shared_ptr<const routing::text::Classifier> model;  // none: no suggestion
    std::shared_ptr<const routing::text::Classifier> by_category;
    std::vector<domain::Agency> agencies;
    std::string name;
    store::TextRoutingSettings settings;
    std::vector<domain::Category> categories;  // read when there is a category model
  };
  static constexpr size_t kBatch = 64;

  TextRouter(store::Store& store, const Clock& clock,
             std::shared_ptr<const routing::text::Classifier> file_model);
  // The Pemda's active model of `target` ("agency" falls back to the file).
  std::shared_ptr<const routing::text::Classifier> ModelFor(domain::PemdaId pemda,
                                                            std::string_view target);
  [[nodiscard]] Result<PemdaView> ReadPemda(domain::PemdaId pemda);
  // A case's suggestion, ready to be written: its event and, when the
  // policy lets Sigap dispose the case by itself, to whom and why.
  struct Classified {
    domain::PemdaId pemda = 0;
    domain::CaseId id = 0;
    std::optional<int64_t> version;  // Job::version
    domain::EventDraft event;
    std::string model;
    std::string automatic;  // "" unless disposed automatically
    std::string basis;
  };
  // Classifies the case; nothing when no model applies or the text has no
  // word to read.
  std::optional<Classified> Classify(const PemdaView& view, const Job& job) const;
  // Queues the suggestion's transaction (through the workflow, when set);
  // `done` runs after the commit, on the store's thread.
  void Queue(Classified suggestion, SuggestionCallback done);
  void Run();
  // Classifies the batch and writes its suggestions; returns how many were
  // written.
  int64_t Process(const std::vector<Job>& batch);
  // The next page of `backlog` as jobs, `backlog` moved past it; nothing
  // when its Pemda has no model or no case is left (`more` false).
  std::vector<Job> ReadBacklog(domain::PemdaId pemda, Backlog& backlog, bool& more);
  // Adds `more` to the Pemda's backlog (one range covering both). With
  // `mutex_` held.
  void AddBacklog(domain::PemdaId pemda, const Backlog& more);

  store::Store& store_;
  const Clock& clock_;
  const std::shared_ptr<const routing::text::Classifier> file_model_;
  const CaseWorkflow* workflow_ = nullptr;
  std::mutex models_mutex_;
  std::map<std::pair<domain::PemdaId, std::string>, Cached, std::less<>> stored_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Job> queue_;
  std::map<domain::PemdaId, Backlog> backlog_;  // taken out while a page is done
  std::chrono::milliseconds catch_up_delay_{10000};
  size_t queue_limit_ = 10000;
  bool busy_ = false;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace sigap::app
