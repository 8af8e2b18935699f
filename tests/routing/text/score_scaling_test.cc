#include "routing/text/score_scaling.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sigap::routing::text {
namespace {

// Three labels. The model behind these scores confuses label 0 with label
// 1: its reports score label 1 a little (1), label 1's own reports score it
// much (3); label 2's reports score label 2.
struct Held {
  std::vector<std::vector<float>> scores;
  std::vector<int> truth;
};

Held Confused() {
  Held h;
  for (int i = 0; i < 20; ++i) {
    h.scores.push_back({0, 1, 0});
    h.truth.push_back(0);
    h.scores.push_back({0, 3, 0});
    h.truth.push_back(1);
    h.scores.push_back({0, 0, 3});
    h.truth.push_back(2);
  }
  return h;
}

int Best(const std::vector<double>& scaling, const std::vector<float>& scores) {
  std::vector<double> logits;
  ScaledLogits(scaling, IsDiagonal(scaling), scores, 1.0, logits);
  return static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

TEST(ScoreScaling, TemperatureAloneIsTheIdentity) {
  const Held h = Confused();
  ScalingOptions o;
  o.kind = ScalingKind::kTemperature;

  const auto scaling = FitScaling(h.scores, h.truth, 2.0, o);

  EXPECT_EQ(scaling, (std::vector<double>{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}));
  std::vector<double> logits;
  ScaledLogits(scaling, true, {1, 2, 4}, 2.0, logits);
  EXPECT_EQ(logits, (std::vector<double>{0.5, 1, 2}));
  ScaledLogits({}, true, {1, 2, 4}, 2.0, logits);
  EXPECT_EQ(logits, (std::vector<double>{0.5, 1, 2}));
}

TEST(ScoreScaling, MatrixLearnsWhichLabelsTheModelConfuses) {
  const Held h = Confused();
  ScalingOptions o;
  o.kind = ScalingKind::kMatrix;
  o.off_diagonal = 0.01;

  const auto scaling = FitScaling(h.scores, h.truth, 1.0, o);

  EXPECT_EQ(Best({}, {0, 1, 0}), 1);  // the temperature alone keeps the mistake
  EXPECT_EQ(Best(scaling, {0, 1, 0}), 0);
  EXPECT_EQ(Best(scaling, {0, 3, 0}), 1);
  EXPECT_EQ(Best(scaling, {0, 0, 3}), 2);
  EXPECT_FALSE(IsDiagonal(scaling));
}

TEST(ScoreScaling, VectorScalingHasNoOffDiagonalEntries) {
  const Held h = Confused();
  ScalingOptions o;
  o.kind = ScalingKind::kVector;

  const auto scaling = FitScaling(h.scores, h.truth, 1.0, o);

  ASSERT_EQ(scaling.size(), 12u);
  EXPECT_TRUE(IsDiagonal(scaling));
  EXPECT_NE(scaling[4], 1.0);  // label 1's scale, fitted
}

TEST(ScoreScaling, ManyLabelsAreScaledDiagonally) {
  Held h;
  const int labels = static_cast<int>(kMaxMatrixLabels) + 1;
  for (int i = 0; i < 2 * labels; ++i) {
    std::vector<float> s(labels, 0.0f);
    s[i % labels] = 2.0f;
    s[(i + 1) % labels] = 1.0f;
    h.scores.push_back(s);
    h.truth.push_back(i % labels);
  }

  const auto scaling = FitScaling(h.scores, h.truth, 1.0, ScalingOptions{});

  EXPECT_TRUE(IsDiagonal(scaling));
}

TEST(ScoreScaling, SameScoresGiveTheSameScaling) {
  const Held h = Confused();

  EXPECT_EQ(FitScaling(h.scores, h.truth, 1.5, ScalingOptions{}),
            FitScaling(h.scores, h.truth, 1.5, ScalingOptions{}));
}

TEST(ScoreScaling, KindsParseByName) {
  EXPECT_EQ(*ParseScalingKind("matrix"), ScalingKind::kMatrix);
  EXPECT_EQ(*ParseScalingKind("vector"), ScalingKind::kVector);
  EXPECT_EQ(*ParseScalingKind("temperature"), ScalingKind::kTemperature);
  EXPECT_FALSE(ParseScalingKind("dirichlet").has_value());
  EXPECT_EQ(ScalingOptions{}.kind, ScalingKind::kMatrix);  // the default
}

}  // namespace
}  // namespace sigap::routing::text
