#include "http/router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sigap::http {
namespace {

SyncHandler Returns(int status) {
  return [status](Request&) {
    Response response;
    response.status = status;
    return response;
  };
}

int Call(const RouteMatch& match) {
  Request request;
  int status = 0;
  (*match.handler)(request, [&status](Response response) { status = response.status; });
  return status;
}

TEST(RouterTest, MatchesLiteralPath) {
  Router router;
  router.AddSync("GET", "/healthz", Returns(200), "healthz");

  const auto match = router.Match("GET", "/healthz");

  ASSERT_EQ(match.outcome, MatchOutcome::kFound);
  EXPECT_EQ(match.route_name, "healthz");
  EXPECT_EQ(match.pattern, "/healthz");
  EXPECT_EQ(Call(match), 200);
}

TEST(RouterTest, CapturesParameters) {
  Router router;
  router.AddSync("GET", "/api/v1/cases/{code}/events/{seq}", Returns(200), "case_event");

  const auto match = router.Match("GET", "/api/v1/cases/AB12-CD34/events/7");

  ASSERT_EQ(match.outcome, MatchOutcome::kFound);
  EXPECT_EQ(match.params.at("code"), "AB12-CD34");
  EXPECT_EQ(match.params.at("seq"), "7");
}

TEST(RouterTest, ParameterDoesNotMatchEmptySegment) {
  Router router;
  router.AddSync("GET", "/cases/{code}", Returns(200));

  EXPECT_EQ(router.Match("GET", "/cases/").outcome, MatchOutcome::kNotFound);
  EXPECT_EQ(router.Match("GET", "/cases").outcome, MatchOutcome::kNotFound);
  EXPECT_EQ(router.Match("GET", "/cases/a/b").outcome, MatchOutcome::kNotFound);
}

TEST(RouterTest, UnknownPathIsNotFound) {
  Router router;
  router.AddSync("GET", "/a", Returns(200));

  EXPECT_EQ(router.Match("GET", "/b").outcome, MatchOutcome::kNotFound);
  EXPECT_EQ(router.Match("GET", "").outcome, MatchOutcome::kNotFound);
  EXPECT_EQ(router.Match("GET", "a").outcome, MatchOutcome::kNotFound);
}

TEST(RouterTest, EmptyRouteNameDefaultsToPattern) {
  Router router;
  router.AddSync("GET", "/x/{id}", Returns(200));

  EXPECT_EQ(router.Match("GET", "/x/1").route_name, "/x/{id}");
}

TEST(RouterTest, RoutesListsEveryMethodAndPatternSorted) {
  Router router;
  router.AddSync("POST", "/cases", Returns(201));
  router.AddSync("GET", "/cases/{code}", Returns(200));
  router.AddSync("GET", "/cases", Returns(200));

  EXPECT_EQ(router.Routes(),
            (std::vector<std::string>{"GET /cases", "GET /cases/{code}", "POST /cases"}));
}

TEST(RouterTest, KnownPathWithOtherMethodIsMethodNotAllowedWithAllow) {
  Router router;
  router.AddSync("GET", "/cases/{code}", Returns(200));
  router.AddSync("DELETE", "/cases/{code}", Returns(204));

  const auto match = router.Match("POST", "/cases/X");

  EXPECT_EQ(match.outcome, MatchOutcome::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "DELETE, GET, HEAD");
  EXPECT_EQ(match.handler, nullptr);
}

TEST(RouterTest, HeadFallsBackToGet) {
  Router router;
  router.AddSync("GET", "/a", Returns(200));

  const auto match = router.Match("HEAD", "/a");

  ASSERT_EQ(match.outcome, MatchOutcome::kFound);
  EXPECT_TRUE(match.head_as_get);
}

TEST(RouterTest, ExplicitHeadRouteWinsOverGet) {
  Router router;
  router.AddSync("GET", "/a", Returns(200));
  router.AddSync("HEAD", "/a", Returns(204));

  const auto match = router.Match("HEAD", "/a");

  ASSERT_EQ(match.outcome, MatchOutcome::kFound);
  EXPECT_FALSE(match.head_as_get);
  EXPECT_EQ(Call(match), 204);
}

TEST(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
  Router router;
  router.AddSync("GET", "/cases/{code}", Returns(1), "by_code");
  router.AddSync("GET", "/cases/stats", Returns(2), "stats");

  EXPECT_EQ(router.Match("GET", "/cases/stats").route_name, "stats");
  EXPECT_EQ(router.Match("GET", "/cases/other").route_name, "by_code");
}

TEST(RouterTest, CatchAllCapturesTheRest) {
  Router router;
  router.AddSync("GET", "/static/{rest*}", Returns(200));

  EXPECT_EQ(router.Match("GET", "/static/assets/app-1a2b.js").params.at("rest"),
            "assets/app-1a2b.js");
  EXPECT_EQ(router.Match("GET", "/static/").params.at("rest"), "");
  EXPECT_EQ(router.Match("GET", "/static").params.at("rest"), "");
  EXPECT_EQ(router.Match("GET", "/statics").outcome, MatchOutcome::kNotFound);
}

TEST(RouterTest, SpecificRouteBeatsRootCatchAll) {
  Router router;
  router.AddSync("GET", "/{rest*}", Returns(1), "spa");
  router.AddSync("GET", "/api/v1/cases", Returns(2), "cases");

  EXPECT_EQ(router.Match("GET", "/api/v1/cases").route_name, "cases");
  EXPECT_EQ(router.Match("GET", "/").route_name, "spa");
  EXPECT_EQ(router.Match("GET", "/track/AB12").params.at("rest"), "track/AB12");
}

TEST(RouterTest, LessSpecificRouteServesMethodTheSpecificOneLacks) {
  Router router;
  router.AddSync("GET", "/{rest*}", Returns(1), "spa");
  router.AddSync("POST", "/api/v1/cases", Returns(2), "submit");

  EXPECT_EQ(router.Match("GET", "/api/v1/cases").route_name, "spa");
  EXPECT_EQ(router.Match("POST", "/api/v1/cases").route_name, "submit");
  const auto put = router.Match("PUT", "/api/v1/cases");
  EXPECT_EQ(put.outcome, MatchOutcome::kMethodNotAllowed);
  EXPECT_EQ(put.allow, "GET, HEAD, POST");
}

TEST(RouterTest, MethodsAreCaseSensitive) {
  Router router;
  router.AddSync("GET", "/a", Returns(200));

  EXPECT_EQ(router.Match("get", "/a").outcome, MatchOutcome::kMethodNotAllowed);
}

TEST(RouterTest, AsyncHandlerReceivesReply) {
  Router router;
  router.Add("POST", "/later", [](Request&, Reply reply) {
    Response response;
    response.status = 202;
    reply(std::move(response));
  });

  EXPECT_EQ(Call(router.Match("POST", "/later")), 202);
}

}  // namespace
}  // namespace sigap::http
