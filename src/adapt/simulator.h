#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "adapt/layout.h"
#include "domain/working_calendar.h"

namespace sigap::adapt {

// The shocks `sigap simulate` injects (issue 9).
enum class Scenario {
  kNone,        // shock-free year: false alarms
  kLocalSurge,  // (a) x3 in one category over 3 bordering kelurahan for 7 days
  kCityShift,   // (b) +50% in one category across the city
  kNewTopic,    // (c) a word set never seen before, 0 -> 10 cases/day
  kRatingDrop,  // (d) an agency's ratings 1 star lower
  kBacklog,     // (e) an agency resolves 40% less than arrives: its backlog grows
};

// Returns "none", "a" ... "e".
const char* ScenarioName(Scenario scenario);

// How big a shock is in its first 7 days, for a reader to judge what a
// detector could see, from its ShockTruth::baseline_per_day: extra reports
// (a, b), ratings given during the drop (d), cases piling up (e); 0 for c
// and none.
double ShockSizeIn7Days(Scenario scenario, double baseline_per_day);

// What a synthetic Pemda looks like besides its layout.
struct SimulationWorld {
  // Words of each category's texts (service keywords and name), lower case.
  std::vector<std::vector<std::string>> category_words;
  // Completion target (working days) per category.
  std::vector<int> completion_days;
};

struct SimulationConfig {
  Day first_day = 0;          // warm-up starts
  Day eval_first = 0;         // evaluation (and shocks) from here
  Day last_day = 0;           // inclusive
  double daily_cases = 1500;  // weekday-average new cases city-wide
  uint64_t seed = 1;
  Scenario scenario = Scenario::kNone;
};

// Where and when the shock was put: the truth detectors are scored on.
struct ShockTruth {
  Scenario scenario = Scenario::kNone;
  Day start = 0;
  Day end = 0;  // last shocked day
  int category = -1;
  int agency = -1;
  std::vector<int> kelurahan;
  std::vector<std::string> topic_words;
  double baseline_per_day = 0;  // expected cases/day (a: in the 3 kelurahan) before the shock
};

// Generates a Pemda's case events day by day, in time order: arrivals
// with texts, resolutions (each agency a FIFO queue with a daily capacity
// on working days) and star ratings. Base rates per category and per
// kelurahan × category are log-normal (heavy-tailed); counts carry weekday
// and holiday effects from the working calendar, a Ramadan dip (-15%, 1447
// H: 19 Feb - 19 Mar 2026; 1446 H: 1 - 30 Mar 2025), an annual cycle per
// category and gamma noise per day, category and kelurahan (overdispersed,
// like real counts). Deterministic for a seed (libstdc++'s distributions).
//
// Not thread-safe; one per run.
class Simulator {
 public:
  Simulator(const Layout& layout, const domain::WorkingCalendar& calendar,
            const SimulationWorld& world, const SimulationConfig& config);

  const ShockTruth& truth() const { return truth_; }

  // Generates every day from first_day to last_day into `sink`; returns the
  // number of events.
  uint64_t Run(const std::function<void(const Event&)>& sink);

 private:
  struct OpenCase {
    uint64_t id;
    Day due;
    uint16_t category;
  };
  void PlanShock();
  double DayFactor(Day day, int day_type) const;
  Day DueDay(Day day, int category);
  std::string Text(int category, int kelurahan);

  const Layout& layout_;
  const domain::WorkingCalendar& calendar_;
  const SimulationWorld& world_;
  SimulationConfig config_;
  std::mt19937_64 rng_;
  ShockTruth truth_;
  std::vector<double> category_rate_;  // weekday-average per day
  std::vector<double> category_phase_, category_amplitude_;
  std::vector<double> share_;  // [category][kelurahan], rows sum to 1
  std::vector<double> kel_weight_;
  std::vector<double> agency_capacity_;        // per working day
  std::vector<double> agency_stars_;           // mean rating
  std::vector<std::vector<OpenCase>> queues_;  // per agency, FIFO from `head_`
  std::vector<size_t> heads_;
  std::vector<std::pair<int, std::vector<Day>>> due_cache_;  // completion days -> due per day
  std::vector<std::string> common_words_;
  uint64_t next_case_ = 1;
  std::string text_;
};

}  // namespace sigap::adapt
