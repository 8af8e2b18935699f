#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace sigap::api {

// User-facing languages: Bahasa Indonesia first, English available.
enum class Lang { kId, kEn };

// Picks the language from an Accept-Language header: English when the
// client prefers it over Indonesian, else Indonesian.
Lang PickLanguage(std::string_view accept_language);

// Problem titles and details, keyed by problem slug ("validation",
// "not-found", ...). Unknown slugs return the slug itself.
std::string_view ProblemTitle(std::string_view slug, Lang lang);
std::string_view ProblemDetail(std::string_view slug, Lang lang);

// The message for one invalid field, by its code ("required", "too_long",
// ...). Unknown codes fall back to a generic message.
std::string FieldMessage(std::string_view code, Lang lang);

// "field: message", and the accepted values when the error lists them:
// "kind: nilainya tidak dikenal; pilihan: complaint, request, ...".
std::string FieldProblemText(const FieldError& error, Lang lang);

}  // namespace sigap::api
