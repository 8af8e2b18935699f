#include "routing/text/linear_text_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "routing/text/dual_logistic.h"
#include "routing/text/dual_svm.h"
#include "routing/text/ngrams.h"
#include "routing/text/normalizer.h"

namespace sigap::routing::text {
namespace {

const std::filesystem::path kSource = SIGAP_SOURCE_DIR;

// The demo reports' lines, normalised, with five made-up labels: real text
// (repeated words, n-grams shared between words) is what the per-word sums
// of Scores must get right; the labels only need weights to differ. Every
// other line is written as a report with a subject (its first 40 bytes, as
// ComposeReport would), so that the subject step's marked words are in it.
std::vector<LabelledText> DemoTexts() {
  std::ifstream in(kSource / "data/demo/complaints.csv");
  const Normalizer normalizer(NormalizerSteps{}, {});
  std::vector<LabelledText> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (++n % 2 == 0) {
      const std::string subject = line.substr(0, 40);
      line = subject + ". " + subject + ". " + line;
    }
    std::string text = normalizer.Normalize(line);
    if (!text.empty()) out.push_back({std::move(text), static_cast<int>(out.size() % 5)});
  }
  return out;
}

const std::vector<LabelledText>& Texts() {
  static const std::vector<LabelledText> texts = DemoTexts();
  return texts;
}

std::unique_ptr<LinearTextModel> TrainOn600(const LinearOptions& options) {
  std::vector<LabelledText> train(Texts().begin(), Texts().begin() + 600);
  auto trained = LinearTextModel::Train(train, 5, options);
  EXPECT_TRUE(trained.has_value());
  return std::move(*trained);
}

// The default model (the character n-grams' TF taken word by word).
const LinearTextModel& Model() {
  static const std::unique_ptr<LinearTextModel> model = TrainOn600(LinearOptions{});
  return *model;
}

// A model whose character n-grams' TF is taken over the whole text.
const LinearTextModel& TextTfModel() {
  static const std::unique_ptr<LinearTextModel> model = [] {
    LinearOptions o;
    o.char_tf_per_word = false;
    return TrainOn600(o);
  }();
  return *model;
}

// Texts that stress the sums by word: a word many times, words sharing
// n-grams, a word too long to be cached, unknown words only.
std::vector<std::string> Awkward() {
  return {"jalan jalan jalan rusak jalan",
          "layanan pelayanan dilayani layan",
          "aaaa aaaaaa aa a",
          std::string(200, 'k') + " jalan " + std::string(40, 'x'),
          "qqqzzz vvvwww",
          "_num_ _url_ _tel_",
          "jalan rusak ^jalan ^rusak",
          "^jalan ^jalan ^jawa ^jalan",  // marked words repeated, sharing prefixes
          "^ ^_num_ ^" + std::string(60, 'j')};
}

void ExpectClose(const std::vector<float>& a, const std::vector<float>& b,
                 const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t c = 0; c < a.size(); ++c) {
    EXPECT_NEAR(a[c], b[c], 1e-4 * (1 + std::fabs(b[c]))) << what << " label " << c;
  }
}

void ExpectScoresMatchTheSumFeatureByFeature(const LinearTextModel& model) {
  std::vector<std::string> texts = Awkward();
  for (const auto& t : Texts()) texts.push_back(t.text);

  std::vector<float> cached;
  std::vector<float> direct;
  for (int pass = 0; pass < 2; ++pass) {  // cache empty, then full
    for (const auto& text : texts) {
      model.Scores(text, cached);
      model.ScoresByFeature(text, direct);
      ExpectClose(cached, direct, text.substr(0, 60));
    }
  }
}

TEST(LinearTextModel, ScoresMatchTheSumFeatureByFeature) {
  ExpectScoresMatchTheSumFeatureByFeature(Model());
}

