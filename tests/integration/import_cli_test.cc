// `sigap import cases` through the real executable, on a real SQLite file
// prepared with `sigap migrate` and `sigap demo`: what a Pemda migrating
// from an older system sees, and what ends up in the database.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "integration/server_process.h"

namespace sigap::integration {
namespace {

using namespace std::chrono;
using Rows = std::vector<std::vector<std::string>>;

// Every row of `sql` on the database file, each column as text ("" for NULL).
Rows Query(const std::filesystem::path& db_path, const std::string& sql) {
  Rows rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
      }
      rows.push_back(std::move(row));
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

std::string CaseCount(const std::filesystem::path& db) {
  return Query(db, "SELECT COUNT(*) FROM cases")[0][0];
}

// Microseconds since the epoch of a UTC instant, as the store keeps them.
std::string Micros(sys_days day, microseconds time_of_day) {
  return std::to_string(duration_cast<microseconds>(day.time_since_epoch() + time_of_day).count());
}

// A demo database and files to import into it.
class ImportCli : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Prepare()); }

  std::string Write(const std::string& name, const std::string& text) {
    const auto path = server_.dir() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  RunResult Import(const std::string& file, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"import", "cases", file, "--db", db()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunSigap(args, "", seconds(120));
  }

  void ExpectAuditChainIntact() {
    const RunResult audit = RunSigap({"audit", "verify", "--db", db()});
    EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
    EXPECT_EQ(audit.out.rfind("OK: ", 0), 0u) << audit.out;
  }

  std::string db() const { return server_.db_path().string(); }

  ServerProcess server_{{.load_demo = true}};
};

const std::string kHeader =
    "source_id,kind,service_code,title,description,region_code,reporter_name,reporter_phone,"
    "status,agency_code,created_at,disposed_at,resolved_at,closed_at,response\n";

// Four cases of an older system: received, two in progress since Monday
// 16 March 2026 (just before Nyepi and Idul Fitri), and one closed.
const std::string kGoodFile =
    kHeader +
    "L-1,complaint,PU-DRAINASE,Saluran tersumbat,\"Saluran di depan SD tersumbat.\n"
    "Air meluap ke jalan.\",33.74.01.1001,Sri Rahayu,081234567890,received,,"
    "2025-07-01T08:00+07:00,,,,\n"
    "L-2,complaint,PU-DRAINASE,Gorong-gorong ambrol,Gorong-gorong di Jl. Pemuda ambrol,"
    "33.74.01.1002,,,in_progress,DPU,2026-03-13T10:00+07:00,2026-03-16T09:00+07:00,,,\n"
    "L-3,aspiration,,Taman baca,Usul taman baca di kelurahan,33.74.10.1006,,,in_progress,"
    "DISPERKIM,2026-03-13T10:00+07:00,2026-03-16T09:00+07:00,,,\n"
    "L-4,complaint,PU-JALAN,Jalan berlubang,Lubang besar di Jl. Kaligawe,33.74.01.1003,Budi,"
    ",closed,DPU,2025-05-02T09:00+07:00,2025-05-05T10:00+07:00,2025-05-20T14:00+07:00,"
    "2025-06-01T08:00+07:00,Lubang sudah ditambal.\n";

