#include "http/cors.h"

#include <algorithm>
#include <array>
#include <utility>

#include "domain/ascii.h"
#include "domain/text.h"

namespace sigap::http {
namespace {

// What a page on another site may send: the request headers Sigap reads.
// The cookie's CSRF token is left out (no cookie goes cross-origin).
constexpr std::array<std::string_view, 10> kRequestHeaders = {
    "accept-language", "authorization", "content-type",      "idempotency-key", "if-match",
    "if-none-match",   "x-api-key",     "x-reporter-secret", "x-request-id",    "x-sigap-client"};

// What a page on another site may read beyond the CORS-safelisted headers.
constexpr std::string_view kExposedHeaders =
    "Location, Retry-After, ETag, X-Request-Id, Idempotent-Replayed";

constexpr std::string_view kMaxAgeSeconds = "600";

bool SameHeaderName(std::string_view a, std::string_view b) {
  return domain::EqualsAsciiFolded(a, b);
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> origins) {
  for (auto& origin : origins) {
    if (origin == "*") {
      any_ = true;
    } else {
      origins_.push_back(std::move(origin));
    }
  }
}

std::string CorsPolicy::AllowedOrigin(std::string_view origin) const {
  if (origin.empty()) return "";
  if (any_) return "*";
  // Browsers send the origin serialised in lower case; compare as sent.
  for (const auto& allowed : origins_) {
    if (allowed == origin) return allowed;
  }
  return "";
}

void CorsPolicy::Decorate(Response& response, const std::string& allowed) {
  // A handler's own answer (Open311's public reads say "*") gives way.
  std::erase_if(response.headers, [](const auto& header) {
    return SameHeaderName(header.first, "Access-Control-Allow-Origin");
  });
  response.With("Access-Control-Allow-Origin", allowed);
  response.With("Access-Control-Expose-Headers", std::string(kExposedHeaders));
  if (allowed == "*") return;
  // The answer differs by Origin: caches must key on it.
  for (auto& [name, value] : response.headers) {
    if (SameHeaderName(name, "Vary")) {
      value += ", Origin";
      return;
    }
  }
  response.With("Vary", "Origin");
}

Response CorsPolicy::Preflight(std::string_view allow_methods, std::string_view request_headers) {
  Response response;
  response.status = 204;
  response.content_type.clear();
  std::string headers;
  for (const auto& requested : domain::SplitCommaList(std::string(request_headers))) {
    const std::string name = domain::AsciiLower(requested);
    if (std::find(kRequestHeaders.begin(), kRequestHeaders.end(), name) == kRequestHeaders.end()) {
      continue;  // not read by Sigap: the browser will refuse to send it
    }
    if (!headers.empty()) headers += ", ";
    headers += name;
  }
  response.With("Access-Control-Allow-Methods", std::string(allow_methods));
  if (!headers.empty()) response.With("Access-Control-Allow-Headers", headers);
  response.With("Access-Control-Max-Age", std::string(kMaxAgeSeconds));
  response.With("Cache-Control", "no-store");
  return response;
}

bool IsCorsOrigin(std::string_view text) {
  if (text == "*") return true;
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return false;
  }
  std::string_view host = rest;
  std::string_view port;
  if (rest.starts_with("[")) {  // an IPv6 literal
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return false;
    host = rest.substr(0, close + 1);
    const auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port = after.substr(1);
      if (port.empty()) return false;
    }
    const auto inner = host.substr(1, host.size() - 2);
    if (inner.empty() || !std::all_of(inner.begin(), inner.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
        })) {
      return false;
    }
  } else {
    if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
      if (port.empty()) return false;
    }
    if (host.empty() || host.front() == '.' || host.front() == '-' || host.back() == '.' ||
        !std::all_of(host.begin(), host.end(), IsHostChar)) {
      return false;
    }
  }
  if (port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return port.empty() || std::stoi(std::string(port)) <= 65535;
}

}  // namespace sigap::http
