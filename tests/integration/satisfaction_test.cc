// Issue 6 in the server, over real HTTP: survey definitions, anonymous
// responses, GET /api/v1/ikm against hand-computed figures (PermenPAN-RB
// 14/2017), the change against the previous period, who may read it, the
// XLSX/PDF reports, per-case ratings (once per resolution, only the
// reporter, only after resolution), `sigap import survey`, and the in-memory tally after a
// restart. One `sigap serve` with the demo Pemda for the suite.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using test_support::HttpResponse;

const ReporterIdentity kRina{"Rina Survei Lestari", "081299887766", "rina.survei@contoh.id",
                             "3374015505900003"};

json Parse(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

// The fields named by a problem+json body.
std::vector<std::string> Fields(const HttpResponse& r) {
  std::vector<std::string> out;
  const json body = Parse(r);
  if (body.contains("errors")) {
    for (const auto& e : body["errors"]) out.push_back(e.value("field", ""));
  }
  return out;
}

bool Names(const HttpResponse& r, const std::string& field) {
  const auto fields = Fields(r);
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

class Satisfaction : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    // More responses from this one client than a counter's tablet sends.
    server_ = new LifecycleServer({{"petugas.dishub", "agency_officer", "DISHUB"},
                                   {"kadis.dishub", "agency_head", "DISHUB"},
                                   {"petugas.trans", "agency_officer", "BLU-TRANS"}},
                                  {{"SIGAP_SERVER_SURVEY_BURST", "1000"}});
    ASSERT_TRUE(server_->Start());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  LifecycleServer& S() { return *server_; }
  http::Headers Admin() { return S().Officer("admin"); }

  HttpResponse Post(const std::string& target, const json& body, http::Headers who = {}) {
    who.emplace("Content-Type", "application/json");
    return S().Call("POST", target, who, body.dump());
  }

  // Creates a survey of DPU; returns its id.
  int64_t NewSurvey(const json& body) {
    auto r = Post("/api/v1/surveys", body, Admin());
    EXPECT_EQ(r.status, 201) << r.body;
    return Parse(r).value("id", int64_t{0});
  }

  void Respond(int64_t survey, const json& answers, const std::string& date) {
    auto r = Post("/api/v1/surveys/" + std::to_string(survey) + "/responses",
                  {{"answers", answers}, {"answered_on", date}, {"jenis_kelamin", "P"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  json Ikm(const std::string& query, const http::Headers& who) {
    auto r = S().Call("GET", "/api/v1/ikm?" + query, who);
    EXPECT_EQ(r.status, 200) << r.body;
    return Parse(r);
  }

  // The text of every part of an .xlsx workbook (unzip -p).
  static std::string WorkbookText(const std::string& body, int64_t id) {
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("sigap-ikm-test-" + std::to_string(id) + ".xlsx");
    std::ofstream(file, std::ios::binary) << body;
    std::string text;
    if (FILE* unzip = popen(("unzip -p '" + file.string() + "'").c_str(), "r")) {
      char buffer[4096];
      for (size_t n; (n = fread(buffer, 1, sizeof buffer, unzip)) > 0;) text.append(buffer, n);
      pclose(unzip);
    }
    std::filesystem::remove(file);
    return text;
  }
  static LifecycleServer* server_;
};
LifecycleServer* Satisfaction::server_ = nullptr;

TEST_F(Satisfaction, OnlyAnAdminCreatesASurveyAndBadFieldsAreNamed) {
  EXPECT_EQ(Post("/api/v1/surveys", {{"unit_code", "DPU"}, {"period", "2025-Q1"}}).status, 401);
  EXPECT_EQ(Post("/api/v1/surveys", {{"unit_code", "DPU"}, {"period", "2025-Q1"}},
                 S().Officer("petugas.dpu"))
                .status,
            403);

  auto unknown = Post("/api/v1/surveys", {{"unit_code", "NOPE"}, {"period", "2025-Q1"}}, Admin());
  auto no_dates =
      Post("/api/v1/surveys", {{"unit_code", "DPU"}, {"period", "musim hujan"}}, Admin());
  auto reversed = Post("/api/v1/surveys",
                       {{"unit_code", "DPU"},
                        {"period", "x"},
                        {"starts_on", "2025-05-01"},
                        {"ends_on", "2025-04-01"}},
                       Admin());
  auto weights = Post("/api/v1/surveys",
                      {{"unit_code", "DPU"},
                       {"period", "2025"},
                       {"extra_elements", {"Kebersihan ruang tunggu"}},
                       {"weights", {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5}}},
                      Admin());

  EXPECT_EQ(unknown.status, 422);
  EXPECT_TRUE(Names(unknown, "unit_code")) << unknown.body;
  EXPECT_EQ(no_dates.status, 422);
  EXPECT_TRUE(Names(no_dates, "period")) << no_dates.body;
  EXPECT_EQ(reversed.status, 422);
  EXPECT_TRUE(Names(reversed, "ends_on")) << reversed.body;
  EXPECT_EQ(weights.status, 422);
  EXPECT_TRUE(Names(weights, "weights")) << weights.body;
  // Another unit's service would count in this unit's IKM.
  auto other =
      Post("/api/v1/surveys",
           {{"unit_code", "DPU"}, {"period", "2025"}, {"service_code", "DUKCAPIL-KTPEL"}}, Admin());
  EXPECT_EQ(other.status, 422);
  EXPECT_TRUE(Names(other, "service_code")) << other.body;
}

// One survey per unit, service and period, whose dates lie within it: a
// second would split the sample, dates outside would be reported as the
// period's.
TEST_F(Satisfaction, ASurveyIsOnePerPeriodAndItsDatesLieWithinIt) {
  const int64_t first = NewSurvey({{"unit_code", "DPU"}, {"period", "2020-Q4"}});
  auto twice = Post("/api/v1/surveys", {{"unit_code", "DPU"}, {"period", "2020-Q4"}}, Admin());
  auto outside = Post("/api/v1/surveys",
                      {{"unit_code", "DISHUB"},
                       {"period", "2020-Q4"},
                       {"starts_on", "2020-01-01"},
                       {"ends_on", "2020-01-31"}},
                      Admin());
  auto no_quarter = Post("/api/v1/surveys", {{"unit_code", "DPU"}, {"period", "2020-Q5"}}, Admin());
  // Another service of the same unit and period is another survey.
  auto other_service =
      Post("/api/v1/surveys",
           {{"unit_code", "DPU"}, {"service_code", "PU-JALAN"}, {"period", "2020-Q4"}}, Admin());

  EXPECT_GT(first, 0);
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_TRUE(Names(twice, "period")) << twice.body;
  EXPECT_EQ(outside.status, 422) << outside.body;
  EXPECT_TRUE(Names(outside, "starts_on")) << outside.body;
  EXPECT_TRUE(Names(outside, "ends_on")) << outside.body;
  EXPECT_EQ(no_quarter.status, 422) << no_quarter.body;
  EXPECT_TRUE(Names(no_quarter, "period")) << no_quarter.body;
  EXPECT_EQ(other_service.status, 201) << other_service.body;
}

// What only the database knows about an IKM query is checked too, and a
// survey's report is headed with its own unit and period.
TEST_F(Satisfaction, AnIkmQueryNamesAnUnknownUnitSurveyAndAPopulationBelowTheRespondents) {
  const int64_t id = NewSurvey({{"unit_code", "DPU"}, {"period", "2020-11"}});
  Respond(id, {4, 4, 4, 4, 4, 4, 4, 4, 4}, "2020-11-02");
  Respond(id, {3, 3, 3, 3, 3, 3, 3, 3, 3}, "2020-11-03");
  const auto admin = S().Officer("admin");

  const auto unit = S().Call("GET", "/api/v1/ikm?unit=NOPE", admin);
  const auto service = S().Call("GET", "/api/v1/ikm?service=NOPE", admin);
  const auto population =
      S().Call("GET", "/api/v1/ikm?survey=" + std::to_string(id) + "&population=1", admin);
  const auto pdf = S().Call("GET", "/api/v1/ikm/report.pdf?unit=NOPE", admin);
  const auto survey = S().Call("GET", "/api/v1/ikm?survey=" + std::to_string(id + 1000), admin);
  const json own = Ikm("survey=" + std::to_string(id), admin);

  EXPECT_EQ(unit.status, 422) << unit.body;
  EXPECT_TRUE(Names(unit, "unit")) << unit.body;
  EXPECT_EQ(service.status, 422) << service.body;
  EXPECT_TRUE(Names(service, "service")) << service.body;
  EXPECT_EQ(population.status, 422) << population.body;
  EXPECT_TRUE(Names(population, "population")) << population.body;
  EXPECT_EQ(pdf.status, 422) << pdf.body;
  EXPECT_EQ(survey.status, 422) << survey.body;
  EXPECT_TRUE(Names(survey, "survey")) << survey.body;
  EXPECT_EQ(own["unit_name"], "Dinas Pekerjaan Umum") << own.dump();
  EXPECT_EQ(own["period"], "2020-11") << own.dump();
  EXPECT_EQ(own["respondents"], 2);
}

// A file names whose answers they are: its unit and services must be the
// survey's and exist, its period begun; text must be UTF-8.
TEST_F(Satisfaction, ImportRefusesAnotherUnitAnUnknownServiceAFuturePeriodAndNonUtf8Text) {
  const auto dir = S().process().dir();
  const std::string db = S().process().db_path().string();
  auto write = [&](const std::string& name, const std::string& text) {
    const std::string path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  };
  const std::string units = write("skm-unit.csv",
                                  "unit,layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9\n"
                                  "DPU,PU-DRAINASE,4,4,4,4,4,4,4,4,4\n"
                                  "DLH,PU-DRAINASE,3,3,3,3,3,3,3,3,3\n"
                                  "DPU,TIDAK-ADA,3,3,3,3,3,3,3,3,3\n"
                                  "DPU,DUKCAPIL-KTPEL,3,3,3,3,3,3,3,3,3\n");
  const std::string future = write("skm-future.csv",
                                   "tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9\n"
                                   "05/06/2099;4;4;4;4;4;4;4;4;4\n");
  const std::string cp1252 = write("skm-cp1252.csv",
                                   "tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9;saran\n"
                                   "02/02/2023;4;4;4;4;4;4;4;4;4;caf\xe9\n");

  const RunResult unit =
      RunSigap({"import", "survey", units, "--unit", "DPU", "--period", "2023", "--db", db});
  const RunResult later =
      RunSigap({"import", "survey", future, "--unit", "DPU", "--period", "2099", "--db", db});
  const RunResult bytes =
      RunSigap({"import", "survey", cp1252, "--unit", "DPU", "--period", "2023", "--db", db});

  EXPECT_EQ(unit.exit_code, 1);
  EXPECT_NE(unit.err.find(units + ":3:1: unit: 'DLH' bukan unit survei ini"), std::string::npos)
      << unit.err;
  EXPECT_NE(unit.err.find(units + ":4:2: layanan: tidak ada layanan TIDAK-ADA"), std::string::npos)
      << unit.err;
  EXPECT_NE(unit.err.find(units + ":5:2: layanan: DUKCAPIL-KTPEL bukan layanan unit DPU"),
            std::string::npos)
      << unit.err;
  EXPECT_EQ(later.exit_code, 2);
  EXPECT_NE(later.err.find("--period: 2099 belum dimulai (mulai 2099-01-01)"), std::string::npos)
      << later.err;
  EXPECT_EQ(bytes.exit_code, 1);
  EXPECT_NE(bytes.err.find(cp1252 + ":2:11: saran: bukan teks UTF-8"), std::string::npos)
      << bytes.err;
  EXPECT_EQ(S().Sql("SELECT COUNT(*) FROM surveys WHERE period IN ('2023', '2099')")[0][0], "0");
}

TEST_F(Satisfaction, IkmOfThreeResponsesIsComputedByTheRegulation) {
  const int64_t id = NewSurvey({{"unit_code", "DPU"}, {"period", "2025-Q3"}});
  ASSERT_GT(id, 0);
  Respond(id, {4, 4, 4, 4, 4, 4, 4, 4, 4}, "2025-08-10");
  Respond(id, {3, 3, 3, 3, 3, 3, 3, 3, 3}, "2025-08-11");
  Respond(id,
          {{"U1", 2},
           {"U2", 3},
           {"U3", 4},
           {"U4", 1},
           {"U5", 2},
           {"U6", 3},
           {"U7", 4},
           {"U8", 1},
           {"U9", 2}},
          "2025-09-02");

  const json ikm = Ikm("survey=" + std::to_string(id) + "&by=month", S().Officer("walikota"));

  // NRR per element: U1 (4+3+2)/3 = 3.00, U2 10/3, U3 11/3, U4 8/3, U5 3.00,
  // U6 10/3, U7 11/3, U8 8/3, U9 3.00; Σ = 85/3; IKM = 85/3 ÷ 9 × 25 = 78.70
  // → B (76.61–88.30), Baik.
  EXPECT_EQ(ikm["respondents"], 3);
  ASSERT_EQ(ikm["elements"].size(), 9u);
  const int totals[9] = {9, 10, 11, 8, 9, 10, 11, 8, 9};
  for (size_t e = 0; e < 9; ++e) {
    EXPECT_EQ(ikm["elements"][e]["answered"], 3);
    EXPECT_EQ(ikm["elements"][e]["total"], totals[e]);
    EXPECT_NEAR(ikm["elements"][e]["nrr"].get<double>(), totals[e] / 3.0, 1e-9);
  }
  EXPECT_DOUBLE_EQ(ikm["ikm"].get<double>(), 78.70);
  EXPECT_EQ(ikm["mutu"], "B");
  EXPECT_EQ(ikm["kinerja"], "Baik");
  // Respondent scores 100, 75 and 22/9 × 25 = 61.11; s = 19.71; s/√3 =
  // 11.38, × Student's t(0.975; 2) 4.3027 = 48.96: three answers say little.
  EXPECT_NEAR(ikm["ci"]["standard_error"].get<double>(), 11.38, 0.011);
  EXPECT_NEAR(ikm["ci"]["half_width"].get<double>(), 48.96, 0.011);
  // August: everyone 3.5 → 87.50 B; September: 22/9 × 25 = 61.11 D.
  ASSERT_EQ(ikm["groups"].size(), 2u);
  EXPECT_EQ(ikm["groups"][0]["key"], "2025-08");
  EXPECT_DOUBLE_EQ(ikm["groups"][0]["ikm"].get<double>(), 87.50);
  EXPECT_EQ(ikm["groups"][1]["key"], "2025-09");
  EXPECT_DOUBLE_EQ(ikm["groups"][1]["ikm"].get<double>(), 61.11);
  EXPECT_EQ(ikm["groups"][1]["mutu"], "D");
}

TEST_F(Satisfaction, AUnitsOwnElementCountsWithItsExplicitWeight) {
  const int64_t id = NewSurvey({{"unit_code", "DPU"},
                                {"period", "2021"},
                                {"extra_elements", {"Kebersihan ruang tunggu"}},
                                {"weights", {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}}});
  Respond(id, {4, 4, 4, 4, 4, 4, 4, 4, 4, 2}, "2021-06-01");

  const json ikm = Ikm("survey=" + std::to_string(id), S().Officer("admin"));

  // 25 × (9 × 0.1 × 4 + 0.1 × 2) = 25 × 3.8 = 95.00 → A.
  ASSERT_EQ(ikm["elements"].size(), 10u);
  EXPECT_EQ(ikm["elements"][9]["code"], "U10");
  EXPECT_DOUBLE_EQ(ikm["ikm"].get<double>(), 95.00);
  EXPECT_EQ(ikm["mutu"], "A");
}

TEST_F(Satisfaction, TheChangeAgainstThePreviousPeriodSaysWhetherItExceedsTheNoise) {
  const int64_t id = NewSurvey({{"unit_code", "DPU"},
                                {"period", "2024 Juni-September"},
                                {"starts_on", "2024-06-01"},
                                {"ends_on", "2024-09-30"}});
  const std::vector<int> twos(9, 2), ones(9, 1), threes(9, 3), fours(9, 4);
  for (const char* day : {"2024-07-15", "2024-07-16", "2024-07-17"}) {
    Respond(id, twos, day);
    Respond(id, ones, day);
  }
  Respond(id, fours, "2024-08-10");
  Respond(id, threes, "2024-08-11");
  Respond(id, fours, "2024-08-12");
  Respond(id, threes, "2024-08-13");
  Respond(id, {2, 3, 4, 1, 2, 3, 4, 1, 2}, "2024-09-02");
  Respond(id, threes, "2024-09-03");

  // 2024-08-01..09-30 is 61 days; the previous 61 days are 06-01..07-31.
  const json ikm =
      Ikm("survey=" + std::to_string(id) + "&from=2024-08-01&to=2024-09-30", S().Officer("admin"));

  // Scores 100, 75, 100, 75, 61.11, 75: IKM 81.02, s/√6 = 6.39.
  EXPECT_DOUBLE_EQ(ikm["ikm"].get<double>(), 81.02);
  const json& change = ikm["change"];
  EXPECT_EQ(change["previous"]["from"], "2024-06-01");
  EXPECT_EQ(change["previous"]["to"], "2024-07-31");
  EXPECT_EQ(change["previous"]["respondents"], 6);
  // (2 + 1) / 2 = 1.5 per element → 37.50; scores 50 and 25 three times
  // each: s/√6 = 5.59, × t(0.975; 5) 2.5706 = 14.37.
  EXPECT_DOUBLE_EQ(change["previous"]["ikm"].get<double>(), 37.50);
  EXPECT_NEAR(change["previous"]["ci_half_width"].get<double>(), 14.37, 0.011);
  // 81.02 − 37.50 = 43.52 ± t(0.975; 9) 2.2622 × √(6.39² + 5.59²) = ± 19.21
  // (Welch: 9.83 degrees of freedom, rounded down): more than noise.
  EXPECT_NEAR(change["delta"].get<double>(), 43.52, 0.011);
  EXPECT_NEAR(change["ci"]["half_width"].get<double>(), 19.21, 0.011);
  EXPECT_TRUE(change["exceeds_noise"].get<bool>());

  // A calendar month is compared with the month before, whatever its
  // length (September's 30 days with August's 31); other windows with as
  // many days before. September's two answers (61.11 and 75) against
  // August's four (100, 75, 100, 75): −19.44 ± t(0.975; 3) 3.1824 × 10.02
  // = ± 31.87 (Welch: 3.12 degrees of freedom), within the noise.
  const json month =
      Ikm("survey=" + std::to_string(id) + "&from=2024-09-01&to=2024-09-30", S().Officer("admin"));
  EXPECT_EQ(month["change"]["previous"]["from"], "2024-08-01");
  EXPECT_EQ(month["change"]["previous"]["to"], "2024-08-31");
  EXPECT_EQ(month["change"]["previous"]["respondents"], 4);
  EXPECT_NEAR(month["change"]["delta"].get<double>(), -19.44, 0.011);
  EXPECT_NEAR(month["change"]["ci"]["half_width"].get<double>(), 31.87, 0.011);
  EXPECT_FALSE(month["change"]["exceeds_noise"].get<bool>());
  const json days =
      Ikm("survey=" + std::to_string(id) + "&from=2024-08-05&to=2024-08-14", S().Officer("admin"));
  EXPECT_EQ(days["change"]["previous"]["from"], "2024-07-26");
  EXPECT_EQ(days["change"]["previous"]["to"], "2024-08-04");
}

TEST_F(Satisfaction, AResponseNamesTheBadElementAndDate) {
  const int64_t id = NewSurvey({{"unit_code", "DPU"}, {"period", "2025-Q2"}});
  const std::string target = "/api/v1/surveys/" + std::to_string(id) + "/responses";

  auto out_of_range = Post(target, {{"answers", {{"U3", 5}}}, {"answered_on", "2025-05-01"}});
  auto wrong_count = Post(target, {{"answers", {4, 4, 4}}, {"answered_on", "2025-05-01"}});
  auto unknown = Post(target, {{"answers", {{"U12", 4}}}, {"answered_on", "2025-05-01"}});
  auto not_number = Post(target, {{"answers", {{"U1", "empat"}}}, {"answered_on", "2025-05-01"}});
  auto nothing = Post(target, {{"answers", json::object()}, {"answered_on", "2025-05-01"}});
  auto bad_date = Post(target, {{"answers", {{"U1", 4}}}, {"answered_on", "1 Mei 2025"}});
  auto outside = Post(target, {{"answers", {{"U1", 4}}}, {"answered_on", "2025-08-01"}});
  auto closed = Post(target, {{"answers", {{"U1", 4}}}});
  auto missing = Post("/api/v1/surveys/999999/responses", {{"answers", {{"U1", 4}}}});

  EXPECT_EQ(out_of_range.status, 422);
  EXPECT_TRUE(Names(out_of_range, "answers.U3")) << out_of_range.body;
  EXPECT_TRUE(Names(wrong_count, "answers")) << wrong_count.body;
  EXPECT_TRUE(Names(unknown, "answers.U12")) << unknown.body;
  EXPECT_TRUE(Names(not_number, "answers.U1")) << not_number.body;
  EXPECT_EQ(nothing.status, 422);
  EXPECT_TRUE(Names(nothing, "answers")) << nothing.body;
  EXPECT_TRUE(Names(bad_date, "answered_on")) << bad_date.body;
  EXPECT_EQ(outside.status, 422);
  EXPECT_TRUE(Names(outside, "answered_on")) << outside.body;
  EXPECT_EQ(closed.status, 409) << closed.body;  // the survey is not open today
  EXPECT_EQ(missing.status, 404);
}

TEST_F(Satisfaction, ThePublicSeesOpenSurveysOnlyAndResponsesStayAnonymous) {
  const int64_t open = NewSurvey({{"unit_code", "DPU"},
                                  {"period", "Sepanjang tahun"},
                                  {"starts_on", "2020-01-01"},
                                  {"ends_on", "2100-12-31"}});
  const int64_t closed = NewSurvey({{"unit_code", "DPU"}, {"period", "2019"}});

  auto list = S().Call("GET", "/api/v1/surveys");
  auto response = Post("/api/v1/surveys/" + std::to_string(open) + "/responses",
                       {{"answers", {4, 3, 4, 3, 4, 3, 4, 3, 4}},
                        {"saran", "Antrean lebih tertib"},
                        {"channel", "web"}});
  // An age as a number, as API clients send it, is taken as the form's text.
  auto aged = Post("/api/v1/surveys/" + std::to_string(open) + "/responses",
                   {{"answers", {4, 4, 4, 4, 4, 4, 4, 4, 4}}, {"usia", 35}});
  auto ageless = Post("/api/v1/surveys/" + std::to_string(open) + "/responses",
                      {{"answers", {4, 4, 4, 4, 4, 4, 4, 4, 4}}, {"usia", true}});

  ASSERT_EQ(list.status, 200);
  const json listed = Parse(list);
  std::vector<int64_t> ids;
  for (const auto& s : listed["items"]) ids.push_back(s["id"]);
  EXPECT_NE(std::find(ids.begin(), ids.end(), open), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), closed), ids.end());
  const json first = listed["items"][0];
  EXPECT_EQ(first["elements"].size(), 9u);
  EXPECT_EQ(first["elements"][0]["answers"][3], "Sangat sesuai");
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(Parse(response).size(), 2u);  // id and survey_id, nothing else
  EXPECT_EQ(aged.status, 201) << aged.body;
  EXPECT_EQ(ageless.status, 422) << ageless.body;
  EXPECT_TRUE(Names(ageless, "usia")) << ageless.body;
}

TEST_F(Satisfaction, OnlyLeadersAdminsAndTheUnitsOwnAgencyReadTheIkm) {
  NewSurvey({{"unit_code", "DISHUB"}, {"period", "2025-Q3"}});

  EXPECT_EQ(S().Call("GET", "/api/v1/ikm").status, 401);
  EXPECT_EQ(S().Call("GET", "/api/v1/ikm", S().Officer("verifikator")).status, 403);
  EXPECT_EQ(S().Call("GET", "/api/v1/ikm", S().Officer("auditor")).status, 403);
  EXPECT_EQ(S().Call("GET", "/api/v1/ikm?unit=DPU", S().Officer("petugas.dishub")).status, 403);
  EXPECT_EQ(S().Call("GET", "/api/v1/ikm?by=week", S().Officer("walikota")).status, 422);
  EXPECT_EQ(S().Call("GET", "/api/v1/ikm?from=2025-13-01", S().Officer("walikota")).status, 422);
  const json own = Ikm("", S().Officer("petugas.dpu"));
  EXPECT_EQ(own["unit"], "DPU");
  const json head = Ikm("by=unit", S().Officer("kadis.dpu"));
  for (const auto& g : head["groups"]) EXPECT_EQ(g["key"], "DPU");
}

// The demo's Dinas Perhubungan has a unit, BLU UPTD Trans Semarang; here
// that unit has one of its own.
TEST_F(Satisfaction, AnAgencyHeadReadsTheIkmOfItsUnitsAndNoOtherAgencys) {
  auto stop = Post("/api/v1/agencies",
                   {{"code", "HALTE-TRANS"},
                    {"name", "Satuan Halte Trans Semarang"},
                    {"kind", "uptd"},
                    {"parent_code", "BLU-TRANS"}},
                   Admin());
  ASSERT_EQ(stop.status, 201) << stop.body;
  const int64_t blu = NewSurvey({{"unit_code", "BLU-TRANS"}, {"period", "2022"}});
  const int64_t halte = NewSurvey({{"unit_code", "HALTE-TRANS"}, {"period", "2022"}});
  Respond(blu, {4, 4, 4, 4, 4, 4, 4, 4, 4}, "2022-05-02");
  Respond(blu, {3, 3, 3, 3, 3, 3, 3, 3, 3}, "2022-05-03");
  Respond(halte, {2, 2, 2, 2, 2, 2, 2, 2, 2}, "2022-06-01");
  const auto head = S().Officer("kadis.dishub");

  json unit = Ikm("unit=BLU-TRANS&from=2022-01-01&to=2022-12-31", head);
  EXPECT_EQ(unit["unit"], "BLU-TRANS");
  EXPECT_EQ(unit["respondents"], 2);
  EXPECT_EQ(unit["ikm"], 87.5);
  json deeper = Ikm("unit=HALTE-TRANS&from=2022-01-01&to=2022-12-31", head);
  EXPECT_EQ(deeper["respondents"], 1);
  EXPECT_EQ(Ikm("", head)["unit"], "DISHUB");  // its own unit by default
  const auto workbook = S().Call("GET", "/api/v1/ikm/report.xlsx?unit=BLU-TRANS", head);
  EXPECT_EQ(workbook.status, 200) << workbook.body;
  EXPECT_EQ(workbook.Header("Content-Disposition"), "attachment; filename=\"ikm-BLU-TRANS.xlsx\"");

  // Another agency's head, the unit's parent's officers, and a head asking
  // for another agency: refused, naming the unit.
  for (const auto& [who, target] : std::vector<std::pair<std::string, std::string>>{
           {"kadis.dpu", "/api/v1/ikm?unit=BLU-TRANS"},
           {"kadis.dpu", "/api/v1/ikm/report.pdf?unit=HALTE-TRANS"},
           {"petugas.dishub", "/api/v1/ikm?unit=BLU-TRANS"},
           {"kadis.dishub", "/api/v1/ikm?unit=DPU"}}) {
    const auto refused = S().Call("GET", target, S().Officer(who));
    EXPECT_EQ(refused.status, 403) << who << " " << target << ": " << refused.body;
    EXPECT_TRUE(Names(refused, "unit")) << refused.body;
  }
  // The refusal says which unit's IKM, by its name, in the reader's language.
  const auto refused = S().Call("GET", "/api/v1/ikm?unit=BLU-TRANS", S().Officer("kadis.dpu"));
  EXPECT_EQ(Parse(refused)["detail"],
            "Anda tidak berwenang melihat IKM unit BLU UPTD Trans Semarang (BLU-TRANS).")
      << refused.body;
  auto english = S().Officer("petugas.dishub");
  english["Accept-Language"] = "en";
  const auto refused_en = S().Call("GET", "/api/v1/ikm?unit=HALTE-TRANS", english);
  EXPECT_EQ(Parse(refused_en)["detail"],
            "You are not allowed to see the IKM of Satuan Halte Trans Semarang (HALTE-TRANS).")
      << refused_en.body;
}

// A Kepala Dinas Perhubungan reads the cases and ratings of Trans Semarang
// (BLU-TRANS, a unit under DISHUB) without acting on them or learning who
// reported; DISHUB's officers and another agency's head do not.
TEST_F(Satisfaction, AnAgencyHeadReadsTheCasesAndRatingsOfItsUnits) {
  const Receipt c = S().Submit(Complaint("busterlambat", kRina));
  const auto unit = S().Officer("petugas.trans");
  S().Must(c.code, S().Officer("verifikator"), {{"action", "verify"}});
  S().Must(c.code, S().Officer("verifikator"),
           {{"action", "dispose"},
            {"agency_code", "BLU-TRANS"},
            {"override_reason", "Keluhan bus Trans Semarang"}});
  S().Must(c.code, unit, {{"action", "note"}, {"text", "Armada koridor 2 kurang."}});
  S().Must(c.code, unit, {{"action", "start"}});
  S().Must(c.code, unit, {{"action", "resolve"}, {"text", "Jadwal bus ditambah."}});
  ASSERT_EQ(Post("/api/v1/cases/" + c.code + "/rating", {{"stars", 2}},
                 LifecycleServer::Reporter(c.secret))
                .status,
            201);
  const auto head = S().Officer("kadis.dishub");

  // In its queue, and opened as an officer: notes and the rating, not the
  // reporter, and no action offered.
  const auto listed = S().Call("GET", "/api/v1/cases?q=busterlambat", head);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(Parse(listed)["items"].size(), 1u) << listed.body;
  EXPECT_EQ(Parse(listed)["items"][0]["tracking_code"], c.code);
  const auto opened = S().Call("GET", "/api/v1/cases/" + c.code, head);
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(Parse(opened)["rating"]["stars"], 2) << opened.body;
  EXPECT_EQ(kRina.FoundIn(opened.body), "");
  const json timeline = S().Timeline(c.code, head);
  EXPECT_TRUE(timeline["allowed_actions"].empty()) << timeline["allowed_actions"];
  const auto kinds = EventKinds(timeline);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "note"), kinds.end()) << timeline.dump();
  EXPECT_EQ(kRina.FoundIn(timeline.dump()), "");
  for (const json& action :
       {json{{"action", "close"}}, json{{"action", "note"}, {"text", "Mohon dipercepat."}}}) {
    const auto refused = S().Act(c.code, head, action);
    EXPECT_EQ(refused.status, 403) << action << ": " << refused.body;
  }

  // The unit's ratings, asked for by name; unasked, those of its agency and
  // of its units, each agency on its row, and no other agency's.
  const auto ratings = S().Call("GET", "/api/v1/ratings/summary?agency=BLU-TRANS", head);
  ASSERT_EQ(ratings.status, 200) << ratings.body;
  EXPECT_EQ(Parse(ratings)["agency"], "BLU-TRANS");
  EXPECT_GE(Parse(ratings)["count"].get<int>(), 1);
  const auto all = S().Call("GET", "/api/v1/ratings/summary", head);
  ASSERT_EQ(all.status, 200) << all.body;
  const json summary = Parse(all);
  EXPECT_TRUE(summary["agency"].is_null()) << all.body;
  int64_t rows = 0;
  bool unit_row = false;
  for (const auto& a : summary["agencies"]) {
    EXPECT_TRUE(a["agency_code"] == "DISHUB" || a["agency_code"] == "BLU-TRANS") << all.body;
    unit_row = unit_row || a["agency_code"] == "BLU-TRANS";
    rows += a["count"].get<int64_t>();
  }
  EXPECT_TRUE(unit_row) << all.body;
  EXPECT_EQ(summary["count"].get<int64_t>(), rows) << all.body;

  // DISHUB's officer and DPU's head: not in their queue, the public view
  // only (no rating), the unit's ratings refused naming the agency.
  for (const std::string who : {"petugas.dishub", "kadis.dpu"}) {
    const auto other = S().Officer(who);
    const auto list = S().Call("GET", "/api/v1/cases?q=busterlambat", other);
    ASSERT_EQ(list.status, 200) << who << ": " << list.body;
    EXPECT_TRUE(Parse(list)["items"].empty()) << who << ": " << list.body;
    EXPECT_FALSE(Parse(S().Call("GET", "/api/v1/cases/" + c.code, other)).contains("rating"))
        << who;
    const auto refused = S().Call("GET", "/api/v1/ratings/summary?agency=BLU-TRANS", other);
    EXPECT_EQ(refused.status, 403) << who << ": " << refused.body;
    EXPECT_TRUE(Names(refused, "agency")) << refused.body;
  }
}

TEST_F(Satisfaction, ReportsDownloadAsXlsxAndPdf) {
  const int64_t id = NewSurvey({{"unit_code", "DPU"}, {"period", "2023"}});
  Respond(id, {4, 4, 3, 3, 4, 4, 3, 3, 4}, "2023-03-01");
  // A respondent who left a number in their suggestion stays anonymous in
  // the workbook: the suggestion is there, the number is not.
  ASSERT_EQ(Post("/api/v1/surveys/" + std::to_string(id) + "/responses",
                 {{"answers", {3, 3, 3, 3, 3, 3, 3, 3, 3}},
                  {"answered_on", "2023-03-02"},
                  {"saran", "Loket lambat, hubungi saya 081298765432"}})
                .status,
            201);
  // Nor does the name of an officer they thanked.
  ASSERT_EQ(Post("/api/v1/surveys/" + std::to_string(id) + "/responses",
                 {{"answers", {4, 4, 4, 4, 4, 4, 4, 4, 4}},
                  {"answered_on", "2023-03-03"},
                  {"saran", "Terima kasih Bu Sari Wulandari, pelayanannya cepat"}})
                .status,
            201);

  auto xlsx = S().Call("GET", "/api/v1/ikm/report.xlsx?survey=" + std::to_string(id), Admin());
  auto pdf = S().Call("GET", "/api/v1/ikm/report.pdf?survey=" + std::to_string(id), Admin());
  auto denied = S().Call("GET", "/api/v1/ikm/report.pdf", S().Officer("verifikator"));

  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  const std::string sheets = WorkbookText(xlsx.body, id);
  EXPECT_NE(sheets.find("Loket lambat, hubungi saya [disamarkan]"), std::string::npos);
  EXPECT_EQ(sheets.find("081298765432"), std::string::npos);
  EXPECT_NE(sheets.find("Terima kasih Bu [disamarkan], pelayanannya cepat"), std::string::npos);
  EXPECT_EQ(sheets.find("Sari"), std::string::npos);
  EXPECT_EQ(sheets.find("Wulandari"), std::string::npos);
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf.Header("Content-Type"), "application/pdf");
  EXPECT_EQ(denied.status, 403);
  // The app's language travels in the download link: it wins over the
  // browser's Accept-Language.
  auto indonesian_browser = Admin();
  indonesian_browser.emplace("Accept-Language", "id-ID,id;q=0.9");
  const auto english = S().Call(
      "GET", "/api/v1/ikm/report.xlsx?lang=en&survey=" + std::to_string(id), indonesian_browser);
  ASSERT_EQ(english.status, 200);
  const std::string english_sheets = WorkbookText(english.body, id);
  EXPECT_NE(english_sheets.find("Community Satisfaction Index"), std::string::npos);
  EXPECT_EQ(english_sheets.find("Indeks Kepuasan Masyarakat"), std::string::npos);
  EXPECT_NE(sheets.find("Indeks Kepuasan Masyarakat"), std::string::npos);
  EXPECT_EQ(S().Call("GET", "/api/v1/ikm/report.pdf?lang=fr", Admin()).status, 422);
  // What the Pemda publishes: per unit, figures only, for anyone.
  const auto published = S().Call("GET", "/api/v1/ikm/public?from=2023-01-01&to=2023-12-31");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.body.find("081298765432"), std::string::npos);
  EXPECT_EQ(published.body.find("Loket lambat"), std::string::npos);
  const json units = json::parse(published.body)["units"];
  ASSERT_FALSE(units.empty()) << published.body;
  EXPECT_GT(units[0]["respondents"].get<int>(), 0);
  EXPECT_TRUE(units[0]["ikm"].is_number());
  EXPECT_EQ(S().Call("GET", "/api/v1/ikm/public?unit=DPU").status, 422);
}

