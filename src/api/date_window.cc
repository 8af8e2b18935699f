#include "api/date_window.h"

#include "app/calendar_book.h"
#include "domain/time.h"
#include "domain/working_calendar.h"

namespace sigap::api {

using namespace std::chrono;

DateWindow ParseDateWindow(const http::Request& request, const domain::Pemda& pemda, Timestamp now,
                           int default_days, int max_days, std::vector<FieldError>& errors) {
  DateWindow out;
  out.utc_offset = domain::IndonesianUtcOffset(pemda.time_zone).value_or(minutes(7 * 60));
  const sys_days today = floor<days>(now + out.utc_offset);
  const size_t errors_before = errors.size();
  auto date = [&](const char* name, sys_days fallback) -> sys_days {
    const std::string text(request.Query(name).value_or(""));
    if (text.empty()) return fallback;
    const auto parsed = ParseDay(text);
    if (!parsed) {
      errors.push_back({name, "invalid_format", "a date YYYY-MM-DD", {}, "tanggal YYYY-MM-DD"});
      return fallback;
    }
    return sys_days(*parsed);
  };
  const sys_days to = date("to", today);
  const sys_days from = date("from", to - days(default_days));
  if (errors.size() == errors_before && from > to) {
    errors.push_back(
        {"from", "out_of_range", "on or before to", {}, "sama dengan atau sebelum to"});
  }
  if (errors.size() == errors_before && (to - from).count() > max_days) {
    const std::string most = std::to_string(max_days);
    errors.push_back({"from",
                      "out_of_range",
                      "at most " + most + " days before to",
                      {},
                      "paling lama " + most + " hari sebelum to"});
  }
  out.from = Timestamp(from - out.utc_offset);
  out.until = Timestamp(to + days(1) - out.utc_offset);
  out.from_text = FormatLocalRfc3339(out.from, out.utc_offset).substr(0, 10);
  out.to_text = FormatLocalRfc3339(out.until - days(1), out.utc_offset).substr(0, 10);
  return out;
}

}  // namespace sigap::api
