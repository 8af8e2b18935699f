#include "domain/indonesian_stem.h"

#include <libstemmer.h>

#include <algorithm>
#include <memory>

namespace sigap::domain {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

}  // namespace

std::string_view IndonesianStem(std::string_view word) {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("indonesian", "UTF_8"));
  if (!stemmer || word.empty()) return word;
  const sb_symbol* stem =
      sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (stem == nullptr) return word;
  return {reinterpret_cast<const char*>(stem),
          static_cast<size_t>(sb_stemmer_length(stemmer.get()))};
}

bool MayCarryAffix(std::string_view word) {
  return word.size() >= 4 &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace sigap::domain
