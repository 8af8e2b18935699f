#include "routing/text/classifier.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <random>

namespace sigap::routing::text {
namespace {

// Reports of three agencies, each with its own words among common ones,
// and four rare agencies with three reports each.
std::vector<Example> Corpus() {
  const std::vector<std::pair<std::string, std::vector<std::string>>> agencies = {
      {"Dinas Pekerjaan Umum", {"jalan", "rusak", "berlubang", "aspal", "jembatan", "drainase"}},
      {"PDAM", {"air", "mati", "keruh", "pipa", "bocor", "meteran"}},
      {"Disdukcapil", {"ktp", "kk", "akta", "nik", "rekam", "blangko"}},
  };
  const std::vector<std::string> common = {"saya",  "mohon", "tolong", "pak",   "warga",
                                           "sudah", "belum", "kami",   "sejak", "minggu"};
  std::mt19937 rng(7);
  std::vector<Example> out;
  for (const auto& [agency, words] : agencies) {
    for (int i = 0; i < 20; ++i) {
      std::string text;
      for (int w = 0; w < 4; ++w) text += words[rng() % words.size()] + " ";
      for (int w = 0; w < 4; ++w) text += common[rng() % common.size()] + " ";
      out.push_back({text, agency});
    }
  }
  const std::vector<std::string> rare = {"Dinas Pariwisata", "Satpol PP", "Dinas Perikanan",
                                         "Bappeda"};
  for (const auto& agency : rare) {
    for (int i = 0; i < 3; ++i) {
      out.push_back({"laporan lain " + agency + " " + common[rng() % common.size()], agency});
    }
  }
  return out;
}

class ClassifierContract : public ::testing::TestWithParam<std::string> {
 protected:
  TrainOptions Options() const {
    TrainOptions o;
    o.kind = GetParam();
    o.steps.subject = true;
    o.min_examples = 10;
    o.calibration_folds = 3;
    o.fasttext.bucket = 10000;  // a small hash table is plenty for this corpus
    return o;
  }

  std::unique_ptr<Classifier> TrainOnCorpus() const {
    auto model = Classifier::Train(Corpus(), Options(), {{"yg", "yang"}});
    EXPECT_TRUE(model.has_value()) << model.error().message;
    return model ? std::move(*model) : nullptr;
  }

  // One model per kind, trained once for the tests that only read it.
  const Classifier* Shared() const {
    static std::map<std::string, std::unique_ptr<Classifier>> models;
    auto& model = models[GetParam()];
    if (!model) model = TrainOnCorpus();
    return model.get();
  }

  std::filesystem::path TempFile(const std::string& name) const {
    return std::filesystem::temp_directory_path() /
           ("sigap-classifier-" + GetParam() + "-" + std::to_string(::getpid()) + "-" + name);
  }
};

TEST_P(ClassifierContract, SameDataAndSeedGiveTheSameModel) {
  auto a = TrainOnCorpus();
  auto b = TrainOnCorpus();

  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->version(), b->version());
  EXPECT_EQ(*a->Probabilities("air keruh sejak minggu lalu"),
            *b->Probabilities("air keruh sejak minggu lalu"));
}

TEST_P(ClassifierContract, ProbabilitiesOfAllLabelsSumToOne) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);

  auto p = model->Probabilities("jalan berlubang di depan rumah");

  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->size(), model->labels().size());
  EXPECT_NEAR(std::accumulate(p->begin(), p->end(), 0.0), 1.0, 1e-9);
}

TEST_P(ClassifierContract, TopKIsTheLikeliestFirstAndSumsToOneWhenComplete) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);
  const int all = static_cast<int>(model->labels().size());

  auto top3 = model->Predict("jalan rusak berlubang aspal", 3);
  auto full = model->Predict("jalan rusak berlubang aspal", all);

  ASSERT_TRUE(top3.has_value() && full.has_value());
  ASSERT_EQ(top3->top.size(), 3U);
  EXPECT_EQ(top3->top[0].label, "Dinas Pekerjaan Umum");
  EXPECT_GE(top3->top[0].probability, top3->top[1].probability);
  EXPECT_GE(top3->top[1].probability, top3->top[2].probability);
  double sum = 0;
  for (const auto& l : full->top) sum += l.probability;
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST_P(ClassifierContract, UnknownWordsAreNoProblem) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);

  auto prediction = model->Predict("zzkx qwerty ñandú 😀 xyzzy", 3, 5);

  ASSERT_TRUE(prediction.has_value());
  EXPECT_EQ(prediction->top.size(), 3U);
}

