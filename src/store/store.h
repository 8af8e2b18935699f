#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/case.h"
#include "domain/case_event.h"
#include "domain/catalogue.h"
#include "domain/category.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "domain/user.h"
#include "store/alert_types.h"

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
  domain::Handling handling;    // the verification deadline (InitialHandling)
  domain::Placement placement;  // kelurahan/kecamatan from the point, routing proposal
  // Imports keep the original status (and its handling above); new cases
  // are received. `history` is written after the `submitted` event, e.g.
  // an `imported` event naming the source system.
  domain::CaseStatus status = domain::CaseStatus::kReceived;
  std::vector<domain::EventDraft> history;
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

// Aggregate figures of a Pemda's cases for dashboards and the public
// transparency page: no case, no text, no person, only counts.
struct CaseStatsQuery {
  Timestamp from{};                   // cases received from (inclusive)...
  Timestamp until{};                  // ...until (exclusive)
  Timestamp now{};                    // for "open" and "overdue", which are as of now
  std::string agency_code;            // "" = every agency; else cases led by it
  int utc_offset_minutes = 7 * 60;    // months and days are the Pemda's local ones
  bool include_confidential = false;  // officers' figures; the public's leave them out
};
struct StatsCount {
  std::string key;
  int64_t count = 0;
};
struct AgencyStats {
  std::string agency_code;
  int64_t received = 0;                // led by it, received in the window
  int64_t resolved = 0;                // of those, resolved or closed now
  int64_t open = 0;                    // held by it (disposed) and open now, received any time
  int64_t overdue = 0;                 // of those, past their stage's deadline now
  double median_days_to_resolve = -1;  // calendar days; -1 when none resolved
};
struct MonthStats {
  std::string month;  // "2026-03", local
  int64_t received = 0;
  int64_t resolved = 0;  // of those received that month, resolved or closed now
};
struct CaseStats {
  int64_t received = 0;  // received in the window (cases merged into another left out)
  int64_t resolved = 0;  // of those, resolved or closed now
  int64_t rejected = 0;
  int64_t open = 0;                    // open now, received any time
  int64_t overdue = 0;                 // of those, past their stage's deadline now
  double median_days_to_resolve = -1;  // received in the window and resolved
  std::vector<StatsCount> by_status, by_kind, by_service, by_kecamatan;  // largest first
  std::vector<StatsCount>
      by_kelurahan;                    // largest first: the point's kelurahan, else the stated one
  std::vector<AgencyStats> by_agency;  // most open first
  std::vector<MonthStats> by_month;    // by month
};

// Which cases to list. Empty fields do not filter.
struct CaseFilter {
  std::optional<domain::CaseStatus> status;
  std::optional<domain::CaseKind> kind;
  std::string agency_code;
  std::string service_code;
  std::string region_prefix;  // "33.74.01" matches the kecamatan and its kelurahan
  std::string text;           // full-text search over title and description
  // Cases whose running deadline is in this state at `now` (on_track,
  // due_soon, overdue, paused, or awaiting_calendar: a stage runs without
  // a deadline); kNone does not filter.
  domain::DeadlineState deadline = domain::DeadlineState::kNone;
  Timestamp now{};
  std::string assignee;  // the officer in charge
  // Visibility, set by the use case from the principal's role: the cases
  // these agencies lead or support, once disposed (none: no restriction),
  // and with them the cases overseen_agencies lead or support that are not
  // confidential (a head's units, domain::OverseesAgency).
  std::vector<std::string> only_agencies;
  std::vector<std::string> overseen_agencies;
  bool exclude_confidential = false;
  // Confidential cases only when not yet handled or handled by this verifier.
  std::string confidential_verifier;
  CaseId before = 0;  // cursor: cases with a smaller id (newest first)
  int limit = 50;     // at most 1000
  // Open311 GET requests (indexed by migration 0004). Empty lists and
  // absent times do not filter; `from` bounds include, `until` exclude.
  std::vector<CaseId> ids;                   // only these cases
  std::vector<std::string> service_codes;    // any of these services
  std::vector<domain::CaseStatus> statuses;  // any of these statuses
  std::optional<Timestamp> created_from, created_until;
  std::optional<Timestamp> updated_from, updated_until;
  int offset = 0;  // skip this many matches (page/page_size), newest first
  // Newest first (paged by `before`), or the nearest running deadline first:
  // overdue cases first, cases without a running deadline last, paged after
  // the previous page's last case: its running deadline (none when it had
  // none) and its id (0: from the top).
  bool by_deadline = false;
  std::optional<Timestamp> after_due;
  CaseId after_id = 0;
};

struct CasePage {
  std::vector<domain::Case> cases;
  CaseId next_cursor = 0;  // newest first: 0 when this is the last page
  // By deadline: the last case of this page, for CaseFilter::after_due and
  // after_id; next_after_id 0 when this is the last page.
  std::optional<Timestamp> next_after_due;
  CaseId next_after_id = 0;
};

// A case with its events, read in one consistent snapshot.
struct CaseWithEvents {
  domain::Case c;
  std::vector<domain::CaseEvent> events;  // oldest first
};

// A public event of a case, for Open311 servicerequestupdates: with the
// case's tracking code and the kind and payload of the case's previous
// public event that is not a public_update or info_provided (the status
// the update was written in; empty for none).
// Which public events ListPublicEvents reads, for the Open311 updates feed.
struct PublicEventQuery {
  Timestamp from{};
  Timestamp until{};                         // exclusive
  int limit = 1000;                          // 1..10000
  int64_t offset = 0;                        // skipped first, for paging
  std::vector<std::string> skip_kinds = {};  // event kinds left out
};

struct PublicEvent {
  domain::CaseEvent event;
  std::string tracking_code;
  std::string previous_kind;
  std::string previous_payload;
  std::string reporter_name;  // to mask its words (domain::MaskPersonalText)
};

// Routing by place (issue 5): service × region → lead agency. `region_code`
// is a kelurahan or kecamatan code, or "*" for everywhere in the Pemda.
struct RoutingRule {
  int64_t id = 0;
  std::string service_code;
  std::string region_code;
  std::string agency_code;
  std::string created_by;
  Timestamp created_at{};
};

