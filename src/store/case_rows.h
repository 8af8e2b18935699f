#pragma once

// The rows of cases and their events as both backends read and write them:
// the column lists, the row decoding and the binding of a case's handling.
// Templates over the backend's Statement and Connection (sqlite:: and
// postgres:: share their shape: Bind, Step, Int, Text, Real, IsNull).
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/case_event.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

using domain::Case;
// The deadline a case is running against, NULL when none runs (the
// auto-close wait after resolution is the citizen's, not the agency's).
inline constexpr std::string_view kRunningDue =
    "CASE WHEN c.stage IN ('verification', 'follow_up', 'resolution') THEN c.due_at END";

using domain::Case;
inline constexpr const char* kCaseColumns =
    "c.id, c.pemda_id, c.tracking_code, c.kind, c.status, c.service_code, c.service_version, "
    "c.service_name, c.category, c.title, c.description, c.lat, c.lng, c.region_code, "
    "c.address, c.anonymous, c.confidential, c.channel, c.agency_code, c.attachments, "
    "c.created_at, c.updated_at, c.version, c.assignee, c.verifier, c.merged_into, "
    "c.resume_status, c.reject_reason, c.stage, c.stage_started_at, c.due_at, c.due_soon_at, "
    "c.paused_at, c.escalation_level, c.next_check_at, c.disposed_at, c.resolved_at, "
    "c.reopen_until, c.address_id, c.media_url, c.attributes, c.kelurahan_code, "
    "c.kecamatan_code, c.outside_pemda, c.stated_region_code, c.proposed_agency, "
    "c.proposal_rule, c.supporters, c.priority, c.language, "
    "(SELECT n.name FROM case_reporters n WHERE n.case_id = c.id)";
inline constexpr int kCaseColumnCount = 51;

template <class Stmt>
std::optional<Timestamp> OptionalTime(const Stmt& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return FromMicros(s.Int(column));
}

template <class Stmt>
void BindTime(Stmt& s, int pos, const std::optional<Timestamp>& t) {
  if (t) {
    s.Bind(pos, ToMicros(*t));
  } else {
    s.BindNull(pos);
  }
}

inline std::vector<domain::AttributeAnswer> AttributesFromColumn(std::string_view text) {
  if (text == "[]") return {};
  return AnswersFromJson(text);
}

template <class Stmt>
Case CaseFrom(const Stmt& s) {
  Case c;
  c.id = s.Int(0);
  c.pemda_id = s.Int(1);
  c.tracking_code = s.Text(2);
  auto& sub = c.submission;
  sub.kind = domain::ParseCaseKind(s.Text(3)).value_or(domain::CaseKind::kComplaint);
  c.status = domain::ParseCaseStatus(s.Text(4)).value_or(domain::CaseStatus::kReceived);
  sub.service_code = s.Text(5);
  c.service_version = static_cast<int>(s.Int(6));
  c.service_name = s.Text(7);
  sub.category = s.Text(8);
  sub.title = s.Text(9);
  sub.description = s.Text(10);
  if (!s.IsNull(11) && !s.IsNull(12)) sub.location.point = domain::GeoPoint{s.Real(11), s.Real(12)};
  sub.location.region_code = s.Text(13);
  sub.location.address = s.Text(14);
  sub.anonymous = s.Int(15) != 0;
  sub.confidential = s.Int(16) != 0;
  sub.channel = domain::ParseChannel(s.Text(17)).value_or(domain::Channel::kApi);
  c.agency_code = s.Text(18);
  sub.attachments = AttachmentsFromJson(s.Text(19));
  c.created_at = FromMicros(s.Int(20));
  c.updated_at = FromMicros(s.Int(21));
  c.version = s.Int(22);
  auto& h = c.handling;
  h.assignee = s.Text(23);
  h.verifier = s.Text(24);
  h.merged_into = s.Int(25);
  h.resume_status = domain::ParseCaseStatus(s.Text(26)).value_or(domain::CaseStatus::kReceived);
  h.reject_reason = s.Text(27);
  h.stage = domain::ParseStage(s.Text(28)).value_or(domain::Stage::kNone);
  h.stage_started_at = OptionalTime(s, 29);
  h.due_at = OptionalTime(s, 30);
  h.due_soon_at = OptionalTime(s, 31);
  h.paused_at = OptionalTime(s, 32);
  h.escalation_level = static_cast<int>(s.Int(33));
  h.next_check_at = OptionalTime(s, 34);
  h.disposed_at = OptionalTime(s, 35);
  h.resolved_at = OptionalTime(s, 36);
  h.reopen_until = OptionalTime(s, 37);
  sub.location.address_id = s.Text(38);
  sub.media_url = s.Text(39);
  sub.attributes = AttributesFromColumn(s.Text(40));
  auto& p = c.placement;
  p.kelurahan_code = s.Text(41);
  p.kecamatan_code = s.Text(42);
  p.outside_pemda = s.Int(43) != 0;
  p.stated_region_code = s.Text(44);
  p.proposed_agency = s.Text(45);
  p.proposal_rule = s.Text(46);
  c.supporters = s.Int(47);
  h.priority = static_cast<int>(s.Int(48));
  sub.language = s.Text(49);
  // The reporter's name is read with every case, to mask its words where
  // the identity is hidden (domain::MaskPersonalText); the contact only
  // when asked (ReadCase).
  sub.reporter.name = s.Text(50);
  return c;
}

