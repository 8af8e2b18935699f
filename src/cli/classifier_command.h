#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "routing/text/classifier.h"

namespace CLI {
class App;
}

namespace sigap::cli {

// Flags shared by `sigap eval` and `sigap train`, as typed.
struct ClassifierFlags {
  std::string file;              // the CSV with a header
  std::string label = "agency";  // the column to predict: agency or category
  bool no_subject = false;       // classify the text alone, without the subject column
  std::string abbreviations;     // "" = data/routing/abbreviations.tsv
  std::string kind = "linear";   // linear or fasttext
  std::string steps = "mask,abbrev,stem,subject";
  double c = 10.0;
  std::string char_ngrams = "2-5";  // MIN-MAX, or 0 for none
  int word_ngrams = 2;
  bool no_sublinear = false;
  std::string char_tf = "word";  // the character block's TF: over the text, or word by word
  bool balanced = true;
  bool logistic = false;
  bool no_nb = false;  // no NBSVM scaling of the SVM's features
  double nb_beta = 0.5;
  double nb_alpha = 1.0;
  double logistic_mix = 0.5;  // share of a logistic regression in the SVM's weights
  bool crammer_singer = false;
  int max_negatives = 2000;  // per one-vs-rest problem; 0: all
  double char_weight = 1.0;
  std::string scaling = "matrix";  // temperature, vector or matrix (routing::text::ScalingKind)
  double odir_lambda = 20;
  double odir_mu = 0.01;
  int min_per_class = 10;
  double target_precision = 0.95;
  double min_confidence = 0.2;
  unsigned seed = 42;
  int threads = 0;  // 0: every core (the model does not depend on it)
  // eval only
  int folds = 5;
  std::string format = "text";  // text or json
  std::string model;            // evaluate this model file instead of cross-validating
  bool no_baselines = false;
  // train only
  std::string output;  // "" = train from the database's dispositions (store mode)
  // store mode
  std::optional<std::string> db;           // default database.path
  std::optional<std::string> config_file;  // default ./sigap.toml when present
  std::string pemda;                       // default pemda.code, else the only one
  int holdout = 200;                       // latest dispositions held out for promotion
  bool rollback = false;                   // activate the model before the active one
  bool list = false;                       // list the stored models
  const char* argv0 = nullptr;
};

// The reports of a CSV with a header: `label_column` (rows with an empty
// one are skipped and counted), `text` and, when `use_subject`, `subject`
// (routing::text::ComposeReport). Errors name the file and line.
struct LabelledReports {
  std::vector<routing::text::Example> examples;
  int skipped = 0;  // rows without a label
};
[[nodiscard]] Result<LabelledReports> ReadLabelledReports(const std::string& file,
                                                          const std::string& label_column,
                                                          bool use_subject);

// `sigap eval FILE.csv --label agency|category`: stratified k-fold
// cross-validation of the classifier and the baselines, or (--model) the
// figures of a saved model on FILE. Returns 0 on success, 1 for unreadable
// or unsuitable input (the message names the file and line), 2 for a bad flag.
int Eval(const ClassifierFlags& flags, std::ostream& out, std::ostream& err);

// `sigap train --from FILE.csv --label agency|category --output PATH`:
// trains a classifier and writes the model file. Without --output:
// trains the Pemda's agency classifier from its dispositions in the
// database (plus FILE when --from is given), keeps it there and promotes
// it unless it is worse on the latest held-out dispositions
// (app::RetrainFromDispositions); --rollback activates the previous
// model, --list lists them. Same exit codes.
int Train(const ClassifierFlags& flags, std::ostream& out, std::ostream& err);

// Registers `eval` and `train` on `app`, with their flags stored in `flags`.
struct ClassifierCommands {
  CLI::App* eval = nullptr;
  CLI::App* train = nullptr;
  ClassifierFlags eval_flags;
  ClassifierFlags train_flags;
};
void AddClassifierCommands(CLI::App& app, ClassifierCommands& commands);

// Runs whichever of the two was parsed; nullopt when neither was.
std::optional<int> RunClassifierCommands(const ClassifierCommands& commands, const char* argv0);

}  // namespace sigap::cli
