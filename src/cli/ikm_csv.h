#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/skm.h"
#include "domain/skm_tally.h"

namespace sigap::cli {

// How `sigap ikm` groups respondents.
enum class IkmGroupBy { kNone, kUnit, kService, kMonth, kQuarter };

struct IkmCsvOptions {
  // Number of the scheme's elements (9 or 14). Columns U10, U11, … beyond
  // them are the unit's own elements when `extra_elements` allows them.
  size_t scheme_elements = 9;
  size_t extra_elements = 0;
  // Finds a scheme element by code or official name (SkmDefinition::FindElement).
  const domain::SkmDefinition* definition = nullptr;
  IkmGroupBy group_by = IkmGroupBy::kNone;
  bool keep_info = false;           // keep every descriptive value (the XLSX data sheet)
  bool count_demographics = false;  // count jenis_kelamin, usia, pendidikan, pekerjaan
  bool skip_invalid = false;        // ignore unknown columns instead of failing
  bool english = false;             // messages in English
};

// One problem of the input, at a line and column (1-based field number).
struct IkmCsvProblem {
  int64_t line = 0;
  size_t column = 0;
  std::string message;  // "U3: nilai '5' di luar 1–4"
};

// The survey read from a CSV file.
struct IkmCsv {
  domain::SkmColumns answers{0};
  std::vector<std::string> extra_codes;  // headers of the unit's own elements, in order
  std::vector<std::string> group_keys;   // group number → key ("" without grouping)
  std::vector<std::string> info_names;   // descriptive columns kept (keep_info)
  std::vector<std::vector<std::string>> info_values;
  std::vector<size_t> info_columns;  // keep_info: each kept column's field number (1-based)
  std::vector<int64_t> lines;        // keep_info: the line of each respondent
  // Per demographic column, each value's count (count_demographics).
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, uint64_t>>>> demographics;
  uint64_t invalid_rows = 0;     // rows with at least one problem (left out)
  uint64_t unanswered_rows = 0;  // rows answering no element (left out; the first in warnings)
  uint64_t problem_count = 0;
  std::vector<IkmCsvProblem> problems;  // the first kMaxProblems
  std::vector<IkmCsvProblem> warnings;  // e.g. ignored columns

  static constexpr size_t kMaxProblems = 50;
};

// Parses a survey CSV: a header row, element columns U1…Un (any case) or
// the elements' official names, optional tanggal, unit, layanan,
// jenis_kelamin, usia, pendidikan, pekerjaan, saran (and no/nomor, which are
// ignored); blank = not answered. Detects `,` or `;` from the header, skips
// a UTF-8 byte order mark, reads quoted fields and CRLF (Excel's CSV).
// Rows whose fields are all blank are not respondents; nor are rows that
// answer no element (a warning names their line).
//
// Every invalid cell (answer outside 1–4, wrong date, text that is not
// UTF-8, wrong number of fields) is a problem and leaves its row out; unknown and duplicate
// columns are problems of line 1 (unknown ones only warnings with
// skip_invalid). Fails with kInvalidArgument, message "SOURCE:LINE: …",
// when the file cannot be read as CSV at all, has no header, lacks an
// element column or the column the grouping needs (unit, layanan, tanggal).
[[nodiscard]] Result<IkmCsv> ParseIkmCsv(std::string_view text, const std::string& source,
                                         const IkmCsvOptions& options);
// The same from a file, read as it is parsed: a survey of any size in a
// buffer of 64 KB (read whole, a 60 MB file's pages cost `sigap ikm` more
// than the parsing, bench/RESULTS.md). kNotFound when it cannot be opened.
[[nodiscard]] Result<IkmCsv> ParseIkmCsvFile(const std::filesystem::path& path,
                                             const IkmCsvOptions& options);

}  // namespace sigap::cli
