#include "routing/text/normalizer.h"

#include <cstdint>
#include <fstream>
#include <sstream>

#include "domain/indonesian_stem.h"
#include "routing/text/word_cache.h"

namespace sigap::routing::text {
namespace {

// Latin-1 letters U+00C0..U+00FF without their diacritics, lower case; '\0'
// for the two symbols in that block (multiplication and division signs).
constexpr std::string_view kLatin1Fold =
    "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
    "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";

// Decodes one UTF-8 code point at `text[i]`, advancing `i`; invalid bytes
// decode to U+FFFD and advance by one.
char32_t Decode(std::string_view text, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int length = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + length > text.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < length; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += length;
  return cp;
}

void Encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// What a code point is to the tokenizer after folding.
enum class Kind { kSeparator, kLetter, kDigit };

// Folds `cp` (case, diacritics, full-width forms) and says what it is; a
// letter or digit is written to `out`.
Kind Fold(char32_t cp, std::string& out) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if (c >= 'a' && c <= 'z') {
      out.push_back(c);
      return Kind::kLetter;
    }
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      return Kind::kLetter;
    }
    if (c >= '0' && c <= '9') {
      out.push_back(c);
      return Kind::kDigit;
    }
    return Kind::kSeparator;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char c = kLatin1Fold[cp - 0xC0];
    if (c == '\0') return Kind::kSeparator;
    out.push_back(c);
    if (cp == 0xDF) out.push_back('s');  // sharp s -> "ss"
    return Kind::kLetter;
  }
  // Latin-1 symbols, general punctuation, arrows, symbols, CJK punctuation,
  // variation selectors, emoji: all separate words.
  // U+FFFD (an invalid byte) is among the specials at U+FFF0 and above.
  if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F) || cp >= 0xFFF0) {
    return Kind::kSeparator;
  }
  // Other scripts' letters are kept as they are (lower case is not attempted).
  Encode(cp, out);
  return Kind::kLetter;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool IsUrl(std::string_view token) {
  return StartsWith(token, "http://") || StartsWith(token, "https://") || StartsWith(token, "www.");
}

bool IsEmail(std::string_view token) {
  const size_t at = token.find('@');
  return at != std::string_view::npos && at > 0 && token.find('.', at) != std::string_view::npos;
}

