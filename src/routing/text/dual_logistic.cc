#include "routing/text/dual_logistic.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>

namespace sigap::routing::text {

std::vector<double> SolveDualLogistic(const SparseRows& rows, const std::vector<bool>& positive,
                                      const DualLogisticOptions& options) {
  const size_t l = rows.rows();
  std::vector<double> y(l);
  std::vector<double> upper(l);  // C of each row: alpha + its complement sum to it
  for (size_t i = 0; i < l; ++i) {
    y[i] = positive[i] ? 1.0 : -1.0;
    upper[i] = positive[i] ? options.c_positive : options.c_negative;
  }
  const uint32_t* index = rows.index.data();
  const float* value = rows.value.data();
  std::vector<double> w(rows.columns, 0.0);
  // alpha[2i] is the row's dual variable, alpha[2i + 1] = C - alpha[2i]:
  // both stay strictly inside (0, C), where the entropy terms are defined.
  std::vector<double> alpha(2 * l);
  std::vector<double> xx(l);
  std::vector<uint32_t> order(l);
  for (size_t i = 0; i < l; ++i) {
    alpha[2 * i] = std::min(0.001 * upper[i], 1e-8);
    alpha[2 * i + 1] = upper[i] - alpha[2 * i];
    double sq = 0;
    for (size_t k = rows.start[i]; k < rows.start[i + 1]; ++k) {
      sq += static_cast<double>(value[k]) * value[k];
      w[index[k]] += y[i] * alpha[2 * i] * value[k];
    }
    xx[i] = sq;
    order[i] = static_cast<uint32_t>(i);
  }
  constexpr int kMaxInner = 100;  // Newton steps per row
  constexpr double kEta = 0.1;    // shrinks z when a Newton step leaves (0, C)
  const double inner_eps_min = std::min(1e-8, options.eps);
  double inner_eps = 1e-2;
  std::mt19937 rng(options.seed);
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    for (size_t i = 0; i < l; ++i) std::swap(order[i], order[i + rng() % (l - i)]);
    size_t newton_steps = 0;
    double g_max = 0;
    for (size_t s = 0; s < l; ++s) {
      const uint32_t i = order[s];
      const double c = upper[i];
      const double a = xx[i];
      const double b = y[i] * rows.Dot(w.data(), i);
      // Minimise g(z) = z log z + (C - z) log(C - z) + a/2 (z - old)^2 +
      // sign b (z - old) over the variable on the side the step goes.
      size_t one = 2 * i;
      size_t two = 2 * i + 1;
      double sign = 1;
      if (0.5 * a * (alpha[two] - alpha[one]) + b < 0) {
        std::swap(one, two);
        sign = -1;
      }
      const double old = alpha[one];
      double z = old;
      if (c - z < 0.5 * c) z *= 0.1;
      double gp = a * (z - old) + sign * b + std::log(z / (c - z));
      g_max = std::max(g_max, std::fabs(gp));
      int inner = 0;
      while (inner <= kMaxInner && std::fabs(gp) >= inner_eps) {
        const double gpp = a + c / (c - z) / z;
        const double next = z - gp / gpp;
        z = next <= 0 ? z * kEta : next;
        gp = a * (z - old) + sign * b + std::log(z / (c - z));
        ++newton_steps;
        ++inner;
      }
      if (inner > 0) {
        alpha[one] = z;
        alpha[two] = c - z;
        const double d = sign * (z - old) * y[i];
        for (size_t k = rows.start[i]; k < rows.start[i + 1]; ++k) {
          w[index[k]] += d * value[k];
        }
      }
    }
    if (g_max < options.eps) break;
    if (newton_steps <= l / 10) inner_eps = std::max(inner_eps_min, 0.1 * inner_eps);
  }
  return w;
}

}  // namespace sigap::routing::text
