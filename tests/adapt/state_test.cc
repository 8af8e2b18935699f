// The sensor's saved state (Sensor::Save / Load): a sensor restored from a
// snapshot goes on exactly as the one that never stopped, and a snapshot of
// another layout, other options or damaged bytes is refused, never read.
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "adapt/sensor.h"
#include "adapt/simulator.h"
#include "adapt/state_io.h"
#include "adapt/topic_detector.h"

namespace sigap::adapt {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

// 48 kelurahan on an 8 x 6 grid, 6 services of 3 agencies.
Layout SmallCity() {
  Layout layout;
  layout.city_code = "33.74";
  layout.city_name = "Kota Semarang";
  constexpr int kCols = 8, kKelurahan = 48;
  for (int k = 0; k < kKelurahan; ++k) {
    layout.kelurahan.push_back(
        {"K" + std::to_string(k), "K" + std::to_string(k), static_cast<uint16_t>(k / 16), 0, 0});
    std::vector<uint16_t> nb;
    for (const int n : {k + 1, k + kCols, k - 1, k - kCols}) {
      if (n >= 0 && n < kKelurahan && (n / kCols == k / kCols || n % kCols == k % kCols)) {
        nb.push_back(static_cast<uint16_t>(n));
      }
    }
    layout.neighbours.push_back(nb);
  }
  for (int k = 0; k < 3; ++k) layout.kecamatan.push_back({"C" + std::to_string(k), "C"});
  for (int a = 0; a < 3; ++a) layout.agencies.push_back({"A" + std::to_string(a), "A"});
  for (int c = 0; c < 6; ++c) {
    layout.categories.push_back({"S" + std::to_string(c), "s", static_cast<uint16_t>(c % 3)});
  }
  return layout;
}

// A year of a small city's events with a shock, texts kept alive.
struct Stream {
  std::deque<std::string> texts;
  std::vector<Event> events;
};

Stream Simulate(const Layout& layout, const domain::WorkingCalendar& calendar, Scenario scenario) {
  SimulationWorld world;
  for (size_t c = 0; c < layout.categories.size(); ++c) {
    world.category_words.push_back(
        {"kata" + std::to_string(c), "jalan" + std::to_string(c), "rusak"});
    world.completion_days.push_back(5);
  }
  SimulationConfig config;
  config.first_day = ToDayNumber(year(2025) / month(7) / day(1));
  config.eval_first = ToDayNumber(year(2026) / month(1) / day(1));
  config.last_day = ToDayNumber(year(2026) / month(6) / day(30));
  config.daily_cases = 400;
  config.seed = 5;
  config.scenario = scenario;
  Stream stream;
  Simulator simulator(layout, calendar, world, config);
  simulator.Run([&](const Event& e) {
    stream.events.push_back(e);
    if (!e.text.empty()) {
      stream.texts.emplace_back(e.text);
      stream.events.back().text = stream.texts.back();
    }
  });
  return stream;
}

// What a draft says, for comparing two sensors' output.
std::string Describe(const AlertDraft& d, bool naive) {
  std::ostringstream out;
  out << naive << ' ' << static_cast<int>(d.detector) << ' ' << d.day << ' ' << d.since_day << ' '
      << d.category << ' ' << d.agency << ' ' << d.observed << ' ' << d.expected << ' '
      << d.statistic << ' ' << d.group << ' ' << d.sentence;
  for (const auto& r : d.region_codes) out << ' ' << r;
  for (const auto& t : d.top_terms) out << ' ' << t;
  for (const auto c : d.case_ids) out << ' ' << c;
  return out.str();
}

class SensorState : public ::testing::Test {
 protected:
  SensorState()
      : calendar_(domain::WorkingCalendar::Create({}, {year(2025), year(2026)}).value()) {}

  static SensorOptions Options() {
    SensorOptions options;
    options.naive = true;
    return options;
  }

