#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.h"
#include "domain/result.h"

namespace sigap::routing {

// Where a point lies among the Pemda's boundaries.
struct Place {
  std::string kelurahan_code;  // "" when no kelurahan boundary holds the point
  std::string kecamatan_code;  // the kelurahan's parent, else the kecamatan boundary's code
};

// One boundary to index: a Kemendagri code, its level (3 kecamatan, 4
// kelurahan/desa) and a GeoJSON Polygon or MultiPolygon geometry in
// [lng, lat] degrees, holes allowed.
struct Boundary {
  std::string code;
  int level = 0;
  std::string geometry_geojson;
};

// Checks one GeoJSON geometry as the index would read it. kInvalidArgument
// naming what is wrong: not an object, type other than Polygon or
// MultiPolygon, a ring with fewer than 4 positions or not closed, a
// position that is not two finite numbers within longitude/latitude range.
[[nodiscard]] Status CheckGeometry(std::string_view geometry_geojson);

// A point-in-polygon index over kelurahan and kecamatan boundaries: an
// R-tree (Boost.Geometry) of the polygons' bounding boxes, then an exact
// covered-by test on the few candidates.
//
// Border rule: a point on the boundary of several regions of a level (a
// shared edge or vertex), or inside more than one because the data
// overlaps, goes to the region with the lowest code (byte order). A point
// in a hole is not in that polygon.
//
// Immutable after Build(), so it may be shared between threads.
class GeoIndex {
 public:
  GeoIndex();
  ~GeoIndex();
  GeoIndex(GeoIndex&&) noexcept;
  GeoIndex& operator=(GeoIndex&&) noexcept;

  // Builds the index from `boundaries` of levels 3 and 4 (other levels and
  // empty geometries are skipped). kInvalidArgument naming the code of the
  // first geometry that CheckGeometry refuses.
  [[nodiscard]] static Result<GeoIndex> Build(const std::vector<Boundary>& boundaries);

  // The same from stored regions (domain::Region::boundary_geojson).
  [[nodiscard]] static Result<GeoIndex> FromRegions(const std::vector<domain::Region>& regions);

  // The kelurahan holding (lat, lng) and its kecamatan; when no kelurahan
  // does, the kecamatan boundary holding it. nullopt when the point is in
  // no boundary at all (outside the Pemda, or the index is empty).
  std::optional<Place> Lookup(double lat, double lng) const;

  // Lookup() without the R-tree: every polygon is tested. The reference for
  // tests and benchmarks; same answers, much slower.
  std::optional<Place> LookupByScan(double lat, double lng) const;

  // Number of indexed regions of `level` (3 or 4).
  size_t size(int level) const;
  bool empty() const { return size(3) == 0 && size(4) == 0; }

 private:
  struct Layers;
  std::unique_ptr<Layers> layers_;
};

}  // namespace sigap::routing
