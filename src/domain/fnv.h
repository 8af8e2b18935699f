#pragma once

#include <cstdint>
#include <string_view>

namespace sigap::domain {

// 64-bit FNV-1a (Fowler, Noll, Vo): the same value on every node and every
// build, for checksums and change marks; not for anything an adversary
// chooses the input of. `hash` continues an earlier one.
inline constexpr uint64_t kFnvOffsetBasis = 14695981039346656037ULL;
inline constexpr uint64_t kFnvPrime = 1099511628211ULL;

constexpr uint64_t Fnv1a(std::string_view bytes, uint64_t hash = kFnvOffsetBasis) {
  for (const char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * kFnvPrime;
  return hash;
}

}  // namespace sigap::domain
