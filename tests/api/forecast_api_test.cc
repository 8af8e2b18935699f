// Issue 10 over real HTTP and the real executable: the staffing forecast
// (Erlang C over the arrivals of the past weeks) and the backlog forecast
// per agency, on cases written with known times into the server's database;
// who may read them; bad parameters named in problem+json; `sigap forecast`
// agreeing with the API on the same database; and the policy rules' dry run
// (`sigap rules try`) on the server's history, which writes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "integration/lifecycle_server.h"
#include "integration/server_process.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using namespace std::chrono;

constexpr int64_t kHour = 3600LL * 1000000;
constexpr int64_t kDay = 24 * kHour;

class ForecastApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LifecycleServer({{"pimpinan.fc", "leader", ""},
                                   {"petugas.fc", "agency_officer", "DPU"},
                                   {"kadis.fc", "agency_head", "DISHUB"},
                                   {"verif.fc", "verifier", ""}});
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.message();
    Seed();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static LifecycleServer& S() { return *server_; }

  static json Parse(const test_support::HttpResponse& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json::object() : j;
  }
  static std::vector<std::string> Fields(const test_support::HttpResponse& r) {
    std::vector<std::string> out;
    for (const auto& e : Parse(r).value("errors", json::array()))
      out.push_back(e.value("field", ""));
    return out;
  }

  static void Insert(int n, const std::string& prefix, const std::string& status,
                     const std::string& agency, const std::string& service, int64_t created,
                     const std::string& due, const std::string& resolved) {
    const std::string pemda = S().Sql("SELECT id FROM pemdas LIMIT 1")[0][0];
    for (int i = 0; i < n; ++i) {
      const int64_t at = created + i * 30LL * 1000000;  // 30 s apart, same hour
      S().Sql(
          "INSERT INTO cases (pemda_id, salt, tracking_code, kind, status, service_code, title,"
          " description, channel, agency_code, created_at, updated_at, stage, due_at,"
          " resolved_at) VALUES (" +
          pemda + ", 1, '" + prefix + std::to_string(i) + "', 'complaint', '" + status + "', '" +
          service + "', 'uji', 'uji', 'web', '" + agency + "', " + std::to_string(at) + ", " +
          std::to_string(resolved == "NULL" ? at : std::stoll(resolved)) + ", 'resolution', " +
          due + ", " + resolved + ")");
    }
  }

  // FC-LOKET: 100 arrivals in one local hour, yesterday 10:00-10:59 WIB.
  // FCX: 20 open cases three days overdue and 10 resolved two days ago, all
  // received 40 days ago (before the 28-day window): no arrivals, so the
  // resolution pace alone works the backlog down.
  static void Seed() {
    const std::string pemda = S().Sql("SELECT id FROM pemdas LIMIT 1")[0][0];
    S().Sql("INSERT INTO agencies (pemda_id, code, name, kind) VALUES (" + pemda +
            ", 'FCX', 'Unit Uji Prakiraan', 'dinas')");
    S().Sql("INSERT INTO services (pemda_id, code, name, agency_code) VALUES (" + pemda +
            ", 'FC-LOKET', 'Loket Uji Prakiraan', 'FCX')");
    const int64_t now = NowMicros();
    const int64_t wib = 7 * kHour;
    const int64_t local_midnight = (now + wib) / kDay * kDay - wib;
    Insert(100, "FCL-", "received", "", "FC-LOKET", local_midnight - kDay + 10 * kHour, "NULL",
           "NULL");
    const int64_t old = now - 40 * kDay;
    Insert(20, "FCO-", "in_progress", "FCX", "", old, std::to_string(now - 3 * kDay), "NULL");
    Insert(10, "FCR-", "resolved", "FCX", "", old, "NULL", std::to_string(now - 2 * kDay));
  }

  static LifecycleServer* server_;
};
LifecycleServer* ForecastApi::server_ = nullptr;

