#include "app/calendar_data.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/time.h"

namespace sigap::app {
namespace {

namespace fs = std::filesystem;

const fs::path kCalendarDir = SIGAP_SOURCE_DIR "/data/calendar";

// date -> (type, name) of one year's file.
std::map<std::string, std::pair<std::string, std::string>> Days(int year) {
  auto loaded = LoadCalendarYear(kCalendarDir / (std::to_string(year) + ".json"));
  EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
  std::map<std::string, std::pair<std::string, std::string>> out;
  if (!loaded) return out;
  for (const domain::DayOff& day : loaded->days) {
    out[DayText(day.date)] = {std::string(domain::DayOffKindName(day.kind)), day.name};
  }
  return out;
}

// SKB 3 Menteri No. 1497/2/5 Tahun 2025, copied from the decree's
// transcription in shared/data/holidays so that the repository does not need
// it at run time.
const std::vector<std::tuple<const char*, const char*, const char*>> kSkb2026 = {
    {"2026-01-01", "libur_nasional", "Tahun Baru 2026 Masehi"},
    {"2026-01-16", "libur_nasional", "Isra Mikraj Nabi Muhammad SAW"},
    {"2026-02-16", "cuti_bersama", "Cuti Bersama Tahun Baru Imlek 2577 Kongzili"},
    {"2026-02-17", "libur_nasional", "Tahun Baru Imlek 2577 Kongzili"},
    {"2026-03-18", "cuti_bersama", "Cuti Bersama Hari Suci Nyepi"},
    {"2026-03-19", "libur_nasional", "Hari Suci Nyepi (Tahun Baru Saka 1948)"},
    {"2026-03-20", "cuti_bersama", "Cuti Bersama Hari Raya Idul Fitri 1447 H"},
    {"2026-03-21", "libur_nasional", "Hari Raya Idul Fitri 1447 H"},
    {"2026-03-22", "libur_nasional", "Hari Raya Idul Fitri 1447 H"},
    {"2026-03-23", "cuti_bersama", "Cuti Bersama Hari Raya Idul Fitri 1447 H"},
    {"2026-03-24", "cuti_bersama", "Cuti Bersama Hari Raya Idul Fitri 1447 H"},
    {"2026-04-03", "libur_nasional", "Wafat Yesus Kristus"},
    {"2026-04-05", "libur_nasional", "Hari Kebangkitan Yesus Kristus (Paskah)"},
    {"2026-05-01", "libur_nasional", "Hari Buruh Internasional"},
    {"2026-05-14", "libur_nasional", "Kenaikan Yesus Kristus"},
    {"2026-05-15", "cuti_bersama", "Cuti Bersama Kenaikan Yesus Kristus"},
    {"2026-05-27", "libur_nasional", "Hari Raya Idul Adha 1447 H"},
    {"2026-05-28", "cuti_bersama", "Cuti Bersama Hari Raya Idul Adha 1447 H"},
    {"2026-05-31", "libur_nasional", "Hari Raya Waisak 2570 BE"},
    {"2026-06-01", "libur_nasional", "Hari Lahir Pancasila"},
    {"2026-06-16", "libur_nasional", "Tahun Baru Islam 1448 H (1 Muharam)"},
    {"2026-08-17", "libur_nasional", "Hari Proklamasi Kemerdekaan RI"},
    {"2026-08-25", "libur_nasional", "Maulid Nabi Muhammad SAW"},
    {"2026-12-24", "cuti_bersama", "Cuti Bersama Kelahiran Yesus Kristus"},
    {"2026-12-25", "libur_nasional", "Kelahiran Yesus Kristus"},
};

TEST(CalendarData, EveryYearFrom2020To2026LoadsWithDatesInsideItsYear) {
  const auto years = LoadCalendarDir(kCalendarDir);

  ASSERT_TRUE(years.has_value()) << years.error().message;
  std::set<int> found;
  for (const CalendarYear& year : *years) {
    found.insert(year.year);
    EXPECT_FALSE(year.decree.empty()) << year.year;
    std::set<std::string> dates;
    for (const domain::DayOff& day : year.days) {
      EXPECT_EQ(int(day.date.year()), year.year) << day.name;
      EXPECT_TRUE(dates.insert(DayText(day.date)).second) << "twice: " << DayText(day.date);
    }
  }
  for (int y = 2020; y <= 2026; ++y) EXPECT_TRUE(found.count(y)) << y;
}

// The public snapshots of 2020-2022 list Hari Kartini (21 Apr), Hari Batik
// (2 Oct), Hari Ayah (12 Nov), Hari Guru (25 Nov) and Hari Ibu (22 Dec) as if
// they were days off. In later years a decree may put a real day off on one
// of those dates (21 April 2023 is cuti bersama Idul Fitri), so the dates are
// checked for 2020-2022 and the names for every year.
TEST(CalendarData, ObservancesThatAreNotDaysOffAreAbsent) {
  for (int year = 2020; year <= 2026; ++year) {
    const auto days = Days(year);
    for (const char* md : {"-04-21", "-10-02", "-11-12", "-11-25", "-12-22"}) {
      if (year <= 2022) {
        EXPECT_EQ(days.count(std::to_string(year) + md), 0u) << year << md;
      }
    }
    for (const auto& [date, day] : days) {
      for (const char* word : {"Kartini", "Batik", "Hari Ibu", "Hari Ayah", "Guru", "Diwali"}) {
        EXPECT_EQ(day.second.find(word), std::string::npos) << date << " " << day.second;
      }
    }
  }
}

TEST(CalendarData, Year2026EqualsTheSkb) {
  const auto days = Days(2026);

  ASSERT_EQ(days.size(), kSkb2026.size());
  for (const auto& [date, type, name] : kSkb2026) {
    ASSERT_EQ(days.count(date), 1u) << date;
    EXPECT_EQ(days.at(date).first, type) << date;
    EXPECT_EQ(days.at(date).second, name) << date;
  }
}

TEST(CalendarData, Year2026LiteralsMatchTheSharedTranscriptionWhenPresent) {
  const fs::path shared = SIGAP_SOURCE_DIR "/../shared/data/holidays";
  if (!fs::exists(shared / "libur_nasional_2026_skb.json")) GTEST_SKIP() << "no " << shared;
  std::set<std::tuple<std::string, std::string, std::string>> from_shared;
  for (const auto& [file, type] : {std::pair{"libur_nasional_2026_skb.json", "libur_nasional"},
                                   std::pair{"cuti_bersama_2026_skb.json", "cuti_bersama"}}) {
    std::ifstream in(shared / file);
    const auto doc = nlohmann::json::parse(in);
    for (const auto& h : doc.at("years").at("2026").at("holidays")) {
      from_shared.insert({h.at("date").get<std::string>(), type, h.at("name").get<std::string>()});
    }
  }

  std::set<std::tuple<std::string, std::string, std::string>> literals;
  for (const auto& [date, type, name] : kSkb2026) literals.insert({date, type, name});
  EXPECT_EQ(from_shared, literals);
}

// Each revision as the amending decree states it.
TEST(CalendarData, MidYearRevisionsAreApplied) {
  const auto y2020 = Days(2020), y2021 = Days(2021), y2022 = Days(2022), y2023 = Days(2023),
             y2025 = Days(2025);

  // 2020: cuti bersama Idul Fitri cancelled (391/2020, 440/2020), the
  // replacement of 28-30 December cancelled (744/2020), 31 December kept.
  for (const char* gone : {"2020-05-22", "2020-05-26", "2020-05-27", "2020-05-28", "2020-05-29",
                           "2020-12-28", "2020-12-29", "2020-12-30"}) {
    EXPECT_EQ(y2020.count(gone), 0u) << gone;
  }
  for (const char* kept : {"2020-08-21", "2020-10-28", "2020-10-30", "2020-12-24", "2020-12-31"}) {
    ASSERT_EQ(y2020.count(kept), 1u) << kept;
    EXPECT_EQ(y2020.at(kept).first, "cuti_bersama") << kept;
  }
  EXPECT_EQ(y2020.at("2020-12-09").first, "libur_nasional");  // Keppres 22/2020, Pilkada

  // 2021: only 12 May left as cuti bersama (281/2021, 712/2021); Tahun Baru
  // Islam and Maulid moved a day later (712/2021).
  int cuti_2021 = 0;
  for (const auto& [date, day] : y2021) cuti_2021 += day.first == "cuti_bersama";
  EXPECT_EQ(cuti_2021, 1);
  EXPECT_EQ(y2021.at("2021-05-12").first, "cuti_bersama");
  EXPECT_EQ(y2021.count("2021-08-10") + y2021.count("2021-10-19"), 0u);
  EXPECT_EQ(y2021.count("2021-08-11") + y2021.count("2021-10-20"), 2u);

  // 2022: cuti bersama added by 375/2022, Idul Adha moved by 678/2022, no
  // cuti bersama after Christmas.
  for (const char* added : {"2022-04-29", "2022-05-04", "2022-05-05", "2022-05-06"}) {
    EXPECT_EQ(y2022.at(added).first, "cuti_bersama") << added;
  }
  EXPECT_EQ(y2022.count("2022-07-09"), 0u);
  EXPECT_EQ(y2022.count("2022-07-10"), 1u);
  EXPECT_EQ(y2022.count("2022-12-26"), 0u);

  // 2023: Idul Fitri cuti bersama moved (327/2023), Idul Adha added (624/2023).
  for (const char* cuti : {"2023-04-19", "2023-04-20", "2023-04-21", "2023-04-24", "2023-04-25",
                           "2023-06-28", "2023-06-30"}) {
    EXPECT_EQ(y2023.at(cuti).first, "cuti_bersama") << cuti;
  }
  EXPECT_EQ(y2023.count("2023-04-26"), 0u);

  // 2025: 18 August added as cuti bersama (933/2025).
  EXPECT_EQ(y2025.at("2025-08-18").first, "cuti_bersama");
}

class BadCalendarFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sigap-calendar-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes 2026.json and returns the loader's error message ("" if it loads).
  std::string Load(const std::string& text) {
    std::ofstream(dir_ / "2026.json") << text;
    const auto loaded = LoadCalendarDir(dir_);
    return loaded ? "" : loaded.error().message;
  }

