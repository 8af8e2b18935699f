#pragma once

// Private to src/http: the pieces of Server shared by server.cc (listening,
// threads, shutdown) and connection.cc (one HTTP connection). Includes Asio,
// so nothing outside src/http may include it.

// Boost 1.74 Asio uses std::exchange without including <utility> (g++ 12, C++20).
#include <atomic>
#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "http/cors.h"
#include "http/server.h"

namespace spdlog {
class logger;
}

namespace sigap::http::internal {

// State shared by all workers. Owned by the Server and outlives the workers.
struct ServerShared {
  ServerShared(ServerOptions o, const Router& r, Metrics& m)
      : options(std::move(o)), cors(options.cors_origins), router(r), metrics(m) {}

  const ServerOptions options;
  const CorsPolicy cors;
  const Router& router;
  Metrics& metrics;
  std::shared_ptr<spdlog::logger> access_logger;  // null when the access log is off
  Gauge* open_connections = nullptr;
  Gauge* handler_queue = nullptr;  // set when options.handler_lane is
  // options.error_writers, for the handler lane's jobs, which may end after
  // the server.
  std::shared_ptr<const std::vector<ErrorWriter>> error_writers =
      std::make_shared<const std::vector<ErrorWriter>>(options.error_writers);

  std::atomic<bool> stopping{false};
  std::atomic<int> connections{0};
  std::mutex mutex;                 // guards nothing but the wait on `drained`
  std::condition_variable drained;  // notified when `connections` drops to 0
};

// Lets a Reply called from any thread know whether the worker's io_context
// still exists. Closed, under the mutex, before the io_context is destroyed.
struct ReplyGate {
  std::mutex mutex;
  bool open = true;
};

class Connection;

// A connection's socket, bound to its event loop's own executor type rather
// than Asio's type-erased any_io_executor: copying, moving and destroying
// that wrapper in every asynchronous operation was about a twentieth of the
// instructions of answering /healthz (bench/RESULTS.md, issue 2).
using LoopExecutor = boost::asio::io_context::executor_type;
using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, LoopExecutor>;

// One event loop: an io_context run by one thread, with its own listening
// socket. Everything but `gate` is touched only from that thread (or before
// the thread starts / after it ends).
struct Worker {
  explicit Worker(ServerShared& s) : shared(s) {}

  ServerShared& shared;
  std::shared_ptr<ReplyGate> gate = std::make_shared<ReplyGate>();
  std::unordered_set<Connection*> connections;

  // Metric series by route, method and status, looked up without the
  // registry's mutex after first use.
  std::unordered_map<std::string, Counter*> request_counters;
  std::unordered_map<std::string, Histogram*> duration_histograms;

  // The Date header, formatted once per second.
  std::time_t date_second = 0;
  std::string date;

  // Declared after the members above so that it is destroyed before them:
  // destroying the io_context destroys pending handlers, which may own
  // connections, whose destructors use `connections` and `shared`.
  boost::asio::io_context io_context{1};
  std::optional<boost::asio::ip::tcp::acceptor> acceptor;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::optional<boost::asio::steady_timer> accept_retry;
  std::thread thread;
};

// Takes over an accepted socket; runs on the worker's thread.
void StartConnection(Worker& worker, Socket socket);

// Graceful (force == false): closes idle connections and marks busy ones to
// close after their current response. Forced: closes every connection now and
// drops replies still owed. Runs on the worker's thread.
void ShutdownConnections(Worker& worker, bool force);

}  // namespace sigap::http::internal
