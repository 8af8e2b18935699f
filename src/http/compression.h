#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace sigap::http {

// Whether an Accept-Encoding header value lets the answer be gzip: "gzip"
// (or "x-gzip", or "*") listed with a weight above 0, and gzip not refused
// by name (RFC 9110 §12.5.3).
bool AcceptsGzip(std::string_view accept_encoding);

// `data` as one gzip member (RFC 1952), or nullopt if zlib fails.
std::optional<std::string> Gzip(std::string_view data, int level);

// Compresses `response` for a client whose Accept-Encoding is
// `accept_encoding` (nullopt: none sent): a text, JSON or XML body of at
// least 1 KiB and at most 8 MiB that is not encoded yet is sent gzipped
// when the client takes it and that makes it smaller. Such responses say
// `Vary: Accept-Encoding` either way, and an ETag of a gzipped body becomes
// weak (the bytes differ from the identity ones; If-None-Match compares
// weakly). The catalogue and category lists a citizen's phone loads first
// (about 100 KB each in the demo) travel as a sixth of that. An answer that
// sets a cookie (a sign-in, with its CSRF token) is never compressed, so its
// secrets cannot be guessed from its length (BREACH).
void CompressForClient(Response& response, std::optional<std::string_view> accept_encoding);

}  // namespace sigap::http
