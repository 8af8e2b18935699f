#include "cli/demo_catalogue.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "app/category_book.h"
#include "app/data_file.h"
#include "cli/csv_reader.h"
#include "domain/text.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;
using app::InvalidFile;
using app::ReadJsonFile;
using nlohmann::json;

// A text field may be written as one string or as a list of lines.
std::string Text(const json& value) {
  if (!value.is_array()) return value.get<std::string>();
  std::string out;
  for (const json& line : value) {
    if (!out.empty()) out += '\n';
    out += line.get<std::string>();
  }
  return out;
}

std::vector<std::string> Strings(const json& value) {
  return value.get<std::vector<std::string>>();
}

Result<domain::ServiceStandard> ParseStandard(const fs::path& file, const std::string& code,
                                              const json& fields) {
  domain::ServiceStandard s;
  const auto effective = ParseRfc3339(fields.at("effective_from").get<std::string>());
  if (!effective) return InvalidFile(file, code + ": effective_from is not an RFC 3339 time");
  s.effective_from = *effective;
  s.requirements = Strings(fields.at("requirements"));
  s.procedure = Strings(fields.at("procedure"));
  s.completion_days = fields.at("completion_days").get<int>();
  s.cost = Text(fields.at("cost"));
  s.product = Text(fields.at("product"));
  s.complaint_channel = Text(fields.at("complaint_channel"));
  s.legal_basis = Text(fields.at("legal_basis"));
  s.facilities = Text(fields.at("facilities"));
  s.staff_competence = Text(fields.at("staff_competence"));
  s.internal_supervision = Text(fields.at("internal_supervision"));
  s.staffing = Text(fields.at("staffing"));
  s.guarantee = Text(fields.at("guarantee"));
  s.security_assurance = Text(fields.at("security_assurance"));
  s.performance_evaluation = Text(fields.at("performance_evaluation"));
  s.changed_by = fields.value("changed_by", "");
  s.change_note = fields.value("change_note", "");
  // The service's questions (Open311 attributes), optional.
  for (const json& item : fields.value("attributes", json::array())) {
    domain::ServiceAttribute a;
    a.code = item.at("code").get<std::string>();
    a.variable = item.value("variable", true);
    const auto type = domain::ParseAttributeType(item.at("datatype").get<std::string>());
    if (!type) {
      return InvalidFile(file, code + ": attribute " + a.code + " has an unknown datatype");
    }
    a.datatype = *type;
    a.required = item.value("required", false);
    a.datatype_description = item.value("datatype_description", "");
    a.personal = item.value("personal", false);
    a.order = item.at("order").get<int>();
    a.description = item.at("description").get<std::string>();
    for (const json& v : item.value("values", json::array())) {
      a.values.push_back({v.at("key").get<std::string>(), v.at("name").get<std::string>()});
    }
    const bool list = a.datatype == domain::AttributeType::kSingleValueList ||
                      a.datatype == domain::AttributeType::kMultiValueList;
    if (list != !a.values.empty()) {
      return InvalidFile(file, code + ": attribute " + a.code + " needs values exactly for lists");
    }
    s.attributes.push_back(std::move(a));
  }

  // UU 25/2009 art. 21 and PermenPAN-RB 15/2014: a standard has all 14
  // components; the demo publishes none half-written.
  const bool complete = !s.requirements.empty() && !s.procedure.empty() && s.completion_days > 0 &&
                        !s.cost.empty() && !s.product.empty() && !s.complaint_channel.empty() &&
                        !s.legal_basis.empty() && !s.facilities.empty() &&
                        !s.staff_competence.empty() && !s.internal_supervision.empty() &&
                        !s.staffing.empty() && !s.guarantee.empty() &&
                        !s.security_assurance.empty() && !s.performance_evaluation.empty();
  if (!complete) return InvalidFile(file, code + ": a Standar Pelayanan component is empty");
  return s;
}

