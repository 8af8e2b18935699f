#include "routing/nearby_rank.h"

#include <gtest/gtest.h>

namespace sigap::routing {
namespace {

domain::Case At(domain::CaseId id, double lat, double lng, std::string title) {
  domain::Case c;
  c.id = id;
  c.submission.location.point = domain::GeoPoint{lat, lng};
  c.submission.title = std::move(title);
  return c;
}

TEST(DistanceMetres, OneThousandthDegreeOfLatitudeIsAbout111Metres) {
  const double d = DistanceMetres({-6.99, 110.42}, {-6.991, 110.42});

  EXPECT_NEAR(d, 111.2, 0.5);
}

TEST(BoxAround, HoldsEveryPointWithinTheRadius) {
  const domain::GeoPoint c{-6.99, 110.42};
  const GeoBox box = BoxAround(c, 100);

  EXPECT_LT(DistanceMetres(c, {box.max_lat, c.lng}), 101);
  EXPECT_GE(DistanceMetres(c, {c.lat, box.max_lng}), 100);
  EXPECT_LT(box.min_lng, c.lng);
}

TEST(TextSimilarity, IsTheShareOfQueryWordsInTheTextIgnoringCaseAndShortWords) {
  EXPECT_DOUBLE_EQ(TextSimilarity("jalan berlubang besar", "Jalan BERLUBANG dekat pasar"),
                   2.0 / 3.0);
  EXPECT_DOUBLE_EQ(TextSimilarity("di ke", "di ke"), 0.0);
  EXPECT_DOUBLE_EQ(TextSimilarity("", "jalan"), 0.0);
}

// Citizens write the same thing in other forms: a word counts by its
// Indonesian stem.
TEST(TextSimilarity, ReadsAWordInItsOtherIndonesianForms) {
  EXPECT_DOUBLE_EQ(TextSimilarity("kerusakan jalan", "Jalannya rusak parah"), 1.0);
  EXPECT_DOUBLE_EQ(TextSimilarity("jalan berlubang", "Lubang besar di jalan"), 1.0);
  EXPECT_DOUBLE_EQ(TextSimilarity("saluran tersumbat", "Penyumbatan selokan"), 0.5);
  EXPECT_DOUBLE_EQ(TextSimilarity("lampu mati", "Jalan berlubang"), 0.0);
}

TEST(RankNearby, DropsFarCasesAndSortsByDistanceWithoutQuery) {
  std::vector<domain::Case> cases{At(1, -6.9900, 110.4200, "a"), At(2, -6.9905, 110.4200, "b"),
                                  At(3, -6.9950, 110.4200, "far")};

  const auto ranked = RankNearby(cases, {-6.9901, 110.4200}, 100, "", 10);

  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].c.id, 1);
  EXPECT_EQ(ranked[1].c.id, 2);
}

TEST(RankNearby, SimilarTextOutranksASlightlyCloserCase) {
  std::vector<domain::Case> cases{At(1, -6.99000, 110.42, "lampu taman mati"),
                                  At(2, -6.99010, 110.42, "saluran mampet banjir")};

  const auto ranked = RankNearby(cases, {-6.99000, 110.42}, 100, "saluran air mampet", 10);

  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].c.id, 2);
  EXPECT_GT(ranked[0].similarity, 0.0);
}

TEST(RankNearby, KeepsAtMostLimit) {
  std::vector<domain::Case> cases{At(1, -6.99, 110.42, "a"), At(2, -6.99, 110.42, "b")};

  EXPECT_EQ(RankNearby(cases, {-6.99, 110.42}, 100, "", 1).size(), 1u);
}

}  // namespace
}  // namespace sigap::routing
