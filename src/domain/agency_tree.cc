#include "domain/agency_tree.h"

#include <algorithm>

namespace sigap::domain {

std::vector<std::string> UnitsUnder(const std::vector<Agency>& agencies, std::string_view parent) {
  std::vector<std::string> out;
  if (parent.empty()) return out;  // "" is every top-level agency's parent
  std::vector<std::string> pending{std::string(parent)};
  while (!pending.empty()) {
    const std::string at = std::move(pending.back());
    pending.pop_back();
    for (const auto& a : agencies) {
      // The checks keep a cycle in bad rows from looping.
      if (a.parent_code != at || a.code == parent ||
          std::find(out.begin(), out.end(), a.code) != out.end()) {
        continue;
      }
      out.push_back(a.code);
      pending.push_back(a.code);
    }
  }
  return out;
}

}  // namespace sigap::domain
