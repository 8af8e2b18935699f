#include "store/alert_rows.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>

#include "domain/time.h"

namespace sigap::store::rows {
namespace {

using nlohmann::json;

template <typename T>
std::vector<T> Array(const json& j, const char* key) {
  std::vector<T> out;
  if (!j.contains(key) || !j[key].is_array()) return out;
  for (const auto& v : j[key]) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    } else if constexpr (std::is_floating_point_v<T>) {
      // A day without a value (a rating series' day without ratings) is
      // written as null (NaN) and keeps its place.
      if (v.is_number()) out.push_back(v.get<T>());
      if (v.is_null()) out.push_back(std::numeric_limits<T>::quiet_NaN());
    } else {
      if (v.is_number()) out.push_back(v.get<T>());
    }
  }
  return out;
}

}  // namespace

std::string AlertTitle(const std::string& detector) {
  if (detector == "city_shift") return "Pergeseran tingkat kota";
  if (detector == "local_cluster") return "Klaster lokal";
  if (detector == "emerging_topic") return "Topik baru";
  if (detector == "falling_rating") return "Kepuasan menurun";
  if (detector == "growing_backlog") return "Tunggakan bertambah";
  return "Perubahan terdeteksi";
}

json EvidenceJson(const AlertEvidence& e) {
  json regions = json::array();
  for (const auto& r : e.regions) regions.push_back({{"code", r.code}, {"name", r.name}});
  return json{{"detector", e.detector},
              {"method", e.method},
              {"group", e.group},
              {"category_code", e.category_code},
              {"category_name", e.category_name},
              {"agency_code", e.agency_code},
              {"agency_name", e.agency_name},
              {"day", e.day},
              {"since_day", e.since_day},
              {"regions", regions},
              {"observed", e.observed},
              {"expected", e.expected},
              {"statistic", e.statistic},
              {"threshold", e.threshold},
              {"p_value", e.p_value},
              {"series", e.series},
              {"expected_series", e.expected_series},
              {"band_low", e.band_low},
              {"band_high", e.band_high},
              {"top_terms", e.top_terms},
              {"case_ids", e.case_ids},
              {"sentence", e.sentence},
              {"sentence_en", e.sentence_en},
              {"answers_alert", e.answers_alert}};
}

AlertEvidence EvidenceFromJson(const std::string& text) {
  AlertEvidence e;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return e;
  auto str = [&](const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  auto num = [&](const char* key, double fallback) {
    return j.contains(key) && j[key].is_number() ? j[key].get<double>() : fallback;
  };
  e.detector = str("detector");
  e.method = str("method");
  e.group = str("group");
  e.category_code = str("category_code");
  e.category_name = str("category_name");
  e.agency_code = str("agency_code");
  e.agency_name = str("agency_name");
  e.day = str("day");
  e.since_day = str("since_day");
  if (j.contains("regions") && j["regions"].is_array()) {
    for (const auto& r : j["regions"]) {
      if (r.is_object()) e.regions.push_back({r.value("code", ""), r.value("name", "")});
    }
  }
  e.observed = num("observed", 0);
  e.expected = num("expected", 0);
  e.statistic = num("statistic", 0);
  e.threshold = num("threshold", 0);
  e.p_value = num("p_value", 1);
  e.series = Array<double>(j, "series");
  e.expected_series = Array<double>(j, "expected_series");
  e.band_low = Array<double>(j, "band_low");
  e.band_high = Array<double>(j, "band_high");
  e.top_terms = Array<std::string>(j, "top_terms");
  e.case_ids = Array<domain::CaseId>(j, "case_ids");
  e.sentence = str("sentence");
  e.sentence_en = str("sentence_en");
  if (j.contains("answers_alert") && j["answers_alert"].is_number_integer()) {
    e.answers_alert = j["answers_alert"].get<int64_t>();
  }
  return e;
}

std::vector<std::string> RegionCodes(const AlertEvidence& e) {
  std::vector<std::string> codes;
  for (const auto& r : e.regions) codes.push_back(r.code);
  return codes;
}

bool KeepJudgedExpectations(const AlertEvidence& stored, AlertEvidence& fresh) {
  const auto old_day = ParseDay(stored.day), new_day = ParseDay(fresh.day);
  if (!old_day || !new_day) return false;
  const auto ahead = (std::chrono::sys_days(*new_day) - std::chrono::sys_days(*old_day)).count();
  if (ahead < 0) return false;
  // The stored draft's own day is judged again by a draft of the same day
  // (today's partial count); a later draft keeps it as it was judged.
  const long last_kept = ahead > 0 ? 0 : 1;  // days before the stored day kept
  bool kept = false;
  const auto keep = [&](const std::vector<double>& from, std::vector<double>& to) {
    const auto n = static_cast<long>(to.size()), m = static_cast<long>(from.size());
    if (m == 0 || n == 0) return;
    for (long i = 0; i < n; ++i) {
      const long back = n - 1 - i - ahead;  // days before the stored day
      if (back < last_kept || back >= m) continue;
      to[static_cast<size_t>(i)] = from[static_cast<size_t>(m - 1 - back)];
      kept = true;
    }
  };
  if (stored.expected_series.size() != stored.band_low.size() ||
      stored.expected_series.size() != stored.band_high.size() ||
      fresh.expected_series.size() != fresh.band_low.size() ||
      fresh.expected_series.size() != fresh.band_high.size()) {
    return false;
  }
  keep(stored.expected_series, fresh.expected_series);
  keep(stored.band_low, fresh.band_low);
  keep(stored.band_high, fresh.band_high);
  return kept;
}

PreparedUpsert PrepareUpsert(const AlertUpsert& upsert) {
  using nlohmann::json;
  const AlertEvidence& e = upsert.evidence;
  PreparedUpsert p;
  p.upsert = &upsert;
  p.regions = RegionCodes(e);
  p.evidence = EvidenceJson(e).dump(-1, ' ', false, json::error_handler_t::replace);
  p.regions_text = json(p.regions).dump();
  p.terms_text = json(e.top_terms).dump(-1, ' ', false, json::error_handler_t::replace);
  p.oldest = DaysBefore(e.day, std::max(0, upsert.quiet_days));
  // An alert quiet for longer is still this change's when the detector
  // dates the change from before its last day (adapt::AlertBook's rule).
  if (!e.since_day.empty() && e.since_day < p.oldest) p.oldest = e.since_day;
  return p;
}

}  // namespace sigap::store::rows
