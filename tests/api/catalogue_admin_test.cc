// Issue 3: administrators manage the service catalogue over real HTTP —
// create a service with its first Standar Pelayanan, publish new versions
// (older ones stay), read the history, change or retire a service; what a
// new version's time limit does to the deadlines of cases; validation and
// permissions. One server with the demo (LifecycleServer).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/time.h"
#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

json Standard(int completion_days, const std::string& note = "") {
  json s{
      {"requirements", {"KTP-el pelapor", "Foto lokasi"}},
      {"procedure", {"Laporan diterima", "Verifikasi", "Penanganan di lapangan"}},
      {"completion_days", completion_days},
      {"cost", "Gratis"},
      {"product", "Saluran yang berfungsi kembali"},
      {"complaint_channel", "Sigap, SP4N-LAPOR!, loket pengaduan"},
      {"internal",
       {{"legal_basis", "Perda Kota Semarang 7/2014"},
        {"facilities", "Truk, pompa, alat berat"},
        {"staff_competence", "Teknisi drainase bersertifikat"},
        {"internal_supervision", "Kepala bidang"},
        {"staffing", "12 orang"},
        {"guarantee", "Maklumat pelayanan"},
        {"security_assurance", "Petugas beridentitas"},
        {"performance_evaluation", "Evaluasi triwulanan"}}},
      {"attributes",
       {{{"code", "TINGGI_GENANGAN"},
         {"datatype", "singlevaluelist"},
         {"required", false},
         {"order", 1},
         {"description", "Tinggi genangan"},
         {"values",
          {{{"key", "RENDAH"}, {"name", "< 10 cm"}}, {{"key", "TINGGI"}, {"name", "> 10 cm"}}}}}}}};
  if (!note.empty()) s["change_note"] = note;
  return s;
}

json NewService(const std::string& code, int completion_days) {
  return json{{"code", code},
              {"name", "Pengaduan Saluran Uji " + code},
              {"agency_code", "DPU"},
              {"group", "Infrastruktur"},
              {"description", "Layanan uji administrasi katalog."},
              {"keywords", {"saluran uji"}},
              {"kinds", {"complaint", "aspiration"}},
              {"standard", Standard(completion_days)}};
}

class CatalogueAdmin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LifecycleServer({});
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.message();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static LifecycleServer& S() { return *server_; }
  static http::Headers Admin() { return S().Officer("admin"); }
  static http::Headers Verifier() { return S().Officer("verifikator"); }
  static http::Headers Dpu() { return S().Officer("petugas.dpu"); }

  static json Parse(const test_support::HttpResponse& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json::object() : j;
  }
  static std::vector<std::string> Fields(const test_support::HttpResponse& r) {
    std::vector<std::string> out;
    for (const auto& e : Parse(r).value("errors", json::array())) {
      out.push_back(e.value("field", ""));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static bool Has(const std::vector<std::string>& fields, const std::string& field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
  }

  // A case of `service` disposed to DPU and started: its running deadline
  // is the resolution one.
  static std::string StartedCase(const std::string& service, const std::string& marker) {
    json complaint = Complaint(marker, {"Sri Uji", "081200000001", "sri@example.id", ""});
    complaint["service_code"] = service;
    const Receipt c = S().Submit(complaint);
    S().Must(c.code, Verifier(), {{"action", "verify"}});
    S().Must(c.code, Verifier(), {{"action", "dispose"}, {"agency_code", "DPU"}});
    S().Must(c.code, Dpu(), {{"action", "start"}});
    return c.code;
  }

  static Timestamp DueAt(const std::string& code) {
    const json timeline = S().Timeline(code, Verifier());
    EXPECT_EQ(timeline["deadline"].value("stage", ""), "resolution") << timeline.dump();
    const auto due = ParseRfc3339(timeline["deadline"].value("due_at", ""));
    EXPECT_TRUE(due.has_value()) << timeline.dump();
    return due.value_or(Timestamp{});
  }

  static inline LifecycleServer* server_ = nullptr;
};

TEST_F(CatalogueAdmin, CreatesAServiceWithItsFirstStandard) {
  auto r = S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-BUAT", 7).dump());

  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("Location"), "/api/v1/services/UJI-BUAT");
  const json created = Parse(r);
  EXPECT_EQ(created["standard"]["version"], 1);
  EXPECT_EQ(created["standard"]["completion_days"], 7);
  EXPECT_EQ(created["standard"]["attributes"][0]["code"], "TINGGI_GENANGAN");
  auto listed = S().Call("GET", "/api/v1/services?all=true", Admin());
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("UJI-BUAT"), std::string::npos);
  auto open311 = S().Call("GET", "/open311/v2/services/UJI-BUAT.json");
  EXPECT_EQ(open311.status, 200) << open311.body;
}

