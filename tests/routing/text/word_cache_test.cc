#include "routing/text/word_cache.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sigap::routing::text {
namespace {

TEST(WordMemoHash, EveryByteOfAWordCounts) {
  std::set<size_t> hashes;
  size_t words = 0;

  for (size_t length = 1; length <= 20; ++length) {
    const std::string word(length, 'a');
    hashes.insert(WordMemoHash(word));
    ++words;
    for (size_t i = 0; i < length; ++i) {
      std::string changed = word;
      changed[i] = 'b';
      hashes.insert(WordMemoHash(changed));
      ++words;
    }
  }

  EXPECT_EQ(hashes.size(), words);  // no two of these words collide
}

TEST(WordMemo, GetsWhatItMadeAndMakesEachWordOnce) {
  WordMemo<std::string> memo;
  int made = 0;
  const auto make = [&](std::string_view word, std::string& value) {
    ++made;
    value = std::string(word) + "!";
  };

  for (int round = 0; round < 2; ++round) {
    for (const char* word : {"jalan", "rusak", "jalanan", "j", "jalan rusak parah sekali"}) {
      EXPECT_EQ(memo.Get(word, 100, make), std::string(word) + "!");
    }
  }

  EXPECT_EQ(made, 5);
}

}  // namespace
}  // namespace sigap::routing::text
