// `sigap ikm --format pdf`: A4 pages drawn with cairo in DejaVu Sans
// (Debian fonts-dejavu-core), so every Indonesian letter and symbol prints.
#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <memory>
#include <string>

#include "domain/text.h"
#include "report/ikm_report.h"

namespace sigap::report {
namespace {

constexpr double kWidth = 595.28, kHeight = 841.89;  // A4 in points
constexpr double kMargin = 50;
constexpr double kBottom = kHeight - 60;

// Draws text top to bottom, page after page.
class Pages {
 public:
  explicit Pages(cairo_t* cr) : cr_(cr) {}

  void Font(double size, bool bold = false) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    size_ = size;
  }

  double Width(const std::string& text) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, domain::ValidUtf8(text).c_str(), &extents);
    return extents.x_advance;
  }

  // Cuts text with "…" to fit `width`.
  std::string Fit(const std::string& text, double width) {
    if (Width(text) <= width) return text;
    std::string out = text;
    while (!out.empty() && Width(out + "…") > width) {
      out.pop_back();
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
        out.pop_back();
      if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
    }
    return out + "…";
  }

  void At(double x, const std::string& text) {
    cairo_move_to(cr_, x, y_);
    // Text from the database or a file need not be UTF-8 (a survey imported
    // before Sigap checked it); cairo refuses the whole page for one byte.
    cairo_show_text(cr_, domain::ValidUtf8(text).c_str());
  }
  void Right(double x, const std::string& text) { At(x - Width(text), text); }

  // Moves to the next line of `height`, on a new page when this one is full.
  void Line(double height) {
    y_ += height;
    if (y_ > kBottom) NewPage();
  }
  // Makes sure `height` more fits on this page.
  void Need(double height) {
    if (y_ + height > kBottom) NewPage();
  }
  void NewPage() {
    cairo_show_page(cr_);
    y_ = kMargin + size_;
  }

  void Bar(double x, double width, double height) {
    cairo_save(cr_);
    cairo_set_source_rgb(cr_, 0.17, 0.42, 0.69);
    cairo_rectangle(cr_, x, y_ - height, width, height);
    cairo_fill(cr_);
    cairo_restore(cr_);
  }
  void Rule() {
    cairo_save(cr_);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMargin, y_ + 3);
    cairo_line_to(cr_, kWidth - kMargin, y_ + 3);
    cairo_stroke(cr_);
    cairo_restore(cr_);
  }

  double y() const { return y_; }

 private:
  cairo_t* cr_;
  double y_ = kMargin;
  double size_ = 10;
};

std::string GradeText(const IkmReport& report, const domain::SkmScore& score) {
  if (!score.grade) return "-";
  return std::string(1, score.grade->mutu) + " (" + Kinerja(report, *score.grade) + ")";
}

