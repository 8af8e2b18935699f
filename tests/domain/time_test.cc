#include "domain/time.h"

#include <gtest/gtest.h>

#include <utility>

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

// The instant "2026-12-01T02:15:30Z" plus `extra`.
Timestamp December1(std::chrono::microseconds extra = {}) {
  using namespace std::chrono;
  return sys_days{year{2026} / 12 / 1} + hours{2} + minutes{15} + seconds{30} + extra;
}

TEST(LocalRfc3339, WritesTheLocalTimeWithItsOffset) {
  using namespace std::chrono;

  EXPECT_EQ(FormatLocalRfc3339(December1(), minutes{0}), "2026-12-01T02:15:30+00:00");
  EXPECT_EQ(FormatLocalRfc3339(December1(), hours{7}), "2026-12-01T09:15:30+07:00");
  EXPECT_EQ(FormatLocalRfc3339(December1(), hours{8}), "2026-12-01T10:15:30+08:00");
  EXPECT_EQ(FormatLocalRfc3339(December1(), hours{9}), "2026-12-01T11:15:30+09:00");
  EXPECT_EQ(FormatLocalRfc3339(December1(), hours{5} + minutes{45}), "2026-12-01T08:00:30+05:45");
}

TEST(LocalRfc3339, WritesANegativeOffsetAndThePreviousLocalDay) {
  using namespace std::chrono;

  EXPECT_EQ(FormatLocalRfc3339(December1(), -hours{5}), "2026-11-30T21:15:30-05:00");
  EXPECT_EQ(FormatLocalRfc3339(December1(), -(hours{3} + minutes{30})),
            "2026-11-30T22:45:30-03:30");
}

TEST(LocalRfc3339, AnInstantJustBeforeMidnightUtcIsTheNextLocalDay) {
  using namespace std::chrono;
  const Timestamp t = sys_days{year{2026} / 12 / 31} + hours{23} + minutes{59} + seconds{59};

  EXPECT_EQ(FormatLocalRfc3339(t, hours{7}), "2027-01-01T06:59:59+07:00");
  EXPECT_EQ(FormatLocalRfc3339(t, hours{9}), "2027-01-01T08:59:59+09:00");
}

