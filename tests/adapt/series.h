#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sigap::adapt {

// Rows of a test data file (tests/adapt/data): '#' lines are comments,
// fields are split at `separator`.
inline std::vector<std::vector<std::string>> ReadRows(const std::string& name,
                                                      char separator = ',') {
  std::ifstream in(std::string(SIGAP_SOURCE_DIR) + "/tests/adapt/data/" + name);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, separator)) fields.push_back(field);
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace sigap::adapt
