#include "http/rate_limiter.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sigap::http {

RateLimiter::RateLimiter(Options options) : options_(options) {
  assert(options_.burst >= 1 && options_.per_minute > 0);
}

double RateLimiter::Refilled(const Bucket& b, Time now) const {
  // A clock that steps back earns nothing rather than a negative amount.
  const double minutes =
      std::max(0.0, std::chrono::duration<double, std::ratio<60>>(now - b.at).count());
  return std::min(options_.burst, b.tokens + minutes * options_.per_minute);
}

std::chrono::seconds RateLimiter::Take(std::string_view key, Time now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= options_.max_keys) {
      std::erase_if(buckets_,
                    [&](const auto& kv) { return Refilled(kv.second, now) >= options_.burst; });
      if (buckets_.size() >= options_.max_keys) buckets_.clear();
    }
    it = buckets_.emplace(std::string(key), Bucket{options_.burst, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = Refilled(b, now);
  b.at = std::max(b.at, now);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::chrono::seconds(0);
  }
  const double wait = (1 - b.tokens) / options_.per_minute * 60;
  return std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait))));
}

std::chrono::seconds RateLimiter::Wait(std::string_view key, Time now) const {
  std::lock_guard lock(mutex_);
  const auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return std::chrono::seconds(0);
  const double tokens = Refilled(it->second, now);
  if (tokens >= 1) return std::chrono::seconds(0);
  const double wait = (1 - tokens) / options_.per_minute * 60;
  return std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait))));
}

size_t RateLimiter::Size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace sigap::http
