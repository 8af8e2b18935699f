#include "domain/time.h"

#include <gtest/gtest.h>

namespace sigap {
namespace {

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  const auto t = ParseRfc3339("2026-03-17T15:00:00.250+07:00");

  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatRfc3339(*t), "2026-03-17T08:00:00.250Z");
}

TEST(Rfc3339, PadsEveryFieldAndDropsMicroseconds) {
  using namespace std::chrono;
  const Timestamp t =
      sys_days{year{987} / 1 / 2} + hours{3} + minutes{4} + seconds{5} + microseconds{6'999};

  EXPECT_EQ(FormatRfc3339(t), "0987-01-02T03:04:05.006Z");
}

TEST(Rfc3339, FormatsTheLastMillisecondOfAYear) {
  using namespace std::chrono;
  const Timestamp t =
      sys_days{year{2026} / 12 / 31} + hours{23} + minutes{59} + seconds{59} + milliseconds{999};

  EXPECT_EQ(FormatRfc3339(t), "2026-12-31T23:59:59.999Z");
}

TEST(Rfc3339, FormatsYearsPastFourDigits) {
  using namespace std::chrono;
  const Timestamp t = sys_days{year{10000} / 1 / 1};

  EXPECT_EQ(FormatRfc3339(t), "10000-01-01T00:00:00.000Z");
}

TEST(Rfc3339, ParsesPlainDatesAsUtcMidnight) {
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-02-28")), "2026-02-28T00:00:00.000Z");
}

TEST(Rfc3339, RejectsMalformedInstants) {
  for (const char* bad :
       {"", "2026-02-30", "2026-13-01", "2026-03-17T25:00:00Z", "2026-03-17T15:00:00",
        "2026-03-17T15:00+7", "yesterday", "2026-03-17T15:00:00.Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sigap
