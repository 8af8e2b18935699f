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
#include "domain/text.h"
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

// A CSV about the Pemda's regions, `,` or `;` separated (a spreadsheet
// saved in an Indonesian locale), read row by row after its header. Each
// problem of a row is printed on `err` as "FILE:LINE: reason" and counted.
class RegionCsv {
 public:
  RegionCsv(const std::string& file, std::ostream& err)
      : file_(file),
        in_(file, std::ios::binary),
        reader_(in_, file, {Delimiter(file)}),
        err_(err) {}

  // Reads the header: false when the file is empty.
  [[nodiscard]] Result<bool> Header() {
    auto read = reader_.Next(record_);
    if (read && *read) {
      for (auto& name : record_.fields) {
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      header_ = record_.fields;
    }
    return read;
  }
  // The header's column named one of `names` (lower case), or -1.
  int Column(std::initializer_list<std::string_view> names) const {
    for (size_t i = 0; i < header_.size(); ++i) {
      for (auto name : names) {
        if (header_[i] == name) return static_cast<int>(i);
      }
    }
    return -1;
  }
  [[nodiscard]] Result<bool> Next() { return reader_.Next(record_); }
  // The current row's field in `column`, trimmed; "" when the row is short.
  std::string Field(int column) const {
    const auto i = static_cast<size_t>(column);
    return i < record_.fields.size() ? domain::Trim(record_.fields[i]) : std::string();
  }
  void Problem(const std::string& reason) {
    err_ << file_ << ":" << record_.line << ": " << reason << "\n";
    ++problems_;
  }
  int problems() const { return problems_; }

 private:
  static char Delimiter(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string first_line;
    std::getline(in, first_line);
    return first_line.find(';') != std::string::npos && first_line.find(',') == std::string::npos
               ? ';'
               : ',';
  }

  const std::string file_;
  std::ifstream in_;
  CsvReader reader_;
  std::ostream& err_;
  CsvRecord record_;
  std::vector<std::string> header_;
  int problems_ = 0;
};

}  // namespace

int ImportBoundaries(const BoundaryImportFlags& flags, std::ostream& out, std::ostream& err) {
  const std::string prefix = "sigap import boundaries: ";
  auto stop = [&](int code, const std::string& message) {
    err << prefix << message << "\n";
    return code;
  };
  int level = 0;
  // The Pemda's own outline: from a national file of kabupaten/kota (or
  // provinces), whose other features are passed over.
  const bool outline = flags.level == "kabupaten" || flags.level == "kota" ||
                       flags.level == "provinsi" || flags.level == "pemda";
  if (flags.level == "kelurahan" || flags.level == "desa") {
    level = 4;
  } else if (flags.level == "kecamatan") {
    level = 3;
  } else if (!outline) {
    return stop(kUsage,
                "--level: kelurahan, kecamatan or pemda (kabupaten, kota, provinsi: the "
                "Pemda's own outline), not \"" +
                    flags.level + "\"");
  }
  if (auto missing = NotAnInputFile(flags.file)) return stop(kUsage, *missing);
  int code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, code);
  if (!target) return stop(code, target.error().message);
  auto& store = target->store;
  const domain::Pemda* pemda = &target->pemda;
  if (outline) level = domain::RegionLevel(pemda->code);

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
    if (outline && *code != pemda->code) continue;  // another Pemda's outline
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
  if (outline && regions.empty() && problems == 0) {
    return stop(kNotWritten, flags.file + " has no feature " + flags.code_property + " = " +
                                 pemda->code + " (" + pemda->name +
                                 "), or its region is not imported (sigap import regions); "
                                 "nothing imported");
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
  if (auto missing = NotAnInputFile(flags.file)) return stop(kUsage, *missing);
  int exit_code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, exit_code);
  if (!target) return stop(exit_code, target.error().message);
  auto& store = target->store;
  const domain::Pemda* pemda = &target->pemda;

  RegionCsv csv(flags.file, err);
  auto header = csv.Header();
  if (!header) return stop(kNotWritten, header.error().message);
  if (!*header) return stop(kNotWritten, flags.file + ": empty; nothing imported");
  const int code_column = csv.Column({"kode", "code"});
  const int population_column = csv.Column({"penduduk", "population"});
  if (code_column < 0 || population_column < 0) {
    return stop(kNotWritten, flags.file + ":1: the header names no " +
                                 (code_column < 0 ? "kode" : "penduduk") +
                                 " column; nothing imported");
  }
  std::vector<std::pair<std::string, int64_t>> residents;
  std::set<std::string> seen;
  for (;;) {
    auto next = csv.Next();
    if (!next) return stop(kNotWritten, next.error().message + "; nothing imported");
    if (!*next) break;
    const std::string code = csv.Field(code_column);
    const std::string figure = csv.Field(population_column);
    int64_t population = 0;
    const auto [end, ec] =
        std::from_chars(figure.data(), figure.data() + figure.size(), population);
    if (figure.empty() || ec != std::errc() || end != figure.data() + figure.size() ||
        population < 1 || population > 100'000'000) {
      csv.Problem("penduduk: \"" + figure + "\" is not a whole number from 1 to 100000000");
      continue;
    }
    auto region = store->FindRegion(pemda->id, code);
    if (!region) {
      if (region.error().code != ErrorCode::kNotFound) {
        return stop(kNotWritten, region.error().message);
      }
      csv.Problem("kode: no region \"" + code + "\" in " + pemda->code);
      continue;
    }
    if (!seen.insert(code).second) {
      csv.Problem("kode: " + code + " appears again");
      continue;
    }
    residents.emplace_back(code, population);
  }
  if (csv.problems() > 0)
    return stop(kNotWritten, std::to_string(csv.problems()) + " bad row(s); nothing imported");
  if (auto saved = store->SetRegionPopulation(pemda->id, residents); !saved) {
    return stop(kNotWritten, saved.error().message);
  }
  out << "Imported " << residents.size() << " population figures\n";
  return 0;
}

