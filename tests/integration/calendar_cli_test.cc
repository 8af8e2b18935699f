// `sigap calendar` through the real executable: what officers and scripts
// see, exit codes included.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "domain/time.h"
#include "integration/server_process.h"
#include "support/http_client.h"

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

// A usage error of any command (an option it does not have, a file that is
// not there) exits 2, as bad input does, not with the argument parser's own
// codes (105, 109, ...).
TEST(CalendarCli, UsageErrorsExitWith2) {
  const RunResult unknown = Calendar({"list", "2026", "--no-such-option"});
  const RunResult missing = RunSigap({"serve", "--config", "/nonexistent/sigap/sigap.toml"});

  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("--no-such-option"), std::string::npos) << unknown.err;
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("/nonexistent/sigap/sigap.toml"), std::string::npos) << missing.err;
}

// A mistyped command is named, with the commands there are, not answered
// with "A subcommand is required".
TEST(CalendarCli, AMistypedCommandIsNamed) {
  const RunResult typo = RunSigap({"import", "cassses", "lapor.csv"});
  const RunResult top = RunSigap({"nosuch"});

  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("sigap import: 'cassses' is not a command"), std::string::npos)
      << typo.err;
  EXPECT_NE(typo.err.find("cases"), std::string::npos) << typo.err;
  EXPECT_EQ(top.exit_code, 2);
  EXPECT_NE(top.err.find("'nosuch' is not a command"), std::string::npos) << top.err;
}

// A database with one Pemda (Kota Semarang), for the Pemda's own days.
class CalendarDb : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sigap-calendar-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = (dir_ / "sigap.db").string();
    const RunResult migrate = RunSigap({"migrate", "--db", db_});
    ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
    const RunResult pemda = RunSigap(
        {"admin", "create-pemda", "--db", db_, "--code", "33.74", "--name", "Kota Semarang"});
    ASSERT_EQ(pemda.exit_code, 0) << pemda.err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // `sigap calendar args... --db DB --data-dir DATA`.
  RunResult WithDb(std::vector<std::string> args) {
    for (const std::string& extra :
         {std::string("--db"), db_, std::string("--data-dir"), kDataDir}) {
      args.push_back(extra);
    }
    return Calendar(std::move(args));
  }

  std::filesystem::path dir_;
  std::string db_;
};

// Deadlines are counted in the Pemda's own time: a zone Sigap cannot read
// would leave every new case without one, so it is refused where it is
// typed, and a node does not serve a Pemda it could not find.
TEST_F(CalendarDb, APemdaNeedsAnIndonesianTimeZoneAndServeTheConfiguredOne) {
  const RunResult typo = RunSigap({"admin", "create-pemda", "--db", db_, "--code", "33.22",
                                   "--name", "Kabupaten Semarang", "--time-zone", "Asia/jakarta"});
  const std::string config = (dir_ / "sigap.toml").string();
  std::ofstream(config) << "[pemda]\ncode = \"99.99\"\n";
  const RunResult unknown =
      RunSigap({"serve", "--config", config, "--db", db_, "--listen", "127.0.0.1:0"}, "",
               std::chrono::seconds(60));

  EXPECT_EQ(typo.exit_code, 2) << typo.err;
  EXPECT_NE(typo.err.find("--time-zone"), std::string::npos) << typo.err;
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("pemda.code"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("33.74"), std::string::npos) << unknown.err;  // what it holds
}

TEST_F(CalendarDb, AddedDayOffMovesTheDueDateAndIsListedAsTheRegions) {
  const RunResult add = WithDb({"add", "2026-06-05", "Hari jadi Kota"});

  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("Kota Semarang: 2026-06-05 (Jumat) is a day off"), std::string::npos)
      << add.out;
  // Tuesday 2 June, 3 working days: Wed 3, Thu 4 and, with Friday 5 off, Monday 8.
  const RunResult due = WithDb({"due", "2026-06-02T10:00+07:00", "3"});
  EXPECT_EQ(due.exit_code, 0) << due.err;
  EXPECT_EQ(due.out, "2026-06-08T23:59:59+07:00\tSenin, 8 Juni 2026\n");
  const RunResult national =
      Calendar({"due", "2026-06-02T10:00+07:00", "3", "--data-dir", kDataDir});
  EXPECT_EQ(national.out, "2026-06-05T23:59:59+07:00\tJumat, 5 Juni 2026\n");
  const RunResult list = WithDb({"list", "2026"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("2026-06-05\tJumat\tregional\tHari jadi Kota\tdaerah\n"),
            std::string::npos)
      << list.out;
  EXPECT_EQ(
      list.out.rfind("2026-01-01\tKamis\tlibur_nasional\tTahun Baru 2026 Masehi\tnasional\n", 0),
      0u);
  EXPECT_NE(list.out.find("2026-03-18\tRabu\tcuti_bersama\tCuti Bersama Hari Suci Nyepi\tcuti "
                          "bersama\n"),
            std::string::npos);
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 26);
}

