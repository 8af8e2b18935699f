// /api/v1/routing/text: the Pemda's policy for routing by text (issue 8),
// its models and their training, administrators only. The policy decides
// whether a confident proposal is disposed without a verifier, the target
// precision its threshold is chosen for, the minimum confidence of a
// proposal and when the model is retrained; every change is kept with who
// made it and why.
#include <spdlog/spdlog.h>

#include <cmath>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/officer_names.h"
#include "app/text_routing.h"
#include "app/text_training.h"
#include "domain/text.h"

namespace sigap::api {
namespace {

using nlohmann::json;

constexpr int kHistory = 20;
constexpr size_t kReasonMax = 500;

json Time(const std::optional<Timestamp>& t) { return t ? json(FormatRfc3339(*t)) : json(nullptr); }

// With the full name of the officer who changed it ("changed_by_name").
json SettingsJson(const store::TextRoutingSettings& s, const app::OfficerNames& names) {
  json out{{"id", s.id},
           {"auto_dispose", s.auto_dispose},
           {"target_precision", s.target_precision},
           {"min_confidence", s.min_confidence},
           {"retrain_min_new", s.retrain_min_new},
           {"reason", s.reason},
           {"changed_by", s.id ? json(s.changed_by) : json(nullptr)},
           {"changed_at", s.id ? Time(s.changed_at) : json(nullptr)}};
  AddOfficerName(out, "changed_by", names);
  return out;
}

// With the full name of the officer who had it trained ("created_by_name").
json ModelJson(const store::TextModelRecord& m, const app::OfficerNames& names) {
  json out{{"id", m.id},
           {"version", m.version},
           {"examples", m.examples},
           {"holdout_top1", m.holdout_top1 < 0 ? json(nullptr) : json(m.holdout_top1)},
           {"active", m.active},
           {"created_by", m.created_by},
           {"created_at", FormatRfc3339(m.created_at)}};
  AddOfficerName(out, "created_by", names);
  return out;
}

// With the full name of the officer who asked for it ("requested_by_name").
json RunJson(const app::TrainingRun& run, const app::OfficerNames& names) {
  json out{{"trigger", run.trigger},
           {"target", run.target},
           {"requested_by", run.requested_by},
           {"started_at", FormatRfc3339(run.started_at)},
           {"finished_at", Time(run.finished_at)},
           {"error", run.error.empty() ? json(nullptr) : json(run.error)},
           {"report", nullptr}};
  AddOfficerName(out, "requested_by", names);
  if (run.report) {
    const auto& r = *run.report;
    out["report"] = {
        {"version", r.version},
        {"promoted", r.promoted},
        {"examples", r.examples},
        {"dispositions", r.dispositions},
        {"held_out", r.held_out},
        {"candidate_top1", r.candidate_top1 < 0 ? json(nullptr) : json(r.candidate_top1)},
        {"previous_top1", r.previous_top1 < 0 ? json(nullptr) : json(r.previous_top1)}};
  }
  return out;
}

std::optional<http::Response> NotConfigured(ApiContext& ctx, const http::Request& request) {
  if (ctx.text_router && ctx.text_trainer) return std::nullopt;
  return ErrorResponse(request, Error{ErrorCode::kUnavailable, "routing by text is not set up"});
}

// Everything the screen shows: the policy now and its changes, the model
// that classifies now, the kept models and the training.
Result<json> Overview(ApiContext& ctx, domain::PemdaId pemda) {
  // The training's state first: a run is "finished" only after its model
  // is stored, so the models read next include the one a finished run
  // made (read last, a run that ended in between showed as finished with
  // its model missing).
  const auto status = ctx.text_trainer->Status(pemda);
  auto names = ctx.reader.ReadOfficerNames(pemda);
  if (!names) return Fail(names.error());
  auto history = ctx.store.ListTextRoutingSettings(pemda, kHistory);
  if (!history) return Fail(history.error());
  const store::TextRoutingSettings settings =
      history->empty() ? store::TextRoutingSettings{} : history->front();
  json changes = json::array();
  for (const auto& s : *history) changes.push_back(SettingsJson(s, *names));
  auto models = ctx.store.ListTextModels(pemda, app::kAgencyTarget);
  if (!models) return Fail(models.error());
  json kept = json::array();
  for (const auto& m : *models) kept.push_back(ModelJson(m, *names));
  auto category_models = ctx.store.ListTextModels(pemda, app::kCategoryTarget);
  if (!category_models) return Fail(category_models.error());
  json kept_categories = json::array();
  for (const auto& m : *category_models) kept_categories.push_back(ModelJson(m, *names));
  auto categories = ctx.store.ListCategories(pemda);
  if (!categories) return Fail(categories.error());

  json active = nullptr;
  const auto now = ctx.text_router->ModelNow(pemda);
  if (now.model) {
    const auto& m = *now.model;
    active = {{"version", m.version()},
              {"source", now.stored ? "database" : "file"},
              {"kind", m.kind()},
              {"labels", m.labels().size()},
              {"auto_threshold", m.auto_threshold() > 1 ? json(nullptr) : json(m.auto_threshold())},
              {"target_precision", m.target_precision()},
              {"min_confidence", m.min_confidence()},
              // Automatic disposition needs a threshold chosen for at least
              // the Pemda's target (app::PolicyDecision).
              {"auto_ready", m.auto_threshold() <= 1 &&
                                 m.target_precision() + 1e-9 >= settings.target_precision}};
  }
  return json{{"settings", SettingsJson(settings, *names)},
              {"history", std::move(changes)},
              {"active", std::move(active)},
              {"models", std::move(kept)},
              // The category model (proposes a case's category in the
              // taxonomy; trained on request only).
              {"category_models", std::move(kept_categories)},
              {"has_categories", !categories->empty()},
              {"training",
               {{"queued", status.queued},
                {"running", status.running},
                {"last", status.last ? RunJson(*status.last, *names) : json(nullptr)}}}};
}

http::Response Show(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto out = Overview(ctx, admin.pemda.id);
  if (!out) return ErrorResponse(request, out.error());
  auto response = JsonResponse(*out);
  response.With("Cache-Control", "no-store");
  return response;
}

// PUT /api/v1/routing/text/settings: a new version of the policy. Members
// left out keep their value; `reason` is required.
http::Response SaveSettings(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  auto current = ctx.store.LoadTextRoutingSettings(admin.pemda.id);
  if (!current) return ErrorResponse(request, current.error());
  store::TextRoutingSettings next = *current;
  std::vector<FieldError> errors;
  const json& b = body.value;
  if (auto v = ReadBool(b, "auto_dispose", "", errors)) next.auto_dispose = *v;
  if (auto v = ReadNumber(b, "target_precision", "", errors)) {
    if (*v < 0.5 || *v > 0.999) {
      errors.push_back({"target_precision", "out_of_range", "0.5..0.999"});
    } else {
      next.target_precision = *v;
    }
  }
  if (auto v = ReadNumber(b, "min_confidence", "", errors)) {
    if (*v < 0 || *v > 0.95) {
      errors.push_back({"min_confidence", "out_of_range", "0..0.95"});
    } else {
      next.min_confidence = *v;
    }
  }
  if (auto v = ReadNumber(b, "retrain_min_new", "", errors)) {
    if (*v != std::floor(*v)) {
      errors.push_back({"retrain_min_new", "invalid_format", "a whole number"});
    } else if (*v < 0 || *v > 100000) {
      errors.push_back({"retrain_min_new", "out_of_range", "0..100000"});
    } else {
      next.retrain_min_new = static_cast<int>(*v);
    }
  }
  const size_t before = errors.size();
  auto reason = ReadString(b, "reason", "", errors);
  if (reason) *reason = domain::Trim(*reason);
  if (errors.size() == before) {
    if (!reason || reason->empty()) {
      errors.push_back({"reason", "required", "why the policy changes"});
    } else if (reason->size() > kReasonMax) {
      errors.push_back({"reason", "too_long", "at most 500 bytes"});
    } else if (domain::HasControlCharacters(*reason, true)) {
      errors.push_back({"reason", "control_characters", ""});
    } else {
      next.reason = *reason;
    }
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  next.changed_by = admin.principal.Actor();
  next.changed_at = ctx.clock.Now();
  auto saved = ctx.store.SaveTextRoutingSettings(admin.pemda.id, next);
  if (!saved) return ErrorResponse(request, saved.error());
  spdlog::info("routing by text: policy of {} changed by {} (auto_dispose {}, target {:.3f})",
               admin.pemda.code, next.changed_by, next.auto_dispose, next.target_precision);
  // A policy that makes the model due (a new target, retraining turned on
  // with enough dispositions waiting) starts its training now, not at the
  // leading node's next check.
  ctx.text_trainer->CheckPemda(admin.pemda.id);
  auto out = Overview(ctx, admin.pemda.id);
  if (!out) return ErrorResponse(request, out.error());
  return JsonResponse(*out);
}

// POST /api/v1/routing/text/models/{id}/activate: that kept model
// classifies from now on (a rollback, or a model left unpromoted).
http::Response Activate(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const auto id = ParseRowId(request.params["id"]);
  if (!id) return ProblemResponse(request, 404, "not-found");
  if (auto done = ctx.store.ActivateTextModel(admin.pemda.id, *id); !done) {
    return ErrorResponse(request, done.error());
  }
  spdlog::info("routing by text: model {} of {} activated by {}", *id, admin.pemda.code,
               admin.principal.Actor());
  auto out = Overview(ctx, admin.pemda.id);
  if (!out) return ErrorResponse(request, out.error());
  return JsonResponse(*out);
}

// POST /api/v1/routing/text/train: trains now, in the background (202);
// 409 while a training of this Pemda is queued or running. An optional
// body {"target": "agency" | "category"} picks the model (the agency's by
// default); the category model needs the Pemda's taxonomy.
http::Response Train(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  std::string target(app::kAgencyTarget);
  if (!request.body.empty()) {
    auto body = ParseJsonBody(request);
    if (body.problem) return std::move(*body.problem);
    std::vector<FieldError> errors;
    UnknownFields(body.value, {"target"}, errors);
    if (Present(body.value, "target")) {
      if (auto v = ReadString(body.value, "target", "", errors)) target = *v;
    }
    if (errors.empty() && target != app::kAgencyTarget && target != app::kCategoryTarget) {
      errors.push_back({"target", "invalid", "agency | category"});
    }
    if (errors.empty() && target == app::kCategoryTarget) {
      auto categories = ctx.store.ListCategories(admin.pemda.id);
      if (!categories) return ErrorResponse(request, categories.error());
      if (categories->empty()) errors.push_back({"target", "no_categories", ""});
    }
    if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  }
  if (!ctx.text_trainer->Request(admin.pemda.id, admin.principal.Actor(), target)) {
    return ProblemResponse(request, 409, "conflict", {{"training", "already_running", ""}});
  }
  auto out = Overview(ctx, admin.pemda.id);
  if (!out) return ErrorResponse(request, out.error());
  return JsonResponse(*out, 202);
}

}  // namespace

void RegisterTextRoutingRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/routing/text", [&ctx](http::Request& r) { return Show(ctx, r); },
      "text_routing_show");
  router.AddSync(
      "PUT", "/api/v1/routing/text/settings",
      [&ctx](http::Request& r) { return SaveSettings(ctx, r); }, "text_routing_settings");
  router.AddSync(
      "POST", "/api/v1/routing/text/models/{id}/activate",
      [&ctx](http::Request& r) { return Activate(ctx, r); }, "text_routing_activate");
  router.AddSync(
      "POST", "/api/v1/routing/text/train", [&ctx](http::Request& r) { return Train(ctx, r); },
      "text_routing_train");
}

}  // namespace sigap::api
