// SqliteStore: regions and the service catalogue.
#include <map>

#include "store/catalogue_rows.h"
#include "store/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {

// Shared with the other backend (catalogue_rows.h).
using rows::AttributeFrom;
using rows::Collect;
using rows::kAttributeColumns;
using rows::kServiceSelect;
using rows::ReadAttributes;
using rows::ReadCurrentAttributes;
using rows::RegionFrom;
using rows::SameAttributes;
using rows::ServiceFrom;
using rows::WriteService;

Status SqliteStore::SaveRegions(PemdaId pemda, const std::vector<domain::Region>& regions) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    for (const auto& r : regions) {
      auto stmt = conn.Prepare(
          "INSERT INTO regions (pemda_id, code, name, level, parent_code, lat, lng, boundary) "
          "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(pemda_id, code) DO UPDATE SET "
          "name = excluded.name, level = excluded.level, parent_code = excluded.parent_code, "
          "lat = excluded.lat, lng = excluded.lng, boundary = excluded.boundary");
      if (!stmt) return Fail(stmt.error());
      (*stmt)->Bind(1, pemda).Bind(2, r.code).Bind(3, r.name).Bind(4, r.level);
      (*stmt)->Bind(5, r.parent_code);
      if (r.centroid) {
        (*stmt)->Bind(6, r.centroid->lat).Bind(7, r.centroid->lng);
      } else {
        (*stmt)->BindNull(6).BindNull(7);
      }
      (*stmt)->Bind(8, r.boundary_geojson);
      if (auto s = (*stmt)->Run(); !s) return s;
    }
    return {};
  });
}

Result<std::vector<domain::Region>> SqliteStore::ListRegions(PemdaId pemda,
                                                             std::string_view parent_code,
                                                             bool with_boundaries) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT code, name, level, parent_code, lat, lng, boundary, population FROM regions "
      "WHERE pemda_id = ? AND parent_code = ? ORDER BY code");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, parent_code);
  return Collect<domain::Region>(
      **stmt, [&](const Statement& s) { return RegionFrom(s, with_boundaries); });
}

Result<domain::Region> SqliteStore::FindRegion(PemdaId pemda, std::string_view code) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT code, name, level, parent_code, lat, lng, boundary, population FROM regions "
      "WHERE pemda_id = ? AND code = ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, code);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "region " + std::string(code) + " not found");
  auto region = RegionFrom(**stmt, true);
  (*stmt)->Reset();
  return region;
}

Status SqliteStore::SetRegionPopulation(
    PemdaId pemda, const std::vector<std::pair<std::string, int64_t>>& residents) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WritePopulation(conn, pemda, residents);
  });
}

Result<int> SqliteStore::SaveService(PemdaId pemda, const domain::Service& svc) {
  int version = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return WriteService(conn, pemda, svc, false, version);
  });
  NoteCatalogueChange();
  if (!status) return Fail(status.error());
  return version;
}

Status SqliteStore::CreateService(PemdaId pemda, const domain::Service& svc) {
  int version = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return WriteService(conn, pemda, svc, true, version);
  });
  NoteCatalogueChange();
  return status;
}

Result<std::vector<domain::Service>> SqliteStore::ListServices(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  static const std::string sql = kServiceSelect + "WHERE s.pemda_id = ? ORDER BY s.grp, s.name";
  auto stmt = (**reader)->Prepare(sql.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<domain::Service> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto svc = ServiceFrom(**stmt);
    if (!svc) return Fail(svc.error());
    out.push_back(std::move(*svc));
  }
  auto attributes = ReadCurrentAttributes(***reader, pemda);
  if (!attributes) return Fail(attributes.error());
  for (auto& svc : out) {
    if (auto it = attributes->find(svc.code); it != attributes->end()) {
      svc.standard.attributes = std::move(it->second);
    }
  }
  return out;
}

Result<domain::Service> SqliteStore::FindService(PemdaId pemda, std::string_view code) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::FindService(***reader, pemda, code, standards_);
}

Result<std::vector<domain::ServiceStandard>> SqliteStore::ListServiceStandards(
    PemdaId pemda, std::string_view code) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT st.version, st.effective_from, st.body, st.service_id FROM service_standards st "
      "JOIN services s ON s.id = st.service_id WHERE s.pemda_id = ? AND s.code = ? "
      "ORDER BY st.version");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, code);
  std::vector<domain::ServiceStandard> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto standard = StandardFromJson((*stmt)->Text(2));
    if (!standard) return Fail(standard.error());
    standard->version = static_cast<int>((*stmt)->Int(0));
    standard->effective_from = FromMicros((*stmt)->Int(1));
    auto attributes = ReadAttributes(***reader, (*stmt)->Int(3), standard->version);
    if (!attributes) return Fail(attributes.error());
    standard->attributes = std::move(*attributes);
    out.push_back(std::move(*standard));
  }
  if (out.empty()) return Fail(ErrorCode::kNotFound, "service " + std::string(code) + " not found");
  return out;
}

}  // namespace sigap::store::sqlite
