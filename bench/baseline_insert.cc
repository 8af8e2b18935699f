// The intake baseline: inserts the benchmark's case rows the simple way, one
// transaction (and so one fsync) per case, in WAL mode with
// synchronous=FULL, into a table shaped like `cases` (same columns and
// indexes as migration 0001), from one thread, for a fixed time.
//
//   baseline_insert --db PATH --bodies FILE [--seconds 15]
//
// FILE holds POST /api/v1/cases bodies, one JSON per line (seed_cases
// --bodies). Prints rows/s and the latency distribution of the commits.

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS cases (
  id              INTEGER PRIMARY KEY,
  pemda_id        INTEGER NOT NULL,
  salt            INTEGER NOT NULL,
  tracking_code   TEXT NOT NULL,
  kind            TEXT NOT NULL,
  status          TEXT NOT NULL,
  service_code    TEXT NOT NULL DEFAULT '',
  service_version INTEGER NOT NULL DEFAULT 0,
  service_name    TEXT NOT NULL DEFAULT '',
  category        TEXT NOT NULL DEFAULT '',
  title           TEXT NOT NULL,
  description     TEXT NOT NULL,
  lat             REAL,
  lng             REAL,
  region_code     TEXT NOT NULL DEFAULT '',
  address         TEXT NOT NULL DEFAULT '',
  anonymous       INTEGER NOT NULL DEFAULT 0,
  confidential    INTEGER NOT NULL DEFAULT 0,
  channel         TEXT NOT NULL,
  agency_code     TEXT NOT NULL DEFAULT '',
  attachments     TEXT NOT NULL DEFAULT '[]',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS cases_status ON cases(pemda_id, status, id);
CREATE INDEX IF NOT EXISTS cases_agency ON cases(pemda_id, agency_code, id);
)sql";

constexpr const char* kInsert = R"sql(
INSERT INTO cases (pemda_id, salt, tracking_code, kind, status, service_code, title, description,
                   lat, lng, region_code, address, anonymous, confidential, channel, created_at,
                   updated_at)
VALUES (1, ?1, ?2, ?3, 'received', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'api', ?13, ?13)
)sql";

bool Check(sqlite3* db, int rc, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
  std::cerr << "baseline_insert: " << what << ": " << sqlite3_errmsg(db) << "\n";
  return false;
}

std::string Text(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt = {{"--seconds", "15"}};
  for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  if (argc % 2 == 0 || opt["--db"].empty() || opt["--bodies"].empty()) {
    std::cerr << "usage: baseline_insert --db PATH --bodies FILE [--seconds N]\n";
    return 2;
  }
  std::vector<nlohmann::json> rows;
  std::ifstream in(opt["--bodies"]);
  for (std::string line; std::getline(in, line);) rows.push_back(nlohmann::json::parse(line));
  if (rows.empty()) {
    std::cerr << "baseline_insert: no bodies in " << opt["--bodies"] << "\n";
    return 1;
  }

  sqlite3* db = nullptr;
  if (!Check(db, sqlite3_open(opt["--db"].c_str(), &db), "open") ||
      !Check(db,
             sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr,
                          nullptr),
             "pragmas") ||
      !Check(db, sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr), "schema")) {
    return 1;
  }
  sqlite3_stmt* insert = nullptr;
  if (!Check(db, sqlite3_prepare_v2(db, kInsert, -1, &insert, nullptr), "prepare")) return 1;

  std::mt19937_64 rng(7);
  const char* alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::vector<double> latencies_ms;
  const auto duration = std::chrono::duration<double>(std::atof(opt["--seconds"].c_str()));
  const auto started = SteadyClock::now();
  size_t n = 0;
  while (SteadyClock::now() - started < duration) {
    const nlohmann::json& row = rows[n % rows.size()];
    const auto t0 = SteadyClock::now();
    std::string code(10, '0');
    for (char& c : code) c = alphabet[rng() % 32];
    const auto& location = row.value("location", nlohmann::json::object());
    const std::string kind = Text(row, "kind"), service = Text(row, "service_code"),
                      title = Text(row, "title"), description = Text(row, "description"),
                      region = Text(location, "region_code"), address = Text(location, "address");
    const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    sqlite3_bind_int64(insert, 1, static_cast<int64_t>(rng() % 65536));
    sqlite3_bind_text(insert, 2, code.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 3, kind.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 4, service.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 5, title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 6, description.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(insert, 7, location.value("lat", 0.0));
    sqlite3_bind_double(insert, 8, location.value("lng", 0.0));
    sqlite3_bind_text(insert, 9, region.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 10, address.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(insert, 11, row.value("anonymous", false) ? 1 : 0);
    sqlite3_bind_int(insert, 12, row.value("confidential", false) ? 1 : 0);
    sqlite3_bind_int64(insert, 13, now_us);
    // One transaction per case: autocommit, so the commit (and its fsync)
    // happens inside this step.
    if (!Check(db, sqlite3_step(insert), "insert")) return 1;
    sqlite3_reset(insert);
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
    ++n;
  }
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  sqlite3_finalize(insert);
  sqlite3_close(db);

  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto pct = [&](double p) {
    return latencies_ms[std::min(latencies_ms.size() - 1,
                                 static_cast<size_t>(p / 100.0 * latencies_ms.size()))];
  };
  std::printf(
      "baseline_insert: %zu rows in %.1f s = %.0f rows/s (one transaction each, "
      "WAL, synchronous=FULL)\n",
      n, seconds, n / seconds);
  std::printf("baseline_insert: latency ms p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", pct(50),
              pct(90), pct(99), latencies_ms.back());
  return 0;
}