// Open cases of a service near a point, for duplicates (issue 5).
struct NearbyQuery {
  std::string service_code;
  double min_lat = 0, max_lat = 0, min_lng = 0, max_lng = 0;  // the bounding box
  Timestamp since{};                                          // created at or after
  int limit = 200;                                            // at most 1000
};

// A citizen supporting a case (+1). `supporter_key` is the keyed hash that
// says who it is without saying it; `email` (may be empty) is where to tell
// them about the case, never shown.
struct NewSupporter {
  std::string supporter_key;
  std::string email;
  Timestamp at{};
};

struct SupportOutcome {
  int64_t supporters = 0;  // the count now
  bool added = false;      // false when this supporter had already supported it
  int64_t version = 0;     // the case version now
};

// A change as written: the case after it (new version) and its events
// (ids and hashes filled in).
struct AppliedChange {
  domain::Case c;
  std::vector<domain::CaseEvent> events;
};

// Decides, inside the write transaction, what to change given the cases as
// they are now (in the order asked for). Runs on the store's writer
// thread: it must be quick and must not call the store.
using DecideChanges = std::function<Result<std::vector<domain::CaseChange>>(
    const std::vector<domain::Case>& current)>;
using ChangeCallback = std::function<void(Result<std::vector<AppliedChange>>)>;

// A case whose deadline needs a look.
struct DueCheck {
  PemdaId pemda_id = 0;
  CaseId case_id = 0;
};

