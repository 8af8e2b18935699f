#include "store/probe_log.h"

#include <spdlog/spdlog.h>

namespace sigap::store {
namespace {

// "1 probe", "12 probes".
std::string Probes(int64_t n) { return std::to_string(n) + (n == 1 ? " probe" : " probes"); }

// "45 s", "3 min 5 s".
std::string Span(ProbeLog::Clock::duration d) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (seconds < 60) return std::to_string(seconds) + " s";
  return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
}

}  // namespace

std::optional<std::string> ProbeLog::Failed(const std::string& cause, const std::string& detail,
                                            Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (!failing_) {
    failing_ = true;
    since_ = now;
    failures_ = 0;
    unlogged_ = 0;
  }
  ++failures_;
  if (failures_ > 1 && cause == cause_ && now - logged_at_ < interval_) {
    ++unlogged_;
    return std::nullopt;
  }
  std::string line = "readiness: " + detail;
  if (unlogged_ > 0) {
    line += cause == cause_
                ? " (" + std::to_string(unlogged_) + " more failed probes since the last line)"
                : " (before it, " + Probes(unlogged_) + " failed: " + detail_ + ")";
  }
  cause_ = cause;
  detail_ = detail;
  logged_at_ = now;
  unlogged_ = 0;
  return line;
}

std::optional<std::string> ProbeLog::Passed(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (!failing_) return std::nullopt;
  failing_ = false;
  return "readiness: the database answers again, after " + Probes(failures_) + " failed over " +
         Span(now - since_);
}

void ProbeLog::LogPassed() {
  if (auto line = Passed(Clock::now())) spdlog::info("{}", *line);
}

void ProbeLog::LogFailed(const std::string& cause, const std::string& detail) {
  if (auto line = Failed(cause, detail, Clock::now())) spdlog::warn("{}", *line);
}

}  // namespace sigap::store
