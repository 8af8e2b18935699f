#include "domain/skm_tally.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstring>
#include <numeric>
#include <utility>

namespace sigap::domain {
namespace {

// Lays out rows [0, m) of up to 8 answer columns as one word per row, the
// answer of column e in byte e (a loop the compiler vectorizes).
void Interleave(const uint8_t* const* columns, size_t count, size_t m,
                uint64_t* __restrict__ words) {
  if (count == 8) {
    const uint8_t* __restrict__ c0 = columns[0];
    const uint8_t* __restrict__ c1 = columns[1];
    const uint8_t* __restrict__ c2 = columns[2];
    const uint8_t* __restrict__ c3 = columns[3];
    const uint8_t* __restrict__ c4 = columns[4];
    const uint8_t* __restrict__ c5 = columns[5];
    const uint8_t* __restrict__ c6 = columns[6];
    const uint8_t* __restrict__ c7 = columns[7];
    for (size_t i = 0; i < m; ++i) {
      words[i] = uint64_t{c0[i]} | uint64_t{c1[i]} << 8 | uint64_t{c2[i]} << 16 |
                 uint64_t{c3[i]} << 24 | uint64_t{c4[i]} << 32 | uint64_t{c5[i]} << 40 |
                 uint64_t{c6[i]} << 48 | uint64_t{c7[i]} << 56;
    }
    return;
  }
  for (size_t i = 0; i < m; ++i) words[i] = 0;
  for (size_t e = 0; e < count; ++e) {
    const uint8_t* __restrict__ column = columns[e];
    const unsigned shift = 8 * static_cast<unsigned>(e);
    for (size_t i = 0; i < m; ++i) words[i] |= uint64_t{column[i]} << shift;
  }
}

// Student's t, 0.975 quantile, for 1 to 30 degrees of freedom.
constexpr double kT975[] = {12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912,
                            2.364624,  2.306004, 2.262157, 2.228139, 2.200985, 2.178813,
                            2.160369,  2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
                            2.093024,  2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
                            2.059539,  2.055529, 2.051831, 2.048407, 2.045230, 2.042272};

}  // namespace

double StudentT975(double degrees_of_freedom) {
  const double v = std::floor(std::max(1.0, degrees_of_freedom));
  if (v <= static_cast<double>(std::size(kT975))) return kT975[static_cast<size_t>(v) - 1];
  constexpr double z = 1.959963984540054;
  const double z2 = z * z;
  const double g1 = (z2 + 1) * z / 4;
  const double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
}

SkmChangeInterval ChangeInterval(const SkmInterval& now, const SkmInterval& then) {
  SkmChangeInterval out;
  const double a = now.standard_error, b = then.standard_error;
  out.standard_error = std::hypot(a, b);
  // An interval has n >= 2. Both spreads nil (every answer alike in both):
  // the difference is exact, whatever the degrees.
  const double freedom =
      std::pow(out.standard_error, 4) / (std::pow(a, 4) / static_cast<double>(now.n - 1) +
                                         std::pow(b, 4) / static_cast<double>(then.n - 1));
  out.degrees_of_freedom = std::isfinite(freedom) ? freedom : 1;
  out.half_width = StudentT975(out.degrees_of_freedom) * out.standard_error;
  return out;
}

SkmColumns::SkmColumns(size_t elements) : columns_(elements) {}

void SkmColumns::Add(std::span<const uint8_t> answers, uint32_t group) {
  assert(answers.size() == columns_.size());
  for (size_t e = 0; e < columns_.size(); ++e) {
    assert(answers[e] <= 4);
    columns_[e].push_back(answers[e]);
  }
  groups_.push_back(group);
}

void SkmColumns::Reserve(size_t respondents) {
  for (auto& column : columns_) column.reserve(respondents);
  groups_.reserve(respondents);
}

std::vector<size_t> SkmScore::Priorities() const {
  std::vector<size_t> order(elements.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& x = elements[a].nrr;
    const auto& y = elements[b].nrr;
    if (x.has_value() != y.has_value()) return x.has_value();
    return x.has_value() && *x < *y;
  });
  return order;
}

