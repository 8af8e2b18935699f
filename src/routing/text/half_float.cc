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

// AddScaledHalfRows with F16C's conversion: 32 sums at a time in four
// registers while every row adds to them (each sum still adds the rows in
// order, so the sums are AddScaledHalf's).
__attribute__((target("avx,f16c"))) void AddScaledHalfRowsF16c(const float* v,
                                                               const uint16_t* const* rows,
                                                               size_t count, float* sums,
                                                               size_t n) {
  size_t c = 0;
  for (; c + 32 <= n; c += 32) {
    __m256 s0 = _mm256_loadu_ps(sums + c);
    __m256 s1 = _mm256_loadu_ps(sums + c + 8);
    __m256 s2 = _mm256_loadu_ps(sums + c + 16);
    __m256 s3 = _mm256_loadu_ps(sums + c + 24);
    for (size_t r = 0; r < count; ++r) {
      const __m256 scale = _mm256_set1_ps(v[r]);
      const __m128i* w = reinterpret_cast<const __m128i*>(rows[r] + c);
      s0 = _mm256_add_ps(s0, _mm256_mul_ps(scale, _mm256_cvtph_ps(_mm_loadu_si128(w))));
      s1 = _mm256_add_ps(s1, _mm256_mul_ps(scale, _mm256_cvtph_ps(_mm_loadu_si128(w + 1))));
      s2 = _mm256_add_ps(s2, _mm256_mul_ps(scale, _mm256_cvtph_ps(_mm_loadu_si128(w + 2))));
      s3 = _mm256_add_ps(s3, _mm256_mul_ps(scale, _mm256_cvtph_ps(_mm_loadu_si128(w + 3))));
    }
    _mm256_storeu_ps(sums + c, s0);
    _mm256_storeu_ps(sums + c + 8, s1);
    _mm256_storeu_ps(sums + c + 16, s2);
    _mm256_storeu_ps(sums + c + 24, s3);
  }
  for (; c < n; c += 8) {
    __m256 s0 = _mm256_loadu_ps(sums + c);
    for (size_t r = 0; r < count; ++r) {
      const __m256 weights =
          _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[r] + c)));
      s0 = _mm256_add_ps(s0, _mm256_mul_ps(_mm256_set1_ps(v[r]), weights));
    }
    _mm256_storeu_ps(sums + c, s0);
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

void AddScaledHalfRowsPortable(const float* v, const uint16_t* const* rows, size_t count,
                               float* sums, size_t n) {
  for (size_t r = 0; r < count; ++r) AddScaledHalfPortable(v[r], rows[r], sums, n);
}

void AddScaledHalfRows(const float* v, const uint16_t* const* rows, size_t count, float* sums,
                       size_t n) {
#if defined(__x86_64__)
  if (HasF16c()) return AddScaledHalfRowsF16c(v, rows, count, sums, n);
#endif
  AddScaledHalfRowsPortable(v, rows, count, sums, n);
}

void AddScaledHalf(float v, const uint16_t* w, float* sums, size_t n) {
#if defined(__x86_64__)
  if (HasF16c()) return AddScaledHalfF16c(v, w, sums, n);
#endif
  AddScaledHalfPortable(v, w, sums, n);
}

}  // namespace sigap::routing::text
