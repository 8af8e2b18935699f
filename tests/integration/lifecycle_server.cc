#include "integration/lifecycle_server.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace sigap::integration {
namespace {

using nlohmann::json;
using test_support::HttpResponse;

constexpr const char* kPassword = "kata-sandi-uji-123";

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string ReporterIdentity::FoundIn(std::string_view body) const {
  for (const std::string* v : {&name, &phone, &email, &nik}) {
    if (!v->empty() && body.find(*v) != std::string_view::npos) return *v;
  }
  return "";
}

LifecycleServer::LifecycleServer(std::vector<ExtraUser> users,
                                 std::vector<std::pair<std::string, std::string>> env)
    : server_([&] {
        ServerProcessOptions options{.load_demo = true};
        options.env = std::move(env);
        options.env.emplace_back("SIGAP_SLA_SWEEP_SECONDS", "1");
        return options;
      }()),
      users_(std::move(users)) {}

::testing::AssertionResult LifecycleServer::Start() {
  if (auto prepared = server_.Prepare(); !prepared) return prepared;
  if (auto calendar = WriteCalendarDir(); !calendar) return calendar;
  // "  username  password" lines of `sigap demo`.
  std::istringstream lines(server_.demo_output());
  std::string line;
  const std::regex account(R"(^\s+([a-z.]+)\s+(\S+)\s*$)");
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, m, account)) passwords_[m[1]] = m[2];
  }
  const std::string db = server_.db();
  for (const auto& u : users_) {
    std::vector<std::string> args{"admin",  "create-user", "--db",       db,
                                  "--role", u.role,        "--username", u.username};
    if (!u.agency.empty()) {
      args.push_back("--agency");
      args.push_back(u.agency);
    }
    const RunResult r = RunSigap(args, std::string(kPassword) + "\n");
    if (r.exit_code != 0) {
      return ::testing::AssertionFailure() << "create-user " << u.username << ": " << r.err;
    }
    passwords_[u.username] = kPassword;
  }
  const RunResult key = RunSigap({"admin", "create-api-key", "--db", db, "--name", "sistem.dpu",
                                  "--role", "agency_officer", "--agency", "DPU"});
  if (key.exit_code != 0) return ::testing::AssertionFailure() << "create-api-key: " << key.err;
  api_key_ = Trim(key.out);
  return server_.Start();
}

::testing::AssertionResult LifecycleServer::WriteCalendarDir() {
  namespace fs = std::filesystem;
  const fs::path dir = data_dir() / "calendar";
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) return ::testing::AssertionFailure() << "mkdir " << dir << ": " << error.message();
  for (const auto& entry : fs::directory_iterator(fs::path(SIGAP_SOURCE_DIR) / "data/calendar")) {
    fs::copy_file(entry.path(), dir / entry.path().filename(), fs::copy_options::overwrite_existing,
                  error);
    if (error) return ::testing::AssertionFailure() << "copy " << entry.path() << ": " << error;
  }
  // Deadlines counted from today may reach a year whose SKB data/calendar
  // does not have yet; the tests must not depend on the day they run.
  const int this_year = int(std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}
                                .year());
  for (int year = this_year; year <= this_year + 1; ++year) {
    const fs::path file = dir / (std::to_string(year) + ".json");
    if (fs::exists(file)) continue;
    std::ofstream(file) << json{
        {"year", year},
        {"decree", "Synthetic year of the tests: weekends only"},
        {"days",
         json::array()}}.dump();
  }
  server_.AddEnv("SIGAP_CALENDAR_DATA_DIR", data_dir().string());
  return ::testing::AssertionSuccess();
}

HttpResponse LifecycleServer::Call(std::string_view method, std::string_view target,
                                   http::Headers headers, std::string_view body) {
  if (!body.empty() && !headers.contains("Content-Type")) {
    headers.emplace("Content-Type", "application/json");
  }
  auto r = test_support::Fetch(server_.port(), method, target, headers, body);
  EXPECT_TRUE(r.has_value()) << method << " " << target << ": " << r.error();
  return r.value_or(HttpResponse{});
}

