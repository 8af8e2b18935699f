#include "integration/test_calendar.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "domain/time.h"

namespace sigap::integration {

using std::chrono::sys_days;

namespace {

constexpr int64_t kWib = int64_t{7} * 3600;  // seconds east of UTC

}  // namespace

int64_t MicrosOf(const std::string& rfc3339) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  if (std::sscanf(rfc3339.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &y, &mo, &d, &h, &mi, &s, &ms) < 6) {
    ADD_FAILURE() << "not a timestamp: " << rfc3339;
    return 0;
  }
  const sys_days day{std::chrono::year{y} / mo / d};
  const int64_t seconds = static_cast<int64_t>(day.time_since_epoch().count()) * 86400 +
                          int64_t{h} * 3600 + int64_t{mi} * 60 + s;
  return seconds * 1'000'000 + int64_t{ms} * 1000;
}

void TestCalendar::Load(LifecycleServer& server) {
  namespace fs = std::filesystem;
  for (const auto& entry : fs::directory_iterator(server.data_dir() / "calendar")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const auto year = nlohmann::json::parse(in, nullptr, false);
    if (year.is_discarded() || !year.contains("days")) continue;
    for (const auto& day : year["days"]) off_.insert(day.value("date", ""));
  }
  for (const auto& row : server.Sql("SELECT date, kind FROM calendar_days")) {
    if (row[1] == "cancelled") {
      off_.erase(row[0]);
    } else {
      off_.insert(row[0]);
    }
  }
}

bool TestCalendar::IsWorkingDay(sys_days day) const {
  const std::chrono::weekday wd{day};
  if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) return false;
  return !off_.contains(DayText(day));
}

sys_days TestCalendar::AddWorkingDays(sys_days from, int n) const {
  sys_days d = from;
  while (n > 0) {
    d += std::chrono::days{1};
    if (IsWorkingDay(d)) --n;
  }
  return d;
}

int TestCalendar::WorkingDaysBetween(sys_days from, sys_days to) const {
  int n = 0;
  for (sys_days d = from + std::chrono::days{1}; d <= to; d += std::chrono::days{1}) {
    n += IsWorkingDay(d) ? 1 : 0;
  }
  return n;
}

sys_days TestCalendar::LocalDate(int64_t micros) {
  const int64_t local = micros / 1'000'000 + kWib;
  return sys_days{std::chrono::days{local >= 0 ? local / 86400 : (local - 86399) / 86400}};
}

sys_days TestCalendar::DueDate(int64_t micros, int n) const {
  const sys_days local = LocalDate(micros);
  const int64_t second_of_day = (micros / 1'000'000 + kWib) % 86400;
  const sys_days day0 =
      IsWorkingDay(local) && second_of_day < int64_t{16} * 3600 ? local : AddWorkingDays(local, 1);
  return AddWorkingDays(day0, n);
}

}  // namespace sigap::integration
