// Issue 5: point-in-polygon lookups over the 177 kelurahan of Kota
// Semarang, random points in the city's bounding box. GeoIndex::Lookup
// (R-tree of bounding boxes, then exact tests on the candidates) against
// the reference in the same run: LookupByScan, every polygon tested.
//
// Usage: geo_bench [--benchmark_*] (reads data/geo/33.74-kelurahan.geojson
// of the source tree, or the file named by GEO_BENCH_FILE).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "routing/geo_index.h"

namespace {

using sigap::routing::GeoIndex;

struct Fixture {
  GeoIndex index;
  std::vector<std::pair<double, double>> points;  // (lat, lng)
};

const Fixture& Load() {
  static const Fixture fixture = [] {
    const char* env = std::getenv("GEO_BENCH_FILE");
    const std::string path =
        env ? env : std::string(SIGAP_SOURCE_DIR) + "/data/geo/33.74-kelurahan.geojson";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = nlohmann::json::parse(text.str());
    std::vector<sigap::routing::Boundary> boundaries;
    double min_lat = 90, max_lat = -90, min_lng = 180, max_lng = -180;
    for (const auto& f : doc["features"]) {
      boundaries.push_back({f["properties"]["kode"].get<std::string>(), 4, f["geometry"].dump()});
      const auto& g = f["geometry"];
      const auto polygons =
          g["type"] == "Polygon" ? nlohmann::json::array({g["coordinates"]}) : g["coordinates"];
      for (const auto& polygon : polygons) {
        for (const auto& p : polygon[0]) {
          min_lng = std::min(min_lng, p[0].get<double>());
          max_lng = std::max(max_lng, p[0].get<double>());
          min_lat = std::min(min_lat, p[1].get<double>());
          max_lat = std::max(max_lat, p[1].get<double>());
        }
      }
    }
    auto index = GeoIndex::Build(boundaries);
    if (!index) {
      std::cerr << "geo_bench: " << index.error().message << "\n";
      std::exit(1);
    }
    Fixture f{std::move(*index), {}};
    std::mt19937_64 rng(2026);
    std::uniform_real_distribution<double> lat(min_lat, max_lat), lng(min_lng, max_lng);
    f.points.reserve(1 << 16);
    for (int i = 0; i < (1 << 16); ++i) f.points.emplace_back(lat(rng), lng(rng));
    std::cerr << "geo_bench: " << f.index.size(4) << " kelurahan, bbox lat [" << min_lat << ", "
              << max_lat << "] lng [" << min_lng << ", " << max_lng << "]\n";
    return f;
  }();
  return fixture;
}

template <bool kRtree>
void Lookup(benchmark::State& state) {
  const Fixture& f = Load();
  size_t i = 0, found = 0;
  for (auto _ : state) {
    const auto& [lat, lng] = f.points[i++ & (f.points.size() - 1)];
    const auto place = kRtree ? f.index.Lookup(lat, lng) : f.index.LookupByScan(lat, lng);
    found += place.has_value();
    benchmark::DoNotOptimize(place);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["inside_share"] =
      static_cast<double>(found) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
}

void BM_GeoLookupRtree(benchmark::State& state) { Lookup<true>(state); }
void BM_GeoLookupLinearScan(benchmark::State& state) { Lookup<false>(state); }

BENCHMARK(BM_GeoLookupRtree);
BENCHMARK(BM_GeoLookupLinearScan);

}  // namespace

BENCHMARK_MAIN();
