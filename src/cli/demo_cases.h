#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cli/demo_catalogue.h"
#include "cli/demo_service_matcher.h"
#include "domain/case.h"
#include "domain/result.h"
#include "domain/time.h"

namespace sigap::cli {

// One real report of demo/complaints.csv.
struct DemoReport {
  std::string id;
  std::string agency;  // the agency it was addressed to
  std::string subject;
  std::string text;
};

// Reads id,agency,subject,text rows, keeping the first of rows that repeat
// an id. Errors: those of ReadCsvTable, or kInvalidArgument when a column
// is missing.
[[nodiscard]] Result<std::vector<DemoReport>> ReadDemoReports(const std::filesystem::path& file);

// A historical case to be prepared and written.
struct PlannedCase {
  domain::CaseSubmission submission;
  Timestamp created_at{};
  std::string report_id;  // the real report it was built from
  // Its place in the plan, whatever `now`: seeds the generator of its life
  // (CaseGenerator), so that each case lives the same life in two demos of
  // the same day, and in a demo with more cases.
  uint64_t key = 0;
};

// Returns `text` trimmed and, when longer than `max_code_points`, cut at the
// last space that leaves room for an ellipsis ("…"), or mid-word when there
// is none. Requires valid UTF-8 and max_code_points >= 2.
std::string TruncateOnWord(std::string_view text, size_t max_code_points);

// Turns real reports into `count` plausible historical cases of the demo
// Pemda, ordered by created_at:
// - title and description are the report's subject and text (trimmed to
//   the submission limits on a word boundary);
// - the service comes from `matcher` (none: a complaint without service),
//   the category from the service (catalogue.service_categories);
//   the kind is mostly complaint, sometimes what the text's cues suggest
//   and the service accepts;
// - the kelurahan is one the text names (for reports about the Pemda) or a
//   weighted random one, and the point lies inside its boundary;
// - created_at lies in the `months` months before the end of now's local
//   day and before `now`, busier on weekday office hours, growing mildly,
//   with seasonal services in their season; each case draws it from a
//   generator of its own, so that the hour of `now` changes only the cases
//   it would come before;
// - channel, anonymity, confidentiality and synthetic contact data follow
//   the catalogue's settings.
// - the catalogue's surge, when it has one, takes at most a tenth of the
//   cases: reports about the Pemda that use one of its words, filed under
//   its service in its kelurahan over its last days before `now`;
// - the catalogue's backlog, when it has one, another tenth at most:
//   reports filed under its agency's services over its last days.
// Reports are used once each while they last (those the matcher can file
// first); with more cases than reports, reports repeat. Deterministic for a
// given `rng` state; for a given state and local day of `now`, the same
// cases but those after `now`.
[[nodiscard]] Result<std::vector<PlannedCase>> PlanDemoCases(const DemoCatalogue& catalogue,
                                                             const ServiceMatcher& matcher,
                                                             const std::vector<DemoReport>& reports,
                                                             Timestamp now, int count, int months,
                                                             std::mt19937_64& rng);

// The start of the history window: `months` average Gregorian months
// before `now`.
Timestamp DemoWindowStart(Timestamp now, int months);

}  // namespace sigap::cli
