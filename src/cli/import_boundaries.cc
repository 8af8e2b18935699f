#include "cli/import_boundaries.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "app/data_file.h"
#include "cli/config.h"
#include "cli/csv_reader.h"
#include "cli/runtime.h"
#include "domain/catalogue.h"
#include "routing/geo_index.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kNotWritten = 1;
constexpr int kUsage = 2;

// The code of a feature: a string property, or a number written as one.
std::optional<std::string> CodeOf(const json& feature, const std::string& property) {
  if (!feature.is_object()) return std::nullopt;
  const auto props = feature.find("properties");
  if (props == feature.end() || !props->is_object()) return std::nullopt;
  const auto value = props->find(property);
  if (value == props->end() || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

}  // namespace

int ImportBoundaries(const BoundaryImportFlags& flags, std::ostream& out, std::ostream& err) {
  const std::string prefix = "sigap import boundaries: ";
  auto stop = [&](int code, const std::string& message) {
    err << prefix << message << "\n";
    return code;
  };
  int level = 0;
  if (flags.level == "kelurahan" || flags.level == "desa") {
    level = 4;
  } else if (flags.level == "kecamatan") {
    level = 3;
  } else {
    return stop(kUsage, "--level: kelurahan or kecamatan, not \"" + flags.level + "\"");
  }
  if (!fs::is_regular_file(flags.file)) return stop(kUsage, flags.file + " does not exist");
  int code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, code);
  if (!target) return stop(code, target.error().message);
  auto& store = target->store;
  const domain::Pemda* pemda = &target->pemda;

  auto doc = app::ReadJsonFile(flags.file);
  if (!doc) return stop(kNotWritten, doc.error().message);
  if (!doc->is_object() || !doc->contains("features") || !(*doc)["features"].is_array()) {
    return stop(kNotWritten, flags.file + ": not a GeoJSON FeatureCollection; nothing imported");
  }

  std::vector<domain::Region> regions;
  std::set<std::string> seen;
  int problems = 0;
  const json& features = (*doc)["features"];
  for (size_t i = 0; i < features.size(); ++i) {
    const json& feature = features[i];
    const auto code = CodeOf(feature, flags.code_property);
    auto problem = [&](const std::string& reason) {
      err << flags.file << ": feature " << i;
      if (code) err << " (" << *code << ")";
      err << ": " << reason << "\n";
      ++problems;
    };
    if (!code) {
      problem("no string property \"" + flags.code_property + "\" (see --code-property)");
      continue;
    }
    auto region = store->FindRegion(pemda->id, *code);
    if (!region) {
      if (region.error().code != ErrorCode::kNotFound) {
        return stop(kNotWritten, region.error().message);
      }
      problem("no region " + *code + " in " + pemda->code);
      continue;
    }
    if (region->level != level) {
      problem("region " + *code + " is not a " + flags.level);
      continue;
    }
    if (!seen.insert(*code).second) {
      problem("the code appears again");
      continue;
    }
    const auto geometry = feature.find("geometry");
    if (geometry == feature.end()) {
      problem("no geometry");
      continue;
    }
    const std::string text = geometry->dump();
    if (auto ok = routing::CheckGeometry(text); !ok) {
      problem("geometry: " + ok.error().message);
      continue;
    }
    region->boundary_geojson = text;
    regions.push_back(std::move(*region));
  }
  if (problems > 0 && !flags.skip_invalid) {
    return stop(kNotWritten, std::to_string(problems) +
                                 " bad feature(s); nothing imported (--skip-invalid imports the "
                                 "others)");
  }
  if (flags.dry_run) {
    out << "Checked " << features.size() << " features: " << regions.size() << " valid, "
        << problems << " bad (dry run, nothing written)\n";
    return problems > 0 ? kNotWritten : 0;
  }
  if (auto saved = store->SaveRegions(pemda->id, regions); !saved) {
    return stop(kNotWritten, saved.error().message);
  }
  out << "Imported " << regions.size() << " boundaries (" << problems << " skipped)\n"
      << "A running `sigap serve` uses them after SIGHUP or a restart.\n";
  return 0;
}

int ImportPopulation(const PopulationImportFlags& flags, std::ostream& out, std::ostream& err) {
  const std::string prefix = "sigap import population: ";
  auto stop = [&](int code, const std::string& message) {
    err << prefix << message << "\n";
    return code;
  };
  if (!fs::is_regular_file(flags.file)) return stop(kUsage, flags.file + " does not exist");
  int exit_code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, exit_code);
  if (!target) return stop(exit_code, target.error().message);
  auto& store = target->store;
  const domain::Pemda* pemda = &target->pemda;

  std::ifstream in(flags.file, std::ios::binary);
  std::string first_line;
  std::getline(in, first_line);
  const char delimiter =
      first_line.find(';') != std::string::npos && first_line.find(',') == std::string::npos ? ';'
                                                                                             : ',';
  in.clear();
  in.seekg(0);
  CsvReader reader(in, flags.file, CsvOptions{delimiter});
  CsvRecord record;
  int problems = 0;
  auto problem = [&](int64_t line, const std::string& reason) {
    err << flags.file << ":" << line << ": " << reason << "\n";
    ++problems;
  };
  auto header = reader.Next(record);
  if (!header) return stop(kNotWritten, header.error().message);
  if (!*header) return stop(kNotWritten, flags.file + ": empty; nothing imported");
  int code_column = -1, population_column = -1;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    std::string name = record.fields[i];
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "kode" || name == "code") code_column = static_cast<int>(i);
    if (name == "penduduk" || name == "population") population_column = static_cast<int>(i);
  }
  if (code_column < 0 || population_column < 0) {
    return stop(kNotWritten, flags.file + ":1: the header names no " +
                                 (code_column < 0 ? "kode" : "penduduk") +
                                 " column; nothing imported");
  }
  std::vector<std::pair<std::string, int64_t>> residents;
  std::set<std::string> seen;
  for (;;) {
    auto next = reader.Next(record);
    if (!next) return stop(kNotWritten, next.error().message + "; nothing imported");
    if (!*next) break;
    const auto column = [&](int i) {
      return static_cast<size_t>(i) < record.fields.size() ? record.fields[static_cast<size_t>(i)]
                                                           : std::string();
    };
    const std::string code = column(code_column);
    const std::string figure = column(population_column);
    int64_t population = 0;
    const auto [end, ec] =
        std::from_chars(figure.data(), figure.data() + figure.size(), population);
    if (figure.empty() || ec != std::errc() || end != figure.data() + figure.size() ||
        population < 1 || population > 100'000'000) {
      problem(record.line,
              "penduduk: \"" + figure + "\" is not a whole number from 1 to 100000000");
      continue;
    }
    auto region = store->FindRegion(pemda->id, code);
    if (!region) {
      if (region.error().code != ErrorCode::kNotFound) {
        return stop(kNotWritten, region.error().message);
      }
      problem(record.line, "kode: no region \"" + code + "\" in " + pemda->code);
      continue;
    }
    if (!seen.insert(code).second) {
      problem(record.line, "kode: " + code + " appears again");
      continue;
    }
    residents.emplace_back(code, population);
  }
  if (problems > 0)
    return stop(kNotWritten, std::to_string(problems) + " bad row(s); nothing imported");
  if (auto saved = store->SetRegionPopulation(pemda->id, residents); !saved) {
    return stop(kNotWritten, saved.error().message);
  }
  out << "Imported " << residents.size() << " population figures\n";
  return 0;
}

}  // namespace sigap::cli
