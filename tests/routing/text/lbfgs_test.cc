#include "routing/text/lbfgs.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sigap::routing::text {
namespace {

// f(x) = sum_i (i + 1) (x_i - i)^2: minimum 0 at x_i = i, scaled unevenly.
double Bowl(const std::vector<double>& x, std::vector<double>& g) {
  double f = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double d = x[i] - static_cast<double>(i);
    f += static_cast<double>(i + 1) * d * d;
    g[i] = 2.0 * static_cast<double>(i + 1) * d;
  }
  return f;
}

TEST(Lbfgs, FindsTheMinimumOfAQuadratic) {
  std::vector<double> x(10, 5.0);

  const double f = MinimiseLbfgs(Bowl, x, 500, 1e-9);

  EXPECT_NEAR(f, 0.0, 1e-12);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], static_cast<double>(i), 1e-6);
}

TEST(Lbfgs, StopsAfterTheIterationsItWasGiven) {
  int calls = 0;
  const Objective counted = [&](const std::vector<double>& x, std::vector<double>& g) {
    ++calls;
    return Bowl(x, g);
  };
  std::vector<double> x(10, 5.0);

  MinimiseLbfgs(counted, x, 2, 0.0);

  EXPECT_LE(calls, 1 + 2 * 40);  // the start, then at most 40 line-search tries per iteration
  EXPECT_GT(std::fabs(x[9] - 9.0), 1e-6);
}

TEST(Lbfgs, IsDeterministic) {
  std::vector<double> a(10, 5.0);
  std::vector<double> b(10, 5.0);

  MinimiseLbfgs(Bowl, a, 7, 0.0);
  MinimiseLbfgs(Bowl, b, 7, 0.0);

  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace sigap::routing::text
