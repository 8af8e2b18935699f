#pragma once

// Indonesian words by their stem (the Snowball stemmer): "berlubang" and
// "lubangnya" are "lubang", "kerusakan" is "rusak". The case search, the
// nearby-duplicate ranking and the text classifier's normaliser all read
// words this way.
#include <string_view>

namespace sigap::domain {

// The stem of `word` (lower-case UTF-8), or `word` itself when the stemmer
// cannot run. The view is valid until the next call on the same thread
// (each thread has its own stemmer, which keeps state between calls).
std::string_view IndonesianStem(std::string_view word);

// Whether the search reads `word` by its stem: four or more letters a-z.
// Numbers, codes and words of other scripts are kept as written.
bool MayCarryAffix(std::string_view word);

}  // namespace sigap::domain
