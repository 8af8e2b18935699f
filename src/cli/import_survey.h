#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace sigap::cli {

// Flags of `sigap import survey`.
struct SurveyImportFlags {
  std::string file;
  std::string unit;                        // agency code (required)
  std::string period;                      // "2026-Q1", "2026-03", "2026", "2026-S1" (required)
  std::string service;                     // "" = the responses' layanan column, if any
  std::optional<std::string> db;           // default: database.path of the configuration
  std::optional<std::string> config_file;  // default: ./sigap.toml when it exists
  std::string pemda;                       // default: pemda.code, else the only Pemda
  bool skip_invalid = false;
  bool dry_run = false;
  // Rows without a tanggal that match responses imported before: other
  // respondents of a new batch (counted), or the same ones in a file taken
  // again (passed over). Neither: such a file is refused, naming both.
  bool new_batch = false;
  bool skip_imported = false;
};

// `sigap import survey FILE.csv --unit CODE --period 2026-Q1`: adds the SKM
// responses of a CSV (the format of `sigap ikm`) to the survey of that unit,
// service and period, creating the survey when there is none. Rows without
// a tanggal are dated on the period's last day; a tanggal outside the
// period is an error. A file taken again (a form's export that repeats the
// rows of an earlier one) adds only its new rows; the same file twice is
// refused. Rows without a tanggal cannot tell a repeated respondent from
// another who answered alike: when any matches one imported before, the file
// is refused unless `new_batch` or `skip_imported` says which they are.
// Prints each problem as "FILE:LINE:COLUMN: message" on
// `err`, and "Imported N responses …" on `out`. Nothing is written from a
// file with errors unless `skip_invalid` (then the valid rows are). Returns
// 0 when written (or a dry run found no error), 1 when nothing was written,
// 2 for a wrong flag (unknown unit, period or service, missing file).
int ImportSurvey(const SurveyImportFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
