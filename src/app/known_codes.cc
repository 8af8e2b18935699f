#include "app/known_codes.h"

namespace sigap::app {

Result<std::vector<FieldError>> UnknownCodes(store::Store& store, domain::PemdaId pemda,
                                             const CodeFilter& agency, const CodeFilter& service) {
  std::vector<FieldError> errors;
  if (!agency.code.empty()) {
    if (auto found = store.FindAgency(pemda, agency.code); !found) {
      if (found.error().code != ErrorCode::kNotFound) return Fail(found.error());
      errors.push_back({agency.field, "unknown", "no agency with this code"});
    }
  }
  if (!service.code.empty()) {
    if (auto found = store.FindService(pemda, service.code); !found) {
      if (found.error().code != ErrorCode::kNotFound) return Fail(found.error());
      errors.push_back({service.field, "unknown", "no service with this code"});
    }
  }
  return errors;
}

}  // namespace sigap::app
