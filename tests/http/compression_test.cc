// Responses gzipped for clients that take it: what is compressed, what a
// client reads back, and what caches are told.
#include "http/compression.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace sigap::http {
namespace {

std::string Gunzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

std::string Catalogue() {
  std::string body = "[";
  for (int i = 0; i < 200; ++i) {
    body += R"({"code":"PU-DRAINASE-)" + std::to_string(i) +
            R"(","name":"Saluran tersumbat","group":"Pekerjaan Umum"},)";
  }
  body.back() = ']';
  return body;
}

const std::string* Header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

TEST(AcceptsGzip, ReadsTheCodingsAndTheirWeights) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip ; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
}

TEST(CompressForClient, AListAClientTakesGzippedReadsBackTheSame) {
  Response response;
  response.body = Catalogue();
  response.With("ETag", "\"v7\"");
  const std::string plain = response.body;

  CompressForClient(response, "gzip, deflate");

  EXPECT_LT(response.body.size(), plain.size() / 4);
  EXPECT_TRUE(Gunzip(response.body) == plain);
  ASSERT_NE(Header(response, "Content-Encoding"), nullptr);
  EXPECT_EQ(*Header(response, "Content-Encoding"), "gzip");
  EXPECT_EQ(*Header(response, "Vary"), "Accept-Encoding");
  EXPECT_EQ(*Header(response, "ETag"), "W/\"v7\"");
}

TEST(CompressForClient, AClientThatDoesNotTakeGzipGetsTheBytesButCachesAreTold) {
  Response response;
  response.body = Catalogue();
  response.With("Vary", "Cookie, Authorization").With("ETag", "\"v7\"");
  const std::string plain = response.body;

  CompressForClient(response, std::nullopt);

  EXPECT_TRUE(response.body == plain);
  EXPECT_EQ(Header(response, "Content-Encoding"), nullptr);
  EXPECT_EQ(*Header(response, "Vary"), "Cookie, Authorization, Accept-Encoding");
  EXPECT_EQ(*Header(response, "ETag"), "\"v7\"");
}

TEST(CompressForClient, LeavesSmallBinaryAndEncodedBodiesAlone) {
  Response small;
  small.body = R"({"status":"ok"})";
  Response pdf;
  pdf.content_type = "application/pdf";
  pdf.body = Catalogue();
  Response encoded;
  encoded.content_type = "text/javascript";
  encoded.body = Catalogue();
  encoded.With("Content-Encoding", "gzip");
  Response signin;
  signin.body = Catalogue();
  signin.With("Set-Cookie", "sigap_session=x; HttpOnly");
  Response csv;
  csv.content_type = "text/csv; charset=utf-8";
  csv.body = Catalogue();

  for (Response* r : {&small, &pdf, &encoded, &signin, &csv}) CompressForClient(*r, "gzip");

  EXPECT_EQ(small.body, R"({"status":"ok"})");
  EXPECT_TRUE(pdf.body == Catalogue());
  EXPECT_TRUE(encoded.body == Catalogue());
  EXPECT_TRUE(signin.body == Catalogue());
  EXPECT_TRUE(Gunzip(csv.body) == Catalogue());
}

}  // namespace
}  // namespace sigap::http
