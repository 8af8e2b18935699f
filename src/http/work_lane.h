#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sigap::http {

// Threads of their own for work that would hold an event loop too long:
// checking an Argon2id password takes 66 ms of CPU on the reference
// machine, during which every other connection of that loop would wait.
// A handler posts the work here and replies from it (an async route).
//
// Jobs run in the order posted, at most `threads` at a time; at most
// `capacity` wait for a thread (a job an idle thread is about to take does
// not: a burst of two requests on a lane of 32 idle threads and capacity 1
// runs both). Post refuses beyond that (the caller answers 503), so a
// storm of sign-ins queues a bounded amount of work and the loops keep
// serving citizens. The destructor drops the jobs still waiting and joins
// the running ones.
//
// Thread-safe.
class WorkLane {
 public:
  WorkLane(size_t threads, size_t capacity);
  ~WorkLane();
  WorkLane(const WorkLane&) = delete;
  WorkLane& operator=(const WorkLane&) = delete;

  // Queues `job`; false (and `job` dropped) when `capacity` jobs wait for
  // a thread.
  bool Post(std::function<void()> job);

  // Jobs waiting for a thread: neither those running nor those an idle
  // thread is about to take (for tests and metrics).
  size_t Waiting() const;

 private:
  void Run();

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  size_t idle_ = 0;  // threads running no job (waking ones included)
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace sigap::http
