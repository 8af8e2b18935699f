#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/tracking_code.h"
#include "store/catalogue_rows.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_writer.h"
#include "store/probe_log.h"
#include "store/store.h"

namespace sigap::store::postgres {

struct PostgresOptions {
  size_t max_batch = 512;              // group commit: most tasks per transaction
  size_t max_readers = 16;             // pool: most read connections open at once
  int acquire_timeout_ms = 5000;       // pool: longest wait for a free read connection
  int connect_timeout_s = 5;           // giving up on an unreachable server
  int statement_timeout_ms = 30000;    // longest query (0: no limit); writes: see PgWriter
  CommitObserver* observer = nullptr;  // told about each commit, may be null
};

// The scale-out backend: one PostgreSQL database shared by any number of
// `sigap serve` nodes. Writes go through one PgWriter per node (group commit,
// acknowledged after COMMIT); the chain's head row is locked by each write
// batch that appends, so the nodes write one hash chain and one case
// sequence. Reads use a bounded pool of connections; a read that loses its
// connection is retried once on a new one.
//
// Thread-safe.
class PostgresStore final : public Store {
 public:
  // Connects to `url` (postgresql://user@host:port/db?…). Does not migrate.
  // kUnavailable when the server cannot be reached.
  [[nodiscard]] static Result<std::unique_ptr<PostgresStore>> Open(
      const std::string& url, const PostgresOptions& options = {});
  ~PostgresStore() override;

  Result<int> Migrate() override;
  Result<std::string> LoadOrCreateSecret(std::string_view name, size_t bytes) override;
  Status Ping() override;
  PoolStats ReadPool() const override;
  // PostgreSQL refuses writes it cannot make itself, and Ping reaches it.
  Status CheckWritable() override { return {}; }

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

  Status SaveCalendarDay(PemdaId pemda, const CalendarDay& day) override;
  Status DeleteCalendarDay(PemdaId pemda, std::chrono::year_month_day date) override;
  Result<std::vector<CalendarDay>> ListCalendarDays(PemdaId pemda) override;
  Status SaveCalendarYear(PemdaId pemda, const CalendarYearRow& year) override;
  Result<std::vector<CalendarYearRow>> ListCalendarYears(PemdaId pemda) override;

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

  // The category taxonomy: postgres_categories.cc.
  Result<std::vector<domain::Category>> ListCategories(PemdaId pemda) override;
  Result<domain::Category> FindCategory(PemdaId pemda, std::string_view code) override;
  Status SaveCategory(PemdaId pemda, const domain::Category& category) override;
  Status AddCategory(PemdaId pemda, const domain::Category& category) override;
  Result<CategoryImport> ImportCategories(PemdaId pemda,
                                          const std::vector<domain::Category>& categories) override;

  // Routing by place, nearby cases, support: postgres_routing.cc.
  Result<std::vector<RoutingRule>> ListRoutingRules(PemdaId pemda,
                                                    std::string_view service_code) override;
  Result<int64_t> SaveRoutingRule(PemdaId pemda, const RoutingRule& rule) override;
  Status DeleteRoutingRule(PemdaId pemda, int64_t id) override;
  Result<std::vector<domain::Case>> NearbyCases(PemdaId pemda, const NearbyQuery& q) override;
  Result<SupportOutcome> AddSupporter(PemdaId pemda, CaseId id,
                                      const NewSupporter& supporter) override;

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

  // Text models and dispositions (issue 8): postgres_text_models.cc.
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

  // Policy rules (issue 10): postgres_policy_rules.cc.
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

