// Each detector on a small hand-made series with a known change point
// (tests/adapt/data/*.csv, generated once with a fixed seed; the change is
// stated in each file's header).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "adapt/backlog_detector.h"
#include "adapt/city_shift_detector.h"
#include "adapt/cluster_scan_detector.h"
#include "adapt/rating_detector.h"
#include "adapt/topic_detector.h"
#include "domain/alert_status.h"
#include "series.h"

namespace sigap::adapt {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

// Day 0 of the data files: Monday 5 January 2026.
const Day kDay0 = ToDayNumber(year(2026) / month(1) / day(5));

Layout OneAgencyLayout() {
  Layout layout;
  layout.city_code = "33.74";
  layout.city_name = "Kota Semarang";
  layout.categories = {{"PU-DRAINASE", "pengaduan drainase", 0, "Saluran Drainase"}};
  layout.agencies = {{"DPU", "Dinas Pekerjaan Umum"}};
  return layout;
}

// Days (relative to day 0) on which drafts were raised.
std::vector<int> Days(const std::vector<AlertDraft>& drafts) {
  std::vector<int> days;
  for (const auto& d : drafts) days.push_back(d.day - kDay0);
  return days;
}

TEST(CityShiftDetector, FindsTheRiseWithinThreeDaysAndNotBefore) {
  const Layout layout = OneAgencyLayout();
  CityShiftDetector detector(layout, {});
  std::vector<AlertDraft> drafts;

  for (const auto& row : ReadRows("city_shift.csv")) {
    const int d = std::stoi(row[0]);
    detector.CloseDay(kDay0 + d, d % 7, {static_cast<uint32_t>(std::stoi(row[1]))}, drafts);
  }

  const auto days = Days(drafts);
  ASSERT_FALSE(days.empty());
  EXPECT_GE(days.front(), 120);
  EXPECT_LE(days.front(), 123);
  EXPECT_GE(drafts.front().since_day - kDay0, 118);
  EXPECT_EQ(drafts.front().region_codes, std::vector<std::string>{"33.74"});
  EXPECT_GT(drafts.front().observed, 1.3 * drafts.front().expected);
}

TEST(CityShiftDetector, APersistingShiftIsOneAlert) {
  const Layout layout = OneAgencyLayout();
  CityShiftDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  for (const auto& row : ReadRows("city_shift.csv")) {
    const int d = std::stoi(row[0]);
    detector.CloseDay(kDay0 + d, d % 7, {static_cast<uint32_t>(std::stoi(row[1]))}, drafts);
  }
  AlertBook book;

  for (auto& d : drafts) book.Upsert(std::move(d));

  ASSERT_EQ(book.alerts().size(), 1u);
  EXPECT_GT(book.alerts()[0].updates, 10);
  EXPECT_EQ(book.alerts()[0].latest.sentence.rfind(
                "Pengaduan drainase di seluruh Kota Semarang naik ", 0),
            0u)
      << book.alerts()[0].latest.sentence;
}

// A small service: about one case each weekday, fewer at weekends (below
// the half a case a day a run may start on). From Monday of week 30 it
// jumps to six a weekday for two weeks. The run that finds it must go on
// over the quiet weekend between them, not start again from nothing.
TEST(CityShiftDetector, ASmallServicesRunGoesOnOverAQuietWeekend) {
  const Layout layout = OneAgencyLayout();
  CityShiftDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  std::mt19937 random(11);
  const int surge = 7 * 30;
  for (int d = 0; d < surge + 12; ++d) {
    const bool weekend = d % 7 >= 5;
    const bool surging = d >= surge && !weekend;
    std::poisson_distribution<int> cases(surging ? 6.0 : weekend ? 0.2 : 1.0);
    detector.CloseDay(kDay0 + d, d % 7, {static_cast<uint32_t>(cases(random))}, drafts);
  }

  const auto days = Days(drafts);
  ASSERT_FALSE(days.empty());
  EXPECT_LE(days.front(), surge + 4);  // within the first week
  EXPECT_EQ(days.back(), surge + 11) << "still raised in the second week";
  EXPECT_EQ(drafts.back().since_day, drafts.front().since_day) << "one run";
  // The days in between, the weekend too: one change, updated daily.
  for (size_t i = 1; i < days.size(); ++i) {
    if (days[i - 1] >= surge) {
      EXPECT_EQ(days[i], days[i - 1] + 1);
    }
  }
}

// Four services of 40 cases a day (Poisson, fixed seed); from day 150 all
// of them rise by 40% (like the end of Ramadan) and the fourth by 60% more.
// Only the fourth has shifted against the others.
TEST(CityShiftDetector, ARiseOfEveryServiceIsNotAShiftOfOne) {
  Layout layout = OneAgencyLayout();
  layout.categories.push_back({"PU-JALAN", "pengaduan jalan", 0});
  layout.categories.push_back({"PU-PJU", "pengaduan lampu jalan", 0});
  layout.categories.push_back({"PU-BANJIR", "pengaduan banjir", 0});
  CityShiftDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  std::mt19937 rng(3);

  for (int d = 0; d < 180; ++d) {
    std::vector<uint32_t> counts;
    for (int c = 0; c < 4; ++c) {
      const double mean = 40 * (d >= 150 ? 1.4 : 1.0) * (d >= 150 && c == 3 ? 1.6 : 1.0);
      counts.push_back(static_cast<uint32_t>(std::poisson_distribution<int>(mean)(rng)));
    }
    detector.CloseDay(kDay0 + d, d % 7, counts, drafts);
  }

  ASSERT_FALSE(drafts.empty());
  for (const auto& d : drafts) EXPECT_EQ(d.category, 3) << d.sentence;
  EXPECT_GE(drafts.front().day - kDay0, 150);
  EXPECT_LE(drafts.front().day - kDay0, 153);
}

TEST(RatingDetector, FindsTheOneStarFallWithinAWeekAndNotBefore) {
  const Layout layout = OneAgencyLayout();
  RatingDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  int open = 0;

  for (const auto& row : ReadRows("ratings.csv")) {
    const int d = std::stoi(row[0]);
    while (open < d) detector.CloseDay(kDay0 + open++, drafts);
    detector.OnRating(0, std::stoi(row[1]));
  }
  detector.CloseDay(kDay0 + open, drafts);

  const auto days = Days(drafts);
  ASSERT_FALSE(days.empty());
  EXPECT_GE(days.front(), 100);
  EXPECT_LE(days.front(), 106);
  EXPECT_LT(drafts.front().observed, drafts.front().expected - 0.5);
}

// An agency whose ratings fall before its baseline holds 30 ratings: the
// bad days are judged once it does, from the first of them, and the fall
// never becomes the baseline it is measured against. Four ratings a day
// (none on Sundays), 4 and 5 stars until day 9, 1 and 2 stars from day 10.
TEST(RatingDetector, AFallBeforeTheBaselineIsReadyIsJudgedFromItsFirstDay) {
  const Layout layout = OneAgencyLayout();
  RatingDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  for (int d = 0; d < 35; ++d) {
    if (d % 7 != 6) {
      for (int i = 0; i < 4; ++i) detector.OnRating(0, (d < 10 ? 4 : 1) + i % 2);
    }
    detector.CloseDay(kDay0 + d, drafts);
  }

  ASSERT_FALSE(drafts.empty());
  const AlertDraft& first = drafts.front();
  // The run starts with the fall (or with the last 4-star ratings before
  // it, which are below the mean too).
  EXPECT_GE(first.since_day - kDay0, 9);
  EXPECT_LE(first.since_day - kDay0, 10);
  EXPECT_LE(first.day - kDay0, 15);
  EXPECT_NEAR(first.expected, 4.5, 0.01);
  EXPECT_LT(first.observed, 2);
  // Three weeks on, still measured against the good days.
  const AlertDraft& last = drafts.back();
  EXPECT_EQ(last.day - kDay0, 34);
  EXPECT_EQ(last.since_day, first.since_day);
  EXPECT_NEAR(last.expected, 4.5, 0.01);
  EXPECT_NE(last.sentence.find("turun dari 4,5 menjadi 1,"), std::string::npos) << last.sentence;
  // A day without ratings has no point.
  ASSERT_EQ(last.series.size(), 28u);
  for (size_t j = 0; j < last.series.size(); ++j) {
    const int d = 34 - static_cast<int>(last.series.size() - 1 - j);
    EXPECT_EQ(std::isnan(last.series[j]), d % 7 == 6) << "day " << d;
  }
}

// Resolutions fall from 14 to 8.4 a working day against 12 arrivals (and 4
// a weekend day): the net inflow is small beside its noise, so this takes
// about eight working days.
TEST(BacklogDetector, FindsTheGrowingBacklogWithinTwoWorkingWeeksAndNotBefore) {
  const Layout layout = OneAgencyLayout();
  BacklogDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  std::vector<Day> open_due;  // FIFO of the open cases' deadlines

  for (const auto& row : ReadRows("backlog.csv")) {
    const int d = std::stoi(row[0]);
    for (int i = 0; i < std::stoi(row[1]); ++i) {
      detector.OnArrival(0, kDay0 + d + 10);
      open_due.push_back(kDay0 + d + 10);
    }
    for (int i = 0; i < std::stoi(row[2]) && !open_due.empty(); ++i) {
      detector.OnResolution(0, open_due.front());
      open_due.erase(open_due.begin());
    }
    detector.CloseDay(kDay0 + d, d % 7 < 5, drafts);
  }

  const auto days = Days(drafts);
  ASSERT_FALSE(days.empty());
  EXPECT_GE(days.front(), 100);
  EXPECT_LE(days.front(), 114);
  EXPECT_NE(drafts.front().sentence.find("akan lewat tenggat"), std::string::npos);
  EXPECT_NE(drafts.front().sentence_en.find("will pass their deadline"), std::string::npos)
      << drafts.front().sentence_en;
}

// An agency that stops resolving altogether: the alert gives the pace of
// the last working days (none), the cases already overdue apart from those
// that will be, and projects from that pace, not from the run's average.
// Ten cases arrive each working day, due three days later, and are resolved
// the next working day, until day 99; from day 100 none is.
TEST(BacklogDetector, AStopIsToldAsAStopWithTheOverdueCasesApart) {
  const Layout layout = OneAgencyLayout();
  BacklogDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  std::vector<Day> open_due;  // oldest first
  // Judged a week after the stop, when the first unresolved cases are late.
  for (int d = 0; d < 140 && (drafts.empty() || drafts.back().day < kDay0 + 107); ++d) {
    const bool working = d % 7 < 5;
    if (working) {
      const size_t resolve = d < 100 ? open_due.size() : 0;
      for (size_t i = 0; i < resolve; ++i) detector.OnResolution(0, open_due[i]);
      open_due.erase(open_due.begin(), open_due.begin() + static_cast<std::ptrdiff_t>(resolve));
      for (int i = 0; i < 10; ++i) {
        detector.OnArrival(0, kDay0 + d + 3);
        open_due.push_back(kDay0 + d + 3);
      }
    }
    detector.CloseDay(kDay0 + d, working, drafts);
  }

  ASSERT_FALSE(drafts.empty());
  EXPECT_LE(drafts.front().day - kDay0, 104);
  const AlertDraft& first = drafts.back();
  const Day day = first.day;
  const auto overdue =
      std::count_if(open_due.begin(), open_due.end(), [&](Day due) { return due < day; });
  const auto soon = std::count_if(open_due.begin(), open_due.end(),
                                  [&](Day due) { return due >= day && due <= day + 10; });
  ASSERT_GT(overdue, 0) << "day " << day - kDay0;
  EXPECT_NE(first.sentence.find("(5 hari kerja terakhir: 0,0/hari); " +
                                std::to_string(open_due.size()) + " kasus terbuka, " +
                                std::to_string(overdue) + " sudah lewat tenggat, sekitar " +
                                std::to_string(soon) + " lagi akan lewat tenggat"),
            std::string::npos)
      << first.sentence;
  EXPECT_NE(first.sentence_en.find(std::to_string(overdue) + " already overdue, about " +
                                   std::to_string(soon) + " more will pass"),
            std::string::npos)
      << first.sentence_en;
  // Its series is daily, weekends included, ending on the alert's day: the
  // open cases grow by ten each working day since the stop and stay over a
  // weekend.
  ASSERT_EQ(first.series.size(), 42u);
  for (int j = 0; j < 7; ++j) {
    const Day d = day - j;
    const bool working = (d - kDay0) % 7 < 5;
    const double expected = static_cast<double>(
        std::count_if(open_due.begin(), open_due.end(), [&](Day due) { return due - 3 <= d; }));
    EXPECT_EQ(first.series[first.series.size() - 1 - j], expected)
        << "day " << d - kDay0 << (working ? "" : " (weekend)");
  }
}

// Weekday weights of arrivals (Monday the busiest, a third as many at
// weekends) and the resulting arrivals per working day at 12 a weekday.
constexpr double kWeekday[7] = {1.15, 1.1, 1.05, 1.0, 0.9, 0.5, 0.4};
constexpr double kPerWorkingDay = 12 * (1.15 + 1.1 + 1.05 + 1.0 + 0.9 + 0.5 + 0.4) / 5;

// One agency over `days` days: 12 arrivals a weekday times demand(d)
// (Poisson, kWeekday), deadlines 10 days after arrival, and `stock` older
// cases open from the start that are never resolved (waiting on other
// offices, say). On each working day, resolved(d, waiting, rng) of the
// cases beyond the stock are resolved, oldest first. Returns the drafts.
template <typename Demand, typename Resolved>
std::vector<AlertDraft> RunAgency(uint64_t seed, int days, size_t stock, Demand demand,
                                  Resolved resolved) {
  const Layout layout = OneAgencyLayout();
  BacklogDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  std::mt19937_64 rng(seed);
  std::vector<Day> open_due(stock, kDay0 + 100);
  for (const Day due : open_due) detector.OnArrival(0, due);
  size_t head = 0;
  for (int d = 0; d < days; ++d) {
    const int arrivals = std::poisson_distribution<int>(demand(d) * 12 * kWeekday[d % 7])(rng);
    for (int i = 0; i < arrivals; ++i) {
      detector.OnArrival(0, kDay0 + d + 10);
      open_due.push_back(kDay0 + d + 10);
    }
    const bool working = d % 7 < 5;
    if (working) {
      const size_t waiting = open_due.size() - head - stock;
      for (int n = resolved(d, waiting, rng); n > 0 && open_due.size() - head > stock; --n) {
        detector.OnResolution(0, open_due[head++]);
      }
    }
    detector.CloseDay(kDay0 + d, working, drafts);
  }
  return drafts;
}

// A FIFO queue with a capacity of 1.3 times the arrivals per working day
// (Poisson); from `drop_day` (if any) it resolves 60% of the arrivals:
// scenario (e) of `sigap simulate`.
std::vector<AlertDraft> RunQueue(uint64_t seed, int days, int drop_day) {
  return RunAgency(
      seed, days, 0, [](int) { return 1.0; },
      [drop_day](int d, size_t, std::mt19937_64& rng) {
        const double share = drop_day >= 0 && d >= drop_day ? 0.6 : 1.3;
        return std::poisson_distribution<int>(share * kPerWorkingDay)(rng);
      });
}

// The queue drains on quiet days, which cancels the net inflow's evidence:
// alone it found 3 of these 20 drops within 7 days (after 2 to 16 days).
// The resolutions of the days that end with cases waiting show the drop
// within days (18 of 20 within 7 days; the other two after 7 and 8).
TEST(BacklogDetector, AnAgencyResolvingSixtyPercentOfArrivalsIsFoundWithinAWeek) {
  int found = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const int drop_day = 150 + static_cast<int>(seed % 7);  // every day of the week

    const auto drafts = RunQueue(seed, 200, drop_day);

    ASSERT_FALSE(drafts.empty()) << "seed " << seed;
    const AlertDraft& first = drafts.front();
    EXPECT_GE(first.day - kDay0, drop_day) << "seed " << seed;
    found += first.day - kDay0 <= drop_day + 6;
    EXPECT_GT(first.observed, first.expected);
    // "...; N kasus terbuka, V sudah lewat tenggat, sekitar M lagi akan
    // lewat tenggat dalam 7 hari kerja."
    EXPECT_NE(first.sentence.find(" kasus terbuka, "), std::string::npos) << first.sentence;
    EXPECT_NE(first.sentence.find(" lagi akan lewat tenggat dalam 7 hari kerja."),
              std::string::npos);
    if (seed == 1) {
      EXPECT_NE(first.method.find("resolutions on working days with cases waiting"),
                std::string::npos)
          << first.method;
    }
  }
  EXPECT_GE(found, 17);
}

