// GET /api/v1/forecast/staffing and /api/v1/forecast/backlog (issue 10):
// how many officers a counter needs hour by hour (Erlang C over the
// arrivals of the past weeks), and where each agency's backlog is heading.
// Officers only; agency roles see their own agency. Counts only, no case.
#include <charconv>
#include <cmath>
#include <memory>
#include <type_traits>

#include "api/answer_cache.h"
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/lane.h"
#include "app/forecasts.h"
#include "domain/access.h"

namespace sigap::api {
namespace {

using nlohmann::json;

// Reads the optional numeric query parameter `name` into `out`; adds a
// field error when it is present but not a number.
template <typename T>
void Number(const http::Request& request, const char* name, T& out,
            std::vector<FieldError>& errors) {
  const auto text = request.Query(name);
  if (!text || text->empty()) return;
  T value{};
  const auto* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || (std::is_floating_point_v<T> && !std::isfinite(value))) {
    errors.push_back({name, "invalid_format", "a number", {}, "angka"});
    return;
  }
  out = value;
}

template <typename T>
void Number(const http::Request& request, const char* name, std::optional<T>& out,
            std::vector<FieldError>& errors) {
  T value{};
  const size_t before = errors.size();
  if (!request.Query(name) || request.Query(name)->empty()) return;
  Number(request, name, value, errors);
  if (errors.size() == before) out = value;
}

// Finite numbers as they are, infinity (an unstable queue) as null.
json Finite(double x, double scale = 1000) {
  return std::isfinite(x) ? json(std::round(x * scale) / scale) : json(nullptr);
}

json FiguresJson(const adapt::StaffingFigures& f) {
  return json{{"officers", f.agents},
              {"stable", f.stable},
              {"occupancy", Finite(f.occupancy)},
              {"probability_of_wait", Finite(f.probability_of_wait)},
              {"mean_wait_seconds", Finite(f.mean_wait_seconds, 10)},
              {"service_level", Finite(f.service_level)}};
}

// The Pemda, the caller (an officer) and the agency it may look at.
struct Scope {
  domain::Pemda pemda;
  std::string agency;
  // A head asking for its agency with the units under it: the forecast is
  // every agency's (agency ""), of which it reads theirs only.
  std::optional<domain::Principal> head;
  std::optional<http::Response> problem;
};

// `units_too`: the answer lists agencies, so a head's default is its agency
// with the units under it rather than its agency alone.
Scope OfficerScope(ApiContext& ctx, const http::Request& request, bool units_too) {
  Scope out;
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) {
    out.problem = std::move(pemda.problem);
    return out;
  }
  out.pemda = pemda.pemda;
  auto caller = Authenticate(ctx, request, out.pemda);
  if (caller.problem) {
    out.problem = std::move(caller.problem);
    return out;
  }
  if (!caller.principal) {
    out.problem = ProblemResponse(request, 401, "unauthenticated");
    return out;
  }
  out.agency = std::string(request.Query("agency").value_or(""));
  switch (caller.principal->role) {
    case domain::Role::kAdmin:
    case domain::Role::kLeader:
    case domain::Role::kVerifier:
    case domain::Role::kAuditor:
      break;
    case domain::Role::kAgencyOfficer:
    case domain::Role::kAgencyHead:
      // Its own agency by default (the backlog's, a head's with the units
      // under it: units_too); a head may name one of them.
      if (out.agency.empty() && !caller.principal->units.empty() && units_too) {
        out.head = *caller.principal;
      } else if (out.agency.empty()) {
        out.agency = caller.principal->agency_code;
      } else if (!domain::OverseesAgency(*caller.principal, out.agency)) {
        out.problem = ProblemResponse(request, 403, "forbidden", {{"agency", "forbidden", ""}});
        return out;
      }
      break;
  }
  return out;
}

http::Response GetStaffing(ApiContext& ctx, app::Forecasts& forecasts, http::Request& request) {
  auto scope = OfficerScope(ctx, request, false);
  if (scope.problem) return std::move(*scope.problem);
  app::StaffingQuery q;
  q.agency_code = scope.agency;
  q.service_code = std::string(request.Query("service").value_or(""));
  q.now = ctx.clock.Now();
  std::vector<FieldError> errors;
  if (q.service_code.size() > 64) errors.push_back({"service", "invalid_format", ""});
  if (q.agency_code.size() > 64) errors.push_back({"agency", "invalid_format", ""});
  Number(request, "weeks", q.weeks, errors);
  Number(request, "handling_minutes", q.handling_minutes, errors);
  Number(request, "target_wait_seconds", q.target_wait_seconds, errors);
  Number(request, "target_share", q.target_share, errors);
  Number(request, "officers", q.officers, errors);
  Number(request, "arrivals_per_hour", q.arrivals_per_hour, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors), true);

  auto report = forecasts.Staffing(scope.pemda, q);
  // Its range errors say the range, in the request's language.
  if (!report) return DetailedErrorResponse(request, report.error());
  json slots = json::array();
  for (const auto& s : report->slots) {
    json slot{{"weekday", s.weekday < 0 ? json(nullptr) : json(s.weekday)},
              {"hour", s.hour < 0 ? json(nullptr) : json(s.hour)},
              {"arrivals_per_hour", Finite(s.arrivals_per_hour)},
              {"officers_needed", s.needed ? json(s.needed->agents) : json(nullptr)},
              {"needed", s.needed ? FiguresJson(*s.needed) : json(nullptr)},
              {"today", s.today ? FiguresJson(*s.today) : json(nullptr)}};
    slots.push_back(std::move(slot));
  }
  const bool given = q.arrivals_per_hour.has_value();
  return JsonResponse(json{{"service", q.service_code},
                           {"agency", q.agency_code},
                           {"weeks", given ? json(nullptr) : json(q.weeks)},
                           {"from", given ? json(nullptr) : json(FormatRfc3339(report->from))},
                           {"until", given ? json(nullptr) : json(FormatRfc3339(report->until))},
                           {"arrivals", given ? json(nullptr) : json(report->arrivals)},
                           {"handling_minutes", q.handling_minutes},
                           {"target_wait_seconds", q.target_wait_seconds},
                           {"target_share", q.target_share},
                           {"officers", q.officers > 0 ? json(q.officers) : json(nullptr)},
                           {"peak_officers", report->peak_officers},
                           {"slots", std::move(slots)}});
}

