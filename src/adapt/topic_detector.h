#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "adapt/state_io.h"
#include "adapt/text_normalizer.h"

namespace sigap::adapt {

// Emerging topics: per term and per bigram of terms (text_normalizer.h),
// the number of new texts containing it in windows of 1..3 days ending
// today is tested against its
// baseline share of texts (learnt with a 7-day lag) times the texts of the
// window: a one-sided Poisson test, P(X >= x | share × texts). The p-values
// of every term and window tested that day are corrected together with
// Benjamini-Hochberg (1995) at level `fdr`; a term also needs `min_count`
// texts and `min_ratio` times its expectation, so that a busier category
// is not a "topic". Significant terms of the day form one draft, ordered
// by p-value, with the latest cases of its top term.
//
// Not thread-safe.
class TopicDetector {
 public:
  struct Options {
    double fdr = 0.0003;  // seed 7 shock-free runs with bigrams: 0.02 false alarms / 30 days
    int min_count = 3;
    double min_ratio = 4;
    int max_window = 3;
  };
  explicit TopicDetector(Options options);

  // Texts are scanned with their bigrams.
  static constexpr bool kBigrams = true;

  // Counts the terms of one new case's text.
  void OnText(uint64_t case_id, std::string_view text);
  // The same with the text's terms scanned already (TextNormalizer::Scan
  // with kBigrams).
  void OnTerms(uint64_t case_id, std::span<const TextNormalizer::Term> terms);

  // Closes `day`; appends a draft per topic that rose (at most eight):
  // significant terms grouped by the cases they share.
  void CloseDay(Day day, std::vector<AlertDraft>& out);

  // Writes / reads the state (state_io.h). Load fails on a snapshot of
  // another layout; a detector that failed to load must be discarded.
  void Save(StateWriter& out) const;
  [[nodiscard]] bool Load(StateReader& in);

  size_t terms() const { return terms_.size(); }
  size_t MemoryBytes() const;

 private:
  static constexpr int kHistory = 8;
  struct Term {
    std::string text;
    uint64_t hash = 0;  // TextNormalizer::Hash(text)
    std::array<uint16_t, kHistory> count{};
    double sum = 0;                   // decayed, lagged
    int last_day = -1000;             // index of the last day it was seen
    std::array<uint64_t, 5> cases{};  // latest cases, circular
    uint8_t next_case = 0;
    uint8_t n_cases = 0;
  };
  // Forgets the terms that weigh nothing any more (topic_detector.cc);
  // `decay` turns the stored sums into today's weights.
  void Prune(double decay);
  // Rebuilds slots_ (`size` of them, a power of two) from terms_.
  void Reindex(size_t size);
  // The id of `term`, added when new.
  uint32_t IdOf(const TextNormalizer::Term& term);

  Options options_;
  // Term ids by hash: open addressing with linear probing, at most half
  // full. Flat, because every word of every replayed text looks a term
  // up. A slot holds the id + 1 (0: empty) in its low 32 bits and the
  // term's hash's high 32 bits above, so that a probe reads a term only
  // when it is likely the one.
  static constexpr uint64_t kTagBits = 0xFFFFFFFF00000000ULL;
  std::vector<uint64_t> slots_ = std::vector<uint64_t>(1024, 0);
  std::vector<Term> terms_;
  std::array<uint32_t, kHistory> texts_{};  // texts per day
  double text_total_ = 0;                   // decayed, lagged
  std::vector<uint32_t> active_;            // terms seen in the last max_window days
  size_t sorted_ = 0;                       // how many of active_ are in order, at its start
  int days_ = 0;                            // index of the open day
};

}  // namespace sigap::adapt
