#include "routing/nearby_rank.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "domain/indonesian_stem.h"

namespace sigap::routing {
namespace {

constexpr double kEarthRadius = 6371008.8;
constexpr double kPi = 3.14159265358979323846;

double Radians(double degrees) { return degrees * kPi / 180.0; }

std::set<std::string> WordSet(std::string_view text) {
  std::set<std::string> words;
  std::string word;
  auto flush = [&] {
    // A word by its stem, as the case search reads it: "berlubang" and
    // "lubangnya" are "lubang".
    if (word.size() >= 3) {
      words.insert(domain::MayCarryAffix(word) ? std::string(domain::IndonesianStem(word)) : word);
    }
    word.clear();
  };
  for (char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) != 0 && u < 0x80) {
      word += static_cast<char>(std::tolower(u));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

double Coverage(const std::set<std::string>& query, const std::set<std::string>& text) {
  if (query.empty() || text.empty()) return 0;
  size_t common = 0;
  for (const auto& w : query) common += text.count(w);
  return static_cast<double>(common) / static_cast<double>(query.size());
}

}  // namespace

double DistanceMetres(const domain::GeoPoint& a, const domain::GeoPoint& b) {
  const double dlat = Radians(b.lat - a.lat);
  const double dlng = Radians(b.lng - a.lng);
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(Radians(a.lat)) * std::cos(Radians(b.lat)) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

GeoBox BoxAround(const domain::GeoPoint& center, double radius_m) {
  const double dlat = radius_m / kEarthRadius * 180.0 / kPi;
  // Widen by the latitude's shrinking; near the poles take every longitude.
  const double cos_lat = std::cos(Radians(std::min(89.0, std::abs(center.lat) + dlat)));
  const double dlng = std::min(180.0, dlat / std::max(cos_lat, 1e-6));
  return {center.lat - dlat, center.lat + dlat, center.lng - dlng, center.lng + dlng};
}

double TextSimilarity(std::string_view query, std::string_view text) {
  return Coverage(WordSet(query), WordSet(text));
}

std::vector<NearbyMatch> RankNearby(std::vector<domain::Case> cases, const domain::GeoPoint& center,
                                    double radius_m, std::string_view query, size_t limit) {
  const auto query_words = WordSet(query);
  std::vector<NearbyMatch> out;
  for (auto& c : cases) {
    const auto& point = c.submission.location.point;
    if (!point) continue;
    const double d = DistanceMetres(center, *point);
    if (d > radius_m) continue;
    NearbyMatch m;
    m.distance_m = d;
    const double closeness = radius_m > 0 ? 1.0 - d / radius_m : 1.0;
    if (query_words.empty()) {
      m.score = closeness;
    } else {
      m.similarity =
          Coverage(query_words, WordSet(c.submission.title + " " + c.submission.description));
      m.score = 0.6 * closeness + 0.4 * m.similarity;
    }
    m.c = std::move(c);
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const NearbyMatch& a, const NearbyMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.distance_m != b.distance_m) return a.distance_m < b.distance_m;
    return a.c.id > b.c.id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace sigap::routing
