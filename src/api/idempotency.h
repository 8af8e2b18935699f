#pragma once

#include <string>
#include <string_view>

namespace sigap::api {

// Idempotency keys: 1–255 visible ASCII characters (UUIDs, ULIDs, ...).
bool ValidIdempotencyKey(std::string_view key);

// The hex SHA-256 of a request's body: a retry under the same key must
// carry the same request, else it is a conflict.
std::string BodyFingerprint(std::string_view body);

}  // namespace sigap::api
