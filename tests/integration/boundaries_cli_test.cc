// `sigap import boundaries` through the real executable, on a demo
// database: the geometries land on the regions, bad features are named by
// index and nothing is written, --skip-invalid writes the good ones, and a
// server started afterwards locates points with them.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "integration/server_process.h"
#include "support/http_client.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

std::string One(const std::filesystem::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, 0);
      out = text ? reinterpret_cast<const char*>(text) : "";
    } else {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

// A square of 0.01° around (lat, lng) as a GeoJSON Polygon.
json Square(double lat, double lng) {
  const double d = 0.005;
  return json{{"type", "Polygon"},
              {"coordinates",
               {{{lng - d, lat - d},
                 {lng + d, lat - d},
                 {lng + d, lat + d},
                 {lng - d, lat + d},
                 {lng - d, lat - d}}}}};
}

json Feature(const std::string& code, json geometry) {
  return json{{"type", "Feature"},
              {"properties", {{"kode", code}, {"nama", "uji"}}},
              {"geometry", std::move(geometry)}};
}

class BoundariesCli : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Prepare()); }

  std::string Write(const json& features) {
    const auto path = server_.dir() / "batas.geojson";
    std::ofstream(path) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
    return path.string();
  }
  RunResult Import(const std::string& file, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"import", "boundaries", file, "--db", db()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunSigap(args);
  }
  std::string Boundary(const std::string& code) {
    return One(server_.db_path(), "SELECT boundary FROM regions WHERE code = '" + code + "'");
  }
  std::string db() const { return server_.db_path().string(); }

  ServerProcess server_{ServerProcessOptions{.load_demo = true}};
};

TEST_F(BoundariesCli, StoresTheGeometriesOfTheLevel) {
  const std::string file = Write({Feature("33.74.01.1001", Square(-6.0, 110.0)),
                                  Feature("33.74.01.1002", Square(-6.0, 110.02))});

  const RunResult r = Import(file, {"--level", "kelurahan"});

  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Imported 2 boundaries (0 skipped)"), std::string::npos) << r.out;
  EXPECT_EQ(json::parse(Boundary("33.74.01.1001")), Square(-6.0, 110.0));
}

