// The Store contract for issue 6: survey definitions, responses read back in
// id order (the in-memory tally catches up with these), one response per
// case and survey, and per-case ratings once per case, counted per agency.
#include <future>

#include "store/store_fixture.h"

namespace sigap::store {
namespace {

using std::chrono::year_month_day;

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }
const Timestamp kT0 = At(1'780'000'000);

year_month_day Day(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

template <typename Backend>
class StoreSurvey : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    other_ = *store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  }

  Store& store() { return *store_; }

  int64_t NewSurvey(PemdaId pemda) {
    Survey s;
    s.pemda_id = pemda;
    s.unit_code = "DPU";
    s.period = "2026-Q1";
    s.starts_on = Day(2026, 1, 1);
    s.ends_on = Day(2026, 3, 31);
    s.extra_elements = {{"U10", "Kebersihan"}};
    s.weights = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    s.created_by = "user:admin";
    s.created_at = kT0;
    auto id = store_->CreateSurvey(s);
    EXPECT_TRUE(id.has_value());
    return id.value_or(0);
  }

  SurveyResponse Response(PemdaId pemda, int64_t survey, std::vector<uint8_t> answers,
                          CaseId case_id = 0) {
    SurveyResponse r;
    r.pemda_id = pemda;
    r.survey_id = survey;
    r.answers = std::move(answers);
    r.answered_on = Day(2026, 2, 14);
    r.jenis_kelamin = "P";
    r.saran = "Antrean tertib";
    r.case_id = case_id;
    r.channel = "web";
    r.created_at = kT0;
    return r;
  }

  CaseId Submit() {
    NewCase c;
    c.pemda_id = pemda_;
    c.submission.title = "Saluran mampet";
    c.submission.description = "Saluran mampet di depan pasar.";
    c.agency_code = "DPU";
    c.salt = 7;
    c.created_at = kT0;
    auto receipts = store_->SubmitCases({c});
    EXPECT_TRUE(receipts.has_value());
    return receipts ? (*receipts)[0].case_id : 0;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
  PemdaId other_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreSurvey, Backends);

TYPED_TEST(StoreSurvey, ASurveyIsReadBackWithItsElementsWeightsAndDates) {
  const int64_t id = this->NewSurvey(this->pemda_);

  auto all = this->store().ListSurveys(this->pemda_);
  auto none = this->store().ListSurveys(this->other_);

  ASSERT_TRUE(all.has_value() && none.has_value());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_TRUE(none->empty());
  const Survey& s = all->front();
  EXPECT_EQ(s.id, id);
  EXPECT_EQ(s.unit_code, "DPU");
  EXPECT_EQ(s.period, "2026-Q1");
  EXPECT_EQ(s.starts_on, Day(2026, 1, 1));
  EXPECT_EQ(s.ends_on, Day(2026, 3, 31));
  ASSERT_EQ(s.extra_elements.size(), 1u);
  EXPECT_EQ(s.extra_elements[0].second, "Kebersihan");
  EXPECT_EQ(s.weights.size(), 10u);
}

// Two surveys of one unit, service and period would split its responses:
// the second is refused in the transaction that would write it, whichever
// node (store) writes first, and on many nodes at once.
TYPED_TEST(StoreSurvey, OneSurveyPerUnitServiceAndPeriodEvenFromTwoNodesAtOnce) {
  auto node_b = TypeParam::Open(this->dir_);
  Survey s;
  s.pemda_id = this->pemda_;
  s.unit_code = "DISHUB";
  s.period = "2026-05";
  s.starts_on = Day(2026, 5, 1);
  s.ends_on = Day(2026, 5, 31);
  s.created_at = kT0;
  std::vector<std::future<Result<int64_t>>> tries;
  for (int i = 0; i < 6; ++i) {
    Store& node = i % 2 == 0 ? this->store() : *node_b;
    tries.push_back(std::async(std::launch::async, [&node, s] { return node.CreateSurvey(s); }));
  }
  int created = 0, conflicts = 0;
  for (auto& t : tries) {
    const auto r = t.get();
    if (r) ++created;
    if (!r && r.error().code == ErrorCode::kConflict) ++conflicts;
  }

  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, 5);
  EXPECT_EQ(this->store().ListSurveys(this->pemda_)->size(), 1u);
}

TYPED_TEST(StoreSurvey, ResponsesAreReadInIdOrderAfterAGivenIdPerPemda) {
  const int64_t survey = this->NewSurvey(this->pemda_);
  const int64_t elsewhere = this->NewSurvey(this->other_);
  auto ids = this->store().AddSurveyResponses(
      {this->Response(this->pemda_, survey, {4, 3, 2, 1, 0, 4, 3, 2, 1, 4}),
       this->Response(this->pemda_, survey, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1})});
  ASSERT_TRUE(this->store()
                  .AddSurveyResponses(
                      {this->Response(this->other_, elsewhere, {4, 4, 4, 4, 4, 4, 4, 4, 4, 4})})
                  .has_value());

