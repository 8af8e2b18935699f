#include "cli/import_boundaries.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "app/data_file.h"
#include "cli/config.h"
#include "domain/catalogue.h"
#include "routing/geo_index.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kNotWritten = 1;
constexpr int kUsage = 2;

Result<domain::Pemda> PickPemda(store::Store& store, const std::string& code,
                                const std::string& db) {
  if (!code.empty()) return store.FindPemda(code);
  auto all = store.ListPemdas();
  if (!all) return Fail(all.error());
  if (all->size() != 1) {
    return Fail(ErrorCode::kNotFound, all->empty()
                                          ? db + " has no Pemda"
                                          : db + " has several Pemda: name one with --pemda");
  }
  return all->front();
}

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
  std::optional<std::string> config_file = flags.config_file;
  if (!config_file && fs::exists("sigap.toml")) config_file = "sigap.toml";
  auto config = LoadConfig(config_file);
  if (!config) return stop(kUsage, config.error().message);
  const std::string db = flags.db.value_or(config->database.path);
  if (!store::IsPostgresUrl(db) && !fs::exists(db))
    return stop(kUsage, db + " does not exist (create it with `sigap migrate`)");

  auto doc = app::ReadJsonFile(flags.file);
  if (!doc) return stop(kNotWritten, doc.error().message);
  if (!doc->is_object() || !doc->contains("features") || !(*doc)["features"].is_array()) {
    return stop(kNotWritten, flags.file + ": not a GeoJSON FeatureCollection; nothing imported");
  }

  auto store = store::OpenDatabase(db);
  if (!store) return stop(kNotWritten, store.error().message);
  if (auto migrated = (*store)->Migrate(); !migrated) {
    return stop(kNotWritten, migrated.error().message);
  }
  const std::string& pemda_code = flags.pemda.empty() ? config->pemda.code : flags.pemda;
  auto pemda = PickPemda(**store, pemda_code, db);
  if (!pemda) {
    return stop(pemda.error().code == ErrorCode::kNotFound ? kUsage : kNotWritten,
                pemda.error().message);
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
    auto region = (*store)->FindRegion(pemda->id, *code);
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
  if (auto saved = (*store)->SaveRegions(pemda->id, regions); !saved) {
    return stop(kNotWritten, saved.error().message);
  }
  out << "Imported " << regions.size() << " boundaries (" << problems << " skipped)\n"
      << "A running `sigap serve` uses them after SIGHUP or a restart.\n";
  return 0;
}

}  // namespace sigap::cli
