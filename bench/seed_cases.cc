// Fills a database with many cases quickly, for the read benchmark, and
// writes request bodies for the intake benchmark.
//
//   seed_cases --db PATH --count 1000000 [--batch 5000] [--codes FILE]
//       adds COUNT cases (created over the last 18 months) through
//       CaseIntake::Prepare + SubmitAll, one transaction per batch, and
//       writes their tracking codes to FILE, one per line (a confidential
//       case's line adds its reporter secret after a space);
//   seed_cases --db PATH --bodies FILE --count 20000
//       writes COUNT POST /api/v1/cases bodies, one JSON per line, and
//       stores nothing.
// The database must hold the demo Pemda (`sigap demo`). Other options:
// --csv FILE (texts; default data/demo/complaints.csv), --pemda CODE
// (default 33.74), --seed N, --order random|time: random (the default)
// writes the cases in random time order, as an import of old cases would;
// time writes them oldest first, as a live server appends them (the order
// the detectors' rebuild reads them in, so its reads are sequential).
// --history 1 gives each case the lifecycle the demo's historical cases get
// (cli::DemoHistory: verification, disposition, work, resolution,
// closure; some stalled, forwarded or reopened), so that the database has
// the several events per case of a Pemda's real history rather than one
// arrival each; --data-dir DIR is where the demo's data files are
// (default: the source tree's data/).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "app/calendar_book.h"
#include "app/case_intake.h"
#include "case_corpus.h"
#include "cli/demo_catalogue.h"
#include "cli/demo_history.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using SteadyClock = std::chrono::steady_clock;

