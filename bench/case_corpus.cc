#include "case_corpus.h"

#include <array>
#include <cmath>

#include "cli/csv_reader.h"
#include "domain/case_validation.h"
#include "domain/text.h"

namespace sigap::bench {
namespace {

using domain::CaseKind;
using domain::CaseSubmission;

constexpr std::array<const char*, 12> kNames = {
    "Sri Wahyuni",  "Budi Santoso",  "Siti Aminah",  "Agus Salim",
    "Dewi Lestari", "Joko Susilo",   "Rina Marlina", "Wahyu Hidayat",
    "Nur Aini",     "Slamet Riyadi", "Eko Prasetyo", "Lestari Ningsih"};
constexpr std::array<const char*, 10> kStreets = {
    "Jl. Pemuda",    "Jl. Pandanaran", "Jl. Majapahit", "Jl. Dr. Cipto", "Jl. Gajahmada",
    "Jl. Setiabudi", "Jl. Kaligawe",   "Jl. Siliwangi", "Jl. Sriwijaya", "Jl. Fatmawati"};

// The first `max` code points of `s` (UTF-8), without cutting a character.
std::string CutCodePoints(const std::string& s, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count++ == max) return s.substr(0, i);
  }
  return s;
}

template <typename T>
const T& Pick(const std::vector<T>& items, std::mt19937_64& rng) {
  return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(rng)];
}

template <typename T, size_t N>
const T& Pick(const std::array<T, N>& items, std::mt19937_64& rng) {
  return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
}

}  // namespace

Result<CaseCorpus> CaseCorpus::Load(store::Store& store, domain::PemdaId pemda,
                                    const std::string& csv_path) {
  CaseCorpus corpus;
  auto table = cli::ReadCsvTable(csv_path);
  if (!table) return Fail(table.error());
  const int subject = table->Column("subject");
  const int text = table->Column("text");
  if (subject < 0 || text < 0) {
    return Fail(ErrorCode::kInvalidArgument, csv_path + ": needs columns subject and text");
  }
  for (const auto& row : table->rows) {
    CaseSubmission s;
    s.title = domain::Trim(CutCodePoints(domain::Trim(row.fields[subject]), 200));
    s.description = domain::Trim(CutCodePoints(domain::Trim(row.fields[text]), 3000));
    // Keep only texts the server takes as they are.
    if (domain::ValidateSubmission(s).empty()) corpus.texts.push_back({s.title, s.description});
  }

  auto services = store.ListServices(pemda);
  if (!services) return Fail(services.error());
  for (const auto& service : *services) {
    if (!service.active) continue;
    ServiceKinds entry{service.code, service.kinds, {}};
    for (const auto& q : service.standard.attributes) {
      if (!q.variable || !q.required) continue;
      std::string value = "1";  // a number, and a fine string or text
      if (!q.values.empty()) value = q.values.front().key;
      if (q.datatype == domain::AttributeType::kDatetime) value = "2026-01-05T09:00:00+07:00";
      entry.answers.push_back({q.code, {value}});
    }
    corpus.services.push_back(std::move(entry));
  }
  auto kecamatan = store.ListRegions(pemda, "33.74", false);
  if (!kecamatan) return Fail(kecamatan.error());
  for (const auto& k : *kecamatan) {
    auto kelurahan = store.ListRegions(pemda, k.code, false);
    if (!kelurahan) return Fail(kelurahan.error());
    for (const auto& region : *kelurahan) {
      const domain::GeoPoint fallback = k.centroid.value_or(domain::GeoPoint{-6.99, 110.42});
      corpus.places.push_back({region.code, region.centroid.value_or(fallback)});
    }
  }
  if (corpus.texts.empty() || corpus.services.empty() || corpus.places.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "no texts, services or kelurahan: was `sigap demo` run on this database?");
  }
  return corpus;
}

CaseSubmission CaseCorpus::Make(std::mt19937_64& rng) const {
  CaseSubmission s;
  const Text& text = Pick(texts, rng);
  const ServiceKinds& service = Pick(services, rng);
  const Place& place = Pick(places, rng);
  s.kind = service.kinds.empty() ? CaseKind::kComplaint : Pick(service.kinds, rng);
  s.service_code = service.code;
  s.attributes = service.answers;
  s.title = text.title;
  s.description = text.description;
  std::normal_distribution<double> jitter(0, 0.002);  // about 200 m
  s.location.point = domain::GeoPoint{place.point.lat + jitter(rng), place.point.lng + jitter(rng)};
  s.location.region_code = place.region_code;
  s.location.address = std::string(Pick(kStreets, rng)) + " No. " +
                       std::to_string(std::uniform_int_distribution<int>(1, 300)(rng));
  s.anonymous = std::bernoulli_distribution(0.2)(rng);
  if (!s.anonymous || std::bernoulli_distribution(0.3)(rng)) {
    s.reporter.name = Pick(kNames, rng);
    s.reporter.phone = "08" + std::to_string(std::uniform_int_distribution<long long>(
                                  1000000000LL, 9999999999LL)(rng));
    if (std::bernoulli_distribution(0.5)(rng)) {
      s.reporter.email = "warga" +
                         std::to_string(std::uniform_int_distribution<int>(1, 99999)(rng)) +
                         "@example.id";
    }
  }
  s.confidential = std::bernoulli_distribution(0.05)(rng);
  return s;
}

nlohmann::json ToRequestJson(const CaseSubmission& s) {
  nlohmann::json location = {{"region_code", s.location.region_code},
                             {"address", s.location.address}};
  if (s.location.point) {
    location["lat"] = std::round(s.location.point->lat * 1e6) / 1e6;
    location["lng"] = std::round(s.location.point->lng * 1e6) / 1e6;
  }
  nlohmann::json body = {{"kind", std::string(domain::ToString(s.kind))},
                         {"service_code", s.service_code},
                         {"title", s.title},
                         {"description", s.description},
                         {"location", location},
                         {"anonymous", s.anonymous},
                         {"confidential", s.confidential}};
  if (!s.attributes.empty()) {
    nlohmann::json answers = nlohmann::json::object();
    for (const auto& a : s.attributes) answers[a.code] = a.values;
    body["attributes"] = std::move(answers);
  }
  if (!s.reporter.Empty()) {
    nlohmann::json reporter = {{"name", s.reporter.name}, {"phone", s.reporter.phone}};
    if (!s.reporter.email.empty()) reporter["email"] = s.reporter.email;
    body["reporter"] = reporter;
  }
  return body;
}

}  // namespace sigap::bench
