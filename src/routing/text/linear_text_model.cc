#include "routing/text/linear_text_model.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <istream>
#include <map>
#include <ostream>
#include <thread>
#include <unordered_map>

namespace sigap::routing::text {
namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

uint64_t HashBytes(std::string_view s, uint64_t h) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

// Calls sink(bucket, word_index) for every n-gram occurrence of `text`.
// Word n-grams land in the lower half of the buckets, character n-grams in
// the upper half, so the two blocks never share a bucket.
template <typename Sink>
void ForEachFeature(const std::vector<std::string_view>& words, const LinearOptions& o,
                    Sink&& sink) {
  const uint32_t half = 1U << (o.hash_bits - 1);
  const uint32_t mask = half - 1;
  uint64_t previous = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const uint64_t h = HashBytes(words[i], kFnvOffset);
    sink(static_cast<uint32_t>(Mix(h)) & mask, i);
    if (o.word_max_n >= 2 && i > 0) {
      sink(static_cast<uint32_t>(Mix(previous * 31 + h)) & mask, i);
    }
    previous = h;
  }
  if (o.char_max_n <= 0) return;
  std::string padded;
  for (size_t i = 0; i < words.size(); ++i) {
    padded.assign(1, ' ');
    padded.append(words[i]);
    padded.push_back(' ');
    for (size_t start = 0; start < padded.size(); ++start) {
      uint64_t h = kFnvOffset ^ 0x9e3779b97f4a7c15ULL;
      for (size_t n = 1; n <= static_cast<size_t>(o.char_max_n) && start + n <= padded.size();
           ++n) {
        h ^= static_cast<unsigned char>(padded[start + n - 1]);
        h *= kFnvPrime;
        if (n >= static_cast<size_t>(o.char_min_n)) {
          sink(half | (static_cast<uint32_t>(Mix(h + n)) & mask), i);
        }
      }
    }
  }
}

// Per-thread scratch for scoring: term frequencies by feature id.
struct Scratch {
  std::vector<float> tf;
  std::vector<int32_t> touched;
};

Scratch& ThreadScratch(size_t features) {
  thread_local Scratch scratch;
  if (scratch.tf.size() < features) scratch.tf.assign(features, 0.0f);
  return scratch;
}

