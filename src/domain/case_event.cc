#include "domain/case_event.h"

#include <sodium.h>

namespace sigap::domain {
namespace {

void Feed(crypto_hash_sha256_state& state, std::string_view field) {
  const uint64_t n = field.size();
  uint8_t len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(n >> (8 * i));
  crypto_hash_sha256_update(&state, len, sizeof len);
  crypto_hash_sha256_update(&state, reinterpret_cast<const uint8_t*>(field.data()), n);
}

}  // namespace

std::string EventHash(const CaseEvent& e) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  Feed(state, e.prev_hash);
  Feed(state, std::to_string(e.id));
  Feed(state, std::to_string(e.pemda_id));
  Feed(state, std::to_string(e.case_id));
  Feed(state, e.kind);
  Feed(state, e.actor);
  Feed(state, std::to_string(ToMicros(e.at)));
  Feed(state, e.payload_json);
  Feed(state, e.is_public ? "1" : "0");
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace sigap::domain
