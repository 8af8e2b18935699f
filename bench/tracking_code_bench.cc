// Micro-benchmarks of the tracking codec: every GET /api/v1/cases/{code}
// decodes a code, every submission encodes one.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "domain/tracking_code.h"

namespace {

using sigap::domain::TrackingCodec;

TrackingCodec Codec() {
  TrackingCodec::Key key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 37 + 11);
  return TrackingCodec(key);
}

void BM_Encode(benchmark::State& state) {
  const TrackingCodec codec = Codec();
  int64_t sequence = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec.Encode(sequence, static_cast<uint32_t>(sequence & 0xFFFF)));
    if (++sequence >= (int64_t{1} << TrackingCodec::kSequenceBits)) sequence = 1;
  }
}
BENCHMARK(BM_Encode);

void BM_Decode(benchmark::State& state) {
  const TrackingCodec codec = Codec();
  std::vector<std::string> codes;
  for (int64_t s = 1; s <= 1024; ++s) codes.push_back(codec.Encode(s * 7919, 1234));
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec.Decode(codes[i++ & 1023]));
  }
}
BENCHMARK(BM_Decode);

// A typed code: lower case, a hyphen, a look-alike.
void BM_DecodeAsTyped(benchmark::State& state) {
  const TrackingCodec codec = Codec();
  std::string code = codec.Encode(424242, 99);
  for (char& c : code) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  code = code.substr(0, 5) + "-" + code.substr(5);
  for (auto _ : state) benchmark::DoNotOptimize(codec.Decode(code));
}
BENCHMARK(BM_DecodeAsTyped);

// A mistyped code is refused by the check character.
void BM_DecodeMistyped(benchmark::State& state) {
  const TrackingCodec codec = Codec();
  std::string code = codec.Encode(424242, 99);
  code[3] = code[3] == 'A' ? 'B' : 'A';
  for (auto _ : state) benchmark::DoNotOptimize(codec.Decode(code));
}
BENCHMARK(BM_DecodeMistyped);

}  // namespace

BENCHMARK_MAIN();
