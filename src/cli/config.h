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
    int64_t max_body_bytes = 1 << 20;
    bool access_log = true;
    bool secure_cookies = false;  // set true when served over HTTPS
    std::string web_root;         // built web app to serve at /, if any
  } server;
  struct Database {
    std::string path = "sigap.db";
    int64_t max_batch = 512;  // group commit: most writes per transaction
  } database;
  struct Pemda {
    std::string code;  // "" = the only Pemda in the database
  } pemda;
  struct Log {
    std::string level = "info";  // trace, debug, info, warn, error
  } log;
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

}  // namespace sigap::cli
