#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "http/problem.h"
#include "http/work_lane.h"
#include "support/http_client.h"

namespace sigap::http {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test_support::HttpClient;
using test_support::HttpResponse;

Response Text(std::string body) {
  Response response;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

// 16 MiB, far more than a socket takes at once, in a pattern that does not
// repeat at any power of two: a piece sent twice or skipped shows.
std::string BigBody() {
  std::string body(16 << 20, ' ');
  for (size_t i = 0; i < body.size(); ++i)
    body[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return body;
}

// Routes used by the tests; threads started by async handlers are joined
// in the destructor, after the server has stopped.
class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    access_log_ = std::make_shared<spdlog::logger>(
        "access", std::make_shared<spdlog::sinks::ostream_sink_mt>(access_stream_));
    access_log_->set_pattern("%v");
    spdlog::drop("access");
    spdlog::register_logger(access_log_);

    router_.AddSync(
        "GET", "/hello", [](Request&) { return Text("hello"); }, "hello");
    router_.AddSync(
        "GET", "/cases/{code}",
        [](Request& r) {
          return Text(r.params.at("code") + "|" + std::string(r.Query("q").value_or("")));
        },
        "case_get");
    router_.AddSync(
        "DELETE", "/cases/{code}", [](Request&) { return Text("deleted"); }, "case_delete");
    router_.AddSync(
        "POST", "/echo", [](Request& r) { return Text(r.body); }, "echo");
    router_.AddSync("GET", "/cached", [](Request&) {
      return std::move(Text("c").With("Cache-Control", "public, max-age=60"));
    });
    router_.AddSync("GET", "/throws",
                    [](Request&) -> Response { throw std::runtime_error("boom"); });
    router_.AddSync("GET", "/remote", [](Request& r) { return Text(r.remote_address); });
    router_.AddSync("GET", "/request-id", [](Request& r) { return Text(r.request_id); });
    router_.Add("GET", "/later", [this](Request&, Reply reply) {
      Spawn([reply = std::move(reply)] {
        std::this_thread::sleep_for(50ms);
        reply(Text("later"));
      });
    });
    router_.Add("GET", "/twice", [](Request&, const Reply& reply) {
      reply(Text("first"));
      reply(Text("second"));
    });
    router_.Add("GET", "/slow", [this](Request&, Reply reply) {
      Spawn([reply = std::move(reply)] {
        std::this_thread::sleep_for(400ms);
        reply(Text("slow"));
      });
    });
    router_.Add("GET", "/never", [this](Request&, Reply reply) {
      const std::lock_guard lock(mutex_);
      kept_replies_.push_back(std::move(reply));
    });
    router_.AddSync(
        "GET", "/blocked",
        [this](Request&) {
          ++blocked_running_;
          released_.wait();
          return Text("unblocked");
        },
        "blocked");
    router_.AddSync("GET", "/big", [](Request&) { return Text(BigBody()); });
    router_.AddSync("GET", "/bad-header", [](Request&) {
      return std::move(Text("x").With("X-Evil", "a\r\nSet-Cookie: x=1").With("X-Good", "ok"));
    });
  }

  ~ServerTest() override {
    try {
      release_.set_value();
    } catch (const std::future_error&) {
      // released by the test
    }
    if (server_) server_->Stop();
    std::vector<std::thread> threads;
    {
      const std::lock_guard lock(mutex_);
      threads.swap(threads_);
    }
    for (auto& thread : threads) thread.join();
    server_.reset();
    spdlog::drop("access");
  }

  void Spawn(std::function<void()> work) {
    const std::lock_guard lock(mutex_);
    threads_.emplace_back(std::move(work));
  }

  uint16_t StartServer(ServerOptions options = {}) {
    options.port = 0;
    options.threads = 2;
    options.max_body_bytes = 1024;
    options.header_timeout = 1s;
    options.shutdown_timeout = 2s;
    server_ = std::make_unique<Server>(options, router_, metrics_);
    auto port = server_->Start();
    EXPECT_TRUE(port.has_value()) << port.error();
    port_ = port.value_or(0);
    return port_;
  }

  HttpClient Connected() {
    HttpClient client;
    auto connected = client.Connect(port_);
    EXPECT_TRUE(connected.has_value()) << connected.error();
    return client;
  }

  std::string AccessLog() {
    access_log_->flush();
    return access_stream_.str();
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::vector<Reply> kept_replies_;
  std::promise<void> release_;  // lets the handlers of /blocked return
  std::shared_future<void> released_ = release_.get_future().share();
  std::atomic<int> blocked_running_{0};
  std::ostringstream access_stream_;
  std::shared_ptr<spdlog::logger> access_log_;
};

void ExpectProblem(const HttpResponse& response, int status, std::string_view slug) {
  EXPECT_EQ(response.status, status);
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << response.body;
  EXPECT_EQ(body["status"], status);
  EXPECT_EQ(body["type"], ProblemTypeUri(slug));
  EXPECT_EQ(body["request_id"], *response.Header("X-Request-Id"));
}

TEST_F(ServerTest, SyncHandlerAnswersWithStandardHeaders) {
  StartServer();

  const auto response = test_support::Fetch(port_, "GET", "/hello");

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
  EXPECT_EQ(response->Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(response->Header("Content-Length"), "5");
  EXPECT_EQ(response->Header("Cache-Control"), "no-store");
  EXPECT_EQ(response->Header("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(response->Header("Date").has_value());
  EXPECT_EQ(response->Header("X-Request-Id")->size(), 32u);
}

TEST_F(ServerTest, HandlerCacheControlIsKept) {
  StartServer();

  const auto response = test_support::Fetch(port_, "GET", "/cached");

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->Header("Cache-Control"), "public, max-age=60");
}

TEST_F(ServerTest, SaneRequestIdIsEchoedOthersReplaced) {
  StartServer();

  const auto sane = test_support::Fetch(port_, "GET", "/request-id", {{"X-Request-Id", "abc-123"}});
  const auto insane =
      test_support::Fetch(port_, "GET", "/request-id", {{"X-Request-Id", std::string(65, 'a')}});

  ASSERT_TRUE(sane.has_value() && insane.has_value());
  EXPECT_EQ(sane->Header("X-Request-Id"), "abc-123");
  EXPECT_EQ(sane->body, "abc-123");
  EXPECT_NE(insane->Header("X-Request-Id"), std::string(65, 'a'));
  EXPECT_EQ(insane->body, *insane->Header("X-Request-Id"));
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  HttpClient client = Connected();

  for (int i = 0; i < 3; ++i) {
    const auto response = client.Request("GET", "/hello");
    ASSERT_TRUE(response.has_value()) << response.error();
    EXPECT_EQ(response->body, "hello");
  }
  EXPECT_TRUE(client.connected());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  HttpClient client = Connected();

  ASSERT_TRUE(client
                  .SendRaw("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"
                           "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                  .has_value());

  const auto first = client.ReadResponse();
  const auto second = client.ReadResponse();
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(first->body, "later");
  EXPECT_EQ(second->body, "hello");
}

TEST_F(ServerTest, AThousandRequestsSentInOneWriteAreAllAnsweredInOrder) {
  StartServer();
  HttpClient client = Connected();
  std::string requests;
  for (int i = 0; i < 1000; ++i) {
    requests += "GET /cases/" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  ASSERT_TRUE(client.SendRaw(requests).has_value());

  for (int i = 0; i < 1000; ++i) {
    const auto response = client.ReadResponse();
    ASSERT_TRUE(response.has_value()) << "response " << i << ": " << response.error();
    ASSERT_EQ(response->body, std::to_string(i) + "|");
  }
  EXPECT_EQ(client.Request("GET", "/hello")->body, "hello");
}

TEST_F(ServerTest, AResponseLargerThanTheSocketTakesArrivesWholeAndTheConnectionGoesOn) {
  StartServer();
  HttpClient client = Connected();
  client.set_timeout(30s);

  const auto big = client.Request("GET", "/big");

  ASSERT_TRUE(big.has_value()) << big.error().substr(0, 200);
  EXPECT_EQ(big->status, 200);
  ASSERT_EQ(big->body.size(), BigBody().size());
  EXPECT_TRUE(big->body == BigBody());
  const auto next = client.Request("GET", "/hello");
  ASSERT_TRUE(next.has_value()) << next.error();
  EXPECT_EQ(next->body, "hello");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  HttpClient client = Connected();

  const auto response = client.Request("GET", "/hello", {{"Connection", "close"}});

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_TRUE(client.WaitForClose(2s));
}

TEST_F(ServerTest, AsyncReplyFromAnotherThread) {
  StartServer();
  HttpClient client = Connected();

  const auto response = client.Request("GET", "/later");
  const auto after = client.Request("GET", "/hello");

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->body, "later");
  ASSERT_TRUE(after.has_value()) << after.error();
}

TEST_F(ServerTest, PathParamsAndQueryAreDecoded) {
  StartServer();

  const auto response = test_support::Fetch(port_, "GET", "/cases/AB%2012?q=jalan+rusak%21");

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->body, "AB 12|jalan rusak!");
}

TEST_F(ServerTest, RemoteAddressIsSet) {
  StartServer();

  const auto response = test_support::Fetch(port_, "GET", "/remote");

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->body, "127.0.0.1");
}

TEST_F(ServerTest, InvalidPercentEncodingIsBadRequest) {
  StartServer();

  const auto path = test_support::Fetch(port_, "GET", "/cases/%zz");
  const auto query = test_support::Fetch(port_, "GET", "/hello?x=%4");
  const auto nul = test_support::Fetch(port_, "GET", "/cases/a%00b");

  ASSERT_TRUE(path.has_value() && query.has_value() && nul.has_value());
  ExpectProblem(*path, 400, "invalid-target");
  ExpectProblem(*query, 400, "invalid-target");
  ExpectProblem(*nul, 400, "invalid-target");
}

TEST_F(ServerTest, UnknownPathIsNotFoundProblem) {
  StartServer();

  const auto response = test_support::Fetch(port_, "GET", "/nope");

  ASSERT_TRUE(response.has_value()) << response.error();
  ExpectProblem(*response, 404, "not-found");
}

TEST_F(ServerTest, WrongMethodIsMethodNotAllowedProblemWithAllow) {
  StartServer();

  const auto response = test_support::Fetch(port_, "PUT", "/cases/X", {}, "{}");

  ASSERT_TRUE(response.has_value()) << response.error();
  ExpectProblem(*response, 405, "method-not-allowed");
  EXPECT_EQ(response->Header("Allow"), "DELETE, GET, HEAD");
}

TEST_F(ServerTest, HeadOnGetRouteSendsHeadersOnly) {
  StartServer();
  HttpClient client = Connected();

  const auto head = client.Request("HEAD", "/hello");
  const auto next = client.Request("GET", "/hello");

  ASSERT_TRUE(head.has_value()) << head.error();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Content-Length"), "5");
  EXPECT_TRUE(head->body.empty());
  ASSERT_TRUE(next.has_value()) << next.error();  // no stray body bytes came first
  EXPECT_EQ(next->body, "hello");
}

TEST_F(ServerTest, PostBodyReachesHandler) {
  StartServer();

  const auto response = test_support::Fetch(port_, "POST", "/echo", {}, "{\"a\":1}");

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->body, "{\"a\":1}");
}

TEST_F(ServerTest, ChunkedRequestBodyIsAccepted) {
  StartServer();
  HttpClient client = Connected();

  ASSERT_TRUE(client
                  .SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                  .has_value());

  const auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->body, "abcde");
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  StartServer();
  HttpClient client = Connected();

  ASSERT_TRUE(client
                  .SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                           "Expect: 100-continue\r\n\r\n")
                  .has_value());
  const auto interim = client.ReadResponse();
  ASSERT_TRUE(client.SendRaw("ping").has_value());
  const auto final_response = client.ReadResponse();

  ASSERT_TRUE(interim.has_value()) << interim.error();
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(final_response.has_value()) << final_response.error();
  EXPECT_EQ(final_response->body, "ping");
}

TEST_F(ServerTest, LargeBodyIsPayloadTooLarge) {
  StartServer();

  const auto response = test_support::Fetch(port_, "POST", "/echo", {}, std::string(5000, 'x'));

  ASSERT_TRUE(response.has_value()) << response.error();
  ExpectProblem(*response, 413, "payload-too-large");
}

TEST_F(ServerTest, LargeChunkedBodyIsPayloadTooLarge) {
  StartServer();
  HttpClient client = Connected();
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) request += "200\r\n" + std::string(512, 'x') + "\r\n";
  request += "0\r\n\r\n";

