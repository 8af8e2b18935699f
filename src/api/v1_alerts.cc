// /api/v1/alerts: the early-warning alerts the detectors found (issue 9),
// with their evidence, and their lifecycle new → acknowledged → actioned →
// closed. Officers only; agency roles see their agency's alerts (and those
// of no agency), auditors read but do not move them.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "api/context.h"
#include "api/cursor.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/officer_names.h"
#include "app/calendar_book.h"
#include "app/known_codes.h"
#include "domain/access.h"
#include "domain/text.h"
#include "domain/time.h"

namespace sigap::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxReason = 2000;

bool AgencyBound(const domain::Principal& p) {
  return p.role == domain::Role::kAgencyOfficer || p.role == domain::Role::kAgencyHead;
}

// An agency's officers see its alerts and the Pemda-wide ones; its head,
// the units' under it too (domain::OverseesAgency), without moving them.
bool MaySee(const domain::Principal& p, const store::StoredAlert& a) {
  return !AgencyBound(p) || a.evidence.agency_code.empty() ||
         domain::OverseesAgency(p, a.evidence.agency_code);
}

// An agency's officers and head move their agency's alerts; one of no
// agency (a city-wide shift, a topic) concerns the whole Pemda, and one
// agency closing it would close it for all.
bool MayMove(const domain::Principal& p, const store::StoredAlert& a) {
  if (p.role == domain::Role::kAuditor) return false;  // reads, never acts
  return !AgencyBound(p) || a.evidence.agency_code == p.agency_code;
}

// Closing an alert ends it for everyone it was sent to (its agency's head
// first): an agency's officers acknowledge and act on its alerts, its head
// or the Pemda-wide roles close them.
bool MayClose(const domain::Principal& p, const store::StoredAlert& a) {
  return MayMove(p, a) && p.role != domain::Role::kAgencyOfficer;
}

// The moves `p` may make on `a` now.
std::vector<domain::AlertStatus> MovesFor(const domain::Principal& p, const store::StoredAlert& a) {
  if (!MayMove(p, a)) return {};
  auto moves = domain::AllowedAlertMoves(a.status);
  if (!MayClose(p, a)) std::erase(moves, domain::AlertStatus::kClosed);
  return moves;
}

// The officer behind the request, or the problem response to send.
struct OfficerOrProblem {
  domain::Pemda pemda;
  domain::Principal principal;
  std::optional<http::Response> problem;
};

OfficerOrProblem RequireOfficer(ApiContext& ctx, const http::Request& request) {
  OfficerOrProblem out;
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) {
    out.problem = std::move(pemda.problem);
    return out;
  }
  out.pemda = pemda.pemda;
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) {
    out.problem = std::move(caller.problem);
  } else if (!caller.principal) {
    out.problem = ProblemResponse(request, 401, "unauthenticated");
  } else {
    out.principal = *caller.principal;
  }
  return out;
}

json StatusesJson(const std::vector<domain::AlertStatus>& statuses) {
  json out = json::array();
  for (auto s : statuses) out.push_back(std::string(domain::AlertStatusName(s)));
  return out;
}

// The detectors update a persisting change on each day they see it (the
// backlog's on working days), so an alert that none updated for longer than
// a long weekend has subsided.
constexpr int kQuietDaysBeforeSubsided = 3;

// The first local day (YYYY-MM-DD) on which an alert still counts as
// ongoing: kQuietDaysBeforeSubsided days before today in the Pemda's time
// zone.
std::string OngoingSince(const domain::Pemda& pemda, Timestamp now) {
  const auto offset =
      domain::IndonesianUtcOffset(pemda.time_zone).value_or(std::chrono::minutes(7 * 60));
  return FormatLocalRfc3339(now - std::chrono::days(kQuietDaysBeforeSubsided), offset)
      .substr(0, 10);
}

