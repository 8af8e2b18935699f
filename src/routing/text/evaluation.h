#pragma once

#include <string>
#include <vector>

#include "domain/result.h"
#include "routing/text/classifier.h"

namespace sigap::routing::text {

struct ClassFigures {
  std::string label;
  int support = 0;    // examples whose true label this is
  int predicted = 0;  // examples predicted as this label
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

struct ConfusedPair {
  std::string truth;
  std::string predicted;
  int count = 0;
};

// What share of the reports can be disposed automatically if the ones with
// the highest confidence are taken until precision would fall below the
// target (the threshold read off the test predictions themselves: an upper
// bound, the precision-coverage curve).
struct CoveragePoint {
  double target = 0;
  double coverage = 0;
  double threshold = 0;
};

// The figures of one method over all held-out predictions.
struct MethodFigures {
  std::string name;
  int examples = 0;
  double top1 = 0;
  double top3 = 0;
  double macro_f1 = 0;
  std::vector<ClassFigures> per_class;  // by label
  std::vector<CoveragePoint> curve;     // at 90, 95 and 98 %
  // With the threshold each model chose from its own training data only:
  // the share disposed automatically on unseen reports and its precision.
  double auto_share = 0;
  double auto_precision = 0;
  double human_share = 0;              // below the minimum confidence, or "other"
  std::vector<ConfusedPair> confused;  // the most frequent mistakes, most first
};

struct EvalOptions {
  int folds = 5;
  int min_per_class = 10;  // labels with fewer examples are left out of the protocol
  TrainOptions train;      // the candidate
  bool baselines = true;   // majority class and plain TF-IDF + linear SVM
};

struct EvalReport {
  int rows = 0;                        // rows read
  int used = 0;                        // rows in the protocol
  int labels = 0;                      // labels in the protocol
  int folds = 0;                       // 0 when a saved model was evaluated
  std::string model;                   // version id of an evaluated model file
  std::vector<MethodFigures> methods;  // the candidate first
};

// Stratified k-fold cross-validation of the candidate (and the baselines)
// on `examples`. kInvalidArgument when fewer than two labels reach
// min_per_class or a label has fewer examples than folds.
[[nodiscard]] Result<EvalReport> CrossValidate(const std::vector<Example>& examples,
                                               const EvalOptions& options,
                                               const AbbreviationMap& abbreviations);

// The figures of a trained classifier on `examples` it never saw; labels
// the model does not know count as misses.
[[nodiscard]] Result<EvalReport> EvaluateModel(const Classifier& classifier,
                                               const std::vector<Example>& examples);

}  // namespace sigap::routing::text
