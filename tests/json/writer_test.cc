// JsonWriter must print what nlohmann's DOM dumps for the same document:
// the case view moved to it, Dump walks a DOM with it, and clients, ETags
// and the audit chain's payloads may not notice.
#include "json/writer.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

namespace sigap::json_text {
namespace {

using nlohmann::json;

// What nlohmann's serializer prints, the reference (Dump is JsonWriter's).
std::string DomDump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Written(std::string_view s) {
  std::string out;
  JsonWriter(out).String(s);
  return out;
}

TEST(JsonWriter, EscapesStringsExactlyAsTheDomDoes) {
  const std::string cases[] = {
      "",
      "Jalan rusak di Kel. Tandang",
      "quote \" backslash \\ slash /",
      "lines\nand\ttabs\r\b\f",
      std::string("nul \0 and \x01\x1f and DEL \x7f", 20),
      "Rp 50.000 \xE2\x80\x94 em dash, \xF0\x9F\x98\x80 emoji, \xC3\xA9",
      // Bad UTF-8: a lone continuation byte, a truncated sequence, an
      // overlong slash, a surrogate, and a code point above U+10FFFF.
      "lone \x80 byte",
      "cut \xE2\x80",
      "overlong \xC0\xAF",
      "surrogate \xED\xA0\x80",
      "too high \xF4\x90\x80\x80",
      // Where the plain ASCII run ends: at once, or before an escape that
      // follows UTF-8, or on bad UTF-8 after an escape.
      "\x80 first",
      "\"quoted\" first",
      "caf\xC3\xA9 then \"quote\" and \\",
      "tab\t then lone \x80 byte",
  };
  for (const auto& s : cases) {
    EXPECT_EQ(Written(s), DomDump(json(s)))
        << "for " << json(s).dump(-1, ' ', true, json::error_handler_t::replace);
  }
}

TEST(JsonWriter, EscapesEveryByteAtEveryPlaceInAWordAsTheDomDoes) {
  for (int byte = 0; byte < 256; ++byte) {
    for (size_t at = 0; at < 17; ++at) {
      std::string s(17, 'a');
      s[at] = static_cast<char>(byte);

      EXPECT_EQ(Written(s), DomDump(json(s))) << "byte " << byte << " at " << at;
    }
  }
}

// Longer than one 16-byte step, after a character of two bytes, as the
// second element of an array and as a key: the paths that write a comma or
// resume after an escape.
TEST(JsonWriter, EscapesEveryByteInLongerTextAfterUtf8AsTheDomDoes) {
  for (int byte = 0; byte < 256; ++byte) {
    for (size_t at = 2; at < 40; ++at) {
      std::string s = "\xc3\xa9" + std::string(38, 'b');
      s[at] = static_cast<char>(byte);
      s[39] = '"';
      std::string out;
      JsonWriter writer(out);
      writer.BeginArray().String("x").String(s).EndArray();
      std::string keyed;
      JsonWriter(keyed).BeginObject().Key("a").Int(1).Key(s).Int(2).EndObject();

      EXPECT_EQ(out, DomDump(json::array({"x", s}))) << "byte " << byte << " at " << at;
      EXPECT_EQ(keyed, DomDump(json{{"a", 1}, {s, 2}})) << "byte " << byte << " at " << at;
    }
  }
}

TEST(JsonWriter, WritesDoublesAsTheDomDoes) {
  for (const double v :
       {0.0, -0.0, 110.0, -7.013007945559892, 110.37598157802772, 0.1, 1e-7, 1e21, -1.5e300, 5e-324,
        std::numeric_limits<double>::max(), std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    std::string out;
    JsonWriter(out).Number(v);

    EXPECT_EQ(out, DomDump(json(v))) << v;
  }
}

TEST(JsonWriter, NestedDocumentIsTheDomsDumpWhenKeysComeSorted) {
  const json dom{
      {"agency_code", "DPU"},
      {"deadline", {{"due_at", nullptr}, {"escalation_level", 2}, {"paused", false}}},
      {"location", {{"lat", -7.0610506021645705}, {"lng", 110.0}}},
      {"timeline", json::array({json{{"at", "2026-01-12T01:00:00Z"}, {"kind", "submitted"}},
                                json{{"kind", "note"}, {"payload", {{"text", "ok"}}}}})},
      {"empty", json::array()},
      {"version", -3}};
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("agency_code").String("DPU");
  w.Key("deadline").BeginObject();
  w.Key("due_at").Null().Key("escalation_level").Int(2).Key("paused").Bool(false);
  w.EndObject();
  w.Key("empty").BeginArray().EndArray();
  w.Key("location").BeginObject();
  w.Key("lat").Value(-7.0610506021645705).Key("lng").Value(110.0);
  w.EndObject();
  w.Key("timeline").BeginArray();
  w.BeginObject()
      .Key("at")
      .String("2026-01-12T01:00:00Z")
      .Key("kind")
      .String("submitted")
      .EndObject();
  w.BeginObject().Key("kind").String("note").Key("payload").Value(json{{"text", "ok"}}).EndObject();
  w.EndArray();
  w.Key("version").Int(-3);
  w.EndObject();
  EXPECT_EQ(out, DomDump(dom));
  EXPECT_EQ(json::parse(out), dom);
}

TEST(JsonWriter, WritesExtremeIntegers) {
  std::string out;
  JsonWriter(out).BeginArray().Int(INT64_MIN).Int(INT64_MAX).Int(0).EndArray();
  EXPECT_EQ(out, DomDump(json::array({INT64_MIN, INT64_MAX, 0})));
}

// A document of every kind of value, nested, with text of every kind.
json RandomDocument(std::mt19937& rng, int depth) {
  static const std::vector<std::string> pieces = {"Saluran",
                                                  " tersumbat",
                                                  "\"",
                                                  "\\",
                                                  "\n",
                                                  "\t",
                                                  std::string(1, '\x01'),
                                                  "\x7f",
                                                  "é",
                                                  "\xe2\x80\x94",
                                                  "\xff",
                                                  "\xc3",
                                                  "\xed\xa0\x80",
                                                  "😀",
                                                  "</script>",
                                                  "kunci"};
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 6 : 8), few(0, 4), count(0, 5);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1);
  const auto text = [&] {
    std::string out;
    for (int n = count(rng); n > 0; --n) out += pieces[piece(rng)];
    return out;
  };
  switch (kind(rng)) {
    case 0:
      return nullptr;
    case 1:
      return few(rng) % 2 == 0;
    case 2:
      return static_cast<int64_t>(rng()) - (int64_t{1} << 31);
    case 3:
      return static_cast<uint64_t>(rng()) << 32 | rng();
    case 4:
      return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
    case 5:
      return std::numeric_limits<double>::quiet_NaN();
    case 6:
      return text();
    case 7: {
      json array = json::array();
      for (int n = few(rng); n > 0; --n) array.push_back(RandomDocument(rng, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      for (int n = few(rng); n > 0; --n) object[text()] = RandomDocument(rng, depth + 1);
      return object;
    }
  }
}

TEST(Dump, PrintsAnyDocumentAsNlohmannsSerializerDoes) {
  std::mt19937 rng(20261207);
  for (int i = 0; i < 20000; ++i) {
    const json dom = RandomDocument(rng, 0);
    ASSERT_EQ(Dump(dom), DomDump(dom)) << "document " << i;
  }
  for (const json& dom :
       {json::parse(R"({"a":[1,-2,3.5e300,1e-300,18446744073709551615],"b":{}})"), json(-0.0),
        json::array(), json::object(), json(""), json(std::numeric_limits<double>::infinity())}) {
    EXPECT_EQ(Dump(dom), DomDump(dom));
  }
}

}  // namespace
}  // namespace sigap::json_text
