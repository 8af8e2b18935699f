// /api/v1/rules: the Pemda's policy rules (issue 10), written and tried by
// administrators only, read by leaders too (rules act on cases and address
// capacity proposals to leaders).
// Every save is a new version (disabled until enabled); enabling and
// disabling are audited with who did it; a dry run replays the stored
// history through a rule and writes nothing.
#include <spdlog/spdlog.h>

#include <chrono>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/lane.h"
#include "api/officer_names.h"
#include "app/policy_book.h"

namespace sigap::api {
namespace {

using nlohmann::json;

constexpr int kDefaultTryDays = 90;
constexpr int kMaxTryDays = 3660;

json Definition(const std::string& text) {
  json d = json::parse(text, nullptr, false);
  return d.is_discarded() ? json(nullptr) : d;
}

json RuleSummaryJson(const store::StoredPolicyRule& r) {
  const json d = Definition(r.current.definition);
  return json{{"id", r.id},
              {"name", r.current.name},
              {"version", r.current.version},
              {"enabled", r.enabled},
              {"basis", r.current.basis},
              {"trigger", d.is_object() && d.contains("trigger") ? d["trigger"] : json(nullptr)},
              {"updated_at", FormatRfc3339(r.updated_at)}};
}

// With the full names of the officers who saved its versions and enabled or
// disabled it ("created_by_name", "actor_name": AddOfficerName).
json RuleDetailJson(const store::StoredPolicyRule& r, const app::OfficerNames& names) {
  json out = RuleSummaryJson(r);
  out["definition"] = Definition(r.current.definition);
  json versions = json::array();
  for (const auto& v : r.versions) {
    json version{{"version", v.version},       {"name", v.name},
                 {"basis", v.basis},           {"definition", Definition(v.definition)},
                 {"created_by", v.created_by}, {"created_at", FormatRfc3339(v.created_at)}};
    AddOfficerName(version, "created_by", names);
    versions.push_back(std::move(version));
  }
  out["versions"] = std::move(versions);
  json audit = json::array();
  for (const auto& a : r.audit) {
    json entry{{"version", a.version},
               {"action", a.action},
               {"actor", a.actor},
               {"at", FormatRfc3339(a.at)}};
    AddOfficerName(entry, "actor", names);
    audit.push_back(std::move(entry));
  }
  out["audit"] = std::move(audit);
  return out;
}

// With the full name of the officer who turned it on or off ("by_name").
json KillSwitchJson(const store::PolicyRunState& run, const app::OfficerNames& names) {
  json out{{"on", run.killed},
           {"by", run.killed_by.empty() ? json(nullptr) : json(run.killed_by)},
           {"at", run.killed_at ? json(FormatRfc3339(*run.killed_at)) : json(nullptr)}};
  AddOfficerName(out, "by", names);
  return out;
}

// Reads "id" of a body when present: a positive whole number.
std::optional<int64_t> ReadRuleId(const json& body, std::vector<FieldError>& errors) {
  const auto it = body.find("id");
  if (it == body.end() || it->is_null()) return 0;
  if (!it->is_number_integer() || it->get<int64_t>() < 1) {
    errors.push_back({"id", "invalid_value", "the id of a rule", {}, "id sebuah aturan"});
    return std::nullopt;
  }
  return it->get<int64_t>();
}

// A rule's parse error with its fields under "rule" (the member of a dry
// run's body that holds it).
Error UnderRule(Error error) {
  for (auto& f : error.fields) f.field = f.field.empty() ? "rule" : "rule." + f.field;
  return error;
}

http::Response ListRules(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdminOrLeader(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  app::PolicyBook book(ctx.store);
  auto rules = book.List(admin.pemda.id);
  if (!rules) return ErrorResponse(request, rules.error());
  json items = json::array();
  for (const auto& r : *rules) items.push_back(RuleSummaryJson(r));
  auto run = ctx.store.LoadPolicyRun(admin.pemda.id);
  if (!run) return ErrorResponse(request, run.error());
  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  return JsonResponse(
      json{{"items", std::move(items)}, {"kill_switch", KillSwitchJson(*run, names.names)}});
}

// POST /api/v1/rules/kill-switch {"on": true|false}: no rule acts while on.
http::Response SetKillSwitch(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  // Required: a mistyped member must not turn the switch off, which would
  // let every rule act again while its admin meant to stop them.
  std::optional<bool> on;
  if (Present(body.value, "on")) {
    on = ReadBool(body.value, "on", "", errors);
  } else {
    errors.push_back({"on", "required", "true or false", {}, "true atau false"});
  }
  UnknownFields(body.value, {"on", "at", "by"}, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  const std::string actor = admin.principal.Actor();
  if (auto set = ctx.store.SetPolicyKillSwitch(admin.pemda.id, *on, actor, ctx.clock.Now()); !set)
    return ErrorResponse(request, set.error());
  spdlog::warn("policy rules kill switch turned {} by {}", *on ? "on" : "off", actor);
  auto run = ctx.store.LoadPolicyRun(admin.pemda.id);
  if (!run) return ErrorResponse(request, run.error());
  return JsonResponse(KillSwitchJson(*run, names.names));
}

http::Response ShowRule(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdminOrLeader(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const auto id = ParseRowId(request.params["id"]);
  if (!id) return ProblemResponse(request, 404, "not_found");
  app::PolicyBook book(ctx.store);
  auto rule = book.Find(admin.pemda.id, *id);
  if (!rule) return ErrorResponse(request, rule.error());
  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  return JsonResponse(RuleDetailJson(*rule, names.names));
}

http::Response SaveRule(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  const auto id = ReadRuleId(body.value, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  json rule = body.value;
  rule.erase("id");
  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  app::PolicyBook book(ctx.store);
  auto saved =
      book.Save(admin.pemda.id, rule.dump(), "json", *id, admin.principal.Actor(), ctx.clock.Now());
  // A rule's limits (how many actions, how many days) are in its errors'
  // own words, so they reach the administrator.
  if (!saved) return DetailedErrorResponse(request, saved.error());
  spdlog::info("policy rule {} v{} saved by {}", saved->id, saved->current.version,
               admin.principal.Actor());
  auto response = JsonResponse(RuleDetailJson(*saved, names.names), 201);
  response.With("Location", "/api/v1/rules/" + std::to_string(saved->id));
  return response;
}

http::Response SetEnabled(ApiContext& ctx, http::Request& request, bool enabled) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  const auto id = ParseRowId(request.params["id"]);
  if (!id) return ProblemResponse(request, 404, "not_found");
  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  app::PolicyBook book(ctx.store);
  auto rule =
      book.SetEnabled(admin.pemda.id, *id, enabled, admin.principal.Actor(), ctx.clock.Now());
  if (!rule) return ErrorResponse(request, rule.error());
  spdlog::info("policy rule {} v{} {} by {}", rule->id, rule->current.version,
               enabled ? "enabled" : "disabled", admin.principal.Actor());
  return JsonResponse(RuleDetailJson(*rule, names.names));
}

json DryRunJson(const adapt::DryRunReport& report, const adapt::PolicyRule& rule, Timestamp since,
                Timestamp now) {
  json changes = json::array();
  for (const auto& c : report.deadline_changes) {
    changes.push_back(
        {{"case_id", c.case_id}, {"stage", adapt::ToString(c.stage)}, {"days", c.days}});
  }
  return json{{"rule", {{"id", rule.id}, {"name", rule.name}, {"version", rule.version}}},
              {"since", FormatRfc3339(since)},
              {"until", FormatRfc3339(now)},
              {"events", report.events},
              {"decisions", report.decisions},
              {"cases", report.cases},
              {"by_action", report.by_action},
              {"deadline_changes", report.deadline_changes_total},
              {"deadline_examples", std::move(changes)},
              {"loops_prevented", report.counters.loops_prevented},
              {"rate_limited", report.counters.rate_limited},
              {"refused_actions", report.counters.refused_actions}};
}

// POST /api/v1/rules/try {"rule": {...}} or {"id": N}, "since_days": 1..3660.
http::Response TryRule(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  const auto id = ReadRuleId(body.value, errors);
  const json* text = ReadObject(body.value, "rule", "", errors);
  int days = kDefaultTryDays;
  if (const auto n = ReadNumber(body.value, "since_days", "", errors)) {
    if (*n < 1 || *n > kMaxTryDays || *n != static_cast<int>(*n)) {
      const std::string low = "1", high = std::to_string(kMaxTryDays);
      errors.push_back(
          {"since_days", "out_of_range", low + " to " + high, {}, low + " sampai " + high});
    } else {
      days = static_cast<int>(*n);
    }
  }
  if (errors.empty() && text == nullptr && id.value_or(0) == 0) {
    errors.push_back({"rule",
                      "required",
                      "either a rule or the id of a stored rule",
                      {},
                      "sebuah aturan, atau id aturan yang tersimpan"});
  }
  if (errors.empty() && text != nullptr && id.value_or(0) != 0) {
    errors.push_back({"id",
                      "exclusive",
                      "a rule or the id of a stored rule, not both",
                      {},
                      "sebuah aturan atau id aturan yang tersimpan, tidak keduanya"});
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors), true);

  app::PolicyBook book(ctx.store, {}, ctx.workflow.policy());
  adapt::PolicyRule rule;
  if (text != nullptr) {
    auto parsed = book.Parse(admin.pemda.id, text->dump(), "json");
    if (!parsed) return DetailedErrorResponse(request, UnderRule(parsed.error()));
    rule = std::move(*parsed);
    rule.id = 0;  // not stored: one rule alone, any id keeps loops apart
  } else {
    auto stored = book.Find(admin.pemda.id, *id);
    if (!stored) return ErrorResponse(request, stored.error());
    auto engine_rule = book.EngineRule(*stored);
    if (!engine_rule) return ErrorResponse(request, engine_rule.error());
    rule = std::move(*engine_rule);
  }
  rule.enabled = true;  // a dry run tries the rule as if it were enabled
  const Timestamp now = ctx.clock.Now();
  const Timestamp since = now - std::chrono::days(days);
  auto report = book.Try(admin.pemda.id, {rule}, since, now);
  if (!report) return ErrorResponse(request, report.error());
  return JsonResponse(DryRunJson(*report, rule, since, now));
}

}  // namespace

void RegisterPolicyRuleRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/rules", [&ctx](http::Request& r) { return ListRules(ctx, r); }, "rules_list");
  router.AddSync(
      "POST", "/api/v1/rules", [&ctx](http::Request& r) { return SaveRule(ctx, r); }, "rules_save");
  router.AddSync(
      "POST", "/api/v1/rules/kill-switch",
      [&ctx](http::Request& r) { return SetKillSwitch(ctx, r); }, "rules_kill_switch");
  AddOnLane(
      router, ctx.reports, "POST", "/api/v1/rules/try",
      [&ctx](http::Request& r) { return TryRule(ctx, r); }, "rules_try");
  router.AddSync(
      "GET", "/api/v1/rules/{id}", [&ctx](http::Request& r) { return ShowRule(ctx, r); },
      "rules_show");
  router.AddSync(
      "POST", "/api/v1/rules/{id}/enable",
      [&ctx](http::Request& r) { return SetEnabled(ctx, r, true); }, "rules_enable");
  router.AddSync(
      "POST", "/api/v1/rules/{id}/disable",
      [&ctx](http::Request& r) { return SetEnabled(ctx, r, false); }, "rules_disable");
}

}  // namespace sigap::api
