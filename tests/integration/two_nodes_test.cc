// Issue 7: two `sigap serve` nodes on one PostgreSQL behind nginx. One node
// is killed with SIGKILL under load: no acknowledged case is lost or
// duplicated (clients retry failed requests with the same Idempotency-Key),
// the background work moves to the survivor within seconds and its deadline
// sweep carries on, and a calendar change made on one node is seen by the
// other (LISTEN/NOTIFY).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/lifecycle_server.h"
#include "integration/server_process.h"
#include "support/http_client.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyClock = std::chrono::steady_clock;

uint16_t FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

// nginx (Debian's nginx-light) on loopback in front of the nodes, one
// process, its files in `dir`. Killed on destruction.
class Nginx {
 public:
  Nginx(const std::filesystem::path& dir, const std::vector<uint16_t>& upstreams)
      : dir_(dir), port_(FreePort()) {
    const std::string d = dir.string();
    std::ofstream conf(dir / "nginx.conf");
    conf << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
         << "error_log " << d << "/nginx-error.log;\npid " << d << "/nginx.pid;\n"
         << "events { worker_connections 1024; }\nhttp {\n  access_log off;\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
      conf << "  " << temp << "_temp_path " << d << "/nginx-" << temp << ";\n";
    }
    conf << "  upstream sigap {\n";
    for (const uint16_t p : upstreams) {
      conf << "    server 127.0.0.1:" << p << " max_fails=1 fail_timeout=10s;\n";
    }
    conf << "  }\n  server {\n    listen 127.0.0.1:" << port_ << ";\n"
         << "    location / {\n      proxy_pass http://sigap;\n"
         << "      proxy_next_upstream error timeout;\n      proxy_connect_timeout 1s;\n"
         << "      proxy_read_timeout 15s;\n      proxy_set_header Host $host;\n"
         << "    }\n  }\n}\n";
  }
  ~Nginx() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  ::testing::AssertionResult Start() {
    const std::string conf = (dir_ / "nginx.conf").string();
    const std::string prefix = dir_.string() + "/";
    const std::string errors = (dir_ / "nginx-error.log").string();
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      execl("/usr/sbin/nginx", "nginx", "-e", errors.c_str(), "-p", prefix.c_str(), "-c",
            conf.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    const auto deadline = SteadyClock::now() + seconds(10);
    while (SteadyClock::now() < deadline) {
      if (test_support::Fetch(port_, "GET", "/healthz")) return ::testing::AssertionSuccess();
      std::this_thread::sleep_for(milliseconds(100));
    }
    std::ifstream log(errors);
    return ::testing::AssertionFailure() << "nginx did not start: " << log.rdbuf();
  }

  uint16_t port() const { return port_; }

 private:
  std::filesystem::path dir_;
  uint16_t port_;
  pid_t pid_ = -1;
};

// 1 when the node's /metrics says it runs the background work, 0 when it
// says it does not, -1 when it cannot be asked.
int Leads(uint16_t port) {
  auto r = test_support::Fetch(port, "GET", "/metrics");
  if (!r || r->status != 200) return -1;
  return r->body.find("\nsigap_background_leader 1\n") != std::string::npos ? 1 : 0;
}

class TwoNodes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { setenv("SIGAP_TEST_BACKEND", "postgres", 1); }
};

