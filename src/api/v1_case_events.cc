// /api/v1/cases/{code}/events and /timeline: the case lifecycle.
#include <algorithm>

#include "api/attachments.h"
#include "api/case_json.h"
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "domain/access.h"
#include "domain/text.h"

namespace sigap::api {
namespace {

using nlohmann::json;

// "attachments" of an action: [{"name", "sha256", "upload_token"}, ...] for
// files uploaded with POST /api/v1/attachments, or bare names (files kept
// elsewhere).
void ReadEventAttachments(const json& body, std::vector<domain::Attachment>& out,
                          std::vector<FieldError>& errors) {
  const auto it = body.find("attachments");
  if (it == body.end() || it->is_null()) return;
  if (!it->is_array()) {
    errors.push_back({"attachments", "invalid_type", "must be an array"});
    return;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& a = (*it)[i];
    const std::string path = "attachments[" + std::to_string(i) + "]";
    domain::Attachment attachment;
    if (a.is_string()) {
      attachment.name = domain::Trim(a.get<std::string>());
    } else if (a.is_object() && a.value("name", json()).is_string() &&
               a.value("sha256", json("")).is_string() &&
               a.value("upload_token", json("")).is_string()) {
      attachment.name = domain::Trim(a["name"].get<std::string>());
      attachment.sha256 = a.value("sha256", "");
      attachment.upload_token = a.value("upload_token", "");
    } else {
      errors.push_back(
          {path, "invalid_type", "a name or {\"name\", \"sha256\", \"upload_token\"}"});
      continue;
    }
    if (attachment.name.empty() && attachment.sha256.empty()) {
      errors.push_back({path + ".name", "required", ""});
      continue;
    }
    out.push_back(std::move(attachment));
  }
}

// Reads If-Match: the ETag of GET /api/v1/cases/{code} ("vVERSION-...",
// or "ID-VERSION-VIEWER" as servers before it gave) or a bare version ("7"),
// quoted or not, weak or strong. "*" means any. Returns false when the
// header is malformed.
bool ParseIfMatch(std::string_view header, std::optional<int64_t>& version) {
  version.reset();
  if (header == "*") return true;
  if (header.starts_with("W/")) header.remove_prefix(2);
  if (header.size() >= 2 && header.front() == '"' && header.back() == '"') {
    header = header.substr(1, header.size() - 2);
  }
  std::string_view number = header;
  if (header.starts_with('v')) {
    number = header.substr(1);
    number = number.substr(0, number.find('-'));
  } else if (const auto dash = header.find('-'); dash != std::string_view::npos) {
    number = header.substr(dash + 1);
    number = number.substr(0, number.find('-'));
  }
  if (number.empty() || number.size() > 18) return false;
  int64_t v = 0;
  for (char ch : number) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + (ch - '0');
  }
  version = v;
  return true;
}

std::vector<std::string> ReadStrings(const json& body, std::string_view key,
                                     std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > 20) {
    errors.push_back({std::string(key), "invalid_type", "must be an array of strings"});
    return out;
  }
  for (const auto& v : *it) {
    if (!v.is_string()) {
      errors.push_back({std::string(key), "invalid_type", "must be an array of strings"});
      return {};
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

json ActionsJson(const std::vector<domain::Action>& actions) {
  json out = json::array();
  for (auto a : actions) out.push_back(domain::ToString(a));
  return out;
}

// {"allowed_actions" (when given), "deadline", "events", "status",
// "tracking_code", "version"}: a case's timeline as the viewer may see it.
http::Response TimelineResponse(const domain::Case& c, const std::vector<domain::CaseEvent>& events,
                                app::Viewer viewer, const std::optional<json>& actions,
                                Timestamp now, std::optional<std::string_view> hidden_name,
                                const std::vector<std::string>& published = {},
                                const app::OfficerNames* names = nullptr) {
  http::Response response;
  JsonWriter w(response.body);
  // Keys in sorted order (JsonWriter's contract).
  w.BeginObject();
  if (actions) w.Key("allowed_actions").Value(*actions);
  w.Key("deadline");
  WriteDeadline(w, c, now);
  w.Key("events").BeginArray();
  for (const auto& e : events) WriteEvent(w, e, viewer, hidden_name, published, names);
  w.EndArray();
  w.Key("status").String(domain::ToString(c.status));
  w.Key("tracking_code").String(c.tracking_code);
  w.Key("version").Int(c.version);
  w.EndObject();
  return response;
}

http::Response PostEvent(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);

  app::ActInput input;
  if (auto header = request.Header("If-Match")) {
    if (!ParseIfMatch(*header, input.if_match)) {
      return ProblemResponse(request, 422, "validation", {{"If-Match", "invalid_format", ""}});
    }
  }
  std::vector<FieldError> errors;
  auto& r = input.request;
  const auto action = ReadString(body.value, "action", "", errors);
  if (action && !action->empty()) {
    const auto parsed = domain::ParseAction(*action);
    if (!parsed || *parsed == domain::Action::kEscalate || *parsed == domain::Action::kAutoClose) {
      // What a person may ask for: the deadline sweep's own two are not.
      std::vector<std::string> actions;
      for (int a = 0; a < static_cast<int>(domain::Action::kEscalate); ++a) {
        actions.emplace_back(domain::ToString(static_cast<domain::Action>(a)));
      }
      errors.push_back({"action", "invalid_value", "", std::move(actions)});
    } else {
      r.action = *parsed;
    }
  } else if (action) {
    errors.push_back({"action", "required", ""});
  }
  auto take = [&](std::string& field, std::string_view key) {
    if (auto v = ReadString(body.value, key, "", errors)) field = domain::Trim(*v);
  };
  take(r.text, "text");
  take(r.reason, "reason");
  take(r.override_reason, "override_reason");
  take(r.agency_code, "agency_code");
  take(r.assignee, "assignee");
  take(r.category, "category");
  take(input.into, "into");
  r.supporting = ReadStrings(body.value, "supporting", errors);
  ReadEventAttachments(body.value, r.attachments, errors);
  // A misspelt member ("alasan", "agency") is named, not dropped: the action
  // would otherwise be taken without what it was meant to carry.
  UnknownFields(body.value,
                {"action", "text", "reason", "override_reason", "agency_code", "assignee",
                 "category", "into", "supporting", "attachments"},
                errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  if (auto known = ResolveAttachments(ctx, pemda.pemda.id, r.attachments); !known) {
    return ErrorResponse(request, known.error());
  }

  if (caller.principal) {
    r.actor = domain::Actor::Officer(*caller.principal);
  } else {
    std::string_view secret = request.Header("X-Reporter-Secret").value_or("");
    if (secret.empty()) return ProblemResponse(request, 401, "unauthenticated");
    r.actor = domain::Actor::Reporter();
    input.reporter_secret = std::string(secret);
  }
  const domain::Actor actor = r.actor;  // `input` is moved into Act below
  const bool by_officer = actor.kind == domain::Actor::Kind::kOfficer;

  app::IllegalTransition illegal;
  auto outcome = ctx.workflow.Act(pemda.pemda, request.params["code"], std::move(input), &illegal);
  if (!outcome) {
    if (outcome.error().code == ErrorCode::kConflict) {
      auto response = ProblemResponse(request, 409, "illegal-transition",
                                      {{"action", "illegal_transition", ""}});
      json problem = json::parse(response.body, nullptr, false);
      if (problem.is_object()) {
        problem["current_status"] = domain::ToString(illegal.current);
        problem["allowed_actions"] = ActionsJson(illegal.allowed);
        response.body = Dump(problem);
      }
      return response;
    }
    return ErrorResponse(request, outcome.error());
  }
  const auto viewer = by_officer ? app::Viewer::kOfficer : app::Viewer::kReporter;
  app::OfficerNames names;
  if (by_officer) {
    // Who did what, as officers see it; the reporter sees "officer".
    auto read = ctx.reader.ReadOfficerNames(pemda.pemda.id);
    if (!read) return ErrorResponse(request, read.error());
    names = std::move(*read);
  }
  auto response =
      TimelineResponse(outcome->c, outcome->events, viewer,
                       ActionsJson(ctx.workflow.ActionsFor(outcome->c, actor)), ctx.clock.Now(),
                       by_officer && !domain::CanSeeReporter(actor.officer, outcome->c)
                           ? std::optional<std::string_view>(outcome->c.submission.reporter.name)
                           : std::nullopt,
                       {}, &names);
  response.status = 201;
  response.With("ETag", CaseEtag(outcome->c, viewer, ctx.clock.Now(), &outcome->events, &names));
  return response;
}

http::Response GetTimeline(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);
  std::string_view secret = request.Header("X-Reporter-Secret").value_or("");
  if (secret.empty()) secret = request.Query("secret").value_or("");
  auto view = ctx.reader.View(pemda.pemda.id, request.params["code"],
                              caller.principal ? &*caller.principal : nullptr, secret);
  if (!view) {
    return ErrorResponse(request, view.error(),
                         view.error().code == ErrorCode::kPermissionDenied ? "confidential" : "");
  }
  const bool officer = view->viewer == app::Viewer::kOfficer;
  std::optional<json> actions;
  if (officer) {
    actions =
        ActionsJson(ctx.workflow.ActionsFor(view->c, domain::Actor::Officer(*caller.principal)));
  } else if (view->viewer == app::Viewer::kReporter) {
    actions = ActionsJson(ctx.workflow.ActionsFor(view->c, domain::Actor::Reporter()));
  }
  return RevalidatedCase(
      request,
      CaseEtag(view->c, view->viewer, ctx.clock.Now(), &view->events, &view->officer_names),
      view->viewer, [&] {
        return TimelineResponse(view->c, view->events, view->viewer, actions, ctx.clock.Now(),
                                view->NameToMask(), view->published_numbers, &view->officer_names);
      });
}

}  // namespace

void RegisterCaseEventRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "POST", "/api/v1/cases/{code}/events",
      [&ctx](http::Request& request) { return PostEvent(ctx, request); }, "cases_event");
  router.AddSync(
      "GET", "/api/v1/cases/{code}/timeline",
      [&ctx](http::Request& request) { return GetTimeline(ctx, request); }, "cases_timeline");
}

}  // namespace sigap::api
