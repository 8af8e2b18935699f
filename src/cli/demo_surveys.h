#pragma once

#include <cstdint>

#include "cli/demo_catalogue.h"
#include "domain/result.h"
#include "domain/time.h"
#include "domain/working_calendar.h"
#include "store/store.h"

namespace sigap::cli {

// The demo's satisfaction surveys (SKM, PermenPAN-RB 14/2017), so that the
// IKM screen, its Excel and PDF reports, the public IKM page and the
// falling-IKM alert have a year to read: each agency that gives services
// surveys every quarter (today's and `quarters` - 1 before it), with
// about a hundred respondents a quarter (fewer in today's, by the share of
// it gone). Answers follow the agency's quality (DemoAgencyMeanStars, as
// its case ratings do) and each element's usual standing: the cost (most
// services are free) scores best, the time taken and complaint handling
// worst. The staged decline: over today's quarter Disdukcapil's waiting
// time, procedure and complaint handling score lower (a new queueing
// system), so its IKM falls against the quarter before by more than the
// noise.

struct DemoSkmSummary {
  int surveys = 0;
  int responses = 0;
};

// Writes the surveys and their responses of the demo Pemda `pemda` (its
// catalogue already saved), up to the Pemda's local day at `now`; the
// respondents answer on the working days of `calendar` (the counter is
// closed on weekends and days off).
// Deterministic for a seed and day. The store's errors; kInvalidArgument
// when the catalogue does not fit a survey (a bug of the demo's data).
[[nodiscard]] Result<DemoSkmSummary> LoadDemoSurveys(store::Store& store, domain::PemdaId pemda,
                                                     const DemoCatalogue& catalogue,
                                                     const domain::WorkingCalendar& calendar,
                                                     const Clock& clock, int quarters,
                                                     uint64_t seed);

}  // namespace sigap::cli