int ImportRegions(const PopulationImportFlags& flags, std::ostream& out, std::ostream& err) {
  const std::string prefix = "sigap import regions: ";
  auto stop = [&](int code, const std::string& message) {
    err << prefix << message << "\n";
    return code;
  };
  if (auto missing = NotAnInputFile(flags.file)) return stop(kUsage, *missing);
  int exit_code = 0;
  auto target = OpenCommandTarget({flags.config_file, flags.db, flags.pemda}, exit_code);
  if (!target) return stop(exit_code, target.error().message);
  auto& store = target->store;
  const domain::Pemda& pemda = target->pemda;

  RegionCsv csv(flags.file, err);
  auto header = csv.Header();
  if (!header) return stop(kNotWritten, header.error().message);
  if (!*header) return stop(kNotWritten, flags.file + ": empty; nothing imported");
  const int code_column = csv.Column({"kode", "code"});
  const int name_column = csv.Column({"nama", "name"});
  const int level_column = csv.Column({"level"});
  if (code_column < 0 || name_column < 0 || level_column < 0) {
    return stop(kNotWritten, flags.file + ":1: the header needs the columns kode, nama and level" +
                                 "; nothing imported");
  }
  const std::string& top = pemda.code;
  std::vector<domain::Region> regions;
  std::set<std::string> seen;
  int kecamatan = 0, desa = 0;
  for (;;) {
    auto next = csv.Next();
    if (!next) return stop(kNotWritten, next.error().message + "; nothing imported");
    if (!*next) break;
    domain::Region r;
    r.code = csv.Field(code_column);
    if (!(r.code == top || r.code.rfind(top + ".", 0) == 0)) continue;  // another Pemda's
    r.name = csv.Field(name_column);
    const std::string level = csv.Field(level_column);
    r.level = level.size() == 1 && level[0] >= '1' && level[0] <= '4' ? level[0] - '0' : 0;
    if (r.level == 0) {
      csv.Problem("level: \"" + level + "\" is not 1, 2, 3 or 4");
      continue;
    }
    if (domain::RegionLevel(r.code) != r.level) {
      csv.Problem("kode: " + r.code + " is not a code of level " + level);
      continue;
    }
    if (!domain::IsValidUtf8(r.name)) {
      csv.Problem("nama: is not valid UTF-8 (save the file as UTF-8)");
      continue;
    }
    if (r.name.empty() || domain::HasControlCharacters(r.name, false)) {
      csv.Problem("nama: empty or with control characters");
      continue;
    }
    if (!seen.insert(r.code).second) {
      csv.Problem("kode: " + r.code + " appears again");
      continue;
    }
    r.parent_code = r.code == top ? "" : domain::ParentRegionCode(r.code);
    kecamatan += r.level == 3;
    desa += r.level == 4;
    regions.push_back(std::move(r));
  }
  if (csv.problems() > 0)
    return stop(kNotWritten, std::to_string(csv.problems()) + " bad row(s); nothing imported");
  if (!seen.count(top)) {
    return stop(kNotWritten,
                flags.file + " has no row for " + top + " " + pemda.name + "; nothing imported");
  }
  for (auto& r : regions) {
    if (r.code != top && !seen.count(r.parent_code)) {
      return stop(kNotWritten, flags.file + ": " + r.code + " " + r.name + " has no parent " +
                                   r.parent_code + " in the file; nothing imported");
    }
    // What `import boundaries` stored stays.
    auto stored = store->FindRegion(pemda.id, r.code);
    if (stored) {
      r.centroid = stored->centroid;
      r.boundary_geojson = std::move(stored->boundary_geojson);
    } else if (stored.error().code != ErrorCode::kNotFound) {
      return stop(kNotWritten, stored.error().message);
    }
  }
  if (auto saved = store->SaveRegions(pemda.id, regions); !saved) {
    return stop(kNotWritten, saved.error().message);
  }
  out << "Imported " << regions.size() << " regions of " << pemda.name << " (" << kecamatan
      << " kecamatan, " << desa << " desa/kelurahan)\n";
  return 0;
}

}  // namespace sigap::cli
