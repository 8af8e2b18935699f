// IKM aggregation (issue 6), against a reference measured in the same run:
//   (1) 10,000,000 responses over 500 units × 12 months: the IKM of every
//       unit × month with the columnar SkmTally, and the same with SQLite
//       `GROUP BY unit, month` over a covering index on the same rows
//       (goals: ≤ 0.1 s; ≥ 50× faster than SQLite);
//   (2) `sigap ikm` on a 1,000,000-row CSV, parse + compute (goal ≤ 1 s),
//       through the command's own function (file read, CSV, tally, JSON).
//
//   ikm_bench [--benchmark_* flags]
//
// IKM_BENCH_RESPONSES (10000000) and IKM_BENCH_CSV_ROWS (1000000) change the
// sizes; IKM_BENCH_DIR (TMPDIR) holds the SQLite database and the CSV,
// removed at the end. A summary with the ratio follows the table.

#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/ikm_command.h"
#include "domain/skm.h"
#include "domain/skm_tally.h"

namespace {

namespace fs = std::filesystem;
using sigap::domain::SkmColumns;
using sigap::domain::SkmDefinition;
using sigap::domain::SkmTally;

constexpr uint32_t kUnits = 500, kMonths = 12, kGroups = kUnits * kMonths;

size_t EnvSize(const char* name, size_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

// xorshift64*: deterministic answers.
struct Random {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  uint64_t Next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ull;
  }
};

// An answer 1..4 leaning to 3, or 0 (blank) for 2% of them.
uint8_t Answer(uint64_t r) {
  const unsigned x = static_cast<unsigned>(r % 100);
  return x < 2 ? 0 : x < 7 ? 1 : x < 22 ? 2 : x < 72 ? 3 : 4;
}

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::cerr << "ikm_bench: " << sql << ": " << (error ? error : "?") << "\n";
    std::exit(1);
  }
}

struct World {
  fs::path dir;
  SkmColumns columns{9};
  sqlite3* db = nullptr;
  fs::path csv;
  size_t csv_rows = 0;
  double best_columnar = 1e9, best_sqlite = 1e9, best_csv = 1e9;
  double columnar_ikm0 = 0, sqlite_ikm0 = 0;  // IKM of group 0 both ways

  ~World() {
    if (db != nullptr) sqlite3_close(db);
    if (!dir.empty()) fs::remove_all(dir);
  }
};

