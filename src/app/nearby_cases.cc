#include "app/nearby_cases.h"

#include <chrono>
#include <cmath>

#include "domain/text.h"

namespace sigap::app {

Result<std::vector<routing::NearbyMatch>> NearbyCases::Find(domain::PemdaId pemda,
                                                            const NearbyRequest& r) const {
  std::vector<FieldError> errors;
  if (!std::isfinite(r.center.lat) || std::abs(r.center.lat) > 90) {
    errors.push_back({"lat", "out_of_range", "-90..90"});
  }
  if (!std::isfinite(r.center.lng) || std::abs(r.center.lng) > 180) {
    errors.push_back({"long", "out_of_range", "-180..180"});
  }
  if (r.service_code.empty()) errors.push_back({"service", "required", "a service code"});
  if (!std::isfinite(r.radius_m) || r.radius_m <= 0 || r.radius_m > kMaxRadius) {
    errors.push_back({"radius", "out_of_range", "1..5000 metres"});
  }
  if (r.days < 1 || r.days > kMaxDays) errors.push_back({"days", "out_of_range", "1..365"});
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, "invalid query", errors);

  const routing::GeoBox box = routing::BoxAround(r.center, r.radius_m);
  store::NearbyQuery q;
  q.service_code = r.service_code;
  q.min_lat = box.min_lat;
  q.max_lat = box.max_lat;
  q.min_lng = box.min_lng;
  q.max_lng = box.max_lng;
  q.since = clock_.Now() - std::chrono::hours(24) * r.days;
  q.limit = 1000;
  auto cases = store_.NearbyCases(pemda, q);
  if (!cases) return Fail(cases.error());
  std::erase_if(*cases, [&](const domain::Case& c) { return c.id == r.exclude; });
  // Ranked on the words the public may read: scored against the text as
  // typed, the similarity told anyone whether a guessed telephone number or
  // NIK was in a case (one request per guess).
  for (auto& c : *cases) {
    auto& s = c.submission;
    s.title = domain::MaskPersonalText(s.title, s.reporter.name);
    s.description = domain::MaskPersonalText(s.description, s.reporter.name);
    s.reporter = {};
  }
  return routing::RankNearby(std::move(*cases), r.center, r.radius_m, r.query,
                             static_cast<size_t>(std::max(1, r.limit)));
}

}  // namespace sigap::app
