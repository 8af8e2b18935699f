#pragma once

#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/result.h"
#include "domain/time.h"
#include "routing/nearby_rank.h"
#include "store/store.h"

namespace sigap::app {

// What a client asks: open cases of `service_code` near `center`.
struct NearbyRequest {
  domain::GeoPoint center;
  std::string service_code;
  double radius_m = 100;
  int days = 30;
  std::string query;  // the citizen's words, for text similarity; may be empty
  int limit = 20;
  domain::CaseId exclude = 0;  // the case being verified, not its own duplicate
};

// The nearby-duplicates use case (issue 5): before a citizen files, and
// for the verifier. Bounding-box range on the store's index, then exact
// distance and ranking (routing/nearby_rank.h). Thread-safe.
class NearbyCases {
 public:
  static constexpr double kMaxRadius = 5000;
  static constexpr int kMaxDays = 365;

  // `store` and `clock` must outlive this object.
  NearbyCases(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Open, non-confidential cases of the service within the radius, created
  // in the last `days` days, best first. kInvalidArgument naming lat, long,
  // service, radius or days when out of range.
  [[nodiscard]] Result<std::vector<routing::NearbyMatch>> Find(domain::PemdaId pemda,
                                                               const NearbyRequest& request) const;

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace sigap::app