// A day off added from the command line while a server runs: the server
// counts with it within seconds (it had gone on counting without it until a
// restart, and the deadlines it set meanwhile stayed a day short).
TEST_F(CalendarDb, ARunningServerCountsWithADayAddedFromTheCommandLine) {
  ServerProcessOptions options;
  options.db = db_;
  options.env = {{"SIGAP_CALENDAR_DATA_DIR", kDataDir}};
  ServerProcess server(options);
  ASSERT_TRUE(server.Start());
  const std::string due = "/api/v1/calendar/due?from=2026-06-02T10:00%2B07:00&days=3";
  const auto before =
      test_support::Fetch(server.port(), "GET", due).value_or(test_support::HttpResponse{});
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_NE(before.body.find("\"due_date\":\"2026-06-05\""), std::string::npos) << before.body;

  ASSERT_EQ(WithDb({"add", "2026-06-05", "Hari jadi Kota"}).exit_code, 0);

  std::string after;
  for (int i = 0; i < 50 && after.find("2026-06-08") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after =
        test_support::Fetch(server.port(), "GET", due).value_or(test_support::HttpResponse{}).body;
  }
  EXPECT_NE(after.find("\"due_date\":\"2026-06-08\""), std::string::npos) << after;
}

TEST_F(CalendarDb, CancelledNationalDayIsAWorkingDayUntilRemoved) {
  const RunResult cancel = WithDb({"cancel", "2026-05-15"});

  ASSERT_EQ(cancel.exit_code, 0) << cancel.err;
  // Wednesday 13 May, 1 working day: Thursday 14 (Kenaikan) is off, Friday 15 counts.
  EXPECT_EQ(WithDb({"due", "2026-05-13T09:00+07:00", "1"}).out,
            "2026-05-15T23:59:59+07:00\tJumat, 15 Mei 2026\n");
  EXPECT_NE(WithDb({"list", "2026"})
                .out.find("2026-05-15\tJumat\tcuti_bersama\tCuti Bersama Kenaikan Yesus "
                          "Kristus\tdibatalkan\n"),
            std::string::npos);
  const RunResult remove = WithDb({"remove", "2026-05-15"});
  EXPECT_EQ(remove.exit_code, 0) << remove.err;
  // The cuti bersama is back: Monday 18 May.
  EXPECT_EQ(WithDb({"due", "2026-05-13T09:00+07:00", "1"}).out,
            "2026-05-18T23:59:59+07:00\tSenin, 18 Mei 2026\n");
  const RunResult again = WithDb({"remove", "2026-05-15"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("DATE"), std::string::npos) << again.err;
}

// `sigap calendar install`: next year's SKB before the data files have it,
// for the Pemda of the database; a wrong file is named with its entry.
TEST_F(CalendarDb, InstallingAYearFromAFileCoversItForThePemda) {
  int y = 2027;
  while (Calendar({"list", std::to_string(y), "--data-dir", kDataDir}).exit_code == 0) ++y;
  const std::string year = std::to_string(y);
  const std::string file = (dir_ / (year + ".json")).string();
  std::ofstream(file) << R"({"year": )" << y << R"(, "decree": "SKB 3 Menteri Tahun )" << year
                      << R"(", "days": [{"date": ")" << year
                      << R"(-01-01", "name": "Tahun Baru Masehi", "type": "libur_nasional"}]})";
  const std::string bad = (dir_ / "salah.json").string();
  std::ofstream(bad) << R"({"year": )" << y << R"(, "decree": "SKB", "days": [{"date": ")" << year
                     << R"(-02-30", "name": "x", "type": "cuti_bersama"}]})";

  const RunResult before = WithDb({"list", year});
  const RunResult refused = WithDb({"install", bad});
  const RunResult installed = WithDb({"install", file});
  const RunResult list = WithDb({"list", year});

  EXPECT_EQ(before.exit_code, 2);
  // With a database, both ways of adding the year are named.
  EXPECT_NE(before.err.find("sigap calendar install FILE"), std::string::npos) << before.err;
  EXPECT_NE(before.err.find(year + ".json"), std::string::npos) << before.err;
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("salah.json: days[0] (" + year + "-02-30): not a valid date"),
            std::string::npos)
      << refused.err;
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  EXPECT_NE(installed.out.find("Kota Semarang: " + year + " installed (SKB 3 Menteri Tahun " +
                               year + "), 1 day off"),
            std::string::npos)
      << installed.out;
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(year + "-01-01\t"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\tlibur_nasional\tTahun Baru Masehi\tnasional\n"), std::string::npos)
      << list.out;
  // The data files' years are not installed over.
  const RunResult over = WithDb({"install", (std::string(kDataDir) + "/calendar/2026.json")});
  EXPECT_EQ(over.exit_code, 2);
  EXPECT_NE(over.err.find("correct its days one by one"), std::string::npos) << over.err;
}

