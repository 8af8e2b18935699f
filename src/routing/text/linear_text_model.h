#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "routing/text/text_model.h"

namespace sigap::routing::text {

// How a LinearTextModel sees and learns a text.
struct LinearOptions {
  int word_max_n = 2;           // word n-grams 1..word_max_n
  int char_min_n = 2;           // character n-grams of each word, padded with spaces
  int char_max_n = 5;           // (0 disables them)
  bool sublinear_tf = true;     // 1 + log(tf) instead of tf
  double char_weight = 2.0;     // weight of the (L2-normalised) character block (cross-validated)
  int hash_bits = 21;           // n-grams are hashed into 2^hash_bits buckets
  double c = 10.0;              // LIBLINEAR's C (chosen by cross-validation, bench/RESULTS.md)
  bool logistic = false;        // L2-regularised logistic regression instead of a linear SVM
  bool crammer_singer = false;  // one multi-class SVM (Crammer & Singer) instead of one-vs-rest
  bool balanced = false;        // weigh each class's examples inversely to its frequency
  int threads = 1;              // one-vs-rest problems trained in parallel (> 1: not reproducible)
  unsigned seed = 42;           // LIBLINEAR's shuffling
};

// A one-vs-rest linear model (LIBLINEAR) over TF-IDF word 1..n-grams and
// character n-grams of each word. Features are hashed (no vocabulary
// strings are kept) and only features seen in training are scored.
//
// Immutable after training or loading; safe to share between threads.
class LinearTextModel final : public TextModel {
 public:
  // Trains on `examples` with labels 0..label_count-1. Fails with
  // kInvalidArgument when there are no examples or fewer than two labels.
  [[nodiscard]] static Result<std::unique_ptr<LinearTextModel>> Train(
      const std::vector<LabelledText>& examples, int label_count, const LinearOptions& options);

  // Reads what Save wrote; kInvalidArgument when the data is damaged.
  [[nodiscard]] static Result<std::unique_ptr<LinearTextModel>> Load(std::istream& in);

  std::string Kind() const override { return "linear"; }
  void Scores(std::string_view normalized, std::vector<float>& scores) const override;
  std::vector<WordWeight> TopWords(std::string_view normalized, int label, int n) const override;
  [[nodiscard]] Status Save(std::ostream& out) const override;

  size_t feature_count() const { return idf_.size(); }

 private:
  LinearTextModel() = default;

  LinearOptions options_;
  int label_count_ = 0;
  std::vector<int32_t> feature_of_bucket_;  // bucket -> feature id, or -1
  std::vector<uint32_t> bucket_of_feature_;
  std::vector<float> idf_;      // per feature
  std::vector<float> weights_;  // feature-major: weights_[f * label_count_ + label]
  std::vector<float> bias_;     // per label
};

}  // namespace sigap::routing::text
