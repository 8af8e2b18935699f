#pragma once

#include <array>
#include <chrono>
#include <vector>

#include "domain/time.h"

namespace sigap::adapt {

// Arrivals per hour by local weekday × hour of day, averaged over a window
// of history: for each of the 7 × 24 slots, the arrivals that fell in it
// divided by how many times that slot occurred in the window (a window of
// 8 weeks and 3 days has 9 Mondays in some of its hours and 8 in others).
// Index 0 is Monday, as in Indonesian office practice.
struct ArrivalProfile {
  std::array<std::array<double, 24>, 7> per_hour{};  // [weekday][hour], arrivals per hour
  std::array<std::array<int, 24>, 7> occurrences{};  // how often each slot was in the window
  long arrivals = 0;                                 // counted in the window
};

// Counts `arrivals` (instants; those outside [from, until) are ignored)
// into a profile, with local hours at `utc_offset`. Requires from <= until;
// only whole hours of the window count as occurrences. Pure.
ArrivalProfile CountArrivals(const std::vector<Timestamp>& arrivals, Timestamp from,
                             Timestamp until, std::chrono::minutes utc_offset);

// Monday = 0 ... Sunday = 6 of a local day.
int WeekdayIndex(std::chrono::sys_days day);

}  // namespace sigap::adapt