// A misspelt component of the standard would be published empty: it is
// named, and nothing is created.
TEST_F(CatalogueAdmin, AMisspeltComponentOfTheStandardIsNamed) {
  json body = NewService("UJI-EJAAN", 7);
  body["standard"]["costs"] = "Gratis";
  body["standard"]["internal"]["legal_basiss"] = "Perda 1/2020";

  auto r = S().Call("POST", "/api/v1/services", Admin(), body.dump());

  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("standard.costs"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("standard.internal.legal_basiss"), std::string::npos) << r.body;
  EXPECT_EQ(S().Call("GET", "/api/v1/services/UJI-EJAAN").status, 404);
  json standard = NewService("PU-DRAINASE", 7)["standard"];
  standard["internal"]["staffing_"] = "x";
  auto published =
      S().Call("PUT", "/api/v1/services/PU-DRAINASE/standard", Admin(), standard.dump());
  EXPECT_EQ(published.status, 422) << published.body;
  EXPECT_NE(published.body.find("internal.staffing_"), std::string::npos) << published.body;
}

TEST_F(CatalogueAdmin, ADuplicateCodeIsAConflict) {
  ASSERT_EQ(S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-GANDA", 5).dump()).status,
            201);

  auto again = S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-GANDA", 9).dump());
  auto demo = S().Call("POST", "/api/v1/services", Admin(), NewService("PU-DRAINASE", 9).dump());

  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.Header("Content-Type"), "application/problem+json");
  EXPECT_TRUE(Has(Fields(again), "code")) << again.body;
  EXPECT_EQ(demo.status, 409) << demo.body;
  auto service = S().Call("GET", "/api/v1/services/UJI-GANDA");
  EXPECT_EQ(Parse(service)["standard"]["completion_days"], 5);
}

TEST_F(CatalogueAdmin, PublishesVersionsAndKeepsTheHistory) {
  ASSERT_EQ(
      S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-VERSI", 10).dump()).status,
      201);

  auto v2 = S().Call("PUT", "/api/v1/services/UJI-VERSI/standard", Admin(),
                     Standard(5, "Perwal 12/2026: jangka waktu dipersingkat").dump());
  auto same = S().Call("PUT", "/api/v1/services/UJI-VERSI/standard", Admin(),
                       Standard(5, "Tanpa perubahan").dump());
  auto history = S().Call("GET", "/api/v1/services/UJI-VERSI/standards", Admin());

  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(Parse(v2)["version"], 2);
  EXPECT_EQ(Parse(v2)["changed_by"], "user:admin");
  EXPECT_EQ(same.status, 422) << same.body;
  EXPECT_TRUE(Has(Fields(same), "standard")) << same.body;
  ASSERT_EQ(history.status, 200) << history.body;
  const json items = Parse(history)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["version"], 2);
  EXPECT_EQ(items[0]["completion_days"], 5);
  EXPECT_EQ(items[0]["change_note"], "Perwal 12/2026: jangka waktu dipersingkat");
  EXPECT_EQ(items[1]["version"], 1);
  EXPECT_EQ(items[1]["completion_days"], 10);
  EXPECT_EQ(items[1]["changed_by"], "user:admin");
  auto old = S().Call("GET", "/api/v1/services/UJI-VERSI?version=1");
  EXPECT_EQ(Parse(old)["standard"]["completion_days"], 10);
}

