#include "cli/import_cases.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "app/calendar_book.h"
#include "app/case_intake.h"
#include "app/case_workflow.h"
#include "app/system_clock.h"
#include "cli/config.h"
#include "cli/csv_reader.h"
#include "cli/runtime.h"
#include "domain/ascii.h"
#include "domain/text.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr int kWritten = 0;
constexpr int kNotWritten = 1;
constexpr int kUsage = 2;

// What a JSON value of a column may be besides a string (and null).
enum class Type {
  kText,    // string
  kId,      // string or integer
  kNumber,  // number or string
  kFlag,    // boolean or string
};

struct Column {
  std::string_view csv;   // CSV header name
  std::string_view path;  // JSON path, and the field name of errors
  std::string app::ImportRow::*member;
  Type type;
  bool required;  // a CSV file must have the column
};

using Row = app::ImportRow;
constexpr std::array<Column, 24> kColumns = {{
    {"source_id", "source_id", &Row::source_id, Type::kId, true},
    {"kind", "kind", &Row::kind, Type::kText, true},
    {"service_code", "service_code", &Row::service_code, Type::kText, false},
    {"category", "category", &Row::category, Type::kText, false},
    {"title", "title", &Row::title, Type::kText, true},
    {"description", "description", &Row::description, Type::kText, true},
    {"lat", "location.lat", &Row::lat, Type::kNumber, false},
    {"lng", "location.lng", &Row::lng, Type::kNumber, false},
    {"region_code", "location.region_code", &Row::region_code, Type::kText, false},
    {"address", "location.address", &Row::address, Type::kText, false},
    {"reporter_name", "reporter.name", &Row::reporter_name, Type::kText, false},
    {"reporter_phone", "reporter.phone", &Row::reporter_phone, Type::kText, false},
    {"reporter_email", "reporter.email", &Row::reporter_email, Type::kText, false},
    {"reporter_nik", "reporter.nik", &Row::reporter_nik, Type::kText, false},
    {"anonymous", "anonymous", &Row::anonymous, Type::kFlag, false},
    {"confidential", "confidential", &Row::confidential, Type::kFlag, false},
    {"channel", "channel", &Row::channel, Type::kText, false},
    {"status", "status", &Row::status, Type::kText, true},
    {"agency_code", "agency_code", &Row::agency_code, Type::kText, false},
    {"created_at", "created_at", &Row::created_at, Type::kText, true},
    {"disposed_at", "disposed_at", &Row::disposed_at, Type::kText, false},
    {"resolved_at", "resolved_at", &Row::resolved_at, Type::kText, false},
    {"closed_at", "closed_at", &Row::closed_at, Type::kText, false},
    {"response", "response", &Row::response, Type::kText, false},
}};

const Column* ByCsv(std::string_view name) {
  for (const auto& c : kColumns) {
    if (c.csv == name) return &c;
  }
  return nullptr;
}

const Column* ByPath(std::string_view path) {
  for (const auto& c : kColumns) {
    if (c.path == path) return &c;
  }
  return nullptr;
}

// A header or key name that may be printed: a file without its header row
// would otherwise have its first case's personal data named as columns.
// Only identifiers are printed (a phone number, an e-mail address or a
// sentence never is).
bool Printable(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::isalpha(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
         });
}

std::string Where(const std::string& source, int64_t line) {
  return source + ":" + std::to_string(line) + ": ";
}

// --- CSV ---------------------------------------------------------------------

Result<ImportFile> ParseCsv(std::istream& in, const std::string& source, char delimiter) {
  CsvReader reader(in, source, CsvOptions{delimiter});
  CsvRecord header;
  auto more = reader.Next(header);
  if (!more) return Fail(more.error());
  if (!*more) return Fail(ErrorCode::kInvalidArgument, Where(source, 1) + "no header row");

  std::vector<const Column*> columns;
  for (const auto& cell : header.fields)
    columns.push_back(ByCsv(domain::AsciiLower(domain::Trim(cell))));
  // A first record that names no column at all is a case, not a header: its
  // cells are personal data and are not repeated.
  if (std::count(columns.begin(), columns.end(), nullptr) ==
      static_cast<std::ptrdiff_t>(columns.size())) {
    // A spreadsheet saved as "text (tab-separated)": its header is one cell.
    if (header.fields.size() == 1 && header.fields[0].find('\t') != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument,
                  Where(source, header.line) +
                      "the columns are separated by tabs: save the file as CSV (commas or "
                      "semicolons)");
    }
    return Fail(ErrorCode::kInvalidArgument,
                Where(source, header.line) +
                    "no header row: the first line must name the columns (source_id, kind, "
                    "title, description, status, created_at, ...)");
  }
  std::vector<std::string> problems;
  std::set<std::string_view> seen;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = domain::AsciiLower(domain::Trim(header.fields[i]));
    const Column* column = columns[i];
    const std::string named = Printable(name) ? name : "column " + std::to_string(i + 1);
    if (column == nullptr) {
      problems.push_back(Where(source, header.line) + named + ": unknown column");
    } else if (!seen.insert(column->csv).second) {
      problems.push_back(Where(source, header.line) + named + ": column appears twice");
    }
  }
  for (const auto& c : kColumns) {
    if (c.required && seen.count(c.csv) == 0) {
      problems.push_back(Where(source, header.line) + std::string(c.csv) + ": missing column");
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Fail(ErrorCode::kInvalidArgument, std::move(message));
  }

  ImportFile file;
  file.format = ImportFormat::kCsv;
  CsvRecord record;
  for (;;) {
    more = reader.Next(record);
    if (!more) return Fail(more.error());
    if (!*more) break;
    // Excel writes a row left empty as ",,,,": no case, as an empty line.
    if (std::all_of(record.fields.begin(), record.fields.end(),
                    [](const std::string& f) { return domain::Trim(f).empty(); })) {
      continue;
    }
    Row row;
    row.line = record.line;
    if (record.fields.size() != columns.size()) {
      row.problems.push_back({"", "malformed",
                              "expected " + std::to_string(columns.size()) + " fields, found " +
                                  std::to_string(record.fields.size())});
    } else {
      for (size_t i = 0; i < columns.size(); ++i) {
        row.*(columns[i]->member) = std::move(record.fields[i]);
      }
    }
    file.rows.push_back(std::move(row));
  }
  return file;
}

