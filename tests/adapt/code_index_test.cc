#include "adapt/code_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace sigap::adapt {
namespace {

// Codes as a Pemda has them (kelurahan, services, agencies), some sharing
// their first and last eight bytes, some shorter than eight, one empty:
// each found with its index, the first index kept for a code added twice,
// and a code never added not found.
TEST(CodeIndex, FindsWhatAMapFinds) {
  std::vector<std::string> codes = {"", "A", "PU", "DINSOS", "PU-DRAINASE", "33.74"};
  for (int k = 1; k <= 177; ++k) codes.push_back("33.74.01." + std::to_string(1000 + k));
  for (int k = 0; k < 300; ++k) codes.push_back("AAAAAAAA" + std::to_string(k) + "ZZZZZZZZ");
  codes.push_back("PU");  // again
  CodeIndex index;
  std::unordered_map<std::string, uint16_t> want;
  for (size_t i = 0; i < codes.size(); ++i) {
    index.Add(codes[i], static_cast<uint16_t>(i));
    want.emplace(codes[i], static_cast<uint16_t>(i));
  }
  for (const auto& code : codes) {
    ASSERT_EQ(index.Find(code), std::optional<uint16_t>(want.at(code))) << code;
  }
  EXPECT_EQ(index.Find("PU"), std::optional<uint16_t>(2));

  std::mt19937 rng(9);
  for (int k = 0; k < 20000; ++k) {
    std::string probe = codes[std::uniform_int_distribution<size_t>(0, codes.size() - 1)(rng)];
    probe += static_cast<char>('a' + k % 26);
    EXPECT_EQ(index.Find(probe).has_value(), want.count(probe) > 0) << probe;
  }
  EXPECT_FALSE(CodeIndex().Find("PU").has_value());
}

}  // namespace
}  // namespace sigap::adapt
