#pragma once

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cli/demo_catalogue.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "domain/time.h"
#include "domain/working_calendar.h"
#include "store/store.h"

namespace sigap::cli {

// Plays a plausible lifecycle for each historical case of the demo, through
// the domain's own decisions (domain::Decide), so that a case's status and
// handling are the projection of the events it gets:
// - verification within a few working days (some late), a few requests for
//   information (most answered, the others rejected as incomplete) and a
//   few rejections for a reason of the fixed list;
// - disposition to the routing proposal, else the service's agency, else
//   the kecamatan office; some with a supporting agency asked for input, a
//   few forwarded to another agency with a reason;
// - work started, public updates, a resolution with an Indonesian public
//   response within (mostly) the Standar Pelayanan's time limit;
// - closure by the reporter or, without a reply, by the deadline sweep;
//   a few reopened and resolved again;
// - some cases stall at a stage, so that the sweep escalates them and
//   dashboards have overdue cases to show;
// - the catalogue's backlog, when it has one: over its last days, its
//   agency resolves only a share of what it would have (the others stay in
//   progress, past their deadline), so that its work piles up.
// Officer actions fall in office hours on working days of the Pemda's
// calendar; the sweep's escalations and auto-closures happen when due.
//
// Immutable after construction (thread-compatible: Play uses the caller's
// random generator).
class DemoHistory {
 public:
  // `catalogue` must outlive this object. `now` ends every history.
  DemoHistory(const DemoCatalogue& catalogue,
              std::shared_ptr<const domain::WorkingCalendar> calendar, domain::SlaPolicy policy,
              Timestamp now);

  // Turns `c`, a prepared case (received, without history), into the case
  // it is at `now`: sets its status, lead agency, handling and the events
  // after `submitted` (`c.history`). Deterministic for a given `rng` state.
  // Fails with kInternal when the domain refuses a step it should accept
  // (a bug of this player, not of the data).
  [[nodiscard]] Status Play(store::NewCase& c, std::mt19937_64& rng) const;

 private:
  class Player;

  const DemoCatalogue& catalogue_;
  std::shared_ptr<const domain::WorkingCalendar> calendar_;
  domain::SlaPolicy policy_;
  Timestamp now_;
  // When the catalogue's backlog starts (the start of a local day), if it
  // has one.
  std::optional<Timestamp> backlog_from_;
  std::map<std::string, const domain::Service*> services_;
  std::vector<std::pair<std::string, std::string>> agency_names_;
  std::map<std::string, std::string> kecamatan_offices_;  // kecamatan code -> agency code
};

}  // namespace sigap::cli
