#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "domain/time.h"
#include "store/store.h"

namespace sigap::cli {

// The demo's reporters rate some of the answers they got (issue 6's
// per-case ratings, read by the satisfaction summary and by the detectors'
// falling-satisfaction signal), as they would through POST
// /api/v1/cases/{code}/rating: the last answer of a resolved or closed
// case, once.

// The stars an agency's answers earn on average in the demo, between 3.3
// and 4.5: agencies differ, as the IKM of real units does. Deterministic
// for a code and seed.
double DemoAgencyMeanStars(std::string_view agency_code, uint64_t seed);

// A reporter's rating of `c` (a demo case after DemoHistory::Play).
struct DemoRating {
  int stars = 0;
  std::string comment;  // Indonesian, often none
  Timestamp at{};
  int resolution = 1;  // which of the case's answers: 1 for its first `resolved`
};

// Whether the reporter of `c` rated its last answer by `now`, and how:
// about a third of the resolved and closed cases are rated, within days
// of their last `resolved` event. Stars start from `agency_mean` and are
// lower for an answer that took weeks or for a case reopened before it.
// Draws from `rng` only.
std::optional<DemoRating> PlanDemoRating(const store::NewCase& c, double agency_mean, Timestamp now,
                                         std::mt19937_64& rng);

}  // namespace sigap::cli
