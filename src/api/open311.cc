// /open311/v2/: Open311 GeoReport v2 and Service Discovery, in XML and JSON,
// with the widely used extensions (page/page_size, updated_after/before,
// extensions=true, mySociety's servicerequestupdates).
//
// Sigap answers a POST only once the case is durable, so a request is never
// queued: the response carries the service_request_id (the tracking code)
// and, alongside, a token that is the same code; GET tokens/{token} resolves
// it. Personal data (contact, device, account) is accepted on POST and never
// returned; confidential cases are never listed nor shown.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "api/context.h"
#include "api/open311_format.h"
#include "api/open311_requests.h"
#include "domain/text.h"
#include "domain/time.h"
#include "domain/working_calendar.h"
#include "http/url.h"

namespace sigap::api {
namespace {

using open311::Format;
using open311::Value;

constexpr std::string_view kSpecification = "http://wiki.open311.org/GeoReport_v2";

// "services.xml" -> {"services", kXml}; nullopt for another extension.
std::optional<std::pair<std::string, Format>> SplitResource(std::string_view file) {
  const auto dot = file.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const std::string_view ext = file.substr(dot + 1);
  Format format;
  if (ext == "xml") {
    format = Format::kXml;
  } else if (ext == "json") {
    format = Format::kJson;
  } else {
    return std::nullopt;
  }
  return std::make_pair(std::string(file.substr(0, dot)), format);
}

// The format of a path whose resource is unknown: its extension when it is
// .json, else XML (GeoReport's required format).
Format GuessFormat(std::string_view path) {
  return path.ends_with(".json") ? Format::kJson : Format::kXml;
}

http::Response NotFound(Format format, const http::Request& request) {
  return open311::ErrorResponse(format, 404,
                                {open311::Message(request, "unknown_resource", request.path)});
}

void Dispatch(ApiContext& ctx, http::Request& request, http::Reply reply,
              const std::string& collection) {
  const std::string file = collection.empty() ? request.params["resource"] : request.params["file"];
  const auto resource = SplitResource(file);
  if (!resource) return reply(NotFound(GuessFormat(request.path), request));
  const std::string& name = resource->first;
  const Format format = resource->second;

  const bool get = request.method == "GET" || request.method == "HEAD";
  // The reads are public and need no credentials: a map widget on another
  // site may fetch them (CORS without credentials, so no cookie goes). Every
  // answer's words (status_notes, errors) follow Accept-Language, which
  // caches must key on.
  reply = [inner = std::move(reply), get](http::Response response) mutable {
    if (get) response.With("Access-Control-Allow-Origin", "*");
    response.With("Vary", "Accept-Language");
    inner(std::move(response));
  };
  auto call = open311::Call::Make(ctx, request, format);
  if (call.problem) return reply(std::move(*call.problem));
  const bool post = request.method == "POST";
  auto wrong_method = [&] {
    return open311::ErrorResponse(format, 400,
                                  {open311::Message(request, "method", request.method)});
  };

  if (collection.empty()) {
    if (name == "discovery") return reply(get ? open311::Discovery(call) : wrong_method());
    if (name == "services") return reply(get ? open311::Services(call) : wrong_method());
    if (name == "requests") {
      if (post) return open311::PostRequest(call, std::move(reply));
      return reply(get ? open311::ListRequests(call) : wrong_method());
    }
    if (name == "servicerequestupdates") {
      if (post) return reply(open311::PostUpdate(call));
      return reply(get ? open311::ListUpdates(call) : wrong_method());
    }
    return reply(NotFound(format, request));
  }
  if (!get) return reply(wrong_method());
  if (collection == "services") return reply(open311::ServiceDefinition(call, name));
  if (collection == "requests") return reply(open311::GetRequest(call, name));
  if (collection == "tokens") return reply(open311::GetToken(call, name));
  reply(NotFound(format, request));
}

}  // namespace

namespace open311 {

Call Call::Make(ApiContext& ctx, http::Request& request, Format format) {
  Call call{ctx, request, format};
  auto pemda = ctx.pemdas.Current();
  if (!pemda) {
    call.problem = ErrorResponse(format, 503, {Message(request, "no_pemda", "")});
    return call;
  }
  call.pemda = std::move(*pemda);
  call.utc_offset =
      domain::IndonesianUtcOffset(call.pemda.time_zone).value_or(std::chrono::minutes(7 * 60));

  // Parameters: the query string, then (POST) the form body. An empty value
  // is the same as an absent parameter.
  for (const auto& [k, v] : request.query) {
    if (!v.empty()) call.params.emplace(k, v);
  }
  if (request.method == "POST" && !request.body.empty()) {
    std::string type(request.Header("Content-Type").value_or(""));
    // Media types are case-insensitive (RFC 9110 8.3.1).
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!type.starts_with("application/x-www-form-urlencoded")) {
      call.problem = ErrorResponse(format, 400, {Message(request, "form", "")});
      return call;
    }
    auto form = http::ParseQuery(request.body);
    if (!form) {
      call.problem = ErrorResponse(format, 400, {Message(request, "form", "")});
      return call;
    }
    for (auto& [k, v] : *form) {
      if (!v.empty()) call.params.emplace(k, std::move(v));
    }
  }
  if (auto jurisdiction = call.Param("jurisdiction_id");
      jurisdiction && !ctx.options.open311.jurisdiction_id.empty() &&
      !std::equal(jurisdiction->begin(), jurisdiction->end(),
                  ctx.options.open311.jurisdiction_id.begin(),
                  ctx.options.open311.jurisdiction_id.end(), [](char a, char b) {
                    // A domain name: "SemarangKota.go.id" is "semarangkota.go.id".
                    return std::tolower(static_cast<unsigned char>(a)) ==
                           std::tolower(static_cast<unsigned char>(b));
                  })) {
    call.problem = ErrorResponse(format, 404, {Message(request, "jurisdiction", *jurisdiction)});
  }
  return call;
}

std::optional<std::string> Call::Param(std::string_view name) const {
  const auto it = params.find(std::string(name));
  if (it == params.end()) return std::nullopt;
  return it->second;
}

std::optional<std::vector<std::string>> Call::List(std::string_view name) const {
  const auto [first, last] = params.equal_range(std::string(name));
  if (first == last) return std::nullopt;
  std::vector<std::string> items;
  for (auto it = first; it != last; ++it) {
    for (auto& item : domain::SplitCommaList(it->second)) items.push_back(std::move(item));
  }
  return items;
}

std::optional<domain::Principal> Call::RequireKey(std::optional<http::Response>& problem) const {
  // GeoReport v2's api_key parameter, or the header the rest of the API
  // takes (X-API-Key, or Authorization: Bearer).
  auto key = Param("api_key");
  if (!key) {
    if (auto header = ApiKeyInHeaders(request); !header.key.empty()) key = std::move(header.key);
  }
  if (!key) {
    problem = ErrorResponse(format, 403, {Message(request, "api_key_missing", "")});
    return std::nullopt;
  }
  auto principal = ctx.accounts.ApiKey(*key);
  if (!principal || principal->pemda_id != pemda.id) {
    if (principal || principal.error().code == ErrorCode::kUnauthenticated ||
        principal.error().code == ErrorCode::kNotFound) {
      problem = ErrorResponse(format, 403, {Message(request, "api_key_wrong", "")});
    } else {
      problem = Failure(principal.error());
    }
    return std::nullopt;
  }
  return std::move(*principal);
}

http::Response Call::Failure(const Error& error) const {
  int status = 400;
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kConflict:
    case ErrorCode::kFailedPrecondition:
      status = 400;
      break;
    case ErrorCode::kNotFound:
      status = 404;
      break;
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kUnauthenticated:
      status = 403;
      break;
    case ErrorCode::kUnavailable:
      status = 503;
      break;
    case ErrorCode::kInternal:
      status = 500;
      break;
  }
  if (status >= 500) {
    // Logged with the request id; the client gets only the generic text.
    spdlog::error("request {} failed: {}", request.request_id, error.message);
    return ErrorResponse(format, status, {Message(request, "internal", request.request_id)});
  }
  std::vector<std::string> messages = FieldTexts(request, error.fields);
  if (messages.empty()) {
    const std::string_view key = status == 403   ? "refused_denied"
                                 : status == 404 ? "refused_missing"
                                                 : "refused";
    messages.push_back(Message(request, key, error.message));
  }
  return ErrorResponse(format, status, messages);
}

