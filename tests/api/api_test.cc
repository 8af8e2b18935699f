// The JSON API v1 over real HTTP: `sigap serve` on a loopback port with the
// demo Pemda in a temporary SQLite file.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "domain/time.h"
#include "integration/server_process.h"
#include "support/http_client.h"

namespace sigap {
namespace {

using integration::ServerProcess;
using nlohmann::json;
using test_support::HttpResponse;

const char* kExample = R"({"kind": "complaint", "service_code": "PU-DRAINASE",
  "title": "Saluran tersumbat",
  "description": "Saluran di depan SD tersumbat sampah sejak seminggu, air meluap ke jalan.",
  "location": {"lat": -6.9932, "lng": 110.4203, "region_code": "33.74.01.1001",
               "address": "Jl. Pemuda 12"},
  "reporter": {"name": "Sri Rahayu", "phone": "081234567890", "email": "sri@example.id",
               "nik": "3374010101900001"},
  "anonymous": false, "confidential": false})";

class Api : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({.load_demo = true});
    ASSERT_TRUE(server_->Prepare());
    ASSERT_TRUE(server_->Start());
    // "  username  password" lines of `sigap demo`.
    std::istringstream lines(server_->demo_output());
    std::string line;
    const std::regex account(R"(^\s+([a-z.]+)\s+(\S+)\s*$)");
    std::smatch m;
    while (std::getline(lines, line)) {
      if (std::regex_match(line, m, account)) passwords_[m[1]] = m[2];
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  HttpResponse Call(std::string_view method, std::string_view target, http::Headers headers = {},
                    std::string_view body = {}) {
    if (!body.empty() && !headers.contains("Content-Type")) {
      headers.emplace("Content-Type", "application/json");
    }
    auto r = test_support::Fetch(server_->port(), method, target, headers, body);
    EXPECT_TRUE(r.has_value()) << r.error();
    return r.value_or(HttpResponse{});
  }

  json Json(const HttpResponse& r) {
    auto j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }

  json Submit(std::string body = kExample, http::Headers headers = {}) {
    auto r = Call("POST", "/api/v1/cases", std::move(headers), body);
    EXPECT_EQ(r.status, 201) << r.body;
    return Json(r);
  }

  // Signs in and returns the headers a browser would send afterwards.
  http::Headers Login(const std::string& username) {
    const json body{{"username", username}, {"password", passwords_[username]}};
    auto r = Call("POST", "/api/v1/session", {}, body.dump());
    EXPECT_EQ(r.status, 200) << username << ": " << r.body;
    const std::string cookie(r.Header("Set-Cookie").value_or(""));
    http::Headers headers;
    headers.emplace("Cookie", cookie.substr(0, cookie.find(';')));
    headers.emplace("X-CSRF-Token", Json(r).value("csrf_token", ""));
    return headers;
  }

  // The verifier verifies the case and disposes it to its service's agency.
  void Dispose(const std::string& code, const std::string& agency = "DPU") {
    const auto verifier = Login("verifikator");
    const std::string path = "/api/v1/cases/" + code + "/events";
    auto verified = Call("POST", path, verifier, R"({"action":"verify"})");
    EXPECT_EQ(verified.status, 201) << verified.body;
    const json dispose{{"action", "dispose"}, {"agency_code", agency}};
    auto disposed = Call("POST", path, verifier, dispose.dump());
    EXPECT_EQ(disposed.status, 201) << disposed.body;
  }

  static ServerProcess* server_;
  static std::map<std::string, std::string> passwords_;
};

ServerProcess* Api::server_ = nullptr;
std::map<std::string, std::string> Api::passwords_;

bool Mentions(const std::string& text, std::initializer_list<const char*> needles) {
  for (const char* n : needles) {
    if (text.find(n) != std::string::npos) return true;
  }
  return false;
}

TEST_F(Api, SubmittedCaseGetsACodeAndIsPubliclyVisibleWithoutIdentity) {
  auto receipt = Submit();

  const std::string code = receipt["tracking_code"];
  EXPECT_EQ(code.size(), 10u);
  EXPECT_EQ(receipt["status"], "received");
  EXPECT_FALSE(receipt["reporter_secret"].get<std::string>().empty());
  auto r = Call("GET", "/api/v1/cases/" + code);
  ASSERT_EQ(r.status, 200) << r.body;
  auto view = Json(r);
  EXPECT_EQ(view["title"], "Saluran tersumbat");
  EXPECT_EQ(view["service"]["code"], "PU-DRAINASE");
  EXPECT_EQ(view["location"]["region_code"], "33.74.01.1001");
  EXPECT_EQ(view["timeline"][0]["kind"], "submitted");
  EXPECT_FALSE(Mentions(r.body, {"Sri Rahayu", "081234567890", "sri@example.id", "3374010101900001",
                                 "Jl. Pemuda 12"}))
      << r.body;
}

// Citizens type their numbers into the text too ("hubungi saya di 0812..."):
// the public reads the problem, not them; officers read what was written.
TEST_F(Api, ThePublicDoesNotReadTheNumbersACitizenTyped) {
  json body = json::parse(kExample);
  body["description"] =
      "Saluran tersumbat sejak 2 minggu. Hubungi saya di 0812-3456-7890 atau "
      "sri.rahayu@example.id, NIK 3374010101900001.";
  const std::string code = Submit(body.dump())["tracking_code"];

  const auto anyone = Call("GET", "/api/v1/cases/" + code);
  const auto open311 = Call("GET", "/open311/v2/requests/" + code + ".json");
  const json officer = Json(Call("GET", "/api/v1/cases/" + code, Login("verifikator")));

  ASSERT_EQ(anyone.status, 200) << anyone.body;
  ASSERT_EQ(open311.status, 200) << open311.body;
  for (const auto* r : {&anyone, &open311}) {
    EXPECT_FALSE(Mentions(r->body, {"0812-3456-7890", "sri.rahayu@example.id", "3374010101900001"}))
        << r->body;
    EXPECT_NE(r->body.find("Saluran tersumbat sejak 2 minggu"), std::string::npos) << r->body;
  }
  EXPECT_NE(Json(anyone)["description"].get<std::string>().find("[disamarkan]"), std::string::npos);
  EXPECT_EQ(officer["description"], body["description"]);
}

TEST_F(Api, CodeIsAcceptedInLowerCaseWithHyphen) {
  std::string code = Submit()["tracking_code"];
  std::string typed;
  for (char c : code) typed += static_cast<char>(std::tolower(c));
  typed.insert(5, "-");

  EXPECT_EQ(Call("GET", "/api/v1/cases/" + typed).status, 200);
}

// A phone that takes gzip (every browser does) loads the catalogue as a
// fraction of its bytes and reads the same services; a client that does not
// gets them as they are, and caches are told the answer varies.
TEST_F(Api, TheCatalogueTravelsGzippedToAClientThatTakesIt) {
  const auto plain = Call("GET", "/api/v1/services");
  const auto gzipped = Call("GET", "/api/v1/services", {{"Accept-Encoding", "gzip, deflate, br"}});

  ASSERT_EQ(plain.status, 200);
  ASSERT_EQ(gzipped.status, 200);
  EXPECT_FALSE(plain.Header("Content-Encoding").has_value());
  EXPECT_EQ(plain.Header("Vary").value_or(""), "Accept-Encoding");
  EXPECT_EQ(gzipped.Header("Content-Encoding").value_or(""), "gzip");
  EXPECT_LT(gzipped.body.size(), plain.body.size() / 3);
  z_stream z{};
  ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string inflated(plain.body.size() + 1, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.body.data()));
  z.avail_in = static_cast<uInt>(gzipped.body.size());
  z.next_out = reinterpret_cast<Bytef*>(inflated.data());
  z.avail_out = static_cast<uInt>(inflated.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  inflated.resize(z.total_out);
  inflateEnd(&z);
  EXPECT_EQ(json::parse(inflated), json::parse(plain.body));
}

// A client (or a proxy) revalidating the case or its timeline gets 304 for
// the ETag it holds, however it writes it (RFC 9110 §13.1.2: a list, a weak
// tag, "*"), and 200 once the case changed; the ETag tells nothing of how
// many cases there are (no database id in it).
TEST_F(Api, ConditionalGetsOfTheCaseAndItsTimelineAnswer304UntilItChanges) {
  const std::string code = Submit()["tracking_code"];
  const auto officer = Login("verifikator");
  for (const std::string& path : {"/api/v1/cases/" + code, "/api/v1/cases/" + code + "/timeline"}) {
    const auto first = Call("GET", path, officer);
    ASSERT_EQ(first.status, 200) << path << ": " << first.body;
    const std::string etag(first.Header("ETag").value_or(""));
    ASSERT_EQ(etag.rfind("\"v", 0), 0u) << etag;
    for (const std::string& held : {etag, "\"x\", " + etag, "W/" + etag, std::string("*")}) {
      auto headers = officer;
      headers.emplace("If-None-Match", held);
      const auto again = Call("GET", path, headers);
      EXPECT_EQ(again.status, 304) << path << " with " << held;
      EXPECT_TRUE(again.body.empty());
      EXPECT_EQ(again.Header("ETag").value_or(""), etag);
    }
    auto stale = officer;
    stale.emplace("If-None-Match", "\"v0-0-0\"");
    EXPECT_EQ(Call("GET", path, stale).status, 200) << path;
  }
  const std::string before(
      Call("GET", "/api/v1/cases/" + code, officer).Header("ETag").value_or(""));
  Dispose(code);
  auto headers = officer;
  headers.emplace("If-None-Match", before);
  const auto changed = Call("GET", "/api/v1/cases/" + code, headers);
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.Header("ETag").value_or(""), before);
  // The ETag of the case is accepted as If-Match by an action.
  auto act = officer;
  act.emplace("If-Match", std::string(changed.Header("ETag").value_or("")));
  EXPECT_EQ(
      Call("POST", "/api/v1/cases/" + code + "/events", act, R"({"action":"note","text":"cek"})")
          .status,
      201);
  act["If-Match"] = before;
  EXPECT_EQ(
      Call("POST", "/api/v1/cases/" + code + "/events", act, R"({"action":"note","text":"cek"})")
          .status,
      412);
}

