#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sigap::http {

// Helpers for the request target (RFC 3986). Pure functions, thread-safe.

// The two halves of an origin-form target, "/a/b?x=1" -> {"/a/b", "x=1"}.
// Views into the argument. A fragment ("#...") is dropped.
struct TargetParts {
  std::string_view path;
  std::string_view query;
};
TargetParts SplitTarget(std::string_view target);

// Decodes %XX escapes. With `plus_is_space` (query strings, HTML forms) a '+'
// becomes ' '. Returns nullopt when a '%' is not followed by two hex digits;
// never throws on any input. The result may contain any byte, including NUL:
// callers that build file names or log lines must check it.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space = false);

// Parses "a=1&b=x+y&a=2&flag" into {a:1, a:2, b:"x y", flag:""}; empty pairs
// ("a=1&&b=2") are skipped. Returns nullopt if any name or value is not valid
// percent-encoding.
std::optional<std::multimap<std::string, std::string>> ParseQuery(std::string_view query);

}  // namespace sigap::http
