// Who may call every endpoint that is not a case lifecycle action, over real
// HTTP: every role × every registered route (the case itself, its timeline
// and its events are AuthzMatrix's, in authz_matrix_test.cc). The
// expectations are written here by hand from README's "who" columns and the
// access rules of the issue:
//
// - admin only: officer accounts (an officer reads their own), the service
//   catalogue's administration (and `?all=true`), the Pemda's calendar days,
//   webhooks, API keys, routing rules, policy rules (leaders read them),
//   survey definitions;
// - admin, leader and the agency roles (their own agency): the IKM, its
//   reports and the per-case ratings summary;
// - every officer: the case queue, forecasts and alerts (an agency role only
//   its agency's); acting on an alert: every officer but the auditor;
// - officers: their session; the reporter: the rating of their case;
// - anyone: the catalogue, agencies, regions, map, calendar, deadline,
//   statistics, open surveys and their responses, submissions, uploads,
//   support, the operational endpoints and Open311's reads; Open311's
//   writes need its `api_key` (a session is not one).
//
// Requests are valid, so that "allowed" means 2xx: each role writes its own
// rows (usernames, service codes, dates, ids), and no call depends on what
// an earlier row did. A role without the right gets 401 without
// credentials, 403 with other ones, and 404 for what it may not know exists.
// No response to anyone carries a reporter's name, phone, e-mail or NIK:
// none of these endpoints shows a reporter's contact.
//
// The table must name every route the server registers (GET /api/v1 lists
// them from the router), and nothing else.
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using test_support::HttpResponse;

enum class Role {
  kAdmin,
  kVerifier,  // verifikator
  kOfficer,   // petugas.dpu
  kHead,      // kadis.dpu
  kLeader,    // walikota
  kAuditor,   // auditor
  kPublic,    // no credentials
  kApiKey,    // Bearer key of "sistem.dpu", an agency_officer of DPU
  kReporter,  // X-Reporter-Secret of the resolved case mine_
};
constexpr size_t kRoleCount = 9;
constexpr std::array<const char*, kRoleCount> kRoleNames = {
    "admin",   "verifier", "agency officer", "agency head", "leader",
    "auditor", "public",   "api key",        "reporter"};
constexpr std::array<const char*, kRoleCount> kUsernames = {
    "admin", "verifikator", "petugas.dpu", "kadis.dpu", "walikota", "auditor", "", "", ""};

size_t At(Role r) { return static_cast<size_t>(r); }

// One character per role, in the order of Role (admin, verifier, agency
// officer, agency head, leader, auditor, public, api key, reporter):
// A allowed (2xx), U 401, F 403, N 404, B 400 (Open311's answer to a method
// a resource does not serve), - not asked.
constexpr const char* kAnyone = "AAAAAAAAA";
constexpr const char* kAdminOnly = "AFFFFFUFU";
constexpr const char* kOfficers = "AAAAAAUAU";
constexpr const char* kActing = "AAAAAFUAU";  // officers but the auditor
// An agency's alert is closed by its head or a Pemda-wide role, not by its
// officers (nor their systems' keys).
constexpr const char* kClosingAlerts = "AAFAAFUFU";
constexpr const char* kFigures = "AFAAAFUAU";  // admin, leader, agency roles
// The same with another agency named (?unit=, ?agency=): not the agency roles'.
constexpr const char* kOtherAgencyFigures = "AFFFAFUFU";
constexpr const char* kOtherAgencyOfficers = "AAFFAAUFU";
// Policy rules: read by the leaders too (rules act on cases and address
// capacity proposals to them), written and tried by administrators only.
constexpr const char* kReadingRules = "AFFFAFUFU";
constexpr const char* kOpen311Key = "FFFFFFFAF";  // only the request carrying api_key

// The reporters of the cases behind the endpoints.
const std::array<ReporterIdentity, 4> kReporters = {{
    {"Sulastri Endpointwati", "081344440001", "sulastri.endpoint@contoh.id", "3374016001800011"},
    {"Wagiman Endpointanonim", "081344440002", "wagiman.endpoint@contoh.id", "3374016001800012"},
    {"Kartini Endpointrahasia", "081344440003", "kartini.endpoint@contoh.id", "3374016001800013"},
    {"Darmaji Opensebelas", "081344440004", "darmaji.open311@contoh.id", "3374016001800014"},
}};

// The smallest file the upload accepts as a PNG.
const std::string kPng("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 16);

// The routes AuthzMatrix walks (every role × case flavour × stage).
const std::set<std::string> kCaseMatrixRoutes = {
    "GET /api/v1/cases/{code}",
    "GET /api/v1/cases/{code}/timeline",
    "POST /api/v1/cases/{code}/events",
};
// Not part of the API: the web app, registered only when a build of it is there.
const std::set<std::string> kOutsideTheApi = {"GET /{rest*}"};

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out += '&';
    for (const std::string* s : {&key, &value}) {
      for (unsigned char c : *s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
          out += static_cast<char>(c);
        } else {
          out += '%';
          out += hex[c >> 4];
          out += hex[c & 15];
        }
      }
      if (s == &key) out += '=';
    }
  }
  return out;
}

// What one row sends for one role.
struct Request {
  std::string target;
  std::string body = {};
  std::string content_type = "application/json";
  std::optional<http::Headers> headers = std::nullopt;  // instead of the role's own
};

