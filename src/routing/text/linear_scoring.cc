// LinearTextModel's scoring: Scores (sums cached per word), ScoresByFeature
// (the definition) and TopWords. Training, saving and loading are in
// linear_text_model.cc.
#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <new>
#include <span>
#include <unordered_map>

#include "memory/cache_line.h"
#include "routing/text/half_float.h"
#include "routing/text/linear_text_model.h"
#include "routing/text/ngrams.h"
#include "routing/text/normalizer.h"
#include "routing/text/word_cache.h"

namespace sigap::routing::text {

// A character n-gram feature of a word: its id, how often it occurs in the
// word and 1 + log of that.
struct CharFeature {
  int32_t id = 0;
  float occurrences = 0;
  float g = 0;
};

// What one word contributes to a text's scores wherever it occurs, made
// once per thread and model. With o_f the occurrences of character feature
// f in the word, idf_f its idf and w_f its row of weights:
//   whole   = sum_f idf_f (1 + log o_f) w_f
//   repeats = sum_f idf_f log(o_f) w_f  (none when no n-gram repeats)
//   r0, r1, r2 = sum_f idf_f^2 (1 + log o_f)^k, k = 0, 1, 2
// A word occurring k times in a text, none of its n-grams in another word
// of the text, adds (1 + log k) whole - log(k) repeats to the character
// block and r2 + 2 log(k) r1 + log(k)^2 r0 to its squared norm: exactly
// the sum over its n-grams of the sublinear TF-IDF terms.
//
// whole, repeats and the n-grams are one allocation starting on a cache
// line: a word met in a text is a few adjacent lines, fetched at once,
// instead of three allocations scattered over the heap.
struct WordFeatures {
  struct Free {
    void operator()(std::byte* p) const { ::operator delete (p, std::align_val_t{kCacheLine}); }
  };

  uint64_t hash = 0;
  int32_t unigram = -1;
  uint32_t char_count = 0;  // the n-grams at `chars`
  uint32_t bytes = 0;       // of `block`
  double r[3] = {0, 0, 0};
  uint64_t text = 0;   // the text being scored when last seen (this thread's count)
  uint32_t count = 0;  // occurrences in that text
  std::unique_ptr<std::byte, Free> block;
  const float* whole = nullptr;        // in `block`: a padded row
  const float* repeats = nullptr;      // in `block` after `whole`, or null when no n-gram repeats
  const CharFeature* chars = nullptr;  // in `block` after them

  std::span<const CharFeature> char_features() const { return {chars, char_count}; }
};

namespace {

// Words cached per thread and model (each holds a row or two of sums).
constexpr size_t kCachedWords = 1 << 14;

// Fetches the first 64 weights of a row of `n` (a row of 32 on a cache
// line is one line: fetching the next would fetch another feature's row).
void PrefetchRow(const uint16_t* row, size_t n) {
  __builtin_prefetch(row);
  __builtin_prefetch(row + std::min<size_t>(n, 64) - 1);
}

// What the character n-grams that several words of a text share add up
// to: 16 bytes (a text's table of ~2,000 slots is then 32 KB, not 40).
struct Mark {
  static constexpr uint32_t kFree = ~0U;         // a free slot
  static constexpr uint32_t kShared = 1U << 31;  // set once a second word has the n-gram
  uint32_t key = kFree;                          // the feature id (< 2^26), and kShared
  float count = 0;                               // its occurrences in the text
  float naive[2] = {0, 0};  // sum over those words of g and of g^2 as they counted it

