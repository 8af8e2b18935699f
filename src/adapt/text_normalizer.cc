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

constexpr uint64_t kSeed = 0x243F6A8885A308D3ULL;
constexpr uint64_t kMul = 0x9FB21C651E98DF25ULL;

constexpr uint64_t Mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0x9E3779B97F4A7C15ULL;
  h ^= h >> 29;
  return h;
}

// A word's hash, taken eight bytes at a time as the word is read: a
// byte-at-a-time hash (FNV) is a chain of multiplications as long as the
// text, and reading the lowered word back after writing it byte by byte
// stalls on the stores; either was the larger part of scanning a text.
// Kept in plain values so that the scanning loop holds it in registers.
struct WordHash {
  uint64_t h = kSeed;
  uint64_t block = 0;
  unsigned shift = 0;
};

inline void Fold(WordHash& w) {
  w.h = (w.h ^ w.block) * kMul;
  w.h ^= w.h >> 31;
  w.block = 0;
  w.shift = 0;
}

inline void AddByte(WordHash& w, unsigned char byte) {
  w.block |= uint64_t{byte} << w.shift;
  w.shift += 8;
  if (w.shift == 64) Fold(w);
}

// The hash of a word of `length` bytes added to `w`.
inline uint64_t Finish(WordHash w, size_t length) {
  if (w.shift != 0) Fold(w);
  return Mix(w.h ^ (length * kMul));
}

// Short strings compared without a call.
inline bool Same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// A bigram's hash from its two words' hashes, so that scanning need not
// read the words again.
constexpr uint64_t HashPair(uint64_t first, uint64_t second) {
  return Mix((first * kMul) ^ (second + 0x632BE59BD9B4E019ULL));
}

// What each byte is: inside a word, what it becomes (ASCII letters
// lower-cased, digits and bytes of multi-byte UTF-8 kept); else 0, and
// kBreak for what ends a clause (no bigram spans one).
constexpr unsigned kBreak = 0x100;
constexpr std::array<uint16_t, 256> kByteClass = [] {
  std::array<uint16_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      table[c] = static_cast<uint16_t>(c);
    } else if (c >= 'A' && c <= 'Z') {
      table[c] = static_cast<uint16_t>(c - 'A' + 'a');
    }
  }
  for (const char c : std::string_view(".,;:!?()\n")) table[static_cast<unsigned char>(c)] = kBreak;
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
      if (Same(slots_[i], word)) return true;
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
  std::string pairs;                        // the bigrams, "word word"
  std::vector<TextNormalizer::Term> terms;  // the first `n` are this text's
  size_t n = 0;
  struct Seen {
    uint32_t generation = 0;
    uint32_t term = 0;
  };
  std::vector<Seen> seen;
  uint32_t generation = 0;

  void Start(size_t text_size, bool bigrams) {
    lowered.resize(text_size);
    n = 0;
    pairs.clear();
    // Each bigram holds two words and a space: at most twice the text. Its
    // views must not move, so the room is made before the first one.
    if (bigrams && pairs.capacity() < 2 * text_size + 2) pairs.reserve(2 * text_size + 2);
    // A kept word has two bytes and a separator: at most size / 3 + 1
    // words, and as many bigrams.
    const size_t most = (text_size / 3 + 2) * (bigrams ? 2 : 1);
    if (terms.size() < most) terms.resize(most);
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
        slot = {generation, static_cast<uint32_t>(n)};
        terms[n++] = {word, hash};
        return;
      }
      const auto& other = terms[slot.term];
      if (other.hash == hash && Same(other.text, word)) return;
    }
  }
};

}  // namespace

uint64_t TextNormalizer::Hash(std::string_view term) {
  const auto word = [](std::string_view w) {
    WordHash hash;
    for (const char c : w) AddByte(hash, static_cast<unsigned char>(c));
    return Finish(hash, w.size());
  };
  const size_t space = term.find(' ');
  if (space == std::string_view::npos) return word(term);
  return HashPair(word(term.substr(0, space)), word(term.substr(space + 1)));
}

bool TextNormalizer::IsStopWord(std::string_view word) {
  return Stops().Contains(word, Hash(word));
}

std::span<const TextNormalizer::Term> TextNormalizer::Scan(std::string_view text, bool bigrams) {
  thread_local Scratch scratch;
  const StopWords& stops = Stops();
  scratch.Start(text.size(), bigrams);
  char* const out = scratch.lowered.data();
  // The previous word kept, while nothing dropped or ending a clause came
  // after it: a bigram pairs two words that stand side by side.
  std::string_view previous;
  uint64_t previous_hash = 0;
  // The word's state is passed in, not captured: the loop keeps it in
  // registers.
  auto flush = [&](std::string_view word, uint64_t hash, bool digits_only) {
    if (word.size() < 2 || digits_only || stops.Contains(word, hash)) {
      previous = {};
      return;
    }
    scratch.Add(word, hash);
    if (bigrams && !previous.empty()) {
      const size_t at = scratch.pairs.size();
      scratch.pairs.append(previous).append(1, ' ').append(word);
      scratch.Add(std::string_view(scratch.pairs.data() + at, scratch.pairs.size() - at),
                  HashPair(previous_hash, hash));
    }
    previous = word;
    previous_hash = hash;
  };
  size_t start = 0;
  WordHash hash;
  bool digits_only = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned b = kByteClass[static_cast<unsigned char>(text[i])];
    if (b == 0 || b == kBreak) {
      if (i > start) flush({out + start, i - start}, Finish(hash, i - start), digits_only);
      start = i + 1;
      hash = WordHash();
      digits_only = true;
      if (b == kBreak) previous = {};
      continue;
    }
    out[i] = static_cast<char>(b);
    AddByte(hash, static_cast<unsigned char>(b));
    digits_only = digits_only && b >= '0' && b <= '9';
  }
  if (text.size() > start) {
    flush({out + start, text.size() - start}, Finish(hash, text.size() - start), digits_only);
  }
  return std::span<const Term>(scratch.terms.data(), scratch.n);
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
