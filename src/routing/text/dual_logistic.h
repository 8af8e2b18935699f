#pragma once

#include <cstdint>
#include <vector>

#include "routing/text/dual_svm.h"

namespace sigap::routing::text {

struct DualLogisticOptions {
  double c_positive = 1.0;  // C of the positive rows
  double c_negative = 1.0;  // and of the negative ones
  double eps = 0.1;         // stop when the largest gradient is below this
  int max_iterations = 1000;
  uint32_t seed = 0;  // of the order in which rows are visited
};

// The weights (one per column) of an L2-regularised logistic regression
// separating the rows with positive[r] from the others:
//   min_w 0.5 |w|^2 + sum_r C_r log(1 + exp(-y_r w.x_r)),
// solved in the dual by coordinate descent with a Newton step per row (Yu,
// Huang & Lin, "Dual coordinate descent methods for logistic regression
// and maximum entropy models", Machine Learning 85, 2011: the algorithm of
// LIBLINEAR's -s 7, with the same stopping rule). The rows are visited in
// an order drawn from `seed` alone, so the result does not depend on
// threads or on the C library's rand().
//
// Thread-safe: `rows` is only read.
std::vector<double> SolveDualLogistic(const SparseRows& rows, const std::vector<bool>& positive,
                                      const DualLogisticOptions& options);

}  // namespace sigap::routing::text
