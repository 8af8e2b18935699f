#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "notify/delivery.h"
#include "notify/email_message.h"

namespace sigap::notify {

// How the connection to the SMTP server is protected.
enum class SmtpSecurity {
  kStartTls,  // plain connection upgraded with STARTTLS (port 587); refused without it
  kTls,       // TLS from the first byte (port 465)
  kNone,      // no encryption (a relay on the same host or network)
};

struct SmtpSettings {
  std::string host;
  uint16_t port = 587;
  SmtpSecurity security = SmtpSecurity::kStartTls;
  std::string username;  // "" = no AUTH
  std::string password;
  std::string helo_name = "localhost";                           // the name given in EHLO
  std::chrono::milliseconds timeout = std::chrono::seconds(30);  // connect, and each reply
  std::string ca_file;  // PEM with CAs trusted besides the system's; "" = the system's only
};

// An SMTP client (RFC 5321) on Boost.Asio: one session per message with
// EHLO, STARTTLS or implicit TLS (certificates verified), AUTH PLAIN or
// LOGIN when a username is set, MAIL FROM, RCPT TO per recipient, DATA
// (dot-stuffed) and QUIT.
//
// Immutable after construction; Send may be called from several threads.
class SmtpClient {
 public:
  explicit SmtpClient(SmtpSettings settings);

  // Sends `message` to every address in message.to. Returns kDelivered when
  // the server accepted it for at least one recipient (those refused with a
  // 5xx are named by count in `detail`). kTransient for a 4xx reply, a
  // network failure or timeout, and for problems with the server rather
  // than the message (no STARTTLS offered, TLS or authentication failure,
  // an invalid sender address: the configuration can be fixed) — those also
  // set server_unusable. kPermanent for a 5xx reply to MAIL, RCPT (every recipient) or DATA, and
  // for a message without valid recipients. Never throws.
  Delivery Send(const EmailMessage& message) const;

 private:
  const SmtpSettings settings_;
};

}  // namespace sigap::notify
