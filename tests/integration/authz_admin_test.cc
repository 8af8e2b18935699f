// Who may administer and read the Pemda's figures, over real HTTP: every
// role × every administration, analysis and alert endpoint. The
// expectations are the README's "who" column, written here by hand:
//
// - admin only: officer accounts, the service catalogue's administration,
//   the Pemda's calendar days, webhooks, API keys, routing rules, survey
//   definitions;
// - admin, leader and the agency roles (their own agency): the IKM and the
//   per-case ratings;
// - every officer: the case queue, alerts and forecasts; acting on an
//   alert: every officer but the auditor;
// - anyone: the aggregate statistics.
//
// A role without the right gets 401 (no credentials) or 403, and it gets
// that before its request is even validated: the bodies sent here are
// empty or invalid, so a role with the right gets a 4xx of validation or
// "not found", never 401/403, and nothing is changed by this test.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

enum class Role { kAdmin, kVerifier, kOfficer, kHead, kLeader, kAuditor, kPublic };

const char* Name(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kVerifier:
      return "verifikator";
    case Role::kOfficer:
      return "petugas.dpu";
    case Role::kHead:
      return "kadis.dpu";
    case Role::kLeader:
      return "walikota";
    case Role::kAuditor:
      return "auditor";
    case Role::kPublic:
      return "public";
  }
  return "";
}

constexpr Role kAll[] = {Role::kAdmin,  Role::kVerifier, Role::kOfficer, Role::kHead,
                         Role::kLeader, Role::kAuditor,  Role::kPublic};

struct Endpoint {
  std::string method;
  std::string target;
  std::string body;  // JSON, "" for none
  std::set<Role> allowed;
};

const std::set<Role> kAdminOnly{Role::kAdmin};
const std::set<Role> kFigures{Role::kAdmin, Role::kLeader, Role::kOfficer, Role::kHead};
const std::set<Role> kOfficers{Role::kAdmin, Role::kVerifier, Role::kOfficer,
                               Role::kHead,  Role::kLeader,   Role::kAuditor};
const std::set<Role> kActingOfficers{Role::kAdmin, Role::kVerifier, Role::kOfficer, Role::kHead,
                                     Role::kLeader};
const std::set<Role> kAnyone{Role::kAdmin,  Role::kVerifier, Role::kOfficer, Role::kHead,
                             Role::kLeader, Role::kAuditor,  Role::kPublic};

const std::vector<Endpoint>& Endpoints() {
  static const std::vector<Endpoint> endpoints{
      {"GET", "/api/v1/users", "", kAdminOnly},
      {"POST", "/api/v1/users", "{}", kAdminOnly},
      {"PATCH", "/api/v1/users/tidak.ada", "{}", kAdminOnly},
      {"POST", "/api/v1/services", "{}", kAdminOnly},
      {"PUT", "/api/v1/services/PU-DRAINASE/standard", "{}", kAdminOnly},
      {"GET", "/api/v1/services/PU-DRAINASE/standards", "", kAdminOnly},
      {"PATCH", "/api/v1/services/PU-DRAINASE", R"({"active": "bukan boolean"})", kAdminOnly},
      {"POST", "/api/v1/calendar/days", "{}", kAdminOnly},
      {"DELETE", "/api/v1/calendar/days/2099-01-01", "", kAdminOnly},
      {"PUT", "/api/v1/calendar/years/2099", "{}", kAdminOnly},
      {"GET", "/api/v1/webhooks", "", kAdminOnly},
      {"POST", "/api/v1/webhooks", "{}", kAdminOnly},
      {"DELETE", "/api/v1/webhooks/999999", "", kAdminOnly},
      {"GET", "/api/v1/api-keys", "", kAdminOnly},
      {"POST", "/api/v1/api-keys", "{}", kAdminOnly},
      {"DELETE", "/api/v1/api-keys/tidak-ada", "", kAdminOnly},
      {"GET", "/api/v1/routing/rules", "", kAdminOnly},
      {"POST", "/api/v1/routing/rules", "{}", kAdminOnly},
      {"DELETE", "/api/v1/routing/rules/999999", "", kAdminOnly},
      {"POST", "/api/v1/surveys", "{}", kAdminOnly},
      {"GET", "/api/v1/ikm", "", kFigures},
      {"GET", "/api/v1/ratings/summary", "", kFigures},
      {"GET", "/api/v1/cases", "", kOfficers},
      {"GET", "/api/v1/alerts", "", kOfficers},
      {"POST", "/api/v1/alerts/999999/acknowledge", "{}", kActingOfficers},
      {"GET", "/api/v1/forecast/backlog", "", kOfficers},
      {"GET", "/api/v1/stats", "", kAnyone},
  };
  return endpoints;
}

class AuthzAdmin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LifecycleServer({});
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.message();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static test_support::HttpResponse Call(const Endpoint& e, Role role) {
    http::Headers headers;
    if (role != Role::kPublic) headers = server_->Officer(Name(role));
    if (!e.body.empty()) headers.emplace("Content-Type", "application/json");
    return server_->Call(e.method, e.target, headers, e.body);
  }

  static LifecycleServer* server_;
};

LifecycleServer* AuthzAdmin::server_ = nullptr;

TEST_F(AuthzAdmin, EveryRoleGetsExactlyTheAdministrationItMayDo) {
  const auto before = server_->Sql(
      "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM services), "
      "(SELECT COUNT(*) FROM webhooks), (SELECT COUNT(*) FROM routing_rules), "
      "(SELECT COUNT(*) FROM surveys), (SELECT COUNT(*) FROM calendar_days), "
      "(SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL)");
  for (const auto& e : Endpoints()) {
    for (Role role : kAll) {
      SCOPED_TRACE(e.method + " " + e.target + " as " + Name(role));
      const auto r = Call(e, role);
      if (e.allowed.count(role)) {
        EXPECT_NE(r.status, 401) << r.body;
        EXPECT_NE(r.status, 403) << r.body;
        EXPECT_LT(r.status, 500) << r.body;
      } else {
        EXPECT_EQ(r.status, role == Role::kPublic ? 401 : 403) << r.body;
        EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
      }
    }
  }
  // Nothing was changed: every allowed request above was refused as invalid.
  EXPECT_EQ(server_->Sql("SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM services), "
                         "(SELECT COUNT(*) FROM webhooks), (SELECT COUNT(*) FROM routing_rules), "
                         "(SELECT COUNT(*) FROM surveys), (SELECT COUNT(*) FROM calendar_days), "
                         "(SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL)"),
            before);
}

}  // namespace
}  // namespace sigap::integration