// Result of re-computing the audit chain.
struct AuditReport {
  int64_t events_checked = 0;
  int64_t cases_checked = 0;  // case rows compared with their events
  bool ok = true;
  int64_t first_bad_event = 0;  // id of the first event that does not verify (or of the
                                // submitted event of the first case row that differs; 0
                                // when that row has none)
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

// An API key of another system (migration 0023). Only the SHA-256 of the
// key is stored, and it is never listed.
struct ApiKey {
  std::string secret_hash;              // SaveApiKey only; ListApiKeys leaves it empty
  domain::Principal principal;          // pemda_id, name, role, agency_code
  std::string hint;                     // the key's last 4 characters; "" for keys older than 0023
  Timestamp created_at{};               // the epoch for keys older than 0023
  std::string created_by;               // the actor: "user:NAME", "apikey:NAME" or "cli"
  std::optional<Timestamp> revoked_at;  // unset while the key is in use
  std::string revoked_by;
};

// One message of the notification outbox (migration 0003): what to tell
// (`template_name`, the event kind, with `payload`, a JSON object without
// personal data) to whom (`channel` and `audience`).
struct OutboxMessage {
  int64_t id = 0;
  PemdaId pemda_id = 0;
  CaseId case_id = 0;
  int64_t event_id = 0;
  std::string channel;   // "email" or "webhook"
  std::string audience;  // reporter | agency:CODE | agency_head:CODE | user:NAME | inspectorate
                         // | webhook:ID
  std::string template_name;
  std::string payload;
  Timestamp created_at{};
  int attempts = 0;  // failed attempts so far
  std::string last_error;
};

// A subscriber to case events, called with a signed JSON POST.
struct Webhook {
  int64_t id = 0;
  PemdaId pemda_id = 0;
  std::string url;
  std::string secret;               // HMAC-SHA256 key; empty in listings
  std::vector<std::string> events;  // event kinds; empty = every public one
  bool active = true;
  Timestamp created_at{};
};

// Why a Pemda's row of its own working calendar (migration 0003) is there.
// Every kind but kCancelled makes its date a day off; on a date the data
// files (data/calendar/YYYY.json) list, it replaces their name and kind.
enum class CalendarDayKind {
  kRegional,     // a day off the Pemda declares for itself (hari jadi, regional holiday)
  kNational,     // libur nasional added or renamed after a revised decree
  kCutiBersama,  // cuti bersama added or renamed after a revised decree
  kCancelled,    // a day the data files list that is a working day after all
};

// One row of a Pemda's own calendar, keyed by (Pemda, date).
struct CalendarDay {
  std::chrono::year_month_day date;  // local date of the Pemda
  std::string name;                  // in Bahasa Indonesia, as the decree names it
  CalendarDayKind kind = CalendarDayKind::kRegional;
  std::string created_by;  // actor, e.g. "user:admin" or "cli:root"
  Timestamp created_at{};
};

// A year's national calendar a Pemda installed through Sigap (migration
// 0022): the SKB 3 Menteri's days off and cuti bersama as a JSON document
// in the format of data/calendar/YYYY.json (app::ParseCalendarYear reads
// it), who installed it and when.
struct CalendarYearRow {
  int year = 0;
  std::string document;
  std::string installed_by;  // actor, e.g. "user:admin" or "cli:root"
  Timestamp installed_at{};
};

// A satisfaction survey (SKM, issue 6, migration 0006) of one service unit
// over a period: the 9 elements of PermenPAN-RB 14/2017, then the unit's
// own `extra_elements` (code, name); `weights` empty means exactly 1/n.
struct Survey {
  int64_t id = 0;
  PemdaId pemda_id = 0;
  std::string unit_code;                               // an agency code
  std::string service_code;                            // "" = every service of the unit
  std::string period;                                  // "2026-Q1"
  std::chrono::year_month_day starts_on{}, ends_on{};  // local dates, inclusive
  std::vector<std::pair<std::string, std::string>> extra_elements;
  std::vector<double> weights;
  std::string created_by;
  Timestamp created_at{};
};

// One anonymous respondent of a survey. `answers` has one value per element
// of the survey, 0 = not answered, else 1..4.
struct SurveyResponse {
  int64_t id = 0;  // set by the store
  PemdaId pemda_id = 0;
  int64_t survey_id = 0;
  std::vector<uint8_t> answers;
  std::chrono::year_month_day answered_on{};
  std::string service_code;
  std::string jenis_kelamin, usia, pendidikan, pekerjaan;
  std::string saran;
  CaseId case_id = 0;           // 0 = not linked to a case
  std::string channel = "api";  // web | import | api
  Timestamp created_at{};
  // An imported row's key (migration 0030): a response of the survey with
  // the same key is that row imported before, and is not written again.
  std::string import_key;
};

// One file of responses imported into a survey (`sigap import survey`,
// migration 0025). `fingerprint` is a hash of the responses as imported,
// so the same file, saved again with other line ends, is known.
struct SurveyImport {
  PemdaId pemda_id = 0;
  int64_t survey_id = 0;  // 0 with a new survey (Store::ImportSurveyResponses)
  std::string fingerprint;
  std::string file_name;
  std::string imported_by;  // actor, e.g. "cli:import"
  Timestamp imported_at{};
  // Nothing is written, and kConflict on "file" (its detail the count) is
  // returned, when any response has a key the survey has already: whether
  // those are the same respondents or others who answered alike is the
  // importer's call, not the store's.
  bool refuse_repeats = false;
};

struct SurveyImportResult {
  int64_t survey_id = 0;
  std::vector<int64_t> ids;             // the responses written, in order
  size_t already = 0;                   // rows whose key the survey had: not written
  std::optional<SurveyImport> earlier;  // set, and nothing written, when the
                                        // survey took these responses before
};

// A reporter's rating of a resolved case (1..5 stars), once per resolution:
// a case reopened and resolved again may be rated again.
struct CaseRating {
  CaseId case_id = 0;
  PemdaId pemda_id = 0;
  std::string agency_code;
  int stars = 0;
  std::string comment;
  Timestamp created_at{};
  int resolution = 1;  // which of the case's resolutions: 1 for its first `resolved`
};

// The bytes of a file attached to a case, named by their SHA-256.
struct StoredFile {
  std::string sha256;  // hex
  std::string content_type;
  std::string data;
  Timestamp created_at{};
};

// A text classifier trained from the Pemda's dispositions (issue 8,
// migration 0011): the model file's bytes, kept with every earlier one so
// that a rollback is one activation.
struct TextModelRecord {
  int64_t id = 0;
  std::string version;  // Classifier::version(), a hash of `data`
  std::string label;    // what it predicts: "agency"
  std::string data;     // the model file (routing::text::Classifier::Save)
  int64_t examples = 0;
  // Its top-1 accuracy on the latest dispositions it was not trained on,
  // when it was promoted (-1: no held-out dispositions).
  double holdout_top1 = -1;
  bool active = false;
  std::string created_by;
  Timestamp created_at{};
};

// A Pemda's policy for routing by text (issue 8, migration 0016). Every
// change is kept; the latest applies. `id` 0: nothing saved yet, the
// defaults apply.
struct TextRoutingSettings {
  int64_t id = 0;
  // Propose only (false), or dispose a case without a verifier when the
  // model is at least as sure as the threshold that reaches
  // `target_precision` on its validation data.
  bool auto_dispose = false;
  double target_precision = 0.95;
  double min_confidence = 0.2;  // below it the model proposes nothing
  // New dispositions that start a retraining; 0 (the default): only when
  // an administrator asks, so that no model changes by itself until the
  // Pemda decides it may.
  int retrain_min_new = 0;
  std::string reason;
  std::string changed_by;
  Timestamp changed_at{};
};

// A case disposed to an agency: what a text model learns from.
struct Disposition {
  CaseId case_id = 0;
  std::string title;
  std::string description;
  std::string agency_code;  // the lead agency now (after any forwarding)
  Timestamp disposed_at{};
  std::string category_code;  // the case's category now, "" when it has none
};

// A received case without a routing_suggested event (Store::
// ListUnsuggestedCases): what the text router reads to catch up, and the
// version its suggestion is written against.
struct UnsuggestedCase {
  CaseId case_id = 0;
  int64_t version = 0;
  Timestamp filed_at{};
  std::string title;  // these two without the words of the reporter's name
  std::string description;
};

// A policy rule as stored (issue 10, migration 0012): every save is a new
// version; the rule's `definition` is its canonical JSON (adapt::
// PolicyRuleToJson), the store does not read it. Saving a new version
// disables the rule until someone enables it again, so nothing untried goes
// live by itself.
struct PolicyRuleVersion {
  int version = 0;
  std::string name;
  std::string basis;
  std::string definition;  // JSON
  std::string created_by;  // actor, e.g. "user:admin" or "cli:root"
  Timestamp created_at{};
};

// Who did what to a rule: "saved", "enabled" or "disabled", with the version
// it concerned.
struct PolicyRuleAudit {
  int version = 0;
  std::string action;
  std::string actor;
  Timestamp at{};
};

struct StoredPolicyRule {
  int64_t id = 0;  // stable across versions
  PemdaId pemda_id = 0;
  bool enabled = false;
  PolicyRuleVersion current;                // the newest version
  std::vector<PolicyRuleVersion> versions;  // FindPolicyRule only: newest first
  std::vector<PolicyRuleAudit> audit;       // FindPolicyRule only: newest first
  Timestamp updated_at{};
};

// Where a Pemda's rule runner stands (issue 10, migration 0014): what it has
// read, and the global kill switch. A Pemda without a row reads as a runner
// that starts now: at its newest case event and alert, `started` false.
struct PolicyRunState {
  int64_t last_event_id = 0;  // the last case event evaluated
  int64_t last_alert_id = 0;  // the last alert evaluated
  std::string last_daily;     // YYYY-MM-DD (local): the last day schedule rules ran
  // The temporary services rules opened, and the local day each closes.
  struct TemporaryService {
    std::string code;
    std::string until;  // YYYY-MM-DD
  };
  std::vector<TemporaryService> temporary;
  bool started = false;  // a row exists: the runner has run before
  bool killed = false;   // the kill switch: no rule acts
  std::string killed_by;
  std::optional<Timestamp> killed_at;
};

// What ImportCategories did: categories new to the Pemda, and categories it
// had whose name or main category the import set.
struct CategoryImport {
  int added = 0;
  int updated = 0;
};

// Ratings counted per agency.
struct RatingCount {
  std::string agency_code;
  int64_t count = 0;
  int64_t by_stars[5] = {0, 0, 0, 0, 0};  // ratings with 1..5 stars
};

// Told about every group commit, for metrics: OnCommit on the writer thread.
class CommitObserver {
 public:
  virtual ~CommitObserver() = default;
  virtual void OnCommit(size_t batch_size, std::chrono::nanoseconds commit_time) = 0;
  // A WAL checkpoint (SQLite) copied `pages` back into the database file,
  // on the checkpointer's thread or, when the WAL had grown too long, on
  // the writer's: implementations must be thread-safe.
  virtual void OnCheckpoint(int /*pages*/, std::chrono::nanoseconds /*time*/, bool /*in_writer*/) {}
};

// A rebuild's reading of a Pemda's history (Store::OpenSignalReplay):
// the batches ReplaySignalsInto reads, one after the other. Used by one
// thread.
class SignalReplay {
 public:
  virtual ~SignalReplay() = default;
  // The batch after the one before (after the cursor the replay was opened
  // at, first) into `batch`, as ReplaySignalsInto; after the last one
  // (more = false) there is nothing more to read.
  [[nodiscard]] virtual Status Next(SignalBatch& batch) = 0;
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

