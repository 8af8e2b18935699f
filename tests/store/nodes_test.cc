// Several `sigap serve` nodes on one PostgreSQL (issue 7): one leader at a
// time for the background work, and caches told about other nodes' changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/cache_listener.h"
#include "store/database.h"
#include "store/store_fixture.h"
#include "support/freezable_relay.h"

namespace sigap::store {
namespace {

using std::chrono::milliseconds;

bool WaitFor(const std::function<bool()>& done, milliseconds timeout = milliseconds(10000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return true;
}

// The tables a CacheListener named, read from the test's thread.
class Heard {
 public:
  CacheListener::Changed Recorder() {
    return [this](std::string_view table) {
      std::lock_guard lock(mutex_);
      tables_.emplace_back(table);
    };
  }
  bool Has(std::string_view table) const {
    std::lock_guard lock(mutex_);
    return std::find(tables_.begin(), tables_.end(), table) != tables_.end();
  }
  bool Empty() const {
    std::lock_guard lock(mutex_);
    return tables_.empty();
  }
  long Count(std::string_view table) const {
    std::lock_guard lock(mutex_);
    return std::count(tables_.begin(), tables_.end(), table);
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> tables_;
};

// A migrated schema of the test cluster and its URL.
class NodesTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = PostgresBackend::Open(dir_);
    ASSERT_NE(store_, nullptr);
    url_ = WithSchema(TestPostgresUrl(), PostgresBackend::Schema(dir_));
  }

  // A Leadership whose work counts how many nodes run it at once.
  std::unique_ptr<Leadership> Node(milliseconds retry = milliseconds(100),
                                   milliseconds lease = {}) {
    return std::make_unique<Leadership>(
        url_, retry,
        [this] {
          const int now = ++running_;
          max_running_ = std::max(max_running_.load(), now);
          return std::shared_ptr<void>(new int(0), [this](void* work) {
            delete static_cast<int*>(work);
            --running_;
          });
        },
        std::string(), lease);
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::string url_;
  std::atomic<int> running_{0};
  std::atomic<int> max_running_{0};
};

TEST_F(NodesTest, OneNodeLeadsAndAnotherTakesOverWhenItStops) {
  auto first = Node();
  ASSERT_TRUE(WaitFor([&] { return first->leading(); }));
  auto second = Node();
  std::this_thread::sleep_for(milliseconds(400));  // several attempts of the second

  EXPECT_FALSE(second->leading());
  first.reset();  // the node dies: its connection closes

  EXPECT_TRUE(WaitFor([&] { return second->leading(); }, milliseconds(3000)));
  EXPECT_EQ(max_running_, 1);
}

TEST_F(NodesTest, ALeaderThatLosesItsConnectionStopsAndSomeNodeLeadsAgain) {
  auto first = Node();
  ASSERT_TRUE(WaitFor([&] { return first->leading(); }));
  auto second = Node();

  auto admin = postgres::Connection::Open(url_);
  ASSERT_TRUE(admin.has_value()) << admin.error().message;
  ASSERT_TRUE((*admin)
                  ->Exec("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = "
                         "'advisory' AND granted AND classid = 746572 AND objid = "
                         "hashtext(current_schema())::oid")
                  .has_value());

  EXPECT_TRUE(WaitFor([&] { return first->leading() != second->leading() && running_ == 1; }));
}

// A leader that stops answering without closing its connection (here: one
// that renews its lease only every minute, as a frozen process would never)
// loses the lead when its lease runs out.
TEST_F(NodesTest, ALeaderThatStopsAnsweringLosesTheLeadWhenItsLeaseRunsOut) {
  auto frozen = Node(milliseconds(60000), milliseconds(1000));
  ASSERT_TRUE(WaitFor([&] { return frozen->leading(); }));
  auto second = Node();

  EXPECT_TRUE(WaitFor([&] { return second->leading(); }, milliseconds(5000)));
}

TEST_F(NodesTest, ANodeThatIsStoppingDoesNotTakeTheLeadOver) {
  auto first = Node();
  ASSERT_TRUE(WaitFor([&] { return first->leading(); }));
  auto second = Node();
  second->Stop();  // shutting down, its requests still draining
  first.reset();
  std::this_thread::sleep_for(milliseconds(400));

  EXPECT_FALSE(second->leading());
  EXPECT_EQ(running_, 0);
}

TEST_F(NodesTest, SqliteHasOneNodeThatAlwaysLeads) {
  auto node = std::make_unique<Leadership>((dir_.path() / "sigap.db").string(), milliseconds(100),
                                           [] { return std::make_shared<int>(0); });

  EXPECT_TRUE(WaitFor([&] { return node->leading(); }));
}

TEST_F(NodesTest, TheCacheListenerHearsAnotherConnectionsCalendarChange) {
  Heard heard;
  CacheListener listener(url_, heard.Recorder());
  ASSERT_TRUE(WaitFor([&] { return listener.listening(); }));
  domain::Pemda pemda;
  pemda.code = "33.74";
  pemda.name = "Kota Semarang";
  pemda.time_zone = "Asia/Jakarta";
  auto id = store_->SavePemda(pemda);
  ASSERT_TRUE(id.has_value()) << id.error().message;

  CalendarDay day;
  day.date = std::chrono::year(2026) / 7 / 15;
  day.name = "Hari Jadi";
  day.created_by = "cli:test";
  ASSERT_TRUE(store_->SaveCalendarDay(*id, day).has_value());

  EXPECT_TRUE(WaitFor([&] { return heard.Has("calendar_days"); }));
  ASSERT_TRUE(store_->SaveCalendarYear(*id, {2027, "{}", "cli:test", {}}).has_value());
  EXPECT_TRUE(WaitFor([&] { return heard.Has("calendar_years"); }));
  EXPECT_TRUE(heard.Has("pemdas"));
}

// A node that cannot hear the others (its listening connection cut off,
// and no new one gets through while its pool still works, as when
// PostgreSQL has no connection left to give) must not serve what they
// changed meanwhile: it drops what it keeps once the connection counts as
// lost and again after each try to listen that fails, not only once it
// listens again.
TEST_F(NodesTest, ACacheListenerThatCannotListenDropsTheCachesEachTryUntilItListensAgain) {
  test_support::FreezableRelay relay(test_support::UrlPort(url_));
  ASSERT_TRUE(relay.listening());
  Heard heard;
  CacheListener listener(test_support::UrlOnPort(url_, relay.port()), heard.Recorder());
  ASSERT_TRUE(WaitFor([&] { return listener.listening(); }));
  ASSERT_TRUE(heard.Empty());

  relay.Freeze(true);
  // Lost after 5 s of silence and 5 s more without an answer; each try to
  // reconnect then waits 5 s for PostgreSQL.
  EXPECT_TRUE(WaitFor([&] { return heard.Count("") >= 2; }, milliseconds(25000)));

  relay.Freeze(false);
  const long dropped = heard.Count("");
  EXPECT_TRUE(WaitFor([&] { return heard.Count("") > dropped; }, milliseconds(15000)));
  domain::Pemda pemda;
  pemda.code = "33.74";
  pemda.name = "Kota Semarang";
  pemda.time_zone = "Asia/Jakarta";
  ASSERT_TRUE(store_->SavePemda(pemda).has_value());
  EXPECT_TRUE(WaitFor([&] { return heard.Has("pemdas"); }));
}

TEST_F(NodesTest, TheCacheListenerIgnoresOtherSchemasOfTheDatabase) {
  std::atomic<int> heard{0};
  CacheListener listener(url_, [&](std::string_view) { ++heard; });
  ASSERT_TRUE(WaitFor([&] { return listener.listening(); }));
  TempDir other_dir;
  auto other = PostgresBackend::Open(other_dir);
  ASSERT_NE(other, nullptr);
  domain::Pemda pemda;
  pemda.code = "33.74";
  pemda.name = "Kota Semarang";
  pemda.time_zone = "Asia/Jakarta";

  ASSERT_TRUE(other->SavePemda(pemda).has_value());

  std::this_thread::sleep_for(milliseconds(500));
  EXPECT_EQ(heard, 0);
}

// With SQLite the changes come from the command line (`sigap calendar add`
// writes the file while the server runs) or a second server: another store
// on the same file here. The server hears them within about a second, and
// nothing when nothing changed.
TEST_F(NodesTest, OnSqliteTheCacheListenerHearsTheCalendarChangesOfAnotherProcess) {
  TempDir dir;
  auto server_store = SqliteBackend::Open(dir);
  const std::string path = (dir.path() / "sigap.db").string();
  Heard heard;
  CacheListener listener(path, heard.Recorder());
  ASSERT_TRUE(WaitFor([&] { return listener.listening(); }));
  auto command_line = SqliteBackend::Open(dir);
  std::this_thread::sleep_for(milliseconds(1500));
  EXPECT_TRUE(heard.Empty());
  auto id = command_line->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
  ASSERT_TRUE(id.has_value()) << id.error().message;
  CalendarDay day;
  day.date = std::chrono::year(2026) / 12 / 17;
  day.name = "Libur Daerah";
  day.created_by = "cli:test";
  ASSERT_TRUE(command_line->SaveCalendarDay(*id, day).has_value());

  EXPECT_TRUE(WaitFor([&] { return heard.Has("calendar_days") && heard.Has("pemdas"); }));
}

// Each node keeps the officers' full names for its case views: a new
// account and a renamed one reach the other nodes; a password changed does
// not make them read every account again.
void ExpectAccountsHeard(Store& other, const Heard& heard) {
  auto pemda = other.SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
  ASSERT_TRUE(pemda.has_value()) << pemda.error().message;
  domain::User user;
  user.pemda_id = *pemda;
  user.username = "petugas.dpu";
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
  user.role = domain::Role::kAgencyOfficer;
  user.agency_code = "DPU";
  user.full_name = "Budi Santoso";
  auto id = other.CreateUser(user);
  ASSERT_TRUE(id.has_value()) << id.error().message;
  ASSERT_TRUE(WaitFor([&] { return heard.Count("users") == 1; }));

  user.id = *id;
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$b3RoZXJzYWx0$b3RoZXJoYXNo";
  ASSERT_TRUE(other.UpdateUser(user, true).has_value());
  std::this_thread::sleep_for(milliseconds(1500));
  EXPECT_EQ(heard.Count("users"), 1) << "a new password is no new name";

  user.full_name = "Budi Santoso Wibowo";
  ASSERT_TRUE(other.UpdateUser(user, false).has_value());
  EXPECT_TRUE(WaitFor([&] { return heard.Count("users") == 2; }));
}

using ExpectHeard = void (*)(Store& other, const Heard& heard);

// What `expect` writes through another store than the listener's server's:
// another node's on the same PostgreSQL database (`url`)...
void FromAnotherNode(const std::string& url, Store& other, ExpectHeard expect) {
  Heard heard;
  CacheListener listener(url, heard.Recorder());
  ASSERT_TRUE(WaitFor([&] { return listener.listening(); }));
  expect(other, heard);
}

// ... and on SQLite, the command line's on the same file.
void OnSqliteFromTheCommandLine(ExpectHeard expect) {
  TempDir dir;
  auto server_store = SqliteBackend::Open(dir);
  Heard heard;
  CacheListener listener((dir.path() / "sigap.db").string(), heard.Recorder());
  ASSERT_TRUE(WaitFor([&] { return listener.listening(); }));
  auto command_line = SqliteBackend::Open(dir);
  expect(*command_line, heard);
}

TEST_F(NodesTest, TheCacheListenerHearsAnotherNodesNewAndRenamedAccounts) {
  FromAnotherNode(url_, *store_, &ExpectAccountsHeard);
}

TEST_F(NodesTest, OnSqliteTheCacheListenerHearsTheCommandLinesNewAndRenamedAccounts) {
  OnSqliteFromTheCommandLine(&ExpectAccountsHeard);
}

// Each node keeps the services it took submissions for (app::CaseIntake):
// a new service, a new version of its standard and a routing rule reach
// the other nodes, and the store that wrote them counts them at once.
void ExpectCatalogueHeard(Store& other, const Heard& heard) {
  auto pemda = other.SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
  ASSERT_TRUE(pemda.has_value()) << pemda.error().message;
  domain::Service service;
  service.code = "PU-DRAINASE";
  service.name = "Pengaduan Drainase";
  service.agency_code = "DPU";
  service.standard.completion_days = 14;
  const uint64_t before = other.CatalogueChanges();
  ASSERT_TRUE(other.SaveService(*pemda, service).has_value());
  EXPECT_GT(other.CatalogueChanges(), before);
  ASSERT_TRUE(WaitFor([&] { return heard.Count("services") >= 1; }));

  const long services = heard.Count("services");
  service.standard.completion_days = 7;
  auto version = other.SaveService(*pemda, service);
  ASSERT_TRUE(version.has_value() && *version == 2);
  EXPECT_TRUE(WaitFor([&] { return heard.Count("services") > services; }));

  RoutingRule rule;
  rule.service_code = "PU-DRAINASE";
  rule.region_code = "*";
  rule.agency_code = "DPU";
  rule.created_by = "cli:test";
  const uint64_t before_rule = other.CatalogueChanges();
  auto id = other.SaveRoutingRule(*pemda, rule);
  ASSERT_TRUE(id.has_value()) << id.error().message;
  EXPECT_GT(other.CatalogueChanges(), before_rule);
  EXPECT_TRUE(WaitFor([&] { return heard.Count("routing_rules") == 1; }));
  ASSERT_TRUE(other.DeleteRoutingRule(*pemda, *id).has_value());
  EXPECT_TRUE(WaitFor([&] { return heard.Count("routing_rules") == 2; }));
}

TEST_F(NodesTest, TheCacheListenerHearsAnotherNodesCatalogueChanges) {
  FromAnotherNode(url_, *store_, &ExpectCatalogueHeard);
}

TEST_F(NodesTest, OnSqliteTheCacheListenerHearsTheCommandLinesCatalogueChanges) {
  OnSqliteFromTheCommandLine(&ExpectCatalogueHeard);
}

}  // namespace
}  // namespace sigap::store
