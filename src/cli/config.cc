#include "cli/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <functional>
#include <string_view>
#include <vector>

#include "cli/alert_watch.h"
#include "domain/lifecycle.h"
#include "domain/text.h"
#include "domain/working_calendar.h"
#include "http/client_address.h"
#include "http/cors.h"
#include "http/static_files.h"
#include "notify/email_message.h"
#include "notify/settings.h"
#include "store/database.h"

extern char** environ;

namespace sigap::cli {
namespace {

// One configurable key: where it lives and how to set it from text or TOML.
struct Key {
  std::string section;
  std::string name;
  std::function<std::optional<std::string>(const toml::node&)> from_toml;  // error or nullopt
  std::function<std::optional<std::string>(std::string_view)> from_text;
};

template <typename T>
Key StringKey(std::string section, std::string name, T& field,
              std::function<bool(const std::string&)> valid, std::string expected) {
  auto check = [&field, valid, expected](const std::string& v) -> std::optional<std::string> {
    if (valid && !valid(v)) return "must be " + expected;
    field = v;
    return std::nullopt;
  };
  return Key{section, name,
             [check](const toml::node& n) -> std::optional<std::string> {
               if (!n.is_string()) return std::string("must be a string");
               return check(std::string(*n.value<std::string>()));
             },
             [check](std::string_view text) { return check(std::string(text)); }};
}

Key IntKey(std::string section, std::string name, int64_t& field, int64_t min, int64_t max) {
  auto check = [&field, min, max](int64_t v) -> std::optional<std::string> {
    if (v < min || v > max) {
      return "must be between " + std::to_string(min) + " and " + std::to_string(max);
    }
    field = v;
    return std::nullopt;
  };
  return Key{section, name,
             [check](const toml::node& n) -> std::optional<std::string> {
               if (!n.is_integer()) return std::string("must be an integer");
               return check(*n.value<int64_t>());
             },
             [check](std::string_view text) -> std::optional<std::string> {
               const std::string s(text);
               char* end = nullptr;
               errno = 0;
               const long long v = std::strtoll(s.c_str(), &end, 10);
               if (s.empty() || *end != '\0' || errno != 0)
                 return std::string("must be an integer");
               return check(v);
             }};
}

Key BoolKey(std::string section, std::string name, bool& field) {
  return Key{section, name,
             [&field](const toml::node& n) -> std::optional<std::string> {
               if (!n.is_boolean()) return std::string("must be true or false");
               field = *n.value<bool>();
               return std::nullopt;
             },
             [&field](std::string_view text) -> std::optional<std::string> {
               if (text == "true" || text == "1" || text == "yes") {
                 field = true;
               } else if (text == "false" || text == "0" || text == "no") {
                 field = false;
               } else {
                 return std::string("must be true or false");
               }
               return std::nullopt;
             }};
}

std::vector<Key> Keys(Config& c) {
  auto proxies_ok = [](const std::string& v) {
    const auto proxies = TrustedProxies(v);
    return std::all_of(proxies.begin(), proxies.end(),
                       [](const std::string& p) { return http::IsIpAddress(p); });
  };
  auto listen_ok = [](const std::string& v) {
    const auto listen = ParseListen(v);
    return listen.has_value() && http::IsIpAddress(listen->address);
  };
  auto level_ok = [](const std::string& v) {
    return v == "trace" || v == "debug" || v == "info" || v == "warn" || v == "error";
  };
  auto nonempty = [](const std::string& v) { return !v.empty(); };
  auto time_ok = [](const std::string& v) { return domain::ParseTimeOfDay(v).has_value(); };
  auto url_ok = [](const std::string& v) {
    return v.starts_with("http://") || v.starts_with("https://");
  };
  std::vector<Key> keys{
      StringKey("server", "listen", c.server.listen, listen_ok,
                "ADDRESS:PORT, the address a number (127.0.0.1, 0.0.0.0, [::1])"),
      IntKey("server", "threads", c.server.threads, 0, 256),
      IntKey("server", "handler_threads", c.server.handler_threads, 1, 1024),
      IntKey("server", "handler_queue", c.server.handler_queue, 1, 1000000),
      IntKey("server", "max_body_bytes", c.server.max_body_bytes, 1024, 64 << 20),
      BoolKey("server", "access_log", c.server.access_log),
      BoolKey("server", "secure_cookies", c.server.secure_cookies),
      StringKey("server", "web_root", c.server.web_root, nullptr, ""),
      StringKey(
          "server", "metrics_token", c.server.metrics_token,
          [](const std::string& v) { return v.empty() || v.size() >= 16; },
          "empty, or a secret of at least 16 characters"),
      IntKey("server", "case_burst", c.server.case_burst, 0, 100000),
      IntKey("server", "case_per_minute", c.server.case_per_minute, 1, 100000),
      IntKey("server", "upload_burst", c.server.upload_burst, 1, 10000),
      IntKey("server", "upload_per_minute", c.server.upload_per_minute, 1, 10000),
      IntKey("server", "upload_keep_hours", c.server.upload_keep_hours, 1, 24 * 30),
      IntKey("server", "survey_burst", c.server.survey_burst, 1, 10000),
      IntKey("server", "survey_per_minute", c.server.survey_per_minute, 1, 10000),
      IntKey("server", "login_burst", c.server.login_burst, 1, 10000),
      IntKey("server", "login_per_minute", c.server.login_per_minute, 1, 10000),
      StringKey("server", "trusted_proxies", c.server.trusted_proxies, proxies_ok,
                "IP addresses separated by commas, e.g. \"127.0.0.1, ::1\""),
      StringKey(
          "server", "cors_origins", c.server.cors_origins,
          [](const std::string& v) {
            const auto origins = domain::SplitCommaList(v);
            return std::all_of(origins.begin(), origins.end(),
                               [](const std::string& o) { return http::IsCorsOrigin(o); });
          },
          "origins separated by commas, each scheme://host[:port] in lower case without a "
          "path (\"https://www.semarangkota.go.id\"), or \"*\""),
      StringKey("database", "path", c.database.path, nonempty,
                "a file path or a postgresql:// URL"),
      IntKey("database", "max_batch", c.database.max_batch, 1, 100000),
      IntKey("database", "pool_size", c.database.pool_size, 1, 1000),
      // Given, it is a URL: an empty one (SIGAP_DATABASE_URL= in a unit
      // file) silently served the SQLite file beside a PostgreSQL node.
      StringKey(
          "database", "url", c.database.url,
          [](const std::string& v) { return store::IsPostgresUrl(v); },
          "a postgresql:// URL (leave the key out to use database.path)"),
      IntKey("database", "connect_timeout_s", c.database.connect_timeout_s, 1, 300),
      IntKey("database", "acquire_timeout_ms", c.database.acquire_timeout_ms, 1, 600000),
      IntKey("database", "statement_timeout_ms", c.database.statement_timeout_ms, 100, 3600000),
      StringKey("pemda", "code", c.pemda.code, nullptr, ""),
      StringKey("log", "level", c.log.level, level_ok, "trace, debug, info, warn or error"),
  };
  keys.push_back(StringKey("calendar", "data_dir", c.calendar.data_dir, nullptr, ""));
  keys.push_back(StringKey("calendar", "cutoff", c.calendar.cutoff, time_ok, "a time HH:MM"));
  keys.push_back(IntKey("sla", "verification_days", c.sla.verification_days, 1, 60));
  keys.push_back(IntKey("sla", "follow_up_days", c.sla.follow_up_days, 1, 60));
  keys.push_back(IntKey("sla", "resolution_days", c.sla.resolution_days, 1, 60));
  keys.push_back(IntKey("sla", "auto_close_days", c.sla.auto_close_days, 1, 60));
  keys.push_back(IntKey("sla", "reopen_days", c.sla.reopen_days, 0, 60));
  keys.push_back(IntKey("sla", "due_soon_percent", c.sla.due_soon_percent, 0, 99));
  keys.push_back(IntKey("sla", "inspectorate_after_days", c.sla.inspectorate_after_days, 0, 60));
  keys.push_back(IntKey("sla", "sweep_seconds", c.sla.sweep_seconds, 1, 3600));
  {
    auto check = [&c](std::string_view v) -> std::optional<std::string> {
      if (!v.empty()) {
        auto chain = domain::ParseEscalationChain(v);
        if (!chain) return chain.error().message;
      }
      c.sla.escalation = std::string(v);
      return std::nullopt;
    };
    keys.push_back(Key{"sla", "escalation",
                       [check](const toml::node& n) -> std::optional<std::string> {
                         if (!n.is_string()) return std::string("must be a string");
                         return check(*n.value<std::string>());
                       },
                       check});
  }
  const char* kinds[] = {"complaint", "request", "aspiration", "information"};
  const char* stages[] = {"verification", "follow_up", "resolution", "auto_close"};
  for (int k = 0; k < 4; ++k) {
    for (int s = 0; s < 4; ++s) {
      keys.push_back(IntKey("sla", std::string(kinds[k]) + "_" + stages[s] + "_days",
                            c.sla.by_kind[k][s], 0, 60));
    }
  }
  auto security_ok = [](const std::string& v) {
    return v == "starttls" || v == "tls" || v == "none";
  };
  keys.push_back(BoolKey("notify", "enabled", c.notify.enabled));
  keys.push_back(StringKey("notify", "smtp_host", c.notify.smtp_host, nullptr, ""));
  keys.push_back(IntKey("notify", "smtp_port", c.notify.smtp_port, 1, 65535));
  keys.push_back(StringKey("notify", "smtp_security", c.notify.smtp_security, security_ok,
                           "starttls, tls or none"));
  keys.push_back(StringKey("notify", "smtp_username", c.notify.smtp_username, nullptr, ""));
  keys.push_back(StringKey("notify", "smtp_password", c.notify.smtp_password, nullptr, ""));
  keys.push_back(StringKey("notify", "from", c.notify.from, nonempty, "an address"));
  keys.push_back(StringKey("notify", "base_url", c.notify.base_url, url_ok, "an http(s) URL"));
  // A mistyped address would leave the inspectorate's escalations unsent,
  // recorded as delivered to nobody.
  auto addresses_ok = [](const std::string& v) {
    const auto addresses = notify::SplitAddresses(v);
    return std::all_of(addresses.begin(), addresses.end(),
                       [](const std::string& a) { return notify::ValidAddress(a); });
  };
  keys.push_back(StringKey("notify", "inspectorate_emails", c.notify.inspectorate_emails,
                           addresses_ok, "e-mail addresses separated by commas"));
  keys.push_back(IntKey("notify", "max_attempts", c.notify.max_attempts, 1, 100));
  keys.push_back(BoolKey("notify", "webhook_private_targets", c.notify.webhook_private_targets));
  auto w3c_time_ok = [](const std::string& v) { return ParseRfc3339(v).has_value(); };
  auto endpoint_type_ok = [](const std::string& v) { return v == "production" || v == "test"; };
  keys.push_back(StringKey("open311", "jurisdiction_id", c.open311.jurisdiction_id, nullptr, ""));
  keys.push_back(StringKey("open311", "contact", c.open311.contact, nullptr, ""));
  keys.push_back(StringKey("open311", "key_service", c.open311.key_service, nullptr, ""));
  keys.push_back(StringKey("open311", "changeset", c.open311.changeset, w3c_time_ok,
                           "a date and time with its zone, 2026-12-01T00:00:00+07:00"));
  keys.push_back(
      StringKey("open311", "type", c.open311.type, endpoint_type_ok, "production or test"));
  keys.push_back(IntKey("routing", "nearby_radius_m", c.routing.nearby_radius_m, 1, 5000));
  keys.push_back(IntKey("routing", "support_burst", c.routing.support_burst, 1, 10000));
  keys.push_back(IntKey("routing", "support_per_minute", c.routing.support_per_minute, 1, 10000));
  keys.push_back(StringKey("routing", "model", c.routing.model, nullptr, ""));
  keys.push_back(
      IntKey("routing", "retrain_check_seconds", c.routing.retrain_check_seconds, 1, 86400));
  keys.push_back(StringKey("routing", "corpus", c.routing.corpus, nullptr, ""));
  auto tile_url_ok = [](const std::string& v) {
    return v.empty() || (!http::TileOrigin(v).empty() && v.find("{z}") != std::string::npos &&
                         v.find("{x}") != std::string::npos && v.find("{y}") != std::string::npos);
  };
  keys.push_back(StringKey("map", "tile_url", c.map.tile_url, tile_url_ok,
                           "an http(s) URL with {z}, {x} and {y}"));
  keys.push_back(StringKey("map", "tile_attribution", c.map.tile_attribution, nullptr, ""));
  keys.push_back(BoolKey("adapt", "enabled", c.adapt.enabled));
  keys.push_back(IntKey("adapt", "interval_seconds", c.adapt.interval_seconds, 1, 86400));
  keys.push_back(IntKey("adapt", "quiet_days", c.adapt.quiet_days, 1, 60));
  keys.push_back(BoolKey("adapt", "judge_open_day", c.adapt.judge_open_day));
  keys.push_back(IntKey("adapt", "save_state_seconds", c.adapt.save_state_seconds, 0, 7 * 86400));
  keys.push_back(
      IntKey("adapt", "rebuild_after_events", c.adapt.rebuild_after_events, 1, 100000000));
  keys.push_back(BoolKey("rules", "enabled", c.rules.enabled));
  keys.push_back(IntKey("rules", "interval_seconds", c.rules.interval_seconds, 1, 3600));
  keys.push_back(StringKey(
      "adapt", "recipients", c.adapt.recipients,
      [](const std::string& v) { return ParseAlertRecipients(v).has_value(); },
      "KEY=AUDIENCE items separated by commas (KEY an agency or service code or *; AUDIENCE "
      "user:NAME, agency:CODE, agency_head:CODE, verifiers or leaders)"));
  return keys;
}

Error ConfigError(const std::string& where, const std::string& message) {
  return Error{ErrorCode::kInvalidArgument, where + ": " + message, {{where, "invalid", message}}};
}

std::string Upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// Whether `a` becomes `b` by one letter changed, added or removed.
bool OneEditApart(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return a.size() != b.size();
  const size_t skip = a.size() == b.size() ? 1 : 0;  // changed, or one added to b
  return a.substr(i + skip) == b.substr(i + 1);
}

}  // namespace

Result<ListenAddress> ParseListen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Fail(ErrorCode::kInvalidArgument, "listen address must be ADDRESS:PORT");
  }
  std::string address = text.substr(0, colon);
  if (address.front() == '[' && address.back() == ']')
    address = address.substr(1, address.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  char* end = nullptr;
  const long port = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end != '\0' || port < 0 || port > 65535 || address.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "listen address must be ADDRESS:PORT");
  }
  return ListenAddress{address, static_cast<uint16_t>(port)};
}