Status ParseServices(const fs::path& file, const json& doc, DemoCatalogue& out) {
  std::set<std::string> agencies;
  for (const auto& a : out.agencies) agencies.insert(a.code);
  const json defaults = doc.value("standard_defaults", json::object());
  std::set<std::string> codes;
  for (const json& item : doc.at("services")) {
    domain::Service s;
    s.code = item.at("code").get<std::string>();
    s.name = item.at("name").get<std::string>();
    s.agency_code = item.at("agency_code").get<std::string>();
    s.group = item.at("group").get<std::string>();
    s.description = Text(item.at("description"));
    s.keywords = Strings(item.at("keywords"));
    for (const json& kind : item.at("kinds")) {
      const auto parsed = domain::ParseCaseKind(kind.get<std::string>());
      if (!parsed) return InvalidFile(file, s.code + ": unknown kind " + kind.dump());
      s.kinds.push_back(*parsed);
    }
    if (s.kinds.empty()) return InvalidFile(file, s.code + ": accepts no kind of case");
    if (!codes.insert(s.code).second) return InvalidFile(file, "service " + s.code + " twice");
    if (const auto category = item.value("category", std::string()); !category.empty()) {
      out.service_categories[s.code] = category;
    }
    if (!agencies.count(s.agency_code)) {
      return InvalidFile(file, s.code + ": unknown agency " + s.agency_code);
    }
    json fields = defaults;
    fields.update(item.at("standard"));
    auto standard = ParseStandard(file, s.code, fields);
    if (!standard) return Fail(standard.error());
    s.standard = std::move(*standard);
    out.services.push_back(std::move(s));
  }
  return {};
}

Status ParseAgencies(const fs::path& file, const json& doc, DemoCatalogue& out) {
  std::set<std::string> codes;
  for (const json& item : doc.at("agencies")) {
    domain::Agency a;
    a.code = item.at("code").get<std::string>();
    a.name = item.at("name").get<std::string>();
    a.kind = item.at("kind").get<std::string>();
    a.region_code = item.value("region_code", "");
    a.parent_code = item.value("parent_code", "");
    if (!codes.insert(a.code).second) return InvalidFile(file, "agency " + a.code + " twice");
    out.agencies.push_back(std::move(a));
  }
  for (const auto& a : out.agencies) {
    if (!a.parent_code.empty() && !codes.count(a.parent_code)) {
      return InvalidFile(file, a.code + ": unknown parent agency " + a.parent_code);
    }
  }
  return {};
}

Status ParseSettings(const fs::path& data_dir, const fs::path& file, const json& demo,
                     DemoSettings& s) {
  s.complaints_file = data_dir / demo.at("complaints_file").get<std::string>();
  s.keywords_file = data_dir / demo.at("keywords_file").get<std::string>();
  if (demo.contains("categories_file")) {
    s.categories_file = data_dir / demo.at("categories_file").get<std::string>();
  }
  s.growth = demo.at("growth").get<double>();
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (size_t i = 0; i < 7; ++i)
    s.weekday_weights[i] = demo.at("weekday_weights").at(kDays[i]).get<double>();
  const auto hours = demo.at("hour_weights").get<std::vector<double>>();
  if (hours.size() != 24) return InvalidFile(file, "hour_weights needs 24 numbers");
  std::copy(hours.begin(), hours.end(), s.hour_weights.begin());
  for (const json& rule : demo.value("seasonal", json::array())) {
    s.seasonal.push_back({Strings(rule.at("services")), rule.at("months").get<std::vector<int>>(),
                          rule.at("factor").get<double>()});
  }
  s.kecamatan_weights = demo.value("kecamatan_weights", std::map<std::string, double>{});
  for (const auto& [name, weight] : demo.at("channel_weights").items()) {
    const auto channel = domain::ParseChannel(name);
    if (!channel) return InvalidFile(file, "unknown channel " + name);
    s.channel_weights.emplace_back(*channel, weight.get<double>());
  }
  s.anonymous_share = demo.at("anonymous_share").get<double>();
  s.confidential_share = demo.at("confidential_share").get<double>();
  s.contact_share = demo.at("contact_share").get<double>();
  s.address_share = demo.at("address_share").get<double>();
  s.given_names = Strings(demo.at("reporter_names").at("given"));
  s.family_names = Strings(demo.at("reporter_names").at("family"));
  if (s.given_names.empty() || s.family_names.empty())
    return InvalidFile(file, "no reporter names");
  for (const json& user : demo.at("users")) {
    const auto role = domain::ParseRole(user.at("role").get<std::string>());
    if (!role) return InvalidFile(file, "unknown role " + user.at("role").dump());
    s.users.push_back({user.at("username").get<std::string>(), *role, user.value("agency_code", ""),
                       user.value("full_name", "")});
  }
  if (demo.contains("surge")) {
    const json& surge = demo.at("surge");
    DemoSurge& out = s.surge.emplace();
    out.service_code = surge.at("service").get<std::string>();
    out.kelurahan = Strings(surge.at("kelurahan"));
    out.days = surge.at("days").get<int>();
    out.cases = surge.at("cases").get<int>();
    out.words = Strings(surge.at("words"));
    const bool blank_word =
        std::any_of(out.words.begin(), out.words.end(),
                    [](const std::string& w) { return domain::Trim(w).empty(); });
    if (out.kelurahan.empty() || out.words.empty() || blank_word || out.days < 1 || out.cases < 0) {
      return InvalidFile(file,
                         "surge needs kelurahan, words (none blank), days >= 1 and cases >= 0");
    }
  }
  if (demo.contains("backlog")) {
    const json& backlog = demo.at("backlog");
    DemoBacklog& out = s.backlog.emplace();
    out.agency_code = backlog.at("agency").get<std::string>();
    out.days = backlog.at("days").get<int>();
    out.cases = backlog.at("cases").get<int>();
    out.resolved_share = backlog.at("resolved_share").get<double>();
    if (out.days < 1 || out.cases < 0 || !(out.resolved_share >= 0 && out.resolved_share <= 1)) {
      return InvalidFile(file, "backlog needs days >= 1, cases >= 0 and resolved_share in 0..1");
    }
  }
  return {};
}

