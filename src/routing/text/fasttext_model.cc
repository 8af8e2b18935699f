#include "routing/text/fasttext_model.h"

#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sigap::routing::text {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";
constexpr int32_t kFastTextMagic = 793712314;  // FASTTEXT_FILEFORMAT_MAGIC_INT32
constexpr int32_t kFastTextVersion = 12;       // FASTTEXT_VERSION of 0.9.x

// A private temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sigap-fasttext-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

FastTextModel::FastTextModel() : fasttext_(std::make_unique<fasttext::FastText>()) {}

FastTextModel::~FastTextModel() = default;

void FastTextModel::IndexLabels() {
  const auto dict = fasttext_->getDictionary();
  ours_of_theirs_.assign(dict->nlabels(), -1);
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    const std::string name = dict->getLabel(i);
    if (name.rfind(kLabelPrefix, 0) == 0) {
      const int ours = std::atoi(name.c_str() + kLabelPrefix.size());
      if (ours >= 0 && ours < label_count_) ours_of_theirs_[i] = ours;
    }
  }
}

Result<std::unique_ptr<FastTextModel>> FastTextModel::Train(
    const std::vector<LabelledText>& examples, int label_count, const FastTextOptions& options) {
  if (examples.empty()) return Fail(ErrorCode::kInvalidArgument, "no training examples");
  if (label_count < 2) return Fail(ErrorCode::kInvalidArgument, "fewer than two labels");
  TempDir dir;
  if (dir.path().empty()) {
    return Fail(ErrorCode::kUnavailable, "cannot create a temporary directory for fastText");
  }
  const auto input = dir.path() / "train.txt";
  {
    std::ofstream out(input, std::ios::binary);
    for (const auto& e : examples) {
      out << kLabelPrefix << e.label << ' ' << e.text << '\n';
    }
    if (!out) return Fail(ErrorCode::kUnavailable, "cannot write fastText's training file");
  }
  fasttext::Args args;
  args.input = input.string();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.dim = options.dim;
  args.epoch = options.epoch;
  args.lr = options.lr;
  args.wordNgrams = options.word_ngrams;
  args.minn = options.minn;
  args.maxn = options.maxn;
  args.bucket = options.bucket;
  args.minCount = 1;
  args.minCountLabel = 0;
  args.thread = 1;  // one thread: the same data and seed give the same model
  args.seed = options.seed;
  args.verbose = 0;
  std::unique_ptr<FastTextModel> model(new FastTextModel());
  model->label_count_ = label_count;
  try {
    model->fasttext_->train(args);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, std::string("fastText training failed: ") + e.what());
  }
  model->IndexLabels();
  return model;
}

void FastTextModel::Scores(std::string_view normalized, std::vector<float>& scores) const {
  // Labels fastText never saw (none in training) get a probability of ~0.
  scores.assign(label_count_, -30.0f);
  std::istringstream in{std::string(normalized) + "\n"};
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  fasttext_->predictLine(in, predictions, -1, 0.0);
  for (const auto& [probability, name] : predictions) {
    if (name.rfind(kLabelPrefix, 0) != 0) continue;
    const int ours = std::atoi(name.c_str() + kLabelPrefix.size());
    if (ours >= 0 && ours < label_count_) {
      scores[ours] = std::log(std::max(probability, static_cast<fasttext::real>(1e-12)));
    }
  }
}

std::vector<WordWeight> FastTextModel::TopWords(std::string_view normalized, int label,
                                                int n) const {
  // fastText has no per-word weights: a word weighs what the label's
  // log-probability loses when the word is left out.
  std::vector<float> full;
  Scores(normalized, full);
  const auto words = SplitWords(normalized);
  std::vector<WordWeight> out;
  std::vector<float> without;
  for (size_t i = 0; i < words.size(); ++i) {
    bool seen = false;
    for (const auto& w : out) seen = seen || w.word == words[i];
    if (seen) continue;
    std::string rest;
    for (size_t j = 0; j < words.size(); ++j) {
      if (words[j] == words[i]) continue;
      if (!rest.empty()) rest.push_back(' ');
      rest.append(words[j]);
    }
    Scores(rest, without);
    out.push_back({std::string(words[i]), full[label] - without[label]});
  }
  std::erase_if(out, [](const WordWeight& w) { return w.weight <= 0; });
  std::stable_sort(out.begin(), out.end(),
                   [](const WordWeight& a, const WordWeight& b) { return a.weight > b.weight; });
  if (out.size() > static_cast<size_t>(std::max(0, n))) out.resize(std::max(0, n));
  return out;
}

Status FastTextModel::Save(std::ostream& out) const {
  TempDir dir;
  if (dir.path().empty()) return Fail(ErrorCode::kUnavailable, "cannot create a temporary dir");
  const auto file = dir.path() / "model.bin";
  try {
    fasttext_->saveModel(file.string());
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable,
                std::string("cannot save the fastText model: ") + e.what());
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  out << "fasttext " << label_count_ << ' ' << data.size() << '\n';
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) return Fail(ErrorCode::kUnavailable, "cannot write the fastText model");
  return {};
}

Result<std::unique_ptr<FastTextModel>> FastTextModel::Load(std::istream& in) {
  std::string tag;
  size_t size = 0;
  std::unique_ptr<FastTextModel> model(new FastTextModel());
  in >> tag >> model->label_count_ >> size;
  if (!in || tag != "fasttext" || in.get() != '\n' || model->label_count_ < 2 ||
      size > (size_t{1} << 33)) {
    return Fail(ErrorCode::kInvalidArgument, "the fastText model data is damaged");
  }
  std::string data(size, '\0');
  if (!in.read(data.data(), static_cast<std::streamsize>(size))) {
    return Fail(ErrorCode::kInvalidArgument, "the fastText model data is truncated");
  }
  // FastText::loadModel(istream&) expects the file's magic number and
  // version already read (loadModel(filename) checks them first).
  std::istringstream bytes(data);
  int32_t magic = 0;
  int32_t version = 0;
  bytes.read(reinterpret_cast<char*>(&magic), sizeof magic);
  bytes.read(reinterpret_cast<char*>(&version), sizeof version);
  if (!bytes || magic != kFastTextMagic || version > kFastTextVersion) {
    return Fail(ErrorCode::kInvalidArgument, "not a fastText model of a known version");
  }
  try {
    model->fasttext_->loadModel(bytes);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("the fastText model is damaged: ") + e.what());
  }
  model->IndexLabels();
  return model;
}

}  // namespace sigap::routing::text
