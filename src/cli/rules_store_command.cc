// `sigap rules list|show|add|enable|disable|history`: the policy rules kept
// in the store (issue 10), each save a new version, each enable and disable
// audited with the person at the terminal.
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>

#include "app/policy_book.h"
#include "app/system_clock.h"
#include "cli/config.h"
#include "cli/officer_labels.h"
#include "cli/rules_command.h"
#include "cli/runtime.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

using nlohmann::json;

// The person at the terminal, for the audit.
std::string CliActor() {
  const char* user = std::getenv("SUDO_USER");
  if (user == nullptr || *user == '\0') user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown");
}

// Opens the store (migrated) and finds the Pemda, then runs `body`.
int WithBook(const RulesFlags& flags, std::ostream& err,
             const std::function<int(app::PolicyBook&, domain::PemdaId, store::Store&)>& body) {
  auto stop = [&](int code, const std::string& message) {
    err << "sigap rules: " << message << "\n";
    return code;
  };
  int code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, code);
  if (!target) return stop(code, target.error().message);
  app::PolicyBook book(*target->store);
  return body(book, target->pemda.id, *target->store);
}

int Failed(std::ostream& err, const Error& error) {
  err << "sigap rules: " << error.message << "\n";
  return error.code == ErrorCode::kNotFound || error.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

std::string StateWord(const store::StoredPolicyRule& r) { return r.enabled ? "aktif" : "nonaktif"; }

}  // namespace

int RulesList(const RulesFlags& flags, std::ostream& out, std::ostream& err) {
  return WithBook(flags, err, [&](app::PolicyBook& book, domain::PemdaId pemda, store::Store&) {
    auto rules = book.List(pemda);
    if (!rules) return Failed(err, rules.error());
    for (const auto& r : *rules) {
      out << r.id << "\tv" << r.current.version << "\t" << StateWord(r) << "\t" << r.current.name
          << "\t" << r.current.basis << "\n";
    }
    return 0;
  });
}

int RulesShow(const RulesFlags& flags, std::ostream& out, std::ostream& err) {
  return WithBook(flags, err, [&](app::PolicyBook& book, domain::PemdaId pemda, store::Store&) {
    auto r = book.Find(pemda, flags.id);
    if (!r) return Failed(err, r.error());
    out << "Aturan #" << r->id << " v" << r->current.version << " (" << StateWord(*r)
        << "): " << r->current.name << "\n";
    out << "Dasar: " << r->current.basis << "\n";
    const json d = json::parse(r->current.definition, nullptr, false);
    out << (d.is_discarded() ? r->current.definition : d.dump(2)) << "\n";
    return 0;
  });
}

int RulesAdd(const RulesFlags& flags, std::ostream& out, std::ostream& err) {
  if (!RulesLangIsKnown(flags, "sigap rules add", err)) return 2;
  return WithBook(flags, err, [&](app::PolicyBook& book, domain::PemdaId pemda, store::Store&) {
    int code = 0;
    for (const auto& file : flags.files) {
      const auto read = ReadRuleFile(file, flags.lang, err);
      if (!read) {
        code = 2;
        continue;
      }
      const std::string actor = CliActor();
      auto saved = book.Save(pemda, read->text, read->format, 0, actor, app::SystemClock().Now());
      if (!saved) {
        PrintRuleProblems(err, file, saved.error(), flags.lang);
        code = saved.error().code == ErrorCode::kInvalidArgument ? 1 : 2;
        continue;
      }
      if (flags.enable) {
        saved = book.SetEnabled(pemda, saved->id, true, actor, app::SystemClock().Now());
        if (!saved) return Failed(err, saved.error());
      }
      out << file << ": aturan #" << saved->id << " v" << saved->current.version << " ("
          << StateWord(*saved) << "): " << saved->current.name << "\n";
    }
    return code;
  });
}

int RulesEnable(const RulesFlags& flags, bool enabled, std::ostream& out, std::ostream& err) {
  return WithBook(flags, err, [&](app::PolicyBook& book, domain::PemdaId pemda, store::Store&) {
    auto r = book.SetEnabled(pemda, flags.id, enabled, CliActor(), app::SystemClock().Now());
    if (!r) return Failed(err, r.error());
    out << "aturan #" << r->id << " v" << r->current.version << " " << StateWord(*r) << ": "
        << r->current.name << "\n";
    return 0;
  });
}

int RulesHistory(const RulesFlags& flags, std::ostream& out, std::ostream& err) {
  return WithBook(
      flags, err, [&](app::PolicyBook& book, domain::PemdaId pemda, store::Store& store) {
        auto r = book.Find(pemda, flags.id);
        if (!r) return Failed(err, r.error());
        auto users = store.ListUsers(pemda);
        if (!users) return Failed(err, users.error());
        const auto names = app::OfficerNamesOf(std::move(*users));
        out << "Aturan #" << r->id << ": " << r->current.name << " (" << StateWord(*r) << ")\n";
        out << "Versi:\n";
        for (const auto& v : r->versions) {
          out << "  v" << v.version << "\t" << FormatRfc3339(v.created_at) << "\t"
              << ActorLabel(names, v.created_by) << "\t" << v.name << "\n";
        }
        out << "Jejak audit:\n";
        for (const auto& a : r->audit) {
          out << "  " << FormatRfc3339(a.at) << "\t" << ActorLabel(names, a.actor) << "\t"
              << a.action << " v" << a.version << "\n";
        }
        return 0;
      });
}

}  // namespace sigap::cli