TEST_F(TwoNodes, ANodeKilledUnderLoadLosesNoCaseAndTheOtherTakesOverTheSweep) {
  LifecycleServer a({{"admin.dua", "admin", ""}});
  const auto started_a = a.Start();
  ASSERT_TRUE(started_a) << started_a.message();
  ServerProcess b([&] {
    ServerProcessOptions options;
    options.db = a.process().db();
    // Node B names the Pemda that node A serves as the database's only one:
    // still one Pemda, one leader.
    options.env = {{"SIGAP_SLA_SWEEP_SECONDS", "1"},
                   {"SIGAP_CALENDAR_DATA_DIR", a.data_dir().string()},
                   {"SIGAP_PEMDA_CODE", "33.74"}};
    return options;
  }());
  const auto started_b = b.Start();
  ASSERT_TRUE(started_b) << started_b.message() << b.LogTail();
  Nginx nginx(b.dir(), {a.process().port(), b.port()});
  const auto started_nginx = nginx.Start();
  ASSERT_TRUE(started_nginx) << started_nginx.message();
  // One leader: the node that started first.
  ASSERT_TRUE(LifecycleServer::WaitFor([&] { return Leads(a.process().port()) == 1; }));
  EXPECT_EQ(Leads(b.port()), 0);
  // The pool of read connections is in /metrics; SQLite's checkpoints are not.
  auto metrics = test_support::Fetch(b.port(), "GET", "/metrics");
  ASSERT_TRUE(metrics && metrics->status == 200);
  EXPECT_NE(metrics->body.find("\nsigap_store_read_connections_limit "), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("\nsigap_store_read_connections{state=\"in_use\"} "),
            std::string::npos);
  EXPECT_NE(metrics->body.find("\nsigap_store_connect_failures_total 0\n"), std::string::npos);
  EXPECT_EQ(metrics->body.find("sigap_store_checkpoint_seconds"), std::string::npos);

  // A day off added on node A is seen by node B, which had built its
  // calendar before (LISTEN/NOTIFY).
  const http::Headers admin = a.Officer("admin.dua");
  const int next_year = int(std::chrono::year_month_day{
                            std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}
                                .year()) +
                        1;
  const std::string list = "/api/v1/calendar?year=" + std::to_string(next_year);
  auto before = test_support::Fetch(b.port(), "GET", list, admin);
  ASSERT_TRUE(before && before->status == 200) << (before ? before->body : before.error());
  http::Headers post = admin;
  post.emplace("Content-Type", "application/json");
  auto added = test_support::Fetch(
      a.process().port(), "POST", "/api/v1/calendar/days", post,
      json{{"date", std::to_string(next_year) + "-07-15"}, {"name", "Hari Uji Dua Simpul"}}.dump());
  ASSERT_TRUE(added && added->status == 201) << (added ? added->body : added.error());
  EXPECT_TRUE(LifecycleServer::WaitFor(
      [&] {
        auto r = test_support::Fetch(b.port(), "GET", list, admin);
        return r && r->body.find("Hari Uji Dua Simpul") != std::string::npos;
      },
      seconds(10)));

  // Load through nginx; node A (the leader) dies with SIGKILL in the middle.
  std::atomic<bool> stop{false};
  std::atomic<int> failed_attempts{0};
  std::atomic<int> gave_up{0};
  std::mutex mutex;
  std::set<std::string> acknowledged;
  const ReporterIdentity reporter{"Warga Dua Simpul", "081200000007", "dua@example.id", ""};
  auto client = [&](int n) {
    for (int i = 0; !stop; ++i) {
      const std::string key = "dua-" + std::to_string(n) + "-" + std::to_string(i);
      const std::string body = Complaint("duasimpul" + key, reporter).dump();
      const auto give_up_at = SteadyClock::now() + seconds(20);
      for (;;) {
        auto r = test_support::Fetch(
            nginx.port(), "POST", "/api/v1/cases",
            {{"Content-Type", "application/json"}, {"Idempotency-Key", key}}, body);
        if (r && (r->status == 201 || r->status == 200)) {
          const json receipt = json::parse(r->body, nullptr, false);
          std::lock_guard lock(mutex);
          acknowledged.insert(receipt.value("tracking_code", ""));
          break;
        }
        ++failed_attempts;
        if (SteadyClock::now() > give_up_at) {
          ++gave_up;
          break;
        }
        std::this_thread::sleep_for(milliseconds(100));
      }
    }
  };
  std::vector<std::thread> clients;
  for (int n = 0; n < 4; ++n) clients.emplace_back(client, n);
  std::this_thread::sleep_for(seconds(2));
  a.process().Kill(SIGKILL);
  const auto killed_at = SteadyClock::now();
  std::this_thread::sleep_for(seconds(3));
  stop = true;
  for (auto& t : clients) t.join();

  // The survivor leads within seconds.
  ASSERT_TRUE(LifecycleServer::WaitFor([&] { return Leads(b.port()) == 1; }, seconds(15)))
      << b.LogTail();
  const auto takeover = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - killed_at);
  EXPECT_LT(takeover, seconds(10));

  // Every acknowledged case is there, once.
  EXPECT_EQ(gave_up, 0);
  ASSERT_GT(acknowledged.size(), 10u);
  std::vector<std::vector<std::string>> rows;
  ASSERT_EQ(b.RunPostgresSql("SELECT tracking_code FROM cases WHERE title LIKE "
                             "'Saluran tersumbat duasimpul%'",
                             &rows),
            "");
  std::multiset<std::string> stored;
  for (const auto& row : rows) stored.insert(row[0]);
  EXPECT_EQ(stored.size(), acknowledged.size()) << "duplicates or lost cases";
  EXPECT_EQ(std::set<std::string>(stored.begin(), stored.end()), acknowledged);
  auto audit = RunSigap({"audit", "verify", "--db", b.db()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;

  // The deadline sweep carries on, on node B: an overdue case is escalated.
  const std::string code = *acknowledged.begin();
  const std::string past = std::to_string(NowMicros() - 60'000'000);
  ASSERT_EQ(b.RunPostgresSql("UPDATE cases SET due_at = " + past + ", next_check_at = " + past +
                             " WHERE tracking_code = '" + code + "'"),
            "");
  const std::string count_events =
      "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE "
      "c.tracking_code = '" +
      code + "'";
  EXPECT_TRUE(LifecycleServer::WaitFor(
      [&] {
        std::vector<std::vector<std::string>> n;
        return b.RunPostgresSql(count_events, &n).empty() && !n.empty() && n[0][0] != "1";
      },
      seconds(15)))
      << b.LogTail();
  RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
  RecordProperty("failed_attempts", failed_attempts.load());
  RecordProperty("takeover_ms", static_cast<int>(takeover.count()));
  std::cout << "two nodes: " << acknowledged.size() << " cases acknowledged, "
            << failed_attempts.load() << " failed attempts retried, takeover in "
            << takeover.count() << " ms\n";
}

}  // namespace
}  // namespace sigap::integration
