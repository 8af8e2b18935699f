#include "http/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "domain/text.h"

namespace sigap::http {
std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// The length of the prefix of `s` that JSON takes as it is: ASCII without
// control characters, quotes or backslashes. Eight bytes at a time (the
// escaping was a tenth of the instructions of a case read).
size_t PlainPrefix(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHighs = 0x8080808080808080;
  const auto has_zero_byte = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    // A byte >= 0x80, a byte < 0x20, a '"', a '\\'.
    if ((v & kHighs) | ((v - kOnes * 0x20) & ~v & kHighs) | has_zero_byte(v ^ (kOnes * '"')) |
        has_zero_byte(v ^ (kOnes * '\\'))) {
      break;
    }
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
  }
  return i;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  // Most strings (keys, codes, times, much of the text) are ASCII with
  // nothing to escape: copied in one piece, without the UTF-8 check.
  const size_t plain = PlainPrefix(s);
  if (plain == s.size()) {
    out.push_back('"');
    out.append(s);
    out.push_back('"');
    return;
  }
  // The ASCII prefix is valid; the rest starts on a character boundary.
  if (!domain::IsValidUtf8(s.substr(plain))) {
    // Rare (stored text is checked at intake): nlohmann's own replacement.
    out += Dump(nlohmann::json(std::string(s)));
    return;
  }
  out.push_back('"');
  size_t start = 0;
  for (size_t i = plain; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + start, i - start);
    start = i + 1;
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
  if (comma_) out_.push_back(',');
  AppendJsonString(out_, key);
  out_.push_back(':');
  comma_ = false;  // the value follows without a comma
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(out_, s);
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
  BeforeValue();
  out_ += Dump(v);
  return *this;
}

}  // namespace sigap::http
