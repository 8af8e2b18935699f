#include "http/work_lane.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sigap::http {
namespace {

TEST(WorkLane, RunsJobsInOrderOffTheCallersThread) {
  std::mutex mutex;
  std::vector<int> ran;
  std::vector<std::thread::id> threads;
  std::promise<void> last;
  {
    WorkLane lane(1, 16);
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(lane.Post([&, i] {
        const std::lock_guard lock(mutex);
        ran.push_back(i);
        threads.push_back(std::this_thread::get_id());
        if (i == 9) last.set_value();
      }));
    }
    last.get_future().wait();
  }

  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  for (const auto& id : threads) EXPECT_NE(id, std::this_thread::get_id());
}

TEST(WorkLane, RefusesBeyondItsCapacityAndTakesWorkAgainOnceItDrains) {
  WorkLane lane(1, 2);
  std::promise<void> started;
  std::promise<void> release;
  auto gate = release.get_future().share();
  ASSERT_TRUE(lane.Post([&started, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the one thread is busy; nothing waits yet

  std::promise<void> a_done;
  std::promise<void> b_done;
  const bool a = lane.Post([&] { a_done.set_value(); });
  const bool b = lane.Post([&] { b_done.set_value(); });
  const bool c = lane.Post([] { ADD_FAILURE() << "a refused job ran"; });
  const size_t waiting = lane.Waiting();
  release.set_value();
  a_done.get_future().wait();
  b_done.get_future().wait();
  std::promise<void> d_done;
  const bool d = lane.Post([&] { d_done.set_value(); });
  if (d) d_done.get_future().wait();

  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_FALSE(c);
  EXPECT_EQ(waiting, 2u);
  EXPECT_TRUE(d);
}

// The limit is on the jobs that wait for a thread: posted in a burst,
// before any thread woke up, the jobs the idle threads are about to take
// do not count, so a lane of 4 threads and room for 1 runs 4 and keeps 1.
TEST(WorkLane, JobsForIdleThreadsDoNotFillTheQueue) {
  WorkLane lane(4, 1);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<int> ran{0};
  std::vector<bool> posted;
  for (int i = 0; i < 6; ++i) {
    posted.push_back(lane.Post([gate, &ran] {
      gate.wait();
      ++ran;
    }));
  }
  const size_t waiting = lane.Waiting();
  release.set_value();
  const auto accepted = std::count(posted.begin(), posted.end(), true);
  while (ran.load() < accepted) std::this_thread::yield();

  EXPECT_EQ(posted, (std::vector<bool>{true, true, true, true, true, false}));
  EXPECT_EQ(waiting, 1u);
}

TEST(WorkLane, AJobThatThrowsDoesNotStopTheLane) {
  WorkLane lane(1, 4);
  std::promise<void> done;
  ASSERT_TRUE(lane.Post([] { throw std::runtime_error("bug"); }));
  ASSERT_TRUE(lane.Post([&] { done.set_value(); }));

  done.get_future().wait();  // hangs (and ctest times out) if the lane stopped

  EXPECT_EQ(lane.Waiting(), 0u);
}

}  // namespace
}  // namespace sigap::http
