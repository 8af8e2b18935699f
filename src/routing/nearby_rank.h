#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"

namespace sigap::routing {

// Great-circle distance in metres between two points (haversine, mean
// Earth radius 6,371,008.8 m).
double DistanceMetres(const domain::GeoPoint& a, const domain::GeoPoint& b);

// The latitude/longitude box holding every point within `radius_m` of
// `center` (for an index range before the exact distance).
struct GeoBox {
  double min_lat = 0, max_lat = 0, min_lng = 0, max_lng = 0;
};
GeoBox BoxAround(const domain::GeoPoint& center, double radius_m);

// How much of `query` a case's `text` covers, 0..1: the share of the
// query's distinct words found among the text's words (lower-cased ASCII
// letters and digits, at least 3 characters; other bytes separate words;
// a word by its Indonesian stem, so "lubang" is "berlubang"), so "jalan
// berlubang besar" against "Jalan BERLUBANG dekat pasar" scores 2/3, and
// "kerusakan jalan" against "jalannya rusak" 1. A long description does
// not dilute it, unlike a Jaccard index. 0 when either has no word.
double TextSimilarity(std::string_view query, std::string_view text);

// A candidate duplicate with its scores.
struct NearbyMatch {
  domain::Case c;
  double distance_m = 0;
  double similarity = 0;  // TextSimilarity(query, title + description); 0 without a query
  double score = 0;
};

// Keeps the cases within `radius_m` of `center` and ranks them: score =
// 0.6 × (1 − distance/radius) + 0.4 × similarity when `query` has words,
// else 1 − distance/radius; ties by distance, then newest first. Returns
// at most `limit`.
std::vector<NearbyMatch> RankNearby(std::vector<domain::Case> cases, const domain::GeoPoint& center,
                                    double radius_m, std::string_view query, size_t limit);

}  // namespace sigap::routing