TEST_F(ImportCli, AValidFileKeepsOriginalDatesStatusesAndCountsDeadlinesOverTheHolidays) {
  const std::string file = Write("lapor-lama.csv", kGoodFile);
  const std::string before = CaseCount(db());

  const RunResult run = Import(file);

  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out, "Imported 4 cases (0 skipped, 0 already present)\n");
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(std::stoi(CaseCount(db())), std::stoi(before) + 4);
  const Rows cases = Query(db(),
                           "SELECT json_extract(e.payload, '$.source_id'), c.status, c.created_at, "
                           "c.agency_code, c.channel, c.stage, c.due_at, c.disposed_at, "
                           "c.resolved_at, json_extract(e.payload, '$.source'), e.actor "
                           "FROM cases c JOIN case_events e ON e.case_id = c.id "
                           "AND e.kind = 'imported' ORDER BY 1");
  ASSERT_EQ(cases.size(), 4u);
  // Written oldest first (two of the same time in the file's order), so
  // that the case ids follow time, whatever the file's order.
  EXPECT_EQ(Query(db(),
                  "SELECT group_concat(source_id, ' ') FROM (SELECT json_extract(e.payload, "
                  "'$.source_id') AS source_id FROM cases c JOIN case_events e ON e.case_id = c.id "
                  "AND e.kind = 'imported' ORDER BY c.id)")[0][0],
            "L-4 L-1 L-2 L-3");
  // 08:00 WIB is 01:00 UTC.
  EXPECT_EQ(cases[0], (std::vector<std::string>{
                          "L-1", "received", Micros(sys_days{2025y / July / 1}, 1h), "DPU",
                          "import", "verification",
                          // 3 working days after Tuesday 1 July 2025: Friday 4 July, 23:59:59 WIB.
                          Micros(sys_days{2025y / July / 4}, 16h + 59min + 59s + 999999us), "", "",
                          "lapor-lama", "import:lapor-lama"}));
  // PU-DRAINASE's Standar Pelayanan says 7 working days, counted from the
  // disposition on Monday 16 March 2026 (09:00, before the cut-off: day 0).
  // SKB 2026: 18 March cuti bersama Nyepi, 19 Nyepi, 20 cuti bersama Idul
  // Fitri, 21-22 Idul Fitri (a weekend), 23-24 cuti bersama. Working days:
  // 17 (1), 25 (2), 26 (3), 27 (4), 30 (5), 31 (6), 1 April (7).
  EXPECT_EQ(cases[1][1], "in_progress");
  EXPECT_EQ(cases[1][3], "DPU");
  EXPECT_EQ(cases[1][5], "resolution");
  EXPECT_EQ(cases[1][6], Micros(sys_days{2026y / April / 1}, 16h + 59min + 59s + 999999us));
  EXPECT_EQ(cases[1][7], Micros(sys_days{2026y / March / 16}, 2h));
  // No service: the default 14 working days. After 1 April (7): 2 April (8),
  // 3 April is Good Friday, 6 (9), 7 (10), 8 (11), 9 (12), 10 (13), 13 (14).
  EXPECT_EQ(cases[2][1], "in_progress");
  EXPECT_EQ(cases[2][3], "DISPERKIM");
  EXPECT_EQ(cases[2][6], Micros(sys_days{2026y / April / 13}, 16h + 59min + 59s + 999999us));
  // Closed: no deadline runs; the original dates stay.
  EXPECT_EQ(cases[3][1], "closed");
  EXPECT_EQ(cases[3][2], Micros(sys_days{2025y / May / 2}, 2h));
  EXPECT_EQ(cases[3][5], "");
  EXPECT_EQ(cases[3][6], "");
  EXPECT_EQ(cases[3][8], Micros(sys_days{2025y / May / 20}, 7h));

  // The closed case's timeline: submitted at its original date, the public
  // response at its resolution, then the (internal) import.
  const Rows events =
      Query(db(),
            "SELECT e.kind, e.at, e.is_public, json_extract(e.payload, '$.text'), "
            "json_extract(e.payload, '$.original_status'), json_extract(e.payload, '$.closed_at') "
            "FROM case_events e WHERE e.case_id = (SELECT case_id FROM case_events WHERE kind = "
            "'imported' AND json_extract(payload, '$.source_id') = 'L-4') ORDER BY e.id");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0][0], "submitted");
  EXPECT_EQ(events[0][1], Micros(sys_days{2025y / May / 2}, 2h));
  EXPECT_EQ(events[1], (std::vector<std::string>{"resolved", Micros(sys_days{2025y / May / 20}, 7h),
                                                 "1", "Lubang sudah ditambal.", "", ""}));
  EXPECT_EQ(events[2][0], "imported");
  EXPECT_EQ(events[2][2], "0");
  EXPECT_EQ(events[2][4], "closed");
  EXPECT_EQ(events[2][5], "2025-06-01T01:00:00.000Z");
  // The reporter's contact is kept apart from the events.
  EXPECT_EQ(Query(db(),
                  "SELECT COUNT(*) FROM case_events WHERE payload LIKE '%081234567890%' "
                  "OR payload LIKE '%Rahayu%'")[0][0],
            "0");
  ExpectAuditChainIntact();
}

TEST_F(ImportCli, ImportingTheSameFileAgainWritesNothingTwice) {
  const std::string file = Write("lapor-lama.csv", kGoodFile);
  ASSERT_EQ(Import(file).exit_code, 0);
  const std::string after_first = CaseCount(db());

  const RunResult again = Import(file);

  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "Imported 0 cases (0 skipped, 4 already present)\n");
  EXPECT_EQ(CaseCount(db()), after_first);
  ExpectAuditChainIntact();
}