http::Headers LifecycleServer::Officer(const std::string& username) {
  {
    std::lock_guard lock(sessions_mutex_);
    if (auto it = sessions_.find(username); it != sessions_.end()) return it->second;
  }
  const auto password = passwords_.find(username);
  EXPECT_NE(password, passwords_.end()) << "no password for " << username;
  const json body{{"username", username},
                  {"password", password == passwords_.end() ? "" : password->second}};
  auto r = Call("POST", "/api/v1/session", {}, body.dump());
  EXPECT_EQ(r.status, 200) << username << ": " << r.body;
  const std::string cookie(r.Header("Set-Cookie").value_or(""));
  http::Headers headers;
  headers.emplace("Cookie", cookie.substr(0, cookie.find(';')));
  const json session = json::parse(r.body, nullptr, false);
  headers.emplace("X-CSRF-Token", session.is_object() ? session.value("csrf_token", "") : "");
  std::lock_guard lock(sessions_mutex_);
  sessions_[username] = headers;
  return headers;
}

std::string LifecycleServer::Password(const std::string& username) const {
  const auto it = passwords_.find(username);
  return it == passwords_.end() ? std::string() : it->second;
}

http::Headers LifecycleServer::ApiKey() const { return {{"Authorization", "Bearer " + api_key_}}; }

http::Headers LifecycleServer::Reporter(const std::string& secret) {
  return {{"X-Reporter-Secret", secret}};
}

Receipt LifecycleServer::Submit(const json& submission) {
  auto r = Call("POST", "/api/v1/cases", {}, submission.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  const json receipt = json::parse(r.body, nullptr, false);
  if (!receipt.is_object()) return {};
  return {receipt.value("tracking_code", ""), receipt.value("reporter_secret", "")};
}

HttpResponse LifecycleServer::Act(const std::string& code, const http::Headers& who,
                                  const json& body, std::optional<std::string> if_match) {
  http::Headers headers = who;
  if (if_match) headers["If-Match"] = *if_match;
  return Call("POST", "/api/v1/cases/" + code + "/events", std::move(headers), body.dump());
}

json LifecycleServer::Must(const std::string& code, const http::Headers& who, const json& body) {
  auto r = Act(code, who, body);
  EXPECT_EQ(r.status, 201) << code << " " << body.dump() << ": " << r.body;
  json out = json::parse(r.body, nullptr, false);
  return out.is_discarded() ? json::object() : out;
}

json LifecycleServer::Timeline(const std::string& code, const http::Headers& who) {
  auto r = Call("GET", "/api/v1/cases/" + code + "/timeline", who);
  EXPECT_EQ(r.status, 200) << code << ": " << r.body;
  json out = json::parse(r.body, nullptr, false);
  return out.is_discarded() ? json::object() : out;
}

std::vector<std::vector<std::string>> LifecycleServer::Sql(const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  if (TestOnPostgres()) {
    const std::string error = server_.RunPostgresSql(sql, &rows);
    if (!error.empty()) ADD_FAILURE() << sql << ": " << error;
    return rows;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(server_.db_path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) !=
      SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << server_.db_path() << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return rows;
  }
  sqlite3_busy_timeout(db, 10000);
  char* error = nullptr;
  const int rc = sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int n, char** values, char**) {
        auto& table = *static_cast<std::vector<std::vector<std::string>>*>(out);
        std::vector<std::string> row;
        row.reserve(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) row.emplace_back(values[i] ? values[i] : "");
        table.push_back(std::move(row));
        return 0;
      },
      &rows, &error);
  if (rc != SQLITE_OK) ADD_FAILURE() << sql << ": " << (error ? error : "?");
  sqlite3_free(error);
  sqlite3_close(db);
  return rows;
}

bool LifecycleServer::WaitFor(const std::function<bool()>& done,
                              std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

json Complaint(const std::string& marker, const ReporterIdentity& reporter, bool anonymous,
               bool confidential) {
  return json{
      {"kind", "complaint"},
      {"service_code", "PU-DRAINASE"},
      {"title", "Saluran tersumbat " + marker},
      {"description", "Saluran di depan SD tersumbat sampah sejak seminggu, air meluap ke jalan."},
      {"location",
       {{"lat", -6.9932},
        {"lng", 110.4203},
        {"region_code", "33.74.01.1001"},
        {"address", "Jl. Pemuda 12"}}},
      {"reporter",
       {{"name", reporter.name},
        {"phone", reporter.phone},
        {"email", reporter.email},
        {"nik", reporter.nik}}},
      {"anonymous", anonymous},
      {"confidential", confidential}};
}

std::vector<std::string> EventKinds(const json& timeline) {
  std::vector<std::string> kinds;
  if (!timeline.contains("events")) return kinds;
  for (const auto& e : timeline["events"]) kinds.push_back(e.value("kind", ""));
  return kinds;
}

std::vector<std::string> SortedStrings(const json& array) {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  for (const auto& v : array) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sigap::integration
