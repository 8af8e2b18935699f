#include "domain/indonesian_stem.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

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

// A thread keeps the stems of the words it met (a text repeats them): a
// word met again, after thousands of others that took its place, has the
// stem a thread that never met it before gives.
TEST(IndonesianStem, AWordMetAgainHasTheStemOfAWordNeverMetBefore) {
  const char* affixed[] = {"ber%san", "pe%snya", "ke%san", "di%skan", "me%si", "%slah", "%s"};
  const char* roots[] = {"rusak", "lubang", "banjir", "sampah", "lampu", "bantu",  "baik",
                         "jalan", "air",    "kotor",  "urus",   "tanam", "bangun", "pakai"};
  std::vector<std::string> words;
  for (int n = 0; n < 40; ++n) {
    for (const char* root : roots) {
      for (const char* form : affixed) {
        char word[64];
        std::snprintf(word, sizeof word, form,
                      (std::string(root) + std::string(static_cast<size_t>(n % 4), 'a')).c_str());
        words.push_back(std::string(word) + std::string(static_cast<size_t>(n / 4), 'i'));
      }
    }
  }
  // On a thread of its own, each word once: none is kept yet.
  std::vector<std::string> first(words.size());
  std::thread fresh([&] {
    for (size_t i = 0; i < words.size(); ++i) first[i] = std::string(IndonesianStem(words[i]));
  });
  fresh.join();

  for (const auto& w : words) (void)IndonesianStem(w);
  size_t differ = 0;
  for (size_t i = words.size(); i-- > 0;) {
    if (IndonesianStem(words[i]) != first[i]) ++differ;
  }
  EXPECT_EQ(differ, 0U);
  EXPECT_EQ(IndonesianStem("berlubang"), "lubang");
  EXPECT_EQ(IndonesianStem(std::string(40, 'a') + "nya"),
            IndonesianStem(std::string(40, 'a') + "nya"));
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
