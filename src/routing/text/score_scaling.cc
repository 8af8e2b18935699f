#include "routing/text/score_scaling.h"

#include <algorithm>
#include <cmath>

#include "routing/text/lbfgs.h"

namespace sigap::routing::text {

void SoftmaxInPlace(std::vector<double>& v) {
  if (v.empty()) return;
  const double max = *std::max_element(v.begin(), v.end());
  double sum = 0;
  for (double& x : v) {
    x = std::exp(x - max);
    sum += x;
  }
  for (double& x : v) x /= sum;
}

Result<ScalingKind> ParseScalingKind(std::string_view name) {
  if (name == "temperature") return ScalingKind::kTemperature;
  if (name == "vector") return ScalingKind::kVector;
  if (name == "matrix") return ScalingKind::kMatrix;
  return Fail(ErrorCode::kInvalidArgument, "scaling must be temperature, vector or matrix");
}

bool IsDiagonal(const std::vector<double>& scaling) {
  size_t l = 0;
  while (l * l + l < scaling.size()) ++l;
  for (size_t j = 0; j < l; ++j) {
    for (size_t k = 0; k < l; ++k) {
      if (j != k && scaling[j * l + k] != 0.0) return false;
    }
  }
  return true;
}

void ScaledLogits(const std::vector<double>& scaling, bool diagonal,
                  const std::vector<float>& scores, double temperature,
                  std::vector<double>& logits) {
  const size_t l = scores.size();
  logits.assign(l, 0.0);
  if (scaling.size() != l * l + l) {
    for (size_t j = 0; j < l; ++j) logits[j] = scores[j] / temperature;
    return;
  }
  if (diagonal) {
    for (size_t j = 0; j < l; ++j) {
      logits[j] = scaling[l * l + j] + scaling[j * l + j] * (scores[j] / temperature);
    }
    return;
  }
  // s / T once (a division per entry of W cost a microsecond with 28 labels).
  thread_local std::vector<double> z;
  z.resize(l);
  for (size_t k = 0; k < l; ++k) z[k] = scores[k] / temperature;
  for (size_t j = 0; j < l; ++j) {
    const double* row = &scaling[j * l];
    double sum = scaling[l * l + j];
    for (size_t k = 0; k < l; ++k) sum += row[k] * z[k];
    logits[j] = sum;
  }
}

std::vector<double> FitScaling(const std::vector<std::vector<float>>& scores,
                               const std::vector<int>& truth, double temperature,
                               const ScalingOptions& options) {
  const size_t l = scores.empty() ? 0 : scores[0].size();
  std::vector<double> x(l * l + l, 0.0);
  for (size_t j = 0; j < l; ++j) x[j * l + j] = 1.0;
  if (options.kind == ScalingKind::kTemperature || l < 2) return x;
  const bool full = options.kind == ScalingKind::kMatrix && l <= kMaxMatrixLabels;
  const double n = static_cast<double>(scores.size());
  const double lambda = options.off_diagonal / static_cast<double>(l * (l - 1));
  const double mu = options.intercept / static_cast<double>(l);
  const Objective objective = [&](const std::vector<double>& w, std::vector<double>& g) {
    std::fill(g.begin(), g.end(), 0.0);
    double loss = 0;
    std::vector<double> p;
    std::vector<double> z(l);
    for (size_t i = 0; i < scores.size(); ++i) {
      for (size_t k = 0; k < l; ++k) z[k] = scores[i][k] / temperature;
      p.assign(l, 0.0);
      for (size_t j = 0; j < l; ++j) {
        double sum = w[l * l + j];
        if (full) {
          for (size_t k = 0; k < l; ++k) sum += w[j * l + k] * z[k];
        } else {
          sum += w[j * l + j] * z[j];
        }
        p[j] = sum;
      }
      SoftmaxInPlace(p);
      const size_t y = static_cast<size_t>(truth[i]);
      loss -= std::log(std::max(p[y], 1e-300));
      for (size_t j = 0; j < l; ++j) {
        const double d = (p[j] - (j == y ? 1.0 : 0.0)) / n;
        g[l * l + j] += d;
        if (full) {
          for (size_t k = 0; k < l; ++k) g[j * l + k] += d * z[k];
        } else {
          g[j * l + j] += d * z[j];
        }
      }
    }
    loss /= n;
    for (size_t j = 0; j < l; ++j) {
      for (size_t k = 0; k < l; ++k) {
        if (j == k) continue;
        loss += lambda * w[j * l + k] * w[j * l + k];
        g[j * l + k] += 2 * lambda * w[j * l + k];
      }
      loss += mu * w[l * l + j] * w[l * l + j];
      g[l * l + j] += 2 * mu * w[l * l + j];
    }
    return loss;
  };
  // 200 iterations: after them the objective still creeps down (by about
  // half a percent up to 1,000) without changing the held-out figures
  // (bench/RESULTS.md, "Accuracy, seventh pass"), and the cost is bounded.
  MinimiseLbfgs(objective, x, 200, 1e-5);
  return x;
}

}  // namespace sigap::routing::text
