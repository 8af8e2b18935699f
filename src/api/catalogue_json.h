#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/catalogue.h"
#include "domain/result.h"

namespace sigap::api {

// The JSON of the catalogue, shared by the public endpoints
// (v1_catalogue.cc) and the administrators' (v1_catalogue_admin.cc).

// A Standar Pelayanan: the six published components at the top, the eight
// of service management under "internal", the Open311 "attributes".
// With `with_author`, also changed_by and change_note.
nlohmann::json StandardJson(const domain::ServiceStandard& standard, bool with_author = false);

// A service with its current standard.
nlohmann::json ServiceJson(const domain::Service& service);

// Reads a standard in the shape StandardJson writes (changed_by is ignored,
// change_note read). Appends a FieldError per member of the wrong type,
// named by `path` ("" or "standard") and the member's path.
domain::ServiceStandard ReadStandard(const nlohmann::json& object, const std::string& path,
                                     std::vector<FieldError>& errors);

// Reads an array of strings; a missing or null member gives an empty list.
std::vector<std::string> ReadStrings(const nlohmann::json& object, const std::string& key,
                                     const std::string& path, std::vector<FieldError>& errors);

// Reads an array of case kinds ("complaint", ...).
std::vector<domain::CaseKind> ReadKinds(const nlohmann::json& object, const std::string& key,
                                        std::vector<FieldError>& errors);

// An agency (OPD) as GET /api/v1/agencies lists it.
nlohmann::json AgencyJson(const domain::Agency& agency);

}  // namespace sigap::api
