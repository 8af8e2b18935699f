#pragma once

// Regions, services, their standards and questions as rows.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

// Runs a statement and collects one value per row.
template <typename T, class Stmt, typename F>
Result<std::vector<T>> Collect(Stmt& stmt, F&& from_row) {
  std::vector<T> out;
  for (;;) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(from_row(stmt));
  }
}

template <class Stmt>
domain::Region RegionFrom(const Stmt& s, bool with_boundary) {
  domain::Region r;
  r.code = s.Text(0);
  r.name = s.Text(1);
  r.level = static_cast<int>(s.Int(2));
  r.parent_code = s.Text(3);
  if (!s.IsNull(4) && !s.IsNull(5)) r.centroid = domain::GeoPoint{s.Real(4), s.Real(5)};
  if (with_boundary) r.boundary_geojson = s.Text(6);
  if (!s.IsNull(7)) r.population = s.Int(7);
  return r;
}

// Sets the residents of the Pemda's regions; kNotFound naming the first code
// that is not one of its regions (the caller's transaction then writes
// nothing).
template <class Conn>
Status WritePopulation(Conn& conn, PemdaId pemda,
                       const std::vector<std::pair<std::string, int64_t>>& residents) {
  for (const auto& [code, population] : residents) {
    auto find = conn.Prepare(
        "SELECT 1 FROM regions WHERE pemda_id = CAST(? AS BIGINT) AND code = CAST(? AS TEXT)");
    if (!find) return Fail(find.error());
    (*find)->Bind(1, pemda).Bind(2, code);
    auto found = (*find)->Step();
    if (!found) return Fail(found.error());
    (*find)->Reset();
    if (!*found) {
      return Fail(ErrorCode::kNotFound, "region " + code + " is not one of the Pemda's",
                  {{"code", "unknown", code}});
    }
    auto stmt = conn.Prepare(
        "UPDATE regions SET population = CAST(? AS BIGINT) WHERE pemda_id = CAST(? AS BIGINT) "
        "AND code = CAST(? AS TEXT)");
    if (!stmt) return Fail(stmt.error());
    (*stmt)->Bind(1, population).Bind(2, pemda).Bind(3, code);
    if (auto ran = (*stmt)->Run(); !ran) return ran;
  }
  return {};
}

inline bool SameAttributes(const std::vector<domain::ServiceAttribute>& a,
                           const std::vector<domain::ServiceAttribute>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    if (x.code != y.code || x.variable != y.variable || x.datatype != y.datatype ||
        x.required != y.required || x.datatype_description != y.datatype_description ||
        x.order != y.order || x.description != y.description || x.personal != y.personal ||
        ChoicesToJson(x.values) != ChoicesToJson(y.values)) {
      return false;
    }
  }
  return true;
}

inline constexpr const char* kAttributeColumns =
    "a.code, a.variable, a.datatype, a.required, a.datatype_description, a.position, "
    "a.description, a.choices, a.personal";

// Reads one attribute from columns `first`.. of kAttributeColumns.
template <class Stmt>
domain::ServiceAttribute AttributeFrom(const Stmt& s, int first) {
  domain::ServiceAttribute a;
  a.code = s.Text(first);
  a.variable = s.Int(first + 1) != 0;
  a.datatype =
      domain::ParseAttributeType(s.Text(first + 2)).value_or(domain::AttributeType::kString);
  a.required = s.Int(first + 3) != 0;
  a.datatype_description = s.Text(first + 4);
  a.order = static_cast<int>(s.Int(first + 5));
  a.description = s.Text(first + 6);
  a.values = ChoicesFromJson(s.Text(first + 7));
  a.personal = s.Int(first + 8) != 0;
  return a;
}

