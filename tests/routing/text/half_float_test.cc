#include "routing/text/half_float.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace sigap::routing::text {
namespace {

TEST(HalfFloat, EveryHalfSurvivesTheRoundTrip) {
  int changed = 0;
  for (uint32_t h = 0; h < 0x10000U; ++h) {
    const float f = HalfToFloat(static_cast<uint16_t>(h));
    if (std::isnan(f)) continue;
    if (FloatToHalf(f) != h) ++changed;
  }

  EXPECT_EQ(changed, 0);
}

TEST(HalfFloat, KnownValues) {
  EXPECT_EQ(FloatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(FloatToHalf(-2.0f), 0xc000);
  EXPECT_EQ(FloatToHalf(65504.0f), 0x7bff);
  EXPECT_EQ(FloatToHalf(0.0f), 0x0000);
  EXPECT_EQ(FloatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));  // the smallest subnormal
  EXPECT_EQ(HalfToFloat(0x3555), 0.333251953125f);
}

TEST(HalfFloat, RoundsToNearestTiesToEven) {
  const float one_ulp = std::ldexp(1.0f, -10);  // of a half in [1, 2)

  EXPECT_EQ(FloatToHalf(1.0f + one_ulp / 2), 0x3c00);      // tie: down to the even 1.0
  EXPECT_EQ(FloatToHalf(1.0f + 3 * one_ulp / 2), 0x3c02);  // tie: up to the even 1 + 2 ulp
  EXPECT_EQ(FloatToHalf(1.0f + 0.51f * one_ulp), 0x3c01);
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -25)), 0x0000);  // tie between 0 and 2^-24
  EXPECT_EQ(FloatToHalf(std::ldexp(1.5f, -25)), 0x0001);  // nearer 2^-24
  EXPECT_EQ(FloatToHalf(65520.0f), 0x7c00);               // past the largest: infinity
  EXPECT_EQ(FloatToHalf(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_EQ(FloatToHalf(0.1f), 0x2e66);
}

TEST(HalfFloat, RelativeErrorIsAtMostHalfAnUlp) {
  for (int i = 0; i < 13000; ++i) {  // 1e-3 up to 2e4, 0.13% apart
    const float f = 1e-3f * std::pow(1.0013f, static_cast<float>(i));
    const float back = HalfToFloat(FloatToHalf(f));

    EXPECT_LE(std::fabs(back - f), std::ldexp(f, -11)) << f;
  }
}

TEST(HalfFloat, AddScaledHalfSumsTheSameOnEveryCpu) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> value(-3.0f, 3.0f);
  std::vector<uint16_t> row(64);
  for (uint16_t& w : row) w = FloatToHalf(value(rng));
  std::vector<float> here(64, 0.5f);
  std::vector<float> portable(64, 0.5f);

  for (int i = 0; i < 100; ++i) {
    const float v = value(rng);
    AddScaledHalf(v, row.data(), here.data(), row.size());
    AddScaledHalfPortable(v, row.data(), portable.data(), row.size());
  }

  EXPECT_EQ(here, portable);  // bit for bit, F16C or not
}

TEST(HalfFloat, AddScaledHalfRowsSumsAsRowByRowOnEveryCpu) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> value(-3.0f, 3.0f);
  for (const size_t n : {8, 32, 40, 72}) {
    std::vector<std::vector<uint16_t>> rows(50, std::vector<uint16_t>(n));
    std::vector<const uint16_t*> pointers;
    std::vector<float> scales;
    for (auto& row : rows) {
      for (uint16_t& w : row) w = FloatToHalf(value(rng));
      pointers.push_back(row.data());
      scales.push_back(value(rng));
    }
    std::vector<float> by_row(n, 0.5f);
    std::vector<float> here(n, 0.5f);
    std::vector<float> portable(n, 0.5f);

    for (size_t r = 0; r < rows.size(); ++r)
      AddScaledHalf(scales[r], pointers[r], by_row.data(), n);
    AddScaledHalfRows(scales.data(), pointers.data(), rows.size(), here.data(), n);
    AddScaledHalfRowsPortable(scales.data(), pointers.data(), rows.size(), portable.data(), n);

    EXPECT_EQ(here, by_row) << n;  // bit for bit
    EXPECT_EQ(portable, by_row) << n;
  }
}

}  // namespace
}  // namespace sigap::routing::text
