#include "app/case_reader.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/indonesian_stem.h"
#include "domain/lifecycle.h"
#include "domain/text.h"

namespace sigap::app {
namespace {

// The words of a case a search reads, in ASCII lower case.
std::string SearchedText(const domain::Case& c) {
  std::string text =
      c.submission.title + " " + c.submission.description + " " + c.submission.location.address;
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

// The words of `text` as the search's tokenizer splits them, or finer:
// runs of ASCII letters and digits, in lower case. Any other byte ends a
// word (punctuation, "^" or "*", a no-break or zero-width space, the bytes
// of a combining accent), so whatever the search reads as one word is one
// word here, or several that start it.
std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 && c < 0x80) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// True when a word of `query` may have found the case by one of its words
// as written (`written`) that the searcher does not read (`masked`): a
// name, number or address masked for them, which would tell them who wrote
// a report they may not know the author of ("Bambang" finding the
// anonymous case whose words read "[disamarkan]"). A query word counts
// when it starts a hidden word (the search takes prefixes: "3374*") or
// shares its stem ("Budimannya"), whatever punctuation surrounds it; the
// test is on whole words, so a name that is also part of a street's name
// ("Sri" in "Sriwijaya") is not let through by the street.
bool FoundByMaskedWords(std::string_view query, const std::string& written,
                        const std::string& masked) {
  std::vector<std::string> hidden = SearchWords(written);
  std::vector<std::string> shown = SearchWords(masked);
  std::sort(shown.begin(), shown.end());
  std::erase_if(hidden, [&](const std::string& w) {
    return std::binary_search(shown.begin(), shown.end(), w);
  });
  if (hidden.empty()) return false;
  for (const std::string& word : SearchWords(query)) {
    if (word.size() < 2) continue;
    const std::string stem(domain::IndonesianStem(word));
    for (const std::string& h : hidden) {
      if (h.starts_with(word) || domain::IndonesianStem(h) == stem) return true;
    }
  }
  return false;
}

}  // namespace

Result<CaseView> CaseReader::View(domain::PemdaId pemda, std::string_view code,
                                  const domain::Principal* officer,
                                  std::string_view reporter_secret) const {
  const auto decoded = intake_.codec().Decode(code);
  if (!decoded && domain::TrackingCodec::IsMistyped(code)) {
    // The check character says which: the citizen can look again at what
    // they typed rather than wonder where their report went.
    return Fail(ErrorCode::kNotFound, "the tracking code has a typo",
                {{"tracking_code", "mistyped", "a character is wrong or two are swapped"}});
  }
  if (!decoded && domain::TrackingCodec::Normalize(code).size() != 10) {
    // Not a code at all (too short or long, a U or a symbol): say what one
    // looks like.
    return Fail(ErrorCode::kNotFound, "not a tracking code",
                {{"tracking_code", "invalid_format",
                  "10 characters: digits and letters other than I, L, O and U"}});
  }
  if (!decoded) return Fail(ErrorCode::kNotFound, "no case with this tracking code");
  const bool is_reporter =
      !reporter_secret.empty() &&
      domain::SecretsEqual(domain::NormalizeReporterSecret(reporter_secret),
                           intake_.ReporterSecret(decoded->sequence, decoded->salt));
  // The public never sees the reporter: skip reading the contact for it.
  auto found = store_.FindCaseWithEvents(pemda, decoded->sequence, officer || is_reporter);
  if (!found) return Fail(found.error());
  // The code's salt must match the stored one: a code decoding to an
  // existing sequence with another salt is a guess, not this case.
  if (found->c.tracking_code != domain::TrackingCodec::Normalize(code)) {
    return Fail(ErrorCode::kNotFound, "no case with this tracking code");
  }

  CaseView view;
  view.c = std::move(found->c);
  if (officer && domain::CanSeeCase(*officer, view.c)) {
    view.viewer = Viewer::kOfficer;
    view.show_reporter = domain::CanSeeReporter(*officer, view.c);
  } else if (is_reporter) {
    view.viewer = Viewer::kReporter;
    view.show_reporter = true;
  } else if (view.c.submission.confidential) {
    return Fail(ErrorCode::kPermissionDenied,
                "this case is confidential: only its reporter and the handling agency may see it");
  }
  const bool reads_notes =
      view.viewer == Viewer::kOfficer && domain::CanReadNotes(*officer, view.c);
  for (auto& e : found->events) {
    if (e.is_public ||
        (view.viewer == Viewer::kOfficer && (e.kind != domain::event_kind::kNote || reads_notes))) {
      view.events.push_back(std::move(e));
    }
  }
  if (!view.show_reporter) {
    // Who may not know the reporter (the public; of an anonymous case,
    // everyone but the verifiers; a supporting agency; the auditor) reads
    // the numbers and addresses the reporter typed into the text masked too:
    // "Saya X, NIK ..., HP ..." would otherwise undo the anonymity.
    MaskText(view.c);
    view.hidden_name = std::move(view.c.submission.reporter.name);
    view.c.submission.reporter = {};
    auto published = PublishedNumbers(pemda);
    if (!published) return Fail(published.error());
    view.published_numbers = std::move(*published);
  }
  if (view.viewer == Viewer::kPublic) {
    if (auto s = HidePersonalAnswers(pemda, view.c); !s) return Fail(s.error());
  }
  if (view.viewer == Viewer::kOfficer) {
    auto names = ReadOfficerNames(pemda);
    if (!names) return Fail(names.error());
    view.officer_names = std::move(*names);
  }
  return view;
}

const std::string* OfficerFullName(const OfficerNames& names, std::string_view actor) {
  const auto username = domain::ActorUsername(actor);
  if (!username) return nullptr;
  const auto it = names.find(*username);
  return it == names.end() ? nullptr : &it->second;
}

Result<OfficerNames> CaseReader::ReadOfficerNames(domain::PemdaId pemda) const {
  uint64_t forgotten = 0;
  {
    const std::lock_guard lock(names_mutex_);
    if (const auto it = officer_names_.find(pemda); it != officer_names_.end()) return it->second;
    forgotten = names_forgotten_;
  }
  auto users = store_.ListUsers(pemda);
  if (!users) return Fail(users.error());
  OfficerNames names = OfficerNamesOf(std::move(*users));
  const std::lock_guard lock(names_mutex_);
  // A rename committed while the store was read may be missing from it:
  // kept, it would show the old name until the next change.
  if (forgotten == names_forgotten_) officer_names_[pemda] = names;
  return names;
}

void CaseReader::ForgetOfficerNames() {
  const std::lock_guard lock(names_mutex_);
  officer_names_.clear();
  ++names_forgotten_;
}

OfficerNames OfficerNamesOf(std::vector<domain::User> users) {
  OfficerNames names;
  for (auto& u : users) {
    if (!u.full_name.empty()) names.emplace(std::move(u.username), std::move(u.full_name));
  }
  return names;
}

// The telephone numbers, e-mail addresses, NIK and the reporter's own name
// a citizen typed into the case's words, which whoever may not know the
// reporter does not read (domain::MaskPersonalText).
void CaseReader::MaskText(domain::Case& c) {
  auto& s = c.submission;
  const domain::NameWords name(s.reporter.name);
  s.title = domain::MaskPersonalText(s.title, name);
  s.description = domain::MaskPersonalText(s.description, name);
  s.location.address = domain::MaskPersonalText(s.location.address, name);
  // Open311's address_id has no format: clients send what the citizen typed.
  s.location.address_id = domain::MaskPersonalText(s.location.address_id, name);
  // The names of the files the citizen attached ("KTP <name> <NIK>.pdf").
  for (auto& file : s.attachments) file.name = domain::MaskPersonalText(file.name, name);
  // The free-text answers to the service's questions too (a choice's value
  // is a word, which masking leaves alone).
  for (auto& answer : s.attributes) {
    for (auto& value : answer.values) value = domain::MaskPersonalText(value, name);
  }
}

int CaseView::RatedResolution() const {
  if (c.status != domain::CaseStatus::kResolved && c.status != domain::CaseStatus::kClosed) {
    return 0;
  }
  const auto resolved = std::count_if(events.begin(), events.end(), [](const auto& e) {
    return e.kind == domain::event_kind::kResolved;
  });
  return std::max(1, static_cast<int>(resolved));
}

Result<std::vector<std::string>> CaseReader::PublishedNumbers(domain::PemdaId pemda) const {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(public_mutex_);
    if (auto it = published_.find(pemda);
        it != published_.end() && now - it->second.read_at < kCatalogueTtl) {
      return it->second.items;
    }
  }
  // UU 25/2009 art. 21 and PermenPAN-RB 15/2014: the complaint channel is a
  // published component of every Standar Pelayanan; the numbers in it are
  // the Pemda's, for anyone to call.
  auto services = store_.ListServices(pemda);
  if (!services) return Fail(services.error());
  std::vector<std::string> numbers;
  for (const auto& s : *services) {
    for (auto& n : domain::ContactNumbers(s.standard.complaint_channel)) {
      if (std::find(numbers.begin(), numbers.end(), n) == numbers.end()) {
        numbers.push_back(std::move(n));
      }
    }
  }
  std::lock_guard lock(public_mutex_);
  published_[pemda] = CatalogueRead{numbers, now};
  return numbers;
}

