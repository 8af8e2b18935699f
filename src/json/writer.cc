#include "json/writer.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "domain/text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sigap::json_text {

std::string Dump(const nlohmann::json& value) {
  std::string out;
  JsonWriter(out).Value(value);
  return out;
}

namespace {

// nlohmann's own serializer, with invalid UTF-8 replaced: for the rare
// values JsonWriter does not write itself.
std::string SerializerDump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The length of the prefix of `s` that needs no escaping: no control
// character, quote or backslash, and when `kAsciiOnly` no byte >= 0x80
// either (a prefix whose UTF-8 need not be checked). Sixteen bytes at a time
// where SSE2 is there (every x86-64): the escaping was a tenth of the
// instructions of a case read.
template <bool kAsciiOnly>
size_t UnescapedPrefix(std::string_view s) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i unit_separator = _mm_set1_epi8(0x1F);
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    if constexpr (kAsciiOnly) {
      stop = _mm_or_si128(stop, _mm_cmplt_epi8(v, space));  // signed: < 0x20 or >= 0x80
    } else {
      stop = _mm_or_si128(stop, _mm_cmpeq_epi8(_mm_max_epu8(v, unit_separator), unit_separator));
    }
    if (const int mask = _mm_movemask_epi8(stop); mask != 0) {
      return i + static_cast<size_t>(std::countr_zero(static_cast<unsigned>(mask)));
    }
  }
#endif
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\' || (kAsciiOnly && c >= 0x80)) break;
  }
  return i;
}

size_t PlainPrefix(std::string_view s) { return UnescapedPrefix<true>(s); }

// Makes room for `n` more bytes at the end of `out` and returns where they
// start: one call instead of a push_back per quote (std::string's members
// are not inlined here).
char* Grow(std::string& out, size_t n) {
  const size_t at = out.size();
  out.resize(at + n);
  return out.data() + at;
}

// Appends `s` quoted and escaped, its first `plain` bytes known to need
// nothing (and to be ASCII).
void AppendEscaped(std::string& out, std::string_view s, size_t plain) {
  // The ASCII prefix is valid; the rest starts on a character boundary.
  if (!domain::IsValidUtf8(s.substr(plain))) {
    // Rare (stored text is checked at intake): nlohmann's own replacement.
    out += SerializerDump(nlohmann::json(std::string(s)));
    return;
  }
  out.reserve(out.size() + s.size() + 16);
  out.push_back('"');
  size_t start = 0;
  size_t i = plain;
  while (true) {
    i += UnescapedPrefix<false>(s.substr(i));
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    out.append(s.data() + start, i - start);
    start = ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
        out += escaped;
      }
    }
  }
  out.append(s.data() + start, s.size() - start);
  out.push_back('"');
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  // Most strings (keys, codes, times, much of the text) are ASCII with
  // nothing to escape: copied in one piece, without the UTF-8 check.
  const size_t plain = PlainPrefix(s);
  if (plain == s.size()) {
    char* p = Grow(out, s.size() + 2);
    p[0] = '"';
    std::memcpy(p + 1, s.data(), s.size());
    p[s.size() + 1] = '"';
    return;
  }
  AppendEscaped(out, s, plain);
}

void JsonWriter::BeforeValue() {
  if (comma_) out_.push_back(',');
  comma_ = true;
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  out_.push_back(bracket);
  comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  out_.push_back(bracket);
  comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  if (PlainPrefix(key) == key.size()) {
    // `,"key":` in one piece: keys are nearly always plain ASCII.
    char* p = Grow(out_, key.size() + (comma_ ? 4 : 3));
    if (comma_) *p++ = ',';
    *p++ = '"';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    p[0] = '"';
    p[1] = ':';
  } else {
    if (comma_) out_.push_back(',');
    AppendJsonString(out_, key);
    out_.push_back(':');
  }
  comma_ = false;  // the value follows without a comma
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  const size_t plain = PlainPrefix(s);
  if (plain == s.size()) {
    // `"s"`, or `,"s"`, in one piece.
    char* p = Grow(out_, s.size() + (comma_ ? 3 : 2));
    if (comma_) *p++ = ',';
    p[0] = '"';
    std::memcpy(p + 1, s.data(), s.size());
    p[s.size() + 1] = '"';
  } else {
    if (comma_) out_.push_back(',');
    AppendEscaped(out_, s, plain);
  }
  comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  BeforeValue();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
  out_.append(digits, end);
  return *this;
}

JsonWriter& JsonWriter::Number(double v) {
  BeforeValue();
  if (!std::isfinite(v)) {
    out_ += "null";
    return *this;
  }
  // What nlohmann's serializer calls for a double, without building a DOM
  // value and a string to dump it into.
  char digits[64];
  const char* end = nlohmann::detail::to_chars(digits, digits + sizeof digits, v);
  out_.append(digits, static_cast<size_t>(end - digits));
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) {
  BeforeValue();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Value(const nlohmann::json& v) {
  using Type = nlohmann::json::value_t;
  switch (v.type()) {
    case Type::object:
      // std::map: the keys come sorted, as the dump writes them.
      BeginObject();
      for (const auto& [key, value] : v.get_ref<const nlohmann::json::object_t&>()) {
        Key(key);
        Value(value);
      }
      return EndObject();
    case Type::array:
      BeginArray();
      for (const auto& element : v.get_ref<const nlohmann::json::array_t&>()) Value(element);
      return EndArray();
    case Type::string:
      return String(v.get_ref<const std::string&>());
    case Type::boolean:
      return Bool(v.get<bool>());
    case Type::number_integer:
      return Int(v.get<int64_t>());
    case Type::number_unsigned: {
      BeforeValue();
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, v.get<uint64_t>()).ptr;
      out_.append(digits, end);
      return *this;
    }
    case Type::number_float:
      return Number(v.get<double>());
    case Type::null:
      return Null();
    default:  // binary and discarded values: never parsed from a request
      BeforeValue();
      out_ += SerializerDump(v);
      return *this;
  }
}

}  // namespace sigap::json_text
