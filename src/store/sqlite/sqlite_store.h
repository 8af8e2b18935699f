#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "domain/tracking_code.h"
#include "store/catalogue_rows.h"
#include "store/probe_log.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/file_lock.h"
#include "store/sqlite/group_commit.h"
#include "store/store.h"

namespace sigap::store::sqlite {

struct SqliteOptions {
  size_t max_batch = 512;              // group commit: most tasks per transaction
  size_t max_idle_readers = 16;        // reader connections kept open, per pool
  CommitObserver* observer = nullptr;  // told about each commit, may be null
};

// The embedded backend: one SQLite file in WAL mode. Writes go through one
// GroupCommitWriter (synchronous=FULL) and are checkpointed beside it
// (checkpointer.h);
// reads use a pool of read-only connections, so reading never waits for a
// commit.
//
// Thread-safe.
class SqliteStore final : public Store {
 public:
  // Opens or creates the database file. Does not migrate. kUnavailable when
  // the file cannot be opened; kInvalidArgument when it is another
  // application's database (SchemaVersion), which is left untouched.
  [[nodiscard]] static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                                 const SqliteOptions& options = {});
  ~SqliteStore() override;

  Result<int> Migrate() override;
  Result<std::string> LoadOrCreateSecret(std::string_view name, size_t bytes) override;
  Status Ping() override;
  Status CheckWritable() override;

  Result<PemdaId> SavePemda(const domain::Pemda& pemda) override;
  Result<domain::Pemda> FindPemda(std::string_view code) override;
  Result<std::vector<domain::Pemda>> ListPemdas() override;
  Status SaveAgency(PemdaId pemda, const domain::Agency& agency) override;
  Status CreateAgency(PemdaId pemda, const domain::Agency& agency) override;
  Result<std::vector<domain::Agency>> ListAgencies(PemdaId pemda) override;
  Result<domain::Agency> FindAgency(PemdaId pemda, std::string_view code) override;
  Status SaveRegions(PemdaId pemda, const std::vector<domain::Region>& regions) override;
  Result<std::vector<domain::Region>> ListRegions(PemdaId pemda, std::string_view parent_code,
                                                  bool with_boundaries) override;
  Result<domain::Region> FindRegion(PemdaId pemda, std::string_view code) override;
  Status SetRegionPopulation(
      PemdaId pemda, const std::vector<std::pair<std::string, int64_t>>& residents) override;
  Result<int> SaveService(PemdaId pemda, const domain::Service& service) override;
  Status CreateService(PemdaId pemda, const domain::Service& service) override;
  Result<std::vector<domain::Service>> ListServices(PemdaId pemda) override;
  Result<domain::Service> FindService(PemdaId pemda, std::string_view code) override;
  Result<std::vector<domain::ServiceStandard>> ListServiceStandards(PemdaId pemda,
                                                                    std::string_view code) override;

  void SubmitCase(NewCase c, SubmitCallback done) override;
  Result<std::vector<SubmitReceipt>> SubmitCases(std::vector<NewCase> cases) override;
  Result<domain::Case> FindCase(PemdaId pemda, CaseId id) override;
  Result<CaseWithEvents> FindCaseWithEvents(PemdaId pemda, CaseId id, bool with_reporter) override;
  Result<CasePage> ListCases(PemdaId pemda, const CaseFilter& filter) override;
  Result<CaseStats> ComputeCaseStats(PemdaId pemda, const CaseStatsQuery& query) override;
  Result<int64_t> CountCases(PemdaId pemda) override;
  Result<std::vector<domain::CaseEvent>> ListCaseEvents(PemdaId pemda, CaseId id) override;
  Result<std::vector<PublicEvent>> ListPublicEvents(PemdaId pemda,
                                                    const PublicEventQuery& query) override;
  void ChangeCases(PemdaId pemda, std::vector<CaseId> ids, std::optional<int64_t> expected_version,
                   DecideChanges decide, ChangeCallback done) override;
  Result<std::vector<DueCheck>> DueChecks(Timestamp now, int limit) override;
  Result<std::vector<DueCheck>> AwaitingDeadlines(CaseId after, int limit) override;
  Result<std::vector<DueCheck>> RunningDeadlines(PemdaId pemda, Timestamp from, CaseId after,
                                                 int limit) override;
  Result<AuditReport> VerifyAuditChain() override;