TEST(BacklogDetector, AnAgencyKeepingUpRaisesNoAlert) {
  for (const uint64_t seed : {1, 2, 3}) {
    EXPECT_TRUE(RunQueue(seed, 400, -1).empty()) << "seed " << seed;
  }
}

// An office that resolves about what arrives (and a fifth of what waits
// beyond its usual stock of 40 older cases): cases wait every evening.
// From `drop_day` half as many cases arrive, and it resolves half as many:
// fewer resolutions, but no growing backlog.
std::vector<AlertDraft> RunTrackingOffice(uint64_t seed, int days, int drop_day) {
  const auto demand = [drop_day](int d) { return drop_day >= 0 && d >= drop_day ? 0.5 : 1.0; };
  return RunAgency(seed, days, 40, demand, [demand](int d, size_t waiting, std::mt19937_64& rng) {
    const double mean = demand(d) * kPerWorkingDay + 0.2 * static_cast<double>(waiting);
    return std::poisson_distribution<int>(mean)(rng);
  });
}

TEST(BacklogDetector, FewerResolutionsBecauseFewerCasesArriveAreNoBacklog) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const auto drafts = RunTrackingOffice(seed, 250, 150);
    EXPECT_TRUE(drafts.empty()) << "seed " << seed << ": " << drafts.front().sentence;
  }
}

