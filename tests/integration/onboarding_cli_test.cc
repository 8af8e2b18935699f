// A Pemda other than the demo, onboarded through the real executable as
// the README's "A new Pemda" says: `admin create-pemda` (which will not
// rename a Pemda already registered), `import regions` from a Kemendagri
// list, `admin create-agency`, an officer of that agency, and a server that
// then shows them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "integration/server_process.h"
#include "support/http_client.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

class OnboardingCli : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Prepare()); }

  RunResult Sigap(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.push_back("--db");
    args.push_back(server_.db_path().string());
    return RunSigap(args, stdin_text);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const auto path = server_.dir() / name;
    std::ofstream(path) << text;
    return path.string();
  }
  json Get(const std::string& target) {
    auto r = test_support::Fetch(server_.port(), "GET", target, {}, "");
    EXPECT_TRUE(r.has_value());
    if (!r) return json::object();
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body, nullptr, false);
  }

  // Part of the national list: other Pemda's rows are passed over.
  static constexpr const char* kRegions =
      "kode,nama,level\n"
      "33,Jawa Tengah,1\n"
      "33.71,Kota Magelang,2\n"
      "33.71.01,Magelang Selatan,3\n"
      "33.72,Kota Surakarta,2\n"
      "33.72.01,Laweyan,3\n"
      "33.72.01.1001,Pajang,4\n"
      "33.72.01.1002,Laweyan,4\n"
      "33.72.02,Serengan,3\n"
      "33.72.02.1001,Joyotakan,4\n"
      "33.73,Kota Salatiga,2\n";

  ServerProcess server_{ServerProcessOptions{}};
};

TEST_F(OnboardingCli, ANewPemdaGetsItsRegionsAgenciesAndOfficers) {
  const RunResult pemda =
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"});
  const RunResult regions = Sigap({"import", "regions", Write("wilayah.csv", kRegions)});
  const RunResult agency = Sigap({"admin", "create-agency", "--code", "DPUPR", "--name",
                                  "Dinas Pekerjaan Umum dan Penataan Ruang", "--kind", "dinas"});
  const RunResult office =
      Sigap({"admin", "create-agency", "--code", "KEC-LAWEYAN", "--name", "Kecamatan Laweyan",
             "--kind", "kecamatan", "--region", "33.72.01"});
  const RunResult officer = Sigap({"admin", "create-user", "--role", "agency_officer", "--agency",
                                   "DPUPR", "--username", "petugas.dpupr"},
                                  "kata-sandi-panjang-1\n");

  ASSERT_EQ(pemda.exit_code, 0) << pemda.err;
  ASSERT_EQ(regions.exit_code, 0) << regions.err;
  EXPECT_EQ(regions.out, "Imported 6 regions of Kota Surakarta (2 kecamatan, 3 desa/kelurahan)\n");
  ASSERT_EQ(agency.exit_code, 0) << agency.err;
  ASSERT_EQ(office.exit_code, 0) << office.err;
  ASSERT_EQ(officer.exit_code, 0) << officer.err;

  ASSERT_TRUE(server_.Start());
  const json kecamatan = Get("/api/v1/regions?parent=33.72");
  const json kelurahan = Get("/api/v1/regions?parent=33.72.01");
  const json agencies = Get("/api/v1/agencies");
  auto session = test_support::Fetch(
      server_.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
      json{{"username", "petugas.dpupr"}, {"password", "kata-sandi-panjang-1"}}.dump());

  std::vector<std::string> names;
  for (const auto& r : kecamatan["items"]) names.push_back(r.value("name", ""));
  EXPECT_EQ(names, (std::vector<std::string>{"Laweyan", "Serengan"})) << kecamatan.dump();
  EXPECT_EQ(kelurahan["items"].size(), 2u) << kelurahan.dump();
  std::vector<std::string> codes;
  for (const auto& a : agencies["items"]) codes.push_back(a.value("code", ""));
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<std::string>{"DPUPR", "KEC-LAWEYAN"})) << agencies.dump();
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->status, 200) << session->body;
  EXPECT_EQ(json::parse(session->body, nullptr, false).value("agency_code", ""), "DPUPR");
}