  ASSERT_TRUE(client.SendRaw(request).has_value());

  const auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value()) << response.error();
  ExpectProblem(*response, 413, "payload-too-large");
  EXPECT_TRUE(client.WaitForClose(3s));
}

TEST_F(ServerTest, HugeHeadersAreTooLarge) {
  StartServer();

  const auto response =
      test_support::Fetch(port_, "GET", "/hello", {{"X-Big", std::string(20000, 'a')}});

  ASSERT_TRUE(response.has_value()) << response.error();
  ExpectProblem(*response, 431, "header-too-large");
}

TEST_F(ServerTest, TooManyHeaderFieldsAreTooLarge) {
  StartServer();
  HttpClient client = Connected();
  std::string request = "GET /hello HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 150; ++i) request += "X-H: v\r\n";

  ASSERT_TRUE(client.SendRaw(request + "\r\n").has_value());

  const auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value()) << response.error();
  ExpectProblem(*response, 431, "header-too-large");
}

TEST_F(ServerTest, MalformedRequestsGetBadRequestAndClose) {
  StartServer();
  const std::vector<std::pair<std::string, int>> malformed = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400},
      {"GET /hello HTTP/9.9\r\nHost: x\r\n\r\n", 400},
      {"GET /hello HTTP/1.1\r\nBad Header\r\n\r\n", 400},
      {"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400},
      {"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n"
       "\r\n3\r\nabc\r\n0\r\n\r\n",
       400},
      {"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc", 400},
      {"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 400},
      {"GET hello HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET /hello HTTP/1.1\r\n\r\n", 400},
      {"GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"GET /hello HTTP/1.1\r\nHost: x\0y\r\n\r\n"s, 400},
  };

  for (const auto& [raw, status] : malformed) {
    HttpClient client = Connected();
    ASSERT_TRUE(client.SendRaw(raw).has_value());
    const auto response = client.ReadResponse();
    ASSERT_TRUE(response.has_value()) << raw << ": " << response.error();
    EXPECT_EQ(response->status, status) << raw;
    EXPECT_EQ(response->Header("Content-Type"), "application/problem+json") << raw;
    EXPECT_TRUE(client.WaitForClose(3s)) << raw;
  }
  EXPECT_EQ(test_support::Fetch(port_, "GET", "/hello")->status, 200);
}

TEST_F(ServerTest, SlowPartialRequestIsClosedAfterHeaderTimeout) {
  StartServer();
  HttpClient slow = Connected();
  ASSERT_TRUE(slow.SendRaw("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ").has_value());
  const auto start = std::chrono::steady_clock::now();

  EXPECT_TRUE(slow.WaitForClose(4s));

  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  const auto response = test_support::Fetch(port_, "GET", "/hello");
  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerTest, SilentConnectionIsClosedAfterHeaderTimeout) {
  StartServer();
  HttpClient silent = Connected();

  EXPECT_TRUE(silent.WaitForClose(4s));
}

TEST_F(ServerTest, ThrowingHandlerGivesInternalErrorProblem) {
  StartServer();

  const auto response = test_support::Fetch(port_, "GET", "/throws");

  ASSERT_TRUE(response.has_value()) << response.error();
  ExpectProblem(*response, 500, "internal-error");
  EXPECT_EQ(test_support::Fetch(port_, "GET", "/hello")->status, 200);
}

TEST_F(ServerTest, ReplyingTwiceSendsTheFirstReplyOnly) {
  StartServer();
  HttpClient client = Connected();

  const auto response = client.Request("GET", "/twice");
  const auto next = client.Request("GET", "/hello");

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->body, "first");
  ASSERT_TRUE(next.has_value()) << next.error();
  EXPECT_EQ(next->body, "hello");
}

