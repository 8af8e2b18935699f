// PostgresStore: cases, their events and the audit chain.
#include <algorithm>
#include <cctype>
#include <future>

#include "store/case_rows.h"
#include "store/codec.h"
#include "store/postgres/postgres_store.h"

namespace sigap::store::postgres {
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

// The words of a search, each with its ASCII punctuation read as spaces
// (as the index reads the text): "lampu-jalan RT.05" gives the phrases
// "lampu jalan" and "RT 05"; a word of punctuation alone gives none.
// `prefix` when the word ends in '*' after two characters or more ("jal*":
// jalan, jalur), as FtsQuery reads it on SQLite.
struct SearchPhrase {
  std::string text;
  bool prefix = false;
};

std::vector<SearchPhrase> SearchPhrases(const std::string& text) {
  std::vector<SearchPhrase> phrases;
  std::string phrase, word;
  bool has_word = false;
  for (char ch : text + " ") {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      if (has_word) {
        const bool prefix = word.size() > 2 && word.back() == '*';
        phrases.push_back({std::move(phrase), prefix});
      }
      phrase.clear();
      word.clear();
      has_word = false;
      continue;
    }
    word += ch;
    if (std::ispunct(static_cast<unsigned char>(ch))) {
      phrase += ' ';
    } else {
      phrase += ch;
      has_word = true;
    }
  }
  return phrases;
}

// A tsquery that matches `phrase`'s parts in order, the last as a prefix:
// 'e' <-> 'ktp':* (its parts hold no punctuation, so no quote).
std::string PrefixQuery(const std::string& phrase) {
  std::string query;
  std::string part;
  for (char ch : phrase + " ") {
    if (ch != ' ') {
      part += ch;
      continue;
    }
    if (part.empty()) continue;
    if (!query.empty()) query += " <-> ";
    query += "'" + part + "'";
    part.clear();
  }
  return query.empty() ? query : query + ":*";
}

std::string LikeEscape(const std::string& word) {
  std::string out;
  for (char ch : word) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

}  // namespace

