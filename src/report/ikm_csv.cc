// `sigap ikm --format csv`: one row per group and element.
#include <cstdio>

#include "report/ikm_report.h"

namespace sigap::report {
namespace {

// RFC 4180 quoting when needed.
std::string Quote(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Number(const std::optional<double>& value, int decimals) {
  if (!value) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, *value);
  return buffer;
}

void WriteRows(const IkmReport& report, const std::string& key, const domain::SkmScore& score,
               std::ostream& out) {
  const std::string ikm = Number(score.ikm_rounded, 2);
  const std::string mutu = score.grade ? std::string(1, score.grade->mutu) : "";
  const std::string kinerja = score.grade ? Kinerja(report, *score.grade) : "";
  const std::string lower = score.ci ? Number(score.ci->lower, 2) : "";
  const std::string upper = score.ci ? Number(score.ci->upper, 2) : "";
  for (size_t e = 0; e < score.elements.size(); ++e) {
    const auto& element = score.elements[e];
    out << Quote(key) << "," << score.respondents << "," << report.definition.elements()[e].code
        << "," << Quote(ElementName(report, e)) << "," << element.answered << "," << element.total
        << "," << Number(element.nrr, 4) << "," << Number(element.weighted, 4) << "," << ikm << ","
        << mutu << "," << Quote(kinerja) << "," << lower << "," << upper << "\r\n";
  }
}

}  // namespace

void WriteIkmCsv(const IkmReport& report, std::ostream& out) {
  out << "group,respondents,code,name,answered,total,nrr,weighted,ikm,mutu,kinerja,ci_lower,"
         "ci_upper\r\n";
  WriteRows(report, "", report.overall, out);
  for (const IkmGroup& group : report.groups) WriteRows(report, group.key, group.score, out);
}

}  // namespace sigap::report
