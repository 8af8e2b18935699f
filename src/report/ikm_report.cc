#include "report/ikm_report.h"

#include <cmath>
#include <cstdio>

namespace sigap::report {

std::string_view Tr(Lang lang, std::string_view id, std::string_view en) {
  return lang == Lang::kEn ? en : id;
}

std::string FormatNumber(double value, int decimals, Lang lang) {
  char buffer[64];
  // Avoid "-0,00" for values that round to zero.
  const double scale = std::pow(10.0, decimals);
  if (std::abs(value) * scale < 0.5) value = 0;
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string out = buffer;
  if (lang == Lang::kId) {
    for (char& c : out) {
      if (c == '.') c = ',';
    }
  }
  return out;
}

std::string_view ReportTitle(Lang lang) {
  return Tr(lang, "Indeks Kepuasan Masyarakat (IKM)", "Community Satisfaction Index (IKM)");
}

std::string SchemeLabel(const IkmReport& report) {
  std::string label(report.definition.regulation());
  if (report.definition.historical()) {
    label += Tr(report.lang, " (skema lama 14 unsur, hanya untuk data historis)",
                " (former 14-element scheme, for historical data only)");
  }
  if (!report.definition.equal_weights()) {
    label += Tr(report.lang, ", bobot ditentukan pengguna", ", user-defined weights");
  }
  return label;
}

const std::string& ElementName(const IkmReport& report, size_t element) {
  const auto& e = report.definition.elements()[element];
  return report.lang == Lang::kEn && !e.name_en.empty() ? e.name_en : e.name;
}

const std::string& Kinerja(const IkmReport& report, const domain::SkmGrade& grade) {
  return report.lang == Lang::kEn ? grade.kinerja_en : grade.kinerja;
}

std::string GroupHeading(const IkmReport& report) {
  const Lang l = report.lang;
  if (report.group_by == "unit") return std::string(Tr(l, "Per unit layanan", "By service unit"));
  if (report.group_by == "service") return std::string(Tr(l, "Per jenis layanan", "By service"));
  if (report.group_by == "month") return std::string(Tr(l, "Per bulan", "By month"));
  if (report.group_by == "quarter") return std::string(Tr(l, "Per triwulan", "By quarter"));
  return std::string(Tr(l, "Per kelompok", "By group"));
}

std::string PeriodText(const IkmReport& report) {
  return report.period.empty() ? std::string(Tr(report.lang, "semua tanggal", "all dates"))
                               : report.period;
}

std::vector<std::pair<std::string, uint64_t>> CountsWithBlanks(const IkmDemographic& d,
                                                               uint64_t respondents) {
  auto counts = d.counts;
  uint64_t stated = 0;
  bool has_blank = false;
  for (const auto& [value, count] : counts) {
    stated += count;
    has_blank |= value.empty();
  }
  if (!has_blank && stated < respondents) counts.emplace_back("", respondents - stated);
  return counts;
}

std::string DemographicTitle(std::string_view column, Lang lang) {
  struct Title {
    std::string_view column, id, en;
  };
  static constexpr Title kTitles[] = {
      {"jenis_kelamin", "Jenis kelamin", "Gender"},
      {"usia", "Usia", "Age"},
      {"pendidikan", "Pendidikan", "Education"},
      {"pekerjaan", "Pekerjaan", "Occupation"},
      {"unit", "Unit layanan", "Service unit"},
      {"layanan", "Jenis layanan", "Service"},
      {"tanggal", "Tanggal", "Date"},
      {"saran", "Saran", "Suggestions"},
  };
  for (const Title& t : kTitles) {
    if (t.column == column) return std::string(Tr(lang, t.id, t.en));
  }
  return std::string(column);
}

std::string_view IntervalMethod(Lang lang) {
  return Tr(lang,
            "Selang kepercayaan 95%: skor tiap responden = 25 × rata-rata tertimbang jawabannya; "
            "IKM ± t × simpangan baku ÷ √n, t kuantil 0,975 distribusi t Student dengan n − 1 "
            "derajat bebas (dengan koreksi populasi terbatas bila populasi diketahui).",
            "95% confidence interval: each respondent's score = 25 × the weighted mean of their "
            "answers; IKM ± t × standard deviation ÷ √n, t the 0.975 quantile of Student's t "
            "with n − 1 degrees of freedom (with the finite population correction when the "
            "population is known).");
}

}  // namespace sigap::report
