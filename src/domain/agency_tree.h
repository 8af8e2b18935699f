#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.h"

namespace sigap::domain {

// The codes of the units under the agency `parent` (Agency::parent_code),
// theirs too: a Dinas's UPTD and Puskesmas, and their units in turn. Empty
// for an agency without units, a code no row names, or "". A cycle in bad
// rows (AgencyBook refuses one) ends the walk; `parent` is never listed.
std::vector<std::string> UnitsUnder(const std::vector<Agency>& agencies, std::string_view parent);

}  // namespace sigap::domain