Status PostgresStore::InsertCase(Connection& conn, ChainState& chain,
                                 const domain::TrackingCodec& codec, NewCase& c,
                                 SubmitReceipt& receipt) {
  receipt = SubmitReceipt{};
  // The chain's head first: it serialises the case sequence and the
  // idempotency keys with the writers of the other nodes.
  if (auto s = LockChain(conn, chain); !s) return s;
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
      "disposed_at, resolved_at, reopen_until, priority) VALUES "
      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert) return Fail(insert.error());
  const std::string attachments = AttachmentsToJson(s.attachments);
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
  st.Bind(19, domain::ToString(s.channel)).Bind(20, c.agency_code).Bind(21, attachments);
  // A case written with its history (imports, the demo) was last updated
  // by its last event.
  Timestamp updated_at = c.created_at;
  for (const auto& draft : c.history) updated_at = std::max(updated_at, draft.at);
  st.Bind(22, ToMicros(c.created_at)).Bind(23, ToMicros(updated_at));
  // The handling projection: a new case's verification deadline, or
  // whatever an imported case's original status implies.
  BindHandlingFields(st, 24, c.handling);
  if (auto r = st.Run(); !r) return r;
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
  if (!s.language.empty()) {  // written apart: most reporters file in Bahasa Indonesia
    auto language = conn.Prepare("UPDATE cases SET language = ? WHERE id = ?");
    if (!language) return Fail(language.error());
    (*language)->Bind(1, s.language).Bind(2, id);
    if (auto r = (*language)->Run(); !r) return r;
  }
  // Open311 fields (migration 0004), written apart so that cases from
  // other channels pay nothing for them.
  if (!s.location.address_id.empty() || !s.media_url.empty() || !s.attributes.empty()) {
    auto open311 =
        conn.Prepare("UPDATE cases SET address_id = ?, media_url = ?, attributes = ? WHERE id = ?");
    if (!open311) return Fail(open311.error());
    const std::string answers = AnswersToJson(s.attributes);
    (*open311)->Bind(1, s.location.address_id).Bind(2, s.media_url).Bind(3, answers).Bind(4, id);
    if (auto r = (*open311)->Run(); !r) return r;
  }
  // Routing by place (migration 0005), written apart like the above.
  if (const auto& p = c.placement; !p.kelurahan_code.empty() || !p.kecamatan_code.empty() ||
                                   p.outside_pemda || !p.proposed_agency.empty()) {
    auto place = conn.Prepare(
        "UPDATE cases SET kelurahan_code = ?, kecamatan_code = ?, outside_pemda = ?, "
        "stated_region_code = ?, proposed_agency = ?, proposal_rule = ? WHERE id = ?");
    if (!place) return Fail(place.error());
    (*place)->Bind(1, p.kelurahan_code).Bind(2, p.kecamatan_code).Bind(3, p.outside_pemda ? 1 : 0);
    (*place)->Bind(4, p.stated_region_code).Bind(5, p.proposed_agency).Bind(6, p.proposal_rule);
    (*place)->Bind(7, id);
    if (auto r = (*place)->Run(); !r) return r;
  }

  domain::CaseEvent event;
  event.pemda_id = c.pemda_id;
  event.case_id = id;
  event.kind = std::string(domain::event_kind::kSubmitted);
  event.actor = c.actor;
  event.at = c.created_at;
  event.payload_json = SubmittedPayload(s, c.service_version, c.agency_code);
  event.is_public = true;
  if (auto r = AppendEvent(conn, chain, event); !r) return r;
  if (c.history.empty()) {  // a case filed now, not one imported with its past
    const std::string payload =
        SubmittedWebhookPayload(receipt.tracking_code, s, c.agency_code, c.created_at);
    if (auto r = QueueSubmittedWebhooks(conn, event, payload); !r) return r;
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

Result<std::vector<SubmitReceipt>> PostgresStore::SubmitCases(std::vector<NewCase> cases) {
  auto codec = Codec();
  if (!codec) return Fail(codec.error());
  std::vector<SubmitReceipt> receipts(cases.size());
  auto status = writer_->Run([&](Connection& conn, ChainState& chain) -> Status {
    for (size_t i = 0; i < cases.size(); ++i) {
      if (auto s = InsertCase(conn, chain, **codec, cases[i], receipts[i]); !s) return s;
    }
    return {};
  });
  if (!status) return Fail(status.error());
  return receipts;
}

Result<domain::Case> PostgresStore::FindCase(PemdaId pemda, CaseId id) {
  using T = domain::Case;
  return Read<T>([&](Connection& conn) -> Result<T> { return ReadCase(conn, pemda, id, true); });
}

Result<CaseWithEvents> PostgresStore::FindCaseWithEvents(PemdaId pemda, CaseId id,
                                                         bool with_reporter) {
  using T = CaseWithEvents;
  return Read<T>([&](Connection& conn) -> Result<T> {
    // One read transaction: one snapshot.
    if (auto s = conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
      return Fail(s.error());
    }
    auto c = ReadCase(conn, pemda, id, with_reporter);
    Result<std::vector<domain::CaseEvent>> events =
        c ? ReadEvents(conn, pemda, id) : Result<std::vector<domain::CaseEvent>>(Fail(c.error()));
    (void)conn.Exec(conn.Broken() ? "" : "COMMIT");
    if (!c) return Fail(c.error());
    if (!events) return Fail(events.error());
    return CaseWithEvents{std::move(*c), std::move(*events)};
  });
}

Result<CasePage> PostgresStore::ListCases(PemdaId pemda, const CaseFilter& f) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM cases c WHERE c.pemda_id = ?";
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
  if (const auto phrases = SearchPhrases(f.text); !phrases.empty()) {
    // Every word, through the GIN index cases_text (migrations 0001, 0027,
    // 0034), which is written with the case: nothing is left to index
    // later. It holds the words as written and their Indonesian stems; a
    // word is looked up by its stem, a prefix ("jal*") as written. A word
    // with punctuation inside is a phrase of its parts ("e-KTP": "e" then
    // "ktp"), as FTS5 reads it on SQLite.
    sql +=
        " AND (to_tsvector('simple'::regconfig, regexp_replace(c.title || ' ' || c.description, "
        "'[[:punct:]]+', ' ', 'g')) || to_tsvector('indonesian'::regconfig, "
        "regexp_replace(c.title || ' ' || c.description, '[[:punct:]]+', ' ', 'g'))) @@ (";
    for (size_t i = 0; i < phrases.size(); ++i) {
      if (i > 0) sql += " && ";
      if (phrases[i].prefix) {
        text("to_tsquery('simple'::regconfig, ?)", PrefixQuery(phrases[i].text));
      } else {
        text("phraseto_tsquery('indonesian'::regconfig, ?)", phrases[i].text);
      }
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
  using T = CasePage;
  if (f.by_deadline) {
    const rows::ListingQuery query{std::move(sql), std::move(texts), std::move(ints),
                                   std::move(order)};
    return Read<T>([&](Connection& conn) -> Result<T> {
      return rows::ReadDeadlineListing(conn, pemda, f, query);
    });
  }
  const int limit = std::clamp(f.limit, 1, 1000);
  sql += " ORDER BY c.id DESC LIMIT " + std::to_string(limit + 1);
  if (f.offset > 0) sql += " OFFSET " + std::to_string(f.offset);

  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.PrepareTransient(sql);
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
  });
}

