#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "app/accounts.h"
#include "app/calendar_book.h"
#include "app/case_intake.h"
#include "app/case_reader.h"
#include "app/case_support.h"
#include "app/case_workflow.h"
#include "app/geo_directory.h"
#include "app/nearby_cases.h"
#include "app/routing_rules.h"
#include "app/satisfaction_book.h"
#include "domain/catalogue.h"
#include "domain/time.h"
#include "domain/user.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/problem.h"
#include "http/router.h"
#include "http/work_lane.h"
#include "store/store.h"

namespace sigap::app {
class TextRouter;   // app/text_routing.h
class TextTrainer;  // app/text_training.h
}  // namespace sigap::app

namespace sigap::api {

// The Open311 endpoint's settings ([open311] of sigap.toml).
struct Open311Options {
  std::string jurisdiction_id;  // "" = any jurisdiction_id is accepted
  std::string contact;
  std::string key_service;
  std::string changeset = "2026-12-01T00:00:00+07:00";
  std::string type = "production";  // production | test
  // Where clients reach Sigap ([notify] base_url when it was configured):
  // discovery names it; "" = the scheme and Host of the request.
  std::string public_url;
};

struct ApiOptions {
  std::string pemda_code;       // the Pemda this server serves; "" = the only one in the store
  bool secure_cookies = false;  // mark cookies Secure (set when served over HTTPS)
  Open311Options open311 = {};
  double nearby_radius_m = 100;  // [routing] nearby_radius_m
  // POST /api/v1/cases/{code}/support per client IP: a token bucket of
  // `support_burst` requests refilled at `support_per_minute`.
  int support_burst = 20;      // [routing] support_burst
  int support_per_minute = 6;  // [routing] support_per_minute
  // POST /api/v1/attachments per client IP, the same way.
  int case_burst = 0;                     // [server] case_burst (0: no limit)
  int case_per_minute = 30;               // [server] case_per_minute
  int upload_burst = 30;                  // [server] upload_burst
  int upload_per_minute = 10;             // [server] upload_per_minute
  int survey_burst = 30;                  // [server] survey_burst
  int survey_per_minute = 10;             // [server] survey_per_minute
  int login_burst = 10;                   // [server] login_burst: wrong passwords
  int login_per_minute = 2;               // [server] login_per_minute
  std::string map_tile_url = {};          // [map] tile_url: "" = the maps draw boundaries only
  std::string map_tile_attribution = {};  // [map] tile_attribution
  // [server] metrics_token: when set, GET /metrics answers only a request
  // with "Authorization: Bearer <token>" (what Prometheus sends with its
  // `authorization` setting); "" leaves it open, for a loopback listener.
  std::string metrics_token = {};
  // [notify] webhook_private_targets: webhooks may call addresses of the
  // Pemda's own network; otherwise such an address is refused when the
  // webhook is made (notify::NamesOwnNetwork).
  bool webhook_private_targets = false;
};

// The Pemda a request is for, looked up once and then cached. Thread-safe.
class PemdaDirectory {
 public:
  PemdaDirectory(store::Store& store, std::string code) : store_(store), code_(std::move(code)) {}

  // kFailedPrecondition when the store has no such Pemda (yet).
  [[nodiscard]] Result<domain::Pemda> Current();

  // Forgets the cached Pemda: the next Current() reads the store (another
  // node changed it, issue 7).
  void Forget();

