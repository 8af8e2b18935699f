#pragma once

// The last answers of a costly read, kept for a minute: a dashboard that
// every leader opens (and reloads) computes its figures at most once a
// minute per question, and each answer says when it was made ("as_of").
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "domain/time.h"

namespace sigap::api {

template <typename K>
class AnswerCache {
 public:
  using Key = K;

  explicit AnswerCache(std::chrono::seconds keep_for = std::chrono::seconds(60))
      : keep_for_(keep_for) {}

  std::optional<nlohmann::json> Find(const Key& key, Timestamp now) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end() || now - it->second.at > keep_for_ || now < it->second.at) {
      return std::nullopt;
    }
    return it->second.value;
  }

  void Keep(Key key, nlohmann::json value, Timestamp now) {
    std::lock_guard lock(mutex_);
    if (entries_.size() > kMostEntries) entries_.clear();  // many odd questions: start afresh
    entries_[std::move(key)] = {std::move(value), now};
  }

 private:
  static constexpr size_t kMostEntries = 256;
  struct Entry {
    nlohmann::json value;
    Timestamp at{};
  };
  const std::chrono::seconds keep_for_;
  std::mutex mutex_;
  std::map<Key, Entry> entries_;
};

}  // namespace sigap::api