  const Layout layout_ = SmallCity();
  const domain::WorkingCalendar calendar_;
};

TEST_F(SensorState, ARestoredSensorRaisesExactlyWhatTheOneThatNeverStoppedRaises) {
  for (const Scenario scenario : {Scenario::kLocalSurge, Scenario::kNewTopic}) {
    const Stream stream = Simulate(layout_, calendar_, scenario);
    const Day split = ToDayNumber(year(2026) / month(2) / day(10));

    Sensor whole(layout_, calendar_, Options());
    // What `whole` raises from the moment `restored` takes over.
    bool recording = false;
    std::vector<std::string> expected;
    whole.set_listener([&](const AlertDraft& d, bool naive) {
      if (recording) expected.push_back(Describe(d, naive));
    });
    Sensor first(layout_, calendar_, Options());
    Sensor restored(layout_, calendar_, Options());
    std::vector<std::string> got;
    restored.set_listener(
        [&](const AlertDraft& d, bool naive) { got.push_back(Describe(d, naive)); });

    bool saved = false;
    for (const Event& e : stream.events) {
      recording = recording || e.day >= split;
      whole.Feed(e);
      if (e.day < split) {
        first.Feed(e);
        continue;
      }
      if (!saved) {
        // Saved mid-stream, as a server does after a tick.
        ASSERT_TRUE(restored.Load(first.Save()));
        saved = true;
      }
      restored.Feed(e);
    }
    whole.CloseThrough(stream.events.back().day);
    restored.CloseThrough(stream.events.back().day);

    ASSERT_TRUE(saved);
    EXPECT_GT(expected.size(), 10U) << ScenarioName(scenario);
    EXPECT_EQ(got, expected) << ScenarioName(scenario);
  }
}

// Judging the open day (a server does it every tick) raises what closing
// it would, and leaves the sensor as it was: its state, its open work.
TEST_F(SensorState, JudgingADayRaisesWhatClosingItRaisesAndChangesNothing) {
  const Stream stream = Simulate(layout_, calendar_, Scenario::kBacklog);
  Sensor sensor(layout_, calendar_, Options());
  std::vector<std::string>* heard = nullptr;
  sensor.set_listener([&](const AlertDraft& d, bool naive) {
    if (heard) heard->push_back(Describe(d, naive));
  });
  int judged = 0;
  size_t raised = 0;
  for (size_t i = 0; i < stream.events.size(); ++i) {
    sensor.Feed(stream.events[i]);
    const bool last_of_day =
        i + 1 == stream.events.size() || stream.events[i + 1].day != stream.events[i].day;
    if (!last_of_day || stream.events[i].day % 5 != 0) continue;
    const Day day = stream.events[i].day;
    const std::string before = sensor.Save();
    std::vector<long> open_before;
    for (uint16_t a = 0; a < layout_.agencies.size(); ++a)
      open_before.push_back(sensor.open_cases(a));

    std::vector<std::string> judging, closing;
    heard = &judging;
    sensor.JudgeThrough(day);
    Sensor copy(sensor);
    heard = &closing;
    copy.CloseThrough(day);
    heard = nullptr;

    ASSERT_EQ(judging, closing) << "day " << day;
    ASSERT_EQ(sensor.Save(), before) << "day " << day;
    for (uint16_t a = 0; a < layout_.agencies.size(); ++a) {
      ASSERT_EQ(sensor.open_cases(a), open_before[a]) << "day " << day;
    }
    ++judged;
    raised += judging.size();
  }
  EXPECT_GT(judged, 30);
  EXPECT_GT(raised, 0U);
}

// A replay hands the detectors each text's terms scanned ahead on another
// thread: the sensor ends in exactly the state of one that scanned them.
TEST_F(SensorState, TermsScannedAheadCountAsTheTextsTheyCameFrom) {
  const Stream stream = Simulate(layout_, calendar_, Scenario::kNewTopic);
  ScannedTexts scanned;
  std::vector<size_t> index;
  for (const Event& e : stream.events) {
    index.push_back(e.text.empty() ? SIZE_MAX : scanned.Add(e.text, TopicDetector::kBigrams));
  }

  Sensor by_text(layout_, calendar_, Options());
  Sensor by_terms(layout_, calendar_, Options());
  std::vector<std::string> from_text, from_terms;
  by_text.set_listener(
      [&](const AlertDraft& d, bool naive) { from_text.push_back(Describe(d, naive)); });
  by_terms.set_listener(
      [&](const AlertDraft& d, bool naive) { from_terms.push_back(Describe(d, naive)); });
  for (size_t i = 0; i < stream.events.size(); ++i) {
    by_text.Feed(stream.events[i]);
    Event e = stream.events[i];
    if (index[i] != SIZE_MAX) {
      e.terms = scanned.Terms(index[i]);
      if (!e.terms.empty()) e.text = {};
    }
    by_terms.Feed(e);
  }
  by_text.CloseThrough(stream.events.back().day);
  by_terms.CloseThrough(stream.events.back().day);

  EXPECT_GT(by_text.Save().size(), 1000U);
  EXPECT_EQ(by_terms.Save(), by_text.Save());
  EXPECT_EQ(from_terms, from_text);
  EXPECT_GT(from_text.size(), 10U);
}

// A struct with padding after `small` (4 bytes) and after `flag` (7).
struct Padded {
  int32_t small;
  double value;
  bool flag;
};
static_assert(sizeof(Padded) == 24);

TEST(StateWriter, WritesAStructsPaddingAsZerosWhateverTheMemoryHeld) {
  // Two copies of one value, built in memory holding different bytes.
  alignas(Padded) unsigned char a[sizeof(Padded)];
  alignas(Padded) unsigned char b[sizeof(Padded)];
  std::memset(a, 0xAB, sizeof a);
  std::memset(b, 0x5C, sizeof b);
  Padded* pa = new (a) Padded;
  Padded* pb = new (b) Padded;
  pa->small = pb->small = 7;
  pa->value = pb->value = 2.5;
  pa->flag = pb->flag = true;
  ASSERT_NE(std::memcmp(a, b, sizeof(Padded)), 0);  // the padding differs

  StateWriter one;
  StateWriter two;
  one.Put(*pa);
  one.PutVector(std::vector<Padded>{*pa, *pa});
  two.Put(*pb);
  two.PutVector(std::vector<Padded>{*pb, *pb});
  const std::string bytes = one.Take();

  EXPECT_EQ(bytes, two.Take());
  EXPECT_EQ(bytes.substr(4, 4), std::string(4, '\0'));   // after `small`
  EXPECT_EQ(bytes.substr(17, 7), std::string(7, '\0'));  // after `flag`
  StateReader in(bytes);
  Padded back{};
  std::vector<Padded> many;
  ASSERT_TRUE(in.Get(back) && in.GetVector(many, 2));
  EXPECT_EQ(back.small, 7);
  EXPECT_EQ(back.value, 2.5);
  EXPECT_TRUE(back.flag);
  ASSERT_EQ(many.size(), 2U);
  EXPECT_EQ(many[1].value, 2.5);
}

TEST_F(SensorState, ASnapshotOfAnotherLayoutOrOtherOptionsOrDamagedIsRefused) {
  const Stream stream = Simulate(layout_, calendar_, Scenario::kNone);
  Sensor sensor(layout_, calendar_, Options());
  for (size_t i = 0; i < stream.events.size() / 3; ++i) sensor.Feed(stream.events[i]);
  const std::string snapshot = sensor.Save();

  Layout more = layout_;
  more.categories.push_back({"S6", "s", 0});
  EXPECT_FALSE(Sensor(more, calendar_, Options()).Load(snapshot));

  Layout renamed = layout_;
  renamed.kelurahan[3].code = "K99";
  EXPECT_FALSE(Sensor(renamed, calendar_, Options()).Load(snapshot));

  Layout rewired = layout_;
  rewired.neighbours[0].clear();
  EXPECT_FALSE(Sensor(rewired, calendar_, Options()).Load(snapshot));

  SensorOptions stricter = Options();
  stricter.cluster.threshold += 1;
  EXPECT_FALSE(Sensor(layout_, calendar_, stricter).Load(snapshot));
  SensorOptions without_naive = Options();
  without_naive.naive = false;
  EXPECT_FALSE(Sensor(layout_, calendar_, without_naive).Load(snapshot));

  // Every truncation, a flipped length and garbage: refused, nothing read
  // past the end (ASan would say).
  for (size_t cut = 0; cut < snapshot.size(); cut += 1 + cut / 7) {
    EXPECT_FALSE(Sensor(layout_, calendar_, Options()).Load(snapshot.substr(0, cut))) << cut;
  }
  EXPECT_FALSE(Sensor(layout_, calendar_, Options()).Load(snapshot + "x"));
  std::string flipped = snapshot;
  flipped[12] = static_cast<char>(flipped[12] ^ 0x40);  // the layout string's length
  EXPECT_FALSE(Sensor(layout_, calendar_, Options()).Load(flipped));
  // A count in the middle of the detectors' state: the checksum refuses it.
  std::string damaged = snapshot;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x01);
  EXPECT_FALSE(Sensor(layout_, calendar_, Options()).Load(damaged));
  EXPECT_FALSE(Sensor(layout_, calendar_, Options()).Load(std::string(4096, '\xff')));

