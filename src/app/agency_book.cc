#include "app/agency_book.h"

#include <algorithm>

#include "domain/text.h"

namespace sigap::app {
namespace {

bool ValidCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 32) return false;
  const auto ok = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  };
  const char first = code.front();
  if (!((first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9'))) return false;
  return std::all_of(code.begin(), code.end(), ok);
}

}  // namespace

const std::vector<std::string_view>& AgencyKinds() {
  static const std::vector<std::string_view> kinds = {
      "dinas", "badan", "kantor",    "sekretariat", "bagian",    "inspektorat", "satpol_pp",
      "bumd",  "rsud",  "puskesmas", "uptd",        "kecamatan", "kelurahan",   "lainnya"};
  return kinds;
}

Status AgencyBook::Validate(domain::PemdaId pemda, const domain::Agency& a) const {
  std::vector<FieldError> errors;
  if (a.code.empty()) {
    errors.push_back({"code", "required", ""});
  } else if (!ValidCode(a.code)) {
    errors.push_back({"code", "invalid_format",
                      "2-32 of A-Z, 0-9, '-', '_' and '.', e.g. DPUPR or KEC-3372010"});
  }
  const size_t name_length = domain::CodePointCount(a.name);
  if (domain::Trim(a.name).empty()) {
    errors.push_back({"name", "required", ""});
  } else if (name_length < 3) {
    errors.push_back({"name", "too_short", "at least 3 characters"});
  } else if (name_length > 200) {
    errors.push_back({"name", "too_long", "at most 200 characters"});
  } else if (domain::HasControlCharacters(a.name, false)) {
    errors.push_back({"name", "control_characters", ""});
  }
  const auto& kinds = AgencyKinds();
  if (a.kind.empty()) {
    errors.push_back({"kind", "required", ""});
  } else if (std::find(kinds.begin(), kinds.end(), a.kind) == kinds.end()) {
    std::string known;
    for (auto k : kinds) known += (known.empty() ? "" : ", ") + std::string(k);
    errors.push_back({"kind", "invalid_value", known});
  }
  if (!a.region_code.empty()) {
    auto region = store_.FindRegion(pemda, a.region_code);
    if (!region) {
      if (region.error().code != ErrorCode::kNotFound) return Fail(region.error());
      errors.push_back({"region_code", "unknown", "a region of the Pemda (sigap import regions)"});
    }
  }
  if (!a.parent_code.empty()) {
    if (a.parent_code == a.code) {
      errors.push_back({"parent_code", "cycle", "an agency cannot be its own unit"});
    } else {
      // Walk up from the parent: the agency must not be among its ancestors.
      std::string at = a.parent_code;
      for (int depth = 0; !at.empty() && depth < 32; ++depth) {
        auto parent = store_.FindAgency(pemda, at);
        if (!parent) {
          if (parent.error().code != ErrorCode::kNotFound) return Fail(parent.error());
          if (at == a.parent_code) errors.push_back({"parent_code", "unknown", ""});
          break;
        }
        if (parent->parent_code == a.code) {
          errors.push_back({"parent_code", "cycle", "one of this agency's own units"});
          break;
        }
        at = parent->parent_code;
      }
    }
  }
  if (!errors.empty())
    return Fail(ErrorCode::kInvalidArgument, "invalid agency", std::move(errors));
  return {};
}

Result<domain::Agency> AgencyBook::Create(domain::PemdaId pemda, domain::Agency agency) const {
  agency.code = domain::Trim(agency.code);
  agency.name = domain::Trim(agency.name);
  if (auto s = Validate(pemda, agency); !s) return Fail(s.error());
  auto existing = store_.FindAgency(pemda, agency.code);
  if (existing) {
    return Fail(ErrorCode::kConflict, "an agency with this code exists",
                {{"code", "taken", "already the code of " + existing->name}});
  }
  if (existing.error().code != ErrorCode::kNotFound) return Fail(existing.error());
  if (auto s = store_.CreateAgency(pemda, agency); !s) return Fail(s.error());
  return agency;
}

Result<domain::Agency> AgencyBook::Update(domain::PemdaId pemda, std::string_view code,
                                          const AgencyChange& change) const {
  auto agency = store_.FindAgency(pemda, code);
  if (!agency) return Fail(agency.error());
  if (change.name) agency->name = domain::Trim(*change.name);
  if (change.kind) agency->kind = *change.kind;
  if (change.region_code) agency->region_code = *change.region_code;
  if (change.parent_code) agency->parent_code = *change.parent_code;
  if (auto s = Validate(pemda, *agency); !s) return Fail(s.error());
  if (auto s = store_.SaveAgency(pemda, *agency); !s) return Fail(s.error());
  return *agency;
}

}  // namespace sigap::app
