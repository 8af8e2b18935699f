#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/case_intake.h"
#include "domain/case.h"
#include "domain/case_event.h"
#include "domain/result.h"
#include "domain/user.h"
#include "store/store.h"

namespace sigap::app {

// Who is looking at a case, and so what they get.
enum class Viewer { kPublic, kReporter, kOfficer };

// Officers' full names by username, those set only: how an officer's view
// names the officers behind events ("user:NAME" actors).
using OfficerNames = std::map<std::string, std::string, std::less<>>;

// The full names of the accounts `users`, those that have one.
[[nodiscard]] OfficerNames OfficerNamesOf(std::vector<domain::User> users);

// The full name of the officer `actor` names ("user:NAME"), or null when it
// names no officer (the system, an API key, an import) or one without a
// full name.
[[nodiscard]] const std::string* OfficerFullName(const OfficerNames& names, std::string_view actor);

struct CaseView {
  domain::Case c;
  Viewer viewer = Viewer::kPublic;
  bool show_reporter = false;  // the reporter's identity may be shown
  // When it may not: the reporter's name, whose words the viewer reads
  // masked in the events' texts too (domain::MaskPersonalText). Never shown.
  std::string hidden_name;
  std::vector<domain::CaseEvent> events;  // public ones only, unless an officer looks
  // What the Pemda published as its contacts (domain::ContactNumbers of its
  // services' complaint channels), when the viewer reads masked texts: an
  // officer's public words keep them (domain::MaskContactDetails).
  std::vector<std::string> published_numbers;
  // The Pemda's officers' full names, for an officer's view only (empty for
  // the public and the reporter, who never learn them).
  OfficerNames officer_names;

  // Which of its resolutions the reporter rates now: while the case is
  // resolved or closed, the number of its `resolved` events (at least 1);
  // 0 while it is open again, a reopen having set the last answer aside.
  [[nodiscard]] int RatedResolution() const;

  // hidden_name when the identity is hidden, none when it may be shown.
  [[nodiscard]] std::optional<std::string_view> NameToMask() const {
    if (show_reporter) return std::nullopt;
    return hidden_name;
  }
};

// Read use cases over cases, applying the visibility rules of
// domain/access.h. Thread-safe.
class CaseReader {
 public:
  // `store` and `intake` must outlive this object.
  CaseReader(store::Store& store, const CaseIntake& intake) : store_(store), intake_(intake) {}

  // The case behind a tracking code, as `officer` (may be null) or the
  // holder of `reporter_secret` (may be empty) may see it. kNotFound for a
  // malformed or unknown code; kPermissionDenied for a confidential case
  // asked for without the right.
  [[nodiscard]] Result<CaseView> View(domain::PemdaId pemda, std::string_view code,
                                      const domain::Principal* officer,
                                      std::string_view reporter_secret) const;

  // The cases `officer` may see that match `filter`, newest first; search
  // words that are a case's tracking code (any case, hyphens) list that case.
  [[nodiscard]] Result<store::CasePage> List(const domain::Principal& officer,
                                             store::CaseFilter filter) const;

  // The cases anyone may list (Open311 GET requests): never a confidential
  // one, never the reporter's contact, device or account; of the answers,
  // only those the public View shows. `hidden_names`, when given, receives
  // each case's reporter name, in order, to mask other texts of the case
  // with (its events'), as View's hidden_name.
  [[nodiscard]] Result<store::CasePage> ListPublic(
      domain::PemdaId pemda, store::CaseFilter filter,
      std::vector<std::string>* hidden_names = nullptr) const;

  // The numbers the Pemda publishes as its own contacts: domain::
  // ContactNumbers of its services' complaint channels (Standar
  // Pelayanan), read again after a few seconds. Fails when the store does.
  [[nodiscard]] Result<std::vector<std::string>> PublishedNumbers(domain::PemdaId pemda) const;

  // The Pemda's officers' full names (OfficerNames), for what only officers
  // read: the store's, read once and kept until ForgetOfficerNames. Fails
  // when the store does.
  [[nodiscard]] Result<OfficerNames> ReadOfficerNames(domain::PemdaId pemda) const;

  // Drops the officers' names kept by ReadOfficerNames: the next one reads
  // the store. To be called when an account is created or renamed, by this
  // node (at once) or by another or the command line (store::CacheListener,
  // table "users").
  void ForgetOfficerNames();

 private:
  // Masks the case's texts for a viewer who may not know its reporter.
  static void MaskText(domain::Case& c);
  // Keeps in `c` only the answers the public may see: to questions of its
  // service's current standard that are not personal
  // (domain::ServiceAttribute::personal).
  [[nodiscard]] Status HidePersonalAnswers(domain::PemdaId pemda, domain::Case& c) const;

  // What public reads take from the catalogue, read again after kCatalogueTtl
  // (on any node, a change shows within seconds, and a public read costs no
  // catalogue read): each service's public question codes (a question marked
  // personal is hidden), and the Pemda's published numbers.
  struct CatalogueRead {
    std::vector<std::string> items;
    std::chrono::steady_clock::time_point read_at;
  };
  static constexpr std::chrono::seconds kCatalogueTtl{5};

  store::Store& store_;
  const CaseIntake& intake_;
  mutable std::mutex public_mutex_;  // guards the two below
  mutable std::map<domain::PemdaId, std::map<std::string, CatalogueRead, std::less<>>>
      public_codes_;
  mutable std::map<domain::PemdaId, CatalogueRead> published_;
  // Every officer's view of a case names the officers behind its events: a
  // read of all the Pemda's accounts each time, were they not kept here.
  mutable std::mutex names_mutex_;  // guards the two below
  mutable std::map<domain::PemdaId, OfficerNames> officer_names_;
  // Counts ForgetOfficerNames: a read that began before one is not kept.
  mutable uint64_t names_forgotten_ = 0;
};

}  // namespace sigap::app