TEST(TopicDetector, PutsTheNewTopicInTheTopTermsWithinThreeDays) {
  TopicDetector detector({});
  std::vector<AlertDraft> drafts;
  int open = 0;
  uint64_t id = 0;

  for (const auto& row : ReadRows("topics.csv", '|')) {
    const int d = std::stoi(row[0]);
    while (open < d) detector.CloseDay(kDay0 + open++, drafts);
    detector.OnText(++id, row[1]);
  }
  detector.CloseDay(kDay0 + open, drafts);

  const auto days = Days(drafts);
  ASSERT_FALSE(days.empty());
  EXPECT_GE(days.front(), 60);
  EXPECT_LE(days.front(), 62);
  // Named alone or in a bigram ("keracunan mbg").
  std::vector<std::string> words;
  for (const auto& term : drafts.front().top_terms) {
    std::istringstream in(term);
    for (std::string w; in >> w;) words.push_back(w);
  }
  EXPECT_NE(std::find(words.begin(), words.end(), "keracunan"), words.end());
  EXPECT_NE(std::find(words.begin(), words.end(), "mbg"), words.end());
  // No word twice.
  std::sort(words.begin(), words.end());
  EXPECT_EQ(std::adjacent_find(words.begin(), words.end()), words.end());
  EXPECT_FALSE(drafts.front().case_ids.empty());
}

