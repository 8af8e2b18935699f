#include "http/server.h"

// Boost 1.74 Asio uses std::exchange without including <utility> (g++ 12, C++20).
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <utility>
#include <vector>

#include "http/server_internal.h"

namespace sigap::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

struct Server::State {
  State(ServerOptions options, const Router& router, Metrics& metrics)
      : shared(std::move(options), router, metrics) {}

  internal::ServerShared shared;
  std::mutex lifecycle_mutex;  // serialises Start and Stop
  bool started = false;
  bool stopped = false;
  std::mutex wait_mutex;
  std::condition_variable wait_cv;
  bool finished = false;  // guarded by wait_mutex
  std::vector<std::unique_ptr<internal::Worker>> workers;
};

namespace {

std::shared_ptr<spdlog::logger> AccessLogger() {
  if (auto logger = spdlog::get("access")) return logger;
  try {
    // Written by a thread of its own from a bounded queue that drops its
    // oldest lines when full: a log consumer that stalls (a full pipe, a
    // stopped journald) loses lines, not the server, whose event loops had
    // all waited on the write.
    auto logger = spdlog::create_async_nb<spdlog::sinks::stdout_sink_mt>("access");
    logger->set_pattern("%v");
    return logger;
  } catch (const spdlog::spdlog_ex&) {
    return spdlog::get("access");  // created by another thread meanwhile
  }
}

void Accept(internal::Worker& worker) {
  worker.acceptor->async_accept(
      worker.io_context, [&worker](boost::system::error_code ec, internal::Socket socket) {
        if (ec == asio::error::operation_aborted || !worker.acceptor->is_open()) return;
        if (ec) {
          // Typically EMFILE: back off instead of spinning on the error.
          spdlog::warn("http: accept failed: {}", ec.message());
          worker.accept_retry.emplace(worker.io_context, std::chrono::milliseconds(100));
          worker.accept_retry->async_wait([&worker](boost::system::error_code wait_ec) {
            if (!wait_ec && worker.acceptor->is_open()) Accept(worker);
          });
          return;
        }
        auto& shared = worker.shared;
        if (shared.stopping.load()) {
          socket.close(ec);
        } else if (shared.connections.load() >= shared.options.max_connections) {
          spdlog::warn("http: connection limit {} reached; closing a new connection",
                       shared.options.max_connections);
          socket.close(ec);
        } else {
          internal::StartConnection(worker, std::move(socket));
        }
        Accept(worker);
      });
}

// Opens a listening socket on `endpoint` with SO_REUSEPORT. Returns an error
// message on failure.
std::optional<std::string> Listen(tcp::acceptor& acceptor, const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.set_option(ReusePort(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return ec.message();
  return std::nullopt;
}

// SO_REUSEPORT would let us silently share a port with another server run by
// the same user (a forgotten `sigap serve`). A socket without it cannot bind
// a port that any socket listens on, so bind one first as a probe.
std::optional<std::string> ProbePortFree(const tcp::endpoint& endpoint) {
  asio::io_context io_context;
  tcp::acceptor probe(io_context);
  boost::system::error_code ec;
  probe.open(endpoint.protocol(), ec);
  if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) probe.bind(endpoint, ec);
  if (ec) return ec.message();
  return std::nullopt;
}

void RunLoop(internal::Worker& worker) {
  while (true) {
    try {
      worker.io_context.run();
      return;
    } catch (const std::exception& e) {
      // Connections catch handler exceptions themselves; this is a last line.
      spdlog::error("http: event loop exception: {}", e.what());
    }
  }
}

}  // namespace

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : state_(std::make_unique<State>(std::move(options), router, metrics)) {}

Server::~Server() {
  Stop();
  // Destroy each io_context (and the handlers and connections it still holds)
  // while the rest of the state is alive; close the gates first so that a
  // late Reply never posts to a destroyed io_context.
  for (auto& worker : state_->workers) {
    const std::lock_guard lock(worker->gate->mutex);
    worker->gate->open = false;
  }
  state_->workers.clear();
}

tl::expected<uint16_t, std::string> Server::Start() {
  const std::lock_guard lifecycle(state_->lifecycle_mutex);
  if (state_->started) return tl::unexpected(std::string("server already started"));
  auto& shared = state_->shared;
  const auto& options = shared.options;

  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options.address, ec);
  if (ec) return tl::unexpected("invalid listen address '" + options.address + "'");
  tcp::endpoint endpoint(address, options.port);
  if (options.port != 0) {
    if (auto error = ProbePortFree(endpoint)) {
      return tl::unexpected(
          fmt::format("cannot listen on {}:{}: {}", options.address, options.port, *error));
    }
  }

  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(threads, 1);
  std::vector<std::unique_ptr<internal::Worker>> workers;
  for (int i = 0; i < threads; ++i) {
    auto worker = std::make_unique<internal::Worker>(shared);
    worker->acceptor.emplace(worker->io_context);
    if (auto error = Listen(*worker->acceptor, endpoint)) {
      return tl::unexpected(
          fmt::format("cannot listen on {}:{}: {}", options.address, endpoint.port(), *error));
    }
    // With port 0 the first socket picks the port and the others join it.
    endpoint.port(worker->acceptor->local_endpoint().port());
    workers.push_back(std::move(worker));
  }

