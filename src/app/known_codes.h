#pragma once

// A filter naming an agency or a service the Pemda does not have is a
// mistake to name (422), not an empty answer: the listings, statistics,
// forecasts and the IKM check their filters here.
#include <string>
#include <vector>

#include "domain/result.h"
#include "store/store.h"

namespace sigap::app {

struct CodeFilter {
  std::string field;  // as the caller's input names it: "agency", "unit", "service"
  std::string code;   // "" when not filtered
};

// The fields of `agency` and `service` whose codes the Pemda does not have
// (code "unknown"); empty when both are known or absent. Fails only when
// the store does.
[[nodiscard]] Result<std::vector<FieldError>> UnknownCodes(store::Store& store,
                                                           domain::PemdaId pemda,
                                                           const CodeFilter& agency,
                                                           const CodeFilter& service);

}  // namespace sigap::app
