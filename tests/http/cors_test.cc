#include "http/cors.h"

#include <gtest/gtest.h>

namespace sigap::http {
namespace {

TEST(CorsOrigin, AcceptsSerialisedOrigins) {
  for (const char* origin :
       {"*", "https://www.semarangkota.go.id", "http://localhost:5173", "https://10.0.0.7",
        "https://[::1]:8443", "https://lapor.example.go.id:443"}) {
    EXPECT_TRUE(IsCorsOrigin(origin)) << origin;
  }
}

TEST(CorsOrigin, RefusesWhatNoBrowserSendsAsAnOrigin) {
  for (const char* origin :
       {"", "www.semarangkota.go.id", "https://www.semarangkota.go.id/", "https://a.example/path",
        "ftp://a.example", "https://A.example", "https://a.example:", "https://a.example:99999",
        "https://a.example:80x", "https://", "https://.a.example", "https://[::1", "https://a b",
        "https://*.example"}) {
    EXPECT_FALSE(IsCorsOrigin(origin)) << origin;
  }
}

TEST(CorsPolicy, AllowsExactlyTheListedOrigins) {
  const CorsPolicy policy({"https://a.example", "http://localhost:5173"});

  EXPECT_TRUE(policy.Enabled());
  EXPECT_EQ(policy.AllowedOrigin("https://a.example"), "https://a.example");
  EXPECT_EQ(policy.AllowedOrigin("http://localhost:5173"), "http://localhost:5173");
  EXPECT_EQ(policy.AllowedOrigin("https://a.example:8443"), "");
  EXPECT_EQ(policy.AllowedOrigin("http://a.example"), "");
  EXPECT_EQ(policy.AllowedOrigin("null"), "");
  EXPECT_FALSE(CorsPolicy().Enabled());
  EXPECT_EQ(CorsPolicy().AllowedOrigin("https://a.example"), "");
}

TEST(CorsPolicy, DecorateMergesVaryAndReplacesAHandlersStar) {
  Response response;
  response.With("Access-Control-Allow-Origin", "*").With("Vary", "Accept-Language");

  CorsPolicy::Decorate(response, "https://a.example");

  int origins = 0;
  for (const auto& [name, value] : response.headers) {
    if (name == "Access-Control-Allow-Origin") {
      ++origins;
      EXPECT_EQ(value, "https://a.example");
    }
    if (name == "Vary") {
      EXPECT_EQ(value, "Accept-Language, Origin");
    }
  }
  EXPECT_EQ(origins, 1);
}

}  // namespace
}  // namespace sigap::http
