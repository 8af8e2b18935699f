#include "routing/text/text_model.h"

#include <istream>
#include <ostream>

namespace sigap::routing::text {

std::vector<std::string_view> SplitWords(std::string_view normalized) {
  std::vector<std::string_view> words;
  while (!normalized.empty()) {
    const size_t space = normalized.find(' ');
    if (space != 0) words.push_back(normalized.substr(0, space));
    if (space == std::string_view::npos) break;
    normalized.remove_prefix(space + 1);
  }
  return words;
}

// Model files are written and read on little-endian machines (x86-64,
// ARM64): the bytes are the values' own.
void WriteU32(std::ostream& out, uint32_t v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);
}

void WriteF32s(std::ostream& out, const std::vector<float>& v) {
  out.write(reinterpret_cast<const char*>(v.data()),
            static_cast<std::streamsize>(v.size() * sizeof(float)));
}

bool ReadU32(std::istream& in, uint32_t& v) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(&v), sizeof v));
}

bool ReadF32s(std::istream& in, size_t n, std::vector<float>& v) {
  v.resize(n);
  return static_cast<bool>(
      in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(float))));
}

}  // namespace sigap::routing::text
