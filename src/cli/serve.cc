// `sigap serve`: the HTTP server on the configured database.
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "api/context.h"
#include "app/accounts.h"
#include "app/calendar_book.h"
#include "app/case_intake.h"
#include "app/case_reader.h"
#include "app/case_support.h"
#include "app/case_workflow.h"
#include "app/geo_directory.h"
#include "app/nearby_cases.h"
#include "app/policy_runner.h"
#include "app/routing_rules.h"
#include "app/satisfaction_book.h"
#include "app/system_clock.h"
#include "app/text_routing.h"
#include "app/text_training.h"
#include "cli/alert_watch.h"
#include "cli/classifier_command.h"
#include "cli/commands.h"
#include "cli/demo_data.h"
#include "cli/notify_settings.h"
#include "cli/runtime.h"
#include "domain/text.h"
#include "domain/working_calendar.h"
#include "http/client_address.h"
#include "http/server.h"
#include "http/static_files.h"
#include "http/work_lane.h"
#include "notify/dispatcher.h"
#include "store/cache_listener.h"
#include "store/database.h"
#include "store/sqlite/file_lock.h"

namespace sigap::cli {
namespace {

// Reports group commits to Prometheus: batch sizes and commit (fsync) time,
// and, on SQLite, the WAL checkpoints beside them (PostgreSQL has none).
class CommitMetrics final : public store::CommitObserver {
 public:
  CommitMetrics(http::Metrics& metrics, bool sqlite)
      : batch_(metrics.Histogram("sigap_store_commit_batch_size",
                                 "Writes per group-committed transaction",
                                 http::Metrics::ExponentialBuckets(1, 2, 10))),
        seconds_(metrics.Histogram("sigap_store_commit_seconds",
                                   "Time to run and fsync one group commit",
                                   http::Metrics::DefaultSecondsBuckets())) {
    if (!sqlite) return;
    checkpoint_seconds_ =
        &metrics.Histogram("sigap_store_checkpoint_seconds",
                           "Time to copy the WAL back into the database file and fsync it",
                           http::Metrics::DefaultSecondsBuckets());
    inline_checkpoints_ =
        &metrics.Counter("sigap_store_inline_checkpoints_total",
                         "Checkpoints the writer ran itself because the WAL had grown too long");
  }

  void OnCommit(size_t batch_size, std::chrono::nanoseconds commit_time) override {
    batch_.Observe(static_cast<double>(batch_size));
    seconds_.Observe(std::chrono::duration<double>(commit_time).count());
  }

  void OnCheckpoint(int /*pages*/, std::chrono::nanoseconds time, bool in_writer) override {
    if (!checkpoint_seconds_) return;
    checkpoint_seconds_->Observe(std::chrono::duration<double>(time).count());
    if (in_writer) inline_checkpoints_->Increment();
  }

 private:
  http::Histogram& batch_;
  http::Histogram& seconds_;
  http::Histogram* checkpoint_seconds_ = nullptr;
  http::Counter* inline_checkpoints_ = nullptr;
};

int Fail(const std::string& message) {
  std::cerr << "sigap serve: " << message << "\n";
  return 1;
}

// Runs `work` every `interval` until stopped (the deadline sweep, the
// policy rules).
class Periodic {
 public:
  Periodic(std::function<void()> work, std::chrono::seconds interval)
      : work_(std::move(work)), interval_(interval), thread_([this] { Run(); }) {}
  ~Periodic() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

 private:
  void Run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      work_();
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  }

