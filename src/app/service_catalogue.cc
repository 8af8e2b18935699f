#include "app/service_catalogue.h"

#include <set>

#include "domain/lifecycle.h"
#include "domain/text.h"

namespace sigap::app {
namespace {

constexpr size_t kNameMax = 200;
constexpr size_t kShortMax = 100;
constexpr size_t kTextMax = 4000;
constexpr size_t kListMax = 50;

// A required (or optional) single-line or multi-line text of at most `max`
// code points.
void CheckText(std::vector<FieldError>& errors, const std::string& field, const std::string& text,
               size_t max, bool required, bool multiline = true) {
  if (domain::Trim(text).empty()) {
    if (required) errors.push_back({field, "required", "required"});
    return;
  }
  if (!domain::IsValidUtf8(text)) {
    errors.push_back({field, "invalid_utf8", "not valid UTF-8"});
  } else if (domain::CodePointCount(text) > max) {
    errors.push_back({field, "too_long", "at most " + std::to_string(max) + " characters"});
  } else if (domain::HasControlCharacters(text, multiline)) {
    errors.push_back({field, "invalid_characters", "control characters"});
  }
}

void CheckList(std::vector<FieldError>& errors, const std::string& field,
               const std::vector<std::string>& items, size_t max_each, bool required) {
  if (items.empty()) {
    if (required) errors.push_back({field, "required", "at least one item"});
    return;
  }
  if (items.size() > kListMax) {
    errors.push_back({field, "too_many", "at most " + std::to_string(kListMax) + " items"});
    return;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    CheckText(errors, field + "[" + std::to_string(i) + "]", items[i], max_each, true);
  }
}

// Service and attribute codes: "PU-DRAINASE", "JUMLAH_LUBANG".
bool ValidCode(const std::string& code) {
  if (code.size() < 2 || code.size() > 40) return false;
  for (char ch : code) {
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    if (!ok) return false;
  }
  return (code.front() >= 'A' && code.front() <= 'Z');
}

void CheckAttributes(std::vector<FieldError>& errors, const std::string& prefix,
                     const std::vector<domain::ServiceAttribute>& attributes) {
  if (attributes.size() > kListMax) {
    errors.push_back({prefix + "attributes", "too_many", "at most 50 questions"});
    return;
  }
  std::set<std::string> codes;
  for (size_t i = 0; i < attributes.size(); ++i) {
    const auto& a = attributes[i];
    const std::string at = prefix + "attributes[" + std::to_string(i) + "].";
    if (!ValidCode(a.code)) {
      errors.push_back({at + "code", a.code.empty() ? "required" : "invalid_format",
                        "upper-case letters, digits, '-' or '_', 2 to 40"});
    } else if (!codes.insert(a.code).second) {
      errors.push_back({at + "code", "duplicate", "another question has this code"});
    }
    CheckText(errors, at + "description", a.description, kTextMax, true);
    CheckText(errors, at + "datatype_description", a.datatype_description, kNameMax, false);
    if (a.order < 0 || a.order > 1000) {
      errors.push_back({at + "order", "out_of_range", "0 to 1000"});
    }
    const bool list = a.datatype == domain::AttributeType::kSingleValueList ||
                      a.datatype == domain::AttributeType::kMultiValueList;
    if (list && a.values.empty()) {
      errors.push_back({at + "values", "required", "a list question needs its answers"});
    }
    if (!list && !a.values.empty()) {
      errors.push_back({at + "values", "not_allowed", "only list questions have answers"});
    }
    std::set<std::string> keys;
    for (size_t j = 0; j < a.values.size(); ++j) {
      const std::string v = at + "values[" + std::to_string(j) + "].";
      CheckText(errors, v + "key", a.values[j].key, kShortMax, true, false);
      CheckText(errors, v + "name", a.values[j].name, kNameMax, true, false);
      if (!a.values[j].key.empty() && !keys.insert(a.values[j].key).second) {
        errors.push_back({v + "key", "duplicate", "another answer has this key"});
      }
    }
  }
}

}  // namespace

std::vector<FieldError> ValidateStandard(const domain::ServiceStandard& s,
                                         const std::string& prefix, bool note_required) {
  std::vector<FieldError> errors;
  // The six published components (PermenPAN-RB 15/2014).
  CheckList(errors, prefix + "requirements", s.requirements, kTextMax, true);
  CheckList(errors, prefix + "procedure", s.procedure, kTextMax, true);
  // Perpres 76/2013: a complaint is settled within 60 days at most.
  if (s.completion_days < 1 || s.completion_days > domain::SlaPolicy::kMaxCompletionDays) {
    errors.push_back({prefix + "completion_days", "out_of_range", "1 to 60 working days"});
  }
  CheckText(errors, prefix + "cost", s.cost, kTextMax, true);
  CheckText(errors, prefix + "product", s.product, kTextMax, true);
  CheckText(errors, prefix + "complaint_channel", s.complaint_channel, kTextMax, true);
  // The eight components of service management.
  const std::string in = prefix + "internal.";
  CheckText(errors, in + "legal_basis", s.legal_basis, kTextMax, true);
  CheckText(errors, in + "facilities", s.facilities, kTextMax, true);
  CheckText(errors, in + "staff_competence", s.staff_competence, kTextMax, true);
  CheckText(errors, in + "internal_supervision", s.internal_supervision, kTextMax, true);
  CheckText(errors, in + "staffing", s.staffing, kTextMax, true);
  CheckText(errors, in + "guarantee", s.guarantee, kTextMax, true);
  CheckText(errors, in + "security_assurance", s.security_assurance, kTextMax, true);
  CheckText(errors, in + "performance_evaluation", s.performance_evaluation, kTextMax, true);
  CheckText(errors, prefix + "change_note", s.change_note, kNameMax * 5, note_required);
  CheckAttributes(errors, prefix, s.attributes);
  return errors;
}

Result<std::vector<FieldError>> ServiceCatalogue::CheckService(domain::PemdaId pemda,
                                                               const domain::Service& s) const {
  std::vector<FieldError> errors;
  CheckText(errors, "name", s.name, kNameMax, true, false);
  CheckText(errors, "group", s.group, kShortMax, true, false);
  CheckText(errors, "description", s.description, kTextMax, false);
  CheckList(errors, "keywords", s.keywords, kShortMax, false);
  if (s.kinds.empty()) errors.push_back({"kinds", "required", "at least one kind of case"});
  if (s.agency_code.empty()) {
    errors.push_back({"agency_code", "required", "the responsible agency"});
  } else if (auto agency = store_.FindAgency(pemda, s.agency_code); !agency) {
    if (agency.error().code != ErrorCode::kNotFound) return Fail(agency.error());
    errors.push_back({"agency_code", "unknown", "no agency of the Pemda has this code"});
  }
  return errors;
}

Result<domain::Service> ServiceCatalogue::Create(domain::PemdaId pemda, domain::Service service,
                                                 const std::string& actor) const {
  auto errors = CheckService(pemda, service);
  if (!errors) return Fail(errors.error());
  if (!ValidCode(service.code)) {
    errors->insert(errors->begin(),
                   {"code", service.code.empty() ? "required" : "invalid_format",
                    "upper-case letters, digits, '-' or '_', 2 to 40, starting with a letter"});
  }
  for (auto& e : ValidateStandard(service.standard, "standard.", false)) {
    errors->push_back(std::move(e));
  }
  if (!errors->empty()) return Fail(ErrorCode::kInvalidArgument, "invalid service", *errors);
  service.standard.effective_from = clock_.Now();
  service.standard.changed_by = actor;
  if (domain::Trim(service.standard.change_note).empty()) {
    service.standard.change_note = "Standar pelayanan pertama";
  }
  if (auto created = store_.CreateService(pemda, service); !created) return Fail(created.error());
  return store_.FindService(pemda, service.code);
}

Result<domain::ServiceStandard> ServiceCatalogue::PublishStandard(domain::PemdaId pemda,
                                                                  std::string_view code,
                                                                  domain::ServiceStandard standard,
                                                                  const std::string& actor) const {
  auto service = store_.FindService(pemda, code);
  if (!service) return Fail(service.error());
  auto errors = ValidateStandard(standard, "", true);
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, "invalid standard", errors);
  const int current = service->standard.version;
  standard.effective_from = clock_.Now();
  standard.changed_by = actor;
  service->standard = std::move(standard);
  auto version = store_.SaveService(pemda, *service);
  if (!version) return Fail(version.error());
  if (*version == current) {
    return Fail(ErrorCode::kInvalidArgument, "the standard is unchanged",
                {{"standard", "unchanged", "identical to the version in force"}});
  }
  auto history = store_.ListServiceStandards(pemda, code);
  if (!history) return Fail(history.error());
  for (auto& s : *history) {
    if (s.version == *version) return std::move(s);
  }
  return Fail(ErrorCode::kInternal, "the published version is missing");
}

Result<domain::Service> ServiceCatalogue::Update(domain::PemdaId pemda, std::string_view code,
                                                 const ServiceChange& change) const {
  auto service = store_.FindService(pemda, code);
  if (!service) return Fail(service.error());
  if (change.name) service->name = *change.name;
  if (change.group) service->group = *change.group;
  if (change.agency_code) service->agency_code = *change.agency_code;
  if (change.description) service->description = *change.description;
  if (change.keywords) service->keywords = *change.keywords;
  if (change.kinds) service->kinds = *change.kinds;
  if (change.active) service->active = *change.active;
  auto errors = CheckService(pemda, *service);
  if (!errors) return Fail(errors.error());
  if (!errors->empty()) return Fail(ErrorCode::kInvalidArgument, "invalid change", *errors);
  // The standard read back is the one in force: SaveService keeps its version.
  if (auto saved = store_.SaveService(pemda, *service); !saved) return Fail(saved.error());
  return store_.FindService(pemda, code);
}

}  // namespace sigap::app
