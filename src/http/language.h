#pragma once

#include <string_view>

namespace sigap::http {

// Sigap answers in Bahasa Indonesia unless the client prefers English:
// returns true when the Accept-Language header ranks English (en, en-*)
// above Indonesian (id, in), by q-value and then by order.
bool PrefersEnglish(std::string_view accept_language);

}  // namespace sigap::http
