#include "adapt/erlang_c.h"

#include <cmath>
#include <limits>

namespace sigap::adapt {

double OfferedLoad(double arrivals_per_hour, double handling_seconds) {
  return arrivals_per_hour * handling_seconds / 3600.0;
}

double ErlangB(int agents, double load) {
  double b = 1;
  for (int n = 1; n <= agents; ++n) b = load * b / (n + load * b);
  return b;
}

double ErlangC(int agents, double load) {
  if (load <= 0) return 0;
  if (agents <= load) return 1;
  const double b = ErlangB(agents, load);
  return agents * b / (agents - load * (1 - b));
}

StaffingFigures Staffing(int agents, double arrivals_per_hour, double handling_seconds,
                         double target_wait_seconds) {
  StaffingFigures f;
  f.agents = agents;
  f.load = OfferedLoad(arrivals_per_hour, handling_seconds);
  f.stable = f.load <= 0 || agents > f.load;
  if (!f.stable) {
    f.occupancy = 1;
    f.probability_of_wait = 1;
    f.mean_wait_seconds = std::numeric_limits<double>::infinity();
    f.service_level = 0;
    return f;
  }
  if (f.load <= 0) {
    f.occupancy = 0;
    f.probability_of_wait = 0;
    f.mean_wait_seconds = 0;
    f.service_level = 1;
    return f;
  }
  f.occupancy = f.load / agents;
  f.probability_of_wait = ErlangC(agents, f.load);
  const double spare = agents - f.load;
  f.mean_wait_seconds = f.probability_of_wait * handling_seconds / spare;
  f.service_level =
      1 - f.probability_of_wait * std::exp(-spare * target_wait_seconds / handling_seconds);
  return f;
}

std::optional<StaffingFigures> OfficersNeeded(double arrivals_per_hour, double handling_seconds,
                                              double target_wait_seconds, double target_share,
                                              int max_agents) {
  const double load = OfferedLoad(arrivals_per_hour, handling_seconds);
  if (load <= 0) return Staffing(0, arrivals_per_hour, handling_seconds, target_wait_seconds);
  // The service level rises with every officer added once N > A, so the
  // first N that meets the target is the answer. Erlang B is carried along
  // the same recurrence instead of being recomputed for each N.
  double b = 1;
  for (int n = 1; n <= max_agents; ++n) {
    b = load * b / (n + load * b);
    if (n <= load) continue;
    const double c = n * b / (n - load * (1 - b));
    const double level = 1 - c * std::exp(-(n - load) * target_wait_seconds / handling_seconds);
    if (level >= target_share) {
      return Staffing(n, arrivals_per_hour, handling_seconds, target_wait_seconds);
    }
  }
  return std::nullopt;
}

}  // namespace sigap::adapt