// A forecast's answers (AnswerCache): by Pemda, the agency the caller may
// see and the question's parameters as asked.
using ForecastCache = AnswerCache<std::tuple<domain::PemdaId, std::string, std::string>>;

// The parameters of a forecast's question, in a canonical order.
std::string QuestionOf(const http::Request& request, std::initializer_list<const char*> names) {
  std::string out;
  for (const char* name : names) {
    out += name;
    out += '=';
    out += request.Query(name).value_or("");
    out += '&';
  }
  return out;
}

// The backlog forecast `body` as `scope` reads it: a head asking for its
// agency with its units, the rows of these only (the cache keeps every
// agency's, which a leader's same question reads).
json HeadsPart(const Scope& scope, json body) {
  if (!scope.head) return body;
  json& agencies = body["agencies"];
  json kept = json::array();
  for (auto& a : agencies) {
    if (domain::OverseesAgency(*scope.head, a.value("agency_code", ""))) {
      kept.push_back(std::move(a));
    }
  }
  agencies = std::move(kept);
  return body;
}

http::Response GetBacklog(ApiContext& ctx, app::Forecasts& forecasts, ForecastCache& cache,
                          http::Request& request) {
  auto scope = OfficerScope(ctx, request, true);
  if (scope.problem) return std::move(*scope.problem);
  const ForecastCache::Key key{
      scope.pemda.id, scope.agency,
      QuestionOf(request, {"window_days", "deadline_days", "cases_per_officer_day"})};
  if (auto kept = cache.Find(key, ctx.clock.Now())) return JsonResponse(HeadsPart(scope, *kept));
  app::BacklogQuery q;
  q.agency_code = scope.agency;
  q.now = ctx.clock.Now();
  std::vector<FieldError> errors;
  if (q.agency_code.size() > 64) errors.push_back({"agency", "invalid_format", ""});
  Number(request, "window_days", q.window_days, errors);
  Number(request, "deadline_days", q.deadline_days, errors);
  Number(request, "cases_per_officer_day", q.cases_per_officer_day, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors), true);

  auto report = forecasts.Backlog(scope.pemda, q);
  // Its range errors say the range, in the request's language.
  if (!report) return DetailedErrorResponse(request, report.error());
  json agencies = json::array();
  for (const auto& a : report->agencies) {
    const auto& f = a.forecast;
    json horizons = json::array();
    for (size_t i = 0; i < f.horizons.size(); ++i) {
      horizons.push_back({{"weeks", report->horizon_weeks[i]},
                          {"working_days", f.horizons[i].days},
                          {"open", Finite(f.horizons[i].open, 10)},
                          {"overdue", Finite(f.horizons[i].overdue, 10)}});
    }
    auto opt = [](const std::optional<double>& x) { return x ? Finite(*x, 10) : json(nullptr); };
    agencies.push_back(
        {{"agency_code", a.agency_code},
         {"open", Finite(f.open_now)},
         {"overdue", Finite(f.overdue_now)},
         {"arrivals_per_day", Finite(a.arrivals_per_day, 100)},
         {"resolutions_per_day", Finite(a.resolutions_per_day, 100)},
         {"net_per_day", Finite(f.net_per_day, 100)},
         {"officers", a.officers},
         {"cases_per_officer_day", opt(a.cases_per_officer_day)},
         {"deadline_days", a.deadline_days},
         {"clears_in_days", f.clears_in_days ? json(*f.clears_in_days) : json(nullptr)},
         {"horizons", std::move(horizons)},
         {"officer_days_to_recover", opt(f.officer_days_to_recover)},
         {"extra_officers_to_keep_pace", opt(f.extra_officers_to_keep_pace)}});
  }
  json body{{"agency", q.agency_code},
            {"window_days", q.window_days},
            {"window_working_days", report->window_working_days},
            {"as_of", FormatRfc3339(q.now)},
            {"agencies", std::move(agencies)}};
  cache.Keep(key, body, q.now);
  return JsonResponse(HeadsPart(scope, std::move(body)));
}

}  // namespace

void RegisterForecastRoutes(http::Router& router, ApiContext& ctx) {
  // Holds references only; shared by the two routes for as long as they live.
  auto forecasts = std::make_shared<app::Forecasts>(ctx.store, ctx.calendars);
  auto backlogs = std::make_shared<ForecastCache>();
  AddOnLane(
      router, ctx.reports, "GET", "/api/v1/forecast/staffing",
      [&ctx, forecasts](http::Request& r) { return GetStaffing(ctx, *forecasts, r); },
      "forecast_staffing");
  AddOnLane(
      router, ctx.reports, "GET", "/api/v1/forecast/backlog",
      [&ctx, forecasts, backlogs](http::Request& r) {
        return GetBacklog(ctx, *forecasts, *backlogs, r);
      },
      "forecast_backlog");
}

}  // namespace sigap::api
