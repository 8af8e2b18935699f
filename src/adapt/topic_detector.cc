#include "adapt/topic_detector.h"

#include <algorithm>
#include <cmath>

#include "adapt/poisson.h"

namespace sigap::adapt {
namespace {

constexpr double kDecay = 0.99232;  // half-life 90 days
constexpr int kLag = 7;
constexpr int kWarmupDays = 28;
// Every kPruneEvery days the terms neither seen in the last kHistory days
// nor weighing kPruneBelow texts in their decayed baseline are forgotten
// (a word seen once falls below after about 13 months); one that comes
// back starts again from the prior. So the vocabulary, bigrams included,
// is bounded by what a year brings, not by the whole history.
constexpr int kPruneEvery = 32;
constexpr double kPruneBelow = 0.05;
// At most this many topics a day, each one draft: a flood, an aid programme
// that does not pay and an outbreak rising on one day are all seen (with
// three, the fourth and later were dropped without a trace).
constexpr size_t kMaxTopicsPerDay = 8;

}  // namespace

TopicDetector::TopicDetector(Options options) : options_(options) {}

size_t TopicDetector::MemoryBytes() const {
  size_t bytes =
      sizeof(*this) + terms_.capacity() * sizeof(Term) + active_.capacity() * sizeof(uint32_t);
  for (const auto& t : terms_) bytes += t.text.capacity() > 15 ? t.text.capacity() : 0;
  bytes += slots_.capacity() * sizeof(uint64_t);
  return bytes;
}

void TopicDetector::OnText(uint64_t case_id, std::string_view text) {
  OnTerms(case_id, TextNormalizer::Scan(text, kBigrams));
}

void TopicDetector::OnTerms(uint64_t case_id, std::span<const TextNormalizer::Term> terms) {
  const int slot = days_ % kHistory;
  ++texts_[slot];
  // The tables are larger than the caches and each term's lookup reads a
  // slot and then a term, so the slots of the terms kAhead further on are
  // fetched ahead, and the terms their slots point to kAhead / 2 further
  // on (perf: without it two cache misses per term were most of a text).
  constexpr size_t kAhead = 8;
  const auto slot_of = [&](size_t k) { return &slots_[terms[k].hash & (slots_.size() - 1)]; };
  for (size_t k = 0; k < std::min(terms.size(), kAhead); ++k) __builtin_prefetch(slot_of(k));
  for (size_t k = 0; k < terms.size(); ++k) {
    if (k + kAhead < terms.size()) __builtin_prefetch(slot_of(k + kAhead));
    if (k + kAhead / 2 < terms.size()) {
      if (const uint64_t first = *slot_of(k + kAhead / 2)) {
        __builtin_prefetch(terms_.data() + static_cast<uint32_t>(first - 1));
      }
    }
    const TextNormalizer::Term& term = terms[k];
    const uint32_t id = IdOf(term);
    Term& t = terms_[id];
    if (t.last_day != days_) {
      // Days it was not seen are zero.
      for (int d = std::max({t.last_day + 1, days_ - kHistory + 1, 0}); d <= days_; ++d) {
        t.count[d % kHistory] = 0;
      }
      if (t.last_day < days_ - kLag) active_.push_back(id);
      t.last_day = days_;
    }
    if (t.count[slot] < UINT16_MAX) ++t.count[slot];
    t.cases[t.next_case] = case_id;
    t.next_case = static_cast<uint8_t>((t.next_case + 1) % t.cases.size());
    t.n_cases = static_cast<uint8_t>(std::min<size_t>(t.n_cases + 1, t.cases.size()));
  }
}

void TopicDetector::Prune(double decay) {
  std::vector<uint32_t> renumbered(terms_.size(), UINT32_MAX);
  uint32_t kept = 0;
  for (uint32_t id = 0; id < terms_.size(); ++id) {
    const Term& t = terms_[id];
    if (t.last_day >= days_ - kHistory || t.sum * decay >= kPruneBelow) renumbered[id] = kept++;
  }
  if (kept == terms_.size()) return;
  for (uint32_t id = 0; id < terms_.size(); ++id) {
    if (renumbered[id] != UINT32_MAX && renumbered[id] != id) {
      terms_[renumbered[id]] = std::move(terms_[id]);
    }
  }
  terms_.resize(kept);
  for (uint32_t& id : active_) id = renumbered[id];
  size_t size = 1024;
  while (size < 2 * terms_.size()) size *= 2;
  Reindex(size);
}

void TopicDetector::Reindex(size_t size) {
  slots_.assign(size, 0);
  const size_t mask = size - 1;
  for (uint32_t k = 0; k < terms_.size(); ++k) {
    size_t j = terms_[k].hash & mask;
    while (slots_[j] != 0) j = (j + 1) & mask;
    slots_[j] = (terms_[k].hash & kTagBits) | (k + 1);
  }
}

uint32_t TopicDetector::IdOf(const TextNormalizer::Term& term) {
  const size_t mask = slots_.size() - 1;
  const uint64_t tag = term.hash & kTagBits;
  size_t i = term.hash & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    if ((slots_[i] & kTagBits) != tag) continue;
    const auto id = static_cast<uint32_t>(slots_[i] - 1);
    const Term& t = terms_[id];
    if (t.hash == term.hash && t.text == term.text) return id;
  }
  const auto id = static_cast<uint32_t>(terms_.size());
  terms_.push_back(Term{});
  terms_.back().text = std::string(term.text);
  terms_.back().hash = term.hash;
  if (2 * terms_.size() <= slots_.size()) {
    slots_[i] = tag | (id + 1);
    return id;
  }
  Reindex(2 * slots_.size());  // over half full: every term again, this one included
  return id;
}

