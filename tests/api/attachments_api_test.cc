// Photos attached to cases over real HTTP: upload (type checked against the
// bytes, kept once by hash), a case naming them (type and size taken from
// what was stored), and who may fetch them back (officers and the reporter,
// never the public; only files the case itself names).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

const std::string kJpeg(
    "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    "\xff\xd9",
    22);
const std::string kPng("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 16);

class AttachmentsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // A small bucket, so the rate limit is reached within the test.
    // Small buckets, so the rate limits are reached within the tests; the
    // server behind a proxy on 127.0.0.1 as the README describes.
    server_ = new LifecycleServer({}, {{"SIGAP_SERVER_UPLOAD_BURST", "20"},
                                       {"SIGAP_SERVER_UPLOAD_PER_MINUTE", "1"},
                                       {"SIGAP_SERVER_SURVEY_BURST", "3"},
                                       {"SIGAP_SERVER_SURVEY_PER_MINUTE", "1"},
                                       {"SIGAP_SERVER_LOGIN_BURST", "3"},
                                       {"SIGAP_SERVER_LOGIN_PER_MINUTE", "1"},
                                       {"SIGAP_SERVER_TRUSTED_PROXIES", "127.0.0.1, ::1"}});
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.message();
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

  static test_support::HttpResponse Upload(const std::string& bytes, const std::string& type,
                                           const std::string& query = "?name=foto.jpg") {
    return S().Call("POST", "/api/v1/attachments" + query, {{"Content-Type", type}}, bytes);
  }

  static json Pothole(const json& attachments) {
    return {{"kind", "complaint"},
            {"service_code", "PU-DRAINASE"},
            {"title", "Saluran mampet, ada fotonya"},
            {"description", "Saluran di depan rumah mampet, foto terlampir."},
            {"attachments", attachments}};
  }

  static LifecycleServer* server_;
};

LifecycleServer* AttachmentsApi::server_ = nullptr;