  ASSERT_TRUE(ids.has_value());
  ASSERT_EQ(ids->size(), 2u);
  auto all = this->store().ListSurveyResponses(this->pemda_, 0, 100);
  auto after_first = this->store().ListSurveyResponses(this->pemda_, (*ids)[0], 100);
  ASSERT_TRUE(all.has_value() && after_first.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].answers, (std::vector<uint8_t>{4, 3, 2, 1, 0, 4, 3, 2, 1, 4}));
  EXPECT_EQ((*all)[0].answered_on, Day(2026, 2, 14));
  EXPECT_EQ((*all)[0].jenis_kelamin, "P");
  EXPECT_EQ((*all)[0].channel, "web");
  ASSERT_EQ(after_first->size(), 1u);
  EXPECT_EQ((*after_first)[0].id, (*ids)[1]);
}

TYPED_TEST(StoreSurvey, ACaseAnswersASurveyOnceAndABadBatchWritesNothing) {
  const int64_t survey = this->NewSurvey(this->pemda_);
  const CaseId c = this->Submit();
  const std::vector<uint8_t> answers(10, 4);

  auto first = this->store().AddSurveyResponses({this->Response(this->pemda_, survey, answers, c)});
  auto batch = this->store().AddSurveyResponses({this->Response(this->pemda_, survey, answers),
                                                 this->Response(this->pemda_, survey, answers, c)});
  auto unknown = this->store().AddSurveyResponses({this->Response(this->pemda_, 9999, answers)});

  ASSERT_TRUE(first.has_value());
  ASSERT_FALSE(batch.has_value());
  EXPECT_EQ(batch.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->store().ListSurveyResponses(this->pemda_, 0, 100)->size(), 1u);
}

TYPED_TEST(StoreSurvey, AnImportWritesItsNewSurveyAndResponsesOnceAndTheSameFileNotAgain) {
  Survey fresh;
  fresh.pemda_id = this->pemda_;
  fresh.unit_code = "DPU";
  fresh.period = "2026-Q2";
  fresh.starts_on = Day(2026, 4, 1);
  fresh.ends_on = Day(2026, 6, 30);
  fresh.created_by = "cli:import";
  fresh.created_at = kT0;
  SurveyImport import;
  import.pemda_id = this->pemda_;
  import.fingerprint = "f1";
  import.file_name = "skm-april.csv";
  import.imported_by = "cli:import";
  import.imported_at = kT0;
  const std::vector<uint8_t> answers(9, 3);
  auto responses = [&] {
    return std::vector<SurveyResponse>{this->Response(this->pemda_, 0, answers),
                                       this->Response(this->pemda_, 0, answers)};
  };

  auto first = this->store().ImportSurveyResponses(fresh, import, responses());
  ASSERT_TRUE(first.has_value()) << first.error().message;
  // The survey now exists: a second "new" one of the same unit, service
  // and period is refused, and nothing of that call is written.
  auto twin = this->store().ImportSurveyResponses(fresh, import, responses());
  import.survey_id = first->survey_id;
  auto again = this->store().ImportSurveyResponses(std::nullopt, import, responses());
  import.fingerprint = "f2";
  import.file_name = "skm-mei.csv";
  auto other_file = this->store().ImportSurveyResponses(std::nullopt, import, responses());

  EXPECT_EQ(first->ids.size(), 2u);
  EXPECT_FALSE(first->earlier.has_value());
  ASSERT_FALSE(twin.has_value());
  EXPECT_EQ(twin.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  ASSERT_TRUE(again->earlier.has_value());
  EXPECT_EQ(again->earlier->file_name, "skm-april.csv");
  EXPECT_EQ(again->earlier->imported_at, kT0);
  EXPECT_TRUE(again->ids.empty());
  ASSERT_TRUE(other_file.has_value()) << other_file.error().message;
  EXPECT_EQ(other_file->ids.size(), 2u);
  auto surveys = this->store().ListSurveys(this->pemda_);
  ASSERT_TRUE(surveys.has_value());
  ASSERT_EQ(surveys->size(), 1u);
  EXPECT_EQ(surveys->front().id, first->survey_id);
  auto all = this->store().ListSurveyResponses(this->pemda_, 0, 100);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 4u);
  for (const auto& r : *all) EXPECT_EQ(r.survey_id, first->survey_id);
}

