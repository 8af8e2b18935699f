#include "http/rate_limiter.h"

#include <gtest/gtest.h>

namespace sigap::http {
namespace {

using std::chrono::seconds;

RateLimiter::Time At(int64_t s) { return RateLimiter::Time(std::chrono::seconds(s)); }

TEST(RateLimiter, GrantsTheBurstThenSaysHowLongToWait) {
  RateLimiter limiter({.burst = 3, .per_minute = 6});

  const auto a = limiter.Take("10.0.0.1", At(1000));
  const auto b = limiter.Take("10.0.0.1", At(1000));
  const auto c = limiter.Take("10.0.0.1", At(1000));
  const auto refused = limiter.Take("10.0.0.1", At(1000));

  EXPECT_EQ(a, seconds(0));
  EXPECT_EQ(b, seconds(0));
  EXPECT_EQ(c, seconds(0));
  EXPECT_EQ(refused, seconds(10));  // 6 a minute: one every 10 s
}

TEST(RateLimiter, WaitLooksWithoutTaking) {
  RateLimiter limiter({.burst = 2, .per_minute = 6});

  const auto fresh = limiter.Wait("k", At(0));
  ASSERT_EQ(limiter.Take("k", At(0)), seconds(0));
  const auto one_left = limiter.Wait("k", At(0));
  ASSERT_EQ(limiter.Take("k", At(0)), seconds(0));
  const auto empty = limiter.Wait("k", At(0));
  const auto still = limiter.Wait("k", At(0));
  const auto refilled = limiter.Wait("k", At(10));

  EXPECT_EQ(fresh, seconds(0));
  EXPECT_EQ(one_left, seconds(0));
  EXPECT_EQ(empty, seconds(10));
  EXPECT_EQ(still, seconds(10));  // looking took nothing
  EXPECT_EQ(refilled, seconds(0));
}

TEST(RateLimiter, EarnsTokensBackOverTime) {
  RateLimiter limiter({.burst = 1, .per_minute = 6});
  ASSERT_EQ(limiter.Take("k", At(0)), seconds(0));

  const auto early = limiter.Take("k", At(4));
  const auto later = limiter.Take("k", At(10));

  EXPECT_EQ(early, seconds(6));
  EXPECT_EQ(later, seconds(0));
}

TEST(RateLimiter, KeysHaveTheirOwnBuckets) {
  RateLimiter limiter({.burst = 1, .per_minute = 1});
  ASSERT_EQ(limiter.Take("a", At(0)), seconds(0));

  EXPECT_EQ(limiter.Take("b", At(0)), seconds(0));
  EXPECT_EQ(limiter.Take("a", At(0)), seconds(60));
}

TEST(RateLimiter, AClockSteppingBackEarnsNothing) {
  RateLimiter limiter({.burst = 1, .per_minute = 60});
  ASSERT_EQ(limiter.Take("k", At(100)), seconds(0));

  EXPECT_EQ(limiter.Take("k", At(50)), seconds(1));
}

TEST(RateLimiter, ForgetsRefilledBucketsWhenFull) {
  RateLimiter limiter({.burst = 1, .per_minute = 1, .max_keys = 2});
  ASSERT_EQ(limiter.Take("a", At(0)), seconds(0));
  ASSERT_EQ(limiter.Take("b", At(50)), seconds(0));

  ASSERT_EQ(limiter.Take("c", At(61)), seconds(0));  // "a" has refilled, "b" has not

  EXPECT_EQ(limiter.Size(), 2u);
  EXPECT_EQ(limiter.Take("b", At(61)), seconds(49));
}

}  // namespace
}  // namespace sigap::http
