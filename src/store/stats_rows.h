#pragma once

// The arithmetic of the statistics, the same on both backends.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/time.h"
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

inline constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

// Still being handled: not yet resolved, rejected or closed.
inline constexpr const char* kHandling =
    "status IN ('received', 'verified', 'needs_info', 'disposed', 'in_progress')";

// The case reached its lead agency: disposed to it, whatever happened after
// (domain::DisposedToAgency). What the verifiers rejected or still hold
// under a service's agency is not that agency's.
inline constexpr const char* kReachedAgency =
    "(disposed_at IS NOT NULL OR status IN ('disposed', 'in_progress', 'resolved', 'closed'))";

inline double Median(std::vector<int64_t>& micros) {
  if (micros.empty()) return -1;
  std::sort(micros.begin(), micros.end());
  const size_t n = micros.size();
  const double mid =
      n % 2 == 1 ? double(micros[n / 2]) : (double(micros[n / 2 - 1]) + double(micros[n / 2])) / 2;
  return mid / double(kMicrosPerDay);
}

// What a statistics window reads of each case, one row a case, for
// StatsTally: status, kind, service (its name, else the category), the
// kecamatan and the kelurahan it counts in ("" for none: a case with a
// stated kelurahan and no point counts where it says, one whose point is
// outside the Pemda nowhere), created_at, agency_code, whether the case
// reached that agency (kReachedAgency), and the micros it took to resolve
// (NULL unless resolved or closed). Followed by the backend's window.
inline std::string TallyColumns() {
  return std::string(
             "SELECT status, kind, "
             "CASE WHEN service_name <> '' THEN service_name ELSE category END, "
             "CASE WHEN kecamatan_code <> '' THEN kecamatan_code "
             "WHEN kelurahan_code <> '' THEN substr(kelurahan_code, 1, 8) "
             "WHEN length(region_code) IN (8, 13) AND outside_pemda = 0 "
             "THEN substr(region_code, 1, 8) ELSE '' END, "
             "CASE WHEN kelurahan_code <> '' THEN kelurahan_code "
             "WHEN length(region_code) = 13 AND outside_pemda = 0 THEN region_code ELSE '' END, "
             "created_at, agency_code, CASE WHEN agency_code <> '' AND ") +
         kReachedAgency +
         " THEN 1 ELSE 0 END, "
         "CASE WHEN status IN ('resolved', 'closed') AND resolved_at IS NOT NULL "
         "THEN resolved_at - created_at END";
}

// Adds up a window's cases as they are read (TallyColumns): one scan of the
// window for every figure but "open now", where one GROUP BY a figure
// scanned it nine times (5-12 s at 1,000,000 cases). Then the open cases of
// now (AddOpen), and Finish makes the figures.
class StatsTally {
 public:
  explicit StatsTally(const CaseStatsQuery& q)
      : offset_micros_(int64_t{q.utc_offset_minutes} * 60 * 1000000),
        one_agency_(!q.agency_code.empty()) {}

  template <class Stmt>
  void Add(const Stmt& st) {
    const std::string_view status = st.View(0);
    const bool resolved = status == "resolved" || status == "closed";
    Count(status_, status);
    Count(kind_, st.View(1));
    Count(service_, st.View(2));
    if (const auto kecamatan = st.View(3); !kecamatan.empty()) Count(kecamatan_, kecamatan);
    if (const auto kelurahan = st.View(4); !kelurahan.empty()) Count(kelurahan_, kelurahan);
    auto& month = months_[MonthOf(st.Int(5))];
    ++month.first;
    if (resolved) ++month.second;
    const std::string_view agency = st.View(6);
    if (st.Int(7) != 0) {
      auto& a = Find(agencies_, agency);
      ++a.received;
      if (resolved) ++a.resolved;
    }
    if (!st.IsNull(8)) {
      const int64_t took = st.Int(8);
      all_durations_.push_back(took);
      if (!agency.empty()) Find(durations_, agency).push_back(took);
    }
  }

