#pragma once

// Falling satisfaction by the official survey (SKM, PermenPAN-RB 14/2017):
// the alerts of issue 9 that the case ratings' CUSUM cannot raise, because
// most SKM responses are collected at the counter or imported from a
// survey round, not given to a case.

#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "app/satisfaction_book.h"
#include "domain/catalogue.h"
#include "domain/result.h"

namespace sigap::cli {

// For each agency of `layout` with SKM responses: its IKM over the quarter
// so far (to `today`, the Pemda's local day) against the whole quarter
// before, and a falling_rating draft (group "falling_ikm:CODE") when it
// fell by more than the noise: the 95% interval of the difference of two
// independent estimates, half width sqrt(h1^2 + h2^2), the test GET
// /api/v1/ikm reports as `exceeds_noise`. Neither period needs a minimum
// of respondents: with few, the interval is wide and nothing is drafted.
[[nodiscard]] Result<std::vector<adapt::AlertDraft>> IkmFallDrafts(app::SatisfactionBook& book,
                                                                   const domain::Pemda& pemda,
                                                                   const adapt::Layout& layout,
                                                                   adapt::Day today);

}  // namespace sigap::cli
