#pragma once

// The detectors of issue 9 on the real case stream: `sigap serve` (and
// `sigap demo`) feed a Pemda's case events to an adapt::Sensor in time order
// and keep the alerts it finds in the Store.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "adapt/code_index.h"
#include "adapt/layout.h"
#include "adapt/sensor.h"
#include "app/satisfaction_book.h"
#include "domain/result.h"
#include "domain/working_calendar.h"
#include "store/store.h"

namespace sigap::cli {

// The noun phrase of a service for alert sentences: "pengaduan saluran
// drainase, genangan dan banjir", "kasus penerbitan KTP-el", "laporan
// penanganan kasus DBD".
std::string CategoryNoun(const std::string& name);

// Who is told about a new alert: `key` is an agency code, a service code or
// "*" (every alert); `audience` an outbox e-mail audience (user:NAME,
// agency:CODE, agency_head:CODE, verifiers or leaders).
struct AlertRecipient {
  std::string key;
  std::string audience;
};

// Parses "KEY=AUDIENCE, KEY=AUDIENCE" ("" = none). kInvalidArgument naming
// the item that is malformed.
[[nodiscard]] Result<std::vector<AlertRecipient>> ParseAlertRecipients(const std::string& text);

struct AlertWatchOptions {
  // Configured recipients; a new alert always goes to the heads of its
  // agency (agency_head:CODE) too, and one of no agency that none of these
  // is for to the Pemda's leaders and administrators ("leaders").
  std::vector<AlertRecipient> recipients;
  int quiet_days = 7;  // a change seen again within this many days updates its alert
  // Also judge today's cases so far on a copy of the signals, so a surge is
  // reported the day it happens rather than after midnight. Counts of a day
  // only grow, so what the partial day shows, the full day shows too.
  bool judge_open_day = true;
  // New alerts about days older than this are stored without notices (a
  // rebuild over history tells nobody about last year).
  int notify_within_days = 2;
  // Save the detectors' state (Store::SaveSignalState) after the rebuild,
  // after each tick that closes a day and otherwise at most this often
  // while events arrive; 0: never save nor restore (every start rebuilds).
  std::chrono::seconds save_every{3600};
  // Events written since the last tick are read at once and sorted by
  // time; when there are more than this (a restored state after a long
  // stop or a large import), the watch starts afresh and rebuilds from the
  // history in bounded batches instead, so memory stays bounded.
  int64_t rebuild_after_events = 100000;
  // A rebuild reads the history in batches of at most this many case
  // events and ratings. Up to 16 batches are in memory at once with their
  // texts' terms (about 5 KB per real complaint: three waiting between
  // each two stages, and one in each stage): 10,000 took the server's VmHWM
  // with 1,000,000 cases from 183 to 197-234 MB when at most four were
  // (bench/RESULTS.md).
  int replay_batch = 2000;
  adapt::SensorOptions sensor;
  // The SKM responses, whose IKM falls are judged once a day and when new
  // responses come (IkmFallDrafts); null: not judged.
  app::SatisfactionBook* satisfaction = nullptr;
};

// What one Tick did.
struct WatchReport {
  int64_t events = 0;   // signals read and fed
  int64_t skipped = 0;  // ratings of no known agency (neither the case's nor its service's)
  int created = 0;      // new alerts
  int updated = 0;      // alerts whose evidence changed
  double seconds = 0;
};

// Builds the detectors' view of a Pemda from the store: its services,
// agencies, kecamatan and kelurahan with the adjacency of their boundaries.
[[nodiscard]] Result<adapt::Layout> LoadLayout(store::Store& store, const domain::Pemda& pemda);

// One Pemda's detectors over its case stream. Create restores the state the
// last watch saved (Store::LoadSignalState) when it fits this build, layout
// and options; otherwise the first Tick rebuilds the signals from every
// stored event. Ticks then feed only new events, and save the state now
// and then (AlertWatchOptions::save_every), so that a restart resumes
// instead of replaying the whole history.
//
// Not thread-safe: one thread ticks it.
class AlertWatch {
 public:
  [[nodiscard]] static Result<std::unique_ptr<AlertWatch>> Create(
      store::Store& store, const domain::Pemda& pemda,
      std::shared_ptr<const domain::WorkingCalendar> calendar, AlertWatchOptions options);

  // Reads the signals written since the last tick, feeds them in time order
  // (an event older than the open day counts on the open day), closes every
  // day before `now`'s local date, judges today so far (judge_open_day) and
  // merges what the detectors found into the stored alerts.
  [[nodiscard]] Result<WatchReport> Tick(Timestamp now);

  size_t MemoryBytes() const { return sensor_->MemoryBytes(); }
  // The open cases the backlog detector counts for an agency now: filed,
  // returned or transferred to it, not resolved, not waiting for the
  // citizen (0 for a code it does not know).
  long OpenCases(const std::string& agency_code) const;
  // When the state Create restored was saved; nullopt when it rebuilds.
  std::optional<Timestamp> restored_at() const { return restored_at_; }
  const adapt::Layout& layout() const { return *layout_; }

