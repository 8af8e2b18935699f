#include "http/access_log.h"

#include <fmt/format.h>

#include <ctime>

#include "json/writer.h"

namespace sigap::http {

using json_text::AppendJsonString;

std::string FormatAccessLog(const AccessLogEntry& entry) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto since_epoch = duration_cast<milliseconds>(entry.ts.time_since_epoch());
  const std::time_t seconds = since_epoch.count() / 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::string out = fmt::format("{{\"ts\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\"",
                                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                                utc.tm_min, utc.tm_sec, since_epoch.count() % 1000);
  out += ",\"request_id\":";
  AppendJsonString(out, entry.request_id);
  out += ",\"method\":";
  AppendJsonString(out, entry.method);
  out += ",\"route\":";
  AppendJsonString(out, entry.route);
  out += fmt::format(",\"status\":{},\"duration_ms\":{:.3f},\"bytes\":{}}}", entry.status,
                     entry.duration_ms, entry.bytes);
  return out;
}

}  // namespace sigap::http