// The versions of a Standar Pelayanan name who published each by the
// officer's full name (the demo's admin is Novi Anggraeni) beside
// changed_by; the demo's own versions ("demo") name nobody; the public's
// view of the service names no officer at all.
TEST_F(CatalogueAdmin, TheVersionsNameWhoPublishedThemByTheirFullNames) {
  ASSERT_EQ(S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-NAMA", 10).dump()).status,
            201);
  auto v2 = S().Call("PUT", "/api/v1/services/UJI-NAMA/standard", Admin(),
                     Standard(6, "Perwal 13/2026").dump());
  auto history = S().Call("GET", "/api/v1/services/UJI-NAMA/standards", Admin());
  auto demo = S().Call("GET", "/api/v1/services/PU-DRAINASE/standards", Admin());
  auto anyone = S().Call("GET", "/api/v1/services/UJI-NAMA?version=2");

  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(Parse(v2)["changed_by_name"], "Novi Anggraeni") << v2.body;
  ASSERT_EQ(history.status, 200) << history.body;
  const json items = Parse(history)["items"];
  ASSERT_EQ(items.size(), 2u);
  for (const auto& item : items) {
    EXPECT_EQ(item["changed_by"], "user:admin");
    EXPECT_EQ(item.value("changed_by_name", ""), "Novi Anggraeni") << history.body;
  }
  ASSERT_EQ(demo.status, 200) << demo.body;
  EXPECT_EQ(Parse(demo)["items"][0]["changed_by"], "demo");
  EXPECT_FALSE(Parse(demo)["items"][0].contains("changed_by_name")) << demo.body;
  ASSERT_EQ(anyone.status, 200) << anyone.body;
  EXPECT_EQ(anyone.body.find("Novi Anggraeni"), std::string::npos) << anyone.body;
  EXPECT_EQ(anyone.body.find("changed_by"), std::string::npos) << anyone.body;
}

TEST_F(CatalogueAdmin, ANewVersionsTimeLimitDrivesTheDeadlineOfLaterCasesOnly) {
  ASSERT_EQ(
      S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-TENGGAT", 20).dump()).status,
      201);
  const std::string before = StartedCase("UJI-TENGGAT", "sebelum");

  ASSERT_EQ(S().Call("PUT", "/api/v1/services/UJI-TENGGAT/standard", Admin(),
                     Standard(3, "Dipersingkat menjadi 3 hari kerja").dump())
                .status,
            201);
  const std::string after = StartedCase("UJI-TENGGAT", "sesudah");

  // 20 against 3 working days from (nearly) the same disposition: at least
  // 17 calendar days apart, whatever holidays lie in between.
  const Timestamp due_before = DueAt(before), due_after = DueAt(after);
  EXPECT_GE(due_before - due_after, std::chrono::days(17));
  EXPECT_LT(due_after, due_before);
}

// A version takes effect when published; a date still to come is refused
// rather than ignored, and a past one (GET's, sent back) is accepted.
TEST_F(CatalogueAdmin, AStandardForALaterDateIsRefusedNotIgnored) {
  ASSERT_EQ(S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-KELAK", 9).dump()).status,
            201);
  json later = Standard(4, "Perbup baru berlaku tahun depan");
  later["effective_from"] = "2099-01-01T00:00:00+07:00";
  json past = Standard(6, "Dikirim kembali seperti GET");
  past["effective_from"] = "2026-01-02T08:00:00+07:00";

  auto refused = S().Call("PUT", "/api/v1/services/UJI-KELAK/standard", Admin(), later.dump());
  auto accepted = S().Call("PUT", "/api/v1/services/UJI-KELAK/standard", Admin(), past.dump());

  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), std::vector<std::string>{"effective_from"});
  EXPECT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_EQ(Parse(S().Call("GET", "/api/v1/services/UJI-KELAK"))["standard"]["completion_days"], 6);
}

