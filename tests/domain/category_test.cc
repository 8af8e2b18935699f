#include "domain/category.h"

#include <gtest/gtest.h>

namespace sigap::domain {
namespace {

TEST(Category, NoBreakSpacesAndRunsOfSpaceBecomeOneSpace) {
  EXPECT_EQ(NormalizeCategoryName("  PEKERJAAN\xC2\xA0UMUM \t DAN\xC2\xA0\xC2\xA0PENATAAN RUANG "),
            "PEKERJAAN UMUM DAN PENATAAN RUANG");
}

TEST(Category, CodesAreReadableSlugsUnderTheirMainCategory) {
  EXPECT_EQ(CategorySlug("Drainase (gorong-gorong/parit)"), "DRAINASE-GORONG-GORONG-PARIT");
  EXPECT_EQ(CategorySlug("REDD+"), "REDD");
  EXPECT_EQ(CategorySlug("!!!"), "");
  EXPECT_EQ(CategoryCode("", "Pekerjaan Umum dan Penataan Ruang"),
            "PEKERJAAN-UMUM-DAN-PENATAAN-RUANG");
  EXPECT_EQ(CategoryCode("PEKERJAAN-UMUM-DAN-PENATAAN-RUANG", "Taman"),
            "PEKERJAAN-UMUM-DAN-PENATAAN-RUANG.TAMAN");
}

TEST(Category, ValidationNamesTheField) {
  EXPECT_TRUE(ValidateCategory({"PU.TAMAN", "Taman", "PU"}).empty());

  const auto bad_code = ValidateCategory({"pu taman", "Taman", ""});
  const auto own_parent = ValidateCategory({"PU", "Pekerjaan Umum", "PU"});
  const auto no_name = ValidateCategory({"PU", "", ""});

  ASSERT_EQ(bad_code.size(), 1u);
  EXPECT_EQ(bad_code[0].field, "code");
  ASSERT_EQ(own_parent.size(), 1u);
  EXPECT_EQ(own_parent[0].code, "same_category");
  ASSERT_EQ(no_name.size(), 1u);
  EXPECT_EQ(no_name[0].field, "name");
}

TEST(Category, ASubCategoryOfARetiredMainCategoryIsNotOffered) {
  const std::vector<Category> all = {{"PU", "Pekerjaan Umum", "", false},
                                     {"PU.TAMAN", "Taman", "PU", true},
                                     {"SOSIAL", "Sosial", "", true},
                                     {"SOSIAL.BANSOS", "Bansos", "SOSIAL", false}};

  EXPECT_FALSE(CategoryOffered(all[0], all));
  EXPECT_FALSE(CategoryOffered(all[1], all));
  EXPECT_TRUE(CategoryOffered(all[2], all));
  EXPECT_FALSE(CategoryOffered(all[3], all));
}

}  // namespace
}  // namespace sigap::domain
