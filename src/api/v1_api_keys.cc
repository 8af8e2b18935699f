// /api/v1/api-keys: administrators create the keys other systems send in
// X-API-Key (or Open311's api_key), list them and revoke them. A key is
// shown once, when it is created; only its SHA-256 is kept.
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/officer_names.h"

namespace sigap::api {
namespace {

using nlohmann::json;

// With the full names of the officers who created and revoked it
// ("created_by_name", "revoked_by_name").
json ApiKeyJson(const store::ApiKey& k, const app::OfficerNames& names) {
  // Keys made before migration 0023 have no creation time.
  const bool created_known = k.created_at != Timestamp{};
  json out{{"name", k.principal.name},
           {"role", domain::ToString(k.principal.role)},
           {"agency_code", k.principal.agency_code},
           {"hint", k.hint},
           {"created_at", created_known ? json(FormatRfc3339(k.created_at)) : json(nullptr)},
           {"created_by", k.created_by},
           {"revoked_at", k.revoked_at ? json(FormatRfc3339(*k.revoked_at)) : json(nullptr)},
           {"revoked_by", k.revoked_by}};
  AddOfficerName(out, "created_by", names);
  AddOfficerName(out, "revoked_by", names);
  return out;
}

http::Response ListApiKeys(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto keys = ctx.accounts.ListApiKeys(admin.pemda.id);
  if (!keys) return ErrorResponse(request, keys.error());
  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  json items = json::array();
  for (const auto& k : *keys) items.push_back(ApiKeyJson(k, names.names));
  return JsonResponse(json{{"items", std::move(items)}});
}

http::Response CreateApiKey(ApiContext& ctx, http::Request& request) {
  auto admin = RequireSignedInAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  const auto name = ReadString(body.value, "name", "", errors);
  const auto agency = ReadString(body.value, "agency_code", "", errors);
  const auto role = ReadRole(body.value, errors);
  if (!Present(body.value, "role")) errors.push_back({"role", "required", ""});
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  auto names = ReadOfficerNames(ctx, request, admin.pemda.id);
  if (names.problem) return std::move(*names.problem);
  auto created =
      ctx.accounts.CreateApiKey(admin.pemda.id, *name, *role, *agency, admin.principal.Actor());
  if (!created) return ErrorResponse(request, AgencyCodeField(created.error()));
  json out = ApiKeyJson(created->stored, names.names);
  out["key"] = created->key;  // shown this once; only the system it is for keeps it
  return JsonResponse(out, 201);
}

http::Response RevokeApiKey(ApiContext& ctx, http::Request& request) {
  auto admin = RequireSignedInAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  if (auto s = ctx.accounts.RevokeApiKey(admin.pemda.id, request.params["name"],
                                         admin.principal.Actor());
      !s) {
    return ErrorResponse(request, s.error());
  }
  return NoContentResponse();
}

}  // namespace

void RegisterApiKeyRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/api-keys", [&ctx](http::Request& r) { return ListApiKeys(ctx, r); },
      "api_keys_list");
  router.AddSync(
      "POST", "/api/v1/api-keys", [&ctx](http::Request& r) { return CreateApiKey(ctx, r); },
      "api_keys_create");
  router.AddSync(
      "DELETE", "/api/v1/api-keys/{name}",
      [&ctx](http::Request& r) { return RevokeApiKey(ctx, r); }, "api_keys_revoke");
}

}  // namespace sigap::api
