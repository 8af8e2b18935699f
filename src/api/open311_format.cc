#include "api/open311_format.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "domain/text.h"

namespace sigap::api::open311 {
namespace {

using json = nlohmann::ordered_json;

// `text` as XML 1.0 character data may hold it: what is not UTF-8, the C0
// controls but tab, line feed and carriage return, and the noncharacters
// U+FFFE and U+FFFF become U+FFFD. One such character stored in a case
// (through any channel) must not make a whole feed unreadable to the XML
// clients, nor an error that quotes a client's bad input.
std::string XmlCharacters(std::string_view raw) {
  std::string text = domain::ValidUtf8(raw);
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += kReplacement;
    } else if (c == 0xEF && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xBF &&
               (static_cast<unsigned char>(text[i + 2]) == 0xBE ||
                static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
      out += kReplacement;  // U+FFFE, U+FFFF
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void WriteXml(pugi::xml_node node, const Value& value) {
  switch (value.kind) {
    case Value::Kind::kNull:
      return;
    case Value::Kind::kString:
    case Value::Kind::kNumber:
    case Value::Kind::kBool:
      node.append_child(pugi::node_pcdata).set_value(XmlCharacters(value.text).c_str());
      return;
    case Value::Kind::kObject:
      for (const auto& field : value.fields) {
        WriteXml(node.append_child(field.name.c_str()), field.value);
      }
      return;
    case Value::Kind::kList:
      for (const auto& item : value.items) {
        WriteXml(node.append_child(value.item_name.c_str()), item);
      }
      return;
  }
}

json ToJson(const Value& value) {
  switch (value.kind) {
    case Value::Kind::kNull:
      return nullptr;
    case Value::Kind::kString:
      return value.text;
    case Value::Kind::kNumber:
      return json::parse(value.text, nullptr, false, true);
    case Value::Kind::kBool:
      return value.text == "true";
    case Value::Kind::kObject: {
      json out = json::object();
      for (const auto& field : value.fields) out[field.name] = ToJson(field.value);
      return out;
    }
    case Value::Kind::kList: {
      json out = json::array();
      for (const auto& item : value.items) out.push_back(ToJson(item));
      return out;
    }
  }
  return nullptr;
}

}  // namespace

Value Value::Null() { return Value{}; }

Value Value::Object() { return Value{Kind::kObject, {}, {}, {}, {}}; }

Value Value::String(std::string s) { return Value{Kind::kString, std::move(s), {}, {}, {}}; }

Value Value::StringOrNull(std::string s) { return s.empty() ? Null() : String(std::move(s)); }

Value Value::Number(double n) {
  if (!std::isfinite(n)) return Null();
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.7f", n);  // ~1 cm for coordinates
  std::string text(buffer);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return Value{Kind::kNumber, std::move(text), {}, {}, {}};
}

Value Value::Integer(int64_t n) { return Value{Kind::kNumber, std::to_string(n), {}, {}, {}}; }

Value Value::Bool(bool b) { return Value{Kind::kBool, b ? "true" : "false", {}, {}, {}}; }

Value Value::List(std::string item_name) {
  return Value{Kind::kList, {}, {}, std::move(item_name), {}};
}

Value& Value::Add(std::string name, Value value) {
  fields.push_back(Field{std::move(name), std::move(value)});
  return *this;
}

Value& Value::Push(Value item) {
  items.push_back(std::move(item));
  return *this;
}

std::string Render(Format format, std::string_view root, const Value& value) {
  if (format == Format::kJson) {
    return ToJson(value).dump(-1, ' ', false, json::error_handler_t::replace);
  }
  pugi::xml_document doc;
  auto declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "utf-8";
  WriteXml(doc.append_child(std::string(root).c_str()), value);
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

std::string_view ContentType(Format format) {
  return format == Format::kXml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
}

http::Response Respond(Format format, int status, std::string_view root, const Value& value) {
  http::Response response;
  response.status = status;
  response.content_type = std::string(ContentType(format));
  response.body = Render(format, root, value);
  return response;
}

http::Response ErrorResponse(Format format, int status, const std::vector<std::string>& messages) {
  Value errors = Value::List("error");
  for (const auto& message : messages) {
    errors.Push(Value::Object()
                    .Add("code", Value::Integer(status))
                    .Add("description", Value::String(message)));
  }
  return Respond(format, status, "errors", errors);
}

}  // namespace sigap::api::open311
