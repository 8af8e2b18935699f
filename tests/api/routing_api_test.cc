// Issue 5 over real HTTP: routing by place at intake, the proposed
// disposition and its override, nearby duplicates, support (+1) and the
// routing rules API. One server with the demo (LifecycleServer).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

// An interior point of a kelurahan, computed here from the GeoJSON and not
// by the server's code: on the horizontal line through the middle of the
// outer ring's latitude range, the midpoint of the widest stretch between
// two consecutive crossings (even-odd) lies inside the ring.
std::pair<double, double> InteriorPoint(const std::string& code) {
  std::ifstream in(std::string(SIGAP_SOURCE_DIR) + "/data/geo/33.74-kelurahan.geojson");
  std::stringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str());
  for (const auto& f : doc["features"]) {
    if (f["properties"]["kode"] != code) continue;
    const json& g = f["geometry"];
    const json& ring = g["type"] == "Polygon" ? g["coordinates"][0] : g["coordinates"][0][0];
    double lo = 90, hi = -90;
    for (const auto& p : ring) {
      lo = std::min(lo, p[1].get<double>());
      hi = std::max(hi, p[1].get<double>());
    }
    const double lat = (lo + hi) / 2 + 1e-7;  // off any vertex
    std::vector<double> xs;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const double ay = ring[i][1], by = ring[j][1], ax = ring[i][0], bx = ring[j][0];
      if ((ay > lat) != (by > lat)) xs.push_back(ax + (lat - ay) * (bx - ax) / (by - ay));
    }
    std::sort(xs.begin(), xs.end());
    double best = -1, lng = 0;
    for (size_t k = 0; k + 1 < xs.size(); k += 2) {
      if (xs[k + 1] - xs[k] > best) {
        best = xs[k + 1] - xs[k];
        lng = (xs[k] + xs[k + 1]) / 2;
      }
    }
    return {lat, lng};
  }
  ADD_FAILURE() << "no kelurahan " << code;
  return {0, 0};
}

class RoutingApi : public ::testing::Test {
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

  static json Parse(const test_support::HttpResponse& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json::object() : j;
  }

  static std::vector<std::string> Fields(const test_support::HttpResponse& r) {
    std::vector<std::string> out;
    for (const auto& e : Parse(r).value("errors", json::array())) {
      out.push_back(e.value("field", ""));
    }
    return out;
  }
  static bool Names(const test_support::HttpResponse& r, const std::string& field) {
    const auto f = Fields(r);
    return std::find(f.begin(), f.end(), field) != f.end();
  }

  // A complaint at (lat, lng) of `service`, without a region code, with the
  // answers the demo's services require.
  static json At(const std::string& service, double lat, double lng, const std::string& title,
                 bool confidential = false) {
    json answers = json::object();
    if (service == "PU-JALAN") answers["JENIS_KERUSAKAN"] = "berlubang";
    if (service == "DLH-SAMPAH") answers["JENIS_SAMPAH"] = json::array({"rumah_tangga"});
    return json{{"kind", "complaint"},
                {"attributes", answers},
                {"service_code", service},
                {"title", title},
                {"description", "Laporan uji rute wilayah, mohon ditindaklanjuti."},
                {"location", {{"lat", lat}, {"lng", lng}}},
                {"reporter", {{"name", "Pelapor Rute"}, {"email", "pelapor.rute@contoh.id"}}},
                {"confidential", confidential}};
  }

  static json OfficerView(const std::string& code) {
    auto r = S().Call("GET", "/api/v1/cases/" + code, S().Officer("verifikator"));
    EXPECT_EQ(r.status, 200) << r.body;
    return Parse(r);
  }

  static LifecycleServer* server_;
};
LifecycleServer* RoutingApi::server_ = nullptr;

