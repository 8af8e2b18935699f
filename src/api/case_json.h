#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "app/case_intake.h"
#include "app/case_reader.h"
#include "domain/case.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "http/message.h"
#include "json/writer.h"
#include "routing/nearby_rank.h"
#include "store/store.h"

namespace sigap::api {

using json_text::JsonWriter;

// Reads the body of POST /api/v1/cases (names fixed by the foundation issue;
// extend, never rename). Unknown members are ignored. kInvalidArgument with
// one FieldError per member of the wrong type or with an unknown value.
[[nodiscard]] Result<domain::CaseSubmission> SubmissionFromJson(const nlohmann::json& body,
                                                                domain::Channel channel);

// {"tracking_code", "status", "created_at", "reporter_secret", "links"}.
nlohmann::json ReceiptJson(const app::Submitted& submitted);

// One case as its viewer may see it, with its timeline: the body of GET
// /api/v1/cases/{code}. The agency and the reporter also get the reporter's
// `rating` of the case's answer as it stands (CaseView::RatedResolution; null when
// none) and the `earlier_ratings` of answers set aside by a reopen;
// `ratings` is the case's, one per resolution rated (ListCaseRatings).
std::string CaseViewBody(const app::CaseView& view, const std::vector<store::CaseRating>& ratings,
                         Timestamp now);

// A line of a listing: no description, never an identity.
void WriteCaseSummary(JsonWriter& w, const domain::Case& c, Timestamp now);

// A nearby open case (GET /api/v1/cases/nearby, and the verifier's view):
// public fields only — tracking code, title, status, service, creation
// time, supporters, point, distance and text similarity.
nlohmann::json NearbyJson(const routing::NearbyMatch& match);

// The ETag of a case as `viewer` sees it at `now`: "vVERSION-VIEWER-DEADLINE"
// (an officer sees more than the public; the deadline's state changes with
// time alone). No database id: it would tell the public how many cases
// there are. If-Match accepts it, or the bare version. An officer's view
// names the officers behind its `events` by their full names (`names`),
// which change without the case: a mark of those names ends it ("-nHASH"),
// so that an officer renamed since is read anew, not answered 304.
std::string CaseEtag(const domain::Case& c, app::Viewer viewer, Timestamp now,
                     const std::vector<domain::CaseEvent>* events = nullptr,
                     const app::OfficerNames* names = nullptr);

// The case's view and its timeline are revalidated alike: a 304 without a
// body when `request`'s If-None-Match holds `etag`, else `fresh()`; either
// with the ETag, private no-cache, and Vary on the credentials when the
// viewer is not the public.
http::Response RevalidatedCase(const http::Request& request, const std::string& etag,
                               app::Viewer viewer, const std::function<http::Response()>& fresh);

// One timeline entry. Officers get the actor and the whole payload; the
// public gets the kind of actor and the public part of the payload.
// `hidden_name`, for a viewer who may not know the reporter: the reporter's
// name (may be empty); the reporter's and officers' words are read with
// contact details and that name's words masked (domain::MaskPersonalText).
// The public always reads them masked.
// `published`: the Pemda's published numbers (app::CaseView), which stay
// as written where the rest is masked. `names`, for an officer: the
// officers' full names, written as "actor_name" beside an officer actor
// who has one (never for the public or the reporter).
void WriteEvent(JsonWriter& w, const domain::CaseEvent& e, app::Viewer viewer,
                std::optional<std::string_view> hidden_name = std::nullopt,
                const std::vector<std::string>& published = {},
                const app::OfficerNames* names = nullptr);

// {"stage", "state" (on_track, due_soon, overdue, paused, awaiting_calendar,
// none), "due_at", "paused", "escalation_level"} as of `now`.
void WriteDeadline(JsonWriter& w, const domain::Case& c, Timestamp now);

}  // namespace sigap::api
