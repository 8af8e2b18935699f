#include "domain/honorific_names.h"

#include <algorithm>
#include <span>

#include "domain/ascii.h"
#include "domain/text.h"

namespace sigap::domain {

namespace {

constexpr std::string_view kMasked = "[disamarkan]";

// Words that follow an honorific in a suggestion without being a name
// ("terima kasih pak atas ...", "bu yang di loket", "Bapak/Ibu petugas"),
// besides kNotNames.
constexpr std::string_view kCommonWords[] = {
    "atas",   "yang",     "yg",     "dan",    "atau",   "serta",   "sudah",   "sdh",   "telah",
    "tidak",  "tdk",      "tak",    "belum",  "sangat", "amat",    "juga",    "untuk", "utk",
    "buat",   "di",       "ke",     "dari",   "dengan", "dgn",     "karena",  "saya",  "kami",
    "kita",   "dia",      "beliau", "ini",    "itu",    "petugas", "pegawai", "staf",  "staff",
    "semua",  "sekalian", "selalu", "masih",  "harus",  "agar",    "supaya",  "mohon", "tolong",
    "terima", "kasih",    "pada",   "bagian", "loket",  "perawat", "suster",  "sopir", "pengemudi",
    "adalah", "akan",     "bisa",   "dapat",  "kalau",  "jika",    "mau",     "ingin", "lagi",
    "pun",    "ya"};

bool Contains(std::span<const std::string_view> list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A word's bytes: ASCII letters and digits, the bytes of non-ASCII
// characters (a name may have an é), and an apostrophe between letters
// ("Ma'ruf").
bool WordByte(std::string_view text, size_t i) {
  const char c = text[i];
  if (IsAsciiUpper(c) || IsAsciiLower(c) || IsDigit(c) || static_cast<unsigned char>(c) >= 0x80) {
    return true;
  }
  return c == '\'' && i > 0 && i + 1 < text.size() && WordByte(text, i - 1) &&
         (IsAsciiUpper(text[i + 1]) || IsAsciiLower(text[i + 1]));
}

size_t WordEnd(std::string_view text, size_t i) {
  while (i < text.size() && WordByte(text, i)) ++i;
  return i;
}

// "Sari", "W": a capital, and no other capital unless it is one letter.
bool Capitalised(std::string_view word) {
  if (word.empty() || !IsAsciiUpper(word[0])) return false;
  return word.size() == 1 || std::any_of(word.begin() + 1, word.end(), IsAsciiLower);
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

Kind KindOf(std::string_view word) {
  const std::string lower = AsciiLower(word);
  if (Contains(kHonorifics, lower)) return Kind::kHonorific;
  if (Contains(kAbbreviatedHonorifics, lower)) return Kind::kAbbreviation;
  if (Contains(kNotNames, lower) || Contains(kCommonWords, lower) ||
      std::any_of(word.begin(), word.end(), IsDigit)) {
    return Kind::kNotAName;
  }
  return Kind::kWord;
}

}  // namespace

std::string MaskHonorificNames(std::string_view text) {
  std::string out;
  size_t copied = 0;  // text[0, copied) is in `out`
  Kind before = Kind::kWord;
  size_t i = 0;
  while (i < text.size()) {
    const size_t gap_start = i;
    while (i < text.size() && !WordByte(text, i)) ++i;
    if (i == text.size()) break;
    std::string_view gap = text.substr(gap_start, i - gap_start);
    const size_t start = i;
    i = WordEnd(text, i);
    const std::string_view word = text.substr(start, i - start);
    // After an honorific the name follows in the same clause; after an
    // abbreviation, past its full stop.
    if (before == Kind::kAbbreviation && gap.starts_with('.')) gap.remove_prefix(1);
    // Past a comma, only a capitalised word: "Bu, Sari", not "pak, depan".
    const bool after_honorific = (before == Kind::kHonorific || before == Kind::kAbbreviation) &&
                                 (Blank(gap) || (gap.empty() && before == Kind::kAbbreviation) ||
                                  (Comma(gap) && Capitalised(word)));
    const Kind kind = KindOf(word);
    before = kind;
    if (!after_honorific || kind != Kind::kWord) continue;
    // The name, and the capitalised words after a capitalised one.
    size_t end = i;
    while (Capitalised(word)) {
      size_t next = end;
      while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
      if (next == end || next == text.size()) break;
      const size_t next_end = WordEnd(text, next);
      const std::string_view more = text.substr(next, next_end - next);
      if (!Capitalised(more) || KindOf(more) != Kind::kWord) break;
      end = next_end;
    }
    out.append(text.substr(copied, start - copied)).append(kMasked);
    copied = end;
    i = end;
    before = Kind::kWord;
  }
  if (copied == 0) return std::string(text);
  out.append(text.substr(copied));
  return out;
}

std::string MaskSuggestion(std::string_view text) {
  return MaskHonorificNames(MaskContactDetails(text));
}

}  // namespace sigap::domain
