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
    server_ = new LifecycleServer(
        {}, {{"SIGAP_SERVER_UPLOAD_BURST", "12"}, {"SIGAP_SERVER_UPLOAD_PER_MINUTE", "1"}});
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
                                                     {"sha256", sha}}})));
  auto unknown = S().Call(
      "POST", "/api/v1/cases", {{"Content-Type", "application/json"}},
      Pothole(json::array({{{"name", "x.jpg"}, {"sha256", std::string(64, 'a')}}})).dump());
  auto malformed =
      S().Call("POST", "/api/v1/cases", {{"Content-Type", "application/json"}},
               Pothole(json::array({{{"name", "x.jpg"}, {"sha256", "../../x"}}})).dump());

  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(Fields(unknown), std::vector<std::string>{"attachments[0].sha256"});
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
  EXPECT_EQ(reporter.status, 200);
  EXPECT_EQ(reporter.body, kJpeg);
  EXPECT_EQ(reporter_header.status, 200);
  EXPECT_EQ(anyone.status, 404);
  EXPECT_NE(anyone.body, kJpeg);
  EXPECT_EQ(wrong_secret.status, 404);
  EXPECT_EQ(not_this_case.status, 404);
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
  S().Must(r.code, dpu,
           {{"action", "resolve"},
            {"text", "Saluran sudah dibersihkan, foto terlampir."},
            {"attachments", {{{"name", "sesudah.jpg"}, {"sha256", sha}}}}});
  const json timeline = S().Timeline(r.code);
  const auto anyone = S().Call("GET", "/api/v1/cases/" + r.code + "/attachments/" + sha);

  EXPECT_EQ(on_start.status, 422) << on_start.body;
  EXPECT_EQ(Fields(on_start), std::vector<std::string>{"attachments"});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(Fields(unknown), std::vector<std::string>{"attachments[0].sha256"});
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

}  // namespace
}  // namespace sigap::integration