TEST(LocalRfc3339, DropsTheFractionOfASecondWithoutRounding) {
  using namespace std::chrono;

  EXPECT_EQ(FormatLocalRfc3339(December1(microseconds{999'999}), hours{7}),
            "2026-12-01T09:15:30+07:00");
  EXPECT_EQ(FormatLocalRfc3339(December1(microseconds{1}), hours{7}), "2026-12-01T09:15:30+07:00");
  // Before 1970 too: half a second before the epoch is still 23:59:59 UTC.
  EXPECT_EQ(FormatLocalRfc3339(Timestamp{-milliseconds{500}}, hours{7}),
            "1970-01-01T06:59:59+07:00");
  EXPECT_EQ(FormatLocalRfc3339(Timestamp{-milliseconds{500}}, -hours{7}),
            "1969-12-31T16:59:59-07:00");
}

TEST(DayText, WritesYearMonthAndDayZeroPadded) {
  using namespace std::chrono;

  EXPECT_EQ(DayText(year{2026} / 3 / 9), "2026-03-09");
  EXPECT_EQ(DayText(year{2024} / 2 / 29), "2024-02-29");
  EXPECT_EQ(DayText(year{987} / 1 / 2), "0987-01-02");
  EXPECT_EQ(DayText(year{0} / 12 / 31), "0000-12-31");
}

TEST(DayText, WritesYearsOutsideFourDigitsAsTheyAre) {
  using namespace std::chrono;

  EXPECT_EQ(DayText(year{10000} / 1 / 1), "10000-01-01");
  EXPECT_EQ(DayText(year{-1} / 6 / 5), "-001-06-05");
}

TEST(DayText, WritesAnInvalidDateAsItsFields) {
  using namespace std::chrono;

  EXPECT_EQ(DayText(year{2026} / 2 / 30), "2026-02-30");
  EXPECT_EQ(DayText(year_month_day{year{2026}, month{13}, day{0}}), "2026-13-00");
}

TEST(MonthText, WritesYearAndMonth) {
  using namespace std::chrono;

  EXPECT_EQ(MonthText(year{2026} / 3 / 31), "2026-03");
  EXPECT_EQ(MonthText(year{987} / 12 / 1), "0987-12");
}

TEST(QuarterText, PutsEachMonthInItsQuarter) {
  using namespace std::chrono;

  EXPECT_EQ(QuarterText(year{2026} / 1 / 1), "2026-Q1");
  EXPECT_EQ(QuarterText(year{2026} / 3 / 31), "2026-Q1");
  EXPECT_EQ(QuarterText(year{2026} / 4 / 1), "2026-Q2");
  EXPECT_EQ(QuarterText(year{2024} / 9 / 30), "2024-Q3");
  EXPECT_EQ(QuarterText(year{987} / 12 / 31), "0987-Q4");
}

TEST(DayNumber, CountsDaysFromTheFirstOfJanuary1970) {
  using namespace std::chrono;

  EXPECT_EQ(ToDayNumber(year{1970} / 1 / 1), 0);
  EXPECT_EQ(ToDayNumber(year{1970} / 1 / 2), 1);
  EXPECT_EQ(ToDayNumber(year{1969} / 12 / 31), -1);
  EXPECT_EQ(ToDayNumber(year{2026} / 3 / 5), 20517);
  EXPECT_EQ(FromDayNumber(20517), year{2026} / 3 / 5);
  EXPECT_EQ(FromDayNumber(-1), year{1969} / 12 / 31);
}

TEST(DayNumber, ConvertsEveryDayBackToItsDate) {
  using namespace std::chrono;

  for (const year_month_day date : {year{2024} / 2 / 29, year{2026} / 12 / 31, year{1900} / 1 / 1,
                                    year{0} / 1 / 1, year{9999} / 12 / 31}) {
    EXPECT_EQ(FromDayNumber(ToDayNumber(date)), date) << DayText(date);
  }
}

TEST(ParseDay, ReadsWhatDayTextWrites) {
  using namespace std::chrono;

  for (const year_month_day date : {year{2026} / 6 / 5, year{2024} / 2 / 29, year{2000} / 2 / 29,
                                    year{987} / 1 / 2, year{0} / 1 / 1, year{9999} / 12 / 31}) {
    EXPECT_EQ(ParseDay(DayText(date)), date) << DayText(date);
  }
}

TEST(ParseDay, RejectsDaysTheCalendarDoesNotHave) {
  for (const char* bad : {"2026-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01",
                          "2026-00-10", "2026-01-00"}) {
    EXPECT_FALSE(ParseDay(bad).has_value()) << bad;
  }
}

TEST(ParseDay, RejectsEveryOtherForm) {
  for (const char* bad :
       {"", "2026-1-5", "2026-6-05", "05-06-2026", "2026/06/05", "20260605", "2026-06-05T00:00",
        "2026-06-05 ", " 2026-06-05", "2026-06-0x", "+202-06-05", "-202-06-05", "2026- 6-05",
        "2026-+6-05", "10000-01-01", "yesterday"}) {
    EXPECT_FALSE(ParseDay(bad).has_value()) << bad;
  }
}

// Both forms, day and month with or without their zero, and a time after
// ' ' or 'T' ignored.
TEST(SurveyDate, ReadsBothFormsWithOrWithoutATime) {
  using namespace std::chrono;
  const std::pair<const char*, year_month_day> cases[] = {
      {"2026-03-05", year{2026} / 3 / 5},       {"05/03/2026", year{2026} / 3 / 5},
      {"5/3/2026", year{2026} / 3 / 5},         {"29/02/2024", year{2024} / 2 / 29},
      {"1900-01-01", year{1900} / 1 / 1},       {"31/12/1900", year{1900} / 12 / 31},
      {"2026-03-05 10:30", year{2026} / 3 / 5}, {"2026-03-05T10:30:00+07:00", year{2026} / 3 / 5},
      {"05/03/2026 10:30", year{2026} / 3 / 5}, {"5/3/2026T23:59", year{2026} / 3 / 5},
  };

  for (const auto& [text, date] : cases) EXPECT_EQ(ParseSurveyDate(text), date) << text;
}

TEST(SurveyDate, RefusesDaysTheCalendarDoesNotHave) {
  for (const char* bad : {"2026-02-30", "2026-02-30 10:30", "30/02/2026", "29/02/2026",
                          "31/04/2026", "32/01/2026", "0/1/2026", "1/0/2026", "1/13/2026",
                          "2026-13-01", "2026-00-10", "2026-01-00", "256/1/2026"}) {
    EXPECT_FALSE(ParseSurveyDate(bad).has_value()) << bad;
  }
}

// A year before 1900 or of other than four digits is a typo in a survey
// sheet: refused, so the row is named rather than counted in year 26.
TEST(SurveyDate, RefusesYearsBefore1900OrNotOfFourDigits) {
  for (const char* bad : {"1899-12-31", "31/12/1899", "0026-03-05", "05/03/0026", "5/3/26",
                          "05/03/202", "12345-03-05", "05/03/12345", "+2026-03-05"}) {
    EXPECT_FALSE(ParseSurveyDate(bad).has_value()) << bad;
  }
}

TEST(SurveyDate, RefusesMissingPartsAndOtherForms) {
  for (const char* bad :
       {"", " ", "T", "2026-03", "2026", "05/03", "05//2026", "/03/2026", "05/03/", "2026/03/05",
        "2026-3-5", "05-03-2026", "05.03.2026", "00005/3/2026", "5/00003/2026", " 2026-03-05",
        "2026-03-05x", "Kamis, 5 Maret 2026"}) {
    EXPECT_FALSE(ParseSurveyDate(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sigap
