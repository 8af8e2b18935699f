// Crash test (issue 2, section 6): clients submit cases as fast as they can
// while the server is killed with SIGKILL at random moments. After each
// restart every case that got a 201 must be there with the content that was
// sent, `sigap audit verify` must pass, and a retried Idempotency-Key must
// never have produced a second case.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "integration/case_view.h"
#include "integration/sample_cases.h"
#include "integration/server_process.h"
#include "support/http_client.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using test_support::HttpClient;

constexpr int kRounds = 4;
constexpr int kClients = 8;
constexpr int kReplaysPerRound = 20;  // acknowledged keyed submissions sent again
// The server is killed this long after it started listening (uniformly).
constexpr int kMinRunMs = 150;
constexpr int kMaxRunMs = 1500;

struct Submission {
  std::string marker;           // unique; ends the description
  json fields;                  // what was sent
  std::string body;             // fields, serialised
  std::string idempotency_key;  // empty: sent without one
};

struct Acknowledged {
  Submission submission;
  std::string tracking_code;
  std::string reporter_secret;
};

// What the clients saw, shared by the client threads and the test thread.
class Ledger {
 public:
  void Acknowledge(Acknowledged a) {
    std::lock_guard lock(mutex_);
    acknowledged_.push_back(std::move(a));
  }

  // No answer: the submission may or may not have been committed. Keyed
  // ones are sent again later (a citizen's retry); unkeyed ones are only
  // remembered, to check they were not stored twice.
  void InDoubt(Submission s) {
    std::lock_guard lock(mutex_);
    if (s.idempotency_key.empty()) {
      unkeyed_in_doubt_.push_back(std::move(s.marker));
    } else {
      ++keyed_in_doubt_;
      retries_.push_back(std::move(s));
    }
  }

  std::optional<Submission> TakeRetry() {
    std::lock_guard lock(mutex_);
    if (retries_.empty()) return std::nullopt;
    Submission s = std::move(retries_.back());
    retries_.pop_back();
    return s;
  }

  void Unexpected(std::string what) {
    std::lock_guard lock(mutex_);
    if (unexpected_.size() < 20) unexpected_.push_back(std::move(what));
  }

