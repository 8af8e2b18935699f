#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sigap {

// Instants are UTC with microsecond resolution.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// A source of the current time. Domain code never reads the system clock;
// it is handed a Clock (tests use a fixed or stepping one).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// Formats as RFC 3339 UTC with milliseconds: "2026-11-30T16:13:44.123Z".
std::string FormatRfc3339(Timestamp t);

// Parses RFC 3339 ("2026-03-17T15:00:00+07:00", "...Z", fraction optional)
// or a plain date "2026-03-17" (midnight UTC). Returns nullopt when invalid.
std::optional<Timestamp> ParseRfc3339(std::string_view text);

inline int64_t ToMicros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMicros(int64_t us) { return Timestamp(std::chrono::microseconds(us)); }

}  // namespace sigap