Result<Config> LoadConfig(const std::optional<std::string>& file) {
  Config config;
  std::vector<Key> keys = Keys(config);
  auto find = [&](std::string_view section, std::string_view name) -> Key* {
    for (auto& k : keys) {
      if (k.section == section && k.name == name) return &k;
    }
    return nullptr;
  };

  if (file) {
    toml::table table;
    try {
      table = toml::parse_file(*file);
    } catch (const toml::parse_error& e) {
      return Fail(ConfigError(*file + ":" + std::to_string(e.source().begin.line),
                              std::string(e.description())));
    }
    for (const auto& [section, node] : table) {
      const std::string section_name(section.str());
      const auto* inner = node.as_table();
      const std::string line = *file + ":" + std::to_string(node.source().begin.line);
      if (!inner) return Fail(ConfigError(line, "'" + section_name + "' must be a [section]"));
      for (const auto& [name, value] : *inner) {
        const std::string key_name(name.str());
        const std::string where = *file + ":" + std::to_string(value.source().begin.line) + ": " +
                                  section_name + "." + key_name;
        Key* key = find(section_name, key_name);
        if (!key) return Fail(ConfigError(where, "unknown key"));
        if (auto problem = key->from_toml(value)) return Fail(ConfigError(where, *problem));
      }
    }
  }

  // The sections are those of the keys, so a new section is overridable
  // from the environment the day it gets its first key.
  std::vector<std::string> sections;
  for (const auto& k : keys) {
    if (std::find(sections.begin(), sections.end(), k.section) == sections.end()) {
      sections.emplace_back(k.section);
    }
  }
  // Environment overrides: SIGAP_<SECTION>_<KEY>. Variables whose prefix
  // names no section (SIGAP_DATA_DIR, ...) belong to other tools, but one
  // whose section is a letter away from a real one is a misspelt override
  // (SIGAP_SERVR_THREADS), an error rather than a setting that never applies.
  for (char** env = environ; env && *env; ++env) {
    const std::string_view entry(*env);
    if (!entry.starts_with("SIGAP_")) continue;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string var(entry.substr(0, eq));
    const std::string_view value = entry.substr(eq + 1);
    if (const auto end = var.find('_', 6); end != std::string::npos) {
      std::string named = var.substr(6, end - 6);
      for (char& ch : named) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      for (const std::string_view section : sections) {
        if (OneEditApart(named, section)) {
          return Fail(ConfigError(var, "unknown section " + named + " (did you mean SIGAP_" +
                                           Upper(std::string(section)) + "_...?)"));
        }
      }
    }
    for (const std::string_view section_name : sections) {
      const std::string section(section_name);
      const std::string prefix = "SIGAP_" + Upper(section) + "_";
      if (!var.starts_with(prefix)) continue;
      std::string name = var.substr(prefix.size());
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      Key* key = find(section, name);
      if (!key) return Fail(ConfigError(var, "unknown key " + section + "." + name));
      if (auto problem = key->from_text(value)) return Fail(ConfigError(var, *problem));
    }
  }
  if (!config.database.url.empty()) config.database.path = config.database.url;
  if (!config.map.tile_url.empty() && config.map.tile_attribution.empty()) {
    return Fail(ConfigError("map.tile_attribution",
                            "required with map.tile_url: tile servers' licences ask for it"));
  }
  return config;
}

std::vector<std::string> TrustedProxies(const std::string& text) {
  return domain::SplitCommaList(text);
}

}  // namespace sigap::cli
