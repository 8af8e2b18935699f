#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace sigap::memory {

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

// The bytes of a huge page (x86-64's, and ARMv8's with 4 KB base pages).
inline constexpr size_t kHugePage = size_t{2} << 20;

// `bytes` (a multiple of kHugePage) starting on a huge page, backed by huge
// pages where the kernel has them; throws std::bad_alloc. Fresh pages from
// the kernel, not malloc's: pages malloc reuses are already mapped small,
// and the advice would not change them.
void* AllocateHugePages(size_t bytes);
void FreeHugePages(void* p, size_t bytes);

// A CacheLineAllocator whose allocations of a huge page or more start on
// one and are backed by huge pages where the kernel has them (Linux's
// transparent huge pages, often only when asked for with madvise); those
// are the kernel's own pages, handed back to it when freed. A text
// model's tables (8 MB of buckets, 5 MB of half-float weights for the
// demo's 27 labels) are read at random: with 4 KB pages nearly every read
// also misses the TLB and walks the page tables (perf put 7% of scoring a
// text on prefetching its bigrams' buckets, 2.5% with huge pages); 2 MB
// pages cover them with a few TLB entries. The detectors' table of open
// cases (adapt::CaseTable) is read the same way, and as it doubles, the
// halves it frees go back to the kernel instead of staying in malloc's
// heap.
template <typename T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  explicit HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    if (n * sizeof(T) < kHugePage) return CacheLineAllocator<T>().allocate(n);
    return static_cast<T*>(AllocateHugePages(Rounded(n)));
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePage) return CacheLineAllocator<T>().deallocate(p, n);
    FreeHugePages(p, Rounded(n));
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }

 private:
  // Whole huge pages, so that the last one is not shared with other data.
  static size_t Rounded(size_t n) {
    return (n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
  }
};

template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace sigap::memory
