#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "routing/text/linear_text_model.h"
#include "routing/text/normalizer.h"

// How a LinearTextModel turns words into hashed n-gram buckets: shared by
// its training and its scoring, which must agree on every bucket.
namespace sigap::routing::text {

// Words longer than this are not cached (they are rare and costly to keep).
inline constexpr size_t kMaxCachedWord = 32;

inline constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
inline constexpr uint64_t kFnvPrime = 1099511628211ULL;

inline uint64_t HashBytes(std::string_view s, uint64_t h) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

inline uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

inline uint64_t WordHash(std::string_view word) { return HashBytes(word, kFnvOffset); }

// Word n-grams land in the lower half of the buckets, character n-grams in
// the upper half, so the two blocks never share a bucket.
inline uint32_t UnigramBucket(uint64_t word_hash, uint32_t mask) {
  return static_cast<uint32_t>(Mix(word_hash)) & mask;
}

inline uint32_t BigramBucket(uint64_t previous_hash, uint64_t word_hash, uint32_t mask) {
  return static_cast<uint32_t>(Mix(previous_hash * 31 + word_hash)) & mask;
}

// A word of the normaliser's copy of the subject (NormalizerSteps::subject).
inline bool IsSubjectWord(std::string_view word) {
  return !word.empty() && word[0] == kSubjectMark;
}

// Calls sink(bucket) for every character n-gram of `word`, padded with a
// space on each side, by start and then length; of a subject word, only
// those starting at its mark ("^j", "^ja", ...): its other n-grams are the
// plain word's, already counted where the subject is written out, and the
// ones starting at the padding would only repeat these.
template <typename Sink>
inline void ForEachCharBucket(std::string_view word, const LinearOptions& o, Sink&& sink) {
  const uint32_t half = 1U << (o.hash_bits - 1);
  const uint32_t mask = half - 1;
  const size_t size = word.size() + 2;
  const auto padded = [&](size_t k) {
    return static_cast<unsigned char>(k == 0 || k == size - 1 ? ' ' : word[k - 1]);
  };
  const bool marked = IsSubjectWord(word);
  for (size_t start = marked ? 1 : 0; start < (marked ? 2 : size); ++start) {
    uint64_t h = kFnvOffset ^ 0x9e3779b97f4a7c15ULL;
    for (size_t n = 1; n <= static_cast<size_t>(o.char_max_n) && start + n <= size; ++n) {
      h ^= padded(start + n - 1);
      h *= kFnvPrime;
      if (n >= static_cast<size_t>(o.char_min_n))
        sink(half | (static_cast<uint32_t>(Mix(h + n)) & mask));
    }
  }
}

// The distinct character n-gram buckets of `word` (ForEachCharBucket), each
// with its occurrences in the word, in the order first met.
inline std::vector<std::pair<uint32_t, float>> CountCharBuckets(std::string_view word,
                                                                const LinearOptions& o) {
  std::vector<std::pair<uint32_t, float>> counted;
  ForEachCharBucket(word, o, [&](uint32_t bucket) {
    for (auto& [b, occurrences] : counted) {
      if (b == bucket) {
        occurrences += 1;
        return;
      }
    }
    counted.emplace_back(bucket, 1.0f);
  });
  return counted;
}

// Calls f(word) for each word of a normalised text (SplitWords without the vector).
template <typename F>
inline void ForEachWord(std::string_view normalized, F&& f) {
  while (!normalized.empty()) {
    const size_t space = normalized.find(' ');
    if (space != 0) f(normalized.substr(0, space));
    if (space == std::string_view::npos) break;
    normalized.remove_prefix(space + 1);
  }
}

// Calls sink(bucket, word_index) for every word n-gram occurrence of
// `text`: each word's unigram and the bigram it ends (none for subject
// words, which are skipped).
template <typename Sink>
inline void ForEachWordFeature(const std::vector<std::string_view>& words, const LinearOptions& o,
                               Sink&& sink) {
  const uint32_t mask = (1U << (o.hash_bits - 1)) - 1;
  uint64_t previous = 0;
  bool first = true;
  for (size_t i = 0; i < words.size(); ++i) {
    if (IsSubjectWord(words[i])) continue;  // its character n-grams alone
    const uint64_t h = WordHash(words[i]);
    sink(UnigramBucket(h, mask), i);
    if (o.word_max_n >= 2 && !first) sink(BigramBucket(previous, h, mask), i);
    previous = h;
    first = false;
  }
}

// Calls sink(bucket, word_index) for every n-gram occurrence of `text`:
// first the word n-grams (ForEachWordFeature), then each word's character
// n-grams.
template <typename Sink>
inline void ForEachFeature(const std::vector<std::string_view>& words, const LinearOptions& o,
                           Sink&& sink) {
  ForEachWordFeature(words, o, sink);
  if (o.char_max_n <= 0) return;
  for (size_t i = 0; i < words.size(); ++i) {
    ForEachCharBucket(words[i], o, [&](uint32_t bucket) { sink(bucket, i); });
  }
}

}  // namespace sigap::routing::text
