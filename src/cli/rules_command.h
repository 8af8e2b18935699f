#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "domain/result.h"

namespace sigap::cli {

// Flags of `sigap rules ...` (issue 10, policy rules).
struct RulesFlags {
  std::vector<std::string> files;          // rule files, .json or .toml
  std::optional<std::string> db;           // default: database.path of the configuration
  std::optional<std::string> config_file;  // default: ./sigap.toml when it exists
  std::string pemda;                       // default: pemda.code, else the only Pemda
  std::string since = "90d";               // Nd (days back) or a date YYYY-MM-DD
  std::string now;                         // RFC 3339; "" = the system clock
  std::string format = "text";             // text or json
  int64_t id = 0;                          // show, enable, disable, history: the rule
  bool enable = false;                     // add: enable the rules once saved
  std::string lang = "id";                 // check, try, add: id or en, of the problems' words
};

// A rule file's text and format ("json" or "toml", from its extension).
struct RuleFile {
  std::string text;
  std::string format;
};
// For check, try and add: reads `file`; nullopt, having said why to `err`
// in `lang` (id or en), when it does not end in .json or .toml or cannot be
// read.
std::optional<RuleFile> ReadRuleFile(const std::string& file, const std::string& lang,
                                     std::ostream& err);

// For check, try and add: prints each problem of a rule file that `error`
// names as "FILE: FIELD: CODE (why)", the why in `lang` ("id":
// FieldError::message_id, "en": ::message; none when it has none in that
// language), or "FILE: message" when it names no field.
void PrintRuleProblems(std::ostream& err, const std::string& file, const Error& error,
                       const std::string& lang);

// True when `flags.lang` is id or en; else prints why to `err` as
// `command` ("sigap rules check").
bool RulesLangIsKnown(const RulesFlags& flags, const std::string& command, std::ostream& err);

// `sigap rules check FILE...`: reads and validates each rule file; prints
// "FILE: ok" or one "FILE: FIELD: CODE (why)" line per problem (a syntax
// error names the line), the why in Indonesian, or with --lang en in
// English. Returns 0 when all are valid, 1 otherwise; 2 for a wrong --lang.
int RulesCheck(const RulesFlags& flags, std::ostream& out, std::ostream& err);

// `sigap rules try FILE... --since 90d`: replays the Pemda's case events
// since then through the rules (with the events their acts would leave)
// and reports what they would have done: how many times, on how many
// cases, which actions, which deadlines they would have moved, and what
// the guard rails stopped. Reads the database only; writes nothing.
// Returns 0; 1 when a rule is invalid or the database fails; 2 for a
// wrong flag.
int RulesTry(const RulesFlags& flags, std::ostream& out, std::ostream& err);

// The rules kept in the store (rules_store_command.cc). Each opens the
// database (migrating it) and finds the Pemda as `try` does. They return 0;
// 1 when a rule is invalid or the database fails; 2 for a wrong flag, an
// unknown rule or an unreadable file.
//
// `sigap rules list`: one line per rule: ID, vVERSION, aktif|nonaktif,
// name, basis.
int RulesList(const RulesFlags& flags, std::ostream& out, std::ostream& err);
// `sigap rules show ID`: the newest version with its basis and definition.
int RulesShow(const RulesFlags& flags, std::ostream& out, std::ostream& err);
// `sigap rules add FILE... [--enable]`: validates and saves each file as a
// new rule, or as the next version of the rule with its name (disabled
// unless --enable). A problem names the field, as `check` does.
int RulesAdd(const RulesFlags& flags, std::ostream& out, std::ostream& err);
// `sigap rules enable ID` / `disable ID`, audited with cli:$USER.
int RulesEnable(const RulesFlags& flags, bool enabled, std::ostream& out, std::ostream& err);
// `sigap rules history ID`: every version, then the audit, newest first.
int RulesHistory(const RulesFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