class SystemClock final : public sigap::Clock {
 public:
  sigap::Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

double Seconds(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

int Usage() {
  std::cerr << "usage: seed_cases --db PATH --count N [--batch N] [--codes FILE] [--bodies FILE]\n"
               "                  [--csv FILE] [--pemda CODE] [--seed N] [--order random|time]\n"
               "                  [--history 0|1] [--data-dir DIR]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt = {{"--count", "1000000"},
                                            {"--batch", "5000"},
                                            {"--csv", SIGAP_SOURCE_DIR "/data/demo/complaints.csv"},
                                            {"--pemda", "33.74"},
                                            {"--seed", "42"},
                                            {"--order", "random"},
                                            {"--history", "0"},
                                            {"--data-dir", SIGAP_SOURCE_DIR "/data"}};
  for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  if (argc % 2 == 0 || opt["--db"].empty()) return Usage();
  if (opt["--order"] != "random" && opt["--order"] != "time") return Usage();
  const bool in_time_order = opt["--order"] == "time";
  if (opt["--history"] != "0" && opt["--history"] != "1") return Usage();
  const bool with_history = opt["--history"] == "1";
  const long count = std::atol(opt["--count"].c_str());
  const long batch = std::max(1L, std::atol(opt["--batch"].c_str()));

  auto store = sigap::store::sqlite::SqliteStore::Open(opt["--db"]);
  if (!store) {
    std::cerr << "seed_cases: " << store.error().message << "\n";
    return 1;
  }
  if (auto migrated = (*store)->Migrate(); !migrated) {
    std::cerr << "seed_cases: migrate: " << migrated.error().message << "\n";
    return 1;
  }
  auto pemda = (*store)->FindPemda(opt["--pemda"]);
  if (!pemda) {
    std::cerr << "seed_cases: no Pemda " << opt["--pemda"] << " (run `sigap demo` first)\n";
    return 1;
  }
  auto corpus = sigap::bench::CaseCorpus::Load(**store, pemda->id, opt["--csv"]);
  if (!corpus) {
    std::cerr << "seed_cases: " << corpus.error().message << "\n";
    return 1;
  }
  std::mt19937_64 rng(std::strtoull(opt["--seed"].c_str(), nullptr, 10));

  if (!opt["--bodies"].empty()) {
    std::ofstream out(opt["--bodies"]);
    for (long i = 0; i < count; ++i)
      out << sigap::bench::ToRequestJson(corpus->Make(rng)).dump() << "\n";
    std::cerr << "seed_cases: wrote " << count << " request bodies to " << opt["--bodies"] << "\n";
    return out ? 0 : 1;
  }

  SystemClock clock;
  auto intake = sigap::app::CaseIntake::Create(**store, clock);
  if (!intake) {
    std::cerr << "seed_cases: " << intake.error().message << "\n";
    return 1;
  }
  std::ofstream codes;
  if (!opt["--codes"].empty()) codes.open(opt["--codes"]);
  const auto now = clock.Now();
  // The demo's lifecycle player, on the demo's catalogue and calendar.
  std::optional<sigap::cli::DemoCatalogue> catalogue;
  std::unique_ptr<sigap::app::CalendarBook> calendars;
  std::optional<sigap::cli::DemoHistory> history;
  std::mt19937_64 life_rng;
  if (with_history) {
    const std::filesystem::path data_dir = opt["--data-dir"];
    auto loaded = sigap::cli::LoadDemoCatalogue(data_dir);
    if (!loaded) {
      std::cerr << "seed_cases: " << loaded.error().message << "\n";
      return 1;
    }
    catalogue = std::move(*loaded);
    auto book =
        sigap::app::CalendarBook::Create(**store, data_dir / "calendar", std::chrono::hours(16));
    if (!book) {
      std::cerr << "seed_cases: " << book.error().message << "\n";
      return 1;
    }
    calendars = std::move(*book);
    auto calendar = calendars->For(*pemda);
    if (!calendar) {
      std::cerr << "seed_cases: " << calendar.error().message << "\n";
      return 1;
    }
    history.emplace(*catalogue, *calendar, sigap::domain::SlaPolicy{}, now);
    life_rng.seed(rng());  // drawn only here: without histories, the same cases as before
  }
  constexpr int64_t kSpan = int64_t{548} * 24 * 3600 * 1000000;  // 18 months, in µs
  std::uniform_int_distribution<int64_t> age(0, kSpan);
  // In time order: case i falls uniformly within the i-th of `count` equal
  // slices of the span, so the times are still uniform over it.
  const double slice = static_cast<double>(kSpan) / static_cast<double>(std::max(1L, count));
  std::uniform_real_distribution<double> within(0.0, 1.0);
  // Batch n+1 is prepared (validation and look-ups, on another thread)
  // while batch n is written.
  auto prepare = [&](long first) -> sigap::Result<std::vector<sigap::store::NewCase>> {
    std::vector<sigap::store::NewCase> cases;
    for (long i = first; i < first + batch && i < count; ++i) {
      sigap::app::SubmitOptions options;
      options.actor = "import";
      const int64_t ago =
          in_time_order
              ? kSpan - static_cast<int64_t>((static_cast<double>(i) + within(rng)) * slice)
              : age(rng);
      options.created_at = now - std::chrono::microseconds(ago);
      auto submission = corpus->Make(rng);
      submission.channel = sigap::domain::Channel::kImport;
      auto prepared = (*intake)->Prepare(pemda->id, std::move(submission), options);
      if (!prepared) return sigap::Fail(prepared.error());
      if (history) {
        if (auto played = history->Play(*prepared, life_rng); !played) {
          return sigap::Fail(played.error());
        }
      }
      cases.push_back(std::move(*prepared));
    }
    return cases;
  };
  const auto started = SteadyClock::now();
  long written = 0;
  auto next = std::async(std::launch::async, prepare, 0L);
  while (written < count) {
    auto cases = next.get();
    if (!cases) {
      std::cerr << "seed_cases: prepare: " << cases.error().message << "\n";
      return 1;
    }
    const long n = static_cast<long>(cases->size());
    std::vector<bool> confidential;
    for (const auto& c : *cases) confidential.push_back(c.submission.confidential);
    if (written + n < count) next = std::async(std::launch::async, prepare, written + n);
    auto submitted = (*intake)->SubmitAll(std::move(*cases));
    if (!submitted) {
      std::cerr << "seed_cases: submit: " << submitted.error().message << "\n";
      return 1;
    }
    if (codes.is_open()) {
      // A confidential case is readable with its reporter's secret only.
      for (size_t i = 0; i < submitted->size(); ++i) {
        const auto& s = (*submitted)[i];
        codes << s.receipt.tracking_code;
        if (confidential[i]) codes << ' ' << s.reporter_secret;
        codes << '\n';
      }
    }
    written += n;
    if (written % 100000 < batch || written == count) {
      std::fprintf(stderr, "seed_cases: %ld cases, %.1f s, %.0f cases/s\n", written,
                   Seconds(started), written / Seconds(started));
    }
  }
  const double total = Seconds(started);
  std::printf("seeded %ld cases in %.1f s (%.0f cases/s, batches of %ld)\n", written, total,
              written / total, batch);
  return codes.is_open() && !codes ? 1 : 0;
}
