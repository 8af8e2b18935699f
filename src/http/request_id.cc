#include "http/request_id.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

namespace sigap::http {

bool IsValidRequestId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string NewRequestId() {
  // Request ids must be unique, not secret: a random 64-bit prefix per
  // thread (one getrandom per thread, not per request) and a counter.
  thread_local const uint64_t prefix = [] {
    if (sodium_init() < 0) std::abort();
    uint64_t value;
    randombytes_buf(&value, sizeof value);
    return value;
  }();
  thread_local uint64_t counter = 0;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  const uint64_t parts[2] = {prefix, ++counter};
  for (int p = 0; p < 2; ++p) {
    for (int i = 0; i < 16; ++i) id[p * 16 + i] = kHex[(parts[p] >> (60 - 4 * i)) & 0xF];
  }
  return id;
}

}  // namespace sigap::http
