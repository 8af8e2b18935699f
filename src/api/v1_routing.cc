// Issue 5: GET /api/v1/cases/nearby (duplicates before filing),
// POST /api/v1/cases/{code}/support (+1), and the routing rules
// (GET/POST /api/v1/routing/rules, DELETE /api/v1/routing/rules/{id}, admin).
#include <cmath>
#include <cstdlib>
#include <memory>

#include "api/case_json.h"
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "http/rate_limiter.h"

namespace sigap::api {
namespace {

using nlohmann::json;

// A query parameter as a finite number; nullopt (with an error) when it is
// there but not one. An empty parameter counts as absent.
std::optional<double> QueryNumber(const http::Request& request, std::string_view name,
                                  std::vector<FieldError>& errors) {
  const auto v = request.Query(name);
  if (!v || v->empty()) return std::nullopt;
  const std::string text(*v);
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(d) || text.size() > 40) {
    errors.push_back({std::string(name), "invalid_format", "a number"});
    return std::nullopt;
  }
  return d;
}

std::optional<http::Response> NotConfigured(const http::Request& request, const void* part) {
  if (part) return std::nullopt;
  return ErrorResponse(request, Error{ErrorCode::kUnavailable, "routing is not configured"});
}

http::Response Nearby(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(request, ctx.nearby)) return std::move(*p);
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);

  std::vector<FieldError> errors;
  app::NearbyRequest q;
  const auto lat = QueryNumber(request, "lat", errors);
  auto lng = QueryNumber(request, "long", errors);
  if (!lng) lng = QueryNumber(request, "lng", errors);
  const auto radius = QueryNumber(request, "radius", errors);
  const auto days = QueryNumber(request, "days", errors);
  const auto limit = QueryNumber(request, "limit", errors);
  if (!lat && errors.empty()) errors.push_back({"lat", "required", ""});
  if (!lng && errors.empty()) errors.push_back({"long", "required", ""});
  q.service_code = std::string(request.Query("service").value_or(""));
  q.query = std::string(request.Query("q").value_or(""));
  if (q.query.size() > 500) errors.push_back({"q", "too_long", ""});
  if (limit && (*limit < 1 || *limit > 50)) errors.push_back({"limit", "out_of_range", "1..50"});
  if (days && *days != std::floor(*days)) errors.push_back({"days", "invalid_format", ""});
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  q.center = {*lat, *lng};
  q.radius_m = radius.value_or(ctx.options.nearby_radius_m);
  q.days = days ? static_cast<int>(std::clamp(*days, -1.0, 1000.0)) : 30;
  q.limit = limit ? static_cast<int>(*limit) : 20;

  auto found = ctx.nearby->Find(pemda.pemda.id, q);
  if (!found) {
    if (found.error().code == ErrorCode::kInvalidArgument) {
      return ProblemResponse(request, 422, "validation", found.error().fields);
    }
    return ErrorResponse(request, found.error());
  }
  json items = json::array();
  for (const auto& m : *found) items.push_back(NearbyJson(m));
  auto response =
      JsonResponse(json{{"items", std::move(items)}, {"radius_m", q.radius_m}, {"days", q.days}});
  response.With("Cache-Control", "no-cache");
  return response;
}

// The possible duplicates of one case (issue 5): open cases of its service
// near its point, for whoever may see the case — the verifier above all.
// A sub-resource of its own, never cached, because it changes whenever
// other cases do and the case's ETag cannot know that.
http::Response CaseNearby(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(request, ctx.nearby)) return std::move(*p);
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);
  std::string_view secret = request.Header("X-Reporter-Secret").value_or("");
  auto view = ctx.reader.View(pemda.pemda.id, request.params["code"],
                              caller.principal ? &*caller.principal : nullptr, secret);
  if (!view) {
    return ErrorResponse(request, view.error(),
                         view.error().code == ErrorCode::kPermissionDenied ? "confidential" : "");
  }
  const domain::Case& c = view->c;
  const auto& s = c.submission;
  json items = json::array();
  app::NearbyRequest q;
  q.radius_m = ctx.options.nearby_radius_m;
  if (s.location.point && !s.service_code.empty()) {
    q.center = *s.location.point;
    q.service_code = s.service_code;
    q.query = s.title + " " + s.description;
    q.limit = 10;
    q.exclude = c.id;
    auto found = ctx.nearby->Find(c.pemda_id, q);
    if (!found) return ErrorResponse(request, found.error());
    for (const auto& m : *found) items.push_back(NearbyJson(m));
  }
  auto response =
      JsonResponse(json{{"items", std::move(items)}, {"radius_m", q.radius_m}, {"days", q.days}});
  response.With("Cache-Control", "private, no-store");
  response.With("Vary", "Cookie, Authorization");
  return response;
}

