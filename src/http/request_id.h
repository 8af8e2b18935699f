#pragma once

#include <string>
#include <string_view>

namespace sigap::http {

// Request ids tie a response, its access-log line and any error log
// together. Thread-safe free functions.

// Returns true if `id` may be echoed back and logged: 1 to 64 characters of
// [A-Za-z0-9_-]. Anything else from a client is replaced, never trusted.
bool IsValidRequestId(std::string_view id);

// Returns a new random id: 32 lower-case hex digits (128 bits from
// libsodium). Aborts the process only if libsodium cannot initialise, which
// means the system has no usable randomness.
std::string NewRequestId();

}  // namespace sigap::http
