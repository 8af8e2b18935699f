#pragma once

#include <string>

namespace sigap::notify {

// What one delivery attempt came to.
enum class Outcome {
  kDelivered,  // accepted by the server or subscriber
  kTransient,  // may work later (4xx, network, timeout): retry with backoff
  kPermanent,  // will never work (5xx reply, 4xx webhook answer): give up
};

// The outcome of one attempt, with what happened for the outbox's
// last_error. `detail` never holds addresses or message content: only the
// step, the reply code and the enhanced status ("smtp RCPT: 550 5.1.1").
struct Delivery {
  Outcome outcome = Outcome::kTransient;
  std::string detail;
  // The server could not be used at all (no connection, timeout, TLS or
  // authentication failure): further messages to it now would fail alike.
  bool server_unusable = false;
};

}  // namespace sigap::notify
