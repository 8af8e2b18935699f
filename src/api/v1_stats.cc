// GET /api/v1/stats: what the Pemda received and how it handled it, for the
// public transparency page and the leaders' dashboard. Counts only: no
// case, no text, no person; confidential cases only in an officer's. Figures are cached for a
// minute per window, so a busy public page costs the database one set of queries a minute.
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>

#include "api/answer_cache.h"
#include "api/context.h"
#include "api/date_window.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/lane.h"

namespace sigap::api {
namespace {

using nlohmann::json;
using namespace std::chrono;

constexpr int kMaxWindowDays = 5 * 366;

json Counts(const std::vector<store::StatsCount>& counts, size_t limit) {
  json out = json::array();
  for (size_t i = 0; i < counts.size() && i < limit; ++i) {
    out.push_back({{"key", counts[i].key}, {"count", counts[i].count}});
  }
  return out;
}

// What `Counts(counts, limit)` leaves out: the cases beyond the first `limit`
// keys.
int64_t Rest(const std::vector<store::StatsCount>& counts, size_t limit) {
  int64_t rest = 0;
  for (size_t i = limit; i < counts.size(); ++i) rest += counts[i].count;
  return rest;
}

json Days(double days) { return days < 0 ? json(nullptr) : json(std::round(days * 10) / 10); }

json StatsJson(const store::CaseStats& s) {
  json agencies = json::array();
  for (const auto& a : s.by_agency) {
    agencies.push_back({{"agency_code", a.agency_code},
                        {"received", a.received},
                        {"resolved", a.resolved},
                        {"open", a.open},
                        {"overdue", a.overdue},
                        {"median_days_to_resolve", Days(a.median_days_to_resolve)}});
  }
  json months = json::array();
  for (const auto& m : s.by_month) {
    months.push_back({{"month", m.month}, {"received", m.received}, {"resolved", m.resolved}});
  }
  return json{{"received", s.received},
              {"resolved", s.resolved},
              {"rejected", s.rejected},
              {"resolution_rate",
               s.received == 0
                   ? json(nullptr)
                   : json(std::round(1000.0 * double(s.resolved) / double(s.received)) / 1000.0)},
              {"open", s.open},
              {"overdue", s.overdue},
              {"median_days_to_resolve", Days(s.median_days_to_resolve)},
              {"by_status", Counts(s.by_status, 20)},
              {"by_kind", Counts(s.by_kind, 10)},
              {"by_service", Counts(s.by_service, 10)},
              {"by_service_rest", Rest(s.by_service, 10)},
              {"by_kecamatan", Counts(s.by_kecamatan, 500)},
              {"by_kelurahan", Counts(s.by_kelurahan, 5000)},
              {"by_agency", std::move(agencies)},
              {"by_month", std::move(months)}};
}

// Adds "population" to the kecamatan and kelurahan counts whose region has
// residents on record (`sigap import population`), so the map can shade by
// cases per 10,000 residents.
Status AddPopulation(store::Store& store, const domain::Pemda& pemda, json& body) {
  std::map<std::string, int64_t> residents;
  auto districts = store.ListRegions(pemda.id, pemda.code, false);
  if (!districts) return Fail(districts.error());
  for (const auto& d : *districts) {
    if (d.population) residents[d.code] = *d.population;
    auto villages = store.ListRegions(pemda.id, d.code, false);
    if (!villages) return Fail(villages.error());
    for (const auto& v : *villages) {
      if (v.population) residents[v.code] = *v.population;
    }
  }
  if (residents.empty()) return {};
  for (const char* list : {"by_kecamatan", "by_kelurahan"}) {
    for (auto& entry : body[list]) {
      const auto it = residents.find(entry.value("key", ""));
      if (it != residents.end()) entry["population"] = it->second;
    }
  }
  return {};
}

// The last figures of each window (AnswerCache): by Pemda, window, agency
// and whether confidential cases count.
using StatsCache = AnswerCache<std::tuple<domain::PemdaId, int64_t, int64_t, std::string, bool>>;

http::Response GetStats(ApiContext& ctx, StatsCache& cache, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  const Timestamp now = ctx.clock.Now();
  std::vector<FieldError> errors;
  const DateWindow window = ParseDateWindow(request, pemda.pemda, now, 365, kMaxWindowDays, errors);
  const std::string agency(request.Query("agency").value_or(""));
  if (auto failed = CheckAgencyQuery(ctx, request, pemda.pemda.id, agency, errors)) {
    return std::move(*failed);
  }
  // A period given twice, or a misspelt one, would give the figures of
  // another period than the one asked for.
  CheckQueryNames(request, {"from", "to", "agency"}, errors);
  // The range a date is out of is said, in the request's language.
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors), true);

  store::CaseStatsQuery query;
  query.from = window.from;
  query.until = window.until;
  query.now = now;
  query.agency_code = agency;
  query.utc_offset_minutes = static_cast<int>(window.utc_offset.count());
  // Officers' figures count confidential cases too; anyone else's (and a
  // session that has expired: the page is public) leave them out.
  const auto caller = Authenticate(ctx, request, pemda.pemda);
  query.include_confidential = !caller.problem && caller.principal.has_value();
  StatsCache::Key key{pemda.pemda.id, ToMicros(query.from), ToMicros(query.until), agency,
                      query.include_confidential};
  std::optional<json> body = cache.Find(key, now);
  if (!body) {
    auto stats = ctx.store.ComputeCaseStats(pemda.pemda.id, query);
    if (!stats) return ErrorResponse(request, stats.error());
    body = StatsJson(*stats);
    if (auto added = AddPopulation(ctx.store, pemda.pemda, *body); !added) {
      return ErrorResponse(request, added.error());
    }
    (*body)["from"] = window.from_text;
    (*body)["to"] = window.to_text;
    (*body)["agency"] = agency;
    (*body)["as_of"] = FormatRfc3339(now);
    cache.Keep(key, *body, now);
  }
  auto response = JsonResponse(*body);
  response.With("Cache-Control",
                query.include_confidential ? "private, max-age=60" : "public, max-age=60");
  return response;
}

}  // namespace

void RegisterStatsRoutes(http::Router& router, ApiContext& ctx) {
  static StatsCache cache;
  AddOnLane(
      router, ctx.reports, "GET", "/api/v1/stats",
      [&ctx](http::Request& r) { return GetStats(ctx, cache, r); }, "stats");
}

}  // namespace sigap::api
