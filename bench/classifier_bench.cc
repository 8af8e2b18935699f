// Issue 8: the text classifier. Two figures, each against a reference
// measured in the same run:
// - classification including normalisation (Classifier::Predict, top 3) of
//   the 1,185 real reports of data/demo/complaints.csv, against the
//   cheapest text pass Sigap already makes: adapt::TextNormalizer's terms
//   (goal: >= 50,000 reports/s on one core);
// - training on 100,000 reports (the real ones, each drawn again with words
//   dropped at random) with the default options, i.e. five calibration
//   folds plus the final model, against one plain LIBLINEAR fit of the same
//   features without calibration (goal: <= 60 s).
//
// Usage: classifier_bench [--benchmark_*] (reads the source tree's data/).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <random>

#include "adapt/text_normalizer.h"
#include "cli/csv_reader.h"
#include "routing/text/classifier.h"

namespace {

namespace text = sigap::routing::text;

const std::string kSource = SIGAP_SOURCE_DIR;

std::vector<text::Example> RealReports() {
  auto table = sigap::cli::ReadCsvTable(kSource + "/data/demo/complaints.csv");
  if (!table) {
    std::cerr << "classifier_bench: " << table.error().message << "\n";
    std::exit(1);
  }
  const int agency = table->Column("agency");
  const int subject = table->Column("subject");
  const int body = table->Column("text");
  std::vector<text::Example> out;
  for (const auto& row : table->rows) {
    std::string label = text::CleanLabel(row.fields[agency]);  // as `sigap train` reads it
    if (label.empty()) continue;
    out.push_back({text::ComposeReport(row.fields[subject], row.fields[body]), std::move(label)});
  }
  return out;
}

text::AbbreviationMap Abbreviations() {
  auto map = text::LoadAbbreviations(kSource + "/data/routing/abbreviations.tsv");
  if (!map) {
    std::cerr << "classifier_bench: " << map.error().message << "\n";
    std::exit(1);
  }
  return *map;
}

const std::vector<text::Example>& Reports() {
  static const std::vector<text::Example> reports = RealReports();
  return reports;
}

// The default model, trained on all real reports (rare agencies pooled).
const text::Classifier& Model() {
  static const std::unique_ptr<text::Classifier> model = [] {
    auto trained = text::Classifier::Train(Reports(), text::TrainOptions{}, Abbreviations());
    if (!trained) {
      std::cerr << "classifier_bench: " << trained.error().message << "\n";
      std::exit(1);
    }
    return std::move(*trained);
  }();
  return *model;
}

void BM_ReferenceTerms(benchmark::State& state) {
  const auto& reports = Reports();
  sigap::adapt::TextNormalizer terms;
  size_t i = 0;
  for (auto _ : state) {
    size_t n = 0;
    terms.ForEachTerm(reports[i].text, [&](std::string_view) { ++n; });
    benchmark::DoNotOptimize(n);
    i = (i + 1) % reports.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ReferenceTerms);

void BM_Classify(benchmark::State& state) {
  const auto& reports = Reports();
  const text::Classifier& model = Model();
  size_t i = 0;
  for (auto _ : state) {
    auto prediction = model.Predict(reports[i].text, 3);
    benchmark::DoNotOptimize(prediction);
    i = (i + 1) % reports.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Classify);

// The two parts of BM_Classify: normalising, and scoring a normalised text.
void BM_Normalize(benchmark::State& state) {
  const auto& reports = Reports();
  const text::Classifier& model = Model();
  size_t i = 0;
  for (auto _ : state) {
    auto normalized = model.normalizer().Normalize(reports[i].text);
    benchmark::DoNotOptimize(normalized);
    i = (i + 1) % reports.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Normalize);

void BM_Score(benchmark::State& state) {
  const text::Classifier& model = Model();
  static const std::vector<std::string> normalized = [&] {
    std::vector<std::string> out;
    for (const auto& r : Reports()) out.push_back(model.normalizer().Normalize(r.text));
    return out;
  }();
  size_t i = 0;
  for (auto _ : state) {
    auto p = model.ProbabilitiesOfNormalized(normalized[i]);
    benchmark::DoNotOptimize(p);
    i = (i + 1) % normalized.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Score);

// 100,000 reports: the real ones again and again, each copy with a fifth
// of its words dropped at random, so that no two are the same.
const std::vector<text::Example>& Large() {
  static const std::vector<text::Example> large = [] {
    std::vector<text::Example> out;
    std::mt19937 rng(8);
    const auto& reports = Reports();
    out.reserve(100000);
    while (out.size() < 100000) {
      const auto& r = reports[out.size() % reports.size()];
      std::string copy;
      size_t start = 0;
      while (start < r.text.size()) {
        size_t end = r.text.find(' ', start);
        if (end == std::string::npos) end = r.text.size();
        if (rng() % 5 != 0) copy.append(r.text, start, end - start + 1);
        start = end + 1;
      }
      out.push_back({copy, r.label});
    }
    return out;
  }();
  return large;
}

void BM_TrainReference(benchmark::State& state) {
  const auto& large = Large();
  text::TrainOptions options;
  options.calibration_folds = 0;
  for (auto _ : state) {
    auto model = text::Classifier::Train(large, options, Abbreviations());
    benchmark::DoNotOptimize(model);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * large.size()));
}
// Training runs on several threads: the time is the process's CPU time and
// the wall time.
BENCHMARK(BM_TrainReference)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

void BM_Train(benchmark::State& state) {
  const auto& large = Large();
  size_t labels = 0;
  for (auto _ : state) {
    auto model = text::Classifier::Train(large, text::TrainOptions{}, Abbreviations());
    if (model) labels = (*model)->labels().size();
    benchmark::DoNotOptimize(model);
  }
  state.counters["labels"] = static_cast<double>(labels);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * large.size()));
}
BENCHMARK(BM_Train)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
