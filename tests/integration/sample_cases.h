#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace sigap::integration {

// A service of the running server's catalogue and the case kinds it takes
// (empty: any kind).
struct ServiceRef {
  std::string code;
  std::vector<std::string> kinds;
};

// What a test needs of the demo Pemda to write valid submissions.
struct DemoCatalogue {
  std::vector<ServiceRef> services;
  std::vector<std::string> kelurahan_codes;  // level-4 region codes, "33.74.01.1001"
};

// Reads GET /api/v1/services and GET /api/v1/regions?parent=... (the
// kecamatan of 33.74, then the kelurahan of a few of them). Fails with a
// message when a response is not 200 JSON or the lists are empty.
tl::expected<DemoCatalogue, std::string> FetchDemoCatalogue(uint16_t port);

// Returns the array of a list response: the root when it is an array, else
// the first array member of the root object ("services", "items", ...), else
// an empty array.
nlohmann::json ListItems(const nlohmann::json& root);

// A realistic citizen submission (Bahasa Indonesia, places in Kota
// Semarang) for POST /api/v1/cases. `marker` is appended to the description
// so the case can be recognised later; it should be unique per submission.
nlohmann::json MakeSubmission(const DemoCatalogue& catalogue, std::mt19937_64& rng,
                              std::string_view marker);

// The fixed example of the issue: a valid complaint for PU-DRAINASE in
// 33.74.01.1001 (the demo Pemda must be loaded).
nlohmann::json ExampleSubmission();

}  // namespace sigap::integration