World& TheWorld() {
  static World* world = [] {
    auto* w = new World;
    const char* base = std::getenv("IKM_BENCH_DIR");
    std::string pattern =
        (fs::path(base ? base : fs::temp_directory_path().string()) / "sigap-ikm-bench-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) std::exit(1);
    w->dir = pattern;

    const size_t n = EnvSize("IKM_BENCH_RESPONSES", 10'000'000);
    std::cerr << "ikm_bench: generating " << n << " responses\n";
    Random random;
    w->columns.Reserve(n);
    uint8_t row[9];
    for (size_t i = 0; i < n; ++i) {
      const uint64_t r = random.Next();
      for (int e = 0; e < 9; ++e) row[e] = Answer((r >> (e * 7)) & 0x7F);
      w->columns.Add(row, static_cast<uint32_t>(random.Next() % kGroups));
    }

    std::cerr << "ikm_bench: loading SQLite (" << sqlite3_libversion() << ")\n";
    if (sqlite3_open((w->dir / "ikm.db").c_str(), &w->db) != SQLITE_OK) std::exit(1);
    Exec(w->db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000");
    Exec(w->db,
         "CREATE TABLE response(id INTEGER PRIMARY KEY, unit INTEGER NOT NULL, month INTEGER NOT "
         "NULL, u1 INTEGER, u2 INTEGER, u3 INTEGER, u4 INTEGER, u5 INTEGER, u6 INTEGER, u7 "
         "INTEGER, u8 INTEGER, u9 INTEGER)");
    Exec(w->db, "BEGIN");
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(w->db,
                       "INSERT INTO response(unit, month, u1, u2, u3, u4, u5, u6, u7, u8, u9) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       -1, &insert, nullptr);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t g = w->columns.groups()[i];
      sqlite3_bind_int(insert, 1, static_cast<int>(g / kMonths));
      sqlite3_bind_int(insert, 2, static_cast<int>(g % kMonths + 1));
      for (int e = 0; e < 9; ++e) {
        const uint8_t a = w->columns.answer(i, e);
        if (a == 0) {
          sqlite3_bind_null(insert, 3 + e);
        } else {
          sqlite3_bind_int(insert, 3 + e, a);
        }
      }
      sqlite3_step(insert);
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    Exec(w->db, "COMMIT");
    std::cerr << "ikm_bench: indexing\n";
    Exec(w->db,
         "CREATE INDEX response_unit_month ON response(unit, month, u1, u2, u3, u4, u5, u6, u7, "
         "u8, u9)");
    Exec(w->db, "ANALYZE");

    w->csv_rows = EnvSize("IKM_BENCH_CSV_ROWS", 1'000'000);
    w->csv = w->dir / "survei.csv";
    std::cerr << "ikm_bench: writing a " << w->csv_rows << "-row CSV\n";
    std::ofstream out(w->csv, std::ios::binary);
    out << "tanggal,unit,layanan,jenis_kelamin,usia,U1,U2,U3,U4,U5,U6,U7,U8,U9\n";
    char line[160];
    for (size_t i = 0; i < w->csv_rows; ++i) {
      const uint64_t r = random.Next();
      int len = std::snprintf(
          line, sizeof line, "2026-%02u-%02u,Unit %u,Layanan %u,%s,%u",
          static_cast<unsigned>(r % 12 + 1), static_cast<unsigned>((r >> 8) % 28 + 1),
          static_cast<unsigned>((r >> 16) % 50), static_cast<unsigned>((r >> 24) % 20),
          (r >> 32) % 2 ? "Perempuan" : "Laki-laki", static_cast<unsigned>((r >> 33) % 60 + 17));
      const uint64_t s = random.Next();
      for (int e = 0; e < 9; ++e) {
        const uint8_t a = Answer((s >> (e * 7)) & 0x7F);
        line[len++] = ',';
        if (a != 0) line[len++] = static_cast<char>('0' + a);
      }
      line[len++] = '\n';
      out.write(line, len);
    }
    return w;
  }();
  return *world;
}

void BM_ColumnarIkmByUnitMonth(benchmark::State& state) {
  World& w = TheWorld();
  const SkmDefinition definition = SkmDefinition::Permenpan2017();
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    SkmTally tally(definition, kGroups);
    tally.AddColumns(w.columns);
    double sum = 0;
    for (uint32_t g = 0; g < kGroups; ++g) sum += tally.Score(g).ikm.value_or(0);
    benchmark::DoNotOptimize(sum);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    w.best_columnar = std::min(w.best_columnar, took.count());
    w.columnar_ikm0 = *tally.Score(0).ikm;
  }
  state.counters["responses"] = static_cast<double>(w.columns.size());
  state.counters["groups"] = kGroups;
}

void BM_SqliteGroupByUnitMonth(benchmark::State& state) {
  World& w = TheWorld();
  const std::string sql =
      "SELECT unit, month, SUM(u1), COUNT(u1), SUM(u2), COUNT(u2), SUM(u3), COUNT(u3), SUM(u4), "
      "COUNT(u4), SUM(u5), COUNT(u5), SUM(u6), COUNT(u6), SUM(u7), COUNT(u7), SUM(u8), COUNT(u8), "
      "SUM(u9), COUNT(u9) FROM response GROUP BY unit, month";
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(w.db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) std::exit(1);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    double sum = 0;
    int groups = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      double nrr = 0;
      for (int e = 0; e < 9; ++e) {
        nrr += sqlite3_column_double(stmt, 2 + 2 * e) / sqlite3_column_double(stmt, 3 + 2 * e);
      }
      const double ikm = 25 * nrr / 9;
      if (groups == 0) w.sqlite_ikm0 = ikm;
      sum += ikm;
      ++groups;
    }
    sqlite3_reset(stmt);
    benchmark::DoNotOptimize(sum);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    w.best_sqlite = std::min(w.best_sqlite, took.count());
    if (groups != static_cast<int>(kGroups)) state.SkipWithError("wrong number of groups");
  }
  sqlite3_finalize(stmt);
  std::string plan;
  sqlite3_stmt* explain = nullptr;
  sqlite3_prepare_v2(w.db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &explain, nullptr);
  while (sqlite3_step(explain) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(explain, 3));
  }
  sqlite3_finalize(explain);
  state.SetLabel(plan);
}

void BM_IkmCommandOnCsv(benchmark::State& state) {
  World& w = TheWorld();
  sigap::cli::IkmFlags flags;
  flags.file = w.csv.string();
  flags.format = "json";
  flags.by = "unit";
  flags.population = 2'000'000;
  for (auto _ : state) {
    std::ostringstream out, err;
    const auto start = std::chrono::steady_clock::now();
    const int code = sigap::cli::Ikm(flags, out, err);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (code != 0) state.SkipWithError(err.str().c_str());
    w.best_csv = std::min(w.best_csv, took.count());
  }
  state.counters["rows"] = static_cast<double>(w.csv_rows);
}

BENCHMARK(BM_ColumnarIkmByUnitMonth)->Unit(benchmark::kMillisecond)->MinTime(2)->UseRealTime();
BENCHMARK(BM_SqliteGroupByUnitMonth)->Unit(benchmark::kMillisecond)->MinTime(2)->UseRealTime();
BENCHMARK(BM_IkmCommandOnCsv)->Unit(benchmark::kMillisecond)->MinTime(2)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  World& w = TheWorld();
  const bool same = std::abs(w.columnar_ikm0 - w.sqlite_ikm0) < 1e-9;
  std::printf("\nsummary (best of the iterations):\n");
  std::printf(
      "(1) IKM by unit x month, %zu responses, %u groups: columnar %.4f s (goal <= 0.1: %s)\n",
      w.columns.size(), kGroups, w.best_columnar, w.best_columnar <= 0.1 ? "met" : "MISSED");
  std::printf("    SQLite GROUP BY, covering index: %.3f s; ratio %.1fx (goal >= 50: %s)\n",
              w.best_sqlite, w.best_sqlite / w.best_columnar,
              w.best_sqlite / w.best_columnar >= 50 ? "met" : "MISSED");
  std::printf("    same IKM both ways for unit 0, month 1: %s (%.6f / %.6f)\n", same ? "yes" : "NO",
              w.columnar_ikm0, w.sqlite_ikm0);
  std::printf("(2) sigap ikm --format json --by unit on %zu CSV rows: %.3f s (goal <= 1: %s)\n",
              w.csv_rows, w.best_csv, w.best_csv <= 1 ? "met" : "MISSED");
  delete &w;  // removes the temporary directory
  return same ? 0 : 1;
}