// What `sigap audit verify` reads of each case row (AuditColumnsFrom), then
// its submitted event's id and payload as columns 6 and 7 (`e`).
inline constexpr const char* kAuditCaseColumns =
    "c.tracking_code, c.kind, c.title, c.description, c.anonymous, c.confidential, "
    "e.id, e.payload, c.id, c.status, c.agency_code, c.category, c.service_code, "
    "c.region_code, c.address, c.lat, c.lng, c.due_at, c.escalation_level";

// A row selected with kAuditCaseColumns, as CaseRowProblem compares it.
template <class Stmt>
CaseColumns AuditColumnsFrom(const Stmt& q) {
  CaseColumns c;
  c.id = q.Int(8);
  c.tracking_code = q.Text(0);
  c.kind = q.Text(1);
  c.title = q.Text(2);
  c.description = q.Text(3);
  c.anonymous = q.Int(4) != 0;
  c.confidential = q.Int(5) != 0;
  c.status = q.Text(9);
  c.agency_code = q.Text(10);
  c.category = q.Text(11);
  c.service_code = q.Text(12);
  c.region_code = q.Text(13);
  c.address = q.Text(14);
  c.lat = q.OptionalReal(15);
  c.lng = q.OptionalReal(16);
  c.due_at = OptionalTime(q, 17);
  c.escalation_level = static_cast<int>(q.Int(18));
  return c;
}

// The handling columns and the category, in the order of BindHandling.
inline constexpr const char* kHandlingAssignments =
    "status = ?, agency_code = ?, assignee = ?, verifier = ?, merged_into = ?, "
    "resume_status = ?, reject_reason = ?, stage = ?, stage_started_at = ?, due_at = ?, "
    "due_soon_at = ?, paused_at = ?, escalation_level = ?, next_check_at = ?, disposed_at = ?, "
    "resolved_at = ?, reopen_until = ?, priority = ?, category = ?";

// Binds status, agency and the handling fields from position `pos` on;
// returns the next position.
template <class Stmt>
int BindHandlingFields(Stmt& st, int pos, const domain::Handling& h) {
  st.Bind(pos++, h.assignee);
  st.Bind(pos++, h.verifier);
  st.Bind(pos++, h.merged_into);
  st.Bind(pos++, domain::ToString(h.resume_status));
  st.Bind(pos++, h.reject_reason);
  st.Bind(pos++, domain::ToString(h.stage));
  BindTime(st, pos++, h.stage_started_at);
  BindTime(st, pos++, h.due_at);
  BindTime(st, pos++, h.due_soon_at);
  BindTime(st, pos++, h.paused_at);
  st.Bind(pos++, int64_t{h.escalation_level});
  BindTime(st, pos++, h.next_check_at);
  BindTime(st, pos++, h.disposed_at);
  BindTime(st, pos++, h.resolved_at);
  BindTime(st, pos++, h.reopen_until);
  st.Bind(pos++, int64_t{h.priority});
  return pos;
}

// Binds status, agency, the handling fields and the category (which
// `categorize` changes, issue 8); returns the next position.
template <class Stmt>
int BindHandling(Stmt& st, int pos, const Case& c) {
  st.Bind(pos++, domain::ToString(c.status));
  st.Bind(pos++, c.agency_code);
  pos = BindHandlingFields(st, pos, c.handling);
  st.Bind(pos++, c.submission.category);
  return pos;
}