void Quiet(const char*) {}

}  // namespace

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
  model->label_count_ = label_count;

  // Bucket counts of each example, sorted by bucket.
  std::vector<std::vector<std::pair<uint32_t, float>>> docs(examples.size());
  std::vector<uint32_t> occurrences;
  for (size_t d = 0; d < examples.size(); ++d) {
    occurrences.clear();
    ForEachFeature(SplitWords(examples[d].text), options,
                   [&](uint32_t bucket, size_t) { occurrences.push_back(bucket); });
    std::sort(occurrences.begin(), occurrences.end());
    auto& doc = docs[d];
    for (size_t i = 0; i < occurrences.size();) {
      size_t j = i;
      while (j < occurrences.size() && occurrences[j] == occurrences[i]) ++j;
      doc.emplace_back(occurrences[i], static_cast<float>(j - i));
      i = j;
    }
  }

  // Feature ids in bucket order, so that training is deterministic.
  const uint32_t buckets = 1U << options.hash_bits;
  std::vector<uint32_t> df(buckets, 0);
  for (const auto& doc : docs) {
    for (const auto& [bucket, count] : doc) ++df[bucket];
  }
  model->feature_of_bucket_.assign(buckets, -1);
  for (uint32_t b = 0; b < buckets; ++b) {
    if (df[b] == 0) continue;
    model->feature_of_bucket_[b] = static_cast<int32_t>(model->bucket_of_feature_.size());
    model->bucket_of_feature_.push_back(b);
    // Smoothed inverse document frequency, as scikit-learn's TfidfTransformer.
    model->idf_.push_back(static_cast<float>(
        std::log((1.0 + static_cast<double>(docs.size())) / (1.0 + df[b])) + 1.0));
  }
  const int n_features = static_cast<int>(model->idf_.size());
  const uint32_t half = buckets >> 1;

  // LIBLINEAR's sparse rows: TF-IDF, each block L2-normalised, then the bias.
  std::vector<std::vector<feature_node>> rows(docs.size());
  std::vector<feature_node*> x(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    auto& row = rows[d];
    double norm[2] = {0, 0};
    for (const auto& [bucket, count] : docs[d]) {
      const int32_t f = model->feature_of_bucket_[bucket];
      const double tf = options.sublinear_tf ? 1.0 + std::log(count) : count;
      const double v = tf * model->idf_[f];
      norm[bucket >= half ? 1 : 0] += v * v;
      row.push_back({f + 1, v});
    }
    for (double& n : norm) n = n > 0 ? std::sqrt(n) : 1.0;
    for (size_t k = 0; k < row.size(); ++k) {
      const bool is_char = docs[d][k].first >= half;
      row[k].value = row[k].value / norm[is_char ? 1 : 0] * (is_char ? options.char_weight : 1.0);
    }
    row.push_back({n_features + 1, 1.0});  // the bias feature
    row.push_back({-1, 0.0});
    x[d] = row.data();
  }

  model->weights_.assign(static_cast<size_t>(n_features) * label_count, 0.0f);
  model->bias_.assign(label_count, -1.0f);
  std::vector<int> counts(label_count, 0);
  for (const auto& e : examples) ++counts[e.label];

  const auto train_label = [&](int label) {
    if (counts[label] == 0) return;  // never seen: keeps the low bias
    std::vector<double> y(examples.size());
    for (size_t d = 0; d < examples.size(); ++d) y[d] = examples[d].label == label ? 1.0 : -1.0;
    problem prob{};
    prob.l = static_cast<int>(examples.size());
    prob.n = n_features + 1;
    prob.y = y.data();
    prob.x = x.data();
    prob.bias = 1.0;
    parameter param{};
    param.solver_type = options.logistic ? L2R_LR_DUAL : L2R_L2LOSS_SVC_DUAL;
    param.C = options.c;
    param.eps = 0.1;
    int weight_label[2] = {1, -1};
    const double n = static_cast<double>(examples.size());
    double weight[2] = {n / (2.0 * counts[label]),
                        n / (2.0 * std::max<double>(1.0, n - counts[label]))};
    if (options.balanced) {
      param.nr_weight = 2;
      param.weight_label = weight_label;
      param.weight = weight;
    }
    // LIBLINEAR's solvers shuffle with rand(): seeding it per problem makes
    // training reproducible (with one thread; rand() is shared by threads).
    std::srand(options.seed + static_cast<unsigned>(label));
    ::model* trained = ::train(&prob, &param);
    int labels[2] = {1, 1};
    get_labels(trained, labels);
    const float sign = (trained->nr_class == 1 || labels[0] == 1) ? 1.0f : -1.0f;
    for (int f = 0; f < n_features; ++f) {
      model->weights_[static_cast<size_t>(f) * label_count + label] =
          sign * static_cast<float>(trained->w[f]);
    }
    model->bias_[label] = sign * static_cast<float>(trained->w[n_features]);
    free_and_destroy_model(&trained);
  };
  if (options.crammer_singer) {
    std::vector<double> y(examples.size());
    for (size_t d = 0; d < examples.size(); ++d) y[d] = examples[d].label;
    problem prob{};
    prob.l = static_cast<int>(examples.size());
    prob.n = n_features + 1;
    prob.y = y.data();
    prob.x = x.data();
    prob.bias = 1.0;
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
        float* row = f < n_features ? &model->weights_[static_cast<size_t>(f) * label_count]
                                    : model->bias_.data();
        row[labels[0]] = w;
        row[labels[1]] = -w;
      }
    } else {
      for (int f = 0; f <= n_features; ++f) {
        float* row = f < n_features ? &model->weights_[static_cast<size_t>(f) * label_count]
                                    : model->bias_.data();
        for (int j = 0; j < k; ++j) {
          row[labels[j]] = static_cast<float>(trained->w[static_cast<size_t>(f) * k + j]);
        }
      }
    }
    free_and_destroy_model(&trained);
    return model;
  }
  const int threads = std::max(1, std::min(options.threads, label_count));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int label = t; label < label_count; label += threads) train_label(label);
    });
  }
  for (auto& th : pool) th.join();
  return model;
}

