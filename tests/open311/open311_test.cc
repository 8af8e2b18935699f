// Open311 GeoReport v2 (and Service Discovery, and mySociety's
// servicerequestupdates) against the real server with the demo catalogue.
//
// The expectations are written from the specification's text
// (wiki.open311.org/GeoReport_v2 and /Service_Discovery), not from Sigap's
// code: every endpoint in both formats, the fields each response must
// carry and their types, well-formed XML with the utf-8 declaration, dates
// W3C with their zone, identifiers as strings, and every error path with
// its status and <errors>/[{code, description}] body.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/time.h"
#include "integration/lifecycle_server.h"
#include "integration/server_process.h"
#include "support/http_client.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using test_support::HttpResponse;

constexpr const char* kJurisdiction = "semarangkota.go.id";

// The 17 fields of a service request (GET requests, GET requests/{id}).
const std::vector<std::string> kRequestFields = {"service_request_id",
                                                 "status",
                                                 "status_notes",
                                                 "service_name",
                                                 "service_code",
                                                 "description",
                                                 "agency_responsible",
                                                 "service_notice",
                                                 "requested_datetime",
                                                 "updated_datetime",
                                                 "expected_datetime",
                                                 "address",
                                                 "address_id",
                                                 "zipcode",
                                                 "lat",
                                                 "long",
                                                 "media_url"};

bool IsW3cDateTime(const std::string& text) {
  static const std::regex w3c(
      R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
  return std::regex_match(text, w3c);
}

// Now plus `shift`, as a W3C date and time in UTC with microseconds (so a
// client's "now" is never before what the server did before the call).
std::string W3cNow(std::chrono::microseconds shift = {}) {
  using namespace std::chrono;
  const auto t = floor<microseconds>(system_clock::now()) + shift;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%06ldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                static_cast<long>(hms.subseconds().count()));
  return buffer;
}

std::string Encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string Form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += Encode(k) + "=" + Encode(v);
  }
  return out;
}

class Open311Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<LifecycleServer>(
        std::vector<ExtraUser>{},
        std::vector<std::pair<std::string, std::string>>{
            {"SIGAP_OPEN311_JURISDICTION_ID", kJurisdiction},
            {"SIGAP_OPEN311_CONTACT", "Diskominfo Kota Semarang <open311@semarangkota.go.id>"},
            {"SIGAP_OPEN311_KEY_SERVICE", "https://semarangkota.go.id/open311/kunci"},
            {"SIGAP_OPEN311_TYPE", "test"}});
    const auto started = server_->Start();
    ASSERT_TRUE(started) << started.message();
    const std::string db = server_->process().db();
    const RunResult key = RunSigap(
        {"admin", "create-api-key", "--db", db, "--name", "fixmystreet", "--role", "verifier"});
    ASSERT_EQ(key.exit_code, 0) << key.err;
    verifier_key_ = key.out.substr(0, key.out.find('\n'));
    const std::string bearer(server_->ApiKey().begin()->second);
    dpu_key_ = bearer.substr(bearer.find(' ') + 1);
  }
  static void TearDownTestSuite() { server_.reset(); }

  static HttpResponse Get(const std::string& target, http::Headers headers = {}) {
    return server_->Call("GET", target, std::move(headers));
  }
  static HttpResponse Post(const std::string& target, const std::string& form) {
    return server_->Call("POST", target, {{"Content-Type", "application/x-www-form-urlencoded"}},
                         form);
  }

  // Parses an XML response, checking the content type and the declaration.
  static std::unique_ptr<pugi::xml_document> Xml(const HttpResponse& r) {
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "text/xml; charset=utf-8") << r.body;
    EXPECT_TRUE(r.body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>")) << r.body;
    auto doc = std::make_unique<pugi::xml_document>();
    const auto parsed = doc->load_buffer(r.body.data(), r.body.size());
    EXPECT_TRUE(parsed) << parsed.description() << ": " << r.body;
    return doc;
  }
  static json Json(const HttpResponse& r) {
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/json; charset=utf-8") << r.body;
    json j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }

  // An error response: `status`, and in the body one error or more, each
  // with that code and a description.
  static void ExpectError(const HttpResponse& r, int status, const std::string& format,
                          const std::string& mention = "") {
    EXPECT_EQ(r.status, status) << r.body;
    if (format == "xml") {
      auto doc = Xml(r);
      auto errors = doc->child("errors");
      ASSERT_TRUE(errors) << r.body;
      int n = 0;
      for (auto e : errors.children("error")) {
        ++n;
        EXPECT_EQ(std::string(e.child_value("code")), std::to_string(status));
        EXPECT_FALSE(std::string(e.child_value("description")).empty());
      }
      EXPECT_GE(n, 1) << r.body;
    } else {
      json j = Json(r);
      ASSERT_TRUE(j.is_array()) << r.body;
      ASSERT_FALSE(j.empty());
      for (const auto& e : j) {
        EXPECT_EQ(e.value("code", 0), status) << r.body;
        EXPECT_TRUE(e.contains("description") && e["description"].is_string()) << r.body;
      }
    }
    if (!mention.empty()) {
      EXPECT_NE(r.body.find(mention), std::string::npos) << r.body;
    }
  }

  // POST requests.{format}; returns the service_request_id (fails unless 200).
  static std::string Submit(const std::string& format,
                            std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("api_key", verifier_key_);
    auto r = Post("/open311/v2/requests." + format, Form(fields));
    EXPECT_EQ(r.status, 200) << r.body;
    if (format == "xml") {
      auto doc = Xml(r);
      return doc->child("service_requests").child("request").child_value("service_request_id");
    }
    json j = Json(r);
    if (!j.is_array() || j.empty()) return "";
    return j[0].value("service_request_id", "");
  }

  // POST servicerequestupdates.json: request `id` to `status`, now, by the
  // holder of API key `key`, with `extra` fields.
  static HttpResponse UpdateRequest(const std::string& id, const std::string& key,
                                    const std::string& status,
                                    std::vector<std::pair<std::string, std::string>> extra) {
    extra.emplace_back("api_key", key);
    extra.emplace_back("service_request_id", id);
    extra.emplace_back("status", status);
    extra.emplace_back("updated_datetime", W3cNow());
    return Post("/open311/v2/servicerequestupdates.json", Form(extra));
  }

  static std::vector<std::pair<std::string, std::string>> Pothole(const std::string& marker) {
    return {{"service_code", "PU-JALAN"},
            {"lat", "-6.9932"},
            {"long", "110.4203"},
            {"address_string", "Jl. Pemuda depan Balai Kota"},
            {"description", "Lubang besar di lajur kiri " + marker},
            {"attribute[JENIS_KERUSAKAN]", "berlubang"},
            {"attribute[LEBAR_M]", "1.5"}};
  }

  // Every field of a JSON service request, with the spec's types.
  static void ExpectJsonRequest(const json& r) {
    for (const auto& f : kRequestFields) EXPECT_TRUE(r.contains(f)) << f << " in " << r.dump();
    EXPECT_TRUE(r["service_request_id"].is_string());
    EXPECT_TRUE(r["status"] == "open" || r["status"] == "closed") << r["status"];
    for (const char* f : {"requested_datetime", "updated_datetime"}) {
      ASSERT_TRUE(r[f].is_string()) << f;
      EXPECT_TRUE(IsW3cDateTime(r[f])) << r[f];
    }
    if (!r["expected_datetime"].is_null()) {
      EXPECT_TRUE(IsW3cDateTime(r["expected_datetime"]));
    }
    for (const char* f : {"lat", "long"}) EXPECT_TRUE(r[f].is_number() || r[f].is_null()) << f;
    for (const char* f :
         {"status_notes", "service_name", "service_code", "description", "agency_responsible",
          "service_notice", "address", "address_id", "zipcode", "media_url"}) {
      EXPECT_TRUE(r[f].is_string() || r[f].is_null()) << f;
    }
  }
  static void ExpectXmlRequest(pugi::xml_node r) {
    for (const auto& f : kRequestFields) EXPECT_TRUE(r.child(f.c_str())) << f;
    const std::string status = r.child_value("status");
    EXPECT_TRUE(status == "open" || status == "closed") << status;
    EXPECT_TRUE(IsW3cDateTime(r.child_value("requested_datetime")));
    EXPECT_TRUE(IsW3cDateTime(r.child_value("updated_datetime")));
    const std::string expected = r.child_value("expected_datetime");
    if (!expected.empty()) {
      EXPECT_TRUE(IsW3cDateTime(expected)) << expected;
    }
  }

  static std::unique_ptr<LifecycleServer> server_;
  static std::string verifier_key_;
  static std::string dpu_key_;
};

