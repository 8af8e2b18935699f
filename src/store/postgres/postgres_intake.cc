// PostgresStore: durable intake with group commit. Concurrent submissions
// are written by one writer task with multi-row INSERTs (cases, reporters,
// events, idempotency keys: four statements for the whole group), in the
// writer's transaction, and acknowledged after its COMMIT. When the group
// cannot be written at once (a constraint, a conflicting key), it is rolled
// back to a savepoint and written case by case, so that one bad submission
// fails alone.
#include <algorithm>
#include <map>

#include "store/codec.h"
#include "store/file_rows.h"
#include "store/postgres/postgres_store.h"

namespace sigap::store::postgres {
namespace {

constexpr const char* kCaseInsert =
    "INSERT INTO cases (id, pemda_id, salt, tracking_code, kind, status, service_code, "
    "service_version, service_name, category, title, description, lat, lng, region_code, "
    "address, anonymous, confidential, channel, agency_code, attachments, created_at, "
    "updated_at, version, assignee, verifier, merged_into, resume_status, reject_reason, stage, "
    "stage_started_at, due_at, due_soon_at, paused_at, escalation_level, next_check_at, "
    "disposed_at, resolved_at, reopen_until, address_id, media_url, attributes, kelurahan_code, "
    "kecamatan_code, outside_pemda, stated_region_code, proposed_agency, proposal_rule) VALUES ";
constexpr const char* kCaseRow =
    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
    "?,?)";
constexpr int kCaseParams = 47;

// "(?,?,…),(?,?,…)…" for `rows` rows of `row`.
std::string Rows(const char* row, size_t rows) {
  std::string out;
  for (size_t i = 0; i < rows; ++i) {
    if (i) out += ',';
    out += row;
  }
  return out;
}

// Binds values in order, from position 1.
class Binder {
 public:
  explicit Binder(Statement& st) : st_(st) {}
  template <typename T>
  Binder& operator()(const T& value) {
    st_.Bind(pos_++, value);
    return *this;
  }
  Binder& Time(const std::optional<Timestamp>& t) {
    if (t) return (*this)(ToMicros(*t));
    st_.BindNull(pos_++);
    return *this;
  }
  Binder& Null() {
    st_.BindNull(pos_++);
    return *this;
  }

