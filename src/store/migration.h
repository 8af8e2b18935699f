#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace sigap::store {

// One numbered schema change of a backend (src/store/migrations/<backend>/
// NNNN_name.sql, embedded at build time). Never edited once merged.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// A database a newer Sigap upgraded holds what this one does not know how
// to keep consistent (a rollback after an upgrade): kFailedPrecondition when
// `applied`, its newest version, is above every migration this build has.
inline Status RefuseNewerSchema(int applied, const std::vector<Migration>& known) {
  const int newest = known.empty() ? 0 : known.back().version;
  if (applied <= newest) return {};
  return Fail(ErrorCode::kFailedPrecondition,
              "the database is at schema version " + std::to_string(applied) +
                  ", newer than this sigap knows (" + std::to_string(newest) +
                  "): run the sigap that upgraded it, or a newer one");
}

}  // namespace sigap::store