TEST_F(RoutingApi, IntakeAssignsKelurahanKecamatanAndProposal) {
  const auto [lat, lng] = InteriorPoint("33.74.01.1001");

  const Receipt drain = S().Submit(At("PU-DRAINASE", lat, lng, "Got mampet uji rute"));
  const Receipt trash = S().Submit(At("DLH-SAMPAH", lat, lng, "Sampah menumpuk uji rute"));

  const json d = OfficerView(drain.code);
  EXPECT_EQ(d["routing"]["kelurahan_code"], "33.74.01.1001") << d.dump();
  EXPECT_EQ(d["routing"]["kecamatan_code"], "33.74.01");
  EXPECT_EQ(d["routing"]["outside_pemda"], false);
  EXPECT_EQ(d["location"]["region_code"], "33.74.01.1001");  // filled in from the point
  EXPECT_EQ(d["routing"]["proposed_disposition"]["agency_code"], "DPU");
  EXPECT_EQ(d["routing"]["proposed_disposition"]["rule"], "PU-DRAINASE@*");
  // The kecamatan office's rule beats the city-wide one.
  const json t = OfficerView(trash.code);
  EXPECT_EQ(t["routing"]["proposed_disposition"]["agency_code"], "KEC-3374010") << t.dump();
  EXPECT_EQ(t["routing"]["proposed_disposition"]["rule"], "DLH-SAMPAH@33.74.01");
  // The public sees neither the routing nor the proposal.
  const json pub = Parse(S().Call("GET", "/api/v1/cases/" + drain.code));
  EXPECT_FALSE(pub.contains("routing"));
}

// "*" is everywhere: a case whose place is not known is proposed to the
// city-wide rule's agency too (a service-specific rule waits for a place).
TEST_F(RoutingApi, TheCityWideRuleAlsoTakesACaseWithoutAPlace) {
  json unplaced{{"kind", "complaint"},
                {"service_code", "PU-DRAINASE"},
                {"title", "Got mampet tanpa lokasi uji"},
                {"description", "Saluran tersumbat, pelapor tidak menyebut tempat."}};

  const json v = OfficerView(S().Submit(unplaced).code);

  EXPECT_EQ(v["routing"]["kecamatan_code"], "") << v.dump();
  EXPECT_EQ(v["routing"]["proposed_disposition"]["agency_code"], "DPU") << v.dump();
  EXPECT_EQ(v["routing"]["proposed_disposition"]["rule"], "PU-DRAINASE@*");
}

TEST_F(RoutingApi, KelurahanRuleBeatsKecamatanRule) {
  const auto [lat, lng] = InteriorPoint("33.74.07.1005");  // Pleburan: a kelurahan rule

  const Receipt r = S().Submit(At("DLH-SAMPAH", lat, lng, "Sampah Simpang Lima uji"));

  EXPECT_EQ(OfficerView(r.code)["routing"]["proposed_disposition"]["agency_code"], "DLH");
}

TEST_F(RoutingApi, StatedRegionThatDisagreesIsKeptAndFlagged) {
  const auto [lat, lng] = InteriorPoint("33.74.01.1001");
  json s = At("PU-DRAINASE", lat, lng, "Wilayah berbeda uji");
  s["location"]["region_code"] = "33.74.10.1001";

  const json v = OfficerView(S().Submit(s).code);

  EXPECT_EQ(v["location"]["region_code"], "33.74.10.1001");
  EXPECT_EQ(v["routing"]["stated_region_code"], "33.74.10.1001");
  EXPECT_EQ(v["routing"]["kelurahan_code"], "33.74.01.1001");
}

TEST_F(RoutingApi, PointOutsideThePemdaIsAcceptedFlaggedAndNotRouted) {
  const Receipt r = S().Submit(At("PU-DRAINASE", -6.60, 110.70, "Di luar kota uji"));

  const json v = OfficerView(r.code);
  EXPECT_EQ(v["routing"]["outside_pemda"], true) << v.dump();
  EXPECT_TRUE(v["routing"]["proposed_disposition"].is_null());
  EXPECT_EQ(v["routing"]["kelurahan_code"], "");
  auto list = Parse(S().Call("GET", "/api/v1/cases?q=luar&limit=50", S().Officer("verifikator")));
  bool flagged = false;
  for (const auto& c : list["items"]) flagged |= c["tracking_code"] == r.code && c["outside_pemda"];
  EXPECT_TRUE(flagged) << list.dump();
}