TEST_F(Satisfaction, OnlyTheReporterRatesOnceAfterResolution) {
  const Receipt c = S().Submit(Complaint("rating", kRina));
  const std::string target = "/api/v1/cases/" + c.code + "/rating";
  const json rating{{"stars", 4}, {"comment", "Cepat ditangani"}};

  auto early = Post(target, rating, LifecycleServer::Reporter(c.secret));
  S().Must(c.code, S().Officer("verifikator"), {{"action", "verify"}});
  S().Must(c.code, S().Officer("verifikator"), {{"action", "dispose"}, {"agency_code", "DPU"}});
  S().Must(c.code, S().Officer("petugas.dpu"), {{"action", "start"}});
  S().Must(c.code, S().Officer("petugas.dpu"),
           {{"action", "resolve"}, {"text", "Saluran sudah dibersihkan."}});
  auto anonymous = Post(target, rating);
  auto wrong = Post(target, rating, LifecycleServer::Reporter("bukan-rahasia"));
  auto officer = Post(target, rating, S().Officer("petugas.dpu"));
  auto six = Post(target, {{"stars", 6}}, LifecycleServer::Reporter(c.secret));
  auto first = Post(target, rating, LifecycleServer::Reporter(c.secret));
  auto again = Post(target, {{"stars", 1}}, LifecycleServer::Reporter(c.secret));

  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(officer.status, 401);  // an officer is not the reporter
  EXPECT_EQ(six.status, 422);
  EXPECT_TRUE(Names(six, "stars"));
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(again.status, 409);

  // The agency sees it on the case; the public does not; counted apart.
  const json agency_view =
      Parse(S().Call("GET", "/api/v1/cases/" + c.code, S().Officer("petugas.dpu")));
  const json public_view = Parse(S().Call("GET", "/api/v1/cases/" + c.code));
  const json reporter_view =
      Parse(S().Call("GET", "/api/v1/cases/" + c.code, LifecycleServer::Reporter(c.secret)));
  EXPECT_EQ(agency_view["rating"]["stars"], 4);
  EXPECT_EQ(agency_view["rating"]["comment"], "Cepat ditangani");
  EXPECT_FALSE(public_view.contains("rating"));
  EXPECT_EQ(reporter_view["rating"]["stars"], 4);
  auto summary = S().Call("GET", "/api/v1/ratings/summary", S().Officer("kadis.dpu"));
  ASSERT_EQ(summary.status, 200);
  EXPECT_EQ(Parse(summary)["agency"], "DPU");
  EXPECT_GE(Parse(summary)["count"].get<int>(), 1);
  EXPECT_EQ(
      S().Call("GET", "/api/v1/ratings/summary?agency=DPU", S().Officer("petugas.dishub")).status,
      403);
  EXPECT_EQ(kRina.FoundIn(summary.body), "");
  // A period counts the ratings given in it only.
  auto long_ago = S().Call("GET", "/api/v1/ratings/summary?from=2000-01-01&to=2000-12-31",
                           S().Officer("kadis.dpu"));
  ASSERT_EQ(long_ago.status, 200) << long_ago.body;
  EXPECT_EQ(Parse(long_ago)["count"], 0);
  EXPECT_EQ(Parse(long_ago)["from"], "2000-01-01");
  auto bad = S().Call("GET", "/api/v1/ratings/summary?from=kemarin", S().Officer("kadis.dpu"));
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Names(bad, "from"));
}