TEST_F(ServerTest, UnsafeResponseHeadersAreDropped) {
  StartServer();

  const auto response = test_support::Fetch(port_, "GET", "/bad-header");

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_FALSE(response->Header("X-Evil").has_value());
  EXPECT_FALSE(response->Header("Set-Cookie").has_value());
  EXPECT_EQ(response->Header("X-Good"), "ok");
}

TEST_F(ServerTest, ReplyAfterClientLeftIsHarmless) {
  StartServer();
  {
    HttpClient client = Connected();
    ASSERT_TRUE(client.SendRaw("GET /later HTTP/1.1\r\nHost: x\r\n\r\n").has_value());
  }  // closed before the reply

  std::this_thread::sleep_for(150ms);

  EXPECT_EQ(test_support::Fetch(port_, "GET", "/hello")->status, 200);
}

TEST_F(ServerTest, RecordsMetricsPerRoute) {
  StartServer();
  ASSERT_EQ(test_support::Fetch(port_, "GET", "/hello")->status, 200);
  ASSERT_EQ(test_support::Fetch(port_, "GET", "/nope")->status, 404);

  const std::string text = metrics_.RenderPrometheus();

  EXPECT_NE(text.find("sigap_http_requests_total{route=\"hello\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("sigap_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("sigap_http_request_duration_seconds_count{route=\"hello\"} 1"),
            std::string::npos)
      << text;
}

TEST_F(ServerTest, AccessLogHasPatternButNoPersonalData) {
  StartServer();

  ASSERT_EQ(test_support::Fetch(port_, "GET", "/cases/SECRET-CODE?q=citizen@example.org",
                                {{"Cookie", "session=TOPSECRET"}, {"Authorization", "Bearer TKN"}})
                ->status,
            200);

  const std::string log = AccessLog();
  EXPECT_NE(log.find("\"route\":\"/cases/{code}\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"status\":200"), std::string::npos) << log;
  EXPECT_EQ(log.find("SECRET-CODE"), std::string::npos) << log;
  EXPECT_EQ(log.find("citizen"), std::string::npos) << log;
  EXPECT_EQ(log.find("TOPSECRET"), std::string::npos) << log;
  EXPECT_EQ(log.find("TKN"), std::string::npos) << log;
  EXPECT_EQ(log.find("127.0.0.1"), std::string::npos) << log;
}

TEST_F(ServerTest, ConnectionLimitClosesExtraConnections) {
  ServerOptions options;
  options.max_connections = 2;
  StartServer(options);
  HttpClient a = Connected();
  HttpClient b = Connected();
  ASSERT_TRUE(a.Request("GET", "/hello").has_value());
  ASSERT_TRUE(b.Request("GET", "/hello").has_value());

  HttpClient c = Connected();

  EXPECT_TRUE(c.WaitForClose(2s));
  EXPECT_TRUE(a.Request("GET", "/hello").has_value());
}

TEST_F(ServerTest, ManyConcurrentClientsAreAllAnswered) {
  StartServer();
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  clients.reserve(8);

  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([this, &ok, t] {
      HttpClient client;
      if (!client.Connect(port_)) return;
      for (int i = 0; i < 25; ++i) {
        const auto response = client.Request("GET", (i + t) % 5 == 0 ? "/later" : "/hello");
        if (response && response->status == 200) ++ok;
      }
    });
  }
  for (auto& client : clients) client.join();

  EXPECT_EQ(ok.load(), 200);
}