Result<int64_t> PostgresStore::CountCases(PemdaId pemda) {
  using T = int64_t;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare("SELECT COUNT(*) FROM cases WHERE pemda_id = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda);
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    return (*stmt)->Int(0);
  });
}

Result<std::vector<domain::CaseEvent>> PostgresStore::ListCaseEvents(PemdaId pemda, CaseId id) {
  using T = std::vector<domain::CaseEvent>;
  return Read<T>([&](Connection& conn) -> Result<T> { return ReadEvents(conn, pemda, id); });
}

Result<std::vector<domain::Case>> PostgresStore::NearbyCases(PemdaId pemda, const NearbyQuery& q) {
  // cases_nearby (migration 0042): pemda and service are equalities, then
  // the time range, read from its newest end (the newest cases in the box
  // when there are more than the limit); latitude and longitude are
  // checked on the index entry, status and confidentiality on the rows in
  // the box.
  static const std::string sql =
      std::string("SELECT ") + kCaseColumns +
      " FROM cases c WHERE c.pemda_id = ? AND c.service_code = ? AND "
      "c.status IN ('received', 'verified', 'needs_info', 'disposed', 'in_progress') AND c.lat "
      "BETWEEN ? AND ? AND c.lng BETWEEN ? AND ? AND c.created_at >= ? AND c.confidential = 0 "
      "ORDER BY c.created_at DESC LIMIT ?";
  using T = std::vector<domain::Case>;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare(sql.c_str());
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
  });
}

Result<std::vector<PublicEvent>> PostgresStore::ListPublicEvents(PemdaId pemda,
                                                                 const PublicEventQuery& query) {
  using T = std::vector<PublicEvent>;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare(
        "SELECT e.id, e.pemda_id, e.case_id, e.kind, e.actor, e.at, e.payload, e.is_public, "
        "e.prev_hash, e.hash, c.tracking_code, p.kind, p.payload, "
        "(SELECT n.name FROM case_reporters n WHERE n.case_id = e.case_id) FROM case_events e "
        "JOIN cases c ON c.id = e.case_id "
        "LEFT JOIN case_events p ON p.id = (SELECT q.id FROM case_events q WHERE q.case_id = "
        "e.case_id AND q.id < e.id AND q.is_public = 1 AND q.kind NOT IN ('public_update', "
        "'supported') AND (q.kind <> 'info_provided' OR (q.payload::jsonb ->> 'completed') = "
        "'true') "
        "ORDER BY q.id DESC LIMIT 1) "
        "WHERE e.pemda_id = ? AND e.at >= ? AND e.at < ? AND e.is_public = 1 "
        "AND c.confidential = 0 AND e.kind NOT IN "
        "(SELECT jsonb_array_elements_text(?::jsonb)) "
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
  });
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
        "SELECT ?::bigint, ?::bigint, ?::bigint, 'webhook', 'webhook:' || id, ?::text, ?::text, "
        "?::bigint, ?::bigint FROM webhooks WHERE pemda_id = ? AND active = 1 "
        "AND (events = '[]' OR EXISTS (SELECT 1 FROM jsonb_array_elements_text("
        "webhooks.events::jsonb) AS e(value) WHERE e.value = ?))");
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