// A citizen tester rated a resolution 2 stars, reopened the case, and once
// it was resolved again the page said "you gave 2 stars" and offered no
// rating: the one rating per case stood for an answer that had failed.
TEST_F(Satisfaction, ACaseReopenedAndResolvedAgainIsRatedAgainForItsNewAnswer) {
  const Receipt c = S().Submit(Complaint("ratingulang", kRina));
  const std::string target = "/api/v1/cases/" + c.code + "/rating";
  const auto reporter = LifecycleServer::Reporter(c.secret);
  const auto view = [&] { return Parse(S().Call("GET", "/api/v1/cases/" + c.code, reporter)); };
  S().Must(c.code, S().Officer("verifikator"), {{"action", "verify"}});
  S().Must(c.code, S().Officer("verifikator"), {{"action", "dispose"}, {"agency_code", "DPU"}});
  S().Must(c.code, S().Officer("petugas.dpu"), {{"action", "start"}});
  S().Must(c.code, S().Officer("petugas.dpu"), {{"action", "resolve"}, {"text", "Sudah."}});
  ASSERT_EQ(Post(target, {{"stars", 2}}, reporter).status, 201);
  S().Must(c.code, reporter, {{"action", "reopen"}, {"reason", "Masih tergenang."}});

  const json reopened = view();
  auto while_open = Post(target, {{"stars", 3}}, reporter);
  S().Must(c.code, S().Officer("petugas.dpu"), {{"action", "resolve"}, {"text", "Dikeruk ulang."}});
  const json resolved_again = view();
  auto second = Post(target, {{"stars", 5}, {"comment", "Kali ini tuntas"}}, reporter);
  auto again = Post(target, {{"stars", 1}}, reporter);
  const json rated_again = view();
  const json agency_view =
      Parse(S().Call("GET", "/api/v1/cases/" + c.code, S().Officer("petugas.dpu")));

  // Reopened: the first answer's rating is history, not the case's.
  EXPECT_TRUE(reopened["rating"].is_null()) << reopened.dump();
  ASSERT_TRUE(reopened.contains("earlier_ratings"));
  ASSERT_EQ(reopened["earlier_ratings"].size(), 1u) << reopened.dump();
  EXPECT_EQ(reopened["earlier_ratings"][0]["stars"], 2);
  EXPECT_EQ(reopened["earlier_ratings"][0]["resolution"], 1);
  EXPECT_EQ(while_open.status, 409);
  // Resolved again: not rated yet, and the reporter may rate it, once.
  EXPECT_TRUE(resolved_again["rating"].is_null()) << resolved_again.dump();
  EXPECT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(Parse(second)["resolution"], 2);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(rated_again["rating"]["stars"], 5) << rated_again.dump();
  EXPECT_EQ(rated_again["rating"]["resolution"], 2);
  ASSERT_TRUE(rated_again.contains("earlier_ratings"));
  ASSERT_EQ(rated_again["earlier_ratings"].size(), 1u);
  EXPECT_EQ(rated_again["earlier_ratings"][0]["stars"], 2);
  EXPECT_EQ(agency_view["rating"]["stars"], 5);
}

