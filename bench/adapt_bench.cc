// Detectors in replay (issue 9): a year and a half of synthetic case events
// for a Pemda the size of Kota Semarang (177 kelurahan, 30 services, 1,500
// new cases a weekday: arrivals with texts, resolutions, ratings) generated
// once by adapt::Simulator, then fed to a fresh adapt::Sensor per
// iteration. Goal: >= 1,000,000 events/s per core. Reports the sensor's
// state in bytes.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <deque>
#include <string>
#include <vector>

#include "adapt/sensor.h"
#include "adapt/simulator.h"
#include "adapt/topic_detector.h"
#include "cli/csv_reader.h"

namespace {

using namespace sigap::adapt;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

struct Fixture {
  Layout layout;
  SimulationWorld world;
  sigap::domain::WorkingCalendar calendar;
  std::deque<std::string> texts;
  std::vector<Event> events;
  Day last_day = 0;

  static Fixture& Get() {
    static Fixture* fixture = new Fixture();
    return *fixture;
  }

 private:
  Fixture()
      : calendar(sigap::domain::WorkingCalendar::Create(
                     {}, {std::chrono::year(2025), std::chrono::year(2026)})
                     .value()) {
    // 177 kelurahan on a 13 x 14 grid, neighbours sharing a side.
    constexpr int kCols = 13;
    for (int k = 0; k < 177; ++k) {
      layout.kelurahan.push_back(
          {"K" + std::to_string(k), "K" + std::to_string(k), static_cast<uint16_t>(k / 12), 0, 0});
      std::vector<uint16_t> nb;
      for (const int n : {k + 1, k + kCols, k - 1, k - kCols}) {
        if (n >= 0 && n < 177 && (n / kCols == k / kCols || n % kCols == k % kCols)) {
          nb.push_back(static_cast<uint16_t>(n));
        }
      }
      layout.neighbours.push_back(nb);
    }
    for (int k = 0; k < 16; ++k) layout.kecamatan.push_back({"C" + std::to_string(k), "C"});
    for (int a = 0; a < 16; ++a) layout.agencies.push_back({"A" + std::to_string(a), "A"});
    for (int c = 0; c < 30; ++c) {
      layout.categories.push_back({"S" + std::to_string(c), "s", static_cast<uint16_t>(c % 16)});
      std::vector<std::string> words;
      for (int i = 0; i < 12; ++i)
        words.push_back("kata" + std::to_string(c) + "x" + std::to_string(i));
      world.category_words.push_back(words);
      world.completion_days.push_back(5);
    }
    SimulationConfig config;
    config.first_day = sigap::ToDayNumber(year(2025) / month(7) / day(1));
    config.eval_first = sigap::ToDayNumber(year(2026) / month(1) / day(1));
    config.last_day = sigap::ToDayNumber(year(2026) / month(12) / day(31));
    last_day = config.last_day;
    Simulator simulator(layout, calendar, world, config);
    simulator.Run([&](const Event& e) {
      events.push_back(e);
      if (!e.text.empty()) {
        texts.emplace_back(e.text);
        events.back().text = texts.back();
      }
    });
  }
};

void BM_SensorReplay(benchmark::State& state) {
  Fixture& f = Fixture::Get();
  const bool with_texts = state.range(0) != 0;
  size_t memory = 0;
  for (auto _ : state) {
    Sensor sensor(f.layout, f.calendar, {});
    for (Event e : f.events) {
      if (!with_texts) e.text = {};
      sensor.Feed(e);
    }
    sensor.CloseThrough(f.last_day);
    benchmark::DoNotOptimize(sensor.alerts().alerts().size());
    memory = sensor.MemoryBytes();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.events.size()));
  state.counters["events"] = static_cast<double>(f.events.size());
  state.counters["state_bytes"] = static_cast<double>(memory);
}
BENCHMARK(BM_SensorReplay)->Arg(1)->Arg(0)->ArgName("texts")->Unit(benchmark::kMillisecond);

