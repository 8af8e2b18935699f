#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "notify/delivery.h"

namespace sigap::notify {

// A webhook address, split. Only http and https; no user info.
struct WebhookUrl {
  bool https = false;
  std::string host;    // a name or an IP literal (without brackets)
  uint16_t port = 0;   // 80 or 443 unless given
  std::string target;  // "/path?query", at least "/"
};

// Parses "http(s)://host[:port][/path][?query]" (IPv6 as "[::1]"). Rejects
// other schemes, user info, fragments, whitespace and control characters,
// and URLs longer than 2000 characters. kInvalidArgument with a message
// saying why.
[[nodiscard]] Result<WebhookUrl> ParseWebhookUrl(std::string_view url);

// Whether `host` (an IP literal) is an address on the public Internet: not
// loopback, unspecified, private (10/8, 172.16/12, 192.168/16, fc00::/7),
// shared (100.64/10), link-local (169.254/16, fe80::/10), multicast or
// reserved. False for a name, which is judged once resolved.
bool IsPublicAddress(std::string_view host);

// Whether `host` names the Pemda's own network without resolving it:
// "localhost" (and its subdomains), or an IP literal IsPublicAddress
// refuses. A name is judged when it is called (its addresses may change).
bool NamesOwnNetwork(std::string_view host);

// "sha256=" and the lower-case hex HMAC-SHA256 of `body` keyed with
// `secret`: the X-Sigap-Signature header, which subscribers recompute.
std::string WebhookSignature(std::string_view secret, std::string_view body);

// One call of a webhook.
struct WebhookCall {
  std::string url;
  std::string secret;
  std::string event;  // X-Sigap-Event
  // X-Sigap-Delivery: the same on every retry of one message, and never the
  // same for two ("ID-CREATED": the outbox id and when the message was
  // written, so a database restored from a backup, whose ids run again,
  // does not reuse one).
  std::string delivery_id;
  std::string body;  // JSON
};

struct WebhookSettings {
  std::chrono::milliseconds timeout = std::chrono::seconds(10);  // the whole call
  std::string ca_file;  // PEM with CAs trusted besides the system's
  std::string user_agent = "Sigap-Webhook/" SIGAP_VERSION;
  // Whether a webhook may reach loopback, link-local, private and other
  // non-public addresses ([notify] webhook_private_targets); otherwise a
  // name that resolves only to such addresses is not called.
  bool allow_private = false;
};

// POSTs signed JSON over HTTP/1.1 (Boost.Beast), through TLS for https URLs
// with the certificate verified against the system's store.
//
// Immutable after construction; Post may be called from several threads.
class WebhookClient {
 public:
  explicit WebhookClient(WebhookSettings settings);

  // Sends the call with Content-Type: application/json, X-Sigap-Event,
  // X-Sigap-Delivery and X-Sigap-Signature, and reads the status line.
  // kDelivered for 2xx; kPermanent for other 4xx except 408 and 429, and
  // for an invalid URL; kTransient for anything else (other statuses,
  // network failures, the timeout). Never throws.
  Delivery Post(const WebhookCall& call) const;

 private:
  const WebhookSettings settings_;
};

}  // namespace sigap::notify