void Draw(const IkmReport& report, Pages& p) {
  const Lang l = report.lang;
  const auto& score = report.overall;
  p.Font(16, true);
  p.Line(16);
  p.At(kMargin, std::string(ReportTitle(l)));
  p.Font(12, true);
  if (!report.unit_name.empty()) {
    p.Line(20);
    p.At(kMargin, report.unit_name);
  }
  p.Font(11);
  p.Line(16);
  p.At(kMargin, std::string(Tr(l, "Periode: ", "Period: ")) + PeriodText(report));
  p.Font(9);
  p.Line(15);
  p.At(kMargin, std::string(Tr(l, "Dasar: ", "Basis: ")) + SchemeLabel(report));
  p.Line(13);
  std::string respondents =
      std::string(Tr(l, "Responden: ", "Respondents: ")) + std::to_string(score.respondents);
  if (report.skipped_rows > 0) {
    respondents += " (" + std::to_string(report.skipped_rows) +
                   std::string(Tr(l, " baris tidak sah dilewati)", " invalid rows skipped)"));
  }
  p.At(kMargin, respondents);

  // The element table.
  p.Line(24);
  p.Font(9, true);
  p.At(kMargin, std::string(Tr(l, "Kode", "Code")));
  p.At(kMargin + 32, std::string(Tr(l, "Unsur", "Element")));
  p.Right(345, std::string(Tr(l, "Dijawab", "Answered")));
  p.Right(392, std::string(Tr(l, "Jumlah", "Total")));
  p.Right(430, "NRR");
  p.Right(475, std::string(Tr(l, "×Bobot", "×Weight")));
  p.Rule();
  p.Font(9);
  for (size_t e = 0; e < score.elements.size(); ++e) {
    const auto& element = score.elements[e];
    p.Line(16);
    p.At(kMargin, report.definition.elements()[e].code);
    p.At(kMargin + 32, p.Fit(ElementName(report, e), 220));
    p.Right(345, std::to_string(element.answered));
    p.Right(392, std::to_string(element.total));
    p.Right(430, element.nrr ? FormatNumber(*element.nrr, 3, l) : "-");
    p.Right(475, element.weighted ? FormatNumber(*element.weighted, 3, l) : "-");
    if (element.nrr) p.Bar(485, std::clamp(*element.nrr / 4.0, 0.0, 1.0) * 60, 8);
  }
  p.Rule();

  p.Line(30);
  p.Font(18, true);
  p.At(kMargin,
       "IKM: " + (score.ikm ? FormatNumber(*score.ikm_rounded, 2, l)
                            : std::string(Tr(l, "tidak dapat dihitung", "cannot be computed"))));
  p.Font(12, true);
  p.Line(20);
  p.At(kMargin,
       std::string(Tr(l, "Mutu pelayanan: ", "Service quality: ")) + GradeText(report, score));
  p.Font(10);
  if (score.ci) {
    p.Line(16);
    p.At(kMargin, std::string(Tr(l, "Selang kepercayaan 95%: ", "95% confidence interval: ")) +
                      FormatNumber(score.ci->lower, 2, l) + " – " +
                      FormatNumber(score.ci->upper, 2, l) + " (±" +
                      FormatNumber(score.ci->half_width, 2, l) + ")");
  }
  if (report.sample) {
    const IkmSample& s = *report.sample;
    p.Line(16);
    p.At(kMargin, std::string(Tr(l, "Sampel (Krejcie & Morgan): populasi ",
                                 "Sample (Krejcie & Morgan): population ")) +
                      std::to_string(s.population) +
                      std::string(Tr(l, ", minimal ", ", required ")) + std::to_string(s.required) +
                      std::string(Tr(l, ", terkumpul ", ", collected ")) +
                      std::to_string(s.actual) + " — " +
                      std::string(s.adequate ? Tr(l, "memadai", "adequate")
                                             : Tr(l, "belum memadai", "not adequate")));
  }

  p.Line(24);
  p.Font(11, true);
  p.At(kMargin, std::string(Tr(l, "Prioritas perbaikan", "Improvement priorities")));
  p.Font(10);
  const auto priorities = score.Priorities();
  for (size_t i = 0; i < priorities.size() && i < 3; ++i) {
    const size_t e = priorities[i];
    const auto& nrr = score.elements[e].nrr;
    p.Line(15);
    p.At(kMargin + 8, std::to_string(i + 1) + ". " + report.definition.elements()[e].code + " " +
                          ElementName(report, e) + " — NRR " +
                          (nrr ? FormatNumber(*nrr, 3, l) : "-"));
  }

  if (!report.groups.empty()) {
    p.Line(24);
    p.Need(40);
    p.Font(11, true);
    p.At(kMargin, GroupHeading(report));
    p.Font(9, true);
    p.Line(16);
    p.At(kMargin, std::string(Tr(l, "Kelompok", "Group")));
    p.Right(300, std::string(Tr(l, "Responden", "Respondents")));
    p.Right(350, "IKM");
    p.At(365, std::string(Tr(l, "Mutu", "Quality")));
    p.At(460, std::string(Tr(l, "SK 95%", "95% CI")));
    p.Rule();
    p.Font(9);
    for (const IkmGroup& group : report.groups) {
      const auto& g = group.score;
      p.Line(14);
      p.At(kMargin, p.Fit(group.key, 190));
      p.Right(300, std::to_string(g.respondents));
      p.Right(350, g.ikm ? FormatNumber(*g.ikm_rounded, 2, l) : "-");
      p.At(365, p.Fit(GradeText(report, g), 90));
      p.At(460,
           g.ci ? FormatNumber(g.ci->lower, 2, l) + " – " + FormatNumber(g.ci->upper, 2, l) : "-");
    }
  }

  for (const IkmDemographic& d : report.demographics) {
    p.Line(22);
    p.Need(30);
    p.Font(11, true);
    p.At(kMargin, DemographicTitle(d.column, l));
    p.Font(9);
    for (const auto& [value, count] : CountsWithBlanks(d, report.overall.respondents)) {
      p.Line(13);
      p.At(kMargin + 8,
           p.Fit(value.empty() ? std::string(Tr(l, "(tidak diisi)", "(not stated)")) : value, 250));
      p.Right(360, std::to_string(count));
    }
  }

  p.Line(24);
  p.Font(7.5);
  // The method sentence, wrapped at the page width.
  std::string line, word;
  const std::string method(IntervalMethod(l));
  for (size_t i = 0; i <= method.size(); ++i) {
    if (i < method.size() && method[i] != ' ') {
      word += method[i];
      continue;
    }
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (p.Width(candidate) > kWidth - 2 * kMargin) {
      p.At(kMargin, line);
      p.Line(10);
      line = word;
    } else {
      line = candidate;
    }
    word.clear();
  }
  if (!line.empty()) p.At(kMargin, line);
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// fontconfig 2.14 (under cairo's font selection) leaks a few hundred bytes
// of pattern data once per process; LeakSanitizer would fail every sanitized
// program that writes a PDF because of it.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

Status WriteIkmPdf(const IkmReport& report, const std::filesystem::path& path) {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create(path.c_str(), kWidth, kHeight), &cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kUnavailable,
                path.string() + ": cannot create the PDF: " +
                    cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  std::string title = std::string(ReportTitle(report.lang));
  if (!report.unit_name.empty()) title += " — " + report.unit_name;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                 domain::ValidUtf8(title).c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Sigap");
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          &cairo_destroy);
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    Pages pages(cr.get());
    Draw(report, pages);
    cairo_show_page(cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return Fail(ErrorCode::kUnavailable, path.string() + ": cannot draw the PDF: " +
                                               cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kUnavailable,
                path.string() + ": cannot write the PDF: " +
                    cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return {};
}

}  // namespace sigap::report
