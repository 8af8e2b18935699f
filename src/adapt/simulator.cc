#include "adapt/simulator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sigap::adapt {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Day Date(int y, unsigned m, unsigned d) { return ToDayNumber(year(y) / month(m) / day(d)); }

// Monday first: offices and citizens are busiest early in the week.
constexpr double kWeekday[7] = {1.15, 1.1, 1.05, 1.0, 0.9, 0.5, 0.4};
constexpr double kHolidayFactor = 0.35;
constexpr double kRamadanFactor = 0.85;
constexpr double kCapacityMargin = 1.3;  // capacity per working day / arrivals
constexpr double kBacklogCapacity = 0.6;
constexpr double kRatingShare = 0.35;  // resolved cases that get rated
constexpr double kWeekSum = 1.15 + 1.1 + 1.05 + 1.0 + 0.9 + 0.5 + 0.4;

// Word sets never used by the catalogue's services: a new topic.
const std::vector<std::vector<std::string>> kTopics = {
    {"keracunan", "mbg", "mual", "muntah"},
    {"pinjol", "teror", "penagih", "ancaman"},
    {"ptsl", "sertifikat", "pungutan", "kwitansi"},
};

const std::vector<std::string> kCommonWords = {
    "rumah",    "rt",      "rw",       "lingkungan", "kampung", "dekat",   "depan",
    "belakang", "minggu",  "hari",     "pagi",       "malam",   "kondisi", "segera",
    "keluhan",  "laporan", "petugas",  "kantor",     "daerah",  "wilayah", "kota",
    "semarang", "gang",    "tetangga", "anak",       "bulan",   "lama",    "parah"};

}  // namespace

const char* ScenarioName(Scenario scenario) {
  switch (scenario) {
    case Scenario::kNone:
      return "none";
    case Scenario::kLocalSurge:
      return "a";
    case Scenario::kCityShift:
      return "b";
    case Scenario::kNewTopic:
      return "c";
    case Scenario::kRatingDrop:
      return "d";
    case Scenario::kBacklog:
      return "e";
  }
  return "?";
}

double ShockSizeIn7Days(Scenario scenario, double baseline_per_day) {
  constexpr double kWorkingDays = 5;
  switch (scenario) {
    case Scenario::kLocalSurge:
      return 2 * baseline_per_day * kWeekSum;  // x3: twice the usual on top
    case Scenario::kCityShift:
      return 0.5 * baseline_per_day * kWeekSum;
    case Scenario::kRatingDrop:
      return kRatingShare * baseline_per_day * kWorkingDays;
    case Scenario::kBacklog:
      return (1 - kBacklogCapacity) * baseline_per_day * kWorkingDays;
    case Scenario::kNone:
    case Scenario::kNewTopic:
      return 0;
  }
  return 0;
}

Simulator::Simulator(const Layout& layout, const domain::WorkingCalendar& calendar,
                     const SimulationWorld& world, const SimulationConfig& config)
    : layout_(layout),
      calendar_(calendar),
      world_(world),
      config_(config),
      rng_(config.seed * 0x9E3779B97F4A7C15ull + 17),
      common_words_(kCommonWords) {
  const size_t cats = layout.categories.size(), kels = layout.kelurahan.size();
  std::lognormal_distribution<double> category_spread(0, 1.0), kel_spread(0, 0.6),
      cell_spread(0, 0.5);
  std::uniform_real_distribution<double> unit(0, 1);
  category_rate_.resize(cats);
  for (auto& r : category_rate_) r = category_spread(rng_);
  const double sum = std::accumulate(category_rate_.begin(), category_rate_.end(), 0.0);
  for (auto& r : category_rate_) r *= config.daily_cases / sum;
  for (size_t c = 0; c < cats; ++c) {
    category_phase_.push_back(unit(rng_) * 2 * M_PI);
    category_amplitude_.push_back(unit(rng_) * 0.25);
  }
  kel_weight_.resize(kels);
  for (auto& w : kel_weight_) w = kel_spread(rng_);
  share_.resize(cats * kels);
  for (size_t c = 0; c < cats; ++c) {
    double row = 0;
    for (size_t k = 0; k < kels; ++k)
      row += share_[c * kels + k] = kel_weight_[k] * cell_spread(rng_);
    for (size_t k = 0; k < kels; ++k) share_[c * kels + k] /= row;
  }
  agency_capacity_.assign(layout.agencies.size(), 0);
  for (size_t c = 0; c < cats; ++c) {
    agency_capacity_[layout.categories[c].agency] += category_rate_[c];
  }
  for (auto& cap : agency_capacity_) cap *= kCapacityMargin * kWeekSum / 5;
  agency_stars_.resize(layout.agencies.size());
  for (auto& s : agency_stars_) s = 3.6 + 0.9 * unit(rng_);
  queues_.resize(layout.agencies.size());
  heads_.assign(layout.agencies.size(), 0);
  PlanShock();
}

