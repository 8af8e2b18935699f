#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace sigap::http {

// RFC 9457 problem details, the body of every error response.
//
// `type` is the relative URI "/problems/<slug>" (RFC 9457 §3.1.1 allows a
// relative reference; it resolves against the serving host, which can later
// publish a page for each slug). Slugs are stable, lower-case, hyphenated:
// "not-found", "validation", "payload-too-large". Clients switch on the slug,
// never on `title` or `detail`, which are for humans and may be translated.

inline constexpr std::string_view kProblemTypePrefix = "/problems/";
inline constexpr std::string_view kProblemContentType = "application/problem+json";

// One invalid input field, for `errors`: {"field", "message", "code"}.
struct FieldProblem {
  std::string field;                      // JSON pointer-ish path of the input: "location.lat"
  std::string code;                       // stable, machine-readable: "required", "too_long"
  std::string message;                    // human-readable, in the request's language
  std::vector<std::string> allowed = {};  // the accepted values of a closed set, if any
};

// All members of a problem document. Empty strings and an empty `errors` are
// left out of the JSON.
struct ProblemDetails {
  int status = 500;
  std::string type_slug;
  std::string title;
  std::string detail;
  std::vector<FieldProblem> errors = {};
  std::string instance = {};    // URI reference of this occurrence, if any
  std::string request_id = {};  // extension member "request_id"
};

// Returns "/problems/<slug>".
std::string ProblemTypeUri(std::string_view slug);

// Renders `problem` as a Response with that status and content type
// application/problem+json. Never throws on any string content (invalid
// UTF-8 is replaced, not rejected).
Response Problem(const ProblemDetails& problem);

// Shorthand for the common case without instance and request id.
Response Problem(int status, std::string type_slug, std::string title, std::string detail,
                 std::vector<FieldProblem> errors = {});

// As above, and adds the request's id as "request_id" so a citizen can quote
// it to the help desk.
Response Problem(const Request& request, int status, std::string type_slug, std::string title,
                 std::string detail, std::vector<FieldProblem> errors = {});

// Paths whose clients read errors in a format of their own (Open311's
// GeoReport v2): an error the server itself produces for a target under
// `prefix` (413, 431, ...) is written by `write`, with its message in the
// request's language.
struct ErrorWriter {
  std::string prefix;
  std::function<Response(const Request&, int status, const std::string& message)> write;
};

// For problems the server itself produces (malformed HTTP, unknown path,
// body too large, ...): answers with `title_en` and `detail_en` when the
// request prefers English, otherwise with the Indonesian text kept for
// `type_slug` (falling back to the English text for an unknown slug); under
// a prefix of `writers`, in that writer's format.
Response ServerProblem(const Request& request, int status, std::string type_slug,
                       std::string title_en, std::string detail_en,
                       std::span<const ErrorWriter> writers = {});

}  // namespace sigap::http