http::Response Support(ApiContext& ctx, http::RateLimiter& limiter, http::Request& request) {
  if (auto p = NotConfigured(request, ctx.support)) return std::move(*p);
  // Support is anonymous, so each client IP gets a token bucket: enough for
  // a family behind one NAT, not for a script inflating a count. Every
  // attempt costs a token, refused ones too (guessing codes is abuse as well).
  if (const auto wait = limiter.Take(request.remote_address, ctx.clock.Now()); wait.count() > 0) {
    return RateLimited(request, wait);
  }
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  app::SupporterInput input;
  if (auto v = ReadString(body.value, "email", "", errors)) input.email = *v;
  if (auto v = ReadString(body.value, "phone", "", errors)) input.phone = *v;
  if (auto v = ReadString(body.value, "device_id", "", errors)) input.device_id = *v;
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const std::string& code = request.params["code"];
  auto outcome = ctx.support->Support(pemda.pemda.id, code, input);
  if (!outcome) {
    if (outcome.error().code == ErrorCode::kInvalidArgument) {
      return ProblemResponse(request, 422, "validation", outcome.error().fields);
    }
    return ErrorResponse(request, outcome.error());
  }
  // 200 both times: supporting again is a no-op that says so (counted).
  return JsonResponse(json{{"tracking_code", domain::TrackingCodec::Normalize(code)},
                           {"supporters", outcome->supporters},
                           {"counted", outcome->added}});
}

json RuleJson(const store::RoutingRule& r) {
  return json{{"id", r.id},
              {"service_code", r.service_code},
              {"region_code", r.region_code},
              {"agency_code", r.agency_code},
              {"created_by", r.created_by},
              {"created_at", FormatRfc3339(r.created_at)}};
}

http::Response ListRules(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(request, ctx.rules)) return std::move(*p);
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto rules = ctx.rules->List(admin.pemda.id);
  if (!rules) return ErrorResponse(request, rules.error());
  json items = json::array();
  for (const auto& r : *rules) items.push_back(RuleJson(r));
  return JsonResponse(json{{"items", std::move(items)}});
}

http::Response AddRule(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(request, ctx.rules)) return std::move(*p);
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  store::RoutingRule rule;
  if (auto v = ReadString(body.value, "service_code", "", errors)) rule.service_code = *v;
  if (auto v = ReadString(body.value, "region_code", "", errors)) rule.region_code = *v;
  if (auto v = ReadString(body.value, "agency_code", "", errors)) rule.agency_code = *v;
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  auto saved = ctx.rules->Add(admin.pemda.id, rule, admin.principal.Actor());
  if (!saved) {
    if (saved.error().code == ErrorCode::kInvalidArgument) {
      return ProblemResponse(request, 422, "validation", saved.error().fields);
    }
    return ErrorResponse(request, saved.error());
  }
  return JsonResponse(RuleJson(*saved), 201);
}

http::Response RemoveRule(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(request, ctx.rules)) return std::move(*p);
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const std::string& text = request.params["id"];
  char* end = nullptr;
  const long long id = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || id <= 0 || text.size() > 18) {
    return ErrorResponse(request, Error{ErrorCode::kNotFound, "no such routing rule"});
  }
  if (auto s = ctx.rules->Remove(admin.pemda.id, id); !s) {
    return ErrorResponse(request, s.error());
  }
  return NoContentResponse();
}

}  // namespace

void RegisterRoutingRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/cases/nearby", [&ctx](http::Request& r) { return Nearby(ctx, r); },
      "cases_nearby");
  router.AddSync(
      "GET", "/api/v1/cases/{code}/nearby", [&ctx](http::Request& r) { return CaseNearby(ctx, r); },
      "cases_case_nearby");
  auto limiter = std::make_shared<http::RateLimiter>(http::RateLimiter::Options{
      .burst = static_cast<double>(ctx.options.support_burst),
      .per_minute = static_cast<double>(ctx.options.support_per_minute)});
  router.AddSync(
      "POST", "/api/v1/cases/{code}/support",
      [&ctx, limiter](http::Request& r) { return Support(ctx, *limiter, r); }, "cases_support");
  router.AddSync(
      "GET", "/api/v1/routing/rules", [&ctx](http::Request& r) { return ListRules(ctx, r); },
      "routing_rules_list");
  router.AddSync(
      "POST", "/api/v1/routing/rules", [&ctx](http::Request& r) { return AddRule(ctx, r); },
      "routing_rules_add");
  router.AddSync(
      "DELETE", "/api/v1/routing/rules/{id}",
      [&ctx](http::Request& r) { return RemoveRule(ctx, r); }, "routing_rules_remove");
}

}  // namespace sigap::api
