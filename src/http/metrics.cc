#include "http/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sigap::http {
namespace {

bool IsMetricName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

// Text format 0.0.4: HELP escapes '\' and newline; label values also '"'.
std::string Escape(std::string_view s, bool quote) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// `{a="x",b="y"` without the closing brace, or "" when there are no labels
// and no extra label is to follow.
std::string LabelPrefix(const std::vector<std::string>& names,
                        const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += i == 0 ? "{" : ",";
    out += names[i];
    out += "=\"";
    out += Escape(values[i], true);
    out += '"';
  }
  return out;
}

std::string CloseLabels(const std::string& prefix) { return prefix.empty() ? "" : prefix + "}"; }

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const auto index = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.cumulative.reserve(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

struct Metrics::Series {
  std::unique_ptr<sigap::http::Counter> counter;
  std::unique_ptr<sigap::http::Gauge> gauge;
  std::unique_ptr<sigap::http::Histogram> histogram;
};

struct Metrics::Family {
  Kind kind;
  std::string help;
  std::vector<std::string> label_names;  // in the order of the first registration
  std::vector<double> bounds;
  std::map<std::vector<std::string>, Series> series;  // by label values
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::Series& Metrics::FindOrCreate(std::string_view name, std::string_view help, Kind kind,
                                       const std::vector<double>* bounds, const Labels& labels) {
  if (!IsMetricName(name, true)) {
    throw std::invalid_argument(fmt::format("metrics: invalid metric name '{}'", name));
  }
  const std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto family = std::make_unique<Family>();
    family->kind = kind;
    family->help = std::string(help);
    for (const auto& [label, value] : labels) {
      const bool reserved =
          label.rfind("__", 0) == 0 || (kind == Kind::kHistogram && label == "le");
      if (!IsMetricName(label, false) || reserved ||
          std::count(family->label_names.begin(), family->label_names.end(), label) > 0) {
        throw std::invalid_argument(fmt::format("metrics: invalid label '{}' on {}", label, name));
      }
      family->label_names.push_back(label);
    }
    if (bounds != nullptr) {
      const bool finite =
          std::all_of(bounds->begin(), bounds->end(), [](double b) { return std::isfinite(b); });
      const bool increasing = std::adjacent_find(bounds->begin(), bounds->end(),
                                                 std::greater_equal<>()) == bounds->end();
      if (!finite || !increasing) {
        throw std::invalid_argument(fmt::format("metrics: invalid bucket bounds on {}", name));
      }
      family->bounds = *bounds;
    }
    it = families_.emplace(std::string(name), std::move(family)).first;
  }
  Family& family = *it->second;
  if (family.kind != kind) {
    throw std::invalid_argument(fmt::format("metrics: {} registered with another type", name));
  }
  if (bounds != nullptr && *bounds != family.bounds) {
    throw std::invalid_argument(fmt::format("metrics: {} registered with other buckets", name));
  }
  // Put the values in the family's label order, whatever order they came in.
  if (labels.size() != family.label_names.size()) {
    throw std::invalid_argument(fmt::format("metrics: {} registered with other labels", name));
  }
  std::vector<std::string> values(labels.size());
  for (const auto& [label, value] : labels) {
    const auto pos = std::find(family.label_names.begin(), family.label_names.end(), label);
    if (pos == family.label_names.end()) {
      throw std::invalid_argument(fmt::format("metrics: {} has no label '{}'", name, label));
    }
    values[pos - family.label_names.begin()] = value;
  }
  Series& series = family.series[std::move(values)];
  switch (kind) {
    case Kind::kCounter:
      if (!series.counter) series.counter = std::make_unique<sigap::http::Counter>();
      break;
    case Kind::kGauge:
      if (!series.gauge) series.gauge = std::make_unique<sigap::http::Gauge>();
      break;
    case Kind::kHistogram:
      if (!series.histogram)
        series.histogram = std::make_unique<sigap::http::Histogram>(family.bounds);
      break;
  }
  return series;
}

Counter& Metrics::Counter(std::string_view name, std::string_view help, const Labels& labels) {
  return *FindOrCreate(name, help, Kind::kCounter, nullptr, labels).counter;
}

Gauge& Metrics::Gauge(std::string_view name, std::string_view help, const Labels& labels) {
  return *FindOrCreate(name, help, Kind::kGauge, nullptr, labels).gauge;
}

Histogram& Metrics::Histogram(std::string_view name, std::string_view help,
                              const std::vector<double>& bounds, const Labels& labels) {
  return *FindOrCreate(name, help, Kind::kHistogram, &bounds, labels).histogram;
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  const std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_) {
    const char* type = family->kind == Kind::kCounter ? "counter"
                       : family->kind == Kind::kGauge ? "gauge"
                                                      : "histogram";
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name,
                   Escape(family->help, false), name, type);
    for (const auto& [values, series] : family->series) {
      const std::string prefix = LabelPrefix(family->label_names, values);
      switch (family->kind) {
        case Kind::kCounter:
          fmt::format_to(std::back_inserter(out), "{}{} {}\n", name, CloseLabels(prefix),
                         series.counter->Value());
          break;
        case Kind::kGauge:
          fmt::format_to(std::back_inserter(out), "{}{} {}\n", name, CloseLabels(prefix),
                         FormatValue(series.gauge->Value()));
          break;
        case Kind::kHistogram: {
          const auto snapshot = series.histogram->Read();
          const std::string le_prefix = prefix.empty() ? "{le=\"" : prefix + ",le=\"";
          for (size_t i = 0; i < snapshot.cumulative.size(); ++i) {
            const std::string le =
                i < family->bounds.size() ? FormatValue(family->bounds[i]) : "+Inf";
            fmt::format_to(std::back_inserter(out), "{}_bucket{}{}\"}} {}\n", name, le_prefix, le,
                           snapshot.cumulative[i]);
          }
          fmt::format_to(std::back_inserter(out), "{}_sum{} {}\n{}_count{} {}\n", name,
                         CloseLabels(prefix), FormatValue(snapshot.sum), name, CloseLabels(prefix),
                         snapshot.count);
          break;
        }
      }
    }
  }
  return out;
}

std::vector<double> Metrics::DefaultSecondsBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> Metrics::ExponentialBuckets(double start, double factor, int count) {
  std::vector<double> bounds;
  double bound = start;
  for (int i = 0; i < count; ++i, bound *= factor) bounds.push_back(bound);
  return bounds;
}

}  // namespace sigap::http