TEST_F(AttachmentsApi, APhotoIsKeptOnceByItsHash) {
  auto first = Upload(kJpeg, "image/jpeg");
  auto again = Upload(kJpeg, "image/jpeg; charset=binary");
  auto other = Upload(kPng, "image/png", "");

  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(again.status, 201) << again.body;
  ASSERT_EQ(other.status, 201) << other.body;
  const json a = Parse(first);
  EXPECT_EQ(a["name"], "foto.jpg");
  EXPECT_EQ(a["content_type"], "image/jpeg");
  EXPECT_EQ(a["size_bytes"], kJpeg.size());
  EXPECT_EQ(a["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(Parse(again)["sha256"], a["sha256"]);
  EXPECT_NE(Parse(other)["sha256"], a["sha256"]);
  EXPECT_EQ(Parse(other)["content_type"], "image/png");
  EXPECT_EQ(S().Sql("SELECT COUNT(*) FROM attachments WHERE sha256 = '" +
                    a["sha256"].get<std::string>() + "'")[0][0],
            "1");
}

// A file name is words the citizen typed: "KTP <name> <NIK>.jpg" of an
// anonymous report reads masked to whoever may not know the reporter, on
// the case and on its timeline, as its text does.
TEST_F(AttachmentsApi, AFilesNameIsMaskedLikeTheTextItCameWith) {
  const json photo = Parse(Upload(kJpeg, "image/jpeg"));
  json body = Pothole(json::array({{{"name", "KTP Wiryawan Kusumohadi 3374019876543210.jpg"},
                                    {"sha256", photo["sha256"]},
                                    {"upload_token", photo["upload_token"]}}}));
  body["anonymous"] = true;
  body["reporter"] = {{"name", "Wiryawan Kusumohadi"}};
  const Receipt r = S().Submit(body);
  const std::string path = "/api/v1/cases/" + r.code;

  const auto admin = S().Officer("admin");
  const std::string case_view = S().Call("GET", path, admin).body;
  const std::string timeline = S().Call("GET", path + "/timeline", admin).body;
  const json verifier = Parse(S().Call("GET", path, S().Officer("verifikator")));

  for (const std::string* seen : {&case_view, &timeline}) {
    EXPECT_EQ(seen->find("Wiryawan"), std::string::npos) << *seen;
    EXPECT_EQ(seen->find("3374019876543210"), std::string::npos) << *seen;
    EXPECT_NE(seen->find("KTP [disamarkan]"), std::string::npos) << *seen;
  }
  EXPECT_EQ(verifier["attachments"][0]["name"], "KTP Wiryawan Kusumohadi 3374019876543210.jpg");
}

TEST_F(AttachmentsApi, BytesThatAreNotWhatTheyClaimAreRefused) {
  auto lying = Upload(kPng, "image/jpeg");
  auto html = Upload("<html><script>alert(1)</script></html>", "image/jpeg");
  auto untyped = Upload(kJpeg, "application/octet-stream");
  auto empty = Upload("", "image/jpeg");
  auto slash = Upload(kJpeg, "image/jpeg", "?name=..%2Fetc%2Fpasswd");

  EXPECT_EQ(lying.status, 415) << lying.body;
  EXPECT_EQ(lying.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(Fields(lying), std::vector<std::string>{"Content-Type"});
  EXPECT_EQ(Parse(lying)["errors"][0]["code"], "not_the_content");
  EXPECT_EQ(Parse(html)["errors"][0]["code"], "invalid_value");
  EXPECT_EQ(html.status, 415);
  EXPECT_EQ(untyped.status, 415);
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(Fields(empty), std::vector<std::string>{"body"});
  EXPECT_EQ(slash.status, 422);
  EXPECT_EQ(Fields(slash), std::vector<std::string>{"name"});
}

TEST_F(AttachmentsApi, ACaseNamesUploadedPhotosAndOnlyItsPeopleSeeThem) {
  const json photo = Parse(Upload(kJpeg, "image/jpeg"));
  const std::string sha = photo["sha256"];
  const std::string unrelated = Parse(Upload(kPng, "image/png"))["sha256"];
  // The client's claims on type and size give way to what was stored.
  const Receipt r = S().Submit(Pothole(json::array({{{"name", "depan-rumah.jpg"},
                                                     {"content_type", "text/html"},
                                                     {"size_bytes", 1},
                                                     {"sha256", sha},
                                                     {"upload_token", photo["upload_token"]}}})));
  auto post = [&](const json& attachment) {
    return S().Call("POST", "/api/v1/cases", {{"Content-Type", "application/json"}},
                    Pothole(json::array({attachment})).dump());
  };
  auto unknown = post({{"name", "x.jpg"}, {"sha256", std::string(64, 'a')}});
  auto malformed = post({{"name", "x.jpg"}, {"sha256", "../../x"}});
  // Whoever knows the hash of someone's photo, without having uploaded it,
  // cannot attach it to a case of their own and read it back, nor learn
  // whether it was uploaded: the answer is that of an unknown hash.
  auto stolen = post({{"name", "x.jpg"}, {"sha256", sha}});
  auto forged =
      post({{"name", "x.jpg"}, {"sha256", sha}, {"upload_token", "AAAAAAAAAAAAAAAAAAAAAAAAAA"}});
  auto other_files = post({{"name", "x.jpg"},
                           {"sha256", sha},
                           {"upload_token", Parse(Upload(kPng, "image/png"))["upload_token"]}});

  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(Fields(unknown), std::vector<std::string>{"attachments[0].upload_token"});
  EXPECT_EQ(stolen.status, 422) << stolen.body;
  EXPECT_EQ(Parse(stolen)["errors"], Parse(unknown)["errors"]);
  EXPECT_EQ(forged.status, 422) << forged.body;
  EXPECT_EQ(Fields(forged), std::vector<std::string>{"attachments[0].upload_token"});
  EXPECT_EQ(other_files.status, 422) << other_files.body;
  EXPECT_EQ(Fields(other_files), std::vector<std::string>{"attachments[0].upload_token"});
  EXPECT_EQ(malformed.status, 422) << malformed.body;
  const json officer_view =
      Parse(S().Call("GET", "/api/v1/cases/" + r.code, S().Officer("verifikator")));
  ASSERT_EQ(officer_view["attachments"].size(), 1u) << officer_view.dump();
  EXPECT_EQ(officer_view["attachments"][0]["name"], "depan-rumah.jpg");
  EXPECT_EQ(officer_view["attachments"][0]["content_type"], "image/jpeg");
  EXPECT_EQ(officer_view["attachments"][0]["size_bytes"], kJpeg.size());

  const std::string url = "/api/v1/cases/" + r.code + "/attachments/" + sha;
  auto officer = S().Call("GET", url, S().Officer("verifikator"));
  auto reporter = S().Call("GET", url + "?secret=" + r.secret);
  auto reporter_header = S().Call("GET", url, LifecycleServer::Reporter(r.secret));
  auto anyone = S().Call("GET", url);
  auto wrong_secret = S().Call("GET", url + "?secret=SALAH");
  auto not_this_case = S().Call("GET", "/api/v1/cases/" + r.code + "/attachments/" + unrelated,
                                S().Officer("verifikator"));

  ASSERT_EQ(officer.status, 200) << officer.body;
  EXPECT_EQ(officer.body, kJpeg);
  EXPECT_EQ(officer.Header("Content-Type").value_or(""), "image/jpeg");
  EXPECT_EQ(officer.Header("X-Content-Type-Options").value_or(""), "nosniff");
  // Who may read it can change, and a shared office computer keeps what it caches.
  EXPECT_EQ(officer.Header("Cache-Control").value_or(""), "private, no-store");
  EXPECT_EQ(reporter.status, 200);
  EXPECT_EQ(reporter.body, kJpeg);
  EXPECT_EQ(reporter_header.status, 200);
  EXPECT_EQ(anyone.status, 404);
  EXPECT_NE(anyone.body, kJpeg);
  EXPECT_EQ(wrong_secret.status, 404);
  EXPECT_EQ(not_this_case.status, 404);
}

// A phone's photo says where it was taken and by whose device: an anonymous
// reporter's photo would locate them for every officer who opens it. Sigap
// keeps the picture only.
TEST_F(AttachmentsApi, APhotosPlaceAndDeviceAreNotKept) {
  // kJpeg with an EXIF segment holding a GPS position and an owner's name.
  const std::string exif = std::string("Exif\0\0II\x2A\0\x08\0\0\0\0\0\0\0\0\0", 20) +
                           "GPS -6.9932 110.4203 Budi Santoso";
  const size_t length = exif.size() + 2;
  const std::string photo = kJpeg.substr(0, 20) + "\xff\xe1" + static_cast<char>(length >> 8) +
                            static_cast<char>(length & 0xff) + exif + kJpeg.substr(20);
  const auto upload = Upload(photo, "image/jpeg", "?name=lokasi.jpg");
  ASSERT_EQ(upload.status, 201) << upload.body;
  const json uploaded = Parse(upload);
  const Receipt r =
      S().Submit(Pothole(json::array({{{"name", "lokasi.jpg"},
                                       {"sha256", uploaded["sha256"]},
                                       {"upload_token", uploaded["upload_token"]}}})));
  const auto fetched = S().Call(
      "GET", "/api/v1/cases/" + r.code + "/attachments/" + uploaded["sha256"].get<std::string>(),
      LifecycleServer::Reporter(r.secret));

  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.body, kJpeg);
  EXPECT_EQ(uploaded["size_bytes"], kJpeg.size());
  EXPECT_EQ(fetched.body.find("110.4203"), std::string::npos);
}

TEST_F(AttachmentsApi, AnAgencysResponseCarriesPhotosThatThePublicMaySee) {
  const json after = Parse(Upload(kJpeg, "image/jpeg", "?name=sesudah.jpg"));
  const std::string sha = after["sha256"];
  const Receipt r = S().Submit(Pothole(json::array()));
  const auto verifier = S().Officer("verifikator");
  const auto dpu = S().Officer("petugas.dpu");
  S().Must(r.code, verifier, {{"action", "verify"}});
  S().Must(r.code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});
  S().Must(r.code, dpu, {{"action", "start"}});

  auto on_start =
      S().Act(r.code, dpu, {{"action", "note"}, {"text", "x"}, {"attachments", {"a.jpg"}}});
  auto unknown =
      S().Act(r.code, dpu,
              {{"action", "resolve"},
               {"text", "Sudah dibersihkan."},
               {"attachments", {{{"name", "x.jpg"}, {"sha256", std::string(64, 'b')}}}}});
  // A public update that only quotes the hash in its text publishes nothing.
  S().Must(r.code, dpu, {{"action", "public_update"}, {"text", "Foto: " + sha}});
  const auto quoted = S().Call("GET", "/api/v1/cases/" + r.code + "/attachments/" + sha);
  S().Must(
      r.code, dpu,
      {{"action", "resolve"},
       {"text", "Saluran sudah dibersihkan, foto terlampir."},
       {"attachments",
        {{{"name", "sesudah.jpg"}, {"sha256", sha}, {"upload_token", after["upload_token"]}}}}});
  const json timeline = S().Timeline(r.code);
  const auto anyone = S().Call("GET", "/api/v1/cases/" + r.code + "/attachments/" + sha);

  EXPECT_EQ(on_start.status, 422) << on_start.body;
  EXPECT_EQ(Fields(on_start), std::vector<std::string>{"attachments"});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(Fields(unknown), std::vector<std::string>{"attachments[0].upload_token"});
  EXPECT_EQ(quoted.status, 404) << quoted.body;
  json shown;
  for (const auto& e : timeline["events"]) {
    if (e["kind"] == "resolved") shown = e["payload"]["attachments"];
  }
  ASSERT_EQ(shown.size(), 1u) << timeline.dump();
  EXPECT_EQ(shown[0]["name"], "sesudah.jpg");
  EXPECT_EQ(shown[0]["sha256"], sha);
  EXPECT_EQ(shown[0]["content_type"], "image/jpeg");
  ASSERT_EQ(anyone.status, 200) << anyone.body;
  EXPECT_EQ(anyone.body, kJpeg);
}

// An officer asks for a closer photo: the citizen sends it with the answer.
// The agency and the reporter open it; the public does not (a citizen's
// files never are public), nor sees its name on the timeline.
TEST_F(AttachmentsApi, TheReporterAnswersARequestForInformationWithAPhoto) {
  const json closer = Parse(Upload(kJpeg, "image/jpeg", "?name=lebih-dekat.jpg"));
  const std::string sha = closer["sha256"];
  const Receipt r = S().Submit(Pothole(json::array()));
  const auto verifier = S().Officer("verifikator");
  S().Must(r.code, verifier, {{"action", "verify"}});
  S().Must(r.code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});
  const auto dpu = S().Officer("petugas.dpu");
  S().Must(r.code, dpu, {{"action", "request_info"}, {"text", "Mohon kirim foto lebih dekat."}});

  S().Must(r.code, LifecycleServer::Reporter(r.secret),
           {{"action", "provide_info"},
            {"text", "Ini fotonya dari dekat."},
            {"attachments",
             {{{"name", "lebih-dekat.jpg"},
               {"sha256", sha},
               {"upload_token", closer["upload_token"]}}}}});

  const std::string url = "/api/v1/cases/" + r.code + "/attachments/" + sha;
  const auto by_agency = S().Call("GET", url, dpu);
  const auto by_reporter = S().Call("GET", url, LifecycleServer::Reporter(r.secret));
  const auto by_public = S().Call("GET", url);
  ASSERT_EQ(by_agency.status, 200) << by_agency.body;
  EXPECT_EQ(by_agency.body, kJpeg);
  EXPECT_EQ(by_reporter.status, 200) << by_reporter.body;
  EXPECT_EQ(by_public.status, 404) << by_public.body;
  const json public_timeline = S().Timeline(r.code);
  int answers = 0;
  for (const auto& e : public_timeline["events"]) {
    if (e["kind"] == "info_provided") {
      ++answers;
      EXPECT_FALSE(e["payload"].contains("attachments")) << e;
    }
  }
  EXPECT_EQ(answers, 1) << public_timeline.dump();
  json sent;
  const json agency_timeline = S().Timeline(r.code, dpu);
  for (const auto& e : agency_timeline["events"]) {
    if (e["kind"] == "info_provided") sent = e["payload"]["attachments"];
  }
  ASSERT_EQ(sent.size(), 1u) << agency_timeline.dump();
  EXPECT_EQ(sent[0]["name"], "lebih-dekat.jpg");
}

