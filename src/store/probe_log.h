#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace sigap::store {

// What the readiness probe (Store::Ping, asked by /readyz) writes to the
// log. A load balancer probes every second or so: while the database stays
// down for the same cause, the first failure is logged, then at most one
// line a minute saying how many probes failed meanwhile; a changed cause is
// logged at once; the first probe that passes again says readiness is
// back. The cause is what the probe answers (ReadinessCause, "the database
// file cannot be read"), not the driver's message: that names the step that
// failed, which differs from one reader connection to the next (a cached
// statement fails to step, a new one to prepare) while the outage is one.
// Thread-safe: probes run on the server's threads at once.
class ProbeLog {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ProbeLog(Clock::duration interval = std::chrono::minutes(1)) : interval_(interval) {}

  // A probe failed at `now` for `cause`, the driver saying `detail`: the
  // warning to log (with `detail`), or nullopt while this cause was logged
  // less than an interval ago.
  std::optional<std::string> Failed(const std::string& cause, const std::string& detail,
                                    Clock::time_point now);

  // A probe passed at `now`: the line to log (info) when probes had failed
  // before it, else nullopt.
  std::optional<std::string> Passed(Clock::time_point now);

  // Log (spdlog) what a probe that ends now calls for.
  void LogPassed();
  void LogFailed(const std::string& cause, const std::string& detail);

 private:
  const Clock::duration interval_;
  std::mutex mutex_;
  bool failing_ = false;
  std::string cause_;            // of the last line logged
  std::string detail_;           // the driver's words in it
  Clock::time_point logged_at_;  // when it was logged
  Clock::time_point since_;      // the first failure of this outage
  int64_t unlogged_ = 0;         // failures since the last line
  int64_t failures_ = 0;         // failures of this outage
};

}  // namespace sigap::store
