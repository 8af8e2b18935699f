#include "cli/ikm_command.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>
#include <vector>

#include "cli/ikm_csv.h"
#include "cli/lang_flag.h"
#include "domain/skm.h"
#include "report/ikm_report.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kBadInput = 1;
constexpr int kUsage = 2;

// Parses "0.111,0.111,…" (fractions such as 1/9 too); empty on error.
std::optional<std::vector<double>> ParseWeights(const std::string& text) {
  std::vector<double> weights;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const size_t slash = item.find('/');
    auto number = [](std::string_view s) -> std::optional<double> {
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      double value = 0;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
      if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
      return value;
    };
    if (slash == std::string::npos) {
      const auto w = number(item);
      if (!w) return std::nullopt;
      weights.push_back(*w);
    } else {
      const auto a = number(std::string_view(item).substr(0, slash));
      const auto b = number(std::string_view(item).substr(slash + 1));
      if (!a || !b || *b == 0) return std::nullopt;
      weights.push_back(*a / *b);
    }
  }
  if (weights.empty() || text.back() == ',') return std::nullopt;
  return weights;
}

std::optional<IkmGroupBy> ParseGroupBy(const std::string& by) {
  if (by.empty()) return IkmGroupBy::kNone;
  if (by == "unit") return IkmGroupBy::kUnit;
  if (by == "service" || by == "layanan") return IkmGroupBy::kService;
  if (by == "month" || by == "bulan") return IkmGroupBy::kMonth;
  if (by == "quarter" || by == "triwulan") return IkmGroupBy::kQuarter;
  return std::nullopt;
}

std::string GroupByName(IkmGroupBy by) {
  switch (by) {
    case IkmGroupBy::kNone:
      return "";
    case IkmGroupBy::kUnit:
      return "unit";
    case IkmGroupBy::kService:
      return "service";
    case IkmGroupBy::kMonth:
      return "month";
    case IkmGroupBy::kQuarter:
      return "quarter";
  }
  return "";
}

}  // namespace

std::string IkmDefaultOutput(const std::string& file, const std::string& format) {
  return fs::path(file).stem().string() + "-ikm." + format;
}

