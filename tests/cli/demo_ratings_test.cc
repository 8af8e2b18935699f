#include "cli/demo_ratings.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "cli/demo_sampling.h"
#include "domain/lifecycle.h"

namespace sigap::cli {
namespace {

using std::chrono::days;
using std::chrono::hours;

const Timestamp kFiled = *ParseRfc3339("2026-03-02T09:00:00+07:00");
const Timestamp kNow = *ParseRfc3339("2026-11-30T09:00:00+07:00");

// A case answered `answer_days` after it was filed (and, when `reopened`,
// reopened and answered again a week later), then closed.
store::NewCase Answered(int answer_days, bool reopened = false) {
  store::NewCase c;
  c.created_at = kFiled;
  c.status = domain::CaseStatus::kClosed;
  Timestamp at = kFiled + days(answer_days);
  c.history.push_back({"resolved", "user:petugas", at, true, {}});
  if (reopened) {
    c.history.push_back({"reopened", "citizen", at + days(2), true, {}});
    at += days(7);
    c.history.push_back({"resolved", "user:petugas", at, true, {}});
  }
  c.history.push_back({"closed", "citizen", at + days(3), true, {}});
  return c;
}

struct Drawn {
  int rated = 0;
  double stars = 0;  // mean
};

Drawn DrawMany(const store::NewCase& c, double agency_mean, Timestamp now = kNow) {
  Drawn out;
  int sum = 0;
  for (uint64_t key = 0; key < 4000; ++key) {
    auto rng = CaseGenerator(7, key);
    if (auto r = PlanDemoRating(c, agency_mean, now, rng)) {
      ++out.rated;
      sum += r->stars;
    }
  }
  if (out.rated > 0) out.stars = static_cast<double>(sum) / out.rated;
  return out;
}

TEST(DemoRatings, OnlyAnAnsweredCaseIsRatedAfterItsLastAnswerAndByNow) {
  store::NewCase open = Answered(3);
  open.status = domain::CaseStatus::kInProgress;
  EXPECT_EQ(DrawMany(open, 4).rated, 0);
  store::NewCase unanswered;
  unanswered.created_at = kFiled;
  unanswered.status = domain::CaseStatus::kClosed;  // closed without an answer
  EXPECT_EQ(DrawMany(unanswered, 4).rated, 0);

  const store::NewCase twice = Answered(3, /*reopened=*/true);
  const Timestamp last_answer = twice.history[2].at;
  int rated = 0;
  for (uint64_t key = 0; key < 1000; ++key) {
    auto rng = CaseGenerator(7, key);
    const auto r = PlanDemoRating(twice, 4, kNow, rng);
    if (!r) continue;
    ++rated;
    EXPECT_EQ(r->resolution, 2);
    EXPECT_GT(r->at, last_answer);
    EXPECT_GE(r->stars, 1);
    EXPECT_LE(r->stars, 5);
  }
  EXPECT_GT(rated, 250);  // about a third
  EXPECT_LT(rated, 450);

  // Answered an hour ago: most reporters have not rated it yet.
  store::NewCase fresh = Answered(0);
  fresh.history[0].at = kNow - hours(1);
  EXPECT_LT(DrawMany(fresh, 4, kNow).rated, DrawMany(Answered(3), 4).rated / 10);
}

TEST(DemoRatings, ASlowOrReopenedAnswerEarnsFewerStars) {
  const Drawn quick = DrawMany(Answered(3), 4.2);
  const Drawn slow = DrawMany(Answered(40), 4.2);
  const Drawn reopened = DrawMany(Answered(3, /*reopened=*/true), 4.2);
  EXPECT_NEAR(quick.stars, 4.1, 0.25);
  EXPECT_LT(slow.stars, quick.stars - 0.8);
  EXPECT_LT(reopened.stars, quick.stars - 0.5);
  // Another agency's answers, as quick, earn what its mean says.
  EXPECT_LT(DrawMany(Answered(3), 3.4).stars, quick.stars - 0.5);
}

TEST(DemoRatings, AgenciesEarnDifferentMeansTheSameInEveryDemo) {
  const double dpu = DemoAgencyMeanStars("DPU", 20261130);
  EXPECT_EQ(dpu, DemoAgencyMeanStars("DPU", 20261130));
  EXPECT_GE(dpu, 3.3);
  EXPECT_LE(dpu, 4.5);
  double lowest = 5, highest = 0;
  for (const char* code : {"DPU", "DISHUB", "DINKES", "DINSOS", "DISDUKCAPIL", "SATPOLPP"}) {
    lowest = std::min(lowest, DemoAgencyMeanStars(code, 20261130));
    highest = std::max(highest, DemoAgencyMeanStars(code, 20261130));
  }
  EXPECT_GT(highest - lowest, 0.3);
}

}  // namespace
}  // namespace sigap::cli
