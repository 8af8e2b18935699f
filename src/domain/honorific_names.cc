#include "domain/honorific_names.h"

#include <algorithm>
#include <array>
#include <span>

#include "domain/ascii.h"
#include "domain/fnv.h"
#include "domain/text.h"

namespace sigap::domain {

namespace {

constexpr std::string_view kMasked = "[disamarkan]";

// Words that follow an honorific in a suggestion without being a name
// ("terima kasih pak atas ...", "bu yang di loket", "Bapak/Ibu petugas"),
// besides kNotNames.
constexpr std::string_view kCommonWords[] = {
    "atas", "yang", "yg", "dan", "atau", "serta", "sudah", "sdh", "telah", "tidak", "tdk", "tak",
    "belum", "sangat", "amat", "juga", "untuk", "utk", "buat", "di", "ke", "dari", "dengan", "dgn",
    "karena", "saya", "kami", "kita", "dia", "beliau", "ini", "itu", "petugas", "pegawai", "staf",
    "staff", "semua", "sekalian", "selalu", "masih", "harus", "agar", "supaya", "mohon", "tolong",
    "terima", "kasih", "pada", "bagian", "loket", "perawat", "suster", "sopir", "pengemudi",
    "adalah", "akan", "bisa", "dapat", "kalau", "jika", "mau", "ingin", "lagi", "pun", "ya",
    // Greetings and courtesies after an honorific ("pak/buk wassalamu'alaikum",
    // "bu, maaf", "pak permisi").
    "assalamualaikum", "assalamu'alaikum", "wassalamualaikum", "wassalamu'alaikum", "maaf",
    "permisi"};

constexpr bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsLetterOrDigit(char c) {
  return IsAsciiUpper(c) || IsAsciiLower(c) || IsDigit(c) || static_cast<unsigned char>(c) >= 0x80;
}

// A word's bytes: ASCII letters and digits, the bytes of non-ASCII
// characters (a name may have an é), and an apostrophe between letters
// ("Ma'ruf"). Inline: g++ -O2 left it a call in WordEnd's loop otherwise,
// a fifth of the time to scan a text full of honorifics.
inline bool WordByte(std::string_view text, size_t i) {
  const char c = text[i];
  if (IsLetterOrDigit(c)) return true;
  return c == '\'' && i > 0 && i + 1 < text.size() && IsLetterOrDigit(text[i - 1]) &&
         (IsAsciiUpper(text[i + 1]) || IsAsciiLower(text[i + 1]));
}

size_t WordEnd(std::string_view text, size_t i) {
  while (i < text.size() && WordByte(text, i)) ++i;
  return i;
}

// "Sari", "W": a capital, and no other capital unless it is one letter.
bool Capitalised(std::string_view word) {
  if (word.empty() || !IsAsciiUpper(word[0])) return false;
  return word.size() == 1 ||
         std::any_of(word.begin() + 1, word.end(), [](char c) { return IsAsciiLower(c); });
}

bool Blank(std::string_view gap) {
  return !gap.empty() &&
         std::all_of(gap.begin(), gap.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// ", " between an honorific and a name, as chats write it ("Bu, Sari").
bool Comma(std::string_view gap) {
  return std::count(gap.begin(), gap.end(), ',') == 1 &&
         std::all_of(gap.begin(), gap.end(), [](char c) { return c == ',' || c == ' '; });
}

enum class Kind { kWord, kHonorific, kAbbreviation, kNotAName };

// Every listed word with its kind, in a table addressed by its hash (open
// addressing, at most half full): KindOf runs for every honorific of
// every text the topic detector scans, and a search through the lists
// doubled the time to scan a text full of them.
struct Listed {
  std::string_view word;
  Kind kind = Kind::kWord;
  bool before_a_capital = false;  // in kHonorificsBeforeACapital
};
constexpr size_t kListedSlots = 512;
constexpr std::array<Listed, kListedSlots> kListed = [] {
  std::array<Listed, kListedSlots> table{};
  const auto put = [&table](std::span<const std::string_view> words, Kind kind) {
    for (const auto word : words) {
      size_t i = Fnv1a(word) % kListedSlots;
      while (!table[i].word.empty()) i = (i + 1) % kListedSlots;
      table[i] = {word, kind};
    }
  };
  put(kHonorifics, Kind::kHonorific);
  put(kAbbreviatedHonorifics, Kind::kAbbreviation);
  put(kNotNames, Kind::kNotAName);
  put(kCommonWords, Kind::kNotAName);
  // Each is one of the honorifics above (else the build fails here).
  for (const auto word : kHonorificsBeforeACapital) {
    size_t i = Fnv1a(word) % kListedSlots;
    while (table[i].word != word) {
      if (table[i].word.empty()) throw "not an honorific";
      i = (i + 1) % kListedSlots;
    }
    table[i].before_a_capital = true;
  }
  return table;
}();
static_assert(std::size(kHonorifics) + std::size(kAbbreviatedHonorifics) + std::size(kNotNames) +
                  std::size(kCommonWords) <=
              kListedSlots / 2);
constexpr size_t kLongestListed =
    std::max_element(kListed.begin(), kListed.end(), [](const Listed& a, const Listed& b) {
      return a.word.size() < b.word.size();
    })->word.size();

// `word`'s entry in kListed, in any case; null when it has none.
const Listed* Find(std::string_view word) {
  if (word.size() > kLongestListed) return nullptr;
  char bytes[kLongestListed];
  for (size_t i = 0; i < word.size(); ++i) bytes[i] = AsciiLower(word[i]);
  const std::string_view lower(bytes, word.size());
  for (size_t i = Fnv1a(lower) % kListedSlots; !kListed[i].word.empty();
       i = (i + 1) % kListedSlots) {
    if (kListed[i].word == lower) return &kListed[i];
  }
  return nullptr;
}

Kind KindOf(std::string_view word) {
  if (std::any_of(word.begin(), word.end(), [](char c) { return IsDigit(c); })) {
    return Kind::kNotAName;
  }
  const Listed* listed = Find(word);
  return listed == nullptr ? Kind::kWord : listed->kind;
}

}  // namespace

NameRange NameAfterHonorific(std::string_view text, size_t honorific_begin, size_t honorific_end,
                             bool abbreviation) {
  // Only a whole word is an honorific ("Pak'Joko" is none).
  if ((honorific_begin > 0 && WordByte(text, honorific_begin - 1)) ||
      (honorific_end < text.size() && WordByte(text, honorific_end))) {
    return {};
  }
  size_t start = honorific_end;
  while (start < text.size() && !WordByte(text, start)) ++start;
  if (start == text.size()) return {};
  std::string_view gap = text.substr(honorific_end, start - honorific_end);
  const size_t end = WordEnd(text, start);
  const std::string_view word = text.substr(start, end - start);
  // The name follows in the same clause; after an abbreviation, past its
  // full stop; past a comma, only a capitalised word: "Bu, Sari", not
  // "pak, depan".
  const bool full_stop = abbreviation && gap.starts_with('.');
  if (full_stop) gap.remove_prefix(1);
  const bool in_clause =
      Blank(gap) || (gap.empty() && abbreviation) || (Comma(gap) && Capitalised(word));
  if (!in_clause || KindOf(word) != Kind::kWord) return {};
  // "laporan dr warga" is "dari"; "dr Sari", "dr. sari" a doctor.
  if (!full_stop && !IsAsciiUpper(word[0])) {
    const Listed* honorific = Find(text.substr(honorific_begin, honorific_end - honorific_begin));
    if (honorific != nullptr && honorific->before_a_capital) return {};
  }
  // The name, and the capitalised words after a capitalised one.
  NameRange name{start, end};
  while (Capitalised(word)) {
    size_t next = name.end;
    while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
    if (next == name.end || next == text.size()) break;
    const size_t next_end = WordEnd(text, next);
    const std::string_view more = text.substr(next, next_end - next);
    if (!Capitalised(more) || KindOf(more) != Kind::kWord) break;
    name.end = next_end;
  }
  return name;
}

std::string MaskHonorificNames(std::string_view text) {
  std::string out;
  size_t copied = 0;  // text[0, copied) is in `out`
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !WordByte(text, i)) ++i;
    if (i == text.size()) break;
    const size_t start = i;
    i = WordEnd(text, i);
    const Kind kind = KindOf(text.substr(start, i - start));
    if (kind != Kind::kHonorific && kind != Kind::kAbbreviation) continue;
    const NameRange name = NameAfterHonorific(text, start, i, kind == Kind::kAbbreviation);
    if (name.begin == name.end) continue;
    out.append(text.substr(copied, name.begin - copied)).append(kMasked);
    copied = name.end;
    i = name.end;
  }
  if (copied == 0) return std::string(text);
  out.append(text.substr(copied));
  return out;
}

std::string MaskSuggestion(std::string_view text) {
  return MaskHonorificNames(MaskContactDetails(text));
}

}  // namespace sigap::domain
