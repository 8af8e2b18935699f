#pragma once

// The detectors' signals as both backends read them (Store::ListSignals and
// Store::ReplaySignalsInto), and their saved state (Store::LoadSignalState and
// SaveSignalState). The templates take the backend's Connection, in a
// read transaction the caller opened (sqlite:: and postgres:: share their
// shape).
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "domain/text.h"
#include "domain/time.h"
#include "store/alert_types.h"
#include "store/codec.h"

namespace sigap::store::rows {

using domain::PemdaId;

// A case event as the detectors read it (case_signals, migration 0018):
// the event's id, kind and time, then its case as it was at the event;
// last the text of an arrival, or the payload of a transfer or return
// (with the agency and deadline it set).
inline constexpr const char* kSignalEventSelect =
    "SELECT event_id, kind, at, case_id, case_kind, service_code, agency_code, region_code, "
    "due_at, detail FROM case_signals WHERE pemda_id = ? ";
// Those after an event id, by id (ListSignals).
inline const std::string kSignalEventsById =
    std::string(kSignalEventSelect) + "AND event_id > ? ORDER BY event_id LIMIT ?";
// Those up to an event id and after a (time, id), by time (ReplaySignals).
inline const std::string kSignalEventsByTime =
    std::string(kSignalEventSelect) +
    "AND event_id <= ? AND at >= ? AND (at > ? OR event_id > ?) ORDER BY at, event_id LIMIT ?";

// The agency a signal row names (of the case as it is at the event, its
// kind bound as ?1): none while the verifiers hold the case, and none for a
// case filed through intake, which reaches an agency by its disposition (a
// transfer): the service's agency is filled in at intake, and counting the
// verifiers' queue as that agency's backlog blamed a Dinas for cases it
// could not yet open. An imported case arrives where it was. PostgreSQL's
// case_events_signal() (migration 0032) reads the same.
inline constexpr const char* kSignalAgency =
    "CASE WHEN stage = 'verification' OR (?1 = 'submitted' AND channel <> 'import') THEN '' "
    "ELSE agency_code END";

// What a case event of `kind` is to the detectors, or nullopt for one they
// do not read (no case_signals row).
inline std::optional<SignalEvent::Type> SignalTypeOf(std::string_view kind) {
  namespace kinds = domain::event_kind;
  using Type = SignalEvent::Type;
  if (kind == kinds::kSubmitted) return Type::kArrival;
  if (kind == kinds::kInfoRequested) return Type::kPause;
  if (kind == kinds::kInfoProvided || kind == kinds::kReopened) return Type::kReturn;
  if (kind == kinds::kDisposed || kind == kinds::kForwarded) return Type::kTransfer;
  if (kind == kinds::kResolved || kind == kinds::kRejected || kind == kinds::kMerged) {
    return Type::kResolution;
  }
  return std::nullopt;
}

// Whether a signal's row keeps its event's payload (the agency and deadline
// a transfer or return set) rather than a text.
inline bool CarriesPayload(SignalEvent::Type type) {
  return type == SignalEvent::Type::kTransfer || type == SignalEvent::Type::kReturn;
}

// The string members `agency_code` and `due_at` of a payload.
struct PayloadFields {
  std::optional<std::string_view> agency_code;
  std::optional<std::string_view> due_at;
};

// Whether `v` (a nested value ScanPayloadFields found by its brackets, in
// text already checked to be UTF-8) is an empty array or object or an
// array of strings without escapes or control characters, as Sigap writes
// them: valid JSON, known without running the parser, which for the
// `"supporting":[]` of nearly every disposition cost more than the rest
// of reading it.
inline bool PlainNested(std::string_view v) {
  if (v == "[]" || v == "{}") return true;
  size_t i = 0;
  const auto space = [&] {
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r')) ++i;
  };
  if (v.empty() || v[i++] != '[') return false;
  space();
  for (;;) {
    if (i >= v.size() || v[i] != '"') return false;
    for (++i; i < v.size() && v[i] != '"'; ++i) {
      if (v[i] == '\\' || static_cast<unsigned char>(v[i]) < 0x20) return false;
    }
    if (i >= v.size()) return false;
    ++i;
    space();
    if (i < v.size() && v[i] == ',') {
      ++i;
      space();
      continue;
    }
    return i + 1 == v.size() && v[i] == ']';
  }
}

// Reads PayloadFields from a JSON object without building it: a rebuild
// reads a payload for every transfer and return of the history, and
// parsing each into a DOM was the costliest step of reading them
// (bench/RESULTS.md, issue 9). Only the shape Sigap writes is read here:
// one object, its members' values strings without escapes, numbers,
// literals or nested objects and arrays. Anything else (an escape, a
// control character, bad UTF-8, a syntax error) gives nullopt, and the
// caller parses the payload fully. As with a parser, of a member named
// twice the last counts.
inline std::optional<PayloadFields> ScanPayloadFields(std::string_view s) {
  size_t i = 0;
  const auto space = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  };
  // A string without escapes or control characters; i is on its quote.
  const auto plain_string = [&]() -> std::optional<std::string_view> {
    const size_t start = ++i;
    for (; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == '"') return s.substr(start, i++ - start);
      if (c == '\\' || c < 0x20) return std::nullopt;
    }
    return std::nullopt;
  };
  // A nested object or array; i is on its bracket. Strings inside may
  // hold escapes: a backslash takes the byte after it.
  const auto skip_nested = [&]() -> bool {
    int depth = 0;
    for (; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '"') {
        for (++i; i < s.size() && s[i] != '"'; ++i) {
          if (static_cast<unsigned char>(s[i]) < 0x20) return false;
          if (s[i] == '\\') ++i;
        }
        if (i >= s.size()) return false;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          ++i;
          return true;
        }
      }
    }
    return false;
  };
  if (!domain::IsValidUtf8(s)) return std::nullopt;
  PayloadFields out;
  space();
  if (i >= s.size() || s[i] != '{') return std::nullopt;
  ++i;
  space();
  if (i < s.size() && s[i] == '}') {
    ++i;
  } else {
    for (;;) {
      space();
      if (i >= s.size() || s[i] != '"') return std::nullopt;
      const auto key = plain_string();
      if (!key) return std::nullopt;
      space();
      if (i >= s.size() || s[i] != ':') return std::nullopt;
      ++i;
      space();
      if (i >= s.size()) return std::nullopt;
      std::optional<std::string_view>* field = *key == "agency_code" ? &out.agency_code
                                               : *key == "due_at"    ? &out.due_at
                                                                     : nullptr;
      if (s[i] == '"') {
        const auto value = plain_string();
        if (!value) return std::nullopt;
        if (field) *field = value;
      } else if (s[i] == '{' || s[i] == '[') {
        // Found by its brackets, checked by the parser (Sigap's are short:
        // a list of supporting agencies).
        const size_t start = i;
        if (!skip_nested()) return std::nullopt;
        const auto nested = s.substr(start, i - start);
        if (!PlainNested(nested) && !nlohmann::json::accept(nested)) return std::nullopt;
        if (field) field->reset();
      } else {
        // A number or literal: up to the next separator.
        const size_t start = i;
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ' ' && s[i] != '\n' &&
               s[i] != '\t' && s[i] != '\r') {
          ++i;
        }
        const auto token = s.substr(start, i - start);
        const bool literal = token == "null" || token == "true" || token == "false";
        if (!literal && !nlohmann::json::accept(token)) return std::nullopt;
        if (field) field->reset();
      }
      space();
      if (i >= s.size()) return std::nullopt;
      if (s[i] == ',') {
        ++i;
        continue;
      }
      if (s[i] != '}') return std::nullopt;
      ++i;
      break;
    }
  }
  space();
  if (i != s.size()) return std::nullopt;
  return out;
}