  // The cases open now (whenever received) that `lead` holds ("" while the
  // verifiers hold them), and how many of them are overdue.
  void AddOpen(std::string_view lead, int64_t open, int64_t overdue) {
    // An agency's figures are what it holds, not what the verifiers still
    // hold under its services (as in by_agency).
    if (one_agency_ && lead.empty()) return;
    open_ += open;
    overdue_ += overdue;
    // Still with the verifiers, or never disposed: no agency's.
    if (lead.empty()) return;
    auto& a = Find(agencies_, lead);
    a.open = open;
    a.overdue = overdue;
  }

  // The figures, the counts in the order the GROUP BYs gave them (largest
  // first, then by key; months in order), agencies most open first.
  CaseStats Finish() {
    CaseStats out;
    out.by_status = Sorted(status_);
    out.by_kind = Sorted(kind_);
    out.by_service = Sorted(service_);
    out.by_kecamatan = Sorted(kecamatan_);
    out.by_kelurahan = Sorted(kelurahan_);
    for (const auto& [index, counts] : months_) {
      const std::chrono::year_month_day first{
          std::chrono::year{static_cast<int>(index / 12)},
          std::chrono::month{static_cast<unsigned>(index % 12 + 1)}, std::chrono::day{1}};
      out.by_month.push_back({MonthText(first), counts.first, counts.second});
    }
    for (const auto& s : out.by_status) {
      out.received += s.count;
      if (s.key == "resolved" || s.key == "closed") out.resolved += s.count;
      if (s.key == "rejected") out.rejected += s.count;
    }
    out.open = open_;
    out.overdue = overdue_;
    out.median_days_to_resolve = Median(all_durations_);
    for (auto& [code, a] : agencies_) {
      a.agency_code = code;
      if (auto d = durations_.find(code); d != durations_.end()) {
        a.median_days_to_resolve = Median(d->second);
      }
      out.by_agency.push_back(a);
    }
    std::sort(out.by_agency.begin(), out.by_agency.end(),
              [](const AgencyStats& x, const AgencyStats& y) {
                return std::tie(y.open, y.received, x.agency_code) <
                       std::tie(x.open, x.received, y.agency_code);
              });
    return out;
  }

 private:
  using Counts = std::map<std::string, int64_t, std::less<>>;

  template <class Map>
  static typename Map::mapped_type& Find(Map& map, std::string_view key) {
    auto it = map.find(key);
    if (it == map.end()) it = map.emplace(std::string(key), typename Map::mapped_type{}).first;
    return it->second;
  }
  static void Count(Counts& counts, std::string_view key) { ++Find(counts, key); }

  static std::vector<StatsCount> Sorted(const Counts& counts) {
    std::vector<StatsCount> out;
    out.reserve(counts.size());
    for (const auto& [key, n] : counts) out.push_back({key, n});
    std::stable_sort(out.begin(), out.end(),  // keys already in order among equals
                     [](const StatsCount& a, const StatsCount& b) { return a.count > b.count; });
    return out;
  }

  // The local month of a time, as year * 12 + month - 1.
  int64_t MonthOf(int64_t micros) const {
    using namespace std::chrono;
    const int64_t local = micros + offset_micros_;
    const int64_t day = local >= 0 ? local / kMicrosPerDay : -((-local - 1) / kMicrosPerDay) - 1;
    const year_month_day date{sys_days{days{day}}};
    return int64_t{static_cast<int>(date.year())} * 12 +
           static_cast<int64_t>(static_cast<unsigned>(date.month())) - 1;
  }

  const int64_t offset_micros_;
  const bool one_agency_;  // the figures of one agency (CaseStatsQuery::agency_code)
  Counts status_, kind_, service_, kecamatan_, kelurahan_;
  std::map<int64_t, std::pair<int64_t, int64_t>> months_;  // received, resolved
  std::map<std::string, AgencyStats, std::less<>> agencies_;
  std::map<std::string, std::vector<int64_t>, std::less<>> durations_;
  std::vector<int64_t> all_durations_;
  int64_t open_ = 0, overdue_ = 0;
};

}  // namespace sigap::store::rows
