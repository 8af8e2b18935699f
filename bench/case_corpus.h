#pragma once

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::bench {

// A kelurahan of the demo Pemda and a point inside it.
struct Place {
  std::string region_code;
  domain::GeoPoint point;
};

// What the benchmark programs draw realistic submissions from: the real
// complaint texts of data/demo/complaints.csv (subject and text), the demo
// Pemda's services and its kelurahan. Immutable once loaded.
struct CaseCorpus {
  struct Text {
    std::string title;
    std::string description;
  };
  struct ServiceKinds {
    std::string code;
    std::vector<domain::CaseKind> kinds;  // empty: any kind
    // An answer to each required question, so every submission is valid.
    std::vector<domain::AttributeAnswer> answers;
  };
  std::vector<Text> texts;
  std::vector<ServiceKinds> services;
  std::vector<Place> places;

  // Loads the texts from `csv_path` and the catalogue of `pemda` from
  // `store`. Fails when the file cannot be read or the catalogue is empty.
  [[nodiscard]] static Result<CaseCorpus> Load(store::Store& store, domain::PemdaId pemda,
                                               const std::string& csv_path);

  // A submission such as a citizen writes through the API: a real text, a
  // service of the catalogue, a kelurahan with a point, sometimes a reporter.
  domain::CaseSubmission Make(std::mt19937_64& rng) const;
};

// The JSON body of POST /api/v1/cases for `submission`.
nlohmann::json ToRequestJson(const domain::CaseSubmission& submission);

}  // namespace sigap::bench
