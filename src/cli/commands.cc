// `sigap` subcommands other than serve.
#include "cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "app/accounts.h"
#include "app/agency_book.h"
#include "app/calendar_book.h"
#include "app/case_intake.h"
#include "app/system_clock.h"
#include "cli/alert_watch.h"
#include "cli/demo_data.h"
#include "cli/officer_labels.h"
#include "cli/runtime.h"
#include "domain/text.h"
#include "domain/working_calendar.h"
#include "notify/email_message.h"
#include "store/database.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::cli {
namespace {

int Report(const Error& error, const std::string& context) {
  std::cerr << "sigap " << context << ": " << error.message << "\n";
  for (const auto& f : error.fields) {
    std::cerr << "  " << f.field << ": " << f.message << "\n";
  }
  return 1;
}

// Opens (an SQLite file or a PostgreSQL URL) and migrates the store, or
// prints why not. Only `create` makes a missing SQLite file: an account or
// key for a mistyped path would go into a new, empty database.
std::unique_ptr<store::Store> OpenStore(const std::string& db, const std::string& context,
                                        bool create = false) {
  if (auto missing = store::MissingDatabase(db); missing && !create) {
    std::cerr << "sigap " << context << ": " << *missing << "\n";
    return nullptr;
  }
  auto store = store::OpenDatabase(db);
  if (!store) {
    Report(store.error(), context);
    return nullptr;
  }
  if (auto migrated = (*store)->Migrate(); !migrated) {
    Report(migrated.error(), context);
    return nullptr;
  }
  return std::move(*store);
}

}  // namespace

namespace {

// A command's configuration: `config_file`, else ./sigap.toml when there
// is one, with the SIGAP_* environment over it; a wrong one throws.
Config CommandConfig(const std::optional<std::string>& config_file) {
  std::optional<std::string> file = config_file;
  if (!file && std::filesystem::exists("sigap.toml")) file = "sigap.toml";
  auto config = LoadConfig(file);
  if (!config) throw std::runtime_error(config.error().message);
  return std::move(*config);
}

}  // namespace

std::string DatabasePath(const std::optional<std::string>& flag,
                         const std::optional<std::string>& config_file) {
  if (flag) {
    // An empty --db (an unset shell variable) would be a temporary database
    // that vanishes with the command.
    if (flag->empty()) throw std::runtime_error("--db: empty; name the database file or URL");
    return *flag;
  }
  return CommandConfig(config_file).database.path;
}

// The pemda.code of ./sigap.toml and SIGAP_PEMDA_CODE, as `sigap serve`
// reads it: the admin commands act on the Pemda the nodes serve unless
// --pemda names another.
std::string ConfiguredPemdaCode() { return CommandConfig(std::nullopt).pemda.code; }

int Migrate(const std::string& db) {
  auto store = store::OpenDatabase(db);
  if (!store) return Report(store.error(), "migrate");
  auto version = (*store)->Migrate();
  if (!version) return Report(version.error(), "migrate");
  std::cout << "Database " << store::DatabaseName(db) << " is at schema version " << *version
            << "\n";
  return 0;
}

// Runs the detectors once over the stored history of the demo Pemda; returns
// how many alerts they found.
Result<int> DemoAlerts(store::Store& store, domain::PemdaId pemda_id, const DemoOptions& options,
                       Timestamp now) {
  auto pemdas = store.ListPemdas();
  if (!pemdas) return Fail(pemdas.error());
  const auto pemda =
      std::find_if(pemdas->begin(), pemdas->end(), [&](const auto& p) { return p.id == pemda_id; });
  if (pemda == pemdas->end()) return Fail(ErrorCode::kNotFound, "the demo Pemda is missing");
  auto calendars = app::CalendarBook::Create(store, options.data_dir / "calendar", options.cutoff);
  if (!calendars) return Fail(calendars.error());
  auto calendar = (*calendars)->For(*pemda);
  if (!calendar) return Fail(calendar.error());
  auto watch = AlertWatch::Create(store, *pemda, *calendar, AlertWatchOptions{});
  if (!watch) return Fail(watch.error());
  auto report = (*watch)->Tick(now);
  if (!report) return Fail(report.error());
  auto closed = CloseDemoAlertsOfLongAgo(store, pemda_id, (*calendar)->LocalDate(now), now);
  if (!closed) return Fail(closed.error());
  store::AlertFilter all;
  all.limit = 200;
  auto page = store.ListAlerts(pemda_id, all);
  if (!page) return Fail(page.error());
  return static_cast<int>(page->alerts.size());
}