  // Copies, for the test thread while no client runs.
  std::vector<Acknowledged> acknowledged() const {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  std::vector<std::string> unexpected() const {
    std::lock_guard lock(mutex_);
    return unexpected_;
  }
  size_t pending_retries() const {
    std::lock_guard lock(mutex_);
    return retries_.size();
  }
  // How many answers were lost: unkeyed submissions, and keyed ones (each
  // later retried).
  std::pair<size_t, size_t> in_doubt() const {
    std::lock_guard lock(mutex_);
    return {unkeyed_in_doubt_.size(), keyed_in_doubt_};
  }
  size_t acknowledged_count() const {
    std::lock_guard lock(mutex_);
    return acknowledged_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Acknowledged> acknowledged_;
  std::vector<Submission> retries_;
  std::vector<std::string> unkeyed_in_doubt_;
  size_t keyed_in_doubt_ = 0;
  std::vector<std::string> unexpected_;
};

Submission NewSubmission(const DemoCatalogue& catalogue, std::mt19937_64& rng, int round,
                         int client, int n) {
  Submission s;
  s.marker = "CR-" + std::to_string(round) + "-" + std::to_string(client) + "-" + std::to_string(n);
  s.fields = MakeSubmission(catalogue, rng, s.marker);
  s.body = s.fields.dump();
  if (std::bernoulli_distribution(0.5)(rng)) s.idempotency_key = "crash-test-" + s.marker;
  return s;
}

http::Headers PostHeaders(const Submission& s) {
  http::Headers headers = {{"Content-Type", "application/json"}};
  if (!s.idempotency_key.empty()) headers["Idempotency-Key"] = s.idempotency_key;
  return headers;
}

// Posts `s` once. Returns the tracking code and secret of a 201 (or a
// replayed 200); records anything else.
std::optional<Acknowledged> Post(HttpClient& client, const Submission& s, Ledger& ledger,
                                 bool* answered) {
  auto response = client.Request("POST", "/api/v1/cases", PostHeaders(s), s.body);
  *answered = response.has_value();
  if (!response) return std::nullopt;
  if (response->status != 201 && response->status != 200) {
    ledger.Unexpected("POST " + s.marker + " -> " + std::to_string(response->status) + " " +
                      response->body.substr(0, 300));
    return std::nullopt;
  }
  const json body = json::parse(response->body, nullptr, false);
  if (!body.is_object() || !body.contains("tracking_code") || !body["tracking_code"].is_string()) {
    ledger.Unexpected("POST " + s.marker + ": no tracking_code in " + response->body);
    return std::nullopt;
  }
  Acknowledged a{s, body["tracking_code"].get<std::string>(), ""};
  if (body.contains("reporter_secret") && body["reporter_secret"].is_string()) {
    a.reporter_secret = body["reporter_secret"].get<std::string>();
  }
  return a;
}

// One client: posts until `stop`, reconnecting whenever the server is gone.
void ClientLoop(uint16_t port, int round, int client, const DemoCatalogue& catalogue,
                Ledger& ledger, const std::atomic<bool>& stop) {
  std::mt19937_64 rng(static_cast<uint64_t>(round * 1000 + client));
  HttpClient http(std::chrono::seconds(20));
  int n = 0;
  while (!stop.load()) {
    if (!http.connected() && !http.Connect(port).has_value()) {
      std::this_thread::sleep_for(milliseconds(5));
      continue;
    }
    std::optional<Submission> retry = ledger.TakeRetry();
    Submission s = retry ? std::move(*retry) : NewSubmission(catalogue, rng, round, client, n++);
    bool answered = false;
    auto acknowledged = Post(http, s, ledger, &answered);
    if (acknowledged) {
      ledger.Acknowledge(std::move(*acknowledged));
    } else if (!answered) {
      ledger.InDoubt(std::move(s));
      http.Close();
    }
  }
}

// GETs every acknowledged case (in parallel) and compares it with what was
// sent.
void ExpectAllPresent(uint16_t port, const std::vector<Acknowledged>& cases) {
  constexpr int kReaders = 2;
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  size_t failure_count = 0;
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      HttpClient http(std::chrono::seconds(20));
      for (size_t i = static_cast<size_t>(r); i < cases.size(); i += kReaders) {
        const Acknowledged& a = cases[i];
        if (!http.connected()) (void)http.Connect(port);
        auto response = http.Request("GET", "/api/v1/cases/" + a.tracking_code);
        std::string problem;
        if (!response) {
          problem = response.error();
          http.Close();
        } else if (response->status != 200) {
          problem = "status " + std::to_string(response->status) + " " + response->body;
        } else {
          problem = CompareCaseView(response->body, a.tracking_code, a.submission.fields);
        }
        if (!problem.empty()) {
          std::lock_guard lock(failures_mutex);
          ++failure_count;
          if (failures.size() < 10) {
            failures.push_back(a.tracking_code + " (" + a.submission.marker + "): " + problem);
          }
        }
      }
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(failure_count, 0u) << "acknowledged cases missing or changed, e.g.:\n"
                               << testing::PrintToString(failures);
}

// Sends some acknowledged keyed submissions again: each must return the
// same case.
void ExpectReplaysReturnSameCase(uint16_t port, const std::vector<Acknowledged>& cases,
                                 std::mt19937_64& rng) {
  std::vector<const Acknowledged*> keyed;
  for (const auto& a : cases) {
    if (!a.submission.idempotency_key.empty()) keyed.push_back(&a);
  }
  std::shuffle(keyed.begin(), keyed.end(), rng);
  if (keyed.size() > kReplaysPerRound) keyed.resize(kReplaysPerRound);
  HttpClient http(std::chrono::seconds(20));
  ASSERT_TRUE(http.Connect(port).has_value());
  Ledger scratch;
  for (const Acknowledged* a : keyed) {
    bool answered = false;
    auto again = Post(http, a->submission, scratch, &answered);
    ASSERT_TRUE(again.has_value())
        << a->submission.marker << ": " << testing::PrintToString(scratch.unexpected());
    EXPECT_EQ(again->tracking_code, a->tracking_code)
        << "a retried Idempotency-Key created another case";
    if (!a->reporter_secret.empty()) {
      EXPECT_EQ(again->reporter_secret, a->reporter_secret);
    }
  }
}

// marker -> tracking codes of the stored cases whose description ends with
// "Ref: <marker>", read from the database file (the server is stopped).
std::map<std::string, std::vector<std::string>> StoredMarkers(const std::string& db_path) {
  std::map<std::string, std::vector<std::string>> found;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return found;
  }
  sqlite3_stmt* stmt = nullptr;
  const char* sql =
      "SELECT tracking_code, description FROM cases WHERE description LIKE '%Ref: CR-%'";
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot read cases: " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const std::string code = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      const std::string description = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
      const auto at = description.rfind("Ref: CR-");
      found[description.substr(at + 5)].push_back(code);
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return found;
}

void ExpectAuditChainIntact(const ServerProcess& server) {
  const RunResult audit = RunSigap({"audit", "verify", "--db", server.db_path().string()});
  EXPECT_EQ(audit.exit_code, 0) << "sigap audit verify failed\nstdout: " << audit.out
                                << "\nstderr: " << audit.err;
}

TEST(CrashTest, AcknowledgedCasesSurviveSigkill) {
  ServerProcess server({.load_demo = true});
  ASSERT_TRUE(server.Prepare());
  ASSERT_TRUE(server.Start());
  auto catalogue = FetchDemoCatalogue(server.port());
  ASSERT_TRUE(catalogue.has_value()) << catalogue.error();

  Ledger ledger;
  std::mt19937_64 rng(20260317);
  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const size_t before = ledger.acknowledged_count();
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back(ClientLoop, server.port(), round, c, std::cref(*catalogue),
                           std::ref(ledger), std::cref(stop));
    }
    // Kill at a random moment, but only once some cases went through, so
    // every round has acknowledged cases in flight around the kill.
    const auto run = milliseconds(std::uniform_int_distribution<int>(kMinRunMs, kMaxRunMs)(rng));
    const auto started = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(run);
    while (ledger.acknowledged_count() == before &&
           std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    server.Kill(SIGKILL);
    stop = true;
    for (auto& t : clients) t.join();
    ASSERT_GT(ledger.acknowledged_count(), before) << "no case was acknowledged\n"
                                                   << server.LogTail();
    EXPECT_EQ(ledger.unexpected(), std::vector<std::string>{});

    ExpectAuditChainIntact(server);
    ASSERT_TRUE(server.Start());
    ExpectAllPresent(server.port(), ledger.acknowledged());
    ExpectReplaysReturnSameCase(server.port(), ledger.acknowledged(), rng);
  }

