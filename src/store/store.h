#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/case_event.h"
#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/user.h"

namespace sigap::store {

using domain::CaseId;
using domain::PemdaId;

// A case ready to be written: the validated submission plus what the use
// case decided (service version, responsible agency, salt of the code).
struct NewCase {
  PemdaId pemda_id = 0;
  domain::CaseSubmission submission;
  std::string service_name;
  int service_version = 0;
  std::string agency_code;
  uint32_t salt = 0;  // random, TrackingCodec::kSaltBits wide
  Timestamp created_at{};
  std::string actor = "citizen";
  // When set, a second submission with the same key returns the first case.
  std::string idempotency_key;
  std::string request_fingerprint;  // hash of the request body, to refuse a reused key
};

// What a submission produced. `replayed` is true when an earlier submission
// with the same idempotency key is returned instead of a new case.
struct SubmitReceipt {
  CaseId case_id = 0;
  uint32_t salt = 0;
  std::string tracking_code;
  domain::CaseStatus status = domain::CaseStatus::kReceived;
  Timestamp created_at{};
  bool replayed = false;
};

using SubmitCallback = std::function<void(Result<SubmitReceipt>)>;

// Which cases to list. Empty fields do not filter.
struct CaseFilter {
  std::optional<domain::CaseStatus> status;
  std::optional<domain::CaseKind> kind;
  std::string agency_code;
  std::string service_code;
  std::string region_prefix;  // "33.74.01" matches the kecamatan and its kelurahan
  std::string text;           // full-text search over title and description
  // Visibility, set by the use case from the principal's role.
  std::string only_agency;  // restrict to cases of this agency
  bool exclude_confidential = false;
  CaseId before = 0;  // cursor: cases with a smaller id (newest first)
  int limit = 50;
};

struct CasePage {
  std::vector<domain::Case> cases;
  CaseId next_cursor = 0;  // 0 when this is the last page
};

// A case with its events, read in one consistent snapshot.
struct CaseWithEvents {
  domain::Case c;
  std::vector<domain::CaseEvent> events;  // oldest first
};

// Result of re-computing the audit chain.
struct AuditReport {
  int64_t events_checked = 0;
  bool ok = true;
  int64_t first_bad_event = 0;  // id of the first event that does not verify
  std::string problem;          // what is wrong, in English
};

// A session or API key as stored: only the SHA-256 of the secret is kept.
struct Credential {
  std::string secret_hash;  // hex SHA-256 of the token
  int64_t user_id = 0;      // for sessions
  domain::Principal principal;
  std::string csrf_token;  // for sessions
  Timestamp expires_at{};  // for sessions; API keys do not expire
};

// Told about every group commit, for metrics. Called on the writer thread.
class CommitObserver {
 public:
  virtual ~CommitObserver() = default;
  virtual void OnCommit(size_t batch_size, std::chrono::nanoseconds commit_time) = 0;
};

// The persistence port. Every query is scoped by Pemda. Implementations
// (SqliteStore, later PostgresStore) pass the same contract suite in
// tests/store.
//
// Thread-safe: any method may be called from any thread. Writes are
// serialised by the implementation and durable when their result is
// delivered (acknowledge after commit).
class Store {
 public:
  virtual ~Store() = default;

  // Brings the schema to the newest version. Returns the version now in
  // force. Safe to call any number of times.
  [[nodiscard]] virtual Result<int> Migrate() = 0;

  // Returns a secret named `name` of `bytes` random bytes, creating it the
  // first time. Used for the tracking-code and reporter-secret keys.
  [[nodiscard]] virtual Result<std::string> LoadOrCreateSecret(std::string_view name,
                                                               size_t bytes) = 0;

  // Returns kUnavailable when the database cannot be read.
  [[nodiscard]] virtual Status Ping() = 0;

