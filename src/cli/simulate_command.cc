#include "cli/simulate_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "adapt/adjacency.h"
#include "adapt/alert.h"
#include "adapt/sensor.h"
#include "adapt/simulator.h"
#include "adapt/text_normalizer.h"
#include "app/calendar_data.h"
#include "cli/alert_watch.h"
#include "cli/demo_catalogue.h"
#include "cli/demo_data.h"

namespace sigap::cli {
namespace {

using adapt::AlertDraft;
using adapt::DetectorKind;
using adapt::Scenario;
using adapt::ShockTruth;

struct Setup {
  adapt::Layout layout;
  adapt::SimulationWorld world;
  domain::WorkingCalendar calendar;
};

Result<Setup> LoadSetup(const std::filesystem::path& data_dir) {
  auto catalogue = LoadDemoCatalogue(data_dir);
  if (!catalogue) return tl::unexpected(catalogue.error());
  auto calendar = app::LoadWorkingCalendar(data_dir / "calendar", {});
  if (!calendar) return tl::unexpected(calendar.error());
  Setup setup{{}, {}, std::move(*calendar)};
  auto& layout = setup.layout;
  layout.city_code = catalogue->pemda.code;
  layout.city_name = catalogue->pemda.name;
  for (const auto& agency : catalogue->agencies)
    layout.agencies.push_back({agency.code, agency.name});
  const adapt::TextNormalizer normalizer;
  for (const auto& service : catalogue->services) {
    const auto agency = std::find_if(layout.agencies.begin(), layout.agencies.end(),
                                     [&](const auto& a) { return a.code == service.agency_code; });
    layout.categories.push_back(
        {service.code, CategoryNoun(service.name),
         static_cast<uint16_t>(agency == layout.agencies.end() ? 0
                                                               : agency - layout.agencies.begin()),
         service.name});
    std::set<std::string> words;
    for (const auto& keyword : service.keywords) {
      for (auto& t : normalizer.Terms(keyword)) words.insert(t);
    }
    for (auto& t : normalizer.Terms(service.name)) words.insert(t);
    setup.world.category_words.emplace_back(words.begin(), words.end());
    setup.world.completion_days.push_back(std::max(1, service.standard.completion_days));
  }
  std::vector<adapt::Outline> outlines;
  for (const auto& region : catalogue->regions) {
    if (region.level == 3) layout.kecamatan.push_back({region.code, region.name});
  }
  for (const auto& region : catalogue->regions) {
    if (region.level != 4 || region.boundary_geojson.empty()) continue;
    const auto kec = std::find_if(layout.kecamatan.begin(), layout.kecamatan.end(),
                                  [&](const auto& k) { return k.code == region.parent_code; });
    adapt::Layout::Kelurahan kel{
        region.code, region.name,
        static_cast<uint16_t>(kec == layout.kecamatan.end() ? 0 : kec - layout.kecamatan.begin()),
        region.centroid ? region.centroid->lat : 0, region.centroid ? region.centroid->lng : 0};
    layout.kelurahan.push_back(kel);
    adapt::Outline outline;
    const auto geometry = nlohmann::json::parse(region.boundary_geojson);
    const auto& coordinates = geometry.at("coordinates");
    auto add_polygon = [&](const nlohmann::json& polygon) {
      for (const auto& ring : polygon) {
        auto& points = outline.rings.emplace_back();
        for (const auto& p : ring) points.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
      }
    };
    if (geometry.at("type") == "MultiPolygon") {
      for (const auto& polygon : coordinates) add_polygon(polygon);
    } else {
      add_polygon(coordinates);
    }
    outlines.push_back(std::move(outline));
  }
  layout.neighbours = adapt::DeriveAdjacency(outlines);
  return setup;
}

struct RunResult {
  bool detected = false;  // within 7 days
  int delay = -1;         // days after the shock's first day; -1 missed
  bool right = false;     // named the right places / category / agency
  bool within3 = false;   // (c): topic among the top 5 terms within 3 days
};

struct Tally {
  std::vector<RunResult> sensor, naive;
  // none: new alerts in the evaluated days, by detector; naive alerts.
  std::map<std::string, long> false_alarms;
  long naive_false_alarms = 0;
  long days = 0;
  double baseline_sum = 0;
};

int Overlap(const AlertDraft& d, const adapt::Layout& layout, const ShockTruth& truth) {
  int n = 0;
  for (const int k : truth.kelurahan) {
    const auto& code = layout.kelurahan[k].code;
    n += std::count(d.region_codes.begin(), d.region_codes.end(), code) > 0;
  }
  return n;
}

// Whether a draft is about the shock, and names it right.
std::pair<bool, bool> Judge(const AlertDraft& d, const adapt::Layout& layout,
                            const ShockTruth& truth) {
  switch (truth.scenario) {
    case Scenario::kNone:
      return {false, false};
    case Scenario::kLocalSurge: {
      if (d.category != truth.category) return {false, false};
      const int overlap = Overlap(d, layout, truth);
      if (d.detector == DetectorKind::kCityShift) return {true, false};
      // The naive detector names single cells: one shocked kelurahan is right.
      if (d.detector == DetectorKind::kNaive) return {overlap > 0, overlap > 0};
      return {overlap > 0, overlap >= 2 && d.region_codes.size() <= 4};
    }
    case Scenario::kCityShift:
      if (d.category != truth.category) return {false, false};
      return {true, d.detector == DetectorKind::kCityShift || d.detector == DetectorKind::kNaive};
    case Scenario::kNewTopic: {
      if (d.detector == DetectorKind::kNaive) return {d.category == truth.category, false};
      if (d.detector != DetectorKind::kEmergingTopic) return {false, false};
      // A term or bigram naming one of the topic's words.
      for (const auto& t : d.top_terms) {
        std::istringstream words(t);
        for (std::string w; words >> w;) {
          if (std::count(truth.topic_words.begin(), truth.topic_words.end(), w) > 0) {
            return {true, true};
          }
        }
      }
      return {false, false};
    }
    case Scenario::kRatingDrop:
      if (d.agency != truth.agency) return {false, false};
      if (d.detector == DetectorKind::kNaive) return {d.group.rfind("naive_rating:", 0) == 0, true};
      return {d.detector == DetectorKind::kFallingRating, true};
    case Scenario::kBacklog:
      if (d.agency != truth.agency) return {false, false};
      if (d.detector == DetectorKind::kNaive)
        return {d.group.rfind("naive_backlog:", 0) == 0, true};
      return {d.detector == DetectorKind::kGrowingBacklog, true};
  }
  return {false, false};
}

adapt::SensorOptions Options(const SimulateFlags& flags) {
  adapt::SensorOptions options;
  options.naive = true;
  if (flags.city_threshold > 0) options.city.threshold = flags.city_threshold;
  if (flags.cluster_threshold > 0) options.cluster.threshold = flags.cluster_threshold;
  if (flags.rating_threshold > 0) options.rating.threshold = flags.rating_threshold;
  if (flags.backlog_threshold > 0) options.backlog.threshold = flags.backlog_threshold;
  if (flags.backlog_throughput_threshold > 0) {
    options.backlog.throughput_threshold = flags.backlog_throughput_threshold;
  }
  if (flags.topic_fdr > 0) options.topic.fdr = flags.topic_fdr;
  return options;
}

void RunOne(const Setup& setup, Scenario scenario, uint64_t seed, const SimulateFlags& flags,
            Tally& tally) {
  using std::chrono::day;
  using std::chrono::month;
  using std::chrono::year;
  adapt::SimulationConfig config;
  config.first_day = ToDayNumber(year(2025) / month(7) / day(1));
  config.eval_first = ToDayNumber(year(2026) / month(1) / day(1));
  config.last_day = ToDayNumber(year(2026) / month(12) / day(31));
  config.daily_cases = flags.daily_cases;
  config.seed = seed;
  config.scenario = scenario;
  adapt::Simulator simulator(setup.layout, setup.calendar, setup.world, config);
  const ShockTruth& truth = simulator.truth();
  adapt::Sensor sensor(setup.layout, setup.calendar, Options(flags));
  RunResult sensor_result, naive_result;
  sensor.set_listener([&](const AlertDraft& d, bool naive) {
    if (scenario == Scenario::kNone) return;
    if (d.day < truth.start || d.day > truth.start + 6) return;
    const auto [about, right] = Judge(d, setup.layout, truth);
    if (!about) return;
    RunResult& r = naive ? naive_result : sensor_result;
    if (!r.detected) {
      r.detected = true;
      r.delay = d.day - truth.start;
    }
    r.right = r.right || right;
    if (scenario == Scenario::kNewTopic && right && d.day <= truth.start + 2) {
      // Top 5 terms: the draft keeps at most five.
      r.within3 = true;
    }
  });
  simulator.Run([&](const adapt::Event& e) { sensor.Feed(e); });
  sensor.CloseThrough(config.last_day);
  if (scenario == Scenario::kNone) {
    tally.days += config.last_day - config.eval_first + 1;
    for (const auto& alert : sensor.alerts().alerts()) {
      if (alert.first_day >= config.eval_first) {
        ++tally.false_alarms[adapt::DetectorName(alert.latest.detector)];
      }
    }
    for (const auto& alert : sensor.naive_alerts().alerts()) {
      tally.naive_false_alarms += alert.first_day >= config.eval_first;
    }
    return;
  }
  tally.baseline_sum += truth.baseline_per_day;
  tally.sensor.push_back(sensor_result);
  tally.naive.push_back(naive_result);
}

struct Summary {
  double rate = 0, right = 0, within3 = 0;
  double median = NAN, p90 = NAN;  // NaN: more than that share missed
};

Summary Summarise(const std::vector<RunResult>& runs) {
  Summary s;
  if (runs.empty()) return s;
  std::vector<int> delays;
  for (const auto& r : runs) {
    s.rate += r.detected;
    s.right += r.right && r.detected;
    s.within3 += r.within3;
    delays.push_back(r.detected ? r.delay : 1000);
  }
  const double n = static_cast<double>(runs.size());
  s.rate /= n;
  s.right /= n;
  s.within3 /= n;
  std::sort(delays.begin(), delays.end());
  auto quantile = [&](double q) {
    const auto i = static_cast<size_t>(std::ceil(q * n)) - 1;
    return delays[std::min(i, delays.size() - 1)] >= 1000 ? NAN : delays[i];
  };
  s.median = quantile(0.5);
  s.p90 = quantile(0.9);
  return s;
}

std::string Percent(double x) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", 100 * x);
  return buffer;
}
std::string Days(double x) { return std::isnan(x) ? ">7" : std::to_string(static_cast<int>(x)); }

using adapt::FormatDecimal;

// What a shock of `scenario` adds in its first week, in words.
std::string ShockWords(Scenario scenario, double size) {
  const std::string n = size < 0.1 ? "<0,1" : "~" + FormatDecimal(size, 1);
  switch (scenario) {
    case Scenario::kLocalSurge:
    case Scenario::kCityShift:
      return n + " laporan tambahan dalam 7 hari";
    case Scenario::kRatingDrop:
      return n + " penilaian dalam 7 hari";
    case Scenario::kBacklog:
      return n + " kasus menumpuk dalam 7 hari";
    default:
      return "";
  }
}

nlohmann::json SummaryJson(const Summary& s) {
  nlohmann::json j = {{"detected_within_7_days", s.rate}, {"right_places", s.right}};
  j["median_delay_days"] = std::isnan(s.median) ? nlohmann::json() : nlohmann::json(s.median);
  j["p90_delay_days"] = std::isnan(s.p90) ? nlohmann::json() : nlohmann::json(s.p90);
  return j;
}

}  // namespace

