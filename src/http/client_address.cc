#include "http/client_address.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <utility>  // before Asio: Boost 1.74 with g++ 12 in C++20 mode

namespace sigap::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The address as Asio prints it, so "::ffff:127.0.0.1" and spellings with
// leading zeros or upper-case hex compare equal; "" when not an address.
std::string Canonical(std::string_view text) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return {};
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
        .to_string();
  }
  return address.to_string();
}

bool Trusted(const std::string& canonical, const std::vector<std::string>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(),
                     [&](const std::string& t) { return Canonical(t) == canonical; });
}

}  // namespace

bool IsIpAddress(std::string_view text) { return !Canonical(text).empty(); }

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  if (trusted_proxies.empty() || forwarded_for.empty()) return std::string(peer);
  std::string client = Canonical(peer);
  if (client.empty() || !Trusted(client, trusted_proxies)) return std::string(peer);
  // From the right: each hop a trusted proxy appended, until the first
  // address no trusted proxy vouches for.
  while (!forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    const std::string_view entry =
        Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    const std::string address = Canonical(entry);
    if (address.empty()) return client;  // not an address: the last one vouched for
    client = address;
    if (!Trusted(client, trusted_proxies)) return client;
  }
  return client;
}

}  // namespace sigap::http