// The rating's comment is the reporter's words: an anonymous reporter who
// signs it ("Saya Rina ..., HP ...") was named to the agency, the leader
// and the auditor, while the same words in the description were masked.
TEST_F(Satisfaction, AnAnonymousReportersCommentIsMaskedAsTheirDescriptionIs) {
  const Receipt c = S().Submit(Complaint("ratinganonim", kRina, /*anonymous=*/true));
  S().Must(c.code, S().Officer("verifikator"), {{"action", "verify"}});
  S().Must(c.code, S().Officer("verifikator"), {{"action", "dispose"}, {"agency_code", "DPU"}});
  S().Must(c.code, S().Officer("petugas.dpu"), {{"action", "start"}});
  S().Must(c.code, S().Officer("petugas.dpu"), {{"action", "resolve"}, {"text", "Beres."}});
  const std::string comment = "Saya " + kRina.name + ", HP " + kRina.phone + ", kecewa.";
  ASSERT_EQ(Post("/api/v1/cases/" + c.code + "/rating", {{"stars", 2}, {"comment", comment}},
                 LifecycleServer::Reporter(c.secret))
                .status,
            201);

  for (const char* officer : {"petugas.dpu", "walikota", "auditor"}) {
    const auto view = S().Call("GET", "/api/v1/cases/" + c.code, S().Officer(officer));
    ASSERT_EQ(view.status, 200) << officer;
    EXPECT_EQ(kRina.FoundIn(view.body), "") << officer;
    EXPECT_EQ(Parse(view)["rating"]["stars"], 2) << officer;
    EXPECT_NE(Parse(view)["rating"]["comment"].get<std::string>().find("kecewa"), std::string::npos)
        << officer;
  }
  // The reporter reads their own words, the verifier who may know them too.
  const json own =
      Parse(S().Call("GET", "/api/v1/cases/" + c.code, LifecycleServer::Reporter(c.secret)));
  EXPECT_EQ(own["rating"]["comment"], comment);
  EXPECT_EQ(Parse(S().Call("GET", "/api/v1/cases/" + c.code,
                           S().Officer("verifikator")))["rating"]["comment"],
            comment);
}