TEST_F(ServerTest, StartFailsWhenPortIsTaken) {
  const uint16_t port = StartServer();
  ServerOptions options;
  options.port = port;

  Server second(options, router_, metrics_);
  const auto started = second.Start();

  ASSERT_FALSE(started.has_value());
  EXPECT_NE(started.error().find("in use"), std::string::npos) << started.error();
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  StartServer();
  HttpClient client = Connected();
  HttpClient idle = Connected();
  ASSERT_TRUE(idle.Request("GET", "/hello").has_value());
  ASSERT_TRUE(client.SendRaw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").has_value());
  std::this_thread::sleep_for(100ms);  // the handler is running

  auto stopped = std::async(std::launch::async, [this] { server_->Stop(); });
  const auto response = client.ReadResponse();

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->body, "slow");
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_TRUE(idle.WaitForClose(2s));
  EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready);
  HttpClient refused;
  EXPECT_FALSE(refused.Connect(port_).has_value());
}

TEST_F(ServerTest, StopGivesUpOnRepliesNeverSentAndDropsThemLater) {
  StartServer();
  HttpClient client = Connected();
  ASSERT_TRUE(client.SendRaw("GET /never HTTP/1.1\r\nHost: x\r\n\r\n").has_value());
  std::this_thread::sleep_for(100ms);
  const auto start = std::chrono::steady_clock::now();

  server_->Stop();

  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  EXPECT_TRUE(client.WaitForClose(1s));
  server_.reset();  // destroys the io_contexts
  const std::lock_guard lock(mutex_);
  ASSERT_EQ(kept_replies_.size(), 1u);
  kept_replies_[0](Text("too late"));  // must be dropped, not crash
}