// Ten everyday words of complaints.
const std::vector<std::string> kCommon = {"jalan",   "rusak", "lampu", "mati",  "sampah",
                                          "saluran", "air",   "warga", "depan", "rumah"};

// `words` of kCommon drawn at random, each followed by a space.
std::string CommonWords(std::mt19937_64& rng, int words) {
  std::string text;
  for (int w = 0; w < words; ++w) text += kCommon[rng() % kCommon.size()] + " ";
  return text;
}

// Sixty days of twenty reports of everyday words, days 0 to 59.
void EverydayReports(TopicDetector& detector, std::vector<AlertDraft>& drafts, std::mt19937_64& rng,
                     uint64_t& id) {
  for (int d = 0; d < 60; ++d) {
    for (int i = 0; i < 20; ++i) detector.OnText(++id, CommonWords(rng, 8));
    detector.CloseDay(kDay0 + d, drafts);
  }
}

// The words of the drafts' top terms (a bigram's two words apart).
std::vector<std::string> TopTermWords(const std::vector<AlertDraft>& drafts) {
  std::vector<std::string> words;
  for (const auto& draft : drafts) {
    for (const auto& term : draft.top_terms) {
      std::istringstream in(term);
      for (std::string w; in >> w;) words.push_back(w);
    }
  }
  return words;
}

// Regression: reports written on one form ("Kel. ...", "RT 02", "Hubungi
// saya di ...") made the form's words a topic's top terms ("tersumbat, air
// meluap, hubungi"); the words of the problem are its terms, the form's
// never are.
TEST(TopicDetector, TheWordsOfAFormAreNotATopicsTerms) {
  TopicDetector detector({});
  std::vector<AlertDraft> drafts;
  std::mt19937_64 rng(7);
  uint64_t id = 0;
  const std::vector<std::string> villages = {"Mijen", "Tugu", "Polaman", "Bubakan"};

  EverydayReports(detector, drafts, rng, id);
  // The problem in three words, the form's words in every report.
  const std::vector<std::string> problems = {"Got tersumbat", "Saluran mampet", "Drainase buntu"};
  for (int d = 60; d < 63; ++d) {
    for (int i = 0; i < 12; ++i) {
      detector.OnText(++id, problems[i % 3] + ". Kel. " + villages[i % 4] + ", RT 0" +
                                std::to_string(1 + i % 5) + " RW 03 no. " + std::to_string(i) +
                                ". Hubungi saya di HP 0812" + std::to_string(1000 + i) +
                                ". Mohon segera ditindaklanjuti.");
    }
    detector.CloseDay(kDay0 + d, drafts);
  }

  ASSERT_FALSE(drafts.empty());
  const std::vector<std::string> words = TopTermWords(drafts);
  EXPECT_NE(std::find(words.begin(), words.end(), "tersumbat"), words.end());
  for (const char* form :
       {"kel", "rt", "rw", "jl", "no", "hubungi", "hp", "segera", "ditindaklanjuti"}) {
    EXPECT_EQ(std::find(words.begin(), words.end(), form), words.end()) << form;
  }
}

