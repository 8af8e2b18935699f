#include <gtest/gtest.h>

#include "adapt/adjacency.h"
#include "adapt/text_normalizer.h"

namespace sigap::adapt {
namespace {

TEST(TextNormalizer, LowerCasesStripsPunctuationStopWordsNumbersAndRepeats) {
  const TextNormalizer normalizer;

  const auto terms = normalizer.Terms("Jalan RUSAK di depan rumah, tolong!! Jalan 2 kali (RT.05)");

  EXPECT_EQ(terms, (std::vector<std::string>{"jalan", "rusak", "depan", "rumah", "kali", "rt"}));
}

TEST(Adjacency, RegionsSharingAnEdgeOrCornerAreNeighboursOthersAreNot) {
  auto square = [](double x, double y) {
    Outline o;
    o.rings.push_back({{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}});
    return o;
  };
  // 0 and 1 share an edge, 2 touches 1 at a corner (within 1e-4), 3 is apart.
  std::vector<Outline> outlines = {square(0, 0), square(1, 0), square(2.00005, 1), square(5, 5)};

  const auto neighbours = DeriveAdjacency(outlines, 1e-4);

  EXPECT_EQ(neighbours[0], (std::vector<uint16_t>{1}));
  EXPECT_EQ(neighbours[1], (std::vector<uint16_t>{0, 2}));
  EXPECT_EQ(neighbours[2], (std::vector<uint16_t>{1}));
  EXPECT_TRUE(neighbours[3].empty());
}

}  // namespace
}  // namespace sigap::adapt
