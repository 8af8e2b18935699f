#include "support/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace sigap::test_support {
namespace {

using Clock = std::chrono::steady_clock;

std::string ErrnoMessage(std::string_view what) {
  return std::string(what) + ": " + std::strerror(errno);
}

int RemainingMs(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1 << 30));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  const http::CaseInsensitiveLess less;
  return !less(a, b) && !less(b, a);
}

}  // namespace

std::optional<std::string_view> HttpResponse::Header(std::string_view name) const {
  const auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

HttpClient::HttpClient(std::chrono::milliseconds timeout) : timeout_(timeout) {}

HttpClient::~HttpClient() { Close(); }

HttpClient::HttpClient(HttpClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      timeout_(other.timeout_),
      buffer_(std::move(other.buffer_)) {}

HttpClient& HttpClient::operator=(HttpClient&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    timeout_ = other.timeout_;
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

void HttpClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}

tl::expected<void, std::string> HttpClient::Connect(uint16_t port, const std::string& host) {
  Close();
  sockaddr_storage address{};
  socklen_t address_size = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    address_size = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    address_size = sizeof(sockaddr_in6);
  } else {
    return tl::unexpected("not an IP address: " + host);
  }

  const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return tl::unexpected(ErrnoMessage("socket"));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), address_size) != 0 &&
      errno != EINPROGRESS) {
    const auto error = ErrnoMessage("connect");
    ::close(fd);
    return tl::unexpected(error);
  }
  pollfd p{fd, POLLOUT, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(timeout_.count()));
  int so_error = 0;
  socklen_t len = sizeof(so_error);
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
  if (ready <= 0 || so_error != 0) {
    ::close(fd);
    return tl::unexpected(ready <= 0 ? std::string("connect: timed out")
                                     : std::string("connect: ") + std::strerror(so_error));
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  fd_ = fd;
  return {};
}

tl::expected<void, std::string> HttpClient::SendRaw(std::string_view bytes) {
  if (fd_ < 0) return tl::unexpected(std::string("send: not connected"));
  const auto deadline = Clock::now() + timeout_;
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, RemainingMs(deadline)) <= 0) {
        return tl::unexpected(std::string("send: timed out"));
      }
      continue;
    }
    return tl::unexpected(ErrnoMessage("send"));
  }
  return {};
}

HttpClient::ReadResult HttpClient::ReadMore(Deadline deadline, std::string* error) {
  if (fd_ < 0) {
    *error = "read: not connected";
    return ReadResult::kError;
  }
  while (true) {
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return ReadResult::kData;
    }
    if (n == 0) return ReadResult::kClosed;
    if (errno == EINTR) continue;
    if (errno == ECONNRESET) return ReadResult::kClosed;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      *error = ErrnoMessage("recv");
      return ReadResult::kError;
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, RemainingMs(deadline));
    if (ready == 0) return ReadResult::kTimeout;
    if (ready < 0 && errno != EINTR) {
      *error = ErrnoMessage("poll");
      return ReadResult::kError;
    }
  }
}

tl::expected<void, std::string> HttpClient::Fill(size_t n, Deadline deadline) {
  while (buffer_.size() < n) {
    std::string error;
    switch (ReadMore(deadline, &error)) {
      case ReadResult::kData:
        break;
      case ReadResult::kClosed:
        return tl::unexpected(std::string("connection closed by server"));
      case ReadResult::kTimeout:
        return tl::unexpected(std::string("read: timed out"));
      case ReadResult::kError:
        return tl::unexpected(error);
    }
  }
  return {};
}

tl::expected<size_t, std::string> HttpClient::FillUntil(std::string_view delimiter,
                                                        Deadline deadline) {
  size_t searched = 0;
  while (true) {
    const auto pos = buffer_.find(delimiter, searched);
    if (pos != std::string::npos) return pos;
    searched = buffer_.size() >= delimiter.size() ? buffer_.size() - delimiter.size() + 1 : 0;
    if (auto filled = Fill(buffer_.size() + 1, deadline); !filled) {
      return tl::unexpected(filled.error());
    }
  }
}

tl::expected<std::string, std::string> HttpClient::ReadChunked(Deadline deadline) {
  std::string body;
  while (true) {
    const auto line_end = FillUntil("\r\n", deadline);
    if (!line_end) return tl::unexpected(line_end.error());
    const std::string_view line(buffer_.data(), *line_end);
    size_t size = 0;
    const auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (ec != std::errc() || ptr == line.data()) {
      return tl::unexpected("bad chunk size line: " + std::string(line));
    }
    buffer_.erase(0, *line_end + 2);
    if (size == 0) {
      // Skip trailers up to the empty line.
      while (true) {
        const auto trailer_end = FillUntil("\r\n", deadline);
        if (!trailer_end) return tl::unexpected(trailer_end.error());
        buffer_.erase(0, *trailer_end + 2);
        if (*trailer_end == 0) return body;
      }
    }
    if (auto filled = Fill(size + 2, deadline); !filled) return tl::unexpected(filled.error());
    body.append(buffer_, 0, size);
    buffer_.erase(0, size + 2);
  }
}

