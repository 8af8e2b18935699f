#pragma once

// Attached files as rows, shared by both backends (see catalogue_rows.h).
#include "domain/case_event.h"
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

// Marks the files `event` attaches (its payload's "attachments") as named,
// in the event's transaction, so Store::PurgeUnnamedFiles keeps them.
template <class Conn>
Status NameFiles(Conn& conn, const domain::CaseEvent& event) {
  const auto hashes = PayloadFileHashes(event.payload_json);
  if (hashes.empty()) return {};
  auto update = conn.Prepare(
      "UPDATE attachments SET named = TRUE WHERE pemda_id = CAST(? AS BIGINT) "
      "AND sha256 = CAST(? AS TEXT) AND NOT named");
  if (!update) return Fail(update.error());
  for (const auto& sha256 : hashes) {
    (*update)->Bind(1, event.pemda_id).Bind(2, sha256);
    if (auto s = (*update)->Run(); !s) return s;
  }
  return {};
}

}  // namespace sigap::store::rows