TEST(LinearTextModel, ScoresMatchTheSumFeatureByFeatureWithTheTextsTf) {
  ExpectScoresMatchTheSumFeatureByFeature(TextTfModel());
}

void ExpectWordSharesAddUpToTheScore(const LinearTextModel& model) {
  std::vector<std::string> texts = Awkward();
  for (size_t i = 0; i < Texts().size(); i += 7) texts.push_back(Texts()[i].text);
  std::vector<float> scores;
  for (const auto& text : texts) {
    model.ScoresByFeature(text, scores);
    for (int label = 0; label < 5; ++label) {
      double sum = model.bias(label);
      for (const auto& share : model.WordShares(text, label)) sum += share.weight;
      EXPECT_NEAR(sum, scores[label], 1e-3 * (1 + std::fabs(scores[label])))
          << text.substr(0, 60) << " label " << label;
    }
  }
}

TEST(LinearTextModel, WordSharesAddUpToTheScore) { ExpectWordSharesAddUpToTheScore(Model()); }

TEST(LinearTextModel, WordSharesAddUpToTheScoreWithTheTextsTf) {
  ExpectWordSharesAddUpToTheScore(TextTfModel());
}

TEST(LinearTextModel, TopWordsAreTheLargestPositiveSharesAndSubjectWordsCountForTheWord) {
  const std::string text = "jalan rusak ^jalan jalan lubang besar";
  const auto shares = Model().WordShares(text, 2);
  const auto top = Model().TopWords(text, 2, 3);

  std::vector<std::string> words;
  for (const auto& s : shares) words.push_back(s.word);
  EXPECT_EQ(words, (std::vector<std::string>{"jalan", "rusak", "lubang", "besar"}));
  std::vector<WordWeight> positive;
  for (const auto& s : shares) {
    if (s.weight > 0) positive.push_back(s);
  }
  std::sort(positive.begin(), positive.end(),
            [](const WordWeight& a, const WordWeight& b) { return a.weight > b.weight; });
  if (positive.size() > 3) positive.resize(3);
  ASSERT_EQ(top.size(), positive.size());
  for (size_t i = 0; i < top.size(); ++i) {
    EXPECT_EQ(top[i].word, positive[i].word);
    EXPECT_EQ(top[i].weight, positive[i].weight);
  }
}

// The default model's bytes read back as a model of the same weights that
// takes the character n-grams' TF over the whole text.
std::unique_ptr<LinearTextModel> SameWeightsWithTheTextsTf() {
  std::ostringstream saved;
  EXPECT_TRUE(Model().Save(saved).has_value());
  std::string bytes = saved.str();
  const std::string tag = "linear-word-tf ";
  EXPECT_EQ(bytes.rfind(tag, 0), 0U);
  bytes.replace(0, tag.size(), "linear ");
  std::istringstream in(bytes);
  auto loaded = LinearTextModel::Load(in);
  EXPECT_TRUE(loaded.has_value());
  return loaded ? std::move(*loaded) : nullptr;
}

TEST(LinearTextModel, TheTfOfEachWordDiffersFromTheTextsOnlyWhereWordsShareAnNgram) {
  const auto text_tf = SameWeightsWithTheTextsTf();
  ASSERT_NE(text_tf, nullptr);
  std::vector<float> per_word;
  std::vector<float> whole_text;
  // No two distinct words with an n-gram in common (a word repeated has
  // the same TF either way): the same scores.
  for (const std::string text : {"jalan", "jalan jalan rusak", "rusak bpjs rusak"}) {
    Model().ScoresByFeature(text, per_word);
    text_tf->ScoresByFeature(text, whole_text);
    ExpectClose(per_word, whole_text, text);
  }
  // "layanan" and "pelayanan" share "lay", "aya", "yan", "anan", "an ", ...:
  // each word counts them once, where the text counts them twice.
  Model().ScoresByFeature("layanan pelayanan", per_word);
  text_tf->ScoresByFeature("layanan pelayanan", whole_text);
  float largest = 0;
  for (size_t c = 0; c < per_word.size(); ++c) {
    largest = std::max(largest, std::fabs(per_word[c] - whole_text[c]));
  }
  EXPECT_GT(largest, 1e-3);
}

