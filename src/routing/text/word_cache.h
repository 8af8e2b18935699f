#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace sigap::routing::text {

// The hash a WordMemo finds a word by: 8 bytes at a time, each mixed in by
// a multiplication. What a memo answers never depends on it, only how fast;
// std::hash (MurmurHash, out of line) took 4% of classifying a report,
// where the memos hash each of its words twice.
inline size_t WordMemoHash(std::string_view word) {
  constexpr uint64_t kMul = 0xff51afd7ed558ccdULL;
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ word.size();
  const char* p = word.data();
  size_t n = word.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t x = 0;
    std::memcpy(&x, p, 8);
    h = (h ^ x) * kMul;
    h ^= h >> 32;
  }
  if (n > 0) {  // the last 1-7 bytes, in fixed-size copies the compiler inlines
    uint64_t x = 0;
    if (n >= 4) {
      uint32_t y = 0;
      std::memcpy(&y, p + n - 4, 4);
      x = y;
      n -= 4;
    }
    if (n >= 2) {
      uint16_t y = 0;
      std::memcpy(&y, p + n - 2, 2);
      x = (x << 16) | y;
      n -= 2;
    }
    if (n == 1) x = (x << 8) | static_cast<unsigned char>(p[0]);
    h = (h ^ x) * kMul;
    h ^= h >> 32;
  }
  h *= 0xc4ceb9fe1a85ec53ULL;
  return static_cast<size_t>(h ^ (h >> 33));
}

// A bounded memo of a pure function of a word (or any short string): the
// Normalizer keeps what it made of each token, the LinearTextModel the
// features of each word. Words repeat a lot, so most lookups hit. When the
// memo holds `capacity` words it is emptied and fills again: the output never
// depends on what is cached, only the time taken does.
template <typename Value>
class WordMemo {
 public:
  // The value of `word`, made with make(word, value) on a miss. The
  // reference stays valid until the memo is emptied: by a Get when the
  // memo is full, by Reserve or Clear.
  template <typename Make>
  Value& Get(std::string_view word, size_t capacity, Make&& make) {
    const size_t hash = WordMemoHash(word);
    const uint64_t tag = hash & kTagMask;
    if (!slots_.empty()) {
      const size_t mask = slots_.size() - 1;
      for (size_t i = hash & mask; slots_[i] != kFree; i = (i + 1) & mask) {
        // The slot's tag tells a different word without reading its entry
        // (a cache miss: the entries of a memo of 16,384 words are megabytes).
        if ((slots_[i] & kTagMask) != tag) continue;
        Entry& e = entries_[slots_[i] & kIndexMask];
        if (e.word == word) return e.value;
      }
    }
    if (entries_.size() >= capacity) Clear();
    // The entries never move: room for `capacity` of them is made once.
    if (entries_.capacity() < capacity) {
      Clear();
      entries_.reserve(capacity);
    }
    if (2 * (entries_.size() + 1) > slots_.size()) Rehash(std::max<size_t>(64, 2 * slots_.size()));
    Entry& e = entries_.emplace_back();
    e.hash = hash;
    e.word = std::string(word);
    make(word, e.value);
    Place(entries_.size() - 1);
    return e.value;
  }

  // Empties the memo unless `n` more words fit below `capacity`, so that the
  // next `n` Gets keep every reference valid.
  void Reserve(size_t n, size_t capacity) {
    if (entries_.size() + n > capacity) Clear();
  }

  size_t size() const { return entries_.size(); }

  void Clear() {
    entries_.clear();
    std::fill(slots_.begin(), slots_.end(), kFree);
  }

 private:
  // A slot is an entry's index (low 32 bits) and the upper 32 bits of its
  // word's hash, or kFree.
  static constexpr uint64_t kFree = ~uint64_t{0};
  static constexpr uint64_t kIndexMask = 0xffffffffULL;
  static constexpr uint64_t kTagMask = ~kIndexMask;

  struct Entry {
    size_t hash = 0;
    std::string word;
    Value value;
  };

  void Place(size_t entry) {
    const size_t mask = slots_.size() - 1;
    const size_t hash = entries_[entry].hash;
    size_t i = hash & mask;
    while (slots_[i] != kFree) i = (i + 1) & mask;
    slots_[i] = (hash & kTagMask) | entry;
  }

  void Rehash(size_t slots) {
    slots_.assign(slots, kFree);
    for (size_t e = 0; e < entries_.size(); ++e) Place(e);
  }

  // Reserved to the capacity before the first entry, so never reallocated
  // (what Get returns stays where it is); a vector rather than a deque, so
  // finding an entry is one address computation, not a lookup in the
  // deque's map of chunks.
  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;  // open addressing, a power of two in size
};

// A new id for an object that owns per-thread memos; ids are never reused,
// so a memo cannot outlive its owner's meaning.
inline uint64_t NewMemoOwner() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// This thread's memo of `owner`. Each thread keeps the memos of its few most
// recently used owners (a server thread may serve several models); memos
// are never shared between threads, so no lock is needed.
template <typename Value>
WordMemo<Value>& ThreadMemo(uint64_t owner) {
  struct Slot {
    uint64_t owner = 0;
    uint64_t used = 0;
    WordMemo<Value> memo;
  };
  thread_local std::array<Slot, 4> slots;
  thread_local uint64_t clock = 0;
  Slot* oldest = &slots[0];
  for (Slot& slot : slots) {
    if (slot.owner == owner) {
      slot.used = ++clock;
      return slot.memo;
    }
    if (slot.used < oldest->used) oldest = &slot;
  }
  oldest->memo.Clear();
  oldest->owner = owner;
  oldest->used = ++clock;
  return oldest->memo;
}

}  // namespace sigap::routing::text