  Result<int64_t> CreateUser(const domain::User& user) override;
  Result<domain::User> FindUser(PemdaId pemda, std::string_view username) override;
  Result<std::vector<domain::User>> ListUsers(PemdaId pemda) override;
  Status UpdateUser(const domain::User& user, bool end_sessions) override;
  Status SaveSession(const Credential& session) override;
  Result<Credential> FindSession(std::string_view secret_hash, Timestamp now) override;
  Status DeleteSession(std::string_view secret_hash) override;
  Status SaveApiKey(const ApiKey& key) override;
  Result<Credential> FindApiKey(std::string_view secret_hash) override;
  Result<std::vector<ApiKey>> ListApiKeys(PemdaId pemda) override;
  Status RevokeApiKey(PemdaId pemda, std::string_view name, std::string_view actor,
                      Timestamp at) override;

  // --- Calendar (sqlite_calendar.cc) ---
  Status SaveCalendarDay(PemdaId pemda, const CalendarDay& day) override;
  Status DeleteCalendarDay(PemdaId pemda, std::chrono::year_month_day date) override;
  Result<std::vector<CalendarDay>> ListCalendarDays(PemdaId pemda) override;
  Status SaveCalendarYear(PemdaId pemda, const CalendarYearRow& year) override;
  Result<std::vector<CalendarYearRow>> ListCalendarYears(PemdaId pemda) override;

  // --- Notifications (sqlite_notify.cc) ---
  Status SaveUserEmail(PemdaId pemda, std::string_view username, std::string_view email) override;
  Result<std::vector<OutboxMessage>> ClaimOutbox(Timestamp now, Timestamp lease_until, int limit,
                                                 std::string_view channel) override;
  Result<std::vector<std::string>> EmailRecipients(const OutboxMessage& message) override;
  Status CompleteOutbox(int64_t id, Timestamp at, std::string_view note) override;
  Status RetryOutbox(int64_t id, int attempts, std::optional<Timestamp> next_attempt,
                     std::string_view error) override;
  Result<int64_t> CreateWebhook(const Webhook& webhook) override;
  Result<std::vector<Webhook>> ListWebhooks(PemdaId pemda) override;
  Result<Webhook> WebhookTarget(int64_t id) override;
  Status DeleteWebhook(PemdaId pemda, int64_t id) override;

  // The category taxonomy: sqlite_categories.cc.
  Result<std::vector<domain::Category>> ListCategories(PemdaId pemda) override;
  Result<domain::Category> FindCategory(PemdaId pemda, std::string_view code) override;
  Status SaveCategory(PemdaId pemda, const domain::Category& category) override;
  Status AddCategory(PemdaId pemda, const domain::Category& category) override;
  Result<CategoryImport> ImportCategories(PemdaId pemda,
                                          const std::vector<domain::Category>& categories) override;

  // Routing by place, nearby cases, support: sqlite_routing.cc.
  Result<std::vector<RoutingRule>> ListRoutingRules(PemdaId pemda,
                                                    std::string_view service_code) override;
  Result<int64_t> SaveRoutingRule(PemdaId pemda, const RoutingRule& rule) override;
  Status DeleteRoutingRule(PemdaId pemda, int64_t id) override;
  Result<std::vector<domain::Case>> NearbyCases(PemdaId pemda, const NearbyQuery& q) override;
  Result<SupportOutcome> AddSupporter(PemdaId pemda, CaseId id,
                                      const NewSupporter& supporter) override;

  // Satisfaction: sqlite_survey.cc.
  Result<int64_t> CreateSurvey(const Survey& survey) override;
  Result<std::vector<Survey>> ListSurveys(PemdaId pemda) override;
  Result<std::vector<int64_t>> AddSurveyResponses(std::vector<SurveyResponse> responses) override;
  Result<SurveyImportResult> ImportSurveyResponses(const std::optional<Survey>& new_survey,
                                                   const SurveyImport& import,
                                                   std::vector<SurveyResponse> responses) override;
  Result<std::vector<SurveyResponse>> ListSurveyResponses(PemdaId pemda, int64_t after,
                                                          int limit) override;
  Status SaveCaseRating(const CaseRating& rating) override;
  Result<std::vector<CaseRating>> ListCaseRatings(PemdaId pemda, CaseId id) override;
  Result<std::vector<RatingCount>> CountCaseRatings(PemdaId pemda, std::string_view agency_code,
                                                    Timestamp from, Timestamp until) override;