std::unique_ptr<LifecycleServer> Open311Test::server_;
std::string Open311Test::verifier_key_;
std::string Open311Test::dpu_key_;

TEST_F(Open311Test, DiscoveryListsTheGeoReportV2EndpointInBothFormats) {
  auto x = Get("/open311/v2/discovery.xml");
  auto j = Get("/open311/v2/discovery.json");

  ASSERT_EQ(x.status, 200);
  auto doc = Xml(x);
  auto d = doc->child("discovery");
  EXPECT_TRUE(IsW3cDateTime(d.child_value("changeset")));
  EXPECT_NE(std::string(d.child_value("contact")).find("open311@"), std::string::npos);
  EXPECT_FALSE(std::string(d.child_value("key_service")).empty());
  auto endpoint = d.child("endpoints").child("endpoint");
  EXPECT_EQ(std::string(endpoint.child_value("specification")),
            "http://wiki.open311.org/GeoReport_v2");
  EXPECT_TRUE(std::string(endpoint.child_value("url")).ends_with("/open311/v2"));
  EXPECT_TRUE(IsW3cDateTime(endpoint.child_value("changeset")));
  EXPECT_EQ(std::string(endpoint.child_value("type")), "test");
  std::set<std::string> formats;
  for (auto f : endpoint.child("formats").children("format")) formats.insert(f.child_value());
  EXPECT_EQ(formats, (std::set<std::string>{"text/xml", "application/json"}));

  ASSERT_EQ(j.status, 200);
  json dj = Json(j);
  EXPECT_TRUE(dj["changeset"].is_string());
  EXPECT_TRUE(dj["contact"].is_string());
  EXPECT_TRUE(dj["key_service"].is_string());
  ASSERT_TRUE(dj["endpoints"].is_array());
  const json& e = dj["endpoints"][0];
  EXPECT_EQ(e["specification"], "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(e["type"], "test");
  EXPECT_EQ(SortedStrings(e["formats"]),
            (std::vector<std::string>{"application/json", "text/xml"}));
}

TEST_F(Open311Test, ServicesCarryEveryFieldWithMetadataTrueWhenTheyHaveAttributes) {
  auto x = Get("/open311/v2/services.xml");
  auto j = Get("/open311/v2/services.json");

  ASSERT_EQ(x.status, 200);
  auto doc = Xml(x);
  int count = 0;
  for (auto s : doc->child("services").children("service")) {
    ++count;
    for (const char* f :
         {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}) {
      EXPECT_TRUE(s.child(f)) << f;
    }
    const std::string metadata = s.child_value("metadata");
    EXPECT_TRUE(metadata == "true" || metadata == "false") << metadata;
    const std::string type = s.child_value("type");
    EXPECT_TRUE(type == "realtime" || type == "batch" || type == "blackbox") << type;
    const std::string code = s.child_value("service_code");
    if (code == "PU-JALAN") {
      EXPECT_EQ(metadata, "true");
    } else if (code == "PDAM-SAMBUNG") {
      EXPECT_EQ(metadata, "false");
    }
  }
  EXPECT_GE(count, 20);

  ASSERT_EQ(j.status, 200);
  json list = Json(j);
  ASSERT_TRUE(list.is_array());
  EXPECT_EQ(static_cast<int>(list.size()), count);
  for (const auto& s : list) {
    EXPECT_TRUE(s["service_code"].is_string());
    EXPECT_TRUE(s["service_name"].is_string());
    EXPECT_TRUE(s["metadata"].is_boolean());
    EXPECT_TRUE(s["keywords"].is_string() || s["keywords"].is_null());
    EXPECT_TRUE(s["group"].is_string() || s["group"].is_null());
    EXPECT_TRUE(s.contains("description") && s.contains("type"));
  }
}

TEST_F(Open311Test, ServiceDefinitionDescribesEachAttribute) {
  const std::set<std::string> datatypes = {"string", "number",          "datetime",
                                           "text",   "singlevaluelist", "multivaluelist"};
  auto x = Get("/open311/v2/services/PU-JALAN.xml");
  auto j = Get("/open311/v2/services/DLH-SAMPAH.json");

  ASSERT_EQ(x.status, 200) << x.body;
  auto doc = Xml(x);
  auto def = doc->child("service_definition");
  EXPECT_EQ(std::string(def.child_value("service_code")), "PU-JALAN");
  int n = 0;
  for (auto a : def.child("attributes").children("attribute")) {
    ++n;
    for (const char* f : {"variable", "code", "datatype", "required", "datatype_description",
                          "order", "description"}) {
      EXPECT_TRUE(a.child(f)) << f;
    }
    EXPECT_TRUE(datatypes.count(a.child_value("datatype"))) << a.child_value("datatype");
    EXPECT_TRUE(std::regex_match(std::string(a.child_value("order")), std::regex("[0-9]+")));
    if (std::string(a.child_value("code")) == "JENIS_KERUSAKAN") {
      EXPECT_EQ(std::string(a.child_value("datatype")), "singlevaluelist");
      int values = 0;
      for (auto v : a.child("values").children("value")) {
        ++values;
        EXPECT_FALSE(std::string(v.child_value("key")).empty());
        EXPECT_FALSE(std::string(v.child_value("name")).empty());
      }
      EXPECT_GE(values, 2);
    }
  }
  EXPECT_GE(n, 3);

  ASSERT_EQ(j.status, 200) << j.body;
  json dj = Json(j);
  EXPECT_EQ(dj["service_code"], "DLH-SAMPAH");
  ASSERT_TRUE(dj["attributes"].is_array());
  for (const auto& a : dj["attributes"]) {
    EXPECT_TRUE(a["variable"].is_boolean());
    EXPECT_TRUE(a["code"].is_string());
    EXPECT_TRUE(datatypes.count(a["datatype"].get<std::string>()));
    EXPECT_TRUE(a["required"].is_boolean());
    EXPECT_TRUE(a["order"].is_number_integer());
    EXPECT_TRUE(a["description"].is_string());
    EXPECT_TRUE(a["values"].is_array());
  }
  EXPECT_EQ(dj["attributes"][0]["datatype"], "multivaluelist");

  ExpectError(Get("/open311/v2/services/TIDAK-ADA.xml"), 404, "xml", "TIDAK-ADA");
  ExpectError(Get("/open311/v2/services/TIDAK-ADA.json"), 404, "json", "TIDAK-ADA");
}

TEST_F(Open311Test, PostedRequestsGetATrackingCodeAndFollowTheCaseRules) {
  const std::string x = Submit("xml", Pothole("xmlpost"));
  auto fields = Pothole("jsonpost");
  fields.emplace_back("email", "rahmat.open311@example.id");
  fields.emplace_back("first_name", "Rahmat");
  fields.emplace_back("last_name", "Hidayatullah");
  fields.emplace_back("phone", "081234567899");
  fields.emplace_back("device_id", "android-7f3a");
  fields.emplace_back("media_url", "https://foto.example.id/lubang.jpg");
  fields.emplace_back("jurisdiction_id", kJurisdiction);
  const std::string j = Submit("json", fields);

  ASSERT_FALSE(x.empty());
  ASSERT_FALSE(j.empty());
  // The id is Sigap's tracking code: the native API knows it.
  EXPECT_EQ(Get("/api/v1/cases/" + x).status, 200);
  auto officer = server_->Call("GET", "/api/v1/cases/" + j, server_->Officer("verifikator"));
  json view = json::parse(officer.body, nullptr, false);
  EXPECT_EQ(view.value("channel", ""), "open311");
  EXPECT_FALSE(view.value("anonymous", true)) << "contact given: not anonymous";
  EXPECT_EQ(view["attributes"]["JENIS_KERUSAKAN"], json::array({"berlubang"}));
  json anonymous_view =
      json::parse(server_->Call("GET", "/api/v1/cases/" + x, server_->Officer("verifikator")).body,
                  nullptr, false);
  EXPECT_TRUE(anonymous_view.value("anonymous", false)) << "no contact: anonymous";
  // Personal data never appears in GET requests.
  for (const std::string& target :
       {"/open311/v2/requests/" + j + ".json", "/open311/v2/requests/" + j + ".xml",
        "/open311/v2/requests.json?service_request_id=" + j + "&extensions=true"}) {
    auto r = Get(target);
    EXPECT_EQ(r.status, 200);
    for (const char* secret : {"rahmat.open311", "Hidayatullah", "081234567899", "android-7f3a"}) {
      EXPECT_EQ(r.body.find(secret), std::string::npos) << target << " leaks " << secret;
    }
    EXPECT_NE(r.body.find("https://foto.example.id/lubang.jpg"), std::string::npos);
  }
  // A multivaluelist takes attribute[CODE][] repeated.
  EXPECT_FALSE(Submit("json", {{"service_code", "DLH-SAMPAH"},
                               {"address_id", "ALAMAT-0042"},
                               {"attribute[JENIS_SAMPAH][]", "plastik"},
                               {"attribute[JENIS_SAMPAH][]", "b3"}})
                   .empty());
}

// A client's key that leaked is revoked from the command line: its next
// request is refused in GeoReport's format, and the key stays listed (never
// printed again) with who revoked it.
// Whether the reporter is elderly or disabled is about them, not the
// problem: officers read the answer, the public feeds never show it.
TEST_F(Open311Test, AnAnswerAboutTheReporterIsNotPublic) {
  const std::string id = Submit("json", {{"service_code", "DINSOS-BANSOS"},
                                         {"lat", "-6.99"},
                                         {"long", "110.42"},
                                         {"attribute[KELOMPOK_RENTAN]", "ya"},
                                         {"description", "Bansos lansia belum cair tiga bulan."}});
  ASSERT_FALSE(id.empty());

  const auto feed = Get("/open311/v2/requests/" + id + ".json?extensions=true");
  const auto view = Get("/api/v1/cases/" + id);
  const auto officer = Get("/api/v1/cases/" + id, server_->Officer("verifikator"));

  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.body.find("KELOMPOK_RENTAN"), std::string::npos) << feed.body;
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_EQ(view.body.find("KELOMPOK_RENTAN"), std::string::npos) << view.body;
  ASSERT_EQ(officer.status, 200) << officer.body;
  EXPECT_EQ(json::parse(officer.body)["attributes"]["KELOMPOK_RENTAN"], json::array({"ya"}))
      << officer.body;
}

