#pragma once

#include <ostream>
#include <string>

namespace sigap::cli {

// `sigap copy --from sqlite:PATH --to postgresql://…`: moves a Pemda from
// the embedded default to PostgreSQL. The target is migrated first and must
// hold no Pemda, case or event yet; every row of every table is copied
// (one read snapshot of the source, one transaction on the target, with
// COPY), identity sequences are moved past the copied ids, and the target's
// hash chain is verified. Refused while a `sigap serve` has the source
// open (its cases acknowledged meanwhile would be left behind); no server
// starts on it while the copy runs.
//
// Returns the exit code: 0 copied and verified, 1 failed (nothing is left
// half-copied on the target), 2 usage.
int Copy(const std::string& from, const std::string& to, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
