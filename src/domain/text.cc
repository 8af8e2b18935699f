#include "domain/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <set>

#include "domain/ascii.h"

namespace sigap::domain {

namespace {

// The length of the well-formed sequence that starts at s[i], or 0.
size_t SequenceAt(std::string_view s, size_t i) {
  const auto c = static_cast<uint8_t>(s[i]);
  if (c < 0x80) return 1;
  size_t extra;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    extra = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3;
    cp = c & 0x07;
  } else {
    return 0;
  }
  for (size_t k = 1; k <= extra; ++k) {
    if (i + k >= s.size()) return 0;
    const auto cc = static_cast<uint8_t>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return extra + 1;
}

}  // namespace

size_t Utf8PrefixBytes(std::string_view text, size_t characters) {
  size_t i = 0;
  for (size_t n = 0; n < characters && i < text.size(); ++n) {
    if (static_cast<unsigned char>(text[i++]) < 0xC0) continue;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Eight ASCII bytes at once: most text is ASCII.
    uint64_t block;
    while (i + sizeof block <= n) {
      std::memcpy(&block, s.data() + i, sizeof block);
      if ((block & 0x8080808080808080ULL) != 0) break;
      i += sizeof block;
    }
    if (i >= n) break;
    const size_t length = SequenceAt(s, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string ValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    if (const size_t n = SequenceAt(s, i); n > 0) {
      out.append(s, i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    }
  }
  return out;
}

size_t CodePointCount(std::string_view s) {
  size_t count = 0;
  for (char c : s) {
    if ((static_cast<uint8_t>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool HasControlCharacters(std::string_view s, bool allow_newlines) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) continue;
      return true;
    }
    // C1 controls are U+0080..U+009F, encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<uint8_t>(s[i + 1]) < 0xA0) return true;
  }
  return false;
}

namespace {

// The length of the blank that starts `s` (0 when none): ASCII white
// space, and the characters that show nothing: no-break and other Unicode
// spaces, zero-width ones and joiners, direction marks and controls, the
// byte-order mark. (The line and paragraph separators stay: a text is
// kept as written.)
size_t BlankAt(std::string_view s) {
  if (s.empty()) return 0;
  const auto b = [&](size_t i) { return i < s.size() ? static_cast<uint8_t>(s[i]) : 0; };
  const uint8_t c = b(0);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  if (c == 0xC2 && b(1) == 0xA0) return 2;                  // U+00A0
  if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;  // U+1680
  if (c == 0xE2 && b(1) == 0x80 &&
      ((b(2) >= 0x80 && b(2) <= 0x8F) || (b(2) >= 0xAA && b(2) <= 0xAF))) {
    return 3;  // U+2000..U+200F, U+202A..U+202F
  }
  if (c == 0xE2 && b(1) == 0x81 &&
      ((b(2) >= 0x9F && b(2) <= 0xA4) || (b(2) >= 0xA6 && b(2) <= 0xA9))) {
    return 3;  // U+205F..U+2064, U+2066..U+2069
  }
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;  // U+3000
  if (c == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;  // U+FEFF
  return 0;
}

// The length of the blank that ends `s` (0 when none).
size_t BlankBefore(std::string_view s) {
  for (size_t n = 1; n <= 3 && n <= s.size(); ++n) {
    if (BlankAt(s.substr(s.size() - n)) == n) return n;
  }
  return 0;
}

}  // namespace

std::string Trim(std::string_view s) {
  for (size_t n; (n = BlankAt(s)) > 0;) s.remove_prefix(n);
  for (size_t n; (n = BlankBefore(s)) > 0;) s.remove_suffix(n);
  return std::string(s);
}

std::vector<std::string> SplitCommaList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    std::string item = Trim(text.substr(start, end - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = end + 1;
  }
  return out;
}

bool IsWebUrl(std::string_view text) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto starts = [&](std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      if (lower(text[i]) != prefix[i]) return false;
    }
    return true;
  };
  size_t at = starts("https://") ? 8 : starts("http://") ? 7 : 0;
  if (at == 0) return false;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  }
  // The authority: [user@]host[:port], the host a name, an IPv4 address or
  // an IPv6 one in brackets.
  const size_t end = std::min(text.find_first_of("/?#", at), text.size());
  std::string_view authority = text.substr(at, end - at);
  if (const size_t user = authority.rfind('@'); user != std::string_view::npos) {
    authority.remove_prefix(user + 1);
  }
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    authority.remove_prefix(close + 1);
    return authority.empty() || authority.starts_with(':');
  }
  const std::string_view host = authority.substr(0, authority.find(':'));
  if (host.empty() || host.front() == '.' || host.front() == '-') return false;
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
  }
  return true;
}

