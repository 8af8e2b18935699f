#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/demo_geo.h"
#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/category.h"
#include "domain/result.h"
#include "domain/user.h"

namespace sigap::cli {

// An officer account the demo creates.
struct DemoUserSpec {
  std::string username;
  domain::Role role = domain::Role::kVerifier;
  std::string agency_code;
  std::string full_name;  // "" = none
};

// Cases of these services are `factor` times likelier in these months
// (the rainy season for floods, for example).
struct SeasonalRule {
  std::vector<std::string> services;
  std::vector<int> months;  // 1..12
  double factor = 1;
};

// A local surge the history ends with, so that the alerts (issue 9) have a
// live change to name on the day the demo is loaded: `cases` of the
// history's cases are reports of `service_code` in these bordering
// kelurahan over the last `days` local days (today included), taken from
// the real reports that use one of `words`.
struct DemoSurge {
  std::string service_code;
  std::vector<std::string> kelurahan;  // region codes
  int days = 0;
  int cases = 0;
  std::vector<std::string> words;
};

// An agency whose work piles up over the history's last days, so that the
// growing-backlog alert (issue 9) has a live change to name on the day the
// demo is loaded: `cases` of the history's cases are reports of the
// agency's services over the last `days` local days (today included), on
// top of those that come to it anyway, and from the start of the first of
// these days its officers resolve only `resolved_share` of the cases they
// would have resolved; the others stay in progress and run past their
// deadline.
struct DemoBacklog {
  std::string agency_code;
  int days = 0;
  int cases = 0;
  double resolved_share = 1;
};

// How the demo history is shaped: the "demo" object of the Pemda file.
struct DemoSettings {
  std::filesystem::path complaints_file;    // absolute
  std::filesystem::path keywords_file;      // absolute
  std::filesystem::path categories_file;    // absolute; the default taxonomy (issue 8)
  double growth = 0;                        // 0.35: the last day is 35% busier than the first
  std::array<double, 7> weekday_weights{};  // Monday first
  std::array<double, 24> hour_weights{};    // local time
  std::vector<SeasonalRule> seasonal;
  std::map<std::string, double> kecamatan_weights;  // by region code; 1 when absent
  std::vector<std::pair<domain::Channel, double>> channel_weights;
  double anonymous_share = 0;
  double confidential_share = 0;
  double contact_share = 0;
  double address_share = 0;
  std::vector<std::string> given_names;
  std::vector<std::string> family_names;
  std::vector<DemoUserSpec> users;
  std::optional<DemoSurge> surge;
  std::optional<DemoBacklog> backlog;
};

// Everything of a demo Pemda except its cases, read from the data
// directory: the Pemda file (demo/semarang.json), its regions CSV and its
// boundary GeoJSON files.
struct DemoCatalogue {
  domain::Pemda pemda;
  std::vector<domain::Agency> agencies;
  // Levels 2..4; the Pemda's own region has parent_code "" (it is the top).
  std::vector<domain::Region> regions;
  std::map<std::string, GeoShape> shapes;  // by region code, where a boundary exists
  std::vector<domain::Service> services;   // with complete standards
  DemoSettings settings;
  // The category taxonomy (settings.categories_file) and the category of
  // each service's cases, by service code (the services' "category").
  std::vector<domain::Category> categories;
  std::map<std::string, std::string> service_categories;
};

// Reads and checks the demo Pemda described by `pemda_file` (relative to
// `data_dir`). Fails with kNotFound when a file is missing and
// kInvalidArgument, naming the file, when one is malformed: unknown agency
// of a service, a Standar Pelayanan component left empty, a boundary whose
// `kode` is not one of the regions, a service's category that is not a
// code of the taxonomy, and so on.
[[nodiscard]] Result<DemoCatalogue> LoadDemoCatalogue(
    const std::filesystem::path& data_dir,
    const std::filesystem::path& pemda_file = "demo/semarang.json");

}  // namespace sigap::cli