  int32_t id() const { return static_cast<int32_t>(key & ~kShared); }
  bool shared() const { return key != kFree && (key & kShared) != 0; }
};

// A word-block occurrence: a feature id, or the bucket of a bigram whose
// feature is looked up once the whole text has been read (the lookups,
// mostly cache misses, then overlap).
struct WordSlot {
  int32_t id = -1;
  uint32_t bigram = 0;
  bool is_bigram = false;
};

// Per-thread scratch for scoring.
struct Scratch {
  uint64_t texts = 0;
  std::vector<float> tf;  // by feature id
  std::vector<int32_t> touched;
  std::vector<WordSlot> slots;
  // An open-addressing table by feature id, for one text: its first
  // `mark_slots` entries (a power of two sized to the text), so that a short
  // text after a long one probes a table that stays in cache, not all of
  // `marks` (the longest report of the bench needs 256 KB).
  std::vector<Mark> marks;
  uint32_t mark_slots = 0;
  std::vector<uint32_t> marked;
  std::vector<WordFeatures*> distinct;
  std::deque<WordFeatures> long_words;
  std::vector<float> sums;
  std::vector<float> chars;
  std::vector<float> row_scales;  // rows to add at once (AddScaledHalfRows)
  std::vector<const uint16_t*> rows;

  // The mark of character feature `id` in this text, flagged shared when
  // an earlier word had it; `weights` are the model's rows of `stride`.
  Mark& MarkOf(int32_t id, const uint16_t* weights, size_t stride) {
    const uint32_t mask = mark_slots - 1;
    uint32_t slot =
        static_cast<uint32_t>((static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ULL) >> 40) & mask;
    while (true) {
      Mark& m = marks[slot];
      if (m.key == Mark::kFree) {
        m.key = static_cast<uint32_t>(id);
        marked.push_back(slot);
        return m;
      }
      if (m.id() == id) {
        if ((m.key & Mark::kShared) == 0) {
          // Its correction's row is read once every word is counted:
          // fetched meanwhile, without a pass over all the marks to find it.
          PrefetchRow(weights + static_cast<size_t>(id) * stride, stride);
          m.key |= Mark::kShared;
        }
        return m;
      }
      slot = (slot + 1) & mask;
    }
  }
};

Scratch& ThreadScratch(size_t features) {
  thread_local Scratch scratch;
  if (scratch.tf.size() < features) scratch.tf.assign(features, 0.0f);
  return scratch;
}

// sums[c] += v * w[c] for c < n, n a multiple of kLabelBlock: blocks of a
// fixed size the compiler turns into vector instructions.
void AddScaled(float v, const float* __restrict w, float* __restrict sums, size_t n) {
  for (size_t c = 0; c < n; c += LinearTextModel::kLabelBlock) {
    for (size_t j = 0; j < LinearTextModel::kLabelBlock; ++j) sums[c + j] += v * w[c + j];
  }
}

// std::log of a count (a whole number held in a float): from a table for
// the small ones, which are nearly all of them; the same value either way.
float LogCount(float count) {
  constexpr int kTable = 256;
  static const std::array<float, kTable> table = [] {
    std::array<float, kTable> t{};
    for (int i = 1; i < kTable; ++i) t[i] = std::log(static_cast<float>(i));
    return t;
  }();
  const int i = static_cast<int>(count);
  if (i >= 1 && i < kTable && static_cast<float>(i) == count) return table[i];
  return std::log(count);
}

static_assert(LinearTextModel::kLabelBlock % 8 == 0, "AddScaledHalf takes rows of 8s");

// Calls f(i, k) once for each distinct word of `words`, i its first
// occurrence and k its occurrences, in the order first seen; as Scores
// groups them: words longer than kMaxCachedWord each occurrence on its own
// (Scores does not cache them).
template <typename F>
void ForEachDistinctWord(const std::vector<std::string_view>& words, F&& f) {
  std::unordered_map<std::string_view, uint32_t> index;
  std::vector<std::pair<size_t, uint32_t>> distinct;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].size() > kMaxCachedWord) {
      distinct.emplace_back(i, 1);
      continue;
    }
    const auto [it, added] = index.try_emplace(words[i], static_cast<uint32_t>(distinct.size()));
    if (added) distinct.emplace_back(i, 0);
    ++distinct[it->second].second;
  }
  for (const auto& [i, k] : distinct) f(i, k);
}

}  // namespace

