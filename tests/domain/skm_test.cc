// Expectations written from the formula of PermenPAN-RB 14/2017 (and
// KEP/25/M.PAN/2/2004), not from the code: IKM = 25 × Σ NRR × w, and for
// respondents who answer every element IKM = 25 × S ÷ (k·n) where S is the
// sum of all answers, k the number of elements and n the respondents.
#include "domain/skm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "domain/skm_tally.h"

namespace sigap::domain {
namespace {

using Answers = std::vector<uint8_t>;

SkmScore ScoreOf(const SkmDefinition& definition, const std::vector<Answers>& rows,
                 std::optional<int64_t> population = std::nullopt) {
  SkmTally tally(definition, 1);
  for (const Answers& row : rows) tally.Add(row);
  return tally.Total(population);
}

// n respondents answering every one of k elements; the first `high_count`
// answers (row by row) are `high`, the others `low`. S = low·k·n +
// (high − low)·high_count.
std::vector<Answers> Filled(size_t k, size_t n, uint8_t low, uint8_t high, size_t high_count) {
  std::vector<Answers> rows(n, Answers(k, low));
  size_t left = high_count;
  for (Answers& row : rows) {
    for (uint8_t& a : row) {
      if (left == 0) return rows;
      a = high;
      --left;
    }
  }
  return rows;
}

const SkmDefinition k2017 = SkmDefinition::Permenpan2017();

TEST(Skm, The2017SchemeHasNineOfficialElementsWeighingOneNinth) {
  const auto& elements = k2017.elements();

  ASSERT_EQ(elements.size(), 9u);
  EXPECT_EQ(elements[0].code, "U1");
  EXPECT_EQ(elements[0].name, "Persyaratan");
  EXPECT_EQ(elements[1].name, "Sistem, Mekanisme, dan Prosedur");
  EXPECT_EQ(elements[3].name, "Biaya/Tarif");
  EXPECT_EQ(elements[3].answers[0], "Sangat mahal");
  EXPECT_EQ(elements[3].answers[3], "Gratis");
  EXPECT_EQ(elements[7].name, "Sarana dan Prasarana");
  EXPECT_EQ(elements[8].name, "Penanganan Pengaduan, Saran dan Masukan");
  for (const double w : k2017.weights()) EXPECT_DOUBLE_EQ(w, 1.0 / 9.0);
  EXPECT_FALSE(k2017.historical());
  // Every answer has its English words, in the same order (worst first).
  for (const auto& e : elements) {
    for (const auto& words : e.answers_en) EXPECT_FALSE(words.empty()) << e.code;
  }
  EXPECT_EQ(elements[3].answers_en[0], "Very expensive");
  EXPECT_EQ(elements[3].answers_en[3], "Free");
}

TEST(Skm, AllFoursGive100A) {
  const SkmScore score = ScoreOf(k2017, std::vector<Answers>(7, Answers(9, 4)));

  ASSERT_TRUE(score.ikm.has_value());
  EXPECT_DOUBLE_EQ(*score.ikm_rounded, 100.00);
  EXPECT_EQ(score.grade->mutu, 'A');
  EXPECT_EQ(score.grade->kinerja, "Sangat Baik");
  EXPECT_EQ(score.respondents, 7u);
  EXPECT_EQ(score.elements[0].answered, 7u);
  EXPECT_EQ(score.elements[0].total, 28u);
  EXPECT_DOUBLE_EQ(*score.elements[0].nrr, 4.0);
  EXPECT_NEAR(*score.elements[0].weighted, 4.0 / 9, 1e-12);
}

TEST(Skm, AllOnesGive25D) {
  const SkmScore score = ScoreOf(k2017, std::vector<Answers>(3, Answers(9, 1)));

  EXPECT_DOUBLE_EQ(*score.ikm_rounded, 25.00);
  EXPECT_EQ(score.grade->mutu, 'D');
  EXPECT_EQ(score.grade->kinerja, "Tidak Baik");
}

struct Boundary {
  size_t n;
  uint8_t low, high;
  size_t high_count;
  double ikm;
  char mutu;
};

TEST(Skm, GradeBoundariesOfTheConvertedIntervalTable) {
  // IKM = 25·S/(9n): e.g. 64.99 needs S/(9n) = 2.5996 = 6499/2500, so
  // n = 2500, S = 58491 = 2·22500 + 13491 (13491 threes, the rest twos).
  const std::vector<Boundary> cases = {
      {2500, 2, 3, 13491, 64.99, 'D'},  // S = 45000 + 13491 = 58491
      {5, 2, 3, 27, 65.00, 'C'},        // S = 90 + 27 = 117 = 2.6 · 45
      {125, 3, 4, 72, 76.60, 'C'},      // S = 3375 + 72 = 3447 = 3.064 · 1125
      {2500, 3, 4, 1449, 76.61, 'B'},   // S = 67500 + 1449 = 68949 = 3.0644 · 22500
      {250, 3, 4, 1197, 88.30, 'B'},    // S = 6750 + 1197 = 7947 = 3.532 · 2250
      {2500, 3, 4, 11979, 88.31, 'A'},  // S = 67500 + 11979 = 79479 = 3.5324 · 22500
  };
  for (const Boundary& c : cases) {
    const SkmScore score = ScoreOf(k2017, Filled(9, c.n, c.low, c.high, c.high_count));

    ASSERT_TRUE(score.ikm.has_value());
    EXPECT_NEAR(*score.ikm, c.ikm, 1e-9) << c.ikm;
    EXPECT_DOUBLE_EQ(*score.ikm_rounded, c.ikm);
    EXPECT_EQ(score.grade->mutu, c.mutu) << c.ikm;
  }
}

TEST(Skm, RoundsToTwoDecimalsBeforeGrading) {
  // 76.605 (S = 135000 + 2889 over 5000 × 9) rounds to 76.61: B, not C;
  // 64.995 (S = 90000 + 26991 over 5000 × 9) rounds to 65.00: C, not D.
  const SkmScore b = ScoreOf(k2017, Filled(9, 5000, 3, 4, 2889));
  const SkmScore c = ScoreOf(k2017, Filled(9, 5000, 2, 3, 26991));

  EXPECT_NEAR(*b.ikm, 76.605, 1e-9);
  EXPECT_DOUBLE_EQ(*b.ikm_rounded, 76.61);
  EXPECT_EQ(b.grade->mutu, 'B');
  EXPECT_NEAR(*c.ikm, 64.995, 1e-9);
  EXPECT_DOUBLE_EQ(*c.ikm_rounded, 65.00);
  EXPECT_EQ(c.grade->mutu, 'C');
}

TEST(Skm, NrrDividesByTheRespondentsWhoAnsweredTheElement) {
  // R1 all 4 but U3 blank; R2 all 3; R3 all 2 but U9 blank.
  // NRR U3 = (3+2)/2 = 2.5, U9 = (4+3)/2 = 3.5, others (4+3+2)/3 = 3;
  // IKM = 25/9 × (7·3 + 2.5 + 3.5) = 25/9 × 27 = 75.00 → C.
  Answers r1(9, 4), r2(9, 3), r3(9, 2);
  r1[2] = 0;
  r3[8] = 0;

  const SkmScore score = ScoreOf(k2017, {r1, r2, r3});

  EXPECT_EQ(score.respondents, 3u);
  EXPECT_EQ(score.elements[2].answered, 2u);
  EXPECT_EQ(score.elements[2].total, 5u);
  EXPECT_DOUBLE_EQ(*score.elements[2].nrr, 2.5);
  EXPECT_DOUBLE_EQ(*score.elements[8].nrr, 3.5);
  EXPECT_DOUBLE_EQ(*score.elements[0].nrr, 3.0);
  EXPECT_NEAR(*score.ikm, 75.0, 1e-9);
  EXPECT_EQ(score.grade->mutu, 'C');
}

TEST(Skm, AnElementNobodyAnsweredLeavesTheIkmUndefined) {
  Answers row(9, 4);
  row[4] = 0;

  const SkmScore score = ScoreOf(k2017, {row, row});

  EXPECT_FALSE(score.elements[4].nrr.has_value());
  EXPECT_FALSE(score.ikm.has_value());
  EXPECT_FALSE(score.grade.has_value());
}

TEST(Skm, The2004SchemeUsesFourteenElementsAndItsOwnTable) {
  const SkmDefinition k2004 = SkmDefinition::Kepmenpan2004();
  // All answers 3: NRR 3, IKM = 25 × 14·3/14 = 75.00: B (Baik) in the 2004
  // table (62.51–81.25) but C under 2017 (65.00–76.60).
  const SkmScore threes = ScoreOf(k2004, std::vector<Answers>(4, Answers(14, 3)));
  // 81.25: 4 respondents, 56 answers, S = 3·56 + 14 = 182; 182/56 = 3.25.
  const SkmScore top_of_b = ScoreOf(k2004, Filled(14, 4, 3, 4, 14));
  // 81.26 needs S/(14n) = 3.2504 = 4063/1250: n = 625, S = 28441 = 3·8750 + 2191.
  const SkmScore a = ScoreOf(k2004, Filled(14, 625, 3, 4, 2191));

  EXPECT_TRUE(k2004.historical());
  ASSERT_EQ(k2004.elements().size(), 14u);
  EXPECT_DOUBLE_EQ(k2004.weights()[0], 1.0 / 14.0);
  EXPECT_DOUBLE_EQ(*threes.ikm_rounded, 75.00);
  EXPECT_EQ(threes.grade->mutu, 'B');
  EXPECT_EQ(k2017.Grade(75.00).mutu, 'C');
  EXPECT_DOUBLE_EQ(*top_of_b.ikm_rounded, 81.25);
  EXPECT_EQ(top_of_b.grade->mutu, 'B');
  EXPECT_DOUBLE_EQ(*a.ikm_rounded, 81.26);
  EXPECT_EQ(a.grade->mutu, 'A');
  EXPECT_EQ(k2004.Grade(43.75).mutu, 'D');
  EXPECT_EQ(k2004.Grade(43.76).mutu, 'C');
}

TEST(Skm, WeightsOf0111ReproduceAFigureComputedThatWay) {
  // The 88.31 data set: exact weights give 88.31 (A); an office using 0.111
  // publishes 25 × 0.111 × Σ NRR = 88.31 × 0.999 = 88.22169 → 88.22 (B),
  // and with 0.11: 88.31 × 0.99 = 87.4269 → 87.43 (B).
  const auto rows = Filled(9, 2500, 3, 4, 11979);
  const auto w111 = k2017.WithWeights(std::vector<double>(9, 0.111));
  const auto w11 = k2017.WithWeights(std::vector<double>(9, 0.11));
  ASSERT_TRUE(w111.has_value()) << w111.error().message;
  ASSERT_TRUE(w11.has_value()) << w11.error().message;

  const SkmScore exact = ScoreOf(k2017, rows);
  const SkmScore published = ScoreOf(*w111, rows);
  const SkmScore rough = ScoreOf(*w11, rows);

  EXPECT_DOUBLE_EQ(*exact.ikm_rounded, 88.31);
  EXPECT_EQ(exact.grade->mutu, 'A');
  EXPECT_NEAR(*published.ikm, 88.22169, 1e-9);
  EXPECT_DOUBLE_EQ(*published.ikm_rounded, 88.22);
  EXPECT_EQ(published.grade->mutu, 'B');
  EXPECT_DOUBLE_EQ(*rough.ikm_rounded, 87.43);
}

// A survey's official figure takes weights relative to their sum: an office
// that typed 0.111 (or 0.112) for each element gets exactly 1/9, so every
// answer 4 is an IKM of 100.00, never 99.90 nor 100.80. As given, weights
// above 1 in all are refused: they would put an IKM above 100.
TEST(Skm, ASurveysWeightsAreTakenRelativeToTheirSum) {
  const auto rows = Filled(9, 30, 4, 4, 0);
  for (const double w : {0.111, 0.112, 0.11}) {
    const auto normalised =
        k2017.WithWeights(std::vector<double>(9, w), {}, SkmDefinition::Weighting::kNormalised);
    ASSERT_TRUE(normalised.has_value()) << w << ": " << normalised.error().message;
    EXPECT_TRUE(normalised->equal_weights()) << w;
    const SkmScore score = ScoreOf(*normalised, rows);
    EXPECT_DOUBLE_EQ(*score.ikm_rounded, 100.0) << w;
    ASSERT_TRUE(score.ci.has_value());
    EXPECT_LE(score.ci->lower, score.ci->upper) << w;
    EXPECT_LE(score.ci->upper, 100.0) << w;
  }
  const auto uneven = k2017.WithWeights({0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.105}, {},
                                        SkmDefinition::Weighting::kNormalised);
  ASSERT_TRUE(uneven.has_value());
  EXPECT_NEAR(uneven->weights()[0], 0.2 / 1.005, 1e-12);
  EXPECT_FALSE(k2017.WithWeights(std::vector<double>(9, 0.112)).has_value());
}

TEST(Skm, ExplicitWeightsMustMatchTheElementsAndSumToOne) {
  const auto too_few = k2017.WithWeights(std::vector<double>(8, 0.125));
  const auto too_heavy = k2017.WithWeights(std::vector<double>(9, 0.2));
  auto negative = std::vector<double>(9, 0.125);
  negative[0] = -0.125;
  negative[1] = 0.25;  // sums to 1 all the same

  ASSERT_FALSE(too_few.has_value());
  EXPECT_EQ(too_few.error().fields.at(0).field, "weights");
  EXPECT_FALSE(too_heavy.has_value());
  EXPECT_FALSE(k2017.WithWeights(negative).has_value());
}

TEST(Skm, AUnitMayAddElementsWithWeightsSummingToOne) {
  // U1..U9 all 4, the unit's U10 all 2, every weight 0.1:
  // IKM = 25 × (9·4·0.1 + 2·0.1) = 25 × 3.8 = 95.00.
  const auto ten = k2017.WithWeights(std::vector<double>(10, 0.1),
                                     {{"U10", "Inovasi", "Innovation", {"a", "b", "c", "d"}}});
  ASSERT_TRUE(ten.has_value()) << ten.error().message;
  Answers row(10, 4);
  row[9] = 2;

  const SkmScore score = ScoreOf(*ten, {row, row});

  EXPECT_EQ(ten->FindElement("u10"), 9);
  EXPECT_NEAR(*score.ikm, 95.0, 1e-9);
  EXPECT_EQ(score.grade->mutu, 'A');
}

TEST(Skm, ElementsAreFoundByCodeOrOfficialName) {
  EXPECT_EQ(k2017.FindElement("u3"), 2);
  EXPECT_EQ(k2017.FindElement("U9"), 8);
  EXPECT_EQ(k2017.FindElement("sistem mekanisme dan prosedur"), 1);
  EXPECT_EQ(k2017.FindElement("SARANA DAN PRASARANA"), 7);
  EXPECT_EQ(k2017.FindElement("Biaya / Tarif"), 3);
  EXPECT_EQ(k2017.FindElement("U10"), -1);
  EXPECT_EQ(k2017.FindElement("kepuasan"), -1);
}

TEST(Skm, PrioritiesListTheWeakestElementsFirst) {
  Answers r(9, 4);
  r[5] = 1;  // U6 weakest
  r[2] = 2;  // U3 next
  r[7] = 3;  // U8 next

  const auto order = ScoreOf(k2017, {r}).Priorities();

  EXPECT_EQ(std::vector<size_t>(order.begin(), order.begin() + 4),
            (std::vector<size_t>{5, 2, 7, 0}));
}

TEST(Skm, ConfidenceIntervalIsMeanPlusMinusStudentsTStandardErrors) {
  // Respondent scores 75, 50, 75, 50 (all 3s, all 2s): IKM 62.5,
  // s² = 4·12.5²/3 = 208.33, s/√4 = 7.21688, × t(0.975; 3) 3.182446 =
  // 22.96733 (the normal 1.96 gave 14.14508).
  const std::vector<Answers> rows = {Answers(9, 3), Answers(9, 2), Answers(9, 3), Answers(9, 2)};

  const SkmScore score = ScoreOf(k2017, rows);
  // With a population of 10: × √(6/9) = 18.75274.
  const SkmScore finite = ScoreOf(k2017, rows, 10);

  ASSERT_TRUE(score.ci.has_value());
  EXPECT_NEAR(score.ci->standard_error, 7.21688, 1e-5);
  EXPECT_NEAR(score.ci->half_width, 22.96733, 1e-5);
  EXPECT_NEAR(score.ci->lower, 39.53267, 1e-5);
  EXPECT_NEAR(score.ci->upper, 85.46733, 1e-5);
  EXPECT_EQ(score.ci->n, 4u);
  EXPECT_NEAR(finite.ci->standard_error, 5.89256, 1e-5);
  EXPECT_NEAR(finite.ci->half_width, 18.75274, 1e-5);
}

TEST(Skm, AChangeIsWelchsIntervalOfTheTwoStandardErrors) {
  // Six respondents each: se 6.3916 and 5.5902 → √(6.3916² + 5.5902²) =
  // 8.4913, 9.83 degrees of freedom (Welch-Satterthwaite), t(0.975; 9)
  // 2.262157 → ± 19.2087.
  SkmInterval now, then;
  now.standard_error = 6.391572;
  now.n = 6;
  then.standard_error = 5.590170;
  then.n = 6;

  const SkmChangeInterval change = ChangeInterval(now, then);

  EXPECT_NEAR(change.standard_error, 8.491301, 1e-5);
  EXPECT_NEAR(change.degrees_of_freedom, 9.8257, 1e-4);
  EXPECT_NEAR(change.half_width, 19.20866, 1e-4);
  // Every answer alike in both periods: no spread, no interval.
  now.standard_error = then.standard_error = 0;
  EXPECT_EQ(ChangeInterval(now, then).half_width, 0);
}

TEST(Skm, StudentsTQuantileFromTheTableAndBeyondIt) {
  // Published 0.975 quantiles.
  EXPECT_NEAR(StudentT975(1), 12.706205, 1e-6);
  EXPECT_NEAR(StudentT975(2), 4.302653, 1e-6);
  EXPECT_NEAR(StudentT975(10), 2.228139, 1e-6);
  EXPECT_NEAR(StudentT975(30), 2.042272, 1e-6);
  EXPECT_NEAR(StudentT975(40), 2.021075, 1e-6);
  EXPECT_NEAR(StudentT975(60), 2.000298, 1e-6);
  EXPECT_NEAR(StudentT975(120), 1.979930, 1e-6);
  EXPECT_NEAR(StudentT975(1e9), 1.959964, 1e-6);
  // Welch's fractional degrees round down (the wider interval); none is
  // fewer than one.
  EXPECT_DOUBLE_EQ(StudentT975(2.9), StudentT975(2));
  EXPECT_DOUBLE_EQ(StudentT975(0.5), StudentT975(1));
  for (int v = 1; v < 200; ++v) EXPECT_GT(StudentT975(v), StudentT975(v + 1)) << v;
}

TEST(Skm, ConfidenceIntervalNeedsTwoRespondentsAndStaysWithin25And100) {
  const SkmScore one = ScoreOf(k2017, {Answers(9, 3)});
  const SkmScore spread = ScoreOf(k2017, {Answers(9, 4), Answers(9, 1)});

  EXPECT_FALSE(one.ci.has_value());
  ASSERT_TRUE(spread.ci.has_value());
  EXPECT_DOUBLE_EQ(spread.ci->lower, 25.0);
  EXPECT_DOUBLE_EQ(spread.ci->upper, 100.0);
}

// The bulk path must equal the incremental one, per group: for the 2017
// scheme (exact integer moments), explicit weights (floating point) and the
// 14 elements of 2004, with groups large enough (20,000 respondents) that
// its byte and 16-bit counters are flushed many times.
void ExpectBulkEqualsIncremental(const SkmDefinition& definition) {
  const size_t k = definition.elements().size();
  SkmColumns columns(k);
  SkmTally incremental(definition, 2);
  for (uint32_t i = 0; i < 40000; ++i) {
    Answers row(k);
    for (size_t e = 0; e < k; ++e) row[e] = static_cast<uint8_t>((i * 7 + e * 3 + i / 5) % 5);
    columns.Add(row, i % 2);
    incremental.Add(row, i % 2);
  }
  SkmTally bulk(definition, 2);

  bulk.AddColumns(columns);

  for (uint32_t g = 0; g < 2; ++g) {
    const SkmScore a = bulk.Score(g), b = incremental.Score(g);
    EXPECT_EQ(a.respondents, 20000u);
    for (size_t e = 0; e < k; ++e) {
      EXPECT_EQ(a.elements[e].answered, b.elements[e].answered) << e;
      EXPECT_EQ(a.elements[e].total, b.elements[e].total) << e;
    }
    ASSERT_TRUE(a.ikm && b.ikm);
    EXPECT_DOUBLE_EQ(*a.ikm, *b.ikm);
    ASSERT_TRUE(a.ci && b.ci);
    EXPECT_EQ(a.ci->n, b.ci->n);
    EXPECT_NEAR(a.ci->half_width, b.ci->half_width, 1e-9);
  }
  EXPECT_EQ(bulk.Total().respondents, 40000u);
}

TEST(Skm, ColumnsAggregateLikeResponsesAddedOneByOne) {
  ExpectBulkEqualsIncremental(k2017);
  ExpectBulkEqualsIncremental(*k2017.WithWeights({0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}));
  ExpectBulkEqualsIncremental(SkmDefinition::Kepmenpan2004());
  // A unit's own elements: 12 (the last 4 share one word) and 13.
  for (const size_t extra : {3, 4}) {
    std::vector<SkmElement> own;
    for (size_t i = 0; i < extra; ++i) own.push_back({"U" + std::to_string(10 + i), "x", "x", {}});
    const size_t k = 9 + extra;
    ExpectBulkEqualsIncremental(*k2017.WithWeights(std::vector<double>(k, 1.0 / k), own));
  }
}

TEST(Skm, KrejcieMorganMatchesEveryRowOfThe1970Table) {
  std::ifstream in(SIGAP_SOURCE_DIR "/data/skm/krejcie_morgan_1970_table.csv");
  ASSERT_TRUE(in) << "data/skm/krejcie_morgan_1970_table.csv";
  std::string line;
  std::getline(in, line);  // header
  int rows = 0;

  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string n, s;
    std::getline(fields, n, ',');
    std::getline(fields, s, ',');
    EXPECT_EQ(KrejcieMorganSample(std::stoll(n)), std::stoll(s)) << "N = " << n;
    ++rows;
  }

