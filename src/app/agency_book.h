#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::app {

// The kinds of unit an agency (OPD) may be, as the demo and the console
// offer them: dinas, badan, kantor, sekretariat, bagian, inspektorat,
// satpol_pp, bumd, rsud, puskesmas, uptd, kecamatan, kelurahan, lainnya.
const std::vector<std::string_view>& AgencyKinds();

// What an administrator changes about an agency. Absent fields stay as
// they are; "" clears region_code or parent_code.
struct AgencyChange {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<std::string> region_code;
  std::optional<std::string> parent_code;
};

// A Pemda's agencies (OPD), the units cases are disposed to: a new Pemda
// registers its own (`sigap admin create-agency`, POST /api/v1/agencies,
// the console's Instansi page) before its services and officers, which
// name them.
//
// Thread-safe (the store is).
class AgencyBook {
 public:
  explicit AgencyBook(store::Store& store) : store_(store) {}

  // Registers `agency`. Errors: kInvalidArgument naming each bad field
  // (code: 2-32 of A-Z, 0-9, '-', '_' and '.', starting with a letter or
  // digit; name: 3-200 characters, no control characters; kind: one of
  // AgencyKinds(); region_code: a region of the Pemda; parent_code: one of
  // its agencies), kConflict naming `code` when the Pemda has an agency
  // with that code, the store's errors.
  [[nodiscard]] Result<domain::Agency> Create(domain::PemdaId pemda, domain::Agency agency) const;

  // Changes agency `code`. Errors: kNotFound for an unknown code,
  // kInvalidArgument as for Create (a parent that is the agency itself or
  // one of its own units is "parent_code" "cycle"), the store's errors.
  [[nodiscard]] Result<domain::Agency> Update(domain::PemdaId pemda, std::string_view code,
                                              const AgencyChange& change) const;

 private:
  [[nodiscard]] Status Validate(domain::PemdaId pemda, const domain::Agency& agency) const;

  store::Store& store_;
};

}  // namespace sigap::app
