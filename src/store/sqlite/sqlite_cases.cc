// SqliteStore: cases, their events and the audit chain.
#include <algorithm>
#include <future>

#include "store/case_rows.h"
#include "store/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {
namespace {

// The shared rows of cases (case_rows.h).
using rows::BindHandling;
using rows::BindHandlingFields;
using rows::CaseFrom;
using rows::EventFrom;
using rows::kCaseColumns;
using rows::kHandlingAssignments;
using rows::kRunningDue;
using rows::ReadCase;
using rows::ReadEvents;
using rows::WriteSupporting;

using domain::Case;

// An FTS5 query that matches every word of `text` (quoted, so operators in
// the user's text are plain words); a word of two characters or more ending
// in '*' matches the words it starts ("jal*": jalan, jalur).
std::string FtsQuery(const std::string& text) {
  std::string query;
  std::string word;
  auto flush = [&] {
    const bool prefix = word.size() > 2 && word.back() == '*';
    while (!word.empty() && word.back() == '*') word.pop_back();
    if (word.empty()) return;
    if (!query.empty()) query += ' ';
    query += '"';
    for (char ch : word) {
      if (ch == '"') query += '"';
      query += ch;
    }
    query += '"';
    if (prefix) query += '*';
    word.clear();
  };
  for (char ch : text) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      flush();
    } else {
      word += ch;
    }
  }
  flush();
  return query;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : text + " ") {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      while (!word.empty() && word.back() == '*') word.pop_back();  // FtsQuery's prefix
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += ch;
    }
  }
  return words;
}

std::string LikeEscape(const std::string& word) {
  std::string out;
  for (char ch : word) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

// Whether the Pemda has a webhook that may want to hear of new cases (an
// error says yes: the INSERT that follows then reports it).
bool HasActiveWebhooks(Connection& conn, PemdaId pemda_id) {
  auto any = conn.Prepare("SELECT 1 FROM webhooks WHERE pemda_id = ? AND active = 1 LIMIT 1");
  if (!any) return true;
  (*any)->Bind(1, pemda_id);
  auto row = (*any)->Step();
  const bool found = !row || *row;
  (*any)->Reset();
  return found;
}

}  // namespace

Status SqliteStore::IndexPendingText() {
  for (;;) {
    auto more = IndexSomeText(256);
    if (!more) return Fail(more.error());
    if (!*more) return {};
  }
}

Result<bool> SqliteStore::IndexSomeText(int max_rows) {
  bool more = false;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto progress = conn.Prepare("SELECT indexed_upto FROM search_progress WHERE id = 1");
    if (!progress) return Fail(progress.error());
    auto row = (*progress)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kInternal, "search_progress is missing");
    const int64_t upto = (*progress)->Int(0);
    (*progress)->Reset();
    auto last = conn.Prepare("SELECT COALESCE(MAX(id), 0) FROM cases");
    if (!last) return Fail(last.error());
    if (auto r = (*last)->Step(); !r) return Fail(r.error());
    const int64_t newest = (*last)->Int(0);
    (*last)->Reset();
    if (newest <= upto) return {};
    // A bounded chunk per writer task, so intake batches queued meanwhile
    // go between chunks instead of waiting for the whole tail.
    const int64_t until = std::min(newest, upto + max_rows);
    more = until < newest;
    auto index = conn.Prepare(
        "INSERT INTO cases_fts (rowid, title, description) "
        "SELECT id, title, description FROM cases WHERE id > ? AND id <= ? ORDER BY id");
    if (!index) return Fail(index.error());
    (*index)->Bind(1, upto).Bind(2, until);
    if (auto r = (*index)->Run(); !r) return r;
    auto advance = conn.Prepare("UPDATE search_progress SET indexed_upto = ? WHERE id = 1");
    if (!advance) return Fail(advance.error());
    (*advance)->Bind(1, until);
    return (*advance)->Run();
  });
  if (!status) return Fail(status.error());
  return more;
}

SqliteStore::CaseJson SqliteStore::MakeCaseJson(const NewCase& c) {
  const auto& s = c.submission;
  return CaseJson{AttachmentsToJson(s.attachments), AnswersToJson(s.attributes),
                  SubmittedPayload(s, c.service_version, c.agency_code)};
}