// The character features of `word` the model knows, each with its
// occurrences in the word, in the order first met.
std::vector<CharFeature> LinearTextModel::CharFeaturesOf(std::string_view word) const {
  std::vector<CharFeature> chars;
  for (const auto& [bucket, occurrences] : CountCharBuckets(word, options_)) {
    const int32_t f = feature_of_bucket_[bucket];  // one bucket per feature
    if (f >= 0) chars.push_back({f, occurrences, 0});
  }
  return chars;
}

namespace {}  // namespace

void LinearTextModel::MakeWordFeatures(std::string_view word, WordFeatures& e) const {
  const uint32_t half = 1U << (options_.hash_bits - 1);
  e.hash = WordHash(word);
  e.unigram = feature_of_bucket_[UnigramBucket(e.hash, half - 1)];
  std::vector<CharFeature> chars = CharFeaturesOf(word);
  const bool repeats = std::any_of(chars.begin(), chars.end(),
                                   [](const CharFeature& c) { return c.occurrences > 1; });
  const size_t rows = repeats ? 2 : 1;
  e.char_count = static_cast<uint32_t>(chars.size());
  e.bytes =
      static_cast<uint32_t>(rows * stride_ * sizeof(float) + chars.size() * sizeof(CharFeature));
  e.block.reset(static_cast<std::byte*>(::operator new (e.bytes, std::align_val_t{kCacheLine})));
  float* const whole = reinterpret_cast<float*>(e.block.get());
  std::uninitialized_fill_n(whole, rows * stride_, 0.0f);
  float* const repeated = repeats ? whole + stride_ : nullptr;
  for (CharFeature& c : chars) {
    const float log_o = std::log(c.occurrences);
    c.g = 1.0f + log_o;
    const uint16_t* w = Row(c.id);
    const double idf = idf_[c.id];
    AddScaledHalf(static_cast<float>(idf * c.g), w, whole, stride_);
    if (c.occurrences > 1) {
      AddScaledHalf(static_cast<float>(idf * log_o), w, repeated, stride_);
    }
    e.r[0] += idf * idf;
    e.r[1] += idf * idf * c.g;
    e.r[2] += idf * idf * c.g * c.g;
  }
  e.whole = whole;
  e.repeats = repeated;
  e.chars = std::uninitialized_copy(chars.begin(), chars.end(),
                                    reinterpret_cast<CharFeature*>(whole + rows * stride_)) -
            chars.size();
}

