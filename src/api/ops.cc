// Operational endpoints: liveness, readiness, metrics, and the API index.
#include <memory>
#include <mutex>
#include <optional>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "domain/tracking_code.h"

namespace sigap::api {
namespace {

// The store's pool of read connections (PostgreSQL), read when /metrics is
// asked: a node that runs out of connections, or that PostgreSQL turns
// away, shows it before its readiness fails. Nothing for an engine without
// a bounded pool.
class PoolMetrics {
 public:
  explicit PoolMetrics(http::Metrics& metrics) : metrics_(metrics) {}

  void Update(const store::Store::PoolStats& pool) {
    if (pool.limit == 0) return;
    std::lock_guard lock(mutex_);
    if (!series_) {
      constexpr std::string_view kInUse = "Read connections to the database, by state";
      series_.emplace(
          Series{metrics_.Gauge("sigap_store_read_connections", kInUse, {{"state", "in_use"}}),
                 metrics_.Gauge("sigap_store_read_connections", kInUse, {{"state", "idle"}}),
                 metrics_.Gauge("sigap_store_read_connections_limit",
                                "Most read connections this node opens ([database] pool_size)"),
                 metrics_.Gauge("sigap_store_read_connection_waits",
                                "Requests waiting now for a free read connection"),
                 metrics_.Counter("sigap_store_read_connection_timeouts_total",
                                  "Requests that found no read connection free within "
                                  "[database] acquire_timeout_ms"),
                 metrics_.Counter("sigap_store_connect_failures_total",
                                  "New database connections that failed (refused, no free slot, "
                                  "unreachable)")});
    }
    series_->in_use.Set(static_cast<double>(pool.open - pool.idle));
    series_->idle.Set(static_cast<double>(pool.idle));
    series_->limit.Set(static_cast<double>(pool.limit));
    series_->waiting.Set(static_cast<double>(pool.waiting));
    Advance(series_->timeouts, pool.acquire_timeouts);
    Advance(series_->connect_failures, pool.connect_failures);
  }

 private:
  struct Series {
    http::Gauge& in_use;
    http::Gauge& idle;
    http::Gauge& limit;
    http::Gauge& waiting;
    http::Counter& timeouts;
    http::Counter& connect_failures;
  };
  // A counter follows the store's own count, which only goes up.
  static void Advance(http::Counter& counter, uint64_t total) {
    if (total > counter.Value()) counter.Increment(total - counter.Value());
  }

  http::Metrics& metrics_;
  std::mutex mutex_;
  std::optional<Series> series_;
};

}  // namespace

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
          return JsonResponse({{"status", "unavailable"},
                               {"database", "unreachable"},
                               {"cause", s.error().message}},
                              503);
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
      [&ctx, pool = std::make_shared<PoolMetrics>(ctx.metrics)](http::Request& request) {
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
        pool->Update(ctx.store.ReadPool());
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
