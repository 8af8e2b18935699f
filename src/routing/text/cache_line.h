#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace sigap::routing::text {

// The bytes of a cache line on the CPUs Sigap runs on (x86-64, ARMv8).
inline constexpr size_t kCacheLine = 64;

// A std::allocator whose storage starts on a cache line: malloc's 16-byte
// alignment would leave a 64-byte row of weights across two lines, and
// reading a row then costs two cache misses instead of one.
template <typename T>
struct CacheLineAllocator {
  using value_type = T;

  CacheLineAllocator() = default;
  template <typename U>
  explicit CacheLineAllocator(const CacheLineAllocator<U>&) {}

  T* allocate(size_t n) {
    return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{kCacheLine}));
  }
  void deallocate(T* p, size_t) { ::operator delete (p, std::align_val_t{kCacheLine}); }

  template <typename U>
  bool operator==(const CacheLineAllocator<U>&) const {
    return true;
  }
};

template <typename T>
using CacheLineVector = std::vector<T, CacheLineAllocator<T>>;

}  // namespace sigap::routing::text
