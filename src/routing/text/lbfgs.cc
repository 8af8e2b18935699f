#include "routing/text/lbfgs.h"

#include <algorithm>
#include <cmath>
#include <deque>

namespace sigap::routing::text {
namespace {

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

double MaxAbs(const std::vector<double>& v) {
  double m = 0;
  for (const double x : v) m = std::max(m, std::fabs(x));
  return m;
}

}  // namespace

double MinimiseLbfgs(const Objective& f, std::vector<double>& x, int max_iterations,
                     double tolerance, int memory) {
  const size_t n = x.size();
  std::vector<double> g(n);
  double fx = f(x, g);
  std::deque<std::vector<double>> s_history;
  std::deque<std::vector<double>> y_history;
  std::deque<double> rho_history;
  std::vector<double> direction(n);
  std::vector<double> next(n);
  std::vector<double> next_g(n);
  for (int iteration = 0; iteration < max_iterations && MaxAbs(g) > tolerance; ++iteration) {
    // Two-loop recursion: direction = -H g.
    direction = g;
    std::vector<double> alpha(s_history.size());
    for (size_t i = s_history.size(); i-- > 0;) {
      alpha[i] = rho_history[i] * Dot(s_history[i], direction);
      for (size_t j = 0; j < n; ++j) direction[j] -= alpha[i] * y_history[i][j];
    }
    if (!s_history.empty()) {
      const double gamma =
          Dot(s_history.back(), y_history.back()) / Dot(y_history.back(), y_history.back());
      for (double& d : direction) d *= gamma;
    }
    for (size_t i = 0; i < s_history.size(); ++i) {
      const double beta = rho_history[i] * Dot(y_history[i], direction);
      for (size_t j = 0; j < n; ++j) direction[j] += s_history[i][j] * (alpha[i] - beta);
    }
    for (double& d : direction) d = -d;
    double slope = Dot(g, direction);
    if (slope >= 0) {  // not a descent direction: restart from the gradient
      for (size_t j = 0; j < n; ++j) direction[j] = -g[j];
      slope = Dot(g, direction);
      s_history.clear();
      y_history.clear();
      rho_history.clear();
    }
    // Backtracking until the Armijo condition holds.
    double step = s_history.empty() ? std::min(1.0, 1.0 / std::max(1e-12, MaxAbs(g))) : 1.0;
    double next_f = 0;
    bool moved = false;
    for (int tries = 0; tries < 40; ++tries) {
      for (size_t j = 0; j < n; ++j) next[j] = x[j] + step * direction[j];
      next_f = f(next, next_g);
      if (next_f <= fx + 1e-4 * step * slope) {
        moved = true;
        break;
      }
      step *= 0.5;
    }
    if (!moved) break;
    std::vector<double> s(n);
    std::vector<double> y(n);
    for (size_t j = 0; j < n; ++j) {
      s[j] = next[j] - x[j];
      y[j] = next_g[j] - g[j];
    }
    const double sy = Dot(s, y);
    x.swap(next);
    g.swap(next_g);
    const bool converged = fx - next_f <= 1e-12 * std::max(1.0, std::fabs(fx));
    fx = next_f;
    if (sy > 1e-12) {
      s_history.push_back(std::move(s));
      y_history.push_back(std::move(y));
      rho_history.push_back(1.0 / sy);
      if (static_cast<int>(s_history.size()) > memory) {
        s_history.pop_front();
        y_history.pop_front();
        rho_history.pop_front();
      }
    }
    if (converged) break;
  }
  return fx;
}

}  // namespace sigap::routing::text
