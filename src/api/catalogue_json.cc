#include "api/catalogue_json.h"

#include "api/json_body.h"
#include "domain/time.h"

namespace sigap::api {
namespace {

using nlohmann::json;

std::string Path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// The service's questions (Open311 attributes), in the names of
// GET /open311/v2/services/{code}.json.
json AttributesJson(const std::vector<domain::ServiceAttribute>& attributes) {
  json out = json::array();
  for (const auto& a : attributes) {
    json values = json::array();
    for (const auto& v : a.values) values.push_back({{"key", v.key}, {"name", v.name}});
    out.push_back({{"code", a.code},
                   {"variable", a.variable},
                   {"datatype", domain::ToString(a.datatype)},
                   {"required", a.required},
                   {"datatype_description", a.datatype_description},
                   {"order", a.order},
                   {"description", a.description},
                   {"personal", a.personal},
                   {"values", std::move(values)}});
  }
  return out;
}

std::optional<int> ReadInt(const json& object, const std::string& key, const std::string& path,
                           std::vector<FieldError>& errors) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    errors.push_back({Path(path, key), "invalid_type", "must be an integer"});
    return std::nullopt;
  }
  const auto v = it->get<int64_t>();
  if (v < -1000000 || v > 1000000) {
    errors.push_back({Path(path, key), "out_of_range", "too large"});
    return std::nullopt;
  }
  return static_cast<int>(v);
}

std::vector<domain::ServiceAttribute> ReadAttributes(const json& object, const std::string& path,
                                                     std::vector<FieldError>& errors) {
  std::vector<domain::ServiceAttribute> out;
  const auto it = object.find("attributes");
  if (it == object.end() || it->is_null()) return out;
  const std::string field = Path(path, "attributes");
  if (!it->is_array()) {
    errors.push_back({field, "invalid_type", "must be an array"});
    return out;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& a = (*it)[i];
    const std::string at = field + "[" + std::to_string(i) + "]";
    if (!a.is_object()) {
      errors.push_back({at, "invalid_type", "must be an object"});
      continue;
    }
    domain::ServiceAttribute attr;
    attr.code = ReadString(a, "code", at, errors).value_or("");
    attr.variable = !a.contains("variable") || ReadBool(a, "variable", at, errors).value_or(true);
    attr.required = ReadBool(a, "required", at, errors).value_or(false);
    attr.personal = ReadBool(a, "personal", at, errors).value_or(false);
    attr.datatype_description = ReadString(a, "datatype_description", at, errors).value_or("");
    attr.description = ReadString(a, "description", at, errors).value_or("");
    attr.order = ReadInt(a, "order", at, errors).value_or(static_cast<int>(i) + 1);
    const std::string datatype = ReadString(a, "datatype", at, errors).value_or("string");
    if (auto type = domain::ParseAttributeType(datatype.empty() ? "string" : datatype)) {
      attr.datatype = *type;
    } else {
      errors.push_back({at + ".datatype", "invalid_value",
                        "string, number, datetime, text, singlevaluelist or multivaluelist"});
    }
    if (const auto values = a.find("values"); values != a.end() && !values->is_null()) {
      if (!values->is_array()) {
        errors.push_back({at + ".values", "invalid_type", "must be an array"});
      } else {
        for (size_t j = 0; j < values->size(); ++j) {
          const json& v = (*values)[j];
          const std::string vat = at + ".values[" + std::to_string(j) + "]";
          if (!v.is_object()) {
            errors.push_back({vat, "invalid_type", "must be an object"});
            continue;
          }
          attr.values.push_back({ReadString(v, "key", vat, errors).value_or(""),
                                 ReadString(v, "name", vat, errors).value_or("")});
        }
      }
    }
    out.push_back(std::move(attr));
  }
  return out;
}

}  // namespace

json StandardJson(const domain::ServiceStandard& s, bool with_author) {
  json out{{"version", s.version},
           {"attributes", AttributesJson(s.attributes)},
           {"effective_from", FormatRfc3339(s.effective_from)},
           // The six components published to citizens (PermenPAN-RB 15/2014).
           {"requirements", s.requirements},
           {"procedure", s.procedure},
           {"completion_days", s.completion_days},
           {"cost", s.cost},
           {"product", s.product},
           {"complaint_channel", s.complaint_channel},
           // The eight components of service management.
           {"internal",
            {{"legal_basis", s.legal_basis},
             {"facilities", s.facilities},
             {"staff_competence", s.staff_competence},
             {"internal_supervision", s.internal_supervision},
             {"staffing", s.staffing},
             {"guarantee", s.guarantee},
             {"security_assurance", s.security_assurance},
             {"performance_evaluation", s.performance_evaluation}}}};
  if (with_author) {
    out["changed_by"] = s.changed_by;
    out["change_note"] = s.change_note;
  }
  return out;
}