// Open311's service_notice of a request is what its citizen was promised
// when filing it, not what a later version of the standard says.
TEST_F(CatalogueAdmin, AnOpen311RequestKeepsTheNoticeOfItsOwnStandard) {
  ASSERT_EQ(
      S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-JANJI", 20).dump()).status,
      201);
  const std::string before = StartedCase("UJI-JANJI", "janji lama");
  ASSERT_EQ(S().Call("PUT", "/api/v1/services/UJI-JANJI/standard", Admin(),
                     Standard(5, "Dipersingkat menjadi 5 hari kerja").dump())
                .status,
            201);
  const std::string after = StartedCase("UJI-JANJI", "janji baru");

  auto old_request = S().Call("GET", "/open311/v2/requests/" + before + ".json");
  auto new_request = S().Call("GET", "/open311/v2/requests/" + after + ".json");

  ASSERT_EQ(old_request.status, 200) << old_request.body;
  ASSERT_EQ(new_request.status, 200) << new_request.body;
  EXPECT_EQ(Parse(old_request)[0].value("service_notice", ""),
            "Diselesaikan paling lama 20 hari kerja");
  EXPECT_EQ(Parse(new_request)[0].value("service_notice", ""),
            "Diselesaikan paling lama 5 hari kerja");
}

// A free-text answer is public as the case's own text is: contact details
// masked; the officers read it as written.
TEST_F(CatalogueAdmin, AFreeTextAnswerIsPublicWithContactDetailsMasked) {
  json service = NewService("UJI-KETERANGAN", 7);
  service["standard"]["attributes"].push_back({{"code", "KETERANGAN"},
                                               {"datatype", "text"},
                                               {"required", false},
                                               {"order", 2},
                                               {"description", "Keterangan"}});
  ASSERT_EQ(S().Call("POST", "/api/v1/services", Admin(), service.dump()).status, 201);
  json complaint = Complaint("keterangan", {"Sri Uji", "081200000002", "sri@example.id", ""});
  complaint["service_code"] = "UJI-KETERANGAN";
  complaint["attributes"] = {{"KETERANGAN", "Hubungi Pak RT 0812-9999-1111"}};
  const Receipt c = S().Submit(complaint);

  const json pub = Parse(S().Call("GET", "/api/v1/cases/" + c.code));
  const json officer = Parse(S().Call("GET", "/api/v1/cases/" + c.code, Verifier()));

  EXPECT_EQ(pub["attributes"]["KETERANGAN"], json::array({"Hubungi Pak RT [disamarkan]"}))
      << pub.dump();
  EXPECT_EQ(officer["attributes"]["KETERANGAN"], json::array({"Hubungi Pak RT 0812-9999-1111"}))
      << officer.dump();
}

// The public sees an answer only while the service's current standard asks
// it as a question about the problem: once a new version marks it personal
// (or drops it), the answers given before are hidden too, within seconds.
TEST_F(CatalogueAdmin, AQuestionMarkedPersonalHidesItsEarlierAnswersFromThePublic) {
  ASSERT_EQ(
      S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-PRIBADI", 7).dump()).status,
      201);
  json complaint = Complaint("jawaban", {"Sri Uji", "081200000001", "sri@example.id", ""});
  complaint["service_code"] = "UJI-PRIBADI";
  complaint["attributes"] = {{"TINGGI_GENANGAN", "TINGGI"}};
  const Receipt c = S().Submit(complaint);
  const auto answered = [&] {
    return Parse(S().Call("GET", "/api/v1/cases/" + c.code)).contains("attributes");
  };
  EXPECT_TRUE(answered());

  json personal = Standard(7, "Tinggi genangan di rumah pelapor: data pribadi");
  personal["attributes"][0]["personal"] = true;
  ASSERT_EQ(
      S().Call("PUT", "/api/v1/services/UJI-PRIBADI/standard", Admin(), personal.dump()).status,
      201);

  EXPECT_TRUE(LifecycleServer::WaitFor([&] { return !answered(); }, std::chrono::seconds(15)));
  const json officer = Parse(S().Call("GET", "/api/v1/cases/" + c.code, Verifier()));
  EXPECT_EQ(officer["attributes"]["TINGGI_GENANGAN"], json::array({"TINGGI"})) << officer.dump();
}

