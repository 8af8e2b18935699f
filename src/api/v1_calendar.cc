// /api/v1/calendar: the Pemda's working calendar (days off and deadlines)
// for everyone, and its own days off for administrators.
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/lane.h"
#include "app/calendar_book.h"
#include "app/calendar_data.h"
#include "app/case_workflow.h"
#include "domain/time.h"

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
  return json{{"date", DayText(entry.day.date)},
              {"weekday", domain::IndonesianWeekdayName(
                              std::chrono::weekday{std::chrono::sys_days{entry.day.date}})},
              {"name", entry.day.name},
              {"kind", domain::DayOffKindName(entry.day.kind)},
              {"source", app::DaySourceName(entry.source)},
              {"day_off", entry.IsDayOff()}};
}

// The Pemda's calendar before a change, to move the deadlines the change
// falls in once it is made (MoveDeadlines); null when it cannot be built.
std::shared_ptr<const domain::WorkingCalendar> CalendarBefore(ApiContext& ctx,
                                                              const domain::Pemda& pemda) {
  auto calendar = ctx.calendars.For(pemda);
  return calendar ? *calendar : nullptr;
}

// Moves the running deadlines a change of the Pemda's calendar made at
// `changed_at` falls in; how many cases moved (0 when none could be).
int MoveDeadlines(ApiContext& ctx, const domain::Pemda& pemda,
                  const std::shared_ptr<const domain::WorkingCalendar>& before,
                  Timestamp changed_at) {
  if (!before) return 0;
  auto moved = ctx.workflow.RecountDeadlines(pemda, before, changed_at);
  if (!moved) {
    spdlog::warn("calendar change: the deadlines of Pemda {} were not moved: {}", pemda.code,
                 moved.error().message);
    return 0;
  }
  return *moved;
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
  // Replacing a year the Pemda installed before moves the deadlines
  // counted on it; a year new to the calendar had none (they waited for
  // it, and the sweep counts them).
  auto before = CalendarBefore(ctx, admin.pemda);
  if (before && !before->Covers(std::chrono::year{y})) before = nullptr;
  const app::CalendarAuthor author{admin.principal.Actor(), ctx.clock.Now()};
  auto installed = ctx.calendars.InstallYear(admin.pemda, body.value, author);
  if (!installed) return ErrorResponse(request, installed.error());
  const int moved = MoveDeadlines(ctx, admin.pemda, before, author.at);
  auto year = YearJson(ctx, admin.pemda, std::chrono::year{y});
  if (!year) return CalendarError(request, year.error());
  (*year)["deadlines_moved"] = moved;
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
  auto response = JsonResponse(json{{"from", FormatLocalRfc3339(*from, offset)},
                                    {"days", days},
                                    {"time_zone", pemda.pemda.time_zone},
                                    {"due_at", FormatLocalRfc3339(*due, offset)},
                                    {"due_date", DayText(due_date)},
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
    date = ParseDay(*date_text);
    if (!date) errors.push_back({"date", "invalid_format", ""});
  }
  std::optional<store::CalendarDayKind> kind = store::CalendarDayKind::kRegional;
  if (kind_text && !kind_text->empty()) {
    kind = app::ParseCalendarDayKind(*kind_text);
    if (!kind) {
      errors.push_back({"kind", "invalid_value", "", app::CalendarDayKindWords()});
    }
  }
  const bool cancelling = kind == store::CalendarDayKind::kCancelled;
  if (name && name->empty() && !cancelling) errors.push_back({"name", "required", ""});
  if (!errors.empty() || !date || !name || !kind) {
    return ProblemResponse(request, 422, "validation", std::move(errors));
  }

  auto before = CalendarBefore(ctx, admin.pemda);
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
  json out = EntryJson(*entry);
  out["deadlines_moved"] = MoveDeadlines(ctx, admin.pemda, before, author.at);
  return JsonResponse(out, 201);
}

http::Response DeleteDay(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const auto date = ParseDay(request.params["date"]);
  if (!date) return ProblemResponse(request, 422, "validation", {{"date", "invalid_format", ""}});
  auto before = CalendarBefore(ctx, admin.pemda);
  const Timestamp changed_at = ctx.clock.Now();
  if (auto removed = ctx.calendars.RemoveDay(admin.pemda, *date); !removed) {
    return ErrorResponse(request, removed.error());
  }
  // 200 rather than 204: the admin learns how many deadlines moved back.
  return JsonResponse(
      json{{"date", DayText(*date)},
           {"deadlines_moved", MoveDeadlines(ctx, admin.pemda, before, changed_at)}});
}

}  // namespace

void RegisterCalendarRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/calendar", [&ctx](http::Request& r) { return ListDays(ctx, r); },
      "calendar_list");
  router.AddSync(
      "GET", "/api/v1/calendar/due", [&ctx](http::Request& r) { return GetDueDate(ctx, r); },
      "calendar_due");
  // A change of the calendar moves the running deadlines it falls in: a
  // scan of the Pemda's cases and a write for each that moves, on a thread
  // of its own rather than an event loop.
  auto lane = std::make_shared<http::WorkLane>(1, 8);
  router.Add(
      "POST", "/api/v1/calendar/days",
      [&ctx, lane](http::Request& r, http::Reply reply) {
        OnLane(lane, r, std::move(reply), [&ctx](http::Request& q) { return PostDay(ctx, q); });
      },
      "calendar_add_day");
  router.Add(
      "PUT", "/api/v1/calendar/years/{year}",
      [&ctx, lane](http::Request& r, http::Reply reply) {
        OnLane(lane, r, std::move(reply), [&ctx](http::Request& q) { return PutYear(ctx, q); });
      },
      "calendar_install_year");
  router.Add(
      "DELETE", "/api/v1/calendar/days/{date}",
      [&ctx, lane](http::Request& r, http::Reply reply) {
        OnLane(lane, r, std::move(reply), [&ctx](http::Request& q) { return DeleteDay(ctx, q); });
      },
      "calendar_remove_day");
}

}  // namespace sigap::api