tl::expected<HttpResponse, std::string> HttpClient::ReadResponse(bool head_request) {
  const auto deadline = Clock::now() + timeout_;
  const auto header_end = FillUntil("\r\n\r\n", deadline);
  if (!header_end) return tl::unexpected(header_end.error());
  const std::string head = buffer_.substr(0, *header_end);
  buffer_.erase(0, *header_end + 4);

  HttpResponse response;
  size_t line_start = 0;
  bool first = true;
  while (line_start <= head.size()) {
    auto line_end = head.find("\r\n", line_start);
    if (line_end == std::string::npos) line_end = head.size();
    const std::string_view line(head.data() + line_start, line_end - line_start);
    line_start = line_end + 2;
    if (first) {
      first = false;
      // "HTTP/1.1 200 OK"
      const auto sp1 = line.find(' ');
      if (sp1 == std::string_view::npos || line.substr(0, 5) != "HTTP/") {
        return tl::unexpected("bad status line: " + std::string(line));
      }
      response.version = std::string(line.substr(0, sp1));
      const auto rest = line.substr(sp1 + 1);
      const auto [ptr, ec] =
          std::from_chars(rest.data(), rest.data() + rest.size(), response.status);
      if (ec != std::errc() || ptr != rest.data() + 3) {
        return tl::unexpected("bad status line: " + std::string(line));
      }
      response.reason = std::string(Trim(rest.substr(3)));
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return tl::unexpected("bad header line: " + std::string(line));
    }
    const std::string name(line.substr(0, colon));
    const std::string value(Trim(line.substr(colon + 1)));
    auto [it, inserted] = response.headers.emplace(name, value);
    if (!inserted) it->second += ", " + value;
  }

  const bool no_body =
      head_request || response.status < 200 || response.status == 204 || response.status == 304;
  if (no_body) return response;
  const auto transfer_encoding = response.Header("Transfer-Encoding");
  if (transfer_encoding && IEquals(Trim(*transfer_encoding), "chunked")) {
    auto body = ReadChunked(deadline);
    if (!body) return tl::unexpected(body.error());
    response.body = std::move(*body);
    return response;
  }
  if (const auto length = response.Header("Content-Length")) {
    size_t n = 0;
    const auto [ptr, ec] = std::from_chars(length->data(), length->data() + length->size(), n);
    if (ec != std::errc() || ptr != length->data() + length->size()) {
      return tl::unexpected("bad Content-Length: " + std::string(*length));
    }
    if (auto filled = Fill(n, deadline); !filled) return tl::unexpected(filled.error());
    response.body = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return response;
  }
  // Neither: the body runs to the end of the connection.
  while (true) {
    std::string error;
    const auto result = ReadMore(deadline, &error);
    if (result == ReadResult::kData) continue;
    if (result == ReadResult::kTimeout) return tl::unexpected(std::string("read: timed out"));
    if (result == ReadResult::kError) return tl::unexpected(error);
    break;
  }
  response.body = std::move(buffer_);
  buffer_.clear();
  Close();
  return response;
}

tl::expected<HttpResponse, std::string> HttpClient::Request(std::string_view method,
                                                            std::string_view target,
                                                            const http::Headers& headers,
                                                            std::string_view body) {
  std::string request;
  request.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  if (headers.find("Host") == headers.end()) request += "Host: localhost\r\n";
  const bool wants_length =
      !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (wants_length && headers.find("Content-Length") == headers.end() &&
      headers.find("Transfer-Encoding") == headers.end()) {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  for (const auto& [name, value] : headers)
    request.append(name).append(": ").append(value) += "\r\n";
  request += "\r\n";
  request.append(body);
  if (auto sent = SendRaw(request); !sent) return tl::unexpected(sent.error());
  while (true) {
    auto response = ReadResponse(method == "HEAD");
    if (!response || response->status >= 200) return response;
  }
}

bool HttpClient::WaitForClose(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  while (true) {
    std::string error;
    switch (ReadMore(deadline, &error)) {
      case ReadResult::kData:
        buffer_.clear();
        continue;
      case ReadResult::kClosed:
      case ReadResult::kError:
        Close();
        return true;
      case ReadResult::kTimeout:
        return false;
    }
  }
}

std::string HttpClient::ReadUntilClose(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  while (true) {
    std::string error;
    const auto result = ReadMore(deadline, &error);
    if (result != ReadResult::kData) break;
  }
  std::string out = std::move(buffer_);
  buffer_.clear();
  return out;
}

tl::expected<HttpResponse, std::string> Fetch(uint16_t port, std::string_view method,
                                              std::string_view target, const http::Headers& headers,
                                              std::string_view body) {
  // Generous: a heavy request (a dry run over years of events) under ASan
  // on a loaded machine takes seconds; a hang still fails.
  HttpClient client(std::chrono::seconds(30));
  if (auto connected = client.Connect(port); !connected) return tl::unexpected(connected.error());
  http::Headers with_close = headers;
  with_close.emplace("Connection", "close");
  return client.Request(method, target, with_close, body);
}

}  // namespace sigap::test_support