int Simulate(const SimulateFlags& flags, std::ostream& out, std::ostream& err) {
  std::vector<Scenario> scenarios;
  const std::vector<std::pair<std::string, Scenario>> names = {
      {"none", Scenario::kNone},  {"a", Scenario::kLocalSurge}, {"b", Scenario::kCityShift},
      {"c", Scenario::kNewTopic}, {"d", Scenario::kRatingDrop}, {"e", Scenario::kBacklog}};
  for (const auto& [name, scenario] : names) {
    if (flags.scenario == "all" || flags.scenario == name) scenarios.push_back(scenario);
  }
  if (scenarios.empty()) {
    err << "sigap simulate: --scenario harus a, b, c, d, e, none atau all\n";
    return 2;
  }
  if (flags.format != "text" && flags.format != "json") {
    err << "sigap simulate: --format harus text atau json\n";
    return 2;
  }
  if (flags.runs < 1) {
    err << "sigap simulate: --runs harus positif\n";
    return 2;
  }
  if (flags.daily_cases <= 0) {
    err << "sigap simulate: --daily-cases harus positif\n";
    return 2;
  }
  const std::filesystem::path data_dir =
      flags.data_dir.empty() ? DefaultDataDir(flags.argv0) : std::filesystem::path(flags.data_dir);
  auto setup = LoadSetup(data_dir);
  if (!setup) {
    err << "sigap simulate: " << setup.error().message << "\n";
    return 1;
  }
  nlohmann::json report = {{"pemda", setup->layout.city_name},
                           {"kelurahan", setup->layout.kelurahan.size()},
                           {"services", setup->layout.categories.size()},
                           {"daily_cases", flags.daily_cases},
                           {"seed", flags.seed},
                           {"runs", flags.runs},
                           {"scenarios", nlohmann::json::object()}};
  if (flags.format == "text") {
    out << "sigap simulate: " << setup->layout.city_name << ", " << setup->layout.kelurahan.size()
        << " kelurahan, " << setup->layout.categories.size() << " layanan, ~" << flags.daily_cases
        << " kasus/hari kerja; seed " << flags.seed << ", " << flags.runs
        << " ulangan per skenario; evaluasi 2026 (pemanasan Jul-Des 2025)\n";
    out << "skenario  terdeteksi<=7h  median  p90  tepat  | naif: terdeteksi  median  p90  "
           "tepat\n";
  }
  // Below this many reports (ratings, cases) in its first week a shock is
  // within what chance does in one place and service.
  constexpr double kSmallShock = 10;
  std::optional<double> naive_false_alarms;  // per 30 days, when `none` ran
  for (const Scenario scenario : scenarios) {
    Tally tally;
    for (int run = 0; run < flags.runs; ++run) {
      const uint64_t seed = flags.seed * 1000003 + static_cast<uint64_t>(scenario) * 7919 +
                            static_cast<uint64_t>(run);
      RunOne(*setup, scenario, seed, flags, tally);
    }
    const std::string name = adapt::ScenarioName(scenario);
    if (scenario == Scenario::kNone) {
      long total = 0;
      nlohmann::json by = nlohmann::json::object();
      for (const auto& [detector, n] : tally.false_alarms) {
        total += n;
        by[detector] = 30.0 * static_cast<double>(n) / static_cast<double>(tally.days);
      }
      const double per30 = 30.0 * static_cast<double>(total) / static_cast<double>(tally.days);
      const double naive30 =
          30.0 * static_cast<double>(tally.naive_false_alarms) / static_cast<double>(tally.days);
      report["scenarios"][name] = {{"false_alarms_per_30_days", per30},
                                   {"by_detector", by},
                                   {"naive_false_alarms_per_30_days", naive30}};
      naive_false_alarms = naive30;
      if (flags.format == "text") {
        out << "none      alarm palsu per 30 hari: " << FormatDecimal(per30, 2)
            << " (target <= 1: " << (per30 <= 1 ? "tercapai" : "TERLAMPAUI")
            << ")  | naif: " << FormatDecimal(naive30, 1) << "\n";
        for (const auto& [detector, rate] : by.items()) {
          char line[160];
          std::snprintf(line, sizeof line, "            %-16s %s\n", detector.c_str(),
                        FormatDecimal(rate.get<double>(), 2).c_str());
          out << line;
        }
      }
      continue;
    }
    const Summary s = Summarise(tally.sensor), n = Summarise(tally.naive);
    nlohmann::json j = SummaryJson(s);
    if (scenario == Scenario::kNewTopic) j["topic_in_top5_within_3_days"] = s.within3;
    j["baseline_per_day"] = tally.baseline_sum / static_cast<double>(tally.sensor.size());
    const double size = adapt::ShockSizeIn7Days(scenario, j["baseline_per_day"].get<double>());
    if (size > 0) j["shock_size_7_days"] = size;
    j["naive"] = SummaryJson(n);
    report["scenarios"][name] = j;
    if (flags.format == "text") {
      char line[200];
      std::snprintf(line, sizeof line, "%-9s %-15s %-7s %-4s %-6s | %-16s %-7s %-4s %s\n",
                    name.c_str(), Percent(s.rate).c_str(), Days(s.median).c_str(),
                    Days(s.p90).c_str(), Percent(s.right).c_str(), Percent(n.rate).c_str(),
                    Days(n.median).c_str(), Days(n.p90).c_str(), Percent(n.right).c_str());
      out << line;
      if (scenario == Scenario::kNewTopic) {
        out << "          topik di 5 kata teratas dalam 3 hari: " << Percent(s.within3) << "\n";
      }
      // What there was to see: a shock of a few reports in a small Pemda
      // is not told apart from chance by any method.
      if (size > 0) {
        out << "          guncangan " << ShockWords(scenario, size)
            << (size < kSmallShock ? ": terlalu kecil untuk dibedakan dari kebetulan" : "") << "\n";
      }
    }
  }
  if (flags.format == "text") {
    // What the columns and scenarios are, so the table reads on its own.
    out << "\nterdeteksi<=7h: ulangan yang guncangannya ditemukan dalam 7 hari; median, p90: "
           "hari dari awal guncangan sampai peringatan pertama (>7: tidak dalam 7 hari); tepat: "
           "peringatan menyebut tempat (>= 2 dari 3 kelurahan, zona <= 4), layanan atau instansi "
           "yang benar; naif: jumlah harian > rata-rata + 3 sd per sel"
        << (naive_false_alarms
                ? ", dengan " + FormatDecimal(*naive_false_alarms, 1) +
                      " alarm palsu per 30 hari (baris none): deteksinya dibayar dengan itu"
                : std::string())
        << ".\n";
    if (flags.runs < 10) {
      out << "Catatan: hanya " << flags.runs
          << " ulangan per skenario, sehingga satu ulangan mengubah persentase sebesar "
          << Percent(1.0 / flags.runs)
          << "; gunakan --runs 20 atau lebih untuk angka yang stabil.\n";
    }
    for (const Scenario scenario : scenarios) {
      switch (scenario) {
        case Scenario::kNone:
          out << "none: tahun tanpa guncangan (alarm palsu seluruh Pemda)\n";
          break;
        case Scenario::kLocalSurge:
          out << "a: satu layanan naik 3x di 3 kelurahan yang bersambung selama 7 hari\n";
          break;
        case Scenario::kCityShift:
          out << "b: satu dari 8 layanan tersibuk naik 50% di seluruh kota\n";
          break;
        case Scenario::kNewTopic:
          out << "c: topik baru (kata-kata yang belum pernah muncul) naik dari 0 ke 10 laporan "
                 "sehari\n";
          break;
        case Scenario::kRatingDrop:
          out << "d: penilaian satu instansi turun 1 bintang\n";
          break;
        case Scenario::kBacklog:
          out << "e: satu instansi hanya menyelesaikan 60% dari yang masuk (tunggakan tumbuh)\n";
          break;
      }
    }
  }
  if (flags.format == "json") out << report.dump(2) << "\n";
  return 0;
}

}  // namespace sigap::cli
