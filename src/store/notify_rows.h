#pragma once

// Recipients of the outbox, as both backends gather them.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

inline std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Sorted, without empty entries and without case-insensitive duplicates.
inline std::vector<std::string> Distinct(std::vector<std::string> addresses) {
  std::sort(addresses.begin(), addresses.end(), [](const std::string& a, const std::string& b) {
    const auto la = Lower(a);
    const auto lb = Lower(b);
    return la != lb ? la < lb : a < b;
  });
  std::vector<std::string> out;
  for (auto& a : addresses) {
    if (a.empty()) continue;
    if (!out.empty() && Lower(out.back()) == Lower(a)) continue;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace sigap::store::rows
