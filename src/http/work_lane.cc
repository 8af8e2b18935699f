#include "http/work_lane.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace sigap::http {

WorkLane::WorkLane(size_t threads, size_t capacity) : capacity_(capacity) {
  threads = std::max<size_t>(threads, 1);
  idle_ = threads;
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

WorkLane::~WorkLane() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

bool WorkLane::Post(std::function<void()> job) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= capacity_ + idle_) return false;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

size_t WorkLane::Waiting() const {
  const std::lock_guard lock(mutex_);
  return jobs_.size() > idle_ ? jobs_.size() - idle_ : 0;
}

void WorkLane::Run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      --idle_;
    }
    try {
      job();
    } catch (const std::exception& e) {
      // A job replies on its own; one that throws has a bug, not a client.
      spdlog::error("work lane: a job threw: {}", e.what());
    } catch (...) {
      spdlog::error("work lane: a job threw");
    }
    const std::lock_guard lock(mutex_);
    ++idle_;
  }
}

}  // namespace sigap::http
