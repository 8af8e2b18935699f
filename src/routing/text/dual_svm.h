#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sigap::routing::text {

// Training rows as a compressed sparse matrix: row r's entries are
// index/value[start[r] .. start[r + 1]).
struct SparseRows {
  std::vector<size_t> start = {0};
  std::vector<uint32_t> index;
  std::vector<float> value;
  uint32_t columns = 0;

  size_t rows() const { return start.size() - 1; }

  // w . row r, four sums at a time (independent additions overlap where
  // one running sum would wait on each).
  double Dot(const double* w, size_t r) const {
    double sum[4] = {0, 0, 0, 0};
    size_t k = start[r];
    const size_t end = start[r + 1];
    for (; k + 4 <= end; k += 4) {
      for (size_t j = 0; j < 4; ++j) sum[j] += w[index[k + j]] * value[k + j];
    }
    for (; k < end; ++k) sum[0] += w[index[k]] * value[k];
    return (sum[0] + sum[1]) + (sum[2] + sum[3]);
  }
};

struct DualSvmOptions {
  double c_positive = 1.0;  // C of the positive rows
  double c_negative = 1.0;  // and of the negative ones
  double eps = 0.1;         // stop when the projected gradient spans less than this
  int max_iterations = 1000;
  uint32_t seed = 0;  // of the order in which rows are visited
  // When set (one per column): each row is read as if every value were
  // multiplied by its column's scale (NBSVM's log-count ratios), without
  // copying the rows. The weights returned apply to the rows as they are,
  // i.e. they are the scaled problem's weights times the scales.
  const std::vector<float>* column_scale = nullptr;
};

// The weights (one per column) of an L2-regularised L2-loss linear SVM
// separating the rows with positive[r] from the others:
//   min_w 0.5 |w|^2 + sum_r C_r max(0, 1 - y_r w.x_r)^2,
// solved in the dual by coordinate descent with shrinking (Hsieh et al.,
// "A dual coordinate descent method for large-scale linear SVM", ICML 2008:
// the algorithm of LIBLINEAR's -s 1, with the same stopping rule). The
// rows are visited in an order drawn from `seed` alone, so the result does
// not depend on threads or on the C library. With a column_scale s the
// problem solved is the one over rows x * s, and w * s is returned.
//
// Thread-safe: `rows` is only read.
std::vector<double> SolveDualSvm(const SparseRows& rows, const std::vector<bool>& positive,
                                 const DualSvmOptions& options);

}  // namespace sigap::routing::text
