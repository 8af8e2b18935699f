#include "cli/officer_labels.h"

namespace sigap::cli {

app::OfficerNames OfficerNamesOf(std::vector<domain::User> users) {
  app::OfficerNames names;
  for (auto& u : users) {
    if (!u.full_name.empty()) names.emplace(std::move(u.username), std::move(u.full_name));
  }
  return names;
}

std::string ActorLabel(const app::OfficerNames& names, std::string_view actor) {
  if (const auto* name = app::OfficerFullName(names, actor)) {
    return *name + " (" + std::string(*domain::ActorUsername(actor)) + ")";
  }
  return std::string(actor);
}

}  // namespace sigap::cli