  // A `sigap serve` process serves one Pemda of a database that may hold
  // several (README, "A new Pemda"), with its own settings. From this call
  // on, ListPemdas returns that one alone and the deployment-wide queues
  // (DueChecks, AwaitingDeadlines, ClaimOutbox, PurgeUnnamedFiles) hold only
  // its rows, so that its background work (the deadline sweep, the outbox,
  // the alerts, the rules, retraining) never acts on another Pemda with this
  // process's escalation chain, sender or model. 0, the default, is every
  // Pemda (the CLI's commands).
  void ServeOnly(PemdaId pemda) { served_.store(pemda); }
  PemdaId served() const { return served_.load(); }

  // Counts changes to the service catalogue (services, their standards,
  // routing rules) and the regions: this store's own catalogue changes,
  // each right after its commit (its regions are only ever added or
  // renamed, so a region read stays good without them), and
  // those another node or the command line made, once a CacheListener has
  // heard of them and the server said so (NoteCatalogueChange). What is
  // read of the catalogue after a count stays good until the count moves
  // (app::CaseIntake keeps it so).
  uint64_t CatalogueChanges() const { return catalogue_changes_.load(); }
  void NoteCatalogueChange() { catalogue_changes_.fetch_add(1); }

  // Brings the schema to the newest version. Returns the version now in
  // force. Safe to call any number of times.
  [[nodiscard]] virtual Result<int> Migrate() = 0;

  // Returns a secret named `name` of `bytes` random bytes, creating it the
  // first time. Used for the tracking-code and reporter-secret keys.
  [[nodiscard]] virtual Result<std::string> LoadOrCreateSecret(std::string_view name,
                                                               size_t bytes) = 0;

  // Returns kUnavailable when the database cannot be read. Its message says
  // why in words fit for a public readiness probe: no host, user or path.
  [[nodiscard]] virtual Status Ping() = 0;
  // The read connections of a bounded pool (PostgreSQL), for /metrics;
  // `limit` 0 when the engine keeps none (SQLite opens readers on demand).
  struct PoolStats {
    size_t limit = 0;               // most read connections open at once
    size_t open = 0;                // borrowed or idle
    size_t idle = 0;                // open and free
    size_t waiting = 0;             // requests waiting for a free one now
    uint64_t acquire_timeouts = 0;  // waits that ended without one
    uint64_t connect_failures = 0;  // new connections the server refused
  };
  [[nodiscard]] virtual PoolStats ReadPool() const { return {}; }
  // Says why the database could be read but not written: kPermissionDenied
  // for a file or directory the server's user may not write (a restore done
  // as root), kUnavailable for a disk nearly full. Readiness says so, so a
  // node that would answer every submission with 503 is taken out.
  [[nodiscard]] virtual Status CheckWritable() = 0;

  // --- Catalogue -----------------------------------------------------------
  // Creates or updates a Pemda by code; returns its id.
  [[nodiscard]] virtual Result<PemdaId> SavePemda(const domain::Pemda& pemda) = 0;
  // kNotFound when no Pemda has that code.
  [[nodiscard]] virtual Result<domain::Pemda> FindPemda(std::string_view code) = 0;
  // Every Pemda, ordered by code.
  [[nodiscard]] virtual Result<std::vector<domain::Pemda>> ListPemdas() = 0;
  [[nodiscard]] virtual Status SaveAgency(PemdaId pemda, const domain::Agency& agency) = 0;
  // As SaveAgency for a new code only: kConflict naming `code` ("taken")
  // when the Pemda has it, even one another node wrote a moment ago.
  [[nodiscard]] virtual Status CreateAgency(PemdaId pemda, const domain::Agency& agency) = 0;
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
  // Sets the residents of regions (code → population) in one transaction:
  // all or nothing. kNotFound naming the first code that is not a region of
  // the Pemda.
  [[nodiscard]] virtual Status SetRegionPopulation(
      PemdaId pemda, const std::vector<std::pair<std::string, int64_t>>& residents) = 0;
  // Creates the service, or updates it; when its standard differs from the
  // current one a new standard version is written (older versions stay).
  // Returns the standard version now in force.
  [[nodiscard]] virtual Result<int> SaveService(PemdaId pemda, const domain::Service& service) = 0;
  // Creates the service with its first standard (version 1), in one
  // transaction. kConflict when the Pemda has a service with that code.
  [[nodiscard]] virtual Status CreateService(PemdaId pemda, const domain::Service& service) = 0;
  // Services with their current standard, ordered by group then name.
  [[nodiscard]] virtual Result<std::vector<domain::Service>> ListServices(PemdaId pemda) = 0;
  // kNotFound when the code is unknown.
  [[nodiscard]] virtual Result<domain::Service> FindService(PemdaId pemda,
                                                            std::string_view code) = 0;
  // All versions of a service's standard, oldest first.
  [[nodiscard]] virtual Result<std::vector<domain::ServiceStandard>> ListServiceStandards(
      PemdaId pemda, std::string_view code) = 0;

