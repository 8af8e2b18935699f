#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "routing/text/fasttext_model.h"
#include "routing/text/linear_text_model.h"
#include "routing/text/normalizer.h"
#include "routing/text/score_scaling.h"
#include "routing/text/text_model.h"

namespace sigap::routing::text {

// The label of the reports whose agency had too few examples to learn: a
// prediction of it always goes to a human.
inline constexpr std::string_view kOtherLabel = "(lainnya)";

// A report and the agency (or category) it belongs to.
struct Example {
  std::string text;
  std::string label;
};

struct TrainOptions {
  std::string kind = "linear";  // "linear" or "fasttext"
  NormalizerSteps steps;
  LinearOptions linear;
  FastTextOptions fasttext;
  // Labels with fewer examples are pooled into kOtherLabel (a human decides).
  int min_examples = 10;
  // Out-of-fold scores over this many folds of the training data fit the
  // calibration and the auto-dispose threshold (< 2: no calibration).
  int calibration_folds = 5;
  // The calibration folds' models are trained and scored in turn until at
  // least this many examples have out-of-fold scores (0: all folds):
  // enough to fit one temperature and one threshold. On 100,000 reports
  // one fold's model (4/5 of the data) is trained, not five.
  int calibration_sample = 10000;
  // What the out-of-fold scores fit besides the temperature.
  ScalingOptions scaling;
  double target_precision = 0.95;  // of automatic dispositions
  double min_confidence = 0.2;     // below it, nothing is proposed
  uint32_t seed = 42;
};

struct LabelProbability {
  std::string label;
  double probability = 0;
};

// What to do with a report, from the calibrated confidence of the best label.
enum class Decision {
  kAuto,     // >= auto_threshold: may be disposed without a verifier (if the Pemda allows)
  kPropose,  // >= min_confidence: proposed, a verifier confirms or overrides
  kHuman,    // below that, or the best label is kOtherLabel: a verifier decides alone
};

std::string_view DecisionName(Decision decision);  // "auto", "propose", "human"

struct Prediction {
  std::vector<LabelProbability> top;  // the k likeliest labels, likeliest first
  Decision decision = Decision::kHuman;
  std::vector<WordWeight> words;  // the words that weighed most for top[0]
};

// A label as a model keeps it: its first line, cut at an HTML line break
// (some exported reports carry the report's text in the label column
// after a "<br />"), spaces trimmed. "" when nothing is left.
std::string CleanLabel(std::string_view label);

// The text a classifier reads for a report: its subject (the case title)
// twice, then its body. The subject is the citizen's own summary, and
// counting its words twice weighs it as a field of its own would
// (bench/RESULTS.md: +1.5 points of top-1 accuracy). Either part may be "".
std::string ComposeReport(std::string_view subject, std::string_view body);

// Splits `labels` into `folds` stratified folds: each label's examples are
// shuffled (with `seed`) and dealt round-robin. Returns each example's fold.
std::vector<int> StratifiedFolds(const std::vector<int>& labels, int folds, uint32_t seed);

// A trained text classifier: the normaliser, a TextModel, a temperature and
// (by default) a matrix scaling that calibrate the model's scores into
// probabilities (softmax(W (score / T) + b), T, W and b fitted on held-out
// folds: score_scaling.h), and the thresholds that turn a probability
// into a Decision. Saved to and loaded from one file; its version id is a
// hash of the file's content.
//
// Immutable; Predict may be called from several threads at once.
class Classifier {
 public:
  // Trains on `examples`. Fails with kInvalidArgument when an example has
  // an empty label or fewer than two labels have min_examples examples.
  [[nodiscard]] static Result<std::unique_ptr<Classifier>> Train(
      const std::vector<Example>& examples, const TrainOptions& options,
      AbbreviationMap abbreviations);

  // Reads a model file: kNotFound when it cannot be read, kInvalidArgument
  // when it is not a model file, is of an unknown format or is damaged.
  [[nodiscard]] static Result<std::unique_ptr<Classifier>> Load(const std::filesystem::path& file);

  // Reads a model from the bytes of a model file (kept in the database,
  // say); `name` names it in errors. kInvalidArgument as Load.
  [[nodiscard]] static Result<std::unique_ptr<Classifier>> Parse(const std::string& bytes,
                                                                 const std::string& name);

  // Writes the model file (replacing it atomically); kUnavailable on I/O errors.
  [[nodiscard]] Status Save(const std::filesystem::path& file) const;

  // The bytes Save writes.
  std::string Serialize() const;

  // The `k` likeliest labels with calibrated probabilities, the decision
  // and up to `words` influential words. kInvalidArgument for a text with no
  // word in it ("", punctuation only).
  [[nodiscard]] Result<Prediction> Predict(std::string_view text, int k, int words = 0) const;

  // The calibrated probability of every label (labels() order), summing to
  // 1; same errors as Predict.
  [[nodiscard]] Result<std::vector<double>> Probabilities(std::string_view text) const;

  // The probabilities of an already normalised text.
  std::vector<double> ProbabilitiesOfNormalized(std::string_view normalized) const;

  const std::vector<std::string>& labels() const { return labels_; }
  const std::string& version() const { return version_; }
  const std::string& kind() const { return kind_; }
  const Normalizer& normalizer() const { return *normalizer_; }
  double temperature() const { return temperature_; }
  double auto_threshold() const { return auto_threshold_; }
  double min_confidence() const { return min_confidence_; }
  double target_precision() const { return target_precision_; }

  // The decision for a best label `label` with probability `p`.
  Decision Decide(const std::string& label, double p) const;

 private:
  Classifier() = default;
  std::string Body() const;

  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<TextModel> model_;
  std::vector<std::string> labels_;
  std::string kind_;
  std::string version_;
  double temperature_ = 1.0;
  std::vector<double> scaling_;   // FitScaling's W and b; empty: the temperature alone
  bool scaling_diagonal_ = true;  // IsDiagonal(scaling_)
  double auto_threshold_ = 2.0;   // above any probability: never automatic
  double min_confidence_ = 0.2;
  double target_precision_ = 0.95;
};

// Trains the TextModel of `kind` on normalised examples.
[[nodiscard]] Result<std::unique_ptr<TextModel>> TrainTextModel(
    const std::vector<LabelledText>& examples, int label_count, const TrainOptions& options);

// One held-out prediction: the calibrated probability of the best label
// and whether that label was right.
struct Scored {
  double probability = 0;
  bool correct = false;
};

// The lowest probability threshold at which the predictions at or above it
// are right at least `target` of the time, maximising how many are covered;
// 2.0 (never) when no threshold reaches the target.
double ThresholdForPrecision(std::vector<Scored> scored, double target);

// softmax(scores / temperature), numerically safe.
std::vector<double> Softmax(const std::vector<float>& scores, double temperature);

}  // namespace sigap::routing::text
