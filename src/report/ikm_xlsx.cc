// `sigap ikm --format xlsx` with libxlsxwriter, laid out like the recap
// offices keep by hand (PermenPAN-RB 14/2017, Lampiran: "pengolahan data").
#include <xlsxwriter.h>

#include <string>

#include "domain/honorific_names.h"
#include "domain/text.h"
#include "report/ikm_report.h"

namespace sigap::report {
namespace {

// The largest worksheet: 1,048,576 rows; keep room for the totals.
constexpr size_t kMaxDataRows = 1048576 - 16;
// From this many respondents on, rows are streamed to disk.
constexpr size_t kConstantMemoryRows = 50000;

struct Formats {
  lxw_format* bold;
  lxw_format* title;
  lxw_format* header;
  lxw_format* nrr;  // 3 decimals
  lxw_format* ikm;  // 2 decimals, bold
  lxw_format* two;  // 2 decimals
  lxw_format* weight;
};

Formats MakeFormats(lxw_workbook* book) {
  Formats f{};
  f.bold = workbook_add_format(book);
  format_set_bold(f.bold);
  f.title = workbook_add_format(book);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.header = workbook_add_format(book);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xDDDDDD);
  format_set_border(f.header, LXW_BORDER_THIN);
  format_set_text_wrap(f.header);
  f.nrr = workbook_add_format(book);
  format_set_num_format(f.nrr, "0.000");
  f.ikm = workbook_add_format(book);
  format_set_num_format(f.ikm, "0.00");
  format_set_bold(f.ikm);
  f.two = workbook_add_format(book);
  format_set_num_format(f.two, "0.00");
  f.weight = workbook_add_format(book);
  format_set_num_format(f.weight, "0.0000");
  return f;
}

void Str(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, std::string_view text,
         lxw_format* format = nullptr) {
  // Stored text need not be UTF-8 (a survey imported before Sigap checked
  // it); one bad byte would make the workbook's XML unreadable.
  worksheet_write_string(sheet, row, col, domain::ValidUtf8(text).c_str(), format);
}

void Num(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, double value,
         lxw_format* format = nullptr) {
  worksheet_write_number(sheet, row, col, value, format);
}

void OptNum(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::optional<double>& value,
            lxw_format* format) {
  if (value) Num(sheet, row, col, *value, format);
}

std::string Mutu(const domain::SkmScore& score) {
  return score.grade ? std::string(1, score.grade->mutu) : "-";
}

// The recap sheet; returns the rows of the element table (for the chart).
void WriteRecap(const IkmReport& report, lxw_workbook* book, lxw_worksheet* sheet, const Formats& f,
                const std::string& sheet_name) {
  const Lang l = report.lang;
  const auto& score = report.overall;
  const size_t n = score.elements.size();
  worksheet_set_column(sheet, 0, 0, 24, nullptr);
  worksheet_set_column(sheet, 1, 1, 40, nullptr);
  worksheet_set_column(sheet, 2, 6, 12, nullptr);
  lxw_row_t row = 0;
  Str(sheet, row++, 0, ReportTitle(l), f.title);
  Str(sheet, row, 0, Tr(l, "Unit layanan", "Service unit"), f.bold);
  Str(sheet, row++, 1, report.unit_name);
  Str(sheet, row, 0, Tr(l, "Periode", "Period"), f.bold);
  Str(sheet, row++, 1, PeriodText(report));
  Str(sheet, row, 0, Tr(l, "Dasar", "Basis"), f.bold);
  Str(sheet, row++, 1, SchemeLabel(report));
  Str(sheet, row, 0, Tr(l, "Responden", "Respondents"), f.bold);
  Num(sheet, row++, 1, static_cast<double>(score.respondents));
  ++row;
  const lxw_row_t header_row = row;
  const std::string_view headers[] = {Tr(l, "Kode", "Code"),
                                      Tr(l, "Unsur", "Element"),
                                      Tr(l, "Dijawab", "Answered"),
                                      Tr(l, "Jumlah nilai", "Total"),
                                      "NRR",
                                      Tr(l, "Bobot", "Weight"),
                                      Tr(l, "NRR tertimbang", "Weighted NRR")};
  for (lxw_col_t c = 0; c < 7; ++c) Str(sheet, row, c, headers[c], f.header);
  ++row;
  const lxw_row_t first_element = row;
  for (size_t e = 0; e < n; ++e, ++row) {
    const auto& element = score.elements[e];
    Str(sheet, row, 0, report.definition.elements()[e].code);
    Str(sheet, row, 1, ElementName(report, e));
    Num(sheet, row, 2, static_cast<double>(element.answered));
    Num(sheet, row, 3, static_cast<double>(element.total));
    OptNum(sheet, row, 4, element.nrr, f.nrr);
    Num(sheet, row, 5, report.definition.weights()[e], f.weight);
    OptNum(sheet, row, 6, element.weighted, f.nrr);
  }
  const lxw_row_t last_element = row - 1;
  Str(sheet, row, 0, Tr(l, "Jumlah NRR tertimbang", "Sum of weighted NRR"), f.bold);
  if (score.ikm) Num(sheet, row, 6, *score.ikm / 25, f.nrr);
  row += 2;
  Str(sheet, row, 0, Tr(l, "IKM (× 25)", "IKM (× 25)"), f.bold);
  OptNum(sheet, row++, 1, score.ikm_rounded, f.ikm);
  Str(sheet, row, 0, Tr(l, "Mutu pelayanan", "Service quality"), f.bold);
  Str(sheet, row++, 1, Mutu(score), f.bold);
  Str(sheet, row, 0, Tr(l, "Kinerja unit", "Performance"), f.bold);
  Str(sheet, row++, 1, score.grade ? Kinerja(report, *score.grade) : "-");
  if (score.ci) {
    Str(sheet, row, 0, Tr(l, "SK 95% batas bawah", "95% CI lower"), f.bold);
    Num(sheet, row++, 1, score.ci->lower, f.two);
    Str(sheet, row, 0, Tr(l, "SK 95% batas atas", "95% CI upper"), f.bold);
    Num(sheet, row++, 1, score.ci->upper, f.two);
  }
  if (report.sample) {
    Str(sheet, row, 0, Tr(l, "Populasi", "Population"), f.bold);
    Num(sheet, row++, 1, static_cast<double>(report.sample->population));
    Str(sheet, row, 0,
        Tr(l, "Sampel minimal (Krejcie & Morgan)", "Required sample (Krejcie & Morgan)"), f.bold);
    Num(sheet, row++, 1, static_cast<double>(report.sample->required));
    Str(sheet, row, 0, Tr(l, "Sampel memadai", "Sample adequate"), f.bold);
    Str(sheet, row++, 1, report.sample->adequate ? Tr(l, "Ya", "Yes") : Tr(l, "Tidak", "No"));
  }
  ++row;
  Str(sheet, row++, 0, Tr(l, "Prioritas perbaikan", "Improvement priorities"), f.bold);
  const auto priorities = score.Priorities();
  for (size_t i = 0; i < priorities.size() && i < 3; ++i, ++row) {
    const size_t e = priorities[i];
    Str(sheet, row, 0, report.definition.elements()[e].code);
    Str(sheet, row, 1, ElementName(report, e));
    OptNum(sheet, row, 4, score.elements[e].nrr, f.nrr);
  }
  ++row;
  Str(sheet, row, 0, IntervalMethod(l));

  lxw_chart* chart = workbook_add_chart(book, LXW_CHART_COLUMN);
  const std::string categories = "='" + sheet_name + "'!$A$" + std::to_string(first_element + 1) +
                                 ":$A$" + std::to_string(last_element + 1);
  const std::string values = "='" + sheet_name + "'!$E$" + std::to_string(first_element + 1) +
                             ":$E$" + std::to_string(last_element + 1);
  lxw_chart_series* series = chart_add_series(chart, categories.c_str(), values.c_str());
  chart_series_set_name(series, "NRR");
  chart_title_set_name(chart, std::string(Tr(l, "NRR per unsur", "NRR per element")).c_str());
  chart_axis_set_min(chart->y_axis, 0);
  chart_axis_set_max(chart->y_axis, 4);
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  worksheet_insert_chart(sheet, header_row, 8, chart);
}

void WriteData(const IkmReport& report, lxw_worksheet* sheet, const Formats& f) {
  const Lang l = report.lang;
  const domain::SkmColumns& answers = *report.answers;
  const size_t n = report.definition.elements().size();
  const size_t info = report.info_names.size();
  lxw_row_t row = 0;
  Str(sheet, row, 0, Tr(l, "No", "No"), f.header);
  for (size_t i = 0; i < info; ++i) {
    Str(sheet, row, static_cast<lxw_col_t>(1 + i), DemographicTitle(report.info_names[i], l),
        f.header);
  }
  for (size_t e = 0; e < n; ++e) {
    Str(sheet, row, static_cast<lxw_col_t>(1 + info + e), report.definition.elements()[e].code,
        f.header);
  }
  ++row;
  if (answers.size() > kMaxDataRows) {
    Str(sheet, row, 0,
        Tr(l, "Terlalu banyak responden untuk satu lembar; lihat berkas CSV aslinya.",
           "Too many respondents for one sheet; see the original CSV file."));
    return;
  }
  for (size_t r = 0; r < answers.size(); ++r, ++row) {
    Num(sheet, row, 0, static_cast<double>(r + 1));
    for (size_t i = 0; i < info; ++i) {
      const std::string& value = report.info_values[i][r];
      if (value.empty()) continue;
      // A survey is anonymous: a telephone number, e-mail address or NIK a
      // respondent wrote into a suggestion, or the name of a person after an
      // honorific ("Bu Sari"), does not go into the workbook, which is
      // handed around (from `sigap ikm` as from the API).
      Str(sheet, row, static_cast<lxw_col_t>(1 + i),
          report.info_names[i] == "saran" ? domain::MaskSuggestion(value) : value);
    }
    for (size_t e = 0; e < n; ++e) {
      const uint8_t a = answers.answer(r, e);
      if (a != 0) Num(sheet, row, static_cast<lxw_col_t>(1 + info + e), a);
    }
  }
  ++row;
  const auto& score = report.overall;
  const std::string_view labels[] = {Tr(l, "Jumlah nilai", "Total"), Tr(l, "Dijawab", "Answered"),
                                     "NRR", Tr(l, "NRR tertimbang", "Weighted NRR")};
  for (int k = 0; k < 4; ++k, ++row) {
    Str(sheet, row, 0, labels[k], f.bold);
    for (size_t e = 0; e < n; ++e) {
      const auto col = static_cast<lxw_col_t>(1 + info + e);
      const auto& element = score.elements[e];
      if (k == 0) Num(sheet, row, col, static_cast<double>(element.total));
      if (k == 1) Num(sheet, row, col, static_cast<double>(element.answered));
      if (k == 2) OptNum(sheet, row, col, element.nrr, f.nrr);
      if (k == 3) OptNum(sheet, row, col, element.weighted, f.nrr);
    }
  }
  Str(sheet, row, 0, "IKM", f.bold);
  OptNum(sheet, row, static_cast<lxw_col_t>(1 + info), score.ikm_rounded, f.ikm);
}

void WriteDemographics(const IkmReport& report, lxw_worksheet* sheet, const Formats& f) {
  const Lang l = report.lang;
  worksheet_set_column(sheet, 0, 0, 30, nullptr);
  lxw_row_t row = 0;
  const double respondents = static_cast<double>(report.overall.respondents);
  for (const IkmDemographic& d : report.demographics) {
    Str(sheet, row, 0, DemographicTitle(d.column, l), f.header);
    Str(sheet, row, 1, Tr(l, "Jumlah", "Count"), f.header);
    Str(sheet, row++, 2, "%", f.header);
    for (const auto& [value, count] : CountsWithBlanks(d, report.overall.respondents)) {
      Str(sheet, row, 0, value.empty() ? Tr(l, "(tidak diisi)", "(not stated)") : value);
      Num(sheet, row, 1, static_cast<double>(count));
      Num(sheet, row++, 2, respondents > 0 ? 100.0 * static_cast<double>(count) / respondents : 0,
          f.two);
    }
    ++row;
  }
}

void WriteGroups(const IkmReport& report, lxw_worksheet* sheet, const Formats& f) {
  const Lang l = report.lang;
  const size_t n = report.definition.elements().size();
  worksheet_set_column(sheet, 0, 0, 28, nullptr);
  lxw_row_t row = 0;
  lxw_col_t col = 0;
  Str(sheet, row, col++, GroupHeading(report), f.header);
  Str(sheet, row, col++, Tr(l, "Responden", "Respondents"), f.header);
  for (size_t e = 0; e < n; ++e) {
    Str(sheet, row, col++, "NRR " + report.definition.elements()[e].code, f.header);
  }
  for (const std::string_view h :
       {std::string_view("IKM"), Tr(l, "Mutu", "Quality"), Tr(l, "Kinerja", "Performance"),
        Tr(l, "SK 95% bawah", "95% CI lower"), Tr(l, "SK 95% atas", "95% CI upper")}) {
    Str(sheet, row, col++, h, f.header);
  }
  ++row;
  for (const IkmGroup& group : report.groups) {
    const auto& g = group.score;
    col = 0;
    Str(sheet, row, col++, group.key);
    Num(sheet, row, col++, static_cast<double>(g.respondents));
    for (size_t e = 0; e < n; ++e) OptNum(sheet, row, col++, g.elements[e].nrr, f.nrr);
    OptNum(sheet, row, col++, g.ikm_rounded, f.ikm);
    Str(sheet, row, col++, Mutu(g));
    Str(sheet, row, col++, g.grade ? Kinerja(report, *g.grade) : "-");
    if (g.ci) {
      Num(sheet, row, col++, g.ci->lower, f.two);
      Num(sheet, row, col++, g.ci->upper, f.two);
    }
    ++row;
  }
}

}  // namespace