  // --- Category taxonomy (issue 8, migration 0015, category_rows.h) --------
  // Every category of the Pemda, retired ones too: each main category (by
  // code) followed by its sub-categories (by name, then code). Empty when
  // the Pemda has no taxonomy.
  [[nodiscard]] virtual Result<std::vector<domain::Category>> ListCategories(PemdaId pemda) = 0;
  // kNotFound when the Pemda has no category with that code.
  [[nodiscard]] virtual Result<domain::Category> FindCategory(PemdaId pemda,
                                                              std::string_view code) = 0;
  // Creates the category, or updates name, parent_code and active of the
  // one with its code. kInvalidArgument naming the field: what
  // domain::ValidateCategory refuses; `parent_code` "unknown" when it is
  // not a category of the Pemda, "not_main" when it is a sub-category
  // (two levels only), "has_children" when a main category with
  // sub-categories would become one.
  [[nodiscard]] virtual Status SaveCategory(PemdaId pemda, const domain::Category& category) = 0;
  // As SaveCategory for a new code only: kConflict naming `code` ("taken")
  // when the Pemda has it, even one another node wrote a moment ago.
  [[nodiscard]] virtual Status AddCategory(PemdaId pemda, const domain::Category& category) = 0;
  // Saves many categories in one transaction, all or none, in order (a
  // main category before its sub-categories): new codes are added; known
  // codes get the name and parent_code given and keep their `active`, so
  // re-importing a taxonomy neither duplicates nor revives what the Pemda
  // retired. Errors as SaveCategory's, the message naming the entry
  // ("categories[12] (CODE): ...").
  [[nodiscard]] virtual Result<CategoryImport> ImportCategories(
      PemdaId pemda, const std::vector<domain::Category>& categories) = 0;

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
  // in only when `with_reporter` (public views skip that look-up); the
  // reporter's name always, as in every case read (ListCases, NearbyCases
  // too), so that a viewer who may not know it reads its words masked
  // (domain::MaskPersonalText). Callers clear it before showing a case.
  // kNotFound when absent or of another Pemda.
  [[nodiscard]] virtual Result<CaseWithEvents> FindCaseWithEvents(PemdaId pemda, CaseId id,
                                                                  bool with_reporter) = 0;

  [[nodiscard]] virtual Result<CasePage> ListCases(PemdaId pemda, const CaseFilter& filter) = 0;
  // Counts for dashboards (see CaseStats). One read snapshot.
  [[nodiscard]] virtual Result<CaseStats> ComputeCaseStats(PemdaId pemda,
                                                           const CaseStatsQuery& query) = 0;

  [[nodiscard]] virtual Result<int64_t> CountCases(PemdaId pemda) = 0;

  // The case's events, oldest first.
  [[nodiscard]] virtual Result<std::vector<domain::CaseEvent>> ListCaseEvents(PemdaId pemda,
                                                                              CaseId id) = 0;

  // The public events with `from` <= at < `until` of the Pemda's cases that
  // are not confidential and whose kind is not skipped, oldest first (by
  // time, then id), `offset` skipped, at most `limit`. Each comes with the
  // last public event before it that changed the case's status (not a
  // public update, information provided or a supporter's +1).
  [[nodiscard]] virtual Result<std::vector<PublicEvent>> ListPublicEvents(
      PemdaId pemda, const PublicEventQuery& query) = 0;

  // Reads the cases `ids` (all of `pemda`, with their supporting agencies)
  // inside one write transaction, calls `decide` with them and writes what
  // it returns: each case's new projection (version + 1), its events on the
  // audit chain and its notices in the outbox — all or nothing. Then calls
  // `done` (on an internal thread) after the commit. Errors: kNotFound when
  // a case is absent; kFailedPrecondition when `expected_version` is set
  // and differs from the first case's version; whatever `decide` returns.
  // An empty decision writes nothing.
  virtual void ChangeCases(PemdaId pemda, std::vector<CaseId> ids,
                           std::optional<int64_t> expected_version, DecideChanges decide,
                           ChangeCallback done) = 0;

  // ChangeCases, waiting for the outcome.
  [[nodiscard]] Result<std::vector<AppliedChange>> ChangeCasesAndWait(
      PemdaId pemda, std::vector<CaseId> ids, std::optional<int64_t> expected_version,
      DecideChanges decide);

  // Up to `limit` cases whose next deadline check is at or before `now`,
  // earliest first (an index range, not a scan).
  [[nodiscard]] virtual Result<std::vector<DueCheck>> DueChecks(Timestamp now, int limit) = 0;

  // Up to `limit` cases after case id `after`, by id, whose running stage
  // has no deadline: it reached a year the calendar did not cover when the
  // stage began (domain::DecideDeadlineCount counts it once the year is
  // installed). An index of those few cases, not a scan.
  [[nodiscard]] virtual Result<std::vector<DueCheck>> AwaitingDeadlines(CaseId after,
                                                                        int limit) = 0;

  // Up to `limit` cases of `pemda` after case id `after`, by id, with a
  // deadline that may still move: a running stage due at or after `from`,
  // or a reopening window open until at or after it (domain::
  // DecideDeadlineRecount moves them when the Pemda's calendar changes). A
  // scan of the Pemda's cases: for a change of its calendar, not a sweep.
  [[nodiscard]] virtual Result<std::vector<DueCheck>> RunningDeadlines(PemdaId pemda,
                                                                       Timestamp from, CaseId after,
                                                                       int limit) = 0;

  // Re-computes every event's hash and the chain links.
  [[nodiscard]] virtual Result<AuditReport> VerifyAuditChain() = 0;

  // --- Routing by place, nearby cases, support (issue 5) -------------------
  // The Pemda's routing rules; for one service when `service_code` is not
  // empty. Ordered by service, then region.
  [[nodiscard]] virtual Result<std::vector<RoutingRule>> ListRoutingRules(
      PemdaId pemda, std::string_view service_code) = 0;
  // Creates the rule, or replaces the agency of the rule with the same
  // service and region. Returns its id.
  [[nodiscard]] virtual Result<int64_t> SaveRoutingRule(PemdaId pemda, const RoutingRule& rule) = 0;
  // kNotFound when the Pemda has no rule with that id.
  [[nodiscard]] virtual Status DeleteRoutingRule(PemdaId pemda, int64_t id) = 0;

  // Cases of the service in the box, created since `since`, open
  // (received, verified, needs_info, disposed, in_progress) and not
  // confidential; without the reporter. An index range (migration 0042),
  // not a scan of the cases. The newest first, at most `limit` of them;
  // the caller ranks them.
  [[nodiscard]] virtual Result<std::vector<domain::Case>> NearbyCases(PemdaId pemda,
                                                                      const NearbyQuery& q) = 0;

