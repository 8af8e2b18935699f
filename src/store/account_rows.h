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
  return u;
}

}  // namespace sigap::store::rows
