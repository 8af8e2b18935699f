// Text models trained from the Pemda's dispositions, and the dispositions
// themselves (issue 8).
#include "store/postgres/postgres_store.h"
#include "store/text_routing_rows.h"

namespace sigap::store::postgres {
namespace {

// The columns of the model queries, in this order; `data` last, when read.
TextModelRecord ReadModel(const Statement& s, bool with_data) {
  TextModelRecord m;
  m.id = s.Int(0);
  m.label = s.Text(1);
  m.version = s.Text(2);
  m.examples = s.Int(3);
  m.holdout_top1 = s.Real(4);
  m.active = s.Int(5) != 0;
  m.created_by = s.Text(6);
  m.created_at = FromMicros(s.Int(7));
  if (with_data) m.data = s.Blob(8);
  return m;
}

}  // namespace

Result<int64_t> PostgresStore::SaveTextModel(PemdaId pemda, const TextModelRecord& model,
                                             bool activate) {
  int64_t id = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    if (activate) {
      auto off = conn.Prepare(
          "UPDATE text_models SET active = FALSE WHERE pemda_id = ? AND label = ? AND active");
      if (!off) return Fail(off.error());
      (*off)->Bind(1, pemda).Bind(2, model.label);
      if (auto ran = (*off)->Run(); !ran) return ran;
    }
    auto insert = conn.Prepare(
        "INSERT INTO text_models (pemda_id, label, version, data, examples, holdout_top1, active, "
        "created_by, created_at) VALUES (?::bigint, ?::text, ?::text, ?::bytea, ?::bigint, "
        "?::double precision, ?::int <> 0, ?::text, ?::bigint) RETURNING id");
    if (!insert) return Fail(insert.error());
    (*insert)->Bind(1, pemda).Bind(2, model.label).Bind(3, model.version).BindBlob(4, model.data);
    (*insert)->Bind(5, model.examples).Bind(6, model.holdout_top1).Bind(7, activate ? 1 : 0);
    (*insert)->Bind(8, model.created_by).Bind(9, ToMicros(model.created_at));
    auto row = (*insert)->Step();
    if (!row) return Fail(row.error());
    id = (*insert)->Int(0);
    (*insert)->Reset();
    return {};
  });
  if (!status) return Fail(status.error());
  return id;
}

Result<TextModelRecord> PostgresStore::FindActiveTextModel(PemdaId pemda, std::string_view label,
                                                           bool with_data) {
  using T = TextModelRecord;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare(
        with_data ? "SELECT id, label, version, examples, holdout_top1, active::int, created_by, "
                    "created_at, data FROM text_models WHERE pemda_id = ? AND label = ? AND active"
                  : "SELECT id, label, version, examples, holdout_top1, active::int, created_by, "
                    "created_at FROM text_models WHERE pemda_id = ? AND label = ? AND active");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda).Bind(2, label);
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      (*stmt)->Reset();
      return Fail(ErrorCode::kNotFound, "no active text model");
    }
    auto out = ReadModel(**stmt, with_data);
    (*stmt)->Reset();
    return out;
  });
}

Result<std::vector<TextModelRecord>> PostgresStore::ListTextModels(PemdaId pemda,
                                                                   std::string_view label) {
  using T = std::vector<TextModelRecord>;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare(
        "SELECT id, label, version, examples, holdout_top1, active::int, created_by, created_at "
        "FROM text_models WHERE pemda_id = ? AND label = ? ORDER BY id DESC");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda).Bind(2, label);
    std::vector<TextModelRecord> out;
    while (true) {
      auto row = (*stmt)->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      out.push_back(ReadModel(**stmt, false));
    }
    (*stmt)->Reset();
    return out;
  });
}

Status PostgresStore::ActivateTextModel(PemdaId pemda, int64_t id) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto find = conn.Prepare("SELECT label FROM text_models WHERE pemda_id = ? AND id = ?");
    if (!find) return Fail(find.error());
    (*find)->Bind(1, pemda).Bind(2, id);
    auto row = (*find)->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      (*find)->Reset();
      return Fail(ErrorCode::kNotFound, "no text model with this id");
    }
    const std::string label = (*find)->Text(0);
    (*find)->Reset();
    auto off = conn.Prepare(
        "UPDATE text_models SET active = FALSE WHERE pemda_id = ? AND label = ? AND active");
    if (!off) return Fail(off.error());
    (*off)->Bind(1, pemda).Bind(2, label);
    if (auto ran = (*off)->Run(); !ran) return ran;
    auto on = conn.Prepare("UPDATE text_models SET active = TRUE WHERE pemda_id = ? AND id = ?");
    if (!on) return Fail(on.error());
    (*on)->Bind(1, pemda).Bind(2, id);
    return (*on)->Run();
  });
}

Result<std::vector<Disposition>> PostgresStore::ListDispositions(PemdaId pemda, int limit) {
  return Read<std::vector<Disposition>>([&](Connection& conn) {
    return rows::ReadTrainingCases(conn, rows::kDispositionsSql, pemda, limit);
  });
}

Result<std::vector<Disposition>> PostgresStore::ListCategorized(PemdaId pemda, int limit) {
  return Read<std::vector<Disposition>>([&](Connection& conn) {
    return rows::ReadTrainingCases(conn, rows::kCategorizedSql, pemda, limit);
  });
}

Result<std::vector<UnsuggestedCase>> PostgresStore::ListUnsuggestedCases(PemdaId pemda,
                                                                         CaseId after, CaseId upto,
                                                                         Timestamp filed_by,
                                                                         int limit) {
  return Read<std::vector<UnsuggestedCase>>([&](Connection& conn) {
    return rows::ReadUnsuggestedCases(conn, pemda, after, upto, filed_by, limit);
  });
}

Result<TextRoutingSettings> PostgresStore::LoadTextRoutingSettings(PemdaId pemda) {
  auto all = ListTextRoutingSettings(pemda, 1);
  if (!all) return Fail(all.error());
  return all->empty() ? TextRoutingSettings{} : all->front();
}

Result<std::vector<TextRoutingSettings>> PostgresStore::ListTextRoutingSettings(PemdaId pemda,
                                                                                int limit) {
  using T = std::vector<TextRoutingSettings>;
  return Read<T>([&](Connection& conn) -> Result<T> {
    return rows::ReadTextRoutingSettings(conn, pemda, limit);
  });
}

Result<int64_t> PostgresStore::SaveTextRoutingSettings(PemdaId pemda,
                                                       const TextRoutingSettings& settings) {
  int64_t id = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto written = rows::WriteTextRoutingSettings(conn, pemda, settings);
    if (!written) return Fail(written.error());
    id = *written;
    return {};
  });
  if (!status) return Fail(status.error());
  return id;
}

}  // namespace sigap::store::postgres
