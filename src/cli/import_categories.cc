#include "cli/import_categories.h"

#include <filesystem>

#include "app/category_book.h"
#include "cli/runtime.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kNotWritten = 1;
constexpr int kUsage = 2;

}  // namespace

int ImportCategories(const CategoryImportFlags& flags, std::ostream& out, std::ostream& err) {
  const std::string prefix = "sigap import categories: ";
  auto stop = [&](int code, const std::string& message) {
    err << prefix << message << "\n";
    return code;
  };
  if (auto missing = NotAnInputFile(flags.file)) return stop(kUsage, *missing);
  // The file first: a malformed one fails before the database is opened.
  auto categories = app::ReadCategoryFile(flags.file);
  if (!categories) return stop(kNotWritten, categories.error().message + "; nothing imported");
  int exit_code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, exit_code);
  if (!target) return stop(exit_code, target.error().message);
  auto imported = target->store->ImportCategories(target->pemda.id, *categories);
  if (!imported) {
    return stop(kNotWritten, flags.file + ": " + imported.error().message + "; nothing imported");
  }
  out << "Imported " << categories->size() << " categories (" << imported->added << " new, "
      << imported->updated << " updated) into " << target->pemda.code << "\n";
  return 0;
}

}  // namespace sigap::cli
