// /api/v1/cases: submission, the public (or reporter's, or officer's) view,
// and officers' listings.
#include <algorithm>

#include "api/attachments.h"
#include "api/case_json.h"
#include "api/context.h"
#include "api/cursor.h"
#include "api/errors.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/lane.h"
#include "app/known_codes.h"
#include "domain/sha256.h"
#include "domain/text.h"
#include "http/rate_limiter.h"

namespace sigap::api {
namespace {

using nlohmann::json;

void SubmitCase(ApiContext& ctx, http::RateLimiter* limiter, http::Request& request,
                http::Reply reply) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return reply(std::move(*pemda.problem));
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return reply(std::move(*caller.problem));
  // Citizens' submissions per client IP ([server] case_burst, off by
  // default); officers and other systems (API keys) are not counted.
  if (limiter != nullptr && !caller.principal) {
    if (const auto wait = limiter->Take(request.remote_address, ctx.clock.Now());
        wait.count() > 0) {
      return reply(RateLimited(request, wait));
    }
  }
  auto body = ParseJsonBody(request);
  if (body.problem) return reply(std::move(*body.problem));

  const auto client = request.Header("X-Sigap-Client");
  const auto channel =
      client && *client == "portal" ? domain::Channel::kWeb : domain::Channel::kApi;
  auto submission = SubmissionFromJson(body.value, channel);
  if (!submission) return reply(ErrorResponse(request, submission.error()));
  // The portal sends the language its user chose: the reporter is written
  // to in it.
  if (RequestLang(request) == Lang::kEn) submission->language = "en";
  if (auto known = ResolveAttachments(ctx, pemda.pemda.id, submission->attachments); !known) {
    return reply(ErrorResponse(request, known.error()));
  }

  app::SubmitOptions options;
  if (auto key = request.Header("Idempotency-Key")) {
    if (!ValidIdempotencyKey(*key)) {
      return reply(
          ProblemResponse(request, 422, "validation", {{"Idempotency-Key", "invalid_format", ""}}));
    }
    options.idempotency_key =
        ScopedIdempotencyKey(caller.principal ? &*caller.principal : nullptr, *key);
    // Of the parsed body (keys in order, no whitespace): a client that
    // retries with the same case laid out differently gets its case back,
    // not 409. (Dump prints what nlohmann's dump() did, so a retry across
    // an upgrade matches too.)
    options.request_fingerprint = domain::Sha256Hex(Dump(body.value));
  }
  if (caller.principal) options.actor = caller.principal->Actor();

  // The reply is sent from the store's writer thread, after the commit; it
  // keeps what an error response needs, not the whole request.
  http::Request for_errors;
  for_errors.method = request.method;
  for_errors.request_id = request.request_id;
  if (auto lang = request.Header("Accept-Language")) {
    for_errors.headers.emplace("Accept-Language", std::string(*lang));
  }
  ctx.intake.Submit(pemda.pemda.id, std::move(*submission), options,
                    [for_errors = std::move(for_errors),
                     reply = std::move(reply)](Result<app::Submitted> submitted) {
                      if (!submitted) return reply(ErrorResponse(for_errors, submitted.error()));
                      auto response = JsonResponse(ReceiptJson(*submitted), 201);
                      response.With("Location",
                                    "/api/v1/cases/" + submitted->receipt.tracking_code);
                      if (submitted->receipt.replayed) response.With("Idempotent-Replayed", "true");
                      reply(std::move(response));
                    });
}

http::Response GetCase(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);

