#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sigap::adapt {

// A simple Indonesian normaliser for term counting: lower-case ASCII,
// every character other than a letter or digit separates words, words of
// one letter, numbers and a small list of stop words are dropped, so is a
// person's name after an honorific ("pak Joko Widodo", "Bu, Sari": not
// "pak lurah", "ibu hamil", "ibu petugas" or "pak, depan kantor"), by the
// rule the exports mask names with (domain::NameAfterHonorific, read from
// the text as written), and a term appears at most once per text.
//
// The topic detector only needs stable terms, cheaply: replaying a
// Pemda's history feeds it millions of texts (bench/RESULTS.md, issue 9),
// so a text is scanned once, without an allocation per word.
//
// Stateless; safe to share between threads.
class TextNormalizer {
 public:
  // A term of a text and its hash (TextNormalizer::Hash of `text`).
  struct Term {
    std::string_view text;
    uint64_t hash;
  };

  // The distinct terms of `text`, in order of first appearance; with
  // `bigrams`, also each pair of kept words standing side by side ("jalan
  // rusak": no dropped word, comma, full stop or bracket between them)
  // right after its second word. The span and the views in it stay valid
  // until the next call on this thread.
  static std::span<const Term> Scan(std::string_view text, bool bigrams = false);

  // Calls `sink(term)` once per distinct term of `text`, in order of first
  // appearance. The string_view is valid only during the call.
  template <typename Sink>
  void ForEachTerm(std::string_view text, Sink&& sink) const {
    for (const Term& term : Scan(text)) sink(term.text);
  }

  // Returns the terms of `text` (for tests and explanations).
  std::vector<std::string> Terms(std::string_view text) const;

  // True for a word the normaliser drops: "yang", "di", "dan", ...
  static bool IsStopWord(std::string_view word);

  // The hash Scan gives a term: a word's bytes eight at a time, then
  // mixed so that its low bits can index a table; a bigram's from its two
  // words' hashes.
  static uint64_t Hash(std::string_view term);
};

// The terms of many texts, scanned ahead of the detectors (a replay scans
// a batch on one thread while the detectors take the previous one on
// another): Add scans a text as Scan does, into memory of its own, Terms
// gives its terms back.
class ScannedTexts {
 public:
  // Forgets every text, keeping the memory.
  void Clear();
  // Scans `text` (TextNormalizer::Scan with `bigrams`); returns its index.
  size_t Add(std::string_view text, bool bigrams);
  // The terms of the text Add gave index `i`, valid until the next Add or
  // Clear.
  std::span<const TextNormalizer::Term> Terms(size_t i) const {
    return std::span(terms_).subspan(first_[i], first_[i + 1] - first_[i]);
  }

 private:
  // The lowered texts, and the bigrams that are not a slice of them; the
  // terms point into it (when it grows, Add moves them along).
  std::string bytes_;
  std::vector<TextNormalizer::Term> terms_;
  std::vector<size_t> first_;  // per text, its first term in terms_ (and one past the last)
};

}  // namespace sigap::adapt
