#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace sigap::routing::text {

// Threads to train with: `requested` when above 0, else one per core.
inline int TrainingThreads(int requested) {
  return requested > 0 ? requested
                       : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

// Calls f(begin, end) on up to `threads` threads, each with a consecutive
// part of [0, n) of at least `min_part` items (the result must not depend
// on how [0, n) is cut).
template <typename F>
void ParallelFor(int threads, size_t n, F&& f, size_t min_part = 1024) {
  const size_t parts = std::clamp<size_t>(n / std::max<size_t>(1, min_part), 1,
                                          static_cast<size_t>(std::max(1, threads)));
  if (parts == 1) {
    f(size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  for (size_t t = 0; t < parts; ++t) {
    pool.emplace_back([&f, begin = n * t / parts, end = n * (t + 1) / parts] { f(begin, end); });
  }
  for (auto& thread : pool) thread.join();
}

}  // namespace sigap::routing::text
