#include "adapt/poisson.h"

#include <cmath>

namespace sigap::adapt {

double PoissonUpperTail(double x, double mean) {
  const double k = std::ceil(x);
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  if (mean < 200 && k < 1000) {
    // 1 - P(X <= k-1), summing the pmf in log space.
    double term = std::exp(-mean);
    double cdf = term;
    for (int i = 1; i < static_cast<int>(k); ++i) {
      term *= mean / i;
      cdf += term;
    }
    if (cdf < 0.99) return 1 - cdf;
    // Sum the upper tail directly for precision.
    double t = std::exp(-mean + k * std::log(mean) - std::lgamma(k + 1));
    double tail = 0;
    for (int i = static_cast<int>(k); i < static_cast<int>(k) + 1000 && t > 1e-300; ++i) {
      tail += t;
      t *= mean / (i + 1);
    }
    return tail;
  }
  // P(X >= k) = P(Gamma(k) <= mean); Wilson-Hilferty.
  const double z = (std::cbrt(mean / k) - (1 - 1 / (9 * k))) / std::sqrt(1 / (9 * k));
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double KulldorffLlr(double c, double e, double n) {
  if (c <= e || e <= 0) return 0;
  double llr = c * std::log(c / e);
  if (n > c && n > e) llr += (n - c) * std::log((n - c) / (n - e));
  return llr;
}

}  // namespace sigap::adapt