TEST_F(CatalogueAdmin, ValidationNamesEveryBadField) {
  json bad = NewService("uji salah", 61);
  bad["agency_code"] = "TIDAK-ADA";
  bad["kinds"] = json::array();
  bad["standard"]["cost"] = "";
  bad["standard"]["internal"].erase("legal_basis");
  bad["standard"]["attributes"][0]["values"] = json::array();

  auto r = S().Call("POST", "/api/v1/services", Admin(), bad.dump());
  auto types = S().Call("POST", "/api/v1/services", Admin(),
                        json{{"code", 7}, {"standard", {{"completion_days", "tujuh"}}}}.dump());
  auto no_note = S().Call("PUT", "/api/v1/services/PU-JALAN/standard", Admin(), Standard(9).dump());
  auto unknown = S().Call("PUT", "/api/v1/services/TIDAK-ADA/standard", Admin(),
                          Standard(9, "catatan").dump());

  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Header("Content-Type"), "application/problem+json");
  const auto fields = Fields(r);
  for (const char* f : {"code", "agency_code", "kinds", "standard.completion_days", "standard.cost",
                        "standard.internal.legal_basis", "standard.attributes[0].values"}) {
    EXPECT_TRUE(Has(fields, f)) << f << " in " << r.body;
  }
  EXPECT_EQ(types.status, 422) << types.body;
  EXPECT_TRUE(Has(Fields(types), "code")) << types.body;
  EXPECT_TRUE(Has(Fields(types), "standard.completion_days")) << types.body;
  EXPECT_EQ(no_note.status, 422) << no_note.body;
  EXPECT_EQ(Fields(no_note), std::vector<std::string>{"change_note"}) << no_note.body;
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

TEST_F(CatalogueAdmin, PatchRenamesMovesAndRetiresAService) {
  ASSERT_EQ(S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-UBAH", 4).dump()).status,
            201);

  auto renamed = S().Call(
      "PATCH", "/api/v1/services/UJI-UBAH", Admin(),
      json{{"name", "Saluran Uji (baru)"}, {"group", "Lingkungan"}, {"agency_code", "DLH"}}.dump());
  auto retired =
      S().Call("PATCH", "/api/v1/services/UJI-UBAH", Admin(), json{{"active", false}}.dump());
  auto bad = S().Call("PATCH", "/api/v1/services/UJI-UBAH", Admin(),
                      json{{"agency_code", "TIDAK-ADA"}, {"active", "ya"}, {"warna", 1}}.dump());

  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Parse(renamed)["name"], "Saluran Uji (baru)");
  EXPECT_EQ(Parse(renamed)["agency_code"], "DLH");
  EXPECT_EQ(Parse(renamed)["standard"]["version"], 1);
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(Parse(retired)["active"], false);
  auto public_list = S().Call("GET", "/api/v1/services");
  EXPECT_EQ(public_list.body.find("UJI-UBAH"), std::string::npos);
  auto admin_list = S().Call("GET", "/api/v1/services?all=true", Admin());
  EXPECT_NE(admin_list.body.find("UJI-UBAH"), std::string::npos);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(Has(Fields(bad), "active")) << bad.body;
  EXPECT_TRUE(Has(Fields(bad), "warna")) << bad.body;
}

