#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/time.h"
#include "store/store.h"

namespace sigap::app {

// What an administrator changes about a service besides its standard.
// Absent fields stay as they are.
struct ServiceChange {
  std::optional<std::string> name;
  std::optional<std::string> group;
  std::optional<std::string> agency_code;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> keywords;
  std::optional<std::vector<domain::CaseKind>> kinds;
  std::optional<bool> active;  // false: retired (no longer offered to citizens)
};

// Returns one FieldError per problem of a Standar Pelayanan as an
// administrator publishes it, the field named by its path in the API's
// JSON (`prefix` + "completion_days", prefix + "internal.legal_basis",
// prefix + "attributes[0].code", ...): every one of the 14 components
// (UU 25/2009 art. 21) present, completion_days from 1 to 60 working days
// (Perpres 76/2013), well-formed Open311 attributes with unique codes, and
// a change note when `note_required`.
std::vector<FieldError> ValidateStandard(const domain::ServiceStandard& standard,
                                         const std::string& prefix, bool note_required);

// The administration of a Pemda's service catalogue: creating services,
// publishing new versions of their Standar Pelayanan (older versions stay:
// cases point at the version they were filed under) and changing their
// name, group, agency or whether they are offered.
//
// Thread-safe (the store is).
class ServiceCatalogue {
 public:
  // `store` and `clock` must outlive this object.
  ServiceCatalogue(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Creates `service` with its first standard (version 1, effective now,
  // published by `actor`). Errors: kInvalidArgument naming each bad field
  // (code, name, agency_code, kinds, standard.*), kConflict naming `code`
  // when the Pemda has a service with that code, the store's errors.
  [[nodiscard]] Result<domain::Service> Create(domain::PemdaId pemda, domain::Service service,
                                               const std::string& actor) const;

  // Publishes `standard` as the service's next version, effective now, by
  // `actor`. Errors: kNotFound for an unknown code, kInvalidArgument naming
  // each bad field (a standard identical to the current one is "standard"
  // "unchanged"), the store's errors.
  [[nodiscard]] Result<domain::ServiceStandard> PublishStandard(domain::PemdaId pemda,
                                                                std::string_view code,
                                                                domain::ServiceStandard standard,
                                                                const std::string& actor) const;

  // Applies `change`; the standard stays as it is. Errors: kNotFound,
  // kInvalidArgument naming each bad field, the store's errors.
  [[nodiscard]] Result<domain::Service> Update(domain::PemdaId pemda, std::string_view code,
                                               const ServiceChange& change) const;

 private:
  // The problems of the fields besides the standard (agency looked up).
  [[nodiscard]] Result<std::vector<FieldError>> CheckService(domain::PemdaId pemda,
                                                             const domain::Service& s) const;

  store::Store& store_;
  const Clock& clock_;
};

}  // namespace sigap::app
