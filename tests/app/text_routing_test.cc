// Routing by text in the workflow (issue 8): the routing_suggested event a
// TextRouter appends after intake, labels read as the Pemda's agencies, and
// retraining from dispositions with promotion, over a real SQLite file.
#include "app/text_routing.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <nlohmann/json.hpp>

#include "app/system_clock.h"
#include "app/text_training.h"
#include "store/store_fixture.h"

namespace sigap::app {
namespace {

namespace text = routing::text;
using store::SqliteBackend;
using store::TempDir;

// Twenty short reports per agency, the two told apart by their words.
std::vector<text::Example> Reports(const std::string& roads, const std::string& traffic) {
  std::vector<text::Example> out;
  const char* road_words[] = {"jalan berlubang", "aspal rusak", "jalan retak", "trotoar rusak"};
  const char* traffic_words[] = {"lampu lalu lintas mati", "parkir liar", "rambu hilang",
                                 "angkot ngetem"};
  for (int i = 0; i < 20; ++i) {
    const std::string n = std::to_string(i);
    out.push_back({std::string(road_words[i % 4]) + " di gang " + n + " mohon diperbaiki", roads});
    out.push_back(
        {std::string(traffic_words[i % 4]) + " di simpang " + n + " mohon ditertibkan", traffic});
  }
  return out;
}

text::TrainOptions SmallOptions() {
  text::TrainOptions o;
  o.min_examples = 5;
  o.min_confidence = 0.2;
  return o;
}

// Counts the store's group commits.
class CommitCounter : public store::CommitObserver {
 public:
  void OnCommit(size_t, std::chrono::nanoseconds) override { ++commits; }
  std::atomic<int> commits{0};
};

class TextRoutingTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteBackend::Open(dir_, &commits_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(store_->SaveAgency(pemda_, {"DPU", "Dinas Pekerjaan Umum", "dinas", "", ""}));
    ASSERT_TRUE(store_->SaveAgency(pemda_, {"DISHUB", "Dinas Perhubungan", "dinas", "", ""}));
  }

  store::SubmitReceipt Submit(const std::string& title, const std::string& description) {
    store::NewCase c;
    c.pemda_id = pemda_;
    c.submission.title = title;
    c.submission.description = description;
    c.salt = 3;
    c.created_at = clock_.Now();
    std::promise<Result<store::SubmitReceipt>> promise;
    store_->SubmitCase(std::move(c), [&](auto r) { promise.set_value(r); });
    auto receipt = promise.get_future().get();
    EXPECT_TRUE(receipt.has_value());
    return *receipt;
  }

  // Files a case and disposes it to `agency` at `at` (with `category` set
  // when not empty); its id.
  domain::CaseId FileAndDispose(const std::string& title, const std::string& description,
                                const std::string& agency, Timestamp at,
                                const std::string& category = "") {
    const auto receipt = Submit(title, description);
    auto applied = store_->ChangeCasesAndWait(
        pemda_, {receipt.case_id}, std::nullopt,
        [&](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
          domain::CaseChange ch;
          ch.after = current[0];
          ch.after.status = domain::CaseStatus::kDisposed;
          ch.after.agency_code = agency;
          if (!category.empty()) ch.after.submission.category = category;
          ch.after.handling.disposed_at = at;
          ch.events.push_back({"disposed", "user:vera", at, true, {{"agency_code", agency}}});
          return std::vector<domain::CaseChange>{std::move(ch)};
        });
    EXPECT_TRUE(applied.has_value()) << applied.error().message;
    return receipt.case_id;
  }

  // The payload of the case's routing_suggested event ({} when none).
  nlohmann::json Suggested(domain::CaseId id) {
    auto events = store_->ListCaseEvents(pemda_, id);
    EXPECT_TRUE(events.has_value());
    for (const auto& e : *events) {
      if (e.kind == "routing_suggested") {
        EXPECT_FALSE(e.is_public);
        EXPECT_EQ(e.actor, "system");
        return nlohmann::json::parse(e.payload_json);
      }
    }
    return nlohmann::json::object();
  }

  // Files `n` cases, roads and parking in turn, each queued on `router`
  // as intake queues it; their ids.
  std::vector<domain::CaseId> FileAndEnqueue(TextRouter& router, int n) {
    std::vector<domain::CaseId> ids;
    for (int i = 0; i < n; ++i) {
      const bool road = i % 2 == 0;
      const std::string title = road ? "Jalan berlubang" : "Parkir liar";
      const std::string text = road ? "aspal rusak di gang " + std::to_string(i)
                                    : "parkir liar di simpang " + std::to_string(i);
      ids.push_back(Submit(title, text).case_id);
      router.Enqueue(pemda_, ids.back(), title, text);
    }
    return ids;
  }

