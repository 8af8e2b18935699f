#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/context.h"
#include "app/case_reader.h"
#include "domain/user.h"
#include "http/message.h"

namespace sigap::api {

// Officers' screens name the officers behind what they list (who saved or
// enabled a policy rule, published a Standar Pelayanan, changed routing by
// text, created or revoked an API key, moved an alert) by their full names,
// as officers' timelines do (app::OfficerNames). Never the public's or a
// reporter's answers.

// The Pemda's officers' full names, or the problem response to send when
// the store fails. A handler that writes reads them before its write: a
// failure after it would answer 5xx for a change that was made (and, for a
// new API key, lose the key shown only once).
struct OfficerNamesOrProblem {
  app::OfficerNames names;
  std::optional<http::Response> problem;
};
OfficerNamesOrProblem ReadOfficerNames(ApiContext& context, const http::Request& request,
                                       domain::PemdaId pemda);

// Writes "<key>_name" beside the member `key` of `object` when that member
// is an actor ("user:NAME") of an officer with a full name ("created_by" →
// "created_by_name"); nothing otherwise, and the console shows the
// username then.
void AddOfficerName(nlohmann::json& object, const std::string& key, const app::OfficerNames& names);

}  // namespace sigap::api