// The agency (transfers) and deadline a transfer's or return's payload
// names, in place of the case's own now; what is missing or does not read
// leaves the case's.
inline void ReadPayloadAgencyAndDeadline(std::string_view payload, SignalEvent& ev) {
  PayloadFields fields;
  std::string agency, due;  // own the strings of a fully parsed payload
  if (auto scanned = ScanPayloadFields(payload)) {
    fields = *scanned;
  } else {
    const auto json = nlohmann::json::parse(payload, nullptr, false);
    if (!json.is_object()) return;
    const auto a = json.find("agency_code");
    if (a != json.end() && a->is_string()) fields.agency_code = agency = a->get<std::string>();
    const auto d = json.find("due_at");
    if (d != json.end() && d->is_string()) fields.due_at = due = d->get<std::string>();
  }
  if (ev.type == SignalEvent::Type::kTransfer && fields.agency_code) {
    ev.agency_code.assign(*fields.agency_code);
  }
  if (!fields.due_at) return;
  if (const auto at = ParseRfc3339(*fields.due_at)) ev.due_at = at;
}

// Steps `stmt` (a kSignalEventSelect) into `out`, overwriting the events
// already there so that their strings' memory is used again (a replay's
// batches go round: reading each event into a new SignalEvent, its
// allocations and copies were a third of the reading thread,
// bench/RESULTS.md, issue 9); `out` ends with the last row read. Returns
// the rows read.
template <class Stmt>
Result<int> ReadSignalEvents(Stmt& stmt, std::vector<SignalEvent>& out) {
  size_t n = 0;
  for (;;) {
    auto row = stmt.Step();
    if (!row) {
      out.resize(n);
      return Fail(row.error());
    }
    if (!*row) break;
    if (n == out.size()) out.emplace_back();
    SignalEvent& ev = out[n++];
    // case_signals holds only the kinds SignalTypeOf knows.
    ev.type = SignalTypeOf(stmt.View(1)).value_or(SignalEvent::Type::kResolution);
    ev.at = FromMicros(stmt.Int(2));
    ev.case_id = stmt.Int(3);
    ev.kind = domain::ParseCaseKind(stmt.View(4)).value_or(domain::CaseKind::kComplaint);
    ev.service_code.assign(stmt.View(5));
    ev.agency_code.assign(stmt.View(6));
    ev.region_code.assign(stmt.View(7));
    ev.due_at.reset();
    if (!stmt.IsNull(8)) ev.due_at = FromMicros(stmt.Int(8));
    ev.stars = 0;
    if (CarriesPayload(ev.type)) {
      ev.text.clear();
      ReadPayloadAgencyAndDeadline(stmt.View(9), ev);
    } else {
      ev.text.assign(stmt.View(9));
    }
    ev.event_id = stmt.Int(0);
  }
  out.resize(n);
  stmt.Reset();
  return static_cast<int>(n);
}