// A burst of reports about one officer, each naming him after an honorific
// ("pak Joko Widodo", "Bpk. Joko Widodo", "bu Ani" or "Ibu, Sari" beside
// him): what he does ("pungli") is the topic and its top terms, his name
// and theirs never are, surname included.
TEST(TopicDetector, ANamePrecededByAnHonorificIsNotATopicsTerm) {
  TopicDetector detector({});
  std::vector<AlertDraft> drafts;
  std::mt19937_64 rng(11);
  uint64_t id = 0;

  EverydayReports(detector, drafts, rng, id);
  const std::vector<std::string> reports = {
      "Pungli oleh pak Joko Widodo saat mengurus surat pindah",
      "Bpk. Joko Widodo minta uang pungli, bu Ani diam saja",
      "Ada pungli lagi, Pak Joko Widodo dan Ibu, Sari di loket"};
  for (int d = 60; d < 63; ++d) {
    for (int i = 0; i < 12; ++i) detector.OnText(++id, reports[i % 3]);
    detector.CloseDay(kDay0 + d, drafts);
  }

  ASSERT_FALSE(drafts.empty());
  const std::vector<std::string> words = TopTermWords(drafts);
  EXPECT_NE(std::find(words.begin(), words.end(), "pungli"), words.end());
  EXPECT_EQ(std::find(words.begin(), words.end(), "joko"), words.end());
  EXPECT_EQ(std::find(words.begin(), words.end(), "ani"), words.end());
  EXPECT_EQ(std::find(words.begin(), words.end(), "widodo"), words.end());
  EXPECT_EQ(std::find(words.begin(), words.end(), "sari"), words.end());
}

// A leader read "12" in a burst's cluster alert and "9" in its topic alert
// and took one for wrong: they count different reports. The topic's
// sentence says which: the reports that hold its leading word, over its
// window.
TEST(TopicDetector, SaysWhatItsCountCounts) {
  TopicDetector detector({});
  std::vector<AlertDraft> drafts;
  std::mt19937_64 rng(5);
  uint64_t id = 0;

  EverydayReports(detector, drafts, rng, id);
  ASSERT_TRUE(drafts.empty());
  for (int i = 0; i < 9; ++i) detector.OnText(++id, CommonWords(rng, 3) + ". Pungli");
  for (int i = 0; i < 20; ++i) detector.OnText(++id, CommonWords(rng, 8));
  detector.CloseDay(kDay0 + 60, drafts);

  ASSERT_EQ(drafts.size(), 1u);
  const AlertDraft& d = drafts[0];
  ASSERT_EQ(d.top_terms, std::vector<std::string>{"pungli"});
  ASSERT_EQ(d.observed, 9);
  ASSERT_EQ(d.since_day, kDay0 + 60);
  // A word never seen before is usually in fewer than 0.1 reports (not
  // "0,0").
  ASSERT_LT(d.expected, 0.05);
  EXPECT_EQ(d.sentence,
            "Topik baru muncul (\"pungli\"): 9 laporan pada 6 Mar 2026 memuat kata \"pungli\", "
            "biasanya kurang dari 0,1.");
  EXPECT_EQ(d.sentence_en,
            "A new topic (\"pungli\"): 9 reports on 6 Mar 2026 contain the word \"pungli\", "
            "usually fewer than 0.1.");
}

TEST(AlertWords, AWindowIsOneDayOrItsDaysAndStart) {
  EXPECT_EQ(WindowWords(kDay0, kDay0), "pada 5 Jan 2026");
  EXPECT_EQ(WindowWordsEn(kDay0, kDay0), "on 5 Jan 2026");
  EXPECT_EQ(WindowWords(kDay0, kDay0 + 3), "dalam 4 hari sejak 5 Jan 2026");
  EXPECT_EQ(WindowWordsEn(kDay0, kDay0 + 3), "in 4 days since 5 Jan 2026");
}

// Two unrelated topics rise on the same day, a flood in one part of the
// city and unpaid aid across it, and both mention the elderly ("lansia").
// Each is a draft of its own, with its own words and its own cases.
TEST(TopicDetector, TwoTopicsRisingTogetherAreTwoDraftsWithTheirOwnWordsAndCases) {
  TopicDetector detector({});
  std::vector<AlertDraft> drafts;
  std::mt19937_64 rng(11);
  uint64_t id = 0;
  for (int day = 0; day < 60; ++day) {
    for (int i = 0; i < 60; ++i) {
      std::string text = CommonWords(rng, 5);
      if (i % 20 == 0) text += "lansia";
      detector.OnText(++id, text);
    }
    detector.CloseDay(kDay0 + day, drafts);
  }
  ASSERT_TRUE(drafts.empty()) << drafts.front().sentence;

  std::set<uint64_t> flood_cases, aid_cases;
  for (int i = 0; i < 15; ++i) {
    flood_cases.insert(++id);
    detector.OnText(id, "banjir setinggi lutut rumah pompa mati lansia terjebak");
    aid_cases.insert(++id);
    detector.OnText(id, "bantuan BLT tidak cair untuk lansia sejak bulan lalu");
  }
  detector.CloseDay(kDay0 + 60, drafts);

  ASSERT_EQ(drafts.size(), 2u);
  const auto words_of = [](const AlertDraft& d) {
    std::set<std::string> words;
    for (const auto& term : d.top_terms) {
      std::istringstream in(term);
      for (std::string w; in >> w;) words.insert(w);
    }
    return words;
  };
  const bool flood_first = words_of(drafts[0]).contains("banjir");
  const AlertDraft& flood = drafts[flood_first ? 0 : 1];
  const AlertDraft& aid = drafts[flood_first ? 1 : 0];
  EXPECT_TRUE(words_of(flood).contains("banjir") || words_of(flood).contains("pompa"));
  EXPECT_FALSE(words_of(flood).contains("blt") || words_of(flood).contains("cair"));
  EXPECT_TRUE(words_of(aid).contains("blt") || words_of(aid).contains("cair"));
  EXPECT_FALSE(words_of(aid).contains("banjir") || words_of(aid).contains("pompa"));
  for (const uint64_t c : flood.case_ids) EXPECT_TRUE(flood_cases.contains(c)) << c;
  for (const uint64_t c : aid.case_ids) EXPECT_TRUE(aid_cases.contains(c)) << c;
  // Alerts of the two do not merge: "lansia" alone is not the same topic.
  EXPECT_FALSE(domain::AlertsOverlap({}, flood.top_terms, {}, aid.top_terms));
}

