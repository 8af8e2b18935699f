#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapt/alert.h"
#include "adapt/backlog_detector.h"
#include "adapt/case_table.h"
#include "adapt/city_shift_detector.h"
#include "adapt/cluster_scan_detector.h"
#include "adapt/layout.h"
#include "adapt/naive_detector.h"
#include "adapt/rating_detector.h"
#include "adapt/state_io.h"
#include "adapt/topic_detector.h"
#include "domain/working_calendar.h"

namespace sigap::adapt {

struct SensorOptions {
  CityShiftDetector::Options city;
  ClusterScanDetector::Options cluster;
  TopicDetector::Options topic;
  RatingDetector::Options rating;
  BacklogDetector::Options backlog;
  bool naive = false;  // also run the naive reference into naive_alerts()
};

// The daily signals of a Pemda and the detectors over them, fed with the
// case event stream in time order (no event may be older than the last
// one). Counts per category × kelurahan, kecamatan and city, and per
// category × kind; per agency open cases, arrivals and resolutions; star
// ratings; term frequencies of new texts. When an event of a later day
// arrives, the earlier days are closed and every detector judges them;
// their drafts are merged into alerts().
//
// Holds references to `layout` and `calendar`, which must outlive it.
// Copyable (a copy can judge a day provisionally without touching the
// original). Not thread-safe; one Sensor per Pemda.
class Sensor {
 public:
  Sensor(const Layout& layout, const domain::WorkingCalendar& calendar, SensorOptions options);

  // Feeds one event. Requires event.day >= the previous event's day.
  void Feed(const Event& event);
  // A hint that an event of case `case_id` comes soon: a replay that
  // knows its next events calls it a few events ahead, so that finding
  // the case among the open ones does not wait for memory.
  void Prefetch(uint64_t case_id) const { open_.Prefetch(case_id); }

  // Closes every day up to and including `day` (events of these days can
  // no longer be fed).
  void CloseThrough(Day day);

  // Closes the days through `day` on a copy, this one unchanged: the
  // listener hears the drafts of a day not over yet. The copy leaves out
  // the open cases, which closing a day never reads and which are most of
  // a large Pemda's state.
  void JudgeThrough(Day day);

  // Calls `listener` with every draft (naive ones with naive = true) before
  // it is merged into the alerts: for scoring simulations.
  void set_listener(std::function<void(const AlertDraft&, bool naive)> listener) {
    listener_ = std::move(listener);
  }

  const AlertBook& alerts() const { return book_; }
  const AlertBook& naive_alerts() const { return naive_book_; }

  // The day being filled; meaningful after the first event.
  Day open_day() const { return day_; }
  // Today's counts per category × kind (domain::CaseKind numbers 0..7).
  const std::vector<uint32_t>& kind_counts() const { return kind_counts_; }
  // The agency's open cases: filed or returned, not resolved, not waiting
  // for the citizen.
  long open_cases(uint16_t agency) const { return backlog_.open(agency); }
  // Today's counts per category × kecamatan.
  const std::vector<uint32_t>& kecamatan_counts() const { return kecamatan_counts_; }

  // Bytes of detector state (excluding the alerts kept).
  size_t MemoryBytes() const;

  // The signals and every detector's state as bytes (state_io.h), headed by
  // a format number, the layout and the options they were built with. The
  // alerts() and naive_alerts() books are not part of it (a server keeps
  // its alerts in the store).
  std::string Save() const;
  // Replaces this sensor's state with a saved one. Fails, when the snapshot
  // was made by another format, layout or options or is damaged; the
  // sensor must then be discarded. Bump kStateFormat whenever a
  // detector's state or the meaning of its fields changes.
  [[nodiscard]] bool Load(std::string_view snapshot);
  // 2: topic bigrams; 3: backlog throughput; 4: cases waiting for the
  // citizen; 5: every open case with its agency and deadline; 6: the
  // cluster scan's surges, left out of the shares it learns
  static constexpr uint32_t kStateFormat = 6;

  static constexpr int kKinds = 8;

 private:
  void CloseOpenDay();
  // Writes what the state was built for; ReadHeader checks it.
  void WriteHeader(StateWriter& out) const;
  bool ReadHeader(StateReader& in) const;

  const Layout& layout_;
  const domain::WorkingCalendar& calendar_;
  SensorOptions options_;
  CityShiftDetector city_;
  ClusterScanDetector cluster_;
  TopicDetector topic_;
  RatingDetector rating_;
  BacklogDetector backlog_;
  std::optional<NaiveDetector> naive_;  // optional, not a pointer: a Sensor copies
  AlertBook book_;
  AlertBook naive_book_{1};

  bool started_ = false;
  Day day_ = 0;
  std::vector<uint16_t> cell_counts_;  // [category][kelurahan]
  std::vector<uint32_t> city_counts_;  // [category]
  std::vector<uint32_t> kecamatan_counts_;
  std::vector<uint32_t> kind_counts_;
  std::vector<double> rating_sum_, rating_n_;  // today, per agency (naive)
  // The open cases by id, with the agency and deadline their arrival,
  // return or transfer gave them: what a case's departure takes out of the
  // backlog is what its arrival put in, whatever the case became since.
  struct OpenCase {
    uint16_t agency = kNoAgency;
    bool paused = false;  // waiting for the citizen: not the agency's work
    Day due_day = 0;
  };
  CaseTable<OpenCase> open_;
  std::vector<AlertDraft> drafts_;
  std::function<void(const AlertDraft&, bool)> listener_;
};

}  // namespace sigap::adapt