Status SqliteStore::InsertCase(Connection& conn, ChainState& chain,
                               const domain::TrackingCodec& codec, NewCase& c, const CaseJson& json,
                               SubmitReceipt& receipt) {
  if (!c.idempotency_key.empty()) {
    auto seen = conn.Prepare(
        "SELECT k.fingerprint, c.id, c.salt, c.tracking_code, c.status, c.created_at "
        "FROM idempotency_keys k JOIN cases c ON c.id = k.case_id "
        "WHERE k.pemda_id = ? AND k.key = ?");
    if (!seen) return Fail(seen.error());
    (*seen)->Bind(1, c.pemda_id).Bind(2, c.idempotency_key);
    auto row = (*seen)->Step();
    if (!row) return Fail(row.error());
    if (*row) {
      if ((*seen)->Text(0) != c.request_fingerprint) {
        return Fail(ErrorCode::kConflict,
                    "Idempotency-Key was already used for a different request",
                    {{"Idempotency-Key", "reused", "the key belongs to another submission"}});
      }
      receipt.case_id = (*seen)->Int(1);
      receipt.salt = static_cast<uint32_t>((*seen)->Int(2));
      receipt.tracking_code = (*seen)->Text(3);
      receipt.status = domain::ParseCaseStatus((*seen)->Text(4)).value_or(receipt.status);
      receipt.created_at = FromMicros((*seen)->Int(5));
      receipt.replayed = true;
      (*seen)->Reset();
      return {};
    }
  }

  auto next = conn.Prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM cases");
  if (!next) return Fail(next.error());
  if (auto row = (*next)->Step(); !row) return Fail(row.error());
  const CaseId id = (*next)->Int(0);
  (*next)->Reset();
  if (id >= (int64_t{1} << domain::TrackingCodec::kSequenceBits)) {
    return Fail(ErrorCode::kUnavailable, "tracking-code sequence exhausted");
  }

  const auto& s = c.submission;
  receipt = SubmitReceipt{id, c.salt, codec.Encode(id, c.salt), c.status, c.created_at, false};
  auto insert = conn.Prepare(
      "INSERT INTO cases (id, pemda_id, salt, tracking_code, kind, status, service_code, "
      "service_version, service_name, category, title, description, lat, lng, region_code, "
      "address, anonymous, confidential, channel, agency_code, attachments, created_at, "
      "updated_at, version, assignee, verifier, merged_into, resume_status, reject_reason, stage, "
      "stage_started_at, due_at, due_soon_at, paused_at, escalation_level, next_check_at, "
      "disposed_at, resolved_at, reopen_until, priority, address_id, media_url, attributes, "
      "kelurahan_code, kecamatan_code, outside_pemda, stated_region_code, proposed_agency, "
      "proposal_rule) VALUES "
      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
      "?,?,?,?,?,?,?,?,?)");
  if (!insert) return Fail(insert.error());
  auto& st = **insert;
  st.Bind(1, id).Bind(2, c.pemda_id).Bind(3, static_cast<int64_t>(c.salt));
  st.Bind(4, receipt.tracking_code).Bind(5, domain::ToString(s.kind));
  st.Bind(6, domain::ToString(receipt.status)).Bind(7, s.service_code);
  st.Bind(8, c.service_version).Bind(9, c.service_name).Bind(10, s.category);
  st.Bind(11, s.title).Bind(12, s.description);
  if (s.location.point) {
    st.Bind(13, s.location.point->lat).Bind(14, s.location.point->lng);
  } else {
    st.BindNull(13).BindNull(14);
  }
  st.Bind(15, s.location.region_code).Bind(16, s.location.address);
  st.Bind(17, s.anonymous ? 1 : 0).Bind(18, s.confidential ? 1 : 0);
  st.Bind(19, domain::ToString(s.channel)).Bind(20, c.agency_code).Bind(21, json.attachments);
  // A case written with its history (imports, the demo) was last updated
  // by its last event.
  Timestamp updated_at = c.created_at;
  for (const auto& draft : c.history) updated_at = std::max(updated_at, draft.at);
  st.Bind(22, ToMicros(c.created_at)).Bind(23, ToMicros(updated_at));
  // The handling projection: a new case's verification deadline, or
  // whatever an imported case's original status implies.
  const int after_handling = BindHandlingFields(st, 24, c.handling);
  // Open311's fields (migration 0004) and the routing by place (0005).
  st.Bind(after_handling, s.location.address_id).Bind(after_handling + 1, s.media_url);
  st.Bind(after_handling + 2, json.answers);
  const auto& p = c.placement;
  st.Bind(after_handling + 3, p.kelurahan_code).Bind(after_handling + 4, p.kecamatan_code);
  st.Bind(after_handling + 5, p.outside_pemda ? 1 : 0);
  st.Bind(after_handling + 6, p.stated_region_code).Bind(after_handling + 7, p.proposed_agency);
  st.Bind(after_handling + 8, p.proposal_rule);
  if (auto r = st.Run(); !r) return r;
  if (!s.language.empty()) {  // written apart: most reporters file in Bahasa Indonesia
    auto language = conn.Prepare("UPDATE cases SET language = ? WHERE id = ?");
    if (!language) return Fail(language.error());
    (*language)->Bind(1, s.language).Bind(2, id);
    if (auto r = (*language)->Run(); !r) return r;
  }
  if (!c.handling.supporting.empty()) {
    Case projection;
    projection.id = id;
    projection.handling = c.handling;
    if (auto r = WriteSupporting(conn, projection); !r) return r;
  }

  if (!s.reporter.Empty() || !s.device_id.empty() || !s.account_id.empty()) {
    auto reporter = conn.Prepare(
        "INSERT INTO case_reporters (case_id, name, phone, email, nik, device_id, account_id) "
        "VALUES (?,?,?,?,?,?,?)");
    if (!reporter) return Fail(reporter.error());
    (*reporter)->Bind(1, id).Bind(2, s.reporter.name).Bind(3, s.reporter.phone);
    (*reporter)->Bind(4, s.reporter.email).Bind(5, s.reporter.nik);
    (*reporter)->Bind(6, s.device_id).Bind(7, s.account_id);
    if (auto r = (*reporter)->Run(); !r) return r;
  }
  domain::CaseEvent event;
  event.pemda_id = c.pemda_id;
  event.case_id = id;
  event.kind = std::string(domain::event_kind::kSubmitted);
  event.actor = c.actor;
  event.at = c.created_at;
  event.payload_json = json.submitted;
  event.is_public = true;
  // A case filed now, as written above: no need to read it back for its
  // signal row. Its agency is none until the verifiers pass it on
  // (rows::kSignalAgency); an import (with its past) is read back.
  const bool filed_now = c.history.empty() && s.channel != domain::Channel::kImport;
  const std::optional<int64_t> due_at =
      c.handling.due_at ? std::optional<int64_t>(ToMicros(*c.handling.due_at)) : std::nullopt;
  const SignalCase filed{domain::ToString(s.kind),
                         s.service_code,
                         "",
                         p.kelurahan_code.empty() ? std::string_view(s.location.region_code)
                                                  : std::string_view(p.kelurahan_code),
                         due_at,
                         s.title,
                         s.description,
                         s.confidential,
                         s.reporter.name};
  if (auto r = AppendEvent(conn, chain, event, filed_now ? &filed : nullptr); !r) return r;
  // A case filed now, not one imported with its past, tells the Pemda's
  // webhooks; most Pemda have none, and then no payload is written at all.
  if (c.history.empty() && HasActiveWebhooks(conn, c.pemda_id)) {
    auto notify = conn.Prepare(
        "INSERT INTO outbox (pemda_id, case_id, event_id, channel, audience, template, payload, "
        "created_at, next_attempt_at) "
        "SELECT ?, ?, ?, 'webhook', 'webhook:' || id, 'submitted', ?, ?, ? FROM webhooks "
        "WHERE pemda_id = ? AND active = 1 "
        "AND (events = '[]' OR EXISTS (SELECT 1 FROM json_each(webhooks.events) "
        "WHERE value = 'submitted'))");
    if (!notify) return Fail(notify.error());
    // Bound without a copy: the text must live until the statement runs.
    const std::string payload =
        SubmittedWebhookPayload(receipt.tracking_code, c.submission, c.agency_code, c.created_at);
    auto& n = **notify;
    n.Bind(1, c.pemda_id).Bind(2, id).Bind(3, event.id).Bind(4, payload);
    n.Bind(5, ToMicros(c.created_at)).Bind(6, ToMicros(c.created_at)).Bind(7, c.pemda_id);
    if (auto r = n.Run(); !r) return r;
  }
  for (const auto& draft : c.history) {
    domain::CaseEvent e;
    e.pemda_id = c.pemda_id;
    e.case_id = id;
    e.kind = draft.kind;
    e.actor = draft.actor;
    e.at = draft.at;
    e.payload_json = PayloadToJson(draft.payload);
    e.is_public = draft.is_public;
    if (auto r = AppendEvent(conn, chain, e); !r) return r;
  }

  if (!c.idempotency_key.empty()) {
    auto key = conn.Prepare(
        "INSERT INTO idempotency_keys (pemda_id, key, fingerprint, case_id, created_at) "
        "VALUES (?,?,?,?,?)");
    if (!key) return Fail(key.error());
    (*key)->Bind(1, c.pemda_id).Bind(2, c.idempotency_key).Bind(3, c.request_fingerprint);
    (*key)->Bind(4, id).Bind(5, ToMicros(c.created_at));
    if (auto r = (*key)->Run(); !r) return r;
  }
  return {};
}

