#include "cli/demo_ratings.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "domain/fnv.h"
#include "domain/lifecycle.h"

namespace sigap::cli {
namespace {

constexpr double kRatedShare = 0.35;         // of the answers, as sigap simulate's
constexpr double kMeanDaysToRate = 1.5;      // after the answer
constexpr double kCommentShare = 0.4;        // of the ratings
constexpr double kReopenedPenalty = 0.8;     // stars
constexpr double kSlowAfterDays = 10;        // an answer later than this costs...
constexpr double kSlowPenaltyPerDay = 0.04;  // ...this a day,
constexpr double kSlowPenaltyMax = 1.2;      // at most this
constexpr double kSpread = 0.8;              // stars, one reporter to another

// What reporters write beside their stars, by stars (1 to 5).
constexpr std::array<std::array<std::string_view, 2>, 5> kComments = {{
    {"Belum ada perbaikan di lokasi, padahal dinyatakan selesai.",
     "Jawabannya tidak sesuai dengan yang saya laporkan."},
    {"Penanganannya lama sekali, baru selesai setelah berminggu-minggu.",
     "Sudah ditangani, tetapi hasilnya kurang rapi."},
    {"Sudah ada tindakan, tetapi perlu lebih cepat.", "Lumayan, semoga ke depan lebih baik."},
    {"Sudah ditangani, terima kasih.", "Cukup cepat, terima kasih kepada petugas."},
    {"Terima kasih, cepat ditangani.", "Pelayanan sangat baik, petugas responsif."},
}};

}  // namespace

double DemoAgencyMeanStars(std::string_view agency_code, uint64_t seed) {
  std::mt19937_64 rng(domain::Fnv1a(agency_code, domain::kFnvOffsetBasis ^ seed));
  return 3.3 + 1.2 * std::uniform_real_distribution<double>(0, 1)(rng);
}

std::optional<DemoRating> PlanDemoRating(const store::NewCase& c, double agency_mean, Timestamp now,
                                         std::mt19937_64& rng) {
  namespace kinds = domain::event_kind;
  if (c.status != domain::CaseStatus::kResolved && c.status != domain::CaseStatus::kClosed) {
    return std::nullopt;
  }
  const domain::EventDraft* answer = nullptr;
  int resolutions = 0;
  bool reopened = false;
  for (const auto& e : c.history) {
    if (e.kind == kinds::kResolved) {
      answer = &e;
      ++resolutions;
    } else if (e.kind == kinds::kReopened) {
      reopened = true;
    }
  }
  std::uniform_real_distribution<double> unit(0, 1);
  // Every draw is made whether or not the case is rated, so that what one
  // case draws does not depend on another's (nor on the hour of `now`).
  const bool rates = unit(rng) < kRatedShare;
  const double delay_days = std::exponential_distribution<double>(1 / kMeanDaysToRate)(rng);
  const double noise = std::normal_distribution<double>(0, kSpread)(rng);
  const bool comments = unit(rng) < kCommentShare;
  const size_t which = static_cast<size_t>(unit(rng) * 2) % 2;
  if (answer == nullptr || !rates) return std::nullopt;

  DemoRating r;
  r.resolution = resolutions;
  r.at = answer->at + std::chrono::duration_cast<Timestamp::duration>(
                          std::chrono::duration<double, std::ratio<86400>>(delay_days));
  if (r.at > now) return std::nullopt;  // not rated yet
  const double days_to_answer =
      std::chrono::duration<double, std::ratio<86400>>(answer->at - c.created_at).count();
  const double slow = std::min(kSlowPenaltyMax,
                               kSlowPenaltyPerDay * std::max(0.0, days_to_answer - kSlowAfterDays));
  const double mean = agency_mean - slow - (reopened ? kReopenedPenalty : 0);
  r.stars = std::clamp(static_cast<int>(std::lround(mean + noise)), 1, 5);
  if (comments) r.comment = std::string(kComments[r.stars - 1][which]);
  return r;
}

}  // namespace sigap::cli
