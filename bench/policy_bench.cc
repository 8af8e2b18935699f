// Policy rules (issue 10): the cost of evaluating one case event against 100
// active rules (goal <= 5 us per event), against the same events with one
// active rule as the reference, and a dry run over 1,000,000 historical
// events with their follow-ups (goal <= 10 s).
//
// The 100 rules are realistic and adversarial: 60 listen for "submitted"
// (every case fires that), 20 for deadline states and 20 for other events;
// each has a scope and two or three conditions, a quarter of them over the
// text, so most events pay for many rules before one matches.
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "adapt/policy_engine.h"

namespace {

using namespace sigap::adapt;
using sigap::Timestamp;

const char* const kKinds[] = {"complaint", "request", "aspiration", "information"};
const char* const kAgencies[] = {"DPU", "DLH", "DISHUB", "DINKES", "DISDUK", "BPBD", "SATPOLPP"};
const char* const kCategories[] = {"drainase", "jalan", "sampah", "lampu", "kesehatan", "adminduk"};
const char* const kEvents[] = {"submitted", "verified", "disposed", "resolved", "escalated"};

std::vector<PolicyRule> Rules(int n) {
  std::vector<PolicyRule> rules;
  for (int i = 0; i < n; ++i) {
    PolicyRule r;
    r.id = i + 1;
    r.name = "aturan " + std::to_string(i);
    r.basis = "Perbup 1/2026";
    r.max_per_hour = 1000000;
    if (i < 60) {
      r.trigger = TriggerKind::kCaseEvent;
      r.trigger_value = "submitted";
    } else if (i < 80) {
      r.trigger = TriggerKind::kDeadline;
      r.trigger_value = i % 2 ? "overdue" : "due_soon";
    } else {
      r.trigger = TriggerKind::kCaseEvent;
      r.trigger_value = kEvents[1 + i % 4];
    }
    if (i % 3 == 0) r.scope.agency = kAgencies[i % 7];
    if (i % 5 == 0) r.scope.region = "33.74.0" + std::to_string(1 + i % 9);
    r.conditions.push_back({PolicyField::kKind, PolicyOp::kEq, {kKinds[i % 4]}, 0});
    r.conditions.push_back(
        {PolicyField::kCategory, PolicyOp::kIn, {kCategories[i % 6], kCategories[(i + 1) % 6]}, 0});
    if (i % 4 == 0)
      r.conditions.push_back({PolicyField::kText, PolicyOp::kContains, {"banjir"}, 0});
    if (i % 4 == 1) r.conditions.push_back({PolicyField::kSupporters, PolicyOp::kGe, {"3"}, 3});
    PolicyAction a;
    a.kind = i % 2 ? ActionKind::kRaisePriority : ActionKind::kNotify;
    a.level = "high";
    a.target = "agency_head";
    r.actions.push_back(a);
    if (i % 10 == 0) {
      PolicyAction d;
      d.kind = ActionKind::kAdjustDeadline;
      d.stage = DeadlineStage::kResolution;
      d.days = 3;
      r.actions.push_back(d);
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

std::vector<PolicyEvent> Events(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<PolicyEvent> out;
  out.reserve(n);
  const Timestamp t0 = Timestamp(std::chrono::hours(24 * 365 * 56));
  for (size_t i = 0; i < n; ++i) {
    PolicyEvent e;
    const uint32_t r = rng();
    e.trigger = r % 10 < 7 ? TriggerKind::kCaseEvent : TriggerKind::kDeadline;
    e.value = e.trigger == TriggerKind::kDeadline ? (r % 2 ? "overdue" : "due_soon")
                                                  : kEvents[(r >> 4) % 5];
    e.at = t0 + std::chrono::seconds(30 * i);
    e.facts.case_id = static_cast<int64_t>(i / 3 + 1);
    e.facts.kind = kKinds[(r >> 8) % 4];
    e.facts.agency = kAgencies[(r >> 11) % 7];
    e.facts.category = kCategories[(r >> 14) % 6];
    e.facts.region = "33.74.0" + std::to_string(1 + (r >> 17) % 9) + ".100" + std::to_string(r % 7);
    e.facts.supporters = static_cast<int>((r >> 21) % 6);
    e.facts.text = (r >> 24) % 8 == 0 ? "jalan banjir setinggi lutut sejak pagi"
                                      : "lampu jalan mati di depan sekolah dasar";
    e.facts.complaint_days = 22;
    out.push_back(std::move(e));
  }
  return out;
}

void Evaluate(benchmark::State& state) {
  PolicyEngine engine(Rules(static_cast<int>(state.range(0))));
  const auto events = Events(4096, 7);
  std::vector<PolicyDecision> out;
  size_t i = 0, fired = 0;
  for (auto _ : state) {
    out.clear();
    engine.Evaluate(events[i++ & 4095], out);
    fired += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["fired_per_event"] =
      benchmark::Counter(static_cast<double>(fired) / static_cast<double>(state.iterations()));
}
BENCHMARK(Evaluate)->Arg(1)->Arg(100);

void DryRunMillion(benchmark::State& state) {
  const auto rules = Rules(100);
  const auto events = Events(1000000, 11);
  for (auto _ : state) {
    const auto report = DryRun(rules, events);
    benchmark::DoNotOptimize(report.decisions);
    state.counters["decisions"] = static_cast<double>(report.decisions);
    state.counters["cases"] = static_cast<double>(report.cases);
    state.counters["loops_prevented"] = static_cast<double>(report.counters.loops_prevented);
  }
}
BENCHMARK(DryRunMillion)->Unit(benchmark::kMillisecond)->Iterations(1);

// Reference for the dry run: what any replay costs before a rule is looked
// at, copying each of the 1,000,000 events once into the work queue.
void CopyMillion(benchmark::State& state) {
  const auto events = Events(1000000, 11);
  std::vector<PolicyEvent> pending;
  for (auto _ : state) {
    size_t bytes = 0;
    for (const auto& e : events) {
      pending.clear();
      pending.push_back(e);
      bytes += pending.back().facts.text.size();
    }
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(CopyMillion)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
