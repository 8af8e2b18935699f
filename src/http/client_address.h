#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sigap::http {

// The address of the client behind a request, for per-client limits. A
// request from one of `trusted_proxies` (the reverse proxy in front of
// Sigap, e.g. nginx on 127.0.0.1) is the proxy's, not its client's: then
// the client is the rightmost address of X-Forwarded-For that is not itself
// a trusted proxy. Entries left of it were written by the client and prove
// nothing; a header that is absent or not an address list leaves the peer.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

// Whether `text` is an IPv4 or IPv6 address literal.
bool IsIpAddress(std::string_view text);

}  // namespace sigap::http
