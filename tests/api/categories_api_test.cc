// Issue 8: the category taxonomy over real HTTP — the demo's default tree
// listed to anyone, administrators adding, renaming and retiring categories
// (others refused), a submitted case's category checked against it, and
// officers recategorising a case. One server with the demo (LifecycleServer).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

constexpr const char* kPu = "PEKERJAAN-UMUM-DAN-PENATAAN-RUANG";
constexpr const char* kDrainase = "PEKERJAAN-UMUM-DAN-PENATAAN-RUANG.DRAINASE-GORONG-GORONG-PARIT";
constexpr const char* kJalan = "PEKERJAAN-UMUM-DAN-PENATAAN-RUANG.INFRASTRUKTUR-JALAN";

class CategoriesApi : public ::testing::Test {
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
  static std::string ErrorCodeOf(const test_support::HttpResponse& r, const std::string& field) {
    for (const auto& e : Parse(r).value("errors", json::array())) {
      if (e.value("field", "") == field) return e.value("code", "");
    }
    return "";
  }
  // The category `code` of GET /api/v1/categories (as `who`, with
  // ?all=1 when `all`), or null.
  static json Find(const std::string& code, bool all = false) {
    auto r = S().Call("GET", all ? "/api/v1/categories?all=1" : "/api/v1/categories",
                      all ? Admin() : http::Headers{});
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& c : Parse(r).value("items", json::array())) {
      if (c.value("code", "") == code) return c;
    }
    return nullptr;
  }

  static inline LifecycleServer* server_ = nullptr;
};

TEST_F(CategoriesApi, TheDemoTaxonomyIsListedToAnyone) {
  auto r = S().Call("GET", "/api/v1/categories");

  ASSERT_EQ(r.status, 200) << r.body;
  const json items = Parse(r)["items"];
  // 38 main categories and 920 distinct sub-categories (929 entries, 9
  // repeated under their main category).
  EXPECT_EQ(items.size(), 958U);
  EXPECT_EQ(items[0]["code"], "AGAMA");
  EXPECT_EQ(items[0]["parent_code"], "");
  const json drainase = Find(kDrainase);
  ASSERT_TRUE(drainase.is_object());
  EXPECT_EQ(drainase["name"], "DRAINASE (GORONG-GORONG/PARIT)");
  EXPECT_EQ(drainase["parent_code"], kPu);
  const json pu = Find(kPu);
  ASSERT_TRUE(pu.is_object());
  EXPECT_EQ(pu["name"], "PEKERJAAN UMUM DAN PENATAAN RUANG");  // U+00A0 normalised
}

TEST_F(CategoriesApi, EveryCategoryIsForAdministratorsOnly) {
  EXPECT_EQ(S().Call("GET", "/api/v1/categories?all=1").status, 401);
  EXPECT_EQ(S().Call("GET", "/api/v1/categories?all=1", Verifier()).status, 403);
  EXPECT_EQ(S().Call("GET", "/api/v1/categories?all=1", Admin()).status, 200);
}

TEST_F(CategoriesApi, AnAdministratorAddsRenamesRetiresAndReactivates) {
  auto added = S().Call("POST", "/api/v1/categories", Admin(),
                        json{{"name", "Saluran Uji"}, {"parent_code", kPu}}.dump());
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string code = std::string(kPu) + ".SALURAN-UJI";
  EXPECT_EQ(Parse(added)["code"], code);
  EXPECT_EQ(added.Header("Location"), "/api/v1/categories/" + code);
  auto one = S().Call("GET", "/api/v1/categories/" + code);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(Parse(one)["name"], "Saluran Uji");
  EXPECT_EQ(Parse(one)["parent_code"], kPu);

  auto renamed = S().Call("PATCH", "/api/v1/categories/" + code, Admin(),
                          json{{"name", "Saluran Uji Coba"}}.dump());
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Find(code)["name"], "Saluran Uji Coba");

  auto retired =
      S().Call("PATCH", "/api/v1/categories/" + code, Admin(), json{{"active", false}}.dump());
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_TRUE(Find(code).is_null());                                     // no longer offered...
  EXPECT_EQ(Find(code, true)["active"], false);                          // ...but kept
  EXPECT_EQ(S().Call("GET", "/api/v1/categories/" + code).status, 404);  // to the public
  auto kept = S().Call("GET", "/api/v1/categories/" + code, Admin());
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(Parse(kept)["active"], false);
  auto back =
      S().Call("PATCH", "/api/v1/categories/" + code, Admin(), json{{"active", true}}.dump());
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_TRUE(Find(code).is_object());
}