void SqliteStore::SubmitCase(NewCase c, SubmitCallback done) {
  auto codec = Codec();
  if (!codec) {
    done(Fail(codec.error()));
    return;
  }
  auto receipt = std::make_shared<SubmitReceipt>();
  auto json = std::make_shared<const CaseJson>(MakeCaseJson(c));
  auto pending = std::make_shared<NewCase>(std::move(c));
  writer_->Enqueue(
      [this, codec = *codec, receipt, pending, json](Connection& conn, ChainState& chain) {
        return InsertCase(conn, chain, *codec, *pending, *json, *receipt);
      },
      [this, receipt, done = std::move(done)](Status status) {
        if (status) MarkTextPending();
        if (!status) {
          done(Fail(status.error()));
        } else {
          done(std::move(*receipt));
        }
      });
}

Result<std::vector<SubmitReceipt>> SqliteStore::SubmitCases(std::vector<NewCase> cases) {
  auto codec = Codec();
  if (!codec) return Fail(codec.error());
  std::vector<SubmitReceipt> receipts(cases.size());
  std::vector<CaseJson> json;
  json.reserve(cases.size());
  for (const auto& c : cases) json.push_back(MakeCaseJson(c));
  auto status = writer_->Run([&](Connection& conn, ChainState& chain) -> Status {
    for (size_t i = 0; i < cases.size(); ++i) {
      if (auto s = InsertCase(conn, chain, **codec, cases[i], json[i], receipts[i]); !s) return s;
    }
    return {};
  });
  if (!status) return Fail(status.error());
  MarkTextPending();
  return receipts;
}

