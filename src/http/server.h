#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "http/metrics.h"
#include "http/problem.h"
#include "http/router.h"

namespace sigap::http {

class WorkLane;

struct ServerOptions {
  std::string address = "127.0.0.1";          // IPv4 or IPv6 literal; "0.0.0.0" for all interfaces
  uint16_t port = 8080;                       // 0: an ephemeral port, reported by Start
  int threads = 0;                            // 0: std::thread::hardware_concurrency()
  size_t max_body_bytes = 1 << 20;            // larger bodies get 413
  size_t max_header_bytes = 16 * 1024;        // request line + headers; larger get 431
  int max_header_count = 100;                 // more header fields get 431
  std::chrono::seconds header_timeout{10};    // from the first byte to the end of the headers
  std::chrono::seconds idle_timeout{60};      // between requests on a keep-alive connection
  std::chrono::seconds body_timeout{30};      // to receive the whole body
  std::chrono::seconds write_timeout{30};     // to send one response
  std::chrono::seconds shutdown_timeout{10};  // Stop waits this long for in-flight requests
  int max_connections = 10000;                // further connections are closed at once
  bool access_log = true;                     // one JSON line per request, logger "access"
  // Reverse proxies whose X-Forwarded-For names the client (ClientAddress):
  // Request::remote_address is then the client's, for per-client limits.
  std::vector<std::string> trusted_proxies;
  // Other sites whose pages may call Sigap (CorsPolicy): exact origins, or
  // "*" for any; empty for none. Preflights are answered here, before any
  // route; a preflight from another origin gets 403.
  std::vector<std::string> cors_origins;
  // Paths under these prefixes answer their GET and HEAD to any origin
  // (Open311's public reads say Access-Control-Allow-Origin: *): a
  // preflight for a GET or HEAD there is answered for any origin, whatever
  // cors_origins says.
  std::vector<std::string> public_read_prefixes;
  std::vector<ErrorWriter> error_writers;  // formats of the server's own errors by path
  // Where handlers run. Unset: on the event loops (SQLite, whose requests
  // take microseconds). Set (PostgreSQL, whose queries may wait up to the
  // statement timeout on a frozen server): every handler runs on this lane
  // except those of the routes named in `loop_routes` (liveness, metrics,
  // the web app's files), so that those still answer while every lane
  // thread waits on the database. When the lane's queue is full the answer
  // is 503 with Retry-After: 1 and the handler does not run. The lane may
  // outlive the Server (the replies of jobs that end after it are
  // dropped), not the Router and Metrics.
  std::shared_ptr<WorkLane> handler_lane;
  std::vector<std::string> loop_routes;
};

// An HTTP/1.1 server (Boost.Beast on Asio, kept out of this header). It runs
// `threads` event loops, each on its own thread with its own listening
// socket on the same address (SO_REUSEPORT), so the kernel spreads new
// connections over the threads and a connection stays on one thread for its
// life. Handlers run on that thread and must not block it for long; slow
// work goes elsewhere and answers through the Reply, from any thread. With
// ServerOptions::handler_lane, handlers run there instead (all but the
// routes kept on the loops).
//
// Every response carries X-Request-Id, Content-Type, Content-Length,
// Cache-Control (no-store unless the handler set one), Date and
// X-Content-Type-Options: nosniff. Errors the server produces itself (400,
// 404, 405, 413, 431, 500) are application/problem+json (or, under a
// prefix of `error_writers`, that writer's format); an unsupported
// Transfer-Encoding is a 400, not the 501 RFC 9112 suggests, so that a 5xx
// always means a server fault. A handler that
// throws gets a 500 with the request id and the exception is logged; the
// process carries on. Each request is counted in the Metrics as
// sigap_http_requests_total{route,method,status} and
// sigap_http_request_duration_seconds{route} (route = the route name, or
// "unmatched"), and logged as one line on the spdlog logger "access" (created
// on stdout when absent) without query, body, headers or client address.
//
// Start, Stop and Wait may be called from any thread. The Router and
// Metrics must outlive the Server.
class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  // Stops the server if it is running (see Stop).
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. Returns the bound port (the real
  // one when options.port is 0), or a message when the address is invalid,
  // the port is in use (also by another SO_REUSEPORT server) or the server
  // was already started; on failure nothing keeps running.
  [[nodiscard]] tl::expected<uint16_t, std::string> Start();

  // Blocks until the server has stopped (returns at once if never started).
  void Wait();

  // Graceful stop: closes the listening sockets and idle connections, lets
  // requests in flight finish (their responses say Connection: close) for
  // up to options.shutdown_timeout, then closes whatever is left and joins
  // the threads. Replies arriving later are dropped. Idempotent. Must not be
  // called from a handler (it would wait for itself).
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace sigap::http
