#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sigap::integration {

// Compares the body of GET /api/v1/cases/{code} with the submission that
// created the case: tracking code, kind, service, region, title and
// description must be those sent (verbatim), the status `received`, and the
// reporter's name, phone and e-mail must not appear anywhere in the public
// view. Returns "" when all holds, else what differs.
std::string CompareCaseView(std::string_view body, std::string_view tracking_code,
                            const nlohmann::json& submitted);

}  // namespace sigap::integration