TEST_P(ClassifierContract, EmptyTextIsAClearError) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);

  auto empty = model->Predict("", 3);
  auto punctuation = model->Predict("  !!! ... ", 3);

  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.error().fields.at(0).field, "text");
  ASSERT_FALSE(punctuation.has_value());
}

TEST_P(ClassifierContract, RareAgenciesArePooledAndGoToAHuman) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);

  EXPECT_EQ(model->labels().back(), kOtherLabel);
  EXPECT_EQ(model->labels().size(), 4U);
  EXPECT_EQ(model->Decide(std::string(kOtherLabel), 0.99), Decision::kHuman);
  EXPECT_EQ(model->Decide("PDAM", model->min_confidence() / 2), Decision::kHuman);
}

TEST_P(ClassifierContract, TopWordsAreTheAgencysOwnWords) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);

  auto prediction = model->Predict("saya mohon air keruh dan pipa bocor", 1, 3);

  ASSERT_TRUE(prediction.has_value());
  EXPECT_EQ(prediction->top[0].label, "PDAM");
  ASSERT_FALSE(prediction->words.empty());
  const std::string first = prediction->words[0].word;
  EXPECT_TRUE(first == "air" || first == "keruh" || first == "pipa" || first == "bocor") << first;
}

TEST_P(ClassifierContract, TopWordsOfTheSubjectAreShownWithoutTheirMark) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);

  auto prediction = model->Predict(ComposeReport("air keruh", "saya mohon pipa bocor"), 1, 10);

  ASSERT_TRUE(prediction.has_value());
  EXPECT_EQ(prediction->top[0].label, "PDAM");
  ASSERT_FALSE(prediction->words.empty());
  for (const auto& w : prediction->words) {
    EXPECT_NE(w.word[0], kSubjectMark) << w.word;
  }
}

TEST(Classifier, ModelWithoutTheSubjectStepLoadsAndKeepsItOff) {
  // A model file written before the subject step names its steps without it.
  TrainOptions o;
  o.min_examples = 10;
  o.calibration_folds = 0;
  o.steps = *NormalizerSteps::Parse("mask,abbrev,stem");
  auto model = Classifier::Train(Corpus(), o, {});
  ASSERT_TRUE(model.has_value()) << model.error().message;

  auto loaded = Classifier::Parse((*model)->Serialize(), "old");

  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_FALSE((*loaded)->normalizer().steps().subject);
  const std::string report = ComposeReport("air keruh", "pipa bocor");
  EXPECT_EQ((*loaded)->normalizer().Normalize(report), "air keruh air keruh pipa bocor");
  EXPECT_EQ(*(*loaded)->Probabilities(report), *(*model)->Probabilities(report));
}

// Four agencies, 40 reports each drawn with `seed`, the first `conflicting`
// of each also filed (the same text) under the next agency, as when two
// sources label one report apart.
std::vector<Example> ConflictingCorpus(int conflicting, unsigned seed) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> agencies = {
      {"DPU", {"jalan", "rusak", "berlubang", "aspal", "jembatan", "drainase"}},
      {"PDAM", {"air", "mati", "keruh", "pipa", "bocor", "meteran"}},
      {"DUKCAPIL", {"ktp", "kk", "akta", "nik", "rekam", "blangko"}},
      {"DLH", {"sampah", "bau", "tumpuk", "angkut", "truk", "tps"}}};
  const std::vector<std::string> common = {"saya",  "mohon", "tolong", "pak",   "warga",
                                           "sudah", "belum", "kami",   "sejak", "minggu"};
  std::mt19937 rng(seed);
  std::vector<Example> out;
  for (size_t a = 0; a < agencies.size(); ++a) {
    for (int i = 0; i < 40; ++i) {
      std::string text;
      for (int w = 0; w < 4; ++w) text += agencies[a].second[rng() % 6] + " ";
      for (int w = 0; w < 4; ++w) text += common[rng() % common.size()] + " ";
      out.push_back({text, agencies[a].first});
      if (i < conflicting) out.push_back({text, agencies[(a + 1) % agencies.size()].first});
    }
  }
  return out;
}