int Demo(const DemoFlags& flags) {
  auto store = OpenStore(flags.db, "demo", /*create=*/true);
  if (!store) return 1;
  if (flags.if_empty) {
    auto pemdas = store->ListPemdas();
    if (!pemdas) return Report(pemdas.error(), "demo");
    if (!pemdas->empty()) {
      std::cout << "Database " << flags.db << " already has data; demo not loaded.\n";
      return 0;
    }
  }
  app::SystemClock clock;
  auto intake = app::CaseIntake::Create(*store, clock);
  if (!intake) return Report(intake.error(), "demo");
  // The demo's cases get their kelurahan and routing proposal like new ones.
  app::GeoDirectory geo(*store);
  (*intake)->SetGeoDirectory(&geo);
  DemoOptions options;
  options.data_dir =
      flags.data_dir.empty() ? DefaultDataDir(flags.argv0) : std::filesystem::path(flags.data_dir);
  options.cases = flags.cases;
  options.survey_quarters = flags.survey_quarters;
  std::cout << "Loading the demo Pemda from " << options.data_dir.string() << " ...\n";
  auto summary = LoadDemo(*store, **intake, clock, options);
  if (!summary) return Report(summary.error(), "demo");
  std::cout << "Demo loaded: Kota Semarang with " << summary->agencies << " agencies, "
            << summary->regions << " regions, " << summary->services << " services, "
            << summary->categories << " categories, " << summary->cases << " cases, "
            << summary->ratings << " ratings of their answers, " << summary->surveys
            << " SKM surveys with " << summary->survey_responses << " respondents.\n";
  // The detectors of issue 9 over the demo's history: whatever alerts they
  // find (none are made up) are waiting on the leadership dashboard.
  if (auto alerts = DemoAlerts(*store, summary->pemda_id, options, clock.Now()); !alerts) {
    return Report(alerts.error(), "demo");
  } else {
    std::cout << "Early-warning alerts found in the demo's history: " << *alerts << ".\n";
  }
  std::cout << "Starter policy rules (disabled until tried and enabled, `sigap rules list`): "
            << summary->policy_rules << ".\n";
  if (!summary->users.empty()) {
    std::cout << "Demo officer accounts (password shown once):\n";
    for (const auto& [username, password] : summary->users) {
      std::cout << "  " << username << "  " << password << "\n";
    }
  }
  return 0;
}