// An address_id that is the Kemendagri code of one of the Pemda's
// kelurahan gives the request its region, so the region's routing rule
// proposes the kecamatan office; any other id is kept for officers only.
TEST_F(Open311Test, AnAddressIdThatIsAKelurahanCodePlacesTheRequest) {
  const std::string placed = Submit("json", {{"service_code", "DLH-SAMPAH"},
                                             {"address_id", "33.74.01.1001"},
                                             {"attribute[JENIS_SAMPAH][]", "plastik"},
                                             {"description", "Sampah liar di Miroto."}});
  const std::string opaque = Submit("json", {{"service_code", "DLH-SAMPAH"},
                                             {"address_id", "ALAMAT-0099"},
                                             {"attribute[JENIS_SAMPAH][]", "plastik"},
                                             {"description", "Sampah liar di gang."}});
  ASSERT_FALSE(placed.empty());
  ASSERT_FALSE(opaque.empty());

  const json p = json::parse(
      server_->Call("GET", "/api/v1/cases/" + placed, server_->Officer("verifikator")).body,
      nullptr, false);
  const json o = json::parse(
      server_->Call("GET", "/api/v1/cases/" + opaque, server_->Officer("verifikator")).body,
      nullptr, false);
  const auto pub = Get("/api/v1/cases/" + opaque);

  EXPECT_EQ(p["location"].value("region_code", ""), "33.74.01.1001") << p.dump();
  EXPECT_EQ(p["routing"].value("kecamatan_code", ""), "33.74.01") << p.dump();
  EXPECT_EQ(p["routing"]["proposed_disposition"].value("agency_code", ""), "KEC-3374010")
      << p.dump();
  EXPECT_EQ(o["location"].value("address_id", ""), "ALAMAT-0099") << o.dump();
  EXPECT_FALSE(o["location"].contains("region_code")) << o.dump();
  EXPECT_EQ(pub.body.find("ALAMAT-0099"), std::string::npos) << pub.body;
}

// An Open311 client's address is shown as the place of the problem; a
// telephone number written into it (or an e-mail into address_id, which has
// no format) is the citizen's, not the public's.
TEST_F(Open311Test, ANumberInTheAddressIsNotPublic) {
  const std::string id =
      Submit("json", {{"service_code", "PU-JALAN"},
                      {"lat", "-6.99"},
                      {"long", "110.42"},
                      {"address_string", "Jl. Pemuda 12, hubungi 0812-3456-7890"},
                      {"address_id", "budi@mail.com"},
                      {"attribute[JENIS_KERUSAKAN]", "berlubang"},
                      {"description", "Lubang besar di lajur kiri."}});
  ASSERT_FALSE(id.empty());

  const json feed = Json(Get("/open311/v2/requests/" + id + ".json"));
  const json officer =
      json::parse(Get("/api/v1/cases/" + id, server_->Officer("verifikator")).body);

  ASSERT_TRUE(feed.is_array() && feed.size() == 1) << feed.dump();
  EXPECT_EQ(feed[0]["address"], "Jl. Pemuda 12, hubungi [disamarkan]");
  EXPECT_EQ(feed[0]["address_id"], "[disamarkan]");
  EXPECT_EQ(officer["location"]["address"], "Jl. Pemuda 12, hubungi 0812-3456-7890");
  EXPECT_EQ(officer["location"]["address_id"], "budi@mail.com");
}

// A character XML 1.0 does not allow, stored through any channel, must not
// make a feed unreadable to every XML client; nor may an error that quotes
// a client's bad input be malformed.
TEST_F(Open311Test, FeedsAndErrorsStayWellFormedXmlWhateverWasStored) {
  const std::string id = Submit("json", {{"service_code", "PU-JALAN"},
                                         {"lat", "-6.99"},
                                         {"long", "110.42"},
                                         {"attribute[JENIS_KERUSAKAN]", "retak"},
                                         {"description", "Retak \xEF\xBF\xBE di tengah jalan"}});
  ASSERT_FALSE(id.empty());

  const auto one = Get("/open311/v2/requests/" + id + ".xml");
  Xml(one);
  EXPECT_NE(one.body.find("Retak \xEF\xBF\xBD di tengah jalan"), std::string::npos) << one.body;
  Xml(Get("/open311/v2/requests.xml?service_code=PU-JALAN"));
  Xml(Get("/open311/v2/services/%FF.xml"));
  Xml(Get("/open311/v2/requests.xml?status=%01"));
}

// What real clients send: the key in the header the rest of the API takes,
// the media type in capitals, a description that starts with a blank line.
// Not a coordinate: hexadecimal.
TEST_F(Open311Test, ClientsMaySendTheKeyInAHeaderAndTheMediaTypeInAnyCase) {
  const auto header_key = server_->Call(
      "POST", "/open311/v2/requests.json",
      {{"Content-Type", "Application/X-WWW-Form-Urlencoded"}, {"X-API-Key", verifier_key_}},
      Form({{"service_code", "PU-JALAN"},
            {"lat", "-6.99"},
            {"long", "110.42"},
            {"attribute[JENIS_KERUSAKAN]", "retak"},
            {"description", "\n\nJalan retak memanjang\ndi depan pasar"}}));
  const auto hex =
      Post("/open311/v2/requests.json", Form({{"api_key", verifier_key_},
                                              {"service_code", "PU-JALAN"},
                                              {"lat", "0x10"},
                                              {"long", "110.42"},
                                              {"attribute[JENIS_KERUSAKAN]", "retak"}}));

  ASSERT_EQ(header_key.status, 200) << header_key.body;
  const std::string id = Json(header_key)[0].value("service_request_id", "");
  EXPECT_EQ(json::parse(Get("/api/v1/cases/" + id).body).value("title", ""),
            "Jalan retak memanjang");
  ExpectError(hex, 400, "json", "lat");

  std::string many = "X";
  for (int i = 0; i < 1000; ++i) many += ",X";
  ExpectError(Get("/open311/v2/requests.json?service_request_id=" + many), 400, "json",
              "paling banyak 1.000 kode");
}

