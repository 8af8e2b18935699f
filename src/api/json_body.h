#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/user.h"
#include "http/message.h"
#include "json/writer.h"

namespace sigap::api {

// Parses a request body as JSON, refusing nesting deeper than `max_depth`
// before the parser sees it (deep nesting costs stack and memory). Returns
// the problem response to send when the body is not acceptable: 415 for a
// non-JSON Content-Type, 400 for malformed or too deeply nested JSON and for
// JSON that is not an object (so handlers may read `value` as one).
struct JsonBody {
  nlohmann::json value;
  std::optional<http::Response> problem;
};
JsonBody ParseJsonBody(const http::Request& request, int max_depth = 32);

// Typed readers for an object member. Each returns the value, or nullopt
// after appending a FieldError ("invalid_type") when the member has the
// wrong type. A missing or null member gives the fallback without error.
std::optional<std::string> ReadString(const nlohmann::json& object, std::string_view key,
                                      const std::string& path, std::vector<FieldError>& errors);
std::optional<double> ReadNumber(const nlohmann::json& object, std::string_view key,
                                 const std::string& path, std::vector<FieldError>& errors);
std::optional<bool> ReadBool(const nlohmann::json& object, std::string_view key,
                             const std::string& path, std::vector<FieldError>& errors);
// Returns a pointer to the member when it is an object, null when it is
// missing or null; appends an error for any other type.
const nlohmann::json* ReadObject(const nlohmann::json& object, std::string_view key,
                                 const std::string& path, std::vector<FieldError>& errors);

// True when `object` has `key` and it is not null.
bool Present(const nlohmann::json& object, const char* key);

// Reads "role" when present (an account's or an API key's); an unknown one
// is an error naming it.
std::optional<domain::Role> ReadRole(const nlohmann::json& object, std::vector<FieldError>& errors);

// Appends an "unknown_field" error for every member of `object` not in
// `known` (what GET returns may be sent back, so `known` lists it too).
void UnknownFields(const nlohmann::json& object, const std::vector<std::string>& known,
                   std::vector<FieldError>& errors);

// The member names of `object`, comma-separated: what a PATCH changed, for
// the log (never the values, which may be personal data).
std::string MemberNames(const nlohmann::json& object);

// `response` marked Cache-Control: no-store (administrators' answers).
http::Response NoStore(http::Response response);

// A row id in a path ("/api/v1/rules/{id}"): a positive whole number of
// at most 18 digits, nothing else; nullopt otherwise (then answer 404).
std::optional<int64_t> ParseRowId(std::string_view text);

// Serialises JSON for a response: invalid UTF-8 is replaced, never thrown
// (json_text::Dump, which its JsonWriter matches byte for byte).
using json_text::Dump;

// A 204 response without a body.
http::Response NoContentResponse();

// A 200 (or `status`) application/json response.
http::Response JsonResponse(const nlohmann::json& value, int status = 200);

}  // namespace sigap::api