// A mistyped code is not found, and said to be mistyped (the check
// character tells), so the citizen looks again at what they typed; a code
// that is well formed but of no case is simply not found.
TEST_F(Api, MistypedCodeIsNotFoundAndSaidToBeMistyped) {
  const std::string code = Submit()["tracking_code"];
  std::string changed = code;
  changed[3] = changed[3] == 'A' ? 'B' : 'A';
  std::string swapped = code;
  std::swap(swapped[4], swapped[5]);

  auto r = Call("GET", "/api/v1/cases/" + changed);
  auto s = Call("GET", "/api/v1/cases/" + swapped);
  auto none = Call("GET", "/api/v1/cases/0000000000");

  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(Json(r)["errors"][0]["code"], "mistyped") << r.body;
  EXPECT_EQ(Json(r)["errors"][0]["field"], "tracking_code") << r.body;
  if (swapped != code) {
    EXPECT_EQ(Json(s)["errors"][0]["code"], "mistyped") << s.body;
  }
  EXPECT_EQ(none.status, 404);
  EXPECT_FALSE(Json(none).contains("errors")) << none.body;
  // Nine characters, or a U, is no code at all: the answer says what one is.
  for (const std::string& bad : {code.substr(0, 9), std::string("YWQ5NS9BKU")}) {
    auto malformed = Call("GET", "/api/v1/cases/" + bad, {{"Accept-Language", "en"}});
    EXPECT_EQ(malformed.status, 404) << bad;
    EXPECT_EQ(Json(malformed)["errors"][0]["code"], "invalid_format") << malformed.body;
  }
}

TEST_F(Api, RetryWithTheSameIdempotencyKeyReturnsTheSameCase) {
  http::Headers key{{"Idempotency-Key", "3f1c9a52-retry-test"}};

  auto first = Submit(kExample, key);
  auto again = Call("POST", "/api/v1/cases", key, kExample);

  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(Json(again)["tracking_code"], first["tracking_code"]);
  EXPECT_EQ(Json(again)["reporter_secret"], first["reporter_secret"]);
  // The same case laid out again (another client library, pretty-printed,
  // keys in another order) is the same request.
  auto relaid = Call("POST", "/api/v1/cases", key, json::parse(kExample).dump(2));
  ASSERT_EQ(relaid.status, 201) << relaid.body;
  EXPECT_EQ(Json(relaid)["tracking_code"], first["tracking_code"]);
  auto other = Call("POST", "/api/v1/cases", key,
                    R"({"kind":"complaint","title":"Lain","description":"Lain sekali"})");
  EXPECT_EQ(other.status, 409);
  // A signed-in caller (an officer taking a call, another system's key)
  // that happens to choose the same key files its own case, and never
  // reads the citizen's receipt (its reporter_secret).
  http::Headers officer = Login("verifikator");
  officer.insert(key.begin(), key.end());
  auto elsewhere = Call("POST", "/api/v1/cases", officer, kExample);
  ASSERT_EQ(elsewhere.status, 201) << elsewhere.body;
  EXPECT_FALSE(elsewhere.Header("Idempotent-Replayed").has_value());
  EXPECT_NE(Json(elsewhere)["tracking_code"], first["tracking_code"]);
  EXPECT_NE(Json(elsewhere)["reporter_secret"], first["reporter_secret"]);
}

// JSON that is not one object is invalid, not malformed; a compressed body
// is refused as such (it would be read as malformed JSON); a limit that is
// no number is told so.
TEST_F(Api, WhatIsNotACaseBodyOrALimitIsToldForWhatItIs) {
  for (const char* root : {"[]", "[{}]", "\"kasus\""}) {
    auto r = Call("POST", "/api/v1/cases", {{"Accept-Language", "en"}}, root);
    ASSERT_EQ(r.status, 422) << root << ": " << r.body;
    EXPECT_EQ(Json(r)["detail"], "The request body must be one JSON object ({…}).");
    EXPECT_EQ(Json(r)["errors"][0]["field"], "body");
  }
  auto gzip = Call("POST", "/api/v1/cases", {{"Content-Encoding", "gzip"}},
                   std::string("\x1f\x8b\x08\x00", 4));
  EXPECT_EQ(gzip.status, 415) << gzip.body;
  EXPECT_EQ(gzip.Header("Content-Type"), "application/problem+json");
  auto identity = Call("POST", "/api/v1/cases", {{"Content-Encoding", "Identity"}}, kExample);
  EXPECT_EQ(identity.status, 201) << identity.body;
  const auto officer = Login("verifikator");
  auto word = Call("GET", "/api/v1/cases?limit=abc", officer);
  ASSERT_EQ(word.status, 422) << word.body;
  EXPECT_EQ(Json(word)["errors"][0]["code"], "invalid_format");
  auto big = Call("GET", "/api/v1/cases?limit=500", officer);
  ASSERT_EQ(big.status, 422) << big.body;
  EXPECT_EQ(Json(big)["errors"][0]["code"], "out_of_range");
}

TEST_F(Api, InvalidCaseNamesEveryBadFieldInTheRequestedLanguage) {
  const char* body = R"({"kind":"complaint","title":"","description":"ok",
      "location":{"lat":-95,"lng":110.4},"reporter":{"email":"nope","nik":"12"}})";

  auto id = Call("POST", "/api/v1/cases", {}, body);
  auto en = Call("POST", "/api/v1/cases", {{"Accept-Language", "en-US,en;q=0.9"}}, body);

  ASSERT_EQ(id.status, 422);
  EXPECT_EQ(id.Header("Content-Type"), "application/problem+json");
  auto problem = Json(id);
  EXPECT_EQ(problem["status"], 422);
  EXPECT_EQ(problem["title"], "Data tidak valid");
  std::set<std::string> fields;
  for (const auto& e : problem["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields,
            (std::set<std::string>{"title", "location.lat", "reporter.email", "reporter.nik"}));
  EXPECT_EQ(Json(en)["title"], "Invalid data");
}

TEST_F(Api, WrongTypesAndMissingFieldsAreReportedTogether) {
  auto r = Call("POST", "/api/v1/cases", {}, R"({"kind":"complaint","title":5,"anonymous":"yes"})");

  ASSERT_EQ(r.status, 422);
  std::map<std::string, std::string> codes;
  const json problem = Json(r);
  for (const auto& e : problem["errors"]) codes[e["field"]] = e["code"];
  EXPECT_EQ(codes["title"], "invalid_type");
  EXPECT_EQ(codes["anonymous"], "invalid_type");
  EXPECT_EQ(codes["description"], "required");
}

// A coordinate of the wrong type is named once, as such; only a missing
// one is "required".
TEST_F(Api, ACoordinateOfTheWrongTypeIsNamedOnce) {
  auto wrong = Call("POST", "/api/v1/cases", {},
                    R"({"kind":"complaint","title":"a","description":"b",
                        "location":{"lat":"-6.99","lng":110.42}})");
  auto missing = Call("POST", "/api/v1/cases", {},
                      R"({"kind":"complaint","title":"a","description":"b",
                          "location":{"lng":110.42}})");

  ASSERT_EQ(wrong.status, 422);
  ASSERT_EQ(Json(wrong)["errors"].size(), 1u) << wrong.body;
  EXPECT_EQ(Json(wrong)["errors"][0]["field"], "location.lat");
  EXPECT_EQ(Json(wrong)["errors"][0]["code"], "invalid_type");
  ASSERT_EQ(missing.status, 422);
  ASSERT_EQ(Json(missing)["errors"].size(), 1u) << missing.body;
  EXPECT_EQ(Json(missing)["errors"][0]["field"], "location.lat");
  EXPECT_EQ(Json(missing)["errors"][0]["code"], "required");
}

TEST_F(Api, UnknownServiceIs422AndMalformedJsonIs400) {
  auto unknown =
      Call("POST", "/api/v1/cases", {},
           R"({"kind":"complaint","service_code":"XX-NOPE","title":"a","description":"b"})");
  auto broken = Call("POST", "/api/v1/cases", {}, R"({"kind": "complaint", )");
  auto form = Call("POST", "/api/v1/cases", {{"Content-Type", "application/x-www-form-urlencoded"}},
                   "kind=complaint");

  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(Json(unknown)["errors"][0]["field"], "service_code");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(Json(broken)["type"], "/problems/malformed-json");
  EXPECT_EQ(form.status, 415);
}

// A member given twice is refused rather than taken from its last copy: a
// gateway that checked the first copy and Sigap must not read two cases.
TEST_F(Api, AMemberGivenTwiceIsRefusedNamingIt) {
  auto twice =
      Call("POST", "/api/v1/cases", {},
           R"({"kind":"complaint","kind":"request","service_code":"PU-DRAINASE",)"
           R"("title":"Saluran tersumbat","description":"Saluran di depan SD tersumbat."})");
  auto nested = Call("POST", "/api/v1/cases", {{"Accept-Language", "en"}},
                     R"({"kind":"complaint","service_code":"PU-DRAINASE","title":"Saluran",)"
                     R"("description":"Saluran di depan SD tersumbat.",)"
                     R"("location":{"lat":-6.99,"lng":110.42,"lat":-7.1}})");
  // The same name in two different objects is not a repeat: the body is
  // parsed, and only the member the reporter object does not have is named.
  auto apart = Call("POST", "/api/v1/cases", {},
                    R"({"kind":"complaint","service_code":"PU-DRAINASE","title":"Saluran",)"
                    R"("description":"Saluran di depan SD tersumbat.","location":{"address":"x"},)"
                    R"("reporter":{"address":"y"}})");

  ASSERT_EQ(twice.status, 400) << twice.body;
  EXPECT_EQ(Json(twice)["type"], "/problems/malformed-json");
  ASSERT_EQ(Json(twice)["errors"].size(), 1u);
  EXPECT_EQ(Json(twice)["errors"][0]["field"], "kind");
  EXPECT_EQ(Json(twice)["errors"][0]["code"], "duplicate_key");
  ASSERT_EQ(nested.status, 400) << nested.body;
  EXPECT_EQ(Json(nested)["errors"][0]["field"], "location.lat");
  EXPECT_NE(Json(nested)["errors"][0]["message"].get<std::string>().find("more than once"),
            std::string::npos)
      << nested.body;
  ASSERT_EQ(apart.status, 422) << apart.body;
  ASSERT_EQ(Json(apart)["errors"].size(), 1u) << apart.body;
  EXPECT_EQ(Json(apart)["errors"][0]["field"], "reporter.address");
  EXPECT_EQ(Json(apart)["errors"][0]["code"], "unknown_field");
}

// A misspelt member is named, not dropped: "confidental": true filed a
// public case.
TEST_F(Api, AMisspeltMemberOfACaseIsNamed) {
  auto misspelt = Call("POST", "/api/v1/cases", {{"Accept-Language", "en"}},
                       R"({"kind":"complaint","title":"Pungli","description":"Diminta uang.",)"
                       R"("confidental":true,"location":{"adress":"Jl. Pemuda"},)"
                       R"("reporter":{"nama":"Sri"}})");

  ASSERT_EQ(misspelt.status, 422) << misspelt.body;
  std::set<std::string> fields;
  const auto problem = Json(misspelt);
  for (const auto& e : problem["errors"]) {
    EXPECT_EQ(e["code"], "unknown_field") << misspelt.body;
    fields.insert(e["field"].get<std::string>());
  }
  EXPECT_EQ(fields, (std::set<std::string>{"confidental", "location.adress", "reporter.nama"}));
}

