#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "adapt/layout.h"

namespace sigap::adapt {

enum class DetectorKind : uint8_t {
  kCityShift,       // city-wide shift of a category (city_shift_detector.h)
  kLocalCluster,    // space-time cluster of kelurahan (cluster_scan_detector.h)
  kEmergingTopic,   // burst of new terms (topic_detector.h)
  kFallingRating,   // ratings CUSUM per agency (rating_detector.h)
  kGrowingBacklog,  // arrivals above resolutions (backlog_detector.h)
  kNaive,           // count > mean + 3 sd per cell, for comparison only
};

// Returns "city_shift", "local_cluster", "emerging_topic", "falling_rating",
// "growing_backlog" or "naive".
const char* DetectorName(DetectorKind kind);

// What a detector reports on the day it sees a change, with its evidence.
struct AlertDraft {
  DetectorKind detector = DetectorKind::kCityShift;
  std::string method;                     // the method and its reference
  Day day = 0;                            // the last day of data behind it
  Day since_day = 0;                      // when the change started, as the detector estimates
  int category = -1;                      // Layout::categories index, -1 when none
  int agency = -1;                        // Layout::agencies index, -1 when none
  std::vector<std::string> region_codes;  // map-ready: kelurahan, kecamatan or the city
  std::vector<std::string> region_names;
  double observed = 0;  // in the alert's window
  double expected = 0;
  double statistic = 0;
  double threshold = 0;  // the statistic raises an alert above this
  double p_value = 1;    // nominal, for the zone or term (before correction)
  // The daily series ending at `day` with its expected value and band.
  std::vector<double> series;
  std::vector<double> expected_series;
  std::vector<double> band_low;
  std::vector<double> band_high;
  std::vector<std::string> top_terms;
  // The kelurahan bordering the zone (local clusters): a draft whose zone
  // borders an alert's updates it (domain::AlertsOverlap).
  std::vector<std::string> border_codes;
  std::vector<uint64_t> case_ids;  // representative cases
  // Drafts with the same group that overlap (regions, terms) update one
  // alert: "local_cluster:PU-DRAINASE".
  std::string group;
  std::string sentence;     // one Indonesian sentence
  std::string sentence_en;  // the same in English
};

// An alert: the first draft and its updates while the change persists.
struct Alert {
  uint64_t id = 0;
  Day first_day = 0;
  Day last_day = 0;
  int updates = 0;  // drafts merged after the first
  AlertDraft latest;
};

// Keeps alerts and merges the drafts of a persisting change into one.
//
// A draft updates the most recent alert of its group that overlaps it
// (shares a region code or a top term, or its zone borders the alert's;
// drafts without regions and terms always overlap within a group) and
// that was last updated at most `quiet_days` before it, or later than the
// day the draft dates its change from (a CUSUM's run that dipped below
// its threshold for longer and rose again is the same change); otherwise
// it opens a new alert.
//
// Not thread-safe.
class AlertBook {
 public:
  explicit AlertBook(int quiet_days = 7) : quiet_days_(quiet_days) {}

  // Returns the alert's id and true when the draft opened a new alert.
  std::pair<uint64_t, bool> Upsert(AlertDraft draft);

  const std::vector<Alert>& alerts() const { return alerts_; }

 private:
  int quiet_days_;
  std::vector<Alert> alerts_;
  // Per group, the alerts updated within quiet_days_ of the latest draft,
  // and the group's latest alert.
  std::unordered_map<std::string, std::vector<size_t>> open_;
};

// Indonesian formatting for alert sentences.
// "3,4" (one decimal, comma); "12 Jan 2026" (day, short month, year).
std::string FormatRatio(double value);
// `value` with `digits` decimals and a decimal comma ("0,62"); 0 when it is
// not finite.
std::string FormatDecimal(double value, int digits);
std::string FormatShortDate(Day day);
// How much a count rose against what was expected of it: "naik 3,4× dari
// biasanya" / "rose 3.4× above usual"; when less than one case was
// expected, a ratio says little ("314,4×"): "naik menjadi 30 laporan,
// padahal biasanya kurang dari 1" / "rose to 30 reports where fewer than
// one is usual".
std::string RiseWords(double observed, double expected);
std::string RiseWordsEn(double observed, double expected);
// The days a count was made over, from `since` to `day`: "pada 16 Mar 2026"
// / "on 16 Mar 2026" for one day, else "dalam 4 hari sejak 13 Mar 2026" /
// "in 4 days since 13 Mar 2026".
std::string WindowWords(Day since, Day day);
std::string WindowWordsEn(Day since, Day day);
// "A", "A dan B", "A, B dan C".
std::string JoinIndonesian(const std::vector<std::string>& items);
// The same in English: "3.4"; "12 Jan 2026"; "A, B and C".
std::string FormatRatioEn(double value);
std::string FormatShortDateEn(Day day);
std::string JoinEnglish(const std::vector<std::string>& items);

}  // namespace sigap::adapt