// 100 an hour × 6 minutes = 10 erlangs. By the Erlang C formula (worked in
// tests/adapt/forecast_test.cc) 12 officers leave C = 0.44939, a mean wait
// of 80.9 s and 59.8 % served within 20 s; 80 % within 20 s needs 14.
TEST_F(ForecastApi, StaffingFromHistoryMatchesErlangC) {
  const auto r = S().Call("GET",
                          "/api/v1/forecast/staffing?service=FC-LOKET&weeks=1&handling_minutes=6"
                          "&target_wait_seconds=20&target_share=0.8&officers=12",
                          S().Officer("pimpinan.fc"));

  ASSERT_EQ(r.status, 200) << r.body;
  const json body = Parse(r);
  EXPECT_EQ(body["arrivals"], 100);
  ASSERT_EQ(body["slots"].size(), 1u) << body.dump();
  const json& slot = body["slots"][0];
  EXPECT_EQ(slot["hour"], 10);
  EXPECT_DOUBLE_EQ(slot["arrivals_per_hour"].get<double>(), 100.0);
  EXPECT_EQ(slot["officers_needed"], 14);
  EXPECT_NEAR(slot["today"]["probability_of_wait"].get<double>(), 0.449, 0.001);
  EXPECT_NEAR(slot["today"]["mean_wait_seconds"].get<double>(), 80.9, 0.1);
  EXPECT_NEAR(slot["today"]["service_level"].get<double>(), 0.598, 0.001);
  EXPECT_EQ(body["peak_officers"], 14);
}

TEST_F(ForecastApi, StaffingForAGivenRateNeedsNoHistory) {
  const auto r = S().Call("GET",
                          "/api/v1/forecast/staffing?arrivals_per_hour=100&handling_minutes=6"
                          "&target_wait_seconds=20&officers=10",
                          S().Officer("verif.fc"));

  ASSERT_EQ(r.status, 200) << r.body;
  const json slot = Parse(r)["slots"][0];
  EXPECT_TRUE(slot["hour"].is_null());
  EXPECT_EQ(slot["officers_needed"], 14);
  EXPECT_EQ(slot["today"]["stable"], false);  // 10 officers for 10 erlangs: the queue never ends
  EXPECT_TRUE(slot["today"]["mean_wait_seconds"].is_null());
}

// 20 overdue, 10 resolved in the window and nothing new: the pace is
// 10 / W a working day (W = the window's working days) and the 20 clear in
// ceil(20 / pace) working days; at each horizon of d working days,
// max(0, 20 − pace × d) are still overdue.
TEST_F(ForecastApi, BacklogProjectsAnAgencysQueue) {
  const auto r = S().Call("GET", "/api/v1/forecast/backlog?agency=FCX&cases_per_officer_day=2",
                          S().Officer("pimpinan.fc"));

  ASSERT_EQ(r.status, 200) << r.body;
  const json body = Parse(r);
  ASSERT_EQ(body["agencies"].size(), 1u);
  const json& a = body["agencies"][0];
  EXPECT_EQ(a["agency_code"], "FCX");
  EXPECT_EQ(a["open"], 20);
  EXPECT_EQ(a["overdue"], 20);
  EXPECT_EQ(a["arrivals_per_day"], 0);
  const double w = body["window_working_days"].get<double>();
  ASSERT_GT(w, 10);
  const double pace = 10 / w;
  EXPECT_NEAR(a["resolutions_per_day"].get<double>(), pace, 0.01);
  EXPECT_EQ(a["clears_in_days"], static_cast<int>(std::ceil(20 / pace - 1e-9)));
  ASSERT_EQ(a["horizons"].size(), 3u);
  for (const auto& h : a["horizons"]) {
    const double d = h["working_days"].get<double>();
    EXPECT_NEAR(h["overdue"].get<double>(), std::max(0.0, 20 - pace * d), 0.1) << h.dump();
  }
  const double last = a["horizons"][2]["overdue"].get<double>();
  EXPECT_NEAR(a["officer_days_to_recover"].get<double>(), last / 2, 0.1);
}

