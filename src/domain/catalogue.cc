#include "domain/catalogue.h"

namespace sigap::domain {

int RegionLevel(const std::string& code) {
  // Accepted shapes: PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD (digits only), as in
  // Kepmendagri 300.2.2-2138/2025 (every kecamatan code there has 2 digits).
  static constexpr size_t kLengths[] = {2, 2, 2, 4};
  size_t pos = 0;
  int level = 0;
  while (level < 4) {
    const size_t n = kLengths[level];
    if (pos + n > code.size()) return 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (code[i] < '0' || code[i] > '9') return 0;
    }
    pos += n;
    ++level;
    if (pos == code.size()) return level;
    if (code[pos] != '.') return 0;
    ++pos;
  }
  return 0;
}

std::string ParentRegionCode(const std::string& code) {
  const auto dot = code.rfind('.');
  return dot == std::string::npos ? std::string() : code.substr(0, dot);
}

}  // namespace sigap::domain
