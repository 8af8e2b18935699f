#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "integration/server_process.h"
#include "support/http_client.h"

namespace sigap::integration {

// An account created with `sigap admin create-user` before the server starts.
struct ExtraUser {
  std::string username;
  std::string role;    // admin, verifier, agency_officer, ...
  std::string agency;  // agency roles only
};

// What a submission returned.
struct Receipt {
  std::string code;
  std::string secret;
};

// The reporter of a submission: distinctive values, so a test can grep every
// response body for them.
struct ReporterIdentity {
  std::string name;
  std::string phone;
  std::string email;
  std::string nik;

  // Returns the first of the four found in `body`, or "".
  std::string FoundIn(std::string_view body) const;
};

// `sigap serve` with the demo Pemda, extra accounts and an API key, for the
// case lifecycle tests: signs officers in, submits cases, posts actions,
// reads timelines, and reads and backdates the server's database directly.
//
// Start and the destructor on the test's main thread (see ServerProcess);
// the other methods may be called from any thread.
class LifecycleServer {
 public:
  // `env` is added to the server's environment; the deadline sweep runs
  // every second.
  explicit LifecycleServer(std::vector<ExtraUser> users,
                           std::vector<std::pair<std::string, std::string>> env = {});

  // Creates the database (demo, extra users, an API key of a DPU officer)
  // and starts the server.
  ::testing::AssertionResult Start();

  // One request on a fresh connection. A transport error fails the test
  // and returns status 0.
  test_support::HttpResponse Call(std::string_view method, std::string_view target,
                                  http::Headers headers = {}, std::string_view body = {});

  // The headers of a signed-in officer (cookie and CSRF token); signs in
  // once per username.
  http::Headers Officer(const std::string& username);
  // The password of a demo or extra account ("" when unknown), for tests
  // of signing in and out.
  std::string Password(const std::string& username) const;
  // Authorization: Bearer with the API key of the system "sistem.dpu"
  // (role agency_officer, agency DPU).
  http::Headers ApiKey() const;
  static http::Headers Reporter(const std::string& secret);

  // POST /api/v1/cases; fails the test unless 201.
  Receipt Submit(const nlohmann::json& submission);

  // POST /api/v1/cases/{code}/events with `body` (an object with "action"...).
  test_support::HttpResponse Act(const std::string& code, const http::Headers& who,
                                 const nlohmann::json& body,
                                 std::optional<std::string> if_match = std::nullopt);
  // Act, failing the test unless 201; returns the body.
  nlohmann::json Must(const std::string& code, const http::Headers& who,
                      const nlohmann::json& body);

  // GET /api/v1/cases/{code}/timeline as `who`; fails the test unless 200.
  nlohmann::json Timeline(const std::string& code, const http::Headers& who = {});

  // Runs SQL on the server's database (SQLite: WAL, with a busy timeout;
  // PostgreSQL: the server's schema, when TestOnPostgres()) and returns
  // the rows, each column as text ("" for NULL). Fails the test on error.
  std::vector<std::vector<std::string>> Sql(const std::string& sql);

  // Polls `done` every 100 ms until it returns true or `timeout` passes.
  static bool WaitFor(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

  ServerProcess& process() { return server_; }

  // The server's data directory: calendar/ holds data/calendar/*.json and,
  // for this year and the next when data/calendar lacks them, a synthetic
  // year of weekends only, so that deadlines counted from today always have
  // a calendar whatever day the tests run.
  std::filesystem::path data_dir() const { return server_.dir() / "data"; }

 private:
  ::testing::AssertionResult WriteCalendarDir();

  ServerProcess server_;
  std::vector<ExtraUser> users_;
  std::map<std::string, std::string> passwords_;
  std::string api_key_;
  std::mutex sessions_mutex_;
  std::map<std::string, http::Headers> sessions_;
};

// A valid complaint for PU-DRAINASE in 33.74.01.1001 whose title carries
// `marker` (one word, for ?q= searches) and whose reporter is `reporter`.
nlohmann::json Complaint(const std::string& marker, const ReporterIdentity& reporter,
                         bool anonymous = false, bool confidential = false);

// The kinds of a timeline's events, in order.
std::vector<std::string> EventKinds(const nlohmann::json& timeline);

// The "action" strings of a JSON array, sorted.
std::vector<std::string> SortedStrings(const nlohmann::json& array);

// The current time in unix microseconds (the unit of the database's time
// columns).
int64_t NowMicros();

}  // namespace sigap::integration