// A password anyone would guess is refused, naming the password; nothing
// is created.
TEST_F(OnboardingCli, AnOfficersPasswordThatIsEasyToGuessIsRefused) {
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"}).exit_code, 0);
  for (const std::string& weak :
       {std::string(10, ' '), std::string("password12"), std::string("aaaaaaaaaaaa"),
        std::string("petugas.lemah-2026"), std::string("kata-sandi\x01panjang")}) {
    const RunResult created = Sigap(
        {"admin", "create-user", "--role", "admin", "--username", "petugas.lemah"}, weak + "\n");

    EXPECT_NE(created.exit_code, 0) << "[" << weak << "] " << created.out;
    EXPECT_NE(created.err.find("password"), std::string::npos) << created.err;
  }
  EXPECT_EQ(Sigap({"admin", "create-user", "--role", "admin", "--username", "petugas.lemah"},
                  "kata-sandi-panjang-1\n")
                .exit_code,
            0);
}

// In a database of several Pemda, the admin commands act on the one the
// nodes are configured to serve (SIGAP_PEMDA_CODE, as for `sigap serve`)
// unless --pemda names another; they had asked for --pemda whatever the
// environment said.
TEST_F(OnboardingCli, AdminCommandsActOnThePemdaTheConfigurationNames) {
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"}).exit_code, 0);
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.73", "--name", "Kota Salatiga"}).exit_code, 0);
  const RunResult unnamed = Sigap({"admin", "list-api-keys"});
  EXPECT_NE(unnamed.exit_code, 0);

  setenv("SIGAP_PEMDA_CODE", "33.73", 1);
  const RunResult created =
      Sigap({"admin", "create-user", "--role", "admin", "--username", "admin.salatiga"},
            "kata-sandi-panjang-1\n");
  const RunResult keys = Sigap({"admin", "list-api-keys"});
  const RunResult named = Sigap({"admin", "create-user", "--pemda", "33.72", "--role", "admin",
                                 "--username", "admin.surakarta"},
                                "kata-sandi-panjang-2\n");
  setenv("SIGAP_PEMDA_CODE", "33.99", 1);
  const RunResult wrong = Sigap({"admin", "list-api-keys"});
  unsetenv("SIGAP_PEMDA_CODE");

  EXPECT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("Kota Salatiga"), std::string::npos) << created.out;
  EXPECT_EQ(keys.exit_code, 0) << keys.err;
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_NE(named.out.find("Kota Surakarta"), std::string::npos) << named.out;
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("pemda.code"), std::string::npos) << wrong.err;
}

// Verifiers created without an e-mail make the escalations of cases
// awaiting verification reach no one: the server says so when it starts,
// and `admin set-email` gives an existing officer an address.
TEST_F(OnboardingCli, AServerWhoseVerifiersHaveNoEmailSaysSoUntilOneIsSet) {
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"}).exit_code, 0);
  ASSERT_EQ(Sigap({"admin", "create-user", "--role", "verifier", "--username", "verif.solo"},
                  "kata-sandi-panjang-1\n")
                .exit_code,
            0);
  ASSERT_TRUE(server_.Start());
  EXPECT_NE(server_.LogTail().find("no verifier account has an e-mail"), std::string::npos)
      << server_.LogTail();

  const RunResult unknown =
      Sigap({"admin", "set-email", "--username", "tidak.ada", "--email", "a@solo.go.id"});
  const RunResult invalid =
      Sigap({"admin", "set-email", "--username", "verif.solo", "--email", "bukan-alamat"});
  const RunResult set =
      Sigap({"admin", "set-email", "--username", "verif.solo", "--email", "verif@solo.go.id"});
  ASSERT_TRUE(server_.Restart());

  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("tidak.ada"), std::string::npos) << unknown.err;
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(server_.LogTail().find("no verifier account has an e-mail"), std::string::npos)
      << server_.LogTail();
}

// `admin create-user --full-name` gives the account the name other
// officers see (trimmed); a name that is not text is refused naming it.
TEST_F(OnboardingCli, AnOfficerCreatedWithAFullNameIsListedByIt) {
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"}).exit_code, 0);
  const RunResult garbled = Sigap({"admin", "create-user", "--role", "admin", "--username",
                                   "admin.solo", "--full-name", "Ratna \xff\xfe"},
                                  "kata-sandi-panjang-1\n");
  const RunResult named = Sigap({"admin", "create-user", "--role", "admin", "--username",
                                 "admin.solo", "--full-name", "  Ratna Dewi Lestari "},
                                "kata-sandi-panjang-1\n");
  ASSERT_TRUE(server_.Start());
  auto session = test_support::Fetch(
      server_.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
      R"({"username":"admin.solo","password":"kata-sandi-panjang-1"})");
  ASSERT_TRUE(session.has_value());
  ASSERT_EQ(session->status, 200) << session->body;
  const std::string cookie(session->Header("Set-Cookie").value_or(""));
  auto users = test_support::Fetch(server_.port(), "GET", "/api/v1/users",
                                   {{"Cookie", cookie.substr(0, cookie.find(';'))}}, "");
  ASSERT_TRUE(users.has_value());

  EXPECT_EQ(garbled.exit_code, 1);
  EXPECT_NE(garbled.err.find("full_name"), std::string::npos) << garbled.err;
  EXPECT_EQ(named.exit_code, 0) << named.err;
  ASSERT_EQ(users->status, 200) << users->body;
  const json listed = json::parse(users->body, nullptr, false);
  ASSERT_EQ(listed["items"].size(), 1u) << users->body;
  EXPECT_EQ(listed["items"][0]["full_name"], "Ratna Dewi Lestari");
}

