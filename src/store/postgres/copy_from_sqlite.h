#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/result.h"

namespace sigap::store::postgres {

struct CopyReport {
  std::vector<std::pair<std::string, int64_t>> tables;  // each copied table and its rows
  int64_t rows = 0;
  int64_t events_checked = 0;  // the target's hash chain, verified
};

// Moves a Pemda from the embedded default to PostgreSQL: migrates the
// target, which must hold no Pemda, case or event yet (kFailedPrecondition,
// also when the source's schema is not the target's); copies every row of
// every table (one read snapshot of the source, one transaction on the
// target, with COPY); moves identity sequences past the copied ids; and
// verifies the target's hash chain. The source may be serving meanwhile.
// On any error nothing is left half-copied on the target.
[[nodiscard]] Result<CopyReport> CopyFromSqlite(const std::string& sqlite_path,
                                                const std::string& url);

}  // namespace sigap::store::postgres
