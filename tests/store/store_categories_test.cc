// The Store contract for the category taxonomy (issue 8, migration 0015):
// two levels, codes unique per Pemda, saves that update rather than
// duplicate, retired categories kept, an import in one transaction that
// keeps what the Pemda retired, and a case's category changed with its
// projection.
#include "store/store_fixture.h"

namespace sigap::store {
namespace {

using domain::Category;

const Category kPu{"PU", "Pekerjaan Umum", "", true};
const Category kDrainase{"PU.DRAINASE", "Drainase", "PU", true};
const Category kJalan{"PU.JALAN", "Jalan Berlubang", "PU", true};
const Category kSosial{"SOSIAL", "Sosial", "", true};

template <typename Backend>
class StoreCategories : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    other_ = *store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  }
  Store& store() { return *store_; }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0, other_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreCategories, Backends);

TYPED_TEST(StoreCategories, APemdaWithoutATaxonomyListsNone) {
  auto all = this->store().ListCategories(this->pemda_);

  ASSERT_TRUE(all.has_value()) << all.error().message;
  EXPECT_TRUE(all->empty());
}

TYPED_TEST(StoreCategories, MainCategoriesAreListedEachFollowedByItsSubCategoriesByName) {
  for (const auto& c : {kSosial, kPu, kJalan, kDrainase}) {
    ASSERT_TRUE(this->store().SaveCategory(this->pemda_, c)) << c.code;
  }

  auto all = this->store().ListCategories(this->pemda_);

  ASSERT_TRUE(all.has_value()) << all.error().message;
  EXPECT_EQ(*all, (std::vector<Category>{kPu, kDrainase, kJalan, kSosial}));
  EXPECT_TRUE(this->store().ListCategories(this->other_)->empty());
}

TYPED_TEST(StoreCategories, SavingAKnownCodeUpdatesItAndKeepsItOnce) {
  ASSERT_TRUE(this->store().SaveCategory(this->pemda_, kPu));
  ASSERT_TRUE(this->store().SaveCategory(this->pemda_, kSosial));
  ASSERT_TRUE(this->store().SaveCategory(this->pemda_, kDrainase));
  Category moved = kDrainase;
  moved.name = "Saluran Drainase";
  moved.parent_code = "SOSIAL";
  moved.active = false;

  ASSERT_TRUE(this->store().SaveCategory(this->pemda_, moved));

  auto found = this->store().FindCategory(this->pemda_, "PU.DRAINASE");
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(*found, moved);
  EXPECT_EQ(this->store().ListCategories(this->pemda_)->size(), 3U);
}

// Adding is for new codes only, whichever node (store) added it first:
// the second admin is told, the first one's name stays.
TYPED_TEST(StoreCategories, AddingAKnownCodeIsAConflictAndChangesNothing) {
  auto node_b = TypeParam::Open(this->dir_);
  Category other_name = kPu;
  other_name.name = "Nama lain";

  const auto first = this->store().AddCategory(this->pemda_, kPu);
  const auto second = node_b->AddCategory(this->pemda_, other_name);
  const auto elsewhere = node_b->AddCategory(this->other_, other_name);

  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  ASSERT_EQ(second.error().fields.size(), 1U);
  EXPECT_EQ(second.error().fields[0].field, "code");
  EXPECT_EQ(this->store().FindCategory(this->pemda_, kPu.code)->name, kPu.name);
  EXPECT_TRUE(elsewhere.has_value());
}