TEST_F(RoutingApi, OverrideNeedsAReasonAndIsRecorded) {
  const auto [lat, lng] = InteriorPoint("33.74.01.1001");
  const Receipt r = S().Submit(At("DLH-SAMPAH", lat, lng, "Sampah pasar uji override"));
  const auto verifier = S().Officer("verifikator");
  S().Must(r.code, verifier, {{"action", "verify"}});

  auto missing = S().Act(r.code, verifier, {{"action", "dispose"}, {"agency_code", "DLH"}});
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_TRUE(Names(missing, "override_reason")) << missing.body;
  S().Must(r.code, verifier,
           {{"action", "dispose"},
            {"agency_code", "DLH"},
            {"override_reason", "Sampah pasar ditangani DLH, bukan kecamatan"}});

  const json timeline = S().Timeline(r.code, verifier);
  const json& disposed = timeline["events"].back();
  EXPECT_EQ(disposed["kind"], "disposed");
  EXPECT_EQ(disposed["payload"]["proposal"], "KEC-3374010") << disposed.dump();
  EXPECT_EQ(disposed["payload"]["override_reason"], "Sampah pasar ditangani DLH, bukan kecamatan");
  // The citizen's timeline shows where the case went, not the officers' reasons.
  const json pub = S().Timeline(r.code);
  EXPECT_EQ(pub.dump().find("override_reason"), std::string::npos) << pub.dump();
}

TEST_F(RoutingApi, ConfirmingTheProposalNeedsNoReason) {
  const auto [lat, lng] = InteriorPoint("33.74.01.1001");
  const Receipt r = S().Submit(At("PU-DRAINASE", lat, lng, "Konfirmasi usulan uji"));
  const auto verifier = S().Officer("verifikator");
  S().Must(r.code, verifier, {{"action", "verify"}});

  S().Must(r.code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});

  const json disposed = S().Timeline(r.code, verifier)["events"].back();
  EXPECT_EQ(disposed["payload"]["proposal"], "DPU");
  EXPECT_FALSE(disposed["payload"].contains("override_reason"));
}

TEST_F(RoutingApi, NearbyRanksOpenCasesOfTheServiceByDistanceAndText) {
  const auto [lat, lng] = InteriorPoint("33.74.03.1001");
  const double metre = 1.0 / 111195.0;  // degrees of latitude
  const Receipt here = S().Submit(At("PU-JALAN", lat, lng, "Aspal retak kecil"));
  const Receipt near =
      S().Submit(At("PU-JALAN", lat + 30 * metre, lng, "Lubang besar jalan berbahaya"));
  const Receipt far = S().Submit(At("PU-JALAN", lat + 300 * metre, lng, "Lubang besar jauh"));
  const Receipt phoned =
      S().Submit(At("PU-JALAN", lat + 10 * metre, lng, "Lubang, hubungi 0812-7777-3333"));
  const Receipt secret =
      S().Submit(At("PU-JALAN", lat, lng, "Lubang rahasia", /*confidential=*/true));
  const Receipt other = S().Submit(At("PU-DRAINASE", lat, lng, "Saluran dekat"));
  const std::string base = "/api/v1/cases/nearby?lat=" + std::to_string(lat) +
                           "&long=" + std::to_string(lng) + "&service=PU-JALAN";

  auto plain = S().Call("GET", base);
  auto worded = S().Call("GET", base + "&q=lubang%20besar%20berbahaya");

  ASSERT_EQ(plain.status, 200) << plain.body;
  std::vector<std::string> codes;
  const json items = Parse(plain)["items"];
  for (const auto& c : items) codes.push_back(c["tracking_code"]);
  auto pos = [&](const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) - codes.begin();
  };
  ASSERT_LT(pos(here.code), static_cast<long>(codes.size())) << plain.body;
  ASSERT_LT(pos(near.code), static_cast<long>(codes.size()));
  EXPECT_LT(pos(here.code), pos(near.code));
  EXPECT_EQ(pos(far.code), static_cast<long>(codes.size()));     // 300 m > 100 m
  EXPECT_EQ(pos(secret.code), static_cast<long>(codes.size()));  // confidential
  EXPECT_EQ(pos(other.code), static_cast<long>(codes.size()));   // another service
  const json first = Parse(worded)["items"][0];
  EXPECT_EQ(first["tracking_code"], near.code) << worded.body;
  EXPECT_GT(first["similarity"].get<double>(), 0.5);
  EXPECT_NEAR(first["distance_m"].get<double>(), 30, 2);
  // Public fields only, and a number typed into a title masked as in the
  // case's public view.
  ASSERT_LT(pos(phoned.code), static_cast<long>(codes.size()));
  EXPECT_EQ(items[pos(phoned.code)]["title"], "Lubang, hubungi [disamarkan]");
  EXPECT_EQ(plain.body.find("7777"), std::string::npos);
  EXPECT_EQ(plain.body.find("pelapor.rute"), std::string::npos);
  EXPECT_EQ(plain.body.find("Pelapor Rute"), std::string::npos);
  EXPECT_EQ(plain.body.find("description"), std::string::npos);
  // Nor does the ranking tell whether a guessed number is in a case: the
  // right one scores as a wrong one.
  const auto similarity = [&](const std::string& q) {
    const json found = Parse(S().Call("GET", base + "&q=" + q))["items"];
    for (const auto& c : found) {
      if (c["tracking_code"] == phoned.code) return c["similarity"].get<double>();
    }
    return -1.0;
  };
  EXPECT_EQ(similarity("0812-7777-3333"), similarity("0812-7777-3334"));
  EXPECT_EQ(similarity("7777"), similarity("7778"));
  // A wider radius finds the far one too.
  EXPECT_NE(S().Call("GET", base + "&radius=500").body.find(far.code), std::string::npos);
  // The verifier sees the neighbours of the case, not the case itself.
  auto of_case =
      S().Call("GET", "/api/v1/cases/" + here.code + "/nearby", S().Officer("verifikator"));
  ASSERT_EQ(of_case.status, 200) << of_case.body;
  EXPECT_NE(of_case.body.find(near.code), std::string::npos);
  EXPECT_EQ(of_case.body.find(here.code), std::string::npos);
}