  // How many routing_suggested events the case has.
  int SuggestionCount(domain::CaseId id) {
    auto events = store_->ListCaseEvents(pemda_, id);
    EXPECT_TRUE(events.has_value());
    int n = 0;
    for (const auto& e : *events) n += e.kind == "routing_suggested" ? 1 : 0;
    return n;
  }

  std::filesystem::path TrainFile(const std::vector<text::Example>& examples) {
    auto model = text::Classifier::Train(examples, SmallOptions(), {});
    EXPECT_TRUE(model.has_value()) << model.error().message;
    const auto path = dir_.path() / "agency.model";
    EXPECT_TRUE((*model)->Save(path).has_value());
    return path;
  }

  TempDir dir_;
  CommitCounter commits_;  // declared before the store, which tells it
  std::unique_ptr<store::Store> store_;
  domain::PemdaId pemda_ = 0;
  SystemClock clock_;
};

TEST(AgencyOfLabel, ReadsCodesNamesAndNamesWithThePemda) {
  const std::vector<domain::Agency> agencies{{"DPU", "Dinas Pekerjaan Umum", "dinas", "", ""}};

  EXPECT_EQ(AgencyOfLabel("DPU", agencies, "Kota Semarang"), "DPU");
  EXPECT_EQ(AgencyOfLabel("dinas pekerjaan umum", agencies, "Kota Semarang"), "DPU");
  EXPECT_EQ(AgencyOfLabel("Dinas Pekerjaan Umum Kota Semarang", agencies, "Kota Semarang"), "DPU");
  EXPECT_EQ(AgencyOfLabel("Dinas Pekerjaan Umum Kota Solo", agencies, "Kota Semarang"), "");
  EXPECT_EQ(AgencyOfLabel(text::kOtherLabel, agencies, "Kota Semarang"), "");
}

TEST_F(TextRoutingTest, ANewCaseGetsTheTopThreeTheWordsAndTheProposal) {
  auto examples = Reports("Dinas Pekerjaan Umum Kota Semarang", "DISHUB");
  for (int i = 0; i < 6; ++i)
    examples.push_back({"sampah menumpuk di pasar " + std::to_string(i), "DLH"});
  auto router = TextRouter::Create(*store_, clock_, TrainFile(examples));
  ASSERT_TRUE(router.has_value()) << router.error().message;
  const auto receipt = Submit("Jalan berlubang", "Jalan berlubang di gang 3, aspal rusak");

  (*router)->Enqueue(pemda_, receipt.case_id, "Jalan berlubang", "Jalan berlubang di gang 3");
  (*router)->WaitIdle();
  const auto p = Suggested(receipt.case_id);

  ASSERT_FALSE(p.empty());
  ASSERT_EQ(p["agencies"].size(), 3u);
  EXPECT_EQ(p["agencies"][0], "DPU");
  EXPECT_EQ(p["labels"][0], "Dinas Pekerjaan Umum Kota Semarang");
  for (size_t i = 0; i < 3; ++i) {
    if (p["labels"][i] == "DLH") {
      EXPECT_EQ(p["agencies"][i], "");  // no agency of this Pemda
    }
  }
  EXPECT_EQ(p["agency_code"], "DPU");
  EXPECT_NE(p["decision"], "human");
  EXPECT_FALSE(p["words"].empty());
  EXPECT_FALSE(p.value("model", "").empty());
  double sum = 0;
  for (const auto& v : p["probabilities"]) sum += std::stod(v.get<std::string>());
  EXPECT_LE(sum, 1.001);
}

TEST_F(TextRoutingTest, EveryCaseOfAQueueLongerThanABatchGetsItsOwnSuggestion) {
  auto router = TextRouter::Create(
      *store_, clock_,
      TrainFile(Reports("Dinas Pekerjaan Umum Kota Semarang", "Dinas Perhubungan Kota Semarang")));
  ASSERT_TRUE(router.has_value()) << router.error().message;
  // More cases than the worker takes at once, roads and parking in turn.
  const auto ids = FileAndEnqueue(**router, 150);
  (*router)->WaitIdle();

  for (size_t i = 0; i < ids.size(); ++i) {
    const auto p = Suggested(ids[i]);
    ASSERT_FALSE(p.empty()) << "case " << i;
    EXPECT_EQ(p["agency_code"], i % 2 == 0 ? "DPU" : "DISHUB") << "case " << i;
  }
}

TEST_F(TextRoutingTest, TheSuggestionsOfWaitingCasesShareCommits) {
  auto router = TextRouter::Create(
      *store_, clock_,
      TrainFile(Reports("Dinas Pekerjaan Umum Kota Semarang", "Dinas Perhubungan Kota Semarang")));
  ASSERT_TRUE(router.has_value()) << router.error().message;
  // A burst of intake: 200 cases queued at once.
  std::vector<domain::CaseId> ids;
  for (int i = 0; i < 200; ++i) ids.push_back(Submit("Jalan berlubang", "aspal rusak").case_id);
  const int before = commits_.commits.load();
  for (const auto id : ids) (*router)->Enqueue(pemda_, id, "Jalan berlubang", "aspal rusak");
  (*router)->WaitIdle();

  for (const auto id : ids) EXPECT_EQ(Suggested(id)["agency_code"], "DPU") << "case " << id;
  // One commit per suggestion was a suggestion per fsync: a burst of
  // intake outran the router and most cases were left without one.
  EXPECT_LT(commits_.commits.load() - before, 200 / 4);
}

TEST_F(TextRoutingTest, ACatchUpSuggestsTheReceivedCasesLeftWithoutOne) {
  auto router = TextRouter::Create(
      *store_, clock_,
      TrainFile(Reports("Dinas Pekerjaan Umum Kota Semarang", "Dinas Perhubungan Kota Semarang")));
  ASSERT_TRUE(router.has_value()) << router.error().message;
  (*router)->SetCatchUpDelay(std::chrono::milliseconds(0));
  // Filed while no router ran, except the one it suggested already.
  const auto road = Submit("Jalan berlubang", "aspal rusak di gang 3");
  const auto parking = Submit("Parkir liar", "parkir liar di simpang 5");
  const auto done = Submit("Parkir liar", "parkir liar di simpang 7");
  ASSERT_TRUE((*router)->Suggest(pemda_, done.case_id, "Parkir liar", "parkir liar di simpang 7"));
  const domain::CaseId disposed =
      FileAndDispose("Jalan retak", "jalan retak di gang 9", "DPU", clock_.Now());

  (*router)->CatchUp();
  (*router)->WaitIdle();
  (*router)->CatchUp();  // again: nothing left to do
  (*router)->WaitIdle();

  EXPECT_EQ(Suggested(road.case_id)["agency_code"], "DPU");
  EXPECT_EQ(Suggested(parking.case_id)["agency_code"], "DISHUB");
  for (const auto id : {road.case_id, parking.case_id, done.case_id}) {
    EXPECT_EQ(SuggestionCount(id), 1) << "case " << id;
  }
  EXPECT_EQ(SuggestionCount(disposed), 0);  // disposed by an officer first
}

TEST_F(TextRoutingTest, CasesAFullQueueCouldNotTakeAreCaughtUpOn) {
  auto router = TextRouter::Create(
      *store_, clock_,
      TrainFile(Reports("Dinas Pekerjaan Umum Kota Semarang", "Dinas Perhubungan Kota Semarang")));
  ASSERT_TRUE(router.has_value()) << router.error().message;
  (*router)->SetCatchUpDelay(std::chrono::milliseconds(0));
  (*router)->SetQueueLimit(0);  // full at once: every case overflows
  const auto ids = FileAndEnqueue(**router, 150);
  (*router)->WaitIdle();

  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(SuggestionCount(ids[i]), 1) << "case " << i;
    EXPECT_EQ(Suggested(ids[i])["agency_code"], i % 2 == 0 ? "DPU" : "DISHUB") << "case " << i;
  }
}