Status WriteIkmXlsx(const IkmReport& report, const std::filesystem::path& path) {
  const Lang l = report.lang;
  lxw_workbook_options options{};
  options.constant_memory =
      report.answers != nullptr && report.answers->size() >= kConstantMemoryRows ? LXW_TRUE
                                                                                 : LXW_FALSE;
  options.use_zip64 = LXW_TRUE;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (book == nullptr) {
    return Fail(ErrorCode::kUnavailable, path.string() + ": cannot create the workbook");
  }
  const Formats f = MakeFormats(book);
  const std::string recap_name(Tr(l, "Rekap", "Summary"));
  lxw_worksheet* recap = workbook_add_worksheet(book, recap_name.c_str());
  WriteRecap(report, book, recap, f, recap_name);
  if (report.answers != nullptr) {
    WriteData(
        report,
        workbook_add_worksheet(book, std::string(Tr(l, "Data Responden", "Responses")).c_str()), f);
  }
  if (!report.demographics.empty()) {
    WriteDemographics(
        report,
        workbook_add_worksheet(book, std::string(Tr(l, "Demografi", "Demographics")).c_str()), f);
  }
  if (!report.groups.empty()) {
    WriteGroups(report,
                workbook_add_worksheet(book, std::string(Tr(l, "Kelompok", "Groups")).c_str()), f);
  }
  const lxw_error closed = workbook_close(book);
  if (closed != LXW_NO_ERROR) {
    return Fail(ErrorCode::kUnavailable,
                path.string() + ": cannot write the workbook: " + lxw_strerror(closed));
  }
  return {};
}

}  // namespace sigap::report
