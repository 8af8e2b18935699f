#include "routing/text/dual_svm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

namespace sigap::routing::text {

std::vector<double> SolveDualSvm(const SparseRows& rows, const std::vector<bool>& positive,
                                 const DualSvmOptions& options) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const size_t l = rows.rows();
  std::vector<double> w(rows.columns, 0.0);
  std::vector<double> alpha(l, 0.0);
  // The L2 loss puts 1 / (2 C) on the diagonal of the dual's Hessian.
  const double diag[2] = {0.5 / options.c_negative, 0.5 / options.c_positive};
  // With scales s the solver keeps u = w * s: u . x is the scaled row's
  // score, and a step d on a row moves u by d x s^2.
  std::vector<double> scale2;
  if (options.column_scale != nullptr) {
    scale2.resize(rows.columns);
    for (uint32_t j = 0; j < rows.columns; ++j) {
      const double s = (*options.column_scale)[j];
      scale2[j] = s * s;
    }
  }
  std::vector<double> qd(l);
  std::vector<uint32_t> order(l);
  for (size_t r = 0; r < l; ++r) {
    double sq = 0;
    for (size_t k = rows.start[r]; k < rows.start[r + 1]; ++k) {
      const double v = rows.value[k];
      sq += v * v * (scale2.empty() ? 1.0 : scale2[rows.index[k]]);
    }
    qd[r] = sq + diag[positive[r] ? 1 : 0];
    order[r] = static_cast<uint32_t>(r);
  }
  const uint32_t* index = rows.index.data();
  const float* value = rows.value.data();
  std::mt19937 rng(options.seed);
  size_t active = l;
  double pg_max_old = kInf;  // shrinking threshold from the previous pass
  for (int iteration = 0; iteration < options.max_iterations;) {
    double pg_max = -kInf;
    double pg_min = kInf;
    for (size_t i = 0; i < active; ++i) std::swap(order[i], order[i + rng() % (active - i)]);
    for (size_t s = 0; s < active; ++s) {
      const uint32_t r = order[s];
      const double y = positive[r] ? 1.0 : -1.0;
      const size_t begin = rows.start[r];
      const size_t end = rows.start[r + 1];
      const double dot = rows.Dot(w.data(), r);
      const double g = y * dot - 1.0 + alpha[r] * diag[positive[r] ? 1 : 0];
      double pg = 0;
      if (alpha[r] == 0) {
        if (g > pg_max_old) {  // at its bound and likely to stay: shrink it away
          --active;
          std::swap(order[s], order[active]);
          --s;
          continue;
        }
        if (g < 0) pg = g;
      } else {
        pg = g;
      }
      pg_max = std::max(pg_max, pg);
      pg_min = std::min(pg_min, pg);
      if (std::fabs(pg) > 1e-12) {
        const double old = alpha[r];
        alpha[r] = std::max(old - g / qd[r], 0.0);
        const double d = (alpha[r] - old) * y;
        if (scale2.empty()) {
          for (size_t k = begin; k < end; ++k) w[index[k]] += d * value[k];
        } else {
          for (size_t k = begin; k < end; ++k) w[index[k]] += d * value[k] * scale2[index[k]];
        }
      }
    }
    ++iteration;
    if (pg_max - pg_min <= options.eps) {
      if (active == l) break;
      // Converged on the active rows: check all of them once more.
      active = l;
      pg_max_old = kInf;
      continue;
    }
    pg_max_old = pg_max <= 0 ? kInf : pg_max;
  }
  return w;
}

}  // namespace sigap::routing::text