TEST_F(Satisfaction, AResponseLinksACaseOnlyWithItsReporterSecretAndOnce) {
  const int64_t id = NewSurvey({{"unit_code", "DPU"},
                                {"period", "Tautan kasus"},
                                {"starts_on", "2020-01-01"},
                                {"ends_on", "2100-12-31"}});
  const Receipt c = S().Submit(Complaint("survei", kRina));
  const std::string target = "/api/v1/surveys/" + std::to_string(id) + "/responses";
  const json answers = {4, 4, 4, 4, 4, 4, 4, 4, 4};

  auto no_secret = Post(target, {{"answers", answers}, {"case_code", c.code}});
  auto wrong =
      Post(target, {{"answers", answers}, {"case_code", c.code}, {"reporter_secret", "salah"}});
  // SKM responses are anonymous: a suggestion the reporter signed keeps no
  // word of their name once linked to their case.
  auto linked = Post(target, {{"answers", answers},
                              {"case_code", c.code},
                              {"reporter_secret", c.secret},
                              {"saran", "Terima kasih, hormat saya " + kRina.name + "."}});
  auto twice =
      Post(target, {{"answers", answers}, {"case_code", c.code}, {"reporter_secret", c.secret}});
  // A DPU case does not rate Dinas Perhubungan.
  const int64_t dishub = NewSurvey({{"unit_code", "DISHUB"},
                                    {"period", "Tautan kasus unit lain"},
                                    {"starts_on", "2020-01-01"},
                                    {"ends_on", "2100-12-31"}});
  auto other_unit =
      Post("/api/v1/surveys/" + std::to_string(dishub) + "/responses",
           {{"answers", answers}, {"case_code", c.code}, {"reporter_secret", c.secret}});

  EXPECT_EQ(other_unit.status, 422) << other_unit.body;
  EXPECT_TRUE(Names(other_unit, "case_code")) << other_unit.body;
  EXPECT_EQ(no_secret.status, 422);
  EXPECT_TRUE(Names(no_secret, "reporter_secret"));
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(linked.status, 201) << linked.body;
  EXPECT_EQ(twice.status, 409) << twice.body;
  const auto xlsx =
      S().Call("GET", "/api/v1/ikm/report.xlsx?survey=" + std::to_string(id), Admin());
  ASSERT_EQ(xlsx.status, 200);
  const std::string sheets = WorkbookText(xlsx.body, id);
  EXPECT_NE(sheets.find("Terima kasih, hormat saya"), std::string::npos);
  EXPECT_EQ(sheets.find("Survei Lestari"), std::string::npos);
}

