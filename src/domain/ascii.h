#pragma once

#include <string>
#include <string_view>

namespace sigap::domain {

// ASCII case folding: codes, header names, e-mail addresses, the words of
// Indonesian texts already in ASCII. Bytes outside A-Z (UTF-8 included) are
// kept as they are, and no locale is consulted (std::tolower's answer
// depends on the process's locale).
constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline void AsciiLowerInPlace(std::string& text) {
  for (char& c : text) c = AsciiLower(c);
}

[[nodiscard]] inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  AsciiLowerInPlace(out);
  return out;
}

// Whether `a` and `b` are equal but for the case of ASCII letters.
[[nodiscard]] constexpr bool EqualsAsciiFolded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace sigap::domain