namespace {

constexpr std::string_view kMasked = "[disamarkan]";

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool Alnum(char c) { return Digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool MailLocal(char c) {
  return Alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool MailDomain(char c) { return Alnum(c) || c == '.' || c == '-'; }

// The end of an e-mail address whose '@' is at `at` and which starts at
// `start`, or npos when there is none.
size_t MailEnd(std::string_view text, size_t at) {
  size_t end = at + 1;
  while (end < text.size() && MailDomain(text[end])) ++end;
  while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
  const std::string_view domain = text.substr(at + 1, end - at - 1);
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) {
    return std::string_view::npos;
  }
  return end;
}

// The end of a social media handle whose '@' is at `at` ("@budi_s" as a
// citizen signs or tags a post), or npos when there is none or it is an
// institution's: a handle with one of the words below ("@humas.semarang",
// "@dinas_pu", "@pdam_tirtamoedal") is how citizens address the Pemda, and
// stays. A person's handle identifies them as their number does.
size_t PersonalHandleEnd(std::string_view text, size_t at) {
  if (at > 0 && (Alnum(text[at - 1]) || text[at - 1] == '_')) return std::string_view::npos;
  size_t end = at + 1;
  bool letter = false;
  while (end < text.size() && (Alnum(text[end]) || text[end] == '_' || text[end] == '.')) {
    letter = letter || !Digit(text[end]);
    ++end;
  }
  while (end > at + 1 && text[end - 1] == '.') --end;
  const size_t length = end - at - 1;
  if (!letter || length < 3 || length > 30) return std::string_view::npos;
  std::string handle(text.substr(at + 1, length));
  for (char& ch : handle) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  static constexpr std::string_view kInstitutions[] = {
      "pemkot",   "pemkab",   "pemprov",   "pemda",    "dinas",     "dishub",    "disdik",
      "dinkes",   "humas",    "kominfo",   "polri",    "polres",    "polsek",    "polda",
      "pdam",     "pln",      "bpbd",      "dpu",      "kecamatan", "kelurahan", "kabupaten",
      "kota",     "provinsi", "gov",       "official", "lapor",     "bupati",    "walikota",
      "gubernur", "dprd",     "puskesmas", "rsud",     "satpol",    "bpjs"};
  for (std::string_view word : kInstitutions) {
    if (handle.find(word) != std::string::npos) return std::string_view::npos;
  }
  return end;
}

// The digits in `text`, counted 64 bytes at a time in a loop the compiler
// vectorises (a byte-at-a-time count cost ten instructions a byte).
size_t DigitCount(std::string_view text) {
  constexpr size_t kBlock = 64;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t count = 0, i = 0;
  for (; i + kBlock <= text.size(); i += kBlock) {
    unsigned char block = 0;
    for (size_t j = 0; j < kBlock; ++j) {
      block =
          static_cast<unsigned char>(block + (static_cast<unsigned char>(bytes[i + j] - '0') < 10));
    }
    count += block;
  }
  for (; i < text.size(); ++i) count += Digit(text[i]) ? 1 : 0;
  return count;
}

// Whether `text` may hide an address or a number from the walk of
// MaskContactDetails: full-width forms (their UTF-8 starts with 0xEF) or an
// "at" in brackets ("budi[at]gmail.com"). One memchr a bracket:
// find_first_of("])}") called memchr on its set for every byte of the text.
bool MayBeDisguised(std::string_view text) {
  if (text.find('\xEF') != std::string_view::npos) return true;
  for (const char closing : {']', ')', '}'}) {
    for (size_t i = text.find(closing); i != std::string_view::npos;
         i = text.find(closing, i + 1)) {
      if (i >= 3 && (text[i - 1] | 0x20) == 't' && (text[i - 2] | 0x20) == 'a') return true;
    }
  }
  return false;
}

// The closing bracket of `c`, or 0.
char Closing(char c) { return c == '[' ? ']' : c == '(' ? ')' : c == '{' ? '}' : 0; }

// The length of `word` in brackets at `i` ("[at]", "(dot)", any case), or 0.
size_t Bracketed(std::string_view t, size_t i, std::string_view word) {
  if (i + word.size() + 2 > t.size() || Closing(t[i]) == 0) return 0;
  for (size_t k = 0; k < word.size(); ++k) {
    if ((t[i + 1 + k] | 0x20) != word[k]) return 0;
  }
  return t[i + 1 + word.size()] == Closing(t[i]) ? word.size() + 2 : 0;
}

size_t SkipSpaces(std::string_view t, size_t i) {
  while (i < t.size() && t[i] == ' ') ++i;
  return i;
}

// The end of a domain written out after an "at" ("gmail.com", "gmail [dot]
// com", "gmail dot com"), starting at `i`, or npos: labels of letters,
// digits and dashes joined by dots, the last of two letters or more.
size_t DisguisedDomainEnd(std::string_view t, size_t i) {
  const auto label_end = [&](size_t from) {
    while (from < t.size() && (Alnum(t[from]) || t[from] == '-')) ++from;
    return from;
  };
  size_t end = label_end(i);
  if (end == i) return std::string_view::npos;
  size_t labels = 1, last = i;
  for (;;) {
    const size_t before = SkipSpaces(t, end);
    size_t dot = 0;
    if (before < t.size() && t[before] == '.') {
      dot = 1;
    } else if (const size_t b = Bracketed(t, before, "dot"); b > 0) {
      dot = b;
    } else if (before > end && before + 4 <= t.size() && (t[before] | 0x20) == 'd' &&
               (t[before + 1] | 0x20) == 'o' && (t[before + 2] | 0x20) == 't' &&
               t[before + 3] == ' ') {
      dot = 3;  // " dot ", a word between spaces
    }
    if (dot == 0) break;
    const size_t next = SkipSpaces(t, before + dot);
    // "gmail.com. Lampu ...": a dot written against the label and followed
    // by a space ends the sentence, not the domain ("gmail . com" is spaced
    // on both sides).
    if (dot == 1 && before == end && next > before + 1) break;
    const size_t next_end = label_end(next);
    if (next_end == next) break;
    end = next_end;
    last = next;
    ++labels;
  }
  if (labels < 2 || end - last < 2) return std::string_view::npos;
  for (size_t k = last; k < end; ++k) {
    if (Digit(t[k]) || t[k] == '-') return std::string_view::npos;
  }
  return end;
}

// `text` with the disguises of addresses and numbers undone or masked:
// full-width forms as their ASCII ("０８１２" is 0812), addresses whose "at"
// or dots are written out or spaced ("budi [at] gmail [dot] com", "budi(at)
// gmail.com", "budi @ gmail.com"), and numbers of nine digits or more with a
// letter O or l for a digit ("3374O12505880007", "o812345678901").
std::string Undisguise(std::string_view text) {
  // Full-width forms are rare: a text without their lead byte is read as it is.
  const bool full_width = text.find('\xEF') != std::string_view::npos;
  std::string folded;
  if (full_width) folded.reserve(text.size());
  for (size_t i = 0; full_width && i < text.size(); ++i) {
    const auto b1 = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    const auto b2 = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
    if (static_cast<unsigned char>(text[i]) == 0xEF && (b1 == 0xBC || b1 == 0xBD) && b2 >= 0x80 &&
        b2 <= 0xBF) {
      // U+FF01..U+FF5E, the full-width forms of '!'..'~'.
      const unsigned cp = 0xFF00u + ((b1 & 0x03u) << 6) + (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        folded.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
        i += 2;
        continue;
      }
    }
    folded.push_back(text[i]);
  }
  const std::string_view t = full_width ? std::string_view(folded) : text;
  std::string out;
  out.reserve(t.size());
  size_t i = 0;
  while (i < t.size()) {
    // A token of letters and digits that is a number with look-alikes.
    if (Alnum(t[i]) && (i == 0 || !Alnum(t[i - 1]))) {
      size_t end = i, digits = 0, others = 0;
      for (; end < t.size() && Alnum(t[end]); ++end) {
        if (Digit(t[end])) {
          ++digits;
        } else if (t[end] == 'o' || t[end] == 'O' || t[end] == 'l' || t[end] == 'I') {
          ++others;
        } else {
          others = SIZE_MAX / 2;
        }
      }
      if (digits >= 9 && others > 0 && others <= 3) {
        out += kMasked;
      } else {
        out.append(t.substr(i, end - i));  // a word: nothing in it starts an address
      }
      i = end;
      continue;
    }
    size_t at = t[i] == '@' ? 1 : Bracketed(t, i, "at");
    if (at > 0) {
      size_t local = out.size();
      while (local > 0 && out[local - 1] == ' ') --local;
      const size_t spaces_before = out.size() - local;
      size_t start = local;
      while (start > 0 && MailLocal(out[start - 1])) --start;
      const size_t domain = SkipSpaces(t, i + at);
      const size_t spaces_after = domain - (i + at);
      // An '@' spaced on one side only is a handle ("lapor ke @humas.kota").
      const bool spacing = spaces_before <= 2 && spaces_after <= 2 &&
                           (at > 1 || (spaces_before == 0) == (spaces_after == 0));
      const size_t end = start < local && Alnum(out[start]) && spacing
                             ? DisguisedDomainEnd(t, domain)
                             : std::string_view::npos;
      if (end != std::string_view::npos) {
        out.resize(start);
        out += kMasked;
        i = end;
        continue;
      }
    }
    // This byte, and the run after it of what starts neither a word nor an
    // "at" ('@' or a bracket), copied in one piece.
    size_t end = i + 1;
    while (end < t.size() && !Alnum(t[end]) && t[end] != '@' && Closing(t[end]) == 0) ++end;
    out.append(t.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace

namespace {

// A number as ContactNumbers gives it: its digits, a leading 62 as 0.
std::string NumberKey(std::string_view number) {
  std::string digits;
  for (const char ch : number) {
    if (Digit(ch)) digits.push_back(ch);
  }
  if (digits.starts_with("62")) digits.replace(0, 2, "0");
  return digits;
}

// The first position from `i` on of a byte that may begin an address or a
// number ('@', '(', '+' or a digit), or the text's end. A loop over a table,
// not find_first_of, which calls memchr on its set for every byte.
size_t NextNumberOrAddress(std::string_view text, size_t i) {
  static constexpr auto kStarts = [] {
    std::array<bool, 256> starts{};
    for (const char c : std::string_view("@(+0123456789"))
      starts[static_cast<unsigned char>(c)] = true;
    return starts;
  }();
  while (i < text.size() && !kStarts[static_cast<unsigned char>(text[i])]) ++i;
  return i;
}

// MaskContactDetails: numbers in `keep` stay; each number masked, or kept,
// is added to `found` when given.
std::string MaskNumbers(std::string_view input, const std::vector<std::string>* keep,
                        std::vector<std::string>* found) {
  // Most texts have nothing to mask: no '@', no disguise and fewer digits
  // than the shortest number masked (nine). They are returned as they are
  // without the walk below (it was a tenth of a public case read).
  const bool disguised = MayBeDisguised(input);
  if (!disguised && input.find('@') == std::string_view::npos && DigitCount(input) < 9) {
    return std::string(input);
  }
  const std::string undisguised = Undisguise(input);
  const std::string_view text = undisguised;
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    // What cannot begin an address or a number is copied a run at a time.
    if (const size_t end = NextNumberOrAddress(text, i); end != i) {
      out.append(text, i, end - i);
      i = end;
      continue;
    }
    const char c = text[i];
    // An e-mail address: the local part is already in `out`; take it back.
    if (c == '@') {
      size_t local = out.size();
      while (local > 0 && MailLocal(out[local - 1])) --local;
      const size_t end = local < out.size() ? MailEnd(text, i) : std::string_view::npos;
      if (end != std::string_view::npos) {
        out.resize(local);
        out += kMasked;
        i = end;
        continue;
      }
      if (const size_t handle = PersonalHandleEnd(text, i); handle != std::string_view::npos) {
        out += kMasked;
        i = handle;
        continue;
      }
    }
    // A number: digits with single spaces, dots or dashes between groups,
    // optionally after '+' or an area code in brackets, "(024) 3515871" (a
    // slash ends it: 08/12/2026 is a date).
    const bool after_word = i > 0 && Alnum(text[i - 1]);
    const bool area_code =
        c == '(' && i + 2 < text.size() && text[i + 1] == '0' && Digit(text[i + 2]) && !after_word;
    // Digits glued to a word start a number only after the label of one
    // ("NIK3374...", "No.HP081234567890"): a product or order code such
    // as "ABC0812345678901" stays.
    const auto glued_number = [&] {
      size_t word = i;
      while (word > 0 && std::isalpha(static_cast<unsigned char>(text[word - 1]))) --word;
      std::string label(text.substr(word, i - word));
      for (char& ch : label) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      static const std::set<std::string> kLabels = {"nik",  "kk",  "ktp",     "hp", "nohp",  "wa",
                                                    "telp", "tel", "telepon", "no", "nomor", "rek"};
      size_t run = i;
      while (run < text.size() && Digit(text[run])) ++run;
      return kLabels.contains(label) && run - i >= 9;
    };
    const bool starts_number =
        area_code || ((Digit(c) || (c == '+' && i + 1 < text.size() && Digit(text[i + 1]))) &&
                      (!after_word || (Digit(c) && glued_number())));
    if (!starts_number) {
      out.push_back(c);
      ++i;
      continue;
    }
    size_t end = c == '+' || c == '(' ? i + 1 : i;
    size_t digits = 0, longest = 0, group = 0, groups = 1;
    bool area_closed = false;  // "(024) ...": its bracket read
    bool thousands = true;     // "1.500.000.000": dots before groups of exactly three
    char separator = 0;
    bool slashed = false;  // "3374/0101/0101/0001": groups joined by '/' or '_'
    while (end < text.size()) {
      if (Digit(text[end])) {
        ++digits;
        longest = std::max(longest, ++group);
        ++end;
      } else if (area_code && groups == 1 && text[end] == ')' && end + 1 < text.size() &&
                 (Digit(text[end + 1]) ||
                  (end + 2 < text.size() && (text[end + 1] == ' ' || text[end + 1] == '-') &&
                   Digit(text[end + 2])))) {
        end += Digit(text[end + 1]) ? 1 : 2;  // the bracket and a space or dash after it
        area_closed = true;
        group = 0;
        ++groups;
        thousands = false;
      } else if ((text[end] == ' ' || text[end] == '.' || text[end] == '-' ||
                  // A number in short groups, not two numbers side by side
                  // ("081234567890/6281234567890").
                  ((text[end] == '/' || text[end] == '_') && group <= 6)) &&
                 end + 1 < text.size() && Digit(text[end + 1])) {
        if (groups > 1 && group != 3) thousands = false;
        if (separator != 0 && separator != text[end]) thousands = false;
        separator = text[end];
        slashed = slashed || separator == '/' || separator == '_';
        group = 0;
        ++groups;
        ++end;
      } else {
        break;
      }
    }
    if (groups > 1 && group != 3) thousands = false;
    if (separator != '.') thousands = false;
    if (area_code && groups == 1) {  // "(0" without its closing bracket: text, not a number
      out.push_back(c);
      ++i;
      continue;
    }
    const std::string_view number = text.substr(i, end - i);
    const bool phone = (number.starts_with("08") || number.starts_with("+62") ||
                        number.starts_with("62") || area_code) &&
                       digits >= 9 && digits <= 15;
    // Ten digits or more in separated groups (a NIK or KK written in fours,
    // an account or a landline with its area code), unless they are an
    // amount of money ("Rp 1.500.000.000"). Joined by '/' or '_', fourteen
    // or more: a NIK or KK of sixteen, not a letter's number ("800/123/2026").
    const bool identifier = groups > 1 && digits >= (slashed ? 14u : 10u) && !thousands;
    const std::string key = longest >= 10 || phone || identifier ? NumberKey(number) : "";
    if (found && !key.empty()) found->push_back(key);
    if (!key.empty() && keep && std::find(keep->begin(), keep->end(), key) != keep->end()) {
      out += number;  // the Pemda's own published number
    } else if (!key.empty()) {
      out += kMasked;
      // "(0813-9988-7766)": the whole number in brackets, both of them.
      if (area_code && !area_closed && end < text.size() && text[end] == ')') ++end;
    } else {
      out += number;
    }
    i = end;
  }
  return out;
}

}  // namespace

std::string MaskContactDetails(std::string_view text) {
  return MaskNumbers(text, nullptr, nullptr);
}

std::string MaskContactDetails(std::string_view text, const std::vector<std::string>& published) {
  return MaskNumbers(text, published.empty() ? nullptr : &published, nullptr);
}

std::vector<std::string> ContactNumbers(std::string_view text) {
  std::vector<std::string> found;
  MaskNumbers(text, nullptr, &found);
  return found;
}

namespace {

// The character at `i`: its length in bytes, and whether it belongs to a
// word as PostgreSQL's \m...\M sees one (letters, digits, underscore; any
// other letter than ASCII's too, but not the punctuation of Latin-1 and of
// the General and CJK Punctuation blocks: curly quotes, dashes, no-break
// and ideographic spaces). Digits and underscores never start a name's word.
struct NameChar {
  size_t size;
  bool letter;
  bool word;
};

NameChar NameCharAt(std::string_view t, size_t i) {
  const auto u = static_cast<unsigned char>(t[i]);
  if (u < 0x80) {
    const bool letter = (u | 0x20) >= 'a' && (u | 0x20) <= 'z';
    return {1, letter, letter || (u >= '0' && u <= '9') || u == '_'};
  }
  const size_t size = u >= 0xf0 ? 4 : u >= 0xe0 ? 3 : u >= 0xc0 ? 2 : 1;
  uint32_t cp = size == 4 ? u & 0x07u : size == 3 ? u & 0x0fu : u & 0x1fu;
  for (size_t k = 1; k < size && i + k < t.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(t[i + k]) & 0x3fu);
  }
  const bool punct = cp < 0xc0 || cp == 0xd7 || cp == 0xf7 || (cp >= 0x2000 && cp <= 0x206f) ||
                     (cp >= 0x3000 && cp <= 0x303f) || cp == 0xfeff;
  return {std::min(size, t.size() - i), !punct, !punct};
}

}  // namespace

NameWords::NameWords(std::string_view name) {
  for (size_t i = 0; i < name.size();) {
    NameChar c = NameCharAt(name, i);
    if (!c.letter) {
      i += c.size;
      continue;
    }
    std::string w;
    for (; i < name.size() && (c = NameCharAt(name, i)).letter; i += c.size) {
      for (size_t k = 0; k < c.size; ++k) w += AsciiLower(name[i + k]);
    }
    if (w.size() >= 3) words_.push_back(std::move(w));
  }
}

void NameWords::Replace(std::string& text, std::string_view with) const {
  // Most texts hold none of the words anywhere: left as they are after a
  // search for each (ASCII case aside), without the walk below (a public
  // read masks three texts with the reporter's name).
  if (words_.empty()) return;
  // Searched in a folded copy: string_view::find looks for a word's first
  // byte with memchr, a search with a folding predicate walks every byte.
  const std::string folded = AsciiLower(text);
  const auto contains = [&](const std::string& w) { return folded.find(w) != std::string::npos; };
  if (std::none_of(words_.begin(), words_.end(), contains)) return;
  // Written anew, word by word (an in-place replace draws a false
  // -Wrestrict from GCC 12).
  const std::string_view in = text;
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    NameChar c = NameCharAt(in, i);
    if (!c.word) {
      out.append(in.substr(i, c.size));
      i += c.size;
      continue;
    }
    size_t end = i;
    while (end < in.size() && (c = NameCharAt(in, end)).word) end += c.size;
    const std::string_view word = in.substr(i, end - i);
    const bool is_name = std::any_of(words_.begin(), words_.end(), [&](const std::string& w) {
      if (w.size() != word.size()) return false;
      for (size_t k = 0; k < w.size(); ++k) {
        if (AsciiLower(word[k]) != w[k]) return false;
      }
      return true;
    });
    if (is_name) {
      out.append(with);
    } else {
      out.append(word);
    }
    i = end;
  }
  text = std::move(out);
}

std::string RemoveNameWords(std::string_view text, std::string_view name) {
  std::string out(text);
  NameWords(name).Replace(out, " ");
  return out;
}

std::string MaskPersonalText(std::string_view text, const NameWords& reporter_name) {
  std::string out = MaskContactDetails(text);
  reporter_name.Replace(out, kMasked);
  return out;
}

std::string MaskPersonalText(std::string_view text, std::string_view reporter_name) {
  return MaskPersonalText(text, NameWords(reporter_name));
}

std::string MaskPersonalText(std::string_view text, std::string_view reporter_name,
                             const std::vector<std::string>& published) {
  std::string out = MaskContactDetails(text, published);
  NameWords(reporter_name).Replace(out, kMasked);
  return out;
}

}  // namespace sigap::domain
