#include "routing/text/linear_text_model.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <istream>
#include <numeric>
#include <ostream>
#include <random>
#include <thread>

#include "routing/text/dual_logistic.h"
#include "routing/text/dual_svm.h"
#include "routing/text/half_float.h"
#include "routing/text/ngrams.h"
#include "routing/text/parallel.h"
#include "routing/text/word_cache.h"

namespace sigap::routing::text {
namespace {

// The buckets of one word wherever it occurs: its hash (for the bigram it
// ends), its unigram and its character n-grams.
struct WordBuckets {
  uint64_t hash = 0;
  uint32_t unigram = 0;
  std::vector<std::pair<uint32_t, float>> chars;  // each n-gram's bucket and occurrences in it
  uint64_t text = 0;                              // the example last seen in (+1), and
  uint32_t count = 0;                             // its occurrences there
};

// Distinct words whose buckets training keeps at once.
constexpr size_t kCachedWords = 1 << 16;

void Quiet(const char*) {}

// A LIBLINEAR problem over `rows` (n_features and the bias) with labels `y`.
problem Problem(std::vector<feature_node*>& rows, std::vector<double>& y, int n_features) {
  problem prob{};
  prob.l = static_cast<int>(y.size());
  prob.n = n_features + 1;
  prob.y = y.data();
  prob.x = rows.data();
  prob.bias = 1.0;
  return prob;
}

// NBSVM's log-count ratios of one label (LinearOptions::nb_scaling), one
// per column of `x` (its last column, the bias, gets 1): `df` is the number
// of rows with each column, `positive` says which rows have the label.
std::vector<float> LogCountRatios(const SparseRows& x, const std::vector<uint32_t>& df,
                                  const std::vector<bool>& positive, double alpha) {
  const size_t features = x.columns - 1;
  std::vector<double> p(features, 0.0);
  for (size_t r = 0; r < x.rows(); ++r) {
    if (!positive[r]) continue;
    for (size_t k = x.start[r]; k < x.start[r + 1]; ++k) {
      if (x.index[k] < features) p[x.index[k]] += 1.0;
    }
  }
  double p_sum = 0;
  double q_sum = 0;
  for (size_t f = 0; f < features; ++f) {
    p_sum += alpha + p[f];
    q_sum += alpha + (df[f] - p[f]);
  }
  std::vector<float> ratio(x.columns, 1.0f);
  for (size_t f = 0; f < features; ++f) {
    ratio[f] = static_cast<float>(std::log((alpha + p[f]) / p_sum) -
                                  std::log((alpha + (df[f] - p[f])) / q_sum));
  }
  return ratio;
}

// The rows `subset` of `x` alone, their columns renumbered in increasing
// order to the ones they use (column[j] is column j's number in `x`): a
// capped problem's weights then fit in a core's cache. Entries keep their
// order, so a solver does the same arithmetic as on those rows of `x`.
// `local` is scratch of x.columns entries, all kUnused before and after.
struct CompactRows {
  SparseRows rows;
  std::vector<uint32_t> column;
};

constexpr uint32_t kUnused = ~0U;

CompactRows Compact(const SparseRows& x, const std::vector<uint32_t>& subset,
                    std::vector<uint32_t>& local) {
  CompactRows out;
  for (const uint32_t r : subset) {
    for (size_t k = x.start[r]; k < x.start[r + 1]; ++k) local[x.index[k]] = 0;
  }
  for (uint32_t c = 0; c < x.columns; ++c) {
    if (local[c] == kUnused) continue;
    local[c] = static_cast<uint32_t>(out.column.size());
    out.column.push_back(c);
  }
  out.rows.columns = static_cast<uint32_t>(out.column.size());
  out.rows.start.reserve(subset.size() + 1);
  size_t entries = 0;
  for (const uint32_t r : subset) entries += x.start[r + 1] - x.start[r];
  out.rows.index.reserve(entries);
  out.rows.value.reserve(entries);
  for (const uint32_t r : subset) {
    for (size_t k = x.start[r]; k < x.start[r + 1]; ++k) {
      out.rows.index.push_back(local[x.index[k]]);
      out.rows.value.push_back(x.value[k]);
    }
    out.rows.start.push_back(out.rows.index.size());
  }
  for (const uint32_t c : out.column) local[c] = kUnused;
  return out;
}

// w' = (1 - beta) mean|w| + beta w over the features (not the bias), for
// weights kept as u = w * ratio.
void Interpolate(std::vector<double>& u, const std::vector<float>& ratio, double beta) {
  const size_t features = u.size() - 1;
  double mean = 0;
  for (size_t f = 0; f < features; ++f) {
    if (ratio[f] != 0.0f) mean += std::fabs(u[f] / ratio[f]);
  }
  mean /= static_cast<double>(std::max<size_t>(1, features));
  for (size_t f = 0; f < features; ++f) u[f] = beta * u[f] + (1 - beta) * mean * ratio[f];
}

}  // namespace

LinearTextModel::LinearTextModel() : memo_owner_(NewMemoOwner()) {}

Result<std::unique_ptr<LinearTextModel>> LinearTextModel::Train(
    const std::vector<LabelledText>& examples, int label_count, const LinearOptions& options) {
  if (examples.empty()) return Fail(ErrorCode::kInvalidArgument, "no training examples");
  if (label_count < 2) return Fail(ErrorCode::kInvalidArgument, "fewer than two labels");
  if (options.hash_bits < 10 || options.hash_bits > 26) {
    return Fail(ErrorCode::kInvalidArgument, "hash_bits must be within 10..26");
  }
  set_print_string_function(&Quiet);
  std::unique_ptr<LinearTextModel> model(new LinearTextModel());
  model->options_ = options;
  model->SetLabelCount(label_count);
  const size_t stride = model->stride_;
  const int threads = TrainingThreads(options.threads);

  // Bucket counts of each example; the buckets of each distinct word are
  // made once (per thread).
  const uint32_t word_mask = (1U << (options.hash_bits - 1)) - 1;
  const auto make = [&](std::string_view word, WordBuckets& ids) {
    ids.hash = WordHash(word);
    ids.unigram = UnigramBucket(ids.hash, word_mask);
    if (options.char_max_n > 0) ids.chars = CountCharBuckets(word, options);
  };
  std::vector<std::vector<std::pair<uint32_t, float>>> docs(examples.size());
  // With char_tf_per_word, each character bucket's sum over the words of
  // its squared values (docs then holds the values themselves), in the
  // order of the example's character buckets in docs.
  const bool per_word = options.char_tf_per_word && options.sublinear_tf;
  std::vector<std::vector<float>> squares(per_word ? examples.size() : 0);
  const uint32_t buckets = 1U << options.hash_bits;
  ParallelFor(threads, examples.size(), [&](size_t begin, size_t end) {
    WordMemo<WordBuckets> memo;
    WordBuckets uncached;
    // Occurrences (or values) by bucket, and the buckets seen in this
    // example in the order first seen (a dense count: sorting ~900 buckets
    // per example cost more).
    std::vector<float> count(buckets, 0.0f);
    std::vector<float> square(per_word ? buckets : 0, 0.0f);
    std::vector<uint32_t> seen;
    std::vector<WordBuckets*> distinct;
    const auto add = [&](uint32_t bucket, float value) {
      if (count[bucket] == 0.0f) seen.push_back(bucket);
      count[bucket] += value;
    };
    // A word's character n-grams, the word occurring k times.
    const auto add_word_chars = [&](const WordBuckets& ids, uint32_t k) {
      const float log_k = std::log(static_cast<float>(k));
      for (const auto& [bucket, occurrences] : ids.chars) {
        const float v = 1.0f + std::log(occurrences) + log_k;
        add(bucket, v);
        square[bucket] += v * v;
      }
    };
    for (size_t d = begin; d < end; ++d) {
      seen.clear();
      distinct.clear();
      // Every word of the example stays cached until it is done.
      memo.Reserve(examples[d].text.size() / 2 + 1, kCachedWords);
      uint64_t previous = 0;
      bool first = true;
      ForEachWord(examples[d].text, [&](std::string_view word) {
        WordBuckets* ids = &uncached;
        if (word.size() <= kMaxCachedWord) {
          ids = &memo.Get(word, kCachedWords, make);
        } else {
          uncached = {};
          make(word, uncached);
        }
        if (!per_word) {
          for (const auto& [bucket, occurrences] : ids->chars) add(bucket, occurrences);
        } else if (ids == &uncached) {
          add_word_chars(uncached, 1);  // a long word: each occurrence a word of its own
        } else {
          if (ids->text != d + 1) {
            ids->text = d + 1;
            ids->count = 0;
            distinct.push_back(ids);
          }
          ++ids->count;
        }
        if (IsSubjectWord(word)) return;  // its character n-grams alone
        add(ids->unigram, 1.0f);
        if (options.word_max_n >= 2 && !first) {
          add(BigramBucket(previous, ids->hash, word_mask), 1.0f);
        }
        previous = ids->hash;
        first = false;
      });
      for (const WordBuckets* ids : distinct) add_word_chars(*ids, ids->count);
      auto& doc = docs[d];
      doc.reserve(seen.size());
      for (const uint32_t bucket : seen) {
        doc.emplace_back(bucket, count[bucket]);
        count[bucket] = 0.0f;
        if (per_word && bucket >= (buckets >> 1)) {
          squares[d].push_back(square[bucket]);
          square[bucket] = 0.0f;
        }
      }
    }
  });

  // Feature ids in OrderFeatures' order (word features, then character
  // ones, each by falling document frequency, ties in bucket order): the
  // solver's reads of the weights then mostly stay within a few cache lines.
  const uint32_t half = buckets >> 1;
  std::vector<uint32_t> df(buckets, 0);
  for (const auto& doc : docs) {
    for (const auto& [bucket, count] : doc) ++df[bucket];
  }
  std::vector<uint32_t> present;
  for (uint32_t b = 0; b < buckets; ++b) {
    if (df[b] > 0) present.push_back(b);
  }
  std::stable_sort(present.begin(), present.end(), [&](uint32_t a, uint32_t b) {
    if ((a >= half) != (b >= half)) return b >= half;
    return df[a] > df[b];
  });
  model->feature_of_bucket_.assign(buckets, -1);
  for (const uint32_t b : present) {
    model->feature_of_bucket_[b] = static_cast<int32_t>(model->bucket_of_feature_.size());
    model->bucket_of_feature_.push_back(b);
    // Smoothed inverse document frequency, as scikit-learn's TfidfTransformer.
    model->idf_.push_back(static_cast<float>(
        std::log((1.0 + static_cast<double>(docs.size())) / (1.0 + df[b])) + 1.0));
  }
  const int n_features = static_cast<int>(model->idf_.size());

  // The rows: TF-IDF, each block L2-normalised, then the bias column.
  SparseRows x;
  x.columns = static_cast<uint32_t>(n_features + 1);
  size_t entries = 0;
  for (const auto& doc : docs) entries += doc.size() + 1;
  x.index.reserve(entries);
  x.value.reserve(entries);
  x.start.reserve(docs.size() + 1);
  ParallelFor(threads, docs.size(), [&](size_t begin, size_t end) {
    for (size_t d = begin; d < end; ++d) {
      auto& doc = docs[d];
      double norm[2] = {0, 0};
      size_t char_bucket = 0;
      for (auto& [bucket, value] : doc) {
        const double idf = model->idf_[model->feature_of_bucket_[bucket]];
        if (per_word && bucket >= half) {  // the words' values, and their squares
          norm[1] += idf * idf * squares[d][char_bucket++];
          value = static_cast<float>(value * idf);
          continue;
        }
        const double tf = options.sublinear_tf ? 1.0 + std::log(value) : value;
        const double v = tf * idf;
        norm[bucket >= half ? 1 : 0] += v * v;
        value = static_cast<float>(v);
      }
      if (per_word) std::vector<float>().swap(squares[d]);
      for (double& n : norm) n = n > 0 ? std::sqrt(n) : 1.0;
      for (auto& [bucket, value] : doc) {
        const bool is_char = bucket >= half;
        value = static_cast<float>(value / norm[is_char ? 1 : 0] *
                                   (is_char ? options.char_weight : 1.0));
        bucket = static_cast<uint32_t>(model->feature_of_bucket_[bucket]);
      }
      std::sort(doc.begin(), doc.end());  // by feature: the weights are read in address order
    }
  });
  for (auto& doc : docs) {
    for (const auto& [feature, value] : doc) {
      x.index.push_back(feature);
      x.value.push_back(value);
    }
    x.index.push_back(static_cast<uint32_t>(n_features));  // the bias
    x.value.push_back(1.0f);
    x.start.push_back(x.index.size());
    std::vector<std::pair<uint32_t, float>>().swap(doc);
  }
  // The same rows as LIBLINEAR reads them (for Crammer-Singer, which it alone has).
  std::vector<feature_node> nodes;
  std::vector<feature_node*> rows;
  if (options.crammer_singer) {
    nodes.reserve(entries + docs.size());
    for (size_t r = 0; r < x.rows(); ++r) {
      for (size_t k = x.start[r]; k < x.start[r + 1]; ++k) {
        nodes.push_back({static_cast<int>(x.index[k]) + 1, x.value[k]});
      }
      nodes.push_back({-1, 0.0});
    }
    for (size_t r = 0, k = 0; r < x.rows(); k += x.start[r + 1] - x.start[r] + 1, ++r) {
      rows.push_back(&nodes[k]);
    }
  }

  model->weights_.assign(static_cast<size_t>(n_features) * stride, 0.0f);
  model->bias_.assign(label_count, -1.0f);
  std::vector<int> counts(label_count, 0);
  for (const auto& e : examples) ++counts[e.label];
  std::vector<uint32_t> column_df;
  if (options.nb_scaling) {
    column_df.assign(x.columns, 0);
    for (const uint32_t f : x.index) ++column_df[f];
  }

  // The rows each one-vs-rest problem trains on: all of them, or, with
  // more negatives than max_negatives, every positive and that many
  // negatives drawn with the seed and the label alone (not the thread).
  const auto sample = [&](int label, const std::vector<bool>& positive) {
    std::vector<uint32_t> rows;
    const size_t cap = static_cast<size_t>(std::max(0, options.max_negatives));
    if (cap == 0 || examples.size() - counts[label] <= cap) return rows;  // all
    std::vector<uint32_t> negatives;
    for (size_t d = 0; d < examples.size(); ++d) {
      if (positive[d]) {
        rows.push_back(static_cast<uint32_t>(d));
      } else {
        negatives.push_back(static_cast<uint32_t>(d));
      }
    }
    std::seed_seq seq{options.seed, static_cast<uint32_t>(label), 0x6e6567U};
    std::mt19937 rng(seq);
    for (size_t i = 0; i < cap; ++i) {
      std::swap(negatives[i], negatives[i + rng() % (negatives.size() - i)]);
    }
    rows.insert(rows.end(), negatives.begin(), negatives.begin() + static_cast<ptrdiff_t>(cap));
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  // One label's weights, the bias last, into `out` (left empty for a label
  // never seen, which keeps the low bias).
  const auto train_label = [&](int label, std::vector<uint32_t>& local, std::vector<float>& out) {
    out.clear();
    if (counts[label] == 0) return;
    std::vector<bool> positive(examples.size());
    for (size_t d = 0; d < examples.size(); ++d) positive[d] = examples[d].label == label;
    // The problem's rows: all of x, or the sample compacted.
    const std::vector<uint32_t> subset = sample(label, positive);
    // Balanced: by the numbers among the rows trained on (a capped
    // problem's negatives are its sample).
    const double n = static_cast<double>(subset.empty() ? examples.size() : subset.size());
    const double weight[2] = {n / (2.0 * counts[label]),
                              n / (2.0 * std::max<double>(1.0, n - counts[label]))};
    const SparseRows* rows = &x;
    const std::vector<bool>* rows_positive = &positive;
    CompactRows compact;
    std::vector<bool> compact_positive;
    if (!subset.empty()) {
      if (local.empty()) local.assign(x.columns, kUnused);
      compact = Compact(x, subset, local);
      for (const uint32_t r : subset) compact_positive.push_back(positive[r]);
      rows = &compact.rows;
      rows_positive = &compact_positive;
    }
    // Weights over the problem's columns, as weights over x's.
    const auto expand = [&](std::vector<double> w) {
      if (subset.empty()) return w;
      std::vector<double> full(x.columns, 0.0);
      for (size_t j = 0; j < w.size(); ++j) full[compact.column[j]] = w[j];
      return full;
    };
    const auto train_logistic = [&] {
      DualLogisticOptions lr;
      lr.c_positive = options.c * (options.balanced ? weight[0] : 1.0);
      lr.c_negative = options.c * (options.balanced ? weight[1] : 1.0);
      lr.eps = 0.1;
      lr.seed = options.seed + static_cast<uint32_t>(label);
      return expand(SolveDualLogistic(*rows, *rows_positive, lr));
    };
    std::vector<double> w;
    if (!options.logistic) {
      DualSvmOptions svm;
      svm.c_positive = options.c * (options.balanced ? weight[0] : 1.0);
      svm.c_negative = options.c * (options.balanced ? weight[1] : 1.0);
      svm.eps = 0.1;
      svm.seed = options.seed + static_cast<uint32_t>(label);
      std::vector<float> ratio;
      std::vector<float> compact_ratio;
      if (options.nb_scaling) {
        ratio = LogCountRatios(x, column_df, positive, options.nb_alpha);
        svm.column_scale = &ratio;
        if (!subset.empty()) {
          for (const uint32_t c : compact.column) compact_ratio.push_back(ratio[c]);
          svm.column_scale = &compact_ratio;
        }
      }
      w = expand(SolveDualSvm(*rows, *rows_positive, svm));
      if (options.nb_scaling) Interpolate(w, ratio, options.nb_beta);
      if (options.logistic_mix > 0) {
        const std::vector<double> lr = train_logistic();
        for (size_t f = 0; f < w.size(); ++f) {
          w[f] = (1 - options.logistic_mix) * w[f] + options.logistic_mix * lr[f];
        }
      }
    } else {
      w = train_logistic();
    }
    out.assign(w.begin(), w.end());
  };
  if (options.crammer_singer) {
    std::vector<double> y(examples.size());
    for (size_t d = 0; d < examples.size(); ++d) y[d] = examples[d].label;
    problem prob = Problem(rows, y, n_features);
    parameter param{};
    param.solver_type = MCSVM_CS;
    param.C = options.c;
    param.eps = 0.1;
    std::srand(options.seed);
    ::model* trained = ::train(&prob, &param);
    const int k = trained->nr_class;
    std::vector<int> labels(k);
    get_labels(trained, labels.data());
    if (k == 2) {
      // Two labels: LIBLINEAR keeps one weight vector, for labels[0].
      for (int f = 0; f <= n_features; ++f) {
        const float w = static_cast<float>(trained->w[f]);
        float* row = f < n_features ? &model->weights_[static_cast<size_t>(f) * stride]
                                    : model->bias_.data();
        row[labels[0]] = w;
        row[labels[1]] = -w;
      }
    } else {
      for (int f = 0; f <= n_features; ++f) {
        float* row = f < n_features ? &model->weights_[static_cast<size_t>(f) * stride]
                                    : model->bias_.data();
        for (int j = 0; j < k; ++j) {
          row[labels[j]] = static_cast<float>(trained->w[static_cast<size_t>(f) * k + j]);
        }
      }
    }
    free_and_destroy_model(&trained);
    model->OrderFeatures();
    return model;
  }
  // Each thread trains blocks of kLabelBlock consecutive labels and writes
  // a block's weights row by row: one cache line of each row per block,
  // not one per label.
  const int blocks =
      (label_count + static_cast<int>(kLabelBlock) - 1) / static_cast<int>(kLabelBlock);
  const int label_threads = std::min(threads, blocks);
  std::vector<std::thread> pool;
  for (int t = 0; t < label_threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<uint32_t> local;  // Compact's scratch
      std::vector<std::vector<float>> block(kLabelBlock);
      for (int b = t; b < blocks; b += label_threads) {
        const int first = b * static_cast<int>(kLabelBlock);
        const int last = std::min(label_count, first + static_cast<int>(kLabelBlock));
        for (int label = first; label < last; ++label)
          train_label(label, local, block[label - first]);
        for (int label = first; label < last; ++label) {
          const std::vector<float>& w = block[label - first];
          if (!w.empty()) model->bias_[label] = w[n_features];
        }
        for (int f = 0; f < n_features; ++f) {
          float* row = &model->weights_[static_cast<size_t>(f) * stride];
          for (int label = first; label < last; ++label) {
            const std::vector<float>& w = block[label - first];
            if (!w.empty()) row[label] = w[f];
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  model->OrderFeatures();
  return model;
}

void LinearTextModel::OrderFeatures() {
  const size_t n = idf_.size();
  const uint32_t half = 1U << (options_.hash_bits - 1);
  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    const bool a_char = bucket_of_feature_[a] >= half;
    const bool b_char = bucket_of_feature_[b] >= half;
    if (a_char != b_char) return b_char;
    return idf_[a] < idf_[b];
  });
  std::vector<uint32_t> buckets(n);
  std::vector<float> idf(n);
  HugePageVector<uint16_t> weights(weights_.size());
  first_char_feature_ = static_cast<int32_t>(n);
  for (size_t f = 0; f < n; ++f) {
    const size_t old = static_cast<size_t>(order[f]);
    buckets[f] = bucket_of_feature_[old];
    idf[f] = idf_[old];
    for (size_t c = 0; c < stride_; ++c)
      weights[f * stride_ + c] = FloatToHalf(weights_[old * stride_ + c]);
    feature_of_bucket_[buckets[f]] = static_cast<int32_t>(f);
    if (buckets[f] >= half && first_char_feature_ == static_cast<int32_t>(n)) {
      first_char_feature_ = static_cast<int32_t>(f);
    }
  }
  bucket_of_feature_ = std::move(buckets);
  idf_ = std::move(idf);
  half_weights_ = std::move(weights);
  std::vector<float>().swap(weights_);
}

void LinearTextModel::SetLabelCount(int label_count) {
  label_count_ = label_count;
  stride_ = (static_cast<size_t>(label_count) + kLabelBlock - 1) / kLabelBlock * kLabelBlock;
}

Status LinearTextModel::Save(std::ostream& out) const {
  const LinearOptions& o = options_;
  // A model whose character block takes its TF word by word says so in its
  // tag; older files (and models without it) read as before.
  out << (o.char_tf_per_word && o.sublinear_tf ? "linear-word-tf " : "linear ") << o.word_max_n
      << ' ' << o.char_min_n << ' ' << o.char_max_n << ' ' << (o.sublinear_tf ? 1 : 0) << ' '
      << o.char_weight << ' ' << o.hash_bits << ' ' << label_count_ << ' ' << idf_.size() << '\n';
  // Features in bucket order (the order they are kept in memory is
  // OrderFeatures'), rows without their padding.
  std::vector<int32_t> order(idf_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int32_t a, int32_t b) { return bucket_of_feature_[a] < bucket_of_feature_[b]; });
  for (const int32_t f : order) WriteU32(out, bucket_of_feature_[f]);
  for (const int32_t f : order) out.write(reinterpret_cast<const char*>(&idf_[f]), sizeof(float));
  const size_t labels = static_cast<size_t>(label_count_);
  std::vector<float> row(labels);
  for (const int32_t f : order) {
    for (size_t c = 0; c < labels; ++c) row[c] = HalfToFloat(Row(f)[c]);
    out.write(reinterpret_cast<const char*>(row.data()),
              static_cast<std::streamsize>(labels * sizeof(float)));
  }
  WriteF32s(out, bias_);
  if (!out) return Fail(ErrorCode::kUnavailable, "cannot write the linear model");
  return {};
}

Result<std::unique_ptr<LinearTextModel>> LinearTextModel::Load(std::istream& in) {
  std::unique_ptr<LinearTextModel> model(new LinearTextModel());
  LinearOptions& o = model->options_;
  std::string tag;
  int sublinear = 0;
  size_t features = 0;
  in >> tag >> o.word_max_n >> o.char_min_n >> o.char_max_n >> sublinear >> o.char_weight >>
      o.hash_bits >> model->label_count_ >> features;
  const auto damaged = [] {
    return Fail(ErrorCode::kInvalidArgument, "the linear model data is damaged");
  };
  if (!in || (tag != "linear" && tag != "linear-word-tf") || in.get() != '\n' || o.hash_bits < 10 ||
      o.hash_bits > 26 || model->label_count_ < 2 || features > (1U << o.hash_bits)) {
    return damaged();
  }
  o.sublinear_tf = sublinear != 0;
  o.char_tf_per_word = tag == "linear-word-tf";
  if (o.char_tf_per_word && !o.sublinear_tf) return damaged();
  model->bucket_of_feature_.resize(features);
  model->feature_of_bucket_.assign(1U << o.hash_bits, -1);
  for (size_t f = 0; f < features; ++f) {
    uint32_t b = 0;
    if (!ReadU32(in, b) || b >= (1U << o.hash_bits)) return damaged();
    model->bucket_of_feature_[f] = b;
    model->feature_of_bucket_[b] = static_cast<int32_t>(f);
  }
  model->SetLabelCount(model->label_count_);
  const size_t labels = static_cast<size_t>(model->label_count_);
  std::vector<float> weights;
  if (!ReadF32s(in, features, model->idf_) || !ReadF32s(in, features * labels, weights) ||
      !ReadF32s(in, labels, model->bias_)) {
    return damaged();
  }
  model->weights_.assign(features * model->stride_, 0.0f);
  for (size_t f = 0; f < features; ++f) {
    std::copy_n(&weights[f * labels], labels, &model->weights_[f * model->stride_]);
  }
  model->OrderFeatures();
  return model;
}

}  // namespace sigap::routing::text
