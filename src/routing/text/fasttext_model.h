#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "routing/text/text_model.h"

namespace fasttext {
class FastText;
}

namespace sigap::routing::text {

// fastText supervised settings (its own defaults are for far more data).
struct FastTextOptions {
  int dim = 50;
  int epoch = 50;
  double lr = 0.5;
  int word_ngrams = 2;
  int minn = 0;  // character n-grams of words, minn..maxn (0 = none)
  int maxn = 0;
  int bucket = 200000;
  int seed = 42;  // with one thread, training is deterministic
};

// A fastText supervised classifier (softmax loss, one thread). Its scores
// are the log-probabilities fastText gives each label.
//
// Immutable after training or loading; safe to share between threads.
class FastTextModel final : public TextModel {
 public:
  ~FastTextModel() override;

  // Trains on `examples` (labels 0..label_count-1); fastText reads its input
  // from a file, written to a temporary directory and removed afterwards.
  [[nodiscard]] static Result<std::unique_ptr<FastTextModel>> Train(
      const std::vector<LabelledText>& examples, int label_count, const FastTextOptions& options);

  [[nodiscard]] static Result<std::unique_ptr<FastTextModel>> Load(std::istream& in);

  std::string Kind() const override { return "fasttext"; }
  void Scores(std::string_view normalized, std::vector<float>& scores) const override;
  std::vector<WordWeight> TopWords(std::string_view normalized, int label, int n) const override;
  [[nodiscard]] Status Save(std::ostream& out) const override;

 private:
  FastTextModel();
  // Maps fastText's label ids to ours (its labels are "__label__<ours>").
  void IndexLabels();

  std::unique_ptr<fasttext::FastText> fasttext_;
  int label_count_ = 0;
  std::vector<int> ours_of_theirs_;
};

}  // namespace sigap::routing::text
