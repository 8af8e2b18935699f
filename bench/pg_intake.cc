// Durable intake on PostgreSQL (issue 7) against a one-row-autocommit
// baseline measured in the same run, on the same server:
//   baseline: one connection, INSERT of one row per transaction (commit
//             waits for the WAL flush), for --seconds;
//   intake:   --clients threads submitting cases through PostgresStore
//             (each waits for its acknowledgement, i.e. the commit, then
//             submits the next), for --seconds.
// Both run in a fresh schema of --db, dropped afterwards. Prints rows/s,
// cases/s and the ratio, then verifies the hash chain.
//
//   pg_intake --db postgresql://user@host/db [--seconds 10] [--clients 64]
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/postgres_store.h"

using namespace sigap;
using namespace sigap::store;
using SteadyClock = std::chrono::steady_clock;

namespace {

std::string WithSchema(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

const char* kDescription =
    "Saluran air di depan SD Negeri 3 tersumbat sampah sejak seminggu, setiap hujan air meluap "
    "ke jalan dan masuk ke rumah warga. Mohon segera dibersihkan oleh petugas.";

int Die(const std::string& what) {
  std::cerr << "pg_intake: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  int seconds = 10, clients = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--db")) url = argv[i + 1];
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--clients")) clients = std::atoi(argv[i + 1]);
  }
  if (url.empty()) return Die("usage: pg_intake --db URL [--seconds N] [--clients N]");
  const std::string schema = "bench_" + std::to_string(getpid());
  auto admin = postgres::Connection::Open(url);
  if (!admin) return Die(admin.error().message);
  if (auto s = (*admin)->Exec("CREATE SCHEMA " + schema); !s) return Die(s.error().message);
  const std::string db = WithSchema(url, schema);

  // Baseline: one row per autocommit transaction.
  int64_t rows = 0;
  double baseline = 0;
  {
    auto conn = postgres::Connection::Open(db);
    if (!conn) return Die(conn.error().message);
    if (auto s = (*conn)->Exec("CREATE TABLE baseline (id BIGINT GENERATED ALWAYS AS IDENTITY "
                               "PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL, "
                               "created_at BIGINT NOT NULL)");
        !s) {
      return Die(s.error().message);
    }
    auto insert =
        (*conn)->Prepare("INSERT INTO baseline (title, description, created_at) VALUES (?, ?, ?)");
    if (!insert) return Die(insert.error().message);
    const auto start = SteadyClock::now();
    const auto end = start + std::chrono::seconds(seconds);
    while (SteadyClock::now() < end) {
      (*insert)->Reset();
      (*insert)->Bind(1, "Saluran tersumbat " + std::to_string(rows)).Bind(2, kDescription);
      (*insert)->Bind(3, int64_t{1'780'000'000'000'000} + rows);
      if (auto s = (*insert)->Run(); !s) return Die(s.error().message);
      ++rows;
    }
    baseline = double(rows) / std::chrono::duration<double>(SteadyClock::now() - start).count();
  }

  // Durable intake through the store.
  double intake = 0;
  int64_t cases = 0;
  std::atomic<int64_t> failed{0};
  {
    auto store = postgres::PostgresStore::Open(db);
    if (!store) return Die(store.error().message);
    if (auto m = (*store)->Migrate(); !m) return Die(m.error().message);
    auto pemda = (*store)->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    if (!pemda) return Die(pemda.error().message);
    std::atomic<int64_t> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const auto start = SteadyClock::now();
    for (int t = 0; t < clients; ++t) {
      threads.emplace_back([&, t] {
        for (int64_t i = 0; !stop; ++i) {
          NewCase c;
          c.pemda_id = *pemda;
          c.submission.title = "Saluran tersumbat " + std::to_string(i);
          c.submission.description = kDescription;
          c.submission.reporter = {"Sri Rahayu", "081234567890", "sri@contoh.id", ""};
          c.submission.location.point = domain::GeoPoint{-6.99, 110.42};
          c.agency_code = "DPU";
          c.salt = static_cast<uint32_t>(i * 7919 + t);
          c.created_at = FromMicros(int64_t{1'780'000'000'000'000} + i);
          c.idempotency_key = "bench-" + std::to_string(t) + "-" + std::to_string(i);
          c.request_fingerprint = "f";
          std::promise<bool> ack;
          (*store)->SubmitCase(std::move(c),
                               [&ack](Result<SubmitReceipt> r) { ack.set_value(r.has_value()); });
          if (ack.get_future().get()) {
            ++done;
          } else {
            ++failed;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& th : threads) th.join();
    cases = done;
    intake = double(cases) / std::chrono::duration<double>(SteadyClock::now() - start).count();
    auto report = (*store)->VerifyAuditChain();
    if (!report || !report->ok) return Die("the hash chain does not verify");
  }
  (void)(*admin)->Exec("DROP SCHEMA " + schema + " CASCADE");

  std::printf(
      "baseline (one row per autocommit transaction, 1 connection): %lld rows in %d s = "
      "%.0f rows/s\n",
      static_cast<long long>(rows), seconds, baseline);
  std::printf(
      "durable intake (PostgresStore, %d clients, acknowledged after commit): %lld cases "
      "in %d s = %.0f cases/s, %lld failed; hash chain verified\n",
      clients, static_cast<long long>(cases), seconds, intake,
      static_cast<long long>(failed.load()));
  std::printf("ratio: %.2fx\n", intake / baseline);
  return failed == 0 ? 0 : 1;
}