// Regression: the nearby list rode in the case, whose ETag knows nothing of
// other cases, so a 304 kept showing a stale list. It is a sub-resource
// now, never cached; the case answers 304 while its neighbours change.
TEST_F(RoutingApi, NearbyOfACaseIsFreshWhenTheCaseIsNotModified) {
  const auto [lat, lng] = InteriorPoint("33.74.04.1001");
  const double metre = 1.0 / 111195.0;
  const Receipt here = S().Submit(At("PU-JALAN", lat, lng, "Jalan amblas segar"));
  const auto officer = S().Officer("verifikator");
  const std::string path = "/api/v1/cases/" + here.code;
  auto first = S().Call("GET", path, officer);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string etag(first.Header("ETag").value_or(""));
  ASSERT_FALSE(etag.empty());
  const json before = Parse(S().Call("GET", path + "/nearby", officer));

  const Receipt later = S().Submit(At("PU-JALAN", lat + 20 * metre, lng, "Jalan amblas lagi"));
  auto headers = officer;
  headers.emplace("If-None-Match", etag);
  auto again = S().Call("GET", path, headers);
  auto nearby = S().Call("GET", path + "/nearby", officer);

  EXPECT_FALSE(Parse(first).contains("nearby")) << first.body;
  EXPECT_EQ(before["items"].dump().find(later.code), std::string::npos);
  EXPECT_EQ(again.status, 304);
  ASSERT_EQ(nearby.status, 200) << nearby.body;
  EXPECT_NE(nearby.body.find(later.code), std::string::npos) << nearby.body;
  EXPECT_EQ(nearby.Header("Cache-Control").value_or(""), "private, no-store");
  EXPECT_FALSE(nearby.Header("ETag").has_value());
  // Public fields only, and the same visibility as the case.
  EXPECT_EQ(nearby.body.find("pelapor.rute"), std::string::npos);
  const Receipt secret = S().Submit(At("PU-JALAN", lat, lng, "Amblas rahasia", true));
  EXPECT_EQ(S().Call("GET", "/api/v1/cases/" + secret.code + "/nearby").status, 403);
  EXPECT_EQ(S().Call("GET", "/api/v1/cases/ZZZZZZZZZZ/nearby").status, 404);
}

