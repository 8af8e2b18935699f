#pragma once

// Decoders for what the notify tests receive: the inverse of
// src/notify/email_message.h, written independently of it.
#include <string>
#include <string_view>

namespace sigap::notify::test {

inline std::string DecodeBase64(std::string_view text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) continue;  // '=', white space
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

// Joins RFC 2047 "=?UTF-8?B?...?=" words (and the folding between them).
inline std::string DecodeEncodedWords(std::string_view text) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    const size_t start = text.find("=?UTF-8?B?", pos);
    if (start == std::string_view::npos) {
      out += text.substr(pos);
      return out;
    }
    std::string_view between = text.substr(pos, start - pos);
    if (between.find_first_not_of(" \t\r\n") != std::string_view::npos) out += between;
    const size_t end = text.find("?=", start + 10);
    out += DecodeBase64(text.substr(start + 10, end - start - 10));
    pos = end + 2;
  }
}

inline std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (text.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

}  // namespace sigap::notify::test
