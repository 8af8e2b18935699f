// `sigap calendar` through the real executable: what officers and scripts
// see, exit codes included.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integration/server_process.h"

namespace sigap::integration {
namespace {

const std::string kDataDir = SIGAP_SOURCE_DIR "/data";

RunResult Calendar(std::vector<std::string> args) {
  args.insert(args.begin(), "calendar");
  return RunSigap(args, "", std::chrono::seconds(60));
}

TEST(CalendarCli, DuePrintsTheIssueExampleInLocalTimeAndIndonesian) {
  const RunResult run = Calendar({"due", "2026-03-17T15:00+07:00", "3", "--data-dir", kDataDir});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "2026-03-27T23:59:59+07:00\tJumat, 27 Maret 2026\n");
}

TEST(CalendarCli, DueFindsTheDataDirectoryByDefault) {
  const RunResult run = Calendar({"due", "2026-03-17T08:00:00Z", "3"});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "2026-03-27T23:59:59+07:00\tJumat, 27 Maret 2026\n");
}

TEST(CalendarCli, DueUsesThePemdaTimeZoneAndCutoff) {
  // 15:30 WIB is 16:30 WITA: after the cut-off in Makassar.
  const RunResult wita = Calendar({"due", "2026-03-17T15:30+07:00", "3", "--time-zone",
                                   "Asia/Makassar", "--data-dir", kDataDir});
  const RunResult early =
      Calendar({"due", "2026-03-17T15:00+07:00", "3", "--cutoff", "15:00", "--data-dir", kDataDir});

  EXPECT_EQ(wita.exit_code, 0) << wita.err;
  EXPECT_EQ(wita.out, "2026-03-30T23:59:59+08:00\tSenin, 30 Maret 2026\n");
  EXPECT_EQ(early.exit_code, 0) << early.err;
  EXPECT_EQ(early.out, "2026-03-30T23:59:59+07:00\tSenin, 30 Maret 2026\n");
}

TEST(CalendarCli, ListPrintsTheDaysOffOfTheYear) {
  const RunResult run = Calendar({"list", "2026", "--data-dir", kDataDir});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("2026-01-01\tKamis\tlibur_nasional\tTahun Baru 2026 Masehi\n", 0), 0u)
      << run.out;
  EXPECT_NE(run.out.find("2026-03-18\tRabu\tcuti_bersama\tCuti Bersama Hari Suci Nyepi\n"),
            std::string::npos);
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 25);
}

struct BadInput {
  std::vector<std::string> args;
  std::string named;  // what the error message must name
  int exit_code;
};

TEST(CalendarCli, BadInputIsNamedWithExitCode2) {
  const std::vector<BadInput> cases = {
      {{"due", "yesterday", "3"}, "RECEIVED", 2},
      {{"due", "2026-03-17", "3"}, "RECEIVED", 2},
      {{"due", "2026-03-17T15:00", "3"}, "RECEIVED", 2},
      {{"due", "2026-03-17T15:00+07:00", "-1"}, "DAYS", 2},
      {{"due", "2026-03-17T15:00+07:00", "three"}, "DAYS", 2},
      {{"due", "2027-03-17T15:00+07:00", "3"}, "2027", 2},
      {{"due", "2026-12-28T15:00+07:00", "10"}, "2027", 2},
      {{"due", "2026-03-17T15:00+07:00", "3", "--time-zone", "Asia/Singapore"}, "--time-zone", 2},
      {{"due", "2026-03-17T15:00+07:00", "3", "--cutoff", "4pm"}, "--cutoff", 2},
      {{"list", "2019"}, "YEAR", 2},
      {{"list", "twenty"}, "YEAR", 2},
      {{"list", "2026", "--data-dir", "/nonexistent/sigap"}, "/nonexistent/sigap/calendar", 1},
  };
  for (const BadInput& bad : cases) {
    std::vector<std::string> args = bad.args;
    if (args.back() != "/nonexistent/sigap") {
      args.push_back("--data-dir");
      args.push_back(kDataDir);
    }

    const RunResult run = Calendar(args);

    const std::string what = bad.args[0] + " " + bad.args[1];
    EXPECT_EQ(run.exit_code, bad.exit_code) << what << ": " << run.err;
    EXPECT_NE(run.err.find(bad.named), std::string::npos) << what << ": " << run.err;
    EXPECT_EQ(run.out, "") << what;
  }
}

}  // namespace
}  // namespace sigap::integration