// A queued case that changed before the router got to it is looked at
// again: suggested if still received, left alone once an officer acted.
TEST_F(TextRoutingTest, ACaseThatChangedWhileQueuedIsSuggestedOnlyIfStillReceived) {
  auto router = TextRouter::Create(
      *store_, clock_,
      TrainFile(Reports("Dinas Pekerjaan Umum Kota Semarang", "Dinas Perhubungan Kota Semarang")));
  ASSERT_TRUE(router.has_value()) << router.error().message;
  (*router)->SetCatchUpDelay(std::chrono::milliseconds(0));
  const auto supported = Submit("Jalan berlubang", "aspal rusak di gang 3");
  const auto verified = Submit("Parkir liar", "parkir liar di simpang 5");
  ASSERT_TRUE(store_->AddSupporter(pemda_, supported.case_id, {"citizen-1", "", clock_.Now()}));
  auto applied = store_->ChangeCasesAndWait(
      pemda_, {verified.case_id}, std::nullopt,
      [&](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
        domain::CaseChange ch;
        ch.after = current[0];
        ch.after.status = domain::CaseStatus::kVerified;
        ch.events.push_back({"verified", "user:vera", clock_.Now(), true, {}});
        return std::vector<domain::CaseChange>{std::move(ch)};
      });
  ASSERT_TRUE(applied.has_value()) << applied.error().message;

  (*router)->Enqueue(pemda_, supported.case_id, "Jalan berlubang", "aspal rusak di gang 3");
  (*router)->Enqueue(pemda_, verified.case_id, "Parkir liar", "parkir liar di simpang 5");
  (*router)->WaitIdle();

  EXPECT_EQ(SuggestionCount(supported.case_id), 1);
  EXPECT_EQ(Suggested(supported.case_id)["agency_code"], "DPU");
  EXPECT_EQ(SuggestionCount(verified.case_id), 0);
}

