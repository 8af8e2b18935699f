#include "domain/time.h"

#include <gtest/gtest.h>

namespace sigap {
namespace {

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  const auto t = ParseRfc3339("2026-03-17T15:00:00.250+07:00");

  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatRfc3339(*t), "2026-03-17T08:00:00.250Z");
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