// `viewer`'s moves: none for whom may not move the alert at all. `ongoing`
// whether the detectors still see the change: updated on or after
// `ongoing_since` (OngoingSince).
json AlertSummaryJson(const store::StoredAlert& a, const domain::Principal& viewer,
                      const std::string& ongoing_since) {
  const auto& e = a.evidence;
  json regions = json::array();
  for (const auto& r : e.regions) regions.push_back({{"code", r.code}, {"name", r.name}});
  return json{{"id", a.id},
              {"status", std::string(domain::AlertStatusName(a.status))},
              {"detector", e.detector},
              {"sentence", e.sentence},
              // Alerts raised before English sentences were written have none.
              {"sentence_en", e.sentence_en.empty() ? json(nullptr) : json(e.sentence_en)},
              {"category_code", e.category_code},
              {"category_name", e.category_name},
              {"agency_code", e.agency_code},
              {"agency_name", e.agency_name},
              {"regions", std::move(regions)},
              {"top_terms", e.top_terms},
              {"observed", e.observed},
              {"expected", e.expected},
              {"first_day", a.first_day},
              {"since_day", a.since_day},
              {"last_day", a.last_day},
              {"ongoing", a.last_day >= ongoing_since},
              {"updates", a.updates},
              // The closed alert whose change this one continues.
              {"continues", a.continues != 0 ? json(a.continues) : json(nullptr)},
              {"allowed_moves", StatusesJson(MovesFor(viewer, a))},
              {"created_at", FormatRfc3339(a.created_at)},
              {"updated_at", FormatRfc3339(a.updated_at)}};
}

// With the full names of the officers who moved it ("actor_name" in its
// history).
json AlertDetailJson(ApiContext& ctx, const store::StoredAlert& a, const domain::Pemda& pemda,
                     const domain::Principal& viewer, const app::OfficerNames& names) {
  json out = AlertSummaryJson(a, viewer, OngoingSince(pemda, ctx.clock.Now()));
  const auto& e = a.evidence;
  out["evidence"] = json{{"method", e.method},
                         {"group", e.group},
                         {"day", e.day},
                         {"observed", e.observed},
                         {"expected", e.expected},
                         {"statistic", e.statistic},
                         {"threshold", e.threshold},
                         {"p_value", e.p_value},
                         {"series", e.series},
                         {"expected_series", e.expected_series},
                         {"band_low", e.band_low},
                         {"band_high", e.band_high}};
  // The cases behind it, without confidential ones or personal data (what
  // a citizen typed into a title masked), and for an agency's officers only
  // their agency's: a Pemda-wide alert's cases are many agencies'.
  json cases = json::array();
  for (const auto id : e.case_ids) {
    auto c = ctx.store.FindCase(a.pemda_id, id);
    if (!c || c->submission.confidential) continue;
    if (AgencyBound(viewer) && !domain::OverseesAgency(viewer, c->agency_code)) continue;
    cases.push_back(
        {{"tracking_code", c->tracking_code},
         {"title", domain::MaskPersonalText(c->submission.title, c->submission.reporter.name)},
         {"status", domain::ToString(c->status)},
         {"service_code", c->submission.service_code},
         {"region_code", c->submission.location.region_code},
         {"created_at", FormatRfc3339(c->created_at)}});
  }
  out["cases"] = std::move(cases);
  // A capacity proposal's alert: its id always, its words when the viewer
  // may see it (an agency's officers do not see another agency's).
  out["answers"] = nullptr;
  if (e.answers_alert > 0) {
    json answers{{"id", e.answers_alert},
                 {"detector", nullptr},
                 {"sentence", nullptr},
                 {"sentence_en", nullptr}};
    if (auto answered = ctx.store.FindAlert(a.pemda_id, e.answers_alert);
        answered && MaySee(viewer, *answered)) {
      answers["detector"] = answered->evidence.detector;
      answers["sentence"] = answered->evidence.sentence;
      if (!answered->evidence.sentence_en.empty()) {
        answers["sentence_en"] = answered->evidence.sentence_en;
      }
    }
    out["answers"] = std::move(answers);
  }
  json history = json::array();
  for (const auto& s : a.history) {
    json step{{"from", s.from_status.empty() ? json(nullptr) : json(s.from_status)},
              {"to", s.to_status},
              {"actor", s.actor},
              {"reason", s.reason},
              {"at", FormatRfc3339(s.at)}};
    AddOfficerName(step, "actor", names);
    history.push_back(std::move(step));
  }
  out["history"] = std::move(history);
  return out;
}

