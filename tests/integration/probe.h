#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "support/http_client.h"

namespace sigap::integration {

// What a hostile request may get back. Whatever the expectation, a 5xx is
// always wrong, and so is a 4xx that is not RFC 9457 problem+json (type,
// title, status equal to the HTTP status).
struct Expectation {
  std::vector<int> statuses = {};  // allowed 4xx statuses; empty: any 4xx
  // When set, a 422 must name this field in errors[].field (exactly, or as
  // the prefix of a nested field: "location" matches "location.lat").
  std::string field = {};
  bool may_succeed = false;  // a 2xx is acceptable as well
  bool may_close = false;    // closing the connection without an answer is acceptable
  // Text that must not appear in the response (leaked files, echoed input).
  std::string must_not_contain = {};
};

// One hostile request: the exact bytes sent on a fresh connection.
struct Probe {
  std::string name;  // short description for failure messages
  std::string bytes;
  Expectation expect;
};

// An HTTP/1.1 request with Host, Connection: close, and Content-Type and
// Content-Length when there is a body or the method is POST.
// `extra_headers` are complete "Name: value\r\n" lines.
std::string RawRequest(std::string_view method, std::string_view target, std::string_view body = {},
                       std::string_view extra_headers = {},
                       std::string_view content_type = "application/json");

// A POST /api/v1/cases probe with `body`.
Probe PostCase(std::string name, const std::string& body, Expectation expect);

// Sends the probe on a new connection to 127.0.0.1:port and reads one
// response (a send error is ignored: the server may answer and close before
// reading everything).
tl::expected<test_support::HttpResponse, std::string> Send(
    uint16_t port, const Probe& probe,
    std::chrono::milliseconds timeout = std::chrono::seconds(15));

// Returns "" when `response` meets the probe's expectation, else why not.
std::string Check(const Probe& probe,
                  const tl::expected<test_support::HttpResponse, std::string>& response);

// `s` with non-printable bytes escaped and cut to `max` characters, for
// messages.
std::string Printable(std::string_view s, size_t max = 120);

}  // namespace sigap::integration
