#include "http/message.h"

#include <algorithm>

#include "domain/ascii.h"

namespace sigap::http {
namespace {

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

// Header names are ASCII tokens (RFC 9110 §5.1): ASCII folding is enough.
bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(domain::AsciiLower(x)) <
           static_cast<unsigned char>(domain::AsciiLower(y));
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

bool HeaderValueIs(std::string_view value, std::string_view token) {
  value = TrimSpace(value);
  return std::equal(value.begin(), value.end(), token.begin(), token.end(),
                    [](char a, char b) { return domain::AsciiLower(a) == b; });
}

bool ETagMatches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    std::string_view candidate = if_none_match.substr(0, comma);
    if_none_match =
        comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
    candidate = TrimSpace(candidate);
    if (candidate.substr(0, 2) == "W/") candidate.remove_prefix(2);
    if (candidate == "*" || candidate == etag) return true;
  }
  return false;
}

}  // namespace sigap::http
