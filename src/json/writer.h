#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sigap::json_text {

// Writes JSON text straight into a string, for what is written most (a
// case as its viewer sees it, a filed case's event payload): building
// nlohmann's DOM and dumping it took about a fifth of the server's CPU per
// read of a case. The text is
// byte for byte what Dump() below prints for the same document as long as the
// caller writes each object's keys in sorted order, as nlohmann's std::map
// keeps them (tested): clients and ETags see no difference.
//
//   JsonWriter w(body);
//   w.BeginObject().Key("kind").String("complaint").Key("version").Int(3).EndObject();
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  // As Dump() prints a double: nlohmann's shortest round trip, null for
  // NaN and infinities.
  JsonWriter& Number(double v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // A number, or a part built as a DOM where it is rare or irregular: as
  // Dump() prints it.
  JsonWriter& Value(const nlohmann::json& v);

 private:
  void BeforeValue();
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);

  std::string& out_;
  bool comma_ = false;  // a value was written at this level: the next needs ','
};

// JSON as every response prints it: no indentation, invalid UTF-8 replaced
// by U+FFFD rather than thrown. Written with JsonWriter from the DOM, byte
// for byte what nlohmann's dump() prints (tested), at a fraction of its
// cost.
std::string Dump(const nlohmann::json& value);

// `s` as a JSON string with its quotes, as nlohmann's dump escapes it (bad
// UTF-8 replaced by U+FFFD) — appended to `out`.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace sigap::json_text
