#include "domain/indonesian_stem.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>

#include "domain/fnv.h"

namespace sigap::domain {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// A thread's stems of the words it met last: Snowball walks its rules
// for each word (about 400 instructions), while a text repeats the same
// few hundred words ("jalan", "rusak", "warga"). Direct-mapped by the
// word's hash; a word or stem too long for an entry is not kept.
class StemCache {
 public:
  // The stem kept for `word`, if any: valid until the next Keep.
  std::optional<std::string_view> Find(std::string_view word, uint64_t hash) const {
    const Entry& e = entries_[hash % kEntries];
    if (e.word_size != word.size() || std::memcmp(e.word, word.data(), word.size()) != 0) {
      return std::nullopt;
    }
    return std::string_view(e.stem, e.stem_size);
  }

  void Keep(std::string_view word, uint64_t hash, std::string_view stem) {
    if (word.size() > kLongest || stem.size() > kLongest) return;
    Entry& e = entries_[hash % kEntries];
    e.word_size = static_cast<uint8_t>(word.size());
    e.stem_size = static_cast<uint8_t>(stem.size());
    std::memcpy(e.word, word.data(), word.size());
    std::memcpy(e.stem, stem.data(), stem.size());
  }

 private:
  static constexpr size_t kEntries = 2048;  // 128 KiB a thread that stems
  static constexpr size_t kLongest = 30;
  struct Entry {
    uint8_t word_size = 0;
    uint8_t stem_size = 0;
    char word[kLongest];
    char stem[kLongest];
  };
  std::array<Entry, kEntries> entries_{};
};

}  // namespace

std::string_view IndonesianStem(std::string_view word) {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("indonesian", "UTF_8"));
  thread_local std::unique_ptr<StemCache> cache = std::make_unique<StemCache>();
  if (!stemmer || word.empty()) return word;
  const uint64_t hash = Fnv1a(word);
  if (const auto kept = cache->Find(word, hash)) return *kept;
  const sb_symbol* stem =
      sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (stem == nullptr) return word;
  const std::string_view out(reinterpret_cast<const char*>(stem),
                             static_cast<size_t>(sb_stemmer_length(stemmer.get())));
  cache->Keep(word, hash, out);
  return out;
}

bool MayCarryAffix(std::string_view word) {
  return word.size() >= 4 &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace sigap::domain
