#pragma once

// Private to src/notify: one client connection (TCP, optionally upgraded to
// TLS) with blocking calls that give up at a deadline. Includes Asio and
// OpenSSL, so nothing outside src/notify may include it.

// Boost 1.74 Asio uses std::exchange without including <utility> (g++ 12, C++20).
#include <utility>
//
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <tl/expected.hpp>

namespace sigap::notify::internal {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using Deadline = std::chrono::steady_clock::time_point;

// A TLS client context: TLS 1.2 or newer, peers verified against the
// system's certificate store and, when `ca_file` is set, the PEM
// certificates in that file too. Returns a message when the file cannot be
// read.
tl::expected<std::unique_ptr<ssl::context>, std::string> MakeTlsContext(const std::string& ca_file);

// One connection. Starts as plain TCP; Handshake() turns on TLS, after
// which Run() operates on the encrypted stream. Not thread-safe.
class ClientConnection {
 public:
  explicit ClientConnection(ssl::context& tls);
  ~ClientConnection();
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  // Resolves `host` and connects to the first of its addresses that
  // `allowed` takes (all when empty) and answers; access_denied when it
  // takes none.
  ErrorCode Connect(const std::string& host, uint16_t port, Deadline deadline,
                    const std::function<bool(const asio::ip::address&)>& allowed = {});

  // TLS client handshake, verifying that the certificate names `host` (a
  // DNS name, or an IP address literal).
  ErrorCode Handshake(const std::string& host, Deadline deadline);

  // Starts an asynchronous operation on the current stream — the TCP socket
  // before Handshake(), the TLS stream after — and waits for it. `start` is
  // called with the stream and a completion handler taking
  // (error_code, ...). Returns the operation's error, or timed_out when the
  // deadline passed first (the connection is closed then).
  template <typename Start>
  ErrorCode Run(Start&& start, Deadline deadline) {
    ErrorCode result = asio::error::would_block;
    auto handler = [&result](ErrorCode ec, auto&&...) { result = ec; };
    if (tls_) {
      start(stream_, handler);
    } else {
      start(stream_.next_layer(), handler);
    }
    return Wait(result, deadline, [this] { Close(); });
  }

  bool tls() const { return tls_; }
  void Close();

 private:
  // Runs the event loop until `result` is set or the deadline passes; then
  // calls `cancel` and drains the loop.
  ErrorCode Wait(ErrorCode& result, Deadline deadline, const std::function<void()>& cancel);

  asio::io_context io_context_{1};
  ssl::stream<tcp::socket> stream_;
  bool tls_ = false;
};

}  // namespace sigap::notify::internal
