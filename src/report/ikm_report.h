#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.h"
#include "domain/skm.h"
#include "domain/skm_tally.h"

namespace sigap::report {

// The language of a report: Bahasa Indonesia (default) or English.
enum class Lang { kId, kEn };

// Returns `id` or `en` by language.
std::string_view Tr(Lang lang, std::string_view id, std::string_view en);

// Formats a number with `decimals` decimals: a decimal comma in Bahasa
// Indonesia ("83,42"), a point in English ("83.42").
std::string FormatNumber(double value, int decimals, Lang lang);

// The score of one group (a unit, a service, a month or a quarter).
struct IkmGroup {
  std::string key;  // "Dinas Kesehatan", "2026-03", "2026-Q1"
  domain::SkmScore score;
};

// Krejcie & Morgan sample adequacy for the population of service users.
struct IkmSample {
  int64_t population = 0;
  int64_t required = 0;
  uint64_t actual = 0;  // respondents
  bool adequate = false;
};

// How often each value of a descriptive column (jenis_kelamin, usia, …)
// occurs, most frequent first.
struct IkmDemographic {
  std::string column;
  std::vector<std::pair<std::string, uint64_t>> counts;
};

// Everything a report shows. Plain data, filled by the caller.
struct IkmReport {
  domain::SkmDefinition definition = domain::SkmDefinition::Permenpan2017();
  domain::SkmScore overall;
  std::string group_by;  // "", "unit", "service", "month" or "quarter"
  std::vector<IkmGroup> groups;
  std::optional<IkmSample> sample;
  std::string unit_name;  // the service unit the report is about (may be "")
  std::string period;     // e.g. "Triwulan I 2026" (may be "")
  std::string source;     // the input file's name
  uint64_t skipped_rows = 0;
  Lang lang = Lang::kId;
  std::vector<IkmDemographic> demographics;
  // The respondents' answers (for the data sheet of the XLSX), and their
  // descriptive columns, one vector of values per name, same order.
  // `answers` may be null: then the XLSX has no data sheet.
  const domain::SkmColumns* answers = nullptr;
  std::vector<std::string> info_names;
  std::vector<std::vector<std::string>> info_values;
};

// The title of the report: "Indeks Kepuasan Masyarakat (IKM)" in Bahasa
// Indonesia.
std::string_view ReportTitle(Lang lang);
// "PermenPAN-RB 14/2017", or "KEP/25/M.PAN/2/2004 (skema lama, historis)".
std::string SchemeLabel(const IkmReport& report);
// The element's name in the report's language.
const std::string& ElementName(const IkmReport& report, size_t element);
// "Sangat Baik" / "Very good".
const std::string& Kinerja(const IkmReport& report, const domain::SkmGrade& grade);
// "Per unit", "Per layanan", "Per bulan", "Per triwulan" (or English).
std::string GroupHeading(const IkmReport& report);
// The heading of a descriptive column: "jenis_kelamin" → "Jenis kelamin"
// (or "Gender"); unknown names are returned as they are.
std::string DemographicTitle(std::string_view column, Lang lang);

// The report's period, "semua tanggal" ("all dates") when it has none.
std::string PeriodText(const IkmReport& report);

// A demographic's counts with the respondents who left it blank, as one
// last row with an empty value, so that the rows add up to `respondents`.
std::vector<std::pair<std::string, uint64_t>> CountsWithBlanks(const IkmDemographic& d,
                                                               uint64_t respondents);
// How the confidence interval is computed, one sentence.
std::string_view IntervalMethod(Lang lang);

// Text for a terminal: a table per element with NRR and a bar, the IKM and
// its grade, the 95% confidence interval, the sample adequacy, the weakest
// elements first as improvement priorities, and the groups.
void WriteIkmText(const IkmReport& report, std::ostream& out);

// JSON: {respondents, elements:[{code,name,answered,total,nrr,weighted}],
// ikm, mutu, kinerja, ci, sample:{population,required,actual,adequate},
// groups:[{key, respondents, elements, ikm, mutu, kinerja, ci}], …}. `total`
// is the sum of the element's answers; `ikm` has 2 decimals; null where a
// value is undefined.
void WriteIkmJson(const IkmReport& report, std::ostream& out);

// CSV, one row per group and element (the group "" is everyone):
// group,respondents,code,name,answered,total,nrr,weighted,ikm,mutu,kinerja,
// ci_lower,ci_upper. Numbers with a decimal point.
void WriteIkmCsv(const IkmReport& report, std::ostream& out);

// A self-contained, printable HTML page with the content of the text.
void WriteIkmHtml(const IkmReport& report, std::ostream& out);

// An XLSX workbook laid out like the official recap: the respondents'
// answers with per-element totals, NRR and weighted NRR beneath; a recap
// sheet with the IKM, its grade, the interval, the sample and a chart of
// NRR per element; the demographics; the groups. Cells hold numbers. Fails
// with kUnavailable when the file cannot be written.
[[nodiscard]] Status WriteIkmXlsx(const IkmReport& report, const std::filesystem::path& path);

// A PDF on A4 with the unit's name and period and the content of the text,
// set in DejaVu Sans. Fails with kUnavailable when the file cannot be
// written.
[[nodiscard]] Status WriteIkmPdf(const IkmReport& report, const std::filesystem::path& path);

}  // namespace sigap::report
