// `sigap ikm --format html`: one self-contained page that prints on A4.
#include <algorithm>
#include <string>

#include "domain/text.h"
#include "report/ikm_report.h"

namespace sigap::report {
namespace {

std::string Escape(std::string_view raw) {
  const std::string text = domain::ValidUtf8(raw);  // stored text need not be UTF-8
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;margin:2em;color:#111}
h1{font-size:16pt;margin:0 0 .2em}h2{font-size:13pt;margin:1.2em 0 .4em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:3px 6px}
th{background:#eee;text-align:left}td.n{text-align:right;white-space:nowrap}
.bar{background:#2b6cb0;height:10px}.ikm{font-size:20pt;font-weight:bold}
.grade{font-size:14pt}.muted{color:#555;font-size:9pt}
@page{size:A4;margin:15mm}@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
)";

void WriteElements(const IkmReport& report, const domain::SkmScore& score, std::ostream& out) {
  const Lang l = report.lang;
  out << "<table><thead><tr><th>" << Tr(l, "Kode", "Code") << "</th><th>"
      << Tr(l, "Unsur", "Element") << "</th><th>" << Tr(l, "Dijawab", "Answered") << "</th><th>"
      << Tr(l, "Jumlah nilai", "Total") << "</th><th>NRR</th><th>"
      << Tr(l, "NRR tertimbang", "Weighted NRR") << "</th><th></th></tr></thead><tbody>\n";
  for (size_t e = 0; e < score.elements.size(); ++e) {
    const auto& element = score.elements[e];
    const double width = element.nrr ? std::clamp(*element.nrr / 4.0 * 100, 0.0, 100.0) : 0;
    out << "<tr><td>" << Escape(report.definition.elements()[e].code) << "</td><td>"
        << Escape(ElementName(report, e)) << "</td><td class=n>" << element.answered
        << "</td><td class=n>" << element.total << "</td><td class=n>"
        << (element.nrr ? FormatNumber(*element.nrr, 3, l) : "-") << "</td><td class=n>"
        << (element.weighted ? FormatNumber(*element.weighted, 3, l) : "-")
        << "</td><td style=\"width:25%\"><div class=bar style=\"width:"
        << FormatNumber(width, 1, Lang::kEn) << "%\"></div></td></tr>\n";
  }
  out << "</tbody></table>\n";
}

}  // namespace

void WriteIkmHtml(const IkmReport& report, std::ostream& out) {
  const Lang l = report.lang;
  const auto& score = report.overall;
  out << "<!DOCTYPE html>\n<html lang=\"" << Tr(l, "id", "en")
      << "\"><head><meta charset=\"utf-8\"><title>" << ReportTitle(l);
  if (!report.unit_name.empty()) out << " — " << Escape(report.unit_name);
  out << "</title><style>" << kStyle << "</style></head><body>\n";
  out << "<h1>" << ReportTitle(l) << "</h1>\n<p>";
  if (!report.unit_name.empty()) {
    out << Tr(l, "Unit layanan", "Service unit") << ": <b>" << Escape(report.unit_name)
        << "</b><br>";
  }
  if (!report.period.empty()) {
    out << Tr(l, "Periode", "Period") << ": <b>" << Escape(report.period) << "</b><br>";
  }
  out << Tr(l, "Dasar", "Basis") << ": " << Escape(SchemeLabel(report)) << "<br>"
      << Tr(l, "Responden", "Respondents") << ": " << score.respondents;
  if (report.skipped_rows > 0) {
    out << " (" << report.skipped_rows
        << Tr(l, " baris tidak sah dilewati", " invalid rows skipped") << ")";
  }
  out << "</p>\n";
  WriteElements(report, score, out);
  out << "<p class=ikm>IKM: "
      << (score.ikm ? FormatNumber(*score.ikm_rounded, 2, l)
                    : std::string(Tr(l, "tidak dapat dihitung", "cannot be computed")))
      << "</p>\n";
  if (score.grade) {
    out << "<p class=grade>" << Tr(l, "Mutu pelayanan", "Service quality") << ": <b>"
        << score.grade->mutu << "</b> (" << Escape(Kinerja(report, *score.grade)) << ")</p>\n";
  }
  if (score.ci) {
    out << "<p>" << Tr(l, "Selang kepercayaan 95%", "95% confidence interval") << ": "
        << FormatNumber(score.ci->lower, 2, l) << " – " << FormatNumber(score.ci->upper, 2, l)
        << " (±" << FormatNumber(score.ci->half_width, 2, l) << ")</p>\n";
  }
  if (report.sample) {
    const IkmSample& s = *report.sample;
    out << "<p>" << Tr(l, "Sampel (Krejcie &amp; Morgan)", "Sample (Krejcie &amp; Morgan)") << ": "
        << Tr(l, "populasi ", "population ") << s.population << Tr(l, ", minimal ", ", required ")
        << s.required << Tr(l, ", terkumpul ", ", collected ") << s.actual << " — <b>"
        << (s.adequate ? Tr(l, "memadai", "adequate") : Tr(l, "belum memadai", "not adequate"))
        << "</b></p>\n";
  }
  const auto priorities = score.Priorities();
  out << "<h2>" << Tr(l, "Prioritas perbaikan", "Improvement priorities") << "</h2><ol>\n";
  for (size_t i = 0; i < priorities.size() && i < 3; ++i) {
    const size_t e = priorities[i];
    const auto& nrr = score.elements[e].nrr;
    out << "<li>" << Escape(report.definition.elements()[e].code) << " "
        << Escape(ElementName(report, e)) << " — NRR " << (nrr ? FormatNumber(*nrr, 3, l) : "-")
        << "</li>\n";
  }
  out << "</ol>\n";
  if (!report.groups.empty()) {
    out << "<h2>" << Escape(GroupHeading(report)) << "</h2><table><thead><tr><th>"
        << Tr(l, "Kelompok", "Group") << "</th><th>" << Tr(l, "Responden", "Respondents")
        << "</th><th>IKM</th><th>" << Tr(l, "Mutu", "Quality") << "</th><th>"
        << Tr(l, "SK 95%", "95% CI") << "</th></tr></thead><tbody>\n";
    for (const IkmGroup& group : report.groups) {
      const auto& g = group.score;
      out << "<tr><td>" << Escape(group.key) << "</td><td class=n>" << g.respondents
          << "</td><td class=n>" << (g.ikm ? FormatNumber(*g.ikm_rounded, 2, l) : "-")
          << "</td><td>"
          << (g.grade
                  ? std::string(1, g.grade->mutu) + " (" + Escape(Kinerja(report, *g.grade)) + ")"
                  : "-")
          << "</td><td class=n>"
          << (g.ci ? FormatNumber(g.ci->lower, 2, l) + " – " + FormatNumber(g.ci->upper, 2, l)
                   : "-")
          << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
  }
  for (const IkmDemographic& d : report.demographics) {
    out << "<h2>" << Escape(DemographicTitle(d.column, l)) << "</h2><table><tbody>\n";
    for (const auto& [value, count] : d.counts) {
      out << "<tr><td>" << Escape(value) << "</td><td class=n>" << count << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
  }
  out << "<p class=muted>" << Escape(IntervalMethod(l)) << "</p>\n</body></html>\n";
}

}  // namespace sigap::report