Result<domain::Case> SqliteStore::FindCase(PemdaId pemda, CaseId id) {
  auto reader = Borrow(Connection::Mode::kCaseReader);
  if (!reader) return Fail(reader.error());
  return ReadCase(***reader, pemda, id, true);
}

Result<CaseWithEvents> SqliteStore::FindCaseWithEvents(PemdaId pemda, CaseId id,
                                                       bool with_reporter) {
  auto reader = Borrow(Connection::Mode::kCaseReader);
  if (!reader) return Fail(reader.error());
  Connection& conn = ***reader;
  // One read transaction: one snapshot, one round of file locking. BEGIN
  // and COMMIT are cached statements: sqlite3_exec would parse them anew.
  auto begin = conn.Prepare("BEGIN");
  if (!begin) return Fail(begin.error());
  if (auto s = (*begin)->Run(); !s) return Fail(s.error());
  auto c = ReadCase(conn, pemda, id, with_reporter);
  Result<std::vector<domain::CaseEvent>> events =
      c ? ReadEvents(conn, pemda, id) : Result<std::vector<domain::CaseEvent>>(Fail(c.error()));
  // The statements above ran to their end unless something failed; only
  // then may one still hold the read open.
  if (!c || !events) conn.ResetAll();
  if (auto commit = conn.Prepare("COMMIT"); !commit || !(*commit)->Run()) {
    (void)conn.Exec("COMMIT");  // ends the read whatever happened above
  }
  if (!c) return Fail(c.error());
  if (!events) return Fail(events.error());
  return CaseWithEvents{std::move(*c), std::move(*events)};
}

