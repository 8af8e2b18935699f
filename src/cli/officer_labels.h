#pragma once

#include <string>
#include <string_view>

#include "app/case_reader.h"

namespace sigap::cli {

// How the commands that list who changed what (`sigap rules history`,
// `sigap admin list-api-keys`) name an officer: by full name with the
// username, as the console reads the API's "*_name" fields.

// "Budi Santoso (budi)" for the actor "user:budi" of an officer with a
// full name; any other actor (the system, a rule, an API key, the person at
// a terminal, an officer without a full name) as it is stored.
[[nodiscard]] std::string ActorLabel(const app::OfficerNames& names, std::string_view actor);

}  // namespace sigap::cli