// The server keeps the services it took submissions for; a change an
// administrator made a moment ago holds for the very next case all the
// same: a routing rule, a new version of the standard, a retirement.
TEST_F(CatalogueAdmin, TheNextSubmissionFollowsAChangeMadeAMomentAgo) {
  ASSERT_EQ(
      S().Call("POST", "/api/v1/services", Admin(), NewService("UJI-SEGERA", 5).dump()).status,
      201);
  json complaint = Complaint("segera", {"Sri Uji", "081200000001", "", ""});
  complaint["service_code"] = "UJI-SEGERA";
  const Receipt before = S().Submit(complaint);

  auto rule = S().Call(
      "POST", "/api/v1/routing/rules", Admin(),
      json{{"service_code", "UJI-SEGERA"}, {"region_code", "*"}, {"agency_code", "DLH"}}.dump());
  ASSERT_EQ(rule.status, 201) << rule.body;
  const Receipt routed = S().Submit(complaint);
  ASSERT_EQ(S().Call("PUT", "/api/v1/services/UJI-SEGERA/standard", Admin(),
                     Standard(3, "Dipersingkat menjadi 3 hari kerja").dump())
                .status,
            201);
  const Receipt second_version = S().Submit(complaint);
  ASSERT_EQ(
      S().Call("PATCH", "/api/v1/services/UJI-SEGERA", Admin(), json{{"active", false}}.dump())
          .status,
      200);
  auto retired = S().Call("POST", "/api/v1/cases", {}, complaint.dump());

  const auto view = [](const Receipt& r) {
    return Parse(S().Call("GET", "/api/v1/cases/" + r.code, Verifier()));
  };
  EXPECT_TRUE(view(before)["routing"]["proposed_disposition"].is_null()) << view(before).dump();
  EXPECT_EQ(view(routed)["routing"]["proposed_disposition"].value("agency_code", ""), "DLH")
      << view(routed).dump();
  EXPECT_EQ(view(routed)["service"]["version"], 1);
  EXPECT_EQ(view(second_version)["service"]["version"], 2);
  EXPECT_EQ(retired.status, 422) << retired.body;
  EXPECT_TRUE(Has(Fields(retired), "service_code")) << retired.body;
}

TEST_F(CatalogueAdmin, OnlyAdministratorsManageTheCatalogue) {
  const std::string body = NewService("UJI-HAK", 5).dump();
  struct Call {
    const char* method;
    const char* target;
  };
  for (const Call& call :
       {Call{"POST", "/api/v1/services"}, Call{"PUT", "/api/v1/services/PU-JALAN/standard"},
        Call{"PATCH", "/api/v1/services/PU-JALAN"},
        Call{"GET", "/api/v1/services/PU-JALAN/standards"},
        Call{"GET", "/api/v1/services?all=true"}}) {
    SCOPED_TRACE(std::string(call.method) + " " + call.target);
    const std::string_view payload =
        std::string_view(call.method) == "GET" ? std::string_view() : std::string_view(body);
    auto anonymous = S().Call(call.method, call.target, {}, payload);
    auto verifier = S().Call(call.method, call.target, Verifier(), payload);
    auto officer = S().Call(call.method, call.target, Dpu(), payload);

    EXPECT_EQ(anonymous.status, 401) << anonymous.body;
    EXPECT_EQ(verifier.status, 403) << verifier.body;
    EXPECT_EQ(officer.status, 403) << officer.body;
  }
  EXPECT_EQ(S().Call("GET", "/api/v1/services/UJI-HAK").status, 404);
}

