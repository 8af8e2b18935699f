#include "app/category_book.h"

#include <map>
#include <set>
#include <utility>

#include "app/data_file.h"

namespace sigap::app {
using domain::Category;

Result<std::vector<Category>> ReadCategoryFile(const std::filesystem::path& file) {
  auto doc = ReadJsonFile(file);
  if (!doc) return Fail(doc.error());
  const auto tree = doc->is_object() ? doc->find("categories") : doc->end();
  if (!doc->is_object() || tree == doc->end() || !tree->is_object()) {
    return InvalidFile(file, "expected {\"categories\": {\"MAIN\": [\"SUB\", ...]}}");
  }
  std::vector<Category> out;
  std::map<std::string, std::string> named;  // code -> the name that gave it
  auto add = [&](Category c, const std::string& where) -> Status {
    if (c.code.empty()) {
      return InvalidFile(file, where + ": \"" + c.name + "\" has no letter or digit for a code");
    }
    if (auto errors = domain::ValidateCategory(c); !errors.empty()) {
      return InvalidFile(file, where + ": " + errors[0].field + " " + errors[0].code + " (" +
                                   errors[0].message + ")");
    }
    const auto [it, inserted] = named.emplace(c.code, c.name);
    if (!inserted) {
      if (it->second == c.name && !c.parent_code.empty()) return {};  // listed twice: one
      return InvalidFile(file, where + ": \"" + c.name + "\" and \"" + it->second +
                                   "\" give the same code " + c.code);
    }
    out.push_back(std::move(c));
    return {};
  };
  for (const auto& [key, subs] : tree->items()) {
    const std::string where = "categories[\"" + key + "\"]";
    Category main;
    main.name = domain::NormalizeCategoryName(key);
    main.code = domain::CategoryCode("", main.name);
    if (auto s = add(main, where); !s) return Fail(s.error());
    if (!subs.is_array()) return InvalidFile(file, where + ": expected a list of names");
    for (size_t i = 0; i < subs.size(); ++i) {
      const std::string sub_where = where + "[" + std::to_string(i) + "]";
      if (!subs[i].is_string()) return InvalidFile(file, sub_where + ": expected a name");
      Category sub;
      sub.name = domain::NormalizeCategoryName(subs[i].get<std::string>());
      sub.parent_code = main.code;
      sub.code = domain::CategoryCode(main.code, sub.name);
      if (auto s = add(std::move(sub), sub_where); !s) return Fail(s.error());
    }
  }
  return out;
}

Result<std::optional<FieldError>> CheckCaseCategory(store::Store& store, domain::PemdaId pemda,
                                                    std::string_view code, bool historical) {
  if (code.empty()) return std::optional<FieldError>();
  auto found = store.FindCategory(pemda, code);
  if (!found) {
    if (found.error().code != ErrorCode::kNotFound) return Fail(found.error());
    // Without a taxonomy the category stays free text.
    auto all = store.ListCategories(pemda);
    if (!all) return Fail(all.error());
    if (all->empty()) return std::optional<FieldError>();
    return std::optional<FieldError>(
        FieldError{"category", "unknown", "not a category code of this Pemda"});
  }
  if (historical) return std::optional<FieldError>();
  std::vector<Category> parent;  // all domain::CategoryOffered needs to know
  if (!found->parent_code.empty()) {
    auto p = store.FindCategory(pemda, found->parent_code);
    if (!p && p.error().code != ErrorCode::kNotFound) return Fail(p.error());
    if (p) parent.push_back(std::move(*p));
  }
  if (domain::CategoryOffered(*found, parent)) return std::optional<FieldError>();
  return std::optional<FieldError>(
      FieldError{"category", "inactive", "this category is retired and no longer offered"});
}

Result<std::vector<Category>> CategoryBook::List(domain::PemdaId pemda, bool with_retired) const {
  auto all = store_.ListCategories(pemda);
  if (!all || with_retired) return all;
  std::vector<Category> offered;
  for (const auto& c : *all) {
    if (domain::CategoryOffered(c, *all)) offered.push_back(c);
  }
  return offered;
}

Result<Category> CategoryBook::Add(domain::PemdaId pemda, Category category) const {
  category.name = domain::NormalizeCategoryName(category.name);
  if (category.code.empty())
    category.code = domain::CategoryCode(category.parent_code, category.name);
  if (auto errors = domain::ValidateCategory(category); !errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "invalid category", std::move(errors));
  }
  auto existing = store_.FindCategory(pemda, category.code);
  if (existing) {
    return Fail(ErrorCode::kConflict, "the Pemda has a category " + category.code,
                {{"code", "taken", "a category with this code exists"}});
  }
  if (existing.error().code != ErrorCode::kNotFound) return Fail(existing.error());
  if (auto saved = store_.AddCategory(pemda, category); !saved) return Fail(saved.error());
  return store_.FindCategory(pemda, category.code);
}

Result<Category> CategoryBook::Change(domain::PemdaId pemda, std::string_view code,
                                      const CategoryChange& change) const {
  auto current = store_.FindCategory(pemda, code);
  if (!current) return Fail(current.error());
  Category c = std::move(*current);
  if (change.name) c.name = domain::NormalizeCategoryName(*change.name);
  if (change.parent_code) c.parent_code = *change.parent_code;
  if (change.active) c.active = *change.active;
  if (auto errors = domain::ValidateCategory(c); !errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "invalid category", std::move(errors));
  }
  if (auto saved = store_.SaveCategory(pemda, c); !saved) return Fail(saved.error());
  return store_.FindCategory(pemda, c.code);
}

}  // namespace sigap::app
