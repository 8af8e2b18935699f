#include "http/message.h"

#include <algorithm>

namespace sigap::http {
namespace {

// Header names are ASCII tokens (RFC 9110 §5.1), so ASCII folding is enough
// and avoids the locale that std::tolower would consult.
char FoldAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(FoldAscii(x)) < static_cast<unsigned char>(FoldAscii(y));
  });
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  const auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  // std::multimap<std::string, ...> has no transparent comparator, so search
  // linearly: query strings are short and this avoids a temporary string.
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace sigap::http