// What keeps a catch-up from suggesting twice: its write is refused when
// the case changed since it was read.
TEST_F(TextRoutingTest, ASuggestionForAnOlderVersionIsNotWritten) {
  const auto receipt = Submit("Jalan berlubang", "aspal rusak di gang 3");
  domain::EventDraft suggestion{"routing_suggested", "system", clock_.Now(), false, {}};
  std::promise<Result<bool>> stale;
  std::promise<Result<bool>> current;

  QueueTextSuggestion(*store_, pemda_, receipt.case_id, suggestion, std::nullopt, 1,
                      [&](Result<bool> r) { current.set_value(std::move(r)); });
  auto first = current.get_future().get();
  QueueTextSuggestion(*store_, pemda_, receipt.case_id, suggestion, std::nullopt, 1,
                      [&](Result<bool> r) { stale.set_value(std::move(r)); });
  auto second = stale.get_future().get();

  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(SuggestionCount(receipt.case_id), 1);
}

TEST_F(TextRoutingTest, AnUnknownAgencyProposesNothing) {
  auto router = TextRouter::Create(*store_, clock_, TrainFile(Reports("DPU-LAIN", "DISHUB")));
  ASSERT_TRUE(router.has_value());
  const auto receipt = Submit("Aspal rusak", "Aspal rusak di gang 2");

  auto done = (*router)->Suggest(pemda_, receipt.case_id, "Aspal rusak", "Aspal rusak di gang 2");
  const auto p = Suggested(receipt.case_id);

  ASSERT_TRUE(done.has_value() && *done);
  EXPECT_EQ(p["agencies"][0], "");
  EXPECT_FALSE(p.contains("agency_code"));
}

TEST_F(TextRoutingTest, WithoutAModelNothingIsAppended) {
  auto router = TextRouter::Create(*store_, clock_, "");
  ASSERT_TRUE(router.has_value());
  const auto receipt = Submit("Aspal rusak", "Aspal rusak di gang 2");

  auto done = (*router)->Suggest(pemda_, receipt.case_id, "Aspal rusak", "Aspal rusak di gang 2");

  ASSERT_TRUE(done.has_value());
  EXPECT_FALSE(*done);
  EXPECT_TRUE(Suggested(receipt.case_id).empty());
}

TEST_F(TextRoutingTest, AnUnreadableModelFileIsAnError) {
  auto router = TextRouter::Create(*store_, clock_, dir_.path() / "missing.model");

  ASSERT_FALSE(router.has_value());
  EXPECT_EQ(router.error().code, ErrorCode::kNotFound);
}