Status CaseReader::HidePersonalAnswers(domain::PemdaId pemda, domain::Case& c) const {
  auto& answers = c.submission.attributes;
  if (answers.empty()) return {};
  const std::string& code = c.submission.service_code;
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::string> shown;
  bool known = false;
  {
    std::lock_guard lock(public_mutex_);
    auto& services = public_codes_[pemda];
    if (auto it = services.find(code);
        it != services.end() && now - it->second.read_at < kCatalogueTtl) {
      shown = it->second.items;
      known = true;
    }
  }
  if (!known) {
    // The current standard's questions that are not personal. An answer to
    // any other (personal, or dropped by a later version, whatever it was
    // then) is not shown: the public sees what is known to be about the
    // problem.
    auto service = store_.FindService(pemda, code);
    if (!service && service.error().code != ErrorCode::kNotFound) return Fail(service.error());
    if (service) {
      for (const auto& q : service->standard.attributes) {
        if (!q.personal) shown.push_back(q.code);
      }
    }
    std::lock_guard lock(public_mutex_);
    public_codes_[pemda][code] = CatalogueRead{shown, now};
  }
  std::erase_if(answers, [&](const domain::AttributeAnswer& a) {
    return std::find(shown.begin(), shown.end(), a.code) == shown.end();
  });
  return {};
}

