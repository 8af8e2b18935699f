#include "http/url.h"

#include <gtest/gtest.h>

#include "http/message.h"

namespace sigap::http {
namespace {

TEST(UrlTest, SplitsPathAndQueryAndDropsFragment) {
  const auto parts = SplitTarget("/a/b?x=1&y=2#frag");

  EXPECT_EQ(parts.path, "/a/b");
  EXPECT_EQ(parts.query, "x=1&y=2");
  EXPECT_EQ(SplitTarget("/only").query, "");
}

TEST(UrlTest, DecodesPercentEscapes) {
  EXPECT_EQ(PercentDecode("/kasus/jalan%20rusak%2Fbesar"), "/kasus/jalan rusak/besar");
  EXPECT_EQ(PercentDecode("%e2%82%AC"), "\xe2\x82\xac");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
}

TEST(UrlTest, RejectsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("%"), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%2"), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz"), std::nullopt);
  EXPECT_EQ(PercentDecode("%2g"), std::nullopt);
}

TEST(UrlTest, ParsesQueryWithRepeatsAndEmptyValues) {
  const auto query = ParseQuery("status=open&status=closed&q=jalan+rusak&flag&&x=%3D");

  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->count("status"), 2u);
  EXPECT_EQ(query->find("q")->second, "jalan rusak");
  EXPECT_EQ(query->find("flag")->second, "");
  EXPECT_EQ(query->find("x")->second, "=");
}

TEST(UrlTest, RejectsQueryWithMalformedEscape) { EXPECT_EQ(ParseQuery("a=%4"), std::nullopt); }

TEST(MessageTest, HeaderLookupIgnoresCase) {
  Request request;
  request.headers.emplace("Content-Type", "application/json");

  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(request.Header("Accept"), std::nullopt);
}

TEST(MessageTest, QueryReturnsFirstValue) {
  Request request;
  request.query = *ParseQuery("a=1&a=2");

  EXPECT_EQ(request.Query("a"), "1");
  EXPECT_EQ(request.Query("b"), std::nullopt);
}

}  // namespace
}  // namespace sigap::http
