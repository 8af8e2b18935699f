#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace sigap::routing::text {

// How a Classifier maps a model's scores s (one per label, L labels) to
// probabilities after the temperature T: softmax(s / T) alone, or
// softmax(W (s / T) + b) with W diagonal (vector scaling) or a full L × L
// matrix (matrix scaling), fitted on held-out scores (Guo et al. 2017,
// "On Calibration of Modern Neural Networks"). The matrix's off-diagonal
// entries and the biases are L2-regularised as in Kull et al. 2019
// ("Beyond temperature scaling: obtaining well-calibrated multiclass
// probabilities with Dirichlet calibration", ODIR), so that it can learn
// which related labels a model confuses without overfitting.
//
// Matrix scaling is the default: on the protocol it moved top-1
// from 78.0% to 80.1% and top-3 from 92.5% to 94.9% (mean of 5 seeds,
// off_diagonal 20, cross-validated: bench/RESULTS.md, "Accuracy, seventh
// pass"). Each fit costs n × L² per iteration, so above kMaxMatrixLabels
// labels the matrix is fitted diagonal (vector scaling) instead.
enum class ScalingKind { kTemperature, kVector, kMatrix };

inline constexpr size_t kMaxMatrixLabels = 64;

struct ScalingOptions {
  ScalingKind kind = ScalingKind::kMatrix;
  double off_diagonal = 20;  // ODIR's lambda: weight of the off-diagonal entries' squares
  double intercept = 0.01;   // ODIR's mu: weight of the biases' squares
};

// "temperature", "vector" or "matrix"; kInvalidArgument otherwise.
[[nodiscard]] Result<ScalingKind> ParseScalingKind(std::string_view name);

// Fits W and b on held-out `scores` of true labels `truth`, after the
// temperature: returns W row by row (L × L), then b (L); the identity and
// zeros when the kind is kTemperature. Deterministic.
std::vector<double> FitScaling(const std::vector<std::vector<float>>& scores,
                               const std::vector<int>& truth, double temperature,
                               const ScalingOptions& options);

// softmax(v), in place, numerically safe.
void SoftmaxInPlace(std::vector<double>& v);

// Whether `scaling` (FitScaling's layout) has no off-diagonal entry.
bool IsDiagonal(const std::vector<double>& scaling);

// The logits W (s / T) + b of `scores` under `scaling` (FitScaling's
// layout; empty: s / T); `diagonal` (IsDiagonal) reads W's diagonal alone.
void ScaledLogits(const std::vector<double>& scaling, bool diagonal,
                  const std::vector<float>& scores, double temperature,
                  std::vector<double>& logits);

}  // namespace sigap::routing::text