  // Records a supporter of the case in one transaction: once per
  // supporter_key; a new supporter bumps the count and the case version and
  // appends a public `supported` event. kNotFound when the case is absent.
  [[nodiscard]] virtual Result<SupportOutcome> AddSupporter(PemdaId pemda, CaseId id,
                                                            const NewSupporter& supporter) = 0;

  // --- Accounts ------------------------------------------------------------
  // kConflict when the username exists in that Pemda.
  [[nodiscard]] virtual Result<int64_t> CreateUser(const domain::User& user) = 0;
  [[nodiscard]] virtual Result<domain::User> FindUser(PemdaId pemda, std::string_view username) = 0;
  // The Pemda's officer accounts, by username.
  [[nodiscard]] virtual Result<std::vector<domain::User>> ListUsers(PemdaId pemda) = 0;
  // Writes role, agency, active, e-mail and password hash of the account
  // (pemda_id, username); with `end_sessions`, also signs it out everywhere
  // in the same transaction. kNotFound when there is no such account.
  [[nodiscard]] virtual Status UpdateUser(const domain::User& user, bool end_sessions) = 0;
  [[nodiscard]] virtual Status SaveSession(const Credential& session) = 0;
  // kNotFound when unknown or expired at `now`.
  [[nodiscard]] virtual Result<Credential> FindSession(std::string_view secret_hash,
                                                       Timestamp now) = 0;
  [[nodiscard]] virtual Status DeleteSession(std::string_view secret_hash) = 0;
  // kConflict naming `name` when the Pemda has a key of that name, in use
  // or revoked (a name stays that system's in the events it wrote).
  [[nodiscard]] virtual Status SaveApiKey(const ApiKey& key) = 0;
  // The key in use behind a hash. kNotFound when unknown or revoked.
  [[nodiscard]] virtual Result<Credential> FindApiKey(std::string_view secret_hash) = 0;
  // The Pemda's API keys, revoked ones included, by name.
  [[nodiscard]] virtual Result<std::vector<ApiKey>> ListApiKeys(PemdaId pemda) = 0;
  // Revokes the Pemda's key `name` (refused from the next request on, on
  // every node) and records who did it when. kNotFound when the Pemda has no
  // key of that name; a revoked key stays as it was revoked.
  [[nodiscard]] virtual Status RevokeApiKey(PemdaId pemda, std::string_view name,
                                            std::string_view actor, Timestamp at) = 0;

  // --- Calendar ------------------------------------------------------------
  // Creates the Pemda's row for `day.date`, or replaces the row it has for
  // that date. kInvalidArgument naming `date` when the date is not valid;
  // kConflict when no Pemda has that id.
  [[nodiscard]] virtual Status SaveCalendarDay(PemdaId pemda, const CalendarDay& day) = 0;
  // Removes the Pemda's row for `date`. kNotFound when it has none.
  [[nodiscard]] virtual Status DeleteCalendarDay(PemdaId pemda,
                                                 std::chrono::year_month_day date) = 0;
  // The Pemda's rows, by date.
  [[nodiscard]] virtual Result<std::vector<CalendarDay>> ListCalendarDays(PemdaId pemda) = 0;
  // Installs a year's calendar for the Pemda, or replaces the one it has
  // for that year. kConflict when no Pemda has that id.
  [[nodiscard]] virtual Status SaveCalendarYear(PemdaId pemda, const CalendarYearRow& year) = 0;
  // The years the Pemda installed, by year.
  [[nodiscard]] virtual Result<std::vector<CalendarYearRow>> ListCalendarYears(PemdaId pemda) = 0;

  // --- Notifications -------------------------------------------------------
  // The outbox rows are written by the case lifecycle, in the transaction of
  // the event they tell about; a notify::Dispatcher delivers them.

  // Sets the officer's e-mail address ("" removes it). kNotFound when the
  // user does not exist.
  [[nodiscard]] virtual Status SaveUserEmail(PemdaId pemda, std::string_view username,
                                             std::string_view email) = 0;

  // Takes up to `limit` messages due at `now` (next_attempt_at <= now), the
  // longest-waiting first, and in the same write moves their next attempt to
  // `lease_until`, so that no other sender takes them meanwhile; a sender
  // that dies mid-send leaves them to be retried once the lease passes.
  // `channel` ("email", "webhook") restricts the claim; "" takes every channel.
  [[nodiscard]] virtual Result<std::vector<OutboxMessage>> ClaimOutbox(
      Timestamp now, Timestamp lease_until, int limit, std::string_view channel) = 0;

  // The addresses an e-mail message goes to, by its audience: `reporter`
  // (the reporter of the case and of every case merged into it),
  // `supporters` (the supporters of the case and of every case merged into
  // it),
  // `agency:CODE` (active officers and heads of that agency),
  // `agency_head:CODE` (its active heads), `verifiers` (the Pemda's active
  // verifiers), `leaders` (its active leaders and administrators),
  // `user:NAME` (that active user).
  // Empty addresses are skipped; the list is sorted and without duplicates,
  // and may be empty. kInvalidArgument for any other audience (the
  // inspectorate's addresses are configuration, not data).
  [[nodiscard]] virtual Result<std::vector<std::string>> EmailRecipients(
      const OutboxMessage& message) = 0;

  // Marks a message delivered at `at`; `note` (may be empty) is kept in
  // last_error, e.g. why there was nobody to send it to. kNotFound when
  // there is no such message.
  [[nodiscard]] virtual Status CompleteOutbox(int64_t id, Timestamp at, std::string_view note) = 0;

  // Records a failed attempt: the attempt count, the next attempt (nullopt:
  // given up) and the error. kNotFound when there is no such message.
  [[nodiscard]] virtual Status RetryOutbox(int64_t id, int attempts,
                                           std::optional<Timestamp> next_attempt,
                                           std::string_view error) = 0;

