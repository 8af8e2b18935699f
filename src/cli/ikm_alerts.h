#pragma once

// Falling satisfaction by the official survey (SKM, PermenPAN-RB 14/2017):
// the alerts of issue 9 that the case ratings' CUSUM cannot raise, because
// most SKM responses are collected at the counter or imported from a
// survey round, not given to a case.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "adapt/alert.h"
#include "adapt/layout.h"
#include "app/satisfaction_book.h"
#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/skm_tally.h"

namespace sigap::cli {

// The Pemda's false alarms of falling IKM that IkmFallBoundary allows in a
// quarter, all its units together (about 0.08 in 30 days, a small part of
// issue 9's budget of one in 30 days for every detector).
inline constexpr double kIkmFallFalseAlarmsPerQuarter = 0.25;

// How many standard errors an IKM must fall by before it is an alert, when
// `units` agencies are judged. The fall is judged every day while the
// quarter's responses come in: at the 1.96 of a single comparison, such
// repeated looks at accumulating data let a unit with no change cross at
// some point in about a third of its quarters (Armitage, McPherson & Rowe
// 1969, J. R. Stat. Soc. A 132:235), and every unit adds its own. The
// boundary c is where a unit's chance of ever crossing in a quarter is
// kIkmFallFalseAlarmsPerQuarter / units, by Siegmund's approximation for
// a repeated significance test watched while its sample grows k-fold:
// (1 - Φ(c)) + φ(c) (c - 1/c) ln k (Siegmund 1985, Sequential Analysis,
// ch. 4), with k = kIkmLookSpan: about 2.1 for one unit, 3.3 for 13.
inline constexpr double kIkmLookSpan = 30;  // from 5 respondents to 150
double IkmFallBoundary(size_t units);
// The respondents each quarter needs before its IKM is compared: below
// about ten, a sample's standard deviation is too rough for the normal
// boundary, and the first days of a quarter crossed it four times as
// often as it allows (bench/RESULTS.md, issue 9).
inline constexpr uint64_t kIkmFewestRespondents = 10;

// Whether two periods' scores are compared: each with an IKM, its interval
// and kIkmFewestRespondents.
bool IkmComparable(const domain::SkmScore& now, const domain::SkmScore& then);
// How far `now`'s IKM fell below `then`'s, in standard errors of the
// difference (domain::ChangeInterval); negative for a rise. Requires
// IkmComparable.
double IkmFallInStandardErrors(const domain::SkmScore& now, const domain::SkmScore& then);

// For each agency of `layout` with SKM responses: its IKM over the quarter
// so far (to `today`, the Pemda's local day) against the whole quarter
// before, and a falling_rating draft (group "falling_ikm:CODE") when it
// fell by more than IkmFallBoundary standard errors (IkmFallInStandardErrors)
// for the units judged: those whose two periods are IkmComparable. GET
// /api/v1/ikm's `exceeds_noise` is the single comparison a person asks for
// (domain::ChangeInterval's 95% interval, about 1.96 standard errors at
// these counts).
[[nodiscard]] Result<std::vector<adapt::AlertDraft>> IkmFallDrafts(app::SatisfactionBook& book,
                                                                   const domain::Pemda& pemda,
                                                                   const adapt::Layout& layout,
                                                                   adapt::Day today);

}  // namespace sigap::cli
