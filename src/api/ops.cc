// Operational endpoints: liveness, readiness, metrics, and the API index.
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "domain/tracking_code.h"

namespace sigap::api {

void RegisterOpsRoutes(http::Router& router, ApiContext& ctx) {
  // The same body every time: serialised once.
  router.AddSync(
      "GET", "/healthz",
      [body = Dump({{"status", "ok"}, {"version", SIGAP_VERSION}})](http::Request&) {
        http::Response response;
        response.body = body;
        return response;
      },
      "healthz");
  router.AddSync(
      "GET", "/readyz",
      [&ctx](http::Request&) {
        if (auto s = ctx.store.Ping(); !s) {
          return JsonResponse({{"status", "unavailable"}, {"database", "unreachable"}}, 503);
        }
        if (auto s = ctx.store.CheckWritable(); !s) {
          return JsonResponse({{"status", "unavailable"}, {"database", s.error().message}}, 503);
        }
        auto pemda = ctx.pemdas.Current();
        if (!pemda) {
          return JsonResponse({{"status", "unavailable"}, {"pemda", pemda.error().message}}, 503);
        }
        return JsonResponse({{"status", "ready"}, {"pemda", pemda->code}});
      },
      "readyz");
  router.AddSync(
      "GET", "/metrics",
      [&ctx](http::Request& request) {
        if (const std::string& token = ctx.options.metrics_token; !token.empty()) {
          constexpr std::string_view kBearer = "Bearer ";
          const std::string_view given = request.Header("Authorization").value_or("");
          if (!given.starts_with(kBearer) ||
              !domain::SecretsEqual(given.substr(kBearer.size()), token)) {
            auto problem = ProblemResponse(request, 401, "unauthenticated");
            problem.With("WWW-Authenticate", "Bearer realm=\"metrics\"");
            return problem;
          }
        }
        http::Response response;
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        response.body = ctx.metrics.RenderPrometheus();
        return response;
      },
      "metrics");
  // The index lists the routes the router holds when it is asked, so it
  // never falls behind the handlers (a test compares it with its own table);
  // the router owns this handler, so it outlives it.
  router.AddSync(
      "GET", "/api/v1",
      [&router](http::Request&) {
        return JsonResponse(
            {{"name", "Sigap"}, {"version", SIGAP_VERSION}, {"endpoints", router.Routes()}});
      },
      "api_index");
}

}  // namespace sigap::api
