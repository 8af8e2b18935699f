// Administrators manage the service catalogue: POST /api/v1/services
// creates a service with its first Standar Pelayanan, PUT
// /api/v1/services/{code}/standard publishes a new version (older ones
// stay: cases point at the version they were filed under), GET
// /api/v1/services/{code}/standards lists the versions, PATCH
// /api/v1/services/{code} changes name, group, agency, keywords, kinds or
// whether the service is offered. POST /api/v1/agencies registers an
// agency (OPD) and PATCH /api/v1/agencies/{code} changes one.
#include <spdlog/spdlog.h>

#include "api/catalogue_json.h"
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/officer_names.h"
#include "app/agency_book.h"
#include "app/service_catalogue.h"

namespace sigap::api {
namespace {

using nlohmann::json;

http::Response CreateService(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  const json& b = body.value;
  std::vector<FieldError> errors;
  domain::Service svc;
  svc.code = ReadString(b, "code", "", errors).value_or("");
  svc.name = ReadString(b, "name", "", errors).value_or("");
  svc.agency_code = ReadString(b, "agency_code", "", errors).value_or("");
  svc.group = ReadString(b, "group", "", errors).value_or("");
  svc.description = ReadString(b, "description", "", errors).value_or("");
  svc.keywords = ReadStrings(b, "keywords", "", errors);
  svc.kinds = ReadKinds(b, "kinds", errors);
  svc.active = !Present(b, "active") || ReadBool(b, "active", "", errors).value_or(true);
  const size_t before = errors.size();
  const json* standard = ReadObject(b, "standard", "", errors);
  if (standard) {
    svc.standard = ReadStandard(*standard, "standard", errors);
  } else if (errors.size() == before) {
    errors.push_back({"standard", "required", "the first Standar Pelayanan"});
  }
  UnknownFields(b,
                {"code", "name", "agency_code", "group", "description", "keywords", "kinds",
                 "active", "standard"},
                errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const app::ServiceCatalogue catalogue(ctx.store, ctx.clock);
  auto created = catalogue.Create(admin.pemda.id, std::move(svc), admin.principal.Actor());
  if (!created) return ErrorResponse(request, created.error());
  spdlog::info("service {} created by {}", created->code, admin.principal.Actor());
  auto response = JsonResponse(ServiceJson(*created), 201);
  response.With("Location", "/api/v1/services/" + created->code);
  return NoStore(std::move(response));
}

http::Response PublishStandard(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  domain::ServiceStandard standard = ReadStandard(body.value, "", errors);
  UnknownFields(
      body.value,
      {"requirements", "procedure", "completion_days", "cost", "product", "complaint_channel",
       "internal", "attributes", "change_note", "version", "effective_from", "changed_by"},
      errors);
  // What GET gave may be sent back, but a version takes effect when it is
  // published: a date still to come would be silently ignored.
  if (Present(body.value, "effective_from")) {
    const auto from = ReadString(body.value, "effective_from", "", errors);
    const auto at = from ? ParseRfc3339(*from) : std::nullopt;
    if (from && (!at || *at > ctx.clock.Now() + std::chrono::minutes(5))) {
      errors.push_back({"effective_from", "not_scheduled",
                        "a version takes effect when published: publish it on the day it "
                        "applies, or leave effective_from out"});
    }
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const std::string& code = request.params["code"];
  const app::ServiceCatalogue catalogue(ctx.store, ctx.clock);
  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  auto published =
      catalogue.PublishStandard(admin.pemda.id, code, std::move(standard), admin.principal.Actor());
  if (!published) return ErrorResponse(request, published.error());
  spdlog::info("service {} standard version {} published by {}", code, published->version,
               admin.principal.Actor());
  json out = StandardJson(*published, true);
  AddOfficerName(out, "changed_by", names.names);
  auto response = JsonResponse(out, 201);
  response.With("Location",
                "/api/v1/services/" + code + "?version=" + std::to_string(published->version));
  return NoStore(std::move(response));
}

http::Response ListStandards(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto history = ctx.store.ListServiceStandards(admin.pemda.id, request.params["code"]);
  if (!history) return ErrorResponse(request, history.error());
  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  json items = json::array();
  // Newest first: the version in force, then what it replaced, each with
  // who published it ("changed_by_name").
  for (auto it = history->rbegin(); it != history->rend(); ++it) {
    items.push_back(StandardJson(*it, true));
    AddOfficerName(items.back(), "changed_by", names.names);
  }
  return NoStore(JsonResponse(json{{"items", std::move(items)}}));
}

http::Response UpdateService(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  const json& b = body.value;
  std::vector<FieldError> errors;
  app::ServiceChange change;
  if (Present(b, "name")) change.name = ReadString(b, "name", "", errors);
  if (Present(b, "group")) change.group = ReadString(b, "group", "", errors);
  if (Present(b, "agency_code")) change.agency_code = ReadString(b, "agency_code", "", errors);
  if (Present(b, "description")) change.description = ReadString(b, "description", "", errors);
  if (Present(b, "keywords")) change.keywords = ReadStrings(b, "keywords", "", errors);
  if (Present(b, "kinds")) change.kinds = ReadKinds(b, "kinds", errors);
  if (Present(b, "active")) change.active = ReadBool(b, "active", "", errors);
  for (const auto& [key, value] : b.items()) {
    if (key == "standard") {
      errors.push_back({key, "unknown_field", "publish a new version: PUT .../standard"});
    }
  }
  UnknownFields(
      b, {"name", "group", "agency_code", "description", "keywords", "kinds", "active", "standard"},
      errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const std::string& code = request.params["code"];
  const app::ServiceCatalogue catalogue(ctx.store, ctx.clock);
  auto updated = catalogue.Update(admin.pemda.id, code, change);
  if (!updated) return ErrorResponse(request, updated.error());
  const std::string what = MemberNames(b);
  spdlog::info("service {} changed by {}: {}", code, admin.principal.Actor(), what);
  return NoStore(JsonResponse(ServiceJson(*updated)));
}

http::Response CreateAgency(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  const json& b = body.value;
  std::vector<FieldError> errors;
  domain::Agency agency;
  agency.code = ReadString(b, "code", "", errors).value_or("");
  agency.name = ReadString(b, "name", "", errors).value_or("");
  agency.kind = ReadString(b, "kind", "", errors).value_or("");
  agency.region_code = ReadString(b, "region_code", "", errors).value_or("");
  agency.parent_code = ReadString(b, "parent_code", "", errors).value_or("");
  UnknownFields(b, {"code", "name", "kind", "region_code", "parent_code"}, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  auto created = app::AgencyBook(ctx.store).Create(admin.pemda.id, std::move(agency));
  if (!created) return ErrorResponse(request, created.error());
  spdlog::info("agency {} created by {}", created->code, admin.principal.Actor());
  auto response = JsonResponse(AgencyJson(*created), 201);
  response.With("Location", "/api/v1/agencies/" + created->code);
  return NoStore(std::move(response));
}

http::Response UpdateAgency(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  const json& b = body.value;
  std::vector<FieldError> errors;
  app::AgencyChange change;
  const auto take = [&](std::optional<std::string>& into, const char* key) {
    if (Present(b, key)) into = ReadString(b, key, "", errors);
  };
  take(change.name, "name");
  take(change.kind, "kind");
  take(change.region_code, "region_code");
  take(change.parent_code, "parent_code");
  // `code` may be sent back as GET gave it, never changed: cases, services,
  // officers and routing rules name the agency by it.
  if (Present(b, "code") &&
      ReadString(b, "code", "", errors).value_or("") != request.params["code"]) {
    errors.push_back({"code", "immutable", "an agency's code cannot change"});
  }
  UnknownFields(b, {"code", "name", "kind", "region_code", "parent_code"}, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  auto updated = app::AgencyBook(ctx.store).Update(admin.pemda.id, request.params["code"], change);
  if (!updated) return ErrorResponse(request, updated.error());
  spdlog::info("agency {} changed by {}: {}", updated->code, admin.principal.Actor(),
               MemberNames(b));
  return NoStore(JsonResponse(AgencyJson(*updated)));
}

}  // namespace

void RegisterCatalogueAdminRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "POST", "/api/v1/agencies", [&ctx](http::Request& r) { return CreateAgency(ctx, r); },
      "agencies_create");
  router.AddSync(
      "PATCH", "/api/v1/agencies/{code}", [&ctx](http::Request& r) { return UpdateAgency(ctx, r); },
      "agencies_update");
  router.AddSync(
      "POST", "/api/v1/services", [&ctx](http::Request& r) { return CreateService(ctx, r); },
      "services_create");
  router.AddSync(
      "PATCH", "/api/v1/services/{code}",
      [&ctx](http::Request& r) { return UpdateService(ctx, r); }, "services_update");
  router.AddSync(
      "PUT", "/api/v1/services/{code}/standard",
      [&ctx](http::Request& r) { return PublishStandard(ctx, r); }, "services_publish_standard");
  router.AddSync(
      "GET", "/api/v1/services/{code}/standards",
      [&ctx](http::Request& r) { return ListStandards(ctx, r); }, "services_standards");
}

}  // namespace sigap::api
