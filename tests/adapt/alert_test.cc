#include "adapt/alert.h"

#include <gtest/gtest.h>

namespace sigap::adapt {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

AlertDraft Cluster(Day d, std::vector<std::string> regions) {
  AlertDraft draft;
  draft.detector = DetectorKind::kLocalCluster;
  draft.group = "local_cluster:PU-DRAINASE";
  draft.day = d;
  draft.since_day = d;
  draft.region_codes = std::move(regions);
  return draft;
}

TEST(AlertBook, APersistingChangeUpdatesOneAlert) {
  AlertBook book(7);

  const auto first = book.Upsert(Cluster(100, {"A", "B"}));
  const auto second = book.Upsert(Cluster(101, {"B", "C"}));
  const auto third = book.Upsert(Cluster(104, {"C"}));

  EXPECT_TRUE(first.second);
  EXPECT_FALSE(second.second);
  EXPECT_FALSE(third.second);
  ASSERT_EQ(book.alerts().size(), 1u);
  EXPECT_EQ(book.alerts()[0].updates, 2);
  EXPECT_EQ(book.alerts()[0].first_day, 100);
  EXPECT_EQ(book.alerts()[0].last_day, 104);
  EXPECT_EQ(book.alerts()[0].latest.since_day, 100);
}

TEST(AlertBook, AClusterMovingToABorderingKelurahanUpdatesItsAlert) {
  AlertBook book(7);
  book.Upsert(Cluster(100, {"A"}));
  auto moved = Cluster(100, {"B", "C"});
  moved.border_codes = {"A", "D"};
  auto apart = Cluster(100, {"X"});
  apart.border_codes = {"Y"};

  const auto next_door = book.Upsert(moved);
  const auto elsewhere = book.Upsert(apart);

  EXPECT_FALSE(next_door.second);
  EXPECT_EQ(next_door.first, 1u);
  EXPECT_TRUE(elsewhere.second);
  ASSERT_EQ(book.alerts().size(), 2u);
  EXPECT_EQ(book.alerts()[0].latest.region_codes, (std::vector<std::string>{"B", "C"}));
}

TEST(AlertBook, ElsewhereOrAfterAQuietWeekIsANewAlert) {
  AlertBook book(7);

  book.Upsert(Cluster(100, {"A"}));
  const auto elsewhere = book.Upsert(Cluster(101, {"Z"}));
  const auto later = book.Upsert(Cluster(120, {"A"}));

  EXPECT_TRUE(elsewhere.second);
  EXPECT_TRUE(later.second);
  EXPECT_EQ(book.alerts().size(), 3u);
}

// A backlog's CUSUM whose run never ended (the agency still resolves
// fewer than it did) can fall below its threshold for weeks and pass it
// again: its drafts date the change from the same day, and it stays one
// alert. A run that ended and began again after the alert is a new one.
TEST(AlertBook, AChangeDatedFromBeforeTheAlertsLastDayUpdatesItAfterQuietWeeks) {
  AlertBook book(7);
  const auto backlog = [](Day d, Day since) {
    AlertDraft draft;
    draft.detector = DetectorKind::kGrowingBacklog;
    draft.group = "growing_backlog:DINKES";
    draft.day = d;
    draft.since_day = since;
    return draft;
  };

  const auto first = book.Upsert(backlog(100, 90));
  book.Upsert(backlog(103, 90));
  const auto again = book.Upsert(backlog(140, 90));
  const auto anew = book.Upsert(backlog(200, 160));

  EXPECT_FALSE(again.second);
  EXPECT_EQ(again.first, first.first);
  EXPECT_TRUE(anew.second);
  ASSERT_EQ(book.alerts().size(), 2u);
  EXPECT_EQ(book.alerts()[0].first_day, 100);
  EXPECT_EQ(book.alerts()[0].last_day, 140);
  EXPECT_EQ(book.alerts()[0].updates, 2);
  EXPECT_EQ(book.alerts()[1].latest.since_day, 160);
}

TEST(AlertSentence, FormatsRatiosDatesAndListsTheIndonesianWay) {
  EXPECT_EQ(FormatRatio(3.44), "3,4");
  EXPECT_EQ(FormatShortDate(ToDayNumber(year(2026) / month(1) / day(12))), "12 Jan 2026");
  EXPECT_EQ(FormatShortDate(ToDayNumber(year(2026) / month(8) / day(3))), "3 Agu 2026");
  EXPECT_EQ(JoinIndonesian({"Tandang"}), "Tandang");
  EXPECT_EQ(JoinIndonesian({"Tandang", "Jomblang", "Candi"}), "Tandang, Jomblang dan Candi");
}

}  // namespace
}  // namespace sigap::adapt
