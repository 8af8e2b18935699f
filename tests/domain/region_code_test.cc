#include <gtest/gtest.h>

#include "domain/catalogue.h"

namespace sigap::domain {
namespace {

TEST(RegionCode, LevelFollowsTheKemendagriHierarchy) {
  EXPECT_EQ(RegionLevel("33"), 1);
  EXPECT_EQ(RegionLevel("33.74"), 2);
  EXPECT_EQ(RegionLevel("33.74.01"), 3);
  EXPECT_EQ(RegionLevel("33.74.01.1001"), 4);
  EXPECT_EQ(RegionLevel("33.74.01.1001.1"), 0);
  EXPECT_EQ(RegionLevel(""), 0);
}

TEST(RegionCode, ParentDropsTheLastPart) {
  EXPECT_EQ(ParentRegionCode("33.74.01.1001"), "33.74.01");
  EXPECT_EQ(ParentRegionCode("33.74"), "33");
  EXPECT_EQ(ParentRegionCode("33"), "");
}

}  // namespace
}  // namespace sigap::domain