Result<store::CasePage> CaseReader::List(const domain::Principal& officer,
                                         store::CaseFilter filter) const {
  if (domain::ListsOnlyOwnAgency(officer.role)) {
    // Its agency's cases; a head's, the units' too (domain::CanSeeCase).
    filter.only_agencies = {officer.agency_code};
    filter.overseen_agencies =
        officer.role == domain::Role::kAgencyHead ? officer.units : std::vector<std::string>{};
  } else if (officer.role == domain::Role::kVerifier) {
    filter.confidential_verifier = officer.name;
  } else {
    filter.exclude_confidential = true;
  }
  // A tracking code as the search words (as the reporter reads it out on
  // the phone) is its case, if the officer may see it.
  if (const auto decoded = intake_.codec().Decode(domain::Trim(filter.text))) {
    auto c = store_.FindCase(officer.pemda_id, decoded->sequence);
    if (!c && c.error().code != ErrorCode::kNotFound) return Fail(c.error());
    if (c && c->tracking_code == domain::TrackingCodec::Normalize(domain::Trim(filter.text))) {
      filter.ids = {c->id};
      filter.text.clear();
    }
  }
  auto page = store_.ListCases(officer.pemda_id, filter);
  if (!page) return page;
  std::erase_if(page->cases, [&](domain::Case& c) {
    if (domain::CanSeeReporter(officer, c)) return false;
    const std::string written = filter.text.empty() ? "" : SearchedText(c);
    MaskText(c);
    return !filter.text.empty() && FoundByMaskedWords(filter.text, written, SearchedText(c));
  });
  for (auto& c : page->cases) c.submission.reporter = {};  // listings never carry identities
  return page;
}

Result<store::CasePage> CaseReader::ListPublic(domain::PemdaId pemda, store::CaseFilter filter,
                                               std::vector<std::string>* hidden_names) const {
  filter.only_agencies.clear();
  filter.overseen_agencies.clear();
  filter.confidential_verifier.clear();
  filter.exclude_confidential = true;
  auto page = store_.ListCases(pemda, filter);
  if (!page) return page;
  std::erase_if(page->cases, [&](domain::Case& c) {
    const std::string written = filter.text.empty() ? "" : SearchedText(c);
    MaskText(c);
    return !filter.text.empty() && FoundByMaskedWords(filter.text, written, SearchedText(c));
  });
  for (auto& c : page->cases) {
    if (auto s = HidePersonalAnswers(pemda, c); !s) return Fail(s.error());
    if (hidden_names != nullptr) hidden_names->push_back(std::move(c.submission.reporter.name));
    c.submission.reporter = {};
    c.submission.device_id.clear();
    c.submission.account_id.clear();
  }
  return page;
}

}  // namespace sigap::app