int Ikm(const IkmFlags& flags, std::ostream& out, std::ostream& err) {
  const bool english = flags.lang == "en";
  auto T = [&](const char* id, const char* en) { return english ? en : id; };
  auto usage = [&](const std::string& message) {
    err << "sigap ikm: " << message << "\n";
    return kUsage;
  };
  if (auto problem = LangProblem(flags.lang)) return usage(*problem);
  static const std::vector<std::string> kFormats = {"text", "json", "csv", "xlsx", "pdf", "html"};
  if (std::find(kFormats.begin(), kFormats.end(), flags.format) == kFormats.end()) {
    return usage("--format: '" + flags.format + "' " +
                 T("harus text, json, csv, xlsx, pdf atau html",
                   "must be text, json, csv, xlsx, pdf or html"));
  }
  const auto group_by = ParseGroupBy(flags.by);
  if (!group_by) {
    return usage(
        "--by: '" + flags.by + "' " +
        T("harus unit, service, month atau quarter", "must be unit, service, month or quarter"));
  }
  if (flags.scheme != "2017" && flags.scheme != "2004") {
    return usage("--scheme: '" + flags.scheme + "' " +
                 T("harus 2017 atau 2004", "must be 2017 or 2004"));
  }
  if (flags.population && *flags.population < 1) {
    return usage(std::string("--population: ") +
                 T("harus bilangan bulat positif", "must be a positive whole number"));
  }
  std::optional<std::vector<double>> weights;
  if (!flags.weights.empty()) {
    weights = ParseWeights(flags.weights);
    if (!weights) {
      return usage("--weights: '" + flags.weights + "' " +
                   T("harus berupa daftar bobot dipisah koma, mis. 0.111,0.111,…",
                     "must be a comma-separated list of weights, e.g. 0.111,0.111,…"));
    }
  }
  const domain::SkmDefinition scheme = domain::SkmDefinition::ForScheme(
      flags.scheme == "2004" ? domain::SkmScheme::k2004 : domain::SkmScheme::k2017);
  const size_t scheme_elements = scheme.elements().size();

  const bool binary = flags.format == "xlsx" || flags.format == "pdf";
  IkmCsvOptions options;
  options.definition = &scheme;
  options.scheme_elements = scheme_elements;
  options.extra_elements =
      weights && weights->size() > scheme_elements ? weights->size() - scheme_elements : 0;
  options.group_by = *group_by;
  options.keep_info = flags.format == "xlsx";
  options.count_demographics = binary || flags.format == "html";
  options.skip_invalid = flags.skip_invalid;
  options.english = english;
  auto csv = ParseIkmCsvFile(flags.file, options);
  if (!csv && csv.error().code == ErrorCode::kNotFound) {
    err << flags.file << ": " << T("tidak dapat dibaca", "cannot be read") << "\n";
    return kBadInput;
  }
  if (!csv) {
    err << csv.error().message << "\n";
    return kBadInput;
  }
  for (const IkmCsvProblem& w : csv->warnings) {
    err << flags.file << ":" << w.line << ":" << w.column << ": " << w.message << "\n";
  }
  if (csv->unanswered_rows > IkmCsv::kMaxProblems) {
    err << flags.file << ": " << csv->unanswered_rows
        << T(" baris tanpa unsur yang dijawab, tidak dihitung",
             " rows answering no element, not counted")
        << "\n";
  }
  for (const IkmCsvProblem& p : csv->problems) {
    err << flags.file << ":" << p.line << ":" << p.column << ": " << p.message << "\n";
  }
  if (csv->problem_count > csv->problems.size()) {
    err << flags.file << ": " << T("dan ", "and ") << csv->problem_count - csv->problems.size()
        << T(" masalah lain", " more problems") << "\n";
  }
  const bool header_problem = !csv->problems.empty() && csv->problems.front().line == 1;
  if (csv->problem_count > 0 && (!flags.skip_invalid || header_problem)) {
    err << "sigap ikm: " << csv->problem_count << T(" masalah dalam ", " problems in ")
        << flags.file << T("; tidak ada yang dihitung", "; nothing computed");
    if (!header_problem) {
      err << T(" (--skip-invalid menghitung baris yang sah saja)",
               " (--skip-invalid computes the valid rows only)");
    }
    err << "\n";
    return kBadInput;
  }
  if (csv->invalid_rows > 0) {
    err << "sigap ikm: " << csv->invalid_rows
        << T(" baris tidak sah dilewati (--skip-invalid)", " invalid rows skipped (--skip-invalid)")
        << "\n";
  }

  if (csv->answers.size() == 0) {
    err << "sigap ikm: " << flags.file << T(": tidak ada responden", ": no respondents") << "\n";
    return kBadInput;
  }

  domain::SkmDefinition definition = scheme;
  if (weights) {
    std::vector<domain::SkmElement> extra;
    for (const std::string& code : csv->extra_codes) extra.push_back({code, code, code, {}});
    auto weighted = scheme.WithWeights(*weights, std::move(extra));
    if (!weighted) {
      const std::string& why =
          weighted.error().fields.empty() ? std::string() : weighted.error().fields.front().code;
      if (why == "count") {
        return usage("--weights: " + std::to_string(weights->size()) +
                     T(" bobot untuk ", " weights for ") +
                     std::to_string(scheme_elements + csv->extra_codes.size()) +
                     T(" unsur (satu bobot per unsur; unsur tambahan unit: kolom U10, U11, …)",
                       " elements (one weight per element; a unit's own elements: columns U10, "
                       "U11, …)"));
      }
      if (why == "out_of_range") {
        return usage(std::string("--weights: ") +
                     T("setiap bobot harus lebih dari 0", "every weight must be above 0"));
      }
      double sum = 0;
      for (const double w : *weights) sum += w;
      char text[32];
      std::snprintf(text, sizeof text, "%.4f", sum);
      return usage(std::string("--weights: ") + T("jumlah bobot ", "the weights sum to ") + text +
                   T(", seharusnya 1", ", not 1"));
    }
    definition = std::move(*weighted);
  }

  std::optional<int64_t> population;
  if (flags.population) population = *flags.population;
  domain::SkmTally tally(definition, csv->group_keys.size());
  tally.AddColumns(csv->answers);

  report::IkmReport report;
  report.definition = definition;
  report.overall = tally.Total(population);
  report.lang = english ? report::Lang::kEn : report::Lang::kId;
  report.unit_name = flags.unit_name;
  report.period = flags.period;
  report.source = flags.file;
  report.skipped_rows = csv->invalid_rows;
  report.group_by = GroupByName(*group_by);
  if (*group_by != IkmGroupBy::kNone) {
    std::vector<uint32_t> order(csv->group_keys.size());
    for (uint32_t g = 0; g < order.size(); ++g) order[g] = g;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return csv->group_keys[a] < csv->group_keys[b]; });
    // Each group is a sample of its own; the population is the whole period's.
    for (const uint32_t g : order) report.groups.push_back({csv->group_keys[g], tally.Score(g)});
  }
  if (population && static_cast<uint64_t>(*population) < report.overall.respondents) {
    // Fewer service users than respondents is a typing error, not a sample.
    return usage("--population: " + std::to_string(*population) +
                 T(" lebih kecil dari jumlah responden (", " is fewer than the respondents (") +
                 std::to_string(report.overall.respondents) + ")");
  }
  if (population) {
    const int64_t required = domain::KrejcieMorganSample(*population);
    report.sample =
        report::IkmSample{*population, required, report.overall.respondents,
                          report.overall.respondents >= static_cast<uint64_t>(required)};
  }
  for (auto& [column, counts] : csv->demographics) {
    report.demographics.push_back({column, std::move(counts)});
  }
  report.answers = &csv->answers;
  report.info_names = std::move(csv->info_names);
  report.info_values = std::move(csv->info_values);

  if (binary) {
    const std::string path =
        flags.output.empty() ? IkmDefaultOutput(flags.file, flags.format) : flags.output;
    const Status written = flags.format == "xlsx" ? report::WriteIkmXlsx(report, path)
                                                  : report::WriteIkmPdf(report, path);
    if (!written) {
      err << "sigap ikm: " << written.error().message << "\n";
      return kBadInput;
    }
    out << T("Laporan IKM ditulis ke ", "IKM report written to ") << path << "\n";
    return 0;
  }
  std::ofstream file;
  if (!flags.output.empty()) {
    file.open(flags.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "sigap ikm: " << flags.output << ": " << T("tidak dapat ditulis", "cannot be written")
          << "\n";
      return kBadInput;
    }
  }
  std::ostream& target = flags.output.empty() ? out : file;
  if (flags.format == "json") report::WriteIkmJson(report, target);
  if (flags.format == "csv") report::WriteIkmCsv(report, target);
  if (flags.format == "html") report::WriteIkmHtml(report, target);
  if (flags.format == "text") report::WriteIkmText(report, target);
  target.flush();
  if (!target) {
    err << "sigap ikm: " << (flags.output.empty() ? "stdout" : flags.output) << ": "
        << T("gagal menulis", "write failed") << "\n";
    return kBadInput;
  }
  if (!flags.output.empty()) {
    out << T("Laporan IKM ditulis ke ", "IKM report written to ") << flags.output << "\n";
  }
  return 0;
}

}  // namespace sigap::cli
