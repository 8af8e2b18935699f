// SqliteStore: the Pemda's category taxonomy (issue 8, migration 0015). The
// rows are shared with the other backend (category_rows.h).
#include "store/category_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::store::sqlite {

Result<std::vector<domain::Category>> SqliteStore::ListCategories(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::ReadCategories(***reader, pemda);
}

Result<domain::Category> SqliteStore::FindCategory(PemdaId pemda, std::string_view code) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto found = rows::ReadCategory(***reader, pemda, code);
  if (!found) return Fail(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "no category " + std::string(code));
  return std::move(**found);
}

Status SqliteStore::AddCategory(PemdaId pemda, const domain::Category& category) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    bool added = false;
    return rows::WriteCategory(conn, pemda, category, /*keep_active=*/false, added,
                               /*create_only=*/true);
  });
}

Status SqliteStore::SaveCategory(PemdaId pemda, const domain::Category& category) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    bool added = false;
    return rows::WriteCategory(conn, pemda, category, /*keep_active=*/false, added);
  });
}

Result<CategoryImport> SqliteStore::ImportCategories(
    PemdaId pemda, const std::vector<domain::Category>& categories) {
  CategoryImport report;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WriteCategories(conn, pemda, categories, report);
  });
  if (!status) return Fail(status.error());
  return report;
}

}  // namespace sigap::store::sqlite
