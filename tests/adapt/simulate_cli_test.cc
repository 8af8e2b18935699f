// `sigap simulate` through the real executable: deterministic for a seed,
// and scenario (a), a local surge, is found.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "integration/server_process.h"

namespace sigap::integration {
namespace {

TEST(SimulateCli, ScenarioAIsDeterministicAndFound) {
  const std::vector<std::string> args = {"simulate",
                                         "--seed",
                                         "4",
                                         "--scenario",
                                         "a",
                                         "--runs",
                                         "2",
                                         "--format",
                                         "json",
                                         "--data-dir",
                                         SIGAP_SOURCE_DIR "/data"};

  const RunResult first = RunSigap(args, "", std::chrono::seconds(600));
  const RunResult second = RunSigap(args, "", std::chrono::seconds(600));

  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  const auto report = nlohmann::json::parse(first.out);
  EXPECT_EQ(report.at("kelurahan"), 177);
  const auto& a = report.at("scenarios").at("a");
  // Seed 4's two surges (4.9 cases a day in their three kelurahan on
  // average, made three times as many) are both found within 7 days, in
  // the right kelurahan. (Seed 1's, at 1.1 a day, are too small to find
  // at the controlled false-alarm rate.)
  EXPECT_EQ(a.at("detected_within_7_days").get<double>(), 1.0) << first.out;
  EXPECT_EQ(a.at("right_places").get<double>(), 1.0) << first.out;
}

// The report reads for an analyst of a small Pemda: how big each shock
// was, when it was too small for any method, that few runs make unstable
// percentages, and what the naive detector's hits cost; numbers with a
// decimal comma.
TEST(SimulateCli, TheReportSaysWhatASmallPemdaCanSee) {
  const RunResult run = RunSigap({"simulate", "--seed", "3", "--scenario", "all", "--runs", "2",
                                  "--daily-cases", "3", "--data-dir", SIGAP_SOURCE_DIR "/data"},
                                 "", std::chrono::seconds(600));
  const RunResult json =
      RunSigap({"simulate", "--seed", "3", "--scenario", "a", "--runs", "2", "--daily-cases", "3",
                "--format", "json", "--data-dir", SIGAP_SOURCE_DIR "/data"},
               "", std::chrono::seconds(600));

  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* said :
       {"laporan tambahan dalam 7 hari: terlalu kecil untuk dibedakan dari kebetulan",
        "kasus menumpuk dalam 7 hari", "Catatan: hanya 2 ulangan per skenario",
        "alarm palsu per 30 hari (baris none)", "(target <= 1: "}) {
    EXPECT_NE(run.out.find(said), std::string::npos) << said << "\n" << run.out;
  }
  const auto none = run.out.find("none      alarm palsu per 30 hari: ");
  ASSERT_NE(none, std::string::npos);
  EXPECT_EQ(run.out[none + 36], ',') << run.out.substr(none, 60);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto a = nlohmann::json::parse(json.out).at("scenarios").at("a");
  EXPECT_GT(a.at("shock_size_7_days").get<double>(), 0) << json.out;
  EXPECT_LT(a.at("shock_size_7_days").get<double>(), 10) << json.out;
}

TEST(SimulateCli, RefusesAnUnknownScenario) {
  const RunResult run = RunSigap({"simulate", "--scenario", "x"}, "", std::chrono::seconds(60));

  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--scenario"), std::string::npos);
}

// A flag out of its range is refused and named, never wrapped round or
// read as "the built-in value".
TEST(SimulateCli, RefusesFlagsOutOfTheirRange) {
  const std::vector<std::vector<std::string>> bad = {
      {"--seed", "-1"},     {"--daily-cases", "0"},       {"--topic-fdr", "2"},
      {"--topic-fdr", "0"}, {"--cluster-threshold", "0"}, {"--city-threshold", "-3"}};
  for (const auto& flag : bad) {
    const RunResult run =
        RunSigap({"simulate", "--scenario", "none", "--runs", "1", flag[0], flag[1]}, "",
                 std::chrono::seconds(60));

    EXPECT_EQ(run.exit_code, 2) << flag[0] << " " << flag[1];
    EXPECT_NE(run.err.find(flag[0]), std::string::npos) << flag[0] << ": " << run.err;
  }
}

}  // namespace
}  // namespace sigap::integration
