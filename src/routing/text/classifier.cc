#include "routing/text/classifier.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <sstream>

#include "routing/text/parallel.h"

namespace sigap::routing::text {
namespace {

constexpr std::string_view kMagic = "sigap-text-classifier 1";

std::string HexHash(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

// Negative log-likelihood of the true labels under softmax(score / t).
double Nll(const std::vector<std::vector<float>>& scores, const std::vector<int>& truth, double t) {
  double nll = 0;
  for (size_t i = 0; i < scores.size(); ++i) {
    const auto p = Softmax(scores[i], t);
    nll -= std::log(std::max(p[truth[i]], 1e-300));
  }
  return nll;
}

// Temperature scaling (Guo et al. 2017, a one-parameter Platt scaling for
// many classes): the T minimising held-out NLL, by golden-section search
// over log T.
double FitTemperature(const std::vector<std::vector<float>>& scores,
                      const std::vector<int>& truth) {
  double lo = std::log(1e-3);
  double hi = std::log(1e2);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double a = hi - g * (hi - lo);
  double b = lo + g * (hi - lo);
  double fa = Nll(scores, truth, std::exp(a));
  double fb = Nll(scores, truth, std::exp(b));
  for (int i = 0; i < 60; ++i) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = Nll(scores, truth, std::exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = Nll(scores, truth, std::exp(b));
    }
  }
  return std::exp((lo + hi) / 2);
}

// The probabilities of `scores` under the temperature and `scaling`.
void ScaledProbabilities(const std::vector<double>& scaling, bool diagonal,
                         const std::vector<float>& scores, double temperature,
                         std::vector<double>& p) {
  ScaledLogits(scaling, diagonal, scores, temperature, p);
  SoftmaxInPlace(p);
}

}  // namespace

std::string_view DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kAuto:
      return "auto";
    case Decision::kPropose:
      return "propose";
    case Decision::kHuman:
      return "human";
  }
  return "human";
}

std::string CleanLabel(std::string_view label) {
  size_t end = label.find_first_of("\r\n");
  if (end == std::string_view::npos) end = label.size();
  if (const size_t br = label.substr(0, end).find("<br"); br != std::string_view::npos) end = br;
  label = label.substr(0, end);
  while (!label.empty() && (label.back() == ' ' || label.back() == '\t')) label.remove_suffix(1);
  while (!label.empty() && (label.front() == ' ' || label.front() == '\t')) label.remove_prefix(1);
  return std::string(label);
}

std::string ComposeReport(std::string_view subject, std::string_view body) {
  std::string out;
  out.reserve(2 * subject.size() + body.size() + 4);
  for (int i = 0; i < 2 && !subject.empty(); ++i) {
    out.append(subject);
    out.append(". ");
  }
  out.append(body);
  return out;
}

