// PostgresStore: routing rules and supporters (migration 0005). Nearby cases
// are read in postgres_cases.cc, beside the other case queries.
#include <algorithm>

#include "store/codec.h"
#include "store/postgres/pg_writer.h"
#include "store/postgres/postgres_store.h"

namespace sigap::store::postgres {

Result<std::vector<RoutingRule>> PostgresStore::ListRoutingRules(PemdaId pemda,
                                                                 std::string_view service_code) {
  using Rules = std::vector<RoutingRule>;
  return Read<Rules>([&](Connection& conn) -> Result<Rules> {
    auto stmt = conn.Prepare(
        "SELECT id, service_code, region_code, agency_code, created_by, created_at "
        "FROM routing_rules WHERE pemda_id = ?1 AND (?2 = '' OR service_code = ?2) "
        "ORDER BY service_code, region_code");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda).Bind(2, service_code);
    std::vector<RoutingRule> out;
    for (;;) {
      auto row = (*stmt)->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      const auto& s = **stmt;
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), FromMicros(s.Int(5))});
    }
    (*stmt)->Reset();
    return out;
  });
}

Result<int64_t> PostgresStore::SaveRoutingRule(PemdaId pemda, const RoutingRule& rule) {
  int64_t id = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto upsert = conn.Prepare(
        "INSERT INTO routing_rules (pemda_id, service_code, region_code, agency_code, created_by, "
        "created_at) VALUES (?,?,?,?,?,?) ON CONFLICT (pemda_id, service_code, region_code) "
        "DO UPDATE SET agency_code = excluded.agency_code, created_by = excluded.created_by, "
        "created_at = excluded.created_at RETURNING id");
    if (!upsert) return Fail(upsert.error());
    (*upsert)->Bind(1, pemda).Bind(2, rule.service_code).Bind(3, rule.region_code);
    (*upsert)->Bind(4, rule.agency_code).Bind(5, rule.created_by);
    (*upsert)->Bind(6, ToMicros(rule.created_at));
    auto row = (*upsert)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kInternal, "routing rule upsert returned nothing");
    id = (*upsert)->Int(0);
    (*upsert)->Reset();
    return {};
  });
  NoteCatalogueChange();
  if (!status) return Fail(status.error());
  return id;
}

Status PostgresStore::DeleteRoutingRule(PemdaId pemda, int64_t id) {
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto stmt = conn.Prepare("DELETE FROM routing_rules WHERE pemda_id = ? AND id = ?");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, pemda).Bind(2, id);
    if (auto s = (*stmt)->Run(); !s) return s;
    if ((*stmt)->Changes() == 0) return Fail(ErrorCode::kNotFound, "no such routing rule");
    return {};
  });
  NoteCatalogueChange();
  return status;
}

Result<SupportOutcome> PostgresStore::AddSupporter(PemdaId pemda, CaseId id,
                                                   const NewSupporter& supporter) {
  SupportOutcome out;
  auto status = writer_->Run([&](Connection& conn, ChainState& chain) -> Status {
    out = SupportOutcome{};
    // The chain first, like every write that appends: nodes never wait for
    // each other in opposite orders.
    if (auto s = LockChain(conn, chain); !s) return s;
    auto insert = conn.Prepare(
        "INSERT INTO case_supporters (case_id, supporter_key, email, created_at) "
        "SELECT id, ?::text, ?::text, ?::bigint FROM cases WHERE id = ? AND pemda_id = ? "
        "ON CONFLICT (case_id, supporter_key) DO NOTHING");
    if (!insert) return Fail(insert.error());
    (*insert)->Bind(1, supporter.supporter_key).Bind(2, supporter.email);
    (*insert)->Bind(3, ToMicros(supporter.at)).Bind(4, id).Bind(5, pemda);
    if (auto s = (*insert)->Run(); !s) return s;
    out.added = (*insert)->Changes() > 0;
    if (out.added) {
      auto bump = conn.Prepare(
          "UPDATE cases SET supporters = supporters + 1, version = version + 1, updated_at = ? "
          "WHERE id = ? AND pemda_id = ?");
      if (!bump) return Fail(bump.error());
      (*bump)->Bind(1, ToMicros(supporter.at)).Bind(2, id).Bind(3, pemda);
      if (auto s = (*bump)->Run(); !s) return s;
    }
    auto read = conn.Prepare("SELECT supporters, version FROM cases WHERE id = ? AND pemda_id = ?");
    if (!read) return Fail(read.error());
    (*read)->Bind(1, id).Bind(2, pemda);
    auto row = (*read)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "case not found");
    out.supporters = (*read)->Int(0);
    out.version = (*read)->Int(1);
    (*read)->Reset();
    if (!out.added) return {};
    // On the audit chain and the public timeline; who supported is not said.
    domain::CaseEvent event;
    event.pemda_id = pemda;
    event.case_id = id;
    event.kind = "supported";
    event.actor = "citizen";
    event.at = supporter.at;
    event.payload_json = PayloadToJson({{"supporters", out.supporters}});
    event.is_public = true;
    return AppendEvent(conn, chain, event);
  });
  if (!status) return Fail(status.error());
  return out;
}

}  // namespace sigap::store::postgres
