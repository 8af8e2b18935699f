// The `sigap` executable: serve, migrate, demo, admin, audit, backup, restore, calendar, import,
// version.
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <limits>
#include <optional>
#include <string>

#include "cli/calendar_command.h"
#include "cli/classifier_command.h"
#include "cli/commands.h"
#include "cli/copy_command.h"
#include "cli/forecast_command.h"
#include "cli/ikm_command.h"
#include "cli/import_boundaries.h"
#include "cli/import_cases.h"
#include "cli/import_categories.h"
#include "cli/import_survey.h"
#include "cli/routing_command.h"
#include "cli/rules_command.h"
#include "cli/simulate_command.h"

namespace {

// --db, --config and --pemda of a command that works on one Pemda's data
// (cli::OpenCommandTarget reads them).
template <class Flags>
void AddTargetOptions(CLI::App* cmd, Flags& flags) {
  cmd->add_option("--db", flags.db,
                  "Database: SQLite file or PostgreSQL URL (default database.path)");
  cmd->add_option("--config", flags.config_file, "sigap.toml to read")->check(CLI::ExistingFile);
  cmd->add_option("--pemda", flags.pemda, "Pemda code (default: the only one)");
}

}  // namespace

// The first word of `argv` that should name a subcommand of the command
// before it and does not, as a message; nullopt when there is none.
static std::optional<std::string> UnknownCommand(CLI::App& app, int argc, char** argv) {
  CLI::App* at = &app;
  std::string path = "sigap";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') return std::nullopt;  // options: CLI11's own message
    const auto subcommands = at->get_subcommands([](CLI::App*) { return true; });
    if (subcommands.empty()) return std::nullopt;
    CLI::App* next = nullptr;
    std::string names;
    for (CLI::App* sub : subcommands) {
      if (sub->get_name() == word) next = sub;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!next) {
      return path + ": '" + word + "' is not a command (" + names + "; " + path + " --help)";
    }
    at = next;
    path += " " + word;
  }
  return std::nullopt;
}

