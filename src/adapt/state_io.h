#pragma once

// The detectors' state as bytes, so that a server restarts where it stopped
// instead of replaying its whole history (Sensor::Save / Sensor::Load).
//
// The encoding is this build's memory layout: plain values and arrays of
// trivially copyable structs are copied as they are (little-endian, in the
// compiler's layout, padding written as zeros). A snapshot is therefore
// only read back by a build with the same layout; Sensor::Load checks a
// format number, the layout of the Pemda and the options, and refuses
// anything else (the caller then rebuilds from the events). The bytes end
// with a checksum (64-bit FNV-1a) that the reader verifies before anything
// else, so a damaged snapshot is refused whole: no field (a bool, an
// index) is ever read from bytes this build did not write. Reads are also
// bounds-checked.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "domain/fnv.h"

namespace sigap::adapt {

// Types whose every byte is part of the value (no padding): written as they are.
template <typename T>
inline constexpr bool kWholeBytes =
    std::has_unique_object_representations_v<T> || std::is_floating_point_v<T>;

class StateWriter {
 public:
  // A struct's padding is written as zeros: it holds whatever the memory
  // held (an assignment from a temporary copies the temporary's), and the
  // same state must give the same bytes.
  template <typename T>
  requires std::is_trivially_copyable_v<T>
  void Put(const T& value) {
    if constexpr (kWholeBytes<T>) {
      out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
    } else {
      alignas(T) unsigned char bytes[sizeof(T)];
      std::memcpy(bytes, &value, sizeof(T));
#if __has_builtin(__builtin_clear_padding)
      __builtin_clear_padding(reinterpret_cast<T*>(bytes));
#else
      static_assert(kWholeBytes<T>, "a struct with padding, and no way to clear it here");
#endif
      out_.append(reinterpret_cast<const char*>(bytes), sizeof(T));
    }
  }
  template <typename T>
  requires std::is_trivially_copyable_v<T>
  void PutVector(const std::vector<T>& values) {
    Put<uint64_t>(values.size());
    if constexpr (kWholeBytes<T>) {
      out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
    } else {
      for (const T& value : values) Put(value);
    }
  }
  void PutString(std::string_view text) {
    Put<uint64_t>(text.size());
    out_.append(text);
  }

  // The bytes written, with their checksum.
  std::string Take() {
    const uint64_t sum = Checksum(out_);
    out_.append(reinterpret_cast<const char*>(&sum), sizeof sum);
    return std::move(out_);
  }

  static uint64_t Checksum(std::string_view bytes) { return domain::Fnv1a(bytes); }

 private:
  std::string out_;
};

class StateReader {
 public:
  // Fails from the start unless `data` ends with the checksum of the rest.
  explicit StateReader(std::string_view data) {
    uint64_t sum = 0;
    if (data.size() < sizeof sum) {
      failed_ = true;
      return;
    }
    std::memcpy(&sum, data.data() + data.size() - sizeof sum, sizeof sum);
    data_ = data.substr(0, data.size() - sizeof sum);
    failed_ = sum != StateWriter::Checksum(data_);
  }

  // False (and the reader failed from then on) when the data ends first.
  template <typename T>
  requires std::is_trivially_copyable_v<T>
  bool Get(T& value) {
    if (!Take(sizeof(T))) return false;
    std::memcpy(&value, data_.data() + at_ - sizeof(T), sizeof(T));
    return true;
  }
  // Reads a vector written by PutVector; with `expected_size`, fails
  // unless it has that many elements.
  template <typename T>
  requires std::is_trivially_copyable_v<T>
  bool GetVector(std::vector<T>& values, int64_t expected_size = -1) {
    uint64_t n = 0;
    if (!Get(n)) return false;
    if ((expected_size >= 0 && n != static_cast<uint64_t>(expected_size)) ||
        n > (data_.size() - at_) / sizeof(T)) {
      failed_ = true;
      return false;
    }
    values.resize(n);
    if (n > 0) std::memcpy(values.data(), data_.data() + at_, n * sizeof(T));
    at_ += n * sizeof(T);
    return true;
  }
  bool GetString(std::string& text) {
    uint64_t n = 0;
    if (!Get(n) || !Take(n)) return false;
    text.assign(data_.data() + at_ - n, n);
    return true;
  }
  // Reads a value and fails unless it equals `expected` (a format number,
  // an option, a size the layout gives).
  template <typename T>
  bool Expect(const T& expected) {
    T value{};
    if (!Get(value)) return false;
    if (!(value == expected)) failed_ = true;
    return !failed_;
  }
  bool ExpectString(std::string_view expected) {
    std::string value;
    if (!GetString(value)) return false;
    if (value != expected) failed_ = true;
    return !failed_;
  }

  bool ok() const { return !failed_; }
  bool at_end() const { return at_ == data_.size(); }

 private:
  bool Take(uint64_t n) {
    if (failed_ || n > data_.size() - at_) {
      failed_ = true;
      return false;
    }
    at_ += n;
    return true;
  }

  std::string_view data_;
  size_t at_ = 0;
  bool failed_ = false;
};

}  // namespace sigap::adapt
