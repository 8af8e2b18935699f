#include "routing/geo_index.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

namespace sigap::routing {
namespace {

// Two unit squares side by side sharing the edge x = 1, and a kecamatan
// around both:
//
//   (0,1)---(1,1)---(2,1)
//     | 01.1002 | 01.1001 |      01.1001 has a hole (1.4..1.6)²
//   (0,0)---(1,0)---(2,0)
//
// Coordinates are [lng, lat]; lookups take (lat, lng).
const char* kLeft = R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]})";
const char* kRightWithHole =
    R"({"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]],
        [[1.4,0.4],[1.4,0.6],[1.6,0.6],[1.6,0.4],[1.4,0.4]]]})";
const char* kKecamatan = R"({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,1],[0,1],[0,0]]]})";

GeoIndex TwoSquares() {
  auto index = GeoIndex::Build({{"33.74.01.1002", 4, kLeft},
                                {"33.74.01.1001", 4, kRightWithHole},
                                {"33.74.01", 3, kKecamatan}});
  EXPECT_TRUE(index.has_value()) << index.error().message;
  return std::move(*index);
}

TEST(GeoIndex, InteriorPointFindsItsKelurahanAndKecamatan) {
  const GeoIndex index = TwoSquares();

  const auto place = index.Lookup(0.5, 0.5);

  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->kelurahan_code, "33.74.01.1002");
  EXPECT_EQ(place->kecamatan_code, "33.74.01");
}

TEST(GeoIndex, PointOnSharedEdgeGoesToLowestCode) {
  const GeoIndex index = TwoSquares();

  const auto place = index.Lookup(0.5, 1.0);

  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->kelurahan_code, "33.74.01.1001");
}

TEST(GeoIndex, PointOnSharedVertexGoesToLowestCode) {
  const GeoIndex index = TwoSquares();

  const auto top = index.Lookup(1.0, 1.0);
  const auto bottom = index.Lookup(0.0, 1.0);

  ASSERT_TRUE(top && bottom);
  EXPECT_EQ(top->kelurahan_code, "33.74.01.1001");
  EXPECT_EQ(bottom->kelurahan_code, "33.74.01.1001");
}

TEST(GeoIndex, PointOnOuterEdgeIsInside) {
  const GeoIndex index = TwoSquares();

  const auto place = index.Lookup(0.0, 0.5);

  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->kelurahan_code, "33.74.01.1002");
}

TEST(GeoIndex, PointInHoleIsNotInThatKelurahan) {
  const GeoIndex index = TwoSquares();

  const auto place = index.Lookup(0.5, 1.5);

  // The kecamatan has no hole there: the point is in the Pemda but in no
  // kelurahan.
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->kelurahan_code, "");
  EXPECT_EQ(place->kecamatan_code, "33.74.01");
}

TEST(GeoIndex, PointOutsideEveryBoundaryIsNone) {
  const GeoIndex index = TwoSquares();

  EXPECT_FALSE(index.Lookup(5, 5).has_value());
  EXPECT_FALSE(index.Lookup(-0.0001, 0.5).has_value());
}

TEST(GeoIndex, MultiPolygonPartsAllCount) {
  auto index =
      GeoIndex::Build({{"33.74.02.1001", 4,
                        R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],
            [[[5,5],[6,5],[6,6],[5,6],[5,5]]]]})"}});
  ASSERT_TRUE(index.has_value());

  EXPECT_EQ(index->Lookup(0.5, 0.5)->kelurahan_code, "33.74.02.1001");
  EXPECT_EQ(index->Lookup(5.5, 5.5)->kelurahan_code, "33.74.02.1001");
  EXPECT_FALSE(index->Lookup(3, 3).has_value());
}

TEST(GeoIndex, ClockwiseOuterRingWorksToo) {
  auto index =
      GeoIndex::Build({{"33.74.03.1001", 4,
                        R"({"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]})"}});
  ASSERT_TRUE(index.has_value());

  EXPECT_EQ(index->Lookup(0.5, 0.5)->kelurahan_code, "33.74.03.1001");
}

TEST(GeoIndex, NonFiniteCoordinatesAreNone) {
  const GeoIndex index = TwoSquares();

  EXPECT_FALSE(index.Lookup(std::nan(""), 0.5).has_value());
}

TEST(GeoIndex, BadGeometryNamesTheRegion) {
  auto index = GeoIndex::Build({{"33.74.01.1001", 4, R"({"type":"Point","coordinates":[1,2]})"}});

  ASSERT_FALSE(index.has_value());
  EXPECT_NE(index.error().message.find("33.74.01.1001"), std::string::npos);
}

TEST(CheckGeometry, RefusesOpenRingsShortRingsAndBadPositions) {
  EXPECT_TRUE(CheckGeometry(kLeft).has_value());
  EXPECT_FALSE(CheckGeometry(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})"));
  // Nothing but a ring without area: no area at all.
  EXPECT_FALSE(CheckGeometry(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})"));
  EXPECT_FALSE(CheckGeometry(R"({"type":"Polygon","coordinates":[[[0,0],[1,"x"],[1,1],[0,0]]]})"));
  EXPECT_FALSE(CheckGeometry(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,991],[0,0]]]})"));
  EXPECT_FALSE(CheckGeometry("not json"));
  EXPECT_FALSE(CheckGeometry(R"({"type":"MultiPolygon","coordinates":[]})"));
}

