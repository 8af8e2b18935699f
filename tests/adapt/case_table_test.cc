// The sensor's table of open cases (adapt::CaseTable) against
// std::unordered_map on the same operations.
#include "adapt/case_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <unordered_map>
#include <vector>

namespace sigap::adapt {
namespace {

struct Value {
  int32_t due = 0;
  uint16_t agency = 0;
  bool paused = false;
};

std::map<uint64_t, int32_t> Contents(const CaseTable<Value>& t) {
  std::map<uint64_t, int32_t> out;
  t.ForEach([&](uint64_t id, const Value& v) { out[id] = v.due; });
  return out;
}

// Cases arrive with ascending ids and leave in any order, most soon, some
// never: what a replay does to the table, with the look-ups between.
TEST(CaseTable, AgreesWithAHashMapThroughArrivalsLookUpsAndDepartures) {
  CaseTable<Value> table;
  std::unordered_map<uint64_t, int32_t> reference;
  std::mt19937_64 rng(5);
  std::vector<uint64_t> open;
  uint64_t next_id = 1;
  for (int step = 0; step < 200000; ++step) {
    const auto roll = rng() % 10;
    if (roll < 4 || open.empty()) {
      const uint64_t id = next_id++;
      const auto due = static_cast<int32_t>(rng() % 1000);
      const auto [slot, added] = table.TryEmplace(id, {due, 1, false});
      ASSERT_TRUE(added);
      EXPECT_EQ(slot->due, due);
      reference[id] = due;
      open.push_back(id);
    } else if (roll < 8) {
      // Mostly a recent case leaves; now and then an old one.
      const size_t back =
          (rng() % 4 == 0) ? rng() % open.size() : rng() % std::min<size_t>(open.size(), 50);
      const size_t at = open.size() - 1 - back;
      const uint64_t id = open[at];
      open[at] = open.back();
      open.pop_back();
      const auto erased = table.Erase(id);
      ASSERT_TRUE(erased) << id;
      EXPECT_EQ(erased->due, reference.at(id)) << "Erase gives back what the case held";
      reference.erase(id);
      EXPECT_FALSE(table.Erase(id)) << "erased twice: " << id;
    } else {
      // Look up a case open, one gone and one never seen.
      const uint64_t id = open[rng() % open.size()];
      Value* v = table.Find(id);
      ASSERT_NE(v, nullptr) << id;
      EXPECT_EQ(v->due, reference.at(id));
      v->due += 1;
      reference[id] += 1;
      EXPECT_EQ(table.Find(next_id + 7), nullptr);
      const auto [again, added] = table.TryEmplace(id, {-1, 2, true});
      EXPECT_FALSE(added);
      EXPECT_EQ(again->due, reference.at(id)) << "an existing entry is kept";
    }
    ASSERT_EQ(table.size(), reference.size());
  }
  const std::map<uint64_t, int32_t> expected(reference.begin(), reference.end());
  EXPECT_EQ(Contents(table), expected);
  for (const auto& [id, due] : reference) {
    const Value* v = table.Find(id);
    ASSERT_NE(v, nullptr) << id;
    EXPECT_EQ(v->due, due);
  }
}

// Ids that all fall on the same few slots (multiples of a power of two, as
// a table's size is) still come and go correctly.
TEST(CaseTable, CollidingIdsAreFoundAndErasedInAnyOrder) {
  CaseTable<Value> table;
  std::vector<uint64_t> ids;
  for (uint64_t k = 1; k <= 3000; ++k) ids.push_back(k << 20);
  for (size_t i = 0; i < ids.size(); ++i)
    table.TryEmplace(ids[i], {static_cast<int32_t>(i), 0, false});
  std::mt19937_64 rng(11);
  std::shuffle(ids.begin(), ids.end(), rng);
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(table.Erase(ids[i]));
    for (size_t j = i + 1; j < ids.size(); j += 97)
      ASSERT_NE(table.Find(ids[j]), nullptr) << ids[j];
    ASSERT_EQ(table.Find(ids[i]), nullptr);
  }
  EXPECT_TRUE(table.empty());
}

TEST(CaseTable, ReserveClearAndSwapKeepWhatTheySay) {
  CaseTable<Value> a, b;
  a.Reserve(1000);
  const size_t reserved = a.MemoryBytes();
  for (uint64_t id = 0; id < 1000; ++id) a.TryEmplace(id, {static_cast<int32_t>(id), 0, false});
  EXPECT_EQ(a.MemoryBytes(), reserved) << "1000 entries fit the room reserved for them";
  b.TryEmplace(42, {7, 0, false});
  a.swap(b);
  EXPECT_EQ(a.size(), 1u);
  EXPECT_EQ(b.size(), 1000u);
  EXPECT_EQ(a.Find(42)->due, 7);
  EXPECT_EQ(b.Find(999)->due, 999);
  b.Clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.Find(999), nullptr);
  EXPECT_FALSE(b.Erase(999));
  EXPECT_TRUE(b.TryEmplace(999, {1, 0, false}).second);
}

}  // namespace
}  // namespace sigap::adapt
