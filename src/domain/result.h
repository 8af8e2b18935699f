#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace sigap {

// The kinds of expected failure. Each maps to one HTTP status in
// src/api/errors.cc (a switch without default, so a new code must be mapped).
enum class ErrorCode {
  kInvalidArgument,     // the input is malformed or fails validation
  kNotFound,            // the named thing does not exist (or is not visible)
  kConflict,            // the request conflicts with the current state
  kFailedPrecondition,  // a precondition (If-Match, version) does not hold
  kPermissionDenied,    // authenticated but not allowed
  kUnauthenticated,     // no or bad credentials
  kUnavailable,         // a transient failure (disk, database busy); retry later
  kInternal,            // a bug or corrupted data
};

// One invalid input field, for problem+json `errors[]`.
struct FieldError {
  std::string field;    // JSON pointer-ish path, e.g. "location.lat"
  std::string code;     // stable machine code, e.g. "out_of_range"
  std::string message;  // English message for developers and logs
  // For "invalid_value" of a closed set: the values accepted, shown to the
  // client so that it need not look them up.
  std::vector<std::string> allowed = {};
  // `message` in Bahasa Indonesia, where the message is shown to users
  // (a policy rule's limits: "-60 sampai 60, bukan 0"); an answer in
  // Indonesian never shows the English one.
  std::string message_id = {};
};

struct Error {
  ErrorCode code;
  std::string message;                  // for logs and developers
  std::vector<FieldError> fields = {};  // which input was wrong
};

// Becomes std::expected<T, Error> when the project moves to C++23.
template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message,
                                  std::vector<FieldError> fields = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(fields)});
}

inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace sigap
