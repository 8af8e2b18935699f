#include "app/case_intake.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "app/category_book.h"
#include "domain/catalogue.h"
#include "domain/text.h"

namespace sigap::app {
namespace {

using domain::CaseSubmission;
using sigap::FieldError;

void TrimAll(CaseSubmission& s) {
  for (std::string* field :
       {&s.service_code, &s.category, &s.title, &s.location.region_code, &s.location.address,
        &s.reporter.name, &s.reporter.phone, &s.reporter.email, &s.reporter.nik,
        &s.location.address_id, &s.media_url, &s.device_id, &s.account_id}) {
    *field = domain::Trim(*field);
  }
  // The description keeps its inner line breaks; only the ends are trimmed.
  s.description = domain::Trim(s.description);
}

}  // namespace

Result<std::unique_ptr<CaseIntake>> CaseIntake::Create(store::Store& store, const Clock& clock) {
  auto tracking = store.LoadOrCreateSecret("tracking_code_key", sizeof(domain::TrackingCodec::Key));
  if (!tracking) return Fail(tracking.error());
  auto reporter = store.LoadOrCreateSecret("reporter_secret_key", 32);
  if (!reporter) return Fail(reporter.error());
  domain::TrackingCodec::Key key;
  std::memcpy(key.data(), tracking->data(), key.size());
  std::array<uint8_t, 32> secret;
  std::memcpy(secret.data(), reporter->data(), secret.size());
  return std::unique_ptr<CaseIntake>(
      new CaseIntake(store, clock, domain::TrackingCodec(key), secret));
}

CaseIntake::CaseIntake(store::Store& store, const Clock& clock, domain::TrackingCodec codec,
                       std::array<uint8_t, 32> secret_key)
    : store_(store), clock_(clock), codec_(codec), secret_key_(secret_key) {}

Result<store::NewCase> CaseIntake::Prepare(domain::PemdaId pemda, CaseSubmission submission,
                                           const SubmitOptions& options) const {
  TrimAll(submission);
  std::vector<FieldError> errors = domain::ValidateSubmission(submission);

  store::NewCase c;
  std::shared_ptr<const Catalogued> catalogued;
  if (!submission.service_code.empty() &&
      std::none_of(errors.begin(), errors.end(),
                   [](const FieldError& e) { return e.field == "service_code"; })) {
    auto found = FindCatalogued(pemda, submission.service_code);
    if (!found) {
      if (found.error().code != ErrorCode::kNotFound) return Fail(found.error());
      errors.push_back({"service_code", "unknown", "no service with this code"});
    } else if (catalogued = std::move(*found); !catalogued->service.active) {
      errors.push_back({"service_code", "inactive", "this service no longer takes submissions"});
    } else {
      const domain::Service* service = &catalogued->service;
      const auto& kinds = service->kinds;
      if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), submission.kind) == kinds.end()) {
        errors.push_back({"kind", "not_accepted", "this service does not take this kind of case"});
      }
      c.service_name = service->name;
      c.service_version = service->standard.version;
      c.agency_code = service->agency_code;
      // Cases filed elsewhere before (imports, demo history) predate the
      // questions: their answers are checked, their absence is not.
      for (auto& e : domain::ValidateAnswers(service->standard.attributes, submission.attributes,
                                             !options.created_at.has_value())) {
        errors.push_back(std::move(e));
      }
      domain::NormalizeAnswers(service->standard.attributes, submission.attributes);
    }
  } else if (submission.service_code.empty()) {
    for (const auto& a : submission.attributes) {
      errors.push_back({"attribute[" + a.code + "]", "unknown", "no service asks this question"});
    }
  }
  // Routing by text (issue 8): when the Pemda has a taxonomy, a category
  // is one of its codes; cases filed before (imports, demo history) may
  // carry a retired one.
  if (!submission.category.empty() &&
      std::none_of(errors.begin(), errors.end(),
                   [](const FieldError& e) { return e.field == "category"; })) {
    auto checked =
        CheckCaseCategory(store_, pemda, submission.category, options.created_at.has_value());
    if (!checked) return Fail(checked.error());
    if (*checked) errors.push_back(std::move(**checked));
  }
  const std::string& region = submission.location.region_code;
  if (!region.empty() && std::none_of(errors.begin(), errors.end(), [](const FieldError& e) {
        return e.field == "location.region_code";
      })) {
    auto known = KnowsRegion(pemda, region);
    if (!known) return Fail(known.error());
    if (!*known) {
      errors.push_back({"location.region_code", "unknown", "no region with this code here"});
    }
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "the submission is invalid", std::move(errors));
  }

  const std::span<const store::RoutingRule> rules =
      catalogued ? catalogued->rules : std::span<const store::RoutingRule>{};
  if (auto placed = Place(pemda, submission, rules, c.placement); !placed) {
    return Fail(placed.error());
  }

  c.pemda_id = pemda;
  c.submission = std::move(submission);
  c.salt = randombytes_uniform(uint32_t{1} << domain::TrackingCodec::kSaltBits);
  c.created_at = options.created_at.value_or(clock_.Now());
  if (planner_) c.handling = planner_(pemda, c.submission.kind, c.created_at);
  c.actor = options.actor;
  c.idempotency_key = options.idempotency_key;
  c.request_fingerprint = options.request_fingerprint;
  return c;
}

