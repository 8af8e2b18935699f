#include "domain/case_event.h"

#include "domain/sha256.h"

namespace sigap::domain {
namespace {

// Each field with its length before it (8 bytes, little-endian): "ab"+"c"
// and "a"+"bc" differ.
void Feed(std::string& message, std::string_view field) {
  const uint64_t n = field.size();
  for (int i = 0; i < 8; ++i) message.push_back(static_cast<char>(n >> (8 * i)));
  message.append(field);
}

}  // namespace

std::string EventHash(const CaseEvent& e) {
  // Hashed in one piece: each update of the digest has a cost of its own.
  thread_local std::string message;
  message.clear();
  Feed(message, e.prev_hash);
  Feed(message, std::to_string(e.id));
  Feed(message, std::to_string(e.pemda_id));
  Feed(message, std::to_string(e.case_id));
  Feed(message, e.kind);
  Feed(message, e.actor);
  Feed(message, std::to_string(ToMicros(e.at)));
  Feed(message, e.payload_json);
  Feed(message, e.is_public ? "1" : "0");
  return Sha256Hex(message);
}

}  // namespace sigap::domain