// Ratings after a (time, case) and up to a time, by time, with their
// case's kind, service and place (kept on the rating, migration 0043,
// rather than looked up in `cases`, a random row per rating). The range's lower end is stated on
// its own (created_at >= ?) as kSignalEventsByTime states its own: from the OR alone, SQLite's plan
// read the index from the Pemda's first rating on every batch, and a rebuild of 9,932,821 events
// beside 1,123,333 ratings took 218 s instead of about 11 (bench/RESULTS.md, issue 9).
inline constexpr const char* kSignalRatingsByTime =
    "SELECT case_id, created_at, stars, agency_code, case_kind, service_code, region_code "
    "FROM case_ratings WHERE pemda_id = ? AND created_at >= ? AND created_at <= ? "
    "AND (created_at > ? OR case_id > ?) ORDER BY created_at, case_id LIMIT ?";

// Up to `limit` ratings after the cursor's and given up to `until_micros`,
// by (time, case), into `out`; moves the cursor. Returns the rows read.
template <class Conn>
Result<int> ReadSignalRatings(Conn& conn, PemdaId pemda, SignalCursor& cursor, int limit,
                              std::vector<SignalEvent>& out,
                              int64_t until_micros = std::numeric_limits<int64_t>::max()) {
  auto ratings = conn.Prepare(kSignalRatingsByTime);
  if (!ratings) return Fail(ratings.error());
  auto& s = **ratings;
  s.Bind(1, pemda).Bind(2, cursor.rating_at_micros).Bind(3, until_micros);
  s.Bind(4, cursor.rating_at_micros).Bind(5, cursor.rating_case_id).Bind(6, limit);
  int n = 0;
  for (;;) {
    auto row = s.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    SignalEvent ev;
    ev.type = SignalEvent::Type::kRating;
    ev.case_id = s.Int(0);
    ev.at = FromMicros(s.Int(1));
    ev.stars = static_cast<int>(s.Int(2));
    ev.agency_code = s.Text(3);
    ev.kind = domain::ParseCaseKind(s.Text(4)).value_or(domain::CaseKind::kComplaint);
    ev.service_code = s.Text(5);
    ev.region_code = s.Text(6);
    cursor.rating_at_micros = s.Int(1);
    cursor.rating_case_id = ev.case_id;
    out.push_back(std::move(ev));
    ++n;
  }
  s.Reset();
  return n;
}