SkmTally::SkmTally(SkmDefinition definition, size_t groups)
    : definition_(std::move(definition)),
      elements_(definition_.elements().size()),
      answered_(groups * elements_),
      totals_(groups * elements_),
      respondents_(groups),
      moments_(groups) {}

double SkmTally::RespondentScore(std::span<const uint8_t> answers) const {
  const auto& weights = definition_.weights();
  double weighted = 0, weight = 0;
  for (size_t e = 0; e < elements_; ++e) {
    if (answers[e] == 0) continue;
    weighted += weights[e] * answers[e];
    weight += weights[e];
  }
  return weight > 0 ? 25 * weighted / weight : 0;
}

void SkmTally::Add(std::span<const uint8_t> answers, uint32_t group) {
  assert(answers.size() == elements_ && group < groups());
  bool any = false;
  for (size_t e = 0; e < elements_; ++e) {
    answered_[group * elements_ + e] += answers[e] != 0;
    totals_[group * elements_ + e] += answers[e];
    any = any || answers[e] != 0;
  }
  ++respondents_[group];
  if (!any) return;
  const double y = RespondentScore(answers);
  Moments& m = moments_[group];
  m.sum += y;
  m.sum_squares += y * y;
  ++m.n;
}

// The bulk path, written for speed (issue 6: 10,000,000 responses by unit ×
// month in well under 0.1 s on one core). Elements are taken 8 at a time
// ("chunks"); rows in blocks. For each block the answers of a chunk are
// first laid side by side in one 64-bit word per row, one byte per
// element. Each group then adds that word to a word of byte counters (the
// sums) and its "answered" mask to another (the counts): a respondent costs
// two additions per 8 elements, or one for a chunk of at most 4 (sums in
// bytes 0–3, counts in bytes 4–7; the 9th element of the 2017 scheme). A
// group's bytes are added into 16-bit lanes every 63 of its respondents,
// before a byte could overflow (63 × 4 = 252), and the lanes into the
// 64-bit totals every 256 such flushes (256 × 252 < 65,536). With equal
// weights and at most 9 elements the respondent's score 25·T/k (T the sum,
// k the number of answers) is kept exactly as the integer z = T · (2520 /
// k), 2520 = lcm(1..9), so the interval needs no floating point per
// respondent either.
void SkmTally::AddColumns(const SkmColumns& columns) {
  assert(columns.elements() == elements_);
  constexpr uint64_t kOnes = 0x0101010101010101ull, kLow7 = 0x7F7F7F7F7F7F7F7Full;
  constexpr uint64_t kEvenBytes = 0x00FF00FF00FF00FFull;
  constexpr uint64_t kScale = 2520;
  constexpr size_t kBlockWords = 2048, kFlushAt = 63;
  const size_t rows = columns.size();
  const size_t chunks = (elements_ + 7) / 8;
  const size_t last_width = elements_ - 8 * (chunks - 1);
  const bool last_combined = last_width <= 4;
  // Per group, the words a respondent touches: the chunks' words, then Σz,
  // Σz², the respondents with an answer and the respondents since the last
  // flush. Apart, touched at flushes only: each word widened into two words
  // of 16-bit lanes (its even and odd bytes), and the number of flushes.
  const size_t chunk_words = 2 * chunks - (last_combined ? 1 : 0);
  const size_t hot = chunk_words + 4;
  const size_t stride = (hot + 7) / 8 * 8;
  const size_t cold_stride = 2 * chunk_words + 1;
  // Records start on a 64-byte line, so with 9 elements a respondent
  // touches one cache line; the lanes are apart, so they take no cache
  // space between flushes.
  std::vector<uint64_t> scratch_memory(groups() * stride + 8);
  uint64_t* const scratch =
      scratch_memory.data() + (8 - reinterpret_cast<uintptr_t>(scratch_memory.data()) / 8 % 8) % 8;
  std::vector<uint64_t> cold(groups() * cold_stride);
  const bool exact = definition_.equal_weights() && elements_ <= 9;
  uint64_t z_factor[10] = {0};
  for (uint64_t k = 1; k <= 9; ++k) z_factor[k] = kScale / k;

  // Where element e's sum and count bytes are: (word, byte).
  auto sum_at = [&](size_t e) { return std::pair<size_t, size_t>{2 * (e / 8), e % 8}; };
  auto count_at = [&](size_t e) {
    const bool combined = e / 8 == chunks - 1 && last_combined;
    return combined ? std::pair<size_t, size_t>{2 * (e / 8), 4 + e % 8}
                    : std::pair<size_t, size_t>{2 * (e / 8) + 1, e % 8};
  };
  // Empties a group's 16-bit lanes into the 64-bit totals.
  auto drain = [&](size_t g) {
    uint64_t* lanes = cold.data() + g * cold_stride;
    auto lane = [&](std::pair<size_t, size_t> at) {
      return (lanes[2 * at.first + at.second % 2] >> (16 * (at.second / 2))) & 0xFFFF;
    };
    for (size_t e = 0; e < elements_; ++e) {
      totals_[g * elements_ + e] += lane(sum_at(e));
      answered_[g * elements_ + e] += lane(count_at(e));
    }
    for (size_t w = 0; w <= 2 * chunk_words; ++w) lanes[w] = 0;
  };
  // Adds a group's bytes into its 16-bit lanes.
  auto flush = [&](size_t g) {
    uint64_t* record = scratch + g * stride;
    uint64_t* lanes = cold.data() + g * cold_stride;
    for (size_t w = 0; w < chunk_words; ++w) {
      lanes[2 * w] += record[w] & kEvenBytes;
      lanes[2 * w + 1] += (record[w] >> 8) & kEvenBytes;
      record[w] = 0;
    }
    respondents_[g] += record[hot - 1];
    record[hot - 1] = 0;
    if (++lanes[2 * chunk_words] == 256) drain(g);
  };

  const uint32_t* group_of = columns.groups().data();
  std::vector<uint8_t> row(elements_);
  // On the stack, so the compiler knows nothing else points into it.
  uint64_t words[kBlockWords];
  const size_t block = kBlockWords / chunks;
  // kChunks = 2 (9 to 16 elements) lets the compiler unroll; 0 = any.
  auto accumulate = [&]<size_t kChunks, bool kLastCombined>() {
    // Plain locals: the compiler must otherwise assume that the uint64_t
    // stores below may change the (same-typed) captured sizes.
    const size_t n_chunks = kChunks != 0 ? kChunks : chunks;
    const size_t n_rows = rows, n_block = block, n_stride = stride, n_hot = hot;
    const size_t n_elements = elements_;
    const bool combine_last = kChunks != 0 ? kLastCombined : last_combined;
    [[maybe_unused]] const size_t n_groups = groups();
    const bool is_exact = exact;
    uint64_t* const scratch_data = scratch;
    uint64_t zf[10];
    std::copy(z_factor, z_factor + 10, zf);
    for (size_t base = 0; base < n_rows; base += n_block) {
      const size_t m = std::min(n_block, n_rows - base);
      for (size_t c = 0; c < n_chunks; ++c) {
        const uint8_t* chunk[8];
        const size_t count = std::min<size_t>(8, n_elements - 8 * c);
        for (size_t e = 0; e < count; ++e) chunk[e] = columns.column(8 * c + e).data() + base;
        Interleave(chunk, count, m, words + c * n_block);
      }
      for (size_t i = 0; i < m; ++i) {
        const uint32_t g = group_of[base + i];
        assert(g < n_groups);
        uint64_t* record = scratch_data + g * n_stride;
        uint64_t sum = 0, count = 0;
        for (size_t c = 0; c < n_chunks; ++c) {
          const uint64_t word = words[c * n_block + i];
          const uint64_t answered = ((word + kLow7) >> 7) & kOnes;  // 1 per nonzero byte
          if (c == n_chunks - 1 && combine_last) {
            record[2 * c] += word | answered << 32;
          } else {
            record[2 * c] += word;
            record[2 * c + 1] += answered;
          }
          sum += (word * kOnes) >> 56;  // bytes ≤ 4 × 8: no carry out
          count += (answered * kOnes) >> 56;
        }
        if (is_exact) {
          const uint64_t z = sum * zf[count];
          record[n_hot - 4] += z;
          record[n_hot - 3] += z * z;
          record[n_hot - 2] += count != 0;
        } else if (count > 0) {
          for (size_t e = 0; e < n_elements; ++e) row[e] = columns.column(e)[base + i];
          const double y = RespondentScore(row);
          moments_[g].sum += y;
          moments_[g].sum_squares += y * y;
          ++moments_[g].n;
        }
        if (++record[n_hot - 1] == kFlushAt) flush(g);
      }
    }
  };
  if (chunks == 2 && last_combined) {
    accumulate.operator()<2, true>();
  } else {
    accumulate.operator()<0, false>();
  }
  for (size_t g = 0; g < groups(); ++g) {
    flush(g);
    drain(g);
    if (exact) {
      // Σy = 25/2520 · Σz, Σy² = (25/2520)² · Σz².
      const uint64_t* record = scratch + g * stride;
      const double unit = 25.0 / kScale;
      moments_[g].sum += unit * static_cast<double>(record[hot - 4]);
      moments_[g].sum_squares += unit * unit * static_cast<double>(record[hot - 3]);
      moments_[g].n += record[hot - 2];
    }
  }
}