// A day on which five unrelated things rise at once (a flood, unpaid aid,
// tidal flooding, school fees, dengue): each is a draft, the least of them
// too. With three topics a day the last two were dropped without a trace.
TEST(TopicDetector, FiveTopicsRisingOnOneDayAreFiveDrafts) {
  TopicDetector detector({});
  std::vector<AlertDraft> drafts;
  std::mt19937_64 rng(5);
  uint64_t id = 0;
  for (int day = 0; day < 60; ++day) {
    for (int i = 0; i < 60; ++i) detector.OnText(++id, CommonWords(rng, 5));
    detector.CloseDay(kDay0 + day, drafts);
  }
  ASSERT_TRUE(drafts.empty()) << drafts.front().sentence;

  const std::vector<std::pair<std::string, int>> topics = {
      {"banjir setinggi lutut pompa macet", 40},
      {"bantuan BLT tidak cair bulan lalu", 30},
      {"rob pasang laut masuk permukiman", 20},
      {"pungutan seragam sekolah negeri mahal", 15},
      {"demam berdarah dengue anak dirawat", 12}};
  for (const auto& [text, count] : topics) {
    for (int i = 0; i < count; ++i) detector.OnText(++id, text);
  }
  detector.CloseDay(kDay0 + 60, drafts);

  ASSERT_EQ(drafts.size(), topics.size());
  for (const auto& [text, count] : topics) {
    const std::string first = text.substr(0, text.find(' '));
    const bool named = std::any_of(drafts.begin(), drafts.end(), [&](const AlertDraft& d) {
      return std::any_of(d.top_terms.begin(), d.top_terms.end(), [&](const std::string& term) {
        return term.find(first == "bantuan" ? "blt" : first) != std::string::npos;
      });
    });
    EXPECT_TRUE(named) << text;
  }
}

TEST(TopicDetector, ForgetsWordsNotSeenForAYearSoTheVocabularyStaysBounded) {
  TopicDetector detector({});
  std::vector<AlertDraft> drafts;
  uint64_t id = 0;
  size_t after_one_year = 0;
  // Every day, 20 texts with two words never seen before (and their
  // bigram), and one word every text has.
  for (int day = 0; day < 1100; ++day) {
    for (int i = 0; i < 20; ++i) {
      ++id;
      detector.OnText(id, "jalan w" + std::to_string(id) + "a w" + std::to_string(id) + "b");
    }
    detector.CloseDay(kDay0 + day, drafts);
    if (day == 365) after_one_year = detector.terms();
  }

  // 3 new terms a text: 66,000 over the three years, about 22,000 a year.
  EXPECT_GT(after_one_year, 20000U);
  EXPECT_LT(detector.terms(), after_one_year * 13 / 10);
}

// Words that leave for weeks and come back: each day's texts bring back 15
// of a rotating set of 300 words (each away 19 days at a time), and
// "banjir", a word of 1 text a day for two months, comes back after three
// weeks away in 15 texts a day. A word that comes back is judged again
// with the words that never left, the first day it is back.
TEST(TopicDetector, AWordBackAfterWeeksAwayIsJudgedWithTheRest) {
  TopicDetector detector({});
  std::vector<AlertDraft> drafts;
  std::mt19937_64 rng(5);
  uint64_t id = 0;
  for (int day = 0; day < 120; ++day) {
    for (int i = 0; i < 60; ++i) {
      std::string text = CommonWords(rng, 4);
      text += "k" + std::to_string((day * 15 + i % 15) % 300);
      detector.OnText(++id, text);
    }
    const int banjir = day < 60 ? 1 : day < 81 ? 0 : 15;
    for (int i = 0; i < banjir; ++i) detector.OnText(++id, "banjir rob di " + kCommon[i % 10]);
    detector.CloseDay(kDay0 + day, drafts);
  }

  ASSERT_FALSE(drafts.empty());
  const auto first = std::find_if(drafts.begin(), drafts.end(), [](const AlertDraft& d) {
    return std::find(d.top_terms.begin(), d.top_terms.end(), "banjir") != d.top_terms.end() ||
           std::find(d.top_terms.begin(), d.top_terms.end(), "banjir rob") != d.top_terms.end();
  });
  ASSERT_NE(first, drafts.end());
  EXPECT_EQ(first->day - kDay0, 81);
  // The rotating words come back at their usual rate: never a topic.
  for (const auto& d : drafts) {
    for (const auto& term : d.top_terms) EXPECT_NE(term[0], 'k') << term << " on day " << d.day;
  }
}

Layout GridLayout() {
  Layout layout = OneAgencyLayout();
  for (int k = 0; k < 25; ++k) {
    layout.kelurahan.push_back({"K" + std::to_string(k), "K" + std::to_string(k), 0, 0, 0});
    std::vector<uint16_t> nb;
    const int r = k / 5, c = k % 5;
    if (c < 4) nb.push_back(static_cast<uint16_t>(k + 1));
    if (r < 4) nb.push_back(static_cast<uint16_t>(k + 5));
    if (c > 0) nb.push_back(static_cast<uint16_t>(k - 1));
    if (r > 0) nb.push_back(static_cast<uint16_t>(k - 5));
    layout.neighbours.push_back(nb);
  }
  return layout;
}

