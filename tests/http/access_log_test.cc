#include "http/access_log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/request_id.h"

namespace sigap::http {
namespace {

TEST(AccessLogTest, FormatsOneJsonObject) {
  const AccessLogEntry entry{
      std::chrono::system_clock::time_point(std::chrono::milliseconds(1714532645678)),
      "rid-1",
      "GET",
      "/api/v1/cases/{code}",
      200,
      1.25,
      42};

  const std::string line = FormatAccessLog(entry);

  EXPECT_EQ(line,
            "{\"ts\":\"2024-05-01T03:04:05.678Z\",\"request_id\":\"rid-1\",\"method\":\"GET\","
            "\"route\":\"/api/v1/cases/{code}\",\"status\":200,\"duration_ms\":1.250,"
            "\"bytes\":42}");
  EXPECT_TRUE(nlohmann::json::accept(line));
}

TEST(AccessLogTest, EscapesStrings) {
  const AccessLogEntry entry{{}, "x", "G\"E\nT", "/r", 400, 0, 0};

  const auto json = nlohmann::json::parse(FormatAccessLog(entry));

  EXPECT_EQ(json["method"], "G\"E\nT");
}

TEST(AccessLogTest, BadUtf8FromTheClientStillMakesValidJson) {
  const AccessLogEntry entry{{}, "x", "GET", "/api/v1/cases/\xff\xc0", 404, 0, 0};

  const std::string line = FormatAccessLog(entry);

  EXPECT_TRUE(nlohmann::json::accept(line)) << line;
}

TEST(RequestIdTest, AcceptsOnlyShortSafeIds) {
  EXPECT_TRUE(IsValidRequestId("abc-DEF_123"));
  EXPECT_TRUE(IsValidRequestId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId("a b"));
  EXPECT_FALSE(IsValidRequestId("a\nb"));
  EXPECT_FALSE(IsValidRequestId("<script>"));
}

TEST(RequestIdTest, NewIdsAreValidAndDistinct) {
  const std::string a = NewRequestId();
  const std::string b = NewRequestId();

  EXPECT_TRUE(IsValidRequestId(a));
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace sigap::http