TEST_F(CategoriesApi, AddingValidatesNamingTheField) {
  auto twice =
      S().Call("POST", "/api/v1/categories", Admin(),
               json{{"name", "DRAINASE (GORONG-GORONG/PARIT)"}, {"parent_code", kPu}}.dump());
  auto orphan = S().Call("POST", "/api/v1/categories", Admin(),
                         json{{"name", "Yatim"}, {"parent_code", "TIDAK-ADA"}}.dump());
  auto third_level = S().Call("POST", "/api/v1/categories", Admin(),
                              json{{"name", "Cucu"}, {"parent_code", kDrainase}}.dump());
  auto nameless = S().Call("POST", "/api/v1/categories", Admin(), json{{"name", ""}}.dump());
  auto unknown =
      S().Call("PATCH", "/api/v1/categories/TIDAK-ADA", Admin(), json{{"name", "X"}}.dump());

  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(orphan.status, 422) << orphan.body;
  EXPECT_EQ(ErrorCodeOf(orphan, "parent_code"), "unknown");
  EXPECT_EQ(third_level.status, 422) << third_level.body;
  EXPECT_EQ(ErrorCodeOf(third_level, "parent_code"), "not_main");
  EXPECT_EQ(nameless.status, 422) << nameless.body;
  EXPECT_EQ(ErrorCodeOf(nameless, "name"), "required");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

TEST_F(CategoriesApi, OnlyAdministratorsChangeTheTaxonomy) {
  const std::string body = json{{"name", "Bukan Admin"}}.dump();
  const std::string patch = json{{"active", false}}.dump();

  EXPECT_EQ(S().Call("POST", "/api/v1/categories", {}, body).status, 401);
  EXPECT_EQ(S().Call("POST", "/api/v1/categories", Verifier(), body).status, 403);
  EXPECT_EQ(S().Call("POST", "/api/v1/categories", Dpu(), body).status, 403);
  EXPECT_EQ(S().Call("PATCH", std::string("/api/v1/categories/") + kJalan, Dpu(), patch).status,
            403);
  EXPECT_TRUE(Find(kJalan).is_object());
}

TEST_F(CategoriesApi, ASubmittedCaseNamesAnOfferedCategory) {
  json unknown = Complaint("kategoriasing", {"Sri Uji", "081200000001", "sri@example.id", ""});
  unknown["category"] = "JALAN RUSAK";
  json known = Complaint("kategorisah", {"Sri Uji", "081200000001", "sri@example.id", ""});
  known["category"] = kDrainase;

  auto refused = S().Call("POST", "/api/v1/cases", {}, unknown.dump());
  const Receipt accepted = S().Submit(known);

  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(ErrorCodeOf(refused, "category"), "unknown");
  auto c = S().Call("GET", "/api/v1/cases/" + accepted.code, Verifier());
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(Parse(c)["category"], kDrainase);
}

TEST_F(CategoriesApi, OfficersRecategoriseACaseOnTheInternalTimeline) {
  json complaint = Complaint("kategoriubah", {"Sri Uji", "081200000001", "sri@example.id", ""});
  complaint["category"] = kJalan;
  const Receipt c = S().Submit(complaint);

  auto unknown = S().Act(c.code, Verifier(), {{"action", "categorize"}, {"category", "NGAWUR"}});
  auto by_dpu = S().Act(c.code, Dpu(), {{"action", "categorize"}, {"category", kDrainase}});
  const json changed = S().Must(
      c.code, Verifier(),
      {{"action", "categorize"}, {"category", kDrainase}, {"reason", "Saluran, bukan jalan"}});

  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(ErrorCodeOf(unknown, "category"), "unknown");
  EXPECT_EQ(by_dpu.status, 403) << by_dpu.body;  // not disposed to DPU
  ASSERT_EQ(changed["events"].size(), 1U);
  const json& event = changed["events"][0];
  EXPECT_EQ(event["kind"], "categorized");
  EXPECT_EQ(event["payload"]["category"], kDrainase);
  EXPECT_EQ(event["payload"]["previous"], kJalan);
  EXPECT_EQ(event["payload"]["reason"], "Saluran, bukan jalan");
  auto read = S().Call("GET", "/api/v1/cases/" + c.code, Verifier());
  EXPECT_EQ(Parse(read)["category"], kDrainase);
  const auto kinds = EventKinds(S().Timeline(c.code));  // the public timeline
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "categorized"), 0);
}

}  // namespace
}  // namespace sigap::integration
