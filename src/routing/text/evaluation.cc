#include "routing/text/evaluation.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

namespace sigap::routing::text {
namespace {

// One held-out prediction.
struct Outcome {
  std::string truth;
  std::vector<std::string> top;  // up to three labels, likeliest first
  double confidence = 0;         // of top[0]
  Decision decision = Decision::kHuman;
};

MethodFigures Summarise(const std::string& name, const std::vector<Outcome>& outcomes) {
  MethodFigures m;
  m.name = name;
  m.examples = static_cast<int>(outcomes.size());
  if (outcomes.empty()) return m;
  std::map<std::string, ClassFigures> classes;
  std::map<std::pair<std::string, std::string>, int> confused;
  int top1 = 0;
  int top3 = 0;
  int auto_n = 0;
  int auto_right = 0;
  int human = 0;
  std::vector<Scored> scored;
  for (const auto& o : outcomes) {
    const bool right = !o.top.empty() && o.top[0] == o.truth;
    top1 += right ? 1 : 0;
    top3 += std::find(o.top.begin(), o.top.end(), o.truth) != o.top.end() ? 1 : 0;
    auto& truth = classes[o.truth];
    truth.label = o.truth;
    ++truth.support;
    if (!o.top.empty()) {
      auto& predicted = classes[o.top[0]];
      predicted.label = o.top[0];
      ++predicted.predicted;
      if (!right) ++confused[{o.truth, o.top[0]}];
    }
    if (right) ++classes[o.truth].recall;  // counts hits until divided below
    if (o.decision == Decision::kAuto) {
      ++auto_n;
      auto_right += right ? 1 : 0;
    }
    human += o.decision == Decision::kHuman ? 1 : 0;
    scored.push_back({o.confidence, right});
  }
  const double n = static_cast<double>(outcomes.size());
  m.top1 = top1 / n;
  m.top3 = top3 / n;
  m.auto_share = auto_n / n;
  m.auto_precision = auto_n > 0 ? static_cast<double>(auto_right) / auto_n : 0;
  m.human_share = human / n;
  double f1_sum = 0;
  int with_support = 0;
  for (auto& [label, c] : classes) {
    const double hits = c.recall;
    c.precision = c.predicted > 0 ? hits / c.predicted : 0;
    c.recall = c.support > 0 ? hits / c.support : 0;
    c.f1 = c.precision + c.recall > 0 ? 2 * c.precision * c.recall / (c.precision + c.recall) : 0;
    if (c.support > 0) {
      f1_sum += c.f1;
      ++with_support;
      m.per_class.push_back(c);
    }
  }
  m.macro_f1 = with_support > 0 ? f1_sum / with_support : 0;
  for (const double target : {0.90, 0.95, 0.98}) {
    const double threshold = ThresholdForPrecision(scored, target);
    int covered = 0;
    for (const auto& s : scored) covered += s.probability >= threshold ? 1 : 0;
    m.curve.push_back({target, covered / n, threshold > 1 ? 1.0 : threshold});
  }
  for (const auto& [pair, count] : confused) m.confused.push_back({pair.first, pair.second, count});
  std::stable_sort(m.confused.begin(), m.confused.end(),
                   [](const ConfusedPair& a, const ConfusedPair& b) { return a.count > b.count; });
  if (m.confused.size() > 10) m.confused.resize(10);
  return m;
}

Outcome Judge(const Classifier& c, const std::string& normalized, const std::string& truth) {
  const auto p = c.ProbabilitiesOfNormalized(normalized);
  std::vector<int> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[a] > p[b]; });
  Outcome o;
  o.truth = truth;
  for (size_t i = 0; i < std::min<size_t>(3, order.size()); ++i) {
    o.top.push_back(c.labels()[order[i]]);
  }
  o.confidence = p[order[0]];
  o.decision = c.Decide(o.top[0], o.confidence);
  return o;
}

}  // namespace

