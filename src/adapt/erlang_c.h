#pragma once

#include <optional>

namespace sigap::adapt {

// Staffing of a counter (a Mal Pelayanan Publik desk, a loket) modelled as
// an M/M/N queue: citizens arrive at random (Poisson) at `arrivals_per_hour`,
// each takes on average `handling_seconds` of one officer's time
// (exponential), N officers serve one queue, nobody gives up. The Erlang C
// formula (A. K. Erlang, 1917) then gives the chance a citizen waits at all,
// the mean wait and the share served within a target wait.
//
// Every function is pure and thread-safe. Inputs must be finite and
// non-negative; `agents` >= 0.

// The offered load A = arrivals_per_hour × handling_seconds / 3600, in
// erlangs (busy officers on average).
double OfferedLoad(double arrivals_per_hour, double handling_seconds);

// Erlang B, the blocking probability of `agents` servers offered `load`
// erlangs, by the recurrence B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1)):
// no factorials or powers, so it stays accurate for thousands of agents.
double ErlangB(int agents, double load);

// Erlang C, the probability that an arriving citizen has to wait:
// C = N·B / (N − A·(1 − B)). Returns 1 when agents <= load (the queue grows
// without bound) and 0 when load is 0.
double ErlangC(int agents, double load);

// What a number of officers achieves.
struct StaffingFigures {
  int agents = 0;
  double load = 0;                 // erlangs
  double occupancy = 0;            // load / agents, 0..1 (1 when unstable)
  bool stable = false;             // agents > load: the queue does not grow for ever
  double probability_of_wait = 1;  // Erlang C
  // Mean wait in the queue over all citizens, C·h/(N − A); infinite when unstable.
  double mean_wait_seconds = 0;
  // Share waiting at most `target_wait_seconds`: 1 − C·exp(−(N − A)·t/h); 0 when unstable.
  double service_level = 0;
};

// Returns the figures of `agents` officers.
StaffingFigures Staffing(int agents, double arrivals_per_hour, double handling_seconds,
                         double target_wait_seconds);

// Returns the fewest officers (at most `max_agents`) for which the share of
// citizens waiting at most `target_wait_seconds` is at least `target_share`
// (0 < target_share < 1), with their figures; nullopt when even `max_agents`
// are not enough. With no arrivals the answer is 0 officers.
std::optional<StaffingFigures> OfficersNeeded(double arrivals_per_hour, double handling_seconds,
                                              double target_wait_seconds, double target_share,
                                              int max_agents = 100000);

}  // namespace sigap::adapt
