#pragma once

#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "routing/text/classifier.h"
#include "store/store.h"

namespace sigap::app {

struct RetrainOptions {
  routing::text::TrainOptions train;
  routing::text::AbbreviationMap abbreviations;
  // A corpus learnt besides the dispositions (`sigap train --from FILE`);
  // its labels that name one of the Pemda's agencies (AgencyOfLabel) are
  // read as that agency's code.
  std::vector<routing::text::Example> corpus;
  int max_dispositions = 100000;  // the latest this many
  // The latest dispositions held out to compare the new model with the
  // active one: this many, at most a fifth of them.
  int holdout = 200;
  std::string created_by = "system";
};

struct RetrainReport {
  int dispositions = 0;          // read from the store
  int examples = 0;              // learnt by the new model (corpus + dispositions)
  int held_out = 0;              // compared on
  std::string previous_version;  // the active model before, "" for none
  double previous_top1 = -1;     // its top-1 accuracy on the held-out ones
  double candidate_top1 = -1;    // the new model's, trained without them
  int64_t id = 0;                // the new model's id in the store
  std::string version;
  bool promoted = false;
};

// Trains the Pemda's agency classifier from its own dispositions (case
// title and description -> the agency it was finally disposed to) and
// the corpus, keeps it in the store and promotes it (makes it active)
// unless it is worse than the active model on the latest held-out
// dispositions: a model trained without them is compared with the active
// one there, then the model kept learns them too. The previous model stays
// for a rollback (Store::ActivateTextModel). kInvalidArgument when there is
// too little to learn from (Classifier::Train); the store's errors.
[[nodiscard]] Result<RetrainReport> RetrainFromDispositions(store::Store& store,
                                                            domain::PemdaId pemda,
                                                            const Clock& clock,
                                                            const RetrainOptions& options);

}  // namespace sigap::app
