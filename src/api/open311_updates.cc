// mySociety's servicerequestupdates extension of GeoReport v2 (as
// FixMyStreet speaks it): GET lists the public changes of requests, POST
// applies a client's status change through Sigap's case workflow.
#include <nlohmann/json.hpp>

#include "api/open311_requests.h"
#include "api/open311_status.h"
#include "domain/text.h"

namespace sigap::api::open311 {
namespace {

http::Response Error400(const Call& call, std::string_view key, std::string_view detail = "") {
  return ErrorResponse(call.format, 400, {Message(call.request, key, detail)});
}

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// The public text of an event: what the officer wrote, or where the request
// went.
std::string UpdateText(const domain::CaseEvent& e) {
  const auto payload = nlohmann::json::parse(e.payload_json, nullptr, false);
  if (!payload.is_object()) return "";
  std::string text = payload.value("text", "");
  if (text.empty() &&
      (e.kind == domain::event_kind::kDisposed || e.kind == domain::event_kind::kForwarded)) {
    text = payload.value("agency_name", "");
  }
  return text;
}

}  // namespace

http::Response ListUpdates(Call& call) {
  std::optional<Timestamp> from, until;
  std::optional<http::Response> problem;
  for (auto [name, out] : {std::pair{"start_date", &from}, std::pair{"end_date", &until}}) {
    if (const auto text = call.Param(name)) {
      *out = ParseRfc3339(*text);
      if (!*out) return Error400(call, "bad_date", name);
    }
  }
  constexpr auto kSpan = std::chrono::days(90);
  if (!from && !until) {
    until = call.ctx.clock.Now();
    from = *until - std::chrono::days(1);
  } else if (!until) {
    until = *from + kSpan;
  } else if (!from) {
    from = *until - kSpan;
  }
  if (*until < *from) return Error400(call, "date_order", "start_date/end_date");
  if (*until - *from > kSpan) return Error400(call, "date_span", "start_date/end_date");

  auto events = call.ctx.store.ListPublicEvents(call.pemda.id, *from,
                                                *until + std::chrono::microseconds(1), 1000);
  if (!events) return call.Failure(events.error());
  Value list = Value::List("request_update");
  for (const auto& pe : *events) {
    const auto& e = pe.event;
    if (e.kind == domain::event_kind::kSubmitted) continue;  // the request itself, not an update
    auto status = ExtendedStatusOf(e.kind, e.payload_json);
    if (!status) status = ExtendedStatusOf(pe.previous_kind, pe.previous_payload);
    if (!status) status = "open";
    Value update = Value::Object();
    update.Add("update_id", Value::String(std::to_string(e.id)))
        .Add("service_request_id", Value::String(pe.tracking_code))
        .Add("status", Value::String(*status))
        .Add("updated_datetime", Value::String(call.Time(e.at)))
        .Add("description", Value::String(UpdateText(e)))
        .Add("media_url", Value::Null())
        .Add("external_status_code", Value::String(e.kind));
    list.Push(std::move(update));
  }
  return Respond(call.format, 200, "service_request_updates", list);
}

http::Response PostUpdate(Call& call) {
  std::optional<http::Response> problem;
  const auto principal = call.RequireKey(problem);
  if (!principal) return std::move(*problem);
  const auto id = call.Param("service_request_id");
  if (!id) return Error400(call, "request_id_required");
  const auto status_param = call.Param("status");
  if (!status_param) return Error400(call, "status_required");
  const std::string status = Lower(*status_param);  // FixMyStreet sends OPEN / CLOSED
  if (const auto at = call.Param("updated_datetime"); at && !ParseRfc3339(*at)) {
    return Error400(call, "bad_date", "updated_datetime");
  }
  const std::string description = domain::Trim(call.Param("description").value_or(""));
  if (!domain::IsValidUtf8(description) || domain::HasControlCharacters(description, true)) {
    return ErrorResponse(call.format, 400,
                         {FieldText(call.request, {"description", "invalid_format", ""})});
  }
  if (domain::CodePointCount(description) > 4000) return Error400(call, "description_long");

  // The case as the key's principal may see it; what the status asks for
  // depends on where the case stands.
  auto view = call.ctx.reader.View(call.pemda.id, *id, &*principal, "");
  if (!view) {
    if (view.error().code == ErrorCode::kNotFound ||
        view.error().code == ErrorCode::kPermissionDenied) {
      return ErrorResponse(call.format, 404, {Message(call.request, "unknown_request", *id)});
    }
    return call.Failure(view.error());
  }
  const auto mapped = ActionForStatus(status, view->c.status);
  if (!mapped) return Error400(call, "unknown_status", *status_param);

  app::ActInput input;
  auto& r = input.request;
  r.action = mapped->action;
  r.actor = domain::Actor::Officer(*principal);
  r.text = description;
  r.reason = mapped->reason;
  using domain::Action;
  switch (r.action) {
    case Action::kPublicUpdate:
    case Action::kResolve:
      if (r.text.empty()) return Error400(call, "field_required", "description");
      break;
    case Action::kReopen:
      r.reason = description.empty() ? "open311" : description;
      break;
    case Action::kReject:
    case Action::kMerge:
      if (mapped->reason == "duplicate" || r.action == Action::kMerge) {
        const auto into = call.Param("duplicate_of");
        if (!into) return Error400(call, "field_required", "duplicate_of");
        input.into = *into;
      }
      break;
    case Action::kDispose:
    case Action::kForward: {
      const auto agency = call.Param("agency_code");
      if (!agency) return Error400(call, "field_required", "agency_code");
      r.agency_code = *agency;
      if (r.action == Action::kForward) r.reason = description.empty() ? "open311" : description;
      break;
    }
    default:
      break;
  }

  app::IllegalTransition illegal;
  auto outcome =
      call.ctx.workflow.Act(call.pemda, view->c.tracking_code, std::move(input), &illegal);
  if (!outcome) {
    if (outcome.error().code == ErrorCode::kConflict) {
      return Error400(call, "illegal", domain::ToString(illegal.current));
    }
    return call.Failure(outcome.error());
  }
  Value update = Value::Object();
  update.Add("update_id",
             Value::String(outcome->events.empty() ? std::string()
                                                   : std::to_string(outcome->events.front().id)));
  Value list = Value::List("request_update");
  list.Push(std::move(update));
  return Respond(call.format, 200, "service_request_updates", list);
}

}  // namespace sigap::api::open311