Result<CasePage> SqliteStore::ListCases(PemdaId pemda, const CaseFilter& f) {
  // Open311 time windows (the last 90 days by default) are read newest
  // first straight off the rowid, stopping at the page's end; an index on
  // pemda_id would make SQLite sort every case of the Pemda first.
  const bool by_time = f.created_from || f.created_until || f.updated_from || f.updated_until;
  std::string sql = std::string("SELECT ") + kCaseColumns +
                    (by_time ? " FROM cases c NOT INDEXED" : " FROM cases c") +
                    " WHERE c.pemda_id = ?";
  std::vector<std::string> texts;  // bound in order after pemda_id
  std::vector<int64_t> ints;
  std::vector<char> order;  // 't' text, 'i' int
  auto text = [&](const char* clause, std::string value) {
    sql += clause;
    texts.push_back(std::move(value));
    order.push_back('t');
  };
  if (f.status) text(" AND c.status = ?", std::string(domain::ToString(*f.status)));
  if (f.kind) text(" AND c.kind = ?", std::string(domain::ToString(*f.kind)));
  if (!f.agency_code.empty()) text(" AND c.agency_code = ?", f.agency_code);
  if (auto visible = rows::AgencyVisibility(f); !visible.sql.empty()) {
    sql += visible.sql;
    for (auto& code : visible.values) {
      texts.push_back(std::move(code));
      order.push_back('t');
    }
  }
  if (f.exclude_confidential) sql += " AND c.confidential = 0";
  if (!f.confidential_verifier.empty()) {
    text(" AND (c.confidential = 0 OR c.verifier = '' OR c.verifier = ?)", f.confidential_verifier);
  }
  if (!f.service_code.empty()) text(" AND c.service_code = ?", f.service_code);
  if (!f.region_prefix.empty()) {
    text(" AND (c.region_code = ?", f.region_prefix);
    text(" OR c.region_code LIKE ? ESCAPE '\\')", LikeEscape(f.region_prefix) + ".%");
  }
  if (const std::string q = FtsQuery(f.text); !q.empty()) {
    // Indexed cases through FTS5; the few not indexed yet (the indexer runs
    // behind intake) by substring match on every word. One list of ids, not
    // an OR: with the OR, SQLite checked every case of the Pemda against
    // both, so a word nobody wrote took 0.3-0.8 s at 1,000,000 cases (now
    // about a millisecond; a word in 100,000 cases about 0.1 s).
    text(" AND c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?", q);
    sql +=
        " UNION ALL SELECT id FROM cases WHERE id > "
        "(SELECT indexed_upto FROM search_progress WHERE id = 1)";
    for (const auto& word : Words(f.text)) {
      text(" AND (title || ' ' || description) LIKE ? ESCAPE '\\'", "%" + LikeEscape(word) + "%");
    }
    sql += ")";
  }
  if (!f.assignee.empty()) text(" AND c.assignee = ?", f.assignee);
  sql += rows::DeadlineCondition(f.deadline, f.now);
  if (f.before > 0) {
    sql += " AND c.id < ?";
    ints.push_back(f.before);
    order.push_back('i');
  }
  // Open311 filters: lists become IN (...) of bound values.
  auto any_of = [&](const char* column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    sql += std::string(" AND ") + column + " IN (";
    for (size_t i = 0; i < values.size(); ++i) {
      sql += i ? ",?" : "?";
      texts.push_back(values[i]);
      order.push_back('t');
    }
    sql += ")";
  };
  any_of("c.service_code", f.service_codes);
  std::vector<std::string> statuses;
  for (auto st : f.statuses) statuses.emplace_back(domain::ToString(st));
  any_of("c.status", statuses);
  if (!f.ids.empty()) {
    sql += " AND c.id IN (";
    for (size_t i = 0; i < f.ids.size(); ++i) {
      sql += i ? ",?" : "?";
      ints.push_back(f.ids[i]);
      order.push_back('i');
    }
    sql += ")";
  }
  auto time_bound = [&](const char* clause, const std::optional<Timestamp>& t) {
    if (!t) return;
    sql += clause;
    ints.push_back(ToMicros(*t));
    order.push_back('i');
  };
  time_bound(" AND c.created_at >= ?", f.created_from);
  time_bound(" AND c.created_at < ?", f.created_until);
  time_bound(" AND c.updated_at >= ?", f.updated_from);
  time_bound(" AND c.updated_at < ?", f.updated_until);
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  if (f.by_deadline) {
    const rows::ListingQuery query{std::move(sql), std::move(texts), std::move(ints),
                                   std::move(order)};
    return rows::ReadDeadlineListing(***reader, pemda, f, query);
  }
  const int limit = std::clamp(f.limit, 1, 1000);
  sql += " ORDER BY c.id DESC LIMIT " + std::to_string(limit + 1);
  if (f.offset > 0) sql += " OFFSET " + std::to_string(f.offset);
  auto stmt = (**reader)->PrepareTransient(sql);
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  size_t ti = 0, ii = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const int pos = static_cast<int>(k) + 2;
    if (order[k] == 't') {
      (*stmt)->Bind(pos, std::string_view(texts[ti++]));
    } else {
      (*stmt)->Bind(pos, ints[ii++]);
    }
  }
  CasePage page;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    if (static_cast<int>(page.cases.size()) == limit) {
      page.next_cursor = page.cases.back().id;
      break;
    }
    page.cases.push_back(CaseFrom(**stmt));
  }
  return page;
}