  EXPECT_TRUE(Sensor(layout_, calendar_, Options()).Load(snapshot));
}

// The agency's open work as the backlog detector counts it: a case without
// a place or a known service still counts; a case waiting for the citizen
// does not, and is not counted out twice when it is then rejected; a
// reopened or completed case comes back. Kept across a save and load.
TEST_F(SensorState, OpenWorkLeavesOutCasesWaitingForTheCitizenAndTakesBackReturns) {
  Sensor sensor(layout_, calendar_, Options());
  const Day today = ToDayNumber(year(2026) / month(3) / day(2));
  const auto event = [&](EventType type, uint64_t case_id) {
    Event e;
    e.day = today;
    e.type = type;
    e.case_id = case_id;
    e.category = 0;  // S0, agency A0
    e.agency = 0;
    e.kelurahan = 17;  // in kecamatan C1
    e.due_day = today + 10;
    return e;
  };
  Event placed = event(EventType::kArrival, 1);
  Event nowhere = event(EventType::kArrival, 2);
  nowhere.kelurahan = kNoKelurahan;
  Event unknown_service = event(EventType::kArrival, 3);
  unknown_service.category = kNoCategory;
  unknown_service.kelurahan = kNoKelurahan;
  for (const Event& e : {placed, nowhere, unknown_service, event(EventType::kArrival, 4)}) {
    sensor.Feed(e);
  }
  EXPECT_EQ(sensor.open_cases(0), 4);
  EXPECT_EQ(sensor.kind_counts()[0], 3U);       // S0 complaints, with or without a place
  EXPECT_EQ(sensor.kecamatan_counts()[1], 2U);  // S0 in C1: the two placed ones
  sensor.Feed(event(EventType::kPause, 1));
  sensor.Feed(event(EventType::kPause, 1));  // asked again: still one case waiting
  EXPECT_EQ(sensor.open_cases(0), 3);
  sensor.Feed(event(EventType::kResolution, 1));  // rejected, never answered
  EXPECT_EQ(sensor.open_cases(0), 3);
  sensor.Feed(event(EventType::kReturn, 1));  // the citizen completes the report
  EXPECT_EQ(sensor.open_cases(0), 4);
  sensor.Feed(event(EventType::kResolution, 4));
  sensor.Feed(event(EventType::kReturn, 4));  // reopened
  EXPECT_EQ(sensor.open_cases(0), 4);
  sensor.Feed(event(EventType::kPause, 2));
  EXPECT_EQ(sensor.open_cases(0), 3);

  Sensor restored(layout_, calendar_, Options());
  ASSERT_TRUE(restored.Load(sensor.Save()));
  EXPECT_EQ(restored.open_cases(0), 3);
  restored.Feed(event(EventType::kReturn, 2));  // answered: resumed, not new
  restored.Feed(event(EventType::kPause, 3));
  restored.Feed(event(EventType::kResolution, 3));  // merged while waiting
  EXPECT_EQ(restored.open_cases(0), 3);
  for (const uint64_t id : {1, 2, 4}) restored.Feed(event(EventType::kResolution, id));
  EXPECT_EQ(restored.open_cases(0), 0);
}

