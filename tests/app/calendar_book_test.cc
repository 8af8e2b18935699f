// CalendarBook over a real SQLite file and the real data/calendar files. The
// expected dates come from the 2026 calendar (1 January 2026 is a Thursday)
// and the SKB 3 Menteri days off listed in data/calendar/2026.json.
#include "app/calendar_book.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/time.h"
#include "store/store_fixture.h"

namespace sigap::app {
namespace {

using std::chrono::year;
using std::chrono::year_month_day;
using store::SqliteBackend;
using store::TempDir;

const std::filesystem::path kCalendarDir = SIGAP_SOURCE_DIR "/data/calendar";

year_month_day Date(int y, unsigned m, unsigned d) {
  return year{y} / std::chrono::month{m} / std::chrono::day{d};
}

Timestamp At(const char* rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

class CalendarBookTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteBackend::Open(dir_);
    pemda_ = SavePemda("33.74", "Kota Semarang", "Asia/Jakarta");
    auto book = CalendarBook::Create(*store_, kCalendarDir, std::chrono::hours(16));
    ASSERT_TRUE(book.has_value()) << book.error().message;
    book_ = std::move(*book);
  }

  domain::Pemda SavePemda(std::string code, std::string name, std::string time_zone) {
    domain::Pemda pemda{0, std::move(code), std::move(name), std::move(time_zone)};
    auto id = store_->SavePemda(pemda);
    EXPECT_TRUE(id.has_value());
    pemda.id = id.value_or(0);
    return pemda;
  }

  // The due date (local) of a case received at `received` with `days`
  // working days, as "YYYY-MM-DD".
  std::string DueDate(const domain::Pemda& pemda, const char* received, int days) {
    auto calendar = book_->For(pemda);
    EXPECT_TRUE(calendar.has_value()) << calendar.error().message;
    if (!calendar) return "";
    auto due = (*calendar)->DueAt(At(received), days);
    EXPECT_TRUE(due.has_value()) << due.error().message;
    if (!due) return "";
    return DayText((*calendar)->LocalDate(*due));
  }

  bool IsWorkingDay(const domain::Pemda& pemda, year_month_day date) {
    auto calendar = book_->For(pemda);
    EXPECT_TRUE(calendar.has_value());
    return calendar && (*calendar)->IsWorkingDay(date);
  }

