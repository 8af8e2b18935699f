// /api/v1/webhooks: administrators register the systems told about case
// events (signed POSTs sent by notify::Dispatcher), list and remove them.
#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <optional>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "domain/case_event.h"
#include "domain/lifecycle.h"
#include "domain/sha256.h"
#include "notify/webhook_client.h"

namespace sigap::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxEvents = 50;

// Event kinds are snake_case words ("disposed", "public_update").
// The events a subscriber may ask for: every kind of case event but
// internal notes (what the lifecycle sends), and `submitted`.
bool ValidEventName(const std::string& name) {
  namespace k = domain::event_kind;
  static const std::string_view kKinds[] = {
      k::kSubmitted,      k::kVerified,    k::kRejected,     k::kInfoRequested,
      k::kInfoProvided,   k::kDisposed,    k::kForwarded,    k::kInputRequested,
      k::kInputProvided,  k::kAssigned,    k::kStarted,      k::kResolved,
      k::kClosed,         k::kReopened,    k::kPublicUpdate, k::kMerged,
      k::kMergedIn,       k::kEscalated,   k::kCategorized,  k::kRoutingSuggested,
      k::kPriorityRaised, k::kAgencyAdded, k::kNotified,     k::kDeadlineAdjusted,
      k::kDeadlineCounted};
  return std::find(std::begin(kKinds), std::end(kKinds), name) != std::end(kKinds);
}

json WebhookJson(const store::Webhook& w) {
  return json{{"id", w.id},
              {"url", w.url},
              {"events", w.events},
              {"created_at", FormatRfc3339(w.created_at)}};
}

// 32 random bytes as lower-case hex: the subscriber's HMAC key.
std::string NewSecret() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return domain::HexOf(bytes, sizeof bytes);
}

http::Response CreateWebhook(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);

  std::vector<FieldError> errors;
  const auto url = ReadString(body.value, "url", "", errors);
  if (url && url->empty()) {
    errors.push_back({"url", "required", ""});
  } else if (url && url->size() > 2000) {
    errors.push_back({"url", "too_long", ""});
  } else if (url) {
    if (auto parsed = notify::ParseWebhookUrl(*url); !parsed) {
      errors.push_back({"url", "invalid_format", parsed.error().message});
    } else if (!ctx.options.webhook_private_targets && notify::NamesOwnNetwork(parsed->host)) {
      errors.push_back({"url", "private_address",
                        "an address of the Pemda's own network; allowed only with "
                        "notify.webhook_private_targets"});
    }
  }
  std::vector<std::string> events;
  if (const auto it = body.value.find("events"); it != body.value.end() && !it->is_null()) {
    if (!it->is_array()) {
      errors.push_back({"events", "invalid_type", "must be an array"});
    } else if (it->size() > kMaxEvents) {
      errors.push_back({"events", "too_many", ""});
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        const json& item = (*it)[i];
        const std::string path = "events[" + std::to_string(i) + "]";
        if (!item.is_string()) {
          errors.push_back({path, "invalid_type", "must be a string"});
        } else if (!ValidEventName(item.get<std::string>())) {
          errors.push_back(
              {path, "invalid_value", "a kind of case event, e.g. submitted or disposed"});
        } else if (std::find(events.begin(), events.end(), item.get<std::string>()) ==
                   events.end()) {
          events.push_back(item.get<std::string>());
        }
      }
    }
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  store::Webhook webhook;
  webhook.pemda_id = admin.pemda.id;
  webhook.url = *url;
  webhook.secret = NewSecret();
  webhook.events = std::move(events);
  webhook.created_at = ctx.clock.Now();
  auto id = ctx.store.CreateWebhook(webhook);
  if (!id) return ErrorResponse(request, id.error());
  webhook.id = *id;
  json out = WebhookJson(webhook);
  out["secret"] = webhook.secret;  // shown this once; only its owner keeps it
  auto response = JsonResponse(out, 201);
  response.With("Location", "/api/v1/webhooks/" + std::to_string(*id));
  return response;
}

http::Response ListWebhooks(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto webhooks = ctx.store.ListWebhooks(admin.pemda.id);
  if (!webhooks) return ErrorResponse(request, webhooks.error());
  json items = json::array();
  for (const auto& w : *webhooks) items.push_back(WebhookJson(w));
  return JsonResponse(json{{"items", std::move(items)}});
}

// The id of /api/v1/webhooks/{id}; nullopt when it is not a number.
std::optional<int64_t> WebhookId(const std::string& text) {
  int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || id > (INT64_MAX - 9) / 10) return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

http::Response GetWebhook(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const auto id = WebhookId(request.params["id"]);
  auto webhooks = ctx.store.ListWebhooks(admin.pemda.id);
  if (!webhooks) return ErrorResponse(request, webhooks.error());
  for (const auto& w : *webhooks) {
    if (id && w.id == *id) return JsonResponse(WebhookJson(w));
  }
  return ErrorResponse(request, Error{ErrorCode::kNotFound, "webhook not found"});
}

http::Response DeleteWebhook(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const auto parsed = WebhookId(request.params["id"]);
  if (!parsed) return ErrorResponse(request, Error{ErrorCode::kNotFound, "webhook not found"});
  const int64_t id = *parsed;
  if (auto s = ctx.store.DeleteWebhook(admin.pemda.id, id); !s) {
    return ErrorResponse(request, s.error());
  }
  return NoContentResponse();
}

}  // namespace

void RegisterWebhookRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "POST", "/api/v1/webhooks", [&ctx](http::Request& r) { return CreateWebhook(ctx, r); },
      "webhooks_create");
  router.AddSync(
      "GET", "/api/v1/webhooks", [&ctx](http::Request& r) { return ListWebhooks(ctx, r); },
      "webhooks_list");
  router.AddSync(
      "GET", "/api/v1/webhooks/{id}", [&ctx](http::Request& r) { return GetWebhook(ctx, r); },
      "webhooks_get");
  router.AddSync(
      "DELETE", "/api/v1/webhooks/{id}", [&ctx](http::Request& r) { return DeleteWebhook(ctx, r); },
      "webhooks_delete");
}

}  // namespace sigap::api