 private:
  store::Store& store_;
  const std::string code_;
  std::mutex mutex_;
  std::optional<domain::Pemda> cached_;
};

// Everything the handlers need. Owned by `sigap serve`; outlives the server.
struct ApiContext {
  store::Store& store;
  app::CaseIntake& intake;
  app::CaseReader& reader;
  app::Accounts& accounts;
  http::Metrics& metrics;
  PemdaDirectory& pemdas;
  const Clock& clock;
  app::CaseWorkflow& workflow;
  ApiOptions options;
  app::CalendarBook& calendars;
  // Routing by place, nearby duplicates and support (issue 5); set by
  // `sigap serve` (v1_routing.cc answers 503 while they are not).
  app::NearbyCases* nearby = nullptr;
  app::CaseSupport* support = nullptr;
  app::GeoDirectory* geo = nullptr;
  app::RoutingRules* rules = nullptr;
  // Satisfaction surveys (issue 6); v1_surveys.cc answers 503 while unset.
  app::SatisfactionBook* satisfaction = nullptr;
  // Routing by text (issue 8); v1_text_routing.cc answers 503 while unset.
  app::TextRouter* text_router = nullptr;
  app::TextTrainer* text_trainer = nullptr;
  // Where the answers that read much of the database run (AddOnLane): two
  // threads, 64 waiting; beyond that 503 with Retry-After. The officers'
  // queue has a lane of its own, so that a flood of public statistics
  // (anyone may ask for any window) cannot keep it waiting.
  std::shared_ptr<http::WorkLane> reports = std::make_shared<http::WorkLane>(2, 64);
  std::shared_ptr<http::WorkLane> listings = std::make_shared<http::WorkLane>(2, 64);
};

// Registers every route of the JSON API v1 and the operational endpoints.
void RegisterRoutes(http::Router& router, ApiContext& context);

// Route groups, one file each.
void RegisterCaseRoutes(http::Router& router, ApiContext& context);
void RegisterCatalogueRoutes(http::Router& router, ApiContext& context);
// Administrators' catalogue endpoints (v1_catalogue_admin.cc), registered by
// RegisterCatalogueRoutes.
void RegisterCatalogueAdminRoutes(http::Router& router, ApiContext& context);
void RegisterSessionRoutes(http::Router& router, ApiContext& context);
void RegisterOpsRoutes(http::Router& router, ApiContext& context);
void RegisterWebhookRoutes(http::Router& router, ApiContext& context);
void RegisterApiKeyRoutes(http::Router& router, ApiContext& context);
void RegisterUserRoutes(http::Router& router, ApiContext& context);
void RegisterStatsRoutes(http::Router& router, ApiContext& context);
void RegisterCalendarRoutes(http::Router& router, ApiContext& context);
void RegisterCaseEventRoutes(http::Router& router, ApiContext& context);
void RegisterOpen311Routes(http::Router& router, ApiContext& context);
// How the server writes its own errors (413, 431, ...) under /open311/:
// GeoReport v2's error list, XML or JSON by the path, as the endpoints do
// (http::ServerOptions::error_writers).
http::ErrorWriter Open311ErrorWriter();
void RegisterRoutingRoutes(http::Router& router, ApiContext& context);
void RegisterSurveyRoutes(http::Router& router, ApiContext& context);
void RegisterRatingRoutes(http::Router& router, ApiContext& context);
void RegisterAttachmentRoutes(http::Router& router, ApiContext& context);
// Early-warning alerts (issue 9, v1_alerts.cc).
void RegisterAlertRoutes(http::Router& router, ApiContext& context);
// Staffing and backlog forecasts (issue 10, v1_forecast.cc).
void RegisterForecastRoutes(http::Router& router, ApiContext& context);
// Policy rules (issue 10, v1_rules.cc).
void RegisterPolicyRuleRoutes(http::Router& router, ApiContext& context);
// The Pemda's policy and models of routing by text (issue 8, v1_text_routing.cc).
void RegisterTextRoutingRoutes(http::Router& router, ApiContext& context);
// The category taxonomy (issue 8, v1_categories.cc).
void RegisterCategoryRoutes(http::Router& router, ApiContext& context);

// The officer or system behind a request, if any: an API key
// (Authorization: Bearer, or X-API-Key) or a session cookie. State-changing
// requests with a session cookie must carry its X-CSRF-Token. Returns the
// error response to send when credentials are present but not valid.
struct Caller {
  std::optional<domain::Principal> principal;
  std::string session_token;  // when authenticated by the session cookie
  std::string csrf_token;     // ... and that session's CSRF token
  std::optional<http::Response> problem;
};
Caller Authenticate(ApiContext& context, const http::Request& request, const domain::Pemda& pemda);

// The session cookie's name: "sigap_session_" and the Pemda's code without
// its dots ("sigap_session_3374"). Browsers keep cookies per host, not per
// port, so two Pemda served on one host must not share a name: signing in
// to one would sign the officer out of the other.
std::string SessionCookieName(const domain::Pemda& pemda);

// The API key a request carries in its headers: "Authorization: Bearer KEY"
// or "X-API-Key: KEY". `malformed` when there is an Authorization header
// that is not a bearer token.
struct HeaderKey {
  std::string key;  // "" = none
  bool malformed = false;
};
HeaderKey ApiKeyInHeaders(const http::Request& request);

// The current Pemda, or the problem response to send.
struct PemdaOrProblem {
  domain::Pemda pemda;
  std::optional<http::Response> problem;
};
PemdaOrProblem RequirePemda(ApiContext& context, const http::Request& request);

// Checks an `agency` query parameter naming one of the Pemda's agencies (or
// none): a code too long or unknown is added to `errors` (the 422 to come).
// Returns the response to send at once when the store fails.
std::optional<http::Response> CheckAgencyQuery(ApiContext& context, const http::Request& request,
                                               domain::PemdaId pemda, const std::string& agency,
                                               std::vector<FieldError>& errors);

// The current Pemda and the administrator behind the request, or the
// problem response to send (401 without credentials, 403 for other roles).
struct AdminOrProblem {
  domain::Pemda pemda;
  domain::Principal principal;
  std::optional<http::Response> problem;
};
AdminOrProblem RequireAdmin(ApiContext& context, const http::Request& request);
// The same for any signed-in officer or API key (401 without credentials);
// the caller checks the role.
AdminOrProblem RequireSignedIn(ApiContext& context, const http::Request& request);
// The same for what leaders read too (the policy rules, which act on cases
// and address their capacity proposals to leaders): an administrator or a
// leader (the principal's role says which), 403 for other roles.
AdminOrProblem RequireAdminOrLeader(ApiContext& context, const http::Request& request);
// The same for what only a person may do: accounts and API keys are given
// and taken back by a signed-in administrator, never by an API key (403
// naming api_key), so a leaked administrator's key cannot make itself a
// successor, an account or a new password, before it is revoked.
AdminOrProblem RequireSignedInAdmin(ApiContext& context, const http::Request& request);

// app::Accounts names an account's or key's agency "agency" (the CLI's
// flag); the API's field is "agency_code". Renames it in `error`'s fields.
Error AgencyCodeField(Error error);

}  // namespace sigap::api