  const std::function<void()> work_;
  const std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// Anyone may upload; what no case or action named within `keep_hours`
// goes, so uploads alone cannot fill the disk.
void PurgeUnnamedUploadsOnce(store::Store& store, const Clock& clock, int64_t keep_hours) {
  auto purged = store.PurgeUnnamedFiles(clock.Now() - std::chrono::hours(keep_hours));
  if (!purged) {
    spdlog::warn("uploads: deleting those no case named failed: {}", purged.error().message);
  } else if (*purged > 0) {
    spdlog::info("uploads: deleted {} that no case or action named within {} hours", *purged,
                 keep_hours);
  }
}

void SweepOnce(const app::CaseWorkflow& workflow, const Clock& clock) {
  auto report = workflow.Sweep(clock.Now());
  if (!report) {
    spdlog::warn("deadline sweep failed: {}", report.error().message);
  } else if (report->checked > 0) {
    spdlog::info("deadline sweep: {} due, {} escalated, {} closed, {} failed", report->checked,
                 report->escalated, report->closed, report->failed);
  }
  if (report && report->counted > 0) {
    spdlog::info("deadline sweep: {} deadlines counted now that their year's calendar is installed",
                 report->counted);
  }
}

// Lets every Pemda's enabled policy rules act on what happened (issue 10).
void RunRulesOnce(store::Store& store, app::PolicyRunner& runner, const Clock& clock,
                  const std::function<void()>& wake_sender) {
  auto pemdas = store.ListPemdas();
  if (!pemdas) {
    spdlog::warn("policy rules: {}", pemdas.error().message);
    return;
  }
  for (const auto& p : *pemdas) {
    auto report = runner.RunOnce(p, clock.Now());
    if (!report) {
      spdlog::warn("policy rules of {}: {}", p.code, report.error().message);
      continue;
    }
    if (report->decisions > 0) {
      spdlog::info("policy rules of {}: {} fired, {} acts, {} unchanged, {} refused, {} failed",
                   p.code, report->decisions, report->applied, report->unchanged, report->refused,
                   report->failed);
    }
    if (report->applied > 0) wake_sender();
  }
}

// Each connection is a file descriptor. The soft limit is raised to the
// hard one (systemd's default soft limit is 1,024), and connections are
// capped below it, leaving room for the database, its readers, uploads and
// logs: past the limit, accept() failed and the server answered no one,
// /healthz included, while max_connections never came into play.
int ConnectionsTheDescriptorsAllow(int wanted) {
  constexpr rlim_t kReserve = 256;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= static_cast<rlim_t>(wanted) + kReserve) {
    return wanted;
  }
  const int allowed = limit.rlim_cur > 2 * kReserve ? static_cast<int>(limit.rlim_cur - kReserve)
                                                    : static_cast<int>(limit.rlim_cur / 2);
  spdlog::warn(
      "http: at most {} connections at once: the process may open {} files (raise LimitNOFILE "
      "for more)",
      allowed, static_cast<uint64_t>(limit.rlim_cur));
  return allowed;
}

// The work one node does for all (issue 7): the outbox sender, the
// deadline sweep and the early-warning alerts, while this node leads
// (cli::Leadership). Destroyed in reverse: the alert loops stop first.
struct BackgroundWork {
  BackgroundWork(store::Store& store, const app::CaseWorkflow& workflow, const Clock& clock,
                 notify::Settings settings, bool send, std::chrono::seconds sweep_interval)
      : dispatcher(store, clock, std::move(settings)),
        sweep([&workflow, &clock] { SweepOnce(workflow, clock); }, sweep_interval) {
    // notify.enabled = false (a restored copy under test): the outbox fills
    // and nothing leaves.
    if (send) dispatcher.Start();
  }
  notify::Dispatcher dispatcher;
  Periodic sweep;
  std::unique_ptr<Periodic> rules;
  std::unique_ptr<Periodic> retraining;
  std::unique_ptr<Periodic> upload_purge;
  std::vector<std::unique_ptr<AlertWatch>> watches;
  std::vector<std::unique_ptr<AlertWatchLoop>> watch_loops;
};

// Deadlines reach up to about three months ahead (60 working days): from
// October on, next year's SKB 3 Menteri is needed too. Without a year's
// calendar, deadlines that reach it wait for it rather than be counted
// wrong.
// What a node serves must be readable before it takes requests: a
// configured pemda.code the database does not hold, or a database of
// several Pemda without one, would answer every request with a 503 that
// blames the database; a time zone Sigap cannot read would leave every new
// case without a deadline. A database with no Pemda yet is served (the
// operator runs `sigap demo` or `sigap admin create-pemda` next). Returns
// the Pemda served: none while the database has none.
Result<std::optional<domain::Pemda>> ServedPemda(store::Store& store, const std::string& code) {
  auto pemdas = store.ListPemdas();
  if (!pemdas) return Fail(pemdas.error());
  if (pemdas->empty()) return std::nullopt;
  std::string held;
  for (const auto& p : *pemdas) held += (held.empty() ? "" : ", ") + p.code + " " + p.name;
  if (code.empty() && pemdas->size() > 1) {
    return Fail(ErrorCode::kInvalidArgument,
                "pemda.code: the database holds several Pemda (" + held + "): set which to serve");
  }
  if (!code.empty() && std::none_of(pemdas->begin(), pemdas->end(),
                                    [&](const domain::Pemda& p) { return p.code == code; })) {
    return Fail(ErrorCode::kInvalidArgument,
                "pemda.code: the database has no Pemda " + code + " (it holds " + held + ")");
  }
  const domain::Pemda& served =
      code.empty() ? pemdas->front()
                   : *std::find_if(pemdas->begin(), pemdas->end(),
                                   [&](const domain::Pemda& p) { return p.code == code; });
  if (auto offset = domain::IndonesianUtcOffset(served.time_zone); !offset) {
    return Fail(ErrorCode::kInvalidArgument,
                "Pemda " + served.code + ": " + offset.error().message +
                    "; correct it with `sigap admin create-pemda --code " + served.code +
                    " --name \"" + served.name + "\" --time-zone Asia/Jakarta` (or its own zone)");
  }
  return served;
}

void WarnOfMissingCalendarYears(store::Store& store, app::CalendarBook& calendars, Timestamp now) {
  using namespace std::chrono;
  const year_month_day today{floor<days>(now)};
  std::vector<year> needed{today.year()};
  if (today.month() >= October) needed.push_back(today.year() + years{1});
  auto pemdas = store.ListPemdas();
  if (!pemdas) return;
  for (const auto& pemda : *pemdas) {
    for (const year y : needed) {
      auto covered = calendars.Covers(pemda, y);
      if (!covered || *covered) continue;
      spdlog::warn(
          "calendar of {}: {} has no calendar; deadlines that reach it wait until the SKB 3 "
          "Menteri of that year is installed (Administrasi > Kalender, or {}/{}.json and a "
          "restart; see README, Working-day calendar)",
          pemda.code, int(y), calendars.calendar_dir().string(), int(y));
    }
  }
}

// Starts the detectors of each Pemda (issue 9), rebuilt from its stored
// events, then fed the new ones every adapt.interval_seconds. A Pemda whose
// detectors cannot be built is left out, with a warning.
void StartAlertWatches(store::Store& store, app::CalendarBook& calendars,
                       app::SatisfactionBook& satisfaction, const Config& config,
                       const std::vector<AlertRecipient>& recipients, const Clock& clock,
                       const std::function<void()>& on_alerts, http::Metrics& metrics,
                       BackgroundWork& work) {
  auto all = store.ListPemdas();
  if (!all) {
    spdlog::warn("alerts: {}", all.error().message);
    return;
  }
  for (const auto& p : *all) {
    auto calendar = calendars.For(p);
    if (!calendar) {
      spdlog::warn("alerts of {}: calendar: {}", p.code, calendar.error().message);
      continue;
    }
    AlertWatchOptions watch_options;
    watch_options.recipients = recipients;
    watch_options.quiet_days = static_cast<int>(config.adapt.quiet_days);
    watch_options.judge_open_day = config.adapt.judge_open_day;
    watch_options.save_every = std::chrono::seconds(config.adapt.save_state_seconds);
    watch_options.rebuild_after_events = config.adapt.rebuild_after_events;
    watch_options.satisfaction = &satisfaction;
    auto watch = AlertWatch::Create(store, p, *calendar, watch_options);
    if (!watch) {
      spdlog::warn("alerts of {}: {}", p.code, watch.error().message);
      continue;
    }
    work.watches.push_back(std::move(*watch));
    // Whether the detectors keep up: an operator's alert on a stalled
    // watch reads the last tick's time.
    const http::Labels pemda{{"pemda", p.code}};
    http::Counter& ticks =
        metrics.Counter("sigap_alert_watch_ticks_total",
                        "The alert detectors' runs over new events (issue 9)", pemda);
    http::Counter& failures = metrics.Counter("sigap_alert_watch_failures_total",
                                              "Runs of the alert detectors that failed", pemda);
    http::Gauge& last = metrics.Gauge(
        "sigap_alert_watch_last_tick_seconds",
        "Unix time at which the last successful run of the alert detectors started", pemda);
    work.watch_loops.push_back(std::make_unique<AlertWatchLoop>(
        *work.watches.back(), [&clock] { return clock.Now(); },
        std::chrono::seconds(config.adapt.interval_seconds), on_alerts,
        [&ticks, &failures, &last](bool ok, Timestamp started) {
          ticks.Increment();
          if (!ok) {
            failures.Increment();
            return;
          }
          last.Set(std::chrono::duration<double>(started.time_since_epoch()).count());
        }));
  }
}

}  // namespace