int CreateUser(const UserFlags& flags) {
  const auto role = domain::ParseRole(flags.role);
  if (!role) {
    std::cerr << "sigap admin create-user: --role must be admin, verifier, agency_officer, "
                 "agency_head, leader or auditor\n";
    return 2;
  }
  if (!flags.email.empty() && !notify::ValidAddress(flags.email)) {
    std::cerr << "sigap admin create-user: --email is not a valid e-mail address\n";
    return 2;
  }
  auto store = OpenStore(flags.db, "admin create-user");
  if (!store) return 1;
  auto pemda = PickPemda(*store, flags.pemda, ConfiguredPemdaCode(), store::DatabaseName(flags.db));
  if (!pemda) return Report(pemda.error(), "admin create-user");
  if (isatty(STDIN_FILENO)) std::cerr << "Password: " << std::flush;
  std::string password;
  if (!std::getline(std::cin, password)) {
    std::cerr << "sigap admin create-user: no password on standard input\n";
    return 2;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  app::SystemClock clock;
  app::Accounts accounts(*store, clock);
  auto id = accounts.CreateUser(pemda->id, flags.username, password, *role, flags.agency,
                                flags.full_name);
  if (!id) return Report(id.error(), "admin create-user");
  if (!flags.email.empty()) {
    if (auto saved = store->SaveUserEmail(pemda->id, flags.username, flags.email); !saved) {
      return Report(saved.error(), "admin create-user");
    }
  }
  std::cout << "Created " << flags.role << " " << flags.username << " for " << pemda->name << "\n";
  return 0;
}

int SetUserEmail(const UserFlags& flags) {
  const std::string command = "admin set-email";
  if (!flags.email.empty() && !notify::ValidAddress(flags.email)) {
    std::cerr << "sigap " << command << ": --email is not a valid e-mail address\n";
    return 2;
  }
  auto store = OpenStore(flags.db, command);
  if (!store) return 1;
  auto pemda = PickPemda(*store, flags.pemda, ConfiguredPemdaCode(), store::DatabaseName(flags.db));
  if (!pemda) return Report(pemda.error(), command);
  if (auto saved = store->SaveUserEmail(pemda->id, flags.username, flags.email); !saved) {
    if (saved.error().code == ErrorCode::kNotFound) {
      std::cerr << "sigap " << command << ": no officer " << flags.username << " in " << pemda->name
                << "\n";
      return 1;
    }
    return Report(saved.error(), command);
  }
  std::cout << (flags.email.empty() ? "No e-mail now for " : "E-mail of ") << flags.username
            << (flags.email.empty() ? "" : ": " + flags.email) << "\n";
  return 0;
}

namespace {

// Opens the database of `flags`, picks its Pemda and runs `act` with the
// Pemda's accounts; `command` names the command in errors.
template <class Act>
int WithAccounts(const ApiKeyFlags& flags, const std::string& command, Act&& act) {
  auto store = OpenStore(flags.db, command);
  if (!store) return 1;
  auto pemda = PickPemda(*store, flags.pemda, ConfiguredPemdaCode(), store::DatabaseName(flags.db));
  if (!pemda) return Report(pemda.error(), command);
  app::SystemClock clock;
  app::Accounts accounts(*store, clock);
  return act(accounts, *pemda);
}

}  // namespace

int CreateApiKey(const ApiKeyFlags& flags) {
  const auto role = domain::ParseRole(flags.role);
  if (!role) {
    std::cerr << "sigap admin create-api-key: unknown --role " << flags.role << "\n";
    return 2;
  }
  return WithAccounts(
      flags, "admin create-api-key", [&](app::Accounts& accounts, const domain::Pemda& pemda) {
        auto key = accounts.CreateApiKey(pemda.id, flags.name, *role, flags.agency, "cli");
        if (!key) return Report(key.error(), "admin create-api-key");
        std::cout << key->key << "\n";
        std::cerr << "Keep this key safe: it is shown only once.\n";
        return 0;
      });
}

int ListApiKeys(const ApiKeyFlags& flags) {
  return WithAccounts(
      flags, "admin list-api-keys", [](app::Accounts& accounts, const domain::Pemda& pemda) {
        auto keys = accounts.ListApiKeys(pemda.id);
        if (!keys) return Report(keys.error(), "admin list-api-keys");
        auto users = accounts.ListUsers(pemda.id);
        if (!users) return Report(users.error(), "admin list-api-keys");
        const auto names = app::OfficerNamesOf(std::move(*users));
        // A key made before migration 0023 has no hint, creation time or creator.
        const auto known = [](const std::string& text) {
          return text.empty() ? std::string("-") : text;
        };
        const auto when = [](Timestamp t) {
          return t == Timestamp{} ? std::string("-") : FormatRfc3339(t);
        };
        std::cout << "NAME\tROLE\tAGENCY\tKEY\tCREATED\tBY\tSTATE\n";
        for (const auto& k : *keys) {
          std::cout << k.principal.name << "\t" << domain::ToString(k.principal.role) << "\t"
                    << known(k.principal.agency_code) << "\t"
                    << "sgp_..." << k.hint << "\t" << when(k.created_at) << "\t"
                    << known(ActorLabel(names, k.created_by)) << "\t";
          if (k.revoked_at) {
            std::cout << "revoked " << FormatRfc3339(*k.revoked_at) << " by "
                      << ActorLabel(names, k.revoked_by);
          } else {
            std::cout << "in use";
          }
          std::cout << "\n";
        }
        if (keys->empty()) std::cerr << "No API keys in " << pemda.name << ".\n";
        return 0;
      });
}

int RevokeApiKey(const ApiKeyFlags& flags) {
  return WithAccounts(
      flags, "admin revoke-api-key", [&](app::Accounts& accounts, const domain::Pemda& pemda) {
        if (auto s = accounts.RevokeApiKey(pemda.id, flags.name, "cli"); !s) {
          if (s.error().code != ErrorCode::kNotFound)
            return Report(s.error(), "admin revoke-api-key");
          std::cerr << "sigap admin revoke-api-key: " << pemda.name << " has no API key named "
                    << flags.name << " (sigap admin list-api-keys shows them)\n";
          return 1;
        }
        std::cout << "Revoked API key " << flags.name << ": it is refused from now on.\n";
        return 0;
      });
}

int CreatePemda(const PemdaFlags& flags) {
  if (domain::RegionLevel(flags.code) != 1 && domain::RegionLevel(flags.code) != 2) {
    std::cerr << "sigap admin create-pemda: --code must be a province or kabupaten/kota code "
                 "such as 33 or 33.74\n";
    return 2;
  }
  if (domain::Trim(flags.name).empty()) {
    std::cerr << "sigap admin create-pemda: --name is required (e.g. \"Kota Semarang\")\n";
    return 2;
  }
  // Deadlines, days and reports are the Pemda's local ones: a zone Sigap
  // cannot read would leave every new case without a deadline.
  if (!domain::IndonesianUtcOffset(flags.time_zone)) {
    std::cerr << "sigap admin create-pemda: --time-zone " << flags.time_zone
              << " is not an Indonesian time zone (Asia/Jakarta, Asia/Pontianak, "
                 "Asia/Makassar or Asia/Jayapura)\n";
    return 2;
  }
  auto store = OpenStore(flags.db, "admin create-pemda", /*create=*/true);
  if (!store) return 1;
  // A mistyped code must not rename another Pemda and move the zone its
  // deadlines are counted in.
  auto existing = store->FindPemda(flags.code);
  if (existing && !flags.update) {
    std::cerr << "sigap admin create-pemda: " << flags.code << " is already registered as "
              << existing->name << " (" << existing->time_zone
              << "); add --update to change its name or time zone\n";
    return 1;
  }
  if (!existing && existing.error().code != ErrorCode::kNotFound) {
    return Report(existing.error(), "admin create-pemda");
  }
  if (!existing && flags.update) {
    std::cerr << "sigap admin create-pemda: --update: no Pemda " << flags.code
              << " is registered yet\n";
    return 1;
  }
  auto others = store->ListPemdas();
  if (!others) return Report(others.error(), "admin create-pemda");
  auto id = store->SavePemda({0, flags.code, flags.name, flags.time_zone});
  if (!id) return Report(id.error(), "admin create-pemda");
  std::cout << "Pemda " << flags.code << " " << flags.name
            << (existing ? " is updated\n" : " is ready\n");
  if (!existing && !others->empty()) {
    std::cerr << "The database now holds " << others->size() + 1
              << " Pemda: each `sigap serve` then needs pemda.code (SIGAP_PEMDA_CODE) naming the "
                 "one it serves, and every command --pemda.\n";
  }
  if (!existing) {
    std::cerr << "Next: sigap import regions (the Kemendagri codes of its kecamatan and "
                 "kelurahan), sigap admin create-agency for each OPD, then its services "
                 "(README, \"A new Pemda\").\n";
  }
  return 0;
}

int CreateAgency(const AgencyFlags& flags) {
  const std::string command = "admin create-agency";
  auto store = OpenStore(flags.db, command);
  if (!store) return 1;
  auto pemda = PickPemda(*store, flags.pemda, ConfiguredPemdaCode(), store::DatabaseName(flags.db));
  if (!pemda) return Report(pemda.error(), command);
  domain::Agency agency{flags.code, flags.name, flags.kind, flags.region, flags.parent};
  auto created = app::AgencyBook(*store).Create(pemda->id, std::move(agency));
  if (!created) {
    // The API's field names are the flags here.
    for (auto& f : created.error().fields) {
      if (f.field == "region_code") f.field = "region";
      if (f.field == "parent_code") f.field = "parent";
    }
    for (const auto& f : created.error().fields) {
      std::cerr << "sigap " << command << ": --" << f.field << ": " << f.code
                << (f.message.empty() ? "" : " (" + f.message + ")") << "\n";
    }
    if (created.error().fields.empty()) return Report(created.error(), command);
    return 1;
  }
  std::cout << "Agency " << created->code << " " << created->name << " is registered in "
            << pemda->name << "\n";
  return 0;
}

namespace {

// Why the SQLite file `db` holds nothing to verify or back up: missing, not
// Sigap's, or not migrated yet; nullopt when it is a Sigap database.
std::optional<std::string> NoSigapData(const std::string& db) {
  if (!std::filesystem::exists(db)) return db + " does not exist";
  auto version = store::sqlite::SqliteStore::SchemaVersion(db);
  if (!version) return version.error().message;
  if (*version == 0) return db + " holds no Sigap data yet (create it with `sigap migrate`)";
  return std::nullopt;
}

}  // namespace

int AuditVerify(const std::string& db) {
  if (!store::IsPostgresUrl(db)) {
    if (auto why = NoSigapData(db)) {
      std::cerr << "sigap audit verify: " << *why << "\n";
      return 2;
    }
  }
  auto store = store::OpenDatabase(db);
  if (!store) return Report(store.error(), "audit verify");
  auto report = (*store)->VerifyAuditChain();
  // A damaged file is not a tampered one: an auditor told that records were
  // altered would look for a culprit instead of the last backup.
  const auto damaged = [&]() -> std::optional<std::string> {
    if (store::IsPostgresUrl(db)) return std::nullopt;
    auto check = store::sqlite::SqliteStore::QuickCheck(db);
    if (!check || *check == "ok") return std::nullopt;
    return *check;
  };
  if (!report || !report->ok) {
    if (auto problem = damaged()) {
      std::cout << "DAMAGED: " << db << " is corrupt (SQLite quick_check: " << *problem
                << "); its events cannot be verified: restore the latest backup (sigap restore) "
                   "and verify that\n";
      return 1;
    }
  }
  if (!report) return Report(report.error(), "audit verify");
  if (!report->ok) {
    std::cout << "TAMPERED: " << report->problem << " (checked " << report->events_checked
              << " events)\n";
    return 1;
  }
  std::cout << "OK: " << report->events_checked << " events verified, the hash chain is intact; "
            << report->cases_checked << " cases agree with their events\n";
  return 0;
}

int Backup(const std::string& db, const std::string& target) {
  if (store::IsPostgresUrl(db)) {
    std::cerr << "sigap backup: backs up SQLite files; back up PostgreSQL with pg_dump, or a "
                 "base backup with WAL archiving (README, PostgreSQL)\n";
    return 2;
  }
  if (auto why = NoSigapData(db)) {
    std::cerr << "sigap backup: " << *why << "\n";
    return 2;
  }
  if (std::filesystem::exists(target)) {
    std::cerr << "sigap backup: " << target << " already exists; choose a new file\n";
    return 2;
  }
  auto store = store::sqlite::SqliteStore::Open(db);
  if (!store) return Report(store.error(), "backup");
  // Written beside the target and renamed once whole: a backup that fails
  // (a full disk) leaves no file that looks like one.
  const std::string part = target + ".part";
  auto discard = [&] {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      std::filesystem::remove(part + suffix, ignored);
    }
  };
  discard();
  if (auto s = (*store)->Backup(part); !s) {
    discard();
    return Report(s.error(), "backup");
  }
  std::error_code ec;
  std::filesystem::rename(part, target, ec);
  if (ec) {
    discard();
    std::cerr << "sigap backup: " << target << ": " << ec.message() << "\n";
    return 1;
  }
  std::cout << "Backed up " << db << " to " << target << "\n";
  return 0;
}

int Restore(const std::string& backup, const std::string& db) {
  if (store::IsPostgresUrl(db)) {
    std::cerr << "sigap restore: restores SQLite files; restore PostgreSQL with pg_restore "
                 "(README, PostgreSQL)\n";
    return 2;
  }
  if (!std::filesystem::is_regular_file(backup)) {
    std::cerr << "sigap restore: " << backup << " does not exist\n";
    return 2;
  }
  if (auto s = store::sqlite::SqliteStore::Restore(backup, db); !s) {
    std::cerr << "sigap restore: " << s.error().message << "\n";
    return s.error().code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  std::cout << "Restored " << backup << " into " << db
            << "; check it with `sigap audit verify --db " << db << "`, then start the server\n";
  return 0;
}

}  // namespace sigap::cli