std::vector<int> StratifiedFolds(const std::vector<int>& labels, int folds, uint32_t seed) {
  std::map<int, std::vector<int>> by_label;
  for (size_t i = 0; i < labels.size(); ++i) by_label[labels[i]].push_back(static_cast<int>(i));
  std::vector<int> fold(labels.size(), 0);
  std::mt19937 rng(seed);
  int next = 0;
  for (auto& [label, members] : by_label) {
    // A Fisher-Yates shuffle of our own: std::shuffle's order is not
    // specified, and the folds must not change with the standard library.
    for (size_t i = members.size(); i > 1; --i) {
      std::swap(members[i - 1], members[rng() % i]);
    }
    for (const int m : members) {
      fold[m] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

std::vector<double> Softmax(const std::vector<float>& scores, double temperature) {
  std::vector<double> p(scores.size());
  if (scores.empty()) return p;
  const double max = *std::max_element(scores.begin(), scores.end());
  double sum = 0;
  for (size_t i = 0; i < scores.size(); ++i) {
    p[i] = std::exp((scores[i] - max) / temperature);
    sum += p[i];
  }
  for (double& v : p) v /= sum;
  return p;
}

double ThresholdForPrecision(std::vector<Scored> scored, double target) {
  std::stable_sort(scored.begin(), scored.end(),
                   [](const Scored& a, const Scored& b) { return a.probability > b.probability; });
  double threshold = 2.0;
  int correct = 0;
  for (size_t i = 0; i < scored.size(); ++i) {
    correct += scored[i].correct ? 1 : 0;
    // Only where the next one is lower: equal probabilities stand together.
    const bool boundary =
        i + 1 == scored.size() || scored[i + 1].probability < scored[i].probability;
    if (boundary && correct >= target * static_cast<double>(i + 1)) {
      threshold = scored[i].probability;
    }
  }
  return threshold;
}

Result<std::unique_ptr<TextModel>> TrainTextModel(const std::vector<LabelledText>& examples,
                                                  int label_count, const TrainOptions& options) {
  if (options.kind == "linear") {
    LinearOptions linear = options.linear;
    linear.seed = options.seed;
    auto model = LinearTextModel::Train(examples, label_count, linear);
    if (!model) return Fail(model.error());
    return std::unique_ptr<TextModel>(std::move(*model));
  }
  if (options.kind == "fasttext") {
    FastTextOptions fasttext = options.fasttext;
    fasttext.seed = static_cast<int>(options.seed);
    auto model = FastTextModel::Train(examples, label_count, fasttext);
    if (!model) return Fail(model.error());
    return std::unique_ptr<TextModel>(std::move(*model));
  }
  return Fail(ErrorCode::kInvalidArgument,
              "unknown classifier kind '" + options.kind + "' (linear or fasttext)",
              {{"kind", "unknown", "linear or fasttext"}});
}

namespace {

// Out-of-fold scores fit the temperature, and the calibrated probabilities
// of the held-out best labels give the auto-dispose threshold. The folds
// are trained in turn until at least calibration_sample examples have been
// scored (all folds on small data; on 100,000 reports one fold is enough,
// and its model, trained on 4/5 of the data, is close to the final one).
struct Calibration {
  double temperature = 1.0;
  double threshold = 2.0;
  std::vector<double> scaling;  // empty: the temperature alone
};

Result<Calibration> Calibrate(const std::vector<LabelledText>& data, int label_count, bool other,
                              const TrainOptions& options) {
  std::vector<int> labels;
  for (const auto& d : data) labels.push_back(d.label);
  const auto fold = StratifiedFolds(labels, options.calibration_folds, options.seed);
  std::vector<std::vector<float>> all_scores(data.size());
  std::vector<bool> held(data.size(), false);
  size_t scored_count = 0;
  for (int f = 0; f < options.calibration_folds; ++f) {
    if (options.calibration_sample > 0 &&
        scored_count >= static_cast<size_t>(options.calibration_sample)) {
      break;
    }
    std::vector<LabelledText> train;
    for (size_t i = 0; i < data.size(); ++i) {
      if (fold[i] != f) train.push_back(data[i]);
    }
    auto model = TrainTextModel(train, label_count, options);
    if (!model) return Fail(model.error());
    for (size_t i = 0; i < data.size(); ++i) {
      if (fold[i] != f) continue;
      (*model)->Scores(data[i].text, all_scores[i]);
      held[i] = true;
      ++scored_count;
    }
  }
  // In the data's order: with every fold scored, exactly the sums as ever.
  std::vector<std::vector<float>> scores;
  std::vector<int> truth;
  for (size_t i = 0; i < data.size(); ++i) {
    if (!held[i]) continue;
    scores.push_back(std::move(all_scores[i]));
    truth.push_back(data[i].label);
  }
  Calibration out;
  out.temperature = FitTemperature(scores, truth);
  // The threshold for the target precision over the held-out best labels'
  // probabilities.
  const int other_index = other ? label_count - 1 : -1;
  const auto threshold_of = [&](const std::vector<std::vector<double>>& probabilities) {
    std::vector<Scored> scored;
    for (size_t i = 0; i < scores.size(); ++i) {
      const std::vector<double>& p = probabilities[i];
      const int best = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
      if (best == other_index) continue;  // never disposed automatically
      scored.push_back({p[best], best == truth[i]});
    }
    return ThresholdForPrecision(scored, options.target_precision);
  };
  // Each held-out score's probability for the threshold; with a fitted
  // scaling, from a scaling fitted without it (cross-fitted over the
  // calibration folds): the scaling fitted on all of them would judge its
  // own training scores, too confident, and the threshold chosen from them
  // would let automatic dispositions fall below the target precision.
  std::vector<std::vector<double>> probabilities(scores.size());
  if (options.scaling.kind != ScalingKind::kTemperature) {
    // The final scaling and the cross-fitted ones are independent fits,
    // each deterministic: fitted on several threads, the same as in turn
    // (on 100,000 reports of 375 labels each is seconds of CPU).
    const int folds = options.calibration_folds;
    const auto part = StratifiedFolds(truth, folds, options.seed + 1);
    std::vector<std::vector<double>> fitted(static_cast<size_t>(folds) + 1);
    const auto fit = [&](int f) {
      if (f == folds) {
        fitted[f] = FitScaling(scores, truth, out.temperature, options.scaling);
        return;
      }
      std::vector<std::vector<float>> fit_scores;
      std::vector<int> fit_truth;
      for (size_t i = 0; i < scores.size(); ++i) {
        if (part[i] == f) continue;
        fit_scores.push_back(scores[i]);
        fit_truth.push_back(truth[i]);
      }
      fitted[f] = FitScaling(fit_scores, fit_truth, out.temperature, options.scaling);
    };
    ParallelFor(
        TrainingThreads(options.linear.threads), folds + 1,
        [&](size_t begin, size_t end) {
          for (size_t f = begin; f < end; ++f) fit(static_cast<int>(f));
        },
        /*min_part=*/1);
    out.scaling = std::move(fitted[folds]);
    for (int f = 0; f < folds; ++f) {
      const bool diagonal = IsDiagonal(fitted[f]);
      for (size_t i = 0; i < scores.size(); ++i) {
        if (part[i] != f) continue;
        ScaledProbabilities(fitted[f], diagonal, scores[i], out.temperature, probabilities[i]);
      }
    }
    out.threshold = threshold_of(probabilities);
    if (out.threshold <= 1.0) return out;
  }
  // The temperature alone, as before scalings existed; also when the
  // scaled probabilities reach the target precision at no threshold (they
  // saturate near 1 for right and wrong labels alike: seen on a Pemda's
  // dispositions added to the shared reports) and these do: automatic
  // disposition is worth more than the scaling's better ranking.
  for (size_t i = 0; i < scores.size(); ++i) probabilities[i] = Softmax(scores[i], out.temperature);
  if (const double threshold = threshold_of(probabilities);
      threshold <= 1.0 || out.scaling.empty()) {
    out.threshold = threshold;
    out.scaling.clear();
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Classifier>> Classifier::Train(const std::vector<Example>& examples,
                                                      const TrainOptions& options,
                                                      AbbreviationMap abbreviations) {
  std::unique_ptr<Classifier> c(new Classifier());
  c->normalizer_ = std::make_unique<Normalizer>(options.steps, std::move(abbreviations));
  c->kind_ = options.kind;
  c->min_confidence_ = options.min_confidence;
  c->target_precision_ = options.target_precision;

  std::map<std::string, int> counts;
  for (const auto& e : examples) {
    if (e.label.empty() || e.label.find('\n') != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "a label is empty or spans lines");
    }
    ++counts[e.label];
  }
  int rare = 0;
  for (const auto& [label, n] : counts) {
    if (n >= options.min_examples) {
      c->labels_.push_back(label);
    } else {
      rare += n;
    }
  }
  if (c->labels_.size() < 2) {
    return Fail(
        ErrorCode::kInvalidArgument,
        "fewer than two labels have " + std::to_string(options.min_examples) + " examples or more");
  }
  // Rare labels' examples teach the model what "none of the known ones"
  // looks like, when there are enough of them to learn anything.
  const bool other = rare >= options.min_examples;
  if (other) c->labels_.emplace_back(kOtherLabel);
  std::map<std::string, int> index;
  for (size_t i = 0; i < c->labels_.size(); ++i) index[c->labels_[i]] = static_cast<int>(i);

  std::vector<LabelledText> data;
  for (const auto& e : examples) {
    auto it = index.find(e.label);
    if (it == index.end() && !other) continue;
    const int label = it == index.end() ? index[std::string(kOtherLabel)] : it->second;
    data.push_back({c->normalizer_->Normalize(e.text), label});
  }
  const int label_count = static_cast<int>(c->labels_.size());

  if (options.calibration_folds >= 2) {
    auto calibration = Calibrate(data, label_count, other, options);
    if (!calibration) return Fail(calibration.error());
    c->temperature_ = calibration->temperature;
    c->auto_threshold_ = calibration->threshold;
    c->scaling_ = std::move(calibration->scaling);
    c->scaling_diagonal_ = IsDiagonal(c->scaling_);
  }

  auto model = TrainTextModel(data, label_count, options);
  if (!model) return Fail(model.error());
  c->model_ = std::move(*model);
  c->version_ = c->kind_ + "-" + HexHash(c->Body());
  return c;
}

std::string Classifier::Body() const {
  std::ostringstream out;
  out.precision(17);
  out << "kind " << kind_ << '\n'
      << "steps " << normalizer_->steps().ToString() << '\n'
      << "temperature " << temperature_ << '\n'
      << "auto_threshold " << auto_threshold_ << '\n'
      << "min_confidence " << min_confidence_ << '\n'
      << "target_precision " << target_precision_ << '\n'
      << "labels " << labels_.size() << '\n';
  for (const auto& label : labels_) out << label << '\n';
  // The dictionary in a stable order, so equal models have equal versions.
  std::map<std::string, std::string> sorted(normalizer_->abbreviations().begin(),
                                            normalizer_->abbreviations().end());
  out << "abbreviations " << sorted.size() << '\n';
  for (const auto& [form, expansion] : sorted) out << form << '\t' << expansion << '\n';
  if (!scaling_.empty()) {
    // Only when there is one: files without it read as before.
    out << "scaling " << scaling_.size() << '\n';
    for (size_t i = 0; i < scaling_.size(); ++i) out << (i > 0 ? " " : "") << scaling_[i];
    out << '\n';
  }
  if (model_) {
    out << "model\n";
    (void)model_->Save(out);
  }
  return out.str();
}

std::string Classifier::Serialize() const {
  return std::string(kMagic) + '\n' + "version " + version_ + '\n' + Body();
}

Status Classifier::Save(const std::filesystem::path& file) const {
  const auto tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(ErrorCode::kUnavailable, "cannot write " + tmp);
    out << Serialize();
    out.flush();
    if (!out) return Fail(ErrorCode::kUnavailable, "cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec)
    return Fail(ErrorCode::kUnavailable, "cannot write " + file.string() + ": " + ec.message());
  return {};
}

Result<std::unique_ptr<Classifier>> Classifier::Load(const std::filesystem::path& file) {
  std::ifstream f(file, std::ios::binary);
  if (!f) return Fail(ErrorCode::kNotFound, "cannot read " + file.string());
  std::ostringstream all;
  all << f.rdbuf();
  return Parse(all.str(), file.string());
}

Result<std::unique_ptr<Classifier>> Classifier::Parse(const std::string& bytes,
                                                      const std::string& name) {
  const auto bad = [&](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, name + ": " + why);
  };
  std::istringstream in(bytes);
  std::string line;
  if (!std::getline(in, line) || line != kMagic) return bad("not a Sigap text classifier file");
  std::string version;
  if (!std::getline(in, line) || line.rfind("version ", 0) != 0) return bad("no version line");
  version = line.substr(8);
  const size_t body_start = static_cast<size_t>(in.tellg());
  const std::string body = bytes.substr(body_start);
  std::unique_ptr<Classifier> c(new Classifier());
  std::string key;
  std::string steps;
  size_t labels = 0;
  in >> key >> c->kind_;
  if (key != "kind") return bad("no kind");
  in >> key >> steps;
  auto parsed = NormalizerSteps::Parse(steps);
  if (key != "steps" || !parsed) return bad("bad normaliser steps");
  in >> key >> c->temperature_ >> key >> c->auto_threshold_ >> key >> c->min_confidence_ >> key >>
      c->target_precision_ >> key >> labels;
  if (!in || key != "labels" || labels < 2 || labels > 100000 || !(c->temperature_ > 0)) {
    return bad("damaged header");
  }
  in.get();
  for (size_t i = 0; i < labels; ++i) {
    if (!std::getline(in, line)) return bad("truncated labels");
    c->labels_.push_back(line);
  }
  size_t entries = 0;
  in >> key >> entries;
  if (!in || key != "abbreviations") return bad("no abbreviations");
  in.get();
  AbbreviationMap abbreviations;
  for (size_t i = 0; i < entries; ++i) {
    if (!std::getline(in, line)) return bad("truncated abbreviations");
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) return bad("damaged abbreviations");
    abbreviations.emplace(line.substr(0, tab), line.substr(tab + 1));
  }
  if (!std::getline(in, line)) return bad("no model");
  if (line.rfind("scaling ", 0) == 0) {
    size_t n = 0;
    std::istringstream header(line.substr(8));
    header >> n;
    if (!header || n != labels * labels + labels) return bad("damaged scaling");
    c->scaling_.resize(n);
    for (double& v : c->scaling_) in >> v;
    if (!in || in.get() != '\n') return bad("damaged scaling");
    c->scaling_diagonal_ = IsDiagonal(c->scaling_);
    if (!std::getline(in, line)) return bad("no model");
  }
  if (line != "model") return bad("no model");
  Result<std::unique_ptr<TextModel>> model = Fail(ErrorCode::kInvalidArgument, "");
  if (c->kind_ == "linear") {
    auto linear = LinearTextModel::Load(in);
    if (!linear) return bad(linear.error().message);
    model = std::unique_ptr<TextModel>(std::move(*linear));
  } else if (c->kind_ == "fasttext") {
    auto fasttext = FastTextModel::Load(in);
    if (!fasttext) return bad(fasttext.error().message);
    model = std::unique_ptr<TextModel>(std::move(*fasttext));
  } else {
    return bad("unknown model kind '" + c->kind_ + "'");
  }
  c->model_ = std::move(*model);
  c->normalizer_ = std::make_unique<Normalizer>(*parsed, std::move(abbreviations));
  if (c->kind_ + "-" + HexHash(body) != version) {
    return bad("content does not match its version id (damaged or edited)");
  }
  c->version_ = version;
  return c;
}

std::vector<double> Classifier::ProbabilitiesOfNormalized(std::string_view normalized) const {
  std::vector<float> scores;
  model_->Scores(normalized, scores);
  if (scaling_.empty()) return Softmax(scores, temperature_);
  std::vector<double> p;
  ScaledProbabilities(scaling_, scaling_diagonal_, scores, temperature_, p);
  return p;
}

Result<std::vector<double>> Classifier::Probabilities(std::string_view text) const {
  const std::string normalized = normalizer_->Normalize(text);
  if (normalized.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "the text has no words to classify",
                {{"text", "empty", "the text has no words"}});
  }
  return ProbabilitiesOfNormalized(normalized);
}

Decision Classifier::Decide(const std::string& label, double p) const {
  if (label == kOtherLabel || p < min_confidence_) return Decision::kHuman;
  return p >= auto_threshold_ ? Decision::kAuto : Decision::kPropose;
}

Result<Prediction> Classifier::Predict(std::string_view text, int k, int words) const {
  const std::string normalized = normalizer_->Normalize(text);
  if (normalized.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "the text has no words to classify",
                {{"text", "empty", "the text has no words"}});
  }
  const auto p = ProbabilitiesOfNormalized(normalized);
  std::vector<int> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  // The k likeliest, ties in label order (as a stable sort would leave them).
  const size_t n = std::min(order.size(), static_cast<size_t>(std::max(1, k)));
  std::partial_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(n), order.end(),
                    [&](int a, int b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
  Prediction prediction;
  prediction.top.reserve(n);
  for (size_t i = 0; i < n; ++i) prediction.top.push_back({labels_[order[i]], p[order[i]]});
  prediction.decision = Decide(prediction.top[0].label, prediction.top[0].probability);
  if (words > 0) prediction.words = model_->TopWords(normalized, order[0], words);
  return prediction;
}

}  // namespace sigap::routing::text