std::string Call::Time(Timestamp t) const { return FormatLocalRfc3339(t, utc_offset); }

http::Response Discovery(Call& call) {
  const auto& o = call.ctx.options.open311;
  std::string base = o.public_url;
  if (base.empty()) {
    base = call.ctx.options.secure_cookies ? "https://" : "http://";
    base += std::string(call.request.Header("Host").value_or("localhost"));
  }
  Value formats = Value::List("format");
  formats.Push(Value::String("text/xml")).Push(Value::String("application/json"));
  Value endpoint = Value::Object();
  endpoint.Add("specification", Value::String(std::string(kSpecification)))
      .Add("url", Value::String(base + "/open311/v2"))
      .Add("changeset", Value::String(o.changeset))
      .Add("type", Value::String(o.type))
      .Add("formats", std::move(formats));
  Value endpoints = Value::List("endpoint");
  endpoints.Push(std::move(endpoint));
  Value out = Value::Object();
  out.Add("changeset", Value::String(o.changeset))
      .Add("contact", Value::String(o.contact))
      .Add("key_service", Value::String(o.key_service))
      .Add("endpoints", std::move(endpoints));
  auto response = Respond(call.format, 200, "discovery", out);
  response.With("Cache-Control", "public, max-age=300");
  if (o.public_url.empty()) response.With("Vary", "Host");  // the URL came from it
  return response;
}

}  // namespace open311

http::ErrorWriter Open311ErrorWriter() {
  return {"/open311/", [](const http::Request& request, int status, const std::string& message) {
            const std::string_view target = request.target;
            return open311::ErrorResponse(GuessFormat(target.substr(0, target.find('?'))), status,
                                          {message});
          }};
}

void RegisterOpen311Routes(http::Router& router, ApiContext& ctx) {
  // Every method reaches Dispatch, so that a wrong one gets GeoReport's 400.
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    router.Add(
        method, "/open311/v2/{resource}",
        [&ctx](http::Request& r, http::Reply reply) { Dispatch(ctx, r, std::move(reply), ""); },
        "open311");
    for (const char* collection : {"services", "requests", "tokens"}) {
      router.Add(
          method, std::string("/open311/v2/") + collection + "/{file}",
          [&ctx, collection = std::string(collection)](http::Request& r, http::Reply reply) {
            Dispatch(ctx, r, std::move(reply), collection);
          },
          std::string("open311_") + collection);
    }
    // Anything else under /open311 is an unknown resource, in GeoReport's form.
    router.AddSync(
        method, "/open311/{rest*}",
        [](http::Request& r) { return NotFound(GuessFormat(r.path), r); }, "open311_unknown");
  }
}

}  // namespace sigap::api
