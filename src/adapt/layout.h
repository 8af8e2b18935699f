#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapt/text_normalizer.h"
#include "domain/time.h"
#include "domain/working_calendar.h"

namespace sigap::adapt {

// Days are local dates of the Pemda counted from 1970-01-01 (sys_days):
// ToDayNumber and FromDayNumber (domain/time.h) convert them.
using Day = int32_t;

// What the detectors know of a Pemda: its services (the categories counted),
// agencies, kelurahan with their kecamatan and neighbours. Indices into
// these vectors are the ids events carry. Plain data; build it once.
struct Layout {
  struct Category {
    std::string code;  // "PU-DRAINASE"
    std::string name;  // short Indonesian noun for sentences: "drainase"
    uint16_t agency = 0;
    // The service's name as the catalogue writes it ("Saluran Drainase,
    // Genangan dan Banjir"), quoted in the English sentences, which cannot
    // use the Indonesian noun; "" reads `name`.
    std::string label = {};
    const std::string& Label() const { return label.empty() ? name : label; }
  };
  struct Agency {
    std::string code;
    std::string name;
  };
  struct Kelurahan {
    std::string code;  // Kemendagri, "33.74.01.1001"
    std::string name;  // "Miroto"
    uint16_t kecamatan = 0;
    double lat = 0;
    double lng = 0;
  };
  struct Kecamatan {
    std::string code;
    std::string name;
  };
  std::string city_code;  // "33.74"
  std::string city_name;  // "Kota Semarang"
  std::vector<Category> categories;
  std::vector<Agency> agencies;
  std::vector<Kelurahan> kelurahan;
  std::vector<Kecamatan> kecamatan;
  // Per kelurahan: the kelurahan sharing a border with it (see adjacency.h),
  // nearest centroid first.
  std::vector<std::vector<uint16_t>> neighbours;
};

// The kind of day for count baselines: 0 Monday ... 6 Sunday, and
// kHoliday for a Monday-Friday that is not a working day (national
// holiday, cuti bersama, regional day off).
inline constexpr int kHoliday = 7;
inline constexpr int kDayTypes = 8;

// Returns the day type of `day` under `calendar`.
inline int DayTypeOf(const domain::WorkingCalendar& calendar, Day day) {
  const auto date = FromDayNumber(day);
  const int weekday =
      static_cast<int>(std::chrono::weekday(std::chrono::sys_days(date)).iso_encoding()) - 1;
  if (weekday < 5 && !calendar.IsWorkingDay(date)) return kHoliday;
  return weekday;
}

// One case event as the detectors see it: already resolved to indices of
// the Layout and to the local date. `text` (arrivals only) must stay valid
// for the call that receives the event; so must `terms`, its terms when
// they were scanned ahead (ScannedTexts, with TopicDetector::kBigrams), which
// then stand for it.
//   kArrival     a case filed
//   kResolution  a case left the agency's work: resolved, rejected or merged
//   kRating      a reporter's stars
//   kPause       the agency waits for the citizen (needs_info)
//   kReturn      a case back on the agency's desk: the citizen answered, or
//                a resolved case was reopened, or a rejected report completed
//   kTransfer    a case disposed or forwarded: it is now `agency`'s work,
//                due on `due_day`
enum class EventType : uint8_t { kArrival, kResolution, kRating, kPause, kReturn, kTransfer };
// An arrival without a known service (category) or kelurahan still counts
// for its agency's backlog and its words; the counts per category and
// place leave it out.
inline constexpr uint16_t kNoCategory = 0xFFFF;
inline constexpr uint16_t kNoKelurahan = 0xFFFF;
// A case no agency handles yet (in the verifiers' queue, its service not
// known): it counts for the words, and for an agency's backlog from its
// disposition (kTransfer) on.
inline constexpr uint16_t kNoAgency = 0xFFFF;
struct Event {
  Day day = 0;
  EventType type = EventType::kArrival;
  uint8_t kind = 0;        // domain::CaseKind as a number (arrivals)
  uint8_t stars = 0;       // 1..5 (ratings)
  uint16_t category = 0;   // or kNoCategory (arrivals)
  uint16_t agency = 0;     // or kNoAgency (arrivals, returns, transfers)
  uint16_t kelurahan = 0;  // or kNoKelurahan (arrivals)
  Day due_day = 0;         // the case's deadline (arrivals, returns, transfers)
  uint64_t case_id = 0;
  std::string_view text;
  std::span<const TextNormalizer::Term> terms;
};

}  // namespace sigap::adapt