void TopicDetector::CloseDay(Day day, std::vector<AlertDraft>& out) {
  // Before anything refers to term ids.
  if (days_ % kPruneEvery == 0 && days_ > kLag) Prune(std::pow(kDecay, days_ - 1 - kLag));
  // The terms kept active at the last close are in order already; only
  // those the day brought back are sorted, then merged in (sorting the
  // whole list every day was a quarter of the detectors' thread in a
  // replay, bench/RESULTS.md).
  const auto brought = active_.begin() + static_cast<ptrdiff_t>(std::min(sorted_, active_.size()));
  std::sort(brought, active_.end());
  std::inplace_merge(active_.begin(), brought, active_.end());
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
  // Only the tests that can be significant are kept: one that fails
  // min_count or min_ratio has p = 1, which Benjamini-Hochberg never
  // rejects at any rank, so it counts in m and needs no place in the
  // sort (most of a day's tests: sorting them all was most of closing a
  // day in a replay).
  std::vector<Test> tests;
  size_t tested = 0;
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
      ++tested;
      if (x < options_.min_count || x < options_.min_ratio * e) continue;
      tests.push_back({PoissonUpperTail(x, e), id, w + 1, x, e});
    }
  }
  active_ = std::move(still_active);
  sorted_ = active_.size();

  ++days_;
  texts_[days_ % kHistory] = 0;
  if (tests.empty()) return;
  // Benjamini-Hochberg over every term and window tested today (ties in
  // the order of the terms, then of the windows).
  std::sort(tests.begin(), tests.end(), [](const Test& a, const Test& b) {
    return a.p != b.p ? a.p < b.p : a.term != b.term ? a.term < b.term : a.window < b.window;
  });
  const double m = static_cast<double>(tested);
  size_t significant = 0;
  for (size_t i = 0; i < tests.size(); ++i) {
    if (tests[i].p <= options_.fdr * static_cast<double>(i + 1) / m) significant = i + 1;
  }
  if (significant == 0) return;

  // The significant terms are grouped into topics by the cases they were
  // written in: a term joins the first topic whose seed (its most
  // significant term) shares one of its latest cases, else it seeds a topic
  // of its own. Two unrelated topics that rise together ("banjir" in some
  // kelurahan, "BLT tidak cair" across the city) are then two drafts, and a
  // word common to both (a generic "lansia") joins one of them instead of
  // chaining them into one.
  const auto shares_case = [](const Term& a, const Term& b) {
    for (int i = 0; i < a.n_cases; ++i) {
      for (int j = 0; j < b.n_cases; ++j) {
        if (a.cases[i] == b.cases[j]) return true;
      }
    }
    return false;
  };
  struct Topic {
    size_t seed;                  // index in tests of its most significant term
    std::vector<size_t> members;  // indices in tests, most significant first
  };
  std::vector<Topic> topics;
  std::vector<uint32_t> seen;
  for (size_t i = 0; i < significant; ++i) {
    if (std::find(seen.begin(), seen.end(), tests[i].term) != seen.end()) continue;
    seen.push_back(tests[i].term);
    const Term& t = terms_[tests[i].term];
    auto topic = std::find_if(topics.begin(), topics.end(), [&](const Topic& candidate) {
      return shares_case(terms_[tests[candidate.seed].term], t);
    });
    if (topic != topics.end()) {
      topic->members.push_back(i);
    } else if (topics.size() < kMaxTopicsPerDay) {
      topics.push_back({i, {i}});
    }
  }

  for (const Topic& topic : topics) {
    AlertDraft d;
    d.detector = DetectorKind::kEmergingTopic;
    d.method = "Poisson burst test per term with Benjamini-Hochberg (1995) FDR control";
    d.day = day;
    d.group = "emerging_topic";
    const Test& top = tests[topic.seed];
    d.since_day = day - top.window + 1;
    d.observed = top.x;
    d.expected = top.e;
    d.p_value = top.p;
    d.statistic = top.p > 0 ? -std::log10(top.p) : 300;
    d.threshold = -std::log10(options_.fdr / m);
    // The most significant terms, without repeating a word: a term (word
    // or bigram) all of whose words are shown already is left out.
    std::vector<std::string_view> words_shown;
    for (const size_t i : topic.members) {
      if (d.top_terms.size() >= 5) break;
      const std::string_view text = terms_[tests[i].term].text;
      const auto space = text.find(' ');
      const std::string_view words[] = {text.substr(0, space), space == std::string_view::npos
                                                                   ? std::string_view()
                                                                   : text.substr(space + 1)};
      const auto is_shown = [&](std::string_view w) {
        return w.empty() ||
               std::find(words_shown.begin(), words_shown.end(), w) != words_shown.end();
      };
      if (is_shown(words[0]) && is_shown(words[1])) continue;
      d.top_terms.emplace_back(text);
      for (const auto w : words) {
        if (!w.empty()) words_shown.push_back(w);
      }
    }
    // The seed's latest cases: a word the topic shares with another (the
    // "lansia" of both) has cases of both.
    const Term& t = terms_[top.term];
    for (int k = 0; k < t.n_cases; ++k) d.case_ids.push_back(t.cases[k]);
    for (int w = std::min(days_, kHistory) - 1; w >= 0; --w) {
      const int dd = days_ - 1 - w;
      d.series.push_back(dd <= t.last_day && dd > t.last_day - kHistory ? t.count[dd % kHistory]
                                                                        : 0);
    }
    std::string quoted;
    for (size_t i = 0; i < d.top_terms.size() && i < 3; ++i) {
      quoted += (i ? ", " : "") + d.top_terms[i];
    }
    // What the count is, in words: the reports that hold the topic's
    // leading term in its window, not all the reports of the burst (a
    // cluster alert of the same burst counts those of its kelurahan, so its
    // number differs, and says so).
    const std::string_view lead = terms_[top.term].text;
    const bool phrase = lead.find(' ') != std::string_view::npos;
    const std::string reports = std::to_string(static_cast<int>(top.x));
    // What is usual, rounded to one decimal: a new word's "0,0" read as
    // none ever, so below 0.1 it is said as such.
    const bool rare = top.e < 0.05;
    d.sentence = "Topik baru muncul (\"" + quoted + "\"): " + reports + " laporan " +
                 WindowWords(d.since_day, day) + " memuat " + (phrase ? "frasa" : "kata") + " \"" +
                 std::string(lead) + "\", biasanya " +
                 (rare ? std::string("kurang dari 0,1") : FormatRatio(top.e)) + ".";
    d.sentence_en =
        "A new topic (\"" + quoted + "\"): " + reports + (top.x == 1 ? " report " : " reports ") +
        WindowWordsEn(d.since_day, day) + (top.x == 1 ? " contains" : " contain") +
        (phrase ? " the phrase" : " the word") + " \"" + std::string(lead) + "\", usually " +
        (rare ? std::string("fewer than 0.1") : FormatRatioEn(top.e)) + ".";
    out.push_back(std::move(d));
  }
}