  // --- Catalogue -----------------------------------------------------------
  // Creates or updates a Pemda by code; returns its id.
  [[nodiscard]] virtual Result<PemdaId> SavePemda(const domain::Pemda& pemda) = 0;
  // kNotFound when no Pemda has that code.
  [[nodiscard]] virtual Result<domain::Pemda> FindPemda(std::string_view code) = 0;
  // Every Pemda, ordered by code.
  [[nodiscard]] virtual Result<std::vector<domain::Pemda>> ListPemdas() = 0;
  [[nodiscard]] virtual Status SaveAgency(PemdaId pemda, const domain::Agency& agency) = 0;
  [[nodiscard]] virtual Result<std::vector<domain::Agency>> ListAgencies(PemdaId pemda) = 0;
  [[nodiscard]] virtual Result<domain::Agency> FindAgency(PemdaId pemda, std::string_view code) = 0;
  // Creates or updates regions, all in one transaction.
  [[nodiscard]] virtual Status SaveRegions(PemdaId pemda,
                                           const std::vector<domain::Region>& regions) = 0;
  // Children of `parent_code` ("" for the top level), ordered by code.
  // Boundaries are included only when asked, since they are large.
  [[nodiscard]] virtual Result<std::vector<domain::Region>> ListRegions(
      PemdaId pemda, std::string_view parent_code, bool with_boundaries) = 0;
  [[nodiscard]] virtual Result<domain::Region> FindRegion(PemdaId pemda, std::string_view code) = 0;
  // Creates the service, or updates it; when its standard differs from the
  // current one a new standard version is written (older versions stay).
  // Returns the standard version now in force.
  [[nodiscard]] virtual Result<int> SaveService(PemdaId pemda, const domain::Service& service) = 0;
  // Services with their current standard, ordered by group then name.
  [[nodiscard]] virtual Result<std::vector<domain::Service>> ListServices(PemdaId pemda) = 0;
  // kNotFound when the code is unknown.
  [[nodiscard]] virtual Result<domain::Service> FindService(PemdaId pemda,
                                                            std::string_view code) = 0;
  // All versions of a service's standard, oldest first.
  [[nodiscard]] virtual Result<std::vector<domain::ServiceStandard>> ListServiceStandards(
      PemdaId pemda, std::string_view code) = 0;

  // --- Cases ---------------------------------------------------------------
  // Writes the case and its `submitted` event in one group-committed
  // transaction, then calls `done` (on an internal thread) with the receipt
  // — only after the commit is durable. Errors: kConflict when the
  // idempotency key was used for a different request, kUnavailable when the
  // database cannot commit.
  virtual void SubmitCase(NewCase c, SubmitCallback done) = 0;

  // Writes many cases in one transaction (imports, demo data); all or none.
  [[nodiscard]] virtual Result<std::vector<SubmitReceipt>> SubmitCases(
      std::vector<NewCase> cases) = 0;

  // The case with that id, including the reporter's contact (callers decide
  // what to reveal). kNotFound when absent or of another Pemda.
  [[nodiscard]] virtual Result<domain::Case> FindCase(PemdaId pemda, CaseId id) = 0;

  // The case and its events in one read. The reporter's contact is filled
  // in only when `with_reporter` (public views skip that look-up).
  // kNotFound when absent or of another Pemda.
  [[nodiscard]] virtual Result<CaseWithEvents> FindCaseWithEvents(PemdaId pemda, CaseId id,
                                                                  bool with_reporter) = 0;

  [[nodiscard]] virtual Result<CasePage> ListCases(PemdaId pemda, const CaseFilter& filter) = 0;

  [[nodiscard]] virtual Result<int64_t> CountCases(PemdaId pemda) = 0;

  // The case's events, oldest first.
  [[nodiscard]] virtual Result<std::vector<domain::CaseEvent>> ListCaseEvents(PemdaId pemda,
                                                                              CaseId id) = 0;

  // Re-computes every event's hash and the chain links.
  [[nodiscard]] virtual Result<AuditReport> VerifyAuditChain() = 0;

  // --- Accounts ------------------------------------------------------------
  // kConflict when the username exists in that Pemda.
  [[nodiscard]] virtual Result<int64_t> CreateUser(const domain::User& user) = 0;
  [[nodiscard]] virtual Result<domain::User> FindUser(PemdaId pemda, std::string_view username) = 0;
  [[nodiscard]] virtual Status SaveSession(const Credential& session) = 0;
  // kNotFound when unknown or expired at `now`.
  [[nodiscard]] virtual Result<Credential> FindSession(std::string_view secret_hash,
                                                       Timestamp now) = 0;
  [[nodiscard]] virtual Status DeleteSession(std::string_view secret_hash) = 0;
  [[nodiscard]] virtual Status SaveApiKey(const Credential& key) = 0;
  [[nodiscard]] virtual Result<Credential> FindApiKey(std::string_view secret_hash) = 0;
};

}  // namespace sigap::store