  if (options.access_log) shared.access_logger = AccessLogger();
  shared.open_connections =
      &shared.metrics.Gauge("sigap_http_connections_open", "Open HTTP connections.");
  if (options.handler_lane) {
    shared.handler_queue =
        &shared.metrics.Gauge("sigap_http_handler_queue",
                              "Requests waiting for a handler thread ([server] handler_threads).");
  }
  for (auto& worker : workers) {
    worker->work.emplace(worker->io_context.get_executor());
    Accept(*worker);
    worker->thread = std::thread([w = worker.get()] { RunLoop(*w); });
  }
  state_->workers = std::move(workers);
  state_->started = true;
  spdlog::info("http: listening on {}:{} with {} threads", options.address, endpoint.port(),
               threads);
  return endpoint.port();
}

void Server::Wait() {
  {
    const std::lock_guard lifecycle(state_->lifecycle_mutex);
    if (!state_->started) return;
  }
  std::unique_lock lock(state_->wait_mutex);
  state_->wait_cv.wait(lock, [&] { return state_->finished; });
}

void Server::Stop() {
  const std::lock_guard lifecycle(state_->lifecycle_mutex);
  if (!state_->started || state_->stopped) return;
  state_->stopped = true;
  auto& shared = state_->shared;
  shared.stopping.store(true);

  for (auto& worker : state_->workers) {
    asio::post(worker->io_context, [w = worker.get()] {
      boost::system::error_code ec;
      w->acceptor->close(ec);
      if (w->accept_retry) w->accept_retry->cancel();
      internal::ShutdownConnections(*w, false);
    });
  }
  {
    std::unique_lock lock(shared.mutex);
    const bool drained = shared.drained.wait_for(lock, shared.options.shutdown_timeout,
                                                 [&] { return shared.connections.load() == 0; });
    if (!drained) {
      spdlog::warn("http: {} connections still busy after {}s; closing them",
                   shared.connections.load(), shared.options.shutdown_timeout.count());
    }
  }
  for (auto& worker : state_->workers) {
    asio::post(worker->io_context, [w = worker.get()] {
      internal::ShutdownConnections(*w, true);
      w->work.reset();
    });
  }
  for (auto& worker : state_->workers) {
    if (worker->thread.joinable()) worker->thread.join();
  }
  for (auto& worker : state_->workers) {
    const std::lock_guard lock(worker->gate->mutex);
    worker->gate->open = false;
  }
  spdlog::info("http: stopped");
  {
    const std::lock_guard lock(state_->wait_mutex);
    state_->finished = true;
  }
  state_->wait_cv.notify_all();
}

}  // namespace sigap::http