// A value outside a closed set is answered with the values that are in it,
// so an integrator need not look them up.
// A filter misspelt or given twice is named, not ignored: the whole list
// would otherwise come back looking filtered.
TEST_F(Api, AnUnknownOrRepeatedListingParameterIsNamed) {
  const auto officer = Login("admin");
  auto misspelt = Call("GET", "/api/v1/cases?agency_code=DPU&limit=5", officer);
  auto twice = Call("GET", "/api/v1/cases?status=received&status=closed", officer);
  auto alerts = Call("GET", "/api/v1/alerts?detectors=local_cluster", officer);
  auto fine = Call("GET", "/api/v1/cases?agency=DPU&status=received&limit=5", officer);

  ASSERT_EQ(misspelt.status, 422) << misspelt.body;
  const auto m = Json(misspelt);
  ASSERT_EQ(m["errors"].size(), 1u) << misspelt.body;
  EXPECT_EQ(m["errors"][0]["field"], "agency_code");
  EXPECT_EQ(m["errors"][0]["code"], "unknown_parameter");
  const auto accepted = m["errors"][0]["allowed"];
  EXPECT_NE(std::find(accepted.begin(), accepted.end(), "agency"), accepted.end()) << accepted;
  EXPECT_NE(m["errors"][0]["message"].get<std::string>().find("bukan parameter"),
            std::string::npos);
  ASSERT_EQ(twice.status, 422) << twice.body;
  EXPECT_EQ(Json(twice)["errors"][0]["field"], "status");
  EXPECT_EQ(Json(twice)["errors"][0]["code"], "given_twice");
  ASSERT_EQ(alerts.status, 422) << alerts.body;
  EXPECT_EQ(Json(alerts)["errors"][0]["field"], "detectors");
  EXPECT_EQ(fine.status, 200) << fine.body;
}

TEST_F(Api, AnUnknownValueOfAClosedSetListsTheAcceptedOnes) {
  auto kind = Call("POST", "/api/v1/cases", {},
                   R"({"kind":"keluhan","title":"Saluran","description":"Tersumbat."})");
  auto english = Call("POST", "/api/v1/cases", {{"Accept-Language", "en"}},
                      R"({"kind":"keluhan","title":"Saluran","description":"Tersumbat."})");

  ASSERT_EQ(kind.status, 422) << kind.body;
  const auto error = Json(kind)["errors"][0];
  EXPECT_EQ(error["code"], "invalid_value");
  EXPECT_EQ(error["allowed"],
            (nlohmann::json{"complaint", "request", "aspiration", "information"}));
  EXPECT_EQ(error["message"],
            "kind: nilainya tidak dikenal; pilihan: complaint, request, aspiration, information");
  EXPECT_NE(
      Json(english)["errors"][0]["message"].get<std::string>().find("one of: complaint, request"),
      std::string::npos)
      << english.body;

  // The officers' filters likewise, each error with its own set.
  const auto officer = Login("verifikator");
  auto listing = Call("GET", "/api/v1/cases?status=baru&deadline=telat&sort=acak", officer);
  auto alerts = Call("GET", "/api/v1/alerts?status=baru", officer);
  ASSERT_EQ(listing.status, 422) << listing.body;
  std::map<std::string, nlohmann::json> allowed;
  const auto problem = Json(listing);  // kept: the loop reads into it
  for (const auto& e : problem["errors"]) allowed[e["field"].get<std::string>()] = e["allowed"];
  EXPECT_EQ(allowed["status"],
            (nlohmann::json{"received", "verified", "needs_info", "rejected", "disposed",
                            "in_progress", "resolved", "closed", "merged"}));
  EXPECT_EQ(allowed["deadline"],
            (nlohmann::json{"on_track", "due_soon", "overdue", "paused", "awaiting_calendar"}));
  EXPECT_EQ(allowed["sort"], (nlohmann::json{"newest", "deadline"}));
  ASSERT_EQ(alerts.status, 422) << alerts.body;
  EXPECT_EQ(Json(alerts)["errors"][0]["allowed"],
            (nlohmann::json{"new", "acknowledged", "actioned", "closed"}));
}

TEST_F(Api, ConfidentialCaseNeedsTheReporterSecretOrTheHandlingAgency) {
  std::string body = kExample;
  body.replace(body.find(R"("confidential": false)"), 21, R"("confidential": true)");
  auto receipt = Submit(body);
  const std::string path = "/api/v1/cases/" + receipt["tracking_code"].get<std::string>();

  auto anyone = Call("GET", path);
  auto wrong = Call("GET", path, {{"X-Reporter-Secret", "0000000000000000000000000A"}});
  auto reporter = Call("GET", path, {{"X-Reporter-Secret", receipt["reporter_secret"]}});
  // Copied in lower case, the same secret (Crockford base32 ignores case).
  std::string lower = receipt["reporter_secret"];
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto lowered = Call("GET", path, {{"X-Reporter-Secret", lower}});
  // Before disposition the agency does not handle it yet.
  auto early = Call("GET", path, Login("petugas.dpu"));
  Dispose(receipt["tracking_code"].get<std::string>());
  auto agency = Call("GET", path, Login("petugas.dpu"));
  auto leader = Call("GET", path, Login("walikota"));

  EXPECT_EQ(early.status, 403);
  EXPECT_EQ(anyone.status, 403);
  EXPECT_EQ(Json(anyone)["type"], "/problems/confidential");
  EXPECT_EQ(wrong.status, 403);
  ASSERT_EQ(reporter.status, 200);
  EXPECT_EQ(Json(reporter)["reporter"]["name"], "Sri Rahayu");
  EXPECT_EQ(lowered.status, 200) << lowered.body;
  EXPECT_EQ(agency.status, 200);
  EXPECT_EQ(leader.status, 403);
}

TEST_F(Api, AnonymousReporterIsKnownOnlyToTheVerifier) {
  std::string body = kExample;
  body.replace(body.find(R"("anonymous": false)"), 18, R"("anonymous": true)");
  // The habit of LAPOR! reporters: who they are, in the text itself.
  body.replace(body.find("air meluap ke jalan."), 20,
               "air meluap ke jalan. Saya NIK 3374012505880007, HP 0813-7771-2345.");
  body.replace(body.find("Saluran tersumbat\""), 18, "Saluran tersumbat, hub 0813-7771-2345\"");
  const std::string path = "/api/v1/cases/" + Submit(body)["tracking_code"].get<std::string>();

  auto verifier = Call("GET", path, Login("verifikator"));
  auto agency = Call("GET", path, Login("petugas.dpu"));
  auto admin = Call("GET", path, Login("admin"));

  ASSERT_EQ(verifier.status, 200);
  EXPECT_EQ(Json(verifier)["reporter"]["phone"], "081234567890");
  ASSERT_EQ(agency.status, 200);
  EXPECT_FALSE(Mentions(agency.body, {"Sri Rahayu", "081234567890", "sri@example.id"}));
  EXPECT_FALSE(Mentions(admin.body, {"Sri Rahayu", "081234567890", "sri@example.id"}));
  EXPECT_NE(Json(verifier)["description"].get<std::string>().find("3374012505880007"),
            std::string::npos);
  for (const auto* who : {&agency, &admin}) {
    EXPECT_FALSE(Mentions(who->body, {"3374012505880007", "0813-7771-2345"})) << who->body;
    EXPECT_NE(who->body.find("disamarkan"), std::string::npos) << who->body;
  }
  auto listed = Call("GET", "/api/v1/cases?limit=100&q=meluap", Login("admin"));
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_FALSE(Mentions(listed.body, {"3374012505880007", "0813-7771-2345"}));
}