TEST_F(Satisfaction, ImportNamesLineAndColumnAndWritesNothingFromAFileWithErrors) {
  const auto dir = S().process().dir();
  const std::string bad = (dir / "skm-bad.csv").string();
  {
    std::ofstream out(bad);
    out << "tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9;jenis_kelamin\n"
           "2022-02-01;4;4;4;4;4;4;4;4;4;L\n"
           "2022-02-02;3;5;3;3;3;3;3;3;3;P\n"
           "2021-12-31;3;3;3;3;3;3;3;3;3;P\n"
           "2022-03-03;2;2;2;2;2;2;2;2;2;P\n";
  }
  const std::string db = S().process().db_path().string();
  auto count = [&] {
    return S().Sql(
        "SELECT COUNT(*) FROM survey_responses r JOIN surveys s ON s.id = r.survey_id "
        "WHERE s.period = '2022-Q1' AND s.unit_code = 'DPU'");
  };

  const RunResult refused =
      RunSigap({"import", "survey", bad, "--unit", "DPU", "--period", "2022-Q1", "--db", db});
  const RunResult dry = RunSigap({"import", "survey", bad, "--unit", "DPU", "--period", "2022-Q1",
                                  "--db", db, "--skip-invalid", "--dry-run"});
  const auto before = count();
  const RunResult skipped = RunSigap({"import", "survey", bad, "--unit", "DPU", "--period",
                                      "2022-Q1", "--db", db, "--skip-invalid"});
  const RunResult unknown =
      RunSigap({"import", "survey", bad, "--unit", "NOPE", "--period", "2022-Q1", "--db", db});

  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find(bad + ":3:3: U2"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(bad + ":4:1: tanggal"), std::string::npos) << refused.err;
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0][0], "0");
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(skipped.out.find("Imported 2 responses"), std::string::npos) << skipped.out;
  EXPECT_EQ(count()[0][0], "2");
  EXPECT_EQ(unknown.exit_code, 2);

  // The same file again, even saved with Windows line ends, would count
  // every respondent twice: refused, naming the earlier import.
  {
    std::ifstream in(bad);
    std::ofstream out(bad + ".crlf.csv");
    for (std::string line; std::getline(in, line);) out << line << "\r\n";
  }
  const RunResult again = RunSigap({"import", "survey", bad + ".crlf.csv", "--unit", "DPU",
                                    "--period", "2022-Q1", "--db", db, "--skip-invalid"});
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_NE(again.err.find("sudah diimpor ke survei"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("skm-bad.csv"), std::string::npos) << again.err;
  EXPECT_EQ(count()[0][0], "2");

  // The running server catches up with rows written by another process:
  // (4 + 2) / 2 = 3 per element → 75.00 C.
  const json ikm = Ikm("unit=DPU&from=2022-01-01&to=2022-03-31", S().Officer("walikota"));
  EXPECT_EQ(ikm["respondents"], 2);
  EXPECT_DOUBLE_EQ(ikm["ikm"].get<double>(), 75.00);
  EXPECT_EQ(ikm["mutu"], "C");
}