Result<int64_t> SqliteStore::CountCases(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare("SELECT COUNT(*) FROM cases WHERE pemda_id = ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  return (*stmt)->Int(0);
}

Result<std::vector<domain::CaseEvent>> SqliteStore::ListCaseEvents(PemdaId pemda, CaseId id) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return ReadEvents(***reader, pemda, id);
}

Result<std::vector<domain::Case>> SqliteStore::NearbyCases(PemdaId pemda, const NearbyQuery& q) {
  // cases_nearby (migration 0042): the Pemda's entries since the first
  // day, a range of the index read from its newest end (the newest cases in
  // the box when there are more than the limit); the service, latitude and
  // longitude are checked on each entry, status and confidentiality on the
  // rows that match. Named, so that the planner, without statistics, does
  // not take another index.
  static const std::string sql =
      std::string("SELECT ") + kCaseColumns +
      " FROM cases c INDEXED BY cases_nearby WHERE c.pemda_id = ? AND c.service_code = ? AND "
      "c.status IN ('received', 'verified', 'needs_info', 'disposed', 'in_progress') AND c.lat "
      "BETWEEN ? AND ? AND c.lng BETWEEN ? AND ? AND c.created_at >= ? AND c.confidential = 0 "
      "ORDER BY c.created_at DESC LIMIT ?";
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(sql.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, q.service_code).Bind(3, q.min_lat).Bind(4, q.max_lat);
  (*stmt)->Bind(5, q.min_lng).Bind(6, q.max_lng).Bind(7, ToMicros(q.since));
  (*stmt)->Bind(8, int64_t{std::clamp(q.limit, 1, 1000)});
  std::vector<domain::Case> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(CaseFrom(**stmt));
  }
  (*stmt)->Reset();
  return out;
}

Result<std::vector<PublicEvent>> SqliteStore::ListPublicEvents(PemdaId pemda,
                                                               const PublicEventQuery& query) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT e.id, e.pemda_id, e.case_id, e.kind, e.actor, e.at, e.payload, e.is_public, "
      "e.prev_hash, e.hash, c.tracking_code, p.kind, p.payload, "
      "(SELECT n.name FROM case_reporters n WHERE n.case_id = e.case_id) FROM case_events e "
      "JOIN cases c ON c.id = e.case_id "
      "LEFT JOIN case_events p ON p.id = (SELECT q.id FROM case_events q WHERE q.case_id = "
      "e.case_id AND q.id < e.id AND q.is_public = 1 AND q.kind NOT IN ('public_update', "
      "'supported') AND (q.kind <> 'info_provided' OR json_extract(q.payload, '$.completed') = 1) "
      "ORDER BY q.id DESC LIMIT 1) "
      "WHERE e.pemda_id = ? AND e.at >= ? AND e.at < ? AND e.is_public = 1 "
      "AND c.confidential = 0 AND e.kind NOT IN (SELECT value FROM json_each(?)) "
      "ORDER BY e.at, e.id LIMIT ? OFFSET ?");
  if (!stmt) return Fail(stmt.error());
  const std::string skip = StringsToJson(query.skip_kinds);
  (*stmt)->Bind(1, pemda).Bind(2, ToMicros(query.from)).Bind(3, ToMicros(query.until));
  (*stmt)->Bind(4, skip);
  (*stmt)->Bind(5, int64_t{std::clamp(query.limit, 1, 10000)});
  (*stmt)->Bind(6, std::max<int64_t>(0, query.offset));
  std::vector<PublicEvent> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(PublicEvent{EventFrom(**stmt), (*stmt)->Text(10), (*stmt)->Text(11),
                              (*stmt)->Text(12), (*stmt)->Text(13)});
  }
  (*stmt)->Reset();
  return out;
}