  std::string_view secret = request.Header("X-Reporter-Secret").value_or("");
  if (secret.empty()) secret = request.Query("secret").value_or("");
  const std::string& code = request.params["code"];
  auto view = ctx.reader.View(pemda.pemda.id, code, caller.principal ? &*caller.principal : nullptr,
                              secret);
  if (!view) {
    return ErrorResponse(request, view.error(),
                         view.error().code == ErrorCode::kPermissionDenied ? "confidential" : "");
  }
  // The reporter's ratings (issue 6), one per resolution: for the agency and
  // the reporter, never the public. A rating does not change the case's
  // version, so their number marks the ETag.
  std::vector<store::CaseRating> ratings;
  if (view->viewer != app::Viewer::kPublic) {
    // Shown without its ratings, the case would read as never rated (and
    // its ETag would say so): an unreadable rating is an error.
    auto found = ctx.store.ListCaseRatings(pemda.pemda.id, view->c.id);
    if (!found) return ErrorResponse(request, found.error());
    ratings = std::move(*found);
  }
  std::string etag =
      CaseEtag(view->c, view->viewer, ctx.clock.Now(), &view->events, &view->officer_names);
  if (!ratings.empty()) etag.insert(etag.size() - 1, "-rated" + std::to_string(ratings.size()));
  return RevalidatedCase(request, etag, view->viewer, [&] {
    // Possible duplicates are not part of the case (they change when other
    // cases do, which its ETag cannot see): GET /api/v1/cases/{code}/nearby.
    http::Response response;
    response.body = CaseViewBody(*view, ratings, ctx.clock.Now());
    return response;
  });
}

// Reads a listing's cursor into `filter` (its sort already set); false when
// it is not one this listing hands out.
bool ReadCursor(std::string_view text, store::CaseFilter& filter) {
  if (!filter.by_deadline) {
    const auto id = DecodeCursor(text);
    if (!id) return false;
    filter.before = *id;
    return true;
  }
  if (!text.starts_with('~')) return false;
  text.remove_prefix(1);
  const auto dash = text.find('-');
  const auto id = DecodeCursor(text.substr(0, dash));
  if (!id) return false;
  filter.after_id = *id;
  if (dash != std::string_view::npos) {
    const auto due = DecodeCursor(text.substr(dash + 1));
    if (!due) return false;
    filter.after_due = FromMicros(*due);
  }
  return true;
}

// The cursor of the page after `page`; "" when it is the last.
std::string NextCursor(const store::CaseFilter& filter, const store::CasePage& page) {
  if (!filter.by_deadline) return page.next_cursor > 0 ? EncodeCursor(page.next_cursor) : "";
  if (page.next_after_id == 0) return "";
  std::string cursor = "~" + EncodeCursor(page.next_after_id);
  // A due time before 1970 cannot be encoded (nor happen: cases are newer).
  if (page.next_after_due && ToMicros(*page.next_after_due) > 0) {
    cursor += "-" + EncodeCursor(ToMicros(*page.next_after_due));
  }
  return cursor;
}