 private:
  Statement& st_;
  int pos_ = 1;
};

domain::CaseEvent Event(PemdaId pemda, CaseId id, std::string kind, std::string actor, Timestamp at,
                        std::string payload, bool is_public) {
  domain::CaseEvent e;
  e.pemda_id = pemda;
  e.case_id = id;
  e.kind = std::move(kind);
  e.actor = std::move(actor);
  e.at = at;
  e.payload_json = std::move(payload);
  e.is_public = is_public;
  return e;
}

}  // namespace

void PostgresStore::SubmitCase(NewCase c, SubmitCallback done) {
  auto codec = Codec();
  if (!codec) {
    done(Fail(codec.error()));
    return;
  }
  {
    std::lock_guard lock(intake_mutex_);
    intake_queue_.push_back({std::move(c), std::move(done)});
    if (intake_scheduled_) return;  // the task already queued takes it too
    intake_scheduled_ = true;
  }
  ScheduleIntake(**codec);
}

void PostgresStore::ScheduleIntake(const domain::TrackingCodec& codec) {
  auto taken = std::make_shared<std::vector<PendingCase>>();
  auto results = std::make_shared<std::vector<Result<SubmitReceipt>>>();
  writer_->Enqueue(
      [this, &codec, taken, results](Connection& conn, ChainState& chain) -> Status {
        if (taken->empty()) {  // the first run; a run again after a lost connection keeps them
          std::lock_guard lock(intake_mutex_);
          taken->swap(intake_queue_);
          intake_scheduled_ = false;
        }
        results->assign(taken->size(), Fail(ErrorCode::kInternal, "not written"));
        const ChainState before = chain;
        if (auto s = conn.Exec("SAVEPOINT intake"); !s) return s;
        auto bulk = InsertCasesBulk(conn, chain, codec, *taken, *results);
        if (bulk) {
          chain.extra_items += taken->size() - 1;
          return conn.Exec("RELEASE intake");
        }
        if (conn.Broken()) return bulk;
        chain = before;
        if (auto s = conn.Exec("ROLLBACK TO intake; RELEASE intake"); !s) return s;
        for (size_t i = 0; i < taken->size(); ++i) {
          const ChainState start = chain;
          if (auto s = conn.Exec("SAVEPOINT one"); !s) return s;
          SubmitReceipt receipt;
          auto one = InsertCase(conn, chain, codec, (*taken)[i].c, receipt);
          if (conn.Broken()) return one;
          if (one) {
            (*results)[i] = receipt;
            if (auto s = conn.Exec("RELEASE one"); !s) return s;
          } else {
            (*results)[i] = Fail(one.error());
            chain = start;
            if (auto s = conn.Exec("ROLLBACK TO one; RELEASE one"); !s) return s;
          }
        }
        return {};
      },
      [this, taken, results](Status status) {
        // A batch can fail before this task runs (BEGIN, a reconnection, a
        // savepoint on a connection PostgreSQL dropped): the cases queued
        // for it are answered with that failure, and the next case
        // schedules a task again. Left queued, they waited for a task that
        // never came, and so did every case after them.
        const bool ran = !taken->empty();
        if (!ran) {
          std::lock_guard lock(intake_mutex_);
          taken->swap(intake_queue_);
          intake_scheduled_ = false;
        }
        for (size_t i = 0; i < taken->size(); ++i) {
          auto& done = (*taken)[i].done;
          if (!status) {
            done(Fail(status.error()));
          } else if (!ran) {
            done(Fail(ErrorCode::kUnavailable, "the case was not written; try again"));
          } else {
            done(std::move((*results)[i]));
          }
        }
      });
}

Status PostgresStore::InsertCasesBulk(Connection& conn, ChainState& chain,
                                      const domain::TrackingCodec& codec,
                                      std::vector<PendingCase>& cases,
                                      std::vector<Result<SubmitReceipt>>& results) {
  if (auto s = LockChain(conn, chain); !s) return s;

  // Idempotency keys seen before (or earlier in this group): fingerprint
  // and the receipt to replay.
  std::map<std::pair<PemdaId, std::string>, std::pair<std::string, SubmitReceipt>> seen;
  std::vector<const NewCase*> keyed;
  for (const auto& p : cases) {
    if (!p.c.idempotency_key.empty()) keyed.push_back(&p.c);
  }
  if (!keyed.empty()) {
    auto stmt = conn.PrepareTransient(
        "SELECT k.pemda_id, k.key, k.fingerprint, c.id, c.salt, c.tracking_code, c.status, "
        "c.created_at FROM idempotency_keys k JOIN cases c ON c.id = k.case_id WHERE "
        "(k.pemda_id, k.key) IN (" +
        Rows("(?::bigint,?::text)", keyed.size()) + ")");
    if (!stmt) return Fail(stmt.error());
    Binder bind(**stmt);
    for (const NewCase* c : keyed) bind(c->pemda_id)(c->idempotency_key);
    for (;;) {
      auto row = (*stmt)->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      const auto& st = **stmt;
      SubmitReceipt r;
      r.case_id = st.Int(3);
      r.salt = static_cast<uint32_t>(st.Int(4));
      r.tracking_code = st.Text(5);
      r.status = domain::ParseCaseStatus(st.Text(6)).value_or(domain::CaseStatus::kReceived);
      r.created_at = FromMicros(st.Int(7));
      r.replayed = true;
      seen[{st.Int(0), st.Text(1)}] = {st.Text(2), r};
    }
  }

  auto next = conn.Prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM cases");
  if (!next) return Fail(next.error());
  if (auto row = (*next)->Step(); !row) return Fail(row.error());
  CaseId id = (*next)->Int(0);
  (*next)->Reset();

  std::vector<size_t> fresh;  // indexes of the cases written now
  for (size_t i = 0; i < cases.size(); ++i) {
    const NewCase& c = cases[i].c;
    if (!c.idempotency_key.empty()) {
      auto it = seen.find({c.pemda_id, c.idempotency_key});
      if (it != seen.end()) {
        if (it->second.first != c.request_fingerprint) {
          results[i] =
              Fail(ErrorCode::kConflict, "Idempotency-Key was already used for a different request",
                   {{"Idempotency-Key", "reused", "the key belongs to another submission"}});
        } else {
          results[i] = it->second.second;
        }
        continue;
      }
    }
    if (id >= (int64_t{1} << domain::TrackingCodec::kSequenceBits)) {
      return Fail(ErrorCode::kUnavailable, "tracking-code sequence exhausted");
    }
    SubmitReceipt receipt{id, c.salt, codec.Encode(id, c.salt), c.status, c.created_at, false};
    if (!c.idempotency_key.empty()) {
      SubmitReceipt replay = receipt;
      replay.replayed = true;
      seen[{c.pemda_id, c.idempotency_key}] = {c.request_fingerprint, replay};
    }
    results[i] = receipt;
    fresh.push_back(i);
    ++id;
  }
  if (fresh.empty()) return {};

  // Cases, in chunks that keep each statement under PostgreSQL's 65,535
  // parameters.
  constexpr size_t kChunk = 1000;
  for (size_t from = 0; from < fresh.size(); from += kChunk) {
    const size_t n = std::min(kChunk, fresh.size() - from);
    auto stmt = conn.PrepareTransient(std::string(kCaseInsert) + Rows(kCaseRow, n));
    if (!stmt) return Fail(stmt.error());
    Binder bind(**stmt);
    for (size_t k = from; k < from + n; ++k) {
      const NewCase& c = cases[fresh[k]].c;
      const SubmitReceipt& r = *results[fresh[k]];
      const auto& s = c.submission;
      Timestamp updated_at = c.created_at;
      for (const auto& draft : c.history) updated_at = std::max(updated_at, draft.at);
      bind(r.case_id)(c.pemda_id)(static_cast<int64_t>(c.salt))(r.tracking_code);
      bind(domain::ToString(s.kind))(domain::ToString(r.status))(s.service_code);
      bind(c.service_version)(c.service_name)(s.category)(s.title)(s.description);
      if (s.location.point) {
        bind(s.location.point->lat)(s.location.point->lng);
      } else {
        bind.Null().Null();
      }
      bind(s.location.region_code)(s.location.address)(s.anonymous ? 1 : 0);
      bind(s.confidential ? 1 : 0)(domain::ToString(s.channel))(c.agency_code);
      bind(AttachmentsToJson(s.attachments))(ToMicros(c.created_at))(ToMicros(updated_at));
      const auto& h = c.handling;
      bind(h.assignee)(h.verifier)(h.merged_into)(domain::ToString(h.resume_status));
      bind(h.reject_reason)(domain::ToString(h.stage)).Time(h.stage_started_at).Time(h.due_at);
      bind.Time(h.due_soon_at).Time(h.paused_at)(int64_t{h.escalation_level});
      bind.Time(h.next_check_at).Time(h.disposed_at).Time(h.resolved_at).Time(h.reopen_until);
      bind(s.location.address_id)(s.media_url);
      bind(s.attributes.empty() ? std::string("[]") : AnswersToJson(s.attributes));
      const auto& p = c.placement;
      bind(p.kelurahan_code)(p.kecamatan_code)(p.outside_pemda ? 1 : 0)(p.stated_region_code);
      bind(p.proposed_agency)(p.proposal_rule);
    }
    if (auto s = (*stmt)->Run(); !s) return s;
  }
  static_assert(kCaseParams == 47);

  // Supporting agencies of a new case are rare (imports): one by one.
  for (size_t i : fresh) {
    const NewCase& c = cases[i].c;
    for (const auto& supporting : c.handling.supporting) {
      auto insert = conn.Prepare(
          "INSERT INTO case_agencies (case_id, agency_code, input_requested) VALUES (?,?,?)");
      if (!insert) return Fail(insert.error());
      (*insert)->Bind(1, results[i]->case_id).Bind(2, supporting.agency_code);
      (*insert)->Bind(3, supporting.input_requested ? 1 : 0);
      if (auto s = (*insert)->Run(); !s) return s;
    }
  }

  // The reporters who filed in another language than Bahasa Indonesia: few.
  for (size_t i : fresh) {
    const auto& s = cases[i].c.submission;
    if (s.language.empty()) continue;
    auto language = conn.Prepare("UPDATE cases SET language = ? WHERE id = ?");
    if (!language) return Fail(language.error());
    (*language)->Bind(1, s.language).Bind(2, results[i]->case_id);
    if (auto s2 = (*language)->Run(); !s2) return s2;
  }

  // Reporters' contacts, apart from the case.
  std::vector<size_t> with_reporter;
  for (size_t i : fresh) {
    const auto& s = cases[i].c.submission;
    if (!s.reporter.Empty() || !s.device_id.empty() || !s.account_id.empty()) {
      with_reporter.push_back(i);
    }
  }
  for (size_t from = 0; from < with_reporter.size(); from += kChunk) {
    const size_t n = std::min(kChunk, with_reporter.size() - from);
    auto stmt = conn.PrepareTransient(
        "INSERT INTO case_reporters (case_id, name, phone, email, nik, device_id, account_id) "
        "VALUES " +
        Rows("(?,?,?,?,?,?,?)", n));
    if (!stmt) return Fail(stmt.error());
    Binder bind(**stmt);
    for (size_t k = from; k < from + n; ++k) {
      const size_t i = with_reporter[k];
      const auto& s = cases[i].c.submission;
      bind(results[i]->case_id)(s.reporter.name)(s.reporter.phone)(s.reporter.email);
      bind(s.reporter.nik)(s.device_id)(s.account_id);
    }
    if (auto s = (*stmt)->Run(); !s) return s;
  }

  // Events on the chain: each case's `submitted`, then its history.
  std::vector<domain::CaseEvent> events;
  for (size_t i : fresh) {
    const NewCase& c = cases[i].c;
    const CaseId case_id = results[i]->case_id;
    events.push_back(Event(c.pemda_id, case_id, std::string(domain::event_kind::kSubmitted),
                           c.actor, c.created_at,
                           SubmittedPayload(c.submission, c.service_version, c.agency_code), true));
    for (const auto& d : c.history) {
      events.push_back(
          Event(c.pemda_id, case_id, d.kind, d.actor, d.at, PayloadToJson(d.payload), d.is_public));
    }
  }
  ChainState advanced = chain;
  for (auto& e : events) {
    e.id = advanced.last_event_id + 1;
    e.prev_hash = advanced.last_hash;
    e.hash = domain::EventHash(e);
    advanced.last_event_id = e.id;
    advanced.last_hash = e.hash;
  }
  for (size_t from = 0; from < events.size(); from += kChunk) {
    const size_t n = std::min(kChunk, events.size() - from);
    auto stmt = conn.PrepareTransient(
        "INSERT INTO case_events (id, pemda_id, case_id, kind, actor, at, payload, is_public, "
        "prev_hash, hash) VALUES " +
        Rows("(?,?,?,?,?,?,?,?,?,?)", n));
    if (!stmt) return Fail(stmt.error());
    Binder bind(**stmt);
    for (size_t k = from; k < from + n; ++k) {
      const auto& e = events[k];
      bind(e.id)(e.pemda_id)(e.case_id)(e.kind)(e.actor)(ToMicros(e.at))(e.payload_json);
      bind(e.is_public ? 1 : 0)(e.prev_hash)(e.hash);
    }
    if (auto s = (*stmt)->Run(); !s) return s;
  }
  for (const auto& e : events) {
    if (auto s = rows::NameFiles(conn, e); !s) return s;
  }
  // Subscribers to `submitted` hear of each case filed now (not of one
  // imported with its past).
  for (size_t k = 0, e = 0; k < fresh.size(); ++k) {
    const size_t i = fresh[k];
    const NewCase& c = cases[i].c;
    const domain::CaseEvent& submitted = events[e];
    e += 1 + c.history.size();
    if (!c.history.empty()) continue;
    const std::string payload = SubmittedWebhookPayload(results[i]->tracking_code, c.submission,
                                                        c.agency_code, c.created_at);
    if (auto s = QueueSubmittedWebhooks(conn, submitted, payload); !s) return s;
  }

  std::vector<size_t> with_key;
  for (size_t i : fresh) {
    if (!cases[i].c.idempotency_key.empty()) with_key.push_back(i);
  }
  for (size_t from = 0; from < with_key.size(); from += kChunk) {
    const size_t n = std::min(kChunk, with_key.size() - from);
    auto stmt = conn.PrepareTransient(
        "INSERT INTO idempotency_keys (pemda_id, key, fingerprint, case_id, created_at) VALUES " +
        Rows("(?,?,?,?,?)", n));
    if (!stmt) return Fail(stmt.error());
    Binder bind(**stmt);
    for (size_t k = from; k < from + n; ++k) {
      const NewCase& c = cases[with_key[k]].c;
      bind(c.pemda_id)(c.idempotency_key)(c.request_fingerprint)(results[with_key[k]]->case_id);
      bind(ToMicros(c.created_at));
    }
    if (auto s = (*stmt)->Run(); !s) return s;
  }
  chain = advanced;
  return {};
}

}  // namespace sigap::store::postgres