// --- JSONL -------------------------------------------------------------------

// Takes the value of `column` at `path` into the row, or notes its type.
void Take(const json& value, const Column& column, const std::string& path, Row& row) {
  std::string& out = row.*(column.member);
  if (value.is_null()) return;
  if (value.is_string()) {
    out = value.get<std::string>();
    return;
  }
  switch (column.type) {
    case Type::kText:
      break;
    case Type::kId:
      if (value.is_number_integer() || value.is_number_unsigned()) {
        out = value.dump();
        return;
      }
      break;
    case Type::kNumber:
      if (value.is_number()) {
        out = value.dump();
        return;
      }
      break;
    case Type::kFlag:
      if (value.is_boolean()) {
        out = value.get<bool>() ? "true" : "false";
        return;
      }
      break;
  }
  static constexpr std::array<std::string_view, 4> kExpected = {
      "must be a string", "must be a string or an integer", "must be a number",
      "must be true or false"};
  row.problems.push_back(
      {path, "invalid_type", std::string(kExpected[static_cast<int>(column.type)])});
}

void ReadObject(const json& object, const std::string& prefix, Row& row) {
  for (const auto& [key, value] : object.items()) {
    std::string path = prefix;
    if (!path.empty()) path += '.';
    path += key;
    if (prefix.empty() && (key == "location" || key == "reporter")) {
      if (value.is_null()) continue;
      if (!value.is_object()) {
        row.problems.push_back({path, "invalid_type", "must be an object"});
        continue;
      }
      ReadObject(value, key, row);
      continue;
    }
    const Column* column = ByPath(path);
    if (column == nullptr) {
      const std::string named =
          Printable(key) ? path : (prefix.empty() ? "" : prefix + ".") + "(a key)";
      row.problems.push_back({named, "unknown", "unknown key"});
      continue;
    }
    Take(value, *column, path, row);
  }
}

Row RowFromJson(std::string_view text, int64_t line) {
  Row row;
  row.line = line;
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    // Not e.what(): it quotes the text read, personal data included.
    row.problems.push_back(
        {"", "malformed", "not valid JSON (at character " + std::to_string(e.byte) + ")"});
    return row;
  }
  if (!j.is_object()) {
    row.problems.push_back({"", "malformed", "not a JSON object"});
    return row;
  }
  ReadObject(j, "", row);
  return row;
}

}  // namespace

Result<ImportFile> ParseImportCsv(std::string_view text, const std::string& source) {
  TextBuffer buffer(text);
  std::istream in(&buffer);
  return ParseCsv(in, source, DetectCsvDelimiter(text));
}

Result<ImportFile> ParseImportJsonl(std::string_view text) {
  ImportFile file;
  file.format = ImportFormat::kJsonl;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int64_t line = 0;
  while (!text.empty()) {
    ++line;
    const size_t end = text.find('\n');
    std::string_view current = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!current.empty() && current.back() == '\r') current.remove_suffix(1);
    if (domain::Trim(current).empty()) continue;
    file.rows.push_back(RowFromJson(current, line));
  }
  return file;
}

std::optional<ImportFormat> ImportFormatOf(const fs::path& path) {
  const std::string extension = domain::AsciiLower(path.extension().string());
  if (extension == ".csv") return ImportFormat::kCsv;
  if (extension == ".jsonl" || extension == ".ndjson") return ImportFormat::kJsonl;
  return std::nullopt;
}