TEST(LinearTextModel, SubjectWordsHaveOnlyTheCharacterNgramsOfTheirStart) {
  const LinearOptions o;  // char 2-5
  std::vector<uint32_t> buckets;

  ForEachFeature({"^jalan"}, o, [&](uint32_t bucket, size_t) { buckets.push_back(bucket); });

  // "^j", "^ja", "^jal", "^jala": no word n-gram, nothing without the mark.
  ASSERT_EQ(buckets.size(), 4U);
  for (const uint32_t b : buckets) EXPECT_GE(b, 1U << (o.hash_bits - 1));
  std::vector<uint32_t> plain;
  ForEachCharBucket("jalan", o, [&](uint32_t bucket) { plain.push_back(bucket); });
  for (const uint32_t b : buckets) {
    EXPECT_EQ(std::count(plain.begin(), plain.end(), b), 0);
  }
}

TEST(LinearTextModel, ScoresAreTheSameOnEveryThreadAndEveryCall) {
  const LinearTextModel& model = Model();
  const auto& texts = Texts();
  std::vector<std::vector<float>> expected(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) model.Scores(texts[i].text, expected[i]);

  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<float> scores;
      for (size_t k = 0; k < texts.size(); ++k) {
        const size_t i = (k + t * texts.size() / 4) % texts.size();
        model.Scores(texts[i].text, scores);
        if (scores != expected[i]) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(LinearTextModel, SavedModelLoadsAndSavesTheSameBytes) {
  const LinearTextModel& model = Model();
  std::ostringstream saved;
  ASSERT_TRUE(model.Save(saved).has_value());

  std::istringstream in(saved.str());
  auto loaded = LinearTextModel::Load(in);

  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  std::ostringstream again;
  ASSERT_TRUE((*loaded)->Save(again).has_value());
  EXPECT_EQ(again.str(), saved.str());
  std::vector<float> a;
  std::vector<float> b;
  for (const auto& t : Texts()) {
    model.Scores(t.text, a);
    (*loaded)->Scores(t.text, b);
    ASSERT_EQ(a, b) << t.text.substr(0, 60);
  }
}

// The bytes of a model trained on the first 300 demo texts.
std::string TrainedBytes(const LinearOptions& options) {
  std::vector<LabelledText> train(Texts().begin(), Texts().begin() + 300);
  auto model = LinearTextModel::Train(train, 5, options);
  EXPECT_TRUE(model.has_value());
  std::ostringstream out;
  if (model) {
    EXPECT_TRUE((*model)->Save(out).has_value());
  }
  return out.str();
}

TEST(LinearTextModel, ThreadsDoNotChangeTheModel) {
  for (const bool per_word : {true, false}) {
    LinearOptions one;
    one.char_tf_per_word = per_word;
    LinearOptions three = one;
    three.threads = 3;

    EXPECT_EQ(TrainedBytes(one), TrainedBytes(three)) << per_word;
  }
}

TEST(LinearTextModel, TheCharactersTfIsPartOfTheModel) {
  LinearOptions text_tf;
  text_tf.char_tf_per_word = false;

  const std::string per_word = TrainedBytes(LinearOptions{});
  const std::string whole_text = TrainedBytes(text_tf);

  EXPECT_EQ(per_word.rfind("linear-word-tf ", 0), 0U);
  EXPECT_EQ(whole_text.rfind("linear ", 0), 0U);
  // Trained on other values, the weights differ too, not just the tag.
  EXPECT_NE(per_word.substr(per_word.find('\n')), whole_text.substr(whole_text.find('\n')));
}

// Two clusters of rows on either side of a plane, and a bias column.
SparseRows Separable(std::vector<bool>& positive) {
  SparseRows rows;
  rows.columns = 3;
  for (int i = 0; i < 40; ++i) {
    const bool p = i % 2 == 0;
    const float a = p ? 1.0f + 0.01f * i : -1.0f - 0.01f * i;
    rows.index.insert(rows.index.end(), {0, 1, 2});
    rows.value.insert(rows.value.end(), {a, 0.05f * static_cast<float>(i % 7), 1.0f});
    rows.start.push_back(rows.index.size());
    positive.push_back(p);
  }
  return rows;
}

// Scores w . x of every row.
std::vector<double> RowScores(const SparseRows& rows, const std::vector<double>& w) {
  std::vector<double> out;
  for (size_t r = 0; r < rows.rows(); ++r) out.push_back(rows.Dot(w.data(), r));
  return out;
}

TEST(DualSvm, SeparatesSeparableRowsReproducibly) {
  std::vector<bool> positive;
  const SparseRows rows = Separable(positive);
  DualSvmOptions options;
  options.c_positive = options.c_negative = 10;
  options.seed = 3;

  const auto w = SolveDualSvm(rows, positive, options);

  ASSERT_EQ(w.size(), 3U);
  const auto scores = RowScores(rows, w);
  for (size_t r = 0; r < rows.rows(); ++r) EXPECT_EQ(scores[r] > 0, positive[r]) << "row " << r;
  EXPECT_EQ(SolveDualSvm(rows, positive, options), w);
}

TEST(DualSvm, ColumnScalesSolveTheScaledRows) {
  std::vector<bool> positive;
  const SparseRows rows = Separable(positive);
  const std::vector<float> scale = {0.5f, 3.0f, 1.0f};
  SparseRows scaled = rows;
  for (size_t k = 0; k < scaled.index.size(); ++k) scaled.value[k] *= scale[scaled.index[k]];
  DualSvmOptions options;
  options.c_positive = options.c_negative = 0.1;  // soft: every row matters
  options.seed = 5;

  const auto explicit_w = SolveDualSvm(scaled, positive, options);
  options.column_scale = &scale;
  const auto scaled_w = SolveDualSvm(rows, positive, options);

  ASSERT_EQ(scaled_w.size(), explicit_w.size());
  for (size_t j = 0; j < scale.size(); ++j) {
    EXPECT_NEAR(scaled_w[j], explicit_w[j] * scale[j], 1e-4) << "column " << j;
  }
}

TEST(DualLogistic, SeparatesSeparableRowsReproducibly) {
  std::vector<bool> positive;
  const SparseRows rows = Separable(positive);
  DualLogisticOptions options;
  options.c_positive = options.c_negative = 10;
  options.seed = 3;

  const auto w = SolveDualLogistic(rows, positive, options);

  ASSERT_EQ(w.size(), 3U);
  const auto scores = RowScores(rows, w);
  for (size_t r = 0; r < rows.rows(); ++r) EXPECT_EQ(scores[r] > 0, positive[r]) << "row " << r;
  EXPECT_EQ(SolveDualLogistic(rows, positive, options), w);
}

TEST(DualLogistic, ReachesTheOptimumOfTheRegularisedLoss) {
  std::vector<bool> positive;
  const SparseRows rows = Separable(positive);
  DualLogisticOptions options;
  options.c_positive = options.c_negative = 0.5;
  options.eps = 1e-6;  // tight: w must be where the primal gradient vanishes
  options.seed = 1;

  const auto w = SolveDualLogistic(rows, positive, options);

  // grad = w - sum_r C y_r sigma(-y_r w.x_r) x_r
  std::vector<double> gradient = w;
  const auto scores = RowScores(rows, w);
  for (size_t r = 0; r < rows.rows(); ++r) {
    const double y = positive[r] ? 1.0 : -1.0;
    const double factor = 0.5 * y / (1.0 + std::exp(y * scores[r]));
    for (size_t k = rows.start[r]; k < rows.start[r + 1]; ++k) {
      gradient[rows.index[k]] -= factor * rows.value[k];
    }
  }
  for (size_t j = 0; j < gradient.size(); ++j) EXPECT_NEAR(gradient[j], 0.0, 1e-4) << j;
}

// Five labels, each with its own words, and words every label uses.
std::vector<LabelledText> SeparateWords() {
  std::vector<LabelledText> out;
  const std::vector<std::string> own = {"jalan", "air", "ktp", "listrik", "sampah"};
  for (int i = 0; i < 60; ++i) {
    const int label = i % 5;
    out.push_back({own[label] + " mohon warga " + (i % 2 == 0 ? "tolong" : "sudah"), label});
  }
  return out;
}

TEST(LinearTextModel, NbRatiosFavourTheWordsOfTheirOwnLabel) {
  LinearOptions options;
  options.char_max_n = 0;  // words only: one word's score is its own weight
  options.nb_scaling = true;
  options.nb_beta = 0;  // the log-count ratios alone
  options.logistic_mix = 0;
  auto model = LinearTextModel::Train(SeparateWords(), 5, options);
  ASSERT_TRUE(model.has_value()) << model.error().message;

  std::vector<float> jalan;
  std::vector<float> air;
  (*model)->Scores("jalan", jalan);
  (*model)->Scores("air", air);

  EXPECT_GT(jalan[0], air[0]);
  EXPECT_GT(air[1], jalan[1]);
  EXPECT_EQ(std::max_element(jalan.begin(), jalan.end()) - jalan.begin(), 0);
  EXPECT_EQ(std::max_element(air.begin(), air.end()) - air.begin(), 1);
}

TEST(LinearTextModel, NbScalingAndLogisticMixDoNotDependOnThreads) {
  LinearOptions one;
  one.nb_scaling = true;
  one.logistic_mix = 0.5;
  one.threads = 1;
  LinearOptions three = one;
  three.threads = 3;

  EXPECT_EQ(TrainedBytes(one), TrainedBytes(three));
}

TEST(LinearTextModel, NbScalingAndLogisticMixEachChangeTheModel) {
  LinearOptions svm;
  svm.nb_scaling = false;
  svm.logistic_mix = 0;
  LinearOptions nb = svm;
  nb.nb_scaling = true;
  LinearOptions mixed = svm;
  mixed.logistic_mix = 0.5;

  const std::string plain = TrainedBytes(svm);

  EXPECT_NE(TrainedBytes(nb), plain);
  EXPECT_NE(TrainedBytes(mixed), plain);
}

TEST(LinearTextModel, NegativeCapAboveEveryLabelsNegativesGivesTheIdenticalModel) {
  LinearOptions capped;
  capped.max_negatives = 300;  // 300 texts: no label has more negatives
  LinearOptions uncapped;
  uncapped.max_negatives = 0;

  EXPECT_EQ(TrainedBytes(capped), TrainedBytes(uncapped));
}

TEST(LinearTextModel, NegativeCapChangesTheModelButNotWithThreads) {
  LinearOptions one;
  one.max_negatives = 60;
  one.threads = 1;
  LinearOptions three = one;
  three.threads = 3;

  LinearOptions uncapped;
  uncapped.max_negatives = 0;

  const std::string capped = TrainedBytes(one);

  EXPECT_NE(capped, TrainedBytes(uncapped));
  EXPECT_EQ(capped, TrainedBytes(three));
}

TEST(LinearTextModel, LogisticRegressionDoesNotDependOnThreads) {
  LinearOptions one;
  one.logistic = true;
  one.threads = 1;
  LinearOptions three = one;
  three.threads = 3;

  EXPECT_EQ(TrainedBytes(one), TrainedBytes(three));
}

}  // namespace
}  // namespace sigap::routing::text
