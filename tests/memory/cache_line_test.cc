#include "memory/cache_line.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>

namespace sigap::memory {
namespace {

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

TEST(HugePageVector, LargeStorageStartsOnAHugePageAndSmallOnACacheLine) {
  HugePageVector<int32_t> large(kHugePage / sizeof(int32_t) + 1, -1);
  HugePageVector<uint16_t> small(100, 7);

  EXPECT_EQ(Address(large.data()) % kHugePage, 0U);
  EXPECT_EQ(Address(small.data()) % kCacheLine, 0U);
  EXPECT_EQ(large.back(), -1);
  EXPECT_EQ(small.back(), 7);
}

TEST(HugePageVector, KeepsItsValuesAcrossGrowthAndMoves) {
  HugePageVector<int32_t> v;
  for (int32_t i = 0; i < 1'000'000; ++i) v.push_back(i);  // 4 MB: from small to huge storage

  HugePageVector<int32_t> moved = std::move(v);
  HugePageVector<int32_t> copied = moved;
  copied.resize(10);       // still on huge pages: capacity is kept
  copied.shrink_to_fit();  // back to a cache line

  std::vector<int32_t> expected(1'000'000);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_TRUE(std::equal(moved.begin(), moved.end(), expected.begin(), expected.end()));
  EXPECT_TRUE(std::equal(copied.begin(), copied.end(), expected.begin(), expected.begin() + 10));
  EXPECT_EQ(Address(copied.data()) % kCacheLine, 0U);
}

}  // namespace
}  // namespace sigap::memory
