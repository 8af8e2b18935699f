#include "adapt/adjacency.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <set>
#include <unordered_map>
#include <utility>

namespace sigap::adapt {
namespace {

uint64_t CellKey(int64_t x, int64_t y) {
  return (static_cast<uint64_t>(x) << 32) ^ static_cast<uint64_t>(y & 0xffffffff);
}

}  // namespace

std::vector<std::vector<uint16_t>> DeriveAdjacency(const std::vector<Outline>& outlines,
                                                   double tolerance_degrees) {
  assert(tolerance_degrees > 0);
  assert(outlines.size() < 65536);
  struct Vertex {
    double lng, lat;
    uint16_t region;
  };
  std::unordered_map<uint64_t, std::vector<Vertex>> grid;
  std::vector<std::pair<double, double>> centroids(outlines.size(), {0, 0});
  for (size_t r = 0; r < outlines.size(); ++r) {
    size_t n = 0;
    for (const auto& ring : outlines[r].rings) {
      for (const auto& p : ring) {
        const auto x = static_cast<int64_t>(std::floor(p.lng / tolerance_degrees));
        const auto y = static_cast<int64_t>(std::floor(p.lat / tolerance_degrees));
        grid[CellKey(x, y)].push_back({p.lng, p.lat, static_cast<uint16_t>(r)});
        centroids[r].first += p.lng;
        centroids[r].second += p.lat;
        ++n;
      }
    }
    if (n > 0) {
      centroids[r].first /= static_cast<double>(n);
      centroids[r].second /= static_cast<double>(n);
    }
  }
  std::vector<std::set<uint16_t>> sets(outlines.size());
  const double tol2 = tolerance_degrees * tolerance_degrees;
  for (size_t r = 0; r < outlines.size(); ++r) {
    for (const auto& ring : outlines[r].rings) {
      for (const auto& p : ring) {
        const auto x = static_cast<int64_t>(std::floor(p.lng / tolerance_degrees));
        const auto y = static_cast<int64_t>(std::floor(p.lat / tolerance_degrees));
        for (int64_t dx = -1; dx <= 1; ++dx) {
          for (int64_t dy = -1; dy <= 1; ++dy) {
            const auto found = grid.find(CellKey(x + dx, y + dy));
            if (found == grid.end()) continue;
            for (const Vertex& v : found->second) {
              if (v.region == r) continue;
              const double a = v.lng - p.lng, b = v.lat - p.lat;
              if (a * a + b * b <= tol2) sets[r].insert(v.region);
            }
          }
        }
      }
    }
  }
  std::vector<std::vector<uint16_t>> neighbours(outlines.size());
  for (size_t r = 0; r < outlines.size(); ++r) {
    neighbours[r].assign(sets[r].begin(), sets[r].end());
    const double cx = centroids[r].first;
    const double cy = centroids[r].second;
    std::sort(neighbours[r].begin(), neighbours[r].end(), [&](uint16_t a, uint16_t b) {
      const auto da = std::hypot(centroids[a].first - cx, centroids[a].second - cy);
      const auto db = std::hypot(centroids[b].first - cx, centroids[b].second - cy);
      return da != db ? da < db : a < b;
    });
  }
  return neighbours;
}

}  // namespace sigap::adapt