// A Pemda other than the demo registers its own agencies (OPD) before the
// services and officers that name them.
TEST_F(CatalogueAdmin, AnAdministratorRegistersAnAgencyThatServicesThenName) {
  const json agency{{"code", "DPMPTSP"},
                    {"name", "Dinas Penanaman Modal dan PTSP"},
                    {"kind", "dinas"},
                    {"region_code", "33.74.01"}};

  auto created = S().Call("POST", "/api/v1/agencies", Admin(), agency.dump());
  auto again = S().Call("POST", "/api/v1/agencies", Admin(), agency.dump());
  auto listed = S().Call("GET", "/api/v1/agencies");
  json service = NewService("UJI-PTSP", 5);
  service["agency_code"] = "DPMPTSP";
  auto named = S().Call("POST", "/api/v1/services", Admin(), service.dump());

  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("Location"), "/api/v1/agencies/DPMPTSP");
  const auto located = S().Call("GET", "/api/v1/agencies/DPMPTSP");
  EXPECT_EQ(located.status, 200) << located.body;
  EXPECT_EQ(Parse(located).value("name", ""), "Dinas Penanaman Modal dan PTSP");
  EXPECT_EQ(S().Call("GET", "/api/v1/agencies/TIDAK-ADA").status, 404);
  json expected = agency;
  expected["parent_code"] = "";
  EXPECT_EQ(Parse(created), expected) << created.body;
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(Fields(again), std::vector<std::string>{"code"});
  bool found = false;
  const json items = Parse(listed)["items"];
  for (const auto& a : items) {
    found = found || (a["code"] == "DPMPTSP" && a["name"] == "Dinas Penanaman Modal dan PTSP");
  }
  EXPECT_TRUE(found) << listed.body;
  EXPECT_EQ(named.status, 201) << named.body;
}

TEST_F(CatalogueAdmin, AnAgencyIsRefusedNamingEachBadField) {
  auto bad = S().Call("POST", "/api/v1/agencies", Admin(),
                      json{{"code", "a b"},
                           {"name", "X"},
                           {"kind", "kementerian"},
                           {"region_code", "33.01"},
                           {"parent_code", "TIDAK-ADA"}}
                          .dump());
  auto empty = S().Call("POST", "/api/v1/agencies", Admin(), "{}");
  auto extra = S().Call(
      "POST", "/api/v1/agencies", Admin(),
      json{{"code", "DINAS-WARNA"}, {"name", "Dinas Warna"}, {"kind", "dinas"}, {"warna", "merah"}}
          .dump());

  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad),
            (std::vector<std::string>{"code", "kind", "name", "parent_code", "region_code"}))
      << bad.body;
  ASSERT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(Fields(empty), (std::vector<std::string>{"code", "kind", "name"})) << empty.body;
  ASSERT_EQ(extra.status, 422) << extra.body;
  EXPECT_EQ(Fields(extra), std::vector<std::string>{"warna"}) << extra.body;
  EXPECT_EQ(S().Call("PATCH", "/api/v1/agencies/DINAS-WARNA", Admin(), "{}").status, 404);
}

TEST_F(CatalogueAdmin, AnAgencyIsRenamedAndPlacedButItsCodeStays) {
  ASSERT_EQ(
      S().Call("POST", "/api/v1/agencies", Admin(),
               json{{"code", "UPTD-PARKIR"}, {"name", "UPTD Perparkiran"}, {"kind", "uptd"}}.dump())
          .status,
      201);

  auto renamed = S().Call("PATCH", "/api/v1/agencies/UPTD-PARKIR", Admin(),
                          json{{"name", "UPTD Parkir Kota"}, {"parent_code", "DISHUB"}}.dump());
  auto recode =
      S().Call("PATCH", "/api/v1/agencies/UPTD-PARKIR", Admin(), json{{"code", "PARKIR"}}.dump());
  auto loop = S().Call("PATCH", "/api/v1/agencies/DISHUB", Admin(),
                       json{{"parent_code", "UPTD-PARKIR"}}.dump());
  auto unknown = S().Call("PATCH", "/api/v1/agencies/TIDAK-ADA", Admin(),
                          json{{"name", "Dinas Entah"}}.dump());

  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Parse(renamed)["name"], "UPTD Parkir Kota");
  EXPECT_EQ(Parse(renamed)["parent_code"], "DISHUB");
  EXPECT_EQ(recode.status, 422) << recode.body;
  EXPECT_EQ(Fields(recode), std::vector<std::string>{"code"});
  EXPECT_EQ(loop.status, 422) << loop.body;
  EXPECT_EQ(Fields(loop), std::vector<std::string>{"parent_code"});
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

