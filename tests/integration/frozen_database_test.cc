// A node whose PostgreSQL freezes (or is cut off without a reset) stays
// alive to its orchestrator and its operators: /healthz and /metrics answer
// at once from the event loops while the requests that read the database
// wait on threads of their own, and those end, each answered once, with
// their answer or 503 problem+json in bounded time.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
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

Timed TimedGet(uint16_t port, const std::string& target, milliseconds timeout) {
  const auto asked = SteadyClock::now();
  test_support::HttpClient client(timeout);
  Timed timed{tl::unexpected(std::string("not sent")), {}};
  if (auto connected = client.Connect(port); !connected) {
    timed.response = tl::unexpected(connected.error());
  } else {
    timed.response = client.Request("GET", target);
  }
  timed.took = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - asked);
  return timed;
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

class FrozenDatabase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { setenv("SIGAP_TEST_BACKEND", "postgres", 1); }
};

TEST_F(FrozenDatabase, HealthAndMetricsAnswerWhileRequestsWaitOnAFrozenPostgres) {
  // The database, prepared directly on the cluster; the node reaches it
  // through the relay.
  ServerProcess prepared(ServerProcessOptions{.load_demo = true});
  const auto ready = prepared.Prepare();
  ASSERT_TRUE(ready) << ready.message();
  test_support::FreezableRelay relay(test_support::UrlPort(prepared.db()));
  ASSERT_TRUE(relay.listening());
  // Two event loops, four handler threads and two places in their queue;
  // two read connections, each waited for at most 3 s.
  ServerProcess node(
      ServerProcessOptions{.env = {{"SIGAP_SERVER_THREADS", "2"},
                                   {"SIGAP_SERVER_HANDLER_THREADS", "4"},
                                   {"SIGAP_SERVER_HANDLER_QUEUE", "2"},
                                   {"SIGAP_DATABASE_POOL_SIZE", "2"},
                                   {"SIGAP_DATABASE_ACQUIRE_TIMEOUT_MS", "3000"},
                                   {"SIGAP_DATABASE_CONNECT_TIMEOUT_S", "2"}},
                           .db = test_support::UrlOnPort(prepared.db(), relay.port())});
  const auto started = node.Start();
  ASSERT_TRUE(started) << started.message() << node.LogTail();

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

}  // namespace
}  // namespace sigap::integration