http::Response ListCases(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);
  if (!caller.principal) return ProblemResponse(request, 401, "unauthenticated");

  std::vector<FieldError> errors;
  store::CaseFilter filter;
  if (auto v = request.Query("status"); v && !v->empty()) {
    filter.status = domain::ParseCaseStatus(*v);
    if (!filter.status)
      errors.push_back({"status", "invalid_value", "", domain::CaseStatusNames()});
  }
  if (auto v = request.Query("kind"); v && !v->empty()) {
    filter.kind = domain::ParseCaseKind(*v);
    if (!filter.kind) errors.push_back({"kind", "invalid_value", "", domain::CaseKindNames()});
  }
  if (auto v = request.Query("deadline"); v && !v->empty()) {
    // Every state a running deadline can be in ("none" is no deadline).
    std::vector<std::string> states;
    for (const auto state : {domain::DeadlineState::kOnTrack, domain::DeadlineState::kDueSoon,
                             domain::DeadlineState::kOverdue, domain::DeadlineState::kPaused,
                             domain::DeadlineState::kAwaitingCalendar}) {
      if (domain::ToString(state) == *v) filter.deadline = state;
      states.emplace_back(domain::ToString(state));
    }
    if (filter.deadline == domain::DeadlineState::kNone) {
      errors.push_back({"deadline", "invalid_value", "", std::move(states)});
    }
    filter.now = ctx.clock.Now();
  }
  if (auto v = request.Query("assignee"); v && !v->empty()) {
    filter.assignee = *v == "me" ? caller.principal->name : std::string(*v);
  }
  filter.agency_code = std::string(request.Query("agency").value_or(""));
  filter.service_code = std::string(request.Query("service").value_or(""));
  filter.region_prefix = std::string(request.Query("region").value_or(""));
  filter.text = std::string(request.Query("q").value_or(""));
  if (filter.text.size() > 200) {
    errors.push_back({"q", "too_long", ""});
  } else if (!domain::IsValidUtf8(filter.text) ||
             domain::HasControlCharacters(filter.text, /*allow_newlines=*/false)) {
    // A NUL byte would end the full-text query mid-string.
    errors.push_back({"q", "invalid_value", "text without control characters"});
  }
  const std::string sort(request.Query("sort").value_or(""));
  if (sort == "deadline") {
    filter.by_deadline = true;
  } else if (!sort.empty() && sort != "newest") {
    errors.push_back({"sort", "invalid_value", "newest or deadline", {"newest", "deadline"}});
  }
  // Cursors are opaque to clients (api/cursor.h): the last id seen (newest
  // first), or, by deadline, "~" and the last case seen: its id, and "-" and
  // its running deadline when it had one.
  if (auto v = request.Query("cursor"); v && !v->empty()) {
    if (!ReadCursor(*v, filter)) errors.push_back({"cursor", "invalid_format", ""});
  }
  filter.limit = QueryLimit(request, filter.limit, 200, errors);
  CheckQueryNames(request,
                  {"status", "kind", "deadline", "assignee", "agency", "service", "region", "q",
                   "sort", "cursor", "limit"},
                  errors);
  // A code the Pemda does not have is a mistake to name, not an empty list.
  auto unknown = app::UnknownCodes(ctx.store, pemda.pemda.id, {"agency", filter.agency_code},
                                   {"service", filter.service_code});
  if (!unknown) return ErrorResponse(request, unknown.error());
  errors.insert(errors.end(), unknown->begin(), unknown->end());
  // So is a region: the Pemda's own code, or one of its kecamatan or kelurahan.
  if (!filter.region_prefix.empty() && filter.region_prefix != pemda.pemda.code) {
    auto region = ctx.store.FindRegion(pemda.pemda.id, filter.region_prefix);
    if (!region && region.error().code != ErrorCode::kNotFound) {
      return ErrorResponse(request, region.error());
    }
    if (!region) errors.push_back({"region", "unknown", "no region of the Pemda has this code"});
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  auto page = ctx.reader.List(*caller.principal, filter);
  if (!page) return ErrorResponse(request, page.error());
  http::Response response;
  JsonWriter w(response.body);
  const Timestamp now = ctx.clock.Now();
  w.BeginObject().Key("items").BeginArray();
  for (const auto& c : page->cases) WriteCaseSummary(w, c, now);
  w.EndArray().Key("next_cursor");
  if (const std::string next = NextCursor(filter, *page); !next.empty()) {
    w.String(next);
  } else {
    w.Null();
  }
  w.EndObject();
  response.With("Vary", "Cookie, Authorization");
  return response;
}

}  // namespace

void RegisterCaseRoutes(http::Router& router, ApiContext& ctx) {
  std::shared_ptr<http::RateLimiter> limiter;
  if (ctx.options.case_burst > 0) {
    limiter = std::make_shared<http::RateLimiter>(
        http::RateLimiter::Options{.burst = static_cast<double>(ctx.options.case_burst),
                                   .per_minute = static_cast<double>(ctx.options.case_per_minute)});
  }
  router.Add(
      "POST", "/api/v1/cases",
      [&ctx, limiter](http::Request& request, http::Reply reply) {
        SubmitCase(ctx, limiter.get(), request, std::move(reply));
      },
      "cases_submit");
  router.AddSync(
      "GET", "/api/v1/cases/{code}",
      [&ctx](http::Request& request) { return GetCase(ctx, request); }, "cases_get");
  AddOnLane(
      router, ctx.listings, "GET", "/api/v1/cases",
      [&ctx](http::Request& request) { return ListCases(ctx, request); }, "cases_list");
}

}  // namespace sigap::api