void LinearTextModel::Scores(std::string_view normalized, std::vector<float>& scores) const {
  // The sums by word need the sublinear TF and a bounded text (the cache
  // must keep every word of it while it is scored).
  if (!options_.sublinear_tf || options_.char_max_n <= 0 ||
      normalized.size() / 2 + 1 > kCachedWords / 2) {
    return ScoresByFeature(normalized, scores);
  }
  Scratch& s = ThreadScratch(idf_.size());
  WordMemo<WordFeatures>& memo = ThreadMemo<WordFeatures>(memo_owner_);
  memo.Reserve(normalized.size() / 2 + 1, kCachedWords);
  const auto make = [this](std::string_view word, WordFeatures& e) { MakeWordFeatures(word, e); };
  const uint64_t text = ++s.texts;
  s.touched.clear();
  s.distinct.clear();
  s.long_words.clear();
  const auto count = [&](int32_t f) {
    if (f < 0) return;
    if (s.tf[f] == 0.0f) {
      s.touched.push_back(f);
      // Read below, once the other features are counted: fetched meanwhile.
      __builtin_prefetch(&idf_[f]);
      PrefetchRow(Row(f), stride_);
    }
    s.tf[f] += 1.0f;
  };
  const uint32_t half = 1U << (options_.hash_bits - 1);
  s.slots.clear();
  uint64_t previous = 0;
  bool first = true;
  size_t pairs = 0;
  ForEachWord(normalized, [&](std::string_view word) {
    WordFeatures* e = nullptr;
    if (word.size() <= kMaxCachedWord) {
      e = &memo.Get(word, kCachedWords, make);
    } else {
      e = &s.long_words.emplace_back();
      make(word, *e);
    }
    if (e->text != text) {
      e->text = text;
      e->count = 0;
      s.distinct.push_back(e);
      pairs += e->char_count;
      // Read again once the word block is summed: fetched meanwhile (the
      // first 8 lines: all of it with up to 32 labels).
      const std::byte* block = e->block.get();
      for (size_t b = 0; b < e->bytes && b < 8 * kCacheLine; b += kCacheLine) {
        __builtin_prefetch(block + b);
      }
    }
    ++e->count;
    if (IsSubjectWord(word)) return;  // its character n-grams alone
    s.slots.push_back({e->unigram, 0, false});
    if (options_.word_max_n >= 2 && !first) {
      const uint32_t bucket = BigramBucket(previous, e->hash, half - 1);
      __builtin_prefetch(&feature_of_bucket_[bucket]);
      s.slots.push_back({-1, bucket, true});
    }
    previous = e->hash;
    first = false;
  });
  for (const WordSlot& slot : s.slots) {
    count(slot.is_bigram ? feature_of_bucket_[slot.bigram] : slot.id);
  }

  // The word block, feature by feature.
  float norm = 0;
  for (const int32_t f : s.touched) {
    const float v = (1.0f + LogCount(s.tf[f])) * idf_[f];
    s.tf[f] = v;
    norm += v * v;
  }
  const float scale = norm > 0 ? 1.0f / std::sqrt(norm) : 0.0f;
  s.sums.assign(stride_, 0.0f);
  std::copy(bias_.begin(), bias_.end(), s.sums.begin());
  s.row_scales.clear();
  s.rows.clear();
  for (const int32_t f : s.touched) {
    s.row_scales.push_back(s.tf[f] * scale);
    s.rows.push_back(Row(f));
    s.tf[f] = 0.0f;
  }
  AddScaledHalfRows(s.row_scales.data(), s.rows.data(), s.rows.size(), s.sums.data(), stride_);

  // The character block, word by word; then, with the text's TF, the
  // n-grams several words share, whose counts add up across words, are set
  // right (with the TF of each word, LinearOptions::char_tf_per_word, the
  // words' sums are the block).
  const bool per_word = PerWordCharTf();
  if (!per_word) {
    size_t table = 1024;  // at most 2^24: the hash above has 24 bits
    while (table < 2 * pairs && table < (size_t{1} << 24)) table *= 2;
    if (s.marks.size() < table) s.marks.assign(table, Mark{});
    s.mark_slots = static_cast<uint32_t>(table);
  }
  s.chars.assign(stride_, 0.0f);
  s.marked.clear();
  double char_norm = 0;
  for (const WordFeatures* e : s.distinct) {
    const float log_k = LogCount(static_cast<float>(e->count));
    char_norm += e->r[2] + 2.0 * log_k * e->r[1] + static_cast<double>(log_k) * log_k * e->r[0];
    AddScaled(1.0f + log_k, e->whole, s.chars.data(), stride_);
    if (log_k != 0.0f && e->repeats != nullptr) {
      AddScaled(-log_k, e->repeats, s.chars.data(), stride_);
    }
    if (per_word) continue;
    for (const CharFeature& c : e->char_features()) {
      Mark& m = s.MarkOf(c.id, half_weights_.data(), stride_);
      m.count += static_cast<float>(e->count) * c.occurrences;
      const float g = c.g + log_k;
      m.naive[0] += g;
      m.naive[1] += g * g;
    }
  }
  s.row_scales.clear();
  s.rows.clear();
  for (const uint32_t slot : s.marked) {
    Mark& m = s.marks[slot];
    if (m.shared()) {
      const float g = 1.0f + LogCount(m.count);
      const double idf = idf_[m.id()];
      char_norm += idf * idf * (static_cast<double>(g) * g - m.naive[1]);
      s.row_scales.push_back(static_cast<float>(idf * (g - m.naive[0])));
      s.rows.push_back(Row(m.id()));
    }
    m = Mark{};
  }
  AddScaledHalfRows(s.row_scales.data(), s.rows.data(), s.rows.size(), s.chars.data(), stride_);
  const float char_scale =
      char_norm > 0 ? static_cast<float>(options_.char_weight / std::sqrt(char_norm)) : 0.0f;
  AddScaled(char_scale, s.chars.data(), s.sums.data(), stride_);
  scores.assign(s.sums.begin(), s.sums.begin() + label_count_);
}

