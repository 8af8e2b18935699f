#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace sigap::domain {

// A category of a Pemda's complaint taxonomy (issue 8, "routing by text"):
// two levels, as SP4N-LAPOR! has them — a main category (parent_code "")
// and its sub-categories. A case names its category by `code`, which never
// changes: renaming or moving a category keeps it, so old cases keep
// theirs. A retired category (`active` false) stays for the cases that
// have it but is no longer offered.
struct Category {
  std::string code;         // e.g. "PEKERJAAN-UMUM-DAN-PENATAAN-RUANG.TAMAN"
  std::string name;         // as the Pemda writes it
  std::string parent_code;  // "" for a main category
  bool active = true;

  bool operator==(const Category&) const = default;
};

inline constexpr size_t kCategoryCodeMax = 200;  // characters
inline constexpr size_t kCategoryNameMax = 200;  // code points

// `name` with no-break spaces (U+00A0, which the SP4N-LAPOR! transcription
// has) and runs of white space turned into one space, and trimmed.
std::string NormalizeCategoryName(std::string_view name);

// The readable part of a code: ASCII letters upper-cased and digits kept,
// every other run of characters one '-', none at either end.
// "Drainase (gorong-gorong/parit)" -> "DRAINASE-GORONG-GORONG-PARIT"; ""
// when the name has no ASCII letter or digit.
std::string CategorySlug(std::string_view name);

// The code a category named `name` gets: its slug, after "PARENT." for a
// sub-category ("PEKERJAAN-UMUM-DAN-PENATAAN-RUANG.TAMAN").
std::string CategoryCode(std::string_view parent_code, std::string_view name);

// The problems of a category on its own, naming the field: `code` (1..200
// of A-Z, 0-9, '-', '.', '_'), `name` (1..200 code points of valid UTF-8
// without control characters) and `parent_code` (a code, not its own).
// Whether the parent exists is the store's to check.
std::vector<FieldError> ValidateCategory(const Category& category);

// True when a category is offered to citizens and officers: it is active
// and so is its main category (found in `all`).
bool CategoryOffered(const Category& category, const std::vector<Category>& all);

}  // namespace sigap::domain
