#pragma once

#include <string_view>
#include <vector>

namespace sigap::store {

// One numbered schema change of a backend (src/store/migrations/<backend>/
// NNNN_name.sql, embedded at build time). Never edited once merged.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

}  // namespace sigap::store
