#include "adapt/text_normalizer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <iterator>
#include <span>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "domain/honorific_names.h"

namespace sigap::adapt {
namespace {

// Words that say nothing about what a report is about, so never a topic's
// term. Four kinds, common to reports on any subject:
// - function words, and the politeness of complaints ("mohon", "tolong");
// - their short forms in informal writing ("tdk", "utk", "dgn");
// - the frame of a letter or a form: greetings and closings ("yth",
//   "salam"), the call for follow-up ("ditindaklanjuti", "segera"), the
//   parts of an address ("Kel. ...", "RT 02", "Jl. ...") and of a contact
//   ("hubungi saya di ..."): where a report is, the cluster detector says;
// - words of discourse and questions ("padahal", "sekarang", "apakah").
// Real SP4N-LAPOR! reports (the shared data's complaints/, 1,185 of them)
// have them among their most frequent words; a burst of reports written on
// one form made them a topic's top terms ("hubungi, kel, rt").
constexpr std::string_view kStopWords[] = {
    // Function words and politeness.
    "ada", "adalah", "agar", "akan", "aku", "anda", "apa", "atas", "atau", "bagi", "bahwa",
    "banyak", "baru", "belum", "bapak", "beberapa", "bisa", "bu", "buat", "dalam", "dan", "dari",
    "dengan", "di", "dia", "dong", "hal", "hanya", "harus", "ibu", "ini", "itu", "juga", "kalau",
    "kami", "kamu", "karena", "ke", "kita", "lagi", "lain", "mau", "masih", "mereka", "mohon",
    "nya", "oleh", "pada", "pak", "para", "saat", "saja", "sampai", "sangat", "saya", "sejak",
    "sudah", "supaya", "tapi", "telah", "terima", "tersebut", "tidak", "tolong", "untuk", "warga",
    "ya", "yang", "yg", "kasih", "sekali", "sekitar",
    // Their short forms.
    "tdk", "gak", "ga", "nggak", "utk", "dgn", "sy", "sdh", "blm", "krn", "karna", "jg", "tp",
    "kpd", "dll",
    // The frame of a letter or a form.
    "yth", "kepada", "hormat", "salam", "selamat", "assalamualaikum", "terimakasih", "maaf",
    "demikian", "perhatian", "perhatiannya", "ditindaklanjuti", "tindaklanjuti", "segera",
    "informasinya", "lapor", "laporan", "melaporkan", "rt", "rw", "kel", "kec", "kab", "jl", "jln",
    "gg", "no", "hubungi", "hub", "telp", "telepon", "hp", "wa", "whatsapp", "email", "kontak",
    // Discourse and questions.
    "apakah", "bagaimana", "kenapa", "mengapa", "kapan", "padahal", "sekarang", "tetapi", "namun",
    "jika", "apabila", "sehingga", "seperti", "sebagai", "terkait", "tentang", "mengenai", "yaitu",
    "pun", "kan", "maka", "serta", "sedangkan", "bahkan", "malah", "memang", "jadi", "dapat"};

// Honorifics (domain::kHonorifics, kAbbreviatedHonorifics) are stop words
// themselves (Vocabulary adds them to kStopWords; those that are another
// word too are then no term either: "teh", tea): the words after one ("pak
// Joko Widodo", "Bu, Sari", "sdr. Rudi") are a person's name, never a
// topic's term, when domain::NameAfterHonorific says so, the rule by which
// the exports mask them. A reporter's own name is taken out of the text at
// intake (domain::RemoveNameWords); these are the names of the others a
// report speaks of (an officer, a neighbour), which a burst of reports
// about one person would otherwise make a topic's top terms.
using domain::kAbbreviatedHonorifics;
using domain::kHonorifics;

constexpr uint64_t kSeed = 0x243F6A8885A308D3ULL;
constexpr uint64_t kMul = 0x9FB21C651E98DF25ULL;

constexpr uint64_t Mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0x9E3779B97F4A7C15ULL;
  h ^= h >> 29;
  return h;
}

// One step of a word's hash: eight of its bytes, the first in the low
// bits. A word is hashed eight bytes at a time: a byte-at-a-time hash
// (FNV) is a chain of multiplications as long as the text, and was the
// larger part of scanning one.
constexpr uint64_t Fold(uint64_t h, uint64_t block) {
  h = (h ^ block) * kMul;
  return h ^ (h >> 31);
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

// One thread's scratch: the terms, and a table of the terms seen in this
// text (entries of older texts are told apart by their generation, so it
// is never cleared).
struct Scratch {
  std::vector<TextNormalizer::Term> terms;  // the first `n` are this text's
  size_t n = 0;
  struct Seen {
    uint32_t generation = 0;
    uint32_t term = 0;
  };
  std::vector<Seen> seen;
  uint32_t generation = 0;
  // Per byte of the text, a bit each (ClassifyText): inside a word, inside
  // a word but not a digit, ending a clause.
  std::vector<uint64_t> word_bits, other_bits, break_bits;
  // The text's words, found and hashed before any is looked up (ScanInto).
  struct Word {
    uint64_t hash;
    uint32_t start, length;
    bool after_break;  // a clause ends between it and the word before
    bool digits;       // only digits
  };
  std::vector<Word> words;
  // Byte ranges of the text whose words are dropped: its e-mail addresses.
  std::vector<std::pair<uint32_t, uint32_t>> hidden;

  void Start(size_t text_size, bool bigrams) {
    n = 0;
    const size_t blocks = text_size / 64 + 1;
    if (word_bits.size() < blocks) {
      word_bits.resize(blocks);
      other_bits.resize(blocks);
      break_bits.resize(blocks);
    }
    // A word and the byte after it: at most size / 2 + 1 words.
    if (words.size() < text_size / 2 + 1) words.resize(text_size / 2 + 1);
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

// Bytes written past the lowered text, so that a word's first sixteen
// bytes can be read at once (WordHashOf).
constexpr size_t kPad = 16;

// The room ScanInto needs at the end of its buffer: the lowered text and
// its padding, then its bigrams that are not a slice of it (two words and
// a space each: at most twice the text).
size_t Room(size_t text_size) { return 3 * text_size + kPad + 2; }

// Eight bytes as a word's hash takes them: the first in the low bits.
inline uint64_t LoadLittleEndian(const char* p) {
  uint64_t block;
  std::memcpy(&block, p, sizeof block);
  if constexpr (std::endian::native == std::endian::big) block = __builtin_bswap64(block);
  return block;
}

// The bits of a block's first `n` bytes (n <= 8).
constexpr std::array<uint64_t, 9> kByteMask = [] {
  std::array<uint64_t, 9> masks{};
  for (size_t n = 1; n <= 8; ++n) masks[n] = ~uint64_t{0} >> (64 - 8 * n);
  return masks;
}();

// A word's first sixteen bytes as two blocks, zeros past its end (WordHashOf
// and WordSet take them so).
struct FirstBlocks {
  uint64_t low = 0, high = 0;
  bool operator==(const FirstBlocks&) const = default;
};

// Those of the word p[0, length); p[0, 16) is readable.
inline FirstBlocks FirstBlocksOf(const char* p, size_t length) {
  return {LoadLittleEndian(p) & kByteMask[std::min<size_t>(length, 8)],
          LoadLittleEndian(p + 8) & kByteMask[std::clamp<size_t>(length, 8, 16) - 8]};
}

// The hash of a lowered word of `length` bytes at `p` (TextNormalizer::Hash
// of it). With `padded`, p[length, length + kPad) is readable and the
// first sixteen bytes are read at once, both steps of a word of up to
// sixteen computed and one kept: whether a word is longer than eight bytes
// is a branch no predictor learns from a text (bench/RESULTS.md, issue 9);
// otherwise the last bytes are copied out first.
template <bool padded>
inline uint64_t WordHashOf(const char* p, size_t length) {
  uint64_t h = kSeed;
  size_t k = 0;
  if constexpr (padded) {
    const FirstBlocks first = FirstBlocksOf(p, length);
    const uint64_t one = Fold(h, first.low);
    const uint64_t two = Fold(one, first.high);
    if (length <= 16) return Mix((length > 8 ? two : one) ^ (length * kMul));
    h = two;
    k = 16;
  }
  for (; k + 8 <= length; k += 8) h = Fold(h, LoadLittleEndian(p + k));
  if (k < length) {
    uint64_t tail;
    if constexpr (padded) {
      tail = LoadLittleEndian(p + k);
    } else {
      char bytes[8] = {};
      std::memcpy(bytes, p + k, length - k);
      tail = LoadLittleEndian(bytes);
    }
    h = Fold(h, tail & kByteMask[length - k]);
  }
  return Mix(h ^ (length * kMul));
}

// No word of the lists above is longer than its first two blocks (WordSet).
constexpr size_t kLongestListed = 16;
constexpr bool FitInTwoBlocks(std::span<const std::string_view> words) {
  return std::ranges::all_of(words,
                             [](auto w) { return !w.empty() && w.size() <= kLongestListed; });
}
static_assert(FitInTwoBlocks(kStopWords) && FitInTwoBlocks(kHonorifics) &&
              FitInTwoBlocks(kAbbreviatedHonorifics));

// What a word of the lists above is.
enum class Listed : uint8_t { kNot, kStopWord, kHonorific, kAbbreviatedHonorific };

// The lists' words by hash (open addressing, linear probing), each with
// what it is. A word is looked up with its first sixteen bytes readable
// (the scanner's padding, kPad) and compared as two blocks: no list has a
// longer word. Most words of a text are in no list, and a filter of 4,096
// bits (one per value of a hash's top twelve bits) tells most of them
// apart before a slot is read. With a set per list, looked up one after
// the other, and words compared a byte at a time, the look-ups were a
// fifth of scanning a text (bench/RESULTS.md, issue 9).
class WordSet {
 public:
  WordSet() {
    Add(kStopWords, Listed::kStopWord);
    Add(kHonorifics, Listed::kHonorific);
    Add(kAbbreviatedHonorifics, Listed::kAbbreviatedHonorific);
  }

  // What the lowered word p[0, length) is; p[0, 16) is readable.
  Listed Find(const char* p, size_t length, uint64_t hash) const {
    if ((filter_[(hash >> 52) / 64] & (uint64_t{1} << (hash >> 52) % 64)) == 0) return Listed::kNot;
    if (length > kLongestListed) return Listed::kNot;
    const FirstBlocks bytes = FirstBlocksOf(p, length);
    for (size_t i = hash & kMask; slots_[i].length != 0; i = (i + 1) & kMask) {
      const Slot& slot = slots_[i];
      if (slot.hash == hash && slot.bytes == bytes && slot.length == length) return slot.listed;
    }
    return Listed::kNot;
  }

  // The same for any word.
  Listed Find(std::string_view word) const {
    if (word.empty() || word.size() > kLongestListed) return Listed::kNot;
    return Find(Padded(word).data(), word.size(), TextNormalizer::Hash(word));
  }

 private:
  static constexpr size_t kMask = 511;  // at most half full: probes stay short
  static_assert(std::size(kStopWords) + std::size(kHonorifics) +
                    std::size(kAbbreviatedHonorifics) <=
                (kMask + 1) / 2);
  // A word of at most 16 bytes, zeros after it.
  static std::array<char, kLongestListed> Padded(std::string_view word) {
    std::array<char, kLongestListed> out{};
    std::memcpy(out.data(), word.data(), std::min(word.size(), out.size()));
    return out;
  }

  struct Slot {
    uint64_t hash = 0;
    FirstBlocks bytes;
    uint8_t length = 0;  // none: an empty slot
    Listed listed = Listed::kNot;
  };

  // A word in two lists is what the later one says: "bu" is a stop word
  // and an honorific.
  void Add(std::span<const std::string_view> words, Listed listed) {
    for (const auto word : words) {
      const uint64_t hash = TextNormalizer::Hash(word);
      const Slot slot{hash, FirstBlocksOf(Padded(word).data(), word.size()),
                      static_cast<uint8_t>(word.size()), listed};
      size_t i = hash & kMask;
      while (slots_[i].length != 0 && !(slots_[i].hash == hash && slots_[i].bytes == slot.bytes)) {
        i = (i + 1) & kMask;
      }
      slots_[i] = slot;
      filter_[(hash >> 52) / 64] |= uint64_t{1} << (hash >> 52) % 64;
    }
  }

  std::array<Slot, kMask + 1> slots_{};
  std::array<uint64_t, 64> filter_{};  // bit h >> 52 of each word's hash h
};

const WordSet& Words() {
  static const WordSet words;
  return words;
}

// Lowers text[from, to) into out (kByteClass; a space for every byte
// outside a word) and sets its bits in the scratch's masks, a byte at a
// time.
void ClassifyBytes(std::string_view text, size_t from, size_t to, char* out, Scratch& scratch) {
  for (size_t i = from; i < to; ++i) {
    const unsigned b = kByteClass[static_cast<unsigned char>(text[i])];
    const uint64_t bit = uint64_t{1} << (i % 64);
    if (b == 0 || b == kBreak) {
      out[i] = ' ';
      if (b == kBreak) scratch.break_bits[i / 64] |= bit;
      continue;
    }
    out[i] = static_cast<char>(b);
    scratch.word_bits[i / 64] |= bit;
    if (b < '0' || b > '9') scratch.other_bits[i / 64] |= bit;
  }
}

// The same for the whole text, sixteen bytes at a time where SSE2 is
// there: reading words a byte at a time (a table look-up and a branch that
// fails at each word's end) was half of scanning a text.
void ClassifyText(std::string_view text, char* out, Scratch& scratch) {
  const size_t blocks = text.size() / 64 + 1;
  std::fill_n(scratch.word_bits.begin(), blocks, 0);
  std::fill_n(scratch.other_bits.begin(), blocks, 0);
  std::fill_n(scratch.break_bits.begin(), blocks, 0);
  size_t i = 0;
#if defined(__SSE2__)
  const auto range = [](__m128i v, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  const auto is = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i upper = range(v, 'A', 'Z');
    const __m128i digit = range(v, '0', '9');
    // Bytes from 0x80 (of multi-byte UTF-8) are negative as signed bytes.
    const __m128i word = _mm_or_si128(_mm_or_si128(upper, range(v, 'a', 'z')),
                                      _mm_or_si128(digit, _mm_cmplt_epi8(v, _mm_setzero_si128())));
    const __m128i lowered = _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    _mm_storeu_si128(
        reinterpret_cast<__m128i*>(out + i),
        _mm_or_si128(_mm_and_si128(word, lowered), _mm_andnot_si128(word, _mm_set1_epi8(' '))));
    __m128i ends =
        _mm_or_si128(_mm_or_si128(is(v, '.'), is(v, ',')), _mm_or_si128(is(v, ';'), is(v, ':')));
    ends = _mm_or_si128(ends, _mm_or_si128(_mm_or_si128(is(v, '!'), is(v, '?')),
                                           _mm_or_si128(is(v, '('), is(v, ')'))));
    ends = _mm_or_si128(ends, is(v, '\n'));
    const unsigned shift = i % 64;
    const auto bits = [shift](__m128i m) {
      return uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(m))} << shift;
    };
    scratch.word_bits[i / 64] |= bits(word);
    scratch.other_bits[i / 64] |= bits(_mm_andnot_si128(digit, word));
    scratch.break_bits[i / 64] |= bits(ends);
  }
#endif
  ClassifyBytes(text, i, text.size(), out, scratch);
}

// Whether any bit of [from, to) is set. Mostly the range is a word or
// the gap between two, inside one block.
inline bool Any(const std::vector<uint64_t>& bits, size_t from, size_t to) {
  if (from >= to) return false;
  const size_t first = from / 64, last = (to - 1) / 64;
  const uint64_t head = ~uint64_t{0} << (from % 64);
  const uint64_t tail = ~uint64_t{0} >> (63 - (to - 1) % 64);
  if (first == last) return (bits[first] & head & tail) != 0;
  if ((bits[first] & head) != 0) return true;
  for (size_t i = first + 1; i < last; ++i) {
    if (bits[i] != 0) return true;
  }
  return (bits[last] & tail) != 0;
}

// Scans `text` into `scratch` (Start is called here). The lowered text is
// written at buffer[at, at + size) and padded (kPad), every byte outside a
// word a space, and the terms point into it: a bigram of two words one
// byte apart is the slice that holds them, and only others are appended to
// `buffer` (ScanInto expects Room(size) bytes of capacity from `at`, and
// buffer.size() == at + size + kPad, so nothing moves). The terms' views
// stay valid while `buffer` is not changed.
void ScanInto(std::string_view text, bool bigrams, std::string& buffer, size_t at,
              Scratch& scratch) {
  const WordSet& listed = Words();
  scratch.Start(text.size(), bigrams);
  char* const out = buffer.data() + at;
  ClassifyText(text, out, scratch);
  // First every word is found and hashed, then each is looked up: in one
  // loop, a word's look-ups waited on its hash's multiplications and their
  // branches kept the next word's from starting. The words' bounds come
  // from the mask a block at a time: a start is a word's byte after
  // another byte, an end another byte after a word's (finding each word's
  // end by a search of its own, and its hash, were a third of scanning:
  // bench/RESULTS.md, issue 9). The mask's last block always ends outside
  // a word (Scratch::Start), so every start has its end.
  size_t count = 0, ends = 0;
  uint64_t carry = 0;  // the previous block's last byte is a word's
  for (size_t b = 0; b <= text.size() / 64; ++b) {
    const uint64_t word = scratch.word_bits[b];
    const uint64_t after_word = (word << 1) | carry;
    carry = word >> 63;
    for (uint64_t starts = word & ~after_word; starts != 0; starts &= starts - 1) {
      scratch.words[count++].start = static_cast<uint32_t>(b * 64 + std::countr_zero(starts));
    }
    for (uint64_t past = after_word & ~word; past != 0; past &= past - 1) {
      scratch.words[ends++].length = static_cast<uint32_t>(b * 64 + std::countr_zero(past));
    }
  }
  for (size_t k = 0, end = 0; k < count; ++k) {
    Scratch::Word& w = scratch.words[k];
    const size_t start = w.start;
    w.after_break = Any(scratch.break_bits, end, start);
    end = w.length;  // its end, until here
    w.length = static_cast<uint32_t>(end - start);
    w.digits = !Any(scratch.other_bits, start, end);
    w.hash = WordHashOf<true>(out + start, end - start);
  }
  // An e-mail address is a reporter's, never a topic's words: each word
  // of a run of non-blank bytes holding an '@' is dropped. Phone numbers
  // and NIKs are numbers, dropped anyway.
  scratch.hidden.clear();
  const auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  for (size_t at_sign = text.find('@'); at_sign != std::string_view::npos;) {
    size_t from = at_sign;
    while (from > 0 && !blank(text[from - 1])) --from;
    size_t to = at_sign;
    while (to < text.size() && !blank(text[to])) ++to;
    scratch.hidden.emplace_back(static_cast<uint32_t>(from), static_cast<uint32_t>(to));
    at_sign = text.find('@', to);
  }
  const auto hidden = [&](uint32_t start) {
    for (const auto& [from, to] : scratch.hidden) {
      if (start >= from && start < to) return true;
    }
    return false;
  };
  // The previous word kept, while nothing dropped or ending a clause came
  // after it: a bigram pairs two words that stand side by side.
  std::string_view previous;
  uint64_t previous_hash = 0;
  // The end of the name after the last honorific (its first byte is
  // past every word before): its words are dropped.
  size_t name_end = 0;
  for (size_t k = 0; k < count; ++k) {
    const Scratch::Word& w = scratch.words[k];
    if (w.start < name_end) {
      previous = {};
      continue;
    }
    if (w.after_break) previous = {};
    const std::string_view word(out + w.start, w.length);
    const uint64_t hash = w.hash;
    if (word.size() < 2 || w.digits) {
      previous = {};
      continue;
    }
    if (const Listed kind = listed.Find(word.data(), word.size(), hash); kind != Listed::kNot) {
      // The name after an honorific is read from the text as written: its
      // capitals say where it ends ("pak Joko Widodo datang").
      if (kind != Listed::kStopWord) {
        const bool abbreviation = kind == Listed::kAbbreviatedHonorific;
        name_end = domain::NameAfterHonorific(text, w.start, w.start + w.length, abbreviation).end;
      }
      previous = {};
      continue;
    }
    if (!scratch.hidden.empty() && hidden(w.start)) {
      previous = {};
      continue;
    }
    scratch.Add(word, hash);
    if (bigrams && !previous.empty()) {
      const uint64_t pair = HashPair(previous_hash, hash);
      if (previous.data() + previous.size() + 1 == word.data()) {
        scratch.Add(std::string_view(previous.data(), previous.size() + 1 + word.size()), pair);
      } else {
        const size_t from = buffer.size();
        buffer.append(previous).append(1, ' ').append(word);
        scratch.Add(std::string_view(buffer.data() + from, buffer.size() - from), pair);
      }
    }
    previous = word;
    previous_hash = hash;
  }
}

}  // namespace

uint64_t TextNormalizer::Hash(std::string_view term) {
  const auto word = [](std::string_view w) { return WordHashOf<false>(w.data(), w.size()); };
  const size_t space = term.find(' ');
  if (space == std::string_view::npos) return word(term);
  return HashPair(word(term.substr(0, space)), word(term.substr(space + 1)));
}

bool TextNormalizer::IsStopWord(std::string_view word) {
  return Words().Find(word) != Listed::kNot;
}

std::span<const TextNormalizer::Term> TextNormalizer::Scan(std::string_view text, bool bigrams) {
  thread_local Scratch scratch;
  thread_local std::string buffer;
  buffer.clear();
  buffer.reserve(Room(text.size()));
  buffer.resize(text.size() + kPad);
  ScanInto(text, bigrams, buffer, 0, scratch);
  return std::span<const Term>(scratch.terms.data(), scratch.n);
}

void ScannedTexts::Clear() {
  bytes_.clear();
  terms_.clear();
  first_.clear();
}

size_t ScannedTexts::Add(std::string_view text, bool bigrams) {
  thread_local Scratch scratch;
  if (first_.empty()) first_.push_back(0);
  // The lowered text goes straight into bytes_ and the terms point into
  // it: copying each term out of a scratch buffer (a small memmove per
  // term, hundreds of millions in a rebuild) took a sixth of scanning.
  const size_t at = bytes_.size();
  if (bytes_.capacity() < at + Room(text.size())) {
    // Batches go round (a replay's), so this happens on their first few
    // texts only.
    std::vector<size_t> offsets(terms_.size());
    for (size_t k = 0; k < terms_.size(); ++k) {
      offsets[k] = static_cast<size_t>(terms_[k].text.data() - bytes_.data());
    }
    bytes_.reserve(std::max(at + Room(text.size()), 2 * bytes_.capacity()));
    for (size_t k = 0; k < terms_.size(); ++k) {
      terms_[k].text = std::string_view(bytes_.data() + offsets[k], terms_[k].text.size());
    }
  }
  bytes_.resize(at + text.size() + kPad);
  ScanInto(text, bigrams, bytes_, at, scratch);
  terms_.insert(terms_.end(), scratch.terms.begin(),
                scratch.terms.begin() + static_cast<std::ptrdiff_t>(scratch.n));
  first_.push_back(terms_.size());
  return first_.size() - 2;
}

std::vector<std::string> TextNormalizer::Terms(std::string_view text) const {
  std::vector<std::string> terms;
  ForEachTerm(text, [&](std::string_view term) { terms.emplace_back(term); });
  return terms;
}

}  // namespace sigap::adapt