TEST_F(ForecastApi, AgencyOfficersSeeOnlyTheirAgency) {
  const auto own = S().Call("GET", "/api/v1/forecast/backlog", S().Officer("petugas.fc"));
  const auto other =
      S().Call("GET", "/api/v1/forecast/backlog?agency=FCX", S().Officer("petugas.fc"));

  ASSERT_EQ(own.status, 200) << own.body;
  ASSERT_EQ(Parse(own)["agencies"].size(), 1u);
  EXPECT_EQ(Parse(own)["agencies"][0]["agency_code"], "DPU");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(Fields(other), std::vector<std::string>{"agency"});
}

// The head of Dinas Perhubungan reads the forecast of Trans Semarang, a
// unit under it (BLU-TRANS), but not another agency's.
TEST_F(ForecastApi, AnAgencyHeadSeesTheUnitsUnderItsAgency) {
  const auto head = S().Officer("kadis.fc");
  const auto own = S().Call("GET", "/api/v1/forecast/backlog", head);
  const auto unit = S().Call("GET", "/api/v1/forecast/backlog?agency=BLU-TRANS", head);
  const auto other = S().Call("GET", "/api/v1/forecast/backlog?agency=DPU", head);

  // Unasked, the backlog of its agency and of the units under it, no other
  // agency's; the staffing forecast, one agency's figures, stays its own.
  ASSERT_EQ(own.status, 200) << own.body;
  std::set<std::string> rows;
  const json backlog = Parse(own);
  for (const auto& a : backlog["agencies"]) rows.insert(a["agency_code"].get<std::string>());
  EXPECT_EQ(rows, (std::set<std::string>{"DISHUB", "BLU-TRANS"})) << own.body;
  EXPECT_EQ(Parse(S().Call("GET", "/api/v1/forecast/staffing", head))["agency"], "DISHUB");
  ASSERT_EQ(unit.status, 200) << unit.body;
  EXPECT_EQ(Parse(unit)["agency"], "BLU-TRANS");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(Fields(other), std::vector<std::string>{"agency"});
  EXPECT_EQ(S().Call("GET", "/api/v1/forecast/backlog?agency=BLU-TRANS", S().Officer("petugas.fc"))
                .status,
            403);
}

// Every leader opening the dashboard within a minute reads the forecast
// made for the first (a million cases take seconds), as "as_of" says; an
// agency officer's own question is made apart.
TEST_F(ForecastApi, TheBacklogForecastIsMadeOnceAMinutePerQuestion) {
  const auto leader = S().Officer("pimpinan.fc");
  const auto first = S().Call("GET", "/api/v1/forecast/backlog?window_days=20", leader);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto again = S().Call("GET", "/api/v1/forecast/backlog?window_days=20", leader);
  const auto other = S().Call("GET", "/api/v1/forecast/backlog?window_days=21", leader);
  const auto own =
      S().Call("GET", "/api/v1/forecast/backlog?window_days=20", S().Officer("petugas.fc"));

  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Parse(again), Parse(first));
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_NE(Parse(other)["as_of"], Parse(first)["as_of"]);
  EXPECT_EQ(Parse(other)["window_days"], 21);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Parse(own)["agencies"].size(), 1u);
}

TEST_F(ForecastApi, CitizensMayNotReadForecasts) {
  EXPECT_EQ(S().Call("GET", "/api/v1/forecast/staffing").status, 401);
  EXPECT_EQ(S().Call("GET", "/api/v1/forecast/backlog").status, 401);
}

