#include "adapt/arrival_profile.h"

namespace sigap::adapt {

using namespace std::chrono;

int WeekdayIndex(sys_days day) {
  return static_cast<int>((weekday(day).c_encoding() + 6) % 7);  // c_encoding: Sunday = 0
}

ArrivalProfile CountArrivals(const std::vector<Timestamp>& arrivals, Timestamp from,
                             Timestamp until, minutes utc_offset) {
  ArrivalProfile p;
  // Occurrences of each local slot among the whole hours of the window.
  for (auto h = ceil<hours>(from + utc_offset); h + hours(1) <= until + utc_offset; h += hours(1)) {
    const auto day = floor<days>(h);
    ++p.occurrences[WeekdayIndex(day)][(h - day).count()];
  }
  std::array<std::array<long, 24>, 7> counts{};
  for (const Timestamp t : arrivals) {
    if (t < from || t >= until) continue;
    const auto local = floor<hours>(t + utc_offset);
    const auto day = floor<days>(local);
    ++counts[WeekdayIndex(day)][(local - day).count()];
    ++p.arrivals;
  }
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) {
      const int n = p.occurrences[d][h];
      p.per_hour[d][h] = n > 0 ? double(counts[d][h]) / n : 0.0;
    }
  }
  return p;
}

}  // namespace sigap::adapt
