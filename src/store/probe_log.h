#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "domain/result.h"

namespace sigap::store {

// What the readiness probe (Store::Ping, asked by /readyz) writes to the
// log. A load balancer probes every second or so: while the database stays
// down for the same cause, the first failure is logged, then at most one
// line a minute saying how many probes failed meanwhile; a changed cause is
// logged at once; the first probe that passes again says readiness is
// back. Thread-safe: probes run on the server's threads at once.
class ProbeLog {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ProbeLog(Clock::duration interval = std::chrono::minutes(1)) : interval_(interval) {}

  // A probe failed at `now` because of `cause` (the driver's message): the
  // warning to log, or nullopt while this cause was logged less than an
  // interval ago.
  std::optional<std::string> Failed(const std::string& cause, Clock::time_point now);

  // A probe passed at `now`: the line to log (info) when probes had failed
  // before it, else nullopt.
  std::optional<std::string> Passed(Clock::time_point now);

  // Logs (spdlog) what a probe that ends now and answered `probe` calls for.
  void Record(const Status& probe);

 private:
  const Clock::duration interval_;
  std::mutex mutex_;
  bool failing_ = false;
  std::string cause_;            // of the last line logged
  Clock::time_point logged_at_;  // when it was logged
  Clock::time_point since_;      // the first failure of this outage
  int64_t unlogged_ = 0;         // failures since the last line
  int64_t failures_ = 0;         // failures of this outage
};

}  // namespace sigap::store