Status LoadRegions(const fs::path& data_dir, const json& doc, DemoCatalogue& out) {
  const fs::path regions_file = data_dir / doc.at("regions_file").get<std::string>();
  auto table = ReadCsvTable(regions_file);
  if (!table) return Fail(table.error());
  const int kode = table->Column("kode"), nama = table->Column("nama"),
            level = table->Column("level");
  if (kode < 0 || nama < 0 || level < 0) return InvalidFile(regions_file, "needs kode,nama,level");
  const std::string& top = out.pemda.code;
  for (const CsvRecord& row : table->rows) {
    domain::Region r;
    r.code = row.fields[kode];
    r.name = row.fields[nama];
    const std::string& level_text = row.fields[level];
    r.level = level_text.size() == 1 ? level_text[0] - '0' : 0;
    const auto dots = std::count(r.code.begin(), r.code.end(), '.');
    const bool inside = r.code == top || r.code.rfind(top + ".", 0) == 0;
    if (r.level < 2 || r.level > 4 || r.level != dots + 1 || !inside) {
      return InvalidFile(regions_file,
                         "line " + std::to_string(row.line) + ": bad region " + r.code);
    }
    r.parent_code = r.code == top ? "" : domain::ParentRegionCode(r.code);
    out.regions.push_back(std::move(r));
  }

  std::map<std::string, domain::Region*> by_code;
  for (auto& r : out.regions) by_code[r.code] = &r;
  for (const json& name : doc.at("boundary_files")) {
    const fs::path file = data_dir / name.get<std::string>();
    auto geo = ReadJsonFile(file);
    if (!geo) return Fail(geo.error());
    for (const json& feature : geo->at("features")) {
      const json& properties = feature.at("properties");
      const std::string code = properties.at("kode").get<std::string>();
      const auto it = by_code.find(code);
      if (it == by_code.end()) return InvalidFile(file, "feature " + code + " is not a region");
      auto shape = GeoShape::FromGeoJson(feature.at("geometry"));
      if (!shape) return InvalidFile(file, code + ": " + shape.error().message);
      domain::Region& region = *it->second;
      region.boundary_geojson = feature.at("geometry").dump();
      if (properties.contains("lat") && properties.contains("lng") &&
          properties["lat"].is_number() && properties["lng"].is_number()) {
        region.centroid =
            domain::GeoPoint{properties["lat"].get<double>(), properties["lng"].get<double>()};
      } else {
        region.centroid = shape->Centroid();
      }
      out.shapes.emplace(code, std::move(*shape));
    }
  }

  // A region without a boundary of its own (the kota) gets the
  // area-weighted mean of its children's centroids, for centring maps.
  for (auto& r : out.regions) {
    if (r.centroid) continue;
    double area = 0, lat = 0, lng = 0;
    for (const auto& child : out.regions) {
      const auto shape = out.shapes.find(child.code);
      if (child.parent_code != r.code || shape == out.shapes.end() || !child.centroid) continue;
      const double a = std::abs(shape->second.Area());
      area += a;
      lat += a * child.centroid->lat;
      lng += a * child.centroid->lng;
    }
    if (area > 0) r.centroid = domain::GeoPoint{lat / area, lng / area};
  }
  return {};
}

}  // namespace