// Fills in the case's supporting agencies.
template <class Conn>
Status ReadSupporting(Conn& conn, Case& c) {
  auto stmt = conn.Prepare(
      "SELECT agency_code, input_requested FROM case_agencies WHERE case_id = ? "
      "ORDER BY agency_code");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, c.id);
  c.handling.supporting.clear();
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    c.handling.supporting.push_back({(*stmt)->Text(0), (*stmt)->Int(1) != 0});
  }
  return {};
}

template <class Conn>
Status WriteSupporting(Conn& conn, const Case& c) {
  auto clear = conn.Prepare("DELETE FROM case_agencies WHERE case_id = ?");
  if (!clear) return Fail(clear.error());
  (*clear)->Bind(1, c.id);
  if (auto r = (*clear)->Run(); !r) return r;
  for (const auto& s : c.handling.supporting) {
    auto insert = conn.Prepare(
        "INSERT INTO case_agencies (case_id, agency_code, input_requested) VALUES (?,?,?) "
        "ON CONFLICT (case_id, agency_code) DO UPDATE SET "
        "input_requested = excluded.input_requested");
    if (!insert) return Fail(insert.error());
    (*insert)->Bind(1, c.id).Bind(2, s.agency_code).Bind(3, s.input_requested ? 1 : 0);
    if (auto r = (*insert)->Run(); !r) return r;
  }
  return {};
}

template <class Stmt>
domain::CaseEvent EventFrom(const Stmt& s) {
  domain::CaseEvent e;
  e.id = s.Int(0);
  e.pemda_id = s.Int(1);
  e.case_id = s.Int(2);
  e.kind = s.Text(3);
  e.actor = s.Text(4);
  e.at = FromMicros(s.Int(5));
  e.payload_json = s.Text(6);
  e.is_public = s.Int(7) != 0;
  e.prev_hash = s.Text(8);
  e.hash = s.Text(9);
  return e;
}

// Reads one case on `conn`; the reporter's contact only when asked.
template <class Conn>
Result<domain::Case> ReadCase(Conn& conn, PemdaId pemda, CaseId id, bool with_reporter) {
  static const std::string with = std::string("SELECT ") + kCaseColumns +
                                  ", r.phone, r.email, r.nik FROM cases c "
                                  "LEFT JOIN case_reporters r ON r.case_id = c.id "
                                  "WHERE c.id = ? AND c.pemda_id = ?";
  static const std::string without =
      std::string("SELECT ") + kCaseColumns + " FROM cases c WHERE c.id = ? AND c.pemda_id = ?";
  auto stmt = conn.Prepare(with_reporter ? with.c_str() : without.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, id).Bind(2, pemda);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "case not found");
  Case c = CaseFrom(**stmt);
  if (with_reporter) {
    auto& r = c.submission.reporter;
    r.phone = (*stmt)->Text(kCaseColumnCount);
    r.email = (*stmt)->Text(kCaseColumnCount + 1);
    r.nik = (*stmt)->Text(kCaseColumnCount + 2);
  }
  (*stmt)->Reset();
  if (auto r = ReadSupporting(conn, c); !r) return Fail(r.error());
  return c;
}

// The events a bound statement reads (the columns of EventFrom).
template <class Stmt>
Result<std::vector<domain::CaseEvent>> CollectEvents(Stmt& stmt) {
  std::vector<domain::CaseEvent> out;
  for (;;) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(EventFrom(stmt));
  }
}

template <class Conn>
Result<std::vector<domain::CaseEvent>> ReadEvents(Conn& conn, PemdaId pemda, CaseId id) {
  auto stmt = conn.Prepare(
      "SELECT id, pemda_id, case_id, kind, actor, at, payload, is_public, prev_hash, hash "
      "FROM case_events WHERE case_id = ? AND pemda_id = ? ORDER BY id");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, id).Bind(2, pemda);
  return CollectEvents(**stmt);
}

// A listing's query up to its order: "SELECT ... WHERE c.pemda_id = ?" and
// the filters, their values bound in `order` ('t' the next of `texts`, 'i'
// the next of `ints`) after the Pemda's id.
struct ListingQuery {
  std::string sql;
  std::vector<std::string> texts;
  std::vector<int64_t> ints;
  std::vector<char> order;
};