void LinearTextModel::ScoresByFeature(std::string_view normalized,
                                      std::vector<float>& scores) const {
  Scratch& s = ThreadScratch(idf_.size());
  s.touched.clear();
  const bool per_word = PerWordCharTf();
  const uint32_t half = 1U << (options_.hash_bits - 1);
  const auto words = SplitWords(normalized);
  ForEachFeature(words, options_, [&](uint32_t bucket, size_t) {
    if (per_word && bucket >= half) return;  // the character block: below
    const int32_t f = feature_of_bucket_[bucket];
    if (f < 0) return;
    if (s.tf[f] == 0.0f) s.touched.push_back(f);
    s.tf[f] += 1.0f;
  });
  float norm[2] = {0, 0};
  for (const int32_t f : s.touched) {
    const float tf = options_.sublinear_tf ? 1.0f + std::log(s.tf[f]) : s.tf[f];
    const float v = tf * idf_[f];
    s.tf[f] = v;
    norm[f >= first_char_feature_ ? 1 : 0] += v * v;
  }
  if (per_word) {
    ForEachDistinctWord(words, [&](size_t i, uint32_t k) {
      const float log_k = std::log(static_cast<float>(k));
      for (const CharFeature& c : CharFeaturesOf(words[i])) {
        const float v = (1.0f + std::log(c.occurrences) + log_k) * idf_[c.id];
        if (s.tf[c.id] == 0.0f) s.touched.push_back(c.id);
        s.tf[c.id] += v;
        norm[1] += v * v;
      }
    });
  }
  const float scale[2] = {
      norm[0] > 0 ? 1.0f / std::sqrt(norm[0]) : 0.0f,
      norm[1] > 0 ? static_cast<float>(options_.char_weight) / std::sqrt(norm[1]) : 0.0f};
  s.sums.assign(stride_, 0.0f);
  std::copy(bias_.begin(), bias_.end(), s.sums.begin());
  for (const int32_t f : s.touched) {
    const float v = s.tf[f] * scale[f >= first_char_feature_ ? 1 : 0];
    s.tf[f] = 0.0f;
    AddScaledHalf(v, Row(f), s.sums.data(), stride_);
  }
  scores.assign(s.sums.begin(), s.sums.begin() + label_count_);
}

std::vector<WordWeight> LinearTextModel::TopWords(std::string_view normalized, int label,
                                                  int n) const {
  std::vector<WordWeight> out = WordShares(normalized, label);
  std::erase_if(out, [](const WordWeight& w) { return !(w.weight > 0); });
  // By weight, ties in the words' order.
  std::sort(out.begin(), out.end(), [](const WordWeight& a, const WordWeight& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.word < b.word;
  });
  if (out.size() > static_cast<size_t>(std::max(0, n))) out.resize(std::max(0, n));
  return out;
}

