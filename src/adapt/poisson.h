#pragma once

namespace sigap::adapt {

// P(X >= x) for X ~ Poisson(mean), x >= 0 (non-integer x is rounded up).
// Exact summation for small means, a Wilson-Hilferty normal approximation
// of the gamma relation for large ones. Returns 1 for x <= 0.
double PoissonUpperTail(double x, double mean);

// Kulldorff's log-likelihood ratio of c observed against e expected inside
// a zone when the total is n (Kulldorff 1997; 2005 for the space-time
// permutation model); 0 unless c > e.
double KulldorffLlr(double c, double e, double n);

}  // namespace sigap::adapt
