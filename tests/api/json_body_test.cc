// ParseJsonBody: the value every handler reads, and the bodies it refuses.
#include "api/json_body.h"

#include <gtest/gtest.h>

#include <string>

namespace sigap::api {
namespace {

using nlohmann::json;

http::Request Post(std::string body) {
  http::Request request;
  request.method = "POST";
  request.headers["Content-Type"] = "application/json";
  request.headers["Accept-Language"] = "en";
  request.body = std::move(body);
  return request;
}

// The field a 400 names, or "" when the body was taken.
std::string Refused(const JsonBody& parsed) {
  if (!parsed.problem) return "";
  const auto problem = json::parse(parsed.problem->body);
  return problem.contains("errors") ? problem["errors"][0]["field"].get<std::string>() : "?";
}

TEST(JsonBody, GivesTheValueTheDocumentWrites) {
  const std::string documents[] = {
      R"({})",
      R"({"a":null,"b":true,"c":false,"d":-7,"e":18446744073709551615,"f":2.5e-3,"g":"x\u00e9y"})",
      R"({"list":[1,[2,[3,{}]],{"k":[{"m":"n"},[]]}],"empty":[],"o":{"p":{"q":{}}}})",
      R"( {"trailing":"blanks"}  )",
  };
  for (const auto& text : documents) {
    const auto parsed = ParseJsonBody(Post(text));
    EXPECT_FALSE(parsed.problem) << text;
    EXPECT_EQ(parsed.value, json::parse(text)) << text;
  }
}

TEST(JsonBody, ManyObjectsInOneArrayAreAllKept) {
  // Each object of a long array once made the parser look through every
  // element before it (n²/2 steps: 20,000 of them held a loop 10 s).
  std::string text = R"({"actions":[)";
  for (int i = 0; i < 20000; ++i) {
    text += (i ? "," : "") + std::string(R"({"type":"notify","n":)") + std::to_string(i) + "}";
  }
  text += "]}";
  const auto parsed = ParseJsonBody(Post(text));
  ASSERT_FALSE(parsed.problem);
  ASSERT_EQ(parsed.value["actions"].size(), 20000u);
  EXPECT_EQ(parsed.value["actions"][19999]["n"], 19999);
}

TEST(JsonBody, ARepeatedMemberIsRefusedByItsPath) {
  EXPECT_EQ(Refused(ParseJsonBody(Post(R"({"kind":"a","kind":"b"})"))), "kind");
  EXPECT_EQ(Refused(ParseJsonBody(Post(R"({"location":{"lat":1,"lng":2,"lat":3}})"))),
            "location.lat");
  EXPECT_EQ(Refused(ParseJsonBody(Post(R"({"actions":[{"to":"a"},{"to":"b","to":"c"}]})"))),
            "actions.to");
  // The same name in two objects is no repeat.
  EXPECT_EQ(Refused(ParseJsonBody(Post(R"({"a":{"x":1},"b":{"x":2},"x":3})"))), "");
}

TEST(JsonBody, MalformedOrNotAnObjectIsRefused) {
  for (const char* text : {"", "{", R"({"a":1,})", R"({"a":1} {"b":2})", "[1,2", "{\"a\":tru}"}) {
    const auto parsed = ParseJsonBody(Post(text));
    ASSERT_TRUE(parsed.problem) << text;
    EXPECT_EQ(parsed.problem->status, 400) << text;
  }
  const auto array = ParseJsonBody(Post("[1,2]"));
  ASSERT_TRUE(array.problem);
  EXPECT_EQ(array.problem->status, 422);
}

}  // namespace
}  // namespace sigap::api