TEST_F(TextRoutingTest, RetrainingPromotesAndTheRouterUsesTheStoredModel) {
  RetrainOptions options;
  options.train = SmallOptions();
  options.corpus = Reports("Dinas Pekerjaan Umum", "Dinas Perhubungan Kota Semarang");
  auto router = TextRouter::Create(*store_, clock_, "");
  ASSERT_TRUE(router.has_value());

  auto first = RetrainFromDispositions(*store_, pemda_, clock_, options);
  const auto receipt = Submit("Parkir liar", "Parkir liar di simpang 4");
  auto done =
      (*router)->Suggest(pemda_, receipt.case_id, "Parkir liar", "Parkir liar di simpang 4");
  auto second = RetrainFromDispositions(*store_, pemda_, clock_, options);
  auto listed = store_->ListTextModels(pemda_, "agency");

  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(first->promoted);
  EXPECT_EQ(first->examples, 40);
  ASSERT_TRUE(done.has_value() && *done);
  EXPECT_EQ(Suggested(receipt.case_id)["agency_code"], "DISHUB");  // corpus names read as codes
  EXPECT_EQ(Suggested(receipt.case_id)["model"], first->version);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->previous_version, first->version);
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->size(), 2u);
}

// A Pemda that imported its SP4N-LAPOR! history and trains on the same
// export: the corpus's copy of a disposed case is dropped, so the model
// learns the officers' agency for it, not both.
TEST_F(TextRoutingTest, ACorpusReportThatIsADisposedCaseIsLearntOnceWithTheOfficersLabel) {
  std::vector<text::Example> corpus;
  for (int i = 0; i < 20; ++i) {
    const std::string n = std::to_string(i);
    corpus.push_back(
        {text::ComposeReport("Jalan berlubang", "jalan berlubang di gang " + n), "DPU"});
    corpus.push_back({text::ComposeReport("Parkir liar", "parkir liar di simpang " + n), "DISHUB"});
  }
  for (int i = 0; i < 12; ++i) {
    const std::string n = std::to_string(i);
    corpus.push_back({text::ComposeReport("Trotoar rusak", "trotoar rusak di gang " + n), "DPU"});
  }
  // Here the sidewalks are Dishub's: the officers disposed all twelve there
  // (the corpus's spacing and letter case are not the case's).
  for (int i = 0; i < 12; ++i) {
    FileAndDispose("Trotoar rusak", "Trotoar  rusak di gang " + std::to_string(i), "DISHUB",
                   clock_.Now());
  }
  RetrainOptions options;
  options.train = SmallOptions();
  options.corpus = corpus;

  auto report = RetrainFromDispositions(*store_, pemda_, clock_, options);

  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->dispositions, 12);
  EXPECT_EQ(report->corpus_duplicates, 12);
  EXPECT_EQ(report->examples, 52);  // 40 + 12, not 64
  auto active = store_->FindActiveTextModel(pemda_, "agency", true);
  ASSERT_TRUE(active.has_value());
  auto model = text::Classifier::Parse(active->data, "active");
  ASSERT_TRUE(model.has_value());
  auto p = (*model)->Predict(text::ComposeReport("Trotoar rusak", "trotoar rusak di gang 40"), 2);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->top[0].label, "DISHUB");
  EXPECT_GT(p->top[0].probability, 0.8);
}

TEST(CategoryOfLabel, ReadsCodesAndNames) {
  const std::vector<domain::Category> categories{{"INFRA", "Infrastruktur", "", true},
                                                 {"INFRA.JALAN", "Jalan", "INFRA", true}};

  EXPECT_EQ(CategoryOfLabel("INFRA.JALAN", categories), "INFRA.JALAN");
  EXPECT_EQ(CategoryOfLabel("jalan", categories), "INFRA.JALAN");
  EXPECT_EQ(CategoryOfLabel("Infrastruktur", categories), "INFRA");
  EXPECT_EQ(CategoryOfLabel("Jembatan", categories), "");
}

