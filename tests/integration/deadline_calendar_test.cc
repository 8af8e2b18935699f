// A deadline that reaches a year whose calendar (SKB 3 Menteri) is not
// installed, over real HTTP: the case runs without a deadline, officers see
// it waiting for the calendar, and once the year's file is installed and the
// server restarted the sweep counts it, as the calendar says, on the case's
// timeline.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>

#include "domain/time.h"
#include "integration/lifecycle_server.h"
#include "integration/test_calendar.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const ReporterIdentity kReporter{"Tini Tenggat", "081234500077", "tini.tenggat@contoh.id",
                                 "3374014101900077"};

int ThisYear() {
  return int(std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}
                 .year());
}

// Restarts `s` without this year's and next year's calendar files (moved to
// data/aside): every deadline counted from today reaches a year it does not
// cover. Returns the directory they were moved to.
fs::path RestartWithoutThisYearsCalendar(LifecycleServer& s) {
  const fs::path aside = s.data_dir() / "aside";
  fs::create_directories(aside);
  for (int year = ThisYear(); year <= ThisYear() + 1; ++year) {
    const std::string name = std::to_string(year) + ".json";
    fs::rename(s.data_dir() / "calendar" / name, aside / name);
  }
  EXPECT_TRUE(s.process().Restart());
  return aside;
}

// Moves the files of `aside` back into the calendar directory.
void PutBack(LifecycleServer& s, const fs::path& aside) {
  for (const auto& entry : fs::directory_iterator(aside)) {
    fs::rename(entry.path(), s.data_dir() / "calendar" / entry.path().filename());
  }
}

// The local due date of `timeline`'s deadline against the one TestCalendar
// counts for `days` working days from the case's filing, both "YYYY-MM-DD".
std::pair<std::string, std::string> DueDates(LifecycleServer& s, const json& timeline,
                                             const std::string& code, int days) {
  const auto rows = s.Sql("SELECT created_at FROM cases WHERE tracking_code = '" + code + "'");
  EXPECT_EQ(rows.size(), 1u);
  if (rows.size() != 1) return {};
  TestCalendar calendar;
  calendar.Load(s);
  const auto due = TestCalendar::LocalDate(MicrosOf(timeline["deadline"]["due_at"]));
  return {DayText(due), DayText(calendar.DueDate(std::stoll(rows[0][0]), days))};
}

// Whether a case listing (GET /api/v1/cases?...) holds `code`.
bool Lists(const json& page, const std::string& code) {
  for (const auto& item : page.value("items", json::array())) {
    if (item.value("tracking_code", "") == code) return true;
  }
  return false;
}

TEST(DeadlineCalendar, ADeadlineWaitsForItsYearsCalendarAndIsCountedOnceItIsInstalled) {
  LifecycleServer s({});
  ASSERT_TRUE(s.Start());
  const fs::path aside = RestartWithoutThisYearsCalendar(s);

  const Receipt c = s.Submit(Complaint("tenggat", kReporter));
  const http::Headers verifier = s.Officer("verifikator");
  json timeline = s.Timeline(c.code, verifier);
  EXPECT_EQ(timeline["deadline"]["stage"], "verification") << timeline.dump();
  EXPECT_TRUE(timeline["deadline"]["due_at"].is_null()) << timeline.dump();
  EXPECT_EQ(timeline["deadline"]["state"], "awaiting_calendar") << timeline.dump();
  auto waiting = s.Call("GET", "/api/v1/cases?deadline=awaiting_calendar", verifier);
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  EXPECT_TRUE(Lists(json::parse(waiting.body), c.code)) << waiting.body;

  // The year's SKB installed, the server restarted: the first sweep counts
  // the deadline from when the stage began (the case's filing).
  PutBack(s, aside);
  ASSERT_TRUE(s.process().Restart());
  ASSERT_TRUE(LifecycleServer::WaitFor([&] {
    return !s.Timeline(c.code, verifier)["deadline"]["due_at"].is_null();
  })) << s.Timeline(c.code, verifier).dump();

  timeline = s.Timeline(c.code, verifier);
  const auto [counted, expected] = DueDates(s, timeline, c.code, 3);
  EXPECT_EQ(counted, expected);
  EXPECT_EQ(timeline["deadline"]["state"], "on_track") << timeline.dump();
  const auto kinds = EventKinds(timeline);
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds.back(), "deadline_counted") << timeline.dump();
  EXPECT_EQ(timeline["events"].back()["payload"]["stage"], "verification");
  // Internal: the citizen's timeline does not show it.
  EXPECT_NE(EventKinds(s.Timeline(c.code)).back(), "deadline_counted");
  waiting = s.Call("GET", "/api/v1/cases?deadline=awaiting_calendar", verifier);
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  EXPECT_FALSE(Lists(json::parse(waiting.body), c.code)) << waiting.body;

  // Counted once: another restart adds nothing.
  const json version = timeline["version"];
  ASSERT_TRUE(s.process().Restart());
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(s.Timeline(c.code, verifier)["version"], version);
}

// The same, the year installed by an administrator through the API instead
// of a file and a restart: the next sweep counts the deadline.
TEST(DeadlineCalendar, AYearInstalledThroughTheApiCountsTheWaitingDeadlinesWithoutARestart) {
  LifecycleServer s({});
  ASSERT_TRUE(s.Start());
  const fs::path aside = RestartWithoutThisYearsCalendar(s);
  const Receipt c = s.Submit(Complaint("tenggatapi", kReporter));
  const http::Headers verifier = s.Officer("verifikator");
  ASSERT_EQ(s.Timeline(c.code, verifier)["deadline"]["state"], "awaiting_calendar");

  const http::Headers admin = s.Officer("admin");
  for (int year = ThisYear(); year <= ThisYear() + 1; ++year) {
    std::ifstream in(aside / (std::to_string(year) + ".json"));
    const std::string document((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    auto installed =
        s.Call("PUT", "/api/v1/calendar/years/" + std::to_string(year), admin, document);
    ASSERT_EQ(installed.status, 200) << installed.body;
    EXPECT_EQ(json::parse(installed.body)["installed"], true);
  }
  ASSERT_TRUE(LifecycleServer::WaitFor([&] {
    return !s.Timeline(c.code, verifier)["deadline"]["due_at"].is_null();
  })) << s.Timeline(c.code, verifier).dump();

  const json timeline = s.Timeline(c.code, verifier);
  // The days off the server counted with are the installed files' (moved
  // back for TestCalendar, which reads the directory).
  PutBack(s, aside);
  const auto [counted, expected] = DueDates(s, timeline, c.code, 3);
  EXPECT_EQ(counted, expected);
  EXPECT_EQ(EventKinds(timeline).back(), "deadline_counted");
}

}  // namespace
}  // namespace sigap::integration