  // The citizens whose keyed submission never got an answer try once more.
  HttpClient http(std::chrono::seconds(20));
  ASSERT_TRUE(http.Connect(server.port()).has_value());
  while (auto retry = ledger.TakeRetry()) {
    bool answered = false;
    auto acknowledged = Post(http, *retry, ledger, &answered);
    ASSERT_TRUE(acknowledged.has_value()) << retry->marker;
    ledger.Acknowledge(std::move(*acknowledged));
  }
  http.Close();
  EXPECT_EQ(ledger.unexpected(), std::vector<std::string>{});
  const auto acknowledged = ledger.acknowledged();
  ExpectAllPresent(server.port(), acknowledged);
  ASSERT_TRUE(server.Terminate());
  ExpectAuditChainIntact(server);

  // Every marker is stored at most once, and every acknowledged one exactly
  // once under the code the client got.
  const auto stored = StoredMarkers(server.db_path().string());
  for (const auto& [marker, codes] : stored) {
    EXPECT_EQ(codes.size(), 1u) << marker << " stored " << codes.size() << " times";
  }
  for (const auto& a : acknowledged) {
    const auto it = stored.find(a.submission.marker);
    ASSERT_NE(it, stored.end()) << a.submission.marker << " is not in the database";
    EXPECT_EQ(it->second.front(), a.tracking_code) << a.submission.marker;
  }
  const auto [unkeyed_lost, keyed_lost] = ledger.in_doubt();
  std::cout << "[ crash    ] " << kRounds << " SIGKILL rounds, " << acknowledged.size()
            << " acknowledged cases verified, " << stored.size() << " stored; answers lost to "
            << "the kills: " << unkeyed_lost << " without and " << keyed_lost
            << " with Idempotency-Key (retried)\n";
}

}  // namespace
}  // namespace sigap::integration
