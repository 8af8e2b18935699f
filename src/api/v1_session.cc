// /api/v1/session: officers sign in and out.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/lane.h"
#include "http/rate_limiter.h"
#include "http/work_lane.h"

namespace sigap::api {
namespace {

using nlohmann::json;

json PrincipalJson(const domain::Principal& p) {
  return json{
      {"username", p.name}, {"role", domain::ToString(p.role)}, {"agency_code", p.agency_code}};
}

std::string SessionCookie(const ApiContext& ctx, const domain::Pemda& pemda,
                          const std::string& token, int64_t max_age) {
  std::string cookie = SessionCookieName(pemda) + "=" + token +
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
    return RateLimited(request, wait);
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
http::Response SessionResponse(const ApiContext& ctx, const domain::Pemda& pemda,
                               const app::NewSession& session) {
  const auto max_age =
      std::chrono::duration_cast<std::chrono::seconds>(session.expires_at - ctx.clock.Now())
          .count();
  json out = PrincipalJson(session.principal);
  out["csrf_token"] = session.csrf_token;
  out["expires_at"] = FormatRfc3339(session.expires_at);
  auto response = JsonResponse(out);
  response.With("Set-Cookie", SessionCookie(ctx, pemda, session.token, max_age));
  return response;
}

// Checking a password is Argon2id (66 ms of CPU on the reference machine),
// so it runs on the lane (api/lane.h) while the event loop serves other
// requests; what is cheap (the body, the 429 of a throttled client) is
// answered first.

void Login(ApiContext& ctx, LoginGuard& guard, const Lane& lane, http::Request& request,
           http::Reply reply) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return reply(std::move(*pemda.problem));
  auto body = ParseJsonBody(request);
  if (body.problem) return reply(std::move(*body.problem));
  std::vector<FieldError> errors;
  auto username = ReadString(body.value, "username", "", errors);
  auto password = ReadString(body.value, "password", "", errors);
  if (username && username->empty()) errors.push_back({"username", "required", ""});
  if (password && password->empty()) errors.push_back({"password", "required", ""});
  if (username && username->size() > 64) errors.push_back({"username", "too_long", ""});
  if (password && password->size() > 1024) errors.push_back({"password", "too_long", ""});
  if (!errors.empty()) return reply(ProblemResponse(request, 422, "validation", std::move(errors)));

  const auto now = ctx.clock.Now();
  if (auto refused = guard.Refuse(request, pemda.pemda.id, *username, now)) {
    return reply(std::move(*refused));
  }
  OnLane(lane, request, std::move(reply),
         [&ctx, &guard, pemda = pemda.pemda, username = std::move(*username),
          password = std::move(*password), now](const http::Request& r) {
           auto session = ctx.accounts.Login(pemda.id, username, password);
           if (!session) {
             if (session.error().code != ErrorCode::kUnauthenticated) {
               return ErrorResponse(r, session.error());
             }
             guard.Charge(r, pemda.id, username, now);
             // Which of the two was wrong is not said: that would tell
             // which usernames exist.
             auto refused = ProblemWithDetail(r, 401, "unauthenticated",
                                              "Nama pengguna atau kata sandi salah.",
                                              "Wrong username or password.");
             refused.With("WWW-Authenticate", "Bearer realm=\"sigap\"");
             return refused;
           }
           return SessionResponse(ctx, pemda, *session);
         });
}

// POST /api/v1/session/password: an officer's own new password. Every
// session of the account ends (a stolen cookie with it); the caller gets a
// new one, as from a sign-in.
void ChangePassword(ApiContext& ctx, LoginGuard& guard, const Lane& lane, http::Request& request,
                    http::Reply reply) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return reply(std::move(*pemda.problem));
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return reply(std::move(*caller.problem));
  if (!caller.principal) return reply(ProblemResponse(request, 401, "unauthenticated"));
  auto body = ParseJsonBody(request);
  if (body.problem) return reply(std::move(*body.problem));
  std::vector<FieldError> errors;
  auto current = ReadString(body.value, "current_password", "", errors);
  auto next = ReadString(body.value, "new_password", "", errors);
  if (current && current->empty()) errors.push_back({"current_password", "required", ""});
  if (next && next->size() > 1024) errors.push_back({"new_password", "too_long", ""});
  if (!errors.empty()) return reply(ProblemResponse(request, 422, "validation", std::move(errors)));

  const auto now = ctx.clock.Now();
  if (auto refused = guard.Refuse(request, pemda.pemda.id, caller.principal->name, now)) {
    return reply(std::move(*refused));
  }
  OnLane(lane, request, std::move(reply),
         [&ctx, &guard, pemda = pemda.pemda, principal = std::move(*caller.principal),
          current = std::move(*current), next = std::move(*next), now](const http::Request& r) {
           auto session = ctx.accounts.ChangeOwnPassword(principal, current, next);
           if (!session) {
             const auto& fields = session.error().fields;
             if (!fields.empty() && fields.front().field == "current_password") {
               guard.Charge(r, pemda.id, principal.name, now);
             }
             return ErrorResponse(r, session.error());
           }
           return SessionResponse(ctx, pemda, *session);
         });
}

}  // namespace

void RegisterSessionRoutes(http::Router& router, ApiContext& ctx) {
  auto guard = std::make_shared<LoginGuard>(
      http::RateLimiter::Options{.burst = static_cast<double>(ctx.options.login_burst),
                                 .per_minute = static_cast<double>(ctx.options.login_per_minute)});
  // One thread: 15 sign-ins a second here, and a storm of them waits at
  // most 32 deep (about two seconds) before 503, holding neither event loop.
  auto lane = std::make_shared<http::WorkLane>(1, 32);
  router.Add(
      "POST", "/api/v1/session/password",
      [&ctx, guard, lane](http::Request& r, http::Reply reply) {
        ChangePassword(ctx, *guard, lane, r, std::move(reply));
      },
      "session_password");
  router.Add(
      "POST", "/api/v1/session",
      [&ctx, guard, lane](http::Request& r, http::Reply reply) {
        Login(ctx, *guard, lane, r, std::move(reply));
      },
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
        response.With("Set-Cookie", SessionCookie(ctx, pemda.pemda, "", 0));
        return response;
      },
      "session_delete");
}

}  // namespace sigap::api