TEST_F(AttachmentsApi, UploadsAreRateLimitedPerClient) {
  int limited = 0;
  test_support::HttpResponse last;
  for (int i = 0; i < 20 && limited == 0; ++i) {
    last = Upload(kJpeg, "image/jpeg");
    if (last.status == 429) ++limited;
  }
  EXPECT_EQ(limited, 1) << last.body;
  EXPECT_FALSE(last.Header("Retry-After").value_or("").empty());
}

// Behind the reverse proxy each citizen has a bucket of their own: the
// client X-Forwarded-For names last, whatever the citizen wrote before it.
TEST_F(AttachmentsApi, BehindATrustedProxyEachClientHasItsOwnBucket) {
  auto upload_as = [&](const std::string& forwarded) {
    return S().Call("POST", "/api/v1/attachments?name=foto.jpg",
                    {{"Content-Type", "image/jpeg"}, {"X-Forwarded-For", forwarded}}, kJpeg);
  };
  int taken = 0;
  while (taken < 30 && upload_as("203.0.113.8").status == 201) ++taken;
  const auto spoofed = upload_as("198.51.100.1, 203.0.113.8");
  const auto other = upload_as("203.0.113.9");

  EXPECT_EQ(taken, 20);
  EXPECT_EQ(spoofed.status, 429);
  EXPECT_EQ(other.status, 201) << other.body;
}

