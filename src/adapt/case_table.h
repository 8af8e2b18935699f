#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "memory/cache_line.h"

namespace sigap::adapt {

// A map from case id to a small value, flat: open addressing with linear
// probing in one array of slots, for the sensor's open cases. A rebuild
// looks a case up for every event after its arrival; in a
// std::unordered_map each look-up followed a bucket to a node allocated on
// its own, two or three cache misses, and was a quarter of the detectors'
// thread in a rebuild of 10 M events (bench/RESULTS.md, issue 9). Here it
// is one slot, usually one miss.
//
// Ids are spread by a multiplicative hash (Knuth's), not taken as they are:
// consecutive ids would fill a run of consecutive slots, and an old id
// whose slot falls inside such a run would be pushed to its end. Erasing
// moves the entries after it back (no tombstones), so that a table whose
// cases come and go stays as short to probe as a fresh one. At most 7/10
// full; it doubles when more are added. A large table is in huge pages of
// its own (memory::HugePageVector): fewer TLB misses, and what a doubling
// frees goes back to the kernel. In a std::vector, glibc's malloc (whose
// threshold for mmap rises with every large block freed) kept the freed
// halves: 35 MB more resident memory after rebuilding the 1,000,000-case
// benchmark database than with std::unordered_map (bench/RESULTS.md).
//
// An id may be anything but the all-ones value (kEmpty), which marks a free
// slot: case ids are positive. The order in which ForEach visits entries
// is not their ids' order. Not thread-safe.
template <typename Value>
class CaseTable {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t MemoryBytes() const { return slots_.capacity() * sizeof(Slot); }

  // The value of `id`, or null.
  Value* Find(uint64_t id) {
    if (slots_.empty()) return nullptr;
    for (size_t i = Home(id);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.id == id) return &s.value;
      if (s.id == kEmpty) return nullptr;
    }
  }

  // Starts loading the slot where a look-up of `id` begins, so that a
  // look-up a few events later does not wait for memory.
  // (Unconditional: GCC 12 drops a prefetch behind a test of emptiness.
  // Without slots the mask is 0 and this prefetches the null pointer,
  // which a prefetch may do.)
  void Prefetch(uint64_t id) const { __builtin_prefetch(slots_.data() + Home(id)); }

  // The value of `id`, added as `value` when absent; true when added.
  std::pair<Value*, bool> TryEmplace(uint64_t id, const Value& value) {
    if (10 * (size_ + 1) > 7 * slots_.size()) Grow();
    for (size_t i = Home(id);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.id == id) return {&s.value, false};
      if (s.id == kEmpty) {
        s.id = id;
        s.value = value;
        ++size_;
        return {&s.value, true};
      }
    }
  }

  // Removes `id` and returns what it held; nullopt when it was not there.
  std::optional<Value> Erase(uint64_t id) {
    if (slots_.empty()) return std::nullopt;
    size_t hole = Home(id);
    while (slots_[hole].id != id) {
      if (slots_[hole].id == kEmpty) return std::nullopt;
      hole = (hole + 1) & mask_;
    }
    std::optional<Value> erased = slots_[hole].value;
    // Backward shift: an entry after the hole moves into it when the hole
    // lies on its way from its home slot.
    for (size_t i = (hole + 1) & mask_; slots_[i].id != kEmpty; i = (i + 1) & mask_) {
      const size_t home = Home(slots_[i].id);
      if (((i - home) & mask_) >= ((i - hole) & mask_)) {
        slots_[hole] = slots_[i];
        hole = i;
      }
    }
    slots_[hole].id = kEmpty;
    --size_;
    return erased;
  }

  // Room for `n` entries without growing.
  void Reserve(size_t n) {
    size_t want = 16;
    while (7 * want < 10 * n) want *= 2;
    if (want > slots_.size()) Rehash(want);
  }

  void Clear() {
    slots_.clear();
    slots_.shrink_to_fit();
    mask_ = 0;
    shift_ = 63;
    size_ = 0;
  }

  void swap(CaseTable& other) noexcept {
    slots_.swap(other.slots_);
    std::swap(mask_, other.mask_);
    std::swap(shift_, other.shift_);
    std::swap(size_, other.size_);
  }

  // Calls fn(id, value) for every entry.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Slot& s : slots_) {
      if (s.id != kEmpty) fn(s.id, s.value);
    }
  }

 private:
  static constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();
  struct Slot {
    uint64_t id = kEmpty;
    Value value{};
  };

  size_t Home(uint64_t id) const {
    return static_cast<size_t>((id * 0x9E3779B97F4A7C15ULL) >> shift_) & mask_;
  }

  void Grow() { Rehash(slots_.empty() ? 16 : 2 * slots_.size()); }

  void Rehash(size_t count) {
    memory::HugePageVector<Slot> old;
    old.swap(slots_);
    slots_.assign(count, Slot{});
    mask_ = count - 1;
    shift_ = 64 - std::countr_zero(count);
    for (const Slot& s : old) {
      if (s.id == kEmpty) continue;
      size_t i = Home(s.id);
      while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  memory::HugePageVector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 63;  // Home() is not called while there are no slots
  size_t size_ = 0;
};

}  // namespace sigap::adapt
