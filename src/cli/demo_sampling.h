#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cli/demo_catalogue.h"
#include "cli/demo_service_matcher.h"
#include "domain/case.h"
#include "domain/time.h"

// Random pieces of demo cases: where, when and who. Used by PlanDemoCases;
// each is deterministic for a given generator state. Not thread-safe.
namespace sigap::cli {

// Chooses the kelurahan of a demo case and a point inside it.
class RegionPicker {
 public:
  struct Place {
    const domain::Region* kelurahan = nullptr;
    const domain::Region* kecamatan = nullptr;  // may be null
    std::optional<domain::GeoPoint> point;      // inside the kelurahan's boundary
  };

  // What a report says about its place: indexes of the kelurahan or the
  // kecamatan it names, kNone when none.
  struct Mention {
    size_t kelurahan = kNone;
    size_t kecamatan = kNone;
    bool about_pemda = false;  // the report names the kota itself
  };
  static constexpr size_t kNone = static_cast<size_t>(-1);

  // `catalogue` must outlive the picker. Draws each kelurahan's weight
  // (its kecamatan's weight times a random spread) from `rng`.
  RegionPicker(const DemoCatalogue& catalogue, std::mt19937_64& rng);

  // The kelurahan (first) or kecamatan a report names, looking at the
  // subject, then the text, then the agency, but only when one of them
  // names the kota itself ("semarang"), so that a Jakarta report about
  // "Kuningan" stays out of Semarang's Kuningan.
  Mention FindMention(std::string_view agency, std::string_view subject,
                      std::string_view text) const;

  // The kelurahan mentioned, else a weighted one of the kecamatan
  // mentioned, else a weighted one of all; then a uniformly random point
  // inside its boundary (rejection sampling in the bounding box), or none
  // when it has no boundary. Requires kelurahan_count() > 0.
  Place Pick(const Mention& mention, std::mt19937_64& rng) const;

  size_t kelurahan_count() const { return kelurahan_.size(); }

  // The kelurahan of a region code as a mention (kNone when it is not one).
  Mention MentionOf(std::string_view kelurahan_code) const;
  // The region code of what a mention names: its kelurahan, else its
  // kecamatan, else "".
  std::string MentionedCode(const Mention& mention) const;

  // "RT 03/RW 05, Kelurahan Miroto, Kecamatan Semarang Tengah" or without
  // the RT/RW part.
  std::string Address(const Place& place, std::mt19937_64& rng) const;

 private:
  struct Named {
    std::vector<size_t> phrases;  // ids in names_ of the forms of the name
    size_t index = 0;             // into kelurahan_ or kecamatan_
  };

  // The region whose name occurs first in a scanned text, or kNone.
  static size_t FirstNamed(const std::vector<Named>& names, const std::vector<size_t>& found);
  std::vector<size_t> NamePhrases(const std::string& name);

  size_t WeightedKelurahan(const std::vector<size_t>& among, std::mt19937_64& rng) const;
  std::optional<domain::GeoPoint> PointInside(const domain::Region& r, std::mt19937_64& rng) const;

  const DemoCatalogue& catalogue_;
  PhraseSet names_;
  size_t pemda_phrase_ = PhraseSet::npos;
  std::vector<const domain::Region*> kelurahan_;
  std::vector<const domain::Region*> kecamatan_;
  std::vector<size_t> kecamatan_of_;  // for each kelurahan, its kecamatan or kNone
  std::vector<double> weight_;        // for each kelurahan
  std::vector<Named> kelurahan_names_;
  std::vector<Named> kecamatan_names_;
};

// A generator of its own for the demo case `key` (its place in the plan) of
// the demo of `seed`: what one case draws never shifts what another draws.
std::mt19937_64 CaseGenerator(uint64_t seed, uint64_t key);

// Draws created_at times over [start, end), keeping those before `now`:
// density growing linearly by `growth`, days weighted by weekday, hours by
// local hour of day, and seasonal services less likely outside their
// months. With `end` at the end of now's local day, the times drawn do not
// depend on the hour of `now` (only those after it are drawn again).
class TimeSampler {
 public:
  TimeSampler(const DemoSettings& settings, Timestamp start, Timestamp end, Timestamp now,
              int utc_offset_minutes);

  Timestamp Sample(const std::string& service_code, std::mt19937_64& rng);
  // A time in the last `days` local days (today included) before now,
  // hours weighted as in Sample. Requires days >= 1.
  Timestamp SampleRecent(int days, std::mt19937_64& rng);

 private:
  // A time of the local day `local_day`, its hour drawn by the weights.
  Timestamp AtAnHourOf(std::chrono::sys_days local_day, std::mt19937_64& rng);

  const DemoSettings& settings_;
  Timestamp start_;
  Timestamp end_;
  Timestamp now_;
  std::chrono::minutes offset_;
  double max_weekday_weight_ = 1;
  std::discrete_distribution<int> hour_;
};

// Synthetic reporter contact data: common Indonesian names, 08xx-0000-xxxx
// numbers and example.id addresses, never real people's.
class ReporterMaker {
 public:
  explicit ReporterMaker(const DemoSettings& settings) : settings_(settings) {}

  // SMS reports always carry a phone and e-mail reports an address;
  // anonymous reporters give no name; others leave contact details with
  // the settings' contact_share.
  domain::ReporterContact Make(domain::Channel channel, bool anonymous, std::mt19937_64& rng) const;

 private:
  const DemoSettings& settings_;
};

}  // namespace sigap::cli
