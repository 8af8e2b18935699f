#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "http/message.h"

namespace sigap::test_support {

// One parsed HTTP/1.1 response.
struct HttpResponse {
  int status = 0;
  std::string version;    // "HTTP/1.1"
  std::string reason;     // "OK"
  http::Headers headers;  // case-insensitive; repeated fields joined with ", "
  std::string body;       // de-chunked; empty for HEAD, 1xx, 204 and 304

  // Returns the header value or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

// A blocking HTTP/1.1 client on one TCP connection, written on plain POSIX
// sockets so that tests of the server do not share its HTTP code. Each call
// gives up after the timeout and reports why. Not thread-safe: one client
// per thread.
//
//   HttpClient client;
//   ASSERT_TRUE(client.Connect(port).has_value());
//   auto response = client.Request("GET", "/healthz");
//   ASSERT_TRUE(response.has_value()) << response.error();
//   EXPECT_EQ(response->status, 200);
class HttpClient {
 public:
  explicit HttpClient(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~HttpClient();
  HttpClient(HttpClient&& other) noexcept;
  HttpClient& operator=(HttpClient&& other) noexcept;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Connects to host:port (an IPv4 or IPv6 literal), closing any previous
  // connection. Returns an error message on failure.
  tl::expected<void, std::string> Connect(uint16_t port, const std::string& host = "127.0.0.1");

  // Sends exactly these bytes. Fails if not connected, the peer reset the
  // connection, or the timeout passed.
  tl::expected<void, std::string> SendRaw(std::string_view bytes);

  // Sends a request and reads its final response, skipping interim 1xx
  // responses. Adds "Host" unless given, and "Content-Length" when there is
  // a body or the method is POST, PUT or PATCH. Keeps the connection open
  // for the next request unless the server closes it.
  tl::expected<HttpResponse, std::string> Request(std::string_view method, std::string_view target,
                                                  const http::Headers& headers = {},
                                                  std::string_view body = {});

  // Reads the next response, interim (1xx) ones included. `head_request`:
  // the response answers a HEAD, so it has no body whatever Content-Length
  // says. Bodies are framed by Content-Length, chunked encoding, or the end
  // of the connection.
  tl::expected<HttpResponse, std::string> ReadResponse(bool head_request = false);

  // Returns true if the server closes the connection (EOF or reset) within
  // `wait`; data arriving meanwhile is discarded. False on timeout.
  bool WaitForClose(std::chrono::milliseconds wait);

  // Returns the bytes received until the server closes or `wait` passes.
  std::string ReadUntilClose(std::chrono::milliseconds wait);

  void Close();
  bool connected() const { return fd_ >= 0; }
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  enum class ReadResult { kData, kClosed, kTimeout, kError };

  // Appends what arrives before `deadline` to buffer_.
  ReadResult ReadMore(Deadline deadline, std::string* error);
  // Reads until buffer_ holds `n` bytes.
  tl::expected<void, std::string> Fill(size_t n, Deadline deadline);
  // Reads until buffer_ contains `delimiter`; returns its offset.
  tl::expected<size_t, std::string> FillUntil(std::string_view delimiter, Deadline deadline);
  tl::expected<std::string, std::string> ReadChunked(Deadline deadline);

  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::string buffer_;  // received, not yet consumed
};

// Connects, sends one request with "Connection: close" and returns the
// response.
tl::expected<HttpResponse, std::string> Fetch(uint16_t port, std::string_view method,
                                              std::string_view target,
                                              const http::Headers& headers = {},
                                              std::string_view body = {});

}  // namespace sigap::test_support