TEST_F(RoutingApi, NearbyRefusesBadQueriesNamingTheField) {
  auto no_service = S().Call("GET", "/api/v1/cases/nearby?lat=-6.99&long=110.42");
  auto bad_lat = S().Call("GET", "/api/v1/cases/nearby?lat=abc&long=110.42&service=PU-JALAN");
  auto no_lat = S().Call("GET", "/api/v1/cases/nearby?long=110.42&service=PU-JALAN");
  auto far = S().Call("GET",
                      "/api/v1/cases/nearby?lat=-6.99&long=110.42&service=PU-JALAN&"
                      "radius=99999");
  auto days = S().Call("GET",
                       "/api/v1/cases/nearby?lat=-6.99&long=110.42&service=PU-JALAN&"
                       "days=0");
  auto range = S().Call("GET", "/api/v1/cases/nearby?lat=91&long=110.42&service=PU-JALAN");

  EXPECT_EQ(no_service.status, 422);
  EXPECT_TRUE(Names(no_service, "service")) << no_service.body;
  EXPECT_TRUE(Names(bad_lat, "lat")) << bad_lat.body;
  EXPECT_TRUE(Names(no_lat, "lat")) << no_lat.body;
  EXPECT_TRUE(Names(far, "radius")) << far.body;
  EXPECT_TRUE(Names(days, "days")) << days.body;
  EXPECT_TRUE(Names(range, "lat")) << range.body;
  for (const auto* r : {&no_service, &bad_lat, &no_lat, &far, &days, &range}) {
    EXPECT_EQ(r->status, 422) << r->body;
  }
}

TEST_F(RoutingApi, SupportCountsEachSupporterOnceAndNotifiesThem) {
  const auto [lat, lng] = InteriorPoint("33.74.02.1001");
  const Receipt r = S().Submit(At("PU-DRAINASE", lat, lng, "Banjir dukungan uji"));
  const std::string path = "/api/v1/cases/" + r.code + "/support";

  auto first = S().Call("POST", path, {}, R"({"email":"Warga.Satu@Contoh.id"})");
  auto again = S().Call("POST", path, {}, R"({"email":" warga.satu@contoh.id "})");
  auto phone = S().Call("POST", path, {}, R"({"phone":"0812-3456-7890"})");
  auto phone_again = S().Call("POST", path, {}, R"({"phone":"+62 812 3456 7890"})");
  auto device = S().Call("POST", path, {}, R"({"device_id":"android-uji-42"})");

  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Parse(first)["counted"], true);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Parse(again)["counted"], false);
  EXPECT_EQ(Parse(again)["supporters"], 1);
  EXPECT_EQ(Parse(phone)["counted"], true);
  EXPECT_EQ(Parse(phone_again)["counted"], false);
  EXPECT_EQ(Parse(device)["supporters"], 3);
  EXPECT_EQ(Parse(S().Call("GET", "/api/v1/cases/" + r.code))["supporters"], 3);
  // Only keyed hashes identify supporters; the phone and device never land.
  const auto rows = S().Sql(
      "SELECT s.supporter_key, s.email FROM case_supporters s JOIN cases c ON c.id = s.case_id "
      "WHERE c.tracking_code = '" +
      r.code + "' ORDER BY s.email DESC");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][1], "warga.satu@contoh.id");
  for (const auto& row : rows) {
    EXPECT_EQ(row[0].size(), 64u);
    // The phone's digits, long enough that 64 hex digits never hold them by chance
    // (four of them, "0812", did: about once in a thousand random keys).
    EXPECT_EQ(row[0].find("81234567890"), std::string::npos);
  }
  EXPECT_TRUE(S().Sql("SELECT 1 FROM case_supporters WHERE email LIKE '%0812%' OR "
                      "supporter_key LIKE '%android%'")
                  .empty());
  // The public timeline says that someone supported it, not who.
  const std::string timeline = S().Timeline(r.code).dump();
  EXPECT_NE(timeline.find("supported"), std::string::npos);
  EXPECT_EQ(timeline.find("warga.satu"), std::string::npos);

  // Supporters hear what the reporter hears: the disposition.
  const auto verifier = S().Officer("verifikator");
  S().Must(r.code, verifier, {{"action", "verify"}});
  S().Must(r.code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});
  const auto outbox = S().Sql(
      "SELECT o.audience, o.template FROM outbox o JOIN cases c ON c.id = o.case_id WHERE "
      "c.tracking_code = '" +
      r.code + "' AND o.channel = 'email' ORDER BY o.id");
  bool reporter = false, supporters = false;
  for (const auto& row : outbox) {
    reporter |= row[0] == "reporter" && row[1] == "disposed";
    supporters |= row[0] == "supporters" && row[1] == "disposed";
  }
  EXPECT_TRUE(reporter);
  EXPECT_TRUE(supporters);
}

