#pragma once

// Policy rules as rows.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

template <class Stmt>
StoredPolicyRule ReadRule(const Stmt& s) {
  StoredPolicyRule r;
  r.id = s.Int(0);
  r.pemda_id = s.Int(1);
  r.enabled = s.Int(2) != 0;
  r.updated_at = FromMicros(s.Int(3));
  r.current = {static_cast<int>(s.Int(4)), s.Text(5), s.Text(6), s.Text(7), s.Text(8),
               FromMicros(s.Int(9))};
  return r;
}

}  // namespace sigap::store::rows
