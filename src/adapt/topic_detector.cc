#include "adapt/topic_detector.h"

#include <algorithm>
#include <cmath>

#include "adapt/poisson.h"

namespace sigap::adapt {
namespace {

constexpr double kDecay = 0.99232;  // half-life 90 days
constexpr int kLag = 7;
constexpr int kWarmupDays = 28;

}  // namespace

TopicDetector::TopicDetector(Options options) : options_(options) {}

size_t TopicDetector::MemoryBytes() const {
  size_t bytes =
      sizeof(*this) + terms_.capacity() * sizeof(Term) + active_.capacity() * sizeof(uint32_t);
  for (const auto& t : terms_) bytes += t.text.capacity() > 15 ? t.text.capacity() : 0;
  // The hash map: a node (key string + id + next pointer) and a bucket per term.
  bytes += ids_.size() * (sizeof(std::string) + 2 * sizeof(void*) + 8) +
           ids_.bucket_count() * sizeof(void*);
  return bytes;
}

void TopicDetector::OnText(uint64_t case_id, std::string_view text) {
  const int slot = days_ % kHistory;
  ++texts_[slot];
  normalizer_.ForEachTerm(text, [&](std::string_view word) {
    auto it = ids_.find(word);
    if (it == ids_.end()) {
      it = ids_.emplace(std::string(word), static_cast<uint32_t>(terms_.size())).first;
      terms_.push_back(Term{});
      terms_.back().text = std::string(word);
    }
    Term& t = terms_[it->second];
    if (t.last_day != days_) {
      // Days it was not seen are zero.
      for (int d = std::max({t.last_day + 1, days_ - kHistory + 1, 0}); d <= days_; ++d) {
        t.count[d % kHistory] = 0;
      }
      if (t.last_day < days_ - kLag) active_.push_back(it->second);
      t.last_day = days_;
    }
    if (t.count[slot] < UINT16_MAX) ++t.count[slot];
    t.cases[t.next_case] = case_id;
    t.next_case = static_cast<uint8_t>((t.next_case + 1) % t.cases.size());
    t.n_cases = static_cast<uint8_t>(std::min<size_t>(t.n_cases + 1, t.cases.size()));
  });
}

void TopicDetector::CloseDay(Day day, std::vector<AlertDraft>& out) {
  std::sort(active_.begin(), active_.end());
  active_.erase(std::unique(active_.begin(), active_.end()), active_.end());
  // Baseline: the day a week old joins the decayed sums before today is
  // judged. Term sums are stored scaled by kDecay^-day, so terms not seen
  // that day need no update.
  const int lag_day = days_ - kLag;
  double decay_now = 0;
  if (lag_day >= 0) {
    text_total_ = text_total_ * kDecay + texts_[lag_day % kHistory];
    const double scale = std::pow(kDecay, -lag_day);
    decay_now = 1 / scale;
    for (const uint32_t id : active_) {
      Term& t = terms_[id];
      if (lag_day > t.last_day || lag_day <= t.last_day - kHistory) continue;
      t.sum += t.count[lag_day % kHistory] * scale;
    }
  }
  struct Test {
    double p;
    uint32_t term;
    int window;
    double x, e;
  };
  std::vector<Test> tests;
  std::vector<uint32_t> still_active;
  for (const uint32_t id : active_) {
    const Term& t = terms_[id];
    // Kept until its last day has joined the baseline.
    if (t.last_day >= days_ - kLag + 1) still_active.push_back(id);
    if (t.last_day < days_ - options_.max_window + 1 || days_ < kWarmupDays) continue;
    const double share = (t.sum * decay_now + 0.5) / (text_total_ + 1);
    double x = 0, texts = 0;
    for (int w = 0; w < options_.max_window && w <= days_; ++w) {
      const int d = days_ - w;
      x += d <= t.last_day ? t.count[d % kHistory] : 0;
      texts += texts_[d % kHistory];
      const double e = share * texts;
      if (x < options_.min_count || x < options_.min_ratio * e) {
        tests.push_back({1, id, w + 1, x, e});
        continue;
      }
      tests.push_back({PoissonUpperTail(x, e), id, w + 1, x, e});
    }
  }
  active_ = std::move(still_active);

  ++days_;
  texts_[days_ % kHistory] = 0;
  if (tests.empty()) return;
  // Benjamini-Hochberg over every term and window tested today.
  std::sort(tests.begin(), tests.end(), [](const Test& a, const Test& b) { return a.p < b.p; });
  const double m = static_cast<double>(tests.size());
  size_t significant = 0;
  for (size_t i = 0; i < tests.size(); ++i) {
    if (tests[i].p <= options_.fdr * static_cast<double>(i + 1) / m) significant = i + 1;
  }
  if (significant == 0) return;
  AlertDraft d;
  d.detector = DetectorKind::kEmergingTopic;
  d.method = "Poisson burst test per term with Benjamini-Hochberg (1995) FDR control";
  d.day = day;
  d.group = "emerging_topic";
  std::vector<uint32_t> seen;
  const Test& top = tests[0];
  d.since_day = day - top.window + 1;
  d.observed = top.x;
  d.expected = top.e;
  d.p_value = top.p;
  d.statistic = top.p > 0 ? -std::log10(top.p) : 300;
  d.threshold = -std::log10(options_.fdr / m);
  for (size_t i = 0; i < significant && d.top_terms.size() < 5; ++i) {
    if (std::find(seen.begin(), seen.end(), tests[i].term) != seen.end()) continue;
    seen.push_back(tests[i].term);
    d.top_terms.push_back(terms_[tests[i].term].text);
  }
  const Term& t = terms_[top.term];
  for (int i = 0; i < t.n_cases; ++i) d.case_ids.push_back(t.cases[i]);
  for (int w = std::min(days_, kHistory) - 1; w >= 0; --w) {
    const int dd = days_ - 1 - w;
    d.series.push_back(dd <= t.last_day && dd > t.last_day - kHistory ? t.count[dd % kHistory] : 0);
  }
  std::string quoted;
  for (size_t i = 0; i < d.top_terms.size() && i < 3; ++i) {
    quoted += (i ? ", " : "") + d.top_terms[i];
  }
  d.sentence = "Topik baru muncul: \"" + quoted + "\" disebut dalam " +
               std::to_string(static_cast<int>(top.x)) + " laporan sejak " +
               FormatShortDate(d.since_day) + ", biasanya " + FormatRatio(top.e) + ".";
  out.push_back(std::move(d));
}

}  // namespace sigap::adapt
