#include "cli/classifier_command.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sigap::cli {
namespace {

const std::string kSource = SIGAP_SOURCE_DIR;

// Regression floors a little under what the default model measures on the
// issue's protocol (bench/RESULTS.md); the goal is 80 % / 94 %.
constexpr double kTop1Floor = 0.75;
constexpr double kTop3Floor = 0.89;

// A small CSV of three agencies with their own words, and one row of an
// agency the model will not know.
std::filesystem::path WriteSmallCsv(const std::string& name) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("sigap-classifier-cli-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream out(file);
  out << "id,agency,subject,text\n";
  const char* words[3][4] = {{"jalan", "rusak", "aspal", "berlubang"},
                             {"air", "keruh", "pipa", "bocor"},
                             {"ktp", "akta", "blangko", "rekam"}};
  const char* agencies[3] = {"Dinas PU", "PDAM", "Disdukcapil"};
  for (int a = 0; a < 3; ++a) {
    for (int i = 0; i < 12; ++i) {
      out << a * 100 + i << "," << agencies[a] << ",Laporan " << words[a][i % 4] << ",\"saya "
          << words[a][(i + 1) % 4] << " " << words[a][(i + 2) % 4] << " mohon dibantu\"\n";
    }
  }
  out << "999,Dinas Pariwisata,Wisata,\"pantai kotor\"\n";
  return file;
}

ClassifierFlags Flags(const std::string& file) {
  ClassifierFlags f;
  f.file = file;
  f.abbreviations = kSource + "/data/routing/abbreviations.tsv";
  return f;
}

TEST(ClassifierCommand, EvalOfTheRealReportsBeatsTheBaselinesAboveItsFloors) {
  // data/demo/complaints.csv is the shared lapor2017 file, copied (MIT).
  ClassifierFlags f = Flags(kSource + "/data/demo/complaints.csv");
  f.format = "json";
  std::ostringstream out;
  std::ostringstream err;

  const int code = Eval(f, out, err);

  ASSERT_EQ(code, 0) << err.str();
  const auto report = nlohmann::json::parse(out.str());
  EXPECT_EQ(report["used"], 571);
  EXPECT_EQ(report["labels"], 27);
  const auto& ours = report["methods"][0];
  const auto& svm = report["methods"][1];
  const auto& majority = report["methods"][2];
  EXPECT_EQ(svm["name"], "baseline-tfidf-svm");
  EXPECT_EQ(majority["name"], "baseline-majority");
  EXPECT_GT(ours["top1"].get<double>(), svm["top1"].get<double>());
  EXPECT_GT(ours["top1"].get<double>(), majority["top1"].get<double>());
  EXPECT_GE(ours["top1"].get<double>(), kTop1Floor);
  EXPECT_GE(ours["top3"].get<double>(), kTop3Floor);
  // What the model disposes automatically on unseen reports is right at
  // least nine times in ten (its target is 95 %).
  EXPECT_GE(ours["auto_precision"].get<double>(), 0.90);
  EXPECT_GT(ours["auto_share"].get<double>(), 0.3);
}

TEST(ClassifierCommand, EvalNamesTheFileWhenTheLabelColumnIsMissing) {
  ClassifierFlags f = Flags(kSource + "/data/demo/complaints.csv");
  f.label = "category";
  std::ostringstream out;
  std::ostringstream err;

  const int code = Eval(f, out, err);

  EXPECT_EQ(code, 1);
  EXPECT_NE(err.str().find("complaints.csv:1: no column 'category'"), std::string::npos)
      << err.str();
}

TEST(ClassifierCommand, EvalRejectsAnUnknownFormatAsUsage) {
  ClassifierFlags f = Flags(kSource + "/data/demo/complaints.csv");
  f.format = "xml";
  std::ostringstream out;
  std::ostringstream err;

  EXPECT_EQ(Eval(f, out, err), 2);
  EXPECT_NE(err.str().find("--format"), std::string::npos);
}

TEST(ClassifierCommand, EvalRejectsNegativeCountsAsUsageNamingTheFlag) {
  for (const std::string flag : {"--max-negatives", "--threads"}) {
    ClassifierFlags f = Flags(kSource + "/data/demo/complaints.csv");
    (flag == "--threads" ? f.threads : f.max_negatives) = -1;
    std::ostringstream out;
    std::ostringstream err;

    EXPECT_EQ(Eval(f, out, err), 2) << flag;
    EXPECT_NE(err.str().find(flag), std::string::npos) << err.str();
  }
}

TEST(ClassifierCommand, EvalRejectsAnUnknownCharacterTfOrOneWithoutTheSublinearTf) {
  for (const bool no_sublinear : {false, true}) {
    ClassifierFlags f = Flags(kSource + "/data/demo/complaints.csv");
    f.char_tf = no_sublinear ? "word" : "sentence";
    f.no_sublinear = no_sublinear;
    std::ostringstream out;
    std::ostringstream err;

    EXPECT_EQ(Eval(f, out, err), 2) << f.char_tf;
    EXPECT_NE(err.str().find("--char-tf"), std::string::npos) << err.str();
    EXPECT_TRUE(out.str().empty()) << out.str();
  }
}

TEST(ClassifierCommand, EvalOfAMissingFileFails) {
  ClassifierFlags f = Flags("/nonexistent/reports.csv");
  std::ostringstream out;
  std::ostringstream err;

  EXPECT_EQ(Eval(f, out, err), 1);
  EXPECT_NE(err.str().find("/nonexistent/reports.csv"), std::string::npos) << err.str();
}

TEST(ClassifierCommand, TrainedModelIsEvaluatedOnAFileAndUnknownLabelsAreMisses) {
  const auto csv = WriteSmallCsv("train.csv");
  const auto model = csv.string() + ".model";
  ClassifierFlags train = Flags(csv.string());
  train.output = model;
  std::ostringstream out;
  std::ostringstream err;

  ASSERT_EQ(Train(train, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("Model linear-"), std::string::npos) << out.str();

  ClassifierFlags eval = Flags(csv.string());
  eval.model = model;
  eval.format = "json";
  std::ostringstream eval_out;
  const int code = Eval(eval, eval_out, err);
  std::filesystem::remove(csv);
  std::filesystem::remove(model);

  ASSERT_EQ(code, 0) << err.str();
  const auto report = nlohmann::json::parse(eval_out.str());
  EXPECT_EQ(report["model"].get<std::string>().rfind("linear-", 0), 0U);
  EXPECT_EQ(report["used"], 37);
  const double top1 = report["methods"][0]["top1"];
  EXPECT_LT(top1, 1.0);  // the Dinas Pariwisata row cannot be right
  EXPECT_GE(top1, 35.0 / 37.0);
}

TEST(ClassifierCommand, TrainWithoutEnoughExamplesPerAgencyFails) {
  const auto csv = WriteSmallCsv("few.csv");
  ClassifierFlags train = Flags(csv.string());
  train.output = csv.string() + ".model";
  train.min_per_class = 50;
  std::ostringstream out;
  std::ostringstream err;

  const int code = Train(train, out, err);
  std::filesystem::remove(csv);

  EXPECT_EQ(code, 1);
  EXPECT_NE(err.str().find("fewer than two labels"), std::string::npos) << err.str();
  EXPECT_FALSE(std::filesystem::exists(train.output));
}

}  // namespace
}  // namespace sigap::cli