// Runs `q` with `tail` (more conditions, the order and the limit) and the
// further ints `extra` bound after the filters' values; appends what it
// reads to `out`.
template <class Conn>
Status ReadListingRows(Conn& conn, PemdaId pemda, const ListingQuery& q, const std::string& tail,
                       const std::vector<int64_t>& extra, std::vector<Case>& out) {
  auto stmt = conn.PrepareTransient(q.sql + tail);
  if (!stmt) return Fail(stmt.error());
  auto& st = **stmt;
  st.Bind(1, pemda);
  size_t ti = 0, ii = 0;
  int pos = 2;
  for (const char kind : q.order) {
    if (kind == 't') {
      st.Bind(pos++, std::string_view(q.texts[ti++]));
    } else {
      st.Bind(pos++, q.ints[ii++]);
    }
  }
  for (const int64_t value : extra) st.Bind(pos++, value);
  for (;;) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return {};
    out.push_back(CaseFrom(st));
  }
}

// A listing by the nearest running deadline (CaseFilter::by_deadline):
// the cases with a running deadline, overdue first (the earliest due first,
// the newest first among equals), then those without one, newest first;
// paged after the previous page's last case, not by offset, so that a page
// deep in a million cases reads (and sorts) no more than a page. Two
// queries: the running deadlines through their index (migration 0029),
// then the rest off the ids.
template <class Conn>
Result<CasePage> ReadDeadlineListing(Conn& conn, PemdaId pemda, const CaseFilter& f,
                                     const ListingQuery& q) {
  const int limit = std::clamp(f.limit, 1, 1000);
  const size_t wanted = static_cast<size_t>(limit) + 1;  // one more: is there a next page?
  std::vector<Case> rows;
  const bool in_rest = f.after_id > 0 && !f.after_due;
  size_t running = 0;  // how many of `rows` have a running deadline
  if (!in_rest) {
    std::string tail =
        " AND c.stage IN ('verification', 'follow_up', 'resolution') AND c.due_at IS NOT NULL";
    std::vector<int64_t> extra;
    if (f.after_due) {
      const int64_t due = ToMicros(*f.after_due);
      tail += " AND c.due_at >= ? AND (c.due_at > ? OR c.id < ?)";
      extra = {due, due, f.after_id};
    }
    tail += " ORDER BY c.due_at, c.id DESC LIMIT " + std::to_string(wanted);
    if (auto r = ReadListingRows(conn, pemda, q, tail, extra, rows); !r) return Fail(r.error());
    running = rows.size();
  }
  if (rows.size() < wanted) {
    std::string tail = " AND (" + std::string(kRunningDue) + ") IS NULL";
    std::vector<int64_t> extra;
    if (in_rest) {
      tail += " AND c.id < ?";
      extra = {f.after_id};
    }
    tail += " ORDER BY c.id DESC LIMIT " + std::to_string(wanted - rows.size());
    if (auto r = ReadListingRows(conn, pemda, q, tail, extra, rows); !r) return Fail(r.error());
  }
  CasePage page;
  if (rows.size() == wanted) {
    rows.pop_back();
    const Case& last = rows.back();
    page.next_after_id = last.id;
    if (rows.size() <= running) page.next_after_due = last.handling.due_at;
  }
  page.cases = std::move(rows);
  return page;
}

// The listing's condition on the state of a case's running deadline at
// `now` (CaseFilter::deadline), " AND ..." over the cases as `c`; empty for
// kNone. A comparison with a NULL due_at is false: only awaiting_calendar
// finds a running stage without a deadline.
inline std::string DeadlineCondition(domain::DeadlineState state, Timestamp at) {
  const std::string now = std::to_string(ToMicros(at));
  const std::string running = " AND c.stage IN ('verification', 'follow_up', 'resolution')";
  switch (state) {
    case domain::DeadlineState::kPaused:
      return running + " AND c.paused_at IS NOT NULL";
    case domain::DeadlineState::kOverdue:
      return running + " AND c.paused_at IS NULL AND c.due_at < " + now;
    case domain::DeadlineState::kDueSoon:
      return running + " AND c.paused_at IS NULL AND c.due_at >= " + now +
             " AND c.due_soon_at <= " + now;
    case domain::DeadlineState::kOnTrack:
      return running + " AND c.paused_at IS NULL AND c.due_at >= " + now +
             " AND (c.due_soon_at IS NULL OR c.due_soon_at > " + now + ")";
    case domain::DeadlineState::kAwaitingCalendar:
      return running + " AND c.paused_at IS NULL AND c.due_at IS NULL";
    case domain::DeadlineState::kNone:
      return "";
  }
  return "";
}