  // Registers a webhook subscriber (its url, secret and events); returns its
  // id.
  [[nodiscard]] virtual Result<int64_t> CreateWebhook(const Webhook& webhook) = 0;
  // The active webhooks of a Pemda, oldest first, without their secrets.
  [[nodiscard]] virtual Result<std::vector<Webhook>> ListWebhooks(PemdaId pemda) = 0;
  // A webhook with its secret, active or not (messages queued before a
  // deletion find it inactive). kNotFound when the id is unknown.
  [[nodiscard]] virtual Result<Webhook> WebhookTarget(int64_t id) = 0;
  // Deactivates a webhook and forgets its secret (ids are never reused, so
  // queued messages cannot reach a later subscriber). kNotFound when absent,
  // of another Pemda or already deleted.
  [[nodiscard]] virtual Status DeleteWebhook(PemdaId pemda, int64_t id) = 0;

  // --- Satisfaction (issue 6, sqlite_survey.cc) ----------------------------
  // Writes a survey; returns its id.
  [[nodiscard]] virtual Result<int64_t> CreateSurvey(const Survey& survey) = 0;
  // The Pemda's surveys, oldest first.
  [[nodiscard]] virtual Result<std::vector<Survey>> ListSurveys(PemdaId pemda) = 0;
  // Writes responses in one transaction, all or none; returns their ids in
  // order. kConflict when a response links a case that already answered
  // that survey; kNotFound when a survey is absent.
  [[nodiscard]] virtual Result<std::vector<int64_t>> AddSurveyResponses(
      std::vector<SurveyResponse> responses) = 0;
  // One file's responses, all or none, in one transaction: `new_survey`
  // first when given (kConflict on `period` when its unit, service and
  // period have a survey), else the survey `import.survey_id`; then the
  // responses and the import's record. When the survey recorded an import
  // with the same fingerprint, nothing is written and `earlier` tells when.
  [[nodiscard]] virtual Result<SurveyImportResult> ImportSurveyResponses(
      const std::optional<Survey>& new_survey, const SurveyImport& import,
      std::vector<SurveyResponse> responses) = 0;
  // Up to `limit` of the Pemda's responses with an id above `after`, in id
  // order (the in-memory tally catches up with these).
  [[nodiscard]] virtual Result<std::vector<SurveyResponse>> ListSurveyResponses(PemdaId pemda,
                                                                                int64_t after,
                                                                                int limit) = 0;
  // Writes a rating. kConflict when that resolution of the case was rated
  // already; kNotFound when the Pemda has no such case.
  [[nodiscard]] virtual Status SaveCaseRating(const CaseRating& rating) = 0;
  // The case's ratings, one per resolution rated, by resolution (none: empty).
  [[nodiscard]] virtual Result<std::vector<CaseRating>> ListCaseRatings(PemdaId pemda,
                                                                        CaseId id) = 0;
  // Ratings given in [from, until) per agency, by agency code; one agency
  // only when not "".
  [[nodiscard]] virtual Result<std::vector<RatingCount>> CountCaseRatings(
      PemdaId pemda, std::string_view agency_code, Timestamp from, Timestamp until) = 0;

  // --- Attached files (sqlite_files.cc) ------------------------------------
  // Keeps a file once per Pemda: saving bytes already kept changes nothing.
  // A new file is unnamed until an event names it (PurgeUnnamedFiles).
  [[nodiscard]] virtual Status SaveFile(PemdaId pemda, const StoredFile& file) = 0;
  // kNotFound when the Pemda keeps no file with that hash.
  [[nodiscard]] virtual Result<StoredFile> FindFile(PemdaId pemda, std::string_view sha256) = 0;
  // Deletes the files of every Pemda uploaded before `before` that no case
  // or action has named (an event whose "attachments" names the file marks
  // it, in the event's transaction). Returns how many.
  [[nodiscard]] virtual Result<int64_t> PurgeUnnamedFiles(Timestamp before) = 0;

  // --- Text models (issue 8, sqlite_text_models.cc) ------------------------
  // Keeps a model; when `activate`, it becomes the Pemda's active model of
  // its label (the one before stays, inactive). Returns its id.
  [[nodiscard]] virtual Result<int64_t> SaveTextModel(PemdaId pemda, const TextModelRecord& model,
                                                      bool activate) = 0;
  // The active model of `label`, with its bytes when `with_data`; kNotFound
  // when there is none.
  [[nodiscard]] virtual Result<TextModelRecord> FindActiveTextModel(PemdaId pemda,
                                                                    std::string_view label,
                                                                    bool with_data) = 0;
  // The Pemda's models of `label`, newest first, without their bytes.
  [[nodiscard]] virtual Result<std::vector<TextModelRecord>> ListTextModels(
      PemdaId pemda, std::string_view label) = 0;
  // Makes the model `id` the active one of its label (a rollback);
  // kNotFound when the Pemda has no such model.
  [[nodiscard]] virtual Status ActivateTextModel(PemdaId pemda, int64_t id) = 0;
  // The Pemda's policy for routing by text: the latest saved, else the
  // defaults (id 0).
  [[nodiscard]] virtual Result<TextRoutingSettings> LoadTextRoutingSettings(PemdaId pemda) = 0;
  // Its changes, newest first, at most `limit`.
  [[nodiscard]] virtual Result<std::vector<TextRoutingSettings>> ListTextRoutingSettings(
      PemdaId pemda, int limit) = 0;
  // Keeps a new version (it applies from now on); returns its id.
  [[nodiscard]] virtual Result<int64_t> SaveTextRoutingSettings(
      PemdaId pemda, const TextRoutingSettings& settings) = 0;
  // The latest `limit` cases disposed to an agency (not rejected or
  // merged), newest disposition first.
  [[nodiscard]] virtual Result<std::vector<Disposition>> ListDispositions(PemdaId pemda,
                                                                          int limit) = 0;
  // The latest `limit` cases with a category (not rejected or merged),
  // newest first by when they were disposed, else filed (that time in
  // `disposed_at`): what the category model learns from.
  [[nodiscard]] virtual Result<std::vector<Disposition>> ListCategorized(PemdaId pemda,
                                                                         int limit) = 0;
  // The Pemda's cases still `received` that have no routing_suggested
  // event, with an id in (after, upto] and filed at or before `filed_by`,
  // lowest id first, at most `limit`: the cases the text router left to the
  // verifiers (a full queue, a restart) and catches up on.
  [[nodiscard]] virtual Result<std::vector<UnsuggestedCase>> ListUnsuggestedCases(
      PemdaId pemda, CaseId after, CaseId upto, Timestamp filed_by, int limit) = 0;

