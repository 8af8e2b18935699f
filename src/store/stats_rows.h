#pragma once

// The arithmetic of the statistics, the same on both backends.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

inline constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

// Still being handled: not yet resolved, rejected or closed.
inline constexpr const char* kHandling =
    "status IN ('received', 'verified', 'needs_info', 'disposed', 'in_progress')";

// The case reached its lead agency: disposed to it, whatever happened after
// (domain::DisposedToAgency). What the verifiers rejected or still hold
// under a service's agency is not that agency's.
inline constexpr const char* kReachedAgency =
    "(disposed_at IS NOT NULL OR status IN ('disposed', 'in_progress', 'resolved', 'closed'))";

inline double Median(std::vector<int64_t>& micros) {
  if (micros.empty()) return -1;
  std::sort(micros.begin(), micros.end());
  const size_t n = micros.size();
  const double mid =
      n % 2 == 1 ? double(micros[n / 2]) : (double(micros[n / 2 - 1]) + double(micros[n / 2])) / 2;
  return mid / double(kMicrosPerDay);
}

}  // namespace sigap::store::rows