  fs::path dir_;
};

TEST_F(BadCalendarFile, ErrorsNameTheFileAndTheEntry) {
  const std::string head = R"({"year": 2026, "decree": "SKB", "days": [)";
  const std::string ok =
      R"({"date": "2026-01-01", "name": "Tahun Baru", "type": "libur_nasional"})";

  EXPECT_EQ(Load(head + ok + "]}"), "");
  EXPECT_NE(Load("{").find("2026.json: not valid JSON"), std::string::npos);
  EXPECT_NE(Load(R"({"year": 2025, "decree": "SKB", "days": []})").find("named 2026"),
            std::string::npos);
  EXPECT_NE(Load(R"({"year": 2026, "days": []})").find("`decree`"), std::string::npos);
  EXPECT_NE(Load(head + ok + R"(, {"date": "2026-02-30", "name": "x", "type": "cuti_bersama"}]})")
                .find("days[1] (2026-02-30): not a valid date"),
            std::string::npos);
  EXPECT_NE(Load(head + R"({"date": "2025-12-31", "name": "x", "type": "cuti_bersama"}]})")
                .find("days[0] (2025-12-31): not in 2026"),
            std::string::npos);
  EXPECT_NE(Load(head + R"({"date": "2026-10-02", "name": "Hari Batik", "type": "observance"}]})")
                .find("days[0] (2026-10-02): `type`"),
            std::string::npos);
  EXPECT_NE(Load(head + R"({"date": "2026-01-02", "type": "cuti_bersama"}]})").find("`name`"),
            std::string::npos);
  EXPECT_NE(Load(head + ok + "," + ok + "]}").find("days[1] (2026-01-01): same date as days[0]"),
            std::string::npos);
}

TEST_F(BadCalendarFile, AnEmptyDirectoryIsNotFound) {
  const auto loaded = LoadCalendarDir(dir_);

  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace sigap::app
