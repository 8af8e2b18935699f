#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/result.h"

namespace sigap::cli {

// Settings of `sigap serve` and the other commands, from sigap.toml and
// environment variables. Every key `section.key` may be overridden by the
// variable SIGAP_SECTION_KEY (for example SIGAP_SERVER_LISTEN).
struct Config {
  struct Server {
    std::string listen = "127.0.0.1:8080";  // ADDRESS:PORT
    int64_t threads = 0;                    // 0: one per core
    // PostgreSQL: threads that run the requests which touch the database,
    // off the event loops, and how many requests may wait for one (more
    // get 503 with Retry-After).
    int64_t handler_threads = 32;
    int64_t handler_queue = 1024;
    int64_t max_body_bytes = 1 << 20;
    bool access_log = true;
    bool secure_cookies = false;     // set true when served over HTTPS
    std::string web_root;            // built web app to serve at /, if any
    std::string metrics_token;       // when set, GET /metrics needs "Bearer <token>"
    int64_t case_burst = 0;          // POST /api/v1/cases per anonymous client IP: burst (0: none)
    int64_t case_per_minute = 30;    // ... and the rate it refills at
    int64_t upload_burst = 30;       // POST /api/v1/attachments per client IP: burst
    int64_t upload_per_minute = 10;  // ... and the rate it refills at
    int64_t upload_keep_hours = 24;  // an upload no case or action names is deleted after
    int64_t survey_burst = 30;       // POST /api/v1/surveys/{id}/responses per client IP
    int64_t survey_per_minute = 10;  // ... and the rate it refills at
    int64_t login_burst = 10;        // wrong passwords per client IP, and per account
    int64_t login_per_minute = 2;    // ... and the rate they are forgiven at
    // Reverse proxies in front of Sigap ("127.0.0.1, ::1"): the client of a
    // request from one of them is the one its X-Forwarded-For names.
    std::string trusted_proxies;
    // Other sites whose pages may call Sigap from a browser, without
    // cookies ("https://www.semarangkota.go.id, https://peta.example.id",
    // or "*" for any): CORS. Empty: none.
    std::string cors_origins;
  } server;
  struct Database {
    std::string path = "sigap.db";  // an SQLite file, or a postgresql:// URL
    int64_t max_batch = 512;        // group commit: most writes per transaction
    int64_t pool_size = 16;         // PostgreSQL: most read connections per node
    // PostgreSQL (issue 7): the server's URL, postgresql://user@host:port/db;
    // when set it wins over `path`.
    std::string url;
    int64_t connect_timeout_s = 5;      // PostgreSQL: giving up on an unreachable server
    int64_t acquire_timeout_ms = 5000;  // PostgreSQL: longest wait for a free read connection
    // PostgreSQL: longest query; a read or a write the server does not
    // answer fails 2 s after it.
    int64_t statement_timeout_ms = 30000;
  } database;
  struct Pemda {
    std::string code;  // "" = the only Pemda in the database
  } pemda;
  struct Log {
    std::string level = "info";  // trace, debug, info, warn, error
  } log;
  struct Calendar {
    std::string data_dir;          // "" = Sigap's data/ directory; holds calendar/YYYY.json
    std::string cutoff = "16:00";  // local time from which a case counts from the next working day
  } calendar;
  // Deadline targets in working days. The per-kind keys (0 = use the
  // general one) are named <kind>_<stage>_days, e.g. information_resolution_days.
  struct Sla {
    int64_t verification_days = 3;
    int64_t follow_up_days = 5;
    int64_t resolution_days = 14;
    int64_t auto_close_days = 10;
    int64_t reopen_days = 10;
    int64_t due_soon_percent = 20;
    int64_t inspectorate_after_days = 3;  // overdue this long: escalate to the inspectorate
    int64_t sweep_seconds = 60;           // how often the deadline sweep runs
    // The escalation chain ("due_soon:handler, overdue:agency_head,
    // overdue+3:inspectorate"; see domain::ParseEscalationChain). "" = that
    // chain with inspectorate_after_days.
    std::string escalation;
    // [kind][stage]: complaint, request, aspiration, information x
    // verification, follow_up, resolution, auto_close. Information requests
    // are answered within 10 working days (UU 14/2008 art. 22(7)).
    int64_t by_kind[4][4] = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 10, 0}};
  } sla;
  struct Notify {
    bool enabled = true;    // false: nothing is sent (messages wait in the outbox)
    std::string smtp_host;  // "" = no e-mail is sent (messages wait in the outbox)
    int64_t smtp_port = 587;
    std::string smtp_security = "starttls";  // starttls | tls | none
    std::string smtp_username;
    std::string smtp_password;
    std::string from = "Sigap <sigap@localhost>";
    std::string base_url = "http://127.0.0.1:8080";  // links in messages
    std::string inspectorate_emails;                 // comma-separated; the last escalation step
    int64_t max_attempts = 12;
    // Webhooks may reach loopback, link-local and private addresses (a
    // subscriber on the Pemda's own network). Off: a webhook cannot be made
    // to probe the machines behind Sigap.
    bool webhook_private_targets = false;
  } notify;
  // Open311 GeoReport v2 at /open311/v2/ and its discovery document.
  struct Open311 {
    std::string jurisdiction_id;                          // "" = any jurisdiction_id is accepted
    std::string contact;                                  // who client developers write to
    std::string key_service;                              // how to get an api_key
    std::string changeset = "2026-12-01T00:00:00+07:00";  // when the endpoint last changed
    std::string type = "production";                      // production | test
  } open311;
  // Routing by place, nearby duplicates (issue 5).
  struct Routing {
    int64_t nearby_radius_m = 100;   // default radius of GET /api/v1/cases/nearby
    int64_t support_burst = 20;      // POST .../support per client IP: burst
    int64_t support_per_minute = 6;  // ... and the rate it refills at
    // Routing by text (issue 8): a model file of `sigap train --output`;
    // "" = only a model trained into the database (`sigap train`), if any.
    std::string model;
    // How often the leading node checks whether a Pemda's model is due for
    // retraining under its policy (PUT /api/v1/routing/text/settings).
    int64_t retrain_check_seconds = 300;
    // A CSV (subject, text, agency) learnt besides the dispositions by every
    // retraining, like `sigap train --from`; "" = the dispositions alone.
    std::string corpus;
  } routing;
  // Early-warning alerts (issue 9): the detectors over the case stream.
  struct Adapt {
    bool enabled = true;
    int64_t interval_seconds = 60;  // how often new case events are fed to the detectors
    int64_t quiet_days = 7;         // a change seen again within this many days updates its alert
    bool judge_open_day = true;     // judge today's cases so far, not only closed days
    // How often the detectors' state is saved while events arrive (also
    // after each day closes); 0: never, every start rebuilds from events.
    int64_t save_state_seconds = 3600;
    // When more events than this were written since the saved state (a long
    // stop, a large import), the signals are rebuilt from the history in
    // bounded batches instead of being read at once.
    int64_t rebuild_after_events = 100000;
    // Who is told about a new alert besides its agency's heads:
    // "KEY=AUDIENCE, ..." with KEY an agency or service code or *, AUDIENCE
    // user:NAME, agency:CODE, agency_head:CODE, verifiers or leaders. An
    // alert of no agency none of them hears goes to the leaders.
    std::string recipients;
  } adapt;
  // Policy rules acting live (issue 10): how often the leading node reads
  // what happened and lets the enabled rules act.
  struct Rules {
    bool enabled = true;  // false: rules are only tried (dry run), never run
    int64_t interval_seconds = 5;
  } rules;
  // The maps of the web app draw the Pemda's own boundaries; a tile server
  // may add streets beneath them (its attribution is then required).
  struct Map {
    std::string tile_url;          // "" = no tiles; https://host/{z}/{x}/{y}.png
    std::string tile_attribution;  // shown on every map, e.g. "© OpenStreetMap contributors"
  } map;
};

// Reads `file` (when given; a missing file is an error) then the
// environment. A wrong key or value is an error naming it (and the file and
// line), never a silent default.
[[nodiscard]] Result<Config> LoadConfig(const std::optional<std::string>& file);

// Splits "ADDRESS:PORT" ("[::1]:8080" for IPv6). kInvalidArgument when
// malformed.
struct ListenAddress {
  std::string address;
  uint16_t port = 0;
};
[[nodiscard]] Result<ListenAddress> ParseListen(const std::string& text);

// The addresses of [server] trusted_proxies ("127.0.0.1, ::1"), trimmed.
std::vector<std::string> TrustedProxies(const std::string& text);

}  // namespace sigap::cli
