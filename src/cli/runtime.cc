#include "cli/runtime.h"

#include <filesystem>
#include <string>

#include "cli/demo_data.h"
#include "domain/working_calendar.h"
#include "store/database.h"

namespace sigap::cli {

std::optional<std::string> NotAnInputFile(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) return std::nullopt;
  if (std::filesystem::is_directory(path, error)) {
    return path.string() + " is a directory, not a file";
  }
  return path.string() + " does not exist";
}

domain::SlaPolicy SlaPolicyFrom(const Config::Sla& sla) {
  domain::SlaPolicy policy;
  policy.defaults = {static_cast<int>(sla.verification_days), static_cast<int>(sla.follow_up_days),
                     static_cast<int>(sla.resolution_days), static_cast<int>(sla.auto_close_days)};
  for (int k = 0; k < 4; ++k) {
    policy.by_kind[k] = {static_cast<int>(sla.by_kind[k][0]), static_cast<int>(sla.by_kind[k][1]),
                         static_cast<int>(sla.by_kind[k][2]), static_cast<int>(sla.by_kind[k][3])};
  }
  policy.reopen_window = static_cast<int>(sla.reopen_days);
  policy.due_soon_percent = static_cast<int>(sla.due_soon_percent);
  if (auto chain = domain::ParseEscalationChain(sla.escalation); chain && !sla.escalation.empty()) {
    policy.escalation = std::move(*chain);
  } else {
    policy.escalation =
        domain::DefaultEscalationChain(static_cast<int>(sla.inspectorate_after_days));
  }
  return policy;
}

std::filesystem::path DataDirFrom(const Config& config, const char* argv0) {
  return config.calendar.data_dir.empty() ? DefaultDataDir(argv0)
                                          : std::filesystem::path(config.calendar.data_dir);
}

Result<std::unique_ptr<app::CalendarBook>> OpenCalendarBook(store::Store& store,
                                                            const Config& config) {
  auto cutoff = domain::ParseTimeOfDay(config.calendar.cutoff);
  if (!cutoff) {
    return Fail(ErrorCode::kInvalidArgument, "calendar.cutoff: " + cutoff.error().message,
                {{"calendar.cutoff", "invalid_format", cutoff.error().message}});
  }
  auto calendars = app::CalendarBook::Create(store, DataDirFrom(config) / "calendar", *cutoff);
  if (!calendars) {
    Error error = calendars.error();
    error.message =
        "the working-day calendar cannot be read (calendar.data_dir holds calendar/"
        "YYYY.json; see data/README.md): " +
        error.message;
    return Fail(std::move(error));
  }
  return std::move(*calendars);
}

Result<domain::Pemda> PickPemda(store::Store& store, const std::string& flag,
                                const std::string& configured, const std::string& db) {
  const std::string& code = flag.empty() ? configured : flag;
  if (!code.empty()) {
    auto found = store.FindPemda(code);
    if (found || found.error().code != ErrorCode::kNotFound) return found;
    return Fail(ErrorCode::kInvalidArgument, (flag.empty() ? "pemda.code" : "--pemda") +
                                                 std::string(": no Pemda ") + code + " in " + db);
  }
  auto all = store.ListPemdas();
  if (!all) return Fail(all.error());
  if (all->empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                db + " has no Pemda: run `sigap demo` or `sigap admin create-pemda` first");
  }
  if (all->size() > 1) {
    return Fail(ErrorCode::kInvalidArgument, db + " has several Pemda: name one with --pemda");
  }
  return std::move(all->front());
}

Result<CommandTarget> OpenCommandTarget(const TargetFlags& flags, int& exit_code) {
  exit_code = 2;
  std::optional<std::string> config_file = flags.config_file;
  if (!config_file && std::filesystem::exists("sigap.toml")) config_file = "sigap.toml";
  auto config = LoadConfig(config_file);
  if (!config) return Fail(config.error());
  CommandTarget target{std::move(*config), "", nullptr, {}};
  target.db = flags.db.value_or(target.config.database.path);
  const std::string name = store::DatabaseName(target.db);
  if (auto missing = store::MissingDatabase(target.db)) return Fail(ErrorCode::kNotFound, *missing);
  exit_code = 1;
  auto store = store::OpenDatabase(target.db);
  if (!store) return Fail(store.error());
  target.store = std::move(*store);
  if (flags.migrate) {
    if (auto migrated = target.store->Migrate(); !migrated) return Fail(migrated.error());
  }
  auto pemda = PickPemda(*target.store, flags.pemda, target.config.pemda.code, name);
  if (!pemda) {
    if (pemda.error().code == ErrorCode::kInvalidArgument) exit_code = 2;
    return Fail(pemda.error());
  }
  target.pemda = std::move(*pemda);
  return target;
}

}  // namespace sigap::cli
