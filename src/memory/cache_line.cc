#include "memory/cache_line.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace sigap::memory {

#if defined(__linux__)
void* AllocateHugePages(size_t bytes) {
  // A huge page more than asked for, to cut a run starting on one out of it.
  const size_t mapped = bytes + kHugePage;
  void* const m = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) throw std::bad_alloc();
  const uintptr_t start = reinterpret_cast<uintptr_t>(m);
  const uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) munmap(m, aligned - start);
  if (const uintptr_t end = start + mapped; end > aligned + bytes) {
    munmap(reinterpret_cast<void*>(aligned + bytes), end - aligned - bytes);
  }
  void* const p = reinterpret_cast<void*>(aligned);
#if defined(MADV_HUGEPAGE)
  // Only advice: without huge pages the memory is the same, only slower.
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

void FreeHugePages(void* p, size_t bytes) { munmap(p, bytes); }
#else
void* AllocateHugePages(size_t bytes) {
  return ::operator new (bytes, std::align_val_t{kHugePage});
}

void FreeHugePages(void* p, size_t) { ::operator delete (p, std::align_val_t{kHugePage}); }
#endif

}  // namespace sigap::memory
