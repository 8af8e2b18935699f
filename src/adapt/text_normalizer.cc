#include "adapt/text_normalizer.h"

#include <array>

namespace sigap::adapt {
namespace {

// Function words and the politeness of complaints ("mohon", "tolong"),
// which say nothing about a topic.
constexpr std::array<std::string_view, 72> kStopWords = {
    "ada",    "adalah", "agar",   "akan",   "aku",    "anda",  "apa",      "atas",     "atau",
    "bagi",   "bahwa",  "banyak", "baru",   "belum",  "bapak", "beberapa", "bisa",     "bu",
    "buat",   "dalam",  "dan",    "dari",   "dengan", "di",    "dia",      "dong",     "hal",
    "hanya",  "harus",  "ibu",    "ini",    "itu",    "juga",  "kalau",    "kami",     "kamu",
    "karena", "ke",     "kita",   "lagi",   "lain",   "mau",   "masih",    "mereka",   "mohon",
    "nya",    "oleh",   "pada",   "pak",    "para",   "saat",  "saja",     "sampai",   "sangat",
    "saya",   "sejak",  "sudah",  "supaya", "tapi",   "telah", "terima",   "tersebut", "tidak",
    "tolong", "untuk",  "warga",  "ya",     "yang",   "yg",    "kasih",    "sekali",   "sekitar"};

// What ends a clause: no bigram spans one.
constexpr std::string_view kClauseBreaks = ".,;:!?()\n";

constexpr uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

constexpr uint64_t Mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0x9E3779B97F4A7C15ULL;
  h ^= h >> 29;
  return h;
}

// What each byte becomes inside a word (ASCII letters lower-cased, digits
// and bytes of multi-byte UTF-8 kept), or 0 for a separator.
constexpr std::array<unsigned char, 256> kWordByte = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      table[c] = static_cast<unsigned char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      table[c] = static_cast<unsigned char>(c - 'A' + 'a');
    }
  }
  return table;
}();

// The stop words by hash: open addressing, linear probing.
class StopWords {
 public:
  StopWords() {
    for (const auto word : kStopWords) {
      size_t i = TextNormalizer::Hash(word) & kMask;
      while (!slots_[i].empty()) i = (i + 1) & kMask;
      slots_[i] = word;
    }
  }
  bool Contains(std::string_view word, uint64_t hash) const {
    for (size_t i = hash & kMask; !slots_[i].empty(); i = (i + 1) & kMask) {
      if (slots_[i] == word) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kMask = 255;
  std::array<std::string_view, kMask + 1> slots_{};
};

const StopWords& Stops() {
  static const StopWords stops;
  return stops;
}

// One thread's scratch: the lowered text the terms point into, the terms,
// and a table of the terms seen in this text (entries of older texts are
// told apart by their generation, so it is never cleared).
struct Scratch {
  std::string lowered;
  std::string pairs;  // the bigrams, "word word"
  std::vector<TextNormalizer::Term> terms;
  struct Seen {
    uint32_t generation = 0;
    uint32_t term = 0;
  };
  std::vector<Seen> seen;
  uint32_t generation = 0;

  void Start(size_t text_size, bool bigrams) {
    lowered.resize(text_size);
    terms.clear();
    pairs.clear();
    // Each bigram holds two words and a space: at most twice the text. Its
    // views must not move, so the room is made before the first one.
    if (bigrams && pairs.capacity() < 2 * text_size + 2) pairs.reserve(2 * text_size + 2);
    // A kept word has two bytes and a separator: at most size / 3 + 1
    // words, and as many bigrams.
    const size_t most = (text_size / 3 + 2) * (bigrams ? 2 : 1);
    size_t want = 64;
    while (want < 2 * most) want *= 2;
    if (want > seen.size() || ++generation == 0) {
      seen.assign(std::max(want, seen.size()), Seen{});
      generation = 1;
    }
  }

  void Add(std::string_view word, uint64_t hash) {
    const size_t mask = seen.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Seen& slot = seen[i];
      if (slot.generation != generation) {
        slot = {generation, static_cast<uint32_t>(terms.size())};
        terms.push_back({word, hash});
        return;
      }
      const auto& other = terms[slot.term];
      if (other.hash == hash && other.text == word) return;
    }
  }
};

}  // namespace

uint64_t TextNormalizer::Hash(std::string_view term) {
  uint64_t h = kFnvOffset;
  for (const char c : term) h = (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
  return Mix(h);
}

bool TextNormalizer::IsStopWord(std::string_view word) {
  return Stops().Contains(word, Hash(word));
}

std::span<const TextNormalizer::Term> TextNormalizer::Scan(std::string_view text, bool bigrams) {
  thread_local Scratch scratch;
  const StopWords& stops = Stops();
  scratch.Start(text.size(), bigrams);
  char* const out = scratch.lowered.data();
  size_t start = 0;
  uint64_t h = kFnvOffset;
  bool digits_only = true;
  // The previous word kept, while nothing dropped or ending a clause came
  // after it: a bigram pairs two words that stand side by side.
  std::string_view previous;
  uint64_t previous_state = 0;  // its FNV state before mixing
  auto flush = [&](size_t end) {
    const size_t length = end - start;
    const std::string_view word(out + start, length);
    const uint64_t hash = Mix(h);
    if (length < 2 || digits_only || stops.Contains(word, hash)) {
      previous = {};
    } else {
      scratch.Add(word, hash);
      if (bigrams && !previous.empty()) {
        const size_t at = scratch.pairs.size();
        scratch.pairs.append(previous).append(1, ' ').append(word);
        uint64_t pair = (previous_state ^ ' ') * kFnvPrime;
        for (const char c : word) pair = (pair ^ static_cast<unsigned char>(c)) * kFnvPrime;
        scratch.Add(std::string_view(scratch.pairs.data() + at, scratch.pairs.size() - at),
                    Mix(pair));
      }
      previous = word;
      previous_state = h;
    }
    h = kFnvOffset;
    digits_only = true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char b = kWordByte[static_cast<unsigned char>(text[i])];
    if (b == 0) {
      if (i > start) flush(i);
      start = i + 1;
      if (kClauseBreaks.find(text[i]) != std::string_view::npos) previous = {};
      continue;
    }
    out[i] = static_cast<char>(b);
    h = (h ^ b) * kFnvPrime;
    digits_only = digits_only && b >= '0' && b <= '9';
  }
  if (text.size() > start) flush(text.size());
  return scratch.terms;
}

void ScannedTexts::Clear() {
  bytes_.clear();
  copied_.clear();
  first_.clear();
  terms_.clear();
}

size_t ScannedTexts::Add(std::string_view text, bool bigrams) {
  if (first_.empty()) first_.push_back(0);
  for (const TextNormalizer::Term& term : TextNormalizer::Scan(text, bigrams)) {
    copied_.push_back(
        {static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(term.text.size()), term.hash});
    bytes_.append(term.text);
  }
  first_.push_back(copied_.size());
  return first_.size() - 2;
}

void ScannedTexts::Seal() {
  terms_.clear();
  terms_.reserve(copied_.size());
  for (const Copied& c : copied_) {
    terms_.push_back({std::string_view(bytes_).substr(c.offset, c.length), c.hash});
  }
}

std::span<const TextNormalizer::Term> ScannedTexts::Terms(size_t i) const {
  return std::span(terms_).subspan(first_[i], first_[i + 1] - first_[i]);
}

std::vector<std::string> TextNormalizer::Terms(std::string_view text) const {
  std::vector<std::string> terms;
  ForEachTerm(text, [&](std::string_view term) { terms.emplace_back(term); });
  return terms;
}

}  // namespace sigap::adapt