struct Row {
  std::string route;   // "GET /api/v1/users/{username}": as the router lists it
  const char* expect;  // per role, see kAnyone
  std::function<Request(Role)> make;
  // Checks an allowed answer further; returns what is wrong, or "".
  std::function<std::string(Role, const HttpResponse&)> check = nullptr;
};

class AuthzEndpoints : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LifecycleServer({});
    ASSERT_TRUE(server_->Start());
    Prepare();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static LifecycleServer& S() { return *server_; }
  static http::Headers Admin() { return S().Officer("admin"); }

  static http::Headers As(Role role) {
    switch (role) {
      case Role::kPublic:
        return {};
      case Role::kApiKey:
        return S().ApiKey();
      case Role::kReporter:
        return LifecycleServer::Reporter(mine_.secret);
      default:
        return S().Officer(kUsernames[At(role)]);
    }
  }

  static std::string Index(Role role) { return std::to_string(At(role)); }

  static json Parse(const HttpResponse& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json::object() : j;
  }

  // Calls as admin, failing the test unless `status`; returns the body.
  static json AdminCall(const std::string& method, const std::string& target, const json& body,
                        int status) {
    const auto r = S().Call(method, target, Admin(), body.is_null() ? "" : body.dump());
    EXPECT_EQ(r.status, status) << method << " " << target << ": " << r.body;
    return Parse(r);
  }

  static std::string ApiKeyToken() {
    const std::string bearer(S().ApiKey().begin()->second);
    return bearer.substr(bearer.find(' ') + 1);
  }

  static json Standard(const std::string& note, int completion_days = 7) {
    json s{{"requirements", {"KTP", "Foto lokasi"}},
           {"procedure", {"Laporan diterima", "Verifikasi", "Penanganan"}},
           {"completion_days", completion_days},
           {"cost", "Tidak dipungut biaya"},
           {"product", "Saluran yang berfungsi kembali"},
           {"complaint_channel", "Sigap"},
           {"internal",
            {{"legal_basis", "Perda Kota Semarang 7/2014"},
             {"facilities", "Truk"},
             {"staff_competence", "Teknisi"},
             {"internal_supervision", "Kepala bidang"},
             {"staffing", "12 orang"},
             {"guarantee", "Maklumat pelayanan"},
             {"security_assurance", "Petugas beridentitas"},
             {"performance_evaluation", "Evaluasi triwulanan"}}}};
    if (!note.empty()) s["change_note"] = note;
    return s;
  }

  static json PolicyRule(const std::string& name) {
    return json{
        {"name", name},
        {"basis", "Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik"},
        {"rate_limit_per_hour", 100000},
        {"scope", {{"kind", "aspiration"}}},
        {"trigger", {{"event", "submitted"}}},
        {"actions",
         json::array({{{"type", "adjust_deadline"}, {"stage", "resolution"}, {"days", 2}}})}};
  }

  // Inserts an alert of `agency` in `status` and returns its id.
  static std::string InsertAlert(const std::string& agency, const std::string& status) {
    const std::string now = std::to_string(NowMicros());
    const json evidence{{"detector", "local_cluster"}, {"agency_code", agency},
                        {"day", "2026-11-30"},         {"since_day", "2026-11-28"},
                        {"case_ids", {mine_id_}},      {"sentence", "Uji otorisasi"}};
    S().Sql(
        "INSERT INTO alerts (pemda_id, detector, group_key, status, agency_code, first_day, "
        "since_day, last_day, sentence, evidence, created_at, updated_at) SELECT id, "
        "'local_cluster', 'authz-" +
        std::to_string(++alerts_) + "', '" + status + "', '" + agency +
        "', '2026-11-30', '2026-11-28', '2026-11-30', 'Uji otorisasi', '" + evidence.dump() +
        "', " + now + ", " + now + " FROM pemdas");
    return S().Sql("SELECT MAX(id) FROM alerts")[0][0];
  }

  // The cases, accounts, days, hooks, rules, surveys and alerts the rows
  // act on, one per role where a row changes or removes it.
  static void Prepare() {
    const auto upload = S().Call("POST", "/api/v1/attachments?name=foto.png",
                                 {{"Content-Type", "image/png"}}, kPng);
    ASSERT_EQ(upload.status, 201) << upload.body;
    sha256_ = Parse(upload).value("sha256", "");
    const auto verifier = S().Officer("verifikator");
    const auto dpu = S().Officer("petugas.dpu");
    json mine = Complaint("authzmine", kReporters[0]);
    mine["attachments"] = {{{"name", "foto.png"},
                            {"sha256", sha256_},
                            {"upload_token", Parse(upload).value("upload_token", "")}}};
    mine_ = S().Submit(mine);
    S().Must(mine_.code, verifier, {{"action", "verify"}});
    S().Must(mine_.code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});
    S().Must(mine_.code, dpu, {{"action", "start"}});
    S().Must(mine_.code, dpu, {{"action", "resolve"}, {"text", "Saluran sudah dibersihkan."}});
    mine_id_ = std::stoll(
        S().Sql("SELECT id FROM cases WHERE tracking_code = '" + mine_.code + "'")[0][0]);
    for (Receipt* c : {&open_, &open311_}) {
      *c = S().Submit(Complaint("authzopen", kReporters[1], /*anonymous=*/true));
      S().Must(c->code, verifier, {{"action", "verify"}});
      S().Must(c->code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});
    }
    secret_ = S().Submit(Complaint("authzsecret", kReporters[2], false, /*confidential=*/true));
    S().Must(secret_.code, verifier, {{"action", "verify"}});
    S().Must(secret_.code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});

    open_survey_ = AdminCall("POST", "/api/v1/surveys",
                             {{"unit_code", "DPU"},
                              {"period", "Sepanjang tahun"},
                              {"starts_on", "2020-01-01"},
                              {"ends_on", "2100-12-31"}},
                             201)
                       .value("id", int64_t{0});
    closed_survey_ =
        AdminCall("POST", "/api/v1/surveys", {{"unit_code", "DPU"}, {"period", "2019"}}, 201)
            .value("id", int64_t{0});
    json service{{"code", "UJI-AUTHZ"},
                 {"name", "Layanan uji otorisasi"},
                 {"agency_code", "DPU"},
                 {"group", "Infrastruktur"},
                 {"description", "Layanan uji otorisasi."},
                 {"keywords", {"otorisasi"}},
                 {"kinds", {"complaint"}},
                 {"standard", Standard("")}};
    AdminCall("POST", "/api/v1/services", service, 201);
    policy_rule_ = std::to_string(
        AdminCall("POST", "/api/v1/rules", PolicyRule("Uji otorisasi"), 201).value("id", 0));
    show_alert_ = InsertAlert("DPU", "new");
    dishub_alert_ = InsertAlert("DISHUB", "new");
    for (size_t i = 0; i < kRoleCount; ++i) {
      const std::string n = std::to_string(i);
      AdminCall("POST", "/api/v1/users",
                {{"username", "ubah.authz" + n},
                 {"password", "kata-sandi-panjang-" + n},
                 {"role", "agency_officer"},
                 {"agency_code", "DPU"}},
                201);
      AdminCall("POST", "/api/v1/calendar/days",
                {{"date", "2027-08-0" + std::to_string(i + 1)}, {"name", "Hari uji " + n}}, 201);
      AdminCall("POST", "/api/v1/api-keys",
                {{"name", "hapus-authz-" + std::to_string(i)}, {"role", "verifier"}}, 201);
      webhooks_[i] = std::to_string(
          AdminCall("POST", "/api/v1/webhooks",
                    {{"url", "https://hooks.example.id/hapus-" + n}, {"events", {"closed"}}}, 201)
              .value("id", 0));
      routing_rules_[i] =
          std::to_string(AdminCall("POST", "/api/v1/routing/rules",
                                   {{"service_code", "PU-SUNGAI"},
                                    {"region_code", "33.74.0" + std::to_string(i + 1)},
                                    {"agency_code", "DPU"}},
                                   201)
                             .value("id", 0));
      acknowledge_alerts_[i] = InsertAlert("DPU", "new");
      action_alerts_[i] = InsertAlert("DPU", "acknowledged");
      close_alerts_[i] = InsertAlert("DPU", "new");
    }
  }

  static std::vector<Row> Rows();
  static std::string NotConfidential(Role, const HttpResponse& got);
  static LifecycleServer* server_;
  static std::string sha256_;
  static Receipt mine_, open_, open311_, secret_;
  static int64_t mine_id_;
  static int64_t open_survey_, closed_survey_;
  static std::string policy_rule_, show_alert_, dishub_alert_;
  static std::array<std::string, kRoleCount> webhooks_, routing_rules_, acknowledge_alerts_,
      action_alerts_, close_alerts_;
  static int alerts_;
};