TEST(ClusterScanDetector, FindsTheSurgeInTheRightKelurahanWithinTwoDays) {
  const Layout layout = GridLayout();
  ClusterScanDetector::Options options;
  options.threshold = 10;
  ClusterScanDetector detector(layout, options);
  std::vector<AlertDraft> drafts;
  std::vector<uint16_t> counts(25, 0);
  int open = 0;

  for (const auto& row : ReadRows("cluster.csv")) {
    const int d = std::stoi(row[0]);
    while (open < d) {
      detector.CloseDay(kDay0 + open++, counts, drafts);
      std::fill(counts.begin(), counts.end(), 0);
    }
    counts[std::stoi(row[1])] = static_cast<uint16_t>(std::stoi(row[2]));
  }
  detector.CloseDay(kDay0 + open, counts, drafts);

  const auto days = Days(drafts);
  ASSERT_FALSE(days.empty());
  EXPECT_GE(days.front(), 80);
  EXPECT_LE(days.front(), 81);
  const auto& regions = drafts.front().region_codes;
  int right = 0;
  for (const char* code : {"K12", "K13", "K17"}) {
    right += std::count(regions.begin(), regions.end(), code) > 0;
  }
  EXPECT_GE(right, 2);
  EXPECT_LE(regions.size(), 4u);
  // The draft names the kelurahan bordering its zone (an alert whose zone
  // moves next door is updated, not doubled): every grid neighbour of the
  // zone that is not in it, once.
  std::set<std::string> borders;
  for (const auto& code : regions) {
    const int k = std::stoi(code.substr(1));
    for (const uint16_t n : layout.neighbours[static_cast<size_t>(k)]) {
      const std::string name = "K" + std::to_string(n);
      if (std::count(regions.begin(), regions.end(), name) == 0) borders.insert(name);
    }
  }
  const auto& named = drafts.front().border_codes;
  EXPECT_EQ(std::set<std::string>(named.begin(), named.end()), borders);
  EXPECT_EQ(named.size(), borders.size());
}

// A detector on the 5 x 5 grid after 70 days of 3 cases in every kelurahan.
ClusterScanDetector SteadyGrid(const Layout& layout) {
  ClusterScanDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  const std::vector<uint16_t> counts(25, 3);
  for (int d = 0; d < 70; ++d) detector.CloseDay(kDay0 + d, counts, drafts);
  EXPECT_TRUE(drafts.empty());
  return detector;
}

TEST(ClusterScanDetector, ExplainsItselfInOneIndonesianSentence) {
  const Layout layout = GridLayout();
  ClusterScanDetector detector = SteadyGrid(layout);
  std::vector<AlertDraft> drafts;
  std::vector<uint16_t> counts(25, 3);
  counts[12] = counts[13] = counts[17] = 12;

  detector.CloseDay(kDay0 + 70, counts, drafts);

  ASSERT_EQ(drafts.size(), 1u);
  // 36 cases where 3/25 of the day's 102 (12.24) were expected: the
  // sentence says what the 36 are, every report of the service in those
  // kelurahan on that day (a topic of the same burst counts fewer).
  EXPECT_EQ(drafts[0].sentence,
            "Pengaduan drainase di Kel. K12, K13 dan K17 naik 2,9× dari biasanya: 36 laporan di 3 "
            "kelurahan itu pada 16 Mar 2026.");
  EXPECT_EQ(drafts[0].sentence_en,
            "Reports of Saluran Drainase in the kelurahan K12, K13 and K17 rose 2.9× above usual: "
            "36 reports in these 3 kelurahan on 16 Mar 2026.");
}

// A surge along a chain of kelurahan is named as the chain, though no zone
// of a centre and its nearest neighbours is that chain: K12's nearest are
// K13 and K17, K11's are K12 and K16 (GridLayout orders them east, south,
// west, north). Before the zone was reshaped, the alert named K17 (no
// surge) and left one of the chain out.
TEST(ClusterScanDetector, NamesASurgeAlongAChainAsTheChain) {
  const Layout layout = GridLayout();
  ClusterScanDetector detector = SteadyGrid(layout);
  std::vector<AlertDraft> drafts;
  std::vector<uint16_t> counts(25, 3);
  counts[11] = counts[12] = counts[13] = 12;

  detector.CloseDay(kDay0 + 70, counts, drafts);

  ASSERT_EQ(drafts.size(), 1u);
  const auto& named = drafts[0].region_codes;
  EXPECT_EQ(std::set<std::string>(named.begin(), named.end()),
            (std::set<std::string>{"K11", "K12", "K13"}));
  EXPECT_EQ(named.size(), 3u);
  // The evidence is the named zone's: its 36 cases against 3/25 of 102.
  EXPECT_EQ(drafts[0].observed, 36);
  EXPECT_NEAR(drafts[0].expected, 12.24, 0.01);
  EXPECT_EQ(drafts[0].series.back(), 36);
  // Its border is the chain's, not the scan's zone's.
  const std::set<std::string> borders(drafts[0].border_codes.begin(), drafts[0].border_codes.end());
  EXPECT_EQ(borders, (std::set<std::string>{"K6", "K7", "K8", "K10", "K14", "K16", "K17", "K18"}));
}

