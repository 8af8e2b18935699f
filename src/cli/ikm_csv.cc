#include "cli/ikm_csv.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cli/csv_reader.h"
#include "domain/text.h"
#include "domain/time.h"

namespace sigap::cli {
namespace {

enum class Role { kElement, kDate, kUnit, kService, kInfo, kIgnored };

struct Column {
  Role role = Role::kIgnored;
  size_t element = 0;  // kElement
  size_t info = 0;     // index into info_names (kInfo and, when kept, kUnit/kService/kDate)
};

// "Jenis Kelamin" → "jenis_kelamin".
std::string Key(std::string_view header) {
  std::string out;
  for (const char c : domain::Trim(header)) {
    if (c == ' ' || c == '-') {
      out.push_back('_');
    } else {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
  }
  return out;
}

// The descriptive columns and the names they are also known by.
struct Known {
  const char* name;
  Role role;
  std::vector<std::string_view> aliases;
};
const std::vector<Known>& KnownColumns() {
  static const std::vector<Known> kKnown = {
      {"tanggal", Role::kDate, {"tanggal", "tgl", "tanggal_survei", "date"}},
      {"unit", Role::kUnit, {"unit", "unit_layanan", "unit_kerja"}},
      {"layanan", Role::kService, {"layanan", "jenis_layanan", "service"}},
      {"jenis_kelamin", Role::kInfo, {"jenis_kelamin", "jk", "gender", "sex"}},
      {"usia", Role::kInfo, {"usia", "umur", "age"}},
      {"pendidikan", Role::kInfo, {"pendidikan", "pendidikan_terakhir", "education"}},
      {"pekerjaan", Role::kInfo, {"pekerjaan", "pekerjaan_utama", "occupation"}},
      {"saran", Role::kInfo, {"saran", "saran_masukan", "masukan", "komentar", "suggestion"}},
      {"", Role::kIgnored, {"no", "no.", "nomor", "no_responden", "responden"}},
  };
  return kKnown;
}

bool IsDemographic(std::string_view name) {
  return name == "jenis_kelamin" || name == "usia" || name == "pendidikan" || name == "pekerjaan";
}

// The number of a "u10" element column: one to four decimal digits, or -1.
int Digits(std::string_view text) {
  if (text.empty() || text.size() > 4) return -1;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string GroupKey(IkmGroupBy by, const std::optional<std::chrono::year_month_day>& date,
                     const std::string& unit, const std::string& service, bool english) {
  switch (by) {
    case IkmGroupBy::kNone:
      return "";
    case IkmGroupBy::kUnit:
      return unit.empty() ? (english ? "(no unit)" : "(tanpa unit)") : unit;
    case IkmGroupBy::kService:
      return service.empty() ? (english ? "(no service)" : "(tanpa layanan)") : service;
    case IkmGroupBy::kMonth:
      if (!date) return english ? "(no date)" : "(tanpa tanggal)";
      return MonthText(*date);
    case IkmGroupBy::kQuarter:
      if (!date) return english ? "(no date)" : "(tanpa tanggal)";
      return QuarterText(*date);
  }
  return "";
}

// A string_view without ASCII spaces at both ends (no copy).
std::string_view Stripped(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

class Parser {
 public:
  Parser(const std::string& source, const IkmCsvOptions& options)
      : source_(source), options_(options) {}

  // `in` from its start; `delimiter` as DetectCsvDelimiter found it.
  Result<IkmCsv> Run(std::istream& in, char delimiter);

 private:
  const char* T(const char* id, const char* en) const { return options_.english ? en : id; }
  void Problem(int64_t line, size_t column, std::string message) {
    ++out_.problem_count;
    if (out_.problems.size() < IkmCsv::kMaxProblems) {
      out_.problems.push_back({line, column, std::move(message)});
    }
  }
  tl::unexpected<Error> Fatal(int64_t line, const std::string& message) const {
    return Fail(ErrorCode::kInvalidArgument, source_ + ":" + std::to_string(line) + ": " + message);
  }
  Status ReadHeader(const std::vector<std::string>& header);
  void ReadRow(const CsvRecord& record);

  const std::string& source_;
  const IkmCsvOptions& options_;
  IkmCsv out_;
  std::vector<std::string> header_;
  std::vector<Column> columns_;
  size_t elements_ = 0;
  bool has_date_ = false, has_unit_ = false, has_service_ = false;
  std::unordered_map<std::string, uint32_t> groups_;
  std::vector<std::unordered_map<std::string, uint64_t>> counts_;  // per demographic
  std::vector<size_t> demographic_of_info_;                        // info index → counts_ index
  std::vector<uint8_t> row_;
};

Status Parser::ReadHeader(const std::vector<std::string>& header) {
  header_ = header;
  columns_.resize(header.size());
  const size_t scheme = options_.scheme_elements;
  elements_ = scheme + options_.extra_elements;
  std::vector<size_t> element_column(elements_, SIZE_MAX);
  std::vector<std::string> info_seen;
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string name = domain::Trim(header[c]);
    const std::string key = Key(name);
    Column& column = columns_[c];
    int element = options_.definition->FindElement(name);
    if (element >= static_cast<int>(scheme)) element = -1;
    if (element < 0 && key.size() >= 2 && key[0] == 'u') {
      const int number = Digits(std::string_view(key).substr(1));
      if (number > static_cast<int>(scheme) && number <= static_cast<int>(elements_)) {
        element = number - 1;
      }
    }
    if (element >= 0) {
      if (element_column[element] != SIZE_MAX) {
        Problem(1, c + 1,
                name +
                    T(": kolom ganda (sudah ada di kolom ", ": duplicate column (already column ") +
                    std::to_string(element_column[element] + 1) + ")");
        continue;
      }
      element_column[element] = c;
      column.role = Role::kElement;
      column.element = static_cast<size_t>(element);
      continue;
    }
    const Known* known = nullptr;
    for (const Known& k : KnownColumns()) {
      if (std::find(k.aliases.begin(), k.aliases.end(), key) != k.aliases.end()) known = &k;
    }
    if (known == nullptr) {
      std::string message = name + T(": kolom tidak dikenal", ": unknown column");
      if (key.size() >= 2 && key[0] == 'u' && Digits(std::string_view(key).substr(1)) > 0) {
        message += T(" (unsur tambahan unit memerlukan --weights dengan satu bobot per unsur)",
                     " (a unit's own element needs --weights with one weight per element)");
      } else {
        message +=
            T(" (yang dikenal: U1…Un atau nama unsur, tanggal, unit, layanan, "
              "jenis_kelamin, usia, pendidikan, pekerjaan, saran)",
              " (known: U1…Un or element names, tanggal, unit, layanan, jenis_kelamin, "
              "usia, pendidikan, pekerjaan, saran)");
      }
      if (options_.skip_invalid) {
        out_.warnings.push_back({1, c + 1, message + T("; diabaikan", "; ignored")});
      } else {
        Problem(1, c + 1, message);
      }
      continue;
    }
    if (known->role == Role::kIgnored) continue;
    if (std::find(info_seen.begin(), info_seen.end(), known->name) != info_seen.end()) {
      Problem(1, c + 1, name + T(": kolom ganda", ": duplicate column"));
      continue;
    }
    info_seen.push_back(known->name);
    column.role = known->role;
    has_date_ = has_date_ || known->role == Role::kDate;
    has_unit_ = has_unit_ || known->role == Role::kUnit;
    has_service_ = has_service_ || known->role == Role::kService;
    if (options_.keep_info || (options_.count_demographics && IsDemographic(known->name))) {
      column.info = out_.info_names.size();
      out_.info_names.push_back(known->name);
      out_.info_columns.push_back(c + 1);
      out_.info_values.emplace_back();
      demographic_of_info_.push_back(SIZE_MAX);
      if (options_.count_demographics && IsDemographic(known->name)) {
        demographic_of_info_.back() = counts_.size();
        counts_.emplace_back();
        out_.demographics.push_back({known->name, {}});
      }
    } else {
      column.info = SIZE_MAX;
    }
  }
  for (size_t e = 0; e < elements_; ++e) {
    if (element_column[e] != SIZE_MAX) continue;
    const std::string code = "U" + std::to_string(e + 1);
    return Fatal(
        1,
        std::string(T("kolom unsur ", "element column ")) + code + T(" tidak ada", " is missing") +
            (e < scheme ? std::string(T(" (atau nama unsurnya, mis. '", " (or its name, e.g. '")) +
                              options_.definition->elements()[e].name + "')"
                        : std::string()));
  }
  for (size_t e = scheme; e < elements_; ++e) {
    out_.extra_codes.push_back(domain::Trim(header[element_column[e]]));
  }
  if ((options_.group_by == IkmGroupBy::kMonth || options_.group_by == IkmGroupBy::kQuarter) &&
      !has_date_) {
    return Fatal(1, T("--by month/quarter memerlukan kolom tanggal",
                      "--by month/quarter needs a tanggal column"));
  }
  if (options_.group_by == IkmGroupBy::kUnit && !has_unit_) {
    return Fatal(1, T("--by unit memerlukan kolom unit", "--by unit needs a unit column"));
  }
  if (options_.group_by == IkmGroupBy::kService && !has_service_) {
    return Fatal(1,
                 T("--by service memerlukan kolom layanan", "--by service needs a layanan column"));
  }
  out_.answers = domain::SkmColumns(elements_);
  row_.assign(elements_, 0);
  return {};
}

void Parser::ReadRow(const CsvRecord& record) {
  const auto& fields = record.fields;
  if (std::all_of(fields.begin(), fields.end(),
                  [](const std::string& f) { return Stripped(f).empty(); })) {
    return;  // Excel writes ";;;;" for rows left empty
  }
  if (fields.size() != header_.size()) {
    ++out_.invalid_rows;
    Problem(record.line, std::min(fields.size(), header_.size()) + 1,
            std::string(T("jumlah kolom ", "found ")) + std::to_string(fields.size()) +
                T(", seharusnya ", " fields, expected ") + std::to_string(header_.size()));
    return;
  }
  // A file saved in Windows-1252 (Excel's "CSV" on Windows) reads here as
  // bytes that are not UTF-8; kept, they would break the reports made from
  // them, so the cell is named instead.
  for (size_t c = 0; c < fields.size(); ++c) {
    if (!domain::IsValidUtf8(fields[c])) {
      ++out_.invalid_rows;
      Problem(
          record.line, c + 1,
          domain::Trim(header_[c]) + T(": bukan teks UTF-8 (simpan berkas sebagai \"CSV UTF-8\")",
                                       ": not UTF-8 text (save the file as \"CSV UTF-8\")"));
      return;
    }
  }
  bool ok = true;
  std::optional<std::chrono::year_month_day> date;
  std::string unit, service;
  for (size_t c = 0; c < fields.size(); ++c) {
    const Column& column = columns_[c];
    if (column.role == Role::kElement) {
      const std::string_view value = Stripped(fields[c]);
      if (value.empty()) {
        row_[column.element] = 0;
      } else if (value[0] >= '1' && value[0] <= '4' &&
                 (value.size() == 1 ||
                  // "3,0" or "3.00": a spreadsheet's number format, still 3.
                  (value.size() >= 3 && (value[1] == ',' || value[1] == '.') &&
                   value.find_first_not_of('0', 2) == std::string_view::npos))) {
        row_[column.element] = static_cast<uint8_t>(value[0] - '0');
      } else if (const int answer = options_.definition->FindAnswer(column.element, value);
                 answer > 0) {
        row_[column.element] = static_cast<uint8_t>(answer);
      } else {
        ok = false;
        Problem(record.line, c + 1,
                domain::Trim(header_[c]) + T(": nilai '", ": value '") + std::string(value) +
                    T("' bukan 1–4 atau jawaban unsur ini (kosongkan bila tidak dijawab)",
                      "' is not 1–4 or an answer of this element (leave blank when not "
                      "answered)"));
      }
    } else if (column.role == Role::kDate) {
      const std::string_view value = Stripped(fields[c]);
      if (!value.empty()) {
        date = ParseSurveyDate(value);
        if (!date) {
          ok = false;
          Problem(record.line, c + 1,
                  domain::Trim(header_[c]) + T(": tanggal '", ": date '") + std::string(value) +
                      T("' tidak sah (YYYY-MM-DD atau DD/MM/YYYY)",
                        "' is not valid (YYYY-MM-DD or DD/MM/YYYY)"));
        }
      }
    } else if (column.role == Role::kUnit && options_.group_by == IkmGroupBy::kUnit) {
      unit = domain::Trim(fields[c]);
    } else if (column.role == Role::kService && options_.group_by == IkmGroupBy::kService) {
      service = domain::Trim(fields[c]);
    }
  }
  if (!ok) {
    ++out_.invalid_rows;
    return;
  }
  // A questionnaire with no element answered is no respondent (PermenPAN-RB
  // 14/2017 counts the questionnaires filled in): it would count towards
  // the sample and the number of respondents without a single answer.
  if (std::all_of(row_.begin(), row_.end(), [](uint8_t a) { return a == 0; })) {
    if (++out_.unanswered_rows <= IkmCsv::kMaxProblems) {
      out_.warnings.push_back({record.line, 1,
                               T("tidak ada unsur yang dijawab: bukan responden, tidak dihitung",
                                 "no element answered: not a respondent, not counted")});
    }
    return;
  }
  uint32_t group = 0;
  if (options_.group_by != IkmGroupBy::kNone) {
    std::string key = GroupKey(options_.group_by, date, unit, service, options_.english);
    const auto [it, added] = groups_.try_emplace(std::move(key), groups_.size());
    if (added) out_.group_keys.push_back(it->first);
    group = it->second;
  }
  out_.answers.Add(row_, group);
  if (options_.keep_info) out_.lines.push_back(record.line);
  for (size_t c = 0; c < fields.size(); ++c) {
    const Column& column = columns_[c];
    if (column.role == Role::kElement || column.role == Role::kIgnored || column.info == SIZE_MAX) {
      continue;
    }
    std::string value = domain::Trim(fields[c]);
    const size_t demographic = demographic_of_info_[column.info];
    if (demographic != SIZE_MAX) {
      ++counts_[demographic][domain::DemographicGroup(out_.demographics[demographic].first, value)];
    }
    if (options_.keep_info) out_.info_values[column.info].push_back(std::move(value));
  }
}

Result<IkmCsv> Parser::Run(std::istream& in, char delimiter) {
  CsvOptions csv;
  csv.delimiter = delimiter;
  CsvReader reader(in, source_, csv);  // it skips a byte order mark
  CsvRecord record;
  auto more = reader.Next(record);
  if (!more) return Fail(more.error());
  if (!*more) return Fatal(1, T("berkas kosong: tidak ada baris judul", "empty file: no header"));
  if (auto header = ReadHeader(record.fields); !header) return Fail(header.error());
  if (options_.group_by == IkmGroupBy::kNone) out_.group_keys.push_back("");
  for (;;) {
    more = reader.Next(record);
    if (!more) return Fail(more.error());
    if (!*more) break;
    ReadRow(record);
  }
  for (size_t d = 0; d < counts_.size(); ++d) {
    auto& sorted = out_.demographics[d].second;
    sorted.assign(counts_[d].begin(), counts_[d].end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
  }
  if (!options_.keep_info) {
    out_.info_names.clear();
    out_.info_values.clear();
    out_.info_columns.clear();
  }
  return std::move(out_);
}

}  // namespace

Result<IkmCsv> ParseIkmCsv(std::string_view text, const std::string& source,
                           const IkmCsvOptions& options) {
  TextBuffer buffer(text);
  std::istream in(&buffer);
  Parser parser(source, options);
  return parser.Run(in, DetectCsvDelimiter(text));
}

Result<IkmCsv> ParseIkmCsvFile(const std::filesystem::path& path, const IkmCsvOptions& options) {
  // A directory opens as a stream on Linux and fails only when read, with
  // the library's words ("basic_filebuf::underflow"): named here instead.
  if (std::error_code ec; std::filesystem::is_directory(path, ec)) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": is a directory, not a CSV file");
  }
  std::vector<char> buffer(size_t{64} << 10);
  std::ifstream in;
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  in.open(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path.string() + ": cannot open");
  const auto delimiter = DetectCsvDelimiter(in);
  if (!delimiter) {
    return Fail(ErrorCode::kUnavailable, path.string() + ": cannot read it from its start again");
  }
  const std::string source = path.string();
  Parser parser(source, options);  // which keeps a reference to `source`
  return parser.Run(in, *delimiter);
}

}  // namespace sigap::cli