// What a client shows a citizen: a rejection's reason in words, no
// "expected" date for a request that will not be fulfilled, the citizen as
// the one who reported, and a day without a time read as the Pemda's day.
// Its public reads may be fetched from another site.
TEST_F(Open311Test, ARejectedRequestSaysWhyInWordsAndExpectsNothing) {
  const std::string id = Submit("json", {{"service_code", "PU-JALAN"},
                                         {"lat", "-6.99"},
                                         {"long", "110.42"},
                                         {"attribute[JENIS_KERUSAKAN]", "retak"},
                                         {"description", "Jalan retak di depan balai RW"}});
  ASSERT_FALSE(id.empty());

  const auto rejected = Post("/open311/v2/servicerequestupdates.json",
                             Form({{"api_key", verifier_key_},
                                   {"service_request_id", id},
                                   {"status", "not_councils_responsibility"}}));
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  const auto view = Get("/open311/v2/requests/" + id + ".json");
  const auto english = Get("/open311/v2/requests/" + id + ".json", {{"Accept-Language", "en"}});

  EXPECT_EQ(Json(view)[0]["status_notes"], "Ditolak (di luar kewenangan pemerintah daerah)");
  EXPECT_EQ(Json(english)[0]["status_notes"], "Rejected (outside the local government's remit)");
  EXPECT_TRUE(Json(view)[0]["expected_datetime"].is_null()) << view.body;
  EXPECT_EQ(view.Header("Access-Control-Allow-Origin").value_or(""), "*");
  // A map widget on another site that sends Accept-Language asks first.
  const auto preflight = server_->Call("OPTIONS", "/open311/v2/requests/" + id + ".json",
                                       {{"Origin", "https://peta.example.id"},
                                        {"Access-Control-Request-Method", "GET"},
                                        {"Access-Control-Request-Headers", "accept-language"}});
  EXPECT_EQ(preflight.status, 204) << preflight.body;
  EXPECT_EQ(preflight.Header("Access-Control-Allow-Origin").value_or(""), "*");
  EXPECT_EQ(preflight.Header("Access-Control-Allow-Headers").value_or(""), "accept-language");
  // The words follow the language: a cache must keep the two apart.
  EXPECT_NE(english.Header("Vary").value_or("").find("Accept-Language"), std::string_view::npos);

  const json timeline = json::parse(Get("/api/v1/cases/" + id + "/timeline").body);
  ASSERT_TRUE(timeline.contains("events")) << timeline.dump();
  EXPECT_EQ(timeline["events"][0]["kind"], "submitted");
  EXPECT_EQ(timeline["events"][0]["actor"], "citizen") << timeline.dump();

  // Today in Semarang (UTC+7), as a date alone: the request filed now is in it.
  const auto wib = std::chrono::system_clock::now() + std::chrono::hours(7);
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(wib)};
  const std::string today = DayText(day);
  const auto by_day =
      Json(Get("/open311/v2/requests.json?service_code=PU-JALAN&start_date=" + today +
               "&end_date=" + today));
  bool found = false;
  for (const auto& r : by_day) found |= r.value("service_request_id", "") == id;
  EXPECT_TRUE(found) << today << " " << by_day.dump();
}

