#include "api/context.h"

#include "api/errors.h"
#include "app/known_codes.h"

namespace sigap::api {
namespace {

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.size() > name.size() && item.substr(0, name.size()) == name &&
        item[name.size()] == '=') {
      return std::string(item.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return {};
}

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

}  // namespace

Result<domain::Pemda> PemdaDirectory::Current() {
  std::lock_guard lock(mutex_);
  if (cached_) return *cached_;
  if (code_.empty()) {
    // Without a configured code, serve the store's only Pemda.
    auto all = store_.ListPemdas();
    if (!all) return Fail(all.error());
    if (all->size() != 1) {
      return Fail(
          ErrorCode::kFailedPrecondition,
          all->empty() ? "the store has no Pemda" : "the store has several Pemda: set pemda.code");
    }
    cached_ = all->front();
    return *cached_;
  }
  auto found = store_.FindPemda(code_);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) {
      return Fail(ErrorCode::kFailedPrecondition, "no Pemda " + code_ + " in the store");
    }
    return Fail(found.error());
  }
  cached_ = *found;
  return *found;
}

void PemdaDirectory::Forget() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

PemdaOrProblem RequirePemda(ApiContext& context, const http::Request& request) {
  PemdaOrProblem out;
  auto pemda = context.pemdas.Current();
  if (!pemda) {
    out.problem = pemda.error().code == ErrorCode::kFailedPrecondition
                      ? ProblemResponse(request, 503, "no-pemda")
                      : ErrorResponse(request, pemda.error());
    return out;
  }
  out.pemda = std::move(*pemda);
  return out;
}

HeaderKey ApiKeyInHeaders(const http::Request& request) {
  HeaderKey out;
  if (auto auth = request.Header("Authorization")) {
    if (auth->size() > 7 && (auth->substr(0, 7) == "Bearer " || auth->substr(0, 7) == "bearer ")) {
      out.key = std::string(auth->substr(7));
    } else {
      out.malformed = true;
    }
  } else if (auto header = request.Header("X-API-Key")) {
    out.key = std::string(*header);
  }
  return out;
}

std::string SessionCookieName(const domain::Pemda& pemda) {
  std::string name = "sigap_session_";
  for (const char c : pemda.code) {
    if (c != '.') name += c;
  }
  return name;
}

std::optional<http::Response> CheckAgencyQuery(ApiContext& context, const http::Request& request,
                                               domain::PemdaId pemda, const std::string& agency,
                                               std::vector<FieldError>& errors) {
  if (agency.size() > 64) {
    errors.push_back({"agency", "invalid_format", ""});
    return std::nullopt;
  }
  // An agency the Pemda does not have is a mistake to name, not zeros.
  auto unknown = app::UnknownCodes(context.store, pemda, {"agency", agency}, {});
  if (!unknown) return ErrorResponse(request, unknown.error());
  errors.insert(errors.end(), unknown->begin(), unknown->end());
  return std::nullopt;
}

Caller Authenticate(ApiContext& context, const http::Request& request, const domain::Pemda& pemda) {
  Caller caller;
  const auto [key, malformed] = ApiKeyInHeaders(request);
  if (malformed) {
    caller.problem = ProblemResponse(request, 401, "unauthenticated");
    return caller;
  }
  if (!key.empty()) {
    auto principal = context.accounts.ApiKey(key);
    if (!principal || principal->pemda_id != pemda.id) {
      caller.problem = principal ? ProblemResponse(request, 401, "unauthenticated")
                                 : ErrorResponse(request, principal.error());
      return caller;
    }
    caller.principal = std::move(*principal);
    return caller;
  }

  const auto cookies = request.Header("Cookie");
  const std::string token =
      cookies ? CookieValue(*cookies, SessionCookieName(pemda)) : std::string();
  if (token.empty()) return caller;
  auto session = context.accounts.Session(token);
  if (!session) {
    // A stale cookie on a public request is ignored; where a principal is
    // needed the handler answers 401.
    if (session.error().code != ErrorCode::kUnauthenticated) {
      caller.problem = ErrorResponse(request, session.error());
    }
    return caller;
  }
  if (session->principal.pemda_id != pemda.id) return caller;
  if (!IsSafeMethod(request.method)) {
    const auto csrf = request.Header("X-CSRF-Token");
    if (!csrf || session->csrf_token.empty() || !domain::SecretsEqual(*csrf, session->csrf_token)) {
      caller.problem = ProblemResponse(request, 403, "csrf");
      return caller;
    }
  }
  caller.principal = std::move(session->principal);
  caller.session_token = token;
  caller.csrf_token = std::move(session->csrf_token);
  return caller;
}

