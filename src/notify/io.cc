#include "notify/io.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <vector>

namespace sigap::notify::internal {

tl::expected<std::unique_ptr<ssl::context>, std::string> MakeTlsContext(
    const std::string& ca_file) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  ErrorCode ec;
  context->set_default_verify_paths(ec);
  if (ec) return tl::unexpected("cannot load the system's CA certificates: " + ec.message());
  if (!ca_file.empty()) {
    context->load_verify_file(ca_file, ec);
    if (ec) return tl::unexpected("cannot load CA file " + ca_file + ": " + ec.message());
  }
  context->set_verify_mode(ssl::verify_peer);
  return context;
}

ClientConnection::ClientConnection(ssl::context& tls) : stream_(io_context_, tls) {}

ClientConnection::~ClientConnection() { Close(); }

void ClientConnection::Close() {
  ErrorCode ignored;
  stream_.lowest_layer().close(ignored);
}

ErrorCode ClientConnection::Wait(ErrorCode& result, Deadline deadline,
                                 const std::function<void()>& cancel) {
  io_context_.restart();
  io_context_.run_until(deadline);  // returns early once the operation is done
  if (result != asio::error::would_block) return result;
  cancel();
  io_context_.restart();
  io_context_.run();  // the cancelled operation completes (operation_aborted)
  return asio::error::timed_out;
}

ErrorCode ClientConnection::Connect(const std::string& host, uint16_t port, Deadline deadline,
                                    const std::function<bool(const asio::ip::address&)>& allowed) {
  tcp::resolver resolver(io_context_);
  tcp::resolver::results_type endpoints;
  ErrorCode result = asio::error::would_block;
  resolver.async_resolve(host, std::to_string(port),
                         [&](ErrorCode ec, tcp::resolver::results_type found) {
                           result = ec;
                           endpoints = std::move(found);
                         });
  if (auto ec = Wait(result, deadline, [&resolver] { resolver.cancel(); }); ec) return ec;
  std::vector<tcp::endpoint> candidates;
  for (const auto& entry : endpoints) {
    if (!allowed || allowed(entry.endpoint().address())) candidates.push_back(entry.endpoint());
  }
  if (candidates.empty()) return asio::error::access_denied;
  result = asio::error::would_block;
  asio::async_connect(stream_.lowest_layer(), candidates,
                      [&result](ErrorCode ec, const tcp::endpoint&) { result = ec; });
  return Wait(result, deadline, [this] { Close(); });
}

ErrorCode ClientConnection::Handshake(const std::string& host, Deadline deadline) {
  SSL* ssl = stream_.native_handle();
  ErrorCode ec;
  const auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    // Certificates name IP addresses in their own SAN field; no SNI for them.
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), address.to_string().c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, host.c_str());
    SSL_set1_host(ssl, host.c_str());
  }
  stream_.set_verify_mode(ssl::verify_peer);
  ErrorCode result = asio::error::would_block;
  stream_.async_handshake(ssl::stream_base::client, [&result](ErrorCode e) { result = e; });
  result = Wait(result, deadline, [this] { Close(); });
  if (!result) tls_ = true;
  return result;
}

}  // namespace sigap::notify::internal
