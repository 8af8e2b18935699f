#include "domain/working_calendar.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sigap::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::year_month_day;

constexpr DayOffKind kN = DayOffKind::kNational;
constexpr DayOffKind kC = DayOffKind::kCutiBersama;

year_month_day Date(const std::string& text) {
  return year_month_day{std::chrono::year{std::stoi(text.substr(0, 4))},
                        std::chrono::month{unsigned(std::stoi(text.substr(5, 2)))},
                        std::chrono::day{unsigned(std::stoi(text.substr(8, 2)))}};
}

Timestamp At(const char* rfc3339) {
  const auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

// Days off written from the decrees, not from data/calendar: SKB
// 855/3/4 Tahun 2023 (2024), SKB 1017/2/2 Tahun 2024 as amended on 7 August
// 2025 (2025) and SKB 1497/2/5 Tahun 2025 (2026).
std::vector<DayOff> DecreeDays() {
  const std::vector<std::pair<const char*, DayOffKind>> days = {
      // 2024
      {"2024-01-01", kN},
      {"2024-02-08", kN},
      {"2024-02-09", kC},
      {"2024-02-10", kN},
      {"2024-02-14", kN},
      {"2024-03-11", kN},
      {"2024-03-12", kC},
      {"2024-03-29", kN},
      {"2024-03-31", kN},
      {"2024-04-08", kC},
      {"2024-04-09", kC},
      {"2024-04-10", kN},
      {"2024-04-11", kN},
      {"2024-04-12", kC},
      {"2024-04-15", kC},
      {"2024-05-01", kN},
      {"2024-05-09", kN},
      {"2024-05-10", kC},
      {"2024-05-23", kN},
      {"2024-05-24", kC},
      {"2024-06-01", kN},
      {"2024-06-17", kN},
      {"2024-06-18", kC},
      {"2024-07-07", kN},
      {"2024-08-17", kN},
      {"2024-09-16", kN},
      {"2024-11-27", kN},
      {"2024-12-25", kN},
      {"2024-12-26", kC},
      // 2025
      {"2025-01-01", kN},
      {"2025-01-27", kN},
      {"2025-01-28", kC},
      {"2025-01-29", kN},
      {"2025-03-28", kC},
      {"2025-03-29", kN},
      {"2025-03-31", kN},
      {"2025-04-01", kN},
      {"2025-04-02", kC},
      {"2025-04-03", kC},
      {"2025-04-04", kC},
      {"2025-04-07", kC},
      {"2025-04-18", kN},
      {"2025-04-20", kN},
      {"2025-05-01", kN},
      {"2025-05-12", kN},
      {"2025-05-13", kC},
      {"2025-05-29", kN},
      {"2025-05-30", kC},
      {"2025-06-01", kN},
      {"2025-06-06", kN},
      {"2025-06-09", kC},
      {"2025-06-27", kN},
      {"2025-08-17", kN},
      {"2025-08-18", kC},
      {"2025-09-05", kN},
      {"2025-12-25", kN},
      {"2025-12-26", kC},
      // 2026
      {"2026-01-01", kN},
      {"2026-01-16", kN},
      {"2026-02-16", kC},
      {"2026-02-17", kN},
      {"2026-03-18", kC},
      {"2026-03-19", kN},
      {"2026-03-20", kC},
      {"2026-03-21", kN},
      {"2026-03-22", kN},
      {"2026-03-23", kC},
      {"2026-03-24", kC},
      {"2026-04-03", kN},
      {"2026-04-05", kN},
      {"2026-05-01", kN},
      {"2026-05-14", kN},
      {"2026-05-15", kC},
      {"2026-05-27", kN},
      {"2026-05-28", kC},
      {"2026-05-31", kN},
      {"2026-06-01", kN},
      {"2026-06-16", kN},
      {"2026-08-17", kN},
      {"2026-08-25", kN},
      {"2026-12-24", kC},
      {"2026-12-25", kN},
  };
  std::vector<DayOff> out;
  for (const auto& [date, kind] : days)
    out.push_back({Date(date), std::string("libur ") + date, kind});
  return out;
}

WorkingCalendar Calendar(CalendarSettings settings = {}, std::vector<DayOff> extra = {}) {
  std::vector<DayOff> days = DecreeDays();
  days.insert(days.end(), extra.begin(), extra.end());
  auto calendar = WorkingCalendar::Create(
      std::move(days), {std::chrono::year{2024}, std::chrono::year{2025}, std::chrono::year{2026}},
      settings);
  EXPECT_TRUE(calendar.has_value()) << calendar.error().message;
  return std::move(calendar).value();
}

CalendarSettings Wita() {
  CalendarSettings settings;
  settings.utc_offset = 8h;
  return settings;
}

TEST(WorkingCalendar, IssueExampleNyepiAndIdulFitri2026IsDueFriday27March) {
  const WorkingCalendar calendar = Calendar();

  const auto due = calendar.DueAt(At("2026-03-17T15:00+07:00"), 3);

  ASSERT_TRUE(due.has_value()) << due.error().message;
  EXPECT_EQ(FormatRfc3339(*due), "2026-03-27T16:59:59.999Z");
  EXPECT_EQ(*due, At("2026-03-27T23:59:59.999999+07:00"));
}

TEST(WorkingCalendar, ReceivedExactlyAtCutoffStartsNextWorkingDay) {
  const WorkingCalendar calendar = Calendar();

  const auto due = calendar.DueAt(At("2026-03-17T16:00:00+07:00"), 3);

  ASSERT_TRUE(due.has_value());
  // Day 0 is Wednesday 25 March; 26, 27 and Monday 30 March count.
  EXPECT_EQ(calendar.LocalDate(*due), Date("2026-03-30"));
}

TEST(WorkingCalendar, ReceivedOneMinuteBeforeCutoffCountsThatDay) {
  const WorkingCalendar calendar = Calendar();

  const auto due = calendar.DueAt(At("2026-03-17T15:59:59.999+07:00"), 3);

  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(calendar.LocalDate(*due), Date("2026-03-27"));
}

TEST(WorkingCalendar, ReceivedOnSaturdayCountsFromTheNextMonday) {
  const WorkingCalendar calendar = Calendar();

  const auto due = calendar.DueAt(At("2026-03-07T09:00+07:00"), 1);

  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(calendar.LocalDate(*due), Date("2026-03-10"));
}

TEST(WorkingCalendar, ReceivedOnHolidayMorningCountsFromTheNextWorkingDay) {
  const WorkingCalendar calendar = Calendar();

  // Nyepi, Thursday 19 March 2026, 08:00: day 0 is Wednesday 25 March.
  const auto due = calendar.DueAt(At("2026-03-19T08:00+07:00"), 0);

  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(calendar.LocalDate(*due), Date("2026-03-25"));
}

TEST(WorkingCalendar, WitaPemdaAppliesCutoffInItsOwnTime) {
  const WorkingCalendar wib = Calendar();
  const WorkingCalendar wita = Calendar(Wita());
  const Timestamp received = At("2026-03-17T15:30+07:00");  // 16:30 in Makassar

  const auto due_wib = wib.DueAt(received, 3);
  const auto due_wita = wita.DueAt(received, 3);

  ASSERT_TRUE(due_wib.has_value() && due_wita.has_value());
  EXPECT_EQ(*due_wib, At("2026-03-27T23:59:59.999999+07:00"));
  EXPECT_EQ(*due_wita, At("2026-03-30T23:59:59.999999+08:00"));
}

TEST(WorkingCalendar, IdulFitri2025SpansNyepiAndSevenDaysOff) {
  const WorkingCalendar calendar = Calendar();

  // Thursday 27 March: 28 cuti Nyepi, 29 Nyepi, 31 Mar-1 Apr Idul Fitri,
  // 2-4 and 7 April cuti bersama; Tuesday 8 April is the first working day.
  const auto due = calendar.DueAt(At("2025-03-27T09:00+07:00"), 1);

  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(calendar.LocalDate(*due), Date("2025-04-08"));
}

TEST(WorkingCalendar, IdulFitri2024CutiBersamaAreSkipped) {
  const WorkingCalendar calendar = Calendar();

  // Friday 5 April: 8, 9, 12, 15 cuti bersama, 10-11 Idul Fitri.
  const auto due = calendar.AddWorkingDays(Date("2024-04-05"), 2);

  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(*due, Date("2024-04-17"));
}

TEST(WorkingCalendar, ChristmasCutiBersamaAndNewYearAreSkipped) {
  const WorkingCalendar calendar = Calendar();

  const auto three = calendar.AddWorkingDays(Date("2024-12-24"), 3);
  const auto four = calendar.AddWorkingDays(Date("2024-12-24"), 4);

  ASSERT_TRUE(three.has_value() && four.has_value());
  EXPECT_EQ(*three, Date("2024-12-31"));  // 27, 30, 31 December
  EXPECT_EQ(*four, Date("2025-01-02"));   // 1 January is a holiday
}

TEST(WorkingCalendar, AddingZeroWorkingDaysReturnsTheStartEvenOnADayOff) {
  const WorkingCalendar calendar = Calendar();

  EXPECT_EQ(calendar.AddWorkingDays(Date("2026-03-17"), 0).value(), Date("2026-03-17"));
  EXPECT_EQ(calendar.AddWorkingDays(Date("2026-03-19"), 0).value(), Date("2026-03-19"));
}

TEST(WorkingCalendar, NegativeWorkingDaysAreAnInvalidArgument) {
  const WorkingCalendar calendar = Calendar();

  const auto added = calendar.AddWorkingDays(Date("2026-03-17"), -1);
  const auto due = calendar.DueAt(At("2026-03-17T10:00+07:00"), -1);

  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
  ASSERT_FALSE(due.has_value());
  EXPECT_EQ(due.error().code, ErrorCode::kInvalidArgument);
}

TEST(WorkingCalendar, CountingIntoAYearWithoutDecreeFails) {
  const WorkingCalendar calendar = Calendar();

  const auto due = calendar.DueAt(At("2026-12-28T10:00+07:00"), 5);

  ASSERT_FALSE(due.has_value());
  EXPECT_EQ(due.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(due.error().message.find("2027"), std::string::npos);
}

TEST(WorkingCalendar, WorkingDaysBetweenCountsAfterFromUpToTo) {
  const WorkingCalendar calendar = Calendar();
  const Timestamp received = At("2026-03-17T15:00+07:00");
  const Timestamp due = At("2026-03-27T23:59:59.999999+07:00");

  EXPECT_EQ(calendar.WorkingDaysBetween(received, due).value(), 3);
  EXPECT_EQ(calendar.WorkingDaysBetween(due, received).value(), -3);
  EXPECT_EQ(calendar.WorkingDaysBetween(received, received).value(), 0);
  // Both ends on days off: 21 and 24 March, nothing in between counts.
  EXPECT_EQ(calendar.WorkingDaysBetween(At("2026-03-21T12:00+07:00"), At("2026-03-24T12:00+07:00"))
                .value(),
            0);
}

TEST(WorkingCalendar, WorkingDaysBetweenUsesLocalDates) {
  const WorkingCalendar calendar = Calendar();

  // 23:30 WIB on Wednesday 25 March is still 25 March locally (16:30Z).
  const auto between =
      calendar.WorkingDaysBetween(At("2026-03-25T16:30:00Z"), At("2026-03-25T17:30:00Z"));

  EXPECT_EQ(between.value(), 1);  // 00:30 WIB on Thursday 26 March
}

TEST(WorkingCalendar, RegionalDayOffIsNotAWorkingDay) {
  const WorkingCalendar without = Calendar();
  const WorkingCalendar with =
      Calendar({}, {{Date("2026-06-05"), "Hari Jadi Kota", DayOffKind::kRegional}});

  const auto due_without = without.DueAt(At("2026-06-04T10:00+07:00"), 1);
  const auto due_with = with.DueAt(At("2026-06-04T10:00+07:00"), 1);

  ASSERT_TRUE(due_without.has_value() && due_with.has_value());
  EXPECT_EQ(without.LocalDate(*due_without), Date("2026-06-05"));
  EXPECT_EQ(with.LocalDate(*due_with), Date("2026-06-08"));
  ASSERT_NE(with.FindDayOff(Date("2026-06-05")), nullptr);
  EXPECT_EQ(with.FindDayOff(Date("2026-06-05"))->kind, DayOffKind::kRegional);
}

TEST(WorkingCalendar, KnowsWeekendsDaysOffAndTheirKinds) {
  const WorkingCalendar calendar = Calendar();

  EXPECT_TRUE(calendar.IsWorkingDay(Date("2026-03-17")));
  EXPECT_FALSE(calendar.IsWorkingDay(Date("2026-03-18")));  // cuti bersama Nyepi
  EXPECT_FALSE(calendar.IsWorkingDay(Date("2026-03-28")));  // Saturday
  ASSERT_NE(calendar.FindDayOff(Date("2026-03-18")), nullptr);
  EXPECT_EQ(calendar.FindDayOff(Date("2026-03-18"))->kind, DayOffKind::kCutiBersama);
  EXPECT_EQ(calendar.FindDayOff(Date("2026-03-17")), nullptr);
  EXPECT_EQ(calendar.DaysOffIn(std::chrono::year{2026}).size(), 25u);
  EXPECT_EQ(calendar.DaysOffIn(std::chrono::year{2026}).front().date, Date("2026-01-01"));
}

TEST(WorkingCalendar, RejectsTwoDaysOffOnOneDateAndDaysOutsideTheYears) {
  auto twice = WorkingCalendar::Create(
      {{Date("2026-03-19"), "Nyepi", kN}, {Date("2026-03-19"), "Hari Jadi", DayOffKind::kRegional}},
      {std::chrono::year{2026}});
  auto outside =
      WorkingCalendar::Create({{Date("2027-01-01"), "Tahun Baru", kN}}, {std::chrono::year{2026}});

  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().message.find("2026-03-19"), std::string::npos);
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().code, ErrorCode::kInvalidArgument);
}

