#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "app/geo_directory.h"
#include "domain/case.h"
#include "domain/case_validation.h"
#include "domain/result.h"
#include "domain/time.h"
#include "domain/tracking_code.h"
#include "store/store.h"

namespace sigap::app {

// Per-call choices of a submission.
struct SubmitOptions {
  std::string idempotency_key;      // from the Idempotency-Key header
  std::string request_fingerprint;  // hash of the request body
  std::string actor = "citizen";
  // Imports keep the original time; otherwise the clock's now.
  std::optional<Timestamp> created_at;
};

// What the citizen gets back.
struct Submitted {
  store::SubmitReceipt receipt;
  std::string reporter_secret;  // lets the reporter read their own confidential/anonymous case
};

using SubmittedCallback = std::function<void(Result<Submitted>)>;

// The SubmitCase use case: validates a submission, resolves its service
// (current Standar Pelayanan version, responsible agency) and region, and
// writes it durably through the store's group commit.
//
// Thread-safe. Besides its keys it holds the services it took submissions
// for, with their routing rules, and the region codes it found, while the
// store's CatalogueChanges() stays as it was when it read them: a change
// this process makes to the catalogue holds for the next submission;
// another node's or the command line's, once the CacheListener has heard
// of it (within about a second). Regions are only ever added or renamed
// through Sigap, so a code found stays good.
class CaseIntake {
 public:
  // `store` and `clock` must outlive this object. Fails when the store
  // cannot provide the keys.
  [[nodiscard]] static Result<std::unique_ptr<CaseIntake>> Create(store::Store& store,
                                                                  const Clock& clock);

  // Checks and completes a submission without writing it. Errors are
  // kInvalidArgument with one FieldError per bad field (unknown service or
  // region included).
  [[nodiscard]] Result<store::NewCase> Prepare(domain::PemdaId pemda,
                                               domain::CaseSubmission submission,
                                               const SubmitOptions& options) const;

  // Prepare() then write; `done` runs after the commit (on the store's
  // writer thread) or at once on a validation error.
  void Submit(domain::PemdaId pemda, domain::CaseSubmission submission,
              const SubmitOptions& options, SubmittedCallback done) const;

  // Writes prepared cases in one transaction (imports, demo data).
  [[nodiscard]] Result<std::vector<Submitted>> SubmitAll(std::vector<store::NewCase> cases) const;

  // The reporter secret of a stored case, for comparing with what a client
  // presents.
  std::string ReporterSecret(domain::CaseId id, uint32_t salt) const;
  // The proof of having uploaded the file `sha256` (domain::DeriveUploadToken).
  std::string UploadToken(domain::PemdaId pemda, std::string_view sha256) const;

  const domain::TrackingCodec& codec() const { return codec_; }

  // Sets what gives a new case its first deadline (CaseWorkflow). Call
  // before the first submission; without it cases start without one.
  using Planner =
      std::function<domain::Handling(domain::PemdaId, domain::CaseKind, Timestamp received)>;
  void SetPlanner(Planner planner) { planner_ = std::move(planner); }

  // Sets where points are located (issue 5). Call before the first
  // submission; `geo` must outlive this object. Without it, or for a Pemda
  // without boundaries, cases keep the region the submitter gave.
  //
  // With it, a submission with coordinates gets the kelurahan and
  // kecamatan codes of its point (placement), and routing uses them: the
  // point wins over a region_code that disagrees. The citizen's
  // location.region_code is kept as given (filled with the kelurahan when
  // absent); when it disagrees it is also copied to
  // placement.stated_region_code, for the verifier. A point outside every
  // boundary is accepted, flagged placement.outside_pemda and gets no
  // routing proposal. Without a point, a kelurahan or kecamatan
  // region_code places the case.
  void SetGeoDirectory(GeoDirectory* geo) { geo_ = geo; }

  // Sets what is told of each new case after its commit (routing by text,
  // issue 8: TextRouter::Enqueue), with the case's title and description
  // without the words of the reporter's name (domain::RemoveNameWords).
  // It runs on the store's writer thread, so it must only hand the work
  // on. Not called for a replayed submission nor for SubmitAll. Call
  // before the first submission.
  using Committed = std::function<void(domain::PemdaId, domain::CaseId, const std::string& title,
                                       const std::string& description)>;
  void SetCommitted(Committed committed) { committed_ = std::move(committed); }

 private:
  CaseIntake(store::Store& store, const Clock& clock, domain::TrackingCodec codec,
             std::array<uint8_t, 32> secret_key);

  // A service as submissions read it, and its routing rules.
  struct Catalogued {
    domain::Service service;
    std::vector<store::RoutingRule> rules;
  };
  // The service `code` of `pemda` from what is kept, else from the store
  // (kNotFound when there is none; that is not kept).
  [[nodiscard]] Result<std::shared_ptr<const Catalogued>> FindCatalogued(
      domain::PemdaId pemda, const std::string& code) const;
  // Whether `pemda` has the region `code`, from what is kept, else from
  // the store (a code found is kept, one not found is not).
  [[nodiscard]] Result<bool> KnowsRegion(domain::PemdaId pemda, const std::string& code) const;
  using CatalogueKey = std::pair<domain::PemdaId, std::string>;
  template <typename Value, typename Read>
  [[nodiscard]] Result<Value> Kept(std::map<CatalogueKey, Value>& kept, const CatalogueKey& key,
                                   Read read) const;

  // Fills `placement` (and the region code) from the point and `rules`,
  // the routing rules of the submission's service (none without one); see
  // SetGeoDirectory.
  [[nodiscard]] Status Place(domain::PemdaId pemda, domain::CaseSubmission& submission,
                             std::span<const store::RoutingRule> rules,
                             domain::Placement& placement) const;

  store::Store& store_;
  const Clock& clock_;
  domain::TrackingCodec codec_;
  std::array<uint8_t, 32> secret_key_;
  Planner planner_;
  GeoDirectory* geo_ = nullptr;
  Committed committed_;

  mutable std::mutex catalogue_mutex_;
  // The store's CatalogueChanges() when what follows was read (Kept).
  mutable uint64_t catalogue_changes_ = 0;
  mutable std::map<CatalogueKey, std::shared_ptr<const Catalogued>> catalogue_;
  mutable std::map<CatalogueKey, bool> regions_;  // only the codes found
};

}  // namespace sigap::app
