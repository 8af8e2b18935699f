#pragma once

#include <string_view>

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

// A problem response for errors found in the API layer itself.
http::Response ProblemResponse(const http::Request& request, int status, std::string_view slug,
                               std::vector<FieldError> fields = {});

// The request's language.
Lang RequestLang(const http::Request& request);

}  // namespace sigap::api
