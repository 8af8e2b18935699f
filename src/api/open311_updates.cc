// mySociety's servicerequestupdates extension of GeoReport v2 (as
// FixMyStreet speaks it): GET lists the public changes of requests, POST
// applies a client's status change through Sigap's case workflow.
//
// Decisions:
// - A supporter's +1 (`supported`) is not an update: it changes no status
//   and says nothing a council wrote, so the feed leaves it out (as it
//   leaves out `submitted`, the request itself), and it never counts as the
//   status an update inherits.
// - A client's `updated_datetime` says when the change happened on its
//   side. It must not be in the future nor before the request's last
//   change; it is recorded in the event ("occurred_at") and given back as
//   the update's `updated_datetime`, while the event keeps Sigap's own time
//   (deadlines and the audit chain run on it, and the feed's date window
//   and order are by it, so a backdated update is never missed by a client
//   that polls by date).
//   A client's clock a few minutes ahead of Sigap's (kClockSkew) is read
//   as now, and a time between the request's creation and its last change
//   (another update landed in between) as that change's time: a client
//   retrying such an update would otherwise be refused forever.
// - `media_url` is kept in the event and given back in the feed.
// - `update_id` is the client's id of its update. It is kept in the event
//   ("external_id"); the same client posting it again (a retry after a lost
//   answer) gets the first answer back and changes nothing.
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "api/open311_requests.h"
#include "api/open311_status.h"
#include "domain/ascii.h"
#include "domain/lifecycle.h"
#include "domain/text.h"

