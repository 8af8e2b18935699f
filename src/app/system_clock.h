#pragma once

#include "domain/time.h"

namespace sigap::app {

// The wall clock, for production. Thread-safe.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

}  // namespace sigap::app
