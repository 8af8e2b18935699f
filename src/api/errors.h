#pragma once

#include <chrono>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "api/i18n.h"
#include "domain/result.h"
#include "http/message.h"

namespace sigap::api {

// Maps an Error to its problem+json response: status by ErrorCode (one
// switch without default, so a new code must be mapped here), title and
// detail in the request's language, one entry per bad field. `slug`
// overrides the problem type chosen from the code. kInternal errors are
// logged with the request id; their message never reaches the client.
http::Response ErrorResponse(const http::Request& request, const Error& error,
                             std::string_view slug = {});

// As ErrorResponse, and each field's message ends with the error's own
// detail in parentheses, in the request's language (FieldError::message_id
// in Indonesian, ::message in English: "paling banyak 50 aksi", the days a
// complaint would reach, the values a name may take), for inputs whose
// limits the codes alone do not say (policy rules). A field without a
// detail in that language has none.
http::Response DetailedErrorResponse(const http::Request& request, const Error& error);

// 429 "rate-limited" with Retry-After: `wait` (a RateLimiter's answer).
http::Response RateLimited(const http::Request& request, std::chrono::seconds wait);

// A problem response for errors found in the API layer itself; with
// `with_detail`, each message ends with its field's own (as DetailedErrorResponse).
http::Response ProblemResponse(const http::Request& request, int status, std::string_view slug,
                               std::vector<FieldError> fields = {}, bool with_detail = false);

// As ProblemResponse, with a detail of the handler's own in the request's
// language instead of the slug's general one (a sign-in that failed, an
// alert's move the status does not allow).
http::Response ProblemWithDetail(const http::Request& request, int status, std::string_view slug,
                                 std::string_view detail_id, std::string_view detail_en,
                                 std::vector<FieldError> fields = {});

// The request's language.
Lang RequestLang(const http::Request& request);

// Adds to `errors` each query parameter of `request` that is not one of
// `known` ("unknown_parameter", with `known` as the accepted names) and
// each that is given more than once ("given_twice"): a filter misspelt
// ("agency_code=") or repeated would otherwise be ignored, and the answer
// would look like the one asked for.
void CheckQueryNames(const http::Request& request, std::initializer_list<std::string_view> known,
                     std::vector<FieldError>& errors);

// The `limit` of a listing: `fallback` when not given; a number from 1 to
// `max`, else an error in `errors` ("invalid_format" for what is not a
// whole number, "out_of_range" for one outside the range).
int QueryLimit(const http::Request& request, int fallback, int max,
               std::vector<FieldError>& errors);

}  // namespace sigap::api