Result<EvalReport> CrossValidate(const std::vector<Example>& examples, const EvalOptions& options,
                                 const AbbreviationMap& abbreviations) {
  EvalReport report;
  report.rows = static_cast<int>(examples.size());
  report.folds = options.folds;
  if (options.folds < 2) return Fail(ErrorCode::kInvalidArgument, "--folds must be 2 or more");
  std::map<std::string, int> counts;
  for (const auto& e : examples) ++counts[e.label];
  std::vector<Example> used;
  std::map<std::string, int> index;
  for (const auto& [label, n] : counts) {
    if (n >= options.min_per_class && n >= options.folds) {
      index.emplace(label, static_cast<int>(index.size()));
    }
  }
  for (const auto& e : examples) {
    if (index.count(e.label) > 0) used.push_back(e);
  }
  if (index.size() < 2) {
    return Fail(ErrorCode::kInvalidArgument, "fewer than two labels have " +
                                                 std::to_string(options.min_per_class) +
                                                 " examples or more");
  }
  report.used = static_cast<int>(used.size());
  report.labels = static_cast<int>(index.size());
  std::vector<int> truth;
  for (const auto& e : used) truth.push_back(index[e.label]);
  const auto fold = StratifiedFolds(truth, options.folds, options.train.seed);

  // Inside the protocol every label is known: nothing is pooled as "other".
  TrainOptions candidate = options.train;
  candidate.min_examples = 1;
  TrainOptions svm;
  svm.kind = "linear";
  svm.steps = NormalizerSteps{false, false, false, false, false, false};
  svm.linear = LinearOptions{};
  svm.linear.sublinear_tf = false;
  svm.linear.char_tf_per_word = false;  // n-grams counted over the text, as scikit-learn does
  svm.linear.c = 1.0;                   // scikit-learn's LinearSVC default
  svm.linear.char_weight = 1.0;
  svm.linear.nb_scaling = false;  // a plain SVM
  svm.linear.logistic_mix = 0;
  svm.linear.balanced = false;  // LinearSVC's default class weights
  svm.calibration_folds = 0;
  svm.min_examples = 1;
  svm.seed = options.train.seed;

  std::vector<Outcome> ours;
  std::vector<Outcome> baseline;
  std::vector<Outcome> majority;
  for (int f = 0; f < options.folds; ++f) {
    std::vector<Example> train;
    std::vector<Example> test;
    for (size_t i = 0; i < used.size(); ++i) (fold[i] == f ? test : train).push_back(used[i]);
    auto model = Classifier::Train(train, candidate, abbreviations);
    if (!model) return Fail(model.error());
    for (const auto& e : test) {
      ours.push_back(Judge(**model, (*model)->normalizer().Normalize(e.text), e.label));
    }
    if (!options.baselines) continue;
    auto plain = Classifier::Train(train, svm, AbbreviationMap{});
    if (!plain) return Fail(plain.error());
    for (const auto& e : test) {
      baseline.push_back(Judge(**plain, (*plain)->normalizer().Normalize(e.text), e.label));
    }
    std::map<std::string, int> frequency;
    for (const auto& e : train) ++frequency[e.label];
    std::vector<std::pair<std::string, int>> ranked(frequency.begin(), frequency.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& e : test) {
      Outcome o;
      o.truth = e.label;
      for (size_t i = 0; i < std::min<size_t>(3, ranked.size()); ++i) {
        o.top.push_back(ranked[i].first);
      }
      o.confidence = static_cast<double>(ranked[0].second) / static_cast<double>(train.size());
      majority.push_back(o);
    }
  }
  report.methods.push_back(Summarise(options.train.kind, ours));
  if (options.baselines) {
    report.methods.push_back(Summarise("baseline-tfidf-svm", baseline));
    report.methods.push_back(Summarise("baseline-majority", majority));
  }
  return report;
}

Result<EvalReport> EvaluateModel(const Classifier& classifier,
                                 const std::vector<Example>& examples) {
  EvalReport report;
  report.rows = static_cast<int>(examples.size());
  report.model = classifier.version();
  std::set<std::string> labels;
  std::vector<Outcome> outcomes;
  for (const auto& e : examples) {
    const std::string normalized = classifier.normalizer().Normalize(e.text);
    if (normalized.empty()) continue;
    outcomes.push_back(Judge(classifier, normalized, e.label));
    labels.insert(e.label);
  }
  report.used = static_cast<int>(outcomes.size());
  report.labels = static_cast<int>(labels.size());
  report.methods.push_back(Summarise(classifier.kind(), outcomes));
  return report;
}

}  // namespace sigap::routing::text