LifecycleServer* AuthzEndpoints::server_ = nullptr;
std::string AuthzEndpoints::sha256_;
Receipt AuthzEndpoints::mine_, AuthzEndpoints::open_, AuthzEndpoints::open311_,
    AuthzEndpoints::secret_;
int64_t AuthzEndpoints::mine_id_ = 0;
int64_t AuthzEndpoints::open_survey_ = 0, AuthzEndpoints::closed_survey_ = 0;
std::string AuthzEndpoints::policy_rule_, AuthzEndpoints::show_alert_,
    AuthzEndpoints::dishub_alert_;
std::array<std::string, kRoleCount> AuthzEndpoints::webhooks_, AuthzEndpoints::routing_rules_,
    AuthzEndpoints::acknowledge_alerts_, AuthzEndpoints::action_alerts_,
    AuthzEndpoints::close_alerts_;
int AuthzEndpoints::alerts_ = 0;

// A row whose request is the same for every role.
Row Same(std::string route, const char* expect, std::string target, std::string body = {}) {
  return Row{std::move(route), expect, [target = std::move(target), body = std::move(body)](Role) {
               return Request{target, body};
             }};
}

// For listings anyone may read: the confidential case is not among them.
std::string AuthzEndpoints::NotConfidential(Role, const HttpResponse& got) {
  return got.body.find(secret_.code) == std::string::npos ? "" : "lists the confidential case";
}

