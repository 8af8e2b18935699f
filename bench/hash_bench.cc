// The audit chain's hash (domain::EventHash, once per case event: a filed
// case's "submitted" event carries the case, ~2.5 KB of JSON) against the
// same SHA-256 by libsodium's portable code, which it used before.
//
//   build/release/bench/hash_bench

#include <benchmark/benchmark.h>
#include <sodium.h>

#include <string>

#include "domain/case_event.h"
#include "domain/sha256.h"

namespace {

using sigap::domain::CaseEvent;

CaseEvent Submitted() {
  CaseEvent e;
  e.id = 1234567;
  e.pemda_id = 1;
  e.case_id = 987654;
  e.kind = "submitted";
  e.actor = "citizen";
  e.at = sigap::Timestamp(std::chrono::microseconds(1764547200123456));
  e.payload_json = std::string(2500, 'x');
  e.is_public = true;
  e.prev_hash = sigap::domain::Sha256Hex("the event before");
  return e;
}

// The reference: libsodium's SHA-256 over the same bytes.
std::string LibsodiumHex(const std::string& message) {
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const uint8_t*>(message.data()), message.size());
  return sigap::domain::HexOf(digest, sizeof digest);
}

void BM_EventHash(benchmark::State& state) {
  const CaseEvent e = Submitted();
  for (auto _ : state) benchmark::DoNotOptimize(sigap::domain::EventHash(e));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * e.payload_json.size()));
}
BENCHMARK(BM_EventHash);

void BM_Sha256Hex(benchmark::State& state) {
  const std::string message(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) benchmark::DoNotOptimize(sigap::domain::Sha256Hex(message));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * message.size()));
}
BENCHMARK(BM_Sha256Hex)->Arg(64)->Arg(2600);

void BM_Sha256HexLibsodium(benchmark::State& state) {
  const std::string message(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) benchmark::DoNotOptimize(LibsodiumHex(message));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * message.size()));
}
BENCHMARK(BM_Sha256HexLibsodium)->Arg(64)->Arg(2600);

}  // namespace

BENCHMARK_MAIN();