namespace sigap::api::open311 {
namespace {

http::Response Error400(const Call& call, std::string_view key, std::string_view detail = "") {
  return ErrorResponse(call.format, 400, {Message(call.request, key, detail)});
}

std::optional<long> ParseWhole(const std::string& text, long min, long max) {
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < min || v > max) return std::nullopt;
  return v;
}

// What the feed says of an event besides its status: the public text (what
// the officer wrote, or where the request went), the picture a client sent
// and when the change happened by that client's clock.
struct UpdateFields {
  std::string external_id;
  std::string text;
  std::string media_url;
  std::optional<Timestamp> occurred_at;
};

UpdateFields FieldsOf(const domain::CaseEvent& e) {
  UpdateFields out;
  const auto payload = nlohmann::json::parse(e.payload_json, nullptr, false);
  if (!payload.is_object()) return out;
  auto text = [&](const char* key) {
    const auto it = payload.find(key);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  out.external_id = text("external_id");
  out.text = text("text");
  if (out.text.empty() &&
      (e.kind == domain::event_kind::kDisposed || e.kind == domain::event_kind::kForwarded)) {
    out.text = text("agency_name");
  }
  out.media_url = text("media_url");
  if (const std::string at = text("occurred_at"); !at.empty()) out.occurred_at = ParseRfc3339(at);
  return out;
}

// How far ahead of Sigap's clock a client's updated_datetime may be.
constexpr auto kClockSkew = std::chrono::minutes(10);

http::Response UpdateAnswer(const Call& call, int64_t event_id) {
  Value update = Value::Object();
  update.Add("update_id", Value::String(event_id == 0 ? std::string() : std::to_string(event_id)));
  Value list = Value::List("request_update");
  list.Push(std::move(update));
  return Respond(call.format, 200, "service_request_updates", list);
}

}  // namespace

http::Response ListUpdates(Call& call) {
  std::optional<Timestamp> from, until;
  std::optional<http::Response> problem;
  for (auto [name, out] : {std::pair{"start_date", &from}, std::pair{"end_date", &until}}) {
    if (call.Param(name)) {
      *out = DateParam(call, name);
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
  if (*until - *from >= kSpan + std::chrono::seconds(1)) {
    return Error400(call, "date_span", "start_date/end_date");
  }

  // Paged like GET requests (page from 1, page_size up to 1,000): a page
  // with fewer than page_size updates is the last.
  long page = 1, page_size = 1000;
  if (const auto v = call.Param("page")) {
    const auto n = ParseWhole(*v, 1, 1000000);
    if (!n) return Error400(call, "bad_number", "page");
    page = *n;
  }
  if (const auto v = call.Param("page_size")) {
    const auto n = ParseWhole(*v, 1, 1000);
    if (!n) return Error400(call, "bad_number", "page_size");
    page_size = *n;
  }
  store::PublicEventQuery query;
  query.from = *from;
  query.until = *until + std::chrono::microseconds(1);
  query.limit = static_cast<int>(page_size);
  query.offset = (page - 1) * page_size;
  // The request itself is not an update of it; see above for the +1.
  query.skip_kinds = {std::string(domain::event_kind::kSubmitted), "supported"};
  auto events = call.ctx.store.ListPublicEvents(call.pemda.id, query);
  if (!events) return call.Failure(events.error());
  // The Pemda's own published numbers stay in an officer's words.
  auto published = call.ctx.reader.PublishedNumbers(call.pemda.id);
  if (!published) return call.Failure(published.error());
  Value list = Value::List("request_update");
  for (const auto& pe : *events) {
    const auto& e = pe.event;
    auto status = ExtendedStatusOf(e.kind, e.payload_json);
    if (!status) status = ExtendedStatusOf(pe.previous_kind, pe.previous_payload);
    if (!status) status = "open";
    UpdateFields fields = FieldsOf(e);
    if (domain::CarriesReportersWords(e)) fields.text.clear();
    // An officer's words to the citizen are public masked, as the case's,
    // but for the Pemda's published numbers.
    fields.text = domain::MaskPersonalText(fields.text, pe.reporter_name, *published);
    Value update = Value::Object();
    update.Add("update_id", Value::String(std::to_string(e.id)))
        .Add("service_request_id", Value::String(pe.tracking_code))
        .Add("status", Value::String(*status))
        .Add("updated_datetime", Value::String(call.Time(fields.occurred_at.value_or(e.at))))
        .Add("description", Value::String(fields.text))
        .Add("media_url", Value::StringOrNull(fields.media_url))
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
  const std::string status = domain::AsciiLower(*status_param);  // FixMyStreet sends OPEN / CLOSED
  std::optional<Timestamp> occurred_at;
  if (const auto at = call.Param("updated_datetime")) {
    occurred_at = ParseRfc3339(OffsetPlusRestored(std::string(*at)));
    if (!occurred_at) return Error400(call, "bad_date", "updated_datetime");
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
  const auto actor = domain::Actor::Officer(*principal);
  const std::string update_id = domain::Trim(call.Param("update_id").value_or(""));
  if (domain::CodePointCount(update_id) > 100) return Error400(call, "update_id_long");
  if (!update_id.empty()) {
    for (const auto& e : view->events) {
      if (e.actor == actor.Name() && FieldsOf(e).external_id == update_id) {
        return UpdateAnswer(call, e.id);
      }
    }
  }
  if (occurred_at) {
    const Timestamp now = call.ctx.clock.Now();
    if (*occurred_at > now && *occurred_at <= now + kClockSkew) occurred_at = now;
    if (*occurred_at < view->c.updated_at && *occurred_at >= view->c.created_at) {
      occurred_at = view->c.updated_at;
    }
  }
  const auto mapped = ActionForStatus(status, view->c.status);
  if (!mapped) return Error400(call, "unknown_status", *status_param);
  // Whether the key may do it at all comes before what it must then give.
  if (!domain::Permits(view->c, mapped->action, actor)) {
    return call.Failure(Error{
        ErrorCode::kPermissionDenied,
        "this key's role may not " + std::string(domain::ToString(mapped->action)) + " this case"});
  }

  app::ActInput input;
  auto& r = input.request;
  r.action = mapped->action;
  r.actor = actor;
  r.text = description;
  r.reason = mapped->reason;
  r.occurred_at = occurred_at;
  r.external_id = update_id;
  r.media_url = domain::Trim(call.Param("media_url").value_or(""));
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
  return UpdateAnswer(call, outcome->events.empty() ? 0 : outcome->events.front().id);
}

}  // namespace sigap::api::open311