TEST_F(Open311Test, ARevokedKeyIsRefusedAtOnce) {
  const std::string db = server_->process().db();
  const RunResult made = RunSigap(
      {"admin", "create-api-key", "--db", db, "--name", "aplikasi-bocor", "--role", "verifier"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string key = made.out.substr(0, made.out.find('\n'));
  auto pothole = Pothole("dicabut");
  pothole.emplace_back("api_key", key);
  EXPECT_EQ(Post("/open311/v2/requests.json", Form(pothole)).status, 200);

  const RunResult revoked =
      RunSigap({"admin", "revoke-api-key", "--db", db, "--name", "aplikasi-bocor"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  ExpectError(Post("/open311/v2/requests.json", Form(pothole)), 403, "json", "api_key");
  ExpectError(Post("/open311/v2/requests.xml", Form(pothole)), 403, "xml", "api_key");

  const RunResult listed = RunSigap({"admin", "list-api-keys", "--db", db});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("aplikasi-bocor\tverifier"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\tcli\trevoked "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("sgp_..." + key.substr(key.size() - 4)), std::string::npos);
  EXPECT_EQ(listed.out.find(key), std::string::npos);  // never the key itself

  const RunResult unknown =
      RunSigap({"admin", "revoke-api-key", "--db", db, "--name", "tidak-ada"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("tidak-ada"), std::string::npos) << unknown.err;
}

TEST_F(Open311Test, PostRequestErrorsFollowTheSpecification) {
  auto with_key = [](std::vector<std::pair<std::string, std::string>> f) {
    f.emplace_back("api_key", verifier_key_);
    return Form(f);
  };
  for (const std::string format : {"xml", "json"}) {
    const std::string target = "/open311/v2/requests." + format;
    ExpectError(Post(target, Form(Pothole("nokey"))), 403, format, "api_key");
    auto wrong = Pothole("wrongkey");
    wrong.emplace_back("api_key", "sgp_salah");
    ExpectError(Post(target, Form(wrong)), 403, format);
    ExpectError(
        Post(target, with_key({{"service_code", "TIDAK-ADA"}, {"lat", "1"}, {"long", "2"}})), 404,
        format, "TIDAK-ADA");
    auto jurisdiction = Pothole("jurisdiction");
    jurisdiction.emplace_back("jurisdiction_id", "kota-lain.go.id");
    ExpectError(Post(target, with_key(jurisdiction)), 404, format, "kota-lain.go.id");
    ExpectError(Post(target, with_key({{"service_code", "PU-JALAN"}})), 400, format);
    ExpectError(Post(target, with_key({{"service_code", "PU-JALAN"}, {"lat", "-6.99"}})), 400,
                format, "long");
    ExpectError(Post(target, with_key({{"service_code", "PU-JALAN"},
                                       {"lat", "-6.99"},
                                       {"long", "110.4"},
                                       {"description", std::string(4001, 'a')}})),
                400, format, "4000");
    ExpectError(Post(target, with_key({{"service_code", "PU-JALAN"},
                                       {"address_string", "Jl. Pemuda"},
                                       {"description", "Lubang <script>alert(1)</script>"}})),
                400, format, "HTML");
    ExpectError(Post(target, with_key({{"service_code", "PU-JALAN"},
                                       {"address_string", "Jl. Pemuda"},
                                       {"attribute[JENIS_KERUSAKAN]", "meteor"}})),
                400, format, "attribute[JENIS_KERUSAKAN]");
    ExpectError(Post(target, with_key({{"service_code", "PU-JALAN"},
                                       {"address_string", "Jl. Pemuda"},
                                       {"attribute[LEBAR_M]", "lebar"}})),
                400, format, "attribute[LEBAR_M]");
    ExpectError(Post(target, with_key({{"service_code", "PU-JALAN"},
                                       {"address_string", "Jl. Pemuda"},
                                       {"attribute[TIDAK_ADA]", "1"}})),
                400, format, "attribute[TIDAK_ADA]");
    ExpectError(Post(target, with_key({{"service_code", "PU-JALAN"},
                                       {"address_string", "Jl. Pemuda"},
                                       {"email", "bukan-email"}})),
                400, format, "email");
    ExpectError(server_->Call("POST", target, {{"Content-Type", "application/json"}}, "{}"), 400,
                format);
    // A body over the server's limit is refused before Open311 reads it, in
    // Open311's error format all the same.
    ExpectError(Post(target, with_key({{"service_code", "PU-SUNGAI"},
                                       {"address_string", "Jl. Pemuda"},
                                       {"description", std::string(3 << 20, 'a')}})),
                413, format);
    // A control character is named once, though it is in the title Sigap
    // makes of the description too.
    const auto control = Post(target, with_key({{"service_code", "PU-JALAN"},
                                                {"address_string", "Jl. Pemuda"},
                                                {"description", "Lubang\x01 besar"}}));
    ExpectError(control, 400, format, "description");
  }
  {
    const auto control =
        Post("/open311/v2/requests.json", with_key({{"service_code", "PU-SUNGAI"},
                                                    {"address_string", "Jl. Pemuda"},
                                                    {"description", "Sungai\x01 meluap"}}));
    ASSERT_EQ(control.status, 400) << control.body;
    EXPECT_EQ(Json(control).size(), 1u) << control.body;
  }
  // A tab is whitespace in a description (and a space in its title).
  EXPECT_FALSE(Submit("json", {{"service_code", "PU-SUNGAI"},
                               {"address_string", "Jl. Pemuda"},
                               {"description", "Sungai\tmeluap di depan pasar"}})
                   .empty());
  // A required question left unanswered is named.
  server_->Sql("UPDATE service_attributes SET required = 1 WHERE code = 'KONDISI'");
  ExpectError(Post("/open311/v2/requests.json",
                   with_key({{"service_code", "PERKIM-PJU"}, {"address_string", "Jl. Siliwangi"}})),
              400, "json", "attribute[KONDISI]");
  EXPECT_FALSE(Submit("json", {{"service_code", "PERKIM-PJU"},
                               {"address_string", "Jl. Siliwangi"},
                               {"attribute[KONDISI]", "mati"}})
                   .empty());
  server_->Sql("UPDATE service_attributes SET required = 0 WHERE code = 'KONDISI'");
}

// What integrators' clients do: retry after a lost answer, write the
// jurisdiction in capitals, use "<" in a sentence, and put an e-mail
// address where the title Sigap cuts from the description ends.
TEST_F(Open311Test, ARetryTheJurisdictionsCaseAndTheTitlesCutAreAClientsHabits) {
  auto fields = Pothole("retry");
  fields.emplace_back("api_key", verifier_key_);
  const std::string form = Form(fields);
  auto post = [&](const std::string& key, const std::string& body) {
    return server_->Call(
        "POST", "/open311/v2/requests.json",
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Idempotency-Key", key}}, body);
  };
  const auto first = post("retry-7f3a", form);
  const auto again = post("retry-7f3a", form);
  auto other = Pothole("another");
  other.emplace_back("api_key", verifier_key_);
  const auto reused = post("retry-7f3a", Form(other));

  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json(again)[0]["service_request_id"], Json(first)[0]["service_request_id"]);
  EXPECT_EQ(reused.status, 409) << reused.body;
  EXPECT_NE(reused.body.find("Idempotency-Key"), std::string::npos) << reused.body;

  // An answer outside a question's list is told the list's keys.
  auto meteor = Pothole("meteor");
  meteor[5].second = "meteor";  // attribute[JENIS_KERUSAKAN]
  meteor.emplace_back("api_key", verifier_key_);
  const auto listed = Post("/open311/v2/requests.json", Form(meteor));
  EXPECT_EQ(listed.status, 400) << listed.body;
  EXPECT_NE(listed.body.find("pilihan: berlubang, retak, amblas, jembatan, trotoar"),
            std::string::npos)
      << listed.body;

  auto capitals = Pothole("capitals");
  capitals.emplace_back("jurisdiction_id", "SemarangKota.go.id");
  EXPECT_FALSE(Submit("json", capitals).empty());
  EXPECT_EQ(Get("/open311/v2/services.json?jurisdiction_id=SEMARANGKOTA.GO.ID").status, 200);

  EXPECT_FALSE(Submit("json", {{"service_code", "PDAM-GANGGUAN"},
                               {"address_string", "Jl. Pemuda"},
                               {"description", "Tekanan air<lemah sekali sejak pagi"}})
                   .empty());

  // The title is the description's first 100 characters: cut through the
  // address, its first part would be published as it was.
  const std::string description =
      "Air PDAM tidak mengalir sejak kemarin pagi di rumah kami, mohon segera dicek, balas ke "
      "zulkarnaen.wp@contoh.id terima kasih";
  const std::string id = Submit("json", {{"service_code", "PDAM-GANGGUAN"},
                                         {"address_string", "Jl. Pemuda"},
                                         {"description", description}});
  ASSERT_FALSE(id.empty());
  const auto view = Get("/api/v1/cases/" + id);
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_EQ(view.body.find("zulkarnaen"), std::string::npos) << view.body;
  EXPECT_NE(json::parse(view.body)["title"].get<std::string>().find("balas ke"), std::string::npos)
      << view.body;
}

// What integrators' clients send that Sigap read otherwise than they meant
// (an exploratory tester's findings): the request in the query string of a
// POST, a retry with the fields in another order, another system's key, a
// list parameter declared twice, a date's "+" unencoded, a decimal comma,
// an upper-case URL scheme, a description of blanks, a surname too long.
TEST_F(Open311Test, IntegratorsFormsListsAndRetriesAreReadAsTheyMeantThem) {
  auto post = [&](const std::string& key, const std::string& query, const std::string& api_key,
                  const std::string& body = "") {
    return server_->Call("POST", "/open311/v2/requests.json" + query,
                         {{"Content-Type", "application/x-www-form-urlencoded"},
                          {"Idempotency-Key", key},
                          {"X-API-Key", api_key}},
                         body);
  };
  // The whole request in the query string: another request under the same
  // key is a conflict, not the first one's id (it was silently lost).
  const auto first = post("kunci-query", "?" + Form(Pothole("query pertama")), verifier_key_);
  const auto other = post("kunci-query", "?" + Form(Pothole("query kedua")), verifier_key_);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(other.status, 409) << other.body;
  // Another system's key is its own: the same key gives it a case of its own.
  const auto elsewhere = post("kunci-query", "?" + Form(Pothole("query pertama")), dpu_key_);
  ASSERT_EQ(elsewhere.status, 200) << elsewhere.body;
  EXPECT_NE(Json(elsewhere)[0]["service_request_id"], Json(first)[0]["service_request_id"]);
  // The same fields in another order are the same request.
  auto fields = Pothole("urutan");
  const auto ordered = post("kunci-urutan", "", verifier_key_, Form(fields));
  std::reverse(fields.begin(), fields.end());
  const auto reversed = post("kunci-urutan", "", verifier_key_, Form(fields));
  ASSERT_EQ(ordered.status, 200) << ordered.body;
  ASSERT_EQ(reversed.status, 200) << reversed.body;
  EXPECT_EQ(Json(reversed)[0]["service_request_id"], Json(ordered)[0]["service_request_id"]);

  // "status can be declared multiple times" (GeoReport v2): both, not the first.
  const auto both = Json(Get("/open311/v2/requests.json?status=open,closed"));
  const auto twice = Json(Get("/open311/v2/requests.json?status=open&status=CLOSED"));
  const auto open = Json(Get("/open311/v2/requests.json?status=open"));
  ASSERT_TRUE(both.is_array() && twice.is_array() && open.is_array());
  EXPECT_GT(both.size(), open.size()) << "the demo's last 90 days hold closed requests";
  EXPECT_EQ(twice.size(), both.size());
  const auto two_services =
      Json(Get("/open311/v2/requests.json?service_code=PU-JALAN&service_code=PDAM-GANGGUAN"));
  const auto listed = Json(Get("/open311/v2/requests.json?service_code=PU-JALAN,PDAM-GANGGUAN"));
  const auto roads = Json(Get("/open311/v2/requests.json?service_code=PU-JALAN"));
  EXPECT_GT(listed.size(), roads.size()) << "the demo's last 90 days hold PDAM-GANGGUAN requests";
  EXPECT_EQ(two_services.size(), listed.size());
  // The spec's own example of an offset, its "+" read as a space.
  EXPECT_EQ(
      Get("/open311/v2/requests.json?start_date=2026-06-01T00:00:00+07:00&end_date=2026-07-01T00:"
          "00:00+07:00")
          .status,
      200);

  // A decimal comma is kept as the number every client reads.
  auto comma = Pothole("koma");
  comma[6].second = "1,5";  // attribute[LEBAR_M]
  const std::string id = Submit("json", comma);
  ASSERT_FALSE(id.empty());
  const auto extended = Json(Get("/open311/v2/requests/" + id + ".json?extensions=true"));
  const auto& answers = extended[0]["extended_attributes"]["attributes"];
  const auto width = std::find_if(answers.begin(), answers.end(),
                                  [](const json& a) { return a["code"] == "LEBAR_M"; });
  ASSERT_NE(width, answers.end()) << extended.dump();
  EXPECT_EQ((*width)["values"][0], "1.5");

  // A URL's scheme in capitals is a URL; "http://" alone is none.
  auto capitals = Pothole("url");
  capitals.emplace_back("media_url", "HTTP://EXAMPLE.COM/A.JPG");
  EXPECT_FALSE(Submit("json", capitals).empty());
  auto hostless = Pothole("url kosong");
  hostless.emplace_back("media_url", "http://");
  hostless.emplace_back("api_key", verifier_key_);
  ExpectError(Post("/open311/v2/requests.json", Form(hostless)), 400, "json", "media_url");
  // The description is optional: blanks are none.
  auto blank = Pothole("");
  blank[4].second = "   ";
  EXPECT_FALSE(Submit("json", blank).empty());
  // A surname too long is the surname's fault.
  auto surname = Pothole("nama");
  surname.emplace_back("first_name", "Budi");
  surname.emplace_back("last_name", std::string(300, 'S'));
  surname.emplace_back("api_key", verifier_key_);
  const auto long_name = server_->Call(
      "POST", "/open311/v2/requests.json",
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept-Language", "en"}},
      Form(surname));
  ExpectError(long_name, 400, "json", "last_name");
  EXPECT_EQ(long_name.body.find("first_name"), std::string::npos) << long_name.body;
  // A compressed body is refused as such, not read as a form without its key.
  const auto gzip = server_->Call(
      "POST", "/open311/v2/requests.json",
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Content-Encoding", "gzip"}},
      std::string("\x1f\x8b\x08\x00", 4));
  EXPECT_EQ(gzip.status, 415) << gzip.body;
}

// The reporter's name in a title cut from the description, and in an
// officer's public text shown in the notes of extensions=true: every word of
// it masked, never a fragment ("Wahyunin") or the whole name published.
TEST_F(Open311Test, TheReportersNameIsMaskedInTheTitleAndTheNotes) {
  std::string words =
      "Jalan berlubang di gang sempit dekat masjid, sudah dua minggu tidak diperbaiki sama sekali, "
      "lapor";
  words.resize(91, '.');
  const std::string description = words + " Sri Wahyuningsih warga RT 3";  // 100 ends in the name
  auto fields = Pothole("");
  fields[4].second = description;
  fields.emplace_back("first_name", "Sri");
  fields.emplace_back("last_name", "Wahyuningsih");
  fields.emplace_back("email", "sri.w@contoh.id");
  const std::string id = Submit("json", fields);
  ASSERT_FALSE(id.empty());
  const auto view = Get("/api/v1/cases/" + id);
  ASSERT_EQ(view.status, 200) << view.body;
  const std::string title = json::parse(view.body)["title"];
  EXPECT_EQ(title.find("Wahy"), std::string::npos) << title;
  EXPECT_TRUE(title.ends_with("…")) << title;

  auto update = [&](const std::string& key, const std::string& status,
                    std::vector<std::pair<std::string, std::string>> extra = {}) {
    return UpdateRequest(id, key, status, std::move(extra));
  };
  ASSERT_EQ(update(verifier_key_, "investigating").status, 200);
  ASSERT_EQ(update(verifier_key_, "internal_referral", {{"agency_code", "DPU"}}).status, 200);
  const auto started = update(dpu_key_, "in_progress");
  const auto fixed =
      update(dpu_key_, "fixed",
             {{"description", "Lubang sudah ditambal. Terima kasih Ibu Sri Wahyuningsih."}});
  ASSERT_EQ(fixed.status, 200) << started.body << fixed.body;
  for (const std::string& target :
       {"/open311/v2/requests/" + id + ".json?extensions=true",
        "/open311/v2/requests.xml?extensions=true&service_request_id=" + id}) {
    const auto feed = Get(target);
    ASSERT_EQ(feed.status, 200) << feed.body;
    EXPECT_NE(feed.body.find("Lubang sudah ditambal"), std::string::npos) << feed.body;
    EXPECT_EQ(feed.body.find("Wahyuningsih"), std::string::npos) << feed.body;
  }
}

TEST_F(Open311Test, GetRequestShowsEveryFieldWithItsDeadline) {
  const std::string id = Submit("json", Pothole("getone"));

  auto x = Get("/open311/v2/requests/" + id + ".xml");
  auto j = Get("/open311/v2/requests/" + id + ".json?jurisdiction_id=" + kJurisdiction);

  ASSERT_EQ(x.status, 200) << x.body;
  auto doc = Xml(x);
  auto r = doc->child("service_requests").child("request");
  ExpectXmlRequest(r);
  EXPECT_EQ(std::string(r.child_value("service_request_id")), id);
  EXPECT_EQ(std::string(r.child_value("service_code")), "PU-JALAN");
  EXPECT_EQ(std::string(r.child_value("status")), "open");
  // Nothing is expected before an agency has it: the verification deadline
  // is not when the request is fulfilled.
  EXPECT_TRUE(std::string(r.child_value("expected_datetime")).empty());
  EXPECT_EQ(std::string(r.child_value("address")), "Jl. Pemuda depan Balai Kota");
  ASSERT_EQ(j.status, 200) << j.body;
  json list = Json(j);
  ASSERT_TRUE(list.is_array() && list.size() == 1);
  ExpectJsonRequest(list[0]);
  EXPECT_NEAR(list[0]["lat"].get<double>(), -6.9932, 1e-6);
  EXPECT_NEAR(list[0]["long"].get<double>(), 110.4203, 1e-6);
  EXPECT_TRUE(std::string(list[0]["requested_datetime"]).ends_with("+07:00"));

  ExpectError(Get("/open311/v2/requests/ZZZZZZZZZZ.xml"), 404, "xml");
  ExpectError(Get("/open311/v2/requests/ZZZZZZZZZZ.json"), 404, "json");
  ExpectError(Get("/open311/v2/requests/" + id + ".json?jurisdiction_id=lain"), 404, "json");
}

TEST_F(Open311Test, TokensResolveToTheirRequest) {
  const std::string id = Submit("json", Pothole("token"));

  auto x = Get("/open311/v2/tokens/" + id + ".xml");
  auto j = Get("/open311/v2/tokens/" + id + ".json");

  ASSERT_EQ(x.status, 200);
  auto doc = Xml(x);
  auto r = doc->child("service_requests").child("request");
  EXPECT_EQ(std::string(r.child_value("service_request_id")), id);
  EXPECT_EQ(std::string(r.child_value("token")), id);
  ASSERT_EQ(j.status, 200);
  EXPECT_EQ(Json(j)[0]["service_request_id"], id);
  ExpectError(Get("/open311/v2/tokens/ZZZZZZZZZZ.xml"), 404, "xml");
  ExpectError(Get("/open311/v2/tokens/ZZZZZZZZZZ.json"), 404, "json");
}

TEST_F(Open311Test, GetRequestsFiltersAsTheSpecificationSays) {
  const std::string open_id = Submit("json", Pothole("filters"));
  const std::string other = Submit("json", {{"service_code", "DLH-SAMPAH"},
                                            {"attribute[JENIS_SAMPAH][]", "plastik"},
                                            {"lat", "-6.98"},
                                            {"long", "110.41"},
                                            {"description", "Sampah"}});
  const Receipt secret = server_->Submit(Complaint("rahasia311", {}, false, true));

  auto all = Json(Get("/open311/v2/requests.json"));
  auto xml = Get("/open311/v2/requests.xml?status=open&service_code=PU-JALAN,DLH-SAMPAH");

  ASSERT_TRUE(all.is_array());
  EXPECT_LE(all.size(), 1000u);
  std::set<std::string> ids;
  for (const auto& r : all) {
    ExpectJsonRequest(r);
    ids.insert(r["service_request_id"]);
  }
  EXPECT_TRUE(ids.count(open_id) && ids.count(other));
  EXPECT_FALSE(ids.count(secret.code)) << "confidential cases are never listed";
  ExpectError(Get("/open311/v2/requests/" + secret.code + ".json"), 404, "json");
  ASSERT_EQ(xml.status, 200);
  auto doc = Xml(xml);
  int n = 0;
  for (auto r : doc->child("service_requests").children("request")) {
    ++n;
    ExpectXmlRequest(r);
    EXPECT_EQ(std::string(r.child_value("status")), "open");
    const std::string code = r.child_value("service_code");
    EXPECT_TRUE(code == "PU-JALAN" || code == "DLH-SAMPAH") << code;
  }
  EXPECT_GE(n, 2);
  // service_request_id overrides every other parameter.
  auto by_id = Json(Get("/open311/v2/requests.json?service_request_id=" + open_id + "," + other +
                        "&status=closed&service_code=PPID-INFO"));
  EXPECT_EQ(by_id.size(), 2u);
  // Empty parameters are absent ones.
  EXPECT_EQ(Get("/open311/v2/requests.json?status=&service_code=&start_date=").status, 200);
  auto closed = Json(Get("/open311/v2/requests.json?status=closed"));
  for (const auto& r : closed) EXPECT_EQ(r["status"], "closed");
  auto page = Json(Get("/open311/v2/requests.json?page_size=2&page=1"));
  auto page2 = Json(Get("/open311/v2/requests.json?page_size=2&page=2"));
  EXPECT_EQ(page.size(), 2u);
  EXPECT_NE(page[0]["service_request_id"], page2[0]["service_request_id"]);
  auto window =
      Json(Get("/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z&end_date="
               "2000-02-01T00:00:00%2B07:00"));
  EXPECT_TRUE(window.empty());
  // A client that bounds a window by a time read from the feed (whole
  // seconds) finds the request printed with it, at both ends.
  const auto one = Json(Get("/open311/v2/requests/" + open_id + ".json"));
  std::string at = one[0]["requested_datetime"];
  at.replace(at.size() - 6, 1, "%2B");
  const auto bounded = Json(Get("/open311/v2/requests.json?start_date=" + at + "&end_date=" + at));
  EXPECT_TRUE(std::any_of(bounded.begin(), bounded.end(),
                          [&](const json& r) { return r["service_request_id"] == open_id; }))
      << at << " " << bounded.dump();
  EXPECT_EQ(Get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date="
                "2026-04-01T00:00:00Z")
                .status,
            200)
      << "exactly 90 days";
  auto updated = Json(Get("/open311/v2/requests.json?updated_after=2000-01-01T00:00:00Z"));
  EXPECT_TRUE(updated.empty()) << "at most 90 days after updated_after";
  auto extended =
      Json(Get("/open311/v2/requests.json?extensions=true&service_request_id=" + open_id));
  ASSERT_EQ(extended.size(), 1u);
  EXPECT_EQ(extended[0]["extended_attributes"]["channel"], "open311");
  EXPECT_TRUE(extended[0]["notes"].is_array());

  for (const std::string format : {"xml", "json"}) {
    const std::string base = "/open311/v2/requests." + format;
    ExpectError(Get(base + "?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"), 400,
                format, "90");
    ExpectError(Get(base + "?start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z"), 400,
                format);
    ExpectError(Get(base + "?start_date=kemarin"), 400, format, "start_date");
    ExpectError(Get(base + "?status=pending"), 400, format, "pending");
    ExpectError(Get(base + "?page_size=1001"), 400, format, "page_size");
    ExpectError(Get(base + "?service_code=TIDAK-ADA"), 404, format, "TIDAK-ADA");
    ExpectError(Get(base + "?jurisdiction_id=kota-lain"), 404, format);
    // A request line longer than the server reads is refused in the
    // client's format too, though it never reached the parser.
    ExpectError(Get(base + "?x=" + std::string(20000, 'a')), 431, format);
  }
}

TEST_F(Open311Test, ServiceRequestUpdatesMapStatusesBothWays) {
  const std::string id = Submit("json", Pothole("updates"));
  auto update = [&](const std::string& key, const std::string& status,
                    std::vector<std::pair<std::string, std::string>> extra = {}) {
    return UpdateRequest(id, key, status, std::move(extra));
  };

  auto verified = update(verifier_key_, "investigating", {{"description", "Sedang diperiksa"}});
  auto disposed = update(verifier_key_, "internal_referral", {{"agency_code", "DPU"}});
  // The agency's first follow-up is not the fulfilment: nothing is expected
  // until it works on the request, then the resolution deadline is.
  EXPECT_TRUE(Json(Get("/open311/v2/requests/" + id + ".json"))[0]["expected_datetime"].is_null());
  auto started = update(dpu_key_, "in_progress", {{"description", "Tim menuju lokasi"}});
  const json running = Json(Get("/open311/v2/requests/" + id + ".json"));
  const json view = json::parse(Get("/api/v1/cases/" + id).body);
  ASSERT_TRUE(running[0]["expected_datetime"].is_string()) << running.dump();
  EXPECT_EQ(view["deadline"]["stage"], "resolution") << view.dump();
  // The verifiers may not resolve the DPU's case: told so before they are
  // asked for a field that would not help.
  ExpectError(update(verifier_key_, "fixed"), 403, "json");
  auto fixed = update(dpu_key_, "fixed", {{"description", "Lubang sudah ditambal"}});

  for (const auto* r : {&verified, &disposed, &started, &fixed}) {
    ASSERT_EQ(r->status, 200) << r->body;
    json j = Json(*r);
    EXPECT_TRUE(j[0]["update_id"].is_string() && !j[0]["update_id"].get<std::string>().empty());
  }
  auto timeline = server_->Timeline(id);
  EXPECT_EQ(timeline["status"], "resolved");
  auto list = Get("/open311/v2/servicerequestupdates.xml");
  ASSERT_EQ(list.status, 200);
  auto doc = Xml(list);
  std::vector<std::string> statuses;
  for (auto u : doc->child("service_request_updates").children("request_update")) {
    if (std::string(u.child_value("service_request_id")) != id) continue;
    for (const char* f : {"update_id", "service_request_id", "status", "updated_datetime",
                          "description", "media_url"}) {
      EXPECT_TRUE(u.child(f)) << f;
    }
    EXPECT_TRUE(IsW3cDateTime(u.child_value("updated_datetime")));
    statuses.push_back(u.child_value("status"));
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"investigating", "action_scheduled", "in_progress",
                                                "fixed"}));
  auto json_list =
      Json(Get("/open311/v2/servicerequestupdates.json?start_date=2026-01-01T00:00:00Z"));
  EXPECT_TRUE(json_list.is_array());

  for (const std::string format : {"xml", "json"}) {
    const std::string target = "/open311/v2/servicerequestupdates." + format;
    ExpectError(Post(target, Form({{"service_request_id", id}, {"status", "closed"}})), 403,
                format);
    ExpectError(
        Post(target,
             Form({{"api_key", "sgp_salah"}, {"service_request_id", id}, {"status", "closed"}})),
        403, format);
    ExpectError(Post(target, Form({{"api_key", verifier_key_},
                                   {"service_request_id", "ZZZZZZZZZZ"},
                                   {"status", "closed"}})),
                404, format);
    ExpectError(
        Post(target,
             Form({{"api_key", verifier_key_}, {"service_request_id", id}, {"status", "meledak"}})),
        400, format, "meledak");
    ExpectError(Post(target, Form({{"api_key", verifier_key_}, {"service_request_id", id}})), 400,
                format, "status");
    // A resolved case cannot be started again.
    ExpectError(Post(target, Form({{"api_key", verifier_key_},
                                   {"service_request_id", id},
                                   {"status", "internal_referral"},
                                   {"agency_code", "DLH"}})),
                400, format, "resolved");
    ExpectError(Get(target + "?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z"), 400,
                format, "90");
  }
}

// updated_datetime in the past (and not before the request's last change)
// is when the change happened: the feed gives it back, with the media_url.
TEST_F(Open311Test, ServiceRequestUpdatesKeepTheClientsTimeAndMediaUrl) {
  const std::string id = Submit("json", Pothole("waktu klien"));
  const json request = Json(Get("/open311/v2/requests/" + id + ".json"))[0];
  const auto created = request["requested_datetime"].get<std::string>();
  // A second after the request (its time is floored to the second), and
  // clearly before the server's clock when the update arrives.
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  auto post = [&](std::vector<std::pair<std::string, std::string>> fields) {
    fields.insert(fields.end(), {{"api_key", verifier_key_},
                                 {"service_request_id", id},
                                 {"status", "investigating"},
                                 {"description", "Petugas sudah memeriksa"}});
    return Post("/open311/v2/servicerequestupdates.json", Form(fields));
  };
  const std::string happened = W3cNow(-std::chrono::seconds(2));

  auto future = post({{"updated_datetime", W3cNow(std::chrono::hours(24))}});
  auto before = post({{"updated_datetime", "2020-01-01T00:00:00+07:00"}});
  // The "+" of the offset left unencoded in the form reads as a space: the
  // time is still read (and refused for being before the request), as GET's
  // dates are, not called a malformed date.
  auto spaced = post({{"updated_datetime", "2020-01-01T00:00:00 07:00"}});
  auto bad_media = post({{"media_url", "ftp://fms.example/foto.jpg"}});
  auto ok = post({{"updated_datetime", happened}, {"media_url", "https://fms.example/foto.jpg"}});

  ExpectError(future, 400, "json", "updated_datetime");
  ExpectError(before, 400, "json", "updated_datetime");
  ExpectError(spaced, 400, "json", "updated_datetime");
  EXPECT_EQ(spaced.body, before.body);
  ExpectError(bad_media, 400, "json", "media_url");
  ASSERT_EQ(ok.status, 200) << ok.body;
  const std::string update_id = Json(ok)[0]["update_id"];
  const json feed = Json(Get("/open311/v2/servicerequestupdates.json"));
  json mine;
  for (const auto& u : feed) {
    if (u["update_id"] == update_id) mine = u;
  }
  ASSERT_TRUE(mine.is_object()) << feed.dump();
  EXPECT_EQ(mine["media_url"], "https://fms.example/foto.jpg");
  // The feed speaks the Pemda's zone, to the second.
  const auto said = ParseRfc3339(mine["updated_datetime"].get<std::string>());
  const auto meant = ParseRfc3339(happened);
  ASSERT_TRUE(said && meant) << mine.dump();
  EXPECT_EQ(std::chrono::floor<std::chrono::seconds>(*said),
            std::chrono::floor<std::chrono::seconds>(*meant))
      << mine.dump() << " vs " << happened << " (created " << created << ")";
  // The event itself keeps Sigap's time, later than the client's.
  const json timeline = server_->Timeline(id);
  const json& verified = timeline["events"].back();
  EXPECT_EQ(verified["kind"], "verified");
  EXPECT_GT(*ParseRfc3339(verified["at"].get<std::string>()), *meant);
}

// FixMyStreet retries an update whose answer it lost, with the same
// update_id: the retry gets the first answer and changes nothing. A client
// clock a couple of minutes ahead of Sigap's is not a reason to refuse.
TEST_F(Open311Test, ServiceRequestUpdatesRetryWithTheSameUpdateIdChangesNothing) {
  const std::string id = Submit("json", Pothole("kirim ulang"));
  auto post = [&](const std::string& update_id, const std::string& text) {
    return Post("/open311/v2/servicerequestupdates.json",
                Form({{"api_key", verifier_key_},
                      {"service_request_id", id},
                      {"update_id", update_id},
                      {"status", "investigating"},
                      {"updated_datetime", W3cNow(std::chrono::minutes(2))},
                      {"description", text}}));
  };
  auto first = post("fms-retry-1", "Petugas menuju lokasi");
  ASSERT_EQ(first.status, 200) << first.body;
  const size_t events = server_->Timeline(id)["events"].size();
  auto again = post("fms-retry-1", "Petugas menuju lokasi");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json(again)[0]["update_id"], Json(first)[0]["update_id"]);
  EXPECT_EQ(server_->Timeline(id)["events"].size(), events);

  auto other = post("fms-retry-2", "Perbaikan dijadwalkan");
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_NE(Json(other)[0]["update_id"], Json(first)[0]["update_id"]);
  EXPECT_GT(server_->Timeline(id)["events"].size(), events);
  ExpectError(post(std::string(101, 'x'), "terlalu panjang"), 400, "json", "update_id");
}

// A citizen's +1 is no update: the feed leaves it out, and the update after
// it keeps the status the request had.
TEST_F(Open311Test, ServiceRequestUpdatesSkipSupportAndKeepTheStatusAcrossIt) {
  const std::string id = Submit("json", Pothole("dukungan"));
  auto post = [&](const std::string& status, const std::string& text) {
    return Post("/open311/v2/servicerequestupdates.json", Form({{"api_key", verifier_key_},
                                                                {"service_request_id", id},
                                                                {"status", status},
                                                                {"description", text}}));
  };
  ASSERT_EQ(post("investigating", "Diperiksa").status, 200);
  auto support =
      server_->Call("POST", "/api/v1/cases/" + id + "/support",
                    {{"Content-Type", "application/json"}}, R"({"device_id":"open311-dukungan"})");
  ASSERT_EQ(support.status, 200) << support.body;
  ASSERT_EQ(post("investigating", "Masih diperiksa").status, 200);

  const json feed = Json(Get("/open311/v2/servicerequestupdates.json"));

  std::vector<std::string> seen;
  for (const auto& u : feed) {
    if (u["service_request_id"] != id) continue;
    seen.push_back(u["external_status_code"].get<std::string>() + "/" +
                   u["status"].get<std::string>());
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"verified/investigating", "public_update/investigating"}));
  EXPECT_EQ(feed.dump().find("\"supported\""), std::string::npos);
}

