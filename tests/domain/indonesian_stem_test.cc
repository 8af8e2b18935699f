#include "domain/indonesian_stem.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace sigap::domain {
namespace {

TEST(IndonesianStem, TakesOffPrefixesSuffixesAndParticles) {
  EXPECT_EQ(IndonesianStem("berlubang"), "lubang");
  EXPECT_EQ(IndonesianStem("lubangnya"), "lubang");
  EXPECT_EQ(IndonesianStem("kerusakan"), "rusak");
  EXPECT_EQ(IndonesianStem("diperbaiki"), "baik");
  EXPECT_EQ(IndonesianStem("lampu"), "lampu");
  EXPECT_EQ(IndonesianStem(""), "");
}

// Each thread stems with its own stemmer.
TEST(IndonesianStem, StemsOnSeveralThreadsAtOnce) {
  std::string other;
  std::thread worker([&] {
    for (int i = 0; i < 1000; ++i) other = std::string(IndonesianStem("persampahan"));
  });
  std::string here;
  for (int i = 0; i < 1000; ++i) here = std::string(IndonesianStem("kebanjiran"));
  worker.join();
  EXPECT_EQ(other, "sampah");
  EXPECT_EQ(here, "banjir");
}

TEST(MayCarryAffix, OnlyWordsOfFourLettersOrMore) {
  EXPECT_TRUE(MayCarryAffix("jalan"));
  EXPECT_FALSE(MayCarryAffix("rob"));
  EXPECT_FALSE(MayCarryAffix("rt05"));
  EXPECT_FALSE(MayCarryAffix("Jalan"));  // the search lower-cases first
  EXPECT_FALSE(MayCarryAffix("caf\xc3\xa9"));
}

}  // namespace
}  // namespace sigap::domain
