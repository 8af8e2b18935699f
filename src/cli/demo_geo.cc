#include "cli/demo_geo.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace sigap::cli {
namespace {

using nlohmann::json;

tl::unexpected<Error> Invalid(const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, "geometry: " + what);
}

}  // namespace

Result<GeoShape> GeoShape::FromGeoJson(const json& geometry) {
  if (!geometry.is_object() || !geometry.contains("type") || !geometry.contains("coordinates")) {
    return Invalid("not a GeoJSON geometry object");
  }
  const json& type = geometry["type"];
  const json& coordinates = geometry["coordinates"];
  std::vector<const json*> polygons;
  if (type == "Polygon") {
    polygons.push_back(&coordinates);
  } else if (type == "MultiPolygon" && coordinates.is_array()) {
    for (const json& polygon : coordinates) polygons.push_back(&polygon);
  } else {
    return Invalid("type must be Polygon or MultiPolygon");
  }

  GeoShape shape;
  bool first = true;
  for (const json* polygon : polygons) {
    if (!polygon->is_array() || polygon->empty()) return Invalid("a polygon has no rings");
    Polygon rings;
    for (const json& ring_json : *polygon) {
      if (!ring_json.is_array() || ring_json.size() < 4) {
        return Invalid("a ring has fewer than 4 positions");
      }
      Ring ring;
      ring.reserve(ring_json.size());
      for (const json& position : ring_json) {
        if (!position.is_array() || position.size() < 2 || !position[0].is_number() ||
            !position[1].is_number()) {
          return Invalid("a position is not [lng, lat]");
        }
        const Position p{position[0].get<double>(), position[1].get<double>()};
        if (!std::isfinite(p.lng) || !std::isfinite(p.lat)) return Invalid("non-finite position");
        if (first) {
          shape.min_lng_ = shape.max_lng_ = p.lng;
          shape.min_lat_ = shape.max_lat_ = p.lat;
          first = false;
        }
        shape.min_lng_ = std::min(shape.min_lng_, p.lng);
        shape.max_lng_ = std::max(shape.max_lng_, p.lng);
        shape.min_lat_ = std::min(shape.min_lat_, p.lat);
        shape.max_lat_ = std::max(shape.max_lat_, p.lat);
        ring.push_back(p);
      }
      rings.push_back(std::move(ring));
    }
    shape.polygons_.push_back(std::move(rings));
  }
  if (shape.polygons_.empty()) return Invalid("no polygons");
  return shape;
}

bool GeoShape::InRing(const Ring& ring, const domain::GeoPoint& p) {
  // Even-odd rule: count crossings of a ray going east from p.
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Position& a = ring[i];
    const Position& b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      const double lng_at = a.lng + (p.lat - a.lat) * (b.lng - a.lng) / (b.lat - a.lat);
      if (p.lng < lng_at) inside = !inside;
    }
  }
  return inside;
}

bool GeoShape::Contains(const domain::GeoPoint& p) const {
  if (p.lat < min_lat_ || p.lat > max_lat_ || p.lng < min_lng_ || p.lng > max_lng_) return false;
  for (const Polygon& polygon : polygons_) {
    if (!InRing(polygon[0], p)) continue;
    const bool in_hole = std::any_of(polygon.begin() + 1, polygon.end(),
                                     [&](const Ring& hole) { return InRing(hole, p); });
    if (!in_hole) return true;
  }
  return false;
}

GeoShape::Moments GeoShape::ComputeMoments() const {
  // Shoelace formula; hole rings are subtracted by giving them the opposite
  // sign of their outer ring, whatever their winding.
  Moments m;
  for (const Polygon& polygon : polygons_) {
    for (size_t r = 0; r < polygon.size(); ++r) {
      const Ring& ring = polygon[r];
      double a = 0, x = 0, y = 0;
      for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const double cross = ring[j].lng * ring[i].lat - ring[i].lng * ring[j].lat;
        a += cross;
        x += (ring[j].lng + ring[i].lng) * cross;
        y += (ring[j].lat + ring[i].lat) * cross;
      }
      const double sign = ((a >= 0) == (r == 0)) ? 1.0 : -1.0;
      m.twice_area += sign * a;
      m.x += sign * x;
      m.y += sign * y;
    }
  }
  return m;
}

domain::GeoPoint GeoShape::Centroid() const {
  const Moments m = ComputeMoments();
  if (std::abs(m.twice_area) < 1e-18) {
    return {(min_lat_ + max_lat_) / 2, (min_lng_ + max_lng_) / 2};
  }
  return {m.y / (3 * m.twice_area), m.x / (3 * m.twice_area)};
}

double GeoShape::Area() const { return ComputeMoments().twice_area / 2; }

}  // namespace sigap::cli