// A form's export taken again later holds the earlier rows and the new
// ones: the earlier are known and passed over, the new imported; two
// respondents who answered alike on one day stay two.
TEST_F(Satisfaction, AnExportTakenAgainLaterAddsOnlyItsNewRows) {
  const auto dir = S().process().dir();
  const std::string db = S().process().db_path().string();
  const std::string head = "tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9\n";
  const std::string week1 =
      "2022-05-02;4;4;4;4;4;4;4;4;4\n"
      "2022-05-02;4;4;4;4;4;4;4;4;4\n"
      "2022-05-03;3;3;3;3;3;3;3;3;3\n";
  const std::string week2 =
      "2022-05-09;4;4;4;4;4;4;4;4;4\n"
      "2022-05-02;4;4;4;4;4;4;4;4;4\n";  // a third alike on the 2nd, sent late
  const auto write = [&](const std::string& name, const std::string& text) {
    const std::string path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  };
  const std::string first = write("skm-export-1.csv", head + week1);
  const std::string second = write("skm-export-2.csv", head + week1 + week2);
  auto count = [&] {
    return S().Sql(
        "SELECT COUNT(*) FROM survey_responses r JOIN surveys s ON s.id = r.survey_id "
        "WHERE s.period = '2022-Q2' AND s.unit_code = 'DINSOS'")[0][0];
  };

  const RunResult one =
      RunSigap({"import", "survey", first, "--unit", "DINSOS", "--period", "2022-Q2", "--db", db});
  const RunResult two =
      RunSigap({"import", "survey", second, "--unit", "DINSOS", "--period", "2022-Q2", "--db", db});

  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("Imported 3 responses"), std::string::npos) << one.out;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_NE(two.out.find("Imported 2 responses"), std::string::npos) << two.out;
  EXPECT_NE(two.out.find("3 imported before"), std::string::npos) << two.out;
  EXPECT_EQ(count(), "5");
}

