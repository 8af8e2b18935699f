#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace sigap::http {

// One line of the access log. It deliberately has no field for the raw
// path, query string, headers, body or client address: those can carry
// tracking codes, names, cookies or tokens, which must never reach logs.
struct AccessLogEntry {
  std::chrono::system_clock::time_point ts;
  std::string_view request_id;
  std::string_view method;
  std::string_view route;  // the route pattern, "/api/v1/cases/{code}", or "unmatched"
  int status = 0;
  double duration_ms = 0;
  uint64_t bytes = 0;  // response body bytes
};

// Returns the entry as one JSON object without a trailing newline:
// {"ts":"2024-05-01T03:04:05.678Z","request_id":"...","method":"GET",
//  "route":"/healthz","status":200,"duration_ms":0.412,"bytes":15}
// Pure and thread-safe; strings are JSON-escaped.
std::string FormatAccessLog(const AccessLogEntry& entry);

}  // namespace sigap::http