http::Response ListAlerts(ApiContext& ctx, http::Request& request) {
  auto officer = RequireOfficer(ctx, request);
  if (officer.problem) return std::move(*officer.problem);
  std::vector<FieldError> errors;
  store::AlertFilter filter;
  if (auto v = request.Query("status"); v && !v->empty()) {
    filter.status = domain::ParseAlertStatus(*v);
    if (!filter.status) {
      errors.push_back({"status", "invalid_value", "", domain::AlertStatusNames()});
    }
  }
  if (auto v = request.Query("detector"); v && !v->empty()) {
    static constexpr std::string_view kDetectors[] = {"city_shift",      "local_cluster",
                                                      "emerging_topic",  "falling_rating",
                                                      "growing_backlog", "capacity_proposal"};
    if (std::find(std::begin(kDetectors), std::end(kDetectors), *v) == std::end(kDetectors)) {
      errors.push_back({"detector", "invalid_value", "",
                        std::vector<std::string>(std::begin(kDetectors), std::end(kDetectors))});
    } else {
      filter.detector = std::string(*v);
    }
  }
  filter.agency_code = std::string(request.Query("agency").value_or(""));
  filter.category_code = std::string(request.Query("category").value_or(""));
  if (filter.agency_code.size() > 100) errors.push_back({"agency", "too_long", ""});
  if (filter.category_code.size() > 100) errors.push_back({"category", "too_long", ""});
  // An agency or a category (a service) the Pemda lacks is a mistake to
  // name, not an empty list.
  if (errors.empty()) {
    auto unknown = app::UnknownCodes(ctx.store, officer.pemda.id, {"agency", filter.agency_code},
                                     {"category", filter.category_code});
    if (!unknown) return ErrorResponse(request, unknown.error());
    errors.insert(errors.end(), unknown->begin(), unknown->end());
  }
  if (AgencyBound(officer.principal)) {
    if (!filter.agency_code.empty() &&
        !domain::OverseesAgency(officer.principal, filter.agency_code)) {
      return ProblemResponse(request, 403, "forbidden");
    }
    // What MaySee lets it open: its agency's alerts and the Pemda-wide ones
    // (a head's, those of the units under it too), unless it asked for one
    // agency's only (a head: its own or a unit's). The store reads just
    // those: reading the Pemda's alerts and keeping what the head may see
    // read them all for a head whose units had few.
    filter.with_pemda_wide = filter.agency_code.empty();
    if (filter.agency_code.empty()) {
      filter.agency_code = officer.principal.agency_code;
      if (officer.principal.role == domain::Role::kAgencyHead) {
        filter.units = officer.principal.units;
      }
    }
  }
  if (auto v = request.Query("since"); v && !v->empty()) {
    const std::string text(*v);
    if (!ParseDay(text)) {
      errors.push_back({"since", "invalid_format", "a date YYYY-MM-DD"});
    } else {
      filter.since = text;
    }
  }
  if (auto v = request.Query("cursor"); v && !v->empty()) {
    if (const auto before = DecodeCursor(*v)) {
      filter.before = *before;
    } else {
      errors.push_back({"cursor", "invalid_format", ""});
    }
  }
  filter.limit = QueryLimit(request, filter.limit, 200, errors);
  CheckQueryNames(request, {"status", "detector", "agency", "category", "since", "cursor", "limit"},
                  errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  auto page = ctx.store.ListAlerts(officer.pemda.id, filter);
  if (!page) return ErrorResponse(request, page.error());
  json items = json::array();
  const std::string ongoing_since = OngoingSince(officer.pemda, ctx.clock.Now());
  for (const auto& a : page->alerts) {
    items.push_back(AlertSummaryJson(a, officer.principal, ongoing_since));
  }
  json out{{"items", std::move(items)}};
  out["next_cursor"] =
      page->next_cursor > 0 ? json(EncodeCursor(page->next_cursor)) : json(nullptr);
  auto response = JsonResponse(out);
  response.With("Vary", "Cookie, Authorization");
  response.With("Cache-Control", "private, no-cache");
  return response;
}

http::Response GetAlert(ApiContext& ctx, http::Request& request) {
  auto officer = RequireOfficer(ctx, request);
  if (officer.problem) return std::move(*officer.problem);
  const auto id = ParseRowId(request.params["id"]);
  if (!id) return ErrorResponse(request, Error{ErrorCode::kNotFound, "alert not found"});
  auto alert = ctx.store.FindAlert(officer.pemda.id, *id);
  if (!alert) return ErrorResponse(request, alert.error());
  if (!MaySee(officer.principal, *alert)) {
    return ErrorResponse(request, Error{ErrorCode::kNotFound, "alert not found"});
  }
  auto names = ReadOfficerNames(ctx, request, officer.pemda.id);
  if (names.problem) return std::move(*names.problem);
  auto response =
      JsonResponse(AlertDetailJson(ctx, *alert, officer.pemda, officer.principal, names.names));
  response.With("Vary", "Cookie, Authorization");
  response.With("Cache-Control", "private, no-cache");
  return response;
}

http::Response MoveAlert(ApiContext& ctx, http::Request& request, domain::AlertStatus to) {
  auto officer = RequireOfficer(ctx, request);
  if (officer.problem) return std::move(*officer.problem);
  if (officer.principal.role == domain::Role::kAuditor) {
    return ProblemResponse(request, 403, "forbidden");
  }
  const auto id = ParseRowId(request.params["id"]);
  if (!id) return ErrorResponse(request, Error{ErrorCode::kNotFound, "alert not found"});
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  auto reason = ReadString(body.value, "reason", "", errors);
  if (reason) *reason = domain::Trim(*reason);
  if (errors.empty() && (!reason || reason->empty())) {
    errors.push_back({"reason", "required", ""});
  } else if (reason && reason->size() > kMaxReason) {
    errors.push_back({"reason", "too_long", ""});
  } else if (reason && domain::HasControlCharacters(*reason, true)) {
    errors.push_back({"reason", "control_characters", ""});
  }
  // A misspelt member ("reasons") must not pass for one that was read.
  UnknownFields(body.value, {"reason"}, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  auto current = ctx.store.FindAlert(officer.pemda.id, *id);
  if (!current) return ErrorResponse(request, current.error());
  if (!MaySee(officer.principal, *current)) {
    return ErrorResponse(request, Error{ErrorCode::kNotFound, "alert not found"});
  }
  if (!MayMove(officer.principal, *current)) {
    return ProblemResponse(
        request, 403, "forbidden",
        {{"alert", "pemda_wide",
          "an alert of no agency is acknowledged and closed by the verifiers, leaders or "
          "administrators"}});
  }
  if (to == domain::AlertStatus::kClosed && !MayClose(officer.principal, *current)) {
    return ProblemResponse(request, 403, "forbidden",
                           {{"alert", "head_closes",
                             "an agency's alert is closed by its head, the verifiers, leaders or "
                             "administrators"}});
  }
  auto names = ReadOfficerNames(ctx, request, officer.pemda.id);
  if (names.problem) return std::move(*names.problem);
  store::AlertMove move{to, officer.principal.Actor(), *reason, ctx.clock.Now()};
  auto moved = ctx.store.MoveAlert(officer.pemda.id, *id, move);
  if (!moved && moved.error().code == ErrorCode::kFailedPrecondition) {
    // Read again: the status that refused the move.
    auto now = ctx.store.FindAlert(officer.pemda.id, *id);
    const auto status = now ? now->status : current->status;
    const auto allowed = domain::AllowedAlertMoves(status);
    std::string detail = "the alert is " + std::string(domain::AlertStatusName(status)) +
                         "; allowed: " + (allowed.empty() ? "none" : "");
    for (size_t i = 0; i < allowed.size(); ++i) {
      detail += (i ? ", " : "") + std::string(domain::AlertStatusName(allowed[i]));
    }
    auto response = ProblemWithDetail(
        request, 409, "illegal-transition",
        "Status peringatan tidak mengizinkan perpindahan ini. Lihat current_status dan "
        "allowed_moves.",
        "The alert's status does not allow this move. See current_status and allowed_moves.",
        {{"status", "illegal_transition", detail}});
    json problem = json::parse(response.body, nullptr, false);
    if (problem.is_object()) {
      problem["current_status"] = std::string(domain::AlertStatusName(status));
      problem["allowed_moves"] = StatusesJson(allowed);
      response.body = Dump(problem);
    }
    return response;
  }
  if (!moved) return ErrorResponse(request, moved.error());
  return JsonResponse(AlertDetailJson(ctx, *moved, officer.pemda, officer.principal, names.names));
}

}  // namespace

void RegisterAlertRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/alerts", [&ctx](http::Request& r) { return ListAlerts(ctx, r); },
      "alerts_list");
  router.AddSync(
      "GET", "/api/v1/alerts/{id}", [&ctx](http::Request& r) { return GetAlert(ctx, r); },
      "alerts_get");
  router.AddSync(
      "POST", "/api/v1/alerts/{id}/acknowledge",
      [&ctx](http::Request& r) { return MoveAlert(ctx, r, domain::AlertStatus::kAcknowledged); },
      "alerts_acknowledge");
  router.AddSync(
      "POST", "/api/v1/alerts/{id}/action",
      [&ctx](http::Request& r) { return MoveAlert(ctx, r, domain::AlertStatus::kActioned); },
      "alerts_action");
  router.AddSync(
      "POST", "/api/v1/alerts/{id}/close",
      [&ctx](http::Request& r) { return MoveAlert(ctx, r, domain::AlertStatus::kClosed); },
      "alerts_close");
}

}  // namespace sigap::api
