#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/category.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::app {

// Reads a taxonomy in the format of the SP4N-LAPOR! transcription
// (shared/data/complaints/lapor_category_taxonomy_masp222_2025.json):
// {"categories": {"MAIN NAME": ["SUB NAME", ...], ...}}, other keys
// ignored. Names are normalised (domain::NormalizeCategoryName: no-break
// spaces become spaces); codes are derived (domain::CategoryCode); a
// sub-category named twice under one main category is one category.
// Returns each main category followed by its sub-categories, in the
// file's order. kNotFound when the file is missing; kInvalidArgument whose
// message names the file and what is wrong (not JSON, no "categories"
// object, a main category that is not a list of strings, a name without a
// letter or digit, two names with one code).
[[nodiscard]] Result<std::vector<domain::Category>> ReadCategoryFile(
    const std::filesystem::path& file);

// Whether `code` may be a case's category in the Pemda: "" always; any
// text (checked as a submission's) when the Pemda has no taxonomy; else an
// offered category (domain::CategoryOffered), or with `historical` (cases
// filed before, imports) any of its categories. Returns the field error
// (field "category": "unknown" or "inactive") or nullopt; fails only when
// the store does.
[[nodiscard]] Result<std::optional<FieldError>> CheckCaseCategory(store::Store& store,
                                                                  domain::PemdaId pemda,
                                                                  std::string_view code,
                                                                  bool historical);

// What an administrator changes in a category; absent fields stay.
struct CategoryChange {
  std::optional<std::string> name;
  std::optional<std::string> parent_code;  // "" makes it a main category
  std::optional<bool> active;
};

// The Pemda's category taxonomy (issue 8): a two-level tree an
// administrator edits. Thread-safe.
class CategoryBook {
 public:
  // `store` must outlive this object.
  explicit CategoryBook(store::Store& store) : store_(store) {}

  // Every category (ordered as Store::ListCategories), or only those
  // offered (domain::CategoryOffered) unless `with_retired`.
  [[nodiscard]] Result<std::vector<domain::Category>> List(domain::PemdaId pemda,
                                                           bool with_retired) const;

  // Adds a category; its code, when empty, is derived from the name (and
  // the parent's code). Returns it as stored. kConflict naming `code` when
  // the Pemda has a category with that code; kInvalidArgument naming the
  // field (see Store::SaveCategory).
  [[nodiscard]] Result<domain::Category> Add(domain::PemdaId pemda,
                                             domain::Category category) const;

  // Renames, moves, retires or reactivates the category `code`; returns it
  // as stored. kNotFound when the Pemda has no such category;
  // kInvalidArgument naming the field.
  [[nodiscard]] Result<domain::Category> Change(domain::PemdaId pemda, std::string_view code,
                                                const CategoryChange& change) const;

 private:
  store::Store& store_;
};

}  // namespace sigap::app
