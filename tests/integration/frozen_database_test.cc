// A node whose PostgreSQL freezes (or is cut off without a reset) stays
// alive to its orchestrator and its operators: /healthz and /metrics answer
// at once from the event loops while the requests that read the database
// wait on threads of their own, and those end, each answered once, with
// their answer or 503 problem+json in bounded time. Citizens who file
// meanwhile hear 503 in bounded time too, never 201 for a case that is not
// committed, and get their case once PostgreSQL answers again.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "integration/sample_cases.h"
#include "integration/server_process.h"
#include "support/freezable_relay.h"
#include "support/http_client.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyClock = std::chrono::steady_clock;

struct Timed {
  tl::expected<test_support::HttpResponse, std::string> response;
  milliseconds took{0};
};

Timed TimedRequest(uint16_t port, const std::string& method, const std::string& target,
                   milliseconds timeout, const http::Headers& headers = {},
                   const std::string& body = {}) {
  const auto asked = SteadyClock::now();
  test_support::HttpClient client(timeout);
  Timed timed{tl::unexpected(std::string("not sent")), {}};
  if (auto connected = client.Connect(port); !connected) {
    timed.response = tl::unexpected(connected.error());
  } else {
    timed.response = client.Request(method, target, headers, body);
  }
  timed.took = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - asked);
  return timed;
}

Timed TimedGet(uint16_t port, const std::string& target, milliseconds timeout) {
  return TimedRequest(port, "GET", target, timeout);
}

// The sum of sigap_http_requests_total over the series of `route`.
double RequestsOf(const std::string& metrics, const std::string& route) {
  double total = 0;
  const std::string label = "route=\"" + route + "\"";
  size_t at = 0;
  while ((at = metrics.find("\nsigap_http_requests_total{", at)) != std::string::npos) {
    const size_t end = metrics.find('\n', at + 1);
    const std::string line = metrics.substr(at + 1, end - at - 1);
    if (line.find(label) != std::string::npos) total += std::stod(line.substr(line.rfind(' ')));
    at = end;
  }
  return total;
}

// 1 when the node's /metrics says it runs the background work, 0 when it
// says it does not, -1 when it cannot be asked.
int Leads(uint16_t port) {
  auto r = test_support::Fetch(port, "GET", "/metrics");
  if (!r || r->status != 200) return -1;
  return r->body.find("\nsigap_background_leader 1\n") != std::string::npos ? 1 : 0;
}

class FrozenDatabase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { setenv("SIGAP_TEST_BACKEND", "postgres", 1); }

  // The demo database, prepared directly on the cluster, and a node (with
  // `env`) that reaches it through the relay.
  ::testing::AssertionResult StartRelayed(std::vector<std::pair<std::string, std::string>> env) {
    prepared_ = std::make_unique<ServerProcess>(ServerProcessOptions{.load_demo = true});
    if (auto ready = prepared_->Prepare(); !ready) return ready;
    relay_ = std::make_unique<test_support::FreezableRelay>(test_support::UrlPort(prepared_->db()));
    if (!relay_->listening()) return ::testing::AssertionFailure() << "the relay has no port";
    node_ = std::make_unique<ServerProcess>(ServerProcessOptions{
        .env = std::move(env), .db = test_support::UrlOnPort(prepared_->db(), relay_->port())});
    if (auto started = node_->Start(); !started) return started << node_->LogTail();
    return ::testing::AssertionSuccess();
  }

  // Destroyed in reverse: the node, the relay, then the database.
  std::unique_ptr<ServerProcess> prepared_;
  std::unique_ptr<test_support::FreezableRelay> relay_;
  std::unique_ptr<ServerProcess> node_;
};

