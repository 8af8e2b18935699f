// /api/v1/users: administrators list officer accounts, create them and
// change their role, agency, e-mail, full name, password or whether they may
// sign in; an officer reads their own account.
#include <spdlog/spdlog.h>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"

namespace sigap::api {
namespace {

using nlohmann::json;

json UserJson(const domain::User& u) {
  return json{{"username", u.username},
              {"role", domain::ToString(u.role)},
              {"agency_code", u.agency_code},
              {"active", u.active},
              {"email", u.email},
              {"full_name", u.full_name}};
}

http::Response ListUsers(ApiContext& ctx, http::Request& request) {
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto users = ctx.accounts.ListUsers(admin.pemda.id);
  if (!users) return ErrorResponse(request, users.error());
  json items = json::array();
  for (const auto& u : *users) items.push_back(UserJson(u));
  return JsonResponse(json{{"items", std::move(items)}});
}

// GET /api/v1/users/{username}: one account, as the list shows it. An
// administrator reads any of the Pemda's; another officer only their own
// (403 for anyone else's, known or not: the answer does not tell which
// usernames exist), and an API key only as an administrator's.
http::Response ShowUser(ApiContext& ctx, http::Request& request) {
  auto caller = RequireSignedIn(ctx, request);
  if (caller.problem) return std::move(*caller.problem);
  const domain::Principal& who = caller.principal;
  const std::string& username = request.params["username"];
  const bool self = !who.is_api_key && who.name == username;
  if (who.role != domain::Role::kAdmin && !self) {
    return ProblemResponse(request, 403, "forbidden");
  }
  auto user = ctx.store.FindUser(caller.pemda.id, username);
  if (!user) return ErrorResponse(request, user.error());
  return NoStore(JsonResponse(UserJson(*user)));
}

http::Response CreateUser(ApiContext& ctx, http::Request& request) {
  auto admin = RequireSignedInAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  const auto username = ReadString(body.value, "username", "", errors);
  const auto password = ReadString(body.value, "password", "", errors);
  const auto agency = ReadString(body.value, "agency_code", "", errors);
  const auto email = ReadString(body.value, "email", "", errors);
  const auto full_name = ReadString(body.value, "full_name", "", errors);
  const auto role = ReadRole(body.value, errors);
  if (!Present(body.value, "role")) errors.push_back({"role", "required", ""});
  if (email && !email->empty() && !app::ValidEmail(*email)) {
    errors.push_back({"email", "invalid_format", "an e-mail address"});
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  auto created =
      ctx.accounts.CreateUser(admin.pemda.id, *username, *password, *role, *agency, *full_name);
  if (!created) return ErrorResponse(request, AgencyCodeField(created.error()));
  // Its full name shows on the cases it acts on from now on, on this node at
  // once (the others hear of it: serve.cc's cache listener).
  ctx.reader.ForgetOfficerNames();
  app::UserChange change;
  if (!email->empty()) change.email = *email;
  auto user = ctx.accounts.UpdateUser(admin.principal, *username, change);
  if (!user) return ErrorResponse(request, user.error());
  spdlog::info("account {} created by {} (role {})", *username, admin.principal.Actor(),
               domain::ToString(*role));
  auto response = JsonResponse(UserJson(*user), 201);
  response.With("Location", "/api/v1/users/" + *username);
  return response;
}

http::Response UpdateUser(ApiContext& ctx, http::Request& request) {
  auto admin = RequireSignedInAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  app::UserChange change;
  change.role = ReadRole(body.value, errors);
  if (Present(body.value, "agency_code")) {
    change.agency_code = ReadString(body.value, "agency_code", "", errors);
  }
  if (Present(body.value, "active")) {
    change.active = ReadBool(body.value, "active", "", errors);
  }
  if (Present(body.value, "email")) change.email = ReadString(body.value, "email", "", errors);
  if (Present(body.value, "password")) {
    change.password = ReadString(body.value, "password", "", errors);
  }
  if (Present(body.value, "full_name")) {
    change.full_name = ReadString(body.value, "full_name", "", errors);
  }
  for (const auto& [key, value] : body.value.items()) {
    if (key != "role" && key != "agency_code" && key != "active" && key != "email" &&
        key != "password" && key != "full_name") {
      errors.push_back(
          {key, "unknown_field", "role, agency_code, active, email, full_name or password"});
    }
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const std::string& username = request.params["username"];
  auto user = ctx.accounts.UpdateUser(admin.principal, username, change);
  if (!user) return ErrorResponse(request, AgencyCodeField(user.error()));
  if (change.full_name) ctx.reader.ForgetOfficerNames();  // as CreateUser
  const std::string what = MemberNames(body.value);
  spdlog::info("account {} changed by {}: {}", username, admin.principal.Actor(), what);
  return JsonResponse(UserJson(*user));
}

}  // namespace

void RegisterUserRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/users", [&ctx](http::Request& r) { return ListUsers(ctx, r); }, "users_list");
  router.AddSync(
      "POST", "/api/v1/users", [&ctx](http::Request& r) { return CreateUser(ctx, r); },
      "users_create");
  router.AddSync(
      "GET", "/api/v1/users/{username}", [&ctx](http::Request& r) { return ShowUser(ctx, r); },
      "users_show");
  router.AddSync(
      "PATCH", "/api/v1/users/{username}", [&ctx](http::Request& r) { return UpdateUser(ctx, r); },
      "users_update");
}

}  // namespace sigap::api