namespace {

// Writes one notice to the outbox; "*" webhook notices become one row per
// subscriber that wants the event ("webhook:ID" ones, of policy rules, one
// row for that subscriber).
Status InsertNotice(Connection& conn, const Case& c, const domain::CaseEvent& event,
                    const domain::Notice& n, Timestamp now) {
  const std::string payload = PayloadToJson(n.payload);
  if (n.channel == "webhook" && n.audience == "*") {
    auto stmt = conn.Prepare(
        "INSERT INTO outbox (pemda_id, case_id, event_id, channel, audience, template, payload, "
        "created_at, next_attempt_at) "
        "SELECT ?, ?, ?, 'webhook', 'webhook:' || id, ?, ?, ?, ? FROM webhooks "
        "WHERE pemda_id = ? AND active = 1 "
        "AND (events = '[]' OR EXISTS (SELECT 1 FROM json_each(webhooks.events) "
        "WHERE value = ?))");
    if (!stmt) return Fail(stmt.error());
    auto& st = **stmt;
    st.Bind(1, c.pemda_id).Bind(2, c.id).Bind(3, event.id).Bind(4, n.template_name);
    st.Bind(5, payload).Bind(6, ToMicros(now)).Bind(7, ToMicros(now));
    st.Bind(8, c.pemda_id).Bind(9, n.template_name);
    return st.Run();
  }
  auto stmt = conn.Prepare(
      "INSERT INTO outbox (pemda_id, case_id, event_id, channel, audience, template, payload, "
      "created_at, next_attempt_at) VALUES (?,?,?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  auto& st = **stmt;
  st.Bind(1, c.pemda_id).Bind(2, c.id).Bind(3, event.id).Bind(4, n.channel);
  st.Bind(5, n.audience).Bind(6, n.template_name).Bind(7, payload);
  st.Bind(8, ToMicros(now)).Bind(9, ToMicros(now));
  return st.Run();
}

// Writes one decided change inside the writer's transaction.
Status WriteChange(Connection& conn, ChainState& chain, domain::CaseChange& change,
                   AppliedChange& applied) {
  Case& c = change.after;
  c.version += 1;
  Timestamp latest = c.updated_at;
  for (const auto& e : change.events) latest = std::max(latest, e.at);
  c.updated_at = latest;
  static const std::string sql = std::string("UPDATE cases SET ") + kHandlingAssignments +
                                 ", updated_at = ?, version = ? WHERE id = ? AND pemda_id = ?";
  auto update = conn.Prepare(sql.c_str());
  if (!update) return Fail(update.error());
  int pos = BindHandling(**update, 1, c);
  (*update)->Bind(pos, ToMicros(c.updated_at)).Bind(pos + 1, c.version);
  (*update)->Bind(pos + 2, c.id).Bind(pos + 3, c.pemda_id);
  if (auto r = (*update)->Run(); !r) return r;
  if (auto r = WriteSupporting(conn, c); !r) return r;

  applied.events.clear();
  for (auto& draft : change.events) {
    domain::CaseEvent e;
    e.pemda_id = c.pemda_id;
    e.case_id = c.id;
    e.kind = draft.kind;
    e.actor = draft.actor;
    e.at = draft.at;
    e.payload_json = PayloadToJson(draft.payload);
    e.is_public = draft.is_public;
    if (auto r = AppendEvent(conn, chain, e); !r) return r;
    applied.events.push_back(std::move(e));
  }
  for (const auto& n : change.notices) {
    if (n.event_index >= applied.events.size()) {
      return Fail(ErrorCode::kInternal, "a notice refers to a missing event");
    }
    if (auto r = InsertNotice(conn, c, applied.events[n.event_index], n, c.updated_at); !r) {
      return r;
    }
  }
  applied.c = c;
  return {};
}

}  // namespace

void SqliteStore::ChangeCases(PemdaId pemda, std::vector<CaseId> ids,
                              std::optional<int64_t> expected_version, DecideChanges decide,
                              ChangeCallback done) {
  auto applied = std::make_shared<std::vector<AppliedChange>>();
  writer_->Enqueue(
      [pemda, ids = std::move(ids), expected_version, decide = std::move(decide), applied](
          Connection& conn, ChainState& chain) -> Status {
        std::vector<Case> current;
        current.reserve(ids.size());
        for (CaseId id : ids) {
          auto c = ReadCase(conn, pemda, id, false);
          if (!c) return Fail(c.error());
          current.push_back(std::move(*c));
        }
        if (expected_version && !current.empty() && current[0].version != *expected_version) {
          return Fail(ErrorCode::kFailedPrecondition,
                      "the case changed since version " + std::to_string(*expected_version) +
                          "; it is now version " + std::to_string(current[0].version),
                      {{"If-Match", "stale", std::to_string(current[0].version)}});
        }
        auto changes = decide(current);
        if (!changes) return Fail(changes.error());
        for (auto& change : *changes) {
          const bool known = std::any_of(current.begin(), current.end(),
                                         [&](const Case& c) { return c.id == change.after.id; });
          if (!known) return Fail(ErrorCode::kInternal, "a change for a case not read");
          AppliedChange out;
          if (auto r = WriteChange(conn, chain, change, out); !r) return r;
          applied->push_back(std::move(out));
        }
        return {};
      },
      [applied, done = std::move(done)](Status status) {
        if (!status) return done(Fail(status.error()));
        done(std::move(*applied));
      });
}

Result<std::vector<DueCheck>> SqliteStore::DueChecks(Timestamp now, int limit) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::DueChecks(***reader, now, limit, served());
}