TEST_F(FrozenDatabase, HealthAndMetricsAnswerWhileRequestsWaitOnAFrozenPostgres) {
  // Two event loops, four handler threads and two places in their queue;
  // two read connections, each waited for at most 3 s.
  ASSERT_TRUE(StartRelayed({{"SIGAP_SERVER_THREADS", "2"},
                            {"SIGAP_SERVER_HANDLER_THREADS", "4"},
                            {"SIGAP_SERVER_HANDLER_QUEUE", "2"},
                            {"SIGAP_DATABASE_POOL_SIZE", "2"},
                            {"SIGAP_DATABASE_ACQUIRE_TIMEOUT_MS", "3000"},
                            {"SIGAP_DATABASE_CONNECT_TIMEOUT_S", "2"}}));
  ServerProcess& node = *node_;
  test_support::FreezableRelay& relay = *relay_;

  auto created =
      test_support::Fetch(node.port(), "POST", "/api/v1/cases",
                          {{"Content-Type", "application/json"}}, ExampleSubmission().dump());
  ASSERT_TRUE(created.has_value()) << created.error();
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string read = "/api/v1/cases/" + json::parse(created->body).value("tracking_code", "");
  auto before = test_support::Fetch(node.port(), "GET", read);
  ASSERT_TRUE(before && before->status == 200) << (before ? before->body : before.error());

  // More reads than event loops, more than the handler threads and their
  // queue take, each on its own connection.
  relay.Freeze(true);
  constexpr int kSlow = 8;
  std::vector<Timed> slow(kSlow, Timed{tl::unexpected(std::string("not sent")), {}});
  std::vector<std::thread> readers;
  for (int i = 0; i < kSlow; ++i) {
    readers.emplace_back([&, i] { slow[i] = TimedGet(node.port(), read, seconds(60)); });
  }
  std::this_thread::sleep_for(milliseconds(500));
  const Timed health = TimedGet(node.port(), "/healthz", seconds(5));
  const Timed metrics = TimedGet(node.port(), "/metrics", seconds(5));
  std::this_thread::sleep_for(seconds(4));  // the reads that found no connection give up
  relay.Freeze(false);
  for (auto& t : readers) t.join();

  ASSERT_TRUE(health.response.has_value()) << health.response.error();
  EXPECT_EQ(health.response->status, 200);
  EXPECT_LT(health.took, milliseconds(1000));
  ASSERT_TRUE(metrics.response.has_value()) << metrics.response.error();
  EXPECT_EQ(metrics.response->status, 200);
  EXPECT_LT(metrics.took, milliseconds(1000));
  EXPECT_NE(metrics.response->body.find("\nsigap_http_handler_queue "), std::string::npos);

  // Each read answered once: with the case, or 503 problem+json; those the
  // full queue turned away at once say when to come back.
  int answered = 0;
  int refused_at_once = 0;
  for (const Timed& t : slow) {
    ASSERT_TRUE(t.response.has_value()) << t.response.error();
    if (t.response->status == 200) {
      ++answered;
      continue;
    }
    EXPECT_EQ(t.response->status, 503) << t.response->body;
    EXPECT_EQ(t.response->Header("Content-Type").value_or(""), "application/problem+json");
    EXPECT_EQ(json::parse(t.response->body, nullptr, false).value("status", 0), 503);
    if (t.took < milliseconds(1000)) {
      ++refused_at_once;
      EXPECT_EQ(t.response->Header("Retry-After").value_or(""), "1");
    }
    EXPECT_LT(t.took, seconds(40));
  }
  // At least those beyond the four threads and the two places (more when
  // they came faster than the threads took them).
  EXPECT_GE(refused_at_once, 2);
  EXPECT_GE(answered, 1);  // the reads holding the connections, once PostgreSQL answers

  // The node serves again, and counted each read once.
  auto after = test_support::Fetch(node.port(), "GET", read);
  ASSERT_TRUE(after.has_value()) << after.error();
  EXPECT_EQ(after->status, 200) << after->body;
  bool ready_again = false;
  for (int i = 0; i < 50 && !ready_again; ++i) {
    auto r = test_support::Fetch(node.port(), "GET", "/readyz");
    ready_again = r && r->status == 200;
    if (!ready_again) std::this_thread::sleep_for(milliseconds(200));
  }
  EXPECT_TRUE(ready_again) << node.LogTail();
  auto counted = test_support::Fetch(node.port(), "GET", "/metrics");
  ASSERT_TRUE(counted && counted->status == 200);
  EXPECT_EQ(RequestsOf(counted->body, "cases_get"), kSlow + 2);
}

