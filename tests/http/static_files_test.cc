#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace sigap::http {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << contents;
}

std::optional<std::string> HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    base_ = fs::temp_directory_path() / ("sigap-static-" + std::to_string(std::random_device()()));
    root_ = base_ / "dist";
    WriteFile(root_ / "index.html", "<!doctype html><title>Sigap</title>");
    WriteFile(root_ / "assets" / "app-1a2b3c4d.js", "console.log(1)");
    WriteFile(root_ / "assets" / "app-1a2b3c4d.js.gz", "GZIPPED");
    WriteFile(root_ / "manifest.webmanifest", "{}");
    WriteFile(root_ / ".env", "SECRET=1");
    WriteFile(base_ / "outside.txt", "outside");
    fs::create_symlink(base_ / "outside.txt", root_ / "link.txt");
    handler_ = StaticFiles({.root = root_});
  }
  ~StaticFilesTest() override { fs::remove_all(base_); }

  Response Get(const std::string& rest, Headers headers = {}) {
    Request request;
    request.method = "GET";
    request.params["rest"] = rest;
    request.headers = std::move(headers);
    return handler_(request);
  }

  fs::path base_;
  fs::path root_;
  SyncHandler handler_;
};

TEST_F(StaticFilesTest, ServesIndexForRootWithNoCache) {
  const Response response = Get("");

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response.body, "<!doctype html><title>Sigap</title>");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-cache");
  EXPECT_TRUE(HeaderOf(response, "ETag").has_value());
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  const Response response = Get("assets/app-1a2b3c4d.js");

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(response, "Vary"), "Accept-Encoding");
}

TEST_F(StaticFilesTest, ContentTypesByExtension) {
  EXPECT_EQ(Get("manifest.webmanifest").content_type, "application/manifest+json");
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.unknown"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ServesPrecompressedGzipWhenAccepted) {
  const Response response = Get("assets/app-1a2b3c4d.js", {{"Accept-Encoding", "br, gzip"}});

  EXPECT_EQ(response.body, "GZIPPED");
  EXPECT_EQ(HeaderOf(response, "Content-Encoding"), "gzip");
  EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Get("assets/app-1a2b3c4d.js", {{"Accept-Encoding", "gzip;q=0"}}).body,
            "console.log(1)");
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchIsNotModified) {
  const auto etag = *HeaderOf(Get("index.html"), "ETag");

  const Response response = Get("index.html", {{"If-None-Match", "\"other\", W/" + etag}});

  EXPECT_EQ(response.status, 304);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(HeaderOf(response, "ETag"), etag);
}

TEST_F(StaticFilesTest, UnknownPathFallsBackToIndexForBrowsers) {
  const Response page = Get("track/AB12-CD34", {{"Accept", "text/html,application/xhtml+xml"}});
  const Response script = Get("assets/missing.js", {{"Accept", "*/*"}});

  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(page, "Cache-Control"), "no-cache");
  EXPECT_EQ(script.status, 404);
}

TEST_F(StaticFilesTest, ApiPathsNeverFallBackToIndex) {
  const Headers html = {{"Accept", "text/html"}};

  EXPECT_EQ(Get("api/v1/nothing-here", html).status, 404);
  EXPECT_EQ(Get("api", html).status, 404);
  EXPECT_EQ(Get("open311/v2/services.xml", html).status, 404);
  EXPECT_EQ(Get("apiary", html).status, 200);
}

TEST_F(StaticFilesTest, HtmlHasContentSecurityPolicyWithoutInlineScripts) {
  const Response index = Get("");
  const Response fallback = Get("lacak/AB12CD34EF", {{"Accept", "text/html"}});
  const Response script = Get("assets/app-1a2b3c4d.js");

  const auto csp = HeaderOf(index, "Content-Security-Policy");
  ASSERT_TRUE(csp.has_value());
  EXPECT_NE(csp->find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp->find("style-src 'self'"), std::string::npos);
  EXPECT_NE(csp->find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(csp->find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(HeaderOf(fallback, "Content-Security-Policy"), csp);
  EXPECT_FALSE(HeaderOf(script, "Content-Security-Policy").has_value());
}

TEST_F(StaticFilesTest, AConfiguredTileServerMayServeImagesAndNothingElse) {
  handler_ = StaticFiles({.root = root_, .image_origins = {"https://*.tile.example.org"}});
  const auto csp = HeaderOf(Get(""), "Content-Security-Policy").value_or("");

  EXPECT_NE(csp.find("img-src 'self' data: blob: https://*.tile.example.org;"), std::string::npos)
      << csp;
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos);
  EXPECT_NE(csp.find("connect-src 'self';"), std::string::npos);
}

TEST(TileOrigin, IsTheSchemeAndHostWithTheSubdomainAsAWildcard) {
  EXPECT_EQ(TileOrigin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"),
            "https://*.tile.openstreetmap.org");
  EXPECT_EQ(TileOrigin("http://tiles.pemda.go.id:8081/peta/{z}/{x}/{y}.png"),
            "http://tiles.pemda.go.id:8081");
  EXPECT_EQ(TileOrigin("ftp://tiles.example.org/{z}/{x}/{y}.png"), "");
  EXPECT_EQ(TileOrigin("https://evil.org; script-src *;/{z}/{x}/{y}"), "");
  EXPECT_EQ(TileOrigin("tiles/{z}/{x}/{y}.png"), "");
}

TEST_F(StaticFilesTest, RefusesTraversalHiddenFilesAndSymlinksOut) {
  const Headers html = {{"Accept", "text/plain"}};

  EXPECT_EQ(Get("../outside.txt", html).status, 404);
  EXPECT_EQ(Get("assets/../../outside.txt", html).status, 404);
  EXPECT_EQ(Get("./index.html", html).status, 404);
  EXPECT_EQ(Get(".env", html).status, 404);
  EXPECT_EQ(Get("link.txt", html).status, 404);
  EXPECT_EQ(Get("assets\\..\\..\\outside.txt", html).status, 404);
  EXPECT_EQ(Get(std::string("index.html\0x", 12), html).status, 404);
}

TEST_F(StaticFilesTest, TraversalIsNotRescuedBySpaFallbackLeakingFiles) {
  const Response response = Get("../outside.txt", {{"Accept", "text/html"}});

  EXPECT_NE(response.body, "outside");
}

}  // namespace
}  // namespace sigap::http