json ServiceJson(const domain::Service& svc) {
  json kinds = json::array();
  for (auto k : svc.kinds) kinds.push_back(domain::ToString(k));
  return json{{"code", svc.code},
              {"name", svc.name},
              {"agency_code", svc.agency_code},
              {"group", svc.group},
              {"description", svc.description},
              {"keywords", svc.keywords},
              {"kinds", std::move(kinds)},
              {"active", svc.active},
              {"standard", StandardJson(svc.standard)}};
}

std::vector<std::string> ReadStrings(const json& object, const std::string& key,
                                     const std::string& path, std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return out;
  if (!it->is_array()) {
    errors.push_back({Path(path, key), "invalid_type", "must be an array of strings"});
    return out;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      errors.push_back(
          {Path(path, key) + "[" + std::to_string(i) + "]", "invalid_type", "must be a string"});
      continue;
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

std::vector<domain::CaseKind> ReadKinds(const json& object, const std::string& key,
                                        std::vector<FieldError>& errors) {
  std::vector<domain::CaseKind> out;
  const auto names = ReadStrings(object, key, "", errors);
  for (size_t i = 0; i < names.size(); ++i) {
    auto kind = domain::ParseCaseKind(names[i]);
    if (!kind) {
      errors.push_back({key + "[" + std::to_string(i) + "]", "invalid_value",
                        "complaint, request, aspiration or information"});
    } else if (std::find(out.begin(), out.end(), *kind) == out.end()) {
      out.push_back(*kind);
    }
  }
  return out;
}

domain::ServiceStandard ReadStandard(const json& o, const std::string& path,
                                     std::vector<FieldError>& errors) {
  domain::ServiceStandard s;
  s.requirements = ReadStrings(o, "requirements", path, errors);
  s.procedure = ReadStrings(o, "procedure", path, errors);
  s.completion_days = ReadInt(o, "completion_days", path, errors).value_or(0);
  s.cost = ReadString(o, "cost", path, errors).value_or("");
  s.product = ReadString(o, "product", path, errors).value_or("");
  s.complaint_channel = ReadString(o, "complaint_channel", path, errors).value_or("");
  s.change_note = ReadString(o, "change_note", path, errors).value_or("");
  const std::string in = Path(path, "internal");
  static const json kEmpty = json::object();
  const json* internal = ReadObject(o, "internal", path, errors);
  const json& i = internal ? *internal : kEmpty;
  s.legal_basis = ReadString(i, "legal_basis", in, errors).value_or("");
  s.facilities = ReadString(i, "facilities", in, errors).value_or("");
  s.staff_competence = ReadString(i, "staff_competence", in, errors).value_or("");
  s.internal_supervision = ReadString(i, "internal_supervision", in, errors).value_or("");
  s.staffing = ReadString(i, "staffing", in, errors).value_or("");
  s.guarantee = ReadString(i, "guarantee", in, errors).value_or("");
  s.security_assurance = ReadString(i, "security_assurance", in, errors).value_or("");
  s.performance_evaluation = ReadString(i, "performance_evaluation", in, errors).value_or("");
  s.attributes = ReadAttributes(o, path, errors);
  // A misspelt component would be published empty without a word: named.
  static const std::vector<std::string> kInternal = {
      "legal_basis", "facilities",         "staff_competence",       "internal_supervision",
      "staffing",    "security_assurance", "performance_evaluation", "guarantee"};
  static const std::vector<std::string> kStandard = {
      "requirements", "procedure",         "completion_days", "cost",
      "product",      "complaint_channel", "internal",        "attributes",
      "change_note",  "version",           "effective_from",  "changed_by"};
  const auto unknown = [&](const json& object, const std::vector<std::string>& known,
                           const std::string& where) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        errors.push_back({Path(where, key), "unknown_field", ""});
      }
    }
  };
  if (internal) unknown(*internal, kInternal, in);
  if (!path.empty()) unknown(o, kStandard, path);  // at the top, the caller names them
  return s;
}

json AgencyJson(const domain::Agency& a) {
  return json{{"code", a.code},
              {"name", a.name},
              {"kind", a.kind},
              {"region_code", a.region_code},
              {"parent_code", a.parent_code}};
}

}  // namespace sigap::api
