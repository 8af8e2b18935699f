#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

// IEEE 754 half-precision floats (binary16), as a LinearTextModel keeps its
// weights: half the bytes of a float, 11 significant bits (a relative
// rounding error of at most 2^-11, 0.05%). The conversions are portable
// code; AddScaledHalf uses F16C where the CPU has it, to the same values.
namespace sigap::routing::text {

// The half nearest to `f`, ties to even; beyond ±65504 it is ±infinity.
inline uint16_t FloatToHalf(float f) {
  uint32_t x = 0;
  std::memcpy(&x, &f, sizeof x);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000U);
  x &= 0x7fffffffU;
  if (x >= 0x7f800000U) {  // infinity or NaN
    return static_cast<uint16_t>(sign | 0x7c00U | (x > 0x7f800000U ? 0x200U : 0U));
  }
  if (x >= 0x477ff000U) return static_cast<uint16_t>(sign | 0x7c00U);  // rounds past 65504
  if (x <= 0x33000000U) return sign;  // at most 2^-25: rounds to zero
  if (x < 0x38800000U) {              // below 2^-14: a subnormal half, units of 2^-24
    const uint32_t shift = 126 - (x >> 23);
    const uint32_t m = (x & 0x7fffffU) | 0x800000U;
    uint32_t q = m >> shift;
    const uint32_t rest = m & ((1U << shift) - 1);
    const uint32_t half_way = 1U << (shift - 1);
    if (rest > half_way || (rest == half_way && (q & 1U) != 0)) ++q;
    return static_cast<uint16_t>(sign | q);
  }
  uint32_t h = (x >> 13) - ((127 - 15) << 10);  // exponent rebiased, top 10 bits of mantissa
  const uint32_t rest = x & 0x1fffU;
  if (rest > 0x1000U || (rest == 0x1000U && (h & 1U) != 0)) ++h;  // a carry raises the exponent
  return static_cast<uint16_t>(sign | h);
}

// The value of half `h`, exactly.
inline float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000U) << 16;
  uint32_t exponent = (h >> 10) & 0x1fU;
  uint32_t mantissa = h & 0x3ffU;
  uint32_t bits = sign;
  if (exponent == 0x1fU) {
    bits |= 0x7f800000U | (mantissa << 13);
  } else if (exponent != 0) {
    bits |= ((exponent + 127 - 15) << 23) | (mantissa << 13);
  } else if (mantissa != 0) {  // subnormal: normalise
    exponent = 127 - 15 + 1;
    while ((mantissa & 0x400U) == 0) {
      mantissa <<= 1;
      --exponent;
    }
    bits |= (exponent << 23) | ((mantissa & 0x3ffU) << 13);
  }
  float f = 0;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// sums[c] += v * w[c] for c < n, n a multiple of 8, with half-float weights:
// one float multiplication and one float addition per weight, with F16C's
// conversion where the CPU has it (and AVX), else AddScaledHalfPortable's;
// the sums are the same either way, so a model scores the same on every CPU.
void AddScaledHalf(float v, const uint16_t* w, float* sums, size_t n);
void AddScaledHalfPortable(float v, const uint16_t* w, float* sums, size_t n);

// AddScaledHalf(v[r], rows[r], sums, n) for r < count, in that order, in
// one call: the same sums, but with F16C they stay in registers from row
// to row instead of being loaded and stored for each.
void AddScaledHalfRows(const float* v, const uint16_t* const* rows, size_t count, float* sums,
                       size_t n);
void AddScaledHalfRowsPortable(const float* v, const uint16_t* const* rows, size_t count,
                               float* sums, size_t n);

}  // namespace sigap::routing::text
