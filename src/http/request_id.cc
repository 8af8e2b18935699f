#include "http/request_id.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace sigap::http {

bool IsValidRequestId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string NewRequestId() {
  // sodium_init is thread-safe and idempotent; a function-local static runs
  // it once without a global constructor.
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) std::abort();
  std::array<unsigned char, 16> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 33> hex;
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data(), 32);
}

}  // namespace sigap::http
