#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "app/case_intake.h"
#include "domain/case.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "domain/time.h"
#include "store/store.h"

namespace sigap::cli {

struct DemoOptions {
  std::filesystem::path data_dir;  // empty: DefaultDataDir(nullptr)
  int cases = 1000;                // historical cases to create
  int months = 18;                 // spread over this many months before clock.Now()
  int survey_quarters = 5;         // SKM surveys of each unit: today's quarter and those before
  uint64_t seed = 20261130;        // same seed, data and clock: same demo
  // How the history's deadlines are counted (the [sla] and [calendar]
  // defaults of sigap.toml): the SLA targets and the office's cut-off.
  domain::SlaPolicy policy = {};
  std::chrono::minutes cutoff{16 * 60};
};

struct DemoSummary {
  domain::PemdaId pemda_id = 0;
  int agencies = 0;
  int regions = 0;
  int services = 0;
  int categories = 0;  // of the default taxonomy (issue 8)
  int cases = 0;       // written
  int skipped = 0;     // planned cases that CaseIntake::Prepare refused
  int ratings = 0;     // reporters' ratings of the answers (cli/demo_ratings.h)
  int surveys = 0;     // SKM surveys, a unit's quarter each (cli/demo_surveys.h)
  int survey_responses = 0;
  int policy_rules = 0;  // starter policy rules saved (disabled), data/policy
  std::map<domain::CaseStatus, int> by_status;             // written cases by their status now
  std::vector<std::pair<std::string, std::string>> users;  // username, password (shown once)
};

// Loads the demo Pemda (Kota Semarang) described under `options.data_dir`
// into `store`: the Pemda, its agencies, regions with boundaries, service
// catalogue with Standar Pelayanan, officer accounts with random passwords,
// and about `options.cases` historical cases built from real SP4N-LAPOR!
// reports, prepared by `intake` (actor "import"), given a lifecycle up to
// now by DemoHistory (verified, disposed, resolved, closed ... with their
// events and deadlines on the Pemda's calendar of `data_dir`/calendar) and
// written in batches, each followed by its reporters' ratings
// (PlanDemoRating); then a year of SKM surveys (LoadDemoSurveys).
// Deterministic for the same data, seed and clock, except the passwords
// and the tracking codes.
//
// Errors: kConflict when the store already has the Pemda; kNotFound or
// kInvalidArgument (naming the file) for missing or malformed data files;
// the store's errors. A failure after the Pemda was saved leaves what was
// written so far (run it on an empty database).
[[nodiscard]] Result<DemoSummary> LoadDemo(store::Store& store, app::CaseIntake& intake,
                                           const Clock& clock, const DemoOptions& options);

// Closes the alerts of `pemda` still new whose change ended long ago: their
// last day is more than `days` days before `today`. The demo's detectors
// find the alerts of its whole history on the day it is loaded; those of
// changes long over would have been dealt with then, so that the dashboard's
// new alerts are those of the last weeks (the flood, DPU's backlog). Each is
// closed at `now`, with a reason, by the head of its agency when the Pemda
// has that officer, else by a verifier (none: left new). Returns how many
// were closed; the store's errors.
[[nodiscard]] Result<int> CloseDemoAlertsOfLongAgo(store::Store& store, domain::PemdaId pemda,
                                                   std::chrono::year_month_day today, Timestamp now,
                                                   int days = 30);

// Where the data files are, first that applies: $SIGAP_DATA_DIR;
// <dir of the executable>/../share/sigap/data (installed);
// <dir of the executable>/../../data (a build directory such as
// build/release inside the source tree); else the source tree's data/.
// `argv0` may be null; the executable is then found through /proc/self/exe.
std::filesystem::path DefaultDataDir(const char* argv0);

}  // namespace sigap::cli
