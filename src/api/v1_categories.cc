// The Pemda's category taxonomy (issue 8): GET /api/v1/categories lists the
// offered categories to anyone (the citizen's form, the officers' select);
// with ?all=1 every category, retired ones too, to administrators, who add
// (POST /api/v1/categories) and rename, move, retire or reactivate (PATCH
// /api/v1/categories/{code}) them.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "app/category_book.h"

namespace sigap::api {
namespace {

using nlohmann::json;

json CategoryJson(const domain::Category& c) {
  return json{
      {"code", c.code}, {"name", c.name}, {"parent_code", c.parent_code}, {"active", c.active}};
}

http::Response ListCategories(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  const auto all_param = request.Query("all");
  const bool all = all_param == "1" || all_param == "true";
  if (all) {
    auto admin = RequireAdmin(ctx, request);
    if (admin.problem) return std::move(*admin.problem);
  }
  const app::CategoryBook book(ctx.store);
  auto categories = book.List(pemda.pemda.id, all);
  if (!categories) return ErrorResponse(request, categories.error());
  json items = json::array();
  for (const auto& c : *categories) items.push_back(CategoryJson(c));
  auto response = JsonResponse(json{{"items", std::move(items)}});
  // The public list may be a minute old; an administrator's never is.
  response.With("Cache-Control", all ? "no-store" : "public, max-age=60");
  return response;
}

// One category, as the list shows it: an offered one to anyone, a retired
// one to administrators only (to others it does not exist).
http::Response GetCategory(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  const app::CategoryBook book(ctx.store);
  auto categories = book.List(pemda.pemda.id, /*with_retired=*/true);
  if (!categories) return ErrorResponse(request, categories.error());
  const std::string& code = request.params["code"];
  const auto found = std::find_if(categories->begin(), categories->end(),
                                  [&](const domain::Category& c) { return c.code == code; });
  const auto missing = [&] {
    return ErrorResponse(request, Error{ErrorCode::kNotFound, "no category with this code"});
  };
  if (found == categories->end()) return missing();
  if (!domain::CategoryOffered(*found, *categories)) {
    auto admin = RequireAdmin(ctx, request);
    if (admin.problem) return missing();
    return NoStore(JsonResponse(CategoryJson(*found)));
  }
  auto response = JsonResponse(CategoryJson(*found));
  response.With("Cache-Control", "public, max-age=60");
  return response;
}

http::Response CreateCategory(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  const json& b = body.value;
  std::vector<FieldError> errors;
  domain::Category c;
  c.code = ReadString(b, "code", "", errors).value_or("");
  c.name = ReadString(b, "name", "", errors).value_or("");
  c.parent_code = ReadString(b, "parent_code", "", errors).value_or("");
  c.active = !Present(b, "active") || ReadBool(b, "active", "", errors).value_or(true);
  UnknownFields(b, {"code", "name", "parent_code", "active"}, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const app::CategoryBook book(ctx.store);
  auto created = book.Add(admin.pemda.id, std::move(c));
  if (!created) return ErrorResponse(request, created.error());
  spdlog::info("category {} added by {}", created->code, admin.principal.Actor());
  auto response = JsonResponse(CategoryJson(*created), 201);
  response.With("Location", "/api/v1/categories/" + created->code);
  return NoStore(std::move(response));
}

http::Response UpdateCategory(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  const json& b = body.value;
  std::vector<FieldError> errors;
  app::CategoryChange change;
  if (Present(b, "name")) change.name = ReadString(b, "name", "", errors);
  if (b.contains("parent_code")) {
    // null or "" makes it a main category.
    change.parent_code = ReadString(b, "parent_code", "", errors).value_or("");
  }
  if (Present(b, "active")) change.active = ReadBool(b, "active", "", errors);
  if (Present(b, "code") && b["code"] != json(request.params["code"])) {
    errors.push_back({"code", "immutable", "a category's code never changes"});
  }
  UnknownFields(b, {"code", "name", "parent_code", "active"}, errors);
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const std::string& code = request.params["code"];
  const app::CategoryBook book(ctx.store);
  auto updated = book.Change(admin.pemda.id, code, change);
  if (!updated) return ErrorResponse(request, updated.error());
  const std::string what = MemberNames(b);
  spdlog::info("category {} changed by {}: {}", code, admin.principal.Actor(), what);
  return NoStore(JsonResponse(CategoryJson(*updated)));
}

}  // namespace

void RegisterCategoryRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/categories", [&ctx](http::Request& r) { return ListCategories(ctx, r); },
      "categories_list");
  router.AddSync(
      "POST", "/api/v1/categories", [&ctx](http::Request& r) { return CreateCategory(ctx, r); },
      "categories_create");
  router.AddSync(
      "GET", "/api/v1/categories/{code}", [&ctx](http::Request& r) { return GetCategory(ctx, r); },
      "categories_get");
  router.AddSync(
      "PATCH", "/api/v1/categories/{code}",
      [&ctx](http::Request& r) { return UpdateCategory(ctx, r); }, "categories_update");
}

}  // namespace sigap::api
