#pragma once

// Recipients of the outbox, as both backends gather them.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include "domain/ascii.h"
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

// Sorted, without empty entries and without case-insensitive duplicates.
inline std::vector<std::string> Distinct(std::vector<std::string> addresses) {
  std::sort(addresses.begin(), addresses.end(), [](const std::string& a, const std::string& b) {
    const auto la = domain::AsciiLower(a);
    const auto lb = domain::AsciiLower(b);
    return la != lb ? la < lb : a < b;
  });
  std::vector<std::string> out;
  for (auto& a : addresses) {
    if (a.empty()) continue;
    if (!out.empty() && domain::AsciiLower(out.back()) == domain::AsciiLower(a)) continue;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace sigap::store::rows
