// SQLite-specific: two `sigap serve` on one database file do not both run
// the background work (deadline sweeps, mail, alerts); the second takes it
// over when the first stops.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "store/database.h"
#include "store/store_fixture.h"

namespace sigap::store {
namespace {

using namespace std::chrono_literals;

bool WaitUntil(const std::function<bool()>& done) {
  for (int i = 0; i < 200; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

TEST(SqliteLeadership, OneOfTwoNodesOnAFileLeadsAndTheOtherTakesOverWhenItStops) {
  TempDir dir;
  const std::string db = (dir.path() / "sigap.db").string();
  std::atomic<int> running{0};
  const auto start = [&running] {
    ++running;
    return std::shared_ptr<void>(nullptr, [&running](void*) { --running; });
  };

  auto first = std::make_unique<Leadership>(db, 20ms, start);
  ASSERT_TRUE(WaitUntil([&] { return first->leading(); }));
  Leadership second(db, 20ms, start);
  std::this_thread::sleep_for(200ms);

  EXPECT_FALSE(second.leading());
  EXPECT_EQ(running.load(), 1);

  first.reset();

  EXPECT_TRUE(WaitUntil([&] { return second.leading(); }));
  EXPECT_EQ(running.load(), 1);
}

// Each Pemda of one file has its own leader.
TEST(SqliteLeadership, EachPemdaOfAFileHasItsOwnLeader) {
  TempDir dir;
  const std::string db = (dir.path() / "sigap.db").string();
  const auto start = [] { return std::shared_ptr<void>(); };

  Leadership kota(db, 20ms, start, "33.74");
  Leadership kabupaten(db, 20ms, start, "33.22");

  EXPECT_TRUE(WaitUntil([&] { return kota.leading() && kabupaten.leading(); }));
}

}  // namespace
}  // namespace sigap::store
