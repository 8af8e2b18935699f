#pragma once

// The Pemda's category taxonomy as rows (migration 0015). Shared by both
// backends; the templates take the backend's Statement and Connection
// (sqlite:: and postgres:: share their shape: Prepare, Bind, Step, Run,
// Int, Text). `active` is BOOLEAN there and INTEGER here, read through CASE
// and written as a comparison.
#include <string>
#include <string_view>
#include <vector>

#include "domain/category.h"
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

// Main categories by code, each followed by its sub-categories by name.
inline constexpr const char* kListCategories =
    "SELECT code, name, parent_code, CASE WHEN active THEN 1 ELSE 0 END FROM categories "
    "WHERE pemda_id = CAST(? AS BIGINT) ORDER BY CASE WHEN parent_code = '' THEN code ELSE "
    "parent_code END, parent_code <> '', name, code";

template <class Stmt>
domain::Category ReadCategory(const Stmt& s) {
  return {s.Text(0), s.Text(1), s.Text(2), s.Int(3) != 0};
}

template <class Conn>
Result<std::vector<domain::Category>> ReadCategories(Conn& conn, PemdaId pemda) {
  auto stmt = conn.Prepare(kListCategories);
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<domain::Category> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadCategory(**stmt));
  }
  (*stmt)->Reset();
  return out;
}

// The category `code` of the Pemda; nullopt when there is none.
template <class Conn>
Result<std::optional<domain::Category>> ReadCategory(Conn& conn, PemdaId pemda,
                                                     std::string_view code) {
  auto stmt = conn.Prepare(
      "SELECT code, name, parent_code, CASE WHEN active THEN 1 ELSE 0 END FROM categories "
      "WHERE pemda_id = CAST(? AS BIGINT) AND code = CAST(? AS TEXT)");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, code);
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  std::optional<domain::Category> out;
  if (*row) out = ReadCategory(**stmt);
  (*stmt)->Reset();
  return out;
}

// Store::SaveCategory inside the writer's transaction. With `keep_active`
// (imports) a known code keeps its `active`. Sets `added` when the code
// was new.
template <class Conn>
Status WriteCategory(Conn& conn, PemdaId pemda, const domain::Category& c, bool keep_active,
                     bool& added, bool create_only = false) {
  if (auto errors = domain::ValidateCategory(c); !errors.empty()) {
    // The message first: `errors` is moved into the error after.
    std::string message =
        "invalid category " + c.code + ": " + errors[0].field + " " + errors[0].code;
    return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(errors));
  }
  if (!c.parent_code.empty()) {
    auto parent = ReadCategory(conn, pemda, c.parent_code);
    if (!parent) return Fail(parent.error());
    if (!*parent) {
      return Fail(ErrorCode::kInvalidArgument, "no category " + c.parent_code + " to be under",
                  {{"parent_code", "unknown", "not a category of this Pemda"}});
    }
    if (!(*parent)->parent_code.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  c.parent_code + " is a sub-category: the taxonomy has two levels",
                  {{"parent_code", "not_main", "a main category"}});
    }
    auto children = conn.Prepare(
        "SELECT COUNT(*) FROM categories WHERE pemda_id = CAST(? AS BIGINT) AND parent_code = "
        "CAST(? AS TEXT)");
    if (!children) return Fail(children.error());
    (*children)->Bind(1, pemda).Bind(2, c.code);
    auto row = (*children)->Step();
    if (!row) return Fail(row.error());
    const int64_t count = *row ? (*children)->Int(0) : 0;
    (*children)->Reset();
    if (count > 0) {
      return Fail(ErrorCode::kInvalidArgument, c.code + " has sub-categories and cannot become one",
                  {{"parent_code", "has_children", "a main category with sub-categories"}});
    }
  }
  auto known = ReadCategory(conn, pemda, c.code);
  if (!known) return Fail(known.error());
  added = !known->has_value();
  if (create_only) {
    // Never overwrites: a code another node created since any check is
    // found here, its INSERT committed or waited for.
    auto insert = conn.Prepare(
        "INSERT INTO categories (pemda_id, code, name, parent_code, active) VALUES (CAST(? AS "
        "BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT) <> 0) "
        "ON CONFLICT (pemda_id, code) DO NOTHING RETURNING code");
    if (!insert) return Fail(insert.error());
    (*insert)->Bind(1, pemda).Bind(2, c.code).Bind(3, c.name).Bind(4, c.parent_code);
    (*insert)->Bind(5, c.active ? 1 : 0);
    auto row = (*insert)->Step();
    if (!row) return Fail(row.error());
    (*insert)->Reset();
    if (!*row) {
      return Fail(ErrorCode::kConflict, "the Pemda has a category " + c.code,
                  {{"code", "taken", "a category with this code exists"}});
    }
    return {};
  }
  auto stmt = conn.Prepare(
      keep_active
          ? "INSERT INTO categories (pemda_id, code, name, parent_code, active) VALUES (CAST(? AS "
            "BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT) <> 0) "
            "ON CONFLICT (pemda_id, code) DO UPDATE SET name = excluded.name, parent_code = "
            "excluded.parent_code"
          : "INSERT INTO categories (pemda_id, code, name, parent_code, active) VALUES (CAST(? AS "
            "BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT) <> 0) "
            "ON CONFLICT (pemda_id, code) DO UPDATE SET name = excluded.name, parent_code = "
            "excluded.parent_code, active = excluded.active");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, c.code).Bind(3, c.name).Bind(4, c.parent_code);
  (*stmt)->Bind(5, c.active ? 1 : 0);
  return (*stmt)->Run();
}

// Store::ImportCategories inside the writer's transaction.
template <class Conn>
Status WriteCategories(Conn& conn, PemdaId pemda, const std::vector<domain::Category>& categories,
                       CategoryImport& report) {
  report = {};
  for (size_t i = 0; i < categories.size(); ++i) {
    bool added = false;
    if (auto s = WriteCategory(conn, pemda, categories[i], /*keep_active=*/true, added); !s) {
      Error e = s.error();
      e.message =
          "categories[" + std::to_string(i) + "] (" + categories[i].code + "): " + e.message;
      return Fail(std::move(e));
    }
    ++(added ? report.added : report.updated);
  }
  return {};
}

}  // namespace sigap::store::rows
