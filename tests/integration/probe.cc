#include "integration/probe.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace sigap::integration {
namespace {

using nlohmann::json;
using test_support::HttpResponse;

std::string Statuses(const std::vector<int>& statuses) {
  std::string s;
  for (int status : statuses) s += (s.empty() ? "" : "/") + std::to_string(status);
  return s.empty() ? "4xx" : s;
}

bool NamesField(const json& errors, const std::string& field) {
  if (!errors.is_array()) return false;
  return std::any_of(errors.begin(), errors.end(), [&](const json& e) {
    if (!e.is_object() || !e.contains("field") || !e["field"].is_string()) return false;
    const std::string named = e["field"].get<std::string>();
    return named == field ||
           (named.size() > field.size() && named.compare(0, field.size(), field) == 0 &&
            (named[field.size()] == '.' || named[field.size()] == '['));
  });
}

// Checks the RFC 9457 document of a 4xx; returns what is wrong.
std::string CheckProblem(const HttpResponse& r, const Expectation& expect) {
  const auto type = r.Header("Content-Type");
  if (!type || type->substr(0, 24) != "application/problem+json") {
    return "Content-Type is '" + std::string(type.value_or("")) + "', not application/problem+json";
  }
  const json problem = json::parse(r.body, nullptr, false);
  if (!problem.is_object()) return "the problem body is not a JSON object: " + Printable(r.body);
  for (const char* member : {"type", "title"}) {
    if (!problem.contains(member) || !problem[member].is_string()) {
      return std::string("the problem has no string '") + member + "': " + Printable(r.body);
    }
  }
  if (!problem.contains("status") || problem["status"] != r.status) {
    return "the problem's status does not match: " + Printable(r.body);
  }
  if (!expect.field.empty() && r.status == 422 &&
      !NamesField(problem.value("errors", json()), expect.field)) {
    return "errors[] does not name '" + expect.field + "': " + Printable(r.body, 400);
  }
  return "";
}

}  // namespace

std::string Printable(std::string_view s, size_t max) {
  std::string out;
  for (const char c : s) {
    if (out.size() >= max) {
      out += "...(" + std::to_string(s.size()) + " bytes)";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\') {
      out += c;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", u);
      out += hex;
    }
  }
  return out;
}

std::string RawRequest(std::string_view method, std::string_view target, std::string_view body,
                       std::string_view extra_headers, std::string_view content_type) {
  std::string r;
  r.reserve(body.size() + 256);
  r.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  r += "Host: 127.0.0.1\r\nConnection: close\r\n";
  if (!body.empty() || method == "POST") {
    if (!content_type.empty()) r.append("Content-Type: ").append(content_type).append("\r\n");
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  r.append(extra_headers).append("\r\n").append(body);
  return r;
}

Probe PostCase(std::string name, const std::string& body, Expectation expect) {
  return Probe{std::move(name), RawRequest("POST", "/api/v1/cases", body), std::move(expect)};
}

tl::expected<HttpResponse, std::string> Send(uint16_t port, const Probe& probe,
                                             std::chrono::milliseconds timeout) {
  test_support::HttpClient client(timeout);
  auto connected = client.Connect(port);
  if (!connected) return tl::unexpected("connect: " + connected.error());
  (void)client.SendRaw(probe.bytes);
  auto response = client.ReadResponse();
  while (response && response->status >= 100 && response->status < 200) {
    response = client.ReadResponse();  // 100 Continue and other interim responses
  }
  return response;
}

std::string Check(const Probe& probe, const tl::expected<HttpResponse, std::string>& response) {
  const Expectation& expect = probe.expect;
  if (!response) {
    if (expect.may_close && response.error().find("timed out") == std::string::npos &&
        response.error().find("timeout") == std::string::npos) {
      return "";
    }
    return "no response: " + response.error();
  }
  const HttpResponse& r = *response;
  if (!expect.must_not_contain.empty() &&
      r.body.find(expect.must_not_contain) != std::string::npos) {
    return "the response contains '" + Printable(expect.must_not_contain) + "'";
  }
  if (r.status >= 500) return "server error " + std::to_string(r.status) + ": " + Printable(r.body);
  if (r.status < 400) {
    if (expect.may_succeed) return "";
    return "expected " + Statuses(expect.statuses) + ", got " + std::to_string(r.status) + ": " +
           Printable(r.body);
  }
  if (!expect.statuses.empty() && std::find(expect.statuses.begin(), expect.statuses.end(),
                                            r.status) == expect.statuses.end()) {
    return "expected " + Statuses(expect.statuses) + ", got " + std::to_string(r.status) + ": " +
           Printable(r.body, 300);
  }
  return CheckProblem(r, expect);
}

}  // namespace sigap::integration
