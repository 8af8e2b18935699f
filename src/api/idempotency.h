#pragma once

#include <string>
#include <string_view>

namespace sigap::api {

// Idempotency keys: 1–255 visible ASCII characters (UUIDs, ULIDs, ...).
bool ValidIdempotencyKey(std::string_view key);

// The hex SHA-256 of `bytes`: of a request's body, its fingerprint (a
// retry under the same key must carry the same request, else it is a
// conflict); of an attachment, its name in the store.
std::string Sha256Hex(std::string_view bytes);

}  // namespace sigap::api
