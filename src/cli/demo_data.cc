#include "cli/demo_data.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

#include "app/calendar_book.h"
#include "app/data_file.h"
#include "app/policy_book.h"
#include "app/routing_rules.h"
#include "cli/demo_cases.h"
#include "cli/demo_catalogue.h"
#include "cli/demo_history.h"
#include "cli/demo_ratings.h"
#include "cli/demo_sampling.h"
#include "cli/demo_service_matcher.h"
#include "cli/demo_surveys.h"
#include "cli/demo_users.h"
#include "domain/time.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBatchSize = 500;

Status SaveCatalogue(store::Store& store, domain::PemdaId pemda, DemoCatalogue& catalogue,
                     Timestamp window_start) {
  // Agencies before the units inside them.
  std::stable_partition(catalogue.agencies.begin(), catalogue.agencies.end(),
                        [](const domain::Agency& a) { return a.parent_code.empty(); });
  for (const auto& agency : catalogue.agencies) {
    if (auto saved = store.SaveAgency(pemda, agency); !saved) return saved;
  }
  if (auto saved = store.SaveRegions(pemda, catalogue.regions); !saved) return saved;
  for (auto& service : catalogue.services) {
    // Every demo case must find its standard in force: start the standards
    // no later than the history does.
    service.standard.effective_from =
        std::min(service.standard.effective_from, window_start - std::chrono::days(1));
    if (auto saved = store.SaveService(pemda, service); !saved) return Fail(saved.error());
  }
  return {};
}

// The demo's routing rules (issue 5), data/demo/routing_rules.json:
// {"rules": [{"service_code", "region_code", "agency_code"}]}. Checked like
// rules added by an administrator.
Status SaveRoutingRules(store::Store& store, domain::PemdaId pemda, const Clock& clock,
                        const fs::path& file) {
  auto doc = app::ReadJsonFile(file);
  if (!doc) return Fail(doc.error());
  const auto rules_json = doc->find("rules");
  if (rules_json == doc->end() || !rules_json->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, file.string() + ": needs a \"rules\" array");
  }
  app::RoutingRules rules(store, clock);
  for (const auto& r : *rules_json) {
    store::RoutingRule rule;
    rule.service_code = r.value("service_code", "");
    rule.region_code = r.value("region_code", "");
    rule.agency_code = r.value("agency_code", "");
    auto saved = rules.Add(pemda, rule, "import");
    if (!saved) {
      return Fail(ErrorCode::kInvalidArgument,
                  file.string() + ": rule " + rule.service_code + "@" + rule.region_code + ": " +
                      (saved.error().fields.empty() ? saved.error().message
                                                    : saved.error().fields.front().field + " " +
                                                          saved.error().fields.front().code));
    }
  }
  return {};
}

// The starter policy rules (issue 10), data/policy/*.toml, each with its
// basis: saved as version 1 and left disabled, to be tried on the demo's
// history (`sigap rules try`, the Rules page) before anyone enables them.
Result<int> SavePolicyRules(store::Store& store, domain::PemdaId pemda, Timestamp now,
                            const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  app::PolicyBook book(store);
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto saved = book.Save(pemda, text.str(), "toml", 0, "import", now);
    if (!saved) return Fail(saved.error().code, file.string() + ": " + saved.error().message);
  }
  return static_cast<int>(files.size());
}

// A demo case waiting in a batch, with its reporter's rating if any.
struct PendingRating {
  size_t index = 0;  // in the batch
  std::string agency_code;
  DemoRating rating;
};

// Writes `batch` and then the ratings of its cases; returns the cases
// written and adds the ratings to `rated`.
Result<int> SubmitBatch(store::Store& store, app::CaseIntake& intake, domain::PemdaId pemda,
                        std::vector<store::NewCase>& batch, std::vector<PendingRating>& ratings,
                        int& rated) {
  if (batch.empty()) return 0;
  auto written = intake.SubmitAll(std::move(batch));
  batch.clear();
  if (!written) return Fail(written.error());
  for (auto& p : ratings) {
    store::CaseRating rating;
    rating.case_id = (*written)[p.index].receipt.case_id;
    rating.pemda_id = pemda;
    rating.agency_code = std::move(p.agency_code);
    rating.stars = p.rating.stars;
    rating.comment = std::move(p.rating.comment);
    rating.created_at = p.rating.at;
    rating.resolution = p.rating.resolution;
    if (auto saved = store.SaveCaseRating(rating); !saved) return Fail(saved.error());
    ++rated;
  }
  ratings.clear();
  return static_cast<int>(written->size());
}

}  // namespace