// Regression (exploratory test 11): an agency's own call centre in its
// public response read "[disamarkan]". A number the Pemda publishes in a
// Standar Pelayanan's complaint channel is its own, not anyone's personal
// data, and stays as written; a reporter's phone or a NIK the officer
// quotes beside it is still masked for the public.
TEST_F(CatalogueAdmin, APublishedNumberStaysInAPublicAnswerACitizensIsMasked) {
  json service = NewService("UJI-HOTLINE", 7);
  service["standard"]["complaint_channel"] = "Sigap, SP4N-LAPOR!, call center (024) 3515871";
  ASSERT_EQ(S().Call("POST", "/api/v1/services", Admin(), service.dump()).status, 201);
  const std::string code = StartedCase("UJI-HOTLINE", "hotline");

  S().Must(code, Dpu(),
           {{"action", "resolve"},
            {"text",
             "Lampu sudah diganti. Hubungi 024-3515871 bila mati lagi. Pelapor (HP 081200000001, "
             "NIK 3374012505880007) sudah kami kabari."}});

  // The published numbers are read again a few seconds after a change of
  // the catalogue (CaseReader::PublishedNumbers).
  LifecycleServer::WaitFor([&] {
    return S().Call("GET", "/api/v1/cases/" + code).body.find("024-3515871") != std::string::npos;
  });
  const auto view = S().Call("GET", "/api/v1/cases/" + code);
  const json timeline = S().Timeline(code);
  const auto updates = S().Call("GET", "/open311/v2/servicerequestupdates.json");
  ASSERT_EQ(view.status, 200) << view.body;
  ASSERT_EQ(updates.status, 200) << updates.body;
  for (const std::string& body : {view.body, timeline.dump(), updates.body}) {
    EXPECT_NE(body.find("Hubungi 024-3515871 bila mati lagi"), std::string::npos) << body;
    EXPECT_EQ(body.find("081200000001"), std::string::npos) << body;
    EXPECT_EQ(body.find("3374012505880007"), std::string::npos) << body;
    EXPECT_NE(body.find("Pelapor (HP [disamarkan], NIK [disamarkan])"), std::string::npos) << body;
  }
}

// A verifier's reason for reopening is public (domain::ReasonIsPublic), and
// is an officer's words like an answer: the public's readings (the case
// view, its timeline, webhooks) keep the Pemda's own number in it and mask
// a reporter's number quoted beside it, which the reporter still reads.
TEST_F(CatalogueAdmin, AReopeningReasonIsMaskedForThePublicButKeepsAPublishedNumber) {
  json service = NewService("UJI-BUKA", 7);
  service["standard"]["complaint_channel"] = "call center (024) 3515872";
  ASSERT_EQ(S().Call("POST", "/api/v1/services", Admin(), service.dump()).status, 201);
  const std::string code = StartedCase("UJI-BUKA", "dibuka");
  S().Must(code, Dpu(), {{"action", "resolve"}, {"text", "Sudah diperbaiki."}});
  S().Must(code, Verifier(),
           {{"action", "reopen"},
            {"reason", "Pelapor (HP 081200000001) menyatakan belum beres; info 024-3515872."}});

  LifecycleServer::WaitFor([&] {
    return S().Call("GET", "/api/v1/cases/" + code).body.find("024-3515872") != std::string::npos;
  });
  const std::string public_view = S().Call("GET", "/api/v1/cases/" + code).body;
  EXPECT_NE(public_view.find("Pelapor (HP [disamarkan]) menyatakan belum beres; info 024-3515872."),
            std::string::npos)
      << public_view;
  EXPECT_EQ(public_view.find("081200000001"), std::string::npos) << public_view;
  // The officers read the reason as the verifier wrote it.
  const std::string officer_view = S().Call("GET", "/api/v1/cases/" + code, Verifier()).body;
  EXPECT_NE(officer_view.find("Pelapor (HP 081200000001)"), std::string::npos) << officer_view;
}

}  // namespace
}  // namespace sigap::integration
