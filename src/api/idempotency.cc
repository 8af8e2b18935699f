#include "api/idempotency.h"

#include <cstdint>

#include "domain/sha256.h"

namespace sigap::api {

bool ValidIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 255) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string ScopedIdempotencyKey(const domain::Principal* caller, std::string_view key) {
  // A client's key is visible ASCII, so no citizen's key can look like a
  // scoped one.
  if (caller == nullptr) return std::string(key);
  return caller->Actor() + '\x1f' + std::string(key);
}

std::string FormFingerprint(const std::multimap<std::string, std::string>& params) {
  // Each name and value with its length: "a=b&c" and "a=b%26c" differ.
  std::string canonical;
  for (const auto& [name, value] : params) {  // by name; a name's values in order
    if (name == "api_key") continue;
    canonical +=
        std::to_string(name.size()) + ':' + name + std::to_string(value.size()) + ':' + value + ';';
  }
  return domain::Sha256Hex(canonical);
}

}  // namespace sigap::api