// The matrix scaling is kept where its held-out probabilities find an
// automatic-disposition threshold; where they reach the target precision at
// none the model keeps the temperature alone, which finds one, rather than
// disposing nothing. (Of the corpora tried, 4 reports labelled apart drawn
// with seed 4 are one where the rule applies; a change to training may
// need another.)
TEST(Classifier, AScalingThatFindsNoThresholdGivesWayToTheTemperatureAlone) {
  TrainOptions o;
  o.min_examples = 5;
  o.calibration_folds = 5;
  TrainOptions temperature = o;
  temperature.scaling.kind = ScalingKind::kTemperature;

  auto clean = Classifier::Train(ConflictingCorpus(0, 1), o, {});
  auto mixed = Classifier::Train(ConflictingCorpus(4, 4), o, {});
  auto mixed_temperature = Classifier::Train(ConflictingCorpus(4, 4), temperature, {});

  ASSERT_TRUE(clean.has_value() && mixed.has_value() && mixed_temperature.has_value());
  EXPECT_NE((*clean)->Serialize().find("\nscaling "), std::string::npos);
  EXPECT_LE((*clean)->auto_threshold(), 1.0);
  EXPECT_EQ((*mixed)->Serialize().find("\nscaling "), std::string::npos);
  EXPECT_LE((*mixed)->auto_threshold(), 1.0);
  EXPECT_EQ((*mixed)->version(), (*mixed_temperature)->version());
  EXPECT_TRUE((*mixed)->Serialize() == (*mixed_temperature)->Serialize());
}

TEST(Classifier, ModelWithoutScalingLoadsAndScoresAsBefore) {
  // A model file written before matrix scaling has no "scaling" line: the
  // temperature alone turns its scores into probabilities, as it did then.
  TrainOptions o;
  o.min_examples = 10;
  o.calibration_folds = 3;
  o.scaling.kind = ScalingKind::kTemperature;
  auto model = Classifier::Train(Corpus(), o, {});
  ASSERT_TRUE(model.has_value()) << model.error().message;
  const std::string bytes = (*model)->Serialize();
  ASSERT_EQ(bytes.find("\nscaling "), std::string::npos);

  auto loaded = Classifier::Parse(bytes, "old");

  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ((*loaded)->Serialize(), bytes);
  const std::string report = "air keruh pipa bocor sejak minggu";
  const auto p = *(*loaded)->Probabilities(report);
  EXPECT_EQ(p, *(*model)->Probabilities(report));
}

TEST_P(ClassifierContract, SavedModelLoadsWithItsVersionAndPredictsTheSame) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);
  const auto file = TempFile("model.bin");

  ASSERT_TRUE(model->Save(file).has_value());
  auto loaded = Classifier::Load(file);
  std::filesystem::remove(file);

  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ((*loaded)->version(), model->version());
  EXPECT_EQ((*loaded)->Serialize(), model->Serialize());  // the format is read as written
  EXPECT_EQ((*loaded)->labels(), model->labels());
  EXPECT_EQ((*loaded)->auto_threshold(), model->auto_threshold());
  const auto a = *model->Probabilities("ktp belum jadi, blangko habis");
  const auto b = *(*loaded)->Probabilities("ktp belum jadi, blangko habis");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-6);
}

TEST_P(ClassifierContract, DamagedModelFileIsRejected) {
  const Classifier* model = Shared();
  ASSERT_TRUE(model);
  const auto file = TempFile("damaged.bin");
  ASSERT_TRUE(model->Save(file).has_value());
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-5, std::ios::end);
    f.put('\x7f');
  }

  auto loaded = Classifier::Load(file);
  std::filesystem::remove(file);

  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Kinds, ClassifierContract, ::testing::Values("linear", "fasttext"));

// The linear model's options for tests of training on the corpus.
TrainOptions LinearOptionsForCorpus() {
  TrainOptions o;
  o.min_examples = 10;
  o.calibration_folds = 3;
  return o;
}

TEST(Classifier, DefaultModelIsMatrixScaledAndItsProbabilitiesSumToOne) {
  auto model = Classifier::Train(Corpus(), LinearOptionsForCorpus(), {});
  ASSERT_TRUE(model.has_value()) << model.error().message;

  auto loaded = Classifier::Parse((*model)->Serialize(), "new");

  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_NE((*model)->Serialize().find("\nscaling 20\n"), std::string::npos);  // 4 × 4 + 4
  for (const std::string text : {"ktp belum jadi", "jalan rusak berlubang", "laporan lain"}) {
    const auto p = *(*model)->Probabilities(text);
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-9);
    const auto q = *(*loaded)->Probabilities(text);
    ASSERT_EQ(p.size(), q.size());
    for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p[i], q[i], 1e-6);
  }
}

TEST(Classifier, DamagedScalingIsRejected) {
  auto model = Classifier::Train(Corpus(), LinearOptionsForCorpus(), {});
  ASSERT_TRUE(model.has_value()) << model.error().message;
  std::string bytes = (*model)->Serialize();
  const size_t at = bytes.find("\nscaling 20\n");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 12, "\nscaling 19\n");

  auto loaded = Classifier::Parse(bytes, "damaged");

  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
}

