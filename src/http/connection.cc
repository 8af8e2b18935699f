// One HTTP/1.1 connection: read a request, run its handler, write the
// response, repeat. Beast is included here and nowhere else.

// Boost 1.74 Asio uses std::exchange without including <utility> (g++ 12, C++20).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <exception>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "http/access_log.h"
#include "http/client_address.h"
#include "http/compression.h"
#include "http/problem.h"
#include "http/request_id.h"
#include "http/server_internal.h"
#include "http/url.h"
#include "http/work_lane.h"

namespace sigap::http::internal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// After a response that ends the connection, keep reading (and discarding)
// for a moment so that unread request bytes do not make the kernel send a
// reset that could destroy the response before the client reads it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 1 << 20;

constexpr std::string_view kUnmatched = "unmatched";

// Bounded label values: unknown methods would otherwise grow the metrics
// without limit.
std::string_view MethodLabel(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kKnown = {"GET",   "HEAD",   "POST",   "PUT",
                                                             "PATCH", "DELETE", "OPTIONS"};
  for (const auto known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

bool IsSafeHeaderValue(std::string_view s) {
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// Headers the server owns: framing and connection management.
bool IsReservedHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kReserved = {
      "content-length", "transfer-encoding",
      "connection",     "keep-alive",
      "upgrade",        "te",
      "trailer",        "date"};
  const CaseInsensitiveLess less;
  for (const auto reserved : kReserved) {
    if (!less(name, reserved) && !less(reserved, name)) return true;
  }
  return false;
}

// Beast 1.74 uses boost::string_view.
std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  const CaseInsensitiveLess less;
  return !less(a, b) && !less(b, a);
}

void AppendNumber(std::string& out, uint64_t n) {
  std::array<char, 20> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr;
  out.append(digits.data(), end);
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

const std::string& DateHeader(Worker& worker) {
  const std::time_t now = std::time(nullptr);
  if (now != worker.date_second) {
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm utc{};
    gmtime_r(&now, &utc);
    worker.date =
        fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays[utc.tm_wday], utc.tm_mday,
                    kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    worker.date_second = now;
  }
  return worker.date;
}

// Logs that the handler of `pattern` threw `what` and returns the 500
// problem to answer with, if the handler had not replied before throwing.
Response HandlerFailed(const Request& request, std::string_view pattern, std::string_view what,
                       std::span<const ErrorWriter> writers) {
  spdlog::error("http: handler for {} {} threw (request_id {}): {}", request.method, pattern,
                request.request_id, what);
  return ServerProblem(request, 500, "internal-error", "Internal Server Error",
                       "The server failed to handle this request. Quote the request id when "
                       "reporting it.",
                       writers);
}

}  // namespace

// Shared by one Reply and its connection: makes the reply one-shot and lets
// it reach the connection, if both it and its io_context still exist.
struct ReplyState {
  ReplyState(std::weak_ptr<Connection> c, std::shared_ptr<ReplyGate> g,
             asio::io_context::executor_type e)
      : connection(std::move(c)), gate(std::move(g)), executor(std::move(e)) {}

  std::atomic<bool> used{false};
  std::weak_ptr<Connection> connection;
  std::shared_ptr<ReplyGate> gate;
  asio::io_context::executor_type executor;
  // A reply made on the connection's thread while the handler still runs
  // (every synchronous handler) is kept here and sent when the handler
  // returns, without a round through the event loop. `in_handler` is only
  // read and written on `owner`.
  const std::thread::id owner = std::this_thread::get_id();
  bool in_handler = false;
  std::optional<Response> inline_response;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Worker& worker, Socket socket) : worker_(worker), stream_(std::move(socket)) {
    boost::system::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
    worker_.connections.insert(this);
    worker_.shared.connections.fetch_add(1);
    worker_.shared.open_connections->Add(1);
  }

  ~Connection() {
    worker_.connections.erase(this);
    worker_.shared.open_connections->Add(-1);
    if (worker_.shared.connections.fetch_sub(1) == 1) {
      const std::lock_guard lock(worker_.shared.mutex);
      worker_.shared.drained.notify_all();
    }
  }

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Start() { WaitForRequest(); }

  void Shutdown(bool force) {
    close_after_response_ = true;
    if (force) {
      phase_ = Phase::kClosed;
      self_hold_.reset();  // drop a reply still owed; the caller holds a reference
      CloseSocket();
    } else if (phase_ == Phase::kIdle) {
      CloseSocket();  // the pending read completes with operation_aborted
    }
  }

  // Runs on the connection's thread with the response of the current request.
  void OnReply(Response response) {
    if (phase_ != Phase::kHandling) return;  // closed meanwhile
    self_hold_.reset();
    Send(std::move(response));
  }

 private:
  enum class Phase { kIdle, kReading, kHandling, kWriting, kClosed };

  // Waits for the first byte of the next request: header_timeout on a new
  // connection (one that sends nothing is as bad as a slow one), idle_timeout
  // between requests on a keep-alive connection.
  void WaitForRequest() {
    const auto& options = worker_.shared.options;
    if (worker_.shared.stopping.load() || close_after_response_) return CloseSocket();
    if (buffer_.size() > 0) return ReadHeader();  // a pipelined request is already here
    phase_ = Phase::kIdle;
    stream_.expires_after(first_request_ ? options.header_timeout : options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                              if (ec || self->phase_ != Phase::kIdle) return self->CloseSocket();
                              self->buffer_.commit(n);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    const auto& options = worker_.shared.options;
    phase_ = Phase::kReading;
    first_request_ = false;
    head_request_ = false;
    status_ = 0;
    body_bytes_ = 0;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser_->body_limit(options.max_body_bytes);
    boost::system::error_code ec;
    if (ParseBuffered(Part::kHeader, ec)) return OnHeader({});
    if (ec) return OnReadError(ec);
    stream_.expires_after(options.header_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](boost::system::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(boost::system::error_code ec) {
    if (ec) return OnReadError(ec);
    started_ = Clock::now();
    auto& message = parser_->get();
    const auto& options = worker_.shared.options;
    if (std::distance(message.begin(), message.end()) > options.max_header_count) {
      return SendError(431, "header-too-large", "Request Header Fields Too Large",
                       "A request may have at most " + std::to_string(options.max_header_count) +
                           " header fields.");
    }
    // Only "chunked" is understood: Beast would otherwise take a body it
    // cannot decode for an empty one and parse it as the next request. A
    // message with both framings is a smuggling attempt. RFC 9112 §6.1
    // suggests 501 for an unknown coding; 400 keeps 5xx meaning "our fault"
    // in the metrics and alerts.
    const auto transfer_encoding = View(message[bhttp::field::transfer_encoding]);
    if (!transfer_encoding.empty()) {
      if (message.has_content_length() || message.count(bhttp::field::transfer_encoding) > 1) {
        return SendError(400, "bad-request", "Bad Request",
                         "Send one Transfer-Encoding and no Content-Length, or neither.");
      }
      if (!EqualsIgnoreCase(transfer_encoding, "chunked")) {
        return SendError(400, "unsupported-transfer-encoding", "Bad Request",
                         "Only the chunked transfer coding is supported.");
      }
    }
    // RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host.
    const auto hosts = message.count(bhttp::field::host);
    if (hosts > 1 || (hosts == 0 && message.version() >= 11)) {
      return SendError(400, "bad-request", "Bad Request",
                       "An HTTP/1.1 request needs exactly one Host header.");
    }
    const auto expect = View(message[bhttp::field::expect]);
    if (!parser_->is_done() && message.version() >= 11 &&
        EqualsIgnoreCase(expect, "100-continue")) {
      continue_.emplace(bhttp::status::continue_, message.version());
      stream_.expires_after(options.write_timeout);
      bhttp::async_write(stream_, *continue_,
                         [self = shared_from_this()](boost::system::error_code write_ec, size_t) {
                           if (write_ec) return self->CloseSocket();
                           self->ReadBody();
                         });
      return;
    }
    if (parser_->is_done()) return Dispatch();
    ReadBody();
  }

  void ReadBody() {
    boost::system::error_code ec;
    if (ParseBuffered(Part::kMessage, ec)) return Dispatch();
    if (ec) return OnReadError(ec);
    stream_.expires_after(worker_.shared.options.body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](boost::system::error_code ec, size_t) {
                        if (ec) return self->OnReadError(ec);
                        self->Dispatch();
                      });
  }

  enum class Part { kHeader, kMessage };

  // Feeds the parser what the buffer holds, as Beast's reads do, until
  // `part` of the request is parsed. True when it is: the request came in
  // one piece, as nearly every one does, and needs no asynchronous read
  // (whose timer, composed operation and posted completion were a sixth of
  // the instructions of answering /healthz). False when more must be read,
  // or with `ec` set when the bytes are not a valid request (the errors a
  // read reports: header_limit, body_limit, bad_target, ...).
  bool ParseBuffered(Part part, boost::system::error_code& ec) {
    const auto parsed = [&] {
      return part == Part::kHeader ? parser_->is_header_done() : parser_->is_done();
    };
    while (!parsed() && buffer_.size() > 0) {
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == bhttp::error::need_more) {
        ec = {};
        return false;
      }
      if (ec || used == 0) return false;
    }
    return parsed();
  }

  void OnReadError(boost::system::error_code ec) {
    if (started_ == Clock::time_point()) started_ = Clock::now();
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      return SendError(431, "header-too-large", "Request Header Fields Too Large",
                       "The request line and headers must not exceed " +
                           std::to_string(worker_.shared.options.max_header_bytes) + " bytes.");
    }
    if (ec == bhttp::error::body_limit) {
      return SendError(413, "payload-too-large", "Content Too Large",
                       "The request body must not exceed " +
                           std::to_string(worker_.shared.options.max_body_bytes) + " bytes.");
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return SendError(400, "bad-request", "Bad Request", "The request is not valid HTTP/1.1.");
    }
    // Timeouts, resets and clients that went away: nobody to answer.
    if (ec == beast::error::timeout) {
      SPDLOG_DEBUG("http: closing connection after timeout");
    }
    CloseSocket();
  }

  void Dispatch() {
    auto& message = parser_->get();
    request_ = Request{};
    request_.method = std::string(message.method_string());
    request_.target = std::string(message.target());
    request_.remote_address = remote_address_;
    for (const auto& field : message) {
      const auto name = View(field.name_string());
      const auto value = View(field.value());
      auto [it, inserted] = request_.headers.emplace(std::string(name), std::string(value));
      if (!inserted) {
        it->second += EqualsIgnoreCase(name, "cookie") ? "; " : ", ";
        it->second.append(value.data(), value.size());
      }
    }
    if (const auto& proxies = worker_.shared.options.trusted_proxies; !proxies.empty()) {
      request_.remote_address =
          ClientAddress(remote_address_, request_.Header("X-Forwarded-For").value_or(""), proxies);
    }
    const auto incoming_id = request_.Header("X-Request-Id");
    request_.request_id =
        incoming_id && IsValidRequestId(*incoming_id) ? std::string(*incoming_id) : NewRequestId();
    request_.body = std::move(message.body());
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    head_request_ = request_.method == "HEAD";

    std::string_view target = request_.target;
    // Absolute-form ("http://host/path", RFC 9112 §3.2.2): use the path only.
    for (const std::string_view scheme : {"http://", "https://"}) {
      if (target.substr(0, scheme.size()) == scheme) {
        const auto slash = target.find('/', scheme.size());
        target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
      }
    }
    const auto parts = SplitTarget(target);
    auto path = PercentDecode(parts.path);
    auto query = ParseQuery(parts.query);
    if (parts.path.empty() || parts.path.front() != '/' || !path ||
        path->find('\0') != std::string::npos || !query) {
      return SendError(400, "invalid-target", "Bad Request",
                       "The request target is not a valid path and query.");
    }
    request_.path = std::move(*path);
    request_.query = std::move(*query);
    // A compressed body would be read as if it were not: gzip bytes as
    // JSON, a form without its api_key (RFC 9110 8.4: 415).
    if (const auto coding = request_.Header("Content-Encoding");
        coding && !HeaderValueIs(*coding, "identity")) {
      return SendError(415, "unsupported-content-encoding", "Unsupported Content-Encoding",
                       "Send the request body without a Content-Encoding (uncompressed).");
    }

    cors_origin_.clear();
    if (const auto origin = request_.Header("Origin")) {
      const auto preflight_method = request_.Header("Access-Control-Request-Method");
      const bool preflight = request_.method == "OPTIONS" && preflight_method;
      if (preflight && (*preflight_method == "GET" || *preflight_method == "HEAD") &&
          PublicRead(request_.path)) {
        return AnswerPublicPreflight();
      }
      if (worker_.shared.cors.Enabled()) cors_origin_ = worker_.shared.cors.AllowedOrigin(*origin);
      // Refused (403) when no origin is allowed, cors_origins empty too.
      if (preflight) return AnswerPreflight();
    }

    auto match = worker_.shared.router.Match(request_.method, request_.path);
    if (match.outcome == MatchOutcome::kNotFound) {
      return Send(OwnProblem(404, "not-found", "Not Found", "There is nothing at this address."));
    }
    if (match.outcome == MatchOutcome::kMethodNotAllowed) {
      auto response = OwnProblem(405, "method-not-allowed", "Method Not Allowed",
                                 "This address does not accept " + request_.method + ".");
      return Send(std::move(response.With("Allow", match.allow)));
    }
    route_name_ = match.route_name;
    route_pattern_ = match.pattern;
    request_.params = std::move(match.params);

    phase_ = Phase::kHandling;
    self_hold_ = shared_from_this();  // until the reply arrives or the server forces a close
    auto state = std::make_shared<ReplyState>(weak_from_this(), worker_.gate,
                                              worker_.io_context.get_executor());
    if (OffTheLoop(match.route_name)) return DispatchToLane(*match.handler, std::move(state));
    state->in_handler = true;
    try {
      (*match.handler)(request_, MakeReply(state));
    } catch (const std::exception& e) {
      OnHandlerException(*state, e.what());
    } catch (...) {
      OnHandlerException(*state, "unknown exception");
    }
    state->in_handler = false;
    if (state->inline_response) {
      Response response = std::move(*state->inline_response);
      state->inline_response.reset();
      OnReply(std::move(response));
    }
  }

  // Whether this route's handler runs on ServerOptions::handler_lane.
  bool OffTheLoop(std::string_view route_name) const {
    const auto& options = worker_.shared.options;
    if (!options.handler_lane) return false;
    const auto& kept = options.loop_routes;
    return std::find(kept.begin(), kept.end(), route_name) == kept.end();
  }

  // Runs `handler` on the handler lane with a copy of the request (the
  // connection may be closed, and request_ reset, before it runs); its
  // reply comes back through the event loop. A full queue is answered 503
  // here without running it. A job whose connection the server closed
  // meanwhile (a forced stop) is not run: nobody would get its answer. A
  // job uses nothing of the server but what outlives it (the Router's
  // handler, the Metrics' gauge, the reply's gate), as the lane may.
  void DispatchToLane(const Handler& handler, std::shared_ptr<ReplyState> state) {
    auto& shared = worker_.shared;
    WorkLane& lane = *shared.options.handler_lane;
    Gauge& queue = *shared.handler_queue;
    // The body (up to max_body_bytes of an upload) is moved, not copied:
    // the connection needs only the request's head from here on.
    std::string body = std::move(request_.body);
    request_.body.clear();
    auto request = std::make_shared<Request>(request_);
    request->body = std::move(body);
    const bool posted =
        lane.Post([&handler, &lane, &queue, request, state, writers = shared.error_writers,
                   pattern = std::string(route_pattern_)] {
          queue.Set(static_cast<double>(lane.Waiting()));
          if (state->connection.expired()) return;
          std::optional<std::string> failure;
          try {
            handler(*request, MakeReply(state));
          } catch (const std::exception& e) {
            failure = e.what();
          } catch (...) {
            failure = "unknown exception";
          }
          if (!failure) return;
          auto problem = HandlerFailed(*request, pattern, *failure, *writers);
          if (state->used.load()) return;  // it replied before throwing; keep that reply
          MakeReply(state)(std::move(problem));
        });
    queue.Set(static_cast<double>(lane.Waiting()));
    if (posted) return;
    state->used = true;
    auto busy = OwnProblem(503, "unavailable", "Service Unavailable",
                           "The server is busy. Please try again shortly; what you sent was not "
                           "saved.");
    OnReply(std::move(busy.With("Retry-After", "1")));
  }

  // A browser asks whether a page of another site may send this request
  // (CorsPolicy). Answered without running a handler.
  void AnswerPreflight() {
    route_name_ = "cors_preflight";
    if (cors_origin_.empty()) {
      return Send(OwnProblem(403, "origin-not-allowed", "Origin Not Allowed",
                             "Pages of the site in the Origin header may not call this server "
                             "([server] cors_origins)."));
    }
    // No route takes OPTIONS: the path's methods come back as `allow`.
    const auto probe = worker_.shared.router.Match("OPTIONS", request_.path);
    if (probe.outcome == MatchOutcome::kNotFound) {
      return Send(OwnProblem(404, "not-found", "Not Found", "There is nothing at this address."));
    }
    Send(CorsPolicy::Preflight(probe.allow,
                               request_.Header("Access-Control-Request-Headers").value_or("")));
  }

  bool PublicRead(std::string_view path) const {
    const auto& prefixes = worker_.shared.options.public_read_prefixes;
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& prefix) { return path.starts_with(prefix); });
  }

  // A preflight for a public read (ServerOptions::public_read_prefixes):
  // any origin may GET it, without credentials.
  void AnswerPublicPreflight() {
    route_name_ = "cors_preflight";
    const auto probe = worker_.shared.router.Match("OPTIONS", request_.path);
    if (probe.outcome == MatchOutcome::kNotFound) {
      return Send(OwnProblem(404, "not-found", "Not Found", "There is nothing at this address."));
    }
    auto response = CorsPolicy::Preflight(
        "GET, HEAD", request_.Header("Access-Control-Request-Headers").value_or(""));
    CorsPolicy::Decorate(response, "*");
    Send(std::move(response));
  }

  static Reply MakeReply(std::shared_ptr<ReplyState> state) {
    return [state = std::move(state)](Response response) {
      if (state->used.exchange(true)) {
        spdlog::error("http: a handler replied twice to one request; the second reply is ignored");
        return;
      }
      // The owner check comes first: `in_handler` is the owner thread's.
      if (std::this_thread::get_id() == state->owner && state->in_handler) {
        state->inline_response.emplace(std::move(response));
        return;
      }
      // Holding the gate's mutex keeps the io_context alive while posting.
      const std::lock_guard lock(state->gate->mutex);
      if (!state->gate->open) return;
      auto connection = state->connection.lock();
      if (!connection) return;  // the server closed the connection meanwhile
      // Move the only strong reference into the handler, so the connection is
      // never destroyed on this (foreign) thread.
      asio::post(state->executor,
                 [connection = std::move(connection), response = std::move(response)]() mutable {
                   connection->OnReply(std::move(response));
                 });
    };
  }

  void OnHandlerException(ReplyState& state, const char* what) {
    auto problem =
        HandlerFailed(request_, route_pattern_, what, worker_.shared.options.error_writers);
    if (state.used.exchange(true)) return;  // it replied before throwing; keep that reply
    OnReply(std::move(problem));
  }

  // A problem the server itself produces, in the format its path asks for
  // (ServerOptions::error_writers).
  Response OwnProblem(int status, std::string type_slug, std::string title, std::string detail) {
    return ServerProblem(request_, status, std::move(type_slug), std::move(title),
                         std::move(detail), worker_.shared.options.error_writers);
  }

  void SendError(int status, std::string type_slug, std::string title, std::string detail) {
    close_after_response_ = true;
    if (request_.request_id.empty()) request_.request_id = NewRequestId();
    if (parser_ && parser_->is_header_done() && request_.method.empty()) {
      request_.method = std::string(parser_->get().method_string());
    }
    if (parser_ && !parser_->get().target().empty()) {
      // What the answer depends on: the target (an Open311 client gets
      // Open311's errors) and the language. Read as far as the parser got:
      // a body over the limit is refused before the header counts as done.
      const auto& header = parser_->get();
      request_.target = std::string(header.target());
      if (const auto lang = header.find(bhttp::field::accept_language); lang != header.end()) {
        request_.headers.emplace("Accept-Language", std::string(lang->value()));
      }
    } else if (request_.target.empty()) {
      // A request line over the limit never reached the parser: its start
      // is still in the buffer ("GET /open311/v2/requests.xml?x=aaa…").
      const auto* data = static_cast<const char*>(buffer_.data().data());
      const std::string_view head(data, std::min<size_t>(buffer_.size(), 256));
      const size_t space = head.find(' ');
      if (space != std::string_view::npos) {
        const auto target = head.substr(space + 1);
        request_.target = std::string(target.substr(0, target.find_first_of(" \r\n")));
      }
    }
    Send(OwnProblem(status, std::move(type_slug), std::move(title), std::move(detail)));
  }

  void Send(Response response) {
    if (response.status < 100 || response.status > 599) {
      spdlog::error("http: handler for {} returned invalid status {}", route_pattern_,
                    response.status);
      response = OwnProblem(500, "internal-error", "Internal Server Error",
                            "The server produced an invalid response.");
    }
    if (!cors_origin_.empty()) CorsPolicy::Decorate(response, cors_origin_);
    CompressForClient(response, request_.Header("Accept-Encoding"));
    status_ = response.status;
    const bool no_body = status_ < 200 || status_ == 204 || status_ == 304;
    const bool keep_alive =
        keep_alive_ && !close_after_response_ && !worker_.shared.stopping.load();
    if (!keep_alive) close_after_response_ = true;

    // The head is written by hand into a buffer the connection keeps: no
    // allocation per header field, one gathered write with the body.
    auto& head = head_;
    head.clear();
    head.append(version_ >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ");
    AppendNumber(head, static_cast<uint64_t>(status_));
    head.push_back(' ');
    const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status_));
    head.append(reason.data(), reason.size());
    head.append("\r\n");
    bool has_cache_control = false;
    for (auto& [name, value] : response.headers) {
      if (!IsToken(name) || !IsSafeHeaderValue(value) || IsReservedHeader(name)) {
        spdlog::error("http: dropping response header '{}' from {}", name, route_pattern_);
        continue;
      }
      if (EqualsIgnoreCase(name, "Cache-Control")) has_cache_control = true;
      if (EqualsIgnoreCase(name, "Content-Type") || EqualsIgnoreCase(name, "X-Request-Id") ||
          EqualsIgnoreCase(name, "X-Content-Type-Options")) {
        continue;  // set below from the Response fields; nosniff always
      }
      AppendField(head, name, value);
    }
    if (!no_body && !response.content_type.empty() && IsSafeHeaderValue(response.content_type)) {
      AppendField(head, "Content-Type", response.content_type);
    }
    AppendField(head, "X-Request-Id", request_.request_id);
    head.append("X-Content-Type-Options: nosniff\r\n");
    if (!has_cache_control) head.append("Cache-Control: no-store\r\n");
    AppendField(head, "Date", DateHeader(worker_));
    if (!no_body) {
      head.append("Content-Length: ");
      AppendNumber(head, response.body.size());
      head.append("\r\n");
    }
    if (version_ >= 11 && !keep_alive) head.append("Connection: close\r\n");
    if (version_ < 11 && keep_alive) head.append("Connection: keep-alive\r\n");
    head.append("\r\n");

    body_bytes_ = no_body || head_request_ ? 0 : response.body.size();
    body_.clear();
    if (!no_body && !head_request_) body_ = std::move(response.body);

    // Recorded before the write so that a client that has the response also
    // finds it in the metrics and the access log.
    Record();
    phase_ = Phase::kWriting;
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_), asio::buffer(body_)};
    // Most responses fit the socket's send buffer: written at once, they
    // need no asynchronous write (its timer and posted completion). The
    // socket is non-blocking (StartConnection), so what does not fit
    // comes back as would_block or a short count and goes the slow way.
    boost::system::error_code ec;
    const size_t written = stream_.socket().write_some(buffers, ec);
    if (ec && ec != asio::error::would_block) return CloseSocket();
    if (written == head_.size() + body_.size()) {
      // A request that came with this one (pipelined) waits for the next
      // turn of the event loop: answering it from here would nest a call
      // per request.
      if (buffer_.size() == 0) return OnWritten({});
      return asio::post(stream_.get_executor(),
                        [self = shared_from_this()] { self->OnWritten({}); });
    }
    const size_t from_head = std::min(written, head_.size());
    buffers = {asio::buffer(head_) + from_head, asio::buffer(body_) + (written - from_head)};
    stream_.expires_after(worker_.shared.options.write_timeout);
    asio::async_write(stream_, buffers,
                      [self = shared_from_this()](boost::system::error_code write_ec, size_t) {
                        self->OnWritten(write_ec);
                      });
  }

  void OnWritten(boost::system::error_code ec) {
    if (ec || phase_ == Phase::kClosed) return CloseSocket();
    if (close_after_response_) return Linger();
    // Ready for the next request on this connection.
    parser_.reset();
    request_ = Request{};
    route_name_.clear();
    route_pattern_.clear();
    cors_origin_.clear();
    started_ = {};
    WaitForRequest();
  }

  // Metrics and the access log for the response about to be sent.
  void Record() {
    const std::string_view route_name = route_name_.empty() ? kUnmatched : route_name_;
    const std::string_view method = MethodLabel(request_.method);
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();

    std::string key;
    key.reserve(route_name.size() + 16);
    key.append(route_name).append(1, '\0').append(method).append(1, '\0');
    key.append(std::to_string(status_));
    auto& counter = worker_.request_counters[key];
    if (counter == nullptr) {
      counter = &worker_.shared.metrics.Counter(
          "sigap_http_requests_total", "HTTP requests answered, by route, method and status.",
          {{"route", std::string(route_name)},
           {"method", std::string(method)},
           {"status", std::to_string(status_)}});
    }
    counter->Increment();
    auto& histogram = worker_.duration_histograms[std::string(route_name)];
    if (histogram == nullptr) {
      histogram = &worker_.shared.metrics.Histogram(
          "sigap_http_request_duration_seconds",
          "Time from the end of the request headers to the end of the response, by route.",
          Metrics::DefaultSecondsBuckets(), {{"route", std::string(route_name)}});
    }
    histogram->Observe(seconds);

    if (worker_.shared.access_logger) {
      const AccessLogEntry entry{std::chrono::system_clock::now(),
                                 request_.request_id,
                                 method,
                                 route_pattern_.empty() ? kUnmatched : route_pattern_,
                                 status_,
                                 seconds * 1000,
                                 body_bytes_};
      worker_.shared.access_logger->info(FormatAccessLog(entry));
    }
  }

  // Half-closes, then discards what the client still sends until it closes,
  // kLingerBytes have come or kLingerTime has passed.
  void Linger() {
    phase_ = Phase::kClosed;
    boost::system::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return CloseSocket();
    stream_.expires_after(kLingerTime);
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(asio::buffer(drain_),
                            [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerBytes) return self->CloseSocket();
                              self->DrainSome();
                            });
  }

  void CloseSocket() {
    phase_ = Phase::kClosed;
    boost::system::error_code ec;
    stream_.socket().close(ec);
  }

  Worker& worker_;
  beast::basic_stream<tcp, LoopExecutor> stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  std::string head_;  // the response's status line and header fields
  std::string body_;  // the response's body, kept until it is written
  std::array<char, 4096> drain_{};
  size_t drained_ = 0;

  Phase phase_ = Phase::kIdle;
  std::shared_ptr<Connection> self_hold_;  // set while a handler owes a reply
  bool first_request_ = true;
  bool close_after_response_ = false;
  bool keep_alive_ = false;
  bool head_request_ = false;
  unsigned version_ = 11;
  std::string remote_address_;

  // The request in progress and what is recorded about it.
  Request request_;
  std::string route_name_;
  std::string cors_origin_;  // Access-Control-Allow-Origin of this request's answer, if any
  std::string route_pattern_;
  Clock::time_point started_{};
  int status_ = 0;
  uint64_t body_bytes_ = 0;
};

void StartConnection(Worker& worker, Socket socket) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  socket.non_blocking(true, ec);  // Connection::Send writes without waiting first
  std::make_shared<Connection>(worker, std::move(socket))->Start();
}

void ShutdownConnections(Worker& worker, bool force) {
  // Shutdown may destroy connections (and so change the set): hold them first.
  std::vector<std::shared_ptr<Connection>> connections;
  connections.reserve(worker.connections.size());
  for (Connection* connection : worker.connections) {
    if (auto held = connection->weak_from_this().lock()) connections.push_back(std::move(held));
  }
  for (auto& connection : connections) connection->Shutdown(force);
}

}  // namespace sigap::http::internal
