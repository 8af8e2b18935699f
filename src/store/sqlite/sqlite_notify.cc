// SqliteStore: the notification outbox, webhook subscribers and officers'
// e-mail addresses.
#include <algorithm>
#include <cctype>

#include "store/codec.h"
#include "store/notify_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {

// Shared with the other backend (notify_rows.h).
using rows::Distinct;

namespace {

Status ExpectChanged(Connection& conn, std::string_view what) {
  if (conn.Changes() == 0) return Fail(ErrorCode::kNotFound, std::string(what) + " not found");
  return {};
}

}  // namespace

Status SqliteStore::SaveUserEmail(PemdaId pemda, std::string_view username,
                                  std::string_view email) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare("UPDATE users SET email = ? WHERE pemda_id = ? AND username = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, email).Bind(2, pemda).Bind(3, username);
    if (auto s = (*stmt)->Run(); !s) return s;
    return ExpectChanged(conn, "user");
  });
}

Result<std::vector<OutboxMessage>> SqliteStore::ClaimOutbox(Timestamp now, Timestamp lease_until,
                                                            int limit, std::string_view channel) {
  std::vector<OutboxMessage> claimed;
  {
    // Senders poll every second: a read finds most polls idle without
    // queueing a write transaction.
    auto reader = Borrow();
    if (!reader) return Fail(reader.error());
    auto due = (**reader)->Prepare(
        "SELECT 1 FROM outbox WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? "
        "AND (? = '' OR channel = ?) AND (pemda_id = ? OR ? = 0) LIMIT 1");
    if (!due) return Fail(due.error());
    (*due)->Bind(1, ToMicros(now)).Bind(2, channel).Bind(3, channel);
    (*due)->Bind(4, served()).Bind(5, served());  // ServeOnly
    auto row = (*due)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return claimed;
  }
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    // Reads the partial index outbox_due in order of next_attempt_at.
    auto select = conn.Prepare(
        "SELECT id, pemda_id, case_id, event_id, channel, audience, template, payload, "
        "created_at, attempts, last_error FROM outbox "
        "WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? AND (? = '' OR channel = ?) "
        "AND (pemda_id = ? OR ? = 0) "
        "ORDER BY next_attempt_at, id LIMIT ?");
    if (!select) return Fail(select.error());
    (*select)->Bind(1, ToMicros(now)).Bind(2, channel).Bind(3, channel);
    (*select)->Bind(4, served()).Bind(5, served()).Bind(6, limit);
    for (;;) {
      auto row = (*select)->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      OutboxMessage m;
      m.id = (*select)->Int(0);
      m.pemda_id = (*select)->Int(1);
      m.case_id = (*select)->Int(2);
      m.event_id = (*select)->Int(3);
      m.channel = (*select)->Text(4);
      m.audience = (*select)->Text(5);
      m.template_name = (*select)->Text(6);
      m.payload = (*select)->Text(7);
      m.created_at = FromMicros((*select)->Int(8));
      m.attempts = static_cast<int>((*select)->Int(9));
      m.last_error = (*select)->Text(10);
      claimed.push_back(std::move(m));
    }
    (*select)->Reset();
    auto lease = conn.Prepare("UPDATE outbox SET next_attempt_at = ? WHERE id = ?");
    if (!lease) return Fail(lease.error());
    for (const auto& m : claimed) {
      (*lease)->Bind(1, ToMicros(lease_until)).Bind(2, m.id);
      if (auto s = (*lease)->Run(); !s) return s;
    }
    return {};
  });
  if (!status) return Fail(status.error());
  return claimed;
}