// The category model (issue 8's second target): trained into the store
// under its own target, it adds its proposal to the agency's suggestion;
// a retired category is listed but never proposed.
TEST_F(TextRoutingTest, ACategoryModelAddsItsProposalToTheSuggestion) {
  for (const domain::Category& c : {domain::Category{"INFRA", "Infrastruktur", "", true},
                                    domain::Category{"INFRA.JALAN", "Jalan", "INFRA", true},
                                    domain::Category{"LALIN", "Lalu Lintas", "", true}}) {
    ASSERT_TRUE(store_->SaveCategory(pemda_, c));
  }
  RetrainOptions agency;
  agency.train = SmallOptions();
  agency.corpus = Reports("DPU", "DISHUB");
  RetrainOptions category = agency;
  category.target = std::string(kCategoryTarget);
  category.corpus = Reports("Jalan", "LALIN");  // a name and a code
  auto router = TextRouter::Create(*store_, clock_, "");
  ASSERT_TRUE(router.has_value());

  auto by_agency = RetrainFromDispositions(*store_, pemda_, clock_, agency);
  auto by_category = RetrainFromDispositions(*store_, pemda_, clock_, category);
  const auto road = Submit("Jalan berlubang", "Jalan berlubang di gang 3");
  ASSERT_TRUE((*router)->Suggest(pemda_, road.case_id, "Jalan berlubang", "aspal rusak di gang 3"));
  ASSERT_TRUE(store_->SaveCategory(pemda_, {"LALIN", "Lalu Lintas", "", false}));  // retired
  const auto parking = Submit("Parkir liar", "Parkir liar di simpang 4");
  ASSERT_TRUE(
      (*router)->Suggest(pemda_, parking.case_id, "Parkir liar", "Parkir liar di simpang 4"));

  ASSERT_TRUE(by_agency.has_value()) << by_agency.error().message;
  ASSERT_TRUE(by_category.has_value()) << by_category.error().message;
  EXPECT_TRUE(by_category->promoted);
  const auto models = store_->ListTextModels(pemda_, "category");
  ASSERT_TRUE(models.has_value());
  ASSERT_EQ(models->size(), 1u);
  EXPECT_EQ(store_->ListTextModels(pemda_, "agency")->size(), 1u);
  const auto p = Suggested(road.case_id);
  EXPECT_EQ(p["agency_code"], "DPU");
  EXPECT_EQ(p["category_model"], by_category->version);
  EXPECT_EQ(p["categories"][0], "INFRA.JALAN");
  EXPECT_EQ(p["category_labels"][0], "INFRA.JALAN");  // the corpus name was read as its code
  EXPECT_EQ(p["category_code"], "INFRA.JALAN");
  EXPECT_EQ(p["category_probabilities"].size(), p["categories"].size());
  const auto q = Suggested(parking.case_id);
  EXPECT_EQ(q["agency_code"], "DISHUB");
  EXPECT_EQ(q["categories"][0], "LALIN");
  EXPECT_FALSE(q.contains("category_code"));
}

TEST_F(TextRoutingTest, AnUnknownTargetIsRefused) {
  RetrainOptions options;
  options.train = SmallOptions();
  options.corpus = Reports("DPU", "DISHUB");
  options.target = "service";

  auto trained = RetrainFromDispositions(*store_, pemda_, clock_, options);

  ASSERT_FALSE(trained.has_value());
  EXPECT_EQ(trained.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_->ListTextModels(pemda_, "service")->empty());
}

TEST_F(TextRoutingTest, ThePemdasPolicyDecidesWhatIsProposedAndWhatIsAutomatic) {
  auto model = text::Classifier::Train(Reports("DPU", "DISHUB"), SmallOptions(), {});
  ASSERT_TRUE(model.has_value()) << model.error().message;
  const text::Classifier& m = **model;
  ASSERT_LE(m.auto_threshold(), 1.0) << "the model never disposes by itself";
  text::Prediction sure;
  sure.top = {{"DPU", std::max(m.auto_threshold(), 0.5)}, {"DISHUB", 0.01}};
  text::Prediction unsure = sure;
  unsure.top.front().probability = 0.15;
  text::Prediction other = sure;
  other.top.front().label = std::string(text::kOtherLabel);

  store::TextRoutingSettings policy;  // the defaults: 95% precision, 0.2 minimum
  store::TextRoutingSettings stricter = policy;
  stricter.target_precision = 0.99;
  store::TextRoutingSettings fussy = policy;
  fussy.min_confidence = 0.7;
  text::Prediction middling = sure;
  middling.top.front().probability = 0.6;

  EXPECT_EQ(PolicyDecision(m, sure, policy), text::Decision::kAuto);
  // A model whose threshold was chosen for 95% never disposes for a Pemda asking 99%.
  EXPECT_EQ(PolicyDecision(m, sure, stricter), text::Decision::kPropose);
  EXPECT_EQ(PolicyDecision(m, unsure, policy), text::Decision::kHuman);
  EXPECT_EQ(PolicyDecision(m, other, policy), text::Decision::kHuman);
  EXPECT_NE(PolicyDecision(m, middling, policy), text::Decision::kHuman);
  EXPECT_EQ(PolicyDecision(m, middling, fussy), text::Decision::kHuman);
}

