#pragma once

#include <cstdint>
#include <vector>

namespace sigap::adapt {

// The outline of one region: its rings (outer and holes, all polygons of a
// MultiPolygon) as [lng, lat] degrees.
struct Outline {
  struct Point {
    double lng = 0;
    double lat = 0;
  };
  std::vector<std::vector<Point>> rings;
};

// Derives which regions border each other from their boundary polygons:
// two regions are neighbours when a vertex of one lies within
// `tolerance_degrees` of a vertex of the other (shared edges and corners).
// Boundary files cut from one topology (as the BIG/Kemendagri kelurahan
// files are) repeat the same vertices on both sides of a border; the
// tolerance absorbs rounding and small digitising gaps (1e-4 degrees is
// about 11 m). Vertices are hashed into a grid of cells of the tolerance's
// size, so the cost is linear in the number of vertices.
//
// Returns, per region, its neighbours' indices sorted by the distance of
// their vertex centroids (nearest first). Pure; thread-safe.
std::vector<std::vector<uint16_t>> DeriveAdjacency(const std::vector<Outline>& outlines,
                                                   double tolerance_degrees = 1e-4);

}  // namespace sigap::adapt
