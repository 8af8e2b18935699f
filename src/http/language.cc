#include "http/language.h"

#include <cstdlib>
#include <string>

namespace sigap::http {

bool PrefersEnglish(std::string_view header) {
  // Take the language range with the highest q; ties keep header order.
  double best_q = -1;
  bool english = false;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    pos = end + 1;
    double q = 1.0;
    if (const auto semi = item.find(';'); semi != std::string_view::npos) {
      const auto qpos = item.find("q=", semi);
      if (qpos != std::string_view::npos) {
        q = std::strtod(std::string(item.substr(qpos + 2)).c_str(), nullptr);
      }
      item = item.substr(0, semi);
    }
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    const std::string_view primary = item.substr(0, item.find('-'));
    const bool en = primary == "en" || primary == "EN" || primary == "En";
    const bool id = primary == "id" || primary == "ID" || primary == "in";
    if ((en || id) && q > best_q) {
      best_q = q;
      english = en;
    }
    if (end == header.size()) break;
  }
  return english;
}

}  // namespace sigap::http