Result<DemoCatalogue> LoadDemoCatalogue(const fs::path& data_dir, const fs::path& pemda_file) {
  const fs::path file = data_dir / pemda_file;
  auto doc = ReadJsonFile(file);
  if (!doc) return Fail(doc.error());
  DemoCatalogue out;
  // nlohmann::json reports missing keys and wrong types by throwing; this
  // is the adapter that turns them into an Error naming the file.
  try {
    const json& pemda = doc->at("pemda");
    out.pemda.code = pemda.at("code").get<std::string>();
    out.pemda.name = pemda.at("name").get<std::string>();
    out.pemda.time_zone = pemda.at("time_zone").get<std::string>();
    if (auto s = ParseAgencies(file, *doc, out); !s) return Fail(s.error());
    if (auto s = ParseServices(file, *doc, out); !s) return Fail(s.error());
    if (auto s = ParseSettings(data_dir, file, doc->at("demo"), out.settings); !s) {
      return Fail(s.error());
    }
    if (auto s = LoadRegions(data_dir, *doc, out); !s) return Fail(s.error());
  } catch (const json::exception& e) {
    return InvalidFile(file, e.what());
  }

  std::set<std::string> region_codes;
  for (const auto& r : out.regions) region_codes.insert(r.code);
  if (!region_codes.count(out.pemda.code)) return InvalidFile(file, "no region " + out.pemda.code);
  for (const auto& a : out.agencies) {
    if (!a.region_code.empty() && !region_codes.count(a.region_code)) {
      return InvalidFile(file, a.code + ": unknown region " + a.region_code);
    }
  }
  if (const auto& surge = out.settings.surge) {
    const bool known_service =
        std::any_of(out.services.begin(), out.services.end(),
                    [&](const domain::Service& s) { return s.code == surge->service_code; });
    if (!known_service) return InvalidFile(file, "surge: unknown service " + surge->service_code);
    for (const auto& code : surge->kelurahan) {
      const bool kelurahan =
          std::any_of(out.regions.begin(), out.regions.end(),
                      [&](const domain::Region& r) { return r.code == code && r.level == 4; });
      if (!kelurahan) return InvalidFile(file, "surge: " + code + " is not a kelurahan");
    }
  }
  if (const auto& backlog = out.settings.backlog) {
    const bool known =
        std::any_of(out.agencies.begin(), out.agencies.end(),
                    [&](const domain::Agency& a) { return a.code == backlog->agency_code; });
    if (!known) return InvalidFile(file, "backlog: unknown agency " + backlog->agency_code);
    const bool has_service = std::any_of(
        out.services.begin(), out.services.end(),
        [&](const domain::Service& s) { return s.agency_code == backlog->agency_code; });
    if (!has_service && backlog->cases > 0) {
      return InvalidFile(file, "backlog: agency " + backlog->agency_code + " has no service");
    }
  }
  for (const auto& u : out.settings.users) {
    const bool known =
        std::any_of(out.agencies.begin(), out.agencies.end(),
                    [&](const domain::Agency& a) { return a.code == u.agency_code; });
    if (domain::RoleNeedsAgency(u.role) != !u.agency_code.empty() ||
        (!u.agency_code.empty() && !known)) {
      return InvalidFile(file, "user " + u.username + ": agency does not fit the role");
    }
  }
  if (!out.settings.categories_file.empty()) {
    auto categories = app::ReadCategoryFile(out.settings.categories_file);
    if (!categories) return Fail(categories.error());
    out.categories = std::move(*categories);
  }
  std::set<std::string> category_codes;
  for (const auto& c : out.categories) category_codes.insert(c.code);
  for (const auto& [service, category] : out.service_categories) {
    if (!category_codes.count(category)) {
      return InvalidFile(file, service + ": category " + category + " is not in the taxonomy");
    }
  }
  return out;
}

}  // namespace sigap::cli
