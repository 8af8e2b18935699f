#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.h"
#include "api/open311_format.h"

namespace sigap::api::open311 {

// One Open311 request being answered: the context, the parsed parameters
// (query string and form body; empty values dropped), the format and the
// Pemda. Lives for one handler call.
struct Call {
  ApiContext& ctx;
  http::Request& request;
  Format format;
  domain::Pemda pemda = {};
  std::chrono::minutes utc_offset{7 * 60};
  std::multimap<std::string, std::string> params = {};
  std::optional<http::Response> problem = {};  // set when the request cannot go on

  // Reads the Pemda and the parameters, and checks jurisdiction_id.
  static Call Make(ApiContext& ctx, http::Request& request, Format format);

  // The first value of a parameter.
  std::optional<std::string> Param(std::string_view name) const;
  // A list parameter, which GeoReport lets a client give comma-separated,
  // declared several times, or both: every item of every value, in order;
  // nullopt when the parameter is not given.
  std::optional<std::vector<std::string>> List(std::string_view name) const;
  // The principal behind `api_key`, or nullopt with `problem` set (403).
  std::optional<domain::Principal> RequireKey(std::optional<http::Response>& problem) const;
  // The GeoReport error for a failed use case: 400, 403, 404 or 5xx.
  http::Response Failure(const Error& error) const;
  // A time in the Pemda's zone.
  std::string Time(Timestamp t) const;
};

// A user-facing message (Bahasa Indonesia, or English when the request
// prefers it), `detail` appended where the message has room for it.
std::string Message(const http::Request& request, std::string_view key, std::string_view detail);
// "field: what is wrong with it", with Open311's parameter names.
std::string FieldText(const http::Request& request, const FieldError& field);
// FieldText of each, each message once.
std::vector<std::string> FieldTexts(const http::Request& request,
                                    const std::vector<FieldError>& fields);

// The endpoints. Each returns its response (GeoReport errors included).
http::Response Discovery(Call& call);
http::Response Services(Call& call);
http::Response ServiceDefinition(Call& call, const std::string& code);
void PostRequest(Call& call, http::Reply reply);
http::Response ListRequests(Call& call);
http::Response GetRequest(Call& call, const std::string& id);
http::Response GetToken(Call& call, const std::string& token);
http::Response ListUpdates(Call& call);
http::Response PostUpdate(Call& call);

// A date parameter `name` (start_date, end_date, updated_after,
// updated_before): a W3C date-time with its offset, or a day alone
// ("2026-12-05"), which is the Pemda's own day: its first moment for a start,
// its last for an end (end_date, updated_before). nullopt when absent or
// neither.
std::optional<Timestamp> DateParam(const Call& call, std::string_view name);

// `date` with the "+" of its offset back: "2026-06-01T00:00:00+07:00"
// written into a URL or a form as it is reads "… 07:00" (a "+" is a space
// there).
std::string OffsetPlusRestored(std::string date);

}  // namespace sigap::api::open311
