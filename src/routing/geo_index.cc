#include "routing/geo_index.h"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

namespace sigap::routing {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using nlohmann::json;

// Planar [lng, lat]: at the scale of a Pemda, containment needs no geodesy.
using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point>;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;
using Entry = std::pair<Box, uint32_t>;

tl::unexpected<Error> Invalid(const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, what);
}

// A ring of fewer than 4 positions encloses no area. Real files have them
// (the national kabupaten/kota outlines: ten three-point holes left by
// simplification), so they are passed over rather than refused;
// `degenerate` says so.
Status ReadRing(const json& ring_json, Polygon::ring_type& ring, bool& degenerate) {
  if (!ring_json.is_array()) return Invalid("a ring is not an array of positions");
  degenerate = ring_json.size() < 4;
  if (degenerate) return {};
  ring.reserve(ring_json.size());
  for (const json& position : ring_json) {
    if (!position.is_array() || position.size() < 2 || !position[0].is_number() ||
        !position[1].is_number()) {
      return Invalid("a position is not [lng, lat]");
    }
    const double lng = position[0].get<double>();
    const double lat = position[1].get<double>();
    if (!std::isfinite(lng) || !std::isfinite(lat) || std::abs(lng) > 180 || std::abs(lat) > 90) {
      return Invalid("a position is out of range");
    }
    ring.emplace_back(lng, lat);
  }
  if (!bg::equals(ring.front(), ring.back())) return Invalid("a ring is not closed");
  return {};
}

// Whether `value` is a position ([lng, lat]) rather than a ring of them.
bool IsPosition(const json& value) {
  return value.is_array() && !value.empty() && value[0].is_number();
}

// Reads a polygon; `kept` is false when its outer ring encloses no area.
// A polygon of a MultiPolygon written one level too shallow (its outer ring
// alone, as 259 parts of the national kabupaten/kota file are) is read as
// that ring.
Status ReadPolygon(const json& rings, Polygon& polygon, bool& kept) {
  if (!rings.is_array() || rings.empty()) return Invalid("a polygon has no rings");
  bool degenerate = false;
  if (IsPosition(rings[0])) {
    if (auto s = ReadRing(rings, polygon.outer(), degenerate); !s) return s;
    kept = !degenerate;
    return {};
  }
  if (auto s = ReadRing(rings[0], polygon.outer(), degenerate); !s) return s;
  kept = !degenerate;
  for (size_t i = 1; i < rings.size(); ++i) {
    Polygon::ring_type hole;
    if (auto s = ReadRing(rings[i], hole, degenerate); !s) return s;
    if (!degenerate) polygon.inners().push_back(std::move(hole));
  }
  return {};
}

Result<MultiPolygon> Parse(std::string_view text) {
  const json geometry = json::parse(text, nullptr, false);
  if (geometry.is_discarded() || !geometry.is_object()) return Invalid("not a JSON object");
  const auto type = geometry.find("type");
  const auto coordinates = geometry.find("coordinates");
  if (type == geometry.end() || coordinates == geometry.end() || !coordinates->is_array()) {
    return Invalid("not a GeoJSON geometry (type and coordinates)");
  }
  MultiPolygon shape;
  const auto read = [&shape](const json& rings) -> Status {
    Polygon polygon;
    bool kept = false;
    if (auto s = ReadPolygon(rings, polygon, kept); !s) return s;
    if (kept) shape.push_back(std::move(polygon));
    return {};
  };
  if (*type == "Polygon") {
    if (auto s = read(*coordinates); !s) return Fail(s.error());
  } else if (*type == "MultiPolygon") {
    if (coordinates->empty()) return Invalid("a MultiPolygon has no polygons");
    for (const json& polygon : *coordinates) {
      if (auto s = read(polygon); !s) return Fail(s.error());
    }
  } else {
    return Invalid("type must be Polygon or MultiPolygon");
  }
  if (shape.empty()) return Invalid("no ring of 4 positions or more: the geometry has no area");
  // GeoJSON (RFC 7946) winds outer rings counter-clockwise, older files do
  // not care; Boost.Geometry wants its own order, so fix it either way.
  bg::correct(shape);
  return shape;
}

// The bounding box of the outer rings. Computed by hand: bg::envelope of a
// multi_polygon trips g++ 12's -Wmaybe-uninitialized at -O2 (Boost 1.74).
Box Envelope(const MultiPolygon& shape) {
  double min_x = 180, min_y = 90, max_x = -180, max_y = -90;
  for (const auto& polygon : shape) {
    for (const auto& p : polygon.outer()) {
      min_x = std::min(min_x, p.x());
      max_x = std::max(max_x, p.x());
      min_y = std::min(min_y, p.y());
      max_y = std::max(max_y, p.y());
    }
  }
  return Box(Point(min_x, min_y), Point(max_x, max_y));
}

