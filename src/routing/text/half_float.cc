#include "routing/text/half_float.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace sigap::routing::text {
namespace {

#if defined(__x86_64__)
// AddScaledHalf with F16C's conversion, eight weights at a time.
__attribute__((target("avx,f16c"))) void AddScaledHalfF16c(float v, const uint16_t* w, float* sums,
                                                           size_t n) {
  const __m256 scale = _mm256_set1_ps(v);
  for (size_t c = 0; c < n; c += 8) {
    const __m256 weights =
        _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + c)));
    _mm256_storeu_ps(sums + c,
                     _mm256_add_ps(_mm256_loadu_ps(sums + c), _mm256_mul_ps(scale, weights)));
  }
}

// AVX usable (which __builtin_cpu_supports checks with the OS) and F16C
// (from CPUID: clang's __builtin_cpu_supports does not know "f16c").
bool HasF16c() {
  static const bool has = [] {
    unsigned a = 0;
    unsigned b = 0;
    unsigned c = 0;
    unsigned d = 0;
    return __builtin_cpu_supports("avx") && __get_cpuid(1, &a, &b, &c, &d) != 0 &&
           (c & bit_F16C) != 0;
  }();
  return has;
}
#endif

}  // namespace

void AddScaledHalfPortable(float v, const uint16_t* w, float* sums, size_t n) {
  for (size_t c = 0; c < n; ++c) sums[c] += v * HalfToFloat(w[c]);
}

void AddScaledHalf(float v, const uint16_t* w, float* sums, size_t n) {
#if defined(__x86_64__)
  if (HasF16c()) return AddScaledHalfF16c(v, w, sums, n);
#endif
  AddScaledHalfPortable(v, w, sums, n);
}

}  // namespace sigap::routing::text
