#pragma once

#include <map>
#include <string>
#include <string_view>

#include "domain/user.h"

namespace sigap::api {

// Idempotency keys: 1–255 visible ASCII characters (UUIDs, ULIDs, ...).
bool ValidIdempotencyKey(std::string_view key);

// The key as the store keeps it. A signed-in caller's (an officer, another
// system's API key) is in a space of its own, so two systems that happen to
// choose the same key never get each other's case; citizens filing without
// signing in share one space.
std::string ScopedIdempotencyKey(const domain::Principal* caller, std::string_view key);

// The fingerprint of a form's parameters (Open311), wherever they came from
// (the query string or the body), in any order, without the credential
// (`api_key`): a retry that lists them in another order is the same
// request; one with another value in the query string is not.
std::string FormFingerprint(const std::multimap<std::string, std::string>& params);

}  // namespace sigap::api