TEST_F(ForecastApi, BadParametersAreNamed) {
  const auto who = S().Officer("pimpinan.fc");
  const auto word = S().Call("GET", "/api/v1/forecast/staffing?weeks=abc&officers=2x", who);
  const auto share = S().Call("GET", "/api/v1/forecast/staffing?target_share=1.5", who);
  const auto window = S().Call("GET", "/api/v1/forecast/backlog?window_days=3", who);
  const auto deadline = S().Call("GET", "/api/v1/forecast/backlog?deadline_days=90", who);
  const auto agency = S().Call("GET", "/api/v1/forecast/backlog?agency=TIDAKADA", who);
  const auto staffing =
      S().Call("GET", "/api/v1/forecast/staffing?agency=TIDAKADA&service=TIDAKADA", who);

  EXPECT_EQ(word.status, 422);
  EXPECT_EQ(word.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(Fields(word), (std::vector<std::string>{"weeks", "officers"}));
  EXPECT_EQ(share.status, 422);
  EXPECT_EQ(Fields(share), std::vector<std::string>{"target_share"});
  EXPECT_EQ(window.status, 422);
  EXPECT_EQ(Fields(window), std::vector<std::string>{"window_days"});
  EXPECT_EQ(deadline.status, 422);
  EXPECT_EQ(Fields(deadline), std::vector<std::string>{"deadline_days"});
  EXPECT_EQ(agency.status, 422);
  EXPECT_EQ(Fields(agency), std::vector<std::string>{"agency"});
  EXPECT_EQ(staffing.status, 422);
  EXPECT_EQ(Fields(staffing), (std::vector<std::string>{"agency", "service"}));
}

// `sigap forecast backlog` on the server's database says what the API says.
TEST_F(ForecastApi, CliAgreesWithTheApi) {
  const auto config = S().process().dir() / "forecast.toml";
  std::ofstream(config) << "[calendar]\ndata_dir = \"" << S().data_dir().string() << "\"\n";
  const std::string db = S().process().db_path().string();

  const RunResult cli =
      RunSigap({"forecast", "backlog", "--db", db, "--config", config.string(), "--agency", "FCX",
                "--cases-per-officer-day", "2", "--format", "json"});
  const auto api = S().Call("GET", "/api/v1/forecast/backlog?agency=FCX&cases_per_officer_day=2",
                            S().Officer("pimpinan.fc"));
  const RunResult text =
      RunSigap({"forecast", "staffing", "--db", db, "--config", config.string(), "--service",
                "FC-LOKET", "--weeks", "1", "--target-wait-seconds", "20", "--officers", "12"});

  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const json c = json::parse(cli.out)["agencies"][0];
  const json a = Parse(api)["agencies"][0];
  EXPECT_EQ(c["clears_in_days"], a["clears_in_days"]);
  EXPECT_NEAR(c["horizons"][2]["overdue"].get<double>(), a["horizons"][2]["overdue"].get<double>(),
              0.1);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("\t10:00\t100.00\t14\t"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Puncak: 14 petugas"), std::string::npos) << text.out;
}

TEST_F(ForecastApi, CliNamesTheBadFlag) {
  const std::string db = S().process().db_path().string();

  const RunResult window = RunSigap({"forecast", "backlog", "--db", db, "--window-days", "3"});
  const RunResult agency = RunSigap({"forecast", "backlog", "--db", db, "--agency", "TIDAKADA"});
  const RunResult format = RunSigap({"forecast", "staffing", "--db", db, "--format", "xml"});

  EXPECT_EQ(window.exit_code, 2);
  EXPECT_NE(window.err.find("--window-days"), std::string::npos) << window.err;
  EXPECT_EQ(agency.exit_code, 2);
  EXPECT_NE(agency.err.find("--agency"), std::string::npos) << agency.err;
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("--format"), std::string::npos) << format.err;
}

// `sigap rules try` replays the server's history through a rule without
// writing anything, and counts what the rule would have done: here one
// firing per submitted complaint.
TEST_F(ForecastApi, RulesDryRunWritesNothingAndCountsWhatTheRuleWouldDo) {
  const auto rule = S().process().dir() / "semua_pengaduan.json";
  std::ofstream(rule) << R"({"name": "Uji semua pengaduan", "basis": "Uji coba",
    "rate_limit_per_hour": 100000, "scope": {"kind": "complaint"},
    "trigger": {"event": "submitted"},
    "actions": [{"type": "adjust_deadline", "stage": "resolution", "days": 2}]})";
  const std::string db = S().process().db_path().string();
  const std::string count_sql =
      "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM case_events),"
      " (SELECT COUNT(*) FROM outbox)";
  const auto before = S().Sql(count_sql);
  const std::string complaints = S().Sql(
      "SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id"
      " WHERE e.kind = 'submitted' AND c.kind = 'complaint'")[0][0];

  const RunResult run =
      RunSigap({"rules", "try", rule.string(), "--db", db, "--since", "3650d", "--format", "json"});
  const RunResult text = RunSigap({"rules", "try", rule.string(), "--db", db, "--since", "3650d"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json report = json::parse(run.out);
  EXPECT_GT(report["events"].get<int64_t>(), 0);
  EXPECT_EQ(report["decisions"].get<int64_t>(), std::stoll(complaints));
  EXPECT_EQ(report["deadline_changes"].get<int64_t>(), std::stoll(complaints));
  EXPECT_EQ(S().Sql(count_sql), before);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("tidak ada yang ditulis"), std::string::npos) << text.out;
}