void TopicDetector::Save(StateWriter& out) const {
  out.Put<uint64_t>(terms_.size());
  for (const Term& t : terms_) {
    out.PutString(t.text);
    out.Put(t.count);
    out.Put(t.sum);
    out.Put(t.last_day);
    out.Put(t.cases);
    out.Put(t.next_case);
    out.Put(t.n_cases);
  }
  out.Put(texts_);
  out.Put(text_total_);
  out.PutVector(active_);
  out.Put(days_);
}

bool TopicDetector::Load(StateReader& in) {
  uint64_t n = 0;
  if (!in.Get(n)) return false;
  terms_.clear();
  slots_.assign(1024, 0);
  for (uint64_t i = 0; i < n; ++i) {
    Term t;
    if (!in.GetString(t.text) || !in.Get(t.count) || !in.Get(t.sum) || !in.Get(t.last_day) ||
        !in.Get(t.cases) || !in.Get(t.next_case) || !in.Get(t.n_cases) ||
        t.next_case >= t.cases.size() || t.n_cases > t.cases.size()) {
      return false;
    }
    t.hash = TextNormalizer::Hash(t.text);
    // Ids are positions: re-adding the terms in order gives each its own.
    if (IdOf({t.text, t.hash}) != i) return false;
    terms_.back() = std::move(t);
  }
  if (!in.Get(texts_) || !in.Get(text_total_) || !in.GetVector(active_) || !in.Get(days_)) {
    return false;
  }
  for (const uint32_t id : active_) {
    if (id >= terms_.size()) return false;
  }
  sorted_ = 0;  // saved at any time of the day: sorted again at the close
  return true;
}

}  // namespace sigap::adapt