// The listing's condition on who handles a case (CaseFilter::only_agencies
// and overseen_agencies), " AND ..." over the cases as `c` with a "?" for
// each of `values`, appended in order; empty without only_agencies.
struct AgencyCondition {
  std::string sql;
  std::vector<std::string> values;
};
inline AgencyCondition AgencyVisibility(const CaseFilter& f) {
  AgencyCondition out;
  if (f.only_agencies.empty()) return out;
  // Lead or supporting agency, one of `codes`.
  const auto handled_by = [&out](const std::vector<std::string>& codes) {
    std::string marks;
    for (const auto& code : codes) {
      marks += marks.empty() ? "?" : ", ?";
      out.values.push_back(code);
    }
    out.values.insert(out.values.end(), codes.begin(), codes.end());
    out.sql += "(c.agency_code IN (" + marks +
               ") OR c.id IN (SELECT case_id FROM case_agencies WHERE agency_code IN (" + marks +
               ")))";
  };
  out.sql = " AND (";
  handled_by(f.only_agencies);
  if (!f.overseen_agencies.empty()) {
    out.sql += " OR (c.confidential = 0 AND ";
    handled_by(f.overseen_agencies);
    out.sql += ")";
  }
  // Only once disposed (domain::DisposedToAgency).
  out.sql +=
      ") AND (c.disposed_at IS NOT NULL OR c.status IN "
      "('disposed', 'in_progress', 'resolved', 'closed'))";
  return out;
}

// Runs `stmt` (its parameters bound) for (pemda_id, id) rows.
template <class Stmt>
Result<std::vector<DueCheck>> ReadDueChecks(Stmt& stmt) {
  std::vector<DueCheck> out;
  for (;;) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({stmt.Int(0), stmt.Int(1)});
  }
  stmt.Reset();
  return out;
}

// Store::DueChecks, in the index of next check times (migration 0003);
// `only` the served Pemda's (Store::ServeOnly), 0 every Pemda's.
template <class Conn>
Result<std::vector<DueCheck>> DueChecks(Conn& conn, Timestamp now, int limit, PemdaId only) {
  auto stmt = conn.Prepare(
      "SELECT pemda_id, id FROM cases WHERE next_check_at IS NOT NULL AND next_check_at <= ? "
      "AND (pemda_id = ? OR ? = 0) ORDER BY next_check_at LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, ToMicros(now)).Bind(2, only).Bind(3, only).Bind(4, int64_t{limit});
  return ReadDueChecks(**stmt);
}

// Store::AwaitingDeadlines. The conditions are the partial index's
// (migration 0021), so that both engines use it.
template <class Conn>
Result<std::vector<DueCheck>> AwaitingDeadlines(Conn& conn, CaseId after, int limit, PemdaId only) {
  auto stmt = conn.Prepare(
      "SELECT pemda_id, id FROM cases WHERE id > ? AND due_at IS NULL AND "
      "stage IN ('verification', 'follow_up', 'resolution', 'auto_close') "
      "AND (pemda_id = ? OR ? = 0) ORDER BY id LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, after).Bind(2, only).Bind(3, only).Bind(4, int64_t{limit});
  return ReadDueChecks(**stmt);
}

// Store::RunningDeadlines.
template <class Conn>
Result<std::vector<DueCheck>> RunningDeadlines(Conn& conn, PemdaId pemda, Timestamp from,
                                               CaseId after, int limit) {
  auto stmt = conn.Prepare(
      "SELECT pemda_id, id FROM cases WHERE pemda_id = ? AND id > ? AND ((stage IN "
      "('verification', 'follow_up', 'resolution', 'auto_close') AND due_at >= ?) OR "
      "reopen_until >= ?) ORDER BY id LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, after).Bind(3, ToMicros(from)).Bind(4, ToMicros(from));
  (*stmt)->Bind(5, int64_t{limit});
  return ReadDueChecks(**stmt);
}

}  // namespace sigap::store::rows
