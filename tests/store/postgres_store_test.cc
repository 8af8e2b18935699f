// PostgreSQL-specific: several nodes on one database write one chain, a
// lost connection is retried without a half-written case, tampering with
// the tables behind Sigap's back is detected.
#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "store/postgres/copy_from_sqlite.h"
#include "store/store_fixture.h"
#include "support/freezable_relay.h"

namespace sigap::store {
namespace {

class PostgresStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = PostgresBackend::Open(dir_);
    ASSERT_NE(store_, nullptr);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
  }

  // Another node: a second store on the same schema.
  std::unique_ptr<postgres::PostgresStore> OpenNode() {
    auto node =
        postgres::PostgresStore::Open(WithSchema(TestPostgresUrl(), PostgresBackend::Schema(dir_)));
    EXPECT_TRUE(node.has_value()) << node.error().message;
    return node ? std::move(*node) : nullptr;
  }

  static NewCase Case(PemdaId pemda, const std::string& title) {
    NewCase c;
    c.pemda_id = pemda;
    c.submission.title = title;
    c.submission.description = "Jalan berlubang di depan pasar.";
    c.submission.reporter = {"Sri", "081234567890", "sri@contoh.id", ""};
    c.created_at = FromMicros(int64_t{1'780'000'000} * 1000000);
    c.salt = 99;
    return c;
  }

  static Result<SubmitReceipt> Submit(Store& store, NewCase c) {
    std::promise<Result<SubmitReceipt>> promise;
    store.SubmitCase(std::move(c), [&](Result<SubmitReceipt> r) { promise.set_value(r); });
    return promise.get_future().get();
  }

  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_EQ(PostgresBackend::ExecSql(dir_, sql, &n), "") << sql;
    return n;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
};

TEST_F(PostgresStoreTest, TwoNodesSubmittingAtOnceWriteOneChainAndOneSequence) {
  auto other = OpenNode();
  ASSERT_NE(other, nullptr);
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::set<CaseId> ids;
  std::atomic<int> failures{0};

  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Store& node = t % 2 == 0 ? *store_ : *other;
      for (int i = 0; i < 10; ++i) {
        auto r = Submit(node, Case(pemda_, "Kasus " + std::to_string(t) + "-" + std::to_string(i)));
        if (!r) {
          ++failures;
          continue;
        }
        std::lock_guard lock(mutex);
        ids.insert(r->case_id);
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(ids.size(), 80u);
  EXPECT_EQ(*ids.rbegin(), 80);  // one sequence, no gaps
  auto report = other->VerifyAuditChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->events_checked, 80);
}

TEST_F(PostgresStoreTest, ALostWriterConnectionIsRetriedAndTheCaseWrittenOnce) {
  auto* pg = dynamic_cast<postgres::PostgresStore*>(store_.get());
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(Submit(*store_, Case(pemda_, "Sebelum")).has_value());
  const int pid = pg->WriterBackendPid();

  ASSERT_EQ(PostgresBackend::ExecSql(
                dir_, "SELECT pg_terminate_backend(" + std::to_string(pid) + ")::int"),
            "");
  auto after = Submit(*store_, Case(pemda_, "Sesudah"));

  ASSERT_TRUE(after.has_value()) << after.error().message;
  EXPECT_NE(pg->WriterBackendPid(), pid);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_events"), 2);
  EXPECT_TRUE(store_->VerifyAuditChain()->ok);
}

// A batch that fails before the intake's task runs (the writer's
// connection lost and PostgreSQL refusing it back) answered none of the
// cases queued for it and left the intake marked as scheduled: every case
// after them waited for ever, while reads and /readyz went on as if
// nothing were wrong. They are answered "unavailable", and intake resumes
// once PostgreSQL lets the node in again.
TEST_F(PostgresStoreTest, IntakeAnswersWhilePostgresRefusesTheNodeAndResumesAfter) {
  const std::string schema = PostgresBackend::Schema(dir_);
  const std::string role = schema + "_node";
  const auto sql = [&](const std::string& statement) {
    EXPECT_EQ(PostgresBackend::ExecSql(dir_, statement), "") << statement;
  };
  sql("CREATE ROLE " + role + " LOGIN");
  sql("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
  sql("GRANT ALL ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
  sql("GRANT ALL ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
  std::string url = TestPostgresUrl();
  const size_t at = url.find("sigap@");
  ASSERT_NE(at, std::string::npos) << url;
  url.replace(at, 5, role);
  auto node = postgres::PostgresStore::Open(WithSchema(url, schema));
  ASSERT_TRUE(node.has_value()) << node.error().message;
  ASSERT_TRUE(Submit(**node, Case(pemda_, "Sebelum")).has_value());

  sql("ALTER ROLE " + role + " NOLOGIN");
  sql("SELECT COUNT(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE usename = '" +
      role + "'");
  std::vector<std::future<Result<SubmitReceipt>>> refused;
  for (int i = 0; i < 3; ++i) {
    auto promise = std::make_shared<std::promise<Result<SubmitReceipt>>>();
    refused.push_back(promise->get_future());
    (*node)->SubmitCase(Case(pemda_, "Saat ditolak " + std::to_string(i)),
                        [promise](Result<SubmitReceipt> r) { promise->set_value(std::move(r)); });
  }
  for (auto& f : refused) {
    ASSERT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    const auto r = f.get();
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << r.error().message;
  }

  sql("ALTER ROLE " + role + " LOGIN");
  auto promise = std::make_shared<std::promise<Result<SubmitReceipt>>>();
  auto again = promise->get_future();
  (*node)->SubmitCase(Case(pemda_, "Sesudah"),
                      [promise](Result<SubmitReceipt> r) { promise->set_value(std::move(r)); });
  ASSERT_EQ(again.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  const auto written = again.get();
  EXPECT_TRUE(written.has_value()) << written.error().message;
  node->reset();
  sql("DROP OWNED BY " + role);
  sql("DROP ROLE " + role);
}

TEST_F(PostgresStoreTest, LostReadConnectionsAreReplaced) {
  // A node of its own, its connections tagged, so that only they are cut
  // (other tests run on the same cluster at the same time).
  const std::string tag = "sigap_lost_" + PostgresBackend::Schema(dir_);
  auto node = postgres::PostgresStore::Open(
      WithSchema(TestPostgresUrl(), PostgresBackend::Schema(dir_)) + "&application_name=" + tag);
  ASSERT_TRUE(node.has_value()) << node.error().message;
  auto receipt = Submit(**node, Case(pemda_, "Dibaca"));
  ASSERT_TRUE(receipt.has_value());
  ASSERT_TRUE((*node)->FindCase(pemda_, receipt->case_id).has_value());  // a pooled connection

  ASSERT_EQ(PostgresBackend::ExecSql(
                dir_,
                "SELECT COUNT(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE "
                "application_name = '" +
                    tag + "'"),
            "");
  auto found = (*node)->FindCase(pemda_, receipt->case_id);

  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->submission.title, "Dibaca");
}

TEST_F(PostgresStoreTest, AnUnreachableServerIsUnavailable) {
  auto store = postgres::PostgresStore::Open("postgresql://sigap@127.0.0.1:1/none");

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

TEST_F(PostgresStoreTest, AUrlLibpqCannotReadIsNamedWithoutItsPassword) {
  for (const std::string url : {"postgresql://sigap:S3cretWord@[::1/sigap",
                                "postgresql://sigap:S3cretWord%zz@localhost/sigap",
                                "postgresql://sigap@localhost/sigap?password=S3cretWord&port=x",
                                "host=localhost password = 'S3cretWord' port=abc"}) {
    auto store = postgres::PostgresStore::Open(url);

    ASSERT_FALSE(store.has_value()) << url;
    EXPECT_EQ(store.error().message.find("S3cretWord"), std::string::npos) << store.error().message;
  }
  auto quoted = postgres::PostgresStore::Open("postgresql://sigap:S3cretWord@[::1/sigap");
  ASSERT_FALSE(quoted.has_value());
  EXPECT_NE(quoted.error().message.find("postgresql://sigap:***@[::1/sigap"), std::string::npos)
      << quoted.error().message;
}

using test_support::FreezableRelay;

// The test cluster's port, and its URL with another port (a relay's).
uint16_t ClusterPort() { return test_support::UrlPort(TestPostgresUrl()); }
std::string ClusterUrlOnPort(uint16_t port) {
  return test_support::UrlOnPort(TestPostgresUrl(), port);
}

// A server that stops answering without closing the connection (frozen
// with SIGSTOP, or cut off by a firewall) no longer holds a read, and the
// event loop running it, for ever: the read fails as unavailable a little
// after the statement_timeout it would have been given, /readyz's ping
// after two seconds, and once the server answers again reads work on a
// fresh connection.
TEST_F(PostgresStoreTest, AServerThatStopsAnsweringFailsReadsInBoundedTime) {
  FreezableRelay relay(ClusterPort());
  const std::string relayed = ClusterUrlOnPort(relay.port());
  postgres::PostgresOptions options;
  options.statement_timeout_ms = 1000;
  options.max_readers = 1;
  options.connect_timeout_s = 2;
  auto node =
      postgres::PostgresStore::Open(WithSchema(relayed, PostgresBackend::Schema(dir_)), options);
  ASSERT_TRUE(node.has_value()) << node.error().message;
  ASSERT_TRUE((*node)->ListPemdas().has_value());  // the pool's connection, through the relay

  relay.Freeze(true);
  const auto asked = std::chrono::steady_clock::now();
  auto frozen_read = (*node)->ListPemdas();
  const auto read_took = std::chrono::steady_clock::now() - asked;
  ASSERT_TRUE((*node)->ListPemdas().has_value() == false);  // a fresh connection waits too
  relay.Freeze(false);
  auto thawed = (*node)->ListPemdas();
  ASSERT_TRUE(thawed.has_value()) << thawed.error().message;
  relay.Freeze(true);
  const auto pinged = std::chrono::steady_clock::now();
  auto ping = (*node)->Ping();
  const auto ping_took = std::chrono::steady_clock::now() - pinged;
  relay.Freeze(false);

  ASSERT_FALSE(frozen_read.has_value());
  EXPECT_EQ(frozen_read.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(frozen_read.error().message.find("did not answer"), std::string::npos)
      << frozen_read.error().message;
  EXPECT_LT(read_took, std::chrono::seconds(10));
  EXPECT_GE(read_took, std::chrono::milliseconds(2900));
  EXPECT_EQ(thawed->size(), 1u);
  ASSERT_FALSE(ping.has_value());
  EXPECT_LT(ping_took, std::chrono::seconds(6));
}

// A node whose reads all wait (its pool's connections busy) says so in
// /readyz, and its pool counts the wait that ended without one.
TEST_F(PostgresStoreTest, ABusyPoolIsNamedByTheProbeAndCounted) {
  FreezableRelay relay(ClusterPort());
  const std::string relayed = ClusterUrlOnPort(relay.port());
  postgres::PostgresOptions options;
  options.statement_timeout_ms = 1000;
  options.max_readers = 1;
  options.acquire_timeout_ms = 300;
  auto node =
      postgres::PostgresStore::Open(WithSchema(relayed, PostgresBackend::Schema(dir_)), options);
  ASSERT_TRUE(node.has_value()) << node.error().message;
  ASSERT_TRUE((*node)->ListPemdas().has_value());
  const Store::PoolStats idle = (*node)->ReadPool();

  relay.Freeze(true);
  std::thread stuck([&] { (void)(*node)->ListPemdas(); });  // holds the only connection
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto ping = (*node)->Ping();
  const Store::PoolStats busy = (*node)->ReadPool();
  stuck.join();
  relay.Freeze(false);

  EXPECT_EQ(idle.limit, 1u);
  EXPECT_EQ(idle.open, 1u);
  EXPECT_EQ(idle.idle, 1u);
  EXPECT_EQ(idle.acquire_timeouts, 0u);
  ASSERT_FALSE(ping.has_value());
  EXPECT_EQ(ping.error().message, "all 1 read connections were busy for 300 ms");
  EXPECT_EQ(busy.open, 1u);
  EXPECT_EQ(busy.idle, 0u);
  EXPECT_EQ(busy.acquire_timeouts, 1u);
}

// A node PostgreSQL turns away for want of a connection slot (here its
// role's CONNECTION LIMIT; in the field max_connections, taken by other
// nodes) is not ready, and the probe says why without the host or the user
// the driver's message names; the pool counts the refused connection.
TEST_F(PostgresStoreTest, ANodeRefusedAConnectionSlotSaysSoWithoutItsHostOrUser) {
  const std::string schema = PostgresBackend::Schema(dir_);
  const std::string role = "slot_" + schema;
  for (const std::string& sql :
       {"DROP ROLE IF EXISTS " + role, "CREATE ROLE " + role + " LOGIN",
        "GRANT USAGE ON SCHEMA " + schema + " TO " + role,
        "GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + role}) {
    ASSERT_EQ(PostgresBackend::ExecSql(dir_, sql), "") << sql;
  }
  std::string url = TestPostgresUrl();
  const size_t at = url.find('@');
  ASSERT_NE(at, std::string::npos);
  url = "postgresql://" + role + url.substr(at);
  auto node = postgres::PostgresStore::Open(WithSchema(url, schema));
  ASSERT_TRUE(node.has_value()) << node.error().message;
  // Every connection the role has now is all it may have.
  int64_t open = 0;
  ASSERT_EQ(
      PostgresBackend::ExecSql(
          dir_, "SELECT COUNT(*) FROM pg_stat_activity WHERE usename = '" + role + "'", &open),
      "");
  ASSERT_EQ(PostgresBackend::ExecSql(
                dir_, "ALTER ROLE " + role + " CONNECTION LIMIT " + std::to_string(open)),
            "");

  auto ping = (*node)->Ping();
  const Store::PoolStats pool = (*node)->ReadPool();
  node->reset();
  (void)PostgresBackend::ExecSql(dir_, "DROP OWNED BY " + role);
  (void)PostgresBackend::ExecSql(dir_, "DROP ROLE " + role);

  ASSERT_FALSE(ping.has_value());
  EXPECT_EQ(ping.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(ping.error().message, "PostgreSQL has no free connection slot (max_connections)");
  EXPECT_EQ(pool.connect_failures, 1u);
  EXPECT_EQ(pool.open, 0u);
}

TEST_F(PostgresStoreTest, EventsCannotBeUpdatedOrDeletedThroughSql) {
  ASSERT_TRUE(Submit(*store_, Case(pemda_, "Kasus")).has_value());

  EXPECT_NE(PostgresBackend::ExecSql(dir_, "UPDATE case_events SET actor = 'x'"), "");
  EXPECT_NE(PostgresBackend::ExecSql(dir_, "DELETE FROM case_events"), "");
}

TEST_F(PostgresStoreTest, EditedPayloadAndRemovedNewestEventAreDetected) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Submit(*store_, Case(pemda_, "Kasus")).has_value());
  ASSERT_TRUE(store_->VerifyAuditChain()->ok);

  // An owner of the database can switch the guards off; the chain still tells.
  ASSERT_EQ(PostgresBackend::ExecSql(dir_, "ALTER TABLE case_events DISABLE TRIGGER USER"), "");
  ASSERT_EQ(PostgresBackend::ExecSql(
                dir_, "UPDATE case_events SET payload = '{\"title\":\"lain\"}' WHERE id = 2"),
            "");
  auto edited = store_->VerifyAuditChain();
  ASSERT_EQ(PostgresBackend::ExecSql(dir_, "DELETE FROM case_events WHERE id >= 2"), "");
  auto removed = store_->VerifyAuditChain();

  ASSERT_TRUE(edited.has_value());
  EXPECT_FALSE(edited->ok);
  EXPECT_EQ(edited->first_bad_event, 2);
  ASSERT_TRUE(removed.has_value());
  EXPECT_FALSE(removed->ok);
  EXPECT_NE(removed->problem.find("removed"), std::string::npos) << removed->problem;
}

TEST_F(PostgresStoreTest, AnEditedCaseRowIsDetected) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Submit(*store_, Case(pemda_, "Kasus")).has_value());
  auto intact = store_->VerifyAuditChain();
  ASSERT_EQ(PostgresBackend::ExecSql(dir_, "UPDATE cases SET title = 'Diubah' WHERE id = 2"), "");

  auto edited = store_->VerifyAuditChain();

  ASSERT_TRUE(intact.has_value());
  EXPECT_TRUE(intact->ok);
  EXPECT_EQ(intact->cases_checked, 3);
  ASSERT_TRUE(edited.has_value());
  EXPECT_FALSE(edited->ok);
  EXPECT_EQ(edited->first_bad_event, 2);
  EXPECT_NE(edited->problem.find("(title)"), std::string::npos) << edited->problem;
}

TEST_F(PostgresStoreTest, CopyFromSqliteMovesEveryCaseWithItsChainIntoAnEmptyDatabaseOnly) {
  TempDir source_dir, target_dir;
  {
    auto source = SqliteBackend::Open(source_dir);
    ASSERT_NE(source, nullptr);
    const PemdaId pemda = *source->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(Submit(*source, Case(pemda, "Jalan berlubang")));
    ASSERT_TRUE(Submit(*source, Case(pemda, "Lampu jalan mati")));
    ASSERT_TRUE(source->ImportCategories(
        pemda, {{"PU", "Pekerjaan Umum", "", true}, {"PU.JALAN", "Jalan", "PU", false}}));
  }
  ASSERT_NE(PostgresBackend::Open(target_dir), nullptr);  // an empty, migrated schema
  const std::string source_path = (source_dir.path() / "sigap.db").string();
  const std::string target = WithSchema(TestPostgresUrl(), PostgresBackend::Schema(target_dir));

  auto copied = postgres::CopyFromSqlite(source_path, target);
  auto again = postgres::CopyFromSqlite(source_path, target);
  auto missing = postgres::CopyFromSqlite((source_dir.path() / "nope.db").string(), target);

  ASSERT_TRUE(copied.has_value()) << copied.error().message;
  EXPECT_EQ(copied->events_checked, 2);
  int64_t cases = -1;
  ASSERT_EQ(PostgresBackend::ExecSql(target_dir, "SELECT COUNT(*) FROM cases", &cases), "");
  EXPECT_EQ(cases, 2);
  int64_t retired = -1;  // the taxonomy too, a retired category still retired
  ASSERT_EQ(
      PostgresBackend::ExecSql(
          target_dir, "SELECT COUNT(*) FROM categories WHERE NOT active AND parent_code = 'PU'",
          &retired),
      "");
  EXPECT_EQ(retired, 1);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition) << again.error().message;
  ASSERT_EQ(PostgresBackend::ExecSql(target_dir, "SELECT COUNT(*) FROM cases", &cases), "");
  EXPECT_EQ(cases, 2);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace sigap::store
