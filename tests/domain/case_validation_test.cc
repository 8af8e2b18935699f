#include "domain/case_validation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sigap::domain {
namespace {

CaseSubmission Valid() {
  CaseSubmission s;
  s.kind = CaseKind::kComplaint;
  s.title = "Saluran tersumbat";
  s.description = "Saluran di depan SD tersumbat sampah sejak seminggu, air meluap ke jalan.";
  s.location.point = GeoPoint{-6.9932, 110.4203};
  s.location.region_code = "33.74.01.1001";
  s.reporter = {"Sri", "081234567890", "sri@example.id", ""};
  return s;
}

bool HasError(const std::vector<FieldError>& errors, const std::string& field,
              const std::string& code) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field && e.code == code; });
}

TEST(ValidateSubmission, AcceptsTheDocumentedExample) {
  EXPECT_TRUE(ValidateSubmission(Valid()).empty());
}

TEST(ValidateSubmission, TitleAndDescriptionAreRequired) {
  auto s = Valid();
  s.title.clear();
  s.description.clear();

  const auto errors = ValidateSubmission(s);

  EXPECT_TRUE(HasError(errors, "title", "required"));
  EXPECT_TRUE(HasError(errors, "description", "required"));
}

TEST(ValidateSubmission, LengthsCountCharactersNotBytes) {
  auto s = Valid();
  s.title = std::string();
  for (int i = 0; i < 200; ++i) s.title += "é";  // 200 characters, 400 bytes

  EXPECT_TRUE(ValidateSubmission(s).empty());

  s.title += "é";
  EXPECT_TRUE(HasError(ValidateSubmission(s), "title", "too_long"));
}

TEST(ValidateSubmission, RejectsInvalidUtf8AndControlCharacters) {
  auto s = Valid();
  s.title = "Jalan \xC0\xAF rusak";  // overlong '/'
  s.description = std::string("Ada\0nol", 7);

  const auto errors = ValidateSubmission(s);

  EXPECT_TRUE(HasError(errors, "title", "invalid_utf8"));
  EXPECT_TRUE(HasError(errors, "description", "control_characters"));
}

TEST(ValidateSubmission, DescriptionMayHaveLineBreaks) {
  auto s = Valid();
  s.description = "Baris satu.\nBaris dua.\r\n\tBaris tiga.";

  EXPECT_TRUE(ValidateSubmission(s).empty());
}

TEST(ValidateSubmission, CoordinatesMustBeOnEarth) {
  auto s = Valid();
  s.location.point = GeoPoint{-91, 181};

  auto errors = ValidateSubmission(s);
  EXPECT_TRUE(HasError(errors, "location.lat", "out_of_range"));
  EXPECT_TRUE(HasError(errors, "location.lng", "out_of_range"));

  s.location.point = GeoPoint{std::numeric_limits<double>::quiet_NaN(), 0};
  EXPECT_TRUE(HasError(ValidateSubmission(s), "location.lat", "out_of_range"));
}

TEST(ValidateSubmission, RegionCodeMustBeKemendagriShaped) {
  auto s = Valid();
  for (const char* bad :
       {"3374011001", "33.74.1.1001", "33.74.01.10010", "33.74.001.1001", "xx.yy", "33."}) {
    s.location.region_code = bad;
    EXPECT_TRUE(HasError(ValidateSubmission(s), "location.region_code", "invalid_format")) << bad;
  }
  for (const char* good : {"33", "33.74", "33.74.01", "33.74.01.1001"}) {
    s.location.region_code = good;
    EXPECT_TRUE(ValidateSubmission(s).empty()) << good;
  }
}

TEST(ValidateSubmission, ContactFormats) {
  auto s = Valid();
  s.reporter = {"Sri", "12ab", "not-an-email", "123"};

  const auto errors = ValidateSubmission(s);

  EXPECT_TRUE(HasError(errors, "reporter.phone", "invalid_format"));
  EXPECT_TRUE(HasError(errors, "reporter.email", "invalid_format"));
  EXPECT_TRUE(HasError(errors, "reporter.nik", "invalid_format"));
}

// Numbers as people write them on forms and in spreadsheets.
TEST(ValidateSubmission, PhoneNumbersAsPeopleWriteThem) {
  for (const char* phone :
       {"081234567890", "+62 812-3456-7890", "(024) 3515871", "0812.3456.7890"}) {
    auto s = Valid();
    s.reporter.phone = phone;
    EXPECT_FALSE(HasError(ValidateSubmission(s), "reporter.phone", "invalid_format")) << phone;
  }
  for (const char* phone :
       {"(024 3515871", "024) 3515871", "0812/3456/7890", "1234567", "08x2345678"}) {
    auto s = Valid();
    s.reporter.phone = phone;
    EXPECT_TRUE(HasError(ValidateSubmission(s), "reporter.phone", "invalid_format")) << phone;
  }
}

TEST(ValidateSubmission, ContactIsOptional) {
  auto s = Valid();
  s.reporter = {};
  s.anonymous = true;

  EXPECT_TRUE(ValidateSubmission(s).empty());
}

TEST(ValidateSubmission, RequestNeedsAService) {
  auto s = Valid();
  s.kind = CaseKind::kRequest;

  EXPECT_TRUE(HasError(ValidateSubmission(s), "service_code", "required"));
}

}  // namespace
}  // namespace sigap::domain
