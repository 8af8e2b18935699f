// Issue 6, per-case ratings: POST /api/v1/cases/{code}/rating (the reporter,
// once per resolution) and GET /api/v1/ratings/summary, counted apart
// from the SKM.
#include <cmath>

#include "api/case_json.h"
#include "api/context.h"
#include "api/date_window.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "domain/access.h"
#include "domain/text.h"

namespace sigap::api {
namespace {

using nlohmann::json;

http::Response PostRating(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  const std::string_view secret = request.Header("X-Reporter-Secret").value_or("");
  if (secret.empty()) {
    return ProblemResponse(request, 401, "unauthenticated",
                           {{"X-Reporter-Secret", "required", ""}});
  }
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  store::CaseRating rating;
  const auto stars = body.value.find("stars");
  if (stars == body.value.end() || stars->is_null()) {
    errors.push_back({"stars", "required", ""});
  } else if (!stars->is_number_integer() || stars->get<int64_t>() < 1 ||
             stars->get<int64_t>() > 5) {
    errors.push_back({"stars", "out_of_range", "1..5"});
  } else {
    rating.stars = static_cast<int>(stars->get<int64_t>());
  }
  if (auto v = ReadString(body.value, "comment", "", errors)) {
    rating.comment = domain::Trim(*v);
    if (rating.comment.size() > 2000) errors.push_back({"comment", "too_long", "at most 2000"});
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  // Only the holder of the reporter secret of the receipt.
  auto view = ctx.reader.View(pemda.pemda.id, request.params["code"], nullptr, secret);
  if (!view) return ErrorResponse(request, view.error());
  if (view->viewer != app::Viewer::kReporter) {
    return ProblemResponse(request, 403, "forbidden", {{"X-Reporter-Secret", "invalid_value", ""}});
  }
  const auto status = view->c.status;
  if (status != domain::CaseStatus::kResolved && status != domain::CaseStatus::kClosed) {
    auto response = ProblemResponse(request, 409, "conflict", {{"status", "not_resolved", ""}});
    return response;
  }
  // Each answer is rated on its own: a case reopened and resolved again is
  // rated again, for its new answer.
  rating.resolution = view->RatedResolution();
  rating.case_id = view->c.id;
  rating.pemda_id = pemda.pemda.id;
  rating.agency_code = view->c.agency_code;
  rating.created_at = ctx.clock.Now();
  if (auto saved = ctx.store.SaveCaseRating(rating); !saved) {
    if (saved.error().code == ErrorCode::kConflict) {
      return ProblemResponse(request, 409, "conflict", {{"stars", "already_rated", ""}});
    }
    return ErrorResponse(request, saved.error());
  }
  return JsonResponse(json{{"tracking_code", view->c.tracking_code},
                           {"stars", rating.stars},
                           {"comment", rating.comment},
                           {"resolution", rating.resolution},
                           {"rated_at", FormatRfc3339(rating.created_at)}},
                      201);
}

http::Response Summary(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);
  if (!caller.principal) return ProblemResponse(request, 401, "unauthenticated");
  std::string agency(request.Query("agency").value_or(""));
  switch (caller.principal->role) {
    case domain::Role::kAdmin:
    case domain::Role::kLeader:
      break;
    case domain::Role::kAgencyOfficer:
    case domain::Role::kAgencyHead:
      // Its own agency by default, a head's with the units under it (each
      // its row in "agencies"); a head may name one of them.
      if (agency.empty()) {
        if (caller.principal->units.empty()) agency = caller.principal->agency_code;
      } else if (!domain::OverseesAgency(*caller.principal, agency)) {
        return ProblemResponse(request, 403, "forbidden", {{"agency", "forbidden", ""}});
      }
      break;
    case domain::Role::kVerifier:
    case domain::Role::kAuditor:
      return ProblemResponse(request, 403, "forbidden");
  }
  std::vector<FieldError> errors;
  const DateWindow window =
      ParseDateWindow(request, pemda.pemda, ctx.clock.Now(), 365, 5 * 366, errors);
  if (auto failed = CheckAgencyQuery(ctx, request, pemda.pemda.id, agency, errors)) {
    return std::move(*failed);
  }
  CheckQueryNames(request, {"from", "to", "agency"}, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors), true);
  auto counts = ctx.store.CountCaseRatings(pemda.pemda.id, agency, window.from, window.until);
  if (!counts) return ErrorResponse(request, counts.error());
  json items = json::array();
  int64_t total = 0, sum = 0;
  int64_t by_stars[5] = {0, 0, 0, 0, 0};
  const bool units_too = agency.empty() && domain::ListsOnlyOwnAgency(caller.principal->role);
  for (const auto& c : *counts) {
    if (units_too && !domain::OverseesAgency(*caller.principal, c.agency_code)) continue;
    int64_t s = 0;
    json stars = json::object();
    for (int i = 0; i < 5; ++i) {
      s += (i + 1) * c.by_stars[i];
      by_stars[i] += c.by_stars[i];
      stars[std::to_string(i + 1)] = c.by_stars[i];
    }
    total += c.count;
    sum += s;
    items.push_back(
        {{"agency_code", c.agency_code},
         {"count", c.count},
         {"average", c.count > 0 ? json(std::round(100.0 * s / c.count) / 100) : json()},
         {"by_stars", std::move(stars)}});
  }
  json all_stars = json::object();
  for (int i = 0; i < 5; ++i) all_stars[std::to_string(i + 1)] = by_stars[i];
  return JsonResponse(
      json{{"agency", agency.empty() ? json() : json(agency)},
           {"from", window.from_text},
           {"to", window.to_text},
           {"count", total},
           {"average", total > 0 ? json(std::round(100.0 * sum / total) / 100) : json()},
           {"by_stars", std::move(all_stars)},
           {"agencies", std::move(items)}});
}

}  // namespace

void RegisterRatingRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "POST", "/api/v1/cases/{code}/rating",
      [&ctx](http::Request& r) { return PostRating(ctx, r); }, "cases_rating");
  router.AddSync(
      "GET", "/api/v1/ratings/summary", [&ctx](http::Request& r) { return Summary(ctx, r); },
      "ratings_summary");
}

}  // namespace sigap::api