// Real outlines carry holes of three positions left by simplification,
// and parts of a MultiPolygon written one level too shallow (the national
// kabupaten/kota file: Kabupaten Demak is one such part). A ring without
// area is passed over; a bare ring is read as a polygon.
TEST(GeoIndex, RingsWithoutAreaArePassedOverAndBareRingsRead) {
  const std::string outline = R"({"type":"MultiPolygon","coordinates":[)"
                              R"([[[0,0],[2,0],[2,2],[0,2],[0,0]],[[1,1],[1.5,1.5],[1,1]]],)"
                              R"([[[5,5],[6,6]]],)"
                              R"([[10,10],[11,10],[11,11],[10,11],[10,10]]]})";
  auto index = GeoIndex::Build({{"33.21", 2, outline}});

  ASSERT_TRUE(index.has_value()) << index.error().message;
  EXPECT_EQ(index->size(2), 1u);
  const auto inside = index->Lookup(1.0, 0.5);  // (lat, lng)
  ASSERT_TRUE(inside.has_value());
  EXPECT_EQ(inside->kelurahan_code, "");
  EXPECT_EQ(inside->kecamatan_code, "");
  EXPECT_FALSE(index->Lookup(5.5, 5.5).has_value());
  EXPECT_TRUE(index->Lookup(10.5, 10.5).has_value());  // the bare ring
  EXPECT_FALSE(CheckGeometry(R"({"type":"MultiPolygon","coordinates":[[[[5,5],[6,6]]]]})"));
}

// A Pemda with its outline and no kecamatan boundaries yet: inside is
// somewhere in the Pemda, outside is outside; kelurahan win where they
// exist.
TEST(GeoIndex, TheOutlineSaysInsideWhereNoKelurahanDoes) {
  auto index = GeoIndex::Build(
      {{"33.21", 2, R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]})"},
       {"33.21.01.2001", 4,
        R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]})"}});

  ASSERT_TRUE(index.has_value()) << index.error().message;
  EXPECT_EQ(index->Lookup(0.5, 0.5)->kelurahan_code, "33.21.01.2001");
  EXPECT_EQ(index->Lookup(3.0, 3.0)->kelurahan_code, "");
  EXPECT_FALSE(index->Lookup(9.0, 9.0).has_value());
  EXPECT_EQ(index->LookupByScan(3.0, 3.0)->kecamatan_code, "");
}

// The Semarang file: an interior point of each kelurahan is found, and the
// R-tree agrees with the scan everywhere.
class SemarangIndex : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(std::string(SIGAP_SOURCE_DIR) + "/data/geo/33.74-kelurahan.geojson");
    ASSERT_TRUE(in) << "data/geo/33.74-kelurahan.geojson";
    std::stringstream text;
    text << in.rdbuf();
    doc_ = new nlohmann::json(nlohmann::json::parse(text.str()));
    std::vector<Boundary> boundaries;
    for (const auto& f : (*doc_)["features"]) {
      boundaries.push_back({f["properties"]["kode"].get<std::string>(), 4, f["geometry"].dump()});
    }
    auto index = GeoIndex::Build(boundaries);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    index_ = new GeoIndex(std::move(*index));
  }
  static void TearDownTestSuite() {
    delete index_;
    delete doc_;
  }
  static nlohmann::json* doc_;
  static GeoIndex* index_;
};
nlohmann::json* SemarangIndex::doc_ = nullptr;
GeoIndex* SemarangIndex::index_ = nullptr;

TEST_F(SemarangIndex, Has177Kelurahan) { EXPECT_EQ(index_->size(4), 177u); }

TEST_F(SemarangIndex, RtreeAgreesWithScanOnRandomPoints) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> lat(-7.12, -6.93), lng(110.26, 110.51);
  int inside = 0;
  for (int i = 0; i < 5000; ++i) {
    const double a = lat(rng), b = lng(rng);
    const auto fast = index_->Lookup(a, b);
    const auto slow = index_->LookupByScan(a, b);
    ASSERT_EQ(fast.has_value(), slow.has_value()) << a << "," << b;
    if (fast) {
      ++inside;
      ASSERT_EQ(fast->kelurahan_code, slow->kelurahan_code) << a << "," << b;
    }
  }
  EXPECT_GT(inside, 1200);
}

TEST_F(SemarangIndex, SharedVertexOfMirotoAndBrumbunganGoesToMiroto) {
  // [110.422351, -6.985952] ends the edge the two kelurahan share.
  const auto vertex = index_->Lookup(-6.985952, 110.422351);
  const auto mid_edge = index_->Lookup((-6.985952 + -6.982839) / 2, (110.422351 + 110.421746) / 2);

  ASSERT_TRUE(vertex && mid_edge);
  EXPECT_EQ(vertex->kelurahan_code, "33.74.01.1001");
  EXPECT_EQ(mid_edge->kelurahan_code, "33.74.01.1001");
}

}  // namespace
}  // namespace sigap::routing
