#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sigap::http {

// Label name/value pairs of one series: {{"route", "cases_get"}, {"method", "GET"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A count that only goes up. Lock-free; share freely between threads.
class Counter {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (open connections, queue depth). Lock-free;
// share freely between threads.
class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// A distribution over fixed buckets. Observe is lock-free (one atomic
// increment and one atomic add); share freely between threads.
class Histogram {
 public:
  // `bounds` are the inclusive upper bounds, strictly increasing and finite;
  // the +Inf bucket is implicit.
  explicit Histogram(std::vector<double> bounds);

  // Records one observation. NaN is ignored.
  void Observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  // Reads the buckets; concurrent Observe calls may or may not be included,
  // but the +Inf bucket always equals `count`.
  Snapshot Read() const;

  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1, not cumulative
  std::atomic<double> sum_{0};
};

// A registry of metrics rendered in the Prometheus text format 0.0.4.
//
// Thread-safe. Registration (Counter, Gauge, Histogram) looks up or creates
// the series under a mutex, so do it once and keep the returned reference,
// which stays valid for the registry's lifetime; updating through the
// reference never locks. Registering a name again with the same kind and
// label names returns the same family (the first `help` and bounds win).
//
// Invalid names, or a name reused with another kind, other label names or
// other bucket bounds, are programmer mistakes and throw
// std::invalid_argument.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Returns the counter series `name{labels}`, creating it at 0.
  sigap::http::Counter& Counter(std::string_view name, std::string_view help,
                                const Labels& labels = {});

  // Returns the gauge series `name{labels}`, creating it at 0.
  sigap::http::Gauge& Gauge(std::string_view name, std::string_view help,
                            const Labels& labels = {});

  // Returns the histogram series `name{labels}` with upper bounds `bounds`
  // (strictly increasing, finite; "le" is not allowed as a label name).
  sigap::http::Histogram& Histogram(std::string_view name, std::string_view help,
                                    const std::vector<double>& bounds, const Labels& labels = {});

  // Returns every family, sorted by name, in the text exposition format
  // 0.0.4 (Content-Type "text/plain; version=0.0.4; charset=utf-8").
  std::string RenderPrometheus() const;

  // 0.5 ms .. 10 s, for request and fsync latencies in seconds.
  static std::vector<double> DefaultSecondsBuckets();
  // start, start*factor, ... (`count` bounds), e.g. batch sizes 1, 2, 4, ... 512.
  static std::vector<double> ExponentialBuckets(double start, double factor, int count);

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Series;
  struct Family;

  Series& FindOrCreate(std::string_view name, std::string_view help, Kind kind,
                       const std::vector<double>* bounds, const Labels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
};

// The content type of Metrics::RenderPrometheus output.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace sigap::http