 private:
  AlertWatch(store::Store& store, domain::Pemda pemda,
             std::shared_ptr<const domain::WorkingCalendar> calendar,
             std::unique_ptr<adapt::Layout> layout, std::chrono::minutes utc_offset,
             AlertWatchOptions options);
  adapt::Day LocalDay(Timestamp t) const;
  store::AlertEvidence Evidence(const adapt::AlertDraft& draft) const;
  std::vector<std::string> Audiences(const store::AlertEvidence& evidence) const;
  // The draft with the cases behind it when its detector names none: the
  // newest arrivals (or low ratings; for a backlog, the work that came to
  // its agency) of its category, places and agency between the change's
  // start and its day.
  adapt::AlertDraft WithCases(adapt::AlertDraft draft) const;
  // The cases an alert shows, at most.
  static constexpr size_t kMaxCases = 20;
  // A growing backlog's cases, while it is news: the agency's open work
  // that waits longest (overdue first, then by deadline). The arrivals that
  // raised it may be weeks old, or resolved since.
  Result<std::vector<domain::CaseId>> LongestWaiting(const std::string& agency_code,
                                                     Timestamp now) const;
  // Adds a draft to pending_: a topic whose cases are mostly of one
  // service is that service's (and its agency's, who is told and may act
  // on it); two topics of one service on one day are one topic (a flood's
  // reports word it many ways); a local cluster of the same day and
  // service whose kelurahan hold most of a topic's cases carries the
  // topic's words as its own top terms.
  void Take(adapt::AlertDraft draft);
  // Feeds one signal to the sensor (an event older than the open day counts
  // on the open day; later than `today`, on today); counts it in `report`.
  // `terms` are its text's when they were scanned ahead.
  void Feed(const store::SignalEvent& signal, adapt::Day today, WatchReport& report,
            std::span<const adapt::TextNormalizer::Term> terms = {});
  // A fresh sensor, its drafts going to pending_.
  void ResetSensor();
  // The saved state: the watch's own (cursor, recent cases) and the sensor's.
  std::string SaveState() const;
  bool LoadState(std::string_view data);
  // Replays the history in time order, a batch at a time (the first tick).
  Status Replay(adapt::Day today, WatchReport& report);
  // The signals written since the cursor, in time order; nullopt when there
  // are more than rebuild_after_events and `capped`.
  Result<std::optional<std::vector<store::SignalEvent>>> ReadSince(bool capped);
  // Saves the state when save_every says it is time.
  Status MaybeSave(Timestamp now, bool rebuilt, adapt::Day open_day_before);

  store::Store& store_;
  domain::Pemda pemda_;
  std::shared_ptr<const domain::WorkingCalendar> calendar_;
  std::unique_ptr<adapt::Layout> layout_;
  std::chrono::minutes utc_offset_;
  AlertWatchOptions options_;
  std::vector<std::string> service_names_;
  std::unique_ptr<adapt::Sensor> sensor_;
  bool started_ = false;
  bool replayed_ = false;
  store::SignalCursor cursor_;
  std::optional<Timestamp> restored_at_;
  std::optional<Timestamp> saved_at_;  // the last save by this watch
  int64_t events_since_save_ = 0;
  // Codes of the layout's services, agencies and kelurahan to their index
  // (the views point into layout_).
  adapt::CodeIndex category_of_, agency_of_, kelurahan_of_;
  std::vector<adapt::AlertDraft> pending_;
  // The day and the count of SKM responses the IKM was last judged on.
  adapt::Day ikm_day_ = 0;
  size_t ikm_responses_ = 0;
  // Recent arrivals, ratings and transfers to an agency (the last kRecentDays
  // days), for WithCases.
  // Saved as its bytes; the padding is a member, so that they are written
  // in one copy (see adapt::StateWriter).
  struct Recent {
    adapt::Day day;
    adapt::EventType type;
    uint8_t stars;
    uint16_t category, agency, kelurahan;
    uint32_t padding = 0;
    uint64_t case_id;
  };
  static_assert(sizeof(Recent) == 24 && std::has_unique_object_representations_v<Recent>);
  static constexpr int kRecentDays = 35;
  std::deque<Recent> recent_;
  // Of `ids`, the arrivals among recent_ of the two weeks up to `day`.
  std::vector<const Recent*> RecentArrivals(const std::vector<uint64_t>& ids, adapt::Day day) const;
};

// Ticks a watch every `interval` on its own thread until destroyed. After
// each tick `on_tick` hears whether it succeeded and when it started (the
// server's metrics: are the detectors keeping up?).
class AlertWatchLoop {
 public:
  AlertWatchLoop(AlertWatch& watch, std::function<Timestamp()> now, std::chrono::seconds interval,
                 std::function<void()> on_alerts,
                 std::function<void(bool ok, Timestamp started)> on_tick = {});
  ~AlertWatchLoop();
  AlertWatchLoop(const AlertWatchLoop&) = delete;
  AlertWatchLoop& operator=(const AlertWatchLoop&) = delete;

 private:
  void Run();

  AlertWatch& watch_;
  std::function<Timestamp()> now_;
  const std::chrono::seconds interval_;
  std::function<void()> on_alerts_;
  std::function<void(bool, Timestamp)> on_tick_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sigap::cli
