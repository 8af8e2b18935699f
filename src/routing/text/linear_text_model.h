#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "memory/cache_line.h"
#include "routing/text/text_model.h"

namespace sigap::routing::text {

using memory::HugePageVector;
using memory::kCacheLine;

// How a LinearTextModel sees and learns a text.
struct LinearOptions {
  int word_max_n = 2;        // word n-grams 1..word_max_n
  int char_min_n = 2;        // character n-grams of each word, padded with spaces
  int char_max_n = 5;        // (0 disables them)
  bool sublinear_tf = true;  // 1 + log(tf) instead of tf
  // With sublinear_tf: the character block's term frequencies taken word
  // by word rather than over the whole text. A distinct word occurring k
  // times, with n-gram f o times in it, gives f the value
  // idf_f (1 + log o + log k); the values of an n-gram that several words
  // of the text have add up, and the block's norm is the root of the sum of
  // each word's squared values. Scoring then reads one cached row per
  // distinct word and nothing per n-gram (with the text's TF it must also
  // find the n-grams words share and correct for them): about twice as
  // fast, as accurate (bench/RESULTS.md, "Accuracy and speed, ninth pass").
  bool char_tf_per_word = true;
  double char_weight = 1.0;     // weight of the (L2-normalised) character block (cross-validated)
  int hash_bits = 21;           // n-grams are hashed into 2^hash_bits buckets
  double c = 10.0;              // LIBLINEAR's C (chosen by cross-validation, bench/RESULTS.md)
  bool logistic = false;        // L2-regularised logistic regression instead of a linear SVM
  bool crammer_singer = false;  // one multi-class SVM (Crammer & Singer) instead of one-vs-rest
  // Weigh a one-vs-rest problem's positives and negatives inversely to
  // their numbers among its rows (on since the sixth accuracy pass).
  bool balanced = true;
  // NBSVM (Wang & Manning 2012), for the SVM: per label, each feature is
  // scaled by its naive-Bayes log-count ratio, log((p_f / |p|) / (q_f / |q|))
  // with p_f (q_f) nb_alpha plus the number of the label's (the other
  // labels') examples having it; the SVM's weights w in that space are
  // then interpolated, w' = (1 - nb_beta) mean|w| + nb_beta w. The model
  // keeps the weights times the ratios: scoring and model files are as
  // without it. On by default, with nb_beta 0.5 (cross-validated with
  // logistic_mix, bench/RESULTS.md; Wang & Manning's 0.25 is worse here).
  bool nb_scaling = true;
  double nb_alpha = 1.0;
  double nb_beta = 0.5;
  // For the SVM: when above 0, the model's weights are (1 - logistic_mix)
  // times the SVM's plus logistic_mix times those of an L2-regularised
  // logistic regression of the same label over the same (unscaled)
  // features: one linear model, scored as fast as either (0.5 by default,
  // cross-validated: bench/RESULTS.md).
  double logistic_mix = 0.5;
  // For one-vs-rest (not Crammer-Singer): when above 0 and a label has
  // more negative examples than this, its SVM and logistic regression
  // train on all its positives and this many negatives, drawn with the
  // seed and the label. Below the cap nothing changes: the model is the
  // one trained without it. 2000 keeps training on 100,000 reports of 375
  // agencies near a minute at no measured loss of held-out accuracy
  // (bench/RESULTS.md, "Speed, third pass").
  int max_negatives = 2000;
  // One-vs-rest problems trained in parallel (0: one thread per core). The
  // model does not depend on it: each problem's solver is seeded with the
  // seed and the label alone.
  int threads = 0;
  unsigned seed = 42;  // the solvers' shuffling
};

struct WordFeatures;  // what a word adds to scores (linear_scoring.cc)
struct CharFeature;   // a character n-gram feature of a word (linear_scoring.cc)

// A one-vs-rest linear model over TF-IDF word 1..n-grams and character
// n-grams of each word: by default L2-loss SVMs (SolveDualSvm) over
// NBSVM-scaled features, averaged with logistic regressions; or plain
// SVMs, logistic regressions (SolveDualLogistic) or LIBLINEAR's Crammer-Singer SVM. Features are
// hashed (no vocabulary strings are kept) and only features seen in
// training are scored.
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
  // Sums each distinct word's cached character n-gram rows (per thread),
  // then corrects for n-grams shared between words: the same scores as
  // ScoresByFeature up to float rounding, with far fewer rows read.
  void Scores(std::string_view normalized, std::vector<float>& scores) const override;
  // The scores computed n-gram by n-gram, without any cache: the
  // definition Scores must match.
  void ScoresByFeature(std::string_view normalized, std::vector<float>& scores) const;
  std::vector<WordWeight> TopWords(std::string_view normalized, int label, int n) const override;
  // Every word's share of `label`'s score (as the words are shown: a
  // subject word counts for the word itself), in the order first met; with
  // the label's bias they add up to its score. TopWords is the n largest
  // positive ones.
  std::vector<WordWeight> WordShares(std::string_view normalized, int label) const;
  float bias(int label) const { return bias_[static_cast<size_t>(label)]; }
  [[nodiscard]] Status Save(std::ostream& out) const override;

  size_t feature_count() const { return idf_.size(); }

  // Labels are scored in blocks of this many (rows are padded to it).
  static constexpr size_t kLabelBlock = 8;

 private:
  LinearTextModel();
  void SetLabelCount(int label_count);
  void MakeWordFeatures(std::string_view word, WordFeatures& e) const;
  std::vector<CharFeature> CharFeaturesOf(std::string_view word) const;
  // LinearOptions::char_tf_per_word, which needs the sublinear TF.
  bool PerWordCharTf() const { return options_.char_tf_per_word && options_.sublinear_tf; }
  // Renumbers the features (kept in bucket order until then): word features
  // first, then character ones, each block's most frequent first, so that
  // the rows most texts touch share cache lines and pages; and rounds the
  // weights to half floats, halving the bytes a text's score reads.
  void OrderFeatures();
  const uint16_t* Row(int32_t feature) const {
    return &half_weights_[static_cast<size_t>(feature) * stride_];
  }

  LinearOptions options_;
  int label_count_ = 0;
  size_t stride_ = 0;                          // label_count_ rounded up to kLabelBlock
  HugePageVector<int32_t> feature_of_bucket_;  // bucket -> feature id, or -1
  std::vector<uint32_t> bucket_of_feature_;
  int32_t first_char_feature_ = 0;  // features from here on are character n-grams
  std::vector<float> idf_;          // per feature
  // Feature-major, padded: weights_[f * stride_ + label], while training or
  // loading; OrderFeatures then keeps them as half floats (half_float.h),
  // the weights the model scores, saves and explains with.
  std::vector<float> weights_;
  HugePageVector<uint16_t> half_weights_;  // rows of 32 (or 64, ...) each start a cache line
  std::vector<float> bias_;                // per label
  uint64_t memo_owner_;                    // names this model's per-thread cache of words' features
};

}  // namespace sigap::routing::text