void PostgresStore::ChangeCases(PemdaId pemda, std::vector<CaseId> ids,
                                std::optional<int64_t> expected_version, DecideChanges decide,
                                ChangeCallback done) {
  auto applied = std::make_shared<std::vector<AppliedChange>>();
  writer_->Enqueue(
      [pemda, ids = std::move(ids), expected_version, decide = std::move(decide), applied](
          Connection& conn, ChainState& chain) -> Status {
        applied->clear();  // a batch run again after a lost connection starts afresh
        // The chain's head first: another node changing these cases waits
        // for this transaction, and then reads what it wrote.
        if (auto s = LockChain(conn, chain); !s) return s;
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

Result<std::vector<DueCheck>> PostgresStore::DueChecks(Timestamp now, int limit) {
  using T = std::vector<DueCheck>;
  return Read<T>([&](Connection& conn) { return rows::DueChecks(conn, now, limit, served()); });
}

Result<std::vector<DueCheck>> PostgresStore::RunningDeadlines(PemdaId pemda, Timestamp from,
                                                              CaseId after, int limit) {
  using T = std::vector<DueCheck>;
  return Read<T>(
      [&](Connection& conn) { return rows::RunningDeadlines(conn, pemda, from, after, limit); });
}

Result<std::vector<DueCheck>> PostgresStore::AwaitingDeadlines(CaseId after, int limit) {
  using T = std::vector<DueCheck>;
  return Read<T>(
      [&](Connection& conn) { return rows::AwaitingDeadlines(conn, after, limit, served()); });
}

Result<AuditReport> PostgresStore::VerifyAuditChain() {
  using T = AuditReport;
  return Read<T>([&](Connection& conn) -> Result<T> {
    // One read transaction, so the chain and its head are one snapshot.
    if (auto s = conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
      return Fail(s.error());
    }
    AuditReport report;
    auto bad = [&](int64_t id, std::string problem) {
      report.ok = false;
      report.first_bad_event = id;
      report.problem = std::move(problem);
    };
    // Pages of events, so that a long chain is never one result in memory.
    auto stmt = conn.Prepare(
        "SELECT id, pemda_id, case_id, kind, actor, at, payload, is_public, prev_hash, hash "
        "FROM case_events WHERE id > ? ORDER BY id LIMIT 5000");
    if (!stmt) return Fail(stmt.error());
    int64_t last_id = 0;
    std::string last_hash;
    CaseProjection projection;
    for (bool more = true; more && report.ok;) {
      (*stmt)->Reset();
      (*stmt)->Bind(1, last_id);
      more = false;
      for (;;) {
        auto row = (*stmt)->Step();
        if (!row) return Fail(row.error());
        if (!*row) break;
        more = true;
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
    }
    (*stmt)->Reset();
    if (report.ok) {
      auto head =
          conn.PrepareTransient("SELECT last_event_id, last_hash FROM audit_head WHERE id = 1");
      if (!head) return Fail(head.error());
      auto row = (*head)->Step();
      if (!row) return Fail(row.error());
      if (!*row || (*head)->Int(0) != last_id || (*head)->Text(1) != last_hash) {
        bad(last_id + 1, "the chain ends at event " + std::to_string(last_id) +
                             " but its recorded head differs: events were removed");
      }
    }
    if (report.ok) {
      // The rows every page is read from against the chain they came from,
      // in pages as the events.
      static const std::string sql =
          std::string("SELECT ") + rows::kAuditCaseColumns +
          " FROM cases c LEFT JOIN case_events e ON e.id = (SELECT MIN(id) "
          "FROM case_events WHERE case_id = c.id AND kind = 'submitted') "
          "WHERE c.id > ? ORDER BY c.id LIMIT 5000";
      auto cases = conn.Prepare(sql.c_str());
      if (!cases) return Fail(cases.error());
      auto& q = **cases;
      int64_t after = 0;
      for (bool more = true; more && report.ok;) {
        q.Reset();
        q.Bind(1, after);
        more = false;
        for (;;) {
          auto row = q.Step();
          if (!row) return Fail(row.error());
          if (!*row) break;
          more = true;
          ++report.cases_checked;
          after = q.Int(8);
          const CaseColumns columns = rows::AuditColumnsFrom(q);
          const int64_t event = q.IsNull(6) ? 0 : q.Int(6);
          if (auto problem = CaseRowProblem(columns, event, q.Text(7), projection);
              !problem.empty()) {
            bad(event, problem);
            break;
          }
        }
      }
      q.Reset();
    }
    (void)conn.Exec("COMMIT");
    return report;
  });
}

}  // namespace sigap::store::postgres