// A resolved case without its resolution date was resolved no earlier than
// its disposition: never dated before it (nor at its arrival).
TEST_F(ImportCli, AResolvedRowWithoutItsDateIsNotResolvedBeforeItsDisposition) {
  const std::string file =
      Write("tanpa-tanggal-selesai.csv",
            kHeader +
                "T-1,complaint,PU-DRAINASE,Jalan rusak dua,Jalan berlubang di depan pasar,"
                "33.74.01.1002,,,resolved,DPU,2026-03-13T10:00+07:00,2026-03-14T10:00+07:00,,,"
                "Sudah ditambal\n");

  const RunResult run = Import(file);

  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Rows row = Query(db(),
                         "SELECT c.disposed_at, c.resolved_at FROM cases c JOIN case_events e ON "
                         "e.case_id = c.id AND e.kind = 'imported' "
                         "AND json_extract(e.payload, '$.source_id') = 'T-1'");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][1], row[0][0]);  // resolved when it was disposed, the last known date
  ExpectAuditChainIntact();
}

const std::string kOneBadRow =
    kHeader +
    "B-1,complaint,PU-DRAINASE,Saluran tersumbat,Saluran tersumbat sampah,33.74.01.1001,,,"
    "received,,2025-07-01T08:00+07:00,,,,\n"
    "B-2,complaint,PU-JALAN,Jalan rusak,Jalan berlubang di depan pasar,33.74.01.1002,Sri,"
    "0812-XYZ,in_progress,,2025-07-02T08:00+07:00,2025-07-03T08:00+07:00,,,\n"
    "B-3,aspiration,,Taman,Usul taman kota,33.74.01.1003,,,received,,2025-07-03T08:00+07:00,,,,"
    "\n";

TEST_F(ImportCli, AFileWithABadRowWritesNothingAndNamesLineAndField) {
  const std::string file = Write("lapor-b.csv", kOneBadRow);
  const std::string before = CaseCount(db());

  const RunResult run = Import(file);

  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find(file + ":3: reporter_phone: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(file + ":3: agency_code: "), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(file + ":2:"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("0812-XYZ"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("Sri"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("nothing imported: 1 of 3 rows have errors"), std::string::npos);
  EXPECT_EQ(CaseCount(db()), before);
}

TEST_F(ImportCli, SkipInvalidWritesTheGoodRowsAndReportsTheBadOne) {
  const std::string file = Write("lapor-b.csv", kOneBadRow);
  const std::string before = CaseCount(db());

  const RunResult run = Import(file, {"--skip-invalid"});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Imported 2 cases (1 skipped, 0 already present)\n");
  EXPECT_NE(run.err.find(file + ":3: agency_code: "), std::string::npos) << run.err;
  EXPECT_EQ(std::stoi(CaseCount(db())), std::stoi(before) + 2);
  EXPECT_EQ(Query(db(),
                  "SELECT json_extract(payload, '$.source_id') FROM case_events WHERE "
                  "kind = 'imported' ORDER BY 1"),
            (Rows{{"B-1"}, {"B-3"}}));
  ExpectAuditChainIntact();
}

// A scheduled import whose every row was refused must not look like a
// success to the script that runs it.
TEST_F(ImportCli, SkipInvalidWithNothingValidFails) {
  const std::string file = Write(
      "lapor-c.csv",
      kHeader +
          "C-1,complaint,PU-JALAN,Jalan rusak,Jalan berlubang di depan pasar,33.74.01.1002,Sri,"
          "0812-XYZ,in_progress,,2025-07-02T08:00+07:00,2025-07-03T08:00+07:00,,,\n");
  const std::string before = CaseCount(db());

  const RunResult run = Import(file, {"--skip-invalid"});

  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("nothing imported"), std::string::npos) << run.err;
  EXPECT_EQ(CaseCount(db()), before);
}