int main(int argc, char** argv) {
  using namespace sigap::cli;
  // The database, its backups and the reports hold reporters' names, NIK
  // and telephone numbers: what sigap creates is not readable by other
  // users of the machine.
  umask(027);
  CLI::App app{"Sigap — layanan publik yang adaptif untuk Pemda"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("sigap ") + SIGAP_VERSION);

  ServeFlags serve;
  auto* serve_cmd = app.add_subcommand("serve", "Start the HTTP server");
  serve_cmd->add_option("--config", serve.config_file, "sigap.toml to read")
      ->check(CLI::ExistingFile);
  serve_cmd->add_option("--listen", serve.listen, "ADDRESS:PORT (default 127.0.0.1:8080)");
  serve_cmd->add_option("--db", serve.db,
                        "SQLite file or postgresql:// URL (default database.path)");

  std::optional<std::string> migrate_db;
  auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
  migrate_cmd->add_option("--db", migrate_db, "SQLite database file or postgresql:// URL");

  DemoFlags demo;
  demo.argv0 = argv[0];
  std::optional<std::string> demo_db;
  auto* demo_cmd = app.add_subcommand("demo", "Load the demo Pemda (Kota Semarang)");
  demo_cmd->add_option("--db", demo_db, "SQLite database file or postgresql:// URL");
  demo_cmd->add_flag("--if-empty", demo.if_empty, "Do nothing when the database has a Pemda");
  demo_cmd->add_option("--cases", demo.cases, "Number of historical cases")
      ->check(CLI::Range(0, 100000));
  demo_cmd->add_option("--data-dir", demo.data_dir, "Directory with Sigap's data files");
  demo_cmd
      ->add_option("--survey-quarters", demo.survey_quarters,
                   "Quarters of SKM surveys per unit, up to today's (0: none)")
      ->check(CLI::Range(0, 12));

  auto* admin = app.add_subcommand("admin", "Administration");
  admin->require_subcommand(1);
  UserFlags user;
  std::optional<std::string> user_db;
  auto* create_user = admin->add_subcommand(
      "create-user", "Create an officer account (password read from standard input)");
  create_user->add_option("--db", user_db, "SQLite database file or postgresql:// URL");
  create_user->add_option("--pemda", user.pemda, "Pemda code (default: the only one)");
  create_user
      ->add_option("--role", user.role,
                   "admin, verifier, agency_officer, agency_head, leader or auditor")
      ->required();
  create_user->add_option("--agency", user.agency, "Agency code (agency roles)");
  create_user->add_option("--username", user.username, "Login name")->required();
  create_user->add_option("--email", user.email, "E-mail address for notifications");
  create_user->add_option("--full-name", user.full_name,
                          "Full name, how other officers see the account (optional)");

  UserFlags mail;
  std::optional<std::string> mail_db;
  auto* set_email = admin->add_subcommand(
      "set-email", "Set (or with \"\" clear) where an officer's notifications are e-mailed");
  set_email->add_option("--db", mail_db, "SQLite database file or postgresql:// URL");
  set_email->add_option("--pemda", mail.pemda,
                        "Pemda code (default: pemda.code, else the only one)");
  set_email->add_option("--username", mail.username, "Login name")->required();
  set_email->add_option("--email", mail.email, "E-mail address")->required();

  ApiKeyFlags key;
  std::optional<std::string> key_db;
  auto* create_key = admin->add_subcommand("create-api-key", "Create an API key for a system");
  create_key->add_option("--db", key_db, "SQLite database file or postgresql:// URL");
  create_key->add_option("--pemda", key.pemda, "Pemda code (default: the only one)");
  create_key->add_option("--role", key.role, "Role of the key")->required();
  create_key->add_option("--agency", key.agency, "Agency code (agency roles)");
  create_key->add_option("--name", key.name, "Name of the system")->required();
  ApiKeyFlags keys;
  std::optional<std::string> keys_db;
  auto* list_keys = admin->add_subcommand("list-api-keys", "Print the API keys (never the keys)");
  list_keys->add_option("--db", keys_db, "SQLite database file or postgresql:// URL");
  list_keys->add_option("--pemda", keys.pemda, "Pemda code (default: the only one)");
  auto* revoke_key = admin->add_subcommand("revoke-api-key", "Revoke an API key");
  revoke_key->add_option("--db", keys_db, "SQLite database file or postgresql:// URL");
  revoke_key->add_option("--pemda", keys.pemda, "Pemda code (default: the only one)");
  revoke_key->add_option("--name", keys.name, "Name of the key")->required();

  PemdaFlags pemda;
  std::optional<std::string> pemda_db;
  auto* create_pemda = admin->add_subcommand("create-pemda", "Register a Pemda");
  create_pemda->add_option("--db", pemda_db, "SQLite database file or postgresql:// URL");
  create_pemda->add_option("--code", pemda.code, "Kemendagri code, e.g. 33.74")->required();
  create_pemda->add_option("--name", pemda.name, "Name, e.g. Kota Semarang")->required();
  create_pemda->add_option("--time-zone", pemda.time_zone, "Asia/Jakarta, Asia/Makassar, ...")
      ->default_val("Asia/Jakarta");
  create_pemda->add_flag("--update", pemda.update,
                         "Change the name or time zone of a Pemda already registered");
  AgencyFlags agency;
  std::optional<std::string> agency_db;
  auto* create_agency = admin->add_subcommand("create-agency", "Register an agency (OPD)");
  create_agency->add_option("--db", agency_db, "SQLite database file or postgresql:// URL");
  create_agency->add_option("--pemda", agency.pemda, "Pemda code (default: the only one)");
  create_agency->add_option("--code", agency.code, "Short code, e.g. DPUPR or KEC-3372010")
      ->required();
  create_agency->add_option("--name", agency.name, "Name, e.g. Dinas Pekerjaan Umum")->required();
  create_agency
      ->add_option("--kind", agency.kind,
                   "dinas, badan, kantor, sekretariat, bagian, inspektorat, satpol_pp, bumd, "
                   "rsud, puskesmas, uptd, kecamatan, kelurahan or lainnya")
      ->required();
  create_agency->add_option("--region", agency.region, "Its region, for area offices (kecamatan)");
  create_agency->add_option("--parent", agency.parent, "The agency it is a unit of");

  auto* audit = app.add_subcommand("audit", "Audit trail");
  audit->require_subcommand(1);
  std::optional<std::string> audit_db;
  auto* verify = audit->add_subcommand("verify", "Check the hash chain of every event");
  verify->add_option("--db", audit_db, "SQLite database file or postgresql:// URL");

  std::optional<std::string> backup_db;
  std::string backup_to;
  auto* backup = app.add_subcommand("backup", "Copy the database while the server runs");
  backup->add_option("--db", backup_db, "SQLite database file");
  backup->add_option("--to", backup_to, "Target file")->required();
  std::optional<std::string> restore_db;
  std::string restore_from;
  auto* restore = app.add_subcommand(
      "restore", "Put a backup in place of the database (stop the server first)");
  restore->add_option("--from", restore_from, "Backup file (from sigap backup)")->required();
  restore->add_option("--db", restore_db, "SQLite database file to replace");

  std::string copy_from, copy_to;
  auto* copy_cmd = app.add_subcommand(
      "copy", "Move every row and the hash chain from SQLite to an empty PostgreSQL database");
  copy_cmd->add_option("--from", copy_from, "sqlite:PATH of the source")->required();
  copy_cmd->add_option("--to", copy_to, "postgresql:// URL of the target")->required();

  CalendarFlags calendar;
  calendar.argv0 = argv[0];
  std::string calendar_received, calendar_days, calendar_year, calendar_date, calendar_name;
  std::string calendar_kind = "regional";
  auto* calendar_cmd = app.add_subcommand("calendar", "Working days: holidays and cuti bersama");
  calendar_cmd->require_subcommand(1);
  auto* due_cmd = calendar_cmd->add_subcommand(
      "due", "Print the deadline of a case received at RECEIVED with DAYS working days");
  due_cmd->add_option("received", calendar_received, "RFC 3339, e.g. 2026-03-17T15:00+07:00")
      ->required();
  due_cmd->add_option("days", calendar_days, "Working days, 0 or more")->required();
  auto* list_cmd = calendar_cmd->add_subcommand("list", "Print the days off of YEAR");
  list_cmd->add_option("year", calendar_year, "e.g. 2026")->required();
  auto* add_day_cmd = calendar_cmd->add_subcommand("add",
                                                   "Make DATE a day off of the Pemda (or correct a "
                                                   "national day off after a revised decree)");
  add_day_cmd->add_option("date", calendar_date, "YYYY-MM-DD, e.g. 2026-06-05")->required();
  add_day_cmd->add_option("name", calendar_name, "e.g. \"Hari Jadi Kabupaten Demak\"")->required();
  add_day_cmd->add_option("--kind", calendar_kind, "regional, libur_nasional or cuti_bersama")
      ->default_val("regional");
  auto* cancel_day_cmd = calendar_cmd->add_subcommand(
      "cancel", "Make a day off of the national calendar files a working day for the Pemda");
  cancel_day_cmd->add_option("date", calendar_date, "YYYY-MM-DD")->required();
  auto* remove_day_cmd = calendar_cmd->add_subcommand(
      "remove", "Drop the Pemda's own day (added, corrected or cancelled) on DATE");
  remove_day_cmd->add_option("date", calendar_date, "YYYY-MM-DD")->required();
  std::string calendar_file;
  auto* install_year_cmd = calendar_cmd->add_subcommand(
      "install",
      "Install a year's national days off and cuti bersama (SKB 3 Menteri) for the Pemda from a "
      "file in the format of data/calendar/YYYY.json");
  install_year_cmd->add_option("file", calendar_file, "YYYY.json")->required();
  for (auto* cmd : {due_cmd, list_cmd}) {
    cmd->add_option("--time-zone", calendar.time_zone,
                    "Asia/Jakarta, Asia/Makassar, ... (default: the Pemda's, else Asia/Jakarta)");
    cmd->add_option("--cutoff", calendar.cutoff,
                    "Local time from which a case counts as next day (default: calendar.cutoff, "
                    "16:00)");
  }
  for (auto* cmd :
       {due_cmd, list_cmd, add_day_cmd, cancel_day_cmd, remove_day_cmd, install_year_cmd}) {
    cmd->add_option("--data-dir", calendar.data_dir, "Directory with Sigap's data files");
    cmd->add_option("--db", calendar.db,
                    "SQLite database with the Pemda's own days (default: database.path)");
    cmd->add_option("--config", calendar.config_file, "sigap.toml to read")
        ->check(CLI::ExistingFile);
    cmd->add_option("--pemda", calendar.pemda, "Pemda code (default: the only one)");
  }

  ImportFlags import_flags;
  auto* import_cmd = app.add_subcommand("import", "Import data from another system");
  import_cmd->require_subcommand(1);
  auto* import_cases = import_cmd->add_subcommand(
      "cases", "Import the cases of an older system from a .csv or .jsonl file");
  import_cases->add_option("file", import_flags.file, "FILE.csv or FILE.jsonl")->required();
  import_cases->add_option("--db", import_flags.db, "SQLite database file (default database.path)");
  import_cases->add_option("--config", import_flags.config_file, "sigap.toml to read")
      ->check(CLI::ExistingFile);
  import_cases->add_option("--pemda", import_flags.pemda, "Pemda code (default: the only one)");
  import_cases->add_option("--source", import_flags.source,
                           "Name of the older system (default: the file's name without extension)");
  import_cases->add_flag("--skip-invalid", import_flags.skip_invalid,
                         "Import the valid rows even when others have errors");
  import_cases->add_flag("--dry-run", import_flags.dry_run, "Check every row, write nothing");
  SurveyImportFlags survey_flags;
  auto* import_survey = import_cmd->add_subcommand(
      "survey", "Add SKM responses from a CSV (the format of `sigap ikm`) to a unit's survey");
  import_survey->add_option("file", survey_flags.file, "FILE.csv")->required();
  import_survey->add_option("--unit", survey_flags.unit, "Agency code of the service unit")
      ->required();
  import_survey->add_option("--period", survey_flags.period, "2026-Q1, 2026-03, 2026 or 2026-S1")
      ->required();
  import_survey->add_option("--service", survey_flags.service, "Service code (default: none)");
  import_survey->add_option("--db", survey_flags.db,
                            "SQLite database file (default database.path)");
  import_survey->add_option("--config", survey_flags.config_file, "sigap.toml to read")
      ->check(CLI::ExistingFile);
  import_survey->add_option("--pemda", survey_flags.pemda, "Pemda code (default: the only one)");
  import_survey->add_flag("--skip-invalid", survey_flags.skip_invalid,
                          "Import the valid rows even when others have errors");
  import_survey->add_flag("--dry-run", survey_flags.dry_run, "Check every row, write nothing");
  auto* new_batch = import_survey->add_flag(
      "--new-batch", survey_flags.new_batch,
      "Rows without a tanggal are other respondents than those imported before (a new batch of "
      "questionnaires), even where they answered alike");
  import_survey
      ->add_flag("--skip-imported", survey_flags.skip_imported,
                 "Rows identical to responses imported before are those responses (a file taken "
                 "again): only the others are added")
      ->excludes(new_batch);
  BoundaryImportFlags boundary_flags;
  auto* import_boundaries = import_cmd->add_subcommand(
      "boundaries",
      "Store kelurahan, kecamatan or the Pemda's own boundaries from a GeoJSON FeatureCollection");
  import_boundaries->add_option("file", boundary_flags.file, "FILE.geojson")->required();
  import_boundaries
      ->add_option("--level", boundary_flags.level,
                   "kelurahan, kecamatan, or pemda (kabupaten, kota, provinsi): the Pemda's own "
                   "outline, from a national file")
      ->required();
  AddTargetOptions(import_boundaries, boundary_flags);
  import_boundaries->add_option("--code-property", boundary_flags.code_property,
                                "Feature property with the Kemendagri code (default kode)");
  import_boundaries->add_flag("--skip-invalid", boundary_flags.skip_invalid,
                              "Import the valid features even when others are bad");
  import_boundaries->add_flag("--dry-run", boundary_flags.dry_run,
                              "Check every feature, write nothing");
  CategoryImportFlags category_flags;
  auto* import_categories = import_cmd->add_subcommand(
      "categories", "Store the Pemda's category taxonomy from a JSON file (SP4N-LAPOR! format)");
  import_categories->add_option("file", category_flags.file, "FILE.json")->required();
  AddTargetOptions(import_categories, category_flags);
  PopulationImportFlags region_flags;
  auto* import_regions = import_cmd->add_subcommand(
      "regions",
      "Store the Pemda's kecamatan and desa/kelurahan from a Kemendagri CSV "
      "(kode,nama,level)");
  import_regions->add_option("file", region_flags.file, "FILE.csv")->required();
  AddTargetOptions(import_regions, region_flags);
  PopulationImportFlags population_flags;
  auto* import_population = import_cmd->add_subcommand(
      "population", "Store the residents of kelurahan and kecamatan from a CSV (kode,penduduk)");
  import_population->add_option("file", population_flags.file, "FILE.csv")->required();
  AddTargetOptions(import_population, population_flags);

  IkmFlags ikm;
  auto* ikm_cmd = app.add_subcommand(
      "ikm",
      "Compute the IKM (SKM, PermenPAN-RB 14/2017) of a survey CSV and print or write its "
      "report");
  ikm_cmd->footer(
      "FILE.csv: a header row; U1..U9 (any case) or the elements' names; optional tanggal, unit, "
      "layanan, jenis_kelamin, usia, pendidikan, pekerjaan, saran; blank = not answered; ',' or "
      "';'. xlsx and pdf are written to --output, by default FILE-ikm.xlsx / FILE-ikm.pdf in the "
      "current directory. Exit codes: 0 ok, 1 bad input, 2 usage.\n");
  ikm_cmd->add_option("file", ikm.file, "Survey CSV file")->required();
  ikm_cmd->add_option("--population", ikm.population,
                      "Service users in the period (Krejcie & Morgan sample adequacy)");
  ikm_cmd->add_option("--by", ikm.by, "Group by unit, service, month or quarter");
  ikm_cmd->add_option("--weights", ikm.weights,
                      "w1,w2,... one per element, summing to 1 (default exactly 1/9 each)");
  ikm_cmd->add_option("--scheme", ikm.scheme, "2017 (default) or 2004 (historical, 14 elements)");
  ikm_cmd->add_option("--format", ikm.format, "text (default), json, csv, xlsx, pdf or html");
  ikm_cmd->add_option("--output", ikm.output, "Write the report to this file");
  ikm_cmd->add_flag("--skip-invalid", ikm.skip_invalid, "Compute from the valid rows only");
  ikm_cmd->add_option("--unit-name", ikm.unit_name, "The service unit's name, for the report");
  ikm_cmd->add_option("--period", ikm.period, "The survey period, e.g. \"Triwulan I 2026\"");
  ikm_cmd->add_option("--lang", ikm.lang, "id (default) or en");

  RoutingRuleFlags rule_flags;
  auto* routing_cmd = app.add_subcommand("routing", "Routing by place");
  routing_cmd->require_subcommand(1);
  auto* rules_cmd =
      routing_cmd->add_subcommand("rules", "Routing rules: service x region -> lead agency");
  rules_cmd->require_subcommand(1);
  auto* rules_list = rules_cmd->add_subcommand("list", "Print the rules: ID SERVICE REGION AGENCY");
  auto* rules_add = rules_cmd->add_subcommand("add", "Add or change a rule");
  rules_add->add_option("--service", rule_flags.service, "Service code")->required();
  rules_add->add_option("--region", rule_flags.region, "Kelurahan or kecamatan code, or *")
      ->required();
  rules_add->add_option("--agency", rule_flags.agency, "Lead agency code")->required();
  auto* rules_remove = rules_cmd->add_subcommand("remove", "Remove a rule");
  rules_remove->add_option("id", rule_flags.id, "The rule's id (see list)")->required();
  for (auto* cmd : {rules_list, rules_add, rules_remove}) {
    cmd->add_option("--db", rule_flags.db, "SQLite database file (default database.path)");
    cmd->add_option("--config", rule_flags.config_file, "sigap.toml to read")
        ->check(CLI::ExistingFile);
    cmd->add_option("--pemda", rule_flags.pemda, "Pemda code (default: the only one)");
  }

  SimulateFlags simulate;
  simulate.argv0 = argv[0];
  auto* simulate_cmd = app.add_subcommand(
      "simulate",
      "Prove the detectors on a year of synthetic cases with injected shocks (issue 9)");
  // A number within (`low`, `high`); `need` says so when it is not.
  const auto number_in = [](double low, double high, std::string need) {
    return CLI::Validator(
        [low, high, need](const std::string& text) {
          try {
            size_t used = 0;
            const double v = std::stod(text, &used);
            return used == text.size() && v > low && v < high ? std::string() : need;
          } catch (const std::exception&) {
            return need;
          }
        },
        "NUMBER");
  };
  // A threshold given is a threshold used: 0 or less is refused, not read
  // as "the built-in one".
  const auto positive =
      number_in(0, std::numeric_limits<double>::infinity(), "must be a number above 0");
  simulate_cmd->add_option("--seed", simulate.seed, "Random seed (default 1)")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos
                       ? std::string()
                       : std::string("must be a whole number, 0 or more");
          },
          "UINT"));
  simulate_cmd->add_option("--runs", simulate.runs, "Runs per scenario (default 20)")
      ->check(CLI::Range(1, 10000));
  simulate_cmd->add_option("--scenario", simulate.scenario, "a, b, c, d, e, none or all (default)");
  simulate_cmd->add_option("--format", simulate.format, "text (default) or json");
  simulate_cmd
      ->add_option("--daily-cases", simulate.daily_cases,
                   "Weekday-average new cases city-wide (default 1500)")
      ->check(CLI::Range(1.0, 100000.0));
  simulate_cmd->add_option("--data-dir", simulate.data_dir, "Directory with Sigap's data files");
  simulate_cmd->add_option("--city-threshold", simulate.city_threshold, "Calibration: city CUSUM h")
      ->check(positive);
  simulate_cmd
      ->add_option("--cluster-threshold", simulate.cluster_threshold,
                   "Calibration: scan LLR threshold")
      ->check(positive);
  simulate_cmd
      ->add_option("--rating-threshold", simulate.rating_threshold, "Calibration: ratings CUSUM h")
      ->check(positive);
  simulate_cmd
      ->add_option("--backlog-threshold", simulate.backlog_threshold,
                   "Calibration: backlog CUSUM h")
      ->check(positive);
  simulate_cmd
      ->add_option("--backlog-throughput-threshold", simulate.backlog_throughput_threshold,
                   "Calibration: backlog throughput CUSUM h")
      ->check(positive);
  simulate_cmd
      ->add_option("--topic-fdr", simulate.topic_fdr, "Calibration: topic FDR level, in (0, 1)")
      ->check(number_in(0, 1, "must be a number above 0 and below 1"));

  ForecastFlags forecast;
  auto* forecast_cmd = app.add_subcommand("forecast", "Staffing and backlog forecasts (issue 10)");
  forecast_cmd->require_subcommand(1);
  auto* forecast_staffing = forecast_cmd->add_subcommand(
      "staffing", "Officers needed per weekday and hour at a counter (Erlang C)");
  forecast_staffing->add_option("--service", forecast.service, "Service code (default: all)");
  forecast_staffing->add_option("--weeks", forecast.weeks, "Weeks of history (default 8)");
  forecast_staffing->add_option("--handling-minutes", forecast.handling_minutes,
                                "Mean handling time per citizen (default 6)");
  forecast_staffing->add_option("--target-wait-seconds", forecast.target_wait_seconds,
                                "Target wait (default 1200)");
  forecast_staffing->add_option("--target-share", forecast.target_share,
                                "Share to serve within the target wait (default 0.8)");
  forecast_staffing->add_option("--officers", forecast.officers, "Today's staff per hour");
  forecast_staffing->add_option("--arrivals-per-hour", forecast.arrivals_per_hour,
                                "Use this arrival rate instead of history");
  auto* forecast_backlog =
      forecast_cmd->add_subcommand("backlog", "Per agency: when the backlog clears, overdue ahead");
  forecast_backlog->add_option("--window-days", forecast.window_days,
                               "Days of history for the rates (default 28)");
  forecast_backlog->add_option("--deadline-days", forecast.deadline_days,
                               "Working days new cases get (default: the resolution target)");
  forecast_backlog->add_option("--cases-per-officer-day", forecast.cases_per_officer_day,
                               "Default: resolved per day / active officers");
  for (auto* cmd : {forecast_staffing, forecast_backlog}) {
    cmd->add_option("--agency", forecast.agency, "Agency code (default: all)");
    cmd->add_option("--format", forecast.format, "text (default) or json");
    cmd->add_option("--now", forecast.now, "Forecast as of this RFC 3339 time");
    cmd->add_option("--db", forecast.db, "SQLite database file (default database.path)");
    cmd->add_option("--config", forecast.config_file, "sigap.toml to read")
        ->check(CLI::ExistingFile);
    cmd->add_option("--pemda", forecast.pemda, "Pemda code (default: the only one)");
  }

  ClassifierCommands classifier;
  AddClassifierCommands(app, classifier);

  RulesFlags policy;
  auto* policy_cmd = app.add_subcommand("rules", "Policy rules (issue 10)");
  policy_cmd->require_subcommand(1);
  auto* policy_check = policy_cmd->add_subcommand("check", "Validate rule files (.json, .toml)");
  auto* policy_try = policy_cmd->add_subcommand(
      "try", "Dry run: what the rules would have done on past events (writes nothing)");
  for (auto* cmd : {policy_check, policy_try}) {
    cmd->add_option("files", policy.files, "Rule files")->required();
  }
  policy_try->add_option("--since", policy.since, "Nd or YYYY-MM-DD (default 90d)");
  policy_try->add_option("--now", policy.now, "Replay up to this RFC 3339 time");
  policy_try->add_option("--format", policy.format, "text (default) or json");
  policy_try->add_option("--db", policy.db, "SQLite database file (default database.path)");
  policy_try->add_option("--config", policy.config_file, "sigap.toml to read")
      ->check(CLI::ExistingFile);
  policy_try->add_option("--pemda", policy.pemda, "Pemda code (default: the only one)");
  auto* policy_list = policy_cmd->add_subcommand("list", "The stored rules: ID VERSION STATUS");
  auto* policy_show = policy_cmd->add_subcommand("show", "A stored rule's newest version");
  auto* policy_add =
      policy_cmd->add_subcommand("add", "Save rule files (a new rule or its next version)");
  policy_add->add_option("files", policy.files, "Rule files")->required();
  policy_add->add_flag("--enable", policy.enable, "Enable the rules once saved");
  for (auto* cmd : {policy_check, policy_try, policy_add}) {
    cmd->add_option("--lang", policy.lang, "Language of the problems: id (default) or en");
  }
  auto* policy_enable = policy_cmd->add_subcommand("enable", "Enable a rule (audited)");
  auto* policy_disable = policy_cmd->add_subcommand("disable", "Disable a rule (audited)");
  auto* policy_history =
      policy_cmd->add_subcommand("history", "A rule's versions and who enabled what when");
  for (auto* cmd : {policy_show, policy_enable, policy_disable, policy_history}) {
    cmd->add_option("id", policy.id, "The rule's id (see list)")->required();
  }
  for (auto* cmd :
       {policy_list, policy_show, policy_add, policy_enable, policy_disable, policy_history}) {
    cmd->add_option("--db", policy.db, "Database: SQLite file or PostgreSQL URL");
    cmd->add_option("--config", policy.config_file, "sigap.toml to read")->check(CLI::ExistingFile);
    cmd->add_option("--pemda", policy.pemda, "Pemda code (default: the only one)");
  }

  app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // "A subcommand is required" for `sigap import cassses`: name the word
    // that is not a command, and the commands there are.
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
      if (auto unknown = UnknownCommand(app, argc, argv)) {
        std::cerr << *unknown << "\n";
        return 2;
      }
    }
    const int code = app.exit(e);
    // A usage error (an unknown option, a file that is not there) is 2, as
    // for every sigap command's bad input; CLI11's own codes (105, 106, ...)
    // mean nothing to a script.
    return code != 0 ? 2 : code;
  }

  try {
    if (*serve_cmd) {
      const int code = Serve(serve);
      spdlog::shutdown();  // the access log's last lines, written from its queue
      return code;
    }
    if (auto code = RunClassifierCommands(classifier, argv[0])) return *code;
    if (*migrate_cmd) return Migrate(DatabasePath(migrate_db, std::nullopt));
    if (*demo_cmd) {
      demo.db = DatabasePath(demo_db, std::nullopt);
      return Demo(demo);
    }
    if (*create_user) {
      user.db = DatabasePath(user_db, std::nullopt);
      return CreateUser(user);
    }
    if (*set_email) {
      mail.db = DatabasePath(mail_db, std::nullopt);
      return SetUserEmail(mail);
    }
    if (*create_key) {
      key.db = DatabasePath(key_db, std::nullopt);
      return CreateApiKey(key);
    }
    if (*list_keys || *revoke_key) {
      keys.db = DatabasePath(keys_db, std::nullopt);
      return *list_keys ? ListApiKeys(keys) : RevokeApiKey(keys);
    }
    if (*create_agency) {
      agency.db = DatabasePath(agency_db, std::nullopt);
      return CreateAgency(agency);
    }
    if (*create_pemda) {
      pemda.db = DatabasePath(pemda_db, std::nullopt);
      return CreatePemda(pemda);
    }
    if (*verify) return AuditVerify(DatabasePath(audit_db, std::nullopt));
    if (*backup) return Backup(DatabasePath(backup_db, std::nullopt), backup_to);
    if (*restore) return Restore(restore_from, DatabasePath(restore_db, std::nullopt));
    if (*copy_cmd) return Copy(copy_from, copy_to, std::cout, std::cerr);
    if (*due_cmd) {
      return CalendarDue(calendar, calendar_received, calendar_days, std::cout, std::cerr);
    }
    if (*list_cmd) return CalendarList(calendar, calendar_year, std::cout, std::cerr);
    if (*add_day_cmd) {
      return CalendarAdd(calendar, calendar_date, calendar_name, calendar_kind, std::cout,
                         std::cerr);
    }
    if (*cancel_day_cmd) return CalendarCancel(calendar, calendar_date, std::cout, std::cerr);
    if (*remove_day_cmd) return CalendarRemove(calendar, calendar_date, std::cout, std::cerr);
    if (*install_year_cmd) return CalendarInstall(calendar, calendar_file, std::cout, std::cerr);
    if (*import_cases) return ImportCases(import_flags, std::cout, std::cerr);
    if (*import_boundaries) return ImportBoundaries(boundary_flags, std::cout, std::cerr);
    if (*import_regions) return ImportRegions(region_flags, std::cout, std::cerr);
    if (*import_population) return ImportPopulation(population_flags, std::cout, std::cerr);
    if (*import_categories) return ImportCategories(category_flags, std::cout, std::cerr);
    if (*import_survey) return ImportSurvey(survey_flags, std::cout, std::cerr);
    if (*rules_list) return RoutingRulesList(rule_flags, std::cout, std::cerr);
    if (*rules_add) return RoutingRulesAdd(rule_flags, std::cout, std::cerr);
    if (*rules_remove) return RoutingRulesRemove(rule_flags, std::cout, std::cerr);
    if (*ikm_cmd) return Ikm(ikm, std::cout, std::cerr);
    if (*simulate_cmd) return Simulate(simulate, std::cout, std::cerr);
    if (*forecast_staffing) return ForecastStaffing(forecast, std::cout, std::cerr);
    if (*forecast_backlog) return ForecastBacklog(forecast, std::cout, std::cerr);
    if (*policy_check) return RulesCheck(policy, std::cout, std::cerr);
    if (*policy_try) return RulesTry(policy, std::cout, std::cerr);
    if (*policy_list) return RulesList(policy, std::cout, std::cerr);
    if (*policy_show) return RulesShow(policy, std::cout, std::cerr);
    if (*policy_add) return RulesAdd(policy, std::cout, std::cerr);
    if (*policy_enable) return RulesEnable(policy, true, std::cout, std::cerr);
    if (*policy_disable) return RulesEnable(policy, false, std::cout, std::cerr);
    if (*policy_history) return RulesHistory(policy, std::cout, std::cerr);
    std::cout << "sigap " << SIGAP_VERSION << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "sigap: " << e.what() << "\n";
    return 1;
  }
}