void Simulator::PlanShock() {
  truth_.scenario = config_.scenario;
  if (config_.scenario == Scenario::kNone) return;
  std::uniform_int_distribution<Day> start(config_.eval_first + 14, config_.last_day - 30);
  truth_.start = start(rng_);
  std::vector<int> top(category_rate_.size());
  std::iota(top.begin(), top.end(), 0);
  std::sort(top.begin(), top.end(),
            [&](int a, int b) { return category_rate_[a] > category_rate_[b]; });
  top.resize(std::min<size_t>(8, top.size()));
  std::vector<int> busy_agencies;
  for (size_t a = 0; a < agency_capacity_.size(); ++a) {
    if (agency_capacity_[a] / kCapacityMargin >= 10) busy_agencies.push_back(static_cast<int>(a));
  }
  const size_t kels = layout_.kelurahan.size();
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); };
  switch (config_.scenario) {
    case Scenario::kNone:
      break;
    case Scenario::kLocalSurge: {
      truth_.end = truth_.start + 6;
      truth_.category = top[pick(top.size())];
      // A kelurahan where the category is common, with two of its bordering
      // neighbours drawn at random: any three kelurahan in one piece (a
      // chain or a triangle), not only the scan's zone of a centre and its
      // two nearest.
      std::vector<double> weights(kels);
      for (size_t k = 0; k < kels; ++k) {
        weights[k] = layout_.neighbours[k].size() >= 2 ? share_[truth_.category * kels + k] : 0;
      }
      std::discrete_distribution<size_t> where(weights.begin(), weights.end());
      const size_t center = where(rng_);
      const auto& around = layout_.neighbours[center];
      const size_t first = pick(around.size());
      const size_t second = (first + 1 + pick(around.size() - 1)) % around.size();
      truth_.kelurahan = {static_cast<int>(center), around[first], around[second]};
      double share = 0;
      for (const int k : truth_.kelurahan) share += share_[truth_.category * kels + k];
      truth_.baseline_per_day = category_rate_[truth_.category] * share;
      break;
    }
    case Scenario::kCityShift:
      truth_.end = truth_.start + 59;
      truth_.category = top[pick(top.size())];
      truth_.baseline_per_day = category_rate_[truth_.category];
      break;
    case Scenario::kNewTopic:
      truth_.end = truth_.start + 20;
      truth_.category = static_cast<int>(pick(category_rate_.size()));
      truth_.topic_words = kTopics[pick(kTopics.size())];
      break;
    case Scenario::kRatingDrop:
    case Scenario::kBacklog:
      truth_.end = truth_.start + 59;
      truth_.agency = busy_agencies.empty() ? 0 : busy_agencies[pick(busy_agencies.size())];
      truth_.baseline_per_day = agency_capacity_[truth_.agency] / kCapacityMargin;
      break;
  }
}

double Simulator::DayFactor(Day d, int day_type) const {
  double f = day_type == kHoliday ? kHolidayFactor : kWeekday[day_type];
  const bool ramadan = (d >= Date(2025, 3, 1) && d <= Date(2025, 3, 30)) ||
                       (d >= Date(2026, 2, 19) && d <= Date(2026, 3, 19));
  if (ramadan) f *= kRamadanFactor;
  return f;
}

Day Simulator::DueDay(Day d, int category) {
  const int days = world_.completion_days.empty() ? 5 : world_.completion_days[category];
  auto it = std::find_if(due_cache_.begin(), due_cache_.end(),
                         [&](const auto& entry) { return entry.first == days; });
  if (it == due_cache_.end()) {
    std::vector<Day> table;
    for (Day x = config_.first_day; x <= config_.last_day; ++x) {
      Day start = x;
      while (!calendar_.IsWorkingDay(FromDayNumber(start)) && start < x + 30) ++start;
      const auto due = calendar_.AddWorkingDays(FromDayNumber(start), days);
      table.push_back(due.has_value() ? ToDayNumber(*due) : x + days * 7 / 5);
    }
    due_cache_.emplace_back(days, std::move(table));
    it = due_cache_.end() - 1;
  }
  return it->second[d - config_.first_day];
}

std::string Simulator::Text(int category, int kelurahan) {
  text_.clear();
  auto add = [&](const std::string& w) {
    if (!text_.empty()) text_ += ' ';
    text_ += w;
  };
  std::uniform_real_distribution<double> unit(0, 1);
  const auto& words = world_.category_words[category];
  if (!words.empty()) {
    const int n = 2 + static_cast<int>(unit(rng_) * 3);
    for (int i = 0; i < n; ++i) add(words[static_cast<size_t>(unit(rng_) * words.size())]);
  }
  const int m = 1 + static_cast<int>(unit(rng_) * 2);
  for (int i = 0; i < m; ++i) {
    add(common_words_[static_cast<size_t>(unit(rng_) * common_words_.size())]);
  }
  add("di");
  if (unit(rng_) < 0.4) add(layout_.kelurahan[kelurahan].name);
  return text_;
}