// GET servicerequestupdates pages like GET requests instead of stopping at
// 1,000 updates.
TEST_F(Open311Test, ServiceRequestUpdatesArePaged) {
  const std::string id = Submit("json", Pothole("halaman"));
  for (const char* status : {"investigating", "not_councils_responsibility"}) {
    ASSERT_EQ(Post("/open311/v2/servicerequestupdates.json", Form({{"api_key", verifier_key_},
                                                                   {"service_request_id", id},
                                                                   {"status", status},
                                                                   {"description", "Halaman"}}))
                  .status,
              200);
  }
  const std::string base = "/open311/v2/servicerequestupdates.json?page_size=1";

  const json all = Json(Get("/open311/v2/servicerequestupdates.json"));
  std::vector<std::string> paged;
  for (size_t page = 1; page <= all.size() + 1; ++page) {
    const json one = Json(Get(base + "&page=" + std::to_string(page)));
    ASSERT_LE(one.size(), 1u);
    if (one.empty()) break;
    paged.push_back(one[0]["update_id"]);
  }

  std::vector<std::string> ids;
  for (const auto& u : all) ids.push_back(u["update_id"]);
  EXPECT_GE(ids.size(), 2u);
  EXPECT_EQ(paged, ids);
  for (const std::string format : {"xml", "json"}) {
    const std::string target = "/open311/v2/servicerequestupdates." + format;
    ExpectError(Get(target + "?page_size=0"), 400, format, "page_size");
    ExpectError(Get(target + "?page_size=1001"), 400, format, "page_size");
    ExpectError(Get(target + "?page=x"), 400, format, "page");
  }
}