// Anyone may answer a survey, but not fill the IKM from one address.
TEST_F(AttachmentsApi, SurveyResponsesAreRateLimitedPerClient) {
  auto admin = S().Officer("admin");
  admin.emplace("Content-Type", "application/json");
  const auto created = S().Call("POST", "/api/v1/surveys", admin,
                                json{{"unit_code", "DPU"},
                                     {"period", "Batas laju"},
                                     {"starts_on", "2020-01-01"},
                                     {"ends_on", "2100-12-31"}}
                                    .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string target =
      "/api/v1/surveys/" + std::to_string(Parse(created)["id"].get<int64_t>()) + "/responses";
  const std::string body = json{{"answers", {4, 4, 4, 4, 4, 4, 4, 4, 4}}}.dump();
  auto respond = [&](const std::string& client) {
    return S().Call("POST", target,
                    {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}}, body);
  };
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) statuses.push_back(respond("203.0.113.30").status);
  const auto limited = respond("203.0.113.30");
  const auto neighbour = respond("203.0.113.31");

  EXPECT_EQ(statuses, (std::vector<int>{201, 201, 201, 429}));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_FALSE(limited.Header("Retry-After").value_or("").empty());
  EXPECT_EQ(neighbour.status, 201) << neighbour.body;
}

// Wrong passwords are charged to the client and to the account: a script
// guessing gets a few tries, from one address or from many; a correct
// password costs nothing, and other officers sign in as usual.
TEST_F(AttachmentsApi, GuessingPasswordsIsSlowedPerClientAndPerAccount) {
  auto sign_in = [&](const std::string& client, const std::string& user,
                     const std::string& password) {
    return S().Call("POST", "/api/v1/session",
                    {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}},
                    json{{"username", user}, {"password", password}}.dump());
  };
  const std::string right = S().Password("auditor");
  // Correct passwords are not charged.
  for (int i = 0; i < 4; ++i) ASSERT_EQ(sign_in("203.0.113.50", "auditor", right).status, 200);
  std::vector<int> guesses;
  for (int i = 0; i < 4; ++i) {
    guesses.push_back(sign_in("203.0.113.51", "auditor", "tebakan-" + std::to_string(i)).status);
  }
  const auto same_client_other_user = sign_in("203.0.113.51", "walikota", S().Password("walikota"));
  const auto other_client_same_user = sign_in("203.0.113.52", "AUDITOR", right);
  const auto other_client_other_user =
      sign_in("203.0.113.52", "walikota", S().Password("walikota"));

  EXPECT_EQ(guesses, (std::vector<int>{401, 401, 401, 429}));
  EXPECT_EQ(same_client_other_user.status, 429);
  EXPECT_FALSE(same_client_other_user.Header("Retry-After").value_or("").empty());
  EXPECT_EQ(other_client_same_user.status, 429);
  EXPECT_EQ(other_client_other_user.status, 200) << other_client_other_user.body;

  // A session taken over cannot guess the account's password through a
  // password change either: wrong current passwords are charged the same.
  const auto head = sign_in("203.0.113.53", "kadis.dpu", S().Password("kadis.dpu"));
  ASSERT_EQ(head.status, 200) << head.body;
  const std::string cookie(head.Header("Set-Cookie").value_or(""));
  auto change = [&](const std::string& current) {
    return S()
        .Call("POST", "/api/v1/session/password",
              {{"Content-Type", "application/json"},
               {"X-Forwarded-For", "203.0.113.53"},
               {"Cookie", cookie.substr(0, cookie.find(';'))},
               {"X-CSRF-Token", Parse(head).value("csrf_token", "")}},
              json{{"current_password", current}, {"new_password", "sandi-baru-sekali"}}.dump())
        .status;
  };
  std::vector<int> changes;
  for (int i = 0; i < 3; ++i) changes.push_back(change("tebakan-" + std::to_string(i)));
  changes.push_back(change(S().Password("kadis.dpu")));
  EXPECT_EQ(changes, (std::vector<int>{422, 422, 422, 429}));
}