// Store::ListSignals: case events by id, then ratings by time.
template <class Conn>
Result<SignalBatch> ListSignals(Conn& conn, PemdaId pemda, const SignalCursor& after, int limit) {
  limit = std::clamp(limit, 1, 100000);
  SignalBatch batch;
  batch.next = after;
  auto events = conn.Prepare(kSignalEventsById.c_str());
  if (!events) return Fail(events.error());
  (*events)->Bind(1, pemda).Bind(2, after.event_id).Bind(3, limit);
  auto read = ReadSignalEvents(**events, batch.events);
  if (!read) return Fail(read.error());
  if (*read > 0) batch.next.event_id = batch.events.back().event_id;
  auto rated = ReadSignalRatings(conn, pemda, batch.next, limit, batch.events);
  if (!rated) return Fail(rated.error());
  batch.more = *read == limit || *rated == limit;
  return batch;
}

// A replay's first batch fixes the newest case event it covers (nothing
// filed during the replay enters it: ListSignals reads that afterwards).
template <class Conn>
Status StartReplay(Conn& conn, SignalCursor& next) {
  if (next.replay_through_id != 0) return {};
  auto newest = conn.Prepare("SELECT COALESCE(MAX(id), 0) FROM case_events");
  if (!newest) return Fail(newest.error());
  auto row = (*newest)->Step();
  if (!row) return Fail(row.error());
  next.replay_through_id = *row ? (*newest)->Int(0) : 0;
  (*newest)->Reset();
  next.event_at_micros = std::numeric_limits<int64_t>::min();
  next.event_id = 0;
  return {};
}

// Binds kSignalEventsByTime for the case events after `next`.
template <class Stmt>
void BindReplayEvents(Stmt& stmt, PemdaId pemda, const SignalCursor& next, int limit) {
  stmt.Bind(1, pemda).Bind(2, next.replay_through_id).Bind(3, next.event_at_micros);
  stmt.Bind(4, next.event_at_micros).Bind(5, next.event_id).Bind(6, limit);
}

// How far a replay's batch reads ratings: up to its last case event's time
// when the events were cut by the limit (later ratings would be left for
// the next batch anyway). Read up to the limit instead, a batch read up to
// ten times the ratings it kept where they were a tenth of the events,
// each with its case looked up.
inline int64_t RatingsUntil(int limit, int events_read, int64_t last_event_at_micros) {
  return events_read == limit ? last_event_at_micros : std::numeric_limits<int64_t>::max();
}

// Where a replay's batch ends: at the earlier of the two streams' last
// times when a stream was cut by the limit (so that the next batch holds
// nothing older), else after everything read.
inline int64_t ReplayCut(int limit, int events_read, int64_t last_event_at_micros, int ratings_read,
                         const std::vector<SignalEvent>& ratings) {
  int64_t cut = std::numeric_limits<int64_t>::max();
  if (events_read == limit) cut = std::min(cut, last_event_at_micros);
  if (ratings_read == limit) cut = std::min(cut, ToMicros(ratings.back().at));
  return cut;
}