Error AgencyCodeField(Error error) {
  for (auto& f : error.fields) {
    if (f.field == "agency") f.field = "agency_code";
  }
  return error;
}

AdminOrProblem RequireSignedIn(ApiContext& context, const http::Request& request) {
  AdminOrProblem out;
  auto pemda = RequirePemda(context, request);
  if (pemda.problem) {
    out.problem = std::move(pemda.problem);
    return out;
  }
  out.pemda = std::move(pemda.pemda);
  auto caller = Authenticate(context, request, out.pemda);
  if (caller.problem) {
    out.problem = std::move(caller.problem);
  } else if (!caller.principal) {
    out.problem = ProblemResponse(request, 401, "unauthenticated");
    out.problem->With("WWW-Authenticate", "Bearer realm=\"sigap\"");
  } else {
    out.principal = std::move(*caller.principal);
  }
  return out;
}

namespace {

// The caller when their role is `role` or `also` (the same role for one).
AdminOrProblem RequireRole(ApiContext& context, const http::Request& request, domain::Role role,
                           domain::Role also) {
  AdminOrProblem out = RequireSignedIn(context, request);
  if (!out.problem && out.principal.role != role && out.principal.role != also) {
    out.problem = ProblemResponse(request, 403, "forbidden");
  }
  return out;
}

}  // namespace

AdminOrProblem RequireAdmin(ApiContext& context, const http::Request& request) {
  return RequireRole(context, request, domain::Role::kAdmin, domain::Role::kAdmin);
}

AdminOrProblem RequireAdminOrLeader(ApiContext& context, const http::Request& request) {
  return RequireRole(context, request, domain::Role::kAdmin, domain::Role::kLeader);
}

AdminOrProblem RequireSignedInAdmin(ApiContext& context, const http::Request& request) {
  AdminOrProblem out = RequireAdmin(context, request);
  if (!out.problem && out.principal.is_api_key) {
    out.problem =
        ProblemResponse(request, 403, "forbidden",
                        {{"api_key", "forbidden",
                          "accounts and API keys are managed by a signed-in administrator"}});
  }
  return out;
}

void RegisterRoutes(http::Router& router, ApiContext& context) {
  RegisterOpsRoutes(router, context);
  RegisterCatalogueRoutes(router, context);
  RegisterCalendarRoutes(router, context);
  RegisterCaseRoutes(router, context);
  RegisterCaseEventRoutes(router, context);
  RegisterSessionRoutes(router, context);
  RegisterWebhookRoutes(router, context);
  RegisterApiKeyRoutes(router, context);
  RegisterUserRoutes(router, context);
  RegisterStatsRoutes(router, context);
  RegisterOpen311Routes(router, context);
  RegisterRoutingRoutes(router, context);
  RegisterSurveyRoutes(router, context);
  RegisterRatingRoutes(router, context);
  RegisterAttachmentRoutes(router, context);
  RegisterAlertRoutes(router, context);
  RegisterForecastRoutes(router, context);
  RegisterPolicyRuleRoutes(router, context);
  RegisterTextRoutingRoutes(router, context);
  RegisterCategoryRoutes(router, context);
}

}  // namespace sigap::api