Result<ImportFile> ReadImportFile(const fs::path& path) {
  const auto format = ImportFormatOf(path);
  if (!format) {
    return Fail(ErrorCode::kInvalidArgument,
                path.string() + ": name a .csv or .jsonl file (the extension says which)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path.string() + ": cannot open");
  if (*format == ImportFormat::kCsv) {
    const auto delimiter = DetectCsvDelimiter(in);
    if (!delimiter) return Fail(ErrorCode::kUnavailable, path.string() + ": cannot read it twice");
    return ParseCsv(in, path.string(), *delimiter);
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return ParseImportJsonl(text);
}

std::string ImportFieldName(ImportFormat format, std::string_view field) {
  if (format == ImportFormat::kCsv) {
    if (const Column* column = ByPath(field)) return std::string(column->csv);
  }
  return std::string(field);
}

namespace {}  // namespace

int ImportCases(const ImportFlags& flags, std::ostream& out, std::ostream& err) {
  const std::string prefix = "sigap import cases: ";
  auto stop = [&](int code, const std::string& message) {
    err << prefix << message << "\n";
    return code;
  };
  if (auto missing = NotAnInputFile(flags.file)) return stop(kUsage, *missing);
  if (!ImportFormatOf(flags.file)) {
    return stop(kUsage, flags.file + ": name a .csv or .jsonl file (the extension says which)");
  }

  std::optional<std::string> config_file = flags.config_file;
  if (!config_file && fs::exists("sigap.toml")) config_file = "sigap.toml";
  auto config = LoadConfig(config_file);
  if (!config) return stop(kUsage, config.error().message);
  const std::string db = flags.db.value_or(config->database.path);
  if (auto missing = store::MissingDatabase(db)) {
    return stop(kUsage, (flags.db ? "--db: " : "database.path: ") + *missing);
  }

  auto file = ReadImportFile(flags.file);
  if (!file) {
    err << file.error().message << "\n";  // "FILE:LINE: ..." lines, like the rows' problems
    return stop(kNotWritten, "nothing imported");
  }

  auto store = store::OpenDatabase(db);
  if (!store) return stop(kNotWritten, store.error().message);
  if (auto migrated = (*store)->Migrate(); !migrated) {
    return stop(kNotWritten, migrated.error().message);
  }
  auto pemda = PickPemda(**store, flags.pemda, config->pemda.code, store::DatabaseName(db));
  if (!pemda) {
    const bool usage = pemda.error().code == ErrorCode::kInvalidArgument;
    return stop(usage ? kUsage : kNotWritten, pemda.error().message);
  }

  app::SystemClock clock;
  auto intake = app::CaseIntake::Create(**store, clock);
  if (!intake) return stop(kNotWritten, intake.error().message);
  // Imported cases with coordinates get their kelurahan like new ones.
  app::GeoDirectory geo(**store);
  (*intake)->SetGeoDirectory(&geo);
  auto calendars = OpenCalendarBook(**store, *config);
  if (!calendars) return stop(kNotWritten, calendars.error().message);
  app::CaseWorkflow workflow(**store, **intake, **calendars, clock, SlaPolicyFrom(config->sla));
  app::CaseImport import(**store, **intake, workflow, clock);

  app::ImportOptions options;
  options.source = flags.source.empty() ? fs::path(flags.file).stem().string() : flags.source;
  options.skip_invalid = flags.skip_invalid;
  options.dry_run = flags.dry_run;
  const size_t rows = file->rows.size();
  auto report = import.Import(*pemda, std::move(file->rows), options);
  if (!report) {
    const auto& fields = report.error().fields;
    if (!fields.empty() && fields.front().field == "source") {
      return stop(kUsage, (flags.source.empty() ? "the file's name as --source: " : "--source: ") +
                              fields.front().message);
    }
    return stop(kNotWritten, report.error().message + "\nnothing imported");
  }

  for (const auto& e : report->errors) {
    const std::string field = ImportFieldName(file->format, e.error.field);
    err << flags.file << ":" << e.line << ": " << (field.empty() ? "" : field + ": ")
        << e.error.message << "\n";
  }
  if (report->without_deadline > 0) {
    err << prefix << report->without_deadline
        << " open case(s) have no deadline: their dates fall in a year without a calendar file "
           "(calendar.data_dir/calendar/YYYY.json)\n";
  }
  const int invalid = report->invalid;
  if (flags.dry_run) {
    if (invalid > 0 && !flags.skip_invalid) {
      return stop(kNotWritten, "dry run: nothing would be imported: " + std::to_string(invalid) +
                                   " of " + std::to_string(rows) +
                                   " rows have errors (--skip-invalid imports the others)");
    }
    out << "Dry run: " << report->imported << " cases would be imported (" << invalid
        << " skipped); nothing written\n";
    return kWritten;
  }
  if (!report->written) {
    return stop(kNotWritten, "nothing imported: " + std::to_string(invalid) + " of " +
                                 std::to_string(rows) +
                                 " rows have errors (--skip-invalid imports the others)");
  }
  out << "Imported " << report->imported << " cases (" << invalid << " skipped, "
      << report->already_present << " already present)\n";
  // Every row skipped for its errors: a scheduled import must not read it
  // as a success.
  if (report->imported == 0 && report->already_present == 0 && invalid > 0) {
    return stop(kNotWritten,
                "nothing imported: all " + std::to_string(invalid) + " rows have errors");
  }
  return kWritten;
}

}  // namespace sigap::cli
