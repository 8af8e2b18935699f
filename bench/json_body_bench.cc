// Parsing a request body (api::ParseJsonBody): a citizen's submission, and
// arrays of many objects. The references, in the same run: nlohmann's own
// json::parse without a callback (no check for repeated members), and with
// the callback the server used until the forty-third session (its DOM
// builder searched the enclosing array after every object). Then printing
// the parsed submission again (its Idempotency-Key fingerprint): Sigap's
// Dump (JsonWriter walking the DOM) against nlohmann's dump().

#include <benchmark/benchmark.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "api/json_body.h"
#include "json/writer.h"

namespace {

using nlohmann::json;

const std::string kSubmission =
    R"({"kind":"complaint","service_code":"PU-DRAINASE",)"
    R"("title":"Saluran tersumbat","description":"Saluran di depan SD )"
    R"(tersumbat sampah sejak seminggu, air meluap ke jalan setiap )"
    R"(hujan deras dan warga sulit lewat.","location":{"lat":-6.9932,)"
    R"("lng":110.4203,"region_code":"33.74.01.1001","address":"Jl. )"
    R"(Pemuda 12"},"reporter":{"name":"Sri","phone":"081234567890",)"
    R"("email":"sri@example.id"},"anonymous":false,"confidential":false})";

std::string ManyObjects(int64_t n) {
  std::string text = R"({"actions":[)";
  for (int64_t i = 0; i < n; ++i)
    text += (i ? "," : "") + std::string(R"({"type":"notify","to":"handler"})");
  return text + "]}";
}

sigap::http::Request Post(std::string body) {
  sigap::http::Request request;
  request.method = "POST";
  request.headers["Content-Type"] = "application/json";
  request.body = std::move(body);
  return request;
}

// The callback of the old RepeatedMemberWatch, reduced to its cost: it
// returned true for every event.
bool KeepAll(int /*depth*/, json::parse_event_t /*event*/, json& /*parsed*/) { return true; }

void BM_Submission_ParseJsonBody(benchmark::State& state) {
  const auto request = Post(kSubmission);
  for (auto _ : state) benchmark::DoNotOptimize(sigap::api::ParseJsonBody(request));
}
BENCHMARK(BM_Submission_ParseJsonBody);

void BM_Submission_NlohmannParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(json::parse(kSubmission, nullptr, false));
}
BENCHMARK(BM_Submission_NlohmannParse);

void BM_Submission_NlohmannCallback(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(json::parse(kSubmission, KeepAll, false));
}
BENCHMARK(BM_Submission_NlohmannCallback);

void BM_Array_ParseJsonBody(benchmark::State& state) {
  const auto request = Post(ManyObjects(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(sigap::api::ParseJsonBody(request));
}
BENCHMARK(BM_Array_ParseJsonBody)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);

void BM_Array_NlohmannCallback(benchmark::State& state) {
  const std::string text = ManyObjects(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(json::parse(text, KeepAll, false));
}
BENCHMARK(BM_Array_NlohmannCallback)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);

void BM_Submission_Dump(benchmark::State& state) {
  const json dom = json::parse(kSubmission);
  for (auto _ : state) benchmark::DoNotOptimize(sigap::json_text::Dump(dom));
}
BENCHMARK(BM_Submission_Dump);

void BM_Submission_NlohmannDump(benchmark::State& state) {
  const json dom = json::parse(kSubmission);
  for (auto _ : state) benchmark::DoNotOptimize(dom.dump());
}
BENCHMARK(BM_Submission_NlohmannDump);

}  // namespace

BENCHMARK_MAIN();