std::vector<Row> AuthzEndpoints::Rows() {
  const std::string mine = mine_.code;
  std::vector<Row> rows = {
      // Operations and the index.
      Same("GET /healthz", kAnyone, "/healthz"),
      Same("GET /readyz", kAnyone, "/readyz"),
      Same("GET /metrics", kAnyone, "/metrics"),
      Same("GET /api/v1", kAnyone, "/api/v1"),

      // Cases besides the lifecycle (AuthzMatrix).
      Same("GET /api/v1/cases", kOfficers, "/api/v1/cases?limit=5"),
      {"POST /api/v1/cases", kAnyone,
       [](Role r) {
         return Request{"/api/v1/cases", Complaint("authzbaru" + Index(r), kReporters[0]).dump()};
       }},
      {"GET /api/v1/cases/nearby", kAnyone,
       [](Role) {
         return Request{"/api/v1/cases/nearby?lat=-6.9932&long=110.4203&service=PU-DRAINASE"};
       },
       NotConfidential},
      Same("GET /api/v1/cases/{code}/nearby", kAnyone, "/api/v1/cases/" + mine + "/nearby"),
      // A confidential case: only the verifier who handled it, the agency
      // and its reporter (here the reporter of another case).
      Same("GET /api/v1/cases/{code}/nearby", "FAAAFFFAF",
           "/api/v1/cases/" + secret_.code + "/nearby"),
      // Support has a token bucket per client IP ([routing] support_burst,
      // 20): these two rows take 18 of it.
      {"POST /api/v1/cases/{code}/support", kAnyone,
       [](Role r) {
         return Request{"/api/v1/cases/" + open_.code + "/support",
                        json{{"device_id", "perangkat-authz-" + Index(r)}}.dump()};
       }},
      // Nobody but its reporter and handlers knows a confidential case: there
      // is nothing to support.
      Same("POST /api/v1/cases/{code}/support", "NNNNNNNNN",
           "/api/v1/cases/" + secret_.code + "/support",
           json{{"device_id", "perangkat-authz-rahasia"}}.dump()),
      // The rating is the reporter's alone.
      Same("POST /api/v1/cases/{code}/rating", "UUUUUUUUA", "/api/v1/cases/" + mine + "/rating",
           json{{"stars", 4}}.dump()),
      // A citizen's photo: officers who may see the case and its reporter,
      // never the public (not found, as any file the case does not name).
      Same("GET /api/v1/cases/{code}/attachments/{sha256}", "AAAAAANAA",
           "/api/v1/cases/" + mine + "/attachments/" + sha256_),
      {"POST /api/v1/attachments", kAnyone,
       [](Role) {
         return Request{"/api/v1/attachments?name=foto.png", kPng, "image/png"};
       }},

      // The catalogue and what the maps need.
      Same("GET /api/v1/services", kAnyone, "/api/v1/services"),
      Same("GET /api/v1/services", kAdminOnly, "/api/v1/services?all=true"),
      Same("GET /api/v1/services/{code}", kAnyone, "/api/v1/services/PU-DRAINASE?version=1"),
      {"POST /api/v1/services", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/services", json{{"code", "UJI-AUTHZ-" + Index(r)},
                                                 {"name", "Layanan uji " + Index(r)},
                                                 {"agency_code", "DPU"},
                                                 {"group", "Infrastruktur"},
                                                 {"description", "Layanan uji otorisasi."},
                                                 {"keywords", {"otorisasi"}},
                                                 {"kinds", {"complaint"}},
                                                 {"standard", Standard("")}}
                                                .dump()};
       }},
      {"PUT /api/v1/services/{code}/standard", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/services/UJI-AUTHZ/standard",
                        Standard("Perubahan uji " + Index(r), 8).dump()};
       }},
      Same("GET /api/v1/services/{code}/standards", kAdminOnly,
           "/api/v1/services/UJI-AUTHZ/standards"),
      {"PATCH /api/v1/services/{code}", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/services/UJI-AUTHZ",
                        json{{"description", "Diubah oleh " + Index(r)}}.dump()};
       }},
      // The category taxonomy (issue 8): offered ones to anyone, every one
      // and changes to administrators.
      Same("GET /api/v1/categories", kAnyone, "/api/v1/categories"),
      Same("GET /api/v1/categories", kAdminOnly, "/api/v1/categories?all=1"),
      Same("GET /api/v1/categories/{code}", kAnyone, "/api/v1/categories/AGAMA"),
      {"POST /api/v1/categories", kAdminOnly,
       [](Role r) {
         return Request{
             "/api/v1/categories",
             json{{"name", "Kategori uji " + Index(r)}, {"parent_code", "AGAMA"}}.dump()};
       }},
      {"PATCH /api/v1/categories/{code}", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/categories/AGAMA.HAJI-DAN-UMROH",
                        json{{"name", "HAJI DAN UMROH " + Index(r)}}.dump()};
       }},
      Same("GET /api/v1/agencies", kAnyone, "/api/v1/agencies"),
      Same("GET /api/v1/agencies/{code}", kAnyone, "/api/v1/agencies/DPU"),
      {"POST /api/v1/agencies", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/agencies", json{{"code", "UJI-AUTHZ-" + Index(r)},
                                                 {"name", "Badan Uji Otorisasi " + Index(r)},
                                                 {"kind", "badan"}}
                                                .dump()};
       }},
      {"PATCH /api/v1/agencies/{code}", kAdminOnly,
       [](Role) {
         return Request{"/api/v1/agencies/DPU", json{{"name", "Dinas Pekerjaan Umum"}}.dump()};
       }},
      Same("GET /api/v1/map", kAnyone, "/api/v1/map"),
      Same("GET /api/v1/regions", kAnyone, "/api/v1/regions?parent=33.74"),
      Same("GET /api/v1/regions/{code}", kAnyone, "/api/v1/regions/33.74.01"),

      // The calendar.
      Same("GET /api/v1/calendar", kAnyone, "/api/v1/calendar?year=2026"),
      Same("GET /api/v1/calendar/due", kAnyone,
           "/api/v1/calendar/due?from=2026-03-17T15:00%2B07:00&days=3"),
      {"POST /api/v1/calendar/days", kAdminOnly,
       [](Role r) {
         return Request{
             "/api/v1/calendar/days",
             json{{"date", "2027-09-0" + std::to_string(At(r) + 1)}, {"name", "Hari uji"}}.dump()};
       }},
      {"PUT /api/v1/calendar/years/{year}", kAdminOnly,
       [](Role r) {
         const int year = 2040 + static_cast<int>(At(r));
         return Request{
             "/api/v1/calendar/years/" + std::to_string(year),
             json{{"year", year}, {"decree", "SKB uji"}, {"days", json::array()}}.dump()};
       }},
      {"DELETE /api/v1/calendar/days/{date}", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/calendar/days/2027-08-0" + std::to_string(At(r) + 1)};
       }},

      // Sessions: each officer signs in with its own password; signing out
      // ends a session of its own, not the one the other rows use.
      {"POST /api/v1/session", "AAAAAAU-U",
       [](Role r) {
         const std::string user = kUsernames[At(r)];
         const json body = user.empty()
                               ? json{{"username", "tidak.ada"}, {"password", "salah-sekali-1"}}
                               : json{{"username", user}, {"password", S().Password(user)}};
         return Request{"/api/v1/session", body.dump()};
       }},
      Same("GET /api/v1/session", kOfficers, "/api/v1/session"),
      // Each officer role changes the password of an account of its own
      // (made for the row: a change signs out every session of the account).
      {"POST /api/v1/session/password", "AAAAAAUFU",
       [](Role r) {
         static const std::array<const char*, 6> kRoles = {
             "admin", "verifier", "agency_officer", "agency_head", "leader", "auditor"};
         Request request{"/api/v1/session/password",
                         json{{"current_password", "sandi-lama-" + Index(r) + "x"},
                              {"new_password", "sandi-baru-" + Index(r) + "x"}}
                             .dump()};
         if (At(r) >= kRoles.size()) return request;
         const std::string user = "sandi.authz" + Index(r);
         json account{{"username", user},
                      {"password", "sandi-lama-" + Index(r) + "x"},
                      {"role", kRoles[At(r)]}};
         if (r == Role::kOfficer || r == Role::kHead) account["agency_code"] = "DPU";
         AdminCall("POST", "/api/v1/users", account, 201);
         const auto login = S().Call(
             "POST", "/api/v1/session", {},
             json{{"username", user}, {"password", "sandi-lama-" + Index(r) + "x"}}.dump());
         const std::string cookie(login.Header("Set-Cookie").value_or(""));
         request.headers = http::Headers{{"Cookie", cookie.substr(0, cookie.find(';'))},
                                         {"X-CSRF-Token", Parse(login).value("csrf_token", "")}};
         return request;
       }},
      {"DELETE /api/v1/session", "AAAAAAUUU",
       [](Role r) {
         Request request{"/api/v1/session"};
         const std::string user = kUsernames[At(r)];
         if (user.empty()) return request;
         const auto login =
             S().Call("POST", "/api/v1/session", {},
                      json{{"username", user}, {"password", S().Password(user)}}.dump());
         const std::string cookie(login.Header("Set-Cookie").value_or(""));
         request.headers = http::Headers{{"Cookie", cookie.substr(0, cookie.find(';'))},
                                         {"X-CSRF-Token", Parse(login).value("csrf_token", "")}};
         return request;
       }},

      // Figures.
      Same("GET /api/v1/stats", kAnyone, "/api/v1/stats"),
      // What the Pemda publishes of its SKM: figures only, for anyone.
      Same("GET /api/v1/ikm/public", kAnyone, "/api/v1/ikm/public"),
      Same("GET /api/v1/ikm", kFigures, "/api/v1/ikm"),
      Same("GET /api/v1/ikm/report.xlsx", kFigures, "/api/v1/ikm/report.xlsx"),
      Same("GET /api/v1/ikm/report.pdf", kFigures, "/api/v1/ikm/report.pdf"),
      Same("GET /api/v1/ratings/summary", kFigures, "/api/v1/ratings/summary"),
      Same("GET /api/v1/forecast/backlog", kOfficers, "/api/v1/forecast/backlog"),
      Same("GET /api/v1/forecast/staffing", kOfficers, "/api/v1/forecast/staffing"),
      // An agency role asking for another agency's figures.
      Same("GET /api/v1/ikm", kOtherAgencyFigures, "/api/v1/ikm?unit=DISHUB"),
      Same("GET /api/v1/ikm/report.xlsx", kOtherAgencyFigures,
           "/api/v1/ikm/report.xlsx?unit=DISHUB"),
      Same("GET /api/v1/ikm/report.pdf", kOtherAgencyFigures, "/api/v1/ikm/report.pdf?unit=DISHUB"),
      Same("GET /api/v1/ratings/summary", kOtherAgencyFigures,
           "/api/v1/ratings/summary?agency=DISHUB"),
      Same("GET /api/v1/forecast/backlog", kOtherAgencyOfficers,
           "/api/v1/forecast/backlog?agency=DISHUB"),
      Same("GET /api/v1/forecast/staffing", kOtherAgencyOfficers,
           "/api/v1/forecast/staffing?agency=DISHUB"),

      // Surveys: the public sees the open ones, officers every one.
      {"GET /api/v1/surveys", kAnyone, [](Role) { return Request{"/api/v1/surveys"}; },
       [](Role r, const HttpResponse& got) -> std::string {
         std::set<int64_t> ids;
         for (const auto& s : Parse(got).value("items", json::array())) {
           ids.insert(s.value("id", int64_t{0}));
         }
         const bool officer = r != Role::kPublic && r != Role::kReporter;
         if (!ids.count(open_survey_)) return "the open survey is missing";
         if (ids.count(closed_survey_) != (officer ? 1u : 0u)) {
           return officer ? "an officer does not see the closed survey"
                          : "shows a closed survey to the public";
         }
         return "";
       }},
      {"POST /api/v1/surveys", kAdminOnly,
       [](Role r) {
         return Request{
             "/api/v1/surveys",
             json{{"unit_code", "DPU"}, {"period", "2024-0" + std::to_string(At(r) + 1)}}.dump()};
       }},
      Same("POST /api/v1/surveys/{id}/responses", kAnyone,
           "/api/v1/surveys/" + std::to_string(open_survey_) + "/responses",
           json{{"answers", {4, 3, 4, 3, 4, 3, 4, 3, 4}}}.dump()),

      // Administration.
      Same("GET /api/v1/users", kAdminOnly, "/api/v1/users"),
      {"POST /api/v1/users", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/users", json{{"username", "baru.authz" + Index(r)},
                                              {"password", "kata-sandi-panjang-baru"},
                                              {"role", "verifier"}}
                                             .dump()};
       }},
      // One account: an officer reads their own (an API key has none), an
      // administrator anyone's.
      {"GET /api/v1/users/{username}", "AAAAAAUFU",
       [](Role r) {
         const std::string own = kUsernames[At(r)];
         return Request{"/api/v1/users/" + (own.empty() ? std::string("verifikator") : own)};
       }},
      Same("GET /api/v1/users/{username}", "AFAFFFUFU", "/api/v1/users/petugas.dpu"),
      {"PATCH /api/v1/users/{username}", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/users/ubah.authz" + Index(r),
                        json{{"email", "ubah" + Index(r) + "@contoh.id"}}.dump()};
       }},
      Same("GET /api/v1/webhooks", kAdminOnly, "/api/v1/webhooks"),
      {"POST /api/v1/webhooks", kAdminOnly,
       [](Role r) {
         return Request{
             "/api/v1/webhooks",
             json{{"url", "https://hooks.example.id/baru-" + Index(r)}, {"events", {"closed"}}}
                 .dump()};
       }},
      {"GET /api/v1/webhooks/{id}", kAdminOnly,
       [](Role r) { return Request{"/api/v1/webhooks/" + webhooks_[At(r)]}; }},
      {"DELETE /api/v1/webhooks/{id}", kAdminOnly,
       [](Role r) { return Request{"/api/v1/webhooks/" + webhooks_[At(r)]}; }},
      Same("GET /api/v1/api-keys", kAdminOnly, "/api/v1/api-keys"),
      {"POST /api/v1/api-keys", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/api-keys",
                        json{{"name", "baru-authz-" + Index(r)}, {"role", "verifier"}}.dump()};
       }},
      {"DELETE /api/v1/api-keys/{name}", kAdminOnly,
       [](Role r) { return Request{"/api/v1/api-keys/hapus-authz-" + Index(r)}; }},
      Same("GET /api/v1/routing/rules", kAdminOnly, "/api/v1/routing/rules"),
      {"POST /api/v1/routing/rules", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/routing/rules",
                        json{{"service_code", "PU-JALAN"},
                             {"region_code", "33.74.0" + std::to_string(At(r) + 1)},
                             {"agency_code", "DPU"}}
                            .dump()};
       }},
      {"DELETE /api/v1/routing/rules/{id}", kAdminOnly,
       [](Role r) { return Request{"/api/v1/routing/rules/" + routing_rules_[At(r)]}; }},

      // Policy rules.
      Same("GET /api/v1/rules", kReadingRules, "/api/v1/rules"),
      Same("GET /api/v1/rules/{id}", kReadingRules, "/api/v1/rules/" + policy_rule_),
      {"POST /api/v1/rules", kAdminOnly,
       [](Role r) {
         return Request{"/api/v1/rules", PolicyRule("Uji otorisasi " + Index(r)).dump()};
       }},
      Same("POST /api/v1/rules/{id}/enable", kAdminOnly,
           "/api/v1/rules/" + policy_rule_ + "/enable", "{}"),
      Same("POST /api/v1/rules/{id}/disable", kAdminOnly,
           "/api/v1/rules/" + policy_rule_ + "/disable", "{}"),
      // Off, so that no other row's rule stops acting.
      Same("POST /api/v1/rules/kill-switch", kAdminOnly, "/api/v1/rules/kill-switch",
           R"({"on": false})"),
      Same("POST /api/v1/rules/try", kAdminOnly, "/api/v1/rules/try",
           json{{"id", std::stoll(policy_rule_)}, {"since_days", 1}}.dump()),

      // Routing by text: the policy, the models and their training.
      Same("GET /api/v1/routing/text", kAdminOnly, "/api/v1/routing/text"),
      Same("PUT /api/v1/routing/text/settings", kAdminOnly, "/api/v1/routing/text/settings",
           R"({"reason": "Uji otorisasi"})"),
      // No model is kept in this database: the administrator is told so.
      Same("POST /api/v1/routing/text/models/{id}/activate", "NFFFFFUFU",
           "/api/v1/routing/text/models/999999/activate", "{}"),
      Same("POST /api/v1/routing/text/train", kAdminOnly, "/api/v1/routing/text/train", "{}"),

      // Alerts: an agency role sees its agency's alone (another's is not found).
      {"GET /api/v1/alerts", kOfficers, [](Role) { return Request{"/api/v1/alerts"}; },
       [](Role r, const HttpResponse& got) -> std::string {
         std::set<std::string> ids;
         for (const auto& a : Parse(got).value("items", json::array())) {
           ids.insert(a.contains("id") ? a["id"].dump() : "");
         }
         const bool agency = r == Role::kOfficer || r == Role::kHead || r == Role::kApiKey;
         if (!ids.count(show_alert_)) return "the agency's alert is missing";
         if (ids.count(dishub_alert_) != (agency ? 0u : 1u)) {
           return agency ? "lists another agency's alert" : "the other agency's alert is missing";
         }
         return "";
       }},
      Same("GET /api/v1/alerts", kOtherAgencyOfficers, "/api/v1/alerts?agency=DISHUB"),
      Same("GET /api/v1/alerts/{id}", kOfficers, "/api/v1/alerts/" + show_alert_),
      Same("GET /api/v1/alerts/{id}", "AANNAAUNU", "/api/v1/alerts/" + dishub_alert_),
      {"POST /api/v1/alerts/{id}/acknowledge", kActing,
       [](Role r) {
         return Request{"/api/v1/alerts/" + acknowledge_alerts_[At(r)] + "/acknowledge",
                        R"({"reason": "Sedang dicek"})"};
       }},
      {"POST /api/v1/alerts/{id}/action", kActing,
       [](Role r) {
         return Request{"/api/v1/alerts/" + action_alerts_[At(r)] + "/action",
                        R"({"reason": "Tim dikirim"})"};
       }},
      {"POST /api/v1/alerts/{id}/close", kClosingAlerts,
       [](Role r) {
         return Request{"/api/v1/alerts/" + close_alerts_[At(r)] + "/close",
                        R"({"reason": "Bukan masalah"})"};
       }},

      // Open311: reads for anyone; writes with the api_key alone.
      Same("GET /open311/v2/{resource}", kAnyone, "/open311/v2/discovery.json"),
      Same("GET /open311/v2/{resource}", kAnyone, "/open311/v2/services.json"),
      {"GET /open311/v2/{resource}", kAnyone,
       [](Role) { return Request{"/open311/v2/requests.json?extensions=true"}; }, NotConfidential},
      {"GET /open311/v2/{resource}", kAnyone,
       [](Role) { return Request{"/open311/v2/servicerequestupdates.json"}; }, NotConfidential},
      Same("GET /open311/v2/services/{file}", kAnyone, "/open311/v2/services/PU-DRAINASE.json"),
      Same("GET /open311/v2/requests/{file}", kAnyone,
           "/open311/v2/requests/" + mine + ".json?extensions=true"),
      Same("GET /open311/v2/tokens/{file}", kAnyone, "/open311/v2/tokens/" + mine + ".json"),
      // A confidential case is never an Open311 request.
      Same("GET /open311/v2/requests/{file}", "NNNNNNNNN",
           "/open311/v2/requests/" + secret_.code + ".json"),
      Same("GET /open311/v2/tokens/{file}", "NNNNNNNNN",
           "/open311/v2/tokens/" + secret_.code + ".json"),
      {"POST /open311/v2/{resource}", kOpen311Key,
       [](Role r) {
         std::vector<std::pair<std::string, std::string>> form = {
             {"service_code", "PU-DRAINASE"},
             {"lat", "-6.9932"},
             {"long", "110.4203"},
             {"description", "Saluran tersumbat, laporan Open311 " + Index(r)},
             {"email", kReporters[3].email},
             {"first_name", "Darmaji"},
             {"last_name", "Opensebelas"},
             {"phone", kReporters[3].phone}};
         if (r == Role::kApiKey) form.emplace_back("api_key", ApiKeyToken());
         return Request{"/open311/v2/requests.json", FormEncode(form),
                        "application/x-www-form-urlencoded"};
       }},
      {"POST /open311/v2/{resource}", kOpen311Key,
       [](Role r) {
         std::vector<std::pair<std::string, std::string>> form = {
             {"service_request_id", open311_.code},
             {"status", "in_progress"},
             {"description", "Tim menuju lokasi"}};
         if (r == Role::kApiKey) form.emplace_back("api_key", ApiKeyToken());
         return Request{"/open311/v2/servicerequestupdates.json", FormEncode(form),
                        "application/x-www-form-urlencoded"};
       }},
      {"POST /open311/v2/{resource}", "FFFFFFFFF",
       [](Role) {
         return Request{"/open311/v2/requests.json",
                        FormEncode({{"api_key", "bukan-kunci"},
                                    {"service_code", "PU-DRAINASE"},
                                    {"lat", "-6.9932"},
                                    {"long", "110.4203"}}),
                        "application/x-www-form-urlencoded"};
       }},
  };
  // GeoReport's 400 for a method a resource does not serve, whoever asks;
  // its 404 for anything else under /open311.
  const std::vector<std::pair<std::string, std::string>> open311 = {
      {"/open311/v2/{resource}", "/open311/v2/requests.json"},
      {"/open311/v2/services/{file}", "/open311/v2/services/PU-DRAINASE.json"},
      {"/open311/v2/requests/{file}", "/open311/v2/requests/" + mine + ".json"},
      {"/open311/v2/tokens/{file}", "/open311/v2/tokens/" + mine + ".json"},
  };
  for (const char* method : {"PUT", "PATCH", "DELETE"}) {
    for (const auto& [pattern, target] : open311) {
      rows.push_back(Same(std::string(method) + " " + pattern, "BBBBBBBBB", target));
    }
  }
  for (size_t i = 1; i < open311.size(); ++i) {
    rows.push_back(Same("POST " + open311[i].first, "BBBBBBBBB", open311[i].second));
  }
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    rows.push_back(
        Same(std::string(method) + " /open311/{rest*}", "NNNNNNNNN", "/open311/v3/services.json"));
  }
  return rows;
}

