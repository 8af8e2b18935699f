// PostgresStore: the Pemda's category taxonomy (issue 8, migration 0015).
// The rows are shared with the other backend (category_rows.h).
#include "store/category_rows.h"
#include "store/postgres/postgres_store.h"

namespace sigap::store::postgres {

Result<std::vector<domain::Category>> PostgresStore::ListCategories(PemdaId pemda) {
  using T = std::vector<domain::Category>;
  return Read<T>([&](Connection& conn) -> Result<T> { return rows::ReadCategories(conn, pemda); });
}

Result<domain::Category> PostgresStore::FindCategory(PemdaId pemda, std::string_view code) {
  return Read<domain::Category>([&](Connection& conn) -> Result<domain::Category> {
    auto found = rows::ReadCategory(conn, pemda, code);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(ErrorCode::kNotFound, "no category " + std::string(code));
    return std::move(**found);
  });
}

Status PostgresStore::AddCategory(PemdaId pemda, const domain::Category& category) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    bool added = false;
    return rows::WriteCategory(conn, pemda, category, /*keep_active=*/false, added,
                               /*create_only=*/true);
  });
}

Status PostgresStore::SaveCategory(PemdaId pemda, const domain::Category& category) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    bool added = false;
    return rows::WriteCategory(conn, pemda, category, /*keep_active=*/false, added);
  });
}

Result<CategoryImport> PostgresStore::ImportCategories(
    PemdaId pemda, const std::vector<domain::Category>& categories) {
  CategoryImport report;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    return rows::WriteCategories(conn, pemda, categories, report);
  });
  if (!status) return Fail(status.error());
  return report;
}

}  // namespace sigap::store::postgres