// The regions of one level, sorted by code so that the lowest index is the
// lowest code (the border rule).
struct Layer {
  std::vector<std::string> codes;
  std::vector<MultiPolygon> shapes;
  bgi::rtree<Entry, bgi::quadratic<16>> tree;

  void Add(std::vector<std::pair<std::string, MultiPolygon>> regions) {
    std::sort(regions.begin(), regions.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Entry> entries;
    for (auto& [code, shape] : regions) {
      const auto index = static_cast<uint32_t>(codes.size());
      entries.emplace_back(Envelope(shape), index);
      codes.push_back(std::move(code));
      shapes.push_back(std::move(shape));
    }
    // The packing constructor (STR bulk load) gives a better tree than
    // inserting one by one.
    tree = bgi::rtree<Entry, bgi::quadratic<16>>(entries.begin(), entries.end());
  }

  const std::string* Find(const Point& p) const {
    uint32_t best = UINT32_MAX;
    tree.query(bgi::intersects(p), boost::make_function_output_iterator([&](const Entry& e) {
                 if (e.second < best && bg::covered_by(p, shapes[e.second])) best = e.second;
               }));
    return best == UINT32_MAX ? nullptr : &codes[best];
  }

  const std::string* Scan(const Point& p) const {
    for (size_t i = 0; i < shapes.size(); ++i) {
      if (bg::covered_by(p, shapes[i])) return &codes[i];
    }
    return nullptr;
  }
};

}  // namespace

struct GeoIndex::Layers {
  Layer outline;  // the Pemda's own boundary (level 1 or 2)
  Layer kecamatan;
  Layer kelurahan;
};

Status CheckGeometry(std::string_view geometry_geojson) {
  auto shape = Parse(geometry_geojson);
  if (!shape) return Fail(shape.error());
  return {};
}

GeoIndex::GeoIndex() : layers_(std::make_unique<Layers>()) {}
GeoIndex::~GeoIndex() = default;
GeoIndex::GeoIndex(GeoIndex&&) noexcept = default;
GeoIndex& GeoIndex::operator=(GeoIndex&&) noexcept = default;

Result<GeoIndex> GeoIndex::Build(const std::vector<Boundary>& boundaries) {
  std::vector<std::pair<std::string, MultiPolygon>> outline, kecamatan, kelurahan;
  for (const auto& b : boundaries) {
    if (b.level < 1 || b.level > 4 || b.geometry_geojson.empty()) continue;
    auto shape = Parse(b.geometry_geojson);
    if (!shape) {
      return Fail(ErrorCode::kInvalidArgument, b.code + ": " + shape.error().message);
    }
    (b.level == 4   ? kelurahan
     : b.level == 3 ? kecamatan
                    : outline)
        .emplace_back(b.code, std::move(*shape));
  }
  GeoIndex index;
  index.layers_->outline.Add(std::move(outline));
  index.layers_->kecamatan.Add(std::move(kecamatan));
  index.layers_->kelurahan.Add(std::move(kelurahan));
  return index;
}

Result<GeoIndex> GeoIndex::FromRegions(const std::vector<domain::Region>& regions) {
  std::vector<Boundary> boundaries;
  boundaries.reserve(regions.size());
  for (const auto& r : regions) boundaries.push_back({r.code, r.level, r.boundary_geojson});
  return Build(boundaries);
}

namespace {

// `find(level, point)` looks in the layer of level 4, 3 or 2 (outlines).
template <typename FindFn>
std::optional<Place> LookupWith(double lat, double lng, FindFn find) {
  if (!std::isfinite(lat) || !std::isfinite(lng)) return std::nullopt;
  const Point p(lng, lat);
  if (const std::string* kelurahan = find(4, p)) {
    return Place{*kelurahan, domain::ParentRegionCode(*kelurahan)};
  }
  if (const std::string* kecamatan = find(3, p)) return Place{"", *kecamatan};
  if (find(2, p)) return Place{"", ""};
  return std::nullopt;
}

}  // namespace

namespace {

// The layer of `level` (4, 3; 2 and below: the outline).
template <typename Layers>
const Layer& LayerOf(const Layers& layers, int level) {
  return level == 4 ? layers.kelurahan : level == 3 ? layers.kecamatan : layers.outline;
}

}  // namespace

std::optional<Place> GeoIndex::Lookup(double lat, double lng) const {
  return LookupWith(lat, lng,
                    [this](int level, const Point& p) { return LayerOf(*layers_, level).Find(p); });
}

std::optional<Place> GeoIndex::LookupByScan(double lat, double lng) const {
  return LookupWith(lat, lng,
                    [this](int level, const Point& p) { return LayerOf(*layers_, level).Scan(p); });
}

size_t GeoIndex::size(int level) const {
  if (level < 2 || level > 4) return 0;
  return LayerOf(*layers_, level).codes.size();
}

}  // namespace sigap::routing
