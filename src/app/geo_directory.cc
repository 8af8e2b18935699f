#include "app/geo_directory.h"

#include <utility>

namespace sigap::app {

Result<std::vector<domain::Region>> RegionsWithBoundaries(store::Store& store,
                                                          domain::PemdaId pemda) {
  std::vector<domain::Region> out;
  std::vector<std::string> parents{""};
  // Levels 3 and 4 are kept; of the province/kota rows above them, only the
  // Pemda's own (its parent is ""), whose boundary is its outline.
  for (int depth = 0; depth < 4 && !parents.empty(); ++depth) {
    std::vector<std::string> next;
    for (const auto& parent : parents) {
      auto children = store.ListRegions(pemda, parent, /*with_boundaries=*/true);
      if (!children) return Fail(children.error());
      for (auto& r : *children) {
        if (r.code == parent) continue;
        next.push_back(r.code);
        if (r.level >= 3 || (parent.empty() && !r.boundary_geojson.empty())) {
          out.push_back(std::move(r));
        }
      }
    }
    parents = std::move(next);
  }
  return out;
}

Result<std::shared_ptr<const routing::GeoIndex>> GeoDirectory::Index(domain::PemdaId pemda) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = indexes_.find(pemda); it != indexes_.end()) return it->second;
  }
  // Built outside the lock: a second thread may build it too, once.
  auto regions = RegionsWithBoundaries(store_, pemda);
  if (!regions) return Fail(regions.error());
  auto index = routing::GeoIndex::FromRegions(*regions);
  if (!index) return Fail(index.error());
  auto shared = std::make_shared<const routing::GeoIndex>(std::move(*index));
  std::lock_guard lock(mutex_);
  return indexes_.try_emplace(pemda, std::move(shared)).first->second;
}

Result<Located> GeoDirectory::Locate(domain::PemdaId pemda, const domain::GeoPoint& point) {
  auto index = Index(pemda);
  if (!index) return Fail(index.error());
  Located out;
  out.indexed = !(*index)->empty();
  if (out.indexed) out.place = (*index)->Lookup(point.lat, point.lng);
  return out;
}

void GeoDirectory::Reload() {
  std::lock_guard lock(mutex_);
  indexes_.clear();
}

}  // namespace sigap::app
