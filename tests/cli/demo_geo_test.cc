#include "cli/demo_geo.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sigap::cli {
namespace {

using nlohmann::json;

// A 4×4 square with a 2×2 hole in the middle, and a separate 1×1 island.
const json kSquareWithHoleAndIsland = json::parse(R"({
  "type": "MultiPolygon",
  "coordinates": [
    [[[0,0],[4,0],[4,4],[0,4],[0,0]], [[1,1],[1,3],[3,3],[3,1],[1,1]]],
    [[[10,10],[11,10],[11,11],[10,11],[10,10]]]
  ]})");

TEST(GeoShape, ContainsPointsInsideOuterRingsOnly) {
  auto shape = GeoShape::FromGeoJson(kSquareWithHoleAndIsland);

  ASSERT_TRUE(shape.has_value()) << shape.error().message;
  EXPECT_TRUE(shape->Contains({0.5, 0.5}));    // lat, lng
  EXPECT_FALSE(shape->Contains({2, 2}));       // in the hole
  EXPECT_TRUE(shape->Contains({10.5, 10.5}));  // on the island
  EXPECT_FALSE(shape->Contains({5, 5}));       // between them
  EXPECT_FALSE(shape->Contains({-0.1, 2}));
}

TEST(GeoShape, CentroidAndAreaSubtractHoles) {
  const json square = json::parse(
      R"({"type":"Polygon","coordinates":[[[0,0],[0,2],[4,2],[4,0],[0,0]],
                                           [[0,0],[1,0],[1,1],[0,1],[0,0]]]})");

  auto shape = GeoShape::FromGeoJson(square);

  ASSERT_TRUE(shape.has_value());
  EXPECT_DOUBLE_EQ(shape->Area(), 7.0);
  // (8·(2,1) − 1·(0.5,0.5)) / 7 in (lng, lat).
  EXPECT_NEAR(shape->Centroid().lng, 15.5 / 7, 1e-12);
  EXPECT_NEAR(shape->Centroid().lat, 7.5 / 7, 1e-12);
  EXPECT_EQ(shape->min_lng(), 0);
  EXPECT_EQ(shape->max_lng(), 4);
  EXPECT_EQ(shape->max_lat(), 2);
}

TEST(GeoShape, RejectsOtherGeometries) {
  auto point = GeoShape::FromGeoJson(json::parse(R"({"type":"Point","coordinates":[1,2]})"));
  auto short_ring = GeoShape::FromGeoJson(
      json::parse(R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]})"));
  auto not_numbers = GeoShape::FromGeoJson(
      json::parse(R"({"type":"Polygon","coordinates":[[[0,0],[1,"a"],[1,1],[0,0]]]})"));

  EXPECT_FALSE(point.has_value());
  EXPECT_FALSE(short_ring.has_value());
  ASSERT_FALSE(not_numbers.has_value());
  EXPECT_EQ(not_numbers.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace sigap::cli
