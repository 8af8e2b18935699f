#pragma once

// Officer accounts as rows.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

// The columns of both user queries, in this order.
template <class Stmt>
domain::User ReadUser(Stmt& stmt) {
  domain::User u;
  u.id = stmt.Int(0);
  u.pemda_id = stmt.Int(1);
  u.username = stmt.Text(2);
  u.password_hash = stmt.Text(3);
  u.role = domain::ParseRole(stmt.Text(4)).value_or(domain::Role::kAuditor);
  u.agency_code = stmt.Text(5);
  u.active = stmt.Int(6) != 0;
  u.email = stmt.Text(7);
  u.full_name = stmt.Text(8);
  return u;
}

// --- API keys (migration 0023) ---------------------------------------------

template <class Stmt>
ApiKey ReadApiKey(Stmt& stmt) {
  ApiKey k;
  k.principal.pemda_id = stmt.Int(0);
  k.principal.name = stmt.Text(1);
  k.principal.role = domain::ParseRole(stmt.Text(2)).value_or(domain::Role::kAuditor);
  k.principal.agency_code = stmt.Text(3);
  k.principal.is_api_key = true;
  k.hint = stmt.Text(4);
  k.created_at = FromMicros(stmt.Int(5));
  k.created_by = stmt.Text(6);
  if (!stmt.IsNull(7)) k.revoked_at = FromMicros(stmt.Int(7));
  k.revoked_by = stmt.Text(8);
  return k;
}

// Inside the writer's transaction: the name is checked and the key
// inserted in the same one, so two administrators cannot both take a name.
template <class Conn>
Status InsertApiKey(Conn& conn, const ApiKey& key) {
  auto taken = conn.Prepare("SELECT 1 FROM api_keys WHERE pemda_id = ? AND name = ?");
  if (!taken) return Fail(taken.error());
  (*taken)->Bind(1, key.principal.pemda_id).Bind(2, key.principal.name);
  auto row = (*taken)->Step();
  if (!row) return Fail(row.error());
  if (*row) {
    return Fail(ErrorCode::kConflict, "an API key named " + key.principal.name + " exists",
                {{"name", "taken", "an API key of this name exists (in use or revoked)"}});
  }
  auto stmt = conn.Prepare(
      "INSERT INTO api_keys (key_hash, pemda_id, name, role, agency_code, hint, created_at, "
      "created_by) VALUES (?,?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, key.secret_hash).Bind(2, key.principal.pemda_id).Bind(3, key.principal.name);
  (*stmt)->Bind(4, domain::ToString(key.principal.role)).Bind(5, key.principal.agency_code);
  (*stmt)->Bind(6, key.hint).Bind(7, ToMicros(key.created_at)).Bind(8, key.created_by);
  return (*stmt)->Run();
}

template <class Conn>
Result<std::vector<ApiKey>> ListApiKeys(Conn& conn, PemdaId pemda) {
  auto stmt = conn.Prepare(
      "SELECT pemda_id, name, role, agency_code, hint, created_at, created_by, revoked_at, "
      "revoked_by FROM api_keys WHERE pemda_id = ? ORDER BY name, created_at");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<ApiKey> keys;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    keys.push_back(ReadApiKey(**stmt));
  }
  return keys;
}

// Keys made before 0023 could share a name: revoking the name revokes them
// all.
template <class Conn>
Status RevokeApiKey(Conn& conn, PemdaId pemda, std::string_view name, std::string_view actor,
                    Timestamp at) {
  auto known = conn.Prepare("SELECT 1 FROM api_keys WHERE pemda_id = ? AND name = ?");
  if (!known) return Fail(known.error());
  (*known)->Bind(1, pemda).Bind(2, name);
  auto row = (*known)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "API key not found");
  auto stmt = conn.Prepare(
      "UPDATE api_keys SET revoked_at = ?, revoked_by = ? "
      "WHERE pemda_id = ? AND name = ? AND revoked_at IS NULL");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, ToMicros(at)).Bind(2, actor).Bind(3, pemda).Bind(4, name);
  return (*stmt)->Run();
}

}  // namespace sigap::store::rows
