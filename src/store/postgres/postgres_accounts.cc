// PostgresStore: officer accounts, sessions and API keys.
#include "store/account_rows.h"
#include "store/postgres/postgres_store.h"

namespace sigap::store::postgres {

// Shared with the other backend (account_rows.h).
using rows::ReadUser;

Result<int64_t> PostgresStore::CreateUser(const domain::User& user) {
  int64_t id = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare(
        "INSERT INTO users (pemda_id, username, password_hash, role, agency_code, active, email, "
        "full_name) VALUES (?,?,?,?,?,?,?,?) RETURNING id");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, user.pemda_id).Bind(2, user.username).Bind(3, user.password_hash);
    (*stmt)->Bind(4, domain::ToString(user.role)).Bind(5, user.agency_code);
    (*stmt)->Bind(6, user.active ? 1 : 0).Bind(7, user.email).Bind(8, user.full_name);
    auto row = (*stmt)->Step();
    if (!row) {
      if (row.error().code == ErrorCode::kConflict) {
        return Fail(ErrorCode::kConflict, "user " + user.username + " already exists",
                    {{"username", "taken", "username already exists"}});
      }
      return Fail(row.error());
    }
    id = (*stmt)->Int(0);
    (*stmt)->Reset();
    return {};
  });
  if (!status) return Fail(status.error());
  return id;
}

Result<domain::User> PostgresStore::FindUser(PemdaId pemda, std::string_view username) {
  return Read<domain::User>([&](Connection& conn) -> Result<domain::User> {
    auto stmt = conn.Prepare(
        "SELECT id, pemda_id, username, password_hash, role, agency_code, active, email, "
        "full_name "
        "FROM users WHERE pemda_id = ? AND username = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda).Bind(2, username);
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "user not found");
    return ReadUser(**stmt);
  });
}

Result<std::vector<domain::User>> PostgresStore::ListUsers(PemdaId pemda) {
  using Users = std::vector<domain::User>;
  return Read<Users>([&](Connection& conn) -> Result<Users> {
    auto stmt = conn.Prepare(
        "SELECT id, pemda_id, username, password_hash, role, agency_code, active, email, "
        "full_name "
        "FROM users WHERE pemda_id = ? ORDER BY username");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda);
    Users users;
    for (;;) {
      auto row = (*stmt)->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      users.push_back(ReadUser(**stmt));
    }
    return users;
  });
}

Status PostgresStore::UpdateUser(const domain::User& user, bool end_sessions) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare(
        "UPDATE users SET role = ?, agency_code = ?, active = ?, email = ?, password_hash = ?, "
        "full_name = ? WHERE pemda_id = ? AND username = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, domain::ToString(user.role)).Bind(2, user.agency_code);
    (*stmt)->Bind(3, user.active ? 1 : 0).Bind(4, user.email).Bind(5, user.password_hash);
    (*stmt)->Bind(6, user.full_name).Bind(7, user.pemda_id).Bind(8, user.username);
    if (auto s = (*stmt)->Run(); !s) return s;
    if ((*stmt)->Changes() == 0) return Fail(ErrorCode::kNotFound, "user not found");
    if (!end_sessions) return {};
    auto sessions = conn.Prepare(
        "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE pemda_id = ? AND "
        "username = ?)");
    if (!sessions) return Fail(sessions.error());
    (*sessions)->Bind(1, user.pemda_id).Bind(2, user.username);
    return (*sessions)->Run();
  });
}

Status PostgresStore::SaveSession(const Credential& session) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    // Expired sessions are swept whenever a new one is written.
    auto sweep = conn.Prepare("DELETE FROM sessions WHERE expires_at < ?");
    if (!sweep) return Fail(sweep.error());
    (*sweep)->Bind(1, ToMicros(session.expires_at) - int64_t{30} * 24 * 3600 * 1000000);
    if (auto s = (*sweep)->Run(); !s) return s;
    auto stmt = conn.Prepare(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?,?,?,?)");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, session.secret_hash).Bind(2, session.user_id).Bind(3, session.csrf_token);
    (*stmt)->Bind(4, ToMicros(session.expires_at));
    return (*stmt)->Run();
  });
}

Result<Credential> PostgresStore::FindSession(std::string_view secret_hash, Timestamp now) {
  return Read<Credential>([&](Connection& conn) -> Result<Credential> {
    auto stmt = conn.Prepare(
        "SELECT s.user_id, s.csrf_token, s.expires_at, u.pemda_id, u.username, u.role, "
        "u.agency_code FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, secret_hash).Bind(2, ToMicros(now));
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "session not found or expired");
    Credential c;
    c.secret_hash = std::string(secret_hash);
    c.user_id = (*stmt)->Int(0);
    c.csrf_token = (*stmt)->Text(1);
    c.expires_at = FromMicros((*stmt)->Int(2));
    c.principal.user_id = c.user_id;
    c.principal.pemda_id = (*stmt)->Int(3);
    c.principal.name = (*stmt)->Text(4);
    c.principal.role = domain::ParseRole((*stmt)->Text(5)).value_or(domain::Role::kAuditor);
    c.principal.agency_code = (*stmt)->Text(6);
    return c;
  });
}

Status PostgresStore::DeleteSession(std::string_view secret_hash) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare("DELETE FROM sessions WHERE token_hash = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, secret_hash);
    return (*stmt)->Run();
  });
}

Status PostgresStore::SaveApiKey(const ApiKey& key) {
  return writer_->Run(
      [&](Connection& conn, ChainState&) -> Status { return rows::InsertApiKey(conn, key); });
}

Result<Credential> PostgresStore::FindApiKey(std::string_view secret_hash) {
  return Read<Credential>([&](Connection& conn) -> Result<Credential> {
    auto stmt = conn.Prepare(
        "SELECT pemda_id, name, role, agency_code FROM api_keys WHERE key_hash = ? "
        "AND revoked_at IS NULL");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, secret_hash);
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "API key not found");
    Credential c;
    c.secret_hash = std::string(secret_hash);
    c.principal.pemda_id = (*stmt)->Int(0);
    c.principal.name = (*stmt)->Text(1);
    c.principal.role = domain::ParseRole((*stmt)->Text(2)).value_or(domain::Role::kAuditor);
    c.principal.agency_code = (*stmt)->Text(3);
    c.principal.is_api_key = true;
    return c;
  });
}

Result<std::vector<ApiKey>> PostgresStore::ListApiKeys(PemdaId pemda) {
  using Keys = std::vector<ApiKey>;
  return Read<Keys>(
      [&](Connection& conn) -> Result<Keys> { return rows::ListApiKeys(conn, pemda); });
}

Status PostgresStore::RevokeApiKey(PemdaId pemda, std::string_view name, std::string_view actor,
                                   Timestamp at) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::RevokeApiKey(conn, pemda, name, actor, at);
  });
}

}  // namespace sigap::store::postgres