// A replay's batch from what both streams read (`batch.events` the case
// events, by time; `ratings`): cut (ReplayCut), cursors moved past the last
// row kept of each stream, the two merged by time.
inline void FinishReplayBatch(int limit, int events_read, int ratings_read,
                              std::vector<SignalEvent>& ratings, SignalBatch& batch) {
  std::vector<SignalEvent>& events = batch.events;
  SignalCursor& next = batch.next;
  const int64_t cut = ReplayCut(limit, events_read, events.empty() ? 0 : ToMicros(events.back().at),
                                ratings_read, ratings);
  auto kept = [cut](const SignalEvent& e) { return ToMicros(e.at) <= cut; };
  const auto events_kept =
      std::partition_point(events.begin(), events.end(), kept) - events.begin();
  const auto ratings_end = std::partition_point(ratings.begin(), ratings.end(), kept);

  if (events_kept > 0) {
    next.event_id = events[events_kept - 1].event_id;
    next.event_at_micros = ToMicros(events[events_kept - 1].at);
  }
  if (ratings_end != ratings.begin()) {
    next.rating_at_micros = ToMicros(std::prev(ratings_end)->at);
    next.rating_case_id = std::prev(ratings_end)->case_id;
  }
  batch.more = events_read == limit || ratings_read == limit;
  if (!batch.more) next.event_id = next.replay_through_id;

  events.resize(static_cast<size_t>(events_kept));
  if (ratings_end == ratings.begin()) return;
  std::vector<SignalEvent> merged;
  merged.reserve(events.size() + static_cast<size_t>(ratings_end - ratings.begin()));
  std::merge(std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()),
             std::make_move_iterator(ratings.begin()), std::make_move_iterator(ratings_end),
             std::back_inserter(merged),
             [](const SignalEvent& a, const SignalEvent& b) { return a.at < b.at; });
  events = std::move(merged);
}

// Store::ReplaySignalsInto: both streams read by time and merged into
// `batch` (its events overwritten in place, ReadSignalEvents); a batch
// ends at ReplayCut, so that the next batch holds nothing older.
template <class Conn>
Status ReplaySignals(Conn& conn, PemdaId pemda, const SignalCursor& after, int limit,
                     SignalBatch& batch) {
  limit = std::clamp(limit, 1, 100000);
  batch.next = after;
  batch.more = false;
  if (auto s = StartReplay(conn, batch.next); !s) return s;
  auto stmt = conn.Prepare(kSignalEventsByTime.c_str());
  if (!stmt) return Fail(stmt.error());
  BindReplayEvents(**stmt, pemda, batch.next, limit);
  auto read = ReadSignalEvents(**stmt, batch.events);
  if (!read) return Fail(read.error());
  std::vector<SignalEvent> ratings;
  SignalCursor rating_cursor = batch.next;
  const int64_t until =
      RatingsUntil(limit, *read, batch.events.empty() ? 0 : ToMicros(batch.events.back().at));
  auto rated = ReadSignalRatings(conn, pemda, rating_cursor, limit, ratings, until);
  if (!rated) return Fail(rated.error());
  FinishReplayBatch(limit, *read, *rated, ratings, batch);
  return {};
}

// Store::LoadSignalState: the Pemda's saved detector state, if any.
template <class Conn>
Result<std::optional<SignalState>> LoadSignalState(Conn& conn, PemdaId pemda) {
  auto stmt = conn.Prepare("SELECT data, saved_at FROM signal_states WHERE pemda_id = ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  std::optional<SignalState> state;
  if (*row) state = SignalState{(*stmt)->Blob(0), FromMicros((*stmt)->Int(1))};
  (*stmt)->Reset();
  return state;
}

// Store::SaveSignalState: replaces it, in the writer's transaction.
template <class Conn>
Status SaveSignalState(Conn& conn, PemdaId pemda, const SignalState& state) {
  auto stmt = conn.Prepare(
      "INSERT INTO signal_states (pemda_id, data, saved_at) VALUES (?, ?, ?) "
      "ON CONFLICT (pemda_id) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).BindBlob(2, state.data).Bind(3, ToMicros(state.saved_at));
  return (*stmt)->Run();
}

}  // namespace sigap::store::rows