TEST_F(ImportCli, EveryLifecycleRuleNamesItsLineAndField) {
  // A valid case of source_id `id` with `rest` added.
  auto row = [](const std::string& id, const std::string& rest) {
    return R"({"source_id": ")" + id +
           R"(", "kind": "complaint", "title": "Jalan rusak", "description": "Jalan berlubang",)"
           R"( "location": {"region_code": "33.74.01.1001"}, )" +
           rest + "}\n";
  };
  const std::string file = Write(
      "rules.jsonl",
      row("R-1", R"("status": "received")") +
          row("R-2", R"("status": "received", "created_at": "2025-07-01")") +
          row("R-3", R"("status": "received", "created_at": "2099-01-01T08:00+07:00")") +
          row("R-4", R"("status": "closed", "agency_code": "DPU",)"
                     R"( "created_at": "2025-07-01T08:00+07:00",)"
                     R"( "disposed_at": "2025-07-10T08:00+07:00",)"
                     R"( "resolved_at": "2025-07-05T08:00+07:00")") +
          row("R-5", R"("status": "merged", "created_at": "2025-07-01T08:00+07:00")") +
          row("R-6", R"("status": "disposed", "agency_code": "DINAS-X",)"
                     R"( "created_at": "2025-07-01T08:00+07:00")") +
          row("R-7", R"("status": "in_progress", "agency_code": "DPU",)"
                     R"( "created_at": "2025-07-01T08:00+07:00",)"
                     R"( "resolved_at": "2025-07-05T08:00+07:00")") +
          row("R-1", R"("status": "received", "created_at": "2025-07-01T08:00+07:00")") +
          R"({"source_id": "R-9", "reporter": {"name": "Sri Rahayu")" + "\n" +
          row("R-10", R"("service_code": "NO-SUCH", "status": "received",)"
                      R"( "reporter": {"phone": "12"}, "created_at": "2025-07-01T08:00+07:00")"));
  const std::string before = CaseCount(db());

  const RunResult run = Import(file);

  EXPECT_EQ(run.exit_code, 1);
  for (const std::string expected : {
           ":1: created_at: ",
           ":2: created_at: not an RFC 3339 date and time with its offset",
           ":3: created_at: later than now",
           ":4: resolved_at: earlier than disposed_at",
           ":5: status: one of received,",
           ":6: agency_code: no agency with this code",
           ":7: resolved_at: only for resolved or closed cases",
           ":8: source_id: the same source_id as line 1",
           ":9: not valid JSON",
           ":10: service_code: no service with this code",
           ":10: reporter.phone: ",
       }) {
    EXPECT_NE(run.err.find(file + expected), std::string::npos) << expected << "\n" << run.err;
  }
  EXPECT_EQ(run.err.find("Rahayu"), std::string::npos);
  EXPECT_NE(run.err.find("nothing imported: 10 of 10 rows have errors"), std::string::npos)
      << run.err;
  EXPECT_EQ(CaseCount(db()), before);
}

TEST_F(ImportCli, ADryRunChecksEverythingAndWritesNothing) {
  const std::string file = Write("lapor-lama.csv", kGoodFile);
  const std::string before = CaseCount(db());

  const RunResult run = Import(file, {"--dry-run", "--source", "LAPOR 2025"});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Dry run: 4 cases would be imported (0 skipped); nothing written\n");
  EXPECT_EQ(CaseCount(db()), before);
}

TEST_F(ImportCli, UsageErrorsExitWith2) {
  const std::string good = Write("lapor-lama.csv", kGoodFile);
  const std::string text = Write("lapor.txt", kGoodFile);

  const std::string folder = (server_.dir() / "folder.csv").string();
  std::filesystem::create_directories(folder);

  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"import", "cases", "/nonexistent/lapor.csv", "--db", db()}, "does not exist"},
      {{"import", "cases", folder, "--db", db()}, "is a directory, not a file"},
      {{"import", "cases", text, "--db", db()}, ".csv or .jsonl"},
      {{"import", "cases", good, "--db", db(), "--pemda", "99.99"}, "--pemda"},
      {{"import", "cases", good, "--db", db(), "--source", "a:b"}, "--source"},
      {{"import", "cases", good, "--db", (server_.dir() / "none.db").string()}, "--db"},
      {{"import", "cases", "--db", db()}, "file"},
      {{"import", "cases", good, "--db", db(), "--no-such-flag"}, "--no-such-flag"},
  };
  for (const auto& [args, named] : cases) {
    const RunResult run = RunSigap(args, "", seconds(60));
    EXPECT_EQ(run.exit_code, 2) << args[2] << " " << args.back() << "\n" << run.err;
    EXPECT_NE(run.err.find(named), std::string::npos) << run.err;
  }
  EXPECT_EQ(Query(db(), "SELECT COUNT(*) FROM case_events WHERE kind = 'imported'")[0][0], "0");
}

// A spreadsheet saved as "text (tab-separated)" is told so, not that its
// header row is missing.
TEST_F(ImportCli, ATabSeparatedFileIsToldToBeSavedAsCsv) {
  std::string tabs = kGoodFile;
  std::replace(tabs.begin(), tabs.end(), ',', '\t');
  const RunResult run = Import(Write("tab.csv", tabs), {});

  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("tab.csv:1: the columns are separated by tabs"), std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace sigap::integration
