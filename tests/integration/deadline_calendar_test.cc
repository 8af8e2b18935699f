// A deadline that reaches a year whose calendar (SKB 3 Menteri) is not
// installed, over real HTTP: the case runs without a deadline, officers see
// it waiting for the calendar, and once the year's file is installed and the
// server restarted the sweep counts it, as the calendar says, on the case's
// timeline.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

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
  // The server as it would run without this year's and next year's files:
  // every deadline counted from today reaches a year it does not cover.
  const fs::path calendar = s.data_dir() / "calendar";
  const fs::path aside = s.data_dir() / "aside";
  fs::create_directories(aside);
  for (int year = ThisYear(); year <= ThisYear() + 1; ++year) {
    const std::string name = std::to_string(year) + ".json";
    fs::rename(calendar / name, aside / name);
  }
  ASSERT_TRUE(s.process().Restart());

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
  for (const auto& entry : fs::directory_iterator(aside)) {
    fs::rename(entry.path(), calendar / entry.path().filename());
  }
  ASSERT_TRUE(s.process().Restart());
  ASSERT_TRUE(LifecycleServer::WaitFor([&] {
    return !s.Timeline(c.code, verifier)["deadline"]["due_at"].is_null();
  })) << s.Timeline(c.code, verifier).dump();

  timeline = s.Timeline(c.code, verifier);
  const auto rows = s.Sql("SELECT created_at FROM cases WHERE tracking_code = '" + c.code + "'");
  ASSERT_EQ(rows.size(), 1u);
  TestCalendar days;
  days.Load(s);
  const auto due = TestCalendar::LocalDate(MicrosOf(timeline["deadline"]["due_at"]));
  EXPECT_EQ(DateText(due), DateText(days.DueDate(std::stoll(rows[0][0]), 3)));
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

}  // namespace
}  // namespace sigap::integration