// With [server] case_burst set, a client that has not signed in files that
// many cases at once from one address, then waits; another address, and a
// system with an API key from the same address, are not held up.
TEST(CaseRateLimit, CitizensFilingFromOneAddressAreLimitedWhenConfigured) {
  LifecycleServer server({}, {{"SIGAP_SERVER_CASE_BURST", "3"},
                              {"SIGAP_SERVER_CASE_PER_MINUTE", "1"},
                              {"SIGAP_SERVER_TRUSTED_PROXIES", "127.0.0.1, ::1"}});
  auto started = server.Start();
  ASSERT_TRUE(started) << started.message();
  const std::string body = Complaint("batas", ReporterIdentity{}).dump();
  auto file = [&](const std::string& client, http::Headers headers = {}) {
    headers.emplace("Content-Type", "application/json");
    headers.emplace("X-Forwarded-For", client);
    return server.Call("POST", "/api/v1/cases", headers, body);
  };

  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) statuses.push_back(file("203.0.113.40").status);
  const auto limited = file("203.0.113.40");
  const auto neighbour = file("203.0.113.41");
  const auto system = file("203.0.113.40", server.ApiKey());

  EXPECT_EQ(statuses, (std::vector<int>{201, 201, 201, 429}));
  EXPECT_EQ(limited.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_FALSE(limited.Header("Retry-After").value_or("").empty());
  EXPECT_EQ(neighbour.status, 201) << neighbour.body;
  EXPECT_EQ(system.status, 201) << system.body;
}

}  // namespace
}  // namespace sigap::integration