// The attributes of version `version` of the service with row id `service_id`.
template <class Conn>
Result<std::vector<domain::ServiceAttribute>> ReadAttributes(Conn& conn, int64_t service_id,
                                                             int version) {
  static const std::string sql = std::string("SELECT ") + kAttributeColumns +
                                 " FROM service_attributes a WHERE a.service_id = ? AND "
                                 "a.version = ? ORDER BY a.position, a.code";
  auto stmt = conn.Prepare(sql.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, service_id).Bind(2, version);
  return Collect<domain::ServiceAttribute>(**stmt,
                                           [](const auto& st) { return AttributeFrom(st, 0); });
}

// The current attributes of a Pemda's services, by service code.
template <class Conn>
Result<std::map<std::string, std::vector<domain::ServiceAttribute>>> ReadCurrentAttributes(
    Conn& conn, PemdaId pemda) {
  static const std::string sql = std::string("SELECT s.code, ") + kAttributeColumns +
                                 " FROM service_attributes a JOIN services s ON s.id = "
                                 "a.service_id AND a.version = s.current_version "
                                 "WHERE s.pemda_id = ? ORDER BY s.code, a.position, a.code";
  auto stmt = conn.Prepare(sql.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::map<std::string, std::vector<domain::ServiceAttribute>> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out[(*stmt)->Text(0)].push_back(AttributeFrom(**stmt, 1));
  }
}

// Writes the service (insert or update) and, when its standard differs
// from the current one, a new standard version; sets `version` to the one
// now in force. With `create_only`, an existing code is kConflict.
// Store::CreateAgency inside the writer's transaction. Never overwrites: a
// code another node created a moment ago is found here, its INSERT
// committed or waited for.
template <class Conn>
Status InsertNewAgency(Conn& conn, PemdaId pemda, const domain::Agency& a) {
  auto stmt = conn.Prepare(
      "INSERT INTO agencies (pemda_id, code, name, kind, region_code, parent_code) "
      "VALUES (?,?,?,?,?,?) ON CONFLICT(pemda_id, code) DO NOTHING RETURNING code");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, a.code).Bind(3, a.name).Bind(4, a.kind);
  (*stmt)->Bind(5, a.region_code).Bind(6, a.parent_code);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  (*stmt)->Reset();
  if (!*row) {
    return Fail(ErrorCode::kConflict, "an agency with this code exists",
                {{"code", "taken", "an agency with this code exists"}});
  }
  return {};
}