void LinearTextModel::Scores(std::string_view normalized, std::vector<float>& scores) const {
  scores.assign(bias_.begin(), bias_.end());
  Scratch& s = ThreadScratch(idf_.size());
  s.touched.clear();
  ForEachFeature(SplitWords(normalized), options_, [&](uint32_t bucket, size_t) {
    const int32_t f = feature_of_bucket_[bucket];
    if (f < 0) return;
    if (s.tf[f] == 0.0f) s.touched.push_back(f);
    s.tf[f] += 1.0f;
  });
  const uint32_t half = 1U << (options_.hash_bits - 1);
  float norm[2] = {0, 0};
  for (const int32_t f : s.touched) {
    const float tf = options_.sublinear_tf ? 1.0f + std::log(s.tf[f]) : s.tf[f];
    const float v = tf * idf_[f];
    s.tf[f] = v;
    norm[bucket_of_feature_[f] >= half ? 1 : 0] += v * v;
  }
  const float scale[2] = {
      norm[0] > 0 ? 1.0f / std::sqrt(norm[0]) : 0.0f,
      norm[1] > 0 ? static_cast<float>(options_.char_weight) / std::sqrt(norm[1]) : 0.0f};
  const size_t labels = static_cast<size_t>(label_count_);
  for (const int32_t f : s.touched) {
    const float v = s.tf[f] * scale[bucket_of_feature_[f] >= half ? 1 : 0];
    s.tf[f] = 0.0f;
    const float* w = &weights_[static_cast<size_t>(f) * labels];
    for (size_t c = 0; c < labels; ++c) scores[c] += v * w[c];
  }
}

std::vector<WordWeight> LinearTextModel::TopWords(std::string_view normalized, int label,
                                                  int n) const {
  const auto words = SplitWords(normalized);
  std::unordered_map<int32_t, float> tf;
  ForEachFeature(words, options_, [&](uint32_t bucket, size_t) {
    const int32_t f = feature_of_bucket_[bucket];
    if (f >= 0) tf[f] += 1.0f;
  });
  const uint32_t half = 1U << (options_.hash_bits - 1);
  double norm[2] = {0, 0};
  std::unordered_map<int32_t, double> value;
  for (const auto& [f, count] : tf) {
    const double v = (options_.sublinear_tf ? 1.0 + std::log(count) : count) * idf_[f];
    value[f] = v;
    norm[bucket_of_feature_[f] >= half ? 1 : 0] += v * v;
  }
  // Each occurrence of a feature carries its share of the feature's weight
  // to the word it came from.
  std::map<std::string_view, double> by_word;
  ForEachFeature(words, options_, [&](uint32_t bucket, size_t word) {
    const int32_t f = feature_of_bucket_[bucket];
    if (f < 0) return;
    const int block = bucket >= half ? 1 : 0;
    const double scale = (block == 1 ? options_.char_weight : 1.0) / std::sqrt(norm[block]);
    by_word[words[word]] +=
        value[f] * scale / tf[f] * weights_[static_cast<size_t>(f) * label_count_ + label];
  });
  std::vector<WordWeight> out;
  for (const auto& [word, weight] : by_word) {
    if (weight > 0) out.push_back({std::string(word), weight});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const WordWeight& a, const WordWeight& b) { return a.weight > b.weight; });
  if (out.size() > static_cast<size_t>(std::max(0, n))) out.resize(std::max(0, n));
  return out;
}

Status LinearTextModel::Save(std::ostream& out) const {
  const LinearOptions& o = options_;
  out << "linear " << o.word_max_n << ' ' << o.char_min_n << ' ' << o.char_max_n << ' '
      << (o.sublinear_tf ? 1 : 0) << ' ' << o.char_weight << ' ' << o.hash_bits << ' '
      << label_count_ << ' ' << idf_.size() << '\n';
  for (const uint32_t bucket : bucket_of_feature_) WriteU32(out, bucket);
  WriteF32s(out, idf_);
  WriteF32s(out, weights_);
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
  if (!in || tag != "linear" || in.get() != '\n' || o.hash_bits < 10 || o.hash_bits > 26 ||
      model->label_count_ < 2 || features > (1U << o.hash_bits)) {
    return damaged();
  }
  o.sublinear_tf = sublinear != 0;
  model->bucket_of_feature_.resize(features);
  model->feature_of_bucket_.assign(1U << o.hash_bits, -1);
  for (size_t f = 0; f < features; ++f) {
    uint32_t b = 0;
    if (!ReadU32(in, b) || b >= (1U << o.hash_bits)) return damaged();
    model->bucket_of_feature_[f] = b;
    model->feature_of_bucket_[b] = static_cast<int32_t>(f);
  }
  const size_t labels = static_cast<size_t>(model->label_count_);
  if (!ReadF32s(in, features, model->idf_) || !ReadF32s(in, features * labels, model->weights_) ||
      !ReadF32s(in, labels, model->bias_)) {
    return damaged();
  }
  return model;
}

}  // namespace sigap::routing::text
