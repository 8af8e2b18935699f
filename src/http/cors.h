#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace sigap::http {

// Cross-origin requests from browsers (the Fetch standard's CORS protocol):
// which other sites' pages may call Sigap, e.g. a "track your report" widget
// on the Pemda's own website. Never with credentials: a session cookie does
// not go cross-origin (it is SameSite=Strict anyway) and no answer says
// Access-Control-Allow-Credentials, so only public reads and calls with an
// API key or a reporter's secret work from another site.
class CorsPolicy {
 public:
  CorsPolicy() = default;  // allows no origin
  // `origins`: exact origins ("https://www.semarangkota.go.id"), or "*" for
  // any. Each must pass IsCorsOrigin.
  explicit CorsPolicy(std::vector<std::string> origins);

  bool Enabled() const { return any_ || !origins_.empty(); }

  // The Access-Control-Allow-Origin value for a request whose Origin header
  // is `origin`: "*", the origin itself, or "" when it is not allowed.
  std::string AllowedOrigin(std::string_view origin) const;

  // Adds the headers of an allowed cross-origin answer to `response`
  // (`allowed` from AllowedOrigin): the origin, Vary: Origin merged with the
  // response's own Vary, and the response headers a page may read.
  static void Decorate(Response& response, const std::string& allowed);

  // The answer to a preflight (OPTIONS with Access-Control-Request-Method)
  // from an allowed origin for a path that accepts `allow_methods` ("GET,
  // HEAD, POST"): 204 with the methods, those of `request_headers` Sigap
  // reads, and how long a browser may remember it; Decorate it as any answer.
  static Response Preflight(std::string_view allow_methods, std::string_view request_headers);

 private:
  bool any_ = false;
  std::vector<std::string> origins_;
};

// Whether `text` is "*" or a serialised origin: http or https, "://", a host
// (a name, an IPv4 address or a bracketed IPv6 one) and an optional port,
// lower case, nothing after it ("https://lapor.example.go.id:8443").
bool IsCorsOrigin(std::string_view text);

}  // namespace sigap::http