TEST_F(ForecastApi, RulesCheckNamesFileAndField) {
  const auto bad = S().process().dir() / "tanpa_dasar.toml";
  std::ofstream(bad) << "name = \"Tanpa dasar\"\n[trigger]\nevent = \"submitted\"\n"
                        "[[actions]]\ntype = \"adjust_deadline\"\nstage = \"resolution\"\n"
                        "days = 50\n";
  const std::string starter = std::string(SIGAP_SOURCE_DIR) + "/data/policy/kelompok_rentan.toml";

  const auto broken = S().process().dir() / "rusak.toml";
  std::ofstream(broken) << "name = \"Rusak\"\n[trigger\nevent = \"submitted\"\n";

  const RunResult refused = RunSigap({"rules", "check", bad.string()});
  const RunResult english = RunSigap({"rules", "check", "--lang", "en", bad.string()});
  const RunResult syntax = RunSigap({"rules", "check", broken.string()});
  const RunResult syntax_en = RunSigap({"rules", "check", broken.string(), "--lang", "en"});
  const RunResult unknown_lang = RunSigap({"rules", "check", "--lang", "fr", bad.string()});
  const RunResult accepted = RunSigap({"rules", "check", starter});

  // In Indonesian unless --lang en (as `sigap ikm`), naming file and field.
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(bad.string() + ": basis: required"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(bad.string() + ": actions[0].days: exceeds_regulation (sudah "),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.err.find("could push"), std::string::npos) << refused.err;
  EXPECT_EQ(english.exit_code, 1);
  EXPECT_NE(english.err.find(bad.string() +
                             ": actions[0].days: exceeds_regulation (could push a complaint past"),
            std::string::npos)
      << english.err;
  EXPECT_EQ(english.err.find("sudah"), std::string::npos) << english.err;
  // A syntax error names the file and its line in either language.
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find(broken.string() + ": syntax (baris 2, kolom"), std::string::npos)
      << syntax.err;
  EXPECT_NE(syntax.err.find("sintaks TOML tidak sah)"), std::string::npos) << syntax.err;
  EXPECT_NE(syntax_en.err.find(broken.string() + ": syntax (line 2, column"), std::string::npos)
      << syntax_en.err;
  EXPECT_EQ(unknown_lang.exit_code, 2);
  EXPECT_NE(unknown_lang.err.find("--lang"), std::string::npos) << unknown_lang.err;
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
}

}  // namespace
}  // namespace sigap::integration