template <class Conn>
Status WriteService(Conn& conn, PemdaId pemda, const domain::Service& svc, bool create_only,
                    int& version) {
  if (create_only) {
    auto exists = conn.Prepare("SELECT 1 FROM services WHERE pemda_id = ? AND code = ?");
    if (!exists) return Fail(exists.error());
    (*exists)->Bind(1, pemda).Bind(2, svc.code);
    auto row = (*exists)->Step();
    if (!row) return Fail(row.error());
    (*exists)->Reset();
    if (*row) {
      return Fail(ErrorCode::kConflict, "service " + svc.code + " exists",
                  {{"code", "duplicate", "a service with this code exists"}});
    }
  }
  // Creating never overwrites: on PostgreSQL another node may have created
  // the code since the check above, and its INSERT is committed or waited
  // for here, so nothing is returned and the second admin gets 409.
  auto upsert = conn.Prepare(
      create_only
          ? "INSERT INTO services (pemda_id, code, name, agency_code, grp, description, "
            "keywords, kinds, active) VALUES (?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(pemda_id, code) DO NOTHING RETURNING id, current_version"
          : "INSERT INTO services (pemda_id, code, name, agency_code, grp, description, "
            "keywords, kinds, active) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(pemda_id, code) "
            "DO UPDATE SET name = excluded.name, agency_code = excluded.agency_code, "
            "grp = excluded.grp, description = excluded.description, "
            "keywords = excluded.keywords, kinds = excluded.kinds, active = excluded.active "
            "RETURNING id, current_version");
  if (!upsert) return Fail(upsert.error());
  const std::string keywords = StringsToJson(svc.keywords);
  const std::string kinds = KindsToJson(svc.kinds);
  (*upsert)->Bind(1, pemda).Bind(2, svc.code).Bind(3, svc.name).Bind(4, svc.agency_code);
  (*upsert)->Bind(5, svc.group).Bind(6, svc.description).Bind(7, keywords).Bind(8, kinds);
  (*upsert)->Bind(9, svc.active ? 1 : 0);
  auto row = (*upsert)->Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    (*upsert)->Reset();
    return Fail(ErrorCode::kConflict, "service " + svc.code + " exists",
                {{"code", "duplicate", "a service with this code exists"}});
  }
  const int64_t service_id = (*upsert)->Int(0);
  version = static_cast<int>((*upsert)->Int(1));
  (*upsert)->Reset();

  if (version > 0) {
    auto current =
        conn.Prepare("SELECT body FROM service_standards WHERE service_id = ? AND version = ?");
    if (!current) return Fail(current.error());
    (*current)->Bind(1, service_id).Bind(2, version);
    auto found = (*current)->Step();
    if (!found) return Fail(found.error());
    if (*found) {
      auto existing = StandardFromJson((*current)->Text(0));
      (*current)->Reset();
      auto attributes = ReadAttributes(conn, service_id, version);
      if (!attributes) return Fail(attributes.error());
      if (existing && SameContent(*existing, svc.standard) &&
          SameAttributes(*attributes, svc.standard.attributes)) {
        return {};
      }
    }
  }
  ++version;
  auto insert = conn.Prepare(
      "INSERT INTO service_standards (service_id, version, effective_from, body) "
      "VALUES (?,?,?,?)");
  if (!insert) return Fail(insert.error());
  const std::string body = StandardToJson(svc.standard);
  (*insert)->Bind(1, service_id).Bind(2, version).Bind(3, ToMicros(svc.standard.effective_from));
  (*insert)->Bind(4, body);
  if (auto s = (*insert)->Run(); !s) return s;
  for (const auto& a : svc.standard.attributes) {
    auto attribute = conn.Prepare(
        "INSERT INTO service_attributes (service_id, version, code, variable, datatype, "
        "required, datatype_description, position, description, choices, personal) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    if (!attribute) return Fail(attribute.error());
    auto& st = **attribute;
    const std::string choices = ChoicesToJson(a.values);
    st.Bind(1, service_id).Bind(2, version).Bind(3, a.code).Bind(4, a.variable ? 1 : 0);
    st.Bind(5, domain::ToString(a.datatype)).Bind(6, a.required ? 1 : 0);
    st.Bind(7, a.datatype_description).Bind(8, a.order).Bind(9, a.description);
    st.Bind(10, choices).Bind(11, a.personal ? 1 : 0);
    if (auto s = st.Run(); !s) return s;
  }
  auto bump = conn.Prepare("UPDATE services SET current_version = ? WHERE id = ?");
  if (!bump) return Fail(bump.error());
  (*bump)->Bind(1, version).Bind(2, service_id);
  return (*bump)->Run();
}

// A service's own columns, without its standard (ServiceHeadFrom).
inline constexpr const char* kServiceHeadColumns =
    "s.code, s.name, s.agency_code, s.grp, s.description, s.keywords, s.kinds, s.active";

// Services with their current standards (ServiceFrom).
inline const std::string kServiceSelect =
    std::string("SELECT ") + kServiceHeadColumns +
    ", st.version, st.effective_from, st.body FROM services s "
    "LEFT JOIN service_standards st ON st.service_id = s.id AND st.version = s.current_version ";