// `kept[key]`, else what `read` gives, kept when it succeeds unless the
// store's count moved meanwhile. The count is read before the store: a
// change committed meanwhile moves it past, and what was read is then not
// kept beyond the next look.
template <typename Value, typename Read>
Result<Value> CaseIntake::Kept(std::map<CatalogueKey, Value>& kept, const CatalogueKey& key,
                               Read read) const {
  const uint64_t changes = store_.CatalogueChanges();
  {
    std::lock_guard lock(catalogue_mutex_);
    if (catalogue_changes_ != changes) {
      catalogue_.clear();
      regions_.clear();
      catalogue_changes_ = changes;
    }
    if (auto it = kept.find(key); it != kept.end()) return it->second;
  }
  Result<Value> value = read();
  if (!value) return value;
  std::lock_guard lock(catalogue_mutex_);
  if (catalogue_changes_ == changes) kept.emplace(key, *value);
  return value;
}

Result<std::shared_ptr<const CaseIntake::Catalogued>> CaseIntake::FindCatalogued(
    domain::PemdaId pemda, const std::string& code) const {
  return Kept(catalogue_, {pemda, code}, [&]() -> Result<std::shared_ptr<const Catalogued>> {
    auto service = store_.FindService(pemda, code);
    if (!service) return Fail(service.error());
    auto rules = store_.ListRoutingRules(pemda, code);
    if (!rules) return Fail(rules.error());
    return std::make_shared<const Catalogued>(Catalogued{std::move(*service), std::move(*rules)});
  });
}

Result<bool> CaseIntake::KnowsRegion(domain::PemdaId pemda, const std::string& code) const {
  auto known = Kept(regions_, {pemda, code}, [&]() -> Result<bool> {
    auto found = store_.FindRegion(pemda, code);
    if (!found) return Fail(found.error());
    return true;
  });
  if (!known && known.error().code == ErrorCode::kNotFound) return false;
  return known;
}

