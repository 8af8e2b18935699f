#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sigap::http {

// A token bucket per key (a client's IP address): each key may spend
// `burst` requests at once, and earns them back at `per_minute`. Keeps at
// most `max_keys` buckets: when full, it forgets the buckets that have
// refilled (they are indistinguishable from new ones), and if that is not
// enough, all of them (failing open rather than growing without bound).
//
// Thread-safe.
class RateLimiter {
 public:
  using Time = std::chrono::sys_time<std::chrono::microseconds>;

  struct Options {
    double burst = 20;      // tokens a fresh key holds (>= 1)
    double per_minute = 6;  // tokens earned back per minute (> 0)
    size_t max_keys = 100'000;
  };

  explicit RateLimiter(Options options);

  // Takes one token from `key`'s bucket at `now`. Returns zero when one was
  // taken; otherwise takes nothing and returns how long until one is free,
  // rounded up to whole seconds (at least one).
  std::chrono::seconds Take(std::string_view key, Time now);

  // How long until `key` has a token at `now` (zero when it has one),
  // taking nothing: for limits that charge only what failed (sign-in).
  std::chrono::seconds Wait(std::string_view key, Time now) const;

  // How many buckets are kept (for tests).
  size_t Size() const;

 private:
  struct Bucket {
    double tokens = 0;
    Time at{};
  };
  double Refilled(const Bucket& b, Time now) const;

  const Options options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace sigap::http