ServerOptions WithCors(std::vector<std::string> origins) {
  ServerOptions options;
  options.cors_origins = std::move(origins);
  return options;
}

TEST_F(ServerTest, NoCorsHeadersUnlessConfigured) {
  StartServer();

  const auto get = test_support::Fetch(port_, "GET", "/hello", {{"Origin", "https://a.example"}});
  const auto preflight = test_support::Fetch(
      port_, "OPTIONS", "/echo",
      {{"Origin", "https://a.example"}, {"Access-Control-Request-Method", "POST"}});

  ASSERT_TRUE(get.has_value() && preflight.has_value());
  EXPECT_EQ(get->status, 200);
  EXPECT_FALSE(get->Header("Access-Control-Allow-Origin").has_value());
  // No origin is allowed: refused as the README says, not "no route
  // takes OPTIONS".
  EXPECT_EQ(preflight->status, 403);
  EXPECT_FALSE(preflight->Header("Access-Control-Allow-Origin").has_value());
}

TEST_F(ServerTest, AllowedOriginReadsTheAnswerAndCachesKeyOnIt) {
  StartServer(WithCors({"https://www.semarangkota.go.id"}));

  const auto allowed =
      test_support::Fetch(port_, "GET", "/hello", {{"Origin", "https://www.semarangkota.go.id"}});
  const auto other =
      test_support::Fetch(port_, "GET", "/hello", {{"Origin", "https://evil.example"}});
  const auto same_site = test_support::Fetch(port_, "GET", "/hello");

  ASSERT_TRUE(allowed.has_value() && other.has_value() && same_site.has_value());
  EXPECT_EQ(allowed->status, 200);
  EXPECT_EQ(allowed->body, "hello");
  EXPECT_EQ(allowed->Header("Access-Control-Allow-Origin"), "https://www.semarangkota.go.id");
  EXPECT_EQ(allowed->Header("Vary"), "Origin");
  EXPECT_NE(allowed->Header("Access-Control-Expose-Headers").value_or("").find("Location"),
            std::string::npos);
  EXPECT_FALSE(allowed->Header("Access-Control-Allow-Credentials").has_value());
  // Another site's page gets the answer too (CORS is enforced by browsers),
  // but nothing that lets its script read it.
  EXPECT_EQ(other->status, 200);
  EXPECT_FALSE(other->Header("Access-Control-Allow-Origin").has_value());
  EXPECT_FALSE(same_site->Header("Access-Control-Allow-Origin").has_value());
}

