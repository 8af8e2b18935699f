#include "cli/officer_labels.h"

namespace sigap::cli {

std::string ActorLabel(const app::OfficerNames& names, std::string_view actor) {
  if (const auto* name = app::OfficerFullName(names, actor)) {
    return *name + " (" + std::string(*domain::ActorUsername(actor)) + ")";
  }
  return std::string(actor);
}

}  // namespace sigap::cli
