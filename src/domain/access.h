#pragma once

#include <string_view>

#include "domain/case.h"
#include "domain/user.h"

namespace sigap::domain {

// Who may see what of a case (UU 25/2009 on complaint handling; UU 27/2022
// on personal data). Pure rules, used by the use cases and tested alone.
//
// - Agency officers and heads see the cases their agency handles, as lead
//   or supporting agency. A head also reads those of the units under its
//   agency (Principal::units: a Dinas's UPTD or BLU), confidential ones
//   excepted, without their reporter and without acting on them
//   (domain/lifecycle.h's rules name the lead agency's own officers).
// - A confidential case is visible only to its reporter (through the
//   reporter secret), the verifier who handled it (any verifier while
//   nobody has) and officers of the handling agencies.
// - The reporter's identity of an anonymous case is visible to verifiers
//   only; of other cases, to verifiers, admins and officers of the lead
//   agency (not of a supporting one) — never to leaders, whose dashboard
//   judges services rather than people, auditors or the public.

// True when the case has been disposed to its agency (or, imported, is
// past disposition): from then on the agency's officers handle it.
bool DisposedToAgency(const Case& c);

// True when `who` may read the case at all.
bool CanSeeCase(const Principal& who, const Case& c);

// True when `who` may read the reporter's name and contact.
bool CanSeeReporter(const Principal& who, const Case& c);

// True when `who` may read the internal notes of a case: verifiers,
// auditors, officers of the agencies handling it (lead or supporting) and
// the head of an agency one of these is a unit under.
bool CanReadNotes(const Principal& who, const Case& c);

// True when the role's case listing is limited to its own agency (and,
// for a head, the units under it: OverseesAgency).
bool ListsOnlyOwnAgency(Role role);

// True when `who` reads the work of the agency `code`: its own agency, or
// for a head one of the units under it (Principal::units).
bool OverseesAgency(const Principal& who, std::string_view code);

}  // namespace sigap::domain
