// Files attached to cases: bytes kept once per Pemda, by their SHA-256.
#include "store/postgres/postgres_store.h"

namespace sigap::store::postgres {

Status PostgresStore::SaveFile(PemdaId pemda, const StoredFile& file) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto insert = conn.Prepare(
        "INSERT INTO attachments (pemda_id, sha256, content_type, size_bytes, data, created_at, "
        "named) VALUES (?::bigint, ?::text, ?::text, ?::bigint, ?::bytea, ?::bigint, FALSE) "
        "ON CONFLICT (pemda_id, sha256) DO NOTHING");
    if (!insert) return Fail(insert.error());
    (*insert)->Bind(1, pemda).Bind(2, file.sha256).Bind(3, file.content_type);
    (*insert)->Bind(4, static_cast<int64_t>(file.data.size())).BindBlob(5, file.data);
    (*insert)->Bind(6, ToMicros(file.created_at));
    return (*insert)->Run();
  });
}

Result<StoredFile> PostgresStore::FindFile(PemdaId pemda, std::string_view sha256) {
  using T = StoredFile;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare(
        "SELECT content_type, data, created_at FROM attachments WHERE pemda_id = ? AND sha256 = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda).Bind(2, sha256);
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      (*stmt)->Reset();
      return Fail(ErrorCode::kNotFound, "no such file");
    }
    const auto& s = **stmt;
    StoredFile out{std::string(sha256), s.Text(0), s.Blob(1), FromMicros(s.Int(2))};
    (*stmt)->Reset();
    return out;
  });
}

Result<int64_t> PostgresStore::PurgeUnnamedFiles(Timestamp before) {
  int64_t purged = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto purge = conn.Prepare(
        "DELETE FROM attachments WHERE NOT named AND created_at < ?::bigint "
        "AND (pemda_id = ?::bigint OR ?::bigint = 0)");
    if (!purge) return Fail(purge.error());
    (*purge)->Bind(1, ToMicros(before)).Bind(2, served()).Bind(3, served());
    if (auto s = (*purge)->Run(); !s) return s;
    purged = (*purge)->Changes();
    return {};
  });
  if (!status) return Fail(status.error());
  return purged;
}

}  // namespace sigap::store::postgres