  Status SaveFile(PemdaId pemda, const StoredFile& file) override;
  Result<StoredFile> FindFile(PemdaId pemda, std::string_view sha256) override;
  Result<int64_t> PurgeUnnamedFiles(Timestamp before) override;

  // Text models and dispositions (issue 8): sqlite_text_models.cc.
  Result<int64_t> SaveTextModel(PemdaId pemda, const TextModelRecord& model,
                                bool activate) override;
  Result<TextModelRecord> FindActiveTextModel(PemdaId pemda, std::string_view label,
                                              bool with_data) override;
  Result<std::vector<TextModelRecord>> ListTextModels(PemdaId pemda,
                                                      std::string_view label) override;
  Status ActivateTextModel(PemdaId pemda, int64_t id) override;
  Result<std::vector<Disposition>> ListDispositions(PemdaId pemda, int limit) override;
  Result<std::vector<Disposition>> ListCategorized(PemdaId pemda, int limit) override;
  Result<std::vector<UnsuggestedCase>> ListUnsuggestedCases(PemdaId pemda, CaseId after,
                                                            CaseId upto, Timestamp filed_by,
                                                            int limit) override;
  Result<TextRoutingSettings> LoadTextRoutingSettings(PemdaId pemda) override;
  Result<std::vector<TextRoutingSettings>> ListTextRoutingSettings(PemdaId pemda,
                                                                   int limit) override;
  Result<int64_t> SaveTextRoutingSettings(PemdaId pemda,
                                          const TextRoutingSettings& settings) override;

  // Policy rules (issue 10): sqlite_policy_rules.cc.
  Result<StoredPolicyRule> SavePolicyRule(PemdaId pemda, int64_t rule_id,
                                          const PolicyRuleVersion& version) override;
  Result<std::vector<StoredPolicyRule>> ListPolicyRules(PemdaId pemda) override;
  Result<StoredPolicyRule> FindPolicyRule(PemdaId pemda, int64_t id) override;
  Result<StoredPolicyRule> SetPolicyRuleEnabled(PemdaId pemda, int64_t id, bool enabled,
                                                std::string_view actor, Timestamp at) override;
  Result<std::vector<domain::CaseEvent>> ListEventsAfter(PemdaId pemda, int64_t after_id,
                                                         int limit) override;
  Result<PolicyRunState> LoadPolicyRun(PemdaId pemda) override;
  Status SavePolicyRun(PemdaId pemda, const PolicyRunState& state) override;
  Status SetPolicyKillSwitch(PemdaId pemda, bool killed, std::string_view actor,
                             Timestamp at) override;

  // Early-warning alerts and the detectors' signals: sqlite_alerts.cc.
  Result<std::vector<AlertUpsertOutcome>> UpsertAlerts(
      std::span<const AlertUpsert> upserts) override;
  Result<AlertPage> ListAlerts(PemdaId pemda, const AlertFilter& filter) override;
  Result<StoredAlert> FindAlert(PemdaId pemda, int64_t id) override;
  Result<StoredAlert> MoveAlert(PemdaId pemda, int64_t id, const AlertMove& move) override;
  Result<SignalBatch> ListSignals(PemdaId pemda, const SignalCursor& after, int limit) override;
  Status ReplaySignalsInto(PemdaId pemda, const SignalCursor& after, int limit,
                           SignalBatch& batch) override;
  // Batch after batch as ReplaySignalsInto, with the pages of case_signals
  // the next batches read asked of the disk ahead (leaf_readahead.h).
  Result<std::unique_ptr<SignalReplay>> OpenSignalReplay(PemdaId pemda, const SignalCursor& after,
                                                         int limit) override;
  Result<std::optional<SignalState>> LoadSignalState(PemdaId pemda) override;
  Status SaveSignalState(PemdaId pemda, const SignalState& state) override;

  // Adds the cases not yet in the full-text index to it. Runs by itself
  // a moment after intake (searches see unindexed cases meanwhile through a
  // slower path); call it to catch up at once.
  [[nodiscard]] Status IndexPendingText();

  // Copies the whole database into `target_path` with SQLite's online backup
  // API; consistent while the server keeps writing.
  [[nodiscard]] Status Backup(const std::string& target_path);

