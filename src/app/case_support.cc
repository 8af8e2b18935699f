#include "app/case_support.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "domain/ascii.h"
#include "domain/sha256.h"
#include "domain/text.h"

namespace sigap::app {
namespace {

// "0812-3456 789", "+62 812 3456 789" and "62812…" are one number.
std::string NormalisePhone(std::string_view phone) {
  std::string digits;
  for (char ch : phone) {
    if (ch >= '0' && ch <= '9') digits += ch;
  }
  if (digits.starts_with("0")) digits = "62" + digits.substr(1);
  return digits;
}

bool VisibleAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
}

}  // namespace

Result<std::unique_ptr<CaseSupport>> CaseSupport::Create(store::Store& store,
                                                         const domain::TrackingCodec& codec,
                                                         const Clock& clock) {
  auto secret = store.LoadOrCreateSecret("supporter_key", 32);
  if (!secret) return Fail(secret.error());
  std::array<uint8_t, 32> key;
  std::memcpy(key.data(), secret->data(), key.size());
  return std::unique_ptr<CaseSupport>(new CaseSupport(store, codec, clock, key));
}

Result<std::string> CaseSupport::SupporterKey(const SupporterInput& input) const {
  const std::string email = domain::AsciiLower(domain::Trim(input.email));
  const std::string phone = domain::Trim(input.phone);
  const std::string device = domain::Trim(input.device_id);
  std::vector<FieldError> errors;
  std::string identity;
  if (!email.empty()) {
    const auto at = email.find('@');
    if (email.size() > 254 || at == std::string::npos || at == 0 ||
        email.find('.', at) == std::string::npos || !VisibleAscii(email)) {
      errors.push_back({"email", "invalid_format", "an e-mail address"});
    }
    identity = "email:" + email;
  } else if (!phone.empty()) {
    const std::string digits = NormalisePhone(phone);
    if (digits.size() < 8 || digits.size() > 15 || phone.size() > 30) {
      errors.push_back({"phone", "invalid_format", "8 to 15 digits"});
    }
    identity = "phone:" + digits;
  } else if (!device.empty()) {
    if (device.size() > 200 || !VisibleAscii(device)) {
      errors.push_back({"device_id", "invalid_format", "1 to 200 visible ASCII characters"});
    }
    identity = "device:" + device;
  } else {
    errors.push_back({"email", "required", "an e-mail address, a phone number or a device_id"});
  }
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, "invalid supporter", errors);
  uint8_t digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const uint8_t*>(identity.data()),
                     identity.size(), key_.data(), key_.size());
  return domain::HexOf(digest, sizeof digest);
}

Result<store::SupportOutcome> CaseSupport::Support(domain::PemdaId pemda, std::string_view code,
                                                   const SupporterInput& input) const {
  auto key = SupporterKey(input);
  if (!key) return Fail(key.error());
  const auto decoded = codec_.Decode(code);
  if (!decoded) return Fail(ErrorCode::kNotFound, "no case with this tracking code");
  auto found = store_.FindCaseWithEvents(pemda, decoded->sequence, /*with_reporter=*/false);
  if (!found) return Fail(found.error());
  const domain::Case& c = found->c;
  // A confidential case is not public: nobody else can know it to support it.
  if (c.tracking_code != domain::TrackingCodec::Normalize(code) || c.submission.confidential) {
    return Fail(ErrorCode::kNotFound, "no case with this tracking code");
  }
  using S = domain::CaseStatus;
  if (c.status == S::kClosed || c.status == S::kRejected || c.status == S::kMerged) {
    return Fail(ErrorCode::kConflict, "the case is no longer open",
                {{"status", "not_open", "closed, rejected or merged cases take no support"}});
  }
  store::NewSupporter supporter;
  supporter.supporter_key = std::move(*key);
  supporter.email = domain::AsciiLower(domain::Trim(input.email));
  supporter.at = clock_.Now();
  return store_.AddSupporter(pemda, c.id, supporter);
}

}  // namespace sigap::app
