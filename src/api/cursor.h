#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sigap::api {

// A listing's page cursor, opaque to clients: base 36 of a positive number
// (the last id seen, or the next page's offset) and two check characters,
// so that a cursor mangled on its way back is refused (422) rather than
// read as another number, which restarted the listing from the top.
inline constexpr std::string_view kCursorDigits = "0123456789abcdefghijklmnopqrstuvwxyz";

inline int CursorCheck(int64_t n) {
  const uint64_t h = static_cast<uint64_t>(n) * 0x9E3779B97F4A7C15ULL;
  return static_cast<int>((h >> 40) % (36 * 36));
}

inline std::string EncodeCursor(int64_t n) {
  std::string out;
  for (int64_t v = n; v > 0; v /= 36) out.insert(out.begin(), kCursorDigits[v % 36]);
  const int check = CursorCheck(n);
  out.push_back(kCursorDigits[check / 36]);
  out.push_back(kCursorDigits[check % 36]);
  return out;
}

// The number of a cursor EncodeCursor made, or nothing.
inline std::optional<int64_t> DecodeCursor(std::string_view text) {
  if (text.size() < 3 || text.size() > 14) return std::nullopt;
  int64_t n = 0;
  for (const char c : text.substr(0, text.size() - 2)) {
    const auto digit = kCursorDigits.find(c);
    if (digit == std::string_view::npos) return std::nullopt;
    n = n * 36 + static_cast<int64_t>(digit);
  }
  if (n <= 0) return std::nullopt;
  const auto hi = kCursorDigits.find(text[text.size() - 2]);
  const auto lo = kCursorDigits.find(text.back());
  if (hi == std::string_view::npos || lo == std::string_view::npos) return std::nullopt;
  if (static_cast<int>(hi * 36 + lo) != CursorCheck(n)) return std::nullopt;
  return n;
}

}  // namespace sigap::api