  const CalendarAuthor kAdmin{"user:admin", At("2026-01-05T09:00:00+07:00")};

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
  domain::Pemda pemda_;
  std::unique_ptr<CalendarBook> book_;
};

TEST_F(CalendarBookTest, WithoutOwnDaysTheNationalCalendarApplies) {
  // Tuesday 2 June 2026, 10:00 WIB: Wed 3, Thu 4, Fri 5 June.
  EXPECT_EQ(DueDate(pemda_, "2026-06-02T10:00:00+07:00", 3), "2026-06-05");
  // Wednesday 13 May: Thu 14 (Kenaikan) and Fri 15 (cuti bersama) are off.
  EXPECT_EQ(DueDate(pemda_, "2026-05-13T09:00:00+07:00", 1), "2026-05-18");
}

TEST_F(CalendarBookTest, RegionalDayOffMovesTheDueDate) {
  auto added = book_->AddDay(
      pemda_, {Date(2026, 6, 5), "Hari Jadi Kota", domain::DayOffKind::kRegional}, kAdmin);

  ASSERT_TRUE(added.has_value()) << added.error().message;
  EXPECT_EQ(added->source, DaySource::kRegional);
  // Friday 5 June is off: Wed 3, Thu 4, then Monday 8 June.
  EXPECT_EQ(DueDate(pemda_, "2026-06-02T10:00:00+07:00", 3), "2026-06-08");
  EXPECT_FALSE(IsWorkingDay(pemda_, Date(2026, 6, 5)));
}

TEST_F(CalendarBookTest, CancellingANationalDayMakesItAWorkingDayAgain) {
  auto cancelled = book_->CancelDay(pemda_, Date(2026, 5, 15), kAdmin);

  ASSERT_TRUE(cancelled.has_value()) << cancelled.error().message;
  EXPECT_EQ(cancelled->day.name, "Cuti Bersama Kenaikan Yesus Kristus");
  EXPECT_TRUE(IsWorkingDay(pemda_, Date(2026, 5, 15)));
  // Thursday 14 May (Kenaikan) stays off; Friday 15 May counts.
  EXPECT_EQ(DueDate(pemda_, "2026-05-13T09:00:00+07:00", 1), "2026-05-15");
}

TEST_F(CalendarBookTest, ACorrectionMovesANationalHoliday) {
  // As if a revised decree moved Idul Adha from Wednesday 27 to Tuesday 26 May.
  ASSERT_TRUE(book_->CancelDay(pemda_, Date(2026, 5, 27), kAdmin));
  ASSERT_TRUE(book_->AddDay(
      pemda_, {Date(2026, 5, 26), "Hari Raya Idul Adha 1447 H", domain::DayOffKind::kNational},
      kAdmin));

  auto days = book_->DaysOff(pemda_, year{2026});

  ASSERT_TRUE(days.has_value()) << days.error().message;
  const auto on = [&](year_month_day date) {
    return std::find_if(days->begin(), days->end(),
                        [&](const CalendarEntry& e) { return e.day.date == date; });
  };
  ASSERT_NE(on(Date(2026, 5, 26)), days->end());
  EXPECT_EQ(on(Date(2026, 5, 26))->source, DaySource::kCorrection);
  EXPECT_EQ(on(Date(2026, 5, 26))->day.kind, domain::DayOffKind::kNational);
  ASSERT_NE(on(Date(2026, 5, 27)), days->end());
  EXPECT_EQ(on(Date(2026, 5, 27))->source, DaySource::kCancelled);
  EXPECT_FALSE(on(Date(2026, 5, 27))->IsDayOff());
  EXPECT_FALSE(IsWorkingDay(pemda_, Date(2026, 5, 26)));
  EXPECT_TRUE(IsWorkingDay(pemda_, Date(2026, 5, 27)));
  // Monday 25 May, 1 day: Tuesday 26 is off now, Wednesday 27 counts.
  EXPECT_EQ(DueDate(pemda_, "2026-05-25T09:00:00+07:00", 1), "2026-05-27");
}

TEST_F(CalendarBookTest, DaysOffListsTheNationalDaysAndThePemdasOwnByDate) {
  ASSERT_TRUE(book_->AddDay(
      pemda_, {Date(2026, 6, 5), "Hari Jadi Kota", domain::DayOffKind::kRegional}, kAdmin));

  auto days = book_->DaysOff(pemda_, year{2026});
  auto none = book_->DaysOff(pemda_, year{2019});

  ASSERT_TRUE(days.has_value());
  EXPECT_EQ(days->size(), 26u);  // the SKB's 25 and the Pemda's own
  EXPECT_TRUE(std::is_sorted(days->begin(), days->end(), [](const auto& a, const auto& b) {
    return std::chrono::sys_days{a.day.date} < std::chrono::sys_days{b.day.date};
  }));
  EXPECT_EQ(days->front().day.name, "Tahun Baru 2026 Masehi");
  EXPECT_EQ(days->front().source, DaySource::kNational);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST_F(CalendarBookTest, RemovingTheOwnRowRestoresTheDataFiles) {
  ASSERT_TRUE(book_->CancelDay(pemda_, Date(2026, 5, 15), kAdmin));
  ASSERT_TRUE(book_->AddDay(
      pemda_, {Date(2026, 6, 5), "Hari Jadi Kota", domain::DayOffKind::kRegional}, kAdmin));

  auto uncancelled = book_->RemoveDay(pemda_, Date(2026, 5, 15));
  auto removed = book_->RemoveDay(pemda_, Date(2026, 6, 5));
  auto absent = book_->RemoveDay(pemda_, Date(2026, 6, 5));

  ASSERT_TRUE(uncancelled.has_value()) << uncancelled.error().message;
  ASSERT_TRUE(removed.has_value()) << removed.error().message;
  EXPECT_FALSE(IsWorkingDay(pemda_, Date(2026, 5, 15)));
  EXPECT_TRUE(IsWorkingDay(pemda_, Date(2026, 6, 5)));
  ASSERT_FALSE(absent.has_value());
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
}

TEST_F(CalendarBookTest, RefreshPicksUpAnotherWritersChange) {
  ASSERT_TRUE(IsWorkingDay(pemda_, Date(2026, 6, 5)));
  auto other = store::sqlite::SqliteStore::Open((dir_.path() / "sigap.db").string());
  ASSERT_TRUE(other.has_value());
  ASSERT_TRUE((*other)->SaveCalendarDay(
      pemda_.id, {Date(2026, 6, 5), "Hari Jadi Kota", store::CalendarDayKind::kRegional, "cli:x",
                  At("2026-01-05T10:00:00+07:00")}));

  const bool before = IsWorkingDay(pemda_, Date(2026, 6, 5));
  book_->Refresh();
  const bool after = IsWorkingDay(pemda_, Date(2026, 6, 5));

  EXPECT_TRUE(before);  // still the calendar built earlier
  EXPECT_FALSE(after);
}

TEST_F(CalendarBookTest, OwnDaysStayWithTheirPemdaAndItsTimeZone) {
  const domain::Pemda makassar = SavePemda("73.71", "Kota Makassar", "Asia/Makassar");
  ASSERT_TRUE(book_->AddDay(
      pemda_, {Date(2026, 6, 5), "Hari Jadi Kota", domain::DayOffKind::kRegional}, kAdmin));

  auto calendar = book_->For(makassar);

  ASSERT_TRUE(calendar.has_value());
  EXPECT_TRUE((*calendar)->IsWorkingDay(Date(2026, 6, 5)));
  EXPECT_EQ((*calendar)->settings().utc_offset, std::chrono::hours(8));
  EXPECT_EQ((*calendar)->settings().cutoff, std::chrono::hours(16));
  // 15:30 WIB is 16:30 WITA, after the cut-off: day 0 is Wed 3 June.
  EXPECT_EQ(DueDate(makassar, "2026-06-02T15:30:00+07:00", 1), "2026-06-04");
}

TEST_F(CalendarBookTest, DaysOutsideTheCoveredYearsAreRefusedNamingDate) {
  auto next_year = book_->AddDay(
      pemda_, {Date(2027, 6, 5), "Hari Jadi Kota", domain::DayOffKind::kRegional}, kAdmin);
  auto cancel_next = book_->CancelDay(pemda_, Date(2027, 1, 1), kAdmin);

  ASSERT_FALSE(next_year.has_value());
  EXPECT_EQ(next_year.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(next_year.error().fields.size(), 1u);
  EXPECT_EQ(next_year.error().fields[0].field, "date");
  EXPECT_NE(next_year.error().message.find("2027.json"), std::string::npos)
      << next_year.error().message;
  ASSERT_FALSE(cancel_next.has_value());
  EXPECT_EQ(cancel_next.error().fields[0].field, "date");
}

TEST_F(CalendarBookTest, BadDaysAreRefusedNamingTheField) {
  auto invalid_date = book_->AddDay(
      pemda_, {Date(2026, 2, 29), "Tidak ada", domain::DayOffKind::kRegional}, kAdmin);
  auto blank_name =
      book_->AddDay(pemda_, {Date(2026, 6, 5), "   ", domain::DayOffKind::kRegional}, kAdmin);
  auto long_name = book_->AddDay(
      pemda_, {Date(2026, 6, 5), std::string(201, 'a'), domain::DayOffKind::kRegional}, kAdmin);
  auto not_national = book_->CancelDay(pemda_, Date(2026, 6, 5), kAdmin);

  for (const auto* result : {&invalid_date, &blank_name, &long_name, &not_national}) {
    ASSERT_FALSE(result->has_value());
    EXPECT_EQ(result->error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(invalid_date.error().fields[0].field, "date");
  EXPECT_EQ(blank_name.error().fields[0].field, "name");
  EXPECT_EQ(long_name.error().fields[0].field, "name");
  EXPECT_EQ(not_national.error().fields[0].field, "date");
  auto days = store_->ListCalendarDays(pemda_.id);
  ASSERT_TRUE(days.has_value());
  EXPECT_TRUE(days->empty());
}

// The first year after those data/calendar has, and its calendar as an
// administrator would install it: 1 January off, and a cuti bersama on the
// Friday 2 January when it is one.
int UncoveredYear(const CalendarBook& book) {
  int y = 2027;
  while (book.FilesCover(year{y})) ++y;
  return y;
}

nlohmann::json YearDocument(int y) {
  const std::string prefix = std::to_string(y);
  return nlohmann::json{
      {"year", y},
      {"decree", "SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun " + prefix},
      {"days",
       {{{"date", prefix + "-01-01"}, {"name", "Tahun Baru Masehi"}, {"type", "libur_nasional"}},
        {{"date", prefix + "-03-10"}, {"name", "Cuti Bersama"}, {"type", "cuti_bersama"}}}}};
}

TEST_F(CalendarBookTest, AnInstalledYearIsCoveredAndCountsDeadlines) {
  const int y = UncoveredYear(*book_);
  const std::string next = std::to_string(y);
  const uint64_t generation = book_->generation();
  auto before = book_->Covers(pemda_, year{y});
  ASSERT_TRUE(before.has_value());
  EXPECT_FALSE(*before);

  auto installed = book_->InstallYear(pemda_, YearDocument(y), kAdmin);

  ASSERT_TRUE(installed.has_value()) << installed.error().message;
  EXPECT_EQ(installed->year, y);
  EXPECT_TRUE(installed->installed);
  EXPECT_NE(book_->generation(), generation);
  EXPECT_TRUE(book_->Covers(pemda_, year{y}).value_or(false));
  EXPECT_FALSE(book_->FilesCover(year{y})) << "the files still do not have it";
  auto info = book_->YearInfo(pemda_, year{y});
  ASSERT_TRUE(info.has_value() && info->has_value());
  EXPECT_EQ((*info)->installed_by, "user:admin");
  EXPECT_NE((*info)->decree.find(next), std::string::npos);
  // 1 January off: from 31 December, one working day later is 2 January,
  // or the first weekday after it.
  EXPECT_FALSE(IsWorkingDay(pemda_, Date(y, 1, 1)));
  EXPECT_FALSE(IsWorkingDay(pemda_, Date(y, 3, 10)));
  auto calendar = book_->For(pemda_);
  ASSERT_TRUE(calendar.has_value());
  auto due = (*calendar)->AddWorkingDays(Date(y - 1, 12, 31), 1);
  ASSERT_TRUE(due.has_value()) << due.error().message;
  EXPECT_GT(std::chrono::sys_days{*due}, std::chrono::sys_days{Date(y, 1, 1)});
  // Its days may be corrected like the files' own.
  EXPECT_TRUE(book_->CancelDay(pemda_, Date(y, 3, 10), kAdmin).has_value());
  EXPECT_TRUE(IsWorkingDay(pemda_, Date(y, 3, 10)));
  EXPECT_TRUE(
      book_->AddDay(pemda_, {Date(y, 6, 5), "Hari Jadi", domain::DayOffKind::kRegional}, kAdmin)
          .has_value());
  // Another Pemda of the deployment installs its own.
  const domain::Pemda other = SavePemda("33.22", "Kabupaten Semarang", "Asia/Jakarta");
  EXPECT_FALSE(book_->Covers(other, year{y}).value_or(true));
}

TEST_F(CalendarBookTest, InstallingAYearNamesWhatIsWrong) {
  const int y = UncoveredYear(*book_);
  auto document = YearDocument(y);
  document["days"][1]["date"] = std::to_string(y) + "-02-30";
  auto bad_date = book_->InstallYear(pemda_, document, kAdmin);
  document = YearDocument(y);
  document["days"][1]["type"] = "observance";
  auto bad_type = book_->InstallYear(pemda_, document, kAdmin);
  document = YearDocument(y);
  document.erase("decree");
  auto no_decree = book_->InstallYear(pemda_, document, kAdmin);
  auto from_files = book_->InstallYear(pemda_, YearDocument(2026), kAdmin);

  for (const auto* result : {&bad_date, &bad_type, &no_decree, &from_files}) {
    ASSERT_FALSE(result->has_value());
    EXPECT_EQ(result->error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(result->error().fields.size(), 1u);
  }
  EXPECT_EQ(bad_date.error().fields[0].field, "days[1].date");
  EXPECT_EQ(bad_type.error().fields[0].field, "days[1].type");
  EXPECT_EQ(no_decree.error().fields[0].field, "decree");
  EXPECT_EQ(from_files.error().fields[0].field, "year");
  EXPECT_EQ(from_files.error().fields[0].code, "exists");
  auto stored = store_->ListCalendarYears(pemda_.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->empty()) << "nothing half-installed";
}

TEST_F(CalendarBookTest, PemdaOutsideIndonesianTimeZonesIsRefused) {
  const domain::Pemda elsewhere = SavePemda("99.99", "Kota Lain", "Asia/Singapore");

  auto calendar = book_->For(elsewhere);

  ASSERT_FALSE(calendar.has_value());
  EXPECT_EQ(calendar.error().code, ErrorCode::kInvalidArgument);
}

TEST(CalendarBookCreate, MissingFilesAndBadCutoffAreRefused) {
  TempDir dir;
  auto store = SqliteBackend::Open(dir);

  auto missing = CalendarBook::Create(*store, dir.path() / "calendar", std::chrono::hours(16));
  auto late = CalendarBook::Create(*store, kCalendarDir, std::chrono::hours(25));

  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("calendar"), std::string::npos);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().fields[0].field, "cutoff");
}

}  // namespace
}  // namespace sigap::app
