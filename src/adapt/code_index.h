#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace sigap::adapt {

// Codes (of a Layout's services, agencies and kelurahan) to their index.
// Replaying a Pemda's history looks up three codes per event, and with
// std::unordered_map hashing them and walking its nodes took 5 % of a
// rebuild (bench/RESULTS.md, issue 9): here a flat table, open addressing
// with linear probing, at most half full, keyed by a hash of a code's
// first and last eight bytes and its length (codes are short); a slot
// keeps its code's hash, so a probe compares bytes only when they likely
// match.
//
// The codes must outlive the index (it keeps views).
class CodeIndex {
 public:
  // Adds `code`; a code added before keeps its index.
  void Add(std::string_view code, uint16_t index) {
    if (2 * (count_ + 1) > slots_.size()) Grow();
    if (Place(code, HashOf(code), index)) ++count_;
  }

  std::optional<uint16_t> Find(std::string_view code) const {
    if (slots_.empty()) return std::nullopt;
    const uint64_t hash = HashOf(code);
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask; slots_[i].used; i = (i + 1) & mask) {
      if (slots_[i].hash == hash && slots_[i].code == code) return slots_[i].index;
    }
    return std::nullopt;
  }

  static uint64_t HashOf(std::string_view code) {
    uint64_t first = 0, last = 0;
    if (code.size() >= 8) {
      std::memcpy(&first, code.data(), 8);
      std::memcpy(&last, code.data() + code.size() - 8, 8);
    } else {
      for (const char c : code) first = (first << 8) | static_cast<unsigned char>(c);
    }
    uint64_t h = (first ^ std::rotl(last, 29) ^ code.size()) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 32);
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    std::string_view code;
    uint16_t index = 0;
    bool used = false;
  };

  // False when the code is there already.
  bool Place(std::string_view code, uint64_t hash, uint16_t index) {
    const size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    for (; slots_[i].used; i = (i + 1) & mask) {
      if (slots_[i].hash == hash && slots_[i].code == code) return false;
    }
    slots_[i] = {hash, code, index, true};
    return true;
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot{});
    for (const Slot& s : old) {
      if (s.used) Place(s.code, s.hash, s.index);
    }
  }

  std::vector<Slot> slots_;
  size_t count_ = 0;
};

}  // namespace sigap::adapt