TEST_F(RoutingApi, SupportRefusesBadInputAndClosedOrUnknownCases) {
  const auto [lat, lng] = InteriorPoint("33.74.02.1001");
  const Receipt r = S().Submit(At("PU-DRAINASE", lat, lng, "Dukungan buruk uji"));
  const std::string path = "/api/v1/cases/" + r.code + "/support";

  auto none = S().Call("POST", path, {}, "{}");
  auto bad_email = S().Call("POST", path, {}, R"({"email":"bukan-email"})");
  auto bad_phone = S().Call("POST", path, {}, R"({"phone":"12"})");
  auto bad_type = S().Call("POST", path, {}, R"({"device_id":42})");
  auto unknown = S().Call("POST", "/api/v1/cases/ZZZZZZZZZZ/support", {}, R"({"device_id":"x"})");
  const Receipt secret = S().Submit(At("PU-DRAINASE", lat, lng, "Rahasia uji", true));
  auto confidential =
      S().Call("POST", "/api/v1/cases/" + secret.code + "/support", {}, R"({"device_id":"x"})");

  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(Names(none, "email")) << none.body;
  EXPECT_TRUE(Names(bad_email, "email")) << bad_email.body;
  EXPECT_TRUE(Names(bad_phone, "phone")) << bad_phone.body;
  EXPECT_TRUE(Names(bad_type, "device_id")) << bad_type.body;
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(confidential.status, 404);
}

TEST_F(RoutingApi, AdminManagesRoutingRules) {
  const auto admin = S().Officer("admin");

  const json listed = Parse(S().Call("GET", "/api/v1/routing/rules", admin));
  auto added = S().Call(
      "POST", "/api/v1/routing/rules", admin,
      R"({"service_code":"PU-JALAN","region_code":"33.74.05","agency_code":"KEC-3374050"})");
  auto bad = S().Call("POST", "/api/v1/routing/rules", admin,
                      R"({"service_code":"NOPE","region_code":"33","agency_code":"DPU"})");
  auto forbidden = S().Call("GET", "/api/v1/routing/rules", S().Officer("verifikator"));
  auto anonymous = S().Call("GET", "/api/v1/routing/rules");

  EXPECT_GE(listed["items"].size(), 30u) << listed.dump();
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Names(bad, "service_code") && Names(bad, "region_code")) << bad.body;
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(anonymous.status, 401);
  const auto [lat, lng] = InteriorPoint("33.74.05.1001");
  const Receipt r = S().Submit(At("PU-JALAN", lat, lng, "Jalan Genuk uji aturan"));
  EXPECT_EQ(OfficerView(r.code)["routing"]["proposed_disposition"]["agency_code"], "KEC-3374050");
  const std::string id = std::to_string(Parse(added)["id"].get<int64_t>());
  EXPECT_EQ(S().Call("DELETE", "/api/v1/routing/rules/" + id, admin).status, 204);
  EXPECT_EQ(S().Call("DELETE", "/api/v1/routing/rules/" + id, admin).status, 404);
}

