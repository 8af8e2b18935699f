#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/time.h"
#include "http/message.h"

namespace sigap::api::open311 {

// The two formats of GeoReport v2, chosen by the resource's extension.
enum class Format { kXml, kJson };

// A value of an Open311 response, built once and written as XML or JSON
// (so the two formats cannot drift apart). Plain data.
//
// XML: an object is an element per field, a list an element `item_name`
// per item, null an empty element. JSON: objects, arrays, strings,
// numbers, booleans and null as such.
struct Field;

struct Value {
  enum class Kind { kNull, kString, kNumber, kBool, kObject, kList };
  Kind kind = Kind::kNull;
  std::string text;           // string; number as written ("106.8"); "true"/"false"
  std::vector<Field> fields;  // kObject, in order
  std::string item_name;      // kList: XML element of each item
  std::vector<Value> items;   // kList

  static Value Null();
  static Value String(std::string s);
  // Null when empty: GeoReport writes absent values as null.
  static Value StringOrNull(std::string s);
  static Value Number(double n);
  static Value Integer(int64_t n);
  static Value Bool(bool b);
  static Value Object();
  static Value List(std::string item_name);

  // Adds a field (objects) and returns *this for chaining.
  Value& Add(std::string name, Value value);
  // Appends an item (lists).
  Value& Push(Value item);
};

// A named member of an object Value.
struct Field {
  std::string name;
  Value value;
};

// The body of a response: `root` names the XML document element (the
// JSON document is `value` itself). XML starts with the declaration
// encoding="utf-8" and is written with pugixml.
std::string Render(Format format, std::string_view root, const Value& value);

// "text/xml; charset=utf-8" or "application/json; charset=utf-8".
std::string_view ContentType(Format format);

// A response: status, content type and body.
http::Response Respond(Format format, int status, std::string_view root, const Value& value);

// A GeoReport error response: <errors><error><code/><description/></error>
// </errors>, or [{"code": N, "description": "..."}]; one entry per message.
http::Response ErrorResponse(Format format, int status, const std::vector<std::string>& messages);

}  // namespace sigap::api::open311
