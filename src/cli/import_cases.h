#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "app/case_import.h"
#include "domain/result.h"

namespace sigap::cli {

// The two shapes of an import file.
//
// CSV (RFC 4180, quoted fields may hold delimiters and line breaks): a
// header row names the columns, in any order, each at most once: source_id,
// kind, service_code, category, title, description, lat, lng, region_code,
// address, reporter_name, reporter_phone, reporter_email, reporter_nik,
// anonymous, confidential, channel, status, agency_code, created_at,
// disposed_at, resolved_at, closed_at, response. source_id, kind, title,
// description, status and created_at must be there; an empty cell is an
// absent value. Fields are separated by `,` or `;`, whichever the header
// uses more (Excel in an Indonesian locale writes `;`); a row of empty cells
// is no case.
//
// JSONL: one JSON object per line, with the API's shape for the location
// and the reporter ({"location": {"lat", "lng", "region_code", "address"},
// "reporter": {"name", "phone", "email", "nik"}}) and the other fields at
// the top. Text is a string (source_id may be an integer), lat/lng numbers,
// anonymous/confidential booleans; null is an absent value.
enum class ImportFormat { kCsv, kJsonl };

// The rows of an import file, each with the physical line where it starts
// (1-based) and what the reader found wrong with it (a malformed JSON line,
// a CSV record with the wrong number of fields, an unknown JSON key, a value
// of the wrong type).
struct ImportFile {
  ImportFormat format = ImportFormat::kCsv;
  std::vector<app::ImportRow> rows;
};

// Parses CSV. Fails (kInvalidArgument) when the file as a whole cannot be
// used: no header, an unknown, repeated or missing column, or a quote that
// never closes. The message has one line per problem, each
// "<source>:<line>: <column>: <what>"; it never quotes a cell.
[[nodiscard]] Result<ImportFile> ParseImportCsv(std::string_view text, const std::string& source);

// Parses JSONL; blank lines are skipped. Never fails: every problem belongs
// to its line.
[[nodiscard]] Result<ImportFile> ParseImportJsonl(std::string_view text);

// The format an import file's extension names: .csv, or .jsonl (.ndjson);
// nullopt for any other.
std::optional<ImportFormat> ImportFormatOf(const std::filesystem::path& path);

// Reads `path` by its extension. kNotFound when it cannot be opened,
// kInvalidArgument for another extension or as the parsers.
[[nodiscard]] Result<ImportFile> ReadImportFile(const std::filesystem::path& path);

// How a file of `format` names an ImportRow field given by its path
// ("location.lat"): the CSV column ("lat"), or the JSON path itself.
std::string ImportFieldName(ImportFormat format, std::string_view field);

// Flags of `sigap import cases`.
struct ImportFlags {
  std::string file;
  std::optional<std::string> db;           // default: database.path of the configuration
  std::optional<std::string> config_file;  // default: ./sigap.toml when it exists
  std::string pemda;                       // default: pemda.code, else the only Pemda
  std::string source;                      // default: the file's stem
  bool skip_invalid = false;
  bool dry_run = false;
};

// `sigap import cases FILE`: imports the cases of an older system (see
// app::CaseImport), with the calendar, cut-off and deadline rules of the
// configuration, as `sigap serve` uses them. Prints "Imported N cases (M
// skipped, K already present)" on `out`, and each problem as
// "FILE:LINE: field: message" on `err`. Returns 0 when the import was
// written (or the dry run found no error); 1 when nothing was written
// because of errors in the file, or the database or calendar failed; 2 for a
// wrong flag or argument (missing file, unknown Pemda, bad --source).
int ImportCases(const ImportFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace sigap::cli