uint64_t Simulator::Run(const std::function<void(const Event&)>& sink) {
  const size_t cats = layout_.categories.size(), kels = layout_.kelurahan.size();
  std::gamma_distribution<double> kel_noise(20, 1.0 / 20), cat_noise(40, 1.0 / 40);
  std::uniform_real_distribution<double> unit(0, 1);
  std::normal_distribution<double> star_noise(0, 0.8);
  std::vector<double> noise(kels), cumulative(kels);
  uint64_t events = 0;
  Event ev;
  auto arrive = [&](Day d, int c, int k, const std::string& text) {
    ev = Event{};
    ev.day = d;
    ev.type = EventType::kArrival;
    ev.kind = 0;
    ev.category = static_cast<uint16_t>(c);
    ev.agency = layout_.categories[c].agency;
    ev.kelurahan = static_cast<uint16_t>(k);
    ev.due_day = DueDay(d, c);
    ev.case_id = next_case_++;
    ev.text = text;
    queues_[ev.agency].push_back({ev.case_id, ev.due_day, ev.category});
    sink(ev);
    ++events;
  };
  for (Day d = config_.first_day; d <= config_.last_day; ++d) {
    const int type = DayTypeOf(calendar_, d);
    const double day_factor = DayFactor(d, type);
    const double year_angle = 2 * M_PI * d / 365.25;
    for (auto& u : noise) u = kel_noise(rng_);
    for (size_t c = 0; c < cats; ++c) {
      double mean = category_rate_[c] * day_factor * cat_noise(rng_) *
                    (1 + category_amplitude_[c] * std::sin(year_angle + category_phase_[c]));
      const bool shifted = truth_.scenario == Scenario::kCityShift &&
                           static_cast<int>(c) == truth_.category && d >= truth_.start &&
                           d <= truth_.end;
      if (shifted) mean *= 1.5;
      double total = 0;
      for (size_t k = 0; k < kels; ++k) {
        total += share_[c * kels + k] * noise[k];
        cumulative[k] = total;
      }
      const int n = std::poisson_distribution<int>(mean)(rng_);
      for (int i = 0; i < n; ++i) {
        const double u = unit(rng_) * total;
        const auto k = static_cast<int>(std::min<size_t>(
            std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(),
            kels - 1));
        arrive(d, static_cast<int>(c), k, Text(static_cast<int>(c), k));
      }
      if (truth_.scenario == Scenario::kLocalSurge && static_cast<int>(c) == truth_.category &&
          d >= truth_.start && d <= truth_.end) {
        for (const int k : truth_.kelurahan) {
          // x3: twice the cell's expectation on top.
          const double cell = 2 * mean * share_[c * kels + k] * noise[k] / total;
          const int extra = std::poisson_distribution<int>(cell)(rng_);
          for (int i = 0; i < extra; ++i)
            arrive(d, static_cast<int>(c), k, Text(static_cast<int>(c), k));
        }
      }
    }
    if (truth_.scenario == Scenario::kNewTopic && d >= truth_.start && d <= truth_.end) {
      const double rate = 10 * std::min(1.0, (d - truth_.start + 1) / 10.0);
      const int n = std::poisson_distribution<int>(rate)(rng_);
      std::discrete_distribution<int> where(kel_weight_.begin(), kel_weight_.end());
      for (int i = 0; i < n; ++i) {
        const int k = where(rng_);
        std::string text;
        for (const auto& w : truth_.topic_words) text += (text.empty() ? "" : " ") + w;
        text += " " + common_words_[static_cast<size_t>(unit(rng_) * common_words_.size())];
        arrive(d, truth_.category, k, text);
      }
    }
    if (!calendar_.IsWorkingDay(FromDayNumber(d))) continue;
    for (size_t a = 0; a < queues_.size(); ++a) {
      double capacity = agency_capacity_[a];
      if (truth_.scenario == Scenario::kBacklog && static_cast<int>(a) == truth_.agency &&
          d >= truth_.start && d <= truth_.end) {
        capacity *= kBacklogCapacity / kCapacityMargin;
      }
      int served = std::poisson_distribution<int>(capacity)(rng_);
      auto& queue = queues_[a];
      size_t& head = heads_[a];
      while (served-- > 0 && head < queue.size()) {
        const OpenCase open = queue[head++];
        ev = Event{};
        ev.day = d;
        ev.type = EventType::kResolution;
        ev.category = open.category;
        ev.agency = static_cast<uint16_t>(a);
        ev.due_day = open.due;
        ev.case_id = open.id;
        sink(ev);
        ++events;
        if (unit(rng_) < kRatingShare) {
          double mean = agency_stars_[a];
          if (truth_.scenario == Scenario::kRatingDrop && static_cast<int>(a) == truth_.agency &&
              d >= truth_.start && d <= truth_.end) {
            mean -= 1;
          }
          ev.type = EventType::kRating;
          ev.stars = static_cast<uint8_t>(std::clamp(std::lround(mean + star_noise(rng_)), 1L, 5L));
          sink(ev);
          ++events;
        }
      }
      if (head > 4096 && head * 2 > queue.size()) {
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head));
        head = 0;
      }
    }
  }
  return events;
}

}  // namespace sigap::adapt