Result<DemoSummary> LoadDemo(store::Store& store, app::CaseIntake& intake, const Clock& clock,
                             const DemoOptions& options) {
  const fs::path data_dir = options.data_dir.empty() ? DefaultDataDir(nullptr) : options.data_dir;
  auto catalogue = LoadDemoCatalogue(data_dir);
  if (!catalogue) return Fail(catalogue.error());
  auto matcher = ServiceMatcher::Load(catalogue->settings.keywords_file, catalogue->services);
  if (!matcher) return Fail(matcher.error());
  auto reports = ReadDemoReports(catalogue->settings.complaints_file);
  if (!reports) return Fail(reports.error());

  const auto existing = store.FindPemda(catalogue->pemda.code);
  if (existing) {
    return Fail(ErrorCode::kConflict, "the store already has Pemda " + catalogue->pemda.code);
  }
  if (existing.error().code != ErrorCode::kNotFound) return Fail(existing.error());

  // Plan first, so that a data problem fails before anything is written.
  const Timestamp now = clock.Now();
  std::mt19937_64 rng(options.seed);
  auto planned =
      PlanDemoCases(*catalogue, *matcher, *reports, now, options.cases, options.months, rng);
  if (!planned) return Fail(planned.error());

  DemoSummary summary;
  auto pemda_id = store.SavePemda(catalogue->pemda);
  if (!pemda_id) return Fail(pemda_id.error());
  summary.pemda_id = *pemda_id;
  if (auto saved =
          SaveCatalogue(store, *pemda_id, *catalogue, DemoWindowStart(now, options.months));
      !saved) {
    return Fail(saved.error());
  }
  // The default taxonomy (issue 8) before the cases that name its codes.
  if (!catalogue->categories.empty()) {
    auto imported = store.ImportCategories(*pemda_id, catalogue->categories);
    if (!imported) return Fail(imported.error());
    summary.categories = imported->added + imported->updated;
  }
  if (const fs::path rules = data_dir / "demo" / "routing_rules.json"; fs::exists(rules)) {
    if (auto saved = SaveRoutingRules(store, *pemda_id, clock, rules); !saved) {
      return Fail(saved.error());
    }
  }
  if (const fs::path policy = data_dir / "policy"; fs::is_directory(policy)) {
    auto saved = SavePolicyRules(store, *pemda_id, now, policy);
    if (!saved) return Fail(saved.error());
    summary.policy_rules = *saved;
  }
  summary.agencies = static_cast<int>(catalogue->agencies.size());
  summary.regions = static_cast<int>(catalogue->regions.size());
  summary.services = static_cast<int>(catalogue->services.size());

  app::Accounts accounts(store, clock);
  auto users = CreateDemoUsers(accounts, *pemda_id, catalogue->settings.users);
  if (!users) return Fail(users.error());
  summary.users = std::move(*users);

  // The history: each case lives through the domain's decisions, its
  // deadlines counted on the Pemda's calendar.
  auto calendars = app::CalendarBook::Create(store, data_dir / "calendar", options.cutoff);
  if (!calendars) return Fail(calendars.error());
  domain::Pemda pemda = catalogue->pemda;
  pemda.id = *pemda_id;
  auto calendar = (*calendars)->For(pemda);
  if (!calendar) return Fail(calendar.error());
  const DemoHistory history(*catalogue, *calendar, options.policy, now);

  std::vector<store::NewCase> batch;
  batch.reserve(kBatchSize);
  std::vector<PendingRating> ratings;
  for (auto& plan : *planned) {
    app::SubmitOptions submit;
    submit.actor = "import";
    submit.created_at = plan.created_at;
    auto prepared = intake.Prepare(*pemda_id, std::move(plan.submission), submit);
    if (!prepared) {
      if (prepared.error().code != ErrorCode::kInvalidArgument) return Fail(prepared.error());
      ++summary.skipped;
      continue;
    }
    // Each case lives from a generator of its own: a recent case whose
    // history stops at `now` draws less than it would an hour later, and
    // with one generator for all, every case after it would then live
    // another life (two demos of one day differed: 15 backlog alerts or
    // none, an answered request for information or none).
    auto life_rng = CaseGenerator(options.seed + 1, plan.key);
    if (auto played = history.Play(*prepared, life_rng); !played) return Fail(played.error());
    ++summary.by_status[prepared->status];
    // Its reporter's rating, from a generator of its own as its life.
    auto rating_rng = CaseGenerator(options.seed + 2, plan.key);
    const double mean = DemoAgencyMeanStars(prepared->agency_code, options.seed);
    if (auto rating = PlanDemoRating(*prepared, mean, now, rating_rng)) {
      ratings.push_back({batch.size(), prepared->agency_code, std::move(*rating)});
    }
    batch.push_back(std::move(*prepared));
    if (batch.size() == kBatchSize) {
      auto written = SubmitBatch(store, intake, *pemda_id, batch, ratings, summary.ratings);
      if (!written) return Fail(written.error());
      summary.cases += *written;
    }
  }
  auto written = SubmitBatch(store, intake, *pemda_id, batch, ratings, summary.ratings);
  if (!written) return Fail(written.error());
  summary.cases += *written;

  auto skm = LoadDemoSurveys(store, *pemda_id, *catalogue, **calendar, clock,
                             options.survey_quarters, options.seed);
  if (!skm) return Fail(skm.error());
  summary.surveys = skm->surveys;
  summary.survey_responses = skm->responses;
  return summary;
}