SkmScore SkmTally::Finish(std::span<const uint64_t> answered, std::span<const uint64_t> totals,
                          uint64_t respondents, const Moments& moments,
                          std::optional<int64_t> population) const {
  SkmScore score;
  score.respondents = respondents;
  score.elements.resize(elements_);
  const auto& weights = definition_.weights();
  bool complete = true;
  double nrr_sum = 0, weighted_sum = 0;
  for (size_t e = 0; e < elements_; ++e) {
    SkmElementScore& element = score.elements[e];
    element.answered = answered[e];
    element.total = totals[e];
    if (element.answered == 0) {
      complete = false;
      continue;
    }
    // PermenPAN-RB 14/2017: NRR = sum of the element's scores ÷ the
    // respondents who answered it.
    const double nrr = static_cast<double>(element.total) / static_cast<double>(element.answered);
    element.nrr = nrr;
    element.weighted = nrr * weights[e];
    nrr_sum += nrr;
    weighted_sum += *element.weighted;
  }
  if (!complete) return score;
  // IKM = Σ NRR × weight × 25; with equal weights the sum is divided by n
  // once, so 1/9 is exact rather than 0.111….
  const double ikm = definition_.equal_weights() ? 25 * nrr_sum / static_cast<double>(elements_)
                                                 : 25 * weighted_sum;
  score.ikm = ikm;
  score.ikm_rounded = RoundIkm(ikm);
  score.grade = definition_.Grade(ikm);

  if (moments.n >= 2) {
    const double n = static_cast<double>(moments.n);
    const double mean = moments.sum / n;
    const double variance = std::max(0.0, (moments.sum_squares - n * mean * mean) / (n - 1));
    double standard_error = std::sqrt(variance / n);
    if (population && *population > 1 && static_cast<uint64_t>(*population) >= moments.n) {
      const double big_n = static_cast<double>(*population);
      standard_error *= std::sqrt((big_n - n) / (big_n - 1));
    }
    const double half = StudentT975(n - 1) * standard_error;
    score.ci = SkmInterval{std::max(25.0, ikm - half), std::min(100.0, ikm + half), half, moments.n,
                           standard_error};
  }
  return score;
}

SkmScore SkmTally::Score(uint32_t group, std::optional<int64_t> population) const {
  assert(group < groups());
  const size_t at = group * elements_;
  return Finish(std::span(answered_).subspan(at, elements_),
                std::span(totals_).subspan(at, elements_), respondents_[group], moments_[group],
                population);
}

SkmScore SkmTally::Total(std::optional<int64_t> population) const {
  std::vector<uint64_t> answered(elements_), totals(elements_);
  uint64_t respondents = 0;
  Moments moments;
  for (size_t g = 0; g < groups(); ++g) {
    for (size_t e = 0; e < elements_; ++e) {
      answered[e] += answered_[g * elements_ + e];
      totals[e] += totals_[g * elements_ + e];
    }
    respondents += respondents_[g];
    moments.sum += moments_[g].sum;
    moments.sum_squares += moments_[g].sum_squares;
    moments.n += moments_[g].n;
  }
  return Finish(answered, totals, respondents, moments, population);
}

}  // namespace sigap::domain
