#include "api/json_body.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "api/errors.h"

namespace sigap::api {
namespace {

using nlohmann::json;

// Deepest nesting of arrays/objects, ignoring brackets inside strings.
// Stops counting once past `limit`.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// RFC 8259 leaves a member name given twice to the parser (nlohmann keeps
// the last). Neither the client nor a gateway that checked the first value
// could know which one counted, so the body is refused instead, naming the
// member: "location.lat" for {"location":{"lat":1,"lat":2}}.
class RepeatedMemberWatch {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        objects_.emplace_back();
        break;
      case json::parse_event_t::key:
        if (!objects_.empty()) objects_.back().push_back(parsed.get_ref<const std::string&>());
        break;
      case json::parse_event_t::object_end:
        if (!objects_.empty()) {
          // Fewer members than names: one was given twice. Only then are
          // the names sorted to find it, so a body of many distinct names
          // costs a count, not a comparison of each with all before it.
          if (repeated_.empty() && parsed.is_object() && parsed.size() < objects_.back().size()) {
            Name(objects_.back());
          }
          objects_.pop_back();
        }
        break;
      default:
        break;
    }
    return true;
  }

  // The first repeated member's path, or "" when none.
  const std::string& repeated() const { return repeated_; }

 private:
  void Name(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    const auto twice = std::adjacent_find(names.begin(), names.end());
    if (twice == names.end()) return;
    // The path of the object: the last name of each enclosing object.
    for (size_t i = 0; i + 1 < objects_.size(); ++i) {
      if (!objects_[i].empty()) repeated_ += objects_[i].back() + ".";
    }
    repeated_ += *twice;
  }

  std::vector<std::vector<std::string>> objects_;  // member names so far, per open object
  std::string repeated_;
};

bool IsJsonContentType(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  std::string lower(type);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json" ||
         (lower.starts_with("application/") && lower.ends_with("+json"));
}

const json* Member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

}  // namespace

JsonBody ParseJsonBody(const http::Request& request, int max_depth) {
  JsonBody out;
  const auto type = request.Header("Content-Type");
  if (!type || !IsJsonContentType(*type)) {
    out.problem = ProblemResponse(request, 415, "unsupported-media-type");
    return out;
  }
  if (NestingDepth(request.body, max_depth) > max_depth) {
    out.problem = ProblemResponse(request, 400, "malformed-json", {{"body", "too_deep", ""}});
    return out;
  }
  RepeatedMemberWatch watch;
  out.value = json::parse(request.body, std::ref(watch), false);
  if (out.value.is_discarded()) {
    out.problem = ProblemResponse(request, 400, "malformed-json");
  } else if (!watch.repeated().empty()) {
    out.problem =
        ProblemResponse(request, 400, "malformed-json", {{watch.repeated(), "duplicate_key", ""}});
  } else if (!out.value.is_object()) {
    // Well-formed JSON, but not the object every body here is: invalid,
    // not malformed.
    out.problem = ProblemWithDetail(
        request, 422, "validation", "Isi permintaan harus berupa satu objek JSON ({…}).",
        "The request body must be one JSON object ({…}).", {{"body", "invalid_type", ""}});
  }
  return out;
}

std::optional<std::string> ReadString(const json& object, std::string_view key,
                                      const std::string& path, std::vector<FieldError>& errors) {
  const json* v = Member(object, key);
  if (!v) return std::string();
  if (!v->is_string()) {
    errors.push_back(
        {Path(path, key), "invalid_type", "must be a string", {}, "harus berupa teks"});
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<double> ReadNumber(const json& object, std::string_view key, const std::string& path,
                                 std::vector<FieldError>& errors) {
  const json* v = Member(object, key);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    errors.push_back(
        {Path(path, key), "invalid_type", "must be a number", {}, "harus berupa angka"});
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> ReadBool(const json& object, std::string_view key, const std::string& path,
                             std::vector<FieldError>& errors) {
  const json* v = Member(object, key);
  if (!v) return false;
  if (!v->is_boolean()) {
    errors.push_back(
        {Path(path, key), "invalid_type", "must be true or false", {}, "harus true atau false"});
    return std::nullopt;
  }
  return v->get<bool>();
}

const json* ReadObject(const json& object, std::string_view key, const std::string& path,
                       std::vector<FieldError>& errors) {
  const json* v = Member(object, key);
  if (!v) return nullptr;
  if (!v->is_object()) {
    errors.push_back(
        {Path(path, key), "invalid_type", "must be an object", {}, "harus berupa objek"});
    return nullptr;
  }
  return v;
}

bool Present(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && !it->is_null();
}

std::optional<domain::Role> ReadRole(const json& object, std::vector<FieldError>& errors) {
  if (!Present(object, "role")) return std::nullopt;
  auto text = ReadString(object, "role", "", errors);
  if (!text) return std::nullopt;
  auto role = domain::ParseRole(*text);
  if (!role) {
    errors.push_back({"role", "invalid_value",
                      "admin, verifier, agency_officer, agency_head, leader or auditor"});
  }
  return role;
}

void UnknownFields(const json& object, const std::vector<std::string>& known,
                   std::vector<FieldError>& errors) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      errors.push_back({key, "unknown_field", ""});
    }
  }
}

std::string MemberNames(const nlohmann::json& object) {
  std::string names;
  for (const auto& [key, value] : object.items()) names += (names.empty() ? "" : ", ") + key;
  return names;
}

http::Response NoStore(http::Response response) {
  response.With("Cache-Control", "no-store");
  return response;
}

std::optional<int64_t> ParseRowId(std::string_view text) {
  int64_t id = 0;
  if (text.empty() || text.size() > 18) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id > 0 ? std::optional(id) : std::nullopt;
}

http::Response JsonResponse(const json& value, int status) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = Dump(value);
  return r;
}

http::Response NoContentResponse() {
  http::Response response;
  response.status = 204;
  response.body.clear();
  return response;
}

}  // namespace sigap::api
