#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "domain/time.h"
#include "domain/tracking_code.h"
#include "store/store.h"

namespace sigap::app {

// Who supports a case: an e-mail address, a phone number or a device id
// (at least one). Personal data: never logged, never shown.
struct SupporterInput {
  std::string email;
  std::string phone;
  std::string device_id;
};

// The support (+1) use case (issue 5): a citizen backs an existing case
// instead of filing a duplicate. One supporter counts once: the key is a
// keyed BLAKE2b hash of the normalised e-mail (lower case), else phone
// (digits, 0… and +62… as 62…), else device id, so the store never holds
// the raw value as an identifier. A given e-mail is kept, apart, to tell
// the supporter what the reporter is told.
//
// Thread-safe.
class CaseSupport {
 public:
  // `store`, `codec` and `clock` must outlive the object. Fails when the
  // store cannot provide the hashing key.
  [[nodiscard]] static Result<std::unique_ptr<CaseSupport>> Create(
      store::Store& store, const domain::TrackingCodec& codec, const Clock& clock);

  // Adds the supporter to the case behind `code`. kInvalidArgument naming
  // email, phone or device_id (or "email" when none is given); kNotFound
  // for an unknown code or a confidential case; kConflict (field "status")
  // when the case is closed, rejected or merged. Supporting twice is not an
  // error: the outcome says added = false and the count is unchanged.
  [[nodiscard]] Result<store::SupportOutcome> Support(domain::PemdaId pemda, std::string_view code,
                                                      const SupporterInput& input) const;

  // The key of a supporter (exposed for tests): hex BLAKE2b-256.
  [[nodiscard]] Result<std::string> SupporterKey(const SupporterInput& input) const;

 private:
  CaseSupport(store::Store& store, const domain::TrackingCodec& codec, const Clock& clock,
              std::array<uint8_t, 32> key)
      : store_(store), codec_(codec), clock_(clock), key_(key) {}

  store::Store& store_;
  const domain::TrackingCodec& codec_;
  const Clock& clock_;
  std::array<uint8_t, 32> key_;
};

}  // namespace sigap::app
