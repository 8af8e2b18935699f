// Routes on a work lane (api/lane.h) against the real HTTP server: a slow
// report must not hold up what the event loop answers meanwhile.
#include "api/lane.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "http/metrics.h"
#include "http/server.h"
#include "support/http_client.h"

namespace sigap::api {
namespace {

using namespace std::chrono_literals;

http::Response Text(std::string body) {
  http::Response response;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

// One event loop, so that a handler holding it would hold every request.
class LaneRoutes : public ::testing::Test {
 protected:
  void Start(size_t lane_capacity) {
    lane_ = std::make_shared<http::WorkLane>(1, lane_capacity);
    AddOnLane(
        router_, lane_, "GET", "/report",
        [this](http::Request&) {
          ++started_;
          release_.wait();
          return Text("figures");
        },
        "report");
    router_.AddSync(
        "GET", "/case", [](http::Request&) { return Text("case"); }, "case");
    http::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    server_ = std::make_unique<http::Server>(options, router_, metrics_);
    auto port = server_->Start();
    ASSERT_TRUE(port.has_value()) << port.error();
    port_ = *port;
  }

  // Lets every report being made (and any later one) finish.
  void Release() {
    if (released_) return;
    released_ = true;
    release_promise_.set_value();
  }

  // Waits until a report's handler runs on the lane.
  void WaitForAReportToStart() {
    for (int i = 0; i < 1000 && started_ == 0; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_GT(started_.load(), 0);
  }

  void TearDown() override {
    Release();
    if (server_) server_->Stop();
    server_.reset();
    lane_.reset();
  }

  std::future<tl::expected<test_support::HttpResponse, std::string>> FetchReport() {
    return std::async(std::launch::async,
                      [port = port_] { return test_support::Fetch(port, "GET", "/report"); });
  }

  http::Router router_;
  http::Metrics metrics_;
  Lane lane_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
  std::atomic<int> started_{0};
  bool released_ = false;
  std::promise<void> release_promise_;
  std::shared_future<void> release_ = release_promise_.get_future().share();
};

TEST_F(LaneRoutes, TheLoopAnswersOthersWhileAReportIsBeingMade) {
  Start(4);
  auto report = FetchReport();
  WaitForAReportToStart();

  const auto other = test_support::Fetch(port_, "GET", "/case");

  ASSERT_TRUE(other.has_value()) << other.error();
  EXPECT_EQ(other->body, "case");
  EXPECT_EQ(report.wait_for(0s), std::future_status::timeout);  // still being made
  Release();
  const auto made = report.get();
  ASSERT_TRUE(made.has_value()) << made.error();
  EXPECT_EQ(made->status, 200);
  EXPECT_EQ(made->body, "figures");
}

TEST_F(LaneRoutes, AFullLaneSaysBusyWithRetryAfter) {
  Start(1);
  auto running = FetchReport();
  WaitForAReportToStart();
  auto waiting = FetchReport();
  // The second waits in the lane's queue; give it time to get there.
  for (int i = 0; i < 200 && lane_->Waiting() == 0; ++i) std::this_thread::sleep_for(5ms);

  const auto refused = test_support::Fetch(port_, "GET", "/report");

  ASSERT_TRUE(refused.has_value()) << refused.error();
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("Retry-After"), "1");
  EXPECT_EQ(refused->Header("Content-Type"), "application/problem+json");
  Release();
  EXPECT_EQ(running.get()->status, 200);
  EXPECT_EQ(waiting.get()->status, 200);
}

}  // namespace
}  // namespace sigap::api
