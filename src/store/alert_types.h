#pragma once

// Early-warning alerts as the Store keeps them (issue 9, migration 0009),
// and the case signals the detectors are fed with.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/alert_status.h"
#include "domain/case.h"

namespace sigap::store {

struct AlertRegion {
  std::string code;  // Kemendagri code: kelurahan, kecamatan or the Pemda
  std::string name;
};

// What a detector saw: the latest evidence of a persisting change.
struct AlertEvidence {
  std::string
      detector;        // city_shift, local_cluster, emerging_topic, falling_rating, growing_backlog
  std::string method;  // the method and its reference
  std::string group;   // drafts of one group that overlap update one alert
  std::string category_code, category_name;  // "" when none
  std::string agency_code, agency_name;      // "" when none
  std::string day;                           // YYYY-MM-DD, local: the last day of data behind it
  std::string since_day;                     // when the change started, as estimated
  std::vector<AlertRegion> regions;          // map-ready
  double observed = 0;                       // in the alert's window
  double expected = 0;
  double statistic = 0;
  double threshold = 0;  // the statistic raises an alert above this
  double p_value = 1;
  // Daily series ending at `day`, with its expected value and band.
  std::vector<double> series, expected_series, band_low, band_high;
  std::vector<std::string> top_terms;
  // The regions bordering `regions` (a local cluster's zone): an alert whose
  // regions are among them is the same change (domain::AlertsOverlap). Not
  // stored.
  std::vector<std::string> border_codes;
  std::vector<domain::CaseId> case_ids;  // the cases behind it (representative)
  std::string sentence;                  // one Indonesian sentence
  std::string sentence_en;               // the same in English ("" before it was written)
  // A capacity proposal's: the alert whose rule proposed it (0: none, a
  // rule on a schedule or an event).
  int64_t answers_alert = 0;
};

// One step of an alert's lifecycle: who moved it, when and why. Append-only.
struct AlertStep {
  std::string from_status;  // "" for the alert's opening
  std::string to_status;
  std::string actor;  // "user:NAME" or "system"
  std::string reason;
  Timestamp at{};
};

struct StoredAlert {
  int64_t id = 0;
  domain::PemdaId pemda_id = 0;
  domain::AlertStatus status = domain::AlertStatus::kNew;
  std::string first_day;  // YYYY-MM-DD: the day it was first seen
  std::string last_day;   // the last day of data that updated it
  // When the change started: the earliest of its drafts' estimates (each
  // draft's own, evidence.since_day, is that of its detector's window).
  std::string since_day;
  // The closed alert whose change this one continues (closed while it went
  // on), or 0.
  int64_t continues = 0;
  int updates = 0;  // evidence updates after the first
  AlertEvidence evidence;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::vector<AlertStep> history;  // FindAlert and MoveAlert only, oldest first
};

// A detector's draft to merge: it updates the most recent alert of its group
// that overlaps it (shares a region or a top term; drafts with neither always
// overlap) and whose last day is at most `quiet_days` before the draft's or
// on or after the draft's since-day (the change went on meanwhile), unless
// that alert is closed; otherwise it opens a new alert.
// Replays are harmless: a draft older than the alert's last day changes
// nothing, one of the same day replaces the evidence without counting an
// update.
struct AlertUpsert {
  domain::PemdaId pemda_id = 0;
  AlertEvidence evidence;
  int quiet_days = 7;
  Timestamp at{};
  // E-mail audiences (outbox, see OutboxMessage) told about a new alert, in
  // its transaction; updates notify nobody.
  std::vector<std::string> notify_audiences;
};

struct AlertUpsertOutcome {
  int64_t id = 0;        // 0 when the draft was an old replay
  bool created = false;  // a new alert
  bool updated = false;  // an existing alert's evidence changed
};

// Which alerts to list, newest first. Empty fields do not filter.
struct AlertFilter {
  std::optional<domain::AlertStatus> status;
  std::string detector;
  std::string agency_code;
  // With agency_code: the alerts of these agencies too (a head's units).
  std::vector<std::string> units;
  bool with_pemda_wide = false;  // with agency_code: also the alerts of no agency
  std::string category_code;
  std::string since;   // YYYY-MM-DD: last_day on or after
  int64_t before = 0;  // cursor: alerts with a smaller id
  int limit = 50;      // 1..200
};

struct AlertPage {
  std::vector<StoredAlert> alerts;
  int64_t next_cursor = 0;  // 0 on the last page
};

struct AlertMove {
  domain::AlertStatus to = domain::AlertStatus::kAcknowledged;
  std::string actor;
  std::string reason;
  Timestamp at{};
};

// A case event as the detectors see it: arrivals (`submitted`), departures
// from the open set (`resolved`, `rejected`, `merged`) and ratings.
struct SignalEvent {
  // kArrival: submitted; kResolution: resolved, rejected or merged;
  // kPause: info_requested; kReturn: info_provided or reopened; kTransfer:
  // disposed or forwarded.
  enum class Type { kArrival, kResolution, kRating, kPause, kReturn, kTransfer };
  Type type = Type::kArrival;
  Timestamp at{};
  int64_t event_id = 0;  // arrivals and departures: the case event's id
  domain::CaseId case_id = 0;
  domain::CaseKind kind = domain::CaseKind::kComplaint;
  std::string service_code;
  // The case's agency now; a transfer's: the agency it went to.
  std::string agency_code;
  std::string region_code;  // the case's kelurahan (or kecamatan), may be ""
  // The case's deadline now; a transfer's or a return's: the one it set.
  std::optional<Timestamp> due_at;
  int stars = 0;     // ratings
  std::string text;  // arrivals: title and description (empty for confidential cases)
};

// Where a reader of the signals stands: the last case event and rating read.
struct SignalCursor {
  int64_t event_id = 0;
  int64_t rating_at_micros = 0;
  domain::CaseId rating_case_id = 0;
  // A replay in time order (Store::ReplaySignals) also keeps the last case
  // event's time, and the newest case event it covers (set by its first
  // batch; 0 before).
  int64_t event_at_micros = 0;
  int64_t replay_through_id = 0;
};

struct SignalBatch {
  // ListSignals: case events by id, then ratings by time. ReplaySignals:
  // both merged by time.
  std::vector<SignalEvent> events;
  SignalCursor next;
  bool more = false;  // a limit was reached: read again from `next`
};

// The detectors' saved state of a Pemda (Store::SaveSignalState): bytes
// only the alert watch reads, and when they were written.
struct SignalState {
  std::string data;
  Timestamp saved_at{};
};

}  // namespace sigap::store
