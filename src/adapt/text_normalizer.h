#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace sigap::adapt {

// A simple Indonesian normaliser for term counting: lower-case ASCII,
// every character other than a letter or digit separates words, words of
// one letter, numbers and a small list of stop words are dropped, and a
// term appears at most once per text.
//
// A stand-in until the routing issue's normaliser (stemming, slang,
// abbreviations) exists; the topic detector only needs stable terms.
//
// Stateless; safe to share between threads.
class TextNormalizer {
 public:
  // Calls `sink(term)` once per distinct term of `text`, in order of first
  // appearance. The string_view is valid only during the call.
  template <typename Sink>
  void ForEachTerm(std::string_view text, Sink&& sink) const {
    std::vector<std::string>& seen = Scratch();
    seen.clear();
    std::string word;
    auto flush = [&] {
      if (Keep(word) && std::find(seen.begin(), seen.end(), word) == seen.end()) {
        seen.push_back(word);
        sink(std::string_view(seen.back()));
      }
      word.clear();
    };
    for (const char c : text) {
      const unsigned char u = static_cast<unsigned char>(c);
      if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80) {
        word.push_back(c);
      } else if (u >= 'A' && u <= 'Z') {
        word.push_back(static_cast<char>(u - 'A' + 'a'));
      } else {
        flush();
      }
    }
    flush();
  }

  // Returns the terms of `text` (for tests and explanations).
  std::vector<std::string> Terms(std::string_view text) const;

  // True for a word the normaliser drops: "yang", "di", "dan", ...
  static bool IsStopWord(std::string_view word);

 private:
  static bool Keep(const std::string& word);
  static std::vector<std::string>& Scratch();
};

}  // namespace sigap::adapt
