#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace sigap::domain {

// The survey schemes Sigap knows. k2017 is the one in force; k2004 is kept
// for historical data only.
enum class SkmScheme {
  k2017,  // PermenPAN-RB 14/2017: 9 elements, weight 1/9
  k2004,  // KEP/25/M.PAN/2/2004 (historical): 14 elements, weight 1/14
};

// One element (unsur) of a survey: its code ("U1"), its official name and
// the labels of the answers 1 to 4.
struct SkmElement {
  std::string code;
  std::string name;                    // official name in Bahasa Indonesia
  std::string name_en;                 // English translation
  std::array<std::string, 4> answers;  // labels of the answers 1..4
  // Their English translations; empty where none is given (the labels
  // above then stand).
  std::array<std::string, 4> answers_en = {};
};

// One band of the converted interval table (NIK = NI × 25).
struct SkmGrade {
  double lower_bound = 0;  // on the 25..100 scale, two decimals
  char mutu = 'D';         // A, B, C or D
  std::string kinerja;     // "Sangat Baik", ...
  std::string kinerja_en;  // "Very good", ...
};

// A survey definition: its elements, their weights and the interval table.
//
// Immutable after construction, so it can be shared between threads.
class SkmDefinition {
 public:
  // PermenPAN-RB 14/2017, weights exactly 1/9.
  static SkmDefinition Permenpan2017();
  // KEP/25/M.PAN/2/2004 (historical), weights exactly 1/14.
  static SkmDefinition Kepmenpan2004();
  // Returns the definition of `scheme`.
  static SkmDefinition ForScheme(SkmScheme scheme);

  // How explicit weights are used: as given (`sigap ikm --weights`, to
  // reproduce a figure an office published with 0.111 each), or divided by
  // their sum (a survey's official figure: 0.111 each is then exactly 1/9,
  // and an IKM stays within 25-100).
  enum class Weighting { kAsGiven, kNormalised };

  // Returns a copy with `extra` elements appended (a unit's own elements)
  // and explicit `weights`, one per element (the scheme's and the extra
  // ones). Fails with kInvalidArgument when the count differs from the
  // number of elements, a weight is not positive, or they do not sum to 1
  // within kWeightTolerance (as given, not above 1 at all: an IKM above 100
  // means nothing); the error's fields name "weights".
  [[nodiscard]] Result<SkmDefinition> WithWeights(std::vector<double> weights,
                                                  std::vector<SkmElement> extra = {},
                                                  Weighting weighting = Weighting::kAsGiven) const;

  // |Σ weights − 1| allowed for explicit weights: 9 × 0.111 = 0.999 and
  // 9 × 0.11 = 0.99 are what offices use and must be reproducible.
  static constexpr double kWeightTolerance = 0.011;

  // Returns the index of the element whose code (case-insensitive) or
  // official name (case, spacing and punctuation ignored) is `text`, or -1.
  int FindElement(std::string_view text) const;
  // Returns 1..4 when `text` is one of element `element`'s answer labels
  // (a form's export writes the answer chosen, "Sangat sesuai"), in Bahasa
  // Indonesia or English, compared as FindElement compares names; else 0.
  int FindAnswer(size_t element, std::string_view text) const;

  // Returns the band of an IKM: the IKM is rounded to 2 decimals first, then
  // compared with the lower bounds (the published table has gaps such as
  // 64.99 → 65.00). Requires 25 <= ikm <= 100 (up to rounding).
  const SkmGrade& Grade(double ikm) const;

  SkmScheme scheme() const { return scheme_; }
  bool historical() const { return scheme_ == SkmScheme::k2004; }
  // "PermenPAN-RB 14/2017" or "KEP/25/M.PAN/2/2004".
  std::string_view regulation() const;
  const std::vector<SkmElement>& elements() const { return elements_; }
  const std::vector<double>& weights() const { return weights_; }
  // True when every weight is exactly 1/n (the default).
  bool equal_weights() const { return equal_weights_; }
  const std::vector<SkmGrade>& grades() const { return grades_; }  // ascending

 private:
  SkmDefinition(SkmScheme scheme, std::vector<SkmElement> elements, std::vector<SkmGrade> grades);

  SkmScheme scheme_;
  std::vector<SkmElement> elements_;
  std::vector<double> weights_;
  bool equal_weights_ = true;
  std::vector<SkmGrade> grades_;
};

// Rounds half up to 2 decimals, tolerating the binary representation of a
// value that is exactly on a half cent (76.605 stays 76.61).
double RoundIkm(double value);

// Krejcie & Morgan (1970): the sample size for a population of
// `population`, round(χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P))) with χ² = 3.841,
// P = 0.5, d = 0.05. Requires population >= 1.
int64_t KrejcieMorganSample(int64_t population);

// A respondent's answer to a demographic question (`column`: jenis_kelamin,
// usia, pendidikan or pekerjaan) as the report counts it: the web form's
// codes and the words of imported files in one group ("P", "perempuan" and
// "Wanita" are "Perempuan"), an age in years in its band ("34" is "30-39",
// the web form's bands), an education in the bands of the regulation's
// sample questionnaire ("D3" and "Diploma" are "D1-D4"). Anything else is
// kept as written (trimmed).
std::string DemographicGroup(std::string_view column, std::string_view value);

}  // namespace sigap::domain
