#include "api/officer_names.h"

#include "api/errors.h"

namespace sigap::api {

OfficerNamesOrProblem ReadOfficerNames(ApiContext& context, const http::Request& request,
                                       domain::PemdaId pemda) {
  OfficerNamesOrProblem out;
  auto names = context.reader.ReadOfficerNames(pemda);
  if (names) {
    out.names = std::move(*names);
  } else {
    out.problem = ErrorResponse(request, names.error());
  }
  return out;
}

void AddOfficerName(nlohmann::json& object, const std::string& key,
                    const app::OfficerNames& names) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return;
  if (const auto* name = app::OfficerFullName(names, it->get_ref<const std::string&>())) {
    object[key + "_name"] = *name;
  }
}

}  // namespace sigap::api
