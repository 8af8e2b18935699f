#include "http/problem.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sigap::http {
namespace {

TEST(ProblemTest, HasTypeTitleStatusDetail) {
  const Response response = Problem(404, "not-found", "Not Found", "No case with that code.");

  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "/problems/not-found");
  EXPECT_EQ(body["title"], "Not Found");
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["detail"], "No case with that code.");
  EXPECT_FALSE(body.contains("errors"));
  EXPECT_FALSE(body.contains("instance"));
  EXPECT_FALSE(body.contains("request_id"));
}

TEST(ProblemTest, ListsFieldErrors) {
  const Response response = Problem(
      422, "validation", "Invalid input", "Two fields are wrong.",
      {{"description", "required", "Wajib diisi."}, {"location.lat", "range", "Out of range."}});

  const auto body = nlohmann::json::parse(response.body);
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][0]["field"], "description");
  EXPECT_EQ(body["errors"][0]["code"], "required");
  EXPECT_EQ(body["errors"][0]["message"], "Wajib diisi.");
  EXPECT_EQ(body["errors"][1]["field"], "location.lat");
}

TEST(ProblemTest, CarriesRequestIdOfRequest) {
  Request request;
  request.request_id = "abc-123";

  const Response response = Problem(request, 409, "conflict", "Conflict", "Already closed.");

  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["request_id"], "abc-123");
  EXPECT_EQ(body["status"], 409);
}

TEST(ProblemTest, IncludesInstanceWhenGiven) {
  ProblemDetails details{400, "bad-request", "Bad Request", "x"};
  details.instance = "/api/v1/cases";

  const auto body = nlohmann::json::parse(Problem(details).body);

  EXPECT_EQ(body["instance"], "/api/v1/cases");
}

TEST(ProblemTest, InvalidUtf8InDetailDoesNotThrow) {
  const Response response = Problem(400, "bad-request", "Bad", std::string("\xff\xfe bad", 6));

  EXPECT_TRUE(nlohmann::json::accept(response.body));
}

}  // namespace
}  // namespace sigap::http