TYPED_TEST(StoreCategories, UnknownCodeIsNotFound) {
  auto found = this->store().FindCategory(this->pemda_, "NOPE");

  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreCategories, ASubCategoryNeedsAMainCategoryOfThePemda) {
  ASSERT_TRUE(this->store().SaveCategory(this->other_, kPu));
  ASSERT_TRUE(this->store().SaveCategory(this->pemda_, kSosial));
  ASSERT_TRUE(this->store().SaveCategory(this->pemda_, {"SOSIAL.BANSOS", "Bansos", "SOSIAL"}));

  auto unknown = this->store().SaveCategory(this->pemda_, kDrainase);
  auto third_level =
      this->store().SaveCategory(this->pemda_, {"X", "Tingkat tiga", "SOSIAL.BANSOS"});
  auto main_with_children = this->store().SaveCategory(this->pemda_, {"SOSIAL", "Sosial", "X"});

  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(unknown.error().fields.size(), 1U);
  EXPECT_EQ(unknown.error().fields[0].field, "parent_code");
  EXPECT_EQ(unknown.error().fields[0].code, "unknown");
  ASSERT_FALSE(third_level.has_value());
  EXPECT_EQ(third_level.error().fields[0].code, "not_main");
  ASSERT_FALSE(main_with_children.has_value());
  EXPECT_EQ(main_with_children.error().code, ErrorCode::kInvalidArgument);
}

TYPED_TEST(StoreCategories, AnInvalidCategoryIsRefusedNamingTheField) {
  auto no_name = this->store().SaveCategory(this->pemda_, {"PU", "", ""});
  auto bad_code = this->store().SaveCategory(this->pemda_, {"pu umum", "Pekerjaan Umum", ""});

  ASSERT_FALSE(no_name.has_value());
  EXPECT_EQ(no_name.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_name.error().fields[0].field, "name");
  ASSERT_FALSE(bad_code.has_value());
  EXPECT_EQ(bad_code.error().fields[0].field, "code");
}

TYPED_TEST(StoreCategories, ReimportingUpdatesNamesAndKeepsWhatThePemdaRetired) {
  auto first = this->store().ImportCategories(this->pemda_, {kPu, kDrainase, kJalan});
  ASSERT_TRUE(first.has_value()) << first.error().message;
  Category retired = kJalan;
  retired.active = false;
  ASSERT_TRUE(this->store().SaveCategory(this->pemda_, retired));
  Category renamed = kDrainase;
  renamed.name = "Drainase (gorong-gorong/parit)";

  auto again = this->store().ImportCategories(this->pemda_, {kPu, renamed, kJalan, kSosial});

  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(first->added, 3);
  EXPECT_EQ(first->updated, 0);
  EXPECT_EQ(again->added, 1);
  EXPECT_EQ(again->updated, 3);
  EXPECT_EQ(*this->store().ListCategories(this->pemda_),
            (std::vector<Category>{kPu, renamed, retired, kSosial}));
}

TYPED_TEST(StoreCategories, AnImportWithABadEntryWritesNothingAndNamesIt) {
  auto imported =
      this->store().ImportCategories(this->pemda_, {kPu, kDrainase, {"X.Y", "Yatim", "X"}});

  ASSERT_FALSE(imported.has_value());
  EXPECT_EQ(imported.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(imported.error().message.find("categories[2] (X.Y)"), std::string::npos)
      << imported.error().message;
  EXPECT_TRUE(this->store().ListCategories(this->pemda_)->empty());
}

TYPED_TEST(StoreCategories, ACaseCategoryChangesWithTheProjection) {
  NewCase c;
  c.pemda_id = this->pemda_;
  c.submission.title = "Saluran mampet";
  c.submission.description = "Saluran mampet di depan pasar.";
  c.submission.category = "PU.JALAN";
  c.salt = 7;
  c.created_at = FromMicros(1'780'000'000'000'000);
  auto receipts = this->store().SubmitCases({c});
  ASSERT_TRUE(receipts.has_value()) << receipts.error().message;
  const CaseId id = (*receipts)[0].case_id;

  auto applied = this->store().ChangeCasesAndWait(
      this->pemda_, {id}, std::nullopt,
      [](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
        domain::CaseChange change;
        change.after = current[0];
        change.after.submission.category = "PU.DRAINASE";
        change.events.push_back({"categorized",
                                 "user:vera",
                                 current[0].created_at,
                                 false,
                                 {{"category", std::string("PU.DRAINASE")}}});
        return std::vector<domain::CaseChange>{change};
      });

  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  auto found = this->store().FindCase(this->pemda_, id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->submission.category, "PU.DRAINASE");
  EXPECT_EQ(found->version, 2);
}

}  // namespace
}  // namespace sigap::store