TEST_F(BoundariesCli, BadFeaturesAreNamedByIndexAndNothingIsWritten) {
  const std::string before = Boundary("33.74.01.1001");
  json open_ring = Square(-6.0, 110.0);
  open_ring["coordinates"][0].erase(4);
  const std::string file = Write(
      {Feature("33.74.01.1001", Square(-6.0, 110.0)), Feature("33.74.99.9999", Square(-6.0, 110.0)),
       Feature("33.74.01", Square(-6.0, 110.0)), Feature("33.74.01.1002", open_ring),
       json{{"type", "Feature"}, {"properties", json::object()}}});

  const RunResult r = Import(file, {"--level", "kelurahan"});
  const RunResult skip = Import(file, {"--level", "kelurahan", "--skip-invalid"});

  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("feature 1 (33.74.99.9999): no region"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("feature 2 (33.74.01): region 33.74.01 is not a kelurahan"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("feature 3 (33.74.01.1002): geometry: a ring is not closed"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("feature 4: no string property \"kode\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing imported"), std::string::npos);
  EXPECT_EQ(skip.exit_code, 0) << skip.err;
  EXPECT_NE(skip.out.find("Imported 1 boundaries (4 skipped)"), std::string::npos) << skip.out;
  EXPECT_NE(before, Boundary("33.74.01.1001"));
}

TEST_F(BoundariesCli, WrongLevelOrMissingFileIsAUsageError) {
  EXPECT_EQ(Import(Write(json::array()), {"--level", "rukun-warga"}).exit_code, 2);
  EXPECT_EQ(Import("/nonexistent.geojson", {"--level", "kelurahan"}).exit_code, 2);
}

TEST_F(BoundariesCli, OtherCodePropertyAndTheServerUsesTheNewBoundaries) {
  // Miroto moves far to the north-west, to a square nothing else covers.
  json feature = Feature("33.74.01.1001", Square(-6.5, 110.1));
  feature["properties"] = {{"id_desa", "33.74.01.1001"}};
  const RunResult r =
      Import(Write(json::array({feature})), {"--level", "kelurahan", "--code-property", "id_desa"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(server_.Start());

  const json body{{"kind", "complaint"},
                  {"service_code", "PU-DRAINASE"},
                  {"title", "Batas baru uji"},
                  {"description", "Titik di dalam batas yang baru diimpor."},
                  {"location", {{"lat", -6.5}, {"lng", 110.1}}}};
  auto submitted = test_support::Fetch(server_.port(), "POST", "/api/v1/cases",
                                       {{"Content-Type", "application/json"}}, body.dump());
  ASSERT_TRUE(submitted.has_value());
  ASSERT_EQ(submitted->status, 201) << submitted->body;
  const std::string code = json::parse(submitted->body)["tracking_code"];

  EXPECT_EQ(One(server_.db_path(),
                "SELECT kelurahan_code || '|' || outside_pemda FROM cases WHERE "
                "tracking_code = '" +
                    code + "'"),
            "33.74.01.1001|0");
}

TEST_F(BoundariesCli, RoutingRulesAreListedAddedAndRemoved) {
  const RunResult listed = RunSigap({"routing", "rules", "list", "--db", db()});
  const RunResult added = RunSigap({"routing", "rules", "add", "--db", db(), "--service",
                                    "PU-JALAN", "--region", "33.74.02", "--agency", "KEC-3374020"});
  const RunResult bad = RunSigap({"routing", "rules", "add", "--db", db(), "--service", "NOPE",
                                  "--region", "*", "--agency", "DPU"});

  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("PU-DRAINASE\t*\tDPU"), std::string::npos) << listed.out;
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("--service: unknown"), std::string::npos) << bad.err;
  std::string id = added.out;
  while (!id.empty() && id.back() == '\n') id.pop_back();
  EXPECT_NE(RunSigap({"routing", "rules", "list", "--db", db()}).out.find("PU-JALAN\t33.74.02"),
            std::string::npos);
  EXPECT_EQ(RunSigap({"routing", "rules", "remove", id, "--db", db()}).exit_code, 0);
  EXPECT_EQ(RunSigap({"routing", "rules", "remove", id, "--db", db()}).exit_code, 1);
}

// A running server keeps the services and routing rules its submissions
// read; a rule the command line adds to the file reaches its next cases
// within about a second (the CacheListener), without a restart.
TEST_F(BoundariesCli, ARuleAddedFromTheCommandLineRoutesTheRunningServersNextCases) {
  ASSERT_TRUE(server_.Start());
  const json body{{"kind", "complaint"},
                  {"service_code", "PU-JALAN"},
                  {"title", "Jalan berlubang uji aturan"},
                  {"description", "Lubang besar di tengah jalan kecamatan."},
                  {"location", {{"region_code", "33.74.02"}}},
                  {"attributes", {{"JENIS_KERUSAKAN", "berlubang"}}}};
  const auto proposed = [&] {
    auto r = test_support::Fetch(server_.port(), "POST", "/api/v1/cases",
                                 {{"Content-Type", "application/json"}}, body.dump());
    EXPECT_TRUE(r.has_value() && r->status == 201) << (r ? r->body : "no answer");
    if (!r || r->status != 201) return std::string();
    const std::string code = json::parse(r->body)["tracking_code"];
    return One(server_.db_path(),
               "SELECT proposed_agency FROM cases WHERE tracking_code = '" + code + "'");
  };
  const std::string before = proposed();

  const RunResult added = RunSigap({"routing", "rules", "add", "--db", db(), "--service",
                                    "PU-JALAN", "--region", "33.74.02", "--agency", "KEC-3374020"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  std::string after;
  for (int i = 0; i < 50 && after != "KEC-3374020"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = proposed();
  }

  EXPECT_NE(before, "KEC-3374020");
  EXPECT_EQ(after, "KEC-3374020");
}

// `sigap import population`: residents per region, for the map's case rate.
class PopulationCli : public BoundariesCli {
 protected:
  std::string WriteCsv(const std::string& text) {
    const auto path = server_.dir() / "penduduk.csv";
    std::ofstream(path) << text;
    return path.string();
  }
  RunResult ImportPopulation(const std::string& file) {
    return RunSigap({"import", "population", file, "--db", db()});
  }
  std::string Population(const std::string& code) {
    return One(server_.db_path(),
               "SELECT COALESCE(population, 'NULL') FROM regions WHERE code = '" + code + "'");
  }
};

TEST_F(PopulationCli, BadRowsAreNamedByLineAndNothingIsWritten) {
  const std::string file = WriteCsv(
      "kode,penduduk\n33.74.01.1001,5000\n33.74.99.9999,10\n33.74.01.1002,banyak\n"
      "33.74.01.1001,12\n33.74.01.1003,-4\n");

  const RunResult r = ImportPopulation(file);

  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file + ":3: kode: no region \"33.74.99.9999\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(file + ":4: penduduk: \"banyak\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(file + ":5: kode: 33.74.01.1001 appears again"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(file + ":6: penduduk: \"-4\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("4 bad row(s); nothing imported"), std::string::npos) << r.err;
  EXPECT_EQ(Population("33.74.01.1001"), "NULL");
  EXPECT_EQ(ImportPopulation(WriteCsv("nama,jumlah\nx,1\n")).exit_code, 1);
  EXPECT_EQ(ImportPopulation("/nonexistent.csv").exit_code, 2);
}

TEST_F(PopulationCli, ResidentsReachTheRegionsAndTheFiguresTheMapShades) {
  const std::string busy = One(server_.db_path(),
                               "SELECT kelurahan_code FROM cases WHERE kelurahan_code <> '' "
                               "GROUP BY kelurahan_code ORDER BY COUNT(*) DESC LIMIT 1");
  ASSERT_FALSE(busy.empty());
  // A spreadsheet saved in an Indonesian locale: semicolons, another order.
  const RunResult r = ImportPopulation(WriteCsv("Penduduk;Kode\r\n21450;" + busy + "\r\n"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Imported 1 population figures"), std::string::npos) << r.out;
  EXPECT_EQ(Population(busy), "21450");
  ASSERT_TRUE(server_.Start());

  auto region = test_support::Fetch(server_.port(), "GET", "/api/v1/regions/" + busy, {}, "");
  ASSERT_TRUE(region.has_value());
  EXPECT_EQ(json::parse(region->body).value("population", int64_t{0}), 21450);
  auto stats = test_support::Fetch(server_.port(), "GET", "/api/v1/stats?from=2025-06-01", {}, "");
  ASSERT_TRUE(stats.has_value());
  ASSERT_EQ(stats->status, 200) << stats->body;
  bool found = false;
  const json figures = json::parse(stats->body);
  for (const auto& k : figures["by_kelurahan"]) {
    if (k.value("key", "") != busy) {
      EXPECT_FALSE(k.contains("population")) << k.dump();
      continue;
    }
    found = true;
    EXPECT_EQ(k.value("population", int64_t{0}), 21450);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace sigap::integration