int Expected(char c) {
  switch (c) {
    case 'U':
      return 401;
    case 'F':
      return 403;
    case 'N':
      return 404;
    case 'B':
      return 400;
    default:
      return 0;
  }
}

TEST_F(AuthzEndpoints, TheTableNamesEveryRegisteredRoute) {
  const auto index = S().Call("GET", "/api/v1");
  ASSERT_EQ(index.status, 200) << index.body;
  std::set<std::string> registered;
  for (const auto& e : Parse(index).value("endpoints", json::array())) {
    registered.insert(e.get<std::string>());
  }
  ASSERT_FALSE(registered.empty()) << index.body;
  std::set<std::string> tabled = kCaseMatrixRoutes;
  for (const auto& row : Rows()) tabled.insert(row.route);
  for (const auto& route : registered) {
    EXPECT_TRUE(tabled.count(route) || kOutsideTheApi.count(route))
        << route << " is registered but not in the table: add its row";
  }
  for (const auto& route : tabled) {
    EXPECT_TRUE(registered.count(route)) << route << " is in the table but not registered";
  }
}

TEST_F(AuthzEndpoints, EveryRoleGetsExactlyWhatItMayDoAndNoReporterIdentity) {
  std::string mismatches;
  size_t pairs = 0;
  std::set<std::string> routes;
  for (const auto& row : Rows()) {
    const std::string method = row.route.substr(0, row.route.find(' '));
    ASSERT_EQ(std::string(row.expect).size(), kRoleCount) << row.route;
    routes.insert(row.route);
    for (size_t i = 0; i < kRoleCount; ++i) {
      const auto role = static_cast<Role>(i);
      const char want = row.expect[i];
      if (want == '-') continue;
      ++pairs;
      const Request request = row.make(role);
      http::Headers headers = request.headers.value_or(As(role));
      if (!request.body.empty()) headers.emplace("Content-Type", request.content_type);
      const HttpResponse got = S().Call(method, request.target, headers, request.body);
      const std::string where = std::string(kRoleNames[i]) + " / " + method + " " + request.target +
                                " (" + row.route + ")";
      if (want == 'A') {
        if (got.status < 200 || got.status > 299) {
          mismatches += "\n  " + where + ": expected 2xx, got " + std::to_string(got.status) + " " +
                        got.body.substr(0, 300);
        } else if (row.check) {
          if (const std::string wrong = row.check(role, got); !wrong.empty()) {
            mismatches += "\n  " + where + ": " + wrong;
          }
        }
      } else if (got.status != Expected(want)) {
        mismatches += "\n  " + where + ": expected " + std::to_string(Expected(want)) + ", got " +
                      std::to_string(got.status) + " " + got.body.substr(0, 300);
      } else if (request.target.starts_with("/api/") &&
                 got.Header("Content-Type").value_or("") != "application/problem+json") {
        mismatches += "\n  " + where + ": a refusal that is not problem+json";
      }
      for (const auto& reporter : kReporters) {
        if (const std::string found = reporter.FoundIn(got.body); !found.empty()) {
          mismatches += "\n  " + where + ": leaks the reporter's \"" + found + "\"";
        }
      }
    }
  }
  EXPECT_TRUE(mismatches.empty()) << "disagreements with the access rules:" << mismatches;
  std::cout << "[ CHECKED  ] " << pairs << " (role, request) pairs over " << routes.size()
            << " routes\n";
}

}  // namespace
}  // namespace sigap::integration