// An Indonesian phone number: starts with 0, 62 or +62, then digits and
// separators, at least 9 digits in all ("0812-3456-7890", "+62 24 1234567"
// arrives as several tokens and is not recognised: fine, its digits mask).
bool IsPhone(std::string_view token) {
  size_t i = 0;
  if (!token.empty() && token[0] == '+') i = 1;
  if (i >= token.size() || token[i] != '0') {
    if (token.substr(i, 2) != "62") return false;
  }
  int digits = 0;
  for (; i < token.size(); ++i) {
    const char c = token[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' && c != '.' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 9;
}

// Runs of a masked value as the national system writes them: "[****]".
bool IsMaskedRun(std::string_view token) { return token.find("[*") != std::string_view::npos; }

// Removes HTML tags and entities, leaving a space in their place.
std::string StripHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    // The text up to the next '<' or '&' is kept as it is, in one append
    // rather than a character at a time.
    size_t plain = i;
    while (plain < text.size() && text[plain] != '<' && text[plain] != '&') ++plain;
    out.append(text.substr(i, plain - i));
    if (plain == text.size()) break;
    i = plain;
    const char c = text[i];
    if (c == '<' && i + 1 < text.size()) {
      const char n = text[i + 1];
      const bool tag_start =
          (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!';
      const size_t close = tag_start ? text.find('>', i + 1) : std::string_view::npos;
      if (close != std::string_view::npos && close - i <= 200) {
        out.push_back(' ');
        i = close;
        continue;
      }
    }
    if (c == '&') {
      size_t j = i + 1;
      if (j < text.size() && text[j] == '#') ++j;
      const size_t start = j;
      while (j < text.size() && j - i <= 10 &&
             ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z') ||
              (text[j] >= '0' && text[j] <= '9'))) {
        ++j;
      }
      if (j > start && j < text.size() && text[j] == ';') {
        out.push_back(' ');
        i = j;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

// Three or more of the same letter become one: "tolooong" -> "tolong";
// doubled letters ("maaf", "saat") are words of their own and stay.
std::string Squeeze(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  size_t i = 0;
  while (i < word.size()) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    const size_t run = j - i;
    const bool letter = word[i] >= 'a' && word[i] <= 'z';
    out.append(letter && run >= 3 ? 1 : run, word[i]);
    i = j;
  }
  return out;
}

// Longer tokens (addresses, runs without spaces) are not worth keeping.
constexpr size_t kMaxCachedToken = 48;

}  // namespace

Result<NormalizerSteps> NormalizerSteps::Parse(std::string_view list) {
  NormalizerSteps steps{false, false, false, false, false, false};
  if (list == "none") return steps;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view step = list.substr(0, comma);
    if (step == "html") {
      steps.strip_html = true;
    } else if (step == "mask") {
      steps.mask = true;
    } else if (step == "squeeze") {
      steps.squeeze = true;
    } else if (step == "abbrev") {
      steps.abbreviations = true;
    } else if (step == "stem") {
      steps.stem = true;
    } else if (step == "subject") {
      steps.subject = true;
    } else if (!step.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown normaliser step '" + std::string(step) +
                      "' (known: html, mask, squeeze, abbrev, stem, subject)",
                  {{"steps", "unknown_step", "unknown normaliser step"}});
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return steps;
}

std::string NormalizerSteps::ToString() const {
  std::string out;
  const auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add(strip_html, "html");
  add(mask, "mask");
  add(squeeze, "squeeze");
  add(abbreviations, "abbrev");
  add(stem, "stem");
  add(subject, "subject");
  return out.empty() ? "none" : out;
}

std::string_view ComposedSubject(std::string_view text) {
  // Subjects are short; a longer repeated opening is not looked for.
  constexpr size_t kMaxSubject = 1000;
  for (size_t dot = text.find(". "); dot != std::string_view::npos && dot <= kMaxSubject;
       dot = text.find(". ", dot + 1)) {
    const std::string_view subject = text.substr(0, dot);
    const std::string_view rest = text.substr(dot + 2);
    if (rest.substr(0, dot) == subject && rest.substr(dot, 2) == ". ") return subject;
  }
  return {};
}

Result<AbbreviationMap> ParseAbbreviations(std::string_view text, const std::string& source) {
  AbbreviationMap map;
  int line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    const auto where = source + ":" + std::to_string(line_no) + ": ";
    if (tab == std::string_view::npos || tab == 0 || tab + 1 == line.size()) {
      return Fail(ErrorCode::kInvalidArgument, where + "expected FORM<TAB>EXPANSION");
    }
    std::string form(line.substr(0, tab));
    if (!map.emplace(form, std::string(line.substr(tab + 1))).second) {
      return Fail(ErrorCode::kInvalidArgument, where + "'" + form + "' is listed twice");
    }
  }
  return map;
}

Result<AbbreviationMap> LoadAbbreviations(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return ParseAbbreviations(text.str(), file.string());
}

Normalizer::Normalizer(NormalizerSteps steps, AbbreviationMap abbreviations, size_t cache_tokens)
    : steps_(steps),
      abbreviations_(std::move(abbreviations)),
      cache_tokens_(cache_tokens),
      memo_owner_(NewMemoOwner()) {}

Normalizer::~Normalizer() = default;

void Normalizer::AppendWord(std::string_view word, std::string& out) const {
  if (word.empty()) return;
  std::string squeezed;
  if (steps_.squeeze) {
    squeezed = Squeeze(word);
    word = squeezed;
  }
  if (steps_.abbreviations) {
    if (auto it = abbreviations_.find(std::string(word)); it != abbreviations_.end()) {
      word = it->second;
    }
  }
  if (!out.empty()) out.push_back(' ');
  if (steps_.stem && word.find(' ') == std::string_view::npos && word[0] != '_') {
    out.append(domain::IndonesianStem(word));
    return;
  }
  out.append(word);
}

void Normalizer::NormalizeToken(std::string_view token, std::string& out) const {
  const auto append_mask = [&](std::string_view mask) {
    if (!out.empty()) out.push_back(' ');
    out.append(mask);
  };
  if (steps_.mask) {
    // Trailing punctuation is not part of an address or number.
    std::string_view bare = token;
    while (!bare.empty() && (bare.back() == '.' || bare.back() == ',' || bare.back() == ')' ||
                             bare.back() == ';' || bare.back() == ':')) {
      bare.remove_suffix(1);
    }
    while (!bare.empty() && (bare.front() == '(' || bare.front() == ':')) bare.remove_prefix(1);
    if (IsUrl(bare)) return append_mask(kUrlMask);
    if (IsEmail(bare)) return append_mask(kEmailMask);
    if (IsPhone(bare)) return append_mask(kPhoneMask);
    if (IsMaskedRun(bare)) return append_mask(kNumberMask);
  }
  std::string word;
  Kind word_kind = Kind::kSeparator;
  const auto flush = [&] {
    if (word.empty()) return;
    if (word_kind == Kind::kDigit && steps_.mask) {
      append_mask(kNumberMask);
    } else {
      AppendWord(word, out);
    }
    word.clear();
    word_kind = Kind::kSeparator;
  };
  size_t k = 0;
  while (k < token.size()) {
    const size_t before = word.size();
    const Kind kind = Fold(Decode(token, k), word);
    if (kind == Kind::kSeparator) {
      flush();
      continue;
    }
    // Digits and letters split apart when numbers are masked ("rt05").
    if (steps_.mask && word_kind != Kind::kSeparator && kind != word_kind) {
      const std::string tail = word.substr(before);
      word.resize(before);
      flush();
      word = tail;
    }
    word_kind = kind == Kind::kDigit && word_kind == Kind::kLetter ? Kind::kLetter : kind;
  }
  flush();
}

std::string Normalizer::Normalize(std::string_view input) const {
  std::string html_free;
  if (steps_.strip_html) {
    html_free = StripHtml(input);
    input = html_free;
  }
  std::string out;
  out.reserve(input.size());
  NormalizeInto(input, '\0', out);
  if (steps_.subject) NormalizeInto(ComposedSubject(input), kSubjectMark, out);
  return out;
}

void Normalizer::NormalizeInto(std::string_view input, char mark, std::string& out) const {
  // What a token becomes depends on the token alone: most are looked up.
  WordMemo<std::string>* memo = cache_tokens_ > 0 ? &ThreadMemo<std::string>(memo_owner_) : nullptr;
  const auto make = [this](std::string_view token, std::string& piece) {
    NormalizeToken(token, piece);
  };
  std::string uncached;
  size_t i = 0;
  while (i < input.size()) {
    if (IsSpace(input[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < input.size() && !IsSpace(input[end])) ++end;
    const std::string_view token = input.substr(i, end - i);
    i = end;
    const std::string* piece = &uncached;
    if (memo != nullptr && token.size() <= kMaxCachedToken) {
      piece = &memo->Get(token, cache_tokens_, make);
    } else {
      uncached.clear();
      NormalizeToken(token, uncached);
    }
    if (piece->empty()) continue;
    if (!out.empty()) out.push_back(' ');
    if (mark == '\0') {
      out.append(*piece);
      continue;
    }
    // A piece may hold several words ("kel.sukamaju" -> "kelurahan sukamaju").
    std::string_view rest = *piece;
    for (size_t space = rest.find(' '); space != std::string_view::npos; space = rest.find(' ')) {
      out.push_back(mark);
      out.append(rest.substr(0, space + 1));
      rest.remove_prefix(space + 1);
    }
    out.push_back(mark);
    out.append(rest);
  }
}

}  // namespace sigap::routing::text
