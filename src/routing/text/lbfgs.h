#pragma once

#include <functional>
#include <vector>

namespace sigap::routing::text {

// A smooth function to minimise: returns f(x) and writes its gradient into
// `gradient` (sized as x).
using Objective =
    std::function<double(const std::vector<double>& x, std::vector<double>& gradient)>;

// Limited-memory BFGS (Nocedal 1980; Nocedal & Wright, Numerical
// Optimization, algorithm 7.5) with a backtracking line search: minimises
// `f` from `x`, which it leaves at the minimum found. Stops after
// `max_iterations` or when the gradient's largest entry falls below
// `tolerance`. Deterministic. Returns the final f(x).
double MinimiseLbfgs(const Objective& f, std::vector<double>& x, int max_iterations = 500,
                     double tolerance = 1e-6, int memory = 10);

}  // namespace sigap::routing::text
