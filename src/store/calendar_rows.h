#pragma once

// The Pemda's own calendar days as rows.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

// The words of the `kind` column (migration 0003).
inline const char* KindText(CalendarDayKind kind) {
  switch (kind) {
    case CalendarDayKind::kRegional:
      return "regional";
    case CalendarDayKind::kNational:
      return "libur_nasional";
    case CalendarDayKind::kCutiBersama:
      return "cuti_bersama";
    case CalendarDayKind::kCancelled:
      return "cancelled";
  }
  return "regional";
}

inline std::optional<CalendarDayKind> KindFromText(const std::string& text) {
  for (const auto kind : {CalendarDayKind::kRegional, CalendarDayKind::kNational,
                          CalendarDayKind::kCutiBersama, CalendarDayKind::kCancelled}) {
    if (text == KindText(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace sigap::store::rows