// The service's own columns (kServiceHeadColumns, the first eight of a
// row), without its standard.
template <class Stmt>
domain::Service ServiceHeadFrom(const Stmt& s) {
  domain::Service svc;
  svc.code = s.Text(0);
  svc.name = s.Text(1);
  svc.agency_code = s.Text(2);
  svc.group = s.Text(3);
  svc.description = s.Text(4);
  svc.keywords = StringsFromJson(s.Text(5));
  svc.kinds = KindsFromJson(s.Text(6));
  svc.active = s.Int(7) != 0;
  return svc;
}

// The standard in columns `first` (version), first + 1 (effective_from)
// and first + 2 (body) of a row.
template <class Stmt>
Result<domain::ServiceStandard> StandardAt(const Stmt& s, int first) {
  auto standard = StandardFromJson(s.Text(first + 2));
  if (!standard) return Fail(standard.error());
  standard->version = static_cast<int>(s.Int(first));
  standard->effective_from = FromMicros(s.Int(first + 1));
  return standard;
}

template <class Stmt>
Result<domain::Service> ServiceFrom(const Stmt& s) {
  domain::Service svc = ServiceHeadFrom(s);
  if (!s.IsNull(10)) {  // a service without a standard keeps the empty one
    auto standard = StandardAt(s, 8);
    if (!standard) return Fail(standard.error());
    svc.standard = std::move(*standard);
  }
  return svc;
}

// The standards of services as read, by (service row, version). A version
// is written once and never changed (WriteService only inserts a new one,
// with its questions, in the transaction that points the service at it),
// so what was read stays true on every node without invalidation. Intake
// looks up the service of every case it files: parsing the standard's JSON
// and reading its questions each time took about a sixth of the server's
// CPU in the intake benchmark. Thread-safe; a few hundred entries at most
// in practice, and emptied if it ever reaches kMaxEntries.
class StandardCache {
 public:
  static constexpr size_t kMaxEntries = 4096;

  std::shared_ptr<const domain::ServiceStandard> Find(int64_t service_id, int version) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find({service_id, version});
    return it == entries_.end() ? nullptr : it->second;
  }

  void Put(int64_t service_id, int version,
           std::shared_ptr<const domain::ServiceStandard> standard) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[{service_id, version}] = std::move(standard);
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<int64_t, int>, std::shared_ptr<const domain::ServiceStandard>> entries_;
};

// One service of a Pemda with its current standard and questions, the
// standard from `cache` when this version was read before.
template <class Conn>
Result<domain::Service> FindService(Conn& conn, PemdaId pemda, std::string_view code,
                                    StandardCache& cache) {
  static const std::string sql = std::string("SELECT ") + kServiceHeadColumns +
                                 ", s.id, s.current_version FROM services s "
                                 "WHERE s.pemda_id = ? AND s.code = ?";
  auto stmt = conn.Prepare(sql.c_str());
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, code);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "service " + std::string(code) + " not found");
  domain::Service svc = ServiceHeadFrom(**stmt);
  const int64_t service_id = (*stmt)->Int(8);
  const int version = static_cast<int>((*stmt)->Int(9));
  (*stmt)->Reset();
  if (auto standard = cache.Find(service_id, version)) {
    svc.standard = *standard;
    return svc;
  }
  auto read = conn.Prepare(
      "SELECT version, effective_from, body FROM service_standards "
      "WHERE service_id = ? AND version = ?");
  if (!read) return Fail(read.error());
  (*read)->Bind(1, service_id).Bind(2, version);
  auto found = (*read)->Step();
  if (!found) return Fail(found.error());
  if (*found) {  // a service without a standard keeps the empty one
    auto standard = StandardAt(**read, 0);
    if (!standard) return Fail(standard.error());
    svc.standard = std::move(*standard);
  }
  (*read)->Reset();
  auto attributes = ReadAttributes(conn, service_id, version);
  if (!attributes) return Fail(attributes.error());
  svc.standard.attributes = std::move(*attributes);
  cache.Put(service_id, version, std::make_shared<const domain::ServiceStandard>(svc.standard));
  return svc;
}

}  // namespace sigap::store::rows
