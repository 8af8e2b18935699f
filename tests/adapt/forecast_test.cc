// Issue 10: Erlang C staffing against figures worked out by hand from the
// formula, the weekly arrival profile, and the backlog projection on
// synthetic streams with known rates.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include "adapt/arrival_profile.h"
#include "adapt/backlog_forecast.h"
#include "adapt/erlang_c.h"

namespace sigap::adapt {
namespace {

using namespace std::chrono;

// 100 citizens an hour, 6 minutes each: A = 100 × 0.1 h = 10 erlangs.
// With N = 12 officers, by the textbook formula
//   C(N, A) = [A^N/N! · N/(N−A)] / [Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)]
//   Σ_{k=0}^{11} 10^k/k! = 15347.516,  10^12/12! = 2087.676,
//   × 12/(12−10) = 12526.054,
//   C = 12526.054 / (15347.516 + 12526.054) = 0.44939.
// Mean wait = C·h/(N−A) = 0.44939 × 360 s / 2 = 80.89 s.
// Share waiting ≤ 20 s = 1 − C·e^{−(N−A)·20/360} = 1 − 0.44939 × 0.89484 = 0.59787.
TEST(ErlangC, TwelveOfficersForTenErlangsMatchTheFormula) {
  const auto f = Staffing(12, 100, 360, 20);

  EXPECT_NEAR(f.load, 10.0, 1e-12);
  EXPECT_NEAR(f.probability_of_wait, 0.44939, 5e-5);
  EXPECT_NEAR(f.mean_wait_seconds, 80.89, 0.01);
  EXPECT_NEAR(f.service_level, 0.59787, 5e-5);
  EXPECT_NEAR(f.occupancy, 10.0 / 12, 1e-12);
  EXPECT_TRUE(f.stable);
}

// Erlang B by its definition, B(12, 10) = (10^12/12!) / Σ_{k=0}^{12} 10^k/k!
// = 2087.676 / 17435.192 = 0.119739.
TEST(ErlangC, ErlangBMatchesTheDefinition) { EXPECT_NEAR(ErlangB(12, 10), 0.119739, 1e-6); }

// Same load: N = 13 gives C = 0.28527 and 1 − C·e^{−3·20/360} = 0.75852;
// N = 14 gives C = 0.17413 and 1 − C·e^{−4·20/360} = 0.86057 (so 80/20
// needs 14 officers, the classic call-centre answer for 10 erlangs).
TEST(ErlangC, OfficersNeededForEightyPercentWithinTwentySeconds) {
  const auto needed = OfficersNeeded(100, 360, 20, 0.80);

  ASSERT_TRUE(needed.has_value());
  EXPECT_EQ(needed->agents, 14);
  EXPECT_NEAR(needed->probability_of_wait, 0.17413, 5e-5);
  EXPECT_NEAR(needed->service_level, 0.86057, 5e-5);
  EXPECT_LT(Staffing(13, 100, 360, 20).service_level, 0.80);
}

TEST(ErlangC, TooFewOfficersMeansTheQueueNeverEmpties) {
  const auto f = Staffing(10, 100, 360, 20);

  EXPECT_FALSE(f.stable);
  EXPECT_EQ(f.probability_of_wait, 1);
  EXPECT_TRUE(std::isinf(f.mean_wait_seconds));
  EXPECT_EQ(f.service_level, 0);
}

TEST(ErlangC, NoArrivalsNeedNoOfficers) {
  const auto needed = OfficersNeeded(0, 360, 20, 0.8);

  ASSERT_TRUE(needed.has_value());
  EXPECT_EQ(needed->agents, 0);
  EXPECT_EQ(needed->service_level, 1);
}

// A large desk (a city's MPP on its busiest hour): 9 000 arrivals an hour of
// 20 minutes each, A = 3000 erlangs. A factorial formula overflows long
// before this; the recurrence must give a probability in [0, 1] and a
// staffing just above the load (square-root staffing: N ≈ A + β√A, β ≈ 1
// to 2 for such targets).
TEST(ErlangC, LargeDesksStayNumericallySound) {
  const auto needed = OfficersNeeded(9000, 1200, 20, 0.8);

  ASSERT_TRUE(needed.has_value());
  EXPECT_GT(needed->agents, 3000 + 30);
  EXPECT_LT(needed->agents, 3000 + 2 * 55);
  EXPECT_GE(needed->service_level, 0.8);
  EXPECT_GT(needed->probability_of_wait, 0);
  EXPECT_LT(needed->probability_of_wait, 1);
  EXPECT_LT(Staffing(needed->agents - 1, 9000, 1200, 20).service_level, 0.8);
}

TEST(ErlangC, OfficersNeededGivesUpBeyondTheLimit) {
  EXPECT_FALSE(OfficersNeeded(1000, 3600, 20, 0.8, 500).has_value());
}

Timestamp At(int y, int m, int d, int h, int min = 0) {
  return Timestamp(sys_days(year(y) / m / d) + hours(h) + minutes(min) - hours(7));  // WIB
}

// Two whole weeks from Monday 2026-03-02 00:00 WIB: every slot occurs twice.
TEST(ArrivalProfile, AveragesEachWeekdayHourOverItsOccurrences) {
  std::vector<Timestamp> arrivals;
  for (int week = 0; week < 2; ++week) {
    for (int i = 0; i < 6; ++i) arrivals.push_back(At(2026, 3, 2 + 7 * week, 9, i * 5));  // Mon 09
  }
  arrivals.push_back(At(2026, 3, 4, 13, 30));  // one Wednesday 13:xx
  arrivals.push_back(At(2026, 3, 20, 9));      // after the window: ignored

  const auto p = CountArrivals(arrivals, At(2026, 3, 2, 0), At(2026, 3, 16, 0), hours(7));

  EXPECT_EQ(p.arrivals, 13);
  EXPECT_EQ(p.occurrences[0][9], 2);
  EXPECT_DOUBLE_EQ(p.per_hour[0][9], 6.0);
  EXPECT_DOUBLE_EQ(p.per_hour[2][13], 0.5);
  EXPECT_DOUBLE_EQ(p.per_hour[6][9], 0.0);
}

// 100 open cases, 10 arrive and 15 are resolved each working day: the
// backlog shrinks by 5 a day and the cases open today are gone in 20 days.
TEST(BacklogForecast, ClearsWhenResolutionsOutpaceArrivals) {
  BacklogInput in;
  for (int i = 0; i < 100; ++i) in.open_due.push_back(30);
  in.arrivals_per_day = 10;
  in.resolutions_per_day = 15;
  in.deadline_days = 10;

  const auto f = ProjectBacklog(in);

  EXPECT_EQ(f.open_now, 100);
  EXPECT_EQ(f.net_per_day, -5);
  ASSERT_TRUE(f.clears_in_days.has_value());
  EXPECT_EQ(*f.clears_in_days, 20);
  ASSERT_EQ(f.horizons.size(), 3u);
  EXPECT_NEAR(f.horizons[0].open, 75, 1e-9);  // 100 − 5 × 5
  EXPECT_NEAR(f.horizons[1].open, 50, 1e-9);
  EXPECT_NEAR(f.horizons[2].open, 0, 1e-9);
}

// 10 arrive and 8 are resolved each working day: +2 a day, never clears.
// Oldest deadline first means first come, first served here: by day t the
// 8t resolved cases are the arrivals of days 1..0.8t. Day a's arrivals are
// due on day a + 10, overdue at day t when a + 10 < t. At t = 20 days 1..16
// are done and only days ≤ 9 could be late: none. At t = 60 days 1..48 are
// done and days ≤ 49 are late: day 49's 10 cases.
TEST(BacklogForecast, GrowsWhenArrivalsOutpaceResolutions) {
  BacklogInput in;
  in.arrivals_per_day = 10;
  in.resolutions_per_day = 8;
  in.deadline_days = 10;
  in.cases_per_officer_day = 4;
  in.horizons = {20, 60};

  const auto f = ProjectBacklog(in);

  EXPECT_FALSE(f.clears_in_days.has_value());
  EXPECT_NEAR(f.horizons[0].open, 40, 1e-9);
  EXPECT_NEAR(f.horizons[0].overdue, 0, 1e-9);
  EXPECT_NEAR(f.horizons[1].open, 120, 1e-9);
  EXPECT_NEAR(f.horizons[1].overdue, 10, 1e-6);
  ASSERT_TRUE(f.officer_days_to_recover.has_value());
  EXPECT_NEAR(*f.officer_days_to_recover, 2.5, 1e-6);  // 10 cases / 4 a day
  EXPECT_NEAR(*f.extra_officers_to_keep_pace, 0.5, 1e-12);
}

// Cases already late stay overdue until resolved: 30 overdue, 10 on time
// (due in 15 days), no arrivals, 5 resolved a day, earliest first.
TEST(BacklogForecast, OverdueCasesAreResolvedFirst) {
  BacklogInput in;
  for (int i = 0; i < 30; ++i) in.open_due.push_back(-2);
  for (int i = 0; i < 10; ++i) in.open_due.push_back(15);
  in.resolutions_per_day = 5;
  in.horizons = {5, 10};

  const auto f = ProjectBacklog(in);

  EXPECT_EQ(f.overdue_now, 30);
  EXPECT_NEAR(f.horizons[0].overdue, 5, 1e-9);  // 30 − 25
  EXPECT_NEAR(f.horizons[1].overdue, 0, 1e-9);
  EXPECT_NEAR(f.horizons[1].open, 0, 1e-9);
  EXPECT_EQ(f.clears_in_days, 8);
  EXPECT_FALSE(f.officer_days_to_recover.has_value());
}

TEST(BacklogForecast, AnEmptyQueueIsClearToday) {
  const auto f = ProjectBacklog(BacklogInput{});

  EXPECT_EQ(f.clears_in_days, 0);
  EXPECT_EQ(f.horizons[2].open, 0);
}

}  // namespace
}  // namespace sigap::adapt
