#include "notify/webhook_client.h"

#include <sodium.h>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>

#include "domain/sha256.h"
#include "notify/io.h"

namespace sigap::notify {
namespace {

namespace http = boost::beast::http;

Delivery Transient(std::string detail) { return {Outcome::kTransient, std::move(detail), true}; }

bool HostCharacter(char c, bool bracketed) {
  if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') return true;
  return bracketed && c == ':';
}

}  // namespace

Result<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  auto bad = [](std::string why) { return Fail(ErrorCode::kInvalidArgument, std::move(why)); };
  if (url.size() > 2000) return bad("the URL is longer than 2000 characters");
  for (char c : url) {
    if (c <= 0x20 || c >= 0x7f) return bad("the URL contains spaces or non-ASCII characters");
  }
  WebhookUrl out;
  auto starts = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    }
    return true;
  };
  if (starts("https://")) {
    out.https = true;
    url.remove_prefix(8);
  } else if (starts("http://")) {
    url.remove_prefix(7);
  } else {
    return bad("the URL must start with http:// or https://");
  }
  if (url.find('#') != std::string_view::npos) return bad("the URL must not have a fragment");
  const size_t authority_end = std::min(url.find('/'), url.find('?'));
  std::string_view authority = url.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) return bad("the URL must not hold user info");
  std::string_view port_text;
  bool bracketed = false;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("the URL has an unclosed [");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("the URL has text after ]");
      port_text = rest.substr(1);
    }
    bracketed = true;
  } else {
    const size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return bad("the URL has no host");
  for (char c : out.host) {
    if (!HostCharacter(c, bracketed)) return bad("the URL's host has invalid characters");
  }
  out.port = out.https ? 443 : 80;
  if (authority.find(':') != std::string_view::npos && !bracketed && port_text.empty()) {
    return bad("the URL's port is empty");
  }
  if (!port_text.empty()) {
    if (port_text.size() > 5) return bad("the URL's port is out of range");
    int port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return bad("the URL's port is not a number");
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return bad("the URL's port is out of range");
    out.port = static_cast<uint16_t>(port);
  }
  out.target =
      authority_end == std::string_view::npos ? "/" : std::string(url.substr(authority_end));
  if (out.target.front() == '?') out.target.insert(0, "/");
  return out;
}

std::string WebhookSignature(std::string_view secret, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return "sha256=" + domain::HexOf(mac, sizeof mac);
}

namespace {

// IsPublicAddress of a parsed address.
bool IsPublic(boost::asio::ip::address address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  if (address.is_loopback() || address.is_unspecified() || address.is_multicast()) return false;
  if (address.is_v4()) {
    const uint32_t a = address.to_v4().to_uint();
    const auto in = [a](uint32_t net, int bits) {
      return (a >> (32 - bits)) == (net >> (32 - bits));
    };
    return !(in(0x00000000, 8) || in(0x0A000000, 8) || in(0x64400000, 10) || in(0xA9FE0000, 16) ||
             in(0xAC100000, 12) || in(0xC0000000, 24) || in(0xC0A80000, 16) || in(0xC6120000, 15) ||
             in(0xF0000000, 4));
  }
  const auto bytes = address.to_v6().to_bytes();
  const bool unique_local = (bytes[0] & 0xfe) == 0xfc;                    // fc00::/7
  const bool link_local = bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;  // fe80::/10
  const bool site_local = bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0xc0;  // fec0::/10
  const bool documentation = bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d &&
                             bytes[3] == 0xb8;  // 2001:db8::/32
  return !(unique_local || link_local || site_local || documentation);
}

}  // namespace

bool IsPublicAddress(std::string_view host) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  return !ec && IsPublic(address);
}

bool NamesOwnNetwork(std::string_view host) {
  if (host == "localhost" || host.ends_with(".localhost")) return true;  // RFC 6761
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  return !ec && !IsPublic(address);
}

WebhookClient::WebhookClient(WebhookSettings settings) : settings_(std::move(settings)) {}

Delivery WebhookClient::Post(const WebhookCall& call) const {
  auto url = ParseWebhookUrl(call.url);
  if (!url) return {Outcome::kPermanent, "webhook: " + url.error().message, false};
  auto tls = internal::MakeTlsContext(url->https ? settings_.ca_file : std::string());
  if (!tls) return Transient("webhook: " + tls.error());
  const auto deadline = std::chrono::steady_clock::now() + settings_.timeout;
  try {
    internal::ClientConnection conn(**tls);
    const auto allowed = [this](const boost::asio::ip::address& a) {
      return settings_.allow_private || IsPublic(a);
    };
    if (auto ec = conn.Connect(url->host, url->port, deadline, allowed); ec) {
      if (ec == boost::asio::error::access_denied) {
        return {Outcome::kPermanent,
                "webhook: " + url->host +
                    " has no public address (set notify.webhook_private_targets to call "
                    "addresses on the Pemda's own network)",
                false};
      }
      return Transient("webhook connect: " + ec.message());
    }
    if (url->https) {
      if (auto ec = conn.Handshake(url->host, deadline); ec) {
        return Transient("webhook tls: " + ec.message());
      }
    }
    http::request<http::string_body> request(http::verb::post, url->target, 11);
    const bool default_port = url->port == (url->https ? 443 : 80);
    std::string host = url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
    if (!default_port) host += ":" + std::to_string(url->port);
    request.set(http::field::host, host);
    request.set(http::field::user_agent, settings_.user_agent);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::connection, "close");
    request.set("X-Sigap-Event", call.event);
    request.set("X-Sigap-Delivery", call.delivery_id);
    request.set("X-Sigap-Signature", WebhookSignature(call.secret, call.body));
    request.body() = call.body;
    request.prepare_payload();
    if (auto ec =
            conn.Run([&](auto& stream,
                         auto handler) { http::async_write(stream, request, std::move(handler)); },
                     deadline);
        ec) {
      return Transient("webhook send: " + ec.message());
    }
    // Only the status matters; the subscriber's body is never read.
    boost::beast::flat_buffer buffer;
    http::response_parser<http::empty_body> parser;
    if (auto ec = conn.Run(
            [&](auto& stream, auto handler) {
              http::async_read_header(stream, buffer, parser, std::move(handler));
            },
            deadline);
        ec) {
      return Transient("webhook response: " + ec.message());
    }
    const int status = static_cast<int>(parser.get().result_int());
    const std::string detail = "webhook: HTTP " + std::to_string(status);
    if (status >= 200 && status < 300) return {Outcome::kDelivered, "", false};
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      return {Outcome::kPermanent, detail, false};
    }
    return {Outcome::kTransient, detail, status >= 500 || status == 429};
  } catch (const std::exception& e) {
    return Transient(std::string("webhook: ") + e.what());
  }
}

}  // namespace sigap::notify