Result<int> CloseDemoAlertsOfLongAgo(store::Store& store, domain::PemdaId pemda,
                                     std::chrono::year_month_day today, Timestamp now, int days) {
  const std::chrono::year_month_day last{std::chrono::sys_days(today) - std::chrono::days(days)};
  const std::string oldest_kept = DayText(last);  // as alerts' days are stored
  auto users = store.ListUsers(pemda);
  if (!users) return Fail(users.error());
  const auto officer = [&](domain::Role role, const std::string& agency) -> std::string {
    for (const auto& u : *users) {
      if (u.active && u.role == role && (agency.empty() || u.agency_code == agency)) {
        return "user:" + u.username;
      }
    }
    return "";
  };
  const std::string verifier = officer(domain::Role::kVerifier, "");
  store::AlertFilter filter;
  filter.status = domain::AlertStatus::kNew;
  filter.limit = 200;
  int closed = 0;
  for (;;) {
    auto page = store.ListAlerts(pemda, filter);
    if (!page) return Fail(page.error());
    for (const auto& a : page->alerts) {
      if (a.last_day >= oldest_kept) continue;
      std::string actor;
      if (!a.evidence.agency_code.empty()) {
        actor = officer(domain::Role::kAgencyHead, a.evidence.agency_code);
      }
      if (actor.empty()) actor = verifier;
      if (actor.empty()) continue;
      store::AlertMove move{domain::AlertStatus::kClosed, actor,
                            "Sudah ditindaklanjuti bersama perangkat daerah terkait; kondisinya "
                            "sudah kembali seperti biasa.",
                            now};
      if (auto moved = store.MoveAlert(pemda, a.id, move); !moved) return Fail(moved.error());
      ++closed;
    }
    if (page->next_cursor == 0) return closed;
    filter.before = page->next_cursor;
  }
}

fs::path DefaultDataDir(const char* argv0) {
  if (const char* env = std::getenv("SIGAP_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  fs::path exe;
  if (argv0 != nullptr && std::strchr(argv0, '/') != nullptr) {
    exe = fs::weakly_canonical(fs::absolute(argv0, ec), ec);
  }
  if (exe.empty() || ec) {
    ec.clear();
    exe = fs::read_symlink("/proc/self/exe", ec);
  }
  if (!exe.empty() && !ec) {
    for (const char* relative : {"../share/sigap/data", "../../data"}) {
      fs::path candidate = (exe.parent_path() / relative).lexically_normal();
      if (fs::is_directory(candidate, ec)) return candidate;
    }
  }
  return fs::path(SIGAP_SOURCE_DIR "/data");
}

}  // namespace sigap::cli
