// /api/v1/session: officers sign in and out.
#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "http/rate_limiter.h"

namespace sigap::api {
namespace {

using nlohmann::json;

json PrincipalJson(const domain::Principal& p) {
  return json{
      {"username", p.name}, {"role", domain::ToString(p.role)}, {"agency_code", p.agency_code}};
}

std::string SessionCookie(const ApiContext& ctx, const std::string& token, int64_t max_age) {
  std::string cookie = "sigap_session=" + token +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (ctx.options.secure_cookies) cookie += "; Secure";
  return cookie;
}

// Wrong passwords are charged to the client's address and to the account
// named, each a token bucket that a correct password does not spend: an
// office behind one address signs in as often as it likes, a script
// guessing passwords gets a handful of tries a minute (per node), and so
// does one guessing a given officer's from many addresses, or from a
// session it took over (the current password of a change counts too).
class LoginGuard {
 public:
  explicit LoginGuard(http::RateLimiter::Options options)
      : by_client_(options), by_account_(options) {}

  // The 429 to answer before trying `username`'s password, if any.
  std::optional<http::Response> Refuse(const http::Request& request, domain::PemdaId pemda,
                                       const std::string& username, Timestamp now) const {
    const auto wait = std::max(by_client_.Wait(request.remote_address, now),
                               by_account_.Wait(Account(pemda, username), now));
    if (wait.count() == 0) return std::nullopt;
    auto response = ProblemResponse(request, 429, "rate-limited");
    response.With("Retry-After", std::to_string(wait.count()));
    return response;
  }

  // Charges a wrong password.
  void Charge(const http::Request& request, domain::PemdaId pemda, const std::string& username,
              Timestamp now) {
    (void)by_client_.Take(request.remote_address, now);
    (void)by_account_.Take(Account(pemda, username), now);
  }

 private:
  static std::string Account(domain::PemdaId pemda, std::string username) {
    std::transform(username.begin(), username.end(), username.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::to_string(pemda) + ":" + username;
  }

  http::RateLimiter by_client_;
  http::RateLimiter by_account_;
};

// A new session's answer: who, its CSRF token, and the cookie.
http::Response SessionResponse(const ApiContext& ctx, const app::NewSession& session) {
  const auto max_age =
      std::chrono::duration_cast<std::chrono::seconds>(session.expires_at - ctx.clock.Now())
          .count();
  json out = PrincipalJson(session.principal);
  out["csrf_token"] = session.csrf_token;
  out["expires_at"] = FormatRfc3339(session.expires_at);
  auto response = JsonResponse(out);
  response.With("Set-Cookie", SessionCookie(ctx, session.token, max_age));
  return response;
}

http::Response Login(ApiContext& ctx, LoginGuard& guard, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  const auto username = ReadString(body.value, "username", "", errors);
  const auto password = ReadString(body.value, "password", "", errors);
  if (username && username->empty()) errors.push_back({"username", "required", ""});
  if (password && password->empty()) errors.push_back({"password", "required", ""});
  if (username && username->size() > 64) errors.push_back({"username", "too_long", ""});
  if (password && password->size() > 1024) errors.push_back({"password", "too_long", ""});
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const auto now = ctx.clock.Now();
  if (auto refused = guard.Refuse(request, pemda.pemda.id, *username, now)) {
    return std::move(*refused);
  }
  auto session = ctx.accounts.Login(pemda.pemda.id, *username, *password);
  if (!session) {
    if (session.error().code == ErrorCode::kUnauthenticated) {
      guard.Charge(request, pemda.pemda.id, *username, now);
    }
    return ErrorResponse(request, session.error());
  }
  return SessionResponse(ctx, *session);
}

// POST /api/v1/session/password: an officer's own new password. Every
// session of the account ends (a stolen cookie with it); the caller gets a
// new one, as from a sign-in.
http::Response ChangePassword(ApiContext& ctx, LoginGuard& guard, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);
  if (!caller.principal) return ProblemResponse(request, 401, "unauthenticated");
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  const auto current = ReadString(body.value, "current_password", "", errors);
  const auto next = ReadString(body.value, "new_password", "", errors);
  if (current && current->empty()) errors.push_back({"current_password", "required", ""});
  if (next && next->size() > 1024) errors.push_back({"new_password", "too_long", ""});
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));

  const auto now = ctx.clock.Now();
  const std::string& name = caller.principal->name;
  if (auto refused = guard.Refuse(request, pemda.pemda.id, name, now)) return std::move(*refused);
  auto session = ctx.accounts.ChangeOwnPassword(*caller.principal, *current, *next);
  if (!session) {
    const auto& fields = session.error().fields;
    if (!fields.empty() && fields.front().field == "current_password") {
      guard.Charge(request, pemda.pemda.id, name, now);
    }
    return ErrorResponse(request, session.error());
  }
  return SessionResponse(ctx, *session);
}

}  // namespace

void RegisterSessionRoutes(http::Router& router, ApiContext& ctx) {
  auto guard = std::make_shared<LoginGuard>(
      http::RateLimiter::Options{.burst = static_cast<double>(ctx.options.login_burst),
                                 .per_minute = static_cast<double>(ctx.options.login_per_minute)});
  router.AddSync(
      "POST", "/api/v1/session/password",
      [&ctx, guard](http::Request& r) { return ChangePassword(ctx, *guard, r); },
      "session_password");
  router.AddSync(
      "POST", "/api/v1/session", [&ctx, guard](http::Request& r) { return Login(ctx, *guard, r); },
      "session_create");
  router.AddSync(
      "GET", "/api/v1/session",
      [&ctx](http::Request& request) {
        auto pemda = RequirePemda(ctx, request);
        if (pemda.problem) return std::move(*pemda.problem);
        auto caller = Authenticate(ctx, request, pemda.pemda);
        if (caller.problem) return std::move(*caller.problem);
        if (!caller.principal) return ProblemResponse(request, 401, "unauthenticated");
        // A page opened in another tab (a link in a notification) learns the
        // session's CSRF token here: only same-origin scripts can read this
        // answer, and it is never cached.
        json out = PrincipalJson(*caller.principal);
        if (!caller.csrf_token.empty()) out["csrf_token"] = caller.csrf_token;
        auto response = JsonResponse(out);
        response.With("Cache-Control", "no-store");
        return response;
      },
      "session_get");
  router.AddSync(
      "DELETE", "/api/v1/session",
      [&ctx](http::Request& request) {
        auto pemda = RequirePemda(ctx, request);
        if (pemda.problem) return std::move(*pemda.problem);
        auto caller = Authenticate(ctx, request, pemda.pemda);
        if (caller.problem) return std::move(*caller.problem);
        if (!caller.principal || caller.session_token.empty()) {
          return ProblemResponse(request, 401, "unauthenticated");
        }
        if (auto s = ctx.accounts.Logout(caller.session_token); !s) {
          return ErrorResponse(request, s.error());
        }
        auto response = NoContentResponse();
        response.With("Set-Cookie", SessionCookie(ctx, "", 0));
        return response;
      },
      "session_delete");
}

}  // namespace sigap::api