std::vector<WordWeight> LinearTextModel::WordShares(std::string_view normalized, int label) const {
  const auto words = SplitWords(normalized);
  const bool per_word = PerWordCharTf();
  const uint32_t half = 1U << (options_.hash_bits - 1);
  // Each word occurrence's place among the words as shown (a word of the
  // subject's copy counts for the word itself), and its weight there.
  std::unordered_map<std::string_view, uint32_t> shown_index;
  std::vector<std::string_view> shown;
  std::vector<uint32_t> shown_of(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view word = words[i];
    if (word.size() > 1 && word[0] == kSubjectMark) word.remove_prefix(1);
    const auto [it, added] = shown_index.try_emplace(word, static_cast<uint32_t>(shown.size()));
    if (added) shown.push_back(word);
    shown_of[i] = it->second;
  }
  std::vector<double> weight(shown.size(), 0.0);

  // The features counted over the text: all of them, or with the TF of
  // each word only the word block's.
  const auto for_each_text_feature = [&](auto&& f) {
    const auto sink = [&](uint32_t bucket, size_t word) {
      const int32_t feature = feature_of_bucket_[bucket];
      if (feature >= 0) f(feature, bucket >= half ? 1 : 0, word);
    };
    if (per_word) {
      ForEachWordFeature(words, options_, sink);
    } else {
      ForEachFeature(words, options_, sink);
    }
  };
  Scratch& s = ThreadScratch(idf_.size());  // tf by feature, all 0 between calls
  s.touched.clear();
  for_each_text_feature([&](int32_t f, int, size_t) {
    if (s.tf[f] == 0.0f) s.touched.push_back(f);
    s.tf[f] += 1.0f;
  });
  double norm[2] = {0, 0};
  for (const int32_t f : s.touched) {
    const double v = (options_.sublinear_tf ? 1.0 + std::log(s.tf[f]) : s.tf[f]) * idf_[f];
    norm[f >= first_char_feature_ ? 1 : 0] += v * v;
  }
  // With the TF of each word, each distinct word's character block, its
  // own: from the rows Scores caches for it (the label's entry of
  // (1 + log k) whole - log k repeats, as Scores adds them), not n-gram by
  // n-gram.
  std::vector<std::pair<uint32_t, double>> word_chars;  // shown index, value
  if (per_word) {
    WordMemo<WordFeatures>& memo = ThreadMemo<WordFeatures>(memo_owner_);
    WordFeatures uncached;
    const auto make = [this](std::string_view word, WordFeatures& e) { MakeWordFeatures(word, e); };
    ForEachDistinctWord(words, [&](size_t i, uint32_t k) {
      WordFeatures* e = &uncached;
      if (words[i].size() <= kMaxCachedWord) {
        e = &memo.Get(words[i], kCachedWords, make);  // used before the next Get
      } else {
        uncached = WordFeatures{};
        make(words[i], uncached);
      }
      const double log_k = std::log(static_cast<double>(k));
      norm[1] += e->r[2] + 2.0 * log_k * e->r[1] + log_k * log_k * e->r[0];
      double v = (1.0 + log_k) * e->whole[label];
      if (e->repeats != nullptr) v -= log_k * e->repeats[label];
      word_chars.emplace_back(shown_of[i], v);
    });
  }
  const double scale[2] = {1.0 / std::sqrt(norm[0]), options_.char_weight / std::sqrt(norm[1])};
  // Each occurrence of a feature counted over the text carries its share of
  // the feature's weight to the word it came from.
  for_each_text_feature([&](int32_t f, int block, size_t word) {
    const double tf = s.tf[f];
    const double v = (options_.sublinear_tf ? 1.0 + std::log(tf) : tf) * idf_[f];
    weight[shown_of[word]] += v * scale[block] / tf * HalfToFloat(Row(f)[label]);
  });
  for (const auto& [index, v] : word_chars) weight[index] += v * scale[1];
  for (const int32_t f : s.touched) s.tf[f] = 0.0f;

  std::vector<WordWeight> out;
  out.reserve(shown.size());
  for (size_t w = 0; w < shown.size(); ++w) out.push_back({std::string(shown[w]), weight[w]});
  return out;
}
}  // namespace sigap::routing::text