  // Puts the backup `backup_path` in place of the database `target_path`
  // through SQLite, so whatever WAL the target's last server left (a crash
  // does) is the target's own and cannot mix its pages into the restored
  // file, as copying the backup over it with `cp` did. The backup is
  // checked first (a Sigap database, whole); the target is replaced in one
  // transaction and its WAL folded in. No server may run on the target.
  [[nodiscard]] static Status Restore(const std::string& backup_path,
                                      const std::string& target_path);

  // The newest Sigap migration applied to the file `path`, read without
  // writing to it: 0 for a file that does not exist, is empty or has no
  // tables yet; kInvalidArgument naming one of its tables when it holds
  // tables but no Sigap schema (another application's database, a mistyped
  // path); kUnavailable when it is not an SQLite database or cannot be read.
  [[nodiscard]] static Result<int> SchemaVersion(const std::string& path);

  // SQLite's PRAGMA quick_check of the file, read-only: "ok", or what is
  // damaged (pages, indexes), so that a corrupt file is not taken for one
  // whose events were altered.
  [[nodiscard]] static Result<std::string> QuickCheck(const std::string& path);

 private:
  // A read connection borrowed from the pool; returned on destruction.
  class Reader {
   public:
    Reader(SqliteStore& store, Connection::Mode mode, std::unique_ptr<Connection> conn)
        : store_(store), mode_(mode), conn_(std::move(conn)) {}
    ~Reader() { store_.Return(mode_, std::move(conn_)); }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    SqliteStore& store_;
    Connection::Mode mode_;
    std::unique_ptr<Connection> conn_;
  };

  SqliteStore(std::string path, const SqliteOptions& options,
              std::unique_ptr<GroupCommitWriter> writer);

  // A reader from the pool of `mode` (kReader, or kCaseReader for reads of
  // one case by id), opened when that pool has none idle.
  Result<std::unique_ptr<Reader>> Borrow(Connection::Mode mode = Connection::Mode::kReader);
  void Return(Connection::Mode mode, std::unique_ptr<Connection> conn);
  // The idle connections of `mode`'s pool; under readers_mutex_.
  std::vector<std::unique_ptr<Connection>>& IdleReaders(Connection::Mode mode) {
    return mode == Connection::Mode::kCaseReader ? idle_case_readers_ : idle_readers_;
  }
  // Runs `read` (Connection& -> a Result) in one read transaction of a
  // reader (sqlite_alerts.cc).
  template <class Read>
  std::invoke_result_t<Read, Connection&> ReadSignals(Read read);
  Result<const domain::TrackingCodec*> Codec();
  // The JSON texts of a new case's row and first event, made before its
  // writer task so that the one writer thread does not spend time on them.
  struct CaseJson {
    std::string attachments;
    std::string answers;
    std::string submitted;  // the `submitted` event's payload
  };
  static CaseJson MakeCaseJson(const NewCase& c);
  // Inserts one case (inside a writer task) and fills the receipt.
  Status InsertCase(Connection& conn, ChainState& chain, const domain::TrackingCodec& codec,
                    NewCase& c, const CaseJson& json, SubmitReceipt& receipt);

  const std::string path_;
  // The file path_ named when it was opened: writes stop if it no longer does.
  std::optional<FileIdentity> identity_;
  const SqliteOptions options_;
  std::unique_ptr<GroupCommitWriter> writer_;
  rows::StandardCache standards_;  // versions of service standards, read once
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  std::vector<std::unique_ptr<Connection>> idle_case_readers_;  // larger caches
  std::mutex codec_mutex_;
  std::optional<domain::TrackingCodec> codec_;
  ProbeLog probe_log_;  // what Ping logs

  // Full-text indexing behind intake: one statement per interval for all
  // new cases, instead of one FTS5 segment per group commit (which halved
  // intake throughput when done inline).
  void IndexLoop();
  void MarkTextPending();
  // Indexes up to `max_rows` more cases; returns whether more remain.
  Result<bool> IndexSomeText(int max_rows);
  std::mutex indexer_mutex_;
  std::condition_variable indexer_wake_;
  bool indexer_stopping_ = false;
  bool text_pending_ = false;
  std::thread indexer_;
};

}  // namespace sigap::store::sqlite