// Citizens keep filing while PostgreSQL is frozen for 20 s, some with an
// Idempotency-Key: each hears 503 problem+json with Retry-After well before
// the freeze ends (the writer gives up on a statement unanswered for its
// timeout, and on a write that waited in its queue as long), not a 201 of a
// case that is not committed; once PostgreSQL answers, each retry with its
// key gets one case, a second retry the same case, and every case
// acknowledged is there once, with the audit chain intact.
TEST_F(FrozenDatabase, WritesWhilePostgresIsFrozenEndInBoundedTimeAndNoneIsLostOrDoubled) {
  // A statement unanswered for 2 s + 2 s fails; reconnecting gives up after 2 s.
  ASSERT_TRUE(StartRelayed({{"SIGAP_DATABASE_STATEMENT_TIMEOUT_MS", "2000"},
                            {"SIGAP_DATABASE_CONNECT_TIMEOUT_S", "2"},
                            {"SIGAP_DATABASE_ACQUIRE_TIMEOUT_MS", "3000"}}));
  ServerProcess& prepared = *prepared_;
  ServerProcess& node = *node_;
  test_support::FreezableRelay& relay = *relay_;

  auto submission = [](int i) {
    json s = ExampleSubmission();
    s["title"] = "Saluran tersumbat beku " + std::to_string(i);
    return s.dump();
  };
  auto headers = [](int i) {
    http::Headers h{{"Content-Type", "application/json"}};
    if (i % 2 == 0) h.emplace("Idempotency-Key", "beku-" + std::to_string(i));
    return h;
  };
  const std::string count_sql =
      "SELECT count(*) FROM cases WHERE title LIKE 'Saluran tersumbat beku%'";
  auto warm = test_support::Fetch(node.port(), "POST", "/api/v1/cases", headers(0), submission(0));
  ASSERT_TRUE(warm && warm->status == 201) << (warm ? warm->body : warm.error());
  std::set<std::string> acknowledged{json::parse(warm->body).value("tracking_code", "")};

  // Six citizens file while PostgreSQL is frozen: three at once, three two
  // seconds later (their writes wait behind the first ones').
  relay.Freeze(true);
  const auto frozen_at = SteadyClock::now();
  constexpr int kFiled = 6;
  std::vector<Timed> filed(kFiled, Timed{tl::unexpected(std::string("not sent")), {}});
  std::vector<std::thread> citizens;
  for (int i = 1; i <= kFiled; ++i) {
    citizens.emplace_back([&, i] {
      if (i > kFiled / 2) std::this_thread::sleep_for(seconds(2));
      filed[i - 1] = TimedRequest(node.port(), "POST", "/api/v1/cases", seconds(60), headers(i),
                                  submission(i));
    });
  }
  std::this_thread::sleep_until(frozen_at + seconds(20));
  relay.Freeze(false);
  for (auto& t : citizens) t.join();

  for (int i = 1; i <= kFiled; ++i) {
    const Timed& t = filed[i - 1];
    ASSERT_TRUE(t.response.has_value()) << i << ": " << t.response.error();
    // Answered while still frozen: 503 with when to come back.
    EXPECT_EQ(t.response->status, 503) << i << ": " << t.response->body;
    EXPECT_LT(t.took, seconds(15)) << i;
    EXPECT_EQ(t.response->Header("Content-Type").value_or(""), "application/problem+json") << i;
    EXPECT_FALSE(t.response->Header("Retry-After").value_or("").empty()) << i;
    if (t.response->status == 201) {
      acknowledged.insert(json::parse(t.response->body).value("tracking_code", ""));
    }
  }

  // Thawed: the citizens retry; those with a key twice, and get one case.
  for (int i = 1; i <= kFiled; ++i) {
    std::string code;
    for (int attempt = 0; attempt < (i % 2 == 0 ? 2 : 1); ++attempt) {
      std::optional<test_support::HttpResponse> retried;
      for (int wait = 0; wait < 40; ++wait) {  // the writer reconnects first
        auto r =
            test_support::Fetch(node.port(), "POST", "/api/v1/cases", headers(i), submission(i));
        if (r && r->status != 503) {
          retried = *r;
          break;
        }
        std::this_thread::sleep_for(milliseconds(250));
      }
      ASSERT_TRUE(retried.has_value()) << i << node.LogTail();
      ASSERT_EQ(retried->status, 201) << i << ": " << retried->body;
      const std::string got = json::parse(retried->body).value("tracking_code", "");
      if (attempt == 0) {
        code = got;
      } else {
        EXPECT_EQ(got, code) << i;
        EXPECT_EQ(retried->Header("Idempotent-Replayed").value_or(""), "true") << i;
      }
    }
    acknowledged.insert(code);
  }
  for (const std::string& code : acknowledged) {
    auto read = test_support::Fetch(node.port(), "GET", "/api/v1/cases/" + code);
    ASSERT_TRUE(read.has_value()) << read.error();
    EXPECT_EQ(read->status, 200) << code << ": " << read->body;
  }
  std::vector<std::vector<std::string>> rows;
  ASSERT_EQ(prepared.RunPostgresSql(count_sql, &rows), "");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], std::to_string(acknowledged.size())) << "lost or doubled cases";
  EXPECT_EQ(acknowledged.size(), 1u + kFiled);
  auto audit = RunSigap({"audit", "verify", "--db", prepared.db()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

// The node doing the background work (deadline sweep, outbox sender,
// alerts) whose PostgreSQL connections freeze stops it by itself, before
// PostgreSQL ends its idle session and another node takes it over: never
// two nodes sweeping or sending at once. Thawed, it does not take it back.
TEST_F(FrozenDatabase, AFrozenLeaderStopsItsWorkBeforeAnotherNodeTakesItOver) {
  const std::vector<std::pair<std::string, std::string>> env = {
      {"SIGAP_DATABASE_STATEMENT_TIMEOUT_MS", "2000"}, {"SIGAP_DATABASE_CONNECT_TIMEOUT_S", "2"}};
  ASSERT_TRUE(StartRelayed(env));  // node A, through the relay
  ServerProcess& a = *node_;
  test_support::FreezableRelay& relay = *relay_;
  bool a_leads = false;
  for (int i = 0; i < 50 && !a_leads; ++i) {
    a_leads = Leads(a.port()) == 1;
    if (!a_leads) std::this_thread::sleep_for(milliseconds(200));
  }
  ASSERT_TRUE(a_leads) << a.LogTail();
  ServerProcess b(ServerProcessOptions{.env = env, .db = prepared_->db()});
  const auto started_b = b.Start();
  ASSERT_TRUE(started_b) << started_b.message() << b.LogTail();
  std::this_thread::sleep_for(seconds(3));  // B tried the lock at least once
  ASSERT_EQ(Leads(b.port()), 0);

  // Frozen: A's renewals go unanswered; PostgreSQL ends its session after
  // the 10 s lease.
  relay.Freeze(true);
  const auto frozen_at = SteadyClock::now();
  std::optional<milliseconds> a_stopped;
  std::optional<milliseconds> b_took_over;
  int both = 0;
  while (SteadyClock::now() - frozen_at < seconds(25) && !b_took_over) {
    const int la = Leads(a.port());
    const int lb = Leads(b.port());
    const auto at = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - frozen_at);
    if (la == 0 && !a_stopped) a_stopped = at;
    if (lb == 1) b_took_over = at;
    if (la == 1 && lb == 1) ++both;
    std::this_thread::sleep_for(milliseconds(200));
  }
  relay.Freeze(false);
  // Thawed, A finds B leading and stays out of it.
  int a_again = 0;
  int b_left = 0;
  for (int i = 0; i < 25; ++i) {
    if (Leads(a.port()) == 1) ++a_again;
    if (Leads(b.port()) != 1) ++b_left;
    std::this_thread::sleep_for(milliseconds(200));
  }

  EXPECT_EQ(both, 0) << "two nodes did the background work at once";
  ASSERT_TRUE(a_stopped.has_value()) << a.LogTail();
  ASSERT_TRUE(b_took_over.has_value()) << b.LogTail();
  EXPECT_LT(*a_stopped, *b_took_over);
  EXPECT_LT(*b_took_over, seconds(20));
  EXPECT_EQ(a_again, 0) << a.LogTail();
  EXPECT_EQ(b_left, 0) << b.LogTail();
  EXPECT_NE(a.LogTail(100000).find("background work: lost the database connection"),
            std::string::npos);
}

// The node's cache listener (LISTEN/NOTIFY) cut off without a word — a
// firewall or a NAT that forgets an idle connection: PostgreSQL ends its
// session, the node hears nothing — notices within seconds by asking,
// reconnects, drops what the node keeps in memory (a change it could not
// hear may have been made meanwhile) and hears the next change.
TEST_F(FrozenDatabase, ACacheListenerCutOffWithoutAWordReconnectsAndHearsChangesAgain) {
  ASSERT_TRUE(StartRelayed({{"SIGAP_DATABASE_STATEMENT_TIMEOUT_MS", "2000"},
                            {"SIGAP_DATABASE_CONNECT_TIMEOUT_S", "2"},
                            {"SIGAP_LOG_LEVEL", "debug"}}));
  ServerProcess& prepared = *prepared_;
  ServerProcess& node = *node_;
  test_support::FreezableRelay& relay = *relay_;
  const std::string change = "UPDATE pemdas SET name = name";
  // How often the node heard of a change of pemdas.
  auto heard = [&] {
    const std::string log = node.LogTail(1 << 24);
    int n = 0;
    for (size_t at = 0; (at = log.find("cache listener: pemdas changed", at)) != std::string::npos;
         ++at) {
      ++n;
    }
    return n;
  };
  auto wait_for = [](const std::function<bool()>& done, seconds limit) {
    const auto until = SteadyClock::now() + limit;
    while (!done()) {
      if (SteadyClock::now() > until) return false;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return true;
  };
  // Listening: a change is heard.
  ASSERT_TRUE(wait_for(
      [&] {
        EXPECT_EQ(prepared.RunPostgresSql(change), "");
        return wait_for([&] { return heard() > 0; }, seconds(1));
      },
      seconds(15)))
      << node.LogTail();

  std::this_thread::sleep_for(seconds(1));
  const int before = heard();
  relay.Sever();
  const std::string reconnected = "cache listener: reconnected";
  EXPECT_TRUE(wait_for([&] { return node.LogTail(1 << 24).find(reconnected) != std::string::npos; },
                       seconds(20)))
      << node.LogTail();
  ASSERT_EQ(prepared.RunPostgresSql(change), "");
  EXPECT_TRUE(wait_for([&] { return heard() > before; }, seconds(5))) << node.LogTail();
}

}  // namespace
}  // namespace sigap::integration
