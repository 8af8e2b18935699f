// `sigap ikm --format json`; the same structure GET /api/v1/ikm will return.
#include <cmath>
#include <nlohmann/json.hpp>

#include "report/ikm_report.h"

namespace sigap::report {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json OrNull(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

double Round(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

// The fields a group shares with the whole survey.
void AddScore(const IkmReport& report, const domain::SkmScore& score, Json& out) {
  out["respondents"] = score.respondents;
  Json elements = Json::array();
  for (size_t e = 0; e < score.elements.size(); ++e) {
    const auto& element = score.elements[e];
    elements.push_back({{"code", report.definition.elements()[e].code},
                        {"name", ElementName(report, e)},
                        {"answered", element.answered},
                        {"total", element.total},
                        {"nrr", OrNull(element.nrr)},
                        {"weighted", OrNull(element.weighted)}});
  }
  out["elements"] = std::move(elements);
  out["ikm"] = OrNull(score.ikm_rounded);
  out["ikm_exact"] = OrNull(score.ikm);
  out["mutu"] = score.grade ? Json(std::string(1, score.grade->mutu)) : Json(nullptr);
  out["kinerja"] = score.grade ? Json(Kinerja(report, *score.grade)) : Json(nullptr);
  if (score.ci) {
    out["ci"] = {{"level", 0.95},
                 {"lower", Round(score.ci->lower, 2)},
                 {"upper", Round(score.ci->upper, 2)},
                 {"half_width", Round(score.ci->half_width, 2)},
                 {"standard_error", Round(score.ci->standard_error, 2)},
                 {"n", score.ci->n}};
  } else {
    out["ci"] = nullptr;
  }
}

}  // namespace

void WriteIkmJson(const IkmReport& report, std::ostream& out) {
  Json doc = Json::object();
  AddScore(report, report.overall, doc);
  if (report.sample) {
    doc["sample"] = {{"population", report.sample->population},
                     {"required", report.sample->required},
                     {"actual", report.sample->actual},
                     {"adequate", report.sample->adequate}};
  } else {
    doc["sample"] = nullptr;
  }
  Json groups = Json::array();
  for (const IkmGroup& group : report.groups) {
    Json g = {{"key", group.key}};
    AddScore(report, group.score, g);
    groups.push_back(std::move(g));
  }
  doc["groups"] = std::move(groups);
  doc["by"] = report.group_by.empty() ? Json(nullptr) : Json(report.group_by);
  doc["scheme"] = report.definition.scheme() == domain::SkmScheme::k2004 ? "2004" : "2017";
  doc["regulation"] = std::string(report.definition.regulation());
  doc["historical"] = report.definition.historical();
  doc["weights"] = report.definition.weights();
  doc["unit_name"] = report.unit_name;
  doc["period"] = report.period;
  doc["skipped_rows"] = report.skipped_rows;
  doc["ci_method"] = std::string(IntervalMethod(report.lang));
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace sigap::report
