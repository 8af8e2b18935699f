#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "domain/skm.h"

namespace sigap::domain {

// Answers of many respondents stored by column: one byte per respondent
// per element (0 = not answered, 1..4), and a group number per respondent.
// Cheap to append to, so a server can keep one current as responses arrive.
//
// Not thread-safe for writing; concurrent reads are fine.
class SkmColumns {
 public:
  explicit SkmColumns(size_t elements);

  // Appends a respondent. Requires answers.size() == elements() and every
  // answer in 0..4 (callers validate user input first).
  void Add(std::span<const uint8_t> answers, uint32_t group = 0);
  void Reserve(size_t respondents);

  size_t elements() const { return columns_.size(); }
  size_t size() const { return groups_.size(); }
  const std::vector<uint8_t>& column(size_t element) const { return columns_[element]; }
  const std::vector<uint32_t>& groups() const { return groups_; }
  uint8_t answer(size_t respondent, size_t element) const { return columns_[element][respondent]; }

 private:
  std::vector<std::vector<uint8_t>> columns_;
  std::vector<uint32_t> groups_;
};

// What one element scored.
struct SkmElementScore {
  uint64_t answered = 0;  // respondents who answered it
  uint64_t total = 0;     // sum of their answers
  // total ÷ answered (PermenPAN-RB 14/2017); empty when nobody answered.
  std::optional<double> nrr;
  std::optional<double> weighted;  // nrr × weight
};

// A 95% confidence interval of the IKM (see SkmTally::Score for the method).
struct SkmInterval {
  double lower = 0;
  double upper = 0;
  double half_width = 0;
  uint64_t n = 0;             // respondents with at least one answer
  double standard_error = 0;  // s / √n (× the finite population correction)
};

// The 0.975 quantile of Student's t with `degrees_of_freedom` (at least 1):
// the factor of a two-sided 95% interval from a sample's standard error.
// Exact to six digits from a table up to 30 (Fisher & Yates), beyond by
// the Cornish-Fisher expansion about the normal 1.959964 (Abramowitz &
// Stegun 26.7.5), which agrees with the table at 30 to 1e-6. A fraction
// of a degree (Welch's) is rounded down: the wider interval.
double StudentT975(double degrees_of_freedom);

// The 95% interval of the difference of two independent IKM estimates
// (two periods, or two units), by Welch's method (Welch 1947): the
// standard errors combined, Student's t with the Welch-Satterthwaite
// degrees of freedom.
struct SkmChangeInterval {
  double standard_error = 0;  // √(se₁² + se₂²)
  double degrees_of_freedom = 1;
  double half_width = 0;
};
SkmChangeInterval ChangeInterval(const SkmInterval& now, const SkmInterval& then);

// The result of a survey, overall or for one group.
struct SkmScore {
  uint64_t respondents = 0;
  std::vector<SkmElementScore> elements;  // in the definition's order
  // Σ NRR × weight × 25, unrounded; empty when an element has no answer
  // at all (its NRR, hence the IKM, is undefined).
  std::optional<double> ikm;
  std::optional<double> ikm_rounded;  // RoundIkm(ikm)
  std::optional<SkmGrade> grade;      // the band of ikm_rounded
  // Empty with fewer than 2 respondents who answered.
  std::optional<SkmInterval> ci;

  // Element indexes by NRR ascending (weakest first; unanswered last), ties
  // by definition order: the improvement priorities.
  std::vector<size_t> Priorities() const;
};

// Running totals per group, laid out by column: for each group and element
// the number of answers and their sum, and for each group the sums of the
// respondents' scores and of their squares (for the confidence interval).
// Add() updates it one response at a time; AddColumns() in bulk.
//
// Keeps a copy of the definition. Not thread-safe for writing.
class SkmTally {
 public:
  SkmTally(SkmDefinition definition, size_t groups);

  // Adds one respondent to `group` (< groups()). Requires answers.size() ==
  // the number of elements, answers in 0..4.
  void Add(std::span<const uint8_t> answers, uint32_t group = 0);
  // Adds every respondent of `columns` to its group. Requires the same
  // number of elements and every group < groups().
  void AddColumns(const SkmColumns& columns);

  size_t groups() const { return respondents_.size(); }
  const SkmDefinition& definition() const { return definition_; }

  // Returns the score of one group. The 95% interval: each respondent's
  // score is 25 × Σ w·answer ÷ Σ w over the elements they answered (for a
  // full response its mean over respondents is exactly the IKM); the
  // interval is IKM ± t · s / √n with s the sample standard deviation of
  // those scores and t Student's 0.975 quantile with n − 1 degrees of
  // freedom (StudentT975: 4.30 for 3 respondents, 1.97 for 400; the
  // normal 1.96 made the interval of 3 respondents 2.2 times too narrow,
  // of 2 respondents 6.5 times),
  // s / √n times the finite population correction √((N−n)/(N−1)) when
  // `population` N >= n is known. Clamped to 25..100.
  SkmScore Score(uint32_t group, std::optional<int64_t> population = std::nullopt) const;
  // Returns the score of all groups together.
  SkmScore Total(std::optional<int64_t> population = std::nullopt) const;

 private:
  // Sums of the respondents' scores and their squares, for the interval.
  struct Moments {
    double sum = 0;
    double sum_squares = 0;
    uint64_t n = 0;
  };
  SkmScore Finish(std::span<const uint64_t> answered, std::span<const uint64_t> totals,
                  uint64_t respondents, const Moments& moments,
                  std::optional<int64_t> population) const;
  // A respondent's score from the sum of weights × answers and of weights.
  double RespondentScore(std::span<const uint8_t> answers) const;

  SkmDefinition definition_;
  size_t elements_;
  std::vector<uint64_t> answered_;  // [group * elements + element]
  std::vector<uint64_t> totals_;    // [group * elements + element]
  std::vector<uint64_t> respondents_;
  std::vector<Moments> moments_;
};

}  // namespace sigap::domain