TEST_F(Open311Test, UnknownResourcesFormatsAndMethodsAreErrors) {
  ExpectError(Get("/open311/v2/pothole.xml"), 404, "xml");
  ExpectError(Get("/open311/v2/pothole.json"), 404, "json");
  ExpectError(Get("/open311/v2/services.html"), 404, "xml");
  ExpectError(Get("/open311/v3/services.json"), 404, "json");
  ExpectError(server_->Call("PUT", "/open311/v2/requests.json"), 400, "json", "PUT");
  ExpectError(server_->Call("DELETE", "/open311/v2/services/PU-JALAN.xml"), 400, "xml");
  ExpectError(Post("/open311/v2/services.xml", "x=1"), 400, "xml");
}

// FixMyStreet speaks only .xml: discovery, services, a definition, a
// report, its status, then an update from the citizen and the council's.
TEST_F(Open311Test, FixMyStreetStyleFlowOverXml) {
  auto discovery = Xml(Get("/open311/v2/discovery.xml"));
  ASSERT_TRUE(discovery->child("discovery").child("endpoints").child("endpoint"));
  auto services = Xml(Get("/open311/v2/services.xml"));
  std::string code;
  for (auto s : services->child("services").children("service")) {
    if (std::string(s.child_value("metadata")) == "true") {
      code = s.child_value("service_code");
      break;
    }
  }
  ASSERT_FALSE(code.empty());
  auto definition = Xml(Get("/open311/v2/services/" + code + ".xml"));
  std::vector<std::pair<std::string, std::string>> fields = {
      {"jurisdiction_id", kJurisdiction},
      {"service_code", code},
      {"lat", "-6.9840"},
      {"long", "110.4100"},
      {"address_string", "Jl. Gajahmada 50"},
      {"description", "Laporan dari FixMyStreet: lampu jalan mati di depan toko"},
      {"email", "warga.fms@example.id"},
      {"first_name", "Sri"},
      {"last_name", "Lestari"}};
  for (auto a : definition->child("service_definition").child("attributes").children("attribute")) {
    auto value = a.child("values").child("value");
    if (value)
      fields.emplace_back("attribute[" + std::string(a.child_value("code")) + "]",
                          value.child_value("key"));
  }

  const std::string id = Submit("xml", fields);
  ASSERT_FALSE(id.empty());
  auto request = Xml(Get("/open311/v2/requests/" + id + ".xml?jurisdiction_id=" + kJurisdiction));
  auto r = request->child("service_requests").child("request");
  ExpectXmlRequest(r);
  EXPECT_EQ(std::string(r.child_value("status")), "open");
  auto citizen = Post("/open311/v2/servicerequestupdates.xml",
                      Form({{"jurisdiction_id", kJurisdiction},
                            {"api_key", verifier_key_},
                            {"service_request_id", id},
                            {"update_id", "fms-991"},
                            {"status", "OPEN"},
                            {"updated_datetime", W3cNow()},
                            {"description", "Masih mati sampai malam ini"},
                            {"first_name", "Sri"},
                            {"email", "warga.fms@example.id"}}));
  ASSERT_EQ(citizen.status, 200) << citizen.body;
  auto posted = Xml(citizen);
  const std::string update_id =
      posted->child("service_request_updates").child("request_update").child_value("update_id");
  EXPECT_FALSE(update_id.empty());
  auto council = Post("/open311/v2/servicerequestupdates.xml",
                      Form({{"api_key", verifier_key_},
                            {"service_request_id", id},
                            {"status", "not_councils_responsibility"},
                            {"description", "Lampu milik pengelola kawasan"}}));
  ASSERT_EQ(council.status, 200) << council.body;
  auto updates = Xml(
      Get("/open311/v2/servicerequestupdates.xml?jurisdiction_id=" + std::string(kJurisdiction)));
  std::vector<std::string> seen;
  for (auto u : updates->child("service_request_updates").children("request_update")) {
    if (std::string(u.child_value("service_request_id")) == id)
      seen.push_back(u.child_value("status"));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"open", "not_councils_responsibility"}));
  auto after = Xml(Get("/open311/v2/requests/" + id + ".xml"));
  EXPECT_EQ(std::string(after->child("service_requests").child("request").child_value("status")),
            "closed");
  EXPECT_EQ(updates->child("service_request_updates").find_child([](pugi::xml_node n) {
    return std::string(n.text().get()).find("warga.fms") != std::string::npos;
  }),
            pugi::xml_node());
}

}  // namespace
}  // namespace sigap::integration
