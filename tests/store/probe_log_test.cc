// What /readyz's probe logs while the database is down: a load balancer
// probing every second must not flood the log.
#include "store/probe_log.h"

#include <gtest/gtest.h>

namespace sigap::store {
namespace {

using std::chrono::seconds;

// What Ping answers (the cause) for the driver's messages below.
const std::string kUnreadable = "the database file cannot be read";
const std::string kUnreachable = "PostgreSQL is unreachable";
const std::string kNoSlot = "PostgreSQL has no free connection slot (max_connections)";

TEST(ProbeLog, ASteadyFailureIsLoggedOnceAMinuteWithTheProbesMeanwhile) {
  ProbeLog log;
  const auto t0 = ProbeLog::Clock::time_point{} + std::chrono::hours(1);
  std::vector<std::string> lines;
  // Two minutes and a half of one probe a second, the database down.
  for (int s = 0; s < 150; ++s) {
    if (auto line = log.Failed(kUnreadable, "unable to open database file", t0 + seconds(s))) {
      lines.push_back(*line);
    }
  }

  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "readiness: unable to open database file");
  EXPECT_EQ(lines[1],
            "readiness: unable to open database file (59 more failed probes since the last line)");
  EXPECT_EQ(lines[2],
            "readiness: unable to open database file (59 more failed probes since the last line)");
}

TEST(ProbeLog, AChangedCauseIsLoggedAtOnceAndTheReturnOnce) {
  ProbeLog log;
  const auto t0 = ProbeLog::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_EQ(log.Passed(t0), std::nullopt);  // nothing failed: nothing to say
  ASSERT_TRUE(log.Failed(kUnreachable, "connection refused", t0).has_value());
  EXPECT_EQ(log.Failed(kUnreachable, "connection refused", t0 + seconds(1)), std::nullopt);
  EXPECT_EQ(log.Failed(kUnreachable, "connection refused", t0 + seconds(2)), std::nullopt);

  EXPECT_EQ(log.Failed(kNoSlot, "too many clients already", t0 + seconds(3)),
            "readiness: too many clients already (before it, 2 probes failed: connection "
            "refused)");
  EXPECT_EQ(log.Passed(t0 + seconds(65)),
            "readiness: the database answers again, after 4 probes failed over 1 min 5 s");
  EXPECT_EQ(log.Passed(t0 + seconds(66)), std::nullopt);
  // A new outage is logged from its first probe.
  EXPECT_EQ(log.Failed(kUnreachable, "connection refused", t0 + seconds(70)),
            "readiness: connection refused");
}

// One outage, its step named differently by each reader connection (a
// cached statement fails to step, a fresh one to prepare): one cause, so
// one line a minute, not a line at each change of words.
TEST(ProbeLog, TheDriversWordsForOneCauseDoNotCountAsAChange) {
  ProbeLog log;
  const auto t0 = ProbeLog::Clock::time_point{} + std::chrono::hours(1);
  std::vector<std::string> lines;
  for (int s = 0; s < 20; ++s) {
    const std::string detail = s % 3 == 0 ? "step: no such table: audit_head"
                                          : "prepare SELECT 1 FROM audit_head: no such table";
    if (auto line = log.Failed(kUnreadable, detail, t0 + seconds(s))) lines.push_back(*line);
  }

  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "readiness: step: no such table: audit_head");
}

}  // namespace
}  // namespace sigap::store
