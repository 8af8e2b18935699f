#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace sigap::cli {

// Flags of `sigap import categories`.
struct CategoryImportFlags {
  std::string file;                        // the taxonomy, JSON
  std::optional<std::string> db;           // default: database.path of the configuration
  std::optional<std::string> config_file;  // default: ./sigap.toml when it exists
  std::string pemda;                       // default: pemda.code, else the only Pemda
};

// `sigap import categories FILE.json`: the Pemda's category taxonomy (issue
// 8) from a file in the format of the SP4N-LAPOR! transcription
// ({"categories": {"MAIN": ["SUB", ...]}}, app::ReadCategoryFile), written
// in one transaction. Safe to run again: known codes get the file's names
// and keep whether they are retired; nothing is duplicated. Prints
// "Imported N categories (A new, U updated)" on `out`; a problem is printed
// on `err` naming the file and what is wrong. Returns 0 when written, 1
// when the file is malformed or the database fails, 2 for a wrong flag
// (missing file, unknown Pemda).
int ImportCategories(const CategoryImportFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