// Rebuilding every signal from 10,000,000 historical events (the goal: at
// most 10 s): the same world at 9,000 new cases a weekday over the same
// year and a half, streamed from the simulator into a fresh Sensor (the
// events are not held in memory, so memory is the sensor's state). With
// feed = 0 the simulator alone runs, so the sensor's share is the
// difference of the two.
void BM_Rebuild10M(benchmark::State& state) {
  Fixture& f = Fixture::Get();
  const bool feed = state.range(0) != 0;
  SimulationConfig config;
  config.first_day = sigap::ToDayNumber(year(2025) / month(7) / day(1));
  config.eval_first = sigap::ToDayNumber(year(2026) / month(1) / day(1));
  config.last_day = sigap::ToDayNumber(year(2026) / month(12) / day(31));
  config.daily_cases = 9000;
  size_t events = 0, memory = 0;
  for (auto _ : state) {
    Sensor sensor(f.layout, f.calendar, {});
    Simulator simulator(f.layout, f.calendar, f.world, config);
    events = 0;
    simulator.Run([&](const Event& e) {
      ++events;
      if (feed) sensor.Feed(e);
    });
    if (feed) sensor.CloseThrough(config.last_day);
    benchmark::DoNotOptimize(sensor.alerts().alerts().size());
    memory = sensor.MemoryBytes();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events));
  state.counters["events"] = static_cast<double>(events);
  state.counters["state_bytes"] = static_cast<double>(memory);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["max_rss_kb"] = static_cast<double>(usage.ru_maxrss);
}
BENCHMARK(BM_Rebuild10M)
    ->Arg(1)
    ->Arg(0)
    ->ArgName("feed")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// Real complaint texts through the topic detector, as a rebuild from the
// database feeds them: data/demo/complaints.csv (subject and text, the
// first 600 characters, as case_signals keeps them, the texts `bench/run`
// and `seed_cases` file), 18,000 a day (10,000,000 arrivals over a year
// and a half) for 30 days. scan:1 scans each text into terms
// (TextNormalizer::Scan with bigrams) and stops there; detect:1 also
// counts them in a fresh TopicDetector and closes each day.
void BM_TopicRealTexts(benchmark::State& state) {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    auto table = sigap::cli::ReadCsvTable(SIGAP_SOURCE_DIR "/data/demo/complaints.csv");
    if (!table) return out;
    const int subject = table->Column("subject"), text = table->Column("text");
    for (const auto& row : table->rows) {
      out.push_back((row.fields[subject] + " " + row.fields[text]).substr(0, 600));
    }
    return out;
  }();
  if (texts.empty()) {
    state.SkipWithError("data/demo/complaints.csv could not be read");
    return;
  }
  const bool detect = state.range(0) != 0;
  constexpr int kDays = 30, kPerDay = 18000;
  size_t bytes = 0, terms = 0;
  for (auto _ : state) {
    TopicDetector topics({});
    std::vector<AlertDraft> drafts;
    size_t next = 0;
    for (int d = 0; d < kDays; ++d) {
      for (int i = 0; i < kPerDay; ++i, ++next) {
        const std::string& text = texts[next % texts.size()];
        const auto scanned = TextNormalizer::Scan(text, TopicDetector::kBigrams);
        bytes += text.size();
        terms += scanned.size();
        if (detect) topics.OnTerms(next, scanned);
      }
      if (detect) topics.CloseDay(d, drafts);
    }
    benchmark::DoNotOptimize(drafts.size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kDays * kPerDay);
  state.counters["bytes_per_text"] =
      static_cast<double>(bytes) / static_cast<double>(state.iterations() * kDays * kPerDay);
  state.counters["terms_per_text"] =
      static_cast<double>(terms) / static_cast<double>(state.iterations() * kDays * kPerDay);
}
BENCHMARK(BM_TopicRealTexts)->Arg(0)->Arg(1)->ArgName("detect")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