TYPED_TEST(StoreSurvey, AnImportThatFailsLeavesNoSurveyBehind) {
  Survey fresh;
  fresh.pemda_id = this->pemda_;
  fresh.unit_code = "DPU";
  fresh.period = "2026-Q3";
  fresh.starts_on = Day(2026, 7, 1);
  fresh.ends_on = Day(2026, 9, 30);
  fresh.created_at = kT0;
  SurveyImport import;
  import.pemda_id = this->pemda_;
  import.fingerprint = "f";
  import.imported_at = kT0;
  const CaseId c = this->Submit();
  const std::vector<uint8_t> answers(9, 4);
  // The same case answering twice fails the second response.
  auto failed = this->store().ImportSurveyResponses(
      fresh, import,
      {this->Response(this->pemda_, 0, answers, c), this->Response(this->pemda_, 0, answers, c)});

  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(this->store().ListSurveys(this->pemda_)->empty());
  EXPECT_TRUE(this->store().ListSurveyResponses(this->pemda_, 0, 100)->empty());
}

TYPED_TEST(StoreSurvey, ACaseIsRatedOnceAndRatingsAreCountedPerAgency) {
  const CaseId c = this->Submit();
  const CaseRating rating{c, this->pemda_, "DPU", 4, "Cepat", kT0};

  auto saved = this->store().SaveCaseRating(rating);
  auto again = this->store().SaveCaseRating(CaseRating{c, this->pemda_, "DPU", 1, "", kT0});
  auto wrong_pemda = this->store().SaveCaseRating(CaseRating{c, this->other_, "DPU", 1, "", kT0});
  auto found = this->store().ListCaseRatings(this->pemda_, c);
  auto missing = this->store().ListCaseRatings(this->other_, c);
  auto counts =
      this->store().CountCaseRatings(this->pemda_, "DPU", kT0, kT0 + std::chrono::hours(1));
  auto later = this->store().CountCaseRatings(this->pemda_, "DPU", kT0 + std::chrono::hours(1),
                                              kT0 + std::chrono::hours(2));

  ASSERT_TRUE(saved.has_value());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(wrong_pemda.has_value());
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].stars, 4);
  EXPECT_EQ((*found)[0].comment, "Cepat");
  EXPECT_EQ((*found)[0].resolution, 1);
  ASSERT_TRUE(missing.has_value());
  EXPECT_TRUE(missing->empty());
  ASSERT_TRUE(counts.has_value());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].count, 1);
  EXPECT_EQ((*counts)[0].by_stars[3], 1);
  ASSERT_TRUE(later.has_value());
  EXPECT_TRUE(later->empty());  // the window leaves the rating out
}

// A case reopened and resolved again is rated again, for its new answer;
// each resolution once.
TYPED_TEST(StoreSurvey, EachResolutionOfACaseIsRatedOnce) {
  const CaseId c = this->Submit();
  CaseRating first{c, this->pemda_, "DPU", 2, "Belum tuntas", kT0};
  CaseRating second = first;
  second.stars = 5;
  second.comment = "Tuntas";
  second.created_at = kT0 + std::chrono::hours(48);
  second.resolution = 2;

  auto saved_first = this->store().SaveCaseRating(first);
  auto saved_second = this->store().SaveCaseRating(second);
  auto again = this->store().SaveCaseRating(second);
  auto found = this->store().ListCaseRatings(this->pemda_, c);

  ASSERT_TRUE(saved_first.has_value());
  ASSERT_TRUE(saved_second.has_value());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].resolution, 1);
  EXPECT_EQ((*found)[0].stars, 2);
  EXPECT_EQ((*found)[1].resolution, 2);
  EXPECT_EQ((*found)[1].stars, 5);
  EXPECT_EQ((*found)[1].comment, "Tuntas");
}

}  // namespace
}  // namespace sigap::store