Status CaseIntake::Place(domain::PemdaId pemda, CaseSubmission& submission,
                         std::span<const store::RoutingRule> rules,
                         domain::Placement& placement) const {
  auto& location = submission.location;
  if (geo_ && location.point) {
    auto located = geo_->Locate(pemda, *location.point);
    if (!located) return Fail(located.error());
    if (located->indexed && !located->place) {
      // Accepted (the citizen may be right about the place and the
      // boundary file wrong), shown to officers, never routed by rule.
      placement.outside_pemda = true;
      return {};
    }
    if (located->place) {
      placement.kelurahan_code = located->place->kelurahan_code;
      placement.kecamatan_code = located->place->kecamatan_code;
      // The pin is more precise than a name picked from a list: the point
      // wins for routing. The citizen's region stays what they said (and
      // is flagged when it disagrees); an absent one is filled in.
      const bool agrees = location.region_code == placement.kelurahan_code ||
                          location.region_code == placement.kecamatan_code;
      if (location.region_code.empty()) {
        location.region_code =
            placement.kelurahan_code.empty() ? placement.kecamatan_code : placement.kelurahan_code;
      } else if (!agrees) {
        placement.stated_region_code = location.region_code;
      }
    }
  }
  if (placement.kecamatan_code.empty() && !location.region_code.empty()) {
    // No point (or no boundaries): the region the citizen chose.
    const int level = domain::RegionLevel(location.region_code);
    if (level == 4) {
      placement.kelurahan_code = location.region_code;
      placement.kecamatan_code = domain::ParentRegionCode(location.region_code);
    } else if (level == 3) {
      placement.kecamatan_code = location.region_code;
    }
  }
  if (submission.service_code.empty()) return {};

  // Routing rules (migration 0005): the most specific region wins —
  // kelurahan, then kecamatan, then "*" (everywhere: also a case whose
  // place is not known, or not within a kecamatan).
  const store::RoutingRule* best = nullptr;
  int best_rank = 0;
  for (const auto& rule : rules) {
    int rank = 0;
    if (!placement.kelurahan_code.empty() && rule.region_code == placement.kelurahan_code) {
      rank = 3;
    } else if (!placement.kecamatan_code.empty() && rule.region_code == placement.kecamatan_code) {
      rank = 2;
    } else if (rule.region_code == "*") {
      rank = 1;
    }
    if (rank > best_rank) {
      best = &rule;
      best_rank = rank;
    }
  }
  if (best) {
    placement.proposed_agency = best->agency_code;
    placement.proposal_rule = best->service_code + "@" + best->region_code;
  }
  return {};
}

void CaseIntake::Submit(domain::PemdaId pemda, CaseSubmission submission,
                        const SubmitOptions& options, SubmittedCallback done) const {
  auto prepared = Prepare(pemda, std::move(submission), options);
  if (!prepared) {
    done(Fail(prepared.error()));
    return;
  }
  // For the text classifier, which reads no reporter's name (its telling
  // words are shown to officers who may not know who wrote).
  const auto& s = prepared->submission;
  std::string title = committed_ ? domain::RemoveNameWords(s.title, s.reporter.name) : "";
  std::string description =
      committed_ ? domain::RemoveNameWords(s.description, s.reporter.name) : "";
  store_.SubmitCase(std::move(*prepared),
                    [this, pemda, title = std::move(title), description = std::move(description),
                     done = std::move(done)](Result<store::SubmitReceipt> receipt) {
                      if (!receipt) {
                        done(Fail(receipt.error()));
                        return;
                      }
                      Submitted out{*receipt, ReporterSecret(receipt->case_id, receipt->salt)};
                      const domain::CaseId id = receipt->case_id;
                      const bool replayed = receipt->replayed;
                      done(std::move(out));
                      // After the citizen has their answer: the model never delays it.
                      if (committed_ && !replayed) committed_(pemda, id, title, description);
                    });
}

Result<std::vector<Submitted>> CaseIntake::SubmitAll(std::vector<store::NewCase> cases) const {
  auto receipts = store_.SubmitCases(std::move(cases));
  if (!receipts) return Fail(receipts.error());
  std::vector<Submitted> out;
  out.reserve(receipts->size());
  for (auto& r : *receipts) {
    std::string secret = ReporterSecret(r.case_id, r.salt);
    out.push_back(Submitted{std::move(r), std::move(secret)});
  }
  return out;
}

std::string CaseIntake::ReporterSecret(domain::CaseId id, uint32_t salt) const {
  return domain::DeriveReporterSecret(secret_key_, id, salt);
}

std::string CaseIntake::UploadToken(domain::PemdaId pemda, std::string_view sha256) const {
  return domain::DeriveUploadToken(secret_key_, pemda, sha256);
}

}  // namespace sigap::app
