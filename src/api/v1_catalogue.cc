// /api/v1/services, /api/v1/agencies, /api/v1/regions: the public catalogue.
#include "api/catalogue_json.h"
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"

namespace sigap::api {
namespace {

using nlohmann::json;

json RegionJson(const domain::Region& r) {
  json j{{"code", r.code}, {"name", r.name}, {"level", r.level}, {"parent_code", r.parent_code}};
  if (r.centroid) j["centroid"] = {{"lat", r.centroid->lat}, {"lng", r.centroid->lng}};
  if (r.population) j["population"] = *r.population;
  if (!r.boundary_geojson.empty()) {
    json boundary = json::parse(r.boundary_geojson, nullptr, false);
    if (!boundary.is_discarded()) j["boundary"] = std::move(boundary);
  }
  return j;
}

json RegionFeature(const domain::Region& r) {
  json geometry = json::parse(r.boundary_geojson, nullptr, false);
  if (geometry.is_discarded() || r.boundary_geojson.empty()) geometry = nullptr;
  json properties{{"code", r.code}, {"name", r.name}, {"level", r.level}};
  if (r.centroid) {
    properties["lat"] = r.centroid->lat;
    properties["lng"] = r.centroid->lng;
  }
  return json{{"type", "Feature"},
              {"properties", std::move(properties)},
              {"geometry", std::move(geometry)}};
}

// Catalogue data changes rarely: let clients and proxies keep it briefly.
http::Response Cacheable(json value) {
  auto response = JsonResponse(value);
  response.With("Cache-Control", "public, max-age=60");
  return response;
}

http::Response ListServices(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  // ?all=true: retired services too, for administrators, never cached.
  const bool all = request.Query("all") == "true";
  if (all) {
    auto admin = RequireAdmin(ctx, request);
    if (admin.problem) return std::move(*admin.problem);
  }
  auto services = ctx.store.ListServices(pemda.pemda.id);
  if (!services) return ErrorResponse(request, services.error());
  const auto group = request.Query("group");
  json items = json::array();
  for (const auto& svc : *services) {
    if (!svc.active && !all) continue;
    if (group && !group->empty() && svc.group != *group) continue;
    items.push_back(ServiceJson(svc));
  }
  if (all) {
    auto response = JsonResponse(json{{"items", std::move(items)}});
    response.With("Cache-Control", "no-store");
    return response;
  }
  return Cacheable(json{{"items", std::move(items)}});
}

http::Response GetService(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  const std::string& code = request.params["code"];
  auto svc = ctx.store.FindService(pemda.pemda.id, code);
  if (!svc) return ErrorResponse(request, svc.error());
  json out = ServiceJson(*svc);
  auto history = ctx.store.ListServiceStandards(pemda.pemda.id, code);
  if (!history) return ErrorResponse(request, history.error());
  json versions = json::array();
  for (const auto& s : *history) {
    versions.push_back({{"version", s.version},
                        {"effective_from", FormatRfc3339(s.effective_from)},
                        {"change_note", s.change_note}});
  }
  out["versions"] = std::move(versions);
  if (auto v = request.Query("version"); v && !v->empty()) {
    const std::string wanted(*v);
    if (wanted.find_first_not_of("0123456789") != std::string::npos) {
      return ProblemResponse(request, 422, "validation", {{"version", "invalid_format", ""}});
    }
    const auto it = std::find_if(history->begin(), history->end(), [&](const auto& s) {
      return std::to_string(s.version) == wanted;
    });
    if (it == history->end()) {
      return ProblemResponse(request, 404, "not-found", {{"version", "unknown", ""}});
    }
    out["standard"] = StandardJson(*it);
  }
  return Cacheable(std::move(out));
}

http::Response ListAgencies(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto agencies = ctx.store.ListAgencies(pemda.pemda.id);
  if (!agencies) return ErrorResponse(request, agencies.error());
  json items = json::array();
  for (const auto& a : *agencies) items.push_back(AgencyJson(a));
  return Cacheable(json{{"items", std::move(items)}});
}

http::Response GetAgency(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto agency = ctx.store.FindAgency(pemda.pemda.id, request.params["code"]);
  if (!agency) return ErrorResponse(request, agency.error());
  return Cacheable(AgencyJson(*agency));
}

http::Response ListRegions(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  const std::string parent(request.Query("parent").value_or(pemda.pemda.code));
  const std::string format(request.Query("format").value_or("json"));
  if (format != "json" && format != "geojson") {
    return ProblemResponse(request, 422, "validation", {{"format", "invalid_value", ""}});
  }
  const bool boundaries = format == "geojson" || request.Query("boundaries") == "true";
  auto regions = ctx.store.ListRegions(pemda.pemda.id, parent, boundaries);
  if (!regions) return ErrorResponse(request, regions.error());
  // A kelurahan has no regions under it; a code the Pemda does not have is
  // not found (naming `parent`), not answered with an empty list.
  if (regions->empty() && parent != pemda.pemda.code &&
      !ctx.store.FindRegion(pemda.pemda.id, parent)) {
    return ProblemResponse(request, 404, "not-found", {{"parent", "unknown", ""}});
  }
  if (format == "geojson") {
    json features = json::array();
    for (const auto& r : *regions) features.push_back(RegionFeature(r));
    auto response =
        Cacheable(json{{"type", "FeatureCollection"}, {"features", std::move(features)}});
    response.content_type = "application/geo+json";
    return response;
  }
  json items = json::array();
  for (const auto& r : *regions) items.push_back(RegionJson(r));
  return Cacheable(json{{"items", std::move(items)}});
}

http::Response GetRegion(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto region = ctx.store.FindRegion(pemda.pemda.id, request.params["code"]);
  if (!region) return ErrorResponse(request, region.error());
  return Cacheable(RegionJson(*region));
}

// How the web app draws its maps: the Pemda's boundaries, and streets from
// the tile server of [map] tile_url when one is configured.
http::Response MapSettings(ApiContext& ctx) {
  const auto& options = ctx.options;
  json tiles = nullptr;
  if (!options.map_tile_url.empty()) {
    tiles = json{{"url", options.map_tile_url}, {"attribution", options.map_tile_attribution}};
  }
  return Cacheable(json{{"tiles", tiles}});
}

}  // namespace

void RegisterCatalogueRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/map", [&ctx](http::Request&) { return MapSettings(ctx); }, "map_settings");
  router.AddSync(
      "GET", "/api/v1/services", [&ctx](http::Request& r) { return ListServices(ctx, r); },
      "services_list");
  router.AddSync(
      "GET", "/api/v1/services/{code}", [&ctx](http::Request& r) { return GetService(ctx, r); },
      "services_get");
  RegisterCatalogueAdminRoutes(router, ctx);
  router.AddSync(
      "GET", "/api/v1/agencies", [&ctx](http::Request& r) { return ListAgencies(ctx, r); },
      "agencies_list");
  router.AddSync(
      "GET", "/api/v1/agencies/{code}", [&ctx](http::Request& r) { return GetAgency(ctx, r); },
      "agencies_get");
  router.AddSync(
      "GET", "/api/v1/regions", [&ctx](http::Request& r) { return ListRegions(ctx, r); },
      "regions_list");
  router.AddSync(
      "GET", "/api/v1/regions/{code}", [&ctx](http::Request& r) { return GetRegion(ctx, r); },
      "regions_get");
}

}  // namespace sigap::api
