#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "domain/case.h"
#include "domain/result.h"
#include "routing/geo_index.h"
#include "store/store.h"

namespace sigap::app {

// Where a point lies for a Pemda: `indexed` is false when the Pemda has no
// boundaries loaded (then nothing can be said about the point); otherwise
// `place` is nullopt for a point outside every boundary.
struct Located {
  bool indexed = false;
  std::optional<routing::Place> place;
};

// The geo index of each Pemda, built from the kecamatan and kelurahan
// boundaries in the store the first time it is needed, and again after
// Reload() (e.g. when `sigap import boundaries` has changed them).
//
// Thread-safe: lookups share an immutable index; a reload swaps it.
class GeoDirectory {
 public:
  // `store` must outlive this object.
  explicit GeoDirectory(store::Store& store) : store_(store) {}

  // Locates `point` among the Pemda's boundaries. Fails only when the
  // store cannot be read or a stored boundary is not valid GeoJSON.
  [[nodiscard]] Result<Located> Locate(domain::PemdaId pemda, const domain::GeoPoint& point);

  // Forgets every built index; the next lookup rebuilds from the store.
  void Reload();

  // Builds the index of `pemda` from the store now (at start, to fail
  // early and to keep the first submission fast).
  [[nodiscard]] Result<std::shared_ptr<const routing::GeoIndex>> Index(domain::PemdaId pemda);

 private:
  store::Store& store_;
  std::mutex mutex_;
  std::map<domain::PemdaId, std::shared_ptr<const routing::GeoIndex>> indexes_;
};

// Reads the Pemda's kecamatan and kelurahan with their boundaries from the
// store, level by level from the top.
[[nodiscard]] Result<std::vector<domain::Region>> RegionsWithBoundaries(store::Store& store,
                                                                        domain::PemdaId pemda);

}  // namespace sigap::app