  // --- Early-warning alerts (issue 9, sqlite_alerts.cc, alert_types.h) -----
  // Merges detectors' drafts into the alerts (see AlertUpsert) in order,
  // each with its opening step and notices, all in one transaction: a
  // replay of the history merges thousands at once (one commit each took
  // longer than the replay's detectors). The outcomes in the same order.
  [[nodiscard]] virtual Result<std::vector<AlertUpsertOutcome>> UpsertAlerts(
      std::span<const AlertUpsert> upserts) = 0;
  // One draft (UpsertAlerts).
  [[nodiscard]] Result<AlertUpsertOutcome> UpsertAlert(const AlertUpsert& upsert);
  [[nodiscard]] virtual Result<AlertPage> ListAlerts(PemdaId pemda, const AlertFilter& filter) = 0;
  // With its history. kNotFound when absent or of another Pemda.
  [[nodiscard]] virtual Result<StoredAlert> FindAlert(PemdaId pemda, int64_t id) = 0;
  // Moves the alert and appends the step, in one transaction; returns it
  // with its history. kNotFound; kFailedPrecondition when the lifecycle does
  // not allow the move from its current status (domain/alert_status.h).
  [[nodiscard]] virtual Result<StoredAlert> MoveAlert(PemdaId pemda, int64_t id,
                                                      const AlertMove& move) = 0;
  // Up to `limit` case events (ids above after.event_id) and up to `limit`
  // ratings (after after's time and case) of the Pemda, for the detectors.
  [[nodiscard]] virtual Result<SignalBatch> ListSignals(PemdaId pemda, const SignalCursor& after,
                                                        int limit) = 0;
  // The Pemda's history in time order, for rebuilding the detectors with
  // bounded memory: from a default cursor, case events up to the newest at
  // the first batch, and ratings, merged by time, at most `limit` of each
  // per batch; nothing in a batch is older than anything in the batch
  // before. The last batch (more = false) leaves `next` where ListSignals
  // reads what came after.
  [[nodiscard]] Result<SignalBatch> ReplaySignals(PemdaId pemda, const SignalCursor& after,
                                                  int limit);
  // The same into `batch`, whose events are overwritten in place: a
  // rebuild passes its batches round, so their strings' memory serves
  // again (on an error `batch` holds nothing usable).
  [[nodiscard]] virtual Status ReplaySignalsInto(PemdaId pemda, const SignalCursor& after,
                                                 int limit, SignalBatch& batch) = 0;
  // The same batches, one after the other from `after`. By default a call of
  // ReplaySignalsInto each; PostgreSQL asks for a batch while the one
  // before is being read, so that the server and the replay work at once.
  [[nodiscard]] virtual Result<std::unique_ptr<SignalReplay>> OpenSignalReplay(
      PemdaId pemda, const SignalCursor& after, int limit);
  // The detectors' saved state of the Pemda (migration 0017): the last one
  // saved, or nullopt when none was.
  [[nodiscard]] virtual Result<std::optional<SignalState>> LoadSignalState(PemdaId pemda) = 0;
  // Replaces the Pemda's saved state.
  [[nodiscard]] virtual Status SaveSignalState(PemdaId pemda, const SignalState& state) = 0;

  // --- Policy rules (issue 10, sqlite_policy_rules.cc) ---------------------
  // Writes `version` as the next version of rule `rule_id` (0 = a new rule,
  // version 1), disabled, with a "saved" audit entry (and, when the rule was
  // enabled, a "disabled" one of the version that was acting, by the same
  // actor), in one transaction.
  // Returns the rule. kConflict when a new rule's name is taken by another
  // rule of the Pemda; kNotFound when `rule_id` is not one of its rules.
  [[nodiscard]] virtual Result<StoredPolicyRule> SavePolicyRule(
      PemdaId pemda, int64_t rule_id, const PolicyRuleVersion& version) = 0;
  // The Pemda's rules with their newest version (no history), by name.
  [[nodiscard]] virtual Result<std::vector<StoredPolicyRule>> ListPolicyRules(PemdaId pemda) = 0;
  // The rule with every version and its audit. kNotFound when absent or of
  // another Pemda.
  [[nodiscard]] virtual Result<StoredPolicyRule> FindPolicyRule(PemdaId pemda, int64_t id) = 0;
  // Enables or disables the rule (its newest version) and audits who did it,
  // in one transaction; setting the state it already has changes nothing and
  // is not audited. Returns the rule. kNotFound when absent or of another
  // Pemda.
  [[nodiscard]] virtual Result<StoredPolicyRule> SetPolicyRuleEnabled(PemdaId pemda, int64_t id,
                                                                      bool enabled,
                                                                      std::string_view actor,
                                                                      Timestamp at) = 0;

  // --- Rules acting live (issue 10, migration 0014) ------------------------
  // Up to `limit` events of the Pemda's cases with ids above `after_id`, by
  // id (the order they were committed in).
  [[nodiscard]] virtual Result<std::vector<domain::CaseEvent>> ListEventsAfter(PemdaId pemda,
                                                                               int64_t after_id,
                                                                               int limit) = 0;
  [[nodiscard]] virtual Result<PolicyRunState> LoadPolicyRun(PemdaId pemda) = 0;
  // Writes where the runner stands (not the kill switch). Its place only
  // moves forward.
  [[nodiscard]] virtual Status SavePolicyRun(PemdaId pemda, const PolicyRunState& state) = 0;
  // Turns the kill switch on or off, audited with `actor`, in one
  // transaction. Turning it off moves the runner's place to the newest
  // event and alert: what happened while it was on is never acted on.
  [[nodiscard]] virtual Status SetPolicyKillSwitch(PemdaId pemda, bool killed,
                                                   std::string_view actor, Timestamp at) = 0;

 private:
  std::atomic<PemdaId> served_{0};  // ServeOnly
  std::atomic<uint64_t> catalogue_changes_{0};
};

}  // namespace sigap::store