TEST_F(CalendarDb, ConfigurationNamesTheDatabaseAndTheCutoff) {
  ASSERT_EQ(WithDb({"add", "2026-03-27", "Hari jadi Kota"}).exit_code, 0);
  const std::string config = (dir_ / "sigap.toml").string();
  std::ofstream(config) << "[database]\npath = \"" << db_ << "\"\n[calendar]\ncutoff = \"15:00\"\n";

  const RunResult due =
      Calendar({"due", "2026-03-17T15:00+07:00", "3", "--config", config, "--data-dir", kDataDir});

  // 15:00 is the cut-off: day 0 is Wed 25 March; Thu 26, Fri 27 (now off),
  // Mon 30, Tue 31.
  EXPECT_EQ(due.exit_code, 0) << due.err;
  EXPECT_EQ(due.out, "2026-03-31T23:59:59+07:00\tSelasa, 31 Maret 2026\n");
}

TEST_F(CalendarDb, BadChangesNameTheArgumentWithExitCode2) {
  const std::vector<BadInput> cases = {
      {{"add", "2026-02-30", "Hari jadi Kota"}, "DATE", 2},
      {{"add", "2027-06-05", "Hari jadi Kota"}, "2027.json", 2},
      {{"add", "2026-06-05", " "}, "NAME", 2},
      {{"add", "2026-06-05", "Hari jadi Kota", "--kind", "holiday"}, "--kind", 2},
      {{"add", "2026-06-05", "Hari jadi Kota", "--pemda", "99.99"}, "--pemda", 2},
      {{"cancel", "2026-06-05"}, "DATE", 2},
      {{"remove", "06/05/2026"}, "DATE", 2},
      {{"list", "2026", "--time-zone", "Europe/Paris"}, "--time-zone", 2},
  };
  for (const BadInput& bad : cases) {
    const RunResult run = WithDb(bad.args);

    const std::string what = bad.args[0] + " " + bad.args[1];
    EXPECT_EQ(run.exit_code, bad.exit_code) << what << ": " << run.err;
    EXPECT_NE(run.err.find(bad.named), std::string::npos) << what << ": " << run.err;
    EXPECT_EQ(run.out, "") << what;
  }
  const RunResult missing =
      Calendar({"add", "2026-06-05", "x", "--db", (dir_ / "none.db").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--db"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "none.db"));
}

// A day off declared on the demo's next working day moves the deadlines of
// its running cases, and taking it back moves as many back.
TEST_F(CalendarDb, AChangeMovesTheRunningDeadlinesItFallsIn) {
  const std::string db = (dir_ / "demo.db").string();
  const RunResult demo = RunSigap({"demo", "--db", db}, "", std::chrono::seconds(120));
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  const auto on_demo = [&](std::vector<std::string> args) {
    for (const std::string& extra :
         {std::string("--db"), db, std::string("--data-dir"), kDataDir}) {
      args.push_back(extra);
    }
    return Calendar(std::move(args));
  };
  // The next working day in Jakarta, from the days off `calendar list` prints.
  using namespace std::chrono;
  const sys_days today = floor<days>(system_clock::now() + hours(7));
  std::string day_off;
  for (sys_days d = today + days(1); d < today + days(15) && day_off.empty(); d += days(1)) {
    const year_month_day ymd{d};
    const weekday wd{d};
    if (wd == Saturday || wd == Sunday) continue;
    const RunResult list = on_demo({"list", std::to_string(int(ymd.year()))});
    if (list.exit_code != 0) GTEST_SKIP() << "the next working days are in a year not covered";
    const std::string text = DayText(ymd);
    if (list.out.find(text + "\t") == std::string::npos) day_off = text;
  }
  ASSERT_FALSE(day_off.empty());

  const RunResult add = on_demo({"add", day_off, "Libur uji"});
  const RunResult remove = on_demo({"remove", day_off});

  ASSERT_EQ(add.exit_code, 0) << add.err;
  ASSERT_EQ(remove.exit_code, 0) << remove.err;
  const auto moved = [](const std::string& out) {
    const size_t at = out.find(" running deadline");
    if (at == std::string::npos) return 0;
    size_t start = out.rfind('\n', at);
    start = start == std::string::npos ? 0 : start + 1;
    return std::stoi(out.substr(start, at - start));
  };
  EXPECT_GT(moved(add.out), 0) << add.out << add.err;
  EXPECT_EQ(moved(remove.out), moved(add.out)) << add.out << add.err << remove.out << remove.err;
}

}  // namespace
}  // namespace sigap::integration