Result<std::vector<std::string>> SqliteStore::EmailRecipients(const OutboxMessage& message) {
  const std::string_view audience = message.audience;
  const size_t colon = audience.find(':');
  const std::string_view kind = audience.substr(0, colon);
  const std::string_view name =
      colon == std::string_view::npos ? std::string_view() : audience.substr(colon + 1);
  // ?1 is the Pemda; ?2 the case (reporter) or the agency or user name, if any.
  const char* sql = nullptr;
  if (kind == "reporter" && name.empty()) {
    // A merged case's reporters follow the case it was merged into.
    sql =
        "SELECT r.email FROM cases c JOIN case_reporters r ON r.case_id = c.id "
        "WHERE c.pemda_id = ?1 AND (c.id = ?2 OR c.merged_into = ?2) AND r.email <> ''";
  } else if (kind == "supporters" && name.empty()) {
    // Supporters (+1) hear what the reporter hears (migration 0005).
    sql =
        "SELECT s.email FROM cases c JOIN case_supporters s ON s.case_id = c.id "
        "WHERE c.pemda_id = ?1 AND (c.id = ?2 OR c.merged_into = ?2) AND s.email <> ''";
  } else if (kind == "agency" && !name.empty()) {
    sql =
        "SELECT email FROM users WHERE pemda_id = ?1 AND agency_code = ?2 AND active = 1 "
        "AND role IN ('agency_officer', 'agency_head') AND email <> ''";
  } else if (kind == "agency_head" && !name.empty()) {
    sql =
        "SELECT email FROM users WHERE pemda_id = ?1 AND agency_code = ?2 AND active = 1 "
        "AND role = 'agency_head' AND email <> ''";
  } else if (kind == "verifiers" && name.empty()) {
    sql =
        "SELECT email FROM users WHERE pemda_id = ?1 AND active = 1 AND role = 'verifier' "
        "AND email <> ''";
  } else if (kind == "leaders" && name.empty()) {
    // The Pemda's leaders and administrators: told of what concerns no one
    // agency (an alert of no agency nobody else is configured to hear).
    sql =
        "SELECT email FROM users WHERE pemda_id = ?1 AND active = 1 "
        "AND role IN ('leader', 'admin') AND email <> ''";
  } else if (kind == "user" && !name.empty()) {
    sql =
        "SELECT email FROM users WHERE pemda_id = ?1 AND username = ?2 AND active = 1 "
        "AND email <> ''";
  } else {
    return Fail(ErrorCode::kInvalidArgument, "outbox " + std::to_string(message.id) +
                                                 ": no e-mail recipients for audience " +
                                                 std::string(kind));
  }
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, message.pemda_id);
  if (kind == "reporter" || kind == "supporters") {
    (*stmt)->Bind(2, message.case_id);
  } else if (!name.empty()) {
    (*stmt)->Bind(2, name);
  }
  std::vector<std::string> addresses;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    addresses.push_back((*stmt)->Text(0));
  }
  return Distinct(std::move(addresses));
}

Status SqliteStore::CompleteOutbox(int64_t id, Timestamp at, std::string_view note) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare(
        "UPDATE outbox SET next_attempt_at = NULL, delivered_at = ?, last_error = ? WHERE id = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, ToMicros(at)).Bind(2, note).Bind(3, id);
    if (auto s = (*stmt)->Run(); !s) return s;
    return ExpectChanged(conn, "outbox message");
  });
}

Status SqliteStore::RetryOutbox(int64_t id, int attempts, std::optional<Timestamp> next_attempt,
                                std::string_view error) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare(
        "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, attempts);
    if (next_attempt) {
      (*stmt)->Bind(2, ToMicros(*next_attempt));
    } else {
      (*stmt)->BindNull(2);
    }
    (*stmt)->Bind(3, error).Bind(4, id);
    if (auto s = (*stmt)->Run(); !s) return s;
    return ExpectChanged(conn, "outbox message");
  });
}

Result<int64_t> SqliteStore::CreateWebhook(const Webhook& webhook) {
  int64_t id = 0;
  const std::string events = StringsToJson(webhook.events);
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare(
        "INSERT INTO webhooks (pemda_id, url, secret, events, active, created_at) "
        "VALUES (?,?,?,?,?,?)");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, webhook.pemda_id).Bind(2, webhook.url).Bind(3, webhook.secret);
    (*stmt)->Bind(4, events).Bind(5, webhook.active ? 1 : 0).Bind(6, ToMicros(webhook.created_at));
    if (auto s = (*stmt)->Run(); !s) return s;
    id = conn.LastInsertId();
    return {};
  });
  if (!status) return Fail(status.error());
  return id;
}

Result<std::vector<Webhook>> SqliteStore::ListWebhooks(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT id, url, events, created_at FROM webhooks WHERE pemda_id = ? AND active = 1 "
      "ORDER BY id");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<Webhook> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    Webhook w;
    w.id = (*stmt)->Int(0);
    w.pemda_id = pemda;
    w.url = (*stmt)->Text(1);
    w.events = StringsFromJson((*stmt)->Text(2));
    w.created_at = FromMicros((*stmt)->Int(3));
    out.push_back(std::move(w));
  }
  return out;
}

Result<Webhook> SqliteStore::WebhookTarget(int64_t id) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT pemda_id, url, secret, events, active, created_at FROM webhooks WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, id);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "webhook not found");
  Webhook w;
  w.id = id;
  w.pemda_id = (*stmt)->Int(0);
  w.url = (*stmt)->Text(1);
  w.secret = (*stmt)->Text(2);
  w.events = StringsFromJson((*stmt)->Text(3));
  w.active = (*stmt)->Int(4) != 0;
  w.created_at = FromMicros((*stmt)->Int(5));
  return w;
}

Status SqliteStore::DeleteWebhook(PemdaId pemda, int64_t id) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    // Kept as a row so that its id is never given to another subscriber.
    auto stmt = conn.Prepare(
        "UPDATE webhooks SET active = 0, secret = '' WHERE id = ? AND pemda_id = ? AND active = 1");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, id).Bind(2, pemda);
    if (auto s = (*stmt)->Run(); !s) return s;
    return ExpectChanged(conn, "webhook");
  });
}

}  // namespace sigap::store::sqlite