int Serve(const ServeFlags& flags) {
  std::optional<std::string> file = flags.config_file;
  if (!file && std::filesystem::exists("sigap.toml")) file = "sigap.toml";
  auto config = LoadConfig(file);
  if (!config) return Fail(config.error().message);
  if (flags.listen) config->server.listen = *flags.listen;
  if (flags.db) config->database.path = *flags.db;
  if (config->database.path.empty()) return Fail("--db: empty; name the database file or URL");
  auto listen = ParseListen(config->server.listen);
  if (!listen) return Fail("--listen: " + listen.error().message);
  if (!http::IsIpAddress(listen->address)) {
    return Fail("--listen: " + listen->address +
                " is not an IP address (127.0.0.1, 0.0.0.0 or [::1], not a host name)");
  }
  spdlog::set_level(spdlog::level::from_str(config->log.level));

  // Block the stop signals before any thread starts, so only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);  // reload the boundaries, not a stop
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  http::Metrics metrics;
  CommitMetrics commit_metrics(metrics, !store::IsPostgresUrl(config->database.path));
  store::DatabaseOptions store_options;
  store_options.observer = &commit_metrics;
  store_options.max_batch = static_cast<size_t>(config->database.max_batch);
  store_options.pool_size = static_cast<size_t>(config->database.pool_size);
  store_options.connect_timeout_s = static_cast<int>(config->database.connect_timeout_s);
  store_options.acquire_timeout_ms = static_cast<int>(config->database.acquire_timeout_ms);
  store_options.statement_timeout_ms = static_cast<int>(config->database.statement_timeout_ms);
  // Held while this server runs: `sigap restore` refuses the file meanwhile.
  std::optional<store::sqlite::ServingLock> serving;
  const bool new_file = !store::IsPostgresUrl(config->database.path) &&
                        !std::filesystem::exists(config->database.path);
  if (!store::IsPostgresUrl(config->database.path)) {
    auto lock = store::sqlite::ServingLock::Take(config->database.path,
                                                 store::sqlite::ServingLock::Mode::kServing);
    // Without it, a restore would not know this server runs and would take
    // back every case it acknowledged since the backup: no start.
    if (!lock) return Fail("database: " + lock.error().message);
    serving.emplace(std::move(*lock));
  }
  auto store = store::OpenDatabase(config->database.path, store_options);
  if (!store) return Fail(store.error().message);
  if (new_file) {
    // Now that the file exists, the lock holds it too (file_lock.h).
    auto lock = store::sqlite::ServingLock::Take(config->database.path,
                                                 store::sqlite::ServingLock::Mode::kServing);
    if (!lock) return Fail("database: " + lock.error().message);
    serving = std::move(*lock);
  }
  if (auto migrated = (*store)->Migrate(); !migrated) return Fail(migrated.error().message);

  auto served = ServedPemda(**store, config->pemda.code);
  if (!served) return Fail(served.error().message);
  // This process's background work and caches are its Pemda's alone, even
  // in a database that holds several (Store::ServeOnly).
  if (*served) {
    (*store)->ServeOnly((*served)->id);
  } else {
    spdlog::warn(
        "the database has no Pemda yet: requests get 503 until one is loaded "
        "(`sigap demo` or `sigap admin create-pemda`)");
  }
  // A database this process may not write (a restore done as root) would
  // take every submission and answer 503; a nearly full disk is said by
  // /readyz, and the server still reads.
  if (auto writable = (*store)->CheckWritable(); !writable) {
    if (writable.error().code == ErrorCode::kPermissionDenied) {
      return Fail(writable.error().message + ": sigap serve writes the database");
    }
    spdlog::warn("database: {}", writable.error().message);
  }

  app::SystemClock clock;
  auto intake = app::CaseIntake::Create(**store, clock);
  if (!intake) return Fail(intake.error().message);
  app::CaseReader reader(**store, **intake);
  app::Accounts accounts(**store, clock);
  api::PemdaDirectory pemdas(**store, config->pemda.code);

  auto calendars = OpenCalendarBook(**store, *config);
  if (!calendars) return Fail(calendars.error().message);
  WarnOfMissingCalendarYears(**store, **calendars, clock.Now());
  // The default chain ends with the inspectorate: without its addresses,
  // those escalations are recorded as sent to nobody.
  if ((config->sla.escalation.empty() ||
       config->sla.escalation.find("inspectorate") != std::string::npos) &&
      config->notify.inspectorate_emails.empty()) {
    spdlog::warn(
        "notify: the escalation chain ends with the inspectorate but "
        "notify.inspectorate_emails is empty: cases overdue {} working days are escalated "
        "without an e-mail",
        config->sla.inspectorate_after_days);
  }
  // Escalations of cases awaiting verification go to the verifiers: with
  // none reachable by e-mail they are recorded as sent to nobody.
  if (*served && config->notify.enabled) {
    if (auto users = (*store)->ListUsers((*served)->id); users) {
      const auto verifier = [](const domain::User& u) {
        return u.active && u.role == domain::Role::kVerifier;
      };
      const bool any = std::any_of(users->begin(), users->end(), verifier);
      const bool reachable = std::any_of(users->begin(), users->end(), [&](const auto& u) {
        return verifier(u) && !u.email.empty();
      });
      if (any && !reachable) {
        spdlog::warn(
            "notify: no verifier account has an e-mail address: escalations of cases awaiting "
            "verification reach no one (`sigap admin set-email --username NAME --email ADDR`)");
      }
    }
  }
  app::CaseWorkflow workflow(**store, **intake, **calendars, clock, SlaPolicyFrom(config->sla));
  // The outbox sender (src/notify), woken after each change that may have
  // written messages. Stops when Serve returns, after the message in
  // flight, before the store closes.
  // It runs on the node that leads (see BackgroundWork below); the others
  // have none to wake.
  std::mutex sender_mutex;
  notify::Dispatcher* sender = nullptr;
  auto wake_sender = [&sender_mutex, &sender] {
    std::lock_guard lock(sender_mutex);
    if (sender) sender->Notify();
  };
  workflow.OnCommitted(wake_sender);
  workflow.ReadPublishedNumbersFrom(reader);
  app::PolicyRunner policy_runner(**store, workflow, **calendars);
  (*intake)->SetPlanner([&workflow](domain::PemdaId pemda, domain::CaseKind kind, Timestamp at) {
    return workflow.InitialHandling(pemda, kind, at);
  });

  // Routing by place (issue 5): the geo index of each Pemda is built from
  // the stored boundaries now, and again after SIGHUP (send it after
  // `sigap import boundaries`, or restart).
  app::GeoDirectory geo(**store);
  if (auto all = (*store)->ListPemdas(); all) {
    for (const auto& p : *all) {
      auto index = geo.Index(p.id);
      if (!index) return Fail("boundaries of " + p.code + ": " + index.error().message);
      spdlog::info("geo index {}: {} kecamatan, {} kelurahan", p.code, (*index)->size(3),
                   (*index)->size(4));
    }
  }
  (*intake)->SetGeoDirectory(&geo);
  // Routing by text (issue 8): each new case is classified after its
  // commit, on the router's thread, never on the way to the answer.
  auto text_router = app::TextRouter::Create(**store, clock, config->routing.model);
  if (!text_router) return Fail("routing.model: " + text_router.error().message);
  (*text_router)->SetWorkflow(&workflow);
  // The cases an earlier run left without a suggestion (it stopped first, or
  // its queue was full), once the queue is empty.
  (*text_router)->CatchUp();
  // Its retraining, when an administrator asks and when the Pemda's policy
  // says it is due (checked by the leading node, below).
  app::RetrainOptions retrain;
  {
    auto abbreviations =
        routing::text::LoadAbbreviations(DefaultDataDir(nullptr) / "routing/abbreviations.tsv");
    if (!abbreviations) {
      return Fail("routing: " + abbreviations.error().message +
                  " (Sigap's data directory: set SIGAP_DATA_DIR to the data/ directory of the "
                  "source tree, or install it as ../share/sigap/data beside the executable)");
    }
    retrain.abbreviations = std::move(*abbreviations);
    if (!config->routing.corpus.empty()) {
      auto corpus = ReadLabelledReports(config->routing.corpus, "agency", true);
      if (!corpus) return Fail("routing.corpus: " + corpus.error().message);
      retrain.corpus = std::move(corpus->examples);
    }
  }
  // A training in progress is finished before the server stops (a model is
  // saved whole or not at all, so a SIGKILL meanwhile loses only that run).
  app::TextTrainer text_trainer(**store, clock, std::move(retrain));
  (*intake)->SetCommitted([router = text_router->get()](domain::PemdaId pemda, domain::CaseId id,
                                                        const std::string& title,
                                                        const std::string& description) {
    router->Enqueue(pemda, id, title, description);
  });
  app::NearbyCases nearby(**store, clock);
  app::RoutingRules rules(**store, clock);
  // Satisfaction surveys (issue 6): the columnar tally is rebuilt from the
  // stored responses now, then kept current.
  app::SatisfactionBook satisfaction(**store, clock);
  if (auto loaded = satisfaction.Load(); !loaded) return Fail(loaded.error().message);
  auto support = app::CaseSupport::Create(**store, (*intake)->codec(), clock);
  if (!support) return Fail(support.error().message);

  api::ApiContext context{
      **store,    **intake, reader,
      accounts,   metrics,  pemdas,
      clock,      workflow, api::ApiOptions{config->pemda.code, config->server.secure_cookies},
      **calendars};
  context.options.open311 = {
      config->open311.jurisdiction_id, config->open311.contact, config->open311.key_service,
      config->open311.changeset,       config->open311.type,    ""};
  // The default base_url (loopback) names no place a client could reach.
  if (config->notify.base_url != cli::Config{}.notify.base_url) {
    context.options.open311.public_url = config->notify.base_url;
    while (context.options.open311.public_url.ends_with('/')) {
      context.options.open311.public_url.pop_back();
    }
  }
  context.options.nearby_radius_m = static_cast<double>(config->routing.nearby_radius_m);
  context.options.support_burst = static_cast<int>(config->routing.support_burst);
  context.options.support_per_minute = static_cast<int>(config->routing.support_per_minute);
  context.options.case_burst = static_cast<int>(config->server.case_burst);
  context.options.case_per_minute = static_cast<int>(config->server.case_per_minute);
  context.options.upload_burst = static_cast<int>(config->server.upload_burst);
  context.options.upload_per_minute = static_cast<int>(config->server.upload_per_minute);
  context.options.survey_burst = static_cast<int>(config->server.survey_burst);
  context.options.survey_per_minute = static_cast<int>(config->server.survey_per_minute);
  context.options.login_burst = static_cast<int>(config->server.login_burst);
  context.options.login_per_minute = static_cast<int>(config->server.login_per_minute);
  context.options.map_tile_url = config->map.tile_url;
  context.options.map_tile_attribution = config->map.tile_attribution;
  context.options.metrics_token = config->server.metrics_token;
  context.options.webhook_private_targets = config->notify.webhook_private_targets;
  context.nearby = &nearby;
  context.support = support->get();
  context.geo = &geo;
  context.rules = &rules;
  context.satisfaction = &satisfaction;
  context.text_router = text_router->get();
  context.text_trainer = &text_trainer;

  http::Router router;
  api::RegisterRoutes(router, context);
  if (config->server.web_root.empty()) {
    // The web app built in the source tree (web/dist, beside data/), if any.
    const auto dist = DefaultDataDir(nullptr).parent_path() / "web" / "dist";
    if (std::filesystem::exists(dist / "index.html")) config->server.web_root = dist.string();
  }
  if (!config->server.web_root.empty()) {
    if (!std::filesystem::is_directory(config->server.web_root)) {
      return Fail("server.web_root: " + config->server.web_root + " is not a directory");
    }
    http::StaticFilesOptions web{.root = config->server.web_root};
    if (!config->map.tile_url.empty()) web.image_origins = {http::TileOrigin(config->map.tile_url)};
    router.AddSync("GET", "/{rest*}", http::StaticFiles(std::move(web)), "web");
  }

  http::ServerOptions options;
  options.address = listen->address;
  options.port = listen->port;
  options.threads = static_cast<int>(config->server.threads);
  options.max_body_bytes = static_cast<size_t>(config->server.max_body_bytes);
  options.access_log = config->server.access_log;
  options.trusted_proxies = TrustedProxies(config->server.trusted_proxies);
  options.cors_origins = domain::SplitCommaList(config->server.cors_origins);
  options.error_writers = {api::Open311ErrorWriter()};
  options.public_read_prefixes = {options.error_writers[0].prefix};
  options.max_connections = ConnectionsTheDescriptorsAllow(options.max_connections);
  // On PostgreSQL a query may wait up to the statement timeout (and two
  // seconds more) on a server that froze or was cut off: the handlers that
  // may run one wait on threads of their own, so that liveness, metrics and
  // the web app still answer from the event loops meanwhile. On SQLite they
  // stay on the loops (a request takes microseconds; a thread hop would
  // cost more than it).
  if (store::IsPostgresUrl(config->database.path)) {
    options.handler_lane =
        std::make_shared<http::WorkLane>(static_cast<size_t>(config->server.handler_threads),
                                         static_cast<size_t>(config->server.handler_queue));
    options.loop_routes = {"healthz", "metrics", "api_index", "web"};
  }
  http::Server server(options, router, metrics);
  auto port = server.Start();
  if (!port) return Fail(port.error());

  const bool v6 = listen->address.find(':') != std::string::npos;
  std::cout << "Sigap listening on http://" << (v6 ? "[" : "") << listen->address << (v6 ? "]" : "")
            << ":" << *port << std::endl;
  spdlog::info("database {}, schema ready", store::DatabaseName(config->database.path));

  // Early-warning alerts (issue 9): checked here so that a wrong setting
  // stops the start; the detectors themselves are background work.
  std::vector<AlertRecipient> alert_recipients;
  if (config->adapt.enabled) {
    auto recipients = ParseAlertRecipients(config->adapt.recipients);
    if (!recipients) return Fail("adapt.recipients: " + recipients.error().message);
    alert_recipients = *recipients;
  }

  // Several nodes on one PostgreSQL (issue 7): what this node keeps in
  // memory follows the changes of the others (LISTEN/NOTIFY).
  store::CacheListener cache_listener(config->database.path, [&](std::string_view table) {
    if (table.empty() || table == "regions") geo.Reload();
    if (table.empty() || table == "calendar_days" || table == "calendar_years" ||
        table == "pemdas") {
      (*calendars)->Refresh();
    }
    if (table.empty() || table == "pemdas") pemdas.Forget();
    if (table.empty() || table == "users") reader.ForgetOfficerNames();
    if (table.empty() || table == "services" || table == "routing_rules" || table == "regions") {
      (*store)->NoteCatalogueChange();
    }
  });

  // On one node at a time: with PostgreSQL, the one holding the advisory
  // lock; another takes over within seconds when it dies.
  http::Gauge& leading = metrics.Gauge(
      "sigap_background_leader", "Whether this node runs the sweep, outbox and alerts (issue 7)");
  store::Leadership leadership(
      config->database.path, std::chrono::seconds(2),
      [&]() {
        auto work = std::make_shared<BackgroundWork>(
            **store, workflow, clock, NotifySettings(config->notify), config->notify.enabled,
            std::chrono::seconds(config->sla.sweep_seconds));
        if (config->adapt.enabled)
          StartAlertWatches(**store, **calendars, satisfaction, *config, alert_recipients, clock,
                            wake_sender, metrics, *work);
        work->retraining =
            std::make_unique<Periodic>([&text_trainer] { text_trainer.Check(); },
                                       std::chrono::seconds(config->routing.retrain_check_seconds));
        work->upload_purge = std::make_unique<Periodic>(
            [&] { PurgeUnnamedUploadsOnce(**store, clock, config->server.upload_keep_hours); },
            std::chrono::hours(1));
        if (config->rules.enabled) {
          work->rules = std::make_unique<Periodic>(
              [&] { RunRulesOnce(**store, policy_runner, clock, wake_sender); },
              std::chrono::seconds(config->rules.interval_seconds));
        }
        {
          std::lock_guard lock(sender_mutex);
          sender = &work->dispatcher;
        }
        leading.Set(1);
        return std::shared_ptr<void>(work.get(),
                                     [work, &sender_mutex, &sender, &leading](void*) mutable {
                                       {
                                         std::lock_guard lock(sender_mutex);
                                         sender = nullptr;
                                       }
                                       leading.Set(0);
                                       work.reset();
                                     });
      },
      // The Pemda served, however it was named: a node that names it in
      // pemda.code and one that leaves it empty (the database's only
      // Pemda) compete for one lock.
      *served ? (*served)->code : config->pemda.code);

  int signal_number = 0;
  for (;;) {
    sigwait(&stop_signals, &signal_number);
    if (signal_number != SIGHUP) break;
    geo.Reload();
    spdlog::info("SIGHUP: boundaries will be re-read from the database");
  }
  spdlog::info("signal {} received, stopping", signal_number);
  // The background work stops first, and this node does not take it over
  // from another that stops meanwhile; the requests in flight are answered.
  leadership.Stop();
  server.Stop();
  return 0;
}

}  // namespace sigap::cli