// The demo's key questions are required at native intake, named as
// Open311 names them, so the portal can show each error on its question.
TEST_F(RoutingApi, RequiredQuestionsAreNamedAtNativeIntake) {
  const auto [lat, lng] = InteriorPoint("33.74.01.1001");
  json unanswered = At("PU-JALAN", lat, lng, "Pertanyaan wajib uji");
  unanswered.erase("attributes");
  json wrong_type = unanswered;
  wrong_type["attributes"] = {{"JENIS_KERUSAKAN", 3}};
  json not_a_key = unanswered;
  not_a_key["attributes"] = {{"JENIS_KERUSAKAN", "meteor"}, {"LEBAR_M", "lebar"}};

  auto none = S().Call("POST", "/api/v1/cases", {}, unanswered.dump());
  auto typed = S().Call("POST", "/api/v1/cases", {}, wrong_type.dump());
  auto keyed = S().Call("POST", "/api/v1/cases", {}, not_a_key.dump());

  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(Names(none, "attribute[JENIS_KERUSAKAN]")) << none.body;
  EXPECT_EQ(typed.status, 422);
  EXPECT_TRUE(Names(typed, "attribute[JENIS_KERUSAKAN]")) << typed.body;
  EXPECT_EQ(keyed.status, 422);
  EXPECT_TRUE(Names(keyed, "attribute[JENIS_KERUSAKAN]")) << keyed.body;
  EXPECT_TRUE(Names(keyed, "attribute[LEBAR_M]")) << keyed.body;
  // Answered, the case keeps the answers for the officer.
  const Receipt ok = S().Submit(At("PU-JALAN", lat, lng, "Pertanyaan wajib dijawab"));
  EXPECT_EQ(OfficerView(ok.code)["attributes"]["JENIS_KERUSAKAN"], json::array({"berlubang"}));
  // A number question takes a JSON number as well as its text.
  json width = At("PU-JALAN", lat, lng, "Lebar lubang sebagai angka");
  width["attributes"]["LEBAR_M"] = 2.5;
  const Receipt numbered = S().Submit(width);
  EXPECT_EQ(OfficerView(numbered.code)["attributes"]["LEBAR_M"], json::array({"2.5"}));
}

// POST .../support is anonymous, so each client IP has a token bucket
// ([routing] support_burst, support_per_minute): beyond it, 429 with
// Retry-After, and the count does not move.
class SupportRateLimit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LifecycleServer(
        {}, {{"SIGAP_ROUTING_SUPPORT_BURST", "2"}, {"SIGAP_ROUTING_SUPPORT_PER_MINUTE", "1"}});
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.message();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static LifecycleServer* server_;
};
LifecycleServer* SupportRateLimit::server_ = nullptr;

TEST_F(SupportRateLimit, TooManySupportsFromOneAddressGet429WithRetryAfter) {
  const auto [lat, lng] = InteriorPoint("33.74.02.1001");
  const Receipt r = server_->Submit(json{{"kind", "complaint"},
                                         {"service_code", "PU-DRAINASE"},
                                         {"title", "Got mampet batas dukungan"},
                                         {"description", "Laporan uji batas dukungan per alamat."},
                                         {"location", {{"lat", lat}, {"lng", lng}}}});
  const std::string path = "/api/v1/cases/" + r.code + "/support";

  auto one = server_->Call("POST", path, {}, R"({"device_id":"batas-1"})");
  auto two = server_->Call("POST", path, {}, R"({"device_id":"batas-2"})");
  auto three = server_->Call("POST", path, {}, R"({"device_id":"batas-3"})");

  EXPECT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(two.status, 200) << two.body;
  ASSERT_EQ(three.status, 429) << three.body;
  EXPECT_EQ(three.Header("Content-Type").value_or(""), "application/problem+json");
  const int retry = std::stoi(std::string(three.Header("Retry-After").value_or("0")));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  const json problem = json::parse(three.body, nullptr, false);
  EXPECT_EQ(problem.value("status", 0), 429) << three.body;
  EXPECT_NE(problem.value("type", "").find("rate-limited"), std::string::npos) << three.body;
  const json view = json::parse(server_->Call("GET", "/api/v1/cases/" + r.code).body);
  EXPECT_EQ(view["supporters"], 2);
  // Other endpoints are not limited by it.
  EXPECT_EQ(server_->Call("GET", "/api/v1/cases/" + r.code).status, 200);
}

}  // namespace
}  // namespace sigap::integration