TEST_F(ServerTest, PreflightNamesThePathsMethodsAndTheHeadersSigapReads) {
  StartServer(WithCors({"https://www.semarangkota.go.id", "https://peta.example.id"}));

  const auto response = test_support::Fetch(
      port_, "OPTIONS", "/cases/AB12",
      {{"Origin", "https://peta.example.id"},
       {"Access-Control-Request-Method", "DELETE"},
       {"Access-Control-Request-Headers", "Content-Type, X-Reporter-Secret, X-Unknown"}});

  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->status, 204);
  EXPECT_EQ(response->Header("Access-Control-Allow-Origin"), "https://peta.example.id");
  EXPECT_EQ(response->Header("Access-Control-Allow-Methods"), "DELETE, GET, HEAD");
  EXPECT_EQ(response->Header("Access-Control-Allow-Headers"), "content-type, x-reporter-secret");
  EXPECT_EQ(response->Header("Access-Control-Max-Age"), "600");
  EXPECT_EQ(response->Header("Vary"), "Origin");
  EXPECT_TRUE(response->body.empty());
}

TEST_F(ServerTest, PreflightFromAnotherOriginOrToNowhereIsRefused) {
  StartServer(WithCors({"https://www.semarangkota.go.id"}));

  const auto other = test_support::Fetch(
      port_, "OPTIONS", "/echo",
      {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  const auto nowhere = test_support::Fetch(
      port_, "OPTIONS", "/nothing/here",
      {{"Origin", "https://www.semarangkota.go.id"}, {"Access-Control-Request-Method", "GET"}});

  ASSERT_TRUE(other.has_value() && nowhere.has_value());
  ExpectProblem(*other, 403, "origin-not-allowed");
  EXPECT_FALSE(other->Header("Access-Control-Allow-Origin").has_value());
  ExpectProblem(*nowhere, 404, "not-found");
}

// Public reads (Open311's) may be fetched by any site's page: a preflight
// for a GET there is answered for any origin, with or without a CORS policy;
// one for another method, or elsewhere, is not.
TEST_F(ServerTest, APublicReadsPreflightIsAnsweredForAnyOrigin) {
  for (auto options : {ServerOptions{}, WithCors({"https://www.semarangkota.go.id"})}) {
    options.public_read_prefixes = {"/cases/"};
    StartServer(options);
    const auto read = test_support::Fetch(port_, "OPTIONS", "/cases/AB12",
                                          {{"Origin", "https://peta.example.id"},
                                           {"Access-Control-Request-Method", "GET"},
                                           {"Access-Control-Request-Headers", "Accept-Language"}});
    const auto write = test_support::Fetch(
        port_, "OPTIONS", "/cases/AB12",
        {{"Origin", "https://peta.example.id"}, {"Access-Control-Request-Method", "DELETE"}});
    const auto elsewhere = test_support::Fetch(
        port_, "OPTIONS", "/hello",
        {{"Origin", "https://peta.example.id"}, {"Access-Control-Request-Method", "GET"}});

    ASSERT_TRUE(read.has_value() && write.has_value() && elsewhere.has_value());
    EXPECT_EQ(read->status, 204);
    EXPECT_EQ(read->Header("Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(read->Header("Access-Control-Allow-Methods"), "GET, HEAD");
    EXPECT_EQ(read->Header("Access-Control-Allow-Headers"), "accept-language");
    EXPECT_FALSE(read->Header("Access-Control-Allow-Credentials").has_value());
    EXPECT_NE(write->status, 204);
    EXPECT_FALSE(write->Header("Access-Control-Allow-Origin").has_value());
    EXPECT_NE(elsewhere->status, 204);
    server_->Stop();
    server_.reset();
  }
}

TEST_F(ServerTest, AnyOriginIsAStarWithoutVary) {
  StartServer(WithCors({"*"}));

  const auto response =
      test_support::Fetch(port_, "POST", "/echo", {{"Origin", "https://x.example"}}, "hi");
  const auto problem =
      test_support::Fetch(port_, "GET", "/nothing", {{"Origin", "https://x.example"}});

  ASSERT_TRUE(response.has_value() && problem.has_value());
  EXPECT_EQ(response->body, "hi");
  EXPECT_EQ(response->Header("Access-Control-Allow-Origin"), "*");
  EXPECT_FALSE(response->Header("Vary").has_value());
  // Errors too, so that the page can read what was wrong.
  EXPECT_EQ(problem->status, 404);
  EXPECT_EQ(problem->Header("Access-Control-Allow-Origin"), "*");
}

TEST_F(ServerTest, WaitReturnsAfterStop) {
  StartServer();
  auto waiting = std::async(std::launch::async, [this] { server_->Wait(); });

  EXPECT_EQ(waiting.wait_for(100ms), std::future_status::timeout);
  server_->Stop();

  EXPECT_EQ(waiting.wait_for(5s), std::future_status::ready);
}

// A database that stops answering (issue 7): with a handler lane, handlers
// wait there, and the routes kept on the loops still answer; beyond the
// lane's queue the answer is 503 with Retry-After, without running the
// handler; a handler that throws on the lane gets a 500 problem.
TEST_F(ServerTest, HandlersOnTheLaneLeaveTheLoopsFreeAndAFullQueueIsRefused) {
  ServerOptions options;
  options.handler_lane = std::make_shared<WorkLane>(2, 1);
  options.loop_routes = {"hello"};
  StartServer(options);
  // Two handlers run, one waits: more than the two event loops.
  std::vector<std::future<tl::expected<HttpResponse, std::string>>> blocked;
  for (int i = 1; i <= 3; ++i) {
    blocked.push_back(std::async(std::launch::async,
                                 [this] { return test_support::Fetch(port_, "GET", "/blocked"); }));
    for (int wait = 0; wait < 500; ++wait) {
      if (i <= 2 ? blocked_running_ == i : options.handler_lane->Waiting() == 1) break;
      std::this_thread::sleep_for(10ms);
    }
  }
  ASSERT_EQ(blocked_running_, 2);
  ASSERT_EQ(options.handler_lane->Waiting(), 1u);

  const auto asked = std::chrono::steady_clock::now();
  const auto hello = test_support::Fetch(port_, "GET", "/hello");
  const auto hello_took = std::chrono::steady_clock::now() - asked;
  const auto refused = test_support::Fetch(port_, "GET", "/blocked");
  release_.set_value();
  // All three answered, the queue is empty again: the next requests run.
  for (auto& b : blocked) {
    const auto answer = b.get();
    ASSERT_TRUE(answer.has_value()) << answer.error();
    EXPECT_EQ(answer->body, "unblocked");
  }
  const auto thrown = test_support::Fetch(port_, "GET", "/throws");
  const auto echoed = test_support::Fetch(port_, "POST", "/echo", {}, "isi di jalur kerja");

  ASSERT_TRUE(hello.has_value()) << hello.error();
  EXPECT_EQ(hello->body, "hello");
  EXPECT_LT(hello_took, 1s);
  ASSERT_TRUE(refused.has_value()) << refused.error();
  ExpectProblem(*refused, 503, "unavailable");
  EXPECT_EQ(refused->Header("Retry-After"), "1");
  ASSERT_TRUE(thrown.has_value()) << thrown.error();
  ExpectProblem(*thrown, 500, "internal-error");
  ASSERT_TRUE(echoed.has_value()) << echoed.error();
  EXPECT_EQ(echoed->body, "isi di jalur kerja");
}

}  // namespace
}  // namespace sigap::http
