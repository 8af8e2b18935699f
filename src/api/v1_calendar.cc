// /api/v1/calendar: the Pemda's working calendar (days off and deadlines)
// for everyone, and its own days off for administrators.
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "app/calendar_book.h"
#include "app/calendar_data.h"

namespace sigap::api {
namespace {

using nlohmann::json;
using std::chrono::year_month_day;

// The Pemda's time zone is configuration: when it is not an Indonesian one
// the server is misconfigured, which is not the client's fault.
http::Response CalendarError(const http::Request& request, const Error& error) {
  if (error.code == ErrorCode::kInvalidArgument) {
    return ErrorResponse(request, Error{ErrorCode::kInternal, error.message});
  }
  return ErrorResponse(request, error);
}

json EntryJson(const app::CalendarEntry& entry) {
  return json{{"date", app::FormatIsoDate(entry.day.date)},
              {"weekday", domain::IndonesianWeekdayName(
                              std::chrono::weekday{std::chrono::sys_days{entry.day.date}})},
              {"name", entry.day.name},
              {"kind", domain::DayOffKindName(entry.day.kind)},
              {"source", app::DaySourceName(entry.source)},
              {"day_off", entry.IsDayOff()}};
}

// Parses a decimal number of 1 to `max_digits` digits, or -1.
int ParseNumber(std::string_view text, size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return -1;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// {"year", "covered", "decree" (null when not covered), "installed" (the
// Pemda installed it through Sigap, rather than a data file), "installed_at"
// (then), "time_zone", "items"}: a year of the Pemda's calendar.
Result<json> YearJson(ApiContext& ctx, const domain::Pemda& pemda, std::chrono::year year) {
  auto days = ctx.calendars.DaysOff(pemda, year);
  if (!days) return Fail(days.error());
  auto info = ctx.calendars.YearInfo(pemda, year);
  if (!info) return Fail(info.error());
  json items = json::array();
  for (const auto& entry : *days) items.push_back(EntryJson(entry));
  json out{{"year", int(year)},  {"covered", info->has_value()}, {"decree", nullptr},
           {"installed", false}, {"time_zone", pemda.time_zone}, {"items", std::move(items)}};
  if (*info) {
    out["decree"] = (*info)->decree;
    out["installed"] = (*info)->installed;
    if ((*info)->installed) out["installed_at"] = FormatRfc3339((*info)->installed_at);
  }
  return out;
}

http::Response ListDays(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto calendar = ctx.calendars.For(pemda.pemda);
  if (!calendar) return CalendarError(request, calendar.error());
  std::chrono::year year = (*calendar)->LocalDate(ctx.clock.Now()).year();
  if (auto text = request.Query("year"); text && !text->empty()) {
    const int y = text->size() == 4 ? ParseNumber(*text, 4) : -1;
    if (y < 1) return ProblemResponse(request, 422, "validation", {{"year", "invalid_format", ""}});
    year = std::chrono::year{y};
  }
  auto body = YearJson(ctx, pemda.pemda, year);
  if (!body) return CalendarError(request, body.error());
  auto response = JsonResponse(std::move(*body));
  response.With("Cache-Control", "public, max-age=60");
  return response;
}

// PUT /api/v1/calendar/years/{year}: the body is the year's calendar in the
// format of data/calendar/YYYY.json.
http::Response PutYear(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const std::string& text = request.params["year"];
  const int y = text.size() == 4 ? ParseNumber(text, 4) : -1;
  if (y < 1) return ProblemResponse(request, 422, "validation", {{"year", "invalid_format", ""}});
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  if (body.value.is_object()) {
    const auto named = body.value.find("year");
    if (named != body.value.end() && named->is_number_integer() && named->get<int>() != y) {
      return ProblemResponse(request, 422, "validation",
                             {{"year", "mismatch", "the body is the calendar of another year"}});
    }
  }
  const app::CalendarAuthor author{admin.principal.Actor(), ctx.clock.Now()};
  auto installed = ctx.calendars.InstallYear(admin.pemda, body.value, author);
  if (!installed) return ErrorResponse(request, installed.error());
  auto year = YearJson(ctx, admin.pemda, std::chrono::year{y});
  if (!year) return CalendarError(request, year.error());
  return JsonResponse(std::move(*year));
}

http::Response GetDueDate(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  std::vector<FieldError> errors;
  std::string from_text(request.Query("from").value_or(""));
  // An unencoded "+07:00" arrives as " 07:00" ('+' means space in a query).
  if (from_text.size() > 6 && from_text[from_text.size() - 6] == ' ') {
    from_text[from_text.size() - 6] = '+';
  }
  // A plain date would be read as midnight UTC; a deadline needs the moment.
  const auto from = from_text.size() > 10 ? ParseRfc3339(from_text) : std::nullopt;
  if (from_text.empty()) {
    errors.push_back({"from", "required", ""});
  } else if (!from) {
    errors.push_back({"from", "invalid_format", ""});
  }
  const std::string days_text(request.Query("days").value_or(""));
  const int days = ParseNumber(days_text, 5);
  if (days_text.empty()) {
    errors.push_back({"days", "required", ""});
  } else if (days < 0) {
    errors.push_back({"days", "invalid_format", ""});
  } else if (days > domain::WorkingCalendar::kMaxWorkingDays) {
    errors.push_back({"days", "out_of_range", ""});
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  auto calendar = ctx.calendars.For(pemda.pemda);
  if (!calendar) return CalendarError(request, calendar.error());
  const domain::WorkingCalendar& cal = **calendar;
  const auto due = cal.DueAt(*from, days);
  if (!due) {
    // Without the decrees of a year the count reaches there is no answer:
    // name the input that leads there.
    const bool from_covered = cal.Covers(cal.LocalDate(*from).year());
    return ProblemResponse(
        request, 422, "validation",
        {{from_covered ? "days" : "from", "no_calendar",
          "install the national days off of that year first (sigap calendar install)"}});
  }
  const auto offset = cal.settings().utc_offset;
  const year_month_day due_date = cal.LocalDate(*due);
  auto response = JsonResponse(json{{"from", app::FormatLocalRfc3339(*from, offset)},
                                    {"days", days},
                                    {"time_zone", pemda.pemda.time_zone},
                                    {"due_at", app::FormatLocalRfc3339(*due, offset)},
                                    {"due_date", app::FormatIsoDate(due_date)},
                                    {"due_date_text", domain::FormatIndonesianDate(due_date)}});
  response.With("Cache-Control", "public, max-age=60");
  return response;
}

http::Response PostDay(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);

  std::vector<FieldError> errors;
  const auto date_text = ReadString(body.value, "date", "", errors);
  const auto name = ReadString(body.value, "name", "", errors);
  const auto kind_text = ReadString(body.value, "kind", "", errors);
  std::optional<year_month_day> date;
  if (date_text && date_text->empty()) {
    errors.push_back({"date", "required", ""});
  } else if (date_text) {
    date = app::ParseIsoDate(*date_text);
    if (!date) errors.push_back({"date", "invalid_format", ""});
  }
  std::optional<store::CalendarDayKind> kind = store::CalendarDayKind::kRegional;
  if (kind_text && !kind_text->empty()) {
    kind = app::ParseCalendarDayKind(*kind_text);
    if (!kind) errors.push_back({"kind", "invalid_value", ""});
  }
  const bool cancelling = kind == store::CalendarDayKind::kCancelled;
  if (name && name->empty() && !cancelling) errors.push_back({"name", "required", ""});
  if (!errors.empty() || !date || !name || !kind) {
    return ProblemResponse(request, 422, "validation", std::move(errors));
  }

  const app::CalendarAuthor author{admin.principal.Actor(), ctx.clock.Now()};
  Result<app::CalendarEntry> entry;
  if (cancelling) {
    // The name of a cancelled day is the data file's.
    entry = ctx.calendars.CancelDay(admin.pemda, *date, author);
  } else {
    const domain::DayOffKind day_kind =
        *kind == store::CalendarDayKind::kNational      ? domain::DayOffKind::kNational
        : *kind == store::CalendarDayKind::kCutiBersama ? domain::DayOffKind::kCutiBersama
                                                        : domain::DayOffKind::kRegional;
    entry = ctx.calendars.AddDay(admin.pemda, {*date, *name, day_kind}, author);
  }
  if (!entry) return ErrorResponse(request, entry.error());
  return JsonResponse(EntryJson(*entry), 201);
}

http::Response DeleteDay(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const auto date = app::ParseIsoDate(request.params["date"]);
  if (!date) return ProblemResponse(request, 422, "validation", {{"date", "invalid_format", ""}});
  if (auto removed = ctx.calendars.RemoveDay(admin.pemda, *date); !removed) {
    return ErrorResponse(request, removed.error());
  }
  return NoContentResponse();
}

}  // namespace

void RegisterCalendarRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/calendar", [&ctx](http::Request& r) { return ListDays(ctx, r); },
      "calendar_list");
  router.AddSync(
      "GET", "/api/v1/calendar/due", [&ctx](http::Request& r) { return GetDueDate(ctx, r); },
      "calendar_due");
  router.AddSync(
      "POST", "/api/v1/calendar/days", [&ctx](http::Request& r) { return PostDay(ctx, r); },
      "calendar_add_day");
  router.AddSync(
      "PUT", "/api/v1/calendar/years/{year}", [&ctx](http::Request& r) { return PutYear(ctx, r); },
      "calendar_install_year");
  router.AddSync(
      "DELETE", "/api/v1/calendar/days/{date}",
      [&ctx](http::Request& r) { return DeleteDay(ctx, r); }, "calendar_remove_day");
}

}  // namespace sigap::api
