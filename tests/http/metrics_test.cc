#include "http/metrics.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace sigap::http {
namespace {

TEST(MetricsTest, RendersCounterWithHelpTypeAndLabels) {
  Metrics metrics;
  metrics.Counter("sigap_http_requests_total", "Requests.", {{"route", "a"}, {"status", "200"}})
      .Increment(3);

  EXPECT_EQ(metrics.RenderPrometheus(),
            "# HELP sigap_http_requests_total Requests.\n"
            "# TYPE sigap_http_requests_total counter\n"
            "sigap_http_requests_total{route=\"a\",status=\"200\"} 3\n");
}

TEST(MetricsTest, SameNameAndLabelsReturnSameSeries) {
  Metrics metrics;

  auto& a = metrics.Counter("c_total", "C.", {{"x", "1"}, {"y", "2"}});
  auto& b = metrics.Counter("c_total", "C.", {{"y", "2"}, {"x", "1"}});

  EXPECT_EQ(&a, &b);
}

TEST(MetricsTest, RendersHistogramBucketsCumulatively) {
  Metrics metrics;
  auto& h = metrics.Histogram("fsync_seconds", "Fsync time.", {0.001, 0.01, 0.1});
  h.Observe(0.0005);
  h.Observe(0.001);  // bounds are inclusive
  h.Observe(0.05);
  h.Observe(3);

  EXPECT_EQ(metrics.RenderPrometheus(),
            "# HELP fsync_seconds Fsync time.\n"
            "# TYPE fsync_seconds histogram\n"
            "fsync_seconds_bucket{le=\"0.001\"} 2\n"
            "fsync_seconds_bucket{le=\"0.01\"} 2\n"
            "fsync_seconds_bucket{le=\"0.1\"} 3\n"
            "fsync_seconds_bucket{le=\"+Inf\"} 4\n"
            "fsync_seconds_sum 3.0515\n"
            "fsync_seconds_count 4\n");
}

TEST(MetricsTest, HistogramLabelsPrecedeLe) {
  Metrics metrics;
  metrics.Histogram("d_seconds", "D.", {1}, {{"route", "r"}}).Observe(0.5);

  const std::string text = metrics.RenderPrometheus();

  EXPECT_NE(text.find("d_seconds_bucket{route=\"r\",le=\"1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_seconds_sum{route=\"r\"} 0.5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_seconds_count{route=\"r\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  Metrics metrics;
  metrics.Gauge("g", "Line one\nback\\slash", {{"v", "a\"b\\c\nd"}}).Set(1.5);

  EXPECT_EQ(metrics.RenderPrometheus(),
            "# HELP g Line one\\nback\\\\slash\n"
            "# TYPE g gauge\n"
            "g{v=\"a\\\"b\\\\c\\nd\"} 1.5\n");
}

TEST(MetricsTest, FamiliesAreSortedByName) {
  Metrics metrics;
  metrics.Counter("b_total", "B.");
  metrics.Counter("a_total", "A.");

  const std::string text = metrics.RenderPrometheus();

  EXPECT_LT(text.find("a_total"), text.find("b_total"));
}

TEST(MetricsTest, CountsFromManyThreads) {
  Metrics metrics;
  auto& counter = metrics.Counter("hits_total", "Hits.");
  auto& histogram = metrics.Histogram("lat_seconds", "Latency.", Metrics::DefaultSecondsBuckets());
  std::vector<std::thread> threads;

  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter.Increment();
        histogram.Observe(0.002);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(counter.Value(), 40000u);
  const auto snapshot = histogram.Read();
  EXPECT_EQ(snapshot.count, 40000u);
  EXPECT_EQ(snapshot.cumulative.back(), 40000u);
  EXPECT_NEAR(snapshot.sum, 80.0, 1e-6);
}

TEST(MetricsTest, RegisteringOnDemandFromManyThreadsIsSafe) {
  Metrics metrics;
  std::vector<std::thread> threads;

  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics, t] {
      for (int i = 0; i < 200; ++i) {
        metrics.Counter("req_total", "R.", {{"status", std::to_string(i % 7)}}).Increment();
        if (i % 50 == 0) (void)metrics.RenderPrometheus();
      }
      (void)t;
    });
  }
  for (auto& thread : threads) thread.join();

  uint64_t total = 0;
  for (int s = 0; s < 7; ++s) {
    total += metrics.Counter("req_total", "R.", {{"status", std::to_string(s)}}).Value();
  }
  EXPECT_EQ(total, 800u);
}

TEST(MetricsTest, MisuseThrowsInvalidArgument) {
  Metrics metrics;
  metrics.Counter("x_total", "X.", {{"a", "1"}});

  EXPECT_THROW(metrics.Gauge("x_total", "X."), std::invalid_argument);
  EXPECT_THROW(metrics.Counter("x_total", "X.", {{"b", "1"}}), std::invalid_argument);
  EXPECT_THROW(metrics.Counter("x_total", "X."), std::invalid_argument);
  EXPECT_THROW(metrics.Counter("bad name", "X."), std::invalid_argument);
  EXPECT_THROW(metrics.Counter("y_total", "Y.", {{"1bad", "v"}}), std::invalid_argument);
  EXPECT_THROW(metrics.Histogram("h", "H.", {2, 1}), std::invalid_argument);
  EXPECT_THROW(metrics.Histogram("h2", "H.", {1}, {{"le", "x"}}), std::invalid_argument);
  metrics.Histogram("h3", "H.", {1, 2});
  EXPECT_THROW(metrics.Histogram("h3", "H.", {1, 3}), std::invalid_argument);
}

TEST(MetricsTest, ExponentialBuckets) {
  EXPECT_EQ(Metrics::ExponentialBuckets(1, 2, 4), (std::vector<double>{1, 2, 4, 8}));
}

}  // namespace
}  // namespace sigap::http
