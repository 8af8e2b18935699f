#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace sigap::cli {

// A read-only stream buffer over `text`, which must outlive it: what
// std::istringstream gives a CsvReader without its two copies of the text.
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(std::string_view text) {
    // Never written through: no put area, and a putback only moves back.
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

struct CsvOptions {
  char delimiter = ',';  // ';' for spreadsheets saved in Indonesian locales
};

// `,` or `;`, whichever occurs more often outside quotes in the first line
// (Excel in an Indonesian locale writes `;`).
char DetectCsvDelimiter(std::string_view text);
// The same from the first line of `in`, which is then read again from its
// start; nullopt when it cannot be (a stream that cannot seek).
std::optional<char> DetectCsvDelimiter(std::istream& in);

// One record and the physical line (1-based) where it starts, for messages.
struct CsvRecord {
  int64_t line = 0;
  std::vector<std::string> fields;
};

// Reads RFC 4180 CSV one record at a time, the way spreadsheets write it:
// - fields may be quoted; inside quotes a doubled quote is one quote and
//   delimiters and line breaks are data (kept byte for byte);
// - records end with LF, CRLF or a lone CR;
// - a UTF-8 byte order mark at the start is skipped;
// - empty lines are skipped (so a trailing newline adds no record);
// - a quote inside an unquoted field is kept as data (`5" pipe`).
// Errors (kInvalidArgument, message "<source>:<line>: ..."): a quoted field
// that never ends (the line where it opened), or text between a closing
// quote and the next delimiter.
//
// Not thread-safe; one reader per stream.
class CsvReader {
 public:
  // `in` must outlive the reader. `source` names the input in errors.
  CsvReader(std::istream& in, std::string source, CsvOptions options = {});

  // Reads the next record into `record`. Returns true when one was read and
  // false at the end of the input; an error for malformed input, after
  // which the reader should not be used again.
  [[nodiscard]] Result<bool> Next(CsvRecord& record);

  const std::string& source() const { return source_; }

 private:
  int Get();
  int Peek();

  std::istream& in_;
  std::string source_;
  CsvOptions options_;
  std::string pending_;  // bytes read ahead while looking for a byte order mark
  size_t pending_pos_ = 0;
  int64_t line_ = 1;
  bool started_ = false;
};

// A whole CSV file whose first record is the header.
struct CsvTable {
  std::string source;
  std::vector<std::string> header;
  std::vector<CsvRecord> rows;

  // Index of the header column named `name`, or -1.
  int Column(std::string_view name) const;
};

// Parses `text` as a table. Besides the reader's errors, fails when the
// input is empty or a row has a different number of fields than the header
// ("<source>:<line>: expected 4 fields, found 3").
[[nodiscard]] Result<CsvTable> ParseCsvTable(std::string_view text, std::string source,
                                             CsvOptions options = {});

// Reads a file as a table; kNotFound when it cannot be opened.
[[nodiscard]] Result<CsvTable> ReadCsvTable(const std::filesystem::path& path,
                                            CsvOptions options = {});

}  // namespace sigap::cli