// The search never finds an anonymous case by what is masked for the
// searcher, however the words are dressed: a security tester recovered a
// NIK digit by digit with "^3374…*" and found reporters by "Wiryawan." and
// "^Wiryawan" while the plain word found nothing.
TEST_F(Api, TheSearchDoesNotFindAnAnonymousCaseByItsMaskedWordsInAnyDress) {
  json body = json::parse(kExample);
  body["anonymous"] = true;
  body["title"] = "Lampu jalan Sriwijaya mati";
  body["description"] =
      "Saya Wiryawan Kusumohadi, NIK 3374019876543210, HP 0857-9988-7766. Lampu mati.";
  body["reporter"]["name"] = "Wiryawan Kusumohadi";
  const std::string code = Submit(body.dump())["tracking_code"];
  const auto admin = Login("admin");
  const auto verifier = Login("verifikator");
  const auto found = [&](const std::string& q, const http::Headers& who) {
    auto r = Call("GET", "/api/v1/cases?limit=100&q=" + q, who);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    return r.body.find(code) != std::string::npos;
  };

  // Once the full-text index has the case (it runs behind intake): before,
  // no dressed word would find it for anyone, and the test would prove
  // nothing.
  for (int tries = 0; tries < 100 && !found("%5EWiryawan", verifier); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(found("%5EWiryawan", verifier));
  for (const std::string q :
       {"Wiryawan", "%5EWiryawan", "Wiryawan.", "Wiryawan%21", "%23Wiryawan", "-Wiryawan",
        "Wiryawan%E2%80%8B", "%5E3374019%2A", "3374019876543210", "%220857%22", "Kusumohadinya"}) {
    EXPECT_FALSE(found(q, admin)) << q;
  }
  EXPECT_TRUE(found("Sriwijaya", admin));  // the words everyone reads
}

// LAPOR! reporters sign their texts; an officer may greet them by name. Of
// an anonymous case, only the verifier reads that name.
TEST_F(Api, AnAnonymousReportersNameInTheTextIsMaskedForAllButTheVerifier) {
  json body = json::parse(kExample);
  body["anonymous"] = true;
  body["title"] = "Saluran depan rumah Rahayu tersumbat";
  body["description"] = "Saya Sri Rahayu warga RT 3. Saluran tersumbat, air meluap.";
  const std::string code = Submit(body.dump())["tracking_code"];
  const std::string path = "/api/v1/cases/" + code;
  const auto verifier = Login("verifikator");
  auto asked = Call("POST", path + "/events", verifier,
                    R"({"action":"request_info","text":"Bu Rahayu, mohon kirim foto saluran."})");
  ASSERT_EQ(asked.status, 201) << asked.body;

  const auto anyone = Call("GET", path);
  const auto timeline = Call("GET", path + "/timeline");
  const auto open311 = Call("GET", "/open311/v2/requests/" + code + ".json");
  const auto updates = Call("GET", "/open311/v2/servicerequestupdates.json");
  const auto admin = Call("GET", path, Login("admin"));
  const auto listed = Call("GET", "/api/v1/cases?limit=100&q=meluap", Login("admin"));
  const json seen = Json(Call("GET", path, verifier));

  for (const auto* r : {&anyone, &timeline, &open311, &updates, &admin, &listed}) {
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_FALSE(Mentions(r->body, {"Rahayu"})) << r->body;
  }
  EXPECT_EQ(Json(anyone)["title"], "Saluran depan rumah [disamarkan] tersumbat");
  EXPECT_EQ(Json(anyone)["description"],
            "Saya [disamarkan] [disamarkan] warga RT 3. Saluran tersumbat, air meluap.");
  EXPECT_NE(anyone.body.find("[disamarkan], mohon kirim foto"), std::string::npos) << anyone.body;
  EXPECT_NE(updates.body.find("[disamarkan], mohon kirim foto"), std::string::npos);
  EXPECT_EQ(seen["description"], body["description"]);
  EXPECT_EQ(seen["reporter"]["name"], "Sri Rahayu");
}

TEST_F(Api, ListingNeedsASessionAndIsScopedToTheOfficersAgency) {
  Dispose(Submit()["tracking_code"].get<std::string>());
  EXPECT_EQ(Call("GET", "/api/v1/cases").status, 401);

  auto agency = Call("GET", "/api/v1/cases?limit=100", Login("petugas.dpu"));
  auto verifier = Call("GET", "/api/v1/cases?limit=100", Login("verifikator"));

  ASSERT_EQ(agency.status, 200);
  ASSERT_EQ(verifier.status, 200);
  std::set<std::string> agencies;
  const json own = Json(agency);
  for (const auto& c : own["items"]) agencies.insert(c["agency_code"]);
  EXPECT_EQ(agencies, std::set<std::string>{"DPU"});
  std::set<std::string> all;
  const json everything = Json(verifier);
  for (const auto& c : everything["items"]) all.insert(c["agency_code"]);
  EXPECT_GT(all.size(), 1u);
  EXPECT_FALSE(Mentions(verifier.body, {"Sri Rahayu", "081234567890"}));
}

TEST_F(Api, ListingPagesWithACursorAndFilters) {
  auto officer = Login("verifikator");

  auto first = Json(Call("GET", "/api/v1/cases?limit=5", officer));
  ASSERT_EQ(first["items"].size(), 5u);
  ASSERT_TRUE(first["next_cursor"].is_string());
  auto second = Json(Call(
      "GET", "/api/v1/cases?limit=5&cursor=" + first["next_cursor"].get<std::string>(), officer));
  ASSERT_EQ(second["items"].size(), 5u);
  EXPECT_NE(first["items"][4]["tracking_code"], second["items"][0]["tracking_code"]);

  auto drainage = Json(Call("GET", "/api/v1/cases?service=PU-DRAINASE&limit=50", officer));
  for (const auto& c : drainage["items"]) EXPECT_EQ(c["service_code"], "PU-DRAINASE");
  auto region = Json(Call("GET", "/api/v1/cases?region=33.74.01&limit=50", officer));
  for (const auto& c : region["items"]) {
    EXPECT_EQ(c["region_code"].get<std::string>().rfind("33.74.01", 0), 0u);
  }
  // A tracking code typed into the search, as the reporter reads it out
  // (lower case, with a hyphen), finds its case and nothing else; an
  // agency that may not see the case (not disposed to it yet) finds
  // nothing.
  std::string wanted;
  for (const auto& c : second["items"]) {
    if (c["status"] == "received") wanted = c["tracking_code"];
  }
  ASSERT_FALSE(wanted.empty()) << second.dump();
  std::string spoken = wanted.substr(0, 5) + "-" + wanted.substr(5);
  for (char& ch : spoken) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const json by_code = Json(Call("GET", "/api/v1/cases?q=" + spoken, officer));
  ASSERT_EQ(by_code["items"].size(), 1u) << by_code.dump();
  EXPECT_EQ(by_code["items"][0]["tracking_code"], wanted);
  EXPECT_TRUE(
      Json(Call("GET", "/api/v1/cases?q=" + wanted, Login("petugas.dpu")))["items"].empty());
  auto bad = Call("GET", "/api/v1/cases?status=lost&limit=9999", officer);
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(Json(bad)["errors"].size(), 2u);
  // A cursor mangled on its way back is refused, not read as another page
  // (which started the listing over from the top).
  std::string mangled = first["next_cursor"].get<std::string>();
  mangled[0] = mangled[0] == '1' ? '2' : '1';
  for (const std::string& cursor : {std::string("garbage"), std::string("zzzz"), mangled}) {
    auto wrong = Call("GET", "/api/v1/cases?limit=5&cursor=" + cursor, officer);
    ASSERT_EQ(wrong.status, 422) << cursor << ": " << wrong.body;
    EXPECT_EQ(Json(wrong)["errors"][0]["field"], "cursor");
  }
  // A NUL or broken UTF-8 in the search words is the client's mistake, not a
  // failed full-text query (it was a 500).
  for (const std::string q : {"got%00ong", "selokan%FF", "a%0Ab"}) {
    auto search = Call("GET", "/api/v1/cases?q=" + q, officer);
    ASSERT_EQ(search.status, 422) << q << ": " << search.body;
    EXPECT_EQ(Json(search)["errors"][0]["field"], "q");
  }
}

// A webhook cannot be pointed at the machines behind Sigap unless the
// Pemda allows addresses of its own network (notify.webhook_private_targets).
TEST_F(Api, AWebhookToTheOwnNetworkIsRefusedNamingTheUrl) {
  const auto admin = Login("admin");
  for (const char* url : {"http://127.0.0.1:8080/hook", "http://[::1]/hook",
                          "http://169.254.169.254/latest/meta-data", "http://10.0.0.5/hook",
                          "http://localhost:9000/hook"}) {
    const json body{{"url", url}};
    auto refused = Call("POST", "/api/v1/webhooks", admin, body.dump());
    ASSERT_EQ(refused.status, 422) << url << ": " << refused.body;
    EXPECT_EQ(Json(refused)["errors"][0]["field"], "url") << refused.body;
    EXPECT_EQ(Json(refused)["errors"][0]["code"], "private_address") << refused.body;
  }
  auto public_hook =
      Call("POST", "/api/v1/webhooks", admin, R"({"url": "https://hooks.example.id/sigap"})");
  ASSERT_EQ(public_hook.status, 201) << public_hook.body;
  EXPECT_EQ(Call("DELETE", "/api/v1/webhooks/" + Json(public_hook)["id"].dump(), admin).status,
            204);
}

TEST_F(Api, StateChangingRequestWithASessionNeedsItsCsrfToken) {
  auto headers = Login("verifikator");
  headers.erase("X-CSRF-Token");

  auto r = Call("DELETE", "/api/v1/session", headers);

  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Json(r)["type"], "/problems/csrf");
}

TEST_F(Api, AnotherTabOfTheSessionLearnsItsCsrfTokenAndCanAct) {
  const auto signed_in = Login("verifikator");
  http::Headers new_tab{{"Cookie", signed_in.at("Cookie")}};

  auto session = Call("GET", "/api/v1/session", new_tab);
  auto stranger = Call("GET", "/api/v1/session");

  ASSERT_EQ(session.status, 200);
  EXPECT_EQ(Json(session)["csrf_token"], signed_in.at("X-CSRF-Token"));
  EXPECT_EQ(session.Header("Cache-Control").value_or(""), "no-store");
  EXPECT_EQ(stranger.status, 401);
  new_tab.emplace("X-CSRF-Token", Json(session)["csrf_token"].get<std::string>());
  EXPECT_EQ(Call("DELETE", "/api/v1/session", new_tab).status, 204);
}

TEST_F(Api, WrongPasswordIs401AndLogoutEndsTheSession) {
  auto wrong = Call("POST", "/api/v1/session", {}, R"({"username":"admin","password":"x"})");
  auto nobody = Call("POST", "/api/v1/session", {}, R"({"username":"ghost","password":"x"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(nobody.status, 401);
  // Said as a sign-in's failure, the same whichever of the two was wrong.
  EXPECT_EQ(Json(wrong)["detail"], "Nama pengguna atau kata sandi salah.");
  EXPECT_EQ(Json(nobody)["detail"], Json(wrong)["detail"]);

  auto headers = Login("admin");
  EXPECT_EQ(Call("GET", "/api/v1/session", headers).status, 200);
  EXPECT_EQ(Call("DELETE", "/api/v1/session", headers).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/session", headers).status, 401);
}

TEST_F(Api, CatalogueListsServicesWithTheirStandard) {
  auto services = Json(Call("GET", "/api/v1/services"));
  ASSERT_GE(services["items"].size(), 20u);
  for (const auto& s : services["items"]) {
    EXPECT_FALSE(s["code"].get<std::string>().empty());
    EXPECT_FALSE(s["agency_code"].get<std::string>().empty());
    EXPECT_FALSE(s["group"].get<std::string>().empty());
    EXPECT_GE(s["standard"]["version"], 1);
  }

  auto one = Call("GET", "/api/v1/services/PU-DRAINASE");
  ASSERT_EQ(one.status, 200);
  auto svc = Json(one);
  EXPECT_GT(svc["standard"]["completion_days"], 0);
  EXPECT_FALSE(svc["standard"]["requirements"].empty());
  EXPECT_EQ(svc["versions"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/services/NOPE").status, 404);
}

TEST_F(Api, AgenciesAndRegions) {
  const json agencies = Json(Call("GET", "/api/v1/agencies"));
  std::set<std::string> codes;
  for (const auto& a : agencies["items"]) codes.insert(a["code"]);
  for (const char* needed :
       {"DPU", "DISHUB", "DISPERKIM", "SATPOLPP", "DISDUKCAPIL", "DINKES", "DINSOS", "PDAM"}) {
    EXPECT_TRUE(codes.contains(needed)) << needed;
  }

  auto kecamatan = Json(Call("GET", "/api/v1/regions?parent=33.74"));
  EXPECT_EQ(kecamatan["items"].size(), 16u);
  auto kelurahan = Json(Call("GET", "/api/v1/regions?parent=33.74.01&format=geojson"));
  EXPECT_EQ(kelurahan["type"], "FeatureCollection");
  ASSERT_FALSE(kelurahan["features"].empty());
  EXPECT_TRUE(kelurahan["features"][0]["geometry"].is_object());
  EXPECT_EQ(Call("GET", "/api/v1/regions?format=kml").status, 422);
  // A kelurahan has nothing under it; a code the Pemda lacks is named.
  EXPECT_EQ(Json(Call("GET", "/api/v1/regions?parent=33.74.01.1001"))["items"].size(), 0u);
  const auto unknown = Call("GET", "/api/v1/regions?parent=abc");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Json(unknown)["errors"][0]["field"], "parent") << unknown.body;
  const auto version = Call("GET", "/api/v1/services/PU-DRAINASE?version=abc");
  EXPECT_EQ(version.status, 422);
  EXPECT_EQ(Json(version)["errors"][0]["field"], "version") << version.body;
}

TEST_F(Api, MapsDrawBoundariesOnlyUnlessATileServerIsConfigured) {
  const json plain = Json(Call("GET", "/api/v1/map"));
  ServerProcess tiled(
      {.env = {{"SIGAP_MAP_TILE_URL", "https://{s}.tile.example.org/{z}/{x}/{y}.png"},
               {"SIGAP_MAP_TILE_ATTRIBUTION", "© Kontributor OpenStreetMap"}}});
  ASSERT_TRUE(tiled.Prepare());
  ASSERT_TRUE(tiled.Start());
  const auto with_tiles = test_support::Fetch(tiled.port(), "GET", "/api/v1/map", {}, {});

  EXPECT_TRUE(plain["tiles"].is_null()) << plain.dump();
  ASSERT_TRUE(with_tiles.has_value()) << with_tiles.error();
  ASSERT_EQ(with_tiles->status, 200);
  const json tiles = json::parse(with_tiles->body)["tiles"];
  EXPECT_EQ(tiles["url"], "https://{s}.tile.example.org/{z}/{x}/{y}.png");
  EXPECT_EQ(tiles["attribution"], "© Kontributor OpenStreetMap");
}

TEST_F(Api, ServerErrorsSpeakTheRequestedLanguageToo) {
  auto id = Call("GET", "/tidak/ada");
  auto en = Call("GET", "/tidak/ada", {{"Accept-Language", "en"}});
  auto big = Call("POST", "/api/v1/cases", {}, std::string(2 << 20, ' '));

  EXPECT_EQ(id.status, 404);
  EXPECT_EQ(Json(id)["title"], "Tidak ditemukan");
  EXPECT_EQ(Json(en)["title"], "Not Found");
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(Json(big)["type"], "/problems/payload-too-large");
  EXPECT_EQ(Json(big)["title"], "Isi terlalu besar");
}

TEST_F(Api, HealthReadinessAndMetrics) {
  Submit();

  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  auto ready = Call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(Json(ready)["pemda"], "33.74");
  auto metrics = Call("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("sigap_http_requests_total{"), std::string::npos);
  EXPECT_NE(metrics.body.find("route=\"cases_submit\""), std::string::npos);
  EXPECT_NE(metrics.body.find("sigap_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("sigap_store_commit_batch_size_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("sigap_store_commit_seconds_sum"), std::string::npos);
  // SQLite's checkpoints; no bounded pool of read connections to show.
  EXPECT_NE(metrics.body.find("sigap_store_checkpoint_seconds_count"), std::string::npos);
  EXPECT_EQ(metrics.body.find("sigap_store_read_connections"), std::string::npos);
}

TEST_F(Api, AccessLogHasNoPersonalData) {
  Submit();
  Call("GET", "/api/v1/cases?q=Sri", Login("verifikator"));

  const std::string log = server_->LogTail(200000);

  EXPECT_NE(log.find("\"route\""), std::string::npos);
  EXPECT_FALSE(
      Mentions(log, {"Sri Rahayu", "081234567890", "sri@example.id", "3374010101900001", "q=Sri"}));
}

// The working calendar: the SKB days off for everyone, the Pemda's own days
// for its administrators. Expected dates follow the 2026 calendar (5 June
// 2026 is a Friday) and data/calendar/2026.json.
TEST_F(Api, CalendarListsTheNationalDaysOffOfAYear) {
  auto r = Call("GET", "/api/v1/calendar?year=2026");

  ASSERT_EQ(r.status, 200) << r.body;
  const json calendar = Json(r);
  EXPECT_EQ(calendar["year"], 2026);
  EXPECT_EQ(calendar["covered"], true);
  std::map<std::string, json> by_date;
  for (const auto& day : calendar["items"]) by_date[day["date"]] = day;
  ASSERT_TRUE(by_date.contains("2026-03-19"));
  EXPECT_EQ(by_date["2026-03-19"]["name"], "Hari Suci Nyepi (Tahun Baru Saka 1948)");
  EXPECT_EQ(by_date["2026-03-19"]["kind"], "libur_nasional");
  EXPECT_EQ(by_date["2026-03-19"]["weekday"], "Kamis");
  EXPECT_EQ(by_date["2026-03-19"]["source"], "national");
  ASSERT_TRUE(by_date.contains("2026-03-18"));
  EXPECT_EQ(by_date["2026-03-18"]["kind"], "cuti_bersama");
  EXPECT_EQ(Json(Call("GET", "/api/v1/calendar?year=2031"))["covered"], false);
  EXPECT_EQ(Call("GET", "/api/v1/calendar?year=26").status, 422);
}

TEST_F(Api, AdministratorsAddAndRemoveThePemdasOwnDayOff) {
  const std::string due = "/api/v1/calendar/due?from=2026-06-02T10:00:00%2B07:00&days=3";
  const std::string day = R"({"date": "2026-06-05", "name": "Hari jadi Kota"})";
  const auto due_date = [&] { return Json(Call("GET", due)).value("due_date", ""); };
  // Tuesday 2 June, 3 working days: Wed 3, Thu 4, Fri 5 June.
  ASSERT_EQ(due_date(), "2026-06-05");

  auto anonymous = Call("POST", "/api/v1/calendar/days", {}, day);
  auto verifier = Call("POST", "/api/v1/calendar/days", Login("verifikator"), day);
  const auto admin = Login("admin");
  auto bad = Call("POST", "/api/v1/calendar/days", admin,
                  R"({"date": "2026-02-30", "name": "Hari jadi Kota"})");
  auto added = Call("POST", "/api/v1/calendar/days", admin, day);
  // A year without its national calendar: the problem says to install it.
  auto uncovered = Call("POST", "/api/v1/calendar/days", admin,
                        R"({"date": "2095-06-05", "name": "Hari jadi Kota"})");

  EXPECT_EQ(anonymous.status, 401);
  ASSERT_EQ(uncovered.status, 422) << uncovered.body;
  EXPECT_EQ(Json(uncovered)["errors"][0]["code"], "no_calendar") << uncovered.body;
  EXPECT_NE(uncovered.body.find("kalender"), std::string::npos) << uncovered.body;
  EXPECT_EQ(verifier.status, 403);
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(Json(bad)["errors"][0]["field"], "date");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(Json(added)["source"], "regional");
  bool listed = false;
  const json calendar = Json(Call("GET", "/api/v1/calendar?year=2026"));
  for (const auto& d : calendar["items"]) {
    listed |= d["date"] == "2026-06-05" && d["name"] == "Hari jadi Kota" && d["kind"] == "regional";
  }
  EXPECT_TRUE(listed);
  // Friday 5 June is off now: Wed 3, Thu 4, Monday 8 June.
  const json moved = Json(Call("GET", due));
  EXPECT_EQ(moved["due_at"], "2026-06-08T23:59:59+07:00");
  EXPECT_EQ(moved["due_date_text"], "Senin, 8 Juni 2026");

  EXPECT_EQ(Call("DELETE", "/api/v1/calendar/days/2026-06-05", Login("verifikator")).status, 403);
  auto removed = Call("DELETE", "/api/v1/calendar/days/2026-06-05", admin);
  EXPECT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(Json(removed)["deadlines_moved"].is_number_integer()) << removed.body;
  EXPECT_EQ(Call("DELETE", "/api/v1/calendar/days/2026-06-05", admin).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/calendar/days/5-6-2026", admin).status, 422);
  EXPECT_EQ(due_date(), "2026-06-05");
}

// An administrator installs next year's SKB before the server's files have
// it: the year is covered at once (deadlines count into it), and a wrong
// document is refused naming the field, leaving nothing installed.
TEST_F(Api, AdministratorsInstallAYearsCalendar) {
  int y = 2027;
  while (Json(Call("GET", "/api/v1/calendar?year=" + std::to_string(y)))["covered"] == true) ++y;
  const std::string year = std::to_string(y);
  const std::string path = "/api/v1/calendar/years/" + year;
  json document{{"year", y},
                {"decree", "SKB 3 Menteri Tahun " + year},
                {"days",
                 {{{"date", year + "-01-01"}, {"name", "Tahun Baru"}, {"type", "libur_nasional"}},
                  {{"date", year + "-06-01"},
                   {"name", "Hari Lahir Pancasila"},
                   {"type", "libur_nasional"}}}}};
  json bad = document;
  bad["days"][1]["date"] = year + "-13-01";

  auto anonymous = Call("PUT", path, {}, document.dump());
  auto verifier = Call("PUT", path, Login("verifikator"), document.dump());
  const auto admin = Login("admin");
  auto wrong = Call("PUT", path, admin, bad.dump());
  auto other_year =
      Call("PUT", "/api/v1/calendar/years/" + std::to_string(y + 1), admin, document.dump());
  auto from_files = Call("PUT", "/api/v1/calendar/years/2026", admin,
                         json{{"year", 2026}, {"decree", "x"}, {"days", json::array()}}.dump());
  auto not_json = Call("PUT", path, admin, "{\"year\": ");
  ASSERT_EQ(Json(Call("GET", "/api/v1/calendar?year=" + year))["covered"], false);
  auto installed = Call("PUT", path, admin, document.dump());

  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(verifier.status, 403);
  ASSERT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(wrong.Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(Json(wrong)["errors"][0]["field"], "days[1].date");
  ASSERT_EQ(other_year.status, 422);
  EXPECT_EQ(Json(other_year)["errors"][0]["field"], "year");
  ASSERT_EQ(from_files.status, 422);
  EXPECT_EQ(Json(from_files)["errors"][0]["code"], "exists");
  EXPECT_EQ(not_json.status, 400);
  ASSERT_EQ(installed.status, 200) << installed.body;
  const json answer = Json(installed);
  EXPECT_EQ(answer["covered"], true);
  EXPECT_EQ(answer["installed"], true);
  EXPECT_EQ(answer["decree"], "SKB 3 Menteri Tahun " + year);
  EXPECT_EQ(answer["items"].size(), 2u);
  const json listed = Json(Call("GET", "/api/v1/calendar?year=" + year));
  EXPECT_EQ(listed["covered"], true);
  EXPECT_EQ(listed["items"][1]["name"], "Hari Lahir Pancasila");
  // A deadline now counts into that year: 31 December, 1 working day, lands
  // after New Year's Day.
  const json due = Json(Call("GET", "/api/v1/calendar/due?from=" + std::to_string(y - 1) +
                                        "-12-31T10:00:00%2B07:00&days=1"));
  EXPECT_GT(due.value("due_date", ""), year + "-01-01") << due.dump();
}

// An administrator manages officer accounts without a shell: creates one,
// corrects it, resets its password and takes its access away.
TEST_F(Api, AdministratorsManageOfficerAccounts) {
  const auto admin = Login("admin");
  const auto sign_in = [&](const std::string& password) {
    const json body{{"username", "petugas.baru"}, {"password", password}};
    return Call("POST", "/api/v1/session", {}, body.dump());
  };
  const json account{{"username", "petugas.baru"},
                     {"password", "kata-sandi-awal-1"},
                     {"role", "agency_officer"},
                     {"agency_code", "DPU"},
                     {"email", "petugas.baru@pemda.id"}};

  EXPECT_EQ(Call("GET", "/api/v1/users").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/users", Login("verifikator")).status, 403);
  auto no_agency =
      Call("POST", "/api/v1/users", admin,
           R"({"username":"petugas.x","password":"kata-sandi-awal-1","role":"agency_officer"})");
  ASSERT_EQ(no_agency.status, 422) << no_agency.body;
  EXPECT_EQ(Json(no_agency)["errors"][0]["field"], "agency_code");
  auto bad_role =
      Call("POST", "/api/v1/users", admin,
           R"({"username":"petugas.x","password":"kata-sandi-awal-1","role":"walikota"})");
  ASSERT_EQ(bad_role.status, 422);
  EXPECT_EQ(Json(bad_role)["errors"][0]["field"], "role");
  json bad_email = account;
  bad_email["email"] = "bukan alamat";
  auto refused = Call("POST", "/api/v1/users", admin, bad_email.dump());
  ASSERT_EQ(refused.status, 422);
  EXPECT_EQ(Json(refused)["errors"][0]["field"], "email");
  EXPECT_EQ(sign_in("kata-sandi-awal-1").status, 401);  // nothing was half-created

  auto created = Call("POST", "/api/v1/users", admin, account.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Json(created)["email"], "petugas.baru@pemda.id");
  EXPECT_EQ(Json(created).contains("password"), false);
  EXPECT_EQ(Call("POST", "/api/v1/users", admin, account.dump()).status, 409);
  bool listed = false;
  const json users = Json(Call("GET", "/api/v1/users", admin));
  for (const auto& u : users["items"]) {
    listed |= u["username"] == "petugas.baru" && u["role"] == "agency_officer" &&
              u["agency_code"] == "DPU" && u["active"] == true;
    EXPECT_FALSE(u.contains("password_hash"));
  }
  EXPECT_TRUE(listed);

  auto session = sign_in("kata-sandi-awal-1");
  ASSERT_EQ(session.status, 200);
  http::Headers officer;
  const std::string cookie(session.Header("Set-Cookie").value_or(""));
  officer.emplace("Cookie", cookie.substr(0, cookie.find(';')));
  EXPECT_EQ(Call("GET", "/api/v1/cases", officer).status, 200);

  const std::string path = "/api/v1/users/petugas.baru";
  EXPECT_EQ(Call("PATCH", path, admin, R"({"nickname":"x"})").status, 422);
  EXPECT_EQ(Call("PATCH", path, admin, R"({"password":"pendek"})").status, 422);
  EXPECT_EQ(Call("PATCH", path, admin, R"({"agency_code":"TIDAKADA"})").status, 422);
  EXPECT_EQ(Call("PATCH", "/api/v1/users/tidak.ada", admin, R"({"active":false})").status, 404);
  auto moved = Call("PATCH", path, admin, R"({"agency_code":"DISHUB","role":"agency_head"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Json(moved)["agency_code"], "DISHUB");
  EXPECT_EQ(Json(moved)["role"], "agency_head");
  // A role of no agency leaves the agency behind, and is not given one.
  auto auditor = Call("PATCH", path, admin, R"({"role":"auditor"})");
  ASSERT_EQ(auditor.status, 200) << auditor.body;
  EXPECT_EQ(Json(auditor)["agency_code"], "");
  auto verifier_of = Call("PATCH", path, admin, R"({"role":"verifier","agency_code":"DPU"})");
  ASSERT_EQ(verifier_of.status, 422) << verifier_of.body;
  EXPECT_EQ(Json(verifier_of)["errors"][0]["field"], "agency_code");
  ASSERT_EQ(Call("PATCH", path, admin, R"({"role":"agency_head","agency_code":"DISHUB"})").status,
            200);

  // A new password signs the account out everywhere; the old one is dead.
  ASSERT_EQ(Call("PATCH", path, admin, R"({"password":"kata-sandi-baru-2"})").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/cases", officer).status, 401);
  EXPECT_EQ(sign_in("kata-sandi-awal-1").status, 401);
  ASSERT_EQ(sign_in("kata-sandi-baru-2").status, 200);

  // Deactivated: no more sign-in. An administrator cannot lock themselves out.
  ASSERT_EQ(Call("PATCH", path, admin, R"({"active":false})").status, 200);
  EXPECT_EQ(sign_in("kata-sandi-baru-2").status, 401);
  auto self = Call("PATCH", "/api/v1/users/admin", admin, R"({"active":false})");
  EXPECT_EQ(self.status, 409) << self.body;
  EXPECT_EQ(Call("GET", "/api/v1/users", admin).status, 200);
}

// An account's full name is optional, trimmed and checked like any field;
// the list shows it and a PATCH changes or removes it.
TEST_F(Api, AdministratorsGiveAnOfficerAFullName) {
  const auto admin = Login("admin");
  json account{{"username", "petugas.nama"},
               {"password", "kata-sandi-awal-1"},
               {"role", "agency_officer"},
               {"agency_code", "DPU"}};
  const auto refused = [&](const json& body, const std::string& method = "POST",
                           const std::string& path = "/api/v1/users") {
    auto r = Call(method, path, admin, body.dump());
    EXPECT_EQ(r.status, 422) << body.dump() << ": " << r.body;
    EXPECT_EQ(Json(r)["errors"][0]["field"], "full_name") << r.body;
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
  };
  const auto listed_name = [&]() -> json {
    const json users = Json(Call("GET", "/api/v1/users", admin));
    for (const auto& u : users["items"]) {
      if (u["username"] == "petugas.nama") return u["full_name"];
    }
    return nullptr;
  };

  for (const json& bad : {json(std::string(121, 'a')), json("Dewi\tAnggraini"), json(7)}) {
    json body = account;
    body["full_name"] = bad;
    refused(body);
  }
  EXPECT_TRUE(listed_name().is_null());  // nothing was half-created
  account["full_name"] = "  Dewi Anggraini\u00a0";
  auto created = Call("POST", "/api/v1/users", admin, account.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Json(created)["full_name"], "Dewi Anggraini");
  EXPECT_EQ(listed_name(), "Dewi Anggraini");

  const std::string path = "/api/v1/users/petugas.nama";
  // 120 characters of two bytes each are still a name.
  std::string longest;
  for (int i = 0; i < 120; ++i) longest += "\u00e9";
  auto at_limit = Call("PATCH", path, admin, json{{"full_name", longest}}.dump());
  ASSERT_EQ(at_limit.status, 200) << at_limit.body;
  EXPECT_EQ(Json(at_limit)["full_name"], longest);
  refused({{"full_name", longest + "a"}}, "PATCH", path);
  auto renamed = Call("PATCH", path, admin, R"({"full_name":"Dewi Anggraini, S.T."})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Json(renamed)["full_name"], "Dewi Anggraini, S.T.");
  EXPECT_EQ(Json(renamed)["agency_code"], "DPU");  // the rest stays as it was
  ASSERT_EQ(Call("PATCH", path, admin, R"({"full_name":"  "})").status, 200);
  EXPECT_EQ(listed_name(), "");
}

// Officers read who acted on a case by the officer's full name (the demo's
// verifikator is Mega Puspitasari); the public and the reporter never learn
// it and read "officer" as before.
TEST_F(Api, OfficersSeeTheFullNameOfTheOfficerWhoActed) {
  const auto receipt = Submit();
  const std::string code = receipt["tracking_code"];
  Dispose(code);
  const std::string path = "/api/v1/cases/" + code;
  const auto officer = Call("GET", path, Login("petugas.dpu"));
  const auto timeline = Call("GET", path + "/timeline", Login("petugas.dpu"));
  const auto anyone = Call("GET", path);
  const auto reporter = Call("GET", path, {{"X-Reporter-Secret", receipt["reporter_secret"]}});
  const auto reporter_timeline =
      Call("GET", path + "/timeline", {{"X-Reporter-Secret", receipt["reporter_secret"]}});

  ASSERT_EQ(officer.status, 200) << officer.body;
  const json disposed = Json(officer)["timeline"].back();
  EXPECT_EQ(disposed["kind"], "disposed");
  EXPECT_EQ(disposed["actor"], "user:verifikator");
  EXPECT_EQ(disposed["actor_name"], "Mega Puspitasari");
  EXPECT_FALSE(Json(officer)["timeline"][0].contains("actor_name"));  // the citizen's
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  EXPECT_EQ(Json(timeline)["events"].back()["actor_name"], "Mega Puspitasari");
  for (const auto* r : {&anyone, &reporter, &reporter_timeline}) {
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_FALSE(Mentions(r->body, {"Mega Puspitasari", "actor_name", "verifikator"})) << r->body;
  }
  EXPECT_EQ(Json(anyone)["timeline"].back()["actor"], "officer");
}

// The officers' names are kept between views, but an officer renamed by
// an administrator is named anew on the next view of the case and of its
// timeline: the case itself did not change, yet a browser that asks again
// with its ETag (If-None-Match) gets the new name, not 304.
TEST_F(Api, ARenamedOfficerIsNamedAnewOnTheNextViewOfTheCase) {
  const std::string code = Submit()["tracking_code"];
  Dispose(code);
  const std::string path = "/api/v1/cases/" + code;
  const auto officer = Login("petugas.dpu");
  const auto admin = Login("admin");
  const auto before = Call("GET", path, officer);
  const auto before_timeline = Call("GET", path + "/timeline", officer);
  ASSERT_EQ(before.status, 200) << before.body;
  ASSERT_EQ(Json(before)["timeline"].back()["actor_name"], "Mega Puspitasari");
  const std::string etag(before.Header("ETag").value_or(""));
  const std::string timeline_etag(before_timeline.Header("ETag").value_or(""));

  const auto renamed = Call("PATCH", "/api/v1/users/verifikator", admin,
                            R"({"full_name":"Mega Puspitasari Wibowo, S.Sos."})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  http::Headers revalidate = officer;
  revalidate.emplace("If-None-Match", etag);
  const auto after = Call("GET", path, revalidate);
  http::Headers revalidate_timeline = officer;
  revalidate_timeline.emplace("If-None-Match", timeline_etag);
  const auto after_timeline = Call("GET", path + "/timeline", revalidate_timeline);
  const auto unchanged = Call("GET", path, [&] {
    http::Headers h = officer;
    h.emplace("If-None-Match", after.Header("ETag").value_or(""));
    return h;
  }());
  // Back as the other tests know her.
  ASSERT_EQ(Call("PATCH", "/api/v1/users/verifikator", admin, R"({"full_name":"Mega Puspitasari"})")
                .status,
            200);

  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(Json(after)["timeline"].back()["actor_name"], "Mega Puspitasari Wibowo, S.Sos.");
  ASSERT_EQ(after_timeline.status, 200) << after_timeline.body;
  EXPECT_EQ(Json(after_timeline)["events"].back()["actor_name"], "Mega Puspitasari Wibowo, S.Sos.");
  EXPECT_EQ(unchanged.status, 304);  // nothing else changed: still revalidated cheaply
}

// One account, as the list shows it: an administrator reads any of the
// Pemda's, an officer only their own. Someone else's is 403 to an officer,
// known or not (the answer does not tell which usernames exist); an
// unknown username is 404 to the administrator.
TEST_F(Api, AnAccountIsReadByAnAdministratorOrByItsOwnOfficer) {
  const auto admin = Login("admin");
  const auto verifier = Login("verifikator");
  json listed;
  const json users = Json(Call("GET", "/api/v1/users", admin));
  for (const auto& u : users["items"]) {
    if (u["username"] == "verifikator") listed = u;
  }
  ASSERT_TRUE(listed.is_object());
  const auto problem = [&](const HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json") << r.body;
    EXPECT_FALSE(Mentions(r.body, {"Mega Puspitasari", "Novi Anggraeni"})) << r.body;
  };

  const auto by_admin = Call("GET", "/api/v1/users/verifikator", admin);
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_EQ(Json(by_admin), listed);
  EXPECT_EQ(Json(by_admin)["full_name"], "Mega Puspitasari");
  const auto own = Call("GET", "/api/v1/users/verifikator", verifier);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Json(own), listed);

  problem(Call("GET", "/api/v1/users/admin", verifier), 403);
  problem(Call("GET", "/api/v1/users/tidak.ada", verifier), 403);
  problem(Call("GET", "/api/v1/users/tidak.ada", admin), 404);
  problem(Call("GET", "/api/v1/users/verifikator"), 401);
}

// An officer replaces the password an administrator gave: the current one
// is asked for, every other session ends, and the caller stays signed in.
TEST_F(Api, AnOfficerChangesTheirOwnPassword) {
  const auto admin = Login("admin");
  const json account{{"username", "petugas.sandi"},
                     {"password", "sandi-dari-admin-1"},
                     {"role", "agency_officer"},
                     {"agency_code", "DPU"}};
  ASSERT_EQ(Call("POST", "/api/v1/users", admin, account.dump()).status, 201);
  const auto sign_in = [&](const std::string& password) {
    return Call("POST", "/api/v1/session", {},
                json{{"username", "petugas.sandi"}, {"password", password}}.dump());
  };
  const auto headers_of = [&](const test_support::HttpResponse& r) {
    const std::string cookie(r.Header("Set-Cookie").value_or(""));
    http::Headers h;
    h.emplace("Cookie", cookie.substr(0, cookie.find(';')));
    h.emplace("X-CSRF-Token", Json(r).value("csrf_token", ""));
    return h;
  };
  const auto here = headers_of(sign_in("sandi-dari-admin-1"));
  const auto elsewhere = headers_of(sign_in("sandi-dari-admin-1"));
  auto change = [&](const std::string& current, const std::string& next) {
    return Call("POST", "/api/v1/session/password", here,
                json{{"current_password", current}, {"new_password", next}}.dump());
  };

  const auto wrong = change("tebakan-saja-1", "sandi-pilihan-sendiri");
  const auto short_one = change("sandi-dari-admin-1", "pendek");
  const auto same = change("sandi-dari-admin-1", "sandi-dari-admin-1");
  const auto changed = change("sandi-dari-admin-1", "sandi-pilihan-sendiri");

  ASSERT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(Json(wrong)["errors"][0]["field"], "current_password");
  EXPECT_EQ(Json(short_one)["errors"][0]["field"], "new_password");
  EXPECT_EQ(Json(same)["errors"][0]["field"], "new_password");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Call("GET", "/api/v1/session", headers_of(changed)).status, 200);  // still signed in
  EXPECT_EQ(Call("GET", "/api/v1/session", elsewhere).status, 401);  // the other session ended
  EXPECT_EQ(sign_in("sandi-dari-admin-1").status, 401);
  EXPECT_EQ(sign_in("sandi-pilihan-sendiri").status, 200);
}

// An administrator gives another system a key, sees who made it, and takes
// it back when it leaks: the next request with it is refused.
TEST_F(Api, AdministratorsCreateListAndRevokeApiKeys) {
  const auto admin = Login("admin");
  EXPECT_EQ(Call("GET", "/api/v1/api-keys").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/api-keys", Login("verifikator")).status, 403);

  auto no_agency =
      Call("POST", "/api/v1/api-keys", admin, R"({"name":"sipd","role":"agency_officer"})");
  ASSERT_EQ(no_agency.status, 422) << no_agency.body;
  EXPECT_EQ(Json(no_agency)["errors"][0]["field"], "agency_code");
  auto unknown_agency = Call("POST", "/api/v1/api-keys", admin,
                             R"({"name":"sipd","role":"agency_officer","agency_code":"XYZ"})");
  ASSERT_EQ(unknown_agency.status, 422) << unknown_agency.body;
  EXPECT_EQ(Json(unknown_agency)["errors"][0]["field"], "agency_code");
  auto bad_name = Call("POST", "/api/v1/api-keys", admin, R"({"name":"sipd dpu","role":"leader"})");
  ASSERT_EQ(bad_name.status, 422) << bad_name.body;
  EXPECT_EQ(Json(bad_name)["errors"][0]["field"], "name");
  auto no_role = Call("POST", "/api/v1/api-keys", admin, R"({"name":"sipd"})");
  ASSERT_EQ(no_role.status, 422) << no_role.body;
  EXPECT_EQ(Json(no_role)["errors"][0]["field"], "role");
  EXPECT_EQ(Json(Call("GET", "/api/v1/api-keys", admin))["items"].size(), 0u);  // none half-made

  auto created = Call("POST", "/api/v1/api-keys", admin,
                      R"({"name":"sipd","role":"agency_officer","agency_code":"DPU"})");
  ASSERT_EQ(created.status, 201) << created.body;
  // Who made it, by the officer's full name too (the demo's admin).
  EXPECT_EQ(Json(created)["created_by_name"], "Novi Anggraeni") << created.body;
  const std::string key = Json(created)["key"];
  EXPECT_EQ(key.rfind("sgp_", 0), 0u);
  EXPECT_EQ(Json(created)["hint"], key.substr(key.size() - 4));
  auto taken = Call("POST", "/api/v1/api-keys", admin, R"({"name":"sipd","role":"leader"})");
  ASSERT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(Json(taken)["errors"][0]["field"], "name");

  http::Headers system;
  system.emplace("X-API-Key", key);
  const auto queue = Call("GET", "/api/v1/cases", system);
  EXPECT_EQ(queue.status, 200) << queue.body;
  // A key, even an administrator's, neither makes nor takes back keys.
  auto admin_key =
      Call("POST", "/api/v1/api-keys", admin, R"({"name":"sistem-admin","role":"admin"})");
  ASSERT_EQ(admin_key.status, 201) << admin_key.body;
  http::Headers by_key;
  by_key.emplace("X-API-Key", Json(admin_key)["key"].get<std::string>());
  EXPECT_EQ(Call("GET", "/api/v1/api-keys", by_key).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/api-keys", by_key, R"({"name":"penerus","role":"admin"})").status,
            403);
  EXPECT_EQ(Call("DELETE", "/api/v1/api-keys/sipd", by_key).status, 403);
  // Nor an account of its own, nor another password for the administrator:
  // either would outlive the key's revocation.
  const auto account = Call("POST", "/api/v1/users", by_key,
                            R"({"username":"pintu.belakang","password":"Rahasia-123456",)"
                            R"("role":"admin"})");
  EXPECT_EQ(account.status, 403) << account.body;
  EXPECT_NE(account.body.find("api_key"), std::string::npos) << account.body;
  EXPECT_EQ(
      Call("PATCH", "/api/v1/users/admin", by_key, R"({"password":"Diambil-alih-123"})").status,
      403);
  EXPECT_EQ(Login("admin").count("Cookie"), 1u);  // the administrator's password is unchanged

  const json listed = Json(Call("GET", "/api/v1/api-keys", admin));
  ASSERT_EQ(listed["items"].size(), 2u);  // by name: "sipd", "sistem-admin"
  const json& item = listed["items"][0];
  EXPECT_EQ(item["name"], "sipd");
  EXPECT_EQ(item["role"], "agency_officer");
  EXPECT_EQ(item["agency_code"], "DPU");
  EXPECT_EQ(item["created_by"], "user:admin");
  EXPECT_EQ(item.value("created_by_name", ""), "Novi Anggraeni");
  EXPECT_FALSE(item.contains("revoked_by_name"));
  EXPECT_TRUE(item["created_at"].is_string());
  EXPECT_TRUE(item["revoked_at"].is_null());
  EXPECT_EQ(listed.dump().find(key), std::string::npos);  // the key is shown once only

  ASSERT_EQ(Call("DELETE", "/api/v1/api-keys/sipd", admin).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/cases", system).status, 401);
  EXPECT_EQ(Call("DELETE", "/api/v1/api-keys/tidak-ada", admin).status, 404);
  const json after = Json(Call("GET", "/api/v1/api-keys", admin));
  ASSERT_EQ(after["items"].size(), 2u);  // kept, so its events still name a known key
  EXPECT_TRUE(after["items"][0]["revoked_at"].is_string());
  EXPECT_EQ(after["items"][0]["revoked_by"], "user:admin");
  EXPECT_EQ(after["items"][0].value("revoked_by_name", ""), "Novi Anggraeni");
  // Its name stays its own: a new key takes another.
  EXPECT_EQ(Call("POST", "/api/v1/api-keys", admin, R"({"name":"sipd","role":"leader"})").status,
            409);
  // `sigap admin list-api-keys` names who made and revoked it the same way.
  const integration::RunResult cli =
      integration::RunSigap({"admin", "list-api-keys", "--db", server_->db()});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("\tNovi Anggraeni (admin)\trevoked "), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find(" by Novi Anggraeni (admin)\n"), std::string::npos) << cli.out;
}

// The transparency figures: counts anyone may read, never a reporter.
TEST_F(Api, StatsAreCountsForAnyoneAndNameABadWindow) {
  const json submitted = Submit();
  auto r = Call("GET", "/api/v1/stats");
  ASSERT_EQ(r.status, 200) << r.body;
  const json stats = Json(r);
  EXPECT_GE(stats["received"].get<int>(), 1);
  EXPECT_EQ(r.body.find(submitted["tracking_code"].get<std::string>()), std::string::npos);
  EXPECT_TRUE(stats["by_month"].is_array());
  // The ten busiest services and the rest add up to every case received.
  int64_t by_service = stats["by_service_rest"].get<int64_t>();
  for (const auto& c : stats["by_service"]) by_service += c["count"].get<int64_t>();
  EXPECT_EQ(by_service, stats["received"].get<int64_t>()) << r.body;
  for (const char* personal : {"Sri Rahayu", "081234567890", "sri@example.id"}) {
    EXPECT_EQ(r.body.find(personal), std::string::npos) << personal;
  }
  for (const char* bad :
       {"/api/v1/stats?from=2026-02-30", "/api/v1/stats?from=2026-05-01&to=2026-04-01",
        "/api/v1/stats?from=2010-01-01&to=2026-01-01"}) {
    auto refused = Call("GET", bad);
    EXPECT_EQ(refused.status, 422) << bad;
    EXPECT_EQ(Json(refused)["errors"][0]["field"], "from") << bad;
  }
  auto unknown_agency = Call("GET", "/api/v1/stats?agency=TIDAK-ADA");
  EXPECT_EQ(unknown_agency.status, 422) << unknown_agency.body;
  EXPECT_EQ(Json(unknown_agency)["errors"][0]["field"], "agency");
}

// Regression: a period given twice was answered with the first one's
// figures, and a period out of range did not say the range allowed.
TEST_F(Api, StatsRefuseAPeriodGivenTwiceAndSayTheRangeAllowed) {
  const auto twice = Call("GET", "/api/v1/stats?from=2026-01-01&from=2026-02-01");
  const auto misspelt = Call("GET", "/api/v1/stats?form=2026-01-01");
  const auto reversed = Call("GET", "/api/v1/stats?from=2026-05-01&to=2026-04-01");
  const auto longer = Call("GET", "/api/v1/stats?from=2010-01-01&to=2026-01-01");
  const auto longer_en =
      Call("GET", "/api/v1/stats?from=2010-01-01&to=2026-01-01", {{"Accept-Language", "en"}});

  ASSERT_EQ(twice.status, 422) << twice.body;
  EXPECT_EQ(Json(twice)["errors"][0]["field"], "from");
  EXPECT_EQ(Json(twice)["errors"][0]["code"], "given_twice");
  ASSERT_EQ(misspelt.status, 422) << misspelt.body;
  EXPECT_EQ(Json(misspelt)["errors"][0]["field"], "form");
  EXPECT_EQ(Json(misspelt)["errors"][0]["code"], "unknown_parameter");
  EXPECT_EQ(Json(reversed)["errors"][0]["message"],
            "from: di luar rentang yang diizinkan (sama dengan atau sebelum to)");
  EXPECT_EQ(Json(longer)["errors"][0]["message"],
            "from: di luar rentang yang diizinkan (paling lama 1830 hari sebelum to)");
  EXPECT_EQ(Json(longer_en)["errors"][0]["message"],
            "from: is out of range (at most 1830 days before to)");
}

// A confidential case counts in an officer's figures only: in a narrow
// window it would otherwise show its service, place and agency to anyone.
TEST_F(Api, PublicStatsLeaveConfidentialCasesOut) {
  const auto day = [](int ahead) {
    const auto local = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() +
                                                             std::chrono::hours(7)) +
                       std::chrono::days(ahead);
    return DayText(std::chrono::year_month_day{local});
  };
  // Two windows holding the same cases (today), each read first here, so
  // neither is an earlier answer kept for a minute.
  const std::string before = "/api/v1/stats?from=" + day(0) + "&to=" + day(1);
  const std::string after = "/api/v1/stats?from=" + day(0) + "&to=" + day(2);
  const auto officer = Login("admin");
  const json public_before = Json(Call("GET", before));
  const json officer_before = Json(Call("GET", before, officer));
  json body = json::parse(kExample);
  body["confidential"] = true;
  Submit(body.dump());
  const auto public_after = Call("GET", after);
  const json officer_after = Json(Call("GET", after, officer));

  EXPECT_EQ(Json(public_after)["received"], public_before["received"]);
  EXPECT_EQ(officer_after["received"].get<int>(), officer_before["received"].get<int>() + 1);
  EXPECT_EQ(public_after.Header("Cache-Control").value_or(""), "public, max-age=60");
}

TEST_F(Api, CalendarDueNamesTheBadParameter) {
  auto no_offset = Call("GET", "/api/v1/calendar/due?from=2026-06-02&days=3");
  auto negative = Call("GET", "/api/v1/calendar/due?from=2026-06-02T10:00:00Z&days=-1");
  auto uncovered = Call("GET", "/api/v1/calendar/due?from=2031-06-02T10:00:00Z&days=3");
  // An unencoded '+' reads as a space; the offset is still understood.
  auto plus = Call("GET", "/api/v1/calendar/due?from=2026-03-17T15:00+07:00&days=3");

  ASSERT_EQ(no_offset.status, 422);
  EXPECT_EQ(Json(no_offset)["errors"][0]["field"], "from");
  ASSERT_EQ(negative.status, 422);
  EXPECT_EQ(Json(negative)["errors"][0]["field"], "days");
  ASSERT_EQ(uncovered.status, 422);
  EXPECT_EQ(Json(uncovered)["errors"][0]["field"], "from");
  EXPECT_EQ(Json(uncovered)["errors"][0]["code"], "no_calendar");
  ASSERT_EQ(plus.status, 200) << plus.body;
  EXPECT_EQ(Json(plus)["due_at"], "2026-03-27T23:59:59+07:00");
}

}  // namespace
}  // namespace sigap

namespace sigap {
namespace {

TEST_F(Api, ListingFiltersByDeadlineStateAndRefusesAnUnknownOne) {
  const std::string code = Submit()["tracking_code"].get<std::string>();
  const auto verifier = Login("verifikator");
  auto bad = Call("GET", "/api/v1/cases?deadline=late", verifier);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Json(bad)["errors"][0]["field"], "deadline");
  // A case just received is on track for its verification deadline.
  auto on_track = Call("GET", "/api/v1/cases?deadline=on_track&limit=200", verifier);
  ASSERT_EQ(on_track.status, 200);
  bool found = false;
  const auto on_track_items = Json(on_track)["items"];
  for (const auto& c : on_track_items) {
    if (c["tracking_code"] == code) found = true;
    EXPECT_EQ(c["deadline"]["state"], "on_track");
  }
  EXPECT_TRUE(found);
  auto overdue = Call("GET", "/api/v1/cases?deadline=overdue&limit=200", verifier);
  ASSERT_EQ(overdue.status, 200);
  const auto overdue_items = Json(overdue)["items"];
  for (const auto& c : overdue_items) EXPECT_NE(c["tracking_code"], code);
  // An agency or service the Pemda does not have is named, not an empty page.
  auto agency = Call("GET", "/api/v1/cases?agency=TIDAK-ADA", verifier);
  auto service = Call("GET", "/api/v1/cases?service=TIDAK-ADA", verifier);
  EXPECT_EQ(agency.status, 422) << agency.body;
  EXPECT_EQ(Json(agency)["errors"][0]["field"], "agency");
  EXPECT_EQ(service.status, 422) << service.body;
  EXPECT_EQ(Json(service)["errors"][0]["field"], "service");
  EXPECT_EQ(Call("GET", "/api/v1/cases?agency=DPU&service=PU-DRAINASE", verifier).status, 200);
}

// [server] metrics_token: Prometheus's scrape carries the token; anyone
// else gets 401 and no metrics.
// A "lapor" widget on the Pemda's own website, another origin than Sigap's:
// its page files a report and follows it; a map on any site reads Open311.
TEST(Cors, AWidgetOnThePemdasSiteFilesAndTracksAReport) {
  const std::string site = "https://www.semarangkota.go.id";
  ServerProcess server({.load_demo = true, .env = {{"SIGAP_SERVER_CORS_ORIGINS", site}}});
  ASSERT_TRUE(server.Prepare());
  ASSERT_TRUE(server.Start());
  auto fetch = [&](std::string_view method, std::string_view target, http::Headers headers,
                   std::string body = {}) {
    auto r = test_support::Fetch(server.port(), method, target, headers, body);
    EXPECT_TRUE(r.has_value()) << r.error();
    return r.value_or(HttpResponse{});
  };

  const auto preflight =
      fetch("OPTIONS", "/api/v1/cases",
            {{"Origin", site},
             {"Access-Control-Request-Method", "POST"},
             {"Access-Control-Request-Headers", "content-type,idempotency-key"}});
  const auto filed = fetch(
      "POST", "/api/v1/cases",
      {{"Origin", site}, {"Content-Type", "application/json"}, {"Idempotency-Key", "widget-1"}},
      kExample);
  const std::string code = json::parse(filed.body, nullptr, false).value("tracking_code", "");
  const auto tracked = fetch("GET", "/api/v1/cases/" + code, {{"Origin", site}});
  const auto elsewhere =
      fetch("OPTIONS", "/api/v1/cases",
            {{"Origin", "https://lapor-palsu.example"}, {"Access-Control-Request-Method", "POST"}});
  const auto map = fetch("GET", "/open311/v2/services.json", {{"Origin", "https://peta.example"}});

  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.Header("Access-Control-Allow-Origin"), site);
  EXPECT_NE(preflight.Header("Access-Control-Allow-Methods").value_or("").find("POST"),
            std::string::npos);
  EXPECT_EQ(preflight.Header("Access-Control-Allow-Headers"), "content-type, idempotency-key");
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.Header("Access-Control-Allow-Origin"), site);
  EXPECT_NE(filed.Header("Access-Control-Expose-Headers").value_or("").find("Location"),
            std::string::npos);
  EXPECT_EQ(tracked.status, 200);
  EXPECT_EQ(tracked.Header("Access-Control-Allow-Origin"), site);
  EXPECT_EQ(elsewhere.status, 403);
  EXPECT_FALSE(elsewhere.Header("Access-Control-Allow-Origin").has_value());
  // Open311's public reads stay open to any site's map.
  EXPECT_EQ(map.status, 200);
  EXPECT_EQ(map.Header("Access-Control-Allow-Origin"), "*");
}

TEST(MetricsToken, OnlyTheBearerOfTheTokenReadsMetrics) {
  const std::string token = "prometheus-scrape-7f3a9c";
  ServerProcess server({.env = {{"SIGAP_SERVER_METRICS_TOKEN", token}}});
  ASSERT_TRUE(server.Prepare());
  ASSERT_TRUE(server.Start());
  auto fetch = [&](http::Headers headers) {
    auto r = test_support::Fetch(server.port(), "GET", "/metrics", headers, {});
    EXPECT_TRUE(r.has_value()) << r.error();
    return r.value_or(HttpResponse{});
  };

  const auto none = fetch({});
  const auto wrong = fetch({{"Authorization", "Bearer prometheus-scrape-7f3a9d"}});
  const auto basic = fetch({{"Authorization", "Basic " + token}});
  const auto right = fetch({{"Authorization", "Bearer " + token}});

  for (const auto* refused : {&none, &wrong, &basic}) {
    EXPECT_EQ(refused->status, 401);
    EXPECT_EQ(refused->Header("Content-Type"), "application/problem+json");
    EXPECT_EQ(refused->body.find("sigap_http_requests_total"), std::string::npos);
  }
  EXPECT_EQ(none.Header("WWW-Authenticate"), "Bearer realm=\"metrics\"");
  ASSERT_EQ(right.status, 200);
  EXPECT_NE(right.body.find("sigap_http_requests_total{"), std::string::npos);
  // The other operational endpoints stay open to probes.
  EXPECT_EQ(test_support::Fetch(server.port(), "GET", "/healthz", {}, {})->status, 200);
}

}  // namespace
}  // namespace sigap