// Batches of paper questionnaires typed in without dates: respondents of
// the second who answered like some of the first cannot be told from those.
// The file is refused, nothing written, until the officer says which they
// are: other respondents (--new-batch, all counted) or the same ones taken
// again (--skip-imported, only the others added).
TEST_F(Satisfaction, AnUndatedBatchThatRepeatsAnswersIsCountedOnlyAsTheOfficerSays) {
  const auto dir = S().process().dir();
  const std::string db = S().process().db_path().string();
  const std::string head = "U1;U2;U3;U4;U5;U6;U7;U8;U9;jenis_kelamin\n";
  std::string july = head, august = head;
  for (int i = 0; i < 5; ++i) july += "3;3;3;4;3;3;3;3;3;Laki-laki\n";
  for (int i = 0; i < 3; ++i) august += "3;3;3;4;3;3;3;3;3;Laki-laki\n";
  august += "2;2;2;2;2;2;2;2;2;Perempuan\n";
  const std::string first = (dir / "skm-juli.csv").string();
  const std::string second = (dir / "skm-agustus.csv").string();
  std::ofstream(first) << july;
  std::ofstream(second) << august;
  auto count = [&] {
    return S().Sql(
        "SELECT COUNT(*) FROM survey_responses r JOIN surveys s ON s.id = r.survey_id "
        "WHERE s.period = '2022-Q3' AND s.unit_code = 'DINSOS'")[0][0];
  };
  const std::vector<std::string> import = {"import",   "survey",  second, "--unit", "DINSOS",
                                           "--period", "2022-Q3", "--db", db};

  ASSERT_EQ(
      RunSigap({"import", "survey", first, "--unit", "DINSOS", "--period", "2022-Q3", "--db", db})
          .exit_code,
      0);
  const RunResult refused = RunSigap(import);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("3 baris tanpa tanggal"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--new-batch"), std::string::npos) << refused.err;
  EXPECT_EQ(count(), "5");
  auto batch = import;
  batch.push_back("--new-batch");
  const RunResult counted = RunSigap(batch);
  ASSERT_EQ(counted.exit_code, 0) << counted.err;
  EXPECT_NE(counted.out.find("Imported 4 responses"), std::string::npos) << counted.out;
  EXPECT_EQ(count(), "9");
  // The same file again is refused whole, whichever flag.
  EXPECT_EQ(RunSigap(batch).exit_code, 1);
  EXPECT_EQ(count(), "9");
}

// Last: restarts the server. The tally rebuilt from the database at start
// equals the one kept current, and both equal a recomputation from the rows.
TEST_F(Satisfaction, ZzTheTallyAfterARestartEqualsARecomputationFromTheDatabase) {
  const json before = Ikm("by=month", Admin());
  ASSERT_GT(before["respondents"].get<int>(), 0);

  ASSERT_TRUE(S().process().Restart());
  const json after = Ikm("by=month", Admin());

  std::vector<int64_t> answered(9), totals(9);
  const auto rows = S().Sql("SELECT answers FROM survey_responses");
  for (const auto& row : rows) {
    for (size_t e = 0; e < 9; ++e) {
      const int a = row[0][e] - '0';
      answered[e] += a != 0;
      totals[e] += a;
    }
  }
  EXPECT_EQ(after["respondents"].get<size_t>(), rows.size());
  for (size_t e = 0; e < 9; ++e) {
    EXPECT_EQ(after["elements"][e]["answered"], answered[e]);
    EXPECT_EQ(after["elements"][e]["total"], totals[e]);
  }
  EXPECT_EQ(after["elements"], before["elements"]);
  EXPECT_EQ(after["ikm"], before["ikm"]);
  EXPECT_EQ(after["ci"], before["ci"]);
  EXPECT_EQ(after["groups"], before["groups"]);
}

}  // namespace
}  // namespace sigap::integration
