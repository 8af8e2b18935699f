#include "api/json_body.h"

#include <algorithm>
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

// Builds the body's value through nlohmann's SAX interface, refusing a
// member name given twice. RFC 8259 leaves such a name to the parser
// (nlohmann keeps the last); neither the client nor a gateway that checked
// the first value could know which one counted, so the body is refused,
// naming the member: "location.lat" for {"location":{"lat":1,"lat":2}}.
//
// Not json::parse with a callback: its DOM builder (3.11.2, Debian 12)
// looks through the whole enclosing array for a discarded element after
// every object, so an array of n objects cost n²/2 steps (20,000 objects
// in a rule's 740 kB body kept an event loop 10 s under ASan).
class DomBuilder {
 public:
  explicit DomBuilder(json& root) : root_(root) {}

  bool null() { return Added(nullptr); }
  bool boolean(bool v) { return Added(v); }
  bool number_integer(json::number_integer_t v) { return Added(v); }
  bool number_unsigned(json::number_unsigned_t v) { return Added(v); }
  bool number_float(json::number_float_t v, const json::string_t& /*text*/) { return Added(v); }
  bool string(json::string_t& v) { return Added(std::move(v)); }
  bool binary(json::binary_t& v) { return Added(json::binary(std::move(v))); }
  bool start_object(std::size_t /*elements*/) {
    open_.push_back(Add(json::object()));
    last_names_.emplace_back();
    return true;
  }
  bool key(json::string_t& name) {
    auto& members = open_.back()->get_ref<json::object_t&>();
    const auto [it, fresh] = members.try_emplace(name);
    if (!fresh && repeated_.empty()) {
      // The path of the object: the last name read in each enclosing one.
      for (size_t i = 0; i + 1 < last_names_.size(); ++i) {
        if (!last_names_[i].empty()) repeated_ += last_names_[i] + ".";
      }
      repeated_ += name;
    }
    last_names_.back() = std::move(name);
    member_ = &it->second;
    return true;
  }
  bool end_object() {
    open_.pop_back();
    last_names_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*elements*/) {
    open_.push_back(Add(json::array()));
    return true;
  }
  bool end_array() {
    open_.pop_back();
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const json::exception& /*error*/) {
    return false;
  }

  // The first repeated member's path, or "" when none.
  const std::string& repeated() const { return repeated_; }

 private:
  // Places `value` where the document is: the root, the next element of
  // the open array, or the member whose name was just read. Returns it.
  json* Add(json value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    if (json& parent = *open_.back(); parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();  // stays put until this element is closed
    }
    *member_ = std::move(value);
    return member_;
  }

  bool Added(json value) {
    Add(std::move(value));
    return true;
  }

  json& root_;
  std::vector<json*> open_;              // the arrays and objects not yet closed
  std::vector<std::string> last_names_;  // per open object, the last member's name
  json* member_ = nullptr;
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
  DomBuilder builder(out.value);
  if (!json::sax_parse(request.body, &builder)) {
    out.value = json(json::value_t::discarded);
    out.problem = ProblemResponse(request, 400, "malformed-json");
  } else if (!builder.repeated().empty()) {
    out.problem = ProblemResponse(request, 400, "malformed-json",
                                  {{builder.repeated(), "duplicate_key", ""}});
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