// A kelurahan without a case is never named, even where it expects none
// (no history at all) and so changes no zone's LLR: K12's zone of four
// {K12, K13, K17, K11} scores as {K11, K12, K13} when K17 has never had a
// case.
TEST(ClusterScanDetector, NamesNoKelurahanWithoutACase) {
  const Layout layout = GridLayout();
  ClusterScanDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  std::vector<uint16_t> counts(25, 3);
  counts[17] = 0;
  for (int d = 0; d < 70; ++d) detector.CloseDay(kDay0 + d, counts, drafts);
  ASSERT_TRUE(drafts.empty());
  counts[11] = counts[12] = counts[13] = 12;

  detector.CloseDay(kDay0 + 70, counts, drafts);

  ASSERT_EQ(drafts.size(), 1u);
  const auto& named = drafts[0].region_codes;
  EXPECT_EQ(std::set<std::string>(named.begin(), named.end()),
            (std::set<std::string>{"K11", "K12", "K13"}));
}

// Nor one without a case in the window where the service is sparse (one
// case a day somewhere), and the evidence is the named kelurahan's. (On a
// tester's database, 15 reports of one road in Srondol Kulon were named
// "Kel. Srondol Kulon dan Sumurboto", Sumurboto having none: dropping it
// lowered the quasi-likelihood statistic there, so Reshape kept it. This
// grid does not recreate that; the database, replayed, now names Srondol
// Kulon alone.)
TEST(ClusterScanDetector, NamesNoKelurahanWithoutACaseInTheWindow) {
  const Layout layout = GridLayout();
  for (const int spread : {7, 3, 11}) {
    // A sparse service: one case a day, somewhere in the city.
    ClusterScanDetector detector(layout, {});
    std::vector<AlertDraft> drafts;
    for (int d = 0; d < 70; ++d) {
      std::vector<uint16_t> counts(25, 0);
      counts[(d * spread) % 25] = 1;
      detector.CloseDay(kDay0 + d, counts, drafts);
    }
    drafts.clear();
    std::vector<uint16_t> counts(25, 0);
    counts[12] = 15;

    detector.CloseDay(kDay0 + 70, counts, drafts);

    ASSERT_FALSE(drafts.empty()) << spread;
    EXPECT_EQ(drafts[0].region_codes, std::vector<std::string>{"K12"}) << drafts[0].sentence;
    EXPECT_EQ(drafts[0].observed, 15) << drafts[0].sentence;
  }
}

// Two surges of one service on one day in two corners of the city are two
// drafts; a surge wider than a zone (five kelurahan in a cross) is one.
TEST(ClusterScanDetector, TwoSurgesApartAreTwoDraftsAndOneWideSurgeIsOne) {
  const Layout layout = GridLayout();
  ClusterScanDetector detector = SteadyGrid(layout);
  std::vector<AlertDraft> drafts;
  const std::vector<uint16_t> counts(25, 3);

  std::vector<uint16_t> apart = counts;
  apart[0] = apart[1] = apart[5] = 20;     // the north-west corner
  apart[19] = apart[23] = apart[24] = 18;  // the south-east one
  ClusterScanDetector two = detector;
  two.CloseDay(kDay0 + 70, apart, drafts);

  ASSERT_EQ(drafts.size(), 2u);
  const auto has = [](const AlertDraft& d, const char* code) {
    return std::count(d.region_codes.begin(), d.region_codes.end(), code) > 0;
  };
  EXPECT_TRUE(has(drafts[0], "K0") && has(drafts[0], "K1") && has(drafts[0], "K5"));
  EXPECT_TRUE(has(drafts[1], "K19") && has(drafts[1], "K23") && has(drafts[1], "K24"));
  EXPECT_GT(drafts[0].statistic, drafts[1].statistic);

  drafts.clear();
  std::vector<uint16_t> wide = counts;
  wide[7] = wide[11] = wide[12] = wide[13] = wide[17] = 12;
  detector.CloseDay(kDay0 + 70, wide, drafts);

  ASSERT_EQ(drafts.size(), 1u);
  EXPECT_TRUE(has(drafts[0], "K12"));
}

// A flood that comes back to the kelurahan it struck weeks before is found
// again: the first flood's days do not teach the scan that the kelurahan
// is where most of the service's cases come from. A sparse service (one
// case a day somewhere in the city) floods K12 with 6 cases a day for five
// days, then, a month later, with 7 a day again.
TEST(ClusterScanDetector, AFloodReturningToTheSameKelurahanIsFoundAgain) {
  const Layout layout = GridLayout();
  ClusterScanDetector detector(layout, {});
  std::vector<AlertDraft> drafts;
  const auto day = [&](int d, int flood) {
    std::vector<uint16_t> counts(25, 0);
    counts[static_cast<size_t>((d * 7) % 25)] += 1;
    counts[12] = static_cast<uint16_t>(counts[12] + flood);
    detector.CloseDay(kDay0 + d, counts, drafts);
  };
  for (int d = 0; d < 70; ++d) day(d, 0);
  ASSERT_TRUE(drafts.empty());
  for (int d = 70; d < 75; ++d) day(d, 6);
  ASSERT_FALSE(drafts.empty());
  EXPECT_EQ(drafts.front().region_codes.front(), "K12");
  // The flood's days leave the scan's 7-day windows; then all is quiet.
  for (int d = 75; d < 82; ++d) day(d, 0);
  drafts.clear();
  for (int d = 82; d < 105; ++d) day(d, 0);
  EXPECT_TRUE(drafts.empty());

  day(105, 7);
  day(106, 7);

  ASSERT_FALSE(drafts.empty());
  EXPECT_EQ(drafts.front().region_codes, (std::vector<std::string>{"K12"}));
  EXPECT_LE(drafts.front().day - kDay0, 106);
}

}  // namespace
}  // namespace sigap::adapt
