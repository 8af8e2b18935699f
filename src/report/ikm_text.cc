// The terminal report of `sigap ikm`.
#include <algorithm>
#include <cmath>
#include <string>

#include "domain/text.h"
#include "report/ikm_report.h"

namespace sigap::report {
namespace {

// Pads or cuts UTF-8 text to `width` code points (cut text ends with "…").
std::string Fit(const std::string& text, size_t width) {
  const size_t length = domain::CodePointCount(text);
  if (length <= width) return text + std::string(width - length, ' ');
  std::string out;
  size_t points = 0;
  for (const char c : text) {
    const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts && ++points > width - 1) break;
    out.push_back(c);
  }
  return out + "…";
}

std::string Right(const std::string& text, size_t width) {
  const size_t length = domain::CodePointCount(text);
  return length >= width ? text : std::string(width - length, ' ') + text;
}

// A bar of eighth blocks for an NRR between 0 and 4, 12 cells at 4 (the
// table then fits 80 columns).
std::string Bar(double nrr) {
  static const char* const kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const int eighths = static_cast<int>(std::lround(std::clamp(nrr, 0.0, 4.0) / 4.0 * 12 * 8));
  std::string out;
  for (int i = 0; i < eighths / 8; ++i) out += "█";
  out += kEighths[eighths % 8];
  return out;
}

std::string Grade(const IkmReport& report, const domain::SkmScore& score) {
  if (!score.grade) return "-";
  return std::string(1, score.grade->mutu) + " (" + Kinerja(report, *score.grade) + ")";
}

std::string Interval(const IkmReport& report, const domain::SkmScore& score) {
  if (!score.ci) return "-";
  const Lang l = report.lang;
  return FormatNumber(score.ci->lower, 2, l) + " – " + FormatNumber(score.ci->upper, 2, l);
}

void WriteScore(const IkmReport& report, const domain::SkmScore& score, std::ostream& out) {
  const Lang l = report.lang;
  out << Fit(std::string(Tr(l, "Kode", "Code")), 5)
      << Fit(std::string(Tr(l, "Unsur", "Element")), 28)
      << Right(std::string(Tr(l, "Dijawab", "Answered")), 9)
      << Right(std::string(Tr(l, "Jumlah", "Total")), 8) << Right("NRR", 7)
      << Right(std::string(Tr(l, "×Bobot", "×Weight")), 8) << "\n";
  for (size_t e = 0; e < score.elements.size(); ++e) {
    const auto& element = score.elements[e];
    out << Fit(report.definition.elements()[e].code, 5) << Fit(ElementName(report, e), 28)
        << Right(std::to_string(element.answered), 9) << Right(std::to_string(element.total), 8)
        << Right(element.nrr ? FormatNumber(*element.nrr, 3, l) : "-", 7)
        << Right(element.weighted ? FormatNumber(*element.weighted, 3, l) : "-", 8) << "  "
        << (element.nrr ? Bar(*element.nrr) : "") << "\n";
  }
  out << "\n";
  if (!score.ikm) {
    out << Tr(l, "IKM tidak dapat dihitung: ada unsur yang tidak dijawab satu responden pun.\n",
              "The IKM cannot be computed: an element has no answer at all.\n");
    return;
  }
  out << "IKM: " << FormatNumber(*score.ikm_rounded, 2, l) << "   "
      << Tr(l, "Mutu pelayanan: ", "Service quality: ") << Grade(report, score) << "\n";
  if (score.ci) {
    out << Tr(l, "Selang kepercayaan 95%: ", "95% confidence interval: ") << Interval(report, score)
        << " (±" << FormatNumber(score.ci->half_width, 2, l) << "; n = " << score.ci->n << ")\n";
  }
}

}  // namespace

void WriteIkmText(const IkmReport& report, std::ostream& out) {
  const Lang l = report.lang;
  out << ReportTitle(l) << " — " << SchemeLabel(report) << "\n";
  if (!report.unit_name.empty())
    out << Tr(l, "Unit layanan: ", "Service unit: ") << report.unit_name << "\n";
  if (!report.period.empty()) out << Tr(l, "Periode: ", "Period: ") << report.period << "\n";
  out << Tr(l, "Responden: ", "Respondents: ") << report.overall.respondents;
  if (report.skipped_rows > 0) {
    out << " (" << report.skipped_rows
        << Tr(l, " baris tidak sah dilewati", " invalid rows skipped") << ")";
  }
  out << "\n\n";
  WriteScore(report, report.overall, out);

  if (report.sample) {
    const IkmSample& s = *report.sample;
    out << Tr(l, "Sampel (Krejcie & Morgan): populasi ", "Sample (Krejcie & Morgan): population ")
        << s.population << Tr(l, ", minimal ", ", required ") << s.required
        << Tr(l, ", terkumpul ", ", collected ") << s.actual << " — "
        << (s.adequate ? Tr(l, "memadai", "adequate") : Tr(l, "belum memadai", "not adequate"))
        << "\n";
  }

  const auto priorities = report.overall.Priorities();
  if (!priorities.empty()) {
    out << "\n"
        << Tr(l, "Prioritas perbaikan (NRR terendah dahulu):",
              "Improvement priorities (lowest NRR first):")
        << "\n";
    for (size_t i = 0; i < priorities.size() && i < 3; ++i) {
      const size_t e = priorities[i];
      const auto& nrr = report.overall.elements[e].nrr;
      out << "  " << i + 1 << ". " << report.definition.elements()[e].code << " "
          << ElementName(report, e) << " — NRR " << (nrr ? FormatNumber(*nrr, 3, l) : "-") << "\n";
    }
  }

  if (!report.groups.empty()) {
    out << "\n" << GroupHeading(report) << ":\n";
    out << Fit(std::string(Tr(l, "Kelompok", "Group")), 28)
        << Right(std::string(Tr(l, "Responden", "Respondents")), 12) << Right("IKM", 8) << "  "
        << Fit(std::string(Tr(l, "Mutu", "Quality")), 18) << Tr(l, "SK 95%", "95% CI") << "\n";
    for (const IkmGroup& group : report.groups) {
      const auto& score = group.score;
      out << Fit(group.key, 28) << Right(std::to_string(score.respondents), 12)
          << Right(score.ikm ? FormatNumber(*score.ikm_rounded, 2, l) : "-", 8) << "  "
          << Fit(Grade(report, score), 18) << Interval(report, score) << "\n";
    }
  }
  out << "\n" << IntervalMethod(l) << "\n";
}

}  // namespace sigap::report