TEST_F(OnboardingCli, ARegisteredPemdaIsNotRenamedByAMistypedCode) {
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"}).exit_code, 0);

  const RunResult again = Sigap({"admin", "create-pemda", "--code", "33.72", "--name",
                                 "Kabupaten Sukoharjo", "--time-zone", "Asia/Jayapura"});
  const RunResult unknown = Sigap(
      {"admin", "create-pemda", "--code", "33.11", "--name", "Kabupaten Sukoharjo", "--update"});
  const RunResult updated = Sigap({"admin", "create-pemda", "--code", "33.72", "--name",
                                   "Pemerintah Kota Surakarta", "--update"});

  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already registered as Kota Surakarta"), std::string::npos) << again.err;
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no Pemda 33.11"), std::string::npos) << unknown.err;
  EXPECT_EQ(updated.exit_code, 0) << updated.err;
  const RunResult after = Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "X"});
  EXPECT_NE(after.err.find("already registered as Pemerintah Kota Surakarta (Asia/Jakarta)"),
            std::string::npos)
      << after.err;
}

TEST_F(OnboardingCli, BadRowsAndBadAgenciesAreNamedAndNothingIsWritten) {
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"}).exit_code, 0);
  const std::string bad = Write("buruk.csv",
                                "kode,nama,level\n"
                                "33.72,Kota Surakarta,2\n"
                                "33.72.01,Laweyan,4\n"
                                "33.72.02,,3\n"
                                "33.72.03,Pasar\xff\xfeKliwon,3\n");

  const RunResult regions = Sigap({"import", "regions", bad});
  const RunResult agency = Sigap({"admin", "create-agency", "--code", "dinas pu", "--name",
                                  "Dinas PU", "--kind", "kementerian", "--region", "33.72.01"});

  EXPECT_EQ(regions.exit_code, 1);
  EXPECT_NE(regions.err.find(bad + ":3: kode: 33.72.01 is not a code of level 4"),
            std::string::npos)
      << regions.err;
  EXPECT_NE(regions.err.find(bad + ":4: nama"), std::string::npos) << regions.err;
  EXPECT_NE(regions.err.find(bad + ":5: nama: is not valid UTF-8"), std::string::npos)
      << regions.err;
  EXPECT_EQ(agency.exit_code, 1);
  EXPECT_NE(agency.err.find("--code: invalid_format"), std::string::npos) << agency.err;
  EXPECT_NE(agency.err.find("--kind: invalid_value"), std::string::npos) << agency.err;
  EXPECT_NE(agency.err.find("--region: unknown"), std::string::npos) << agency.err;
  ASSERT_TRUE(server_.Start());
  EXPECT_EQ(Get("/api/v1/regions?parent=33.72")["items"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/agencies")["items"].size(), 0u);
}

// Without kecamatan or kelurahan boundaries, the Pemda's own outline from a
// national file (other Pemda's features passed over) tells inside from
// outside: a point outside is accepted and flagged, as with kelurahan.
TEST_F(OnboardingCli, TheOutlineOfANationalFileTellsInsideFromOutside) {
  const auto square = [](const std::string& code, double lat, double lng) {
    const double d = 0.05;
    return json{{"type", "Feature"},
                {"properties", {{"kode", code}, {"nama", "uji"}}},
                {"geometry",
                 {{"type", "MultiPolygon"},
                  {"coordinates",
                   {{{{lng - d, lat - d},
                      {lng + d, lat - d},
                      {lng + d, lat + d},
                      {lng - d, lat + d},
                      {lng - d, lat - d}}}}}}}};
  };
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"}).exit_code, 0);
  ASSERT_EQ(Sigap({"import", "regions", Write("wilayah.csv", kRegions)}).exit_code, 0);
  const std::string national = Write(
      "kabkota.geojson", json{{"type", "FeatureCollection"},
                              {"features",
                               {square("33.71", -7.48, 110.22), square("33.72", -7.57, 110.82),
                                square("33.73", -7.33, 110.50)}}}
                             .dump());
  ASSERT_EQ(Sigap({"admin", "create-user", "--role", "admin", "--username", "admin.solo"},
                  "kata-sandi-panjang-1\n")
                .exit_code,
            0);

  const RunResult outline = Sigap({"import", "boundaries", national, "--level", "kota"});
  ASSERT_EQ(outline.exit_code, 0) << outline.err;
  EXPECT_NE(outline.out.find("Imported 1 boundaries"), std::string::npos) << outline.out;
  ASSERT_TRUE(server_.Start());
  auto session = test_support::Fetch(
      server_.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
      json{{"username", "admin.solo"}, {"password", "kata-sandi-panjang-1"}}.dump());
  ASSERT_TRUE(session.has_value());
  const std::string cookie(session->Header("Set-Cookie").value_or(""));
  const auto outside = [&](double lat, double lng) {
    const json body{{"kind", "complaint"},
                    {"title", "Jalan rusak uji batas"},
                    {"description", "Jalan berlubang besar di depan balai kelurahan."},
                    {"location", {{"lat", lat}, {"lng", lng}}}};
    auto filed = test_support::Fetch(server_.port(), "POST", "/api/v1/cases",
                                     {{"Content-Type", "application/json"}}, body.dump());
    EXPECT_TRUE(filed.has_value() && filed->status == 201) << (filed ? filed->body : "");
    if (!filed || filed->status != 201) return json();
    const std::string code = json::parse(filed->body).value("tracking_code", "");
    auto view = test_support::Fetch(server_.port(), "GET", "/api/v1/cases/" + code,
                                    {{"Cookie", cookie.substr(0, cookie.find(';'))}}, "");
    EXPECT_TRUE(view.has_value());
    return view ? json::parse(view->body, nullptr, false)["routing"]["outside_pemda"] : json();
  };

  EXPECT_EQ(outside(-7.57, 110.82), false);
  EXPECT_EQ(outside(-7.48, 110.22), true);  // in Kota Magelang
}

// Two Pemda on one host, each served by its own `sigap serve` on its own
// port: a browser keeps cookies per host, not per port, so an officer
// signed in to both must keep both sessions.
TEST_F(OnboardingCli, AnOfficerSignedInToTwoPemdaOnOneHostKeepsBothSessions) {
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.72", "--name", "Kota Surakarta"}).exit_code, 0);
  ASSERT_EQ(
      Sigap({"admin", "create-pemda", "--code", "33.73", "--name", "Kota Salatiga"}).exit_code, 0);
  for (const std::string pemda : {"33.72", "33.73"}) {
    ASSERT_EQ(Sigap({"admin", "create-user", "--pemda", pemda, "--role", "admin", "--username",
                     "admin.kota"},
                    "kata-sandi-panjang-" + pemda + "\n")
                  .exit_code,
              0);
  }
  ServerProcess surakarta(
      ServerProcessOptions{.env = {{"SIGAP_PEMDA_CODE", "33.72"}}, .db = server_.db()});
  ServerProcess salatiga(
      ServerProcessOptions{.env = {{"SIGAP_PEMDA_CODE", "33.73"}}, .db = server_.db()});
  ASSERT_TRUE(surakarta.Start());
  ASSERT_TRUE(salatiga.Start());

  // The browser's jar for 127.0.0.1: a cookie replaces one of its name.
  std::map<std::string, std::string> jar;
  const auto sign_in = [&jar](int port, const std::string& password) {
    auto r =
        test_support::Fetch(port, "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                            json{{"username", "admin.kota"}, {"password", password}}.dump());
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(r->status, 200) << r->body;
    const std::string cookie(r->Header("Set-Cookie").value_or(""));
    const auto eq = cookie.find('=');
    jar[cookie.substr(0, eq)] = cookie.substr(eq + 1, cookie.find(';') - eq - 1);
  };
  const auto who = [&jar](int port) {
    std::string cookies;
    for (const auto& [name, value] : jar)
      cookies += (cookies.empty() ? "" : "; ") + name + "=" + value;
    auto r = test_support::Fetch(port, "GET", "/api/v1/session", {{"Cookie", cookies}}, "");
    return r ? r->status : 0;
  };
  sign_in(surakarta.port(), "kata-sandi-panjang-33.72");
  sign_in(salatiga.port(), "kata-sandi-panjang-33.73");

  EXPECT_EQ(jar.size(), 2u);
  EXPECT_EQ(who(surakarta.port()), 200);
  EXPECT_EQ(who(salatiga.port()), 200);
}

}  // namespace
}  // namespace sigap::integration