  EXPECT_EQ(rows, 90);
}

TEST(Skm, KrejcieMorganOfTheIssueExamples) {
  EXPECT_EQ(KrejcieMorganSample(100), 80);
  EXPECT_EQ(KrejcieMorganSample(1000), 278);
  EXPECT_EQ(KrejcieMorganSample(1000000), 384);
  EXPECT_EQ(KrejcieMorganSample(1), 1);
}

// The web form stores codes ("P", "30-39", "D3"), imported files the words
// an officer typed ("Perempuan", "34", "Diploma"): one person, one group.
TEST(Skm, DemographicAnswersWrittenEitherWayFallInOneGroup) {
  for (const char* v : {"P", "p", "Perempuan", " perempuan ", "WANITA"}) {
    EXPECT_EQ(DemographicGroup("jenis_kelamin", v), "Perempuan") << v;
  }
  for (const char* v : {"L", "Laki-laki", "laki laki", "Pria"}) {
    EXPECT_EQ(DemographicGroup("jenis_kelamin", v), "Laki-laki") << v;
  }
  EXPECT_EQ(DemographicGroup("usia", "34"), "30-39");
  EXPECT_EQ(DemographicGroup("usia", "34 tahun"), "30-39");
  EXPECT_EQ(DemographicGroup("usia", "30-39"), "30-39");
  EXPECT_EQ(DemographicGroup("usia", "19"), "<20");
  EXPECT_EQ(DemographicGroup("usia", "67"), "50+");
  EXPECT_EQ(DemographicGroup("usia", "50+"), "50+");
  EXPECT_EQ(DemographicGroup("pendidikan", "D3"), "D1-D4");
  EXPECT_EQ(DemographicGroup("pendidikan", "Diploma"), "D1-D4");
  EXPECT_EQ(DemographicGroup("pendidikan", "SLTA"), "SMA");
  EXPECT_EQ(DemographicGroup("pendidikan", "S3"), "S2+");
  EXPECT_EQ(DemographicGroup("pekerjaan", "Wiraswasta"), "Wirausaha");
  EXPECT_EQ(DemographicGroup("pekerjaan", "ASN"), "PNS");
  EXPECT_EQ(DemographicGroup("pekerjaan", "Petani"), "Petani");  // kept as written
  EXPECT_EQ(DemographicGroup("usia", "tiga puluh"), "tiga puluh");
}

}  // namespace
}  // namespace sigap::domain
