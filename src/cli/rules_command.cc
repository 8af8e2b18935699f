#include "cli/rules_command.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapt/policy_engine.h"
#include "app/policy_history.h"
#include "app/system_clock.h"
#include "cli/config.h"
#include "cli/lang_flag.h"
#include "cli/runtime.h"
#include "domain/time.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Reads and validates the rule files; rule ids are their positions (1..n).
// Prints every problem to `err`; nullopt when any file fails.
std::optional<std::vector<adapt::PolicyRule>> ReadRules(const std::vector<std::string>& files,
                                                        const std::string& lang, std::ostream* ok,
                                                        std::ostream& err) {
  std::vector<adapt::PolicyRule> rules;
  bool good = true;
  for (const auto& file : files) {
    const auto read = ReadRuleFile(file, lang, err);
    if (!read) {
      good = false;
      continue;
    }
    auto rule = adapt::ParsePolicyRule(read->text, read->format);
    if (!rule) {
      PrintRuleProblems(err, file, rule.error(), lang);
      good = false;
      continue;
    }
    rule->id = static_cast<int64_t>(rules.size() + 1);
    if (ok != nullptr) *ok << file << ": ok (" << rule->name << ")\n";
    rules.push_back(std::move(*rule));
  }
  if (!good) return std::nullopt;
  return rules;
}

}  // namespace

std::optional<RuleFile> ReadRuleFile(const std::string& file, const std::string& lang,
                                     std::ostream& err) {
  const bool english = lang == "en";
  const std::string ext = fs::path(file).extension().string();
  if (ext != ".json" && ext != ".toml") {
    err << file << ": "
        << (english ? "a rule file ends in .json or .toml"
                    : "berkas aturan harus berakhiran .json atau .toml")
        << "\n";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << file << ": " << (english ? "cannot be read" : "tidak dapat dibaca") << "\n";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return RuleFile{text.str(), ext.substr(1)};
}

void PrintRuleProblems(std::ostream& err, const std::string& file, const Error& error,
                       const std::string& lang) {
  for (const auto& f : error.fields) {
    const std::string& why = lang == "en" ? f.message : f.message_id;
    err << file << ": " << (f.field.empty() ? "" : f.field + ": ") << f.code
        << (why.empty() ? "" : " (" + why + ")") << "\n";
  }
  if (error.fields.empty()) err << file << ": " << error.message << "\n";
}

bool RulesLangIsKnown(const RulesFlags& flags, const std::string& command, std::ostream& err) {
  const auto problem = LangProblem(flags.lang);
  if (problem) err << command << ": " << *problem << "\n";
  return !problem;
}

int RulesCheck(const RulesFlags& flags, std::ostream& out, std::ostream& err) {
  if (!RulesLangIsKnown(flags, "sigap rules check", err)) return 2;
  return ReadRules(flags.files, flags.lang, &out, err) ? 0 : 1;
}

int RulesTry(const RulesFlags& flags, std::ostream& out, std::ostream& err) {
  auto stop = [&](int code, const std::string& message) {
    err << "sigap rules try: " << message << "\n";
    return code;
  };
  if (flags.format != "text" && flags.format != "json") {
    return stop(2, "--format: text or json, not " + flags.format);
  }
  if (!RulesLangIsKnown(flags, "sigap rules try", err)) return 2;
  Timestamp now = app::SystemClock().Now();
  if (!flags.now.empty()) {
    auto parsed = ParseRfc3339(flags.now);
    if (!parsed) return stop(2, "--now: not an RFC 3339 time: " + flags.now);
    now = *parsed;
  }
  Timestamp since{};
  if (!flags.since.empty() && flags.since.back() == 'd') {
    int days = 0;
    const auto* end = flags.since.data() + flags.since.size() - 1;
    const auto [ptr, ec] = std::from_chars(flags.since.data(), end, days);
    if (ec != std::errc() || ptr != end || days < 1 || days > 3660) {
      return stop(2, "--since: Nd (1 to 3660 days) or YYYY-MM-DD, not " + flags.since);
    }
    since = now - std::chrono::days(days);
  } else if (auto date = ParseDay(flags.since)) {
    since = Timestamp(std::chrono::sys_days(*date) - std::chrono::hours(7));
  } else {
    return stop(2, "--since: Nd (1 to 3660 days) or YYYY-MM-DD, not " + flags.since);
  }
  auto rules = ReadRules(flags.files, flags.lang, nullptr, err);
  if (!rules) return 1;

  // A dry run writes nothing, not even a schema upgrade.
  int code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda, false}, code);
  if (!target) return stop(code, target.error().message);
  auto history = app::ReadPolicyHistory(*target->store, target->pemda.id, since, now,
                                        SlaPolicyFrom(target->config.sla));
  if (!history) return stop(1, history.error().message);
  const auto report = adapt::DryRun(*rules, *history, {}, 50);

  if (flags.format == "json") {
    json changes = json::array();
    for (const auto& c : report.deadline_changes) {
      changes.push_back({{"case_id", c.case_id},
                         {"rule", (*rules)[static_cast<size_t>(c.rule_id - 1)].name},
                         {"stage", adapt::ToString(c.stage)},
                         {"days", c.days}});
    }
    json by_rule = json::object();
    for (const auto& [id, n] : report.by_rule) {
      by_rule[(*rules)[static_cast<size_t>(id - 1)].name] = n;
    }
    out << json{{"since", FormatRfc3339(since)},
                {"events", report.events},
                {"decisions", report.decisions},
                {"cases", report.cases},
                {"by_rule", by_rule},
                {"by_action", report.by_action},
                {"deadline_changes", report.deadline_changes_total},
                {"deadline_examples", changes},
                {"loops_prevented", report.counters.loops_prevented},
                {"rate_limited", report.counters.rate_limited},
                {"refused_actions", report.counters.refused_actions}}
               .dump(2)
        << "\n";
    return 0;
  }
  out << "Uji coba aturan (tidak ada yang ditulis): " << rules->size() << " aturan, riwayat sejak "
      << FormatRfc3339(since).substr(0, 10) << "\n";
  out << "Peristiwa diputar ulang: " << report.events << "\n";
  out << "Aturan akan bertindak " << report.decisions << " kali pada " << report.cases
      << " kasus\n";
  for (const auto& [id, n] : report.by_rule) {
    out << "  " << (*rules)[static_cast<size_t>(id - 1)].name << ": " << n << "\n";
  }
  out << "Tindakan:\n";
  for (const auto& [kind, n] : report.by_action) out << "  " << kind << ": " << n << "\n";
  out << "Tenggat yang akan diubah: " << report.deadline_changes_total << "\n";
  for (const auto& c : report.deadline_changes) {
    out << "  kasus #" << c.case_id << ": " << adapt::ToString(c.stage) << " "
        << (c.days > 0 ? "+" : "") << c.days << " hari kerja\n";
  }
  out << "Dicegah berulang (loop): " << report.counters.loops_prevented
      << "; dibatasi laju: " << report.counters.rate_limited
      << "; ditolak batas regulasi: " << report.counters.refused_actions << "\n";
  return 0;
}

}  // namespace sigap::cli
