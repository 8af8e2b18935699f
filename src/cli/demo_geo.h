#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/result.h"

namespace sigap::cli {

// A GeoJSON Polygon or MultiPolygon in plain [lng, lat] degrees, for
// drawing demo points inside a kelurahan. Planar maths is fine at the scale
// of a city.
//
// Immutable after construction; safe to share between threads.
class GeoShape {
 public:
  // Parses a GeoJSON geometry object of type Polygon or MultiPolygon.
  // kInvalidArgument for other types, rings of fewer than 4 positions or
  // non-numeric coordinates.
  [[nodiscard]] static Result<GeoShape> FromGeoJson(const nlohmann::json& geometry);

  // True when `p` lies inside an outer ring and outside that polygon's
  // holes (ray casting; points exactly on an edge may go either way).
  bool Contains(const domain::GeoPoint& p) const;

  // The area-weighted centroid of the polygons (holes subtracted). May lie
  // outside a concave shape.
  domain::GeoPoint Centroid() const;

  // The area in square degrees (holes subtracted); for weighting only.
  double Area() const;

  double min_lat() const { return min_lat_; }
  double max_lat() const { return max_lat_; }
  double min_lng() const { return min_lng_; }
  double max_lng() const { return max_lng_; }

 private:
  struct Position {
    double lng = 0;
    double lat = 0;
  };
  using Ring = std::vector<Position>;
  using Polygon = std::vector<Ring>;  // outer ring first, then holes

  struct Moments {
    double twice_area = 0;
    double x = 0;  // sums of the shoelace formula, for the centroid
    double y = 0;
  };

  static bool InRing(const Ring& ring, const domain::GeoPoint& p);
  Moments ComputeMoments() const;

  std::vector<Polygon> polygons_;
  double min_lat_ = 0, max_lat_ = 0, min_lng_ = 0, max_lng_ = 0;
};

}  // namespace sigap::cli
