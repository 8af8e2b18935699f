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

// One boundary to index: a Kemendagri code, its level (1 or 2: the
// Pemda's own outline; 3 kecamatan, 4 kelurahan/desa) and a GeoJSON Polygon
// or MultiPolygon geometry in [lng, lat] degrees, holes allowed.
struct Boundary {
  std::string code;
  int level = 0;
  std::string geometry_geojson;
};

// Checks one GeoJSON geometry as the index would read it. kInvalidArgument
// naming what is wrong: not an object, type other than Polygon or
// MultiPolygon, a ring not closed, a position that is not two finite
// numbers within longitude/latitude range, no ring of 4 positions or more
// (rings of fewer enclose nothing and are passed over).
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

  // Builds the index from `boundaries` of levels 1 to 4 (empty geometries
  // are skipped). kInvalidArgument naming the code of the first geometry
  // that CheckGeometry refuses.
  [[nodiscard]] static Result<GeoIndex> Build(const std::vector<Boundary>& boundaries);

  // The same from stored regions (domain::Region::boundary_geojson).
  [[nodiscard]] static Result<GeoIndex> FromRegions(const std::vector<domain::Region>& regions);

  // The kelurahan holding (lat, lng) and its kecamatan; when no kelurahan
  // does, the kecamatan boundary holding it; when none does either, a Place
  // with both codes empty if the Pemda's outline holds it (a Pemda with an
  // outline and no kecamatan boundaries yet). nullopt when the point is in
  // no boundary at all (outside the Pemda, or the index is empty).
  std::optional<Place> Lookup(double lat, double lng) const;

  // Lookup() without the R-tree: every polygon is tested. The reference for
  // tests and benchmarks; same answers, much slower.
  std::optional<Place> LookupByScan(double lat, double lng) const;

  // Number of indexed regions of `level` (3 or 4; 2 counts outlines of
  // level 1 or 2).
  size_t size(int level) const;
  bool empty() const { return size(2) == 0 && size(3) == 0 && size(4) == 0; }

 private:
  struct Layers;
  std::unique_ptr<Layers> layers_;
};

}  // namespace sigap::routing
