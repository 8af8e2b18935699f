#include "domain/category.h"

#include "domain/text.h"

namespace sigap::domain {
namespace {

bool ValidCode(std::string_view code) {
  if (code.empty() || code.size() > kCategoryCodeMax) return false;
  for (const char ch : code) {
    const bool ok =
        (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string NormalizeCategoryName(std::string_view name) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto ch = static_cast<unsigned char>(name[i]);
    bool blank = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
    if (ch == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0xA0) {
      blank = true;  // U+00A0 NO-BREAK SPACE
      ++i;
    }
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += name[i];
  }
  return out;
}

std::string CategorySlug(std::string_view name) {
  std::string out;
  bool dash = false;
  for (const char c : name) {
    char ch = c;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += ch;
    } else {
      dash = true;
    }
  }
  return out;
}

std::string CategoryCode(std::string_view parent_code, std::string_view name) {
  std::string slug = CategorySlug(name);
  if (parent_code.empty() || slug.empty()) return slug;
  return std::string(parent_code) + "." + slug;
}

std::vector<FieldError> ValidateCategory(const Category& c) {
  std::vector<FieldError> errors;
  if (c.code.empty()) {
    errors.push_back({"code", "required", "a code, or a name to derive it from"});
  } else if (!ValidCode(c.code)) {
    errors.push_back({"code", "invalid_format", "1 to 200 of A-Z, 0-9, '-', '.', '_'"});
  }
  if (c.name.empty()) {
    errors.push_back({"name", "required", ""});
  } else if (!IsValidUtf8(c.name)) {
    errors.push_back({"name", "invalid_utf8", "not valid UTF-8"});
  } else if (CodePointCount(c.name) > kCategoryNameMax) {
    errors.push_back({"name", "too_long", "longer than 200"});
  } else if (HasControlCharacters(c.name, /*allow_newlines=*/false)) {
    errors.push_back({"name", "invalid_characters", "control characters"});
  }
  if (!c.parent_code.empty()) {
    if (!ValidCode(c.parent_code)) {
      errors.push_back({"parent_code", "invalid_format", "a category code"});
    } else if (c.parent_code == c.code) {
      errors.push_back({"parent_code", "same_category", "a category is not its own parent"});
    }
  }
  return errors;
}

bool CategoryOffered(const Category& category, const std::vector<Category>& all) {
  if (!category.active) return false;
  if (category.parent_code.empty()) return true;
  for (const auto& c : all) {
    if (c.code == category.parent_code) return c.active;
  }
  return false;
}

}  // namespace sigap::domain