Result<std::vector<DueCheck>> SqliteStore::RunningDeadlines(PemdaId pemda, Timestamp from,
                                                            CaseId after, int limit) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::RunningDeadlines(***reader, pemda, from, after, limit);
}

Result<std::vector<DueCheck>> SqliteStore::AwaitingDeadlines(CaseId after, int limit) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::AwaitingDeadlines(***reader, after, limit, served());
}

Result<AuditReport> SqliteStore::VerifyAuditChain() {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  // One read transaction, so the chain and its head are one snapshot.
  if (auto s = (**reader)->Exec("BEGIN"); !s) return Fail(s.error());
  AuditReport report;
  auto bad = [&](int64_t id, std::string problem) {
    report.ok = false;
    report.first_bad_event = id;
    report.problem = std::move(problem);
  };
  auto stmt = (**reader)->PrepareTransient(
      "SELECT id, pemda_id, case_id, kind, actor, at, payload, is_public, prev_hash, hash "
      "FROM case_events ORDER BY id");
  if (!stmt) return Fail(stmt.error());
  int64_t last_id = 0;
  std::string last_hash;
  CaseProjection projection;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const domain::CaseEvent e = EventFrom(**stmt);
    ++report.events_checked;
    projection.Add(e.case_id, e.kind, e.payload_json);
    if (e.id != last_id + 1) {
      bad(e.id, "event " + std::to_string(last_id + 1) + " is missing");
      break;
    }
    if (e.prev_hash != last_hash) {
      bad(e.id, "event " + std::to_string(e.id) + " does not link to its predecessor");
      break;
    }
    if (domain::EventHash(e) != e.hash) {
      bad(e.id, "event " + std::to_string(e.id) + " was altered (hash mismatch)");
      break;
    }
    last_id = e.id;
    last_hash = e.hash;
  }
  stmt->reset();
  if (report.ok) {
    auto head = (**reader)->PrepareTransient(
        "SELECT last_event_id, last_hash FROM audit_head WHERE id = 1");
    if (!head) return Fail(head.error());
    auto row = (*head)->Step();
    if (!row) return Fail(row.error());
    if (!*row || (*head)->Int(0) != last_id || (*head)->Text(1) != last_hash) {
      bad(last_id + 1, "the chain ends at event " + std::to_string(last_id) +
                           " but its recorded head differs: events were removed");
    }
  }
  if (report.ok) {
    // The rows every page is read from against the chain they came from.
    auto cases = (**reader)->PrepareTransient(
        std::string("SELECT ") + rows::kAuditCaseColumns +
        " FROM cases c LEFT JOIN case_events e "
        "ON e.id = (SELECT MIN(id) FROM case_events WHERE case_id = c.id AND kind = 'submitted') "
        "ORDER BY c.id");
    if (!cases) return Fail(cases.error());
    auto& q = **cases;
    for (;;) {
      auto row = q.Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      ++report.cases_checked;
      const CaseColumns columns = rows::AuditColumnsFrom(q);
      const int64_t event = q.IsNull(6) ? 0 : q.Int(6);
      if (auto problem = CaseRowProblem(columns, event, q.Text(7), projection); !problem.empty()) {
        bad(event, problem);
        break;
      }
    }
  }
  (void)(**reader)->Exec("COMMIT");
  return report;
}

}  // namespace sigap::store::sqlite
