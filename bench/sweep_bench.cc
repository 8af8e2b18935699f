// The deadline sweep over a large database (issue 3): time per sweep when
// nothing is due and when 1% of the open cases is due, against a reference
// measured on the same database in the same run: one full scan of the
// cases for their deadlines (what a sweep without the next-check index
// would do at least).
//
//   SWEEP_DB=PATH sweep_bench [--benchmark_* flags]
//
// PATH must hold the demo Pemda and many cases (bench/run uses the
// 1,000,000-case database of the read benchmark). The program gives every
// case a running verification deadline far in the future (one UPDATE),
// then for the 1% run makes every 100th case due before each iteration.

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "app/calendar_book.h"
#include "app/case_intake.h"
#include "app/case_workflow.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace sigap;

class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }

 private:
  Timestamp now_;
};

// 2026-06-01T00:00:00Z: inside the calendar's years.
const Timestamp kNow = FromMicros(1'780'272'000'000'000);
const int64_t kFarFuture = ToMicros(kNow) + int64_t{3600} * 24 * 365 * 1'000'000;
const int64_t kPast = ToMicros(kNow) - int64_t{3600} * 1'000'000;

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::cerr << "sweep_bench: " << sql << ": " << (error ? error : "?") << "\n";
    std::exit(1);
  }
}

struct World {
  std::string path;
  std::unique_ptr<store::sqlite::SqliteStore> store;
  std::unique_ptr<app::CaseIntake> intake;
  std::unique_ptr<app::CalendarBook> calendars;
  std::unique_ptr<app::CaseWorkflow> workflow;
  FixedClock clock{kNow};
  int64_t open_cases = 0;
};

World& Get() {
  static World* world = [] {
    auto* w = new World;
    const char* path = std::getenv("SWEEP_DB");
    if (!path) {
      std::cerr << "sweep_bench: set SWEEP_DB to a database with many cases\n";
      std::exit(2);
    }
    w->path = path;
    sqlite3* db = nullptr;
    sqlite3_open(path, &db);
    Exec(db, "UPDATE cases SET status = 'received', stage = 'verification', due_at = " +
                 std::to_string(kFarFuture) + ", due_soon_at = " + std::to_string(kFarFuture) +
                 ", next_check_at = " + std::to_string(kFarFuture) + ", escalation_level = 0");
    sqlite3_close(db);
    auto store = store::sqlite::SqliteStore::Open(path);
    if (!store || !(*store)->Migrate()) std::exit(1);
    w->store = std::move(*store);
    auto intake = app::CaseIntake::Create(*w->store, w->clock);
    if (!intake) std::exit(1);
    w->intake = std::move(*intake);
    auto calendars = app::CalendarBook::Create(
        *w->store, std::string(SIGAP_SOURCE_DIR) + "/data/calendar", std::chrono::hours(16));
    if (!calendars) {
      std::cerr << "sweep_bench: " << calendars.error().message << "\n";
      std::exit(1);
    }
    w->calendars = std::move(*calendars);
    w->workflow = std::make_unique<app::CaseWorkflow>(*w->store, *w->intake, *w->calendars,
                                                      w->clock, domain::SlaPolicy{});
    auto count = w->store->ListPemdas();
    if (!count || count->empty()) std::exit(1);
    auto n = w->store->CountCases(count->front().id);
    w->open_cases = n ? *n : 0;
    return w;
  }();
  return *world;
}

void BM_SweepNothingDue(benchmark::State& state) {
  World& w = Get();
  for (auto _ : state) {
    auto report = w.workflow->Sweep(kNow);
    if (!report || report->checked != 0) state.SkipWithError("something was due");
  }
  state.counters["open_cases"] = static_cast<double>(w.open_cases);
}

void BM_SweepOnePercentDue(benchmark::State& state) {
  World& w = Get();
  sqlite3* db = nullptr;
  sqlite3_open(w.path.c_str(), &db);
  int64_t escalated = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Exec(db, "UPDATE cases SET escalation_level = 0, due_soon_at = " + std::to_string(kPast) +
                 ", next_check_at = " + std::to_string(kPast) + " WHERE id % 100 = 0");
    state.ResumeTiming();
    auto report = w.workflow->Sweep(kNow, 1'000'000);
    if (!report) {
      state.SkipWithError(report.error().message.c_str());
      break;
    }
    escalated = report->escalated;
  }
  sqlite3_close(db);
  state.counters["escalated"] = static_cast<double>(escalated);
}

// The reference: one pass over every case's deadline columns.
void BM_ReferenceFullScan(benchmark::State& state) {
  World& w = Get();
  sqlite3* db = nullptr;
  sqlite3_open_v2(w.path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT COUNT(*) FROM cases WHERE status NOT IN ('closed', 'rejected', "
                     "'merged') AND due_soon_at <= ?",
                     -1, &stmt, nullptr);
  for (auto _ : state) {
    sqlite3_bind_int64(stmt, 1, ToMicros(kNow));
    sqlite3_step(stmt);
    benchmark::DoNotOptimize(sqlite3_column_int64(stmt, 0));
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

BENCHMARK(BM_ReferenceFullScan)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_SweepNothingDue)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(BM_SweepOnePercentDue)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
