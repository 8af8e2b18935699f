#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace sigap::cli {

// Flags of `sigap ikm`, as typed (validated by Ikm()).
struct IkmFlags {
  std::string file;
  std::optional<long long> population;  // service users in the period
  std::string by;                       // "", unit, service, month or quarter
  std::string weights;                  // "w1,w2,…" ("" = exactly 1/n each)
  std::string scheme = "2017";          // 2017 or 2004
  std::string format = "text";          // text, json, csv, xlsx, pdf or html
  std::string output;                   // "" = stdout (xlsx/pdf: see IkmDefaultOutput)
  bool skip_invalid = false;
  std::string unit_name;
  std::string period;
  std::string lang = "id";  // id or en
};

// The file xlsx and pdf are written to without --output: FILE's name with
// "-ikm.xlsx" or "-ikm.pdf" instead of its extension, in the current
// directory (survei.csv → survei-ikm.xlsx).
std::string IkmDefaultOutput(const std::string& file, const std::string& format);

// `sigap ikm FILE.csv`: computes the IKM of the survey in FILE
// (PermenPAN-RB 14/2017, or the 2004 scheme) and writes the report in
// `format` to `out` or to --output. Every invalid cell is reported on `err`
// as FILE:LINE:COLUMN: reason (the first 50, then a count); nothing is
// computed from a file with problems unless skip_invalid, and then the
// number of rows left out is said.
// Returns 0 when the report was written; 1 when the file cannot be read or
// has problems, or the report cannot be written; 2 when a flag is wrong.
int Ikm(const IkmFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