TEST(IndonesianUtcOffset, MapsTheFourIndonesianZonesAndRejectsOthers) {
  EXPECT_EQ(IndonesianUtcOffset("Asia/Jakarta").value(), 7h);
  EXPECT_EQ(IndonesianUtcOffset("Asia/Pontianak").value(), 7h);
  EXPECT_EQ(IndonesianUtcOffset("Asia/Makassar").value(), 8h);
  EXPECT_EQ(IndonesianUtcOffset("Asia/Jayapura").value(), 9h);
  for (const char* other : {"Asia/Singapore", "UTC", "", "asia/jakarta", "WIB"}) {
    EXPECT_FALSE(IndonesianUtcOffset(other).has_value()) << other;
  }
}

TEST(ParseTimeOfDay, AcceptsHhMmUpTo2400) {
  EXPECT_EQ(ParseTimeOfDay("16:00").value(), 16h);
  EXPECT_EQ(ParseTimeOfDay("00:00").value(), 0min);
  EXPECT_EQ(ParseTimeOfDay("24:00").value(), 24h);
  for (const char* bad : {"16", "16:0", "24:01", "12:60", "1600", "-1:00", " 16:00"}) {
    EXPECT_FALSE(ParseTimeOfDay(bad).has_value()) << bad;
  }
}

TEST(FormatIndonesianDate, NamesDayAndMonthInBahasaIndonesia) {
  EXPECT_EQ(FormatIndonesianDate(Date("2026-03-27")), "Jumat, 27 Maret 2026");
  EXPECT_EQ(FormatIndonesianDate(Date("2026-08-17")), "Senin, 17 Agustus 2026");
  EXPECT_EQ(FormatIndonesianDate(Date("2026-03-22")), "Minggu, 22 Maret 2026");
}

TEST(Rfc3339ForDeadlines, AcceptsInstantsWithoutSeconds) {
  EXPECT_EQ(At("2026-03-17T15:00+07:00"), At("2026-03-17T08:00:00Z"));
}

}  // namespace
}  // namespace sigap::domain