TEST_F(TextRoutingTest, TheTrainerTrainsOnlyWhenThePolicySaysItIsDue) {
  RetrainOptions options;
  options.train = SmallOptions();
  options.corpus = Reports("DPU", "DISHUB");
  TextTrainer trainer(*store_, clock_, options);

  // Nothing saved: retraining is the administrator's to ask for.
  auto idle = trainer.DueReason(pemda_);
  ASSERT_TRUE(idle.has_value()) << idle.error().message;
  EXPECT_EQ(*idle, "");
  EXPECT_EQ(trainer.Check(), 0);

  ASSERT_TRUE(trainer.Request(pemda_, "user:admin"));
  trainer.WaitIdle();
  auto status = trainer.Status(pemda_);
  ASSERT_TRUE(status.last.has_value());
  ASSERT_TRUE(status.last->report.has_value()) << status.last->error;
  EXPECT_TRUE(status.last->report->promoted);
  EXPECT_EQ(status.last->trigger, "request");
  EXPECT_EQ(status.last->report->examples, 40);

  // A stricter target after the model: due, and the new model is trained for it.
  store::TextRoutingSettings stricter;
  stricter.target_precision = 0.99;
  stricter.reason = "uji";
  stricter.changed_by = "user:admin";
  stricter.changed_at = clock_.Now() + std::chrono::seconds(1);
  ASSERT_TRUE(store_->SaveTextRoutingSettings(pemda_, stricter).has_value());
  auto due = trainer.DueReason(pemda_);
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(*due, "settings_changed");
  EXPECT_TRUE(trainer.CheckPemda(pemda_));
  trainer.WaitIdle();
  auto active = store_->FindActiveTextModel(pemda_, "agency", true);
  ASSERT_TRUE(active.has_value());
  auto parsed = text::Classifier::Parse(active->data, "active");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_DOUBLE_EQ((*parsed)->target_precision(), 0.99);
  auto after = trainer.DueReason(pemda_);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, "");
}

// The category model learns from dispositions too: the first on request,
// then after every automatic retraining for new dispositions.
TEST_F(TextRoutingTest, NewDispositionsRetrainTheCategoryModelOnceThereIsOne) {
  for (const domain::Category& c : {domain::Category{"JALAN", "Jalan", "", true},
                                    domain::Category{"LALIN", "Lalu Lintas", "", true}}) {
    ASSERT_TRUE(store_->SaveCategory(pemda_, c));
  }
  const auto dispose = [&](const text::Example& e, Timestamp at) {
    FileAndDispose("Laporan", e.text, e.label, at, e.label == "DPU" ? "JALAN" : "LALIN");
  };
  const auto reports = Reports("DPU", "DISHUB");
  for (size_t i = 0; i < 20; ++i) dispose(reports[i], clock_.Now());
  RetrainOptions options;
  options.train = SmallOptions();
  TextTrainer trainer(*store_, clock_, options);

  ASSERT_TRUE(trainer.Request(pemda_, "user:admin", kCategoryTarget));
  trainer.WaitIdle();
  ASSERT_TRUE(trainer.Status(pemda_).last.has_value());
  EXPECT_EQ(trainer.Status(pemda_).last->target, "category");
  ASSERT_TRUE(trainer.Status(pemda_).last->report.has_value())
      << trainer.Status(pemda_).last->error;
  ASSERT_TRUE(trainer.Request(pemda_, "user:admin"));
  trainer.WaitIdle();
  store::TextRoutingSettings often;
  often.retrain_min_new = 4;
  often.reason = "uji";
  often.changed_by = "user:admin";
  often.changed_at = clock_.Now();
  ASSERT_TRUE(store_->SaveTextRoutingSettings(pemda_, often).has_value());
  for (size_t i = 20; i < 24; ++i) dispose(reports[i], clock_.Now() + std::chrono::seconds(5));

  EXPECT_EQ(trainer.Check(), 1);
  trainer.WaitIdle();

  EXPECT_EQ(store_->ListTextModels(pemda_, "agency")->size(), 2u);
  const auto categories = store_->ListTextModels(pemda_, "category");
  ASSERT_EQ(categories->size(), 2u);
  EXPECT_EQ((*categories)[0].created_by, "system");
  EXPECT_EQ((*categories)[0].examples, 24);
  const auto last = trainer.Status(pemda_).last;
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->target, "category");
  EXPECT_EQ(last->trigger, "new_dispositions");
}

}  // namespace
}  // namespace sigap::app