// A case counts for the agency that has it: from its disposition when it
// arrived without one, moved by a forwarding, and taken out of that agency
// by its resolution, whatever agency the resolution's event names (the
// case's agency when the watch read it). Kept across a save and load.
TEST_F(SensorState, OpenWorkFollowsACaseToTheAgencyItIsDisposedAndForwardedTo) {
  Sensor sensor(layout_, calendar_, Options());
  const Day today = ToDayNumber(year(2026) / month(3) / day(2));
  const auto event = [&](EventType type, uint64_t case_id, uint16_t agency) {
    Event e;
    e.day = today;
    e.type = type;
    e.case_id = case_id;
    e.category = kNoCategory;
    e.agency = agency;
    e.kelurahan = kNoKelurahan;
    e.due_day = today + 10;
    return e;
  };
  const auto open = [&](const Sensor& s) {
    return std::vector<long>{s.open_cases(0), s.open_cases(1), s.open_cases(2)};
  };
  sensor.Feed(event(EventType::kArrival, 1, kNoAgency));  // in the verifiers' queue
  sensor.Feed(event(EventType::kArrival, 2, 0));
  EXPECT_EQ(open(sensor), (std::vector<long>{1, 0, 0}));
  sensor.Feed(event(EventType::kTransfer, 1, 1));  // disposed
  sensor.Feed(event(EventType::kTransfer, 2, 2));  // forwarded
  EXPECT_EQ(open(sensor), (std::vector<long>{0, 1, 1}));
  sensor.Feed(event(EventType::kTransfer, 9, 1));  // never seen filed: nothing to move
  sensor.Feed(event(EventType::kPause, 1, 0));
  sensor.Feed(event(EventType::kTransfer, 1, 0));  // forwarded while it waits
  EXPECT_EQ(open(sensor), (std::vector<long>{0, 0, 1}));

  Sensor restored(layout_, calendar_, Options());
  ASSERT_TRUE(restored.Load(sensor.Save()));
  EXPECT_EQ(open(restored), (std::vector<long>{0, 0, 1}));
  restored.Feed(event(EventType::kReturn, 1, 2));  // answered: back on agency 0's desk
  EXPECT_EQ(open(restored), (std::vector<long>{1, 0, 1}));
  // Resolutions read when the case row named another agency.
  restored.Feed(event(EventType::kResolution, 1, 1));
  restored.Feed(event(EventType::kResolution, 2, 0));
  EXPECT_EQ(open(restored), (std::vector<long>{0, 0, 0}));
  restored.Feed(event(EventType::kResolution, 2, 0));  // twice: already out
  EXPECT_EQ(open(restored), (std::vector<long>{0, 0, 0}));
}

}  // namespace
}  // namespace sigap::adapt
