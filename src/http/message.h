#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sigap::http {

// Case-insensitive comparison for header names.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

// One parsed HTTP request, independent of the server library. Plain data.
struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // raw target, "/a/b?x=1"
  std::string path;                               // percent-decoded path, "/a/b"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> params;      // path parameters from the route
  Headers headers;
  std::string body;
  std::string remote_address;  // peer IP, for rate limits (never logged with personal data)
  std::string request_id;      // X-Request-Id (generated when absent)

  // Returns the header value or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // Returns the first query parameter with that name or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
};

// One HTTP response. Content-Length is set by the server.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, in order

  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Sends the response for one request. Must be called exactly once; may be
// called from any thread (the server hands it back to the connection's own
// thread).
using Reply = std::function<void(Response)>;

// An asynchronous handler: answers through `reply`, now or later.
using Handler = std::function<void(Request&, Reply)>;

// A synchronous handler: returns the response.
using SyncHandler = std::function<Response(Request&)>;

// Whether a header's value is `token` (lower case), blanks around it and
// ASCII case aside: Content-Encoding "Identity " is "identity".
bool HeaderValueIs(std::string_view value, std::string_view token);

// Whether an If-None-Match header value matches `etag` (quoted): any of
// its comma-separated tags, weak comparison ("W/" ignored), "*" any
// (RFC 9110 §13.1.2).
bool ETagMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace sigap::http