TEST(Classifier, CalibrationSampleOfAllTheDataCalibratesOnEveryFold) {
  TrainOptions every_fold = LinearOptionsForCorpus();
  every_fold.calibration_sample = 0;
  TrainOptions sampled = LinearOptionsForCorpus();
  sampled.calibration_sample = static_cast<int>(Corpus().size());

  auto a = Classifier::Train(Corpus(), every_fold, {});
  auto b = Classifier::Train(Corpus(), sampled, {});

  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ((*a)->version(), (*b)->version());
}

// The corpus with every fifth report of the three big agencies given the
// next one's label: held-out scores then have errors to calibrate on.
std::vector<Example> NoisyCorpus() {
  std::vector<Example> out = Corpus();
  for (size_t i = 0; i < 60; i += 5) out[i].label = out[(i + 20) % 60].label;
  return out;
}

TEST(Classifier, SmallCalibrationSampleTrainsFewerFoldsReproducibly) {
  TrainOptions every_fold = LinearOptionsForCorpus();
  every_fold.calibration_sample = 0;
  TrainOptions one_fold = LinearOptionsForCorpus();
  one_fold.calibration_sample = 10;  // one fold of the 72 reports holds 24
  one_fold.linear.threads = 1;
  TrainOptions one_fold_three_threads = one_fold;
  one_fold_three_threads.linear.threads = 3;

  auto all = Classifier::Train(NoisyCorpus(), every_fold, {});
  auto a = Classifier::Train(NoisyCorpus(), one_fold, {});
  auto b = Classifier::Train(NoisyCorpus(), one_fold_three_threads, {});

  ASSERT_TRUE(all.has_value() && a.has_value() && b.has_value());
  EXPECT_NE((*a)->temperature(), (*all)->temperature());
  EXPECT_EQ((*a)->version(), (*b)->version());
}

TEST(Classifier, FileThatIsNoModelIsRejected) {
  const auto file = std::filesystem::temp_directory_path() / "sigap-not-a-model.txt";
  std::ofstream(file) << "id,agency\n1,PDAM\n";

  auto loaded = Classifier::Load(file);
  std::filesystem::remove(file);

  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
}

TEST(Classifier, MissingModelFileIsNotFound) {
  auto loaded = Classifier::Load("/nonexistent/model.bin");

  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
}

TEST(Classifier, UnknownKindIsNamed) {
  TrainOptions o;
  o.kind = "bert";

  auto model = Classifier::Train(Corpus(), o, {});

  ASSERT_FALSE(model.has_value());
  EXPECT_NE(model.error().message.find("bert"), std::string::npos);
}

TEST(Classifier, ThresholdIsTheLowestThatKeepsTheTargetPrecision) {
  // 10 predictions by falling confidence; the 4th and 9th are wrong.
  std::vector<Scored> scored;
  for (int i = 0; i < 10; ++i) scored.push_back({1.0 - i * 0.05, i != 3 && i != 8});

  EXPECT_NEAR(ThresholdForPrecision(scored, 1.0), 0.90, 1e-12);   // the first three
  EXPECT_NEAR(ThresholdForPrecision(scored, 0.85), 0.65, 1e-12);  // 7 of 8 = 87.5 %
  EXPECT_DOUBLE_EQ(ThresholdForPrecision({{0.9, false}}, 0.95), 2.0);
}

TEST(Classifier, FoldsAreStratifiedAndReproducible) {
  std::vector<int> labels;
  for (int i = 0; i < 50; ++i) labels.push_back(i % 2);

  const auto a = StratifiedFolds(labels, 5, 1);
  const auto b = StratifiedFolds(labels, 5, 1);

  EXPECT_EQ(a, b);
  for (int f = 0; f < 5; ++f) {
    int zeros = 0;
    int ones = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
      if (a[i] == f) (labels[i] == 0 ? zeros : ones) += 1;
    }
    EXPECT_EQ(zeros, 5);
    EXPECT_EQ(ones, 5);
  }
}

// Regression: five rows of the shared SP4N-LAPOR! file carry the report's
// text in the agency column after a "<br />", which made training fail.
TEST(CleanLabel, KeepsTheFirstLineBeforeAnHtmlBreak) {
  EXPECT_EQ(CleanLabel("BKN<br />\n<br />\nSaya ingin menanyakan"), "BKN");
  EXPECT_EQ(CleanLabel(" Dinas Perhubungan \r"), "Dinas Perhubungan");
  EXPECT_EQ(CleanLabel("SATPOL PP\nDinas Penataan Ruang"), "SATPOL PP");
  EXPECT_EQ(CleanLabel("<br />"), "");
}

}  // namespace
}  // namespace sigap::routing::text