  // Early-warning alerts and the detectors' signals: postgres_alerts.cc.
  Result<std::vector<AlertUpsertOutcome>> UpsertAlerts(
      std::span<const AlertUpsert> upserts) override;
  Result<AlertPage> ListAlerts(PemdaId pemda, const AlertFilter& filter) override;
  Result<StoredAlert> FindAlert(PemdaId pemda, int64_t id) override;
  Result<StoredAlert> MoveAlert(PemdaId pemda, int64_t id, const AlertMove& move) override;
  Result<SignalBatch> ListSignals(PemdaId pemda, const SignalCursor& after, int limit) override;
  Status ReplaySignalsInto(PemdaId pemda, const SignalCursor& after, int limit,
                           SignalBatch& batch) override;
  Result<std::unique_ptr<SignalReplay>> OpenSignalReplay(PemdaId pemda, const SignalCursor& after,
                                                         int limit) override;
  Result<std::optional<SignalState>> LoadSignalState(PemdaId pemda) override;
  Status SaveSignalState(PemdaId pemda, const SignalState& state) override;

  // The server process of the writer's connection (tests terminate it to
  // check that a lost connection is retried).
  int WriterBackendPid() { return writer_->BackendPid(); }

  // Runs `work` on a pooled connection (for `sigap copy` and the advisory
  // lock's owner); a connection lost meanwhile is replaced and `work` run
  // once more.
  [[nodiscard]] Status WithConnection(const std::function<Status(Connection&)>& work);

  // Runs `work` inside one write transaction of the writer (after every
  // write queued before it), e.g. to copy rows in bulk.
  [[nodiscard]] Status RunWrite(const std::function<Status(Connection&, ChainState&)>& work);

 private:
  // A connection borrowed from the pool; returned (or dropped when broken)
  // on destruction.
  class Reader {
   public:
    Reader(PostgresStore& store, std::unique_ptr<Connection> conn)
        : store_(store), conn_(std::move(conn)) {}
    ~Reader() { store_.Return(std::move(conn_)); }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    PostgresStore& store_;
    std::unique_ptr<Connection> conn_;
  };

  PostgresStore(std::string url, const PostgresOptions& options, std::unique_ptr<PgWriter> writer);

  Result<std::unique_ptr<Reader>> Borrow();
  void Return(std::unique_ptr<Connection> conn);
  // Runs `read` on a borrowed connection; once more on a new connection when
  // the first one turns out to be lost.
  template <typename T, typename F>
  Result<T> Read(F&& read);
  Result<const domain::TrackingCodec*> Codec();
  Status InsertCase(Connection& conn, ChainState& chain, const domain::TrackingCodec& codec,
                    NewCase& c, SubmitReceipt& receipt);

  // Intake (postgres_intake.cc): submissions wait here until the writer
  // takes all of them into one task that writes them with multi-row
  // statements (a handful of round trips for the whole group, instead of
  // several per case), then answers each after the commit.
  struct PendingCase {
    NewCase c;
    SubmitCallback done;
  };
  void ScheduleIntake(const domain::TrackingCodec& codec);
  // Writes `cases` with multi-row statements, filling `results`. An error
  // means the caller must roll back to before it and write them one by one.
  Status InsertCasesBulk(Connection& conn, ChainState& chain, const domain::TrackingCodec& codec,
                         std::vector<PendingCase>& cases,
                         std::vector<Result<SubmitReceipt>>& results);
  std::mutex intake_mutex_;
  std::vector<PendingCase> intake_queue_;
  bool intake_scheduled_ = false;

  const std::string url_;
  const PostgresOptions options_;
  std::unique_ptr<PgWriter> writer_;
  rows::StandardCache standards_;  // versions of service standards, read once
  mutable std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  size_t open_readers_ = 0;     // borrowed or idle
  size_t waiting_readers_ = 0;  // in Borrow, for a free one
  uint64_t acquire_timeouts_ = 0;
  uint64_t connect_failures_ = 0;
  std::mutex codec_mutex_;
  std::optional<domain::TrackingCodec> codec_;
  ProbeLog probe_log_;  // what Ping logs
};

template <typename T, typename F>
Result<T> PostgresStore::Read(F&& read) {
  for (int attempt = 1;; ++attempt) {
    auto reader = Borrow();
    if (!reader) return Fail(reader.error());
    Result<T> result = read(***reader);
    if (result || attempt == 2 || !(**reader)->Broken() || (**reader)->TimedOut()) return result;
  }
}

}  // namespace sigap::store::postgres
