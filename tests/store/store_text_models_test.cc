// The Store contract for text models (issue 8): every model is kept, one per
// Pemda and label is active, a rollback activates an earlier one, the bytes
// come back as saved; and the dispositions a model learns from.
#include <future>
#include <limits>

#include "domain/lifecycle.h"
#include "store/store_fixture.h"

namespace sigap::store {
namespace {

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }

template <typename Backend>
class StoreTextModels : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    other_ = *store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  }

  static TextModelRecord Model(std::string version, std::string data) {
    TextModelRecord m;
    m.version = std::move(version);
    m.label = "agency";
    m.data = std::move(data);
    m.examples = 1185;
    m.holdout_top1 = 0.75;
    m.created_by = "user:admin";
    m.created_at = At(1'780'000'000);
    return m;
  }

  CaseId Submit(std::string title, std::string category = "", Timestamp filed = At(1'780'000'000),
                std::string reporter = "") {
    store::NewCase c;
    c.pemda_id = pemda_;
    c.submission.reporter.name = std::move(reporter);
    c.submission.title = std::move(title);
    c.submission.category = std::move(category);
    c.submission.description = "Jalan berlubang di depan pasar.";
    c.salt = 7;
    c.created_at = filed;
    std::promise<Result<SubmitReceipt>> promise;
    store_->SubmitCase(std::move(c), [&](Result<SubmitReceipt> r) { promise.set_value(r); });
    auto receipt = promise.get_future().get();
    EXPECT_TRUE(receipt.has_value());
    return receipt ? receipt->case_id : 0;
  }

  void Dispose(CaseId id, std::string agency, Timestamp at, domain::CaseStatus status,
               std::string category = "") {
    auto applied = store_->ChangeCasesAndWait(
        pemda_, {id}, std::nullopt,
        [&](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
          domain::CaseChange ch;
          ch.after = current[0];
          ch.after.status = status;
          ch.after.agency_code = agency;
          ch.after.submission.category = category;
          ch.after.handling.disposed_at = at;
          ch.events.push_back({"disposed", "user:vera", at, true, {{"agency_code", agency}}});
          return std::vector<domain::CaseChange>{std::move(ch)};
        });
    ASSERT_TRUE(applied.has_value()) << applied.error().message;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
  PemdaId other_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreTextModels, Backends);

TYPED_TEST(StoreTextModels, NoModelIsNotFound) {
  auto found = this->store_->FindActiveTextModel(this->pemda_, "agency", true);

  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreTextModels, ActivatingANewModelKeepsThePreviousForRollback) {
  const std::string bytes("SGTX\x00\x01\xff\x00model", 12);

  auto first = this->store_->SaveTextModel(this->pemda_, TestFixture::Model("v1", bytes), true);
  auto second = this->store_->SaveTextModel(this->pemda_, TestFixture::Model("v2", "b"), true);
  auto active = this->store_->FindActiveTextModel(this->pemda_, "agency", false);
  auto listed = this->store_->ListTextModels(this->pemda_, "agency");

  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_TRUE(second.has_value()) << second.error().message;
  ASSERT_TRUE(active.has_value()) << active.error().message;
  EXPECT_EQ(active->version, "v2");
  EXPECT_TRUE(active->data.empty());
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].version, "v2");
  EXPECT_TRUE((*listed)[0].active);
  EXPECT_EQ((*listed)[1].version, "v1");
  EXPECT_FALSE((*listed)[1].active);
  EXPECT_EQ((*listed)[1].examples, 1185);
  EXPECT_DOUBLE_EQ((*listed)[1].holdout_top1, 0.75);
  EXPECT_EQ((*listed)[1].created_at, At(1'780'000'000));

  ASSERT_TRUE(this->store_->ActivateTextModel(this->pemda_, *first).has_value());
  auto rolled_back = this->store_->FindActiveTextModel(this->pemda_, "agency", true);

  ASSERT_TRUE(rolled_back.has_value()) << rolled_back.error().message;
  EXPECT_EQ(rolled_back->version, "v1");
  EXPECT_EQ(rolled_back->data, bytes);
}

TYPED_TEST(StoreTextModels, EachTargetHasItsOwnActiveModel) {
  TextModelRecord category = TestFixture::Model("c1", "c");
  category.label = "category";

  ASSERT_TRUE(
      this->store_->SaveTextModel(this->pemda_, TestFixture::Model("a1", "a"), true).has_value());
  auto c1 = this->store_->SaveTextModel(this->pemda_, category, true);
  ASSERT_TRUE(c1.has_value()) << c1.error().message;
  ASSERT_TRUE(
      this->store_->SaveTextModel(this->pemda_, TestFixture::Model("a2", "a"), true).has_value());
  ASSERT_TRUE(this->store_->ActivateTextModel(this->pemda_, *c1).has_value());

  auto agency = this->store_->FindActiveTextModel(this->pemda_, "agency", false);
  auto by_category = this->store_->FindActiveTextModel(this->pemda_, "category", true);
  auto categories = this->store_->ListTextModels(this->pemda_, "category");

  ASSERT_TRUE(agency.has_value());
  EXPECT_EQ(agency->version, "a2");
  ASSERT_TRUE(by_category.has_value());
  EXPECT_EQ(by_category->version, "c1");
  EXPECT_EQ(by_category->data, "c");
  ASSERT_TRUE(categories.has_value());
  ASSERT_EQ(categories->size(), 1u);
  EXPECT_EQ((*categories)[0].label, "category");
}

TYPED_TEST(StoreTextModels, AnInactiveModelAndAnotherPemdasAreNotActive) {
  ASSERT_TRUE(
      this->store_->SaveTextModel(this->pemda_, TestFixture::Model("v1", "a"), false).has_value());

  auto mine = this->store_->FindActiveTextModel(this->pemda_, "agency", false);
  auto theirs = this->store_->FindActiveTextModel(this->other_, "agency", false);
  auto activate_theirs = this->store_->ActivateTextModel(this->other_, 1);

  EXPECT_FALSE(mine.has_value());
  EXPECT_FALSE(theirs.has_value());
  ASSERT_FALSE(activate_theirs.has_value());
  EXPECT_EQ(activate_theirs.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreTextModels, DispositionsAreTheDisposedCasesNewestFirst) {
  const CaseId old_case = this->Submit("Lampu mati");
  const CaseId new_case = this->Submit("Jalan rusak");
  const CaseId rejected = this->Submit("Iklan");
  this->Submit("Belum diverifikasi");
  this->Dispose(old_case, "DISHUB", At(1'780'100'000), domain::CaseStatus::kDisposed);
  this->Dispose(new_case, "DPU", At(1'780'200'000), domain::CaseStatus::kResolved,
                "INFRASTRUKTUR.JALAN");
  this->Dispose(rejected, "DPU", At(1'780'300'000), domain::CaseStatus::kRejected);

  auto all = this->store_->ListDispositions(this->pemda_, 10);
  auto latest = this->store_->ListDispositions(this->pemda_, 1);

  ASSERT_TRUE(all.has_value()) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].case_id, new_case);
  EXPECT_EQ((*all)[0].title, "Jalan rusak");
  EXPECT_EQ((*all)[0].description, "Jalan berlubang di depan pasar.");
  EXPECT_EQ((*all)[0].agency_code, "DPU");
  EXPECT_EQ((*all)[0].disposed_at, At(1'780'200'000));
  EXPECT_EQ((*all)[0].category_code, "INFRASTRUKTUR.JALAN");
  EXPECT_EQ((*all)[1].agency_code, "DISHUB");
  EXPECT_EQ((*all)[1].category_code, "");
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->size(), 1u);
}

// The category model's examples: every case with a category, disposed or
// not, newest first by disposition, else filing; rejected ones left out.
TYPED_TEST(StoreTextModels, CategorizedCasesAreThoseWithACategory) {
  const CaseId disposed = this->Submit("Jalan rusak");
  const CaseId waiting = this->Submit("Lampu mati", "PENERANGAN");
  const CaseId rejected = this->Submit("Iklan", "LAINNYA");
  this->Submit("Tanpa kategori");
  this->Dispose(disposed, "DPU", At(1'780'200'000), domain::CaseStatus::kResolved, "JALAN");
  this->Dispose(rejected, "DPU", At(1'780'300'000), domain::CaseStatus::kRejected, "LAINNYA");

  auto all = this->store_->ListCategorized(this->pemda_, 10);

  ASSERT_TRUE(all.has_value()) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].case_id, disposed);
  EXPECT_EQ((*all)[0].category_code, "JALAN");
  EXPECT_EQ((*all)[0].disposed_at, At(1'780'200'000));
  EXPECT_EQ((*all)[1].case_id, waiting);
  EXPECT_EQ((*all)[1].category_code, "PENERANGAN");
  EXPECT_EQ((*all)[1].disposed_at, At(1'780'000'000));  // filed then
  EXPECT_EQ((*all)[1].agency_code, "");
}

// What the text router catches up on: received cases without a suggestion,
// in the id range and filed before the bound, lowest id first.
TYPED_TEST(StoreTextModels, UnsuggestedCasesAreTheReceivedOnesWithoutASuggestion) {
  const CaseId waiting = this->Submit("Lampu mati");
  const CaseId suggested = this->Submit("Jalan rusak");
  const CaseId disposed = this->Submit("Parkir liar");
  const CaseId also_waiting =
      this->Submit("Sampah menumpuk, lapor Sukarni", "", At(1'780'000'000), "Sukarni Wulandari");
  const CaseId later = this->Submit("Banjir", "", At(1'780'000'100));
  auto applied = this->store_->ChangeCasesAndWait(
      this->pemda_, {suggested}, std::nullopt,
      [&](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
        domain::CaseChange ch;
        ch.after = current[0];
        ch.events.push_back({"routing_suggested", "system:router", At(1'780'000'001), false, {}});
        return std::vector<domain::CaseChange>{std::move(ch)};
      });
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  this->Dispose(disposed, "DISHUB", At(1'780'000'002), domain::CaseStatus::kDisposed);
  constexpr CaseId kAll = std::numeric_limits<CaseId>::max();

  auto before_later =
      this->store_->ListUnsuggestedCases(this->pemda_, 0, kAll, At(1'780'000'050), 10);
  auto after_first =
      this->store_->ListUnsuggestedCases(this->pemda_, waiting, kAll, At(1'780'000'200), 10);
  auto first_only = this->store_->ListUnsuggestedCases(this->pemda_, 0, kAll, At(1'780'000'200), 1);
  auto up_to_first =
      this->store_->ListUnsuggestedCases(this->pemda_, 0, waiting, At(1'780'000'200), 10);
  auto others = this->store_->ListUnsuggestedCases(this->other_, 0, kAll, At(1'780'000'200), 10);

  auto ids = [](const Result<std::vector<UnsuggestedCase>>& r) {
    std::vector<CaseId> out;
    if (r) {
      for (const auto& c : *r) out.push_back(c.case_id);
    }
    return out;
  };
  ASSERT_TRUE(before_later.has_value()) << before_later.error().message;
  EXPECT_EQ(ids(before_later), (std::vector<CaseId>{waiting, also_waiting}));
  EXPECT_EQ((*before_later)[0].title, "Lampu mati");
  EXPECT_EQ((*before_later)[0].description, "Jalan berlubang di depan pasar.");
  EXPECT_EQ((*before_later)[0].version, 1);
  EXPECT_EQ((*before_later)[0].filed_at, At(1'780'000'000));
  // The classifier never reads the reporter's name (its telling words are
  // shown to officers who may not know who wrote).
  EXPECT_EQ((*before_later)[1].title.find("Sukarni"), std::string::npos);
  EXPECT_NE((*before_later)[1].title.find("Sampah menumpuk, lapor"), std::string::npos);
  EXPECT_EQ(ids(after_first), (std::vector<CaseId>{also_waiting, later}));
  EXPECT_EQ(ids(first_only), (std::vector<CaseId>{waiting}));
  EXPECT_EQ(ids(up_to_first), (std::vector<CaseId>{waiting}));
  ASSERT_TRUE(others.has_value());
  EXPECT_TRUE(others->empty());
}

TYPED_TEST(StoreTextModels, RoutingSettingsStartAtTheDefaultsAndKeepEveryChange) {
  auto defaults = this->store_->LoadTextRoutingSettings(this->pemda_);
  TextRoutingSettings strict;
  strict.auto_dispose = true;
  strict.target_precision = 0.98;
  strict.min_confidence = 0.3;
  strict.retrain_min_new = 0;
  strict.reason = "Surat Sekda 12/2026";
  strict.changed_by = "user:admin";
  strict.changed_at = At(1'780'000'000);
  auto first = this->store_->SaveTextRoutingSettings(this->pemda_, strict);
  TextRoutingSettings loose = strict;
  loose.auto_dispose = false;
  loose.target_precision = 0.9;
  loose.changed_at = At(1'780'000'100);
  auto second = this->store_->SaveTextRoutingSettings(this->pemda_, loose);
  auto now = this->store_->LoadTextRoutingSettings(this->pemda_);
  auto history = this->store_->ListTextRoutingSettings(this->pemda_, 10);
  auto other = this->store_->LoadTextRoutingSettings(this->other_);

  ASSERT_TRUE(defaults.has_value()) << defaults.error().message;
  EXPECT_EQ(defaults->id, 0);
  EXPECT_FALSE(defaults->auto_dispose);
  EXPECT_DOUBLE_EQ(defaults->target_precision, 0.95);
  EXPECT_EQ(defaults->retrain_min_new, 0);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_GT(*second, *first);
  ASSERT_TRUE(now.has_value()) << now.error().message;
  EXPECT_EQ(now->id, *second);
  EXPECT_FALSE(now->auto_dispose);
  EXPECT_DOUBLE_EQ(now->target_precision, 0.9);
  ASSERT_TRUE(history.has_value()) << history.error().message;
  ASSERT_EQ(history->size(), 2u);
  const auto& kept = (*history)[1];
  EXPECT_TRUE(kept.auto_dispose);
  EXPECT_DOUBLE_EQ(kept.target_precision, 0.98);
  EXPECT_DOUBLE_EQ(kept.min_confidence, 0.3);
  EXPECT_EQ(kept.retrain_min_new, 0);
  EXPECT_EQ(kept.reason, "Surat Sekda 12/2026");
  EXPECT_EQ(kept.changed_by, "user:admin");
  EXPECT_EQ(kept.changed_at, At(1'780'000'000));
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->id, 0);
}

}  // namespace
}  // namespace sigap::store
