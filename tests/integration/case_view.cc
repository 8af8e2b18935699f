#include "integration/case_view.h"

#include <initializer_list>
#include <vector>

namespace sigap::integration {
namespace {

using nlohmann::json;
using Path = std::vector<std::string>;

// The first of `paths` that leads to a string in `root`, or nullptr.
const json* Find(const json& root, std::initializer_list<Path> paths) {
  for (const Path& path : paths) {
    const json* at = &root;
    for (const std::string& key : path) {
      if (!at->is_object() || !at->contains(key)) {
        at = nullptr;
        break;
      }
      at = &(*at)[key];
    }
    if (at != nullptr && at->is_string()) return at;
  }
  return nullptr;
}

std::string Expect(const json& view, std::string_view what, std::initializer_list<Path> paths,
                   const std::string& expected) {
  const json* got = Find(view, paths);
  if (got == nullptr) return std::string(what) + " is missing; ";
  if (got->get<std::string>() != expected) {
    return std::string(what) + " is " + got->dump() + ", sent " + json(expected).dump() + "; ";
  }
  return "";
}

std::string StringAt(const json& j, std::initializer_list<std::string> path) {
  const json* at = &j;
  for (const std::string& key : path) {
    if (!at->is_object() || !at->contains(key)) return "";
    at = &(*at)[key];
  }
  return at->is_string() ? at->get<std::string>() : "";
}

}  // namespace

std::string CompareCaseView(std::string_view body, std::string_view tracking_code,
                            const json& submitted) {
  const json view = json::parse(body, nullptr, false);
  if (!view.is_object())
    return "the body is not a JSON object: " + std::string(body.substr(0, 300));
  std::string problems;
  problems += Expect(view, "tracking_code", {{"tracking_code"}}, std::string(tracking_code));
  problems += Expect(view, "status", {{"status"}}, "received");
  problems += Expect(view, "kind", {{"kind"}}, StringAt(submitted, {"kind"}));
  problems += Expect(view, "title", {{"title"}}, StringAt(submitted, {"title"}));
  problems += Expect(view, "description", {{"description"}}, StringAt(submitted, {"description"}));
  const std::string service = StringAt(submitted, {"service_code"});
  if (!service.empty()) {
    problems += Expect(view, "service_code", {{"service_code"}, {"service", "code"}}, service);
  }
  const std::string region = StringAt(submitted, {"location", "region_code"});
  if (!region.empty()) {
    problems += Expect(view, "region_code",
                       {{"region_code"}, {"location", "region_code"}, {"region", "code"}}, region);
  }
  for (const char* field : {"name", "phone", "email"}) {
    const std::string personal = StringAt(submitted, {"reporter", field});
    if (!personal.empty() && body.find(personal) != std::string_view::npos) {
      problems += std::string("the public view shows the reporter's ") + field + "; ";
    }
  }
  return problems;
}

}  // namespace sigap::integration
