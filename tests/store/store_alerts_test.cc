// The Store contract for issue 9: a persisting change updates one alert
// (replays change nothing), a closed alert is not reopened by its change,
// the lifecycle moves are checked and their steps kept, notices go to the
// outbox with a new alert only, listings filter and page, and the
// detectors' rebuild reads the history in time order.
#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include "store/signal_rows.h"
#include "store/store_fixture.h"

namespace sigap::store {
namespace {

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }
const Timestamp kT0 = At(1'780'000'000);

template <typename Backend>
class StoreAlerts : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    other_ = *store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  }

  static AlertUpsert Draft(std::string day, std::vector<std::string> regions, double observed,
                           std::string group = "local_cluster:PU-DRAINASE") {
    AlertUpsert u;
    u.evidence.detector = "local_cluster";
    u.evidence.method = "space-time permutation scan (Kulldorff et al. 2005)";
    u.evidence.group = std::move(group);
    u.evidence.category_code = "PU-DRAINASE";
    u.evidence.agency_code = "DPU";
    u.evidence.day = day;
    u.evidence.since_day = day;
    for (const auto& r : regions) u.evidence.regions.push_back({r, "Kel " + r});
    u.evidence.observed = observed;
    u.evidence.expected = 2;
    u.evidence.series = {1, 0, 2, observed};
    u.evidence.band_low = {0, 0, 0, 0};
    u.evidence.band_high = {3, 3, 3, 3};
    u.evidence.expected_series = {1, 1, 1, 1};
    u.evidence.case_ids = {7, 8};
    u.evidence.sentence = "Pengaduan drainase naik";
    u.quiet_days = 7;
    u.at = kT0;
    return u;
  }

  AlertUpsertOutcome Upsert(AlertUpsert u, PemdaId pemda = 0) {
    u.pemda_id = pemda ? pemda : pemda_;
    auto r = store_->UpsertAlert(u);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r.value_or(AlertUpsertOutcome{});
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0, other_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreAlerts, Backends);

TYPED_TEST(StoreAlerts, PersistingChangeUpdatesOneAlertAndReplaysChangeNothing) {
  auto first = this->Upsert(this->Draft("2026-03-10", {"A", "B"}, 9));
  auto next = this->Upsert(this->Draft("2026-03-11", {"B", "C"}, 12));
  auto same_day = this->Upsert(this->Draft("2026-03-11", {"B", "C"}, 14));
  auto replay = this->Upsert(this->Draft("2026-03-10", {"A", "B"}, 9));
  auto elsewhere = this->Upsert(this->Draft("2026-03-11", {"X"}, 5));
  auto later = this->Upsert(this->Draft("2026-03-30", {"A"}, 6));

  EXPECT_TRUE(first.created);
  EXPECT_FALSE(next.created);
  EXPECT_TRUE(next.updated);
  EXPECT_EQ(next.id, first.id);
  EXPECT_EQ(same_day.id, first.id);
  EXPECT_FALSE(replay.created || replay.updated);
  EXPECT_TRUE(elsewhere.created);  // no shared place: another alert
  EXPECT_TRUE(later.created);      // after the quiet days: another alert
  auto alert = this->store_->FindAlert(this->pemda_, first.id);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->first_day, "2026-03-10");
  EXPECT_EQ(alert->last_day, "2026-03-11");
  // The change started with its first draft; the latest draft's own
  // estimate is of its window.
  EXPECT_EQ(alert->since_day, "2026-03-10");
  EXPECT_EQ(alert->evidence.since_day, "2026-03-11");
  EXPECT_EQ(alert->updates, 1);  // the same day's second draft is not an update
  EXPECT_EQ(alert->evidence.observed, 14);
  EXPECT_EQ(alert->evidence.series.back(), 14);
  EXPECT_EQ(alert->evidence.regions.size(), 2u);
  EXPECT_EQ(alert->evidence.regions[1].name, "Kel C");
  EXPECT_EQ(alert->evidence.case_ids, (std::vector<domain::CaseId>{7, 8}));
  ASSERT_EQ(alert->history.size(), 1u);
  EXPECT_EQ(alert->history[0].to_status, "new");
  EXPECT_FALSE(this->store_->FindAlert(this->other_, first.id).has_value());
}

// A CUSUM's change that fell below its threshold for weeks and passed it
// again, its run never ended (the detector dates it from the same day),
// updates its alert; one dated from after the alert's last day is new.
TYPED_TEST(StoreAlerts, AChangeDatedFromBeforeTheAlertsLastDayUpdatesItAfterQuietWeeks) {
  const auto backlog = [](std::string day, std::string since) {
    auto u = TestFixture::Draft(std::move(day), {}, 20, "growing_backlog:DINKES");
    u.evidence.detector = "growing_backlog";
    u.evidence.since_day = std::move(since);
    return u;
  };
  const auto first = this->Upsert(backlog("2026-03-10", "2026-03-01"));
  const auto again = this->Upsert(backlog("2026-04-20", "2026-03-01"));
  const auto anew = this->Upsert(backlog("2026-06-01", "2026-05-15"));

  EXPECT_TRUE(first.created);
  EXPECT_TRUE(again.updated);
  EXPECT_EQ(again.id, first.id);
  EXPECT_TRUE(anew.created);
  auto alert = this->store_->FindAlert(this->pemda_, first.id);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->first_day, "2026-03-10");
  EXPECT_EQ(alert->last_day, "2026-04-20");
  EXPECT_EQ(alert->since_day, "2026-03-01");
}

// The days an alert's earlier drafts judged keep the expectation they were
// judged with: a flood stays above the band it rose above, though the
// detector's baseline has since learnt from it. The counts are the latest.
TYPED_TEST(StoreAlerts, TheDaysAlreadyJudgedKeepTheirExpectedBand) {
  auto first = TestFixture::Draft("2026-03-10", {"A"}, 9);
  first.evidence.series = {1, 0, 2, 9};
  const auto id = this->Upsert(first).id;
  auto next = TestFixture::Draft("2026-03-11", {"A"}, 12);
  next.evidence.series = {0, 2, 10, 12};
  next.evidence.expected_series = {4, 4, 4, 4};
  next.evidence.band_low = {1, 1, 1, 1};
  next.evidence.band_high = {8, 8, 8, 8};
  this->Upsert(next);
  auto same_day = next;  // today's count again, later the same day
  same_day.evidence.series = {0, 2, 10, 13};
  same_day.evidence.expected_series = {5, 5, 5, 5};
  this->Upsert(same_day);

  auto alert = this->store_->FindAlert(this->pemda_, id);

  ASSERT_TRUE(alert.has_value());
  const auto& e = alert->evidence;
  EXPECT_EQ(e.series, (std::vector<double>{0, 2, 10, 13}));
  EXPECT_EQ(e.expected_series, (std::vector<double>{1, 1, 1, 5}));
  EXPECT_EQ(e.band_low, (std::vector<double>{0, 0, 0, 1}));
  EXPECT_EQ(e.band_high, (std::vector<double>{3, 3, 3, 8}));
}

// A day without a value (a rating series' day without ratings, NaN) keeps
// its place in the stored series.
TYPED_TEST(StoreAlerts, ASeriesDayWithoutAValueKeepsItsPlace) {
  auto draft = TestFixture::Draft("2026-03-10", {"A"}, 3, "falling_rating:DPU");
  draft.evidence.series = {4.5, std::numeric_limits<double>::quiet_NaN(), 1.5, 3};
  const auto outcome = this->Upsert(draft);

  auto alert = this->store_->FindAlert(this->pemda_, outcome.id);

  ASSERT_TRUE(alert.has_value());
  const auto& series = alert->evidence.series;
  ASSERT_EQ(series.size(), 4u);
  EXPECT_EQ(series[0], 4.5);
  EXPECT_TRUE(std::isnan(series[1]));
  EXPECT_EQ(series[2], 1.5);
}

// A cluster whose zone moves to the kelurahan next door (the scan's zone
// depends on how much of a surge a tick saw) is the same change; one whose
// zone only borders others is not.
TYPED_TEST(StoreAlerts, AClusterMovingToABorderingKelurahanUpdatesItsAlert) {
  auto first = this->Upsert(this->Draft("2026-03-10", {"A"}, 7));
  auto moved = this->Draft("2026-03-10", {"B", "C"}, 30);
  moved.evidence.border_codes = {"A", "D"};
  auto next_door = this->Upsert(moved);
  auto apart = this->Draft("2026-03-10", {"X"}, 9);
  apart.evidence.border_codes = {"Y"};
  auto elsewhere = this->Upsert(apart);

  EXPECT_TRUE(first.created);
  EXPECT_FALSE(next_door.created);
  EXPECT_EQ(next_door.id, first.id);
  EXPECT_TRUE(elsewhere.created);
  auto alert = this->store_->FindAlert(this->pemda_, first.id);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->evidence.observed, 30);
  ASSERT_EQ(alert->evidence.regions.size(), 2u);
  EXPECT_EQ(alert->evidence.regions[0].code, "B");
}

// A topic attributed to a service is that service's rising topic: its
// leading words drift from day to day ("pbi, bpjs pbi" then "pbi, peserta
// pbi") and it stays one alert while a word goes on. Topics of no service
// need two shared words.
TYPED_TEST(StoreAlerts, AServicesTopicWhoseWordsDriftStaysOneAlert) {
  const auto topic = [](std::string day, std::string group, std::vector<std::string> terms) {
    auto u = TestFixture::Draft(std::move(day), {}, 12, std::move(group));
    u.evidence.detector = "emerging_topic";
    u.evidence.top_terms = std::move(terms);
    return u;
  };
  auto first = this->Upsert(topic("2026-03-10", "emerging_topic:DINKES-JKN", {"pbi", "bpjs pbi"}));
  auto next =
      this->Upsert(topic("2026-03-11", "emerging_topic:DINKES-JKN", {"pbi", "peserta pbi"}));
  auto other_service =
      this->Upsert(topic("2026-03-11", "emerging_topic:DINSOS-BANSOS", {"pbi", "bpjs pbi"}));
  auto unplaced = this->Upsert(topic("2026-03-10", "emerging_topic", {"banjir", "rob"}));
  auto unplaced_drift = this->Upsert(topic("2026-03-11", "emerging_topic", {"banjir", "pompa"}));
  // Another burst of the same service in words of its own is another topic,
  // not a rewrite of the first alert (an explorer's blocked drains in Mijen
  // had taken over the flood alert of Genuk).
  auto other_words =
      this->Upsert(topic("2026-03-12", "emerging_topic:DINKES-JKN", {"antrean", "obat kosong"}));

  EXPECT_TRUE(first.created);
  EXPECT_FALSE(next.created);
  EXPECT_EQ(next.id, first.id);
  EXPECT_TRUE(other_service.created);
  EXPECT_TRUE(unplaced.created);
  EXPECT_TRUE(unplaced_drift.created);
  EXPECT_TRUE(other_words.created);
  auto alert = this->store_->FindAlert(this->pemda_, first.id);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->evidence.top_terms, (std::vector<std::string>{"pbi", "peserta pbi"}));
}

TYPED_TEST(StoreAlerts, DraftsMergedTogetherEndAsWhenMergedOneByOne) {
  // The drafts of the test above in one call (a rebuild's thousands of
  // drafts are merged a chunk per transaction): each sees the alerts the
  // ones before it made.
  std::vector<AlertUpsert> drafts = {
      this->Draft("2026-03-10", {"A", "B"}, 9),  this->Draft("2026-03-11", {"B", "C"}, 12),
      this->Draft("2026-03-11", {"B", "C"}, 14), this->Draft("2026-03-10", {"A", "B"}, 9),
      this->Draft("2026-03-11", {"X"}, 5),       this->Draft("2026-03-30", {"A"}, 6)};
  for (auto& d : drafts) d.pemda_id = this->pemda_;
  drafts[1].evidence.since_day = "2026-03-08";  // the change began before the first draft saw it

  auto outcomes = this->store_->UpsertAlerts(drafts);

  ASSERT_TRUE(outcomes.has_value()) << outcomes.error().message;
  ASSERT_EQ(outcomes->size(), drafts.size());
  const auto& o = *outcomes;
  EXPECT_TRUE(o[0].created);
  EXPECT_TRUE(o[1].updated && !o[1].created);
  EXPECT_EQ(o[1].id, o[0].id);
  EXPECT_EQ(o[2].id, o[0].id);
  EXPECT_FALSE(o[3].created || o[3].updated);
  EXPECT_TRUE(o[4].created);
  EXPECT_TRUE(o[5].created);
  EXPECT_NE(o[4].id, o[5].id);
  auto alert = this->store_->FindAlert(this->pemda_, o[0].id);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->last_day, "2026-03-11");
  EXPECT_EQ(alert->updates, 1);
  EXPECT_EQ(alert->evidence.observed, 14);
  // The alert began on the earliest since-day of its drafts, whichever
  // came later.
  int64_t earliest = 0;
  EXPECT_EQ(TypeParam::ExecSql(this->dir_,
                               "SELECT COUNT(*) FROM alerts WHERE id = " + std::to_string(o[0].id) +
                                   " AND since_day = '2026-03-08'",
                               &earliest),
            "");
  EXPECT_EQ(earliest, 1);
  auto listed = this->store_->ListAlerts(this->pemda_, AlertFilter{});
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->alerts.size(), 3u);
  EXPECT_TRUE(this->store_->UpsertAlerts({}).value().empty());
}

// Two nodes acknowledging one alert at once: one moves it, the other is
// refused as on one node, and the history holds one move.
TYPED_TEST(StoreAlerts, OfTwoNodesMovingAnAlertAtOnceTheSecondIsJudgedAfterTheFirst) {
  using domain::AlertStatus;
  auto node_b = TypeParam::Open(this->dir_);
  for (int round = 0; round < 4; ++round) {
    const auto id = this->Upsert(this->Draft("2026-04-1" + std::to_string(round),
                                             {"R" + std::to_string(round)}, 9))
                        .id;
    auto a = std::async(std::launch::async, [&] {
      return this->store_->MoveAlert(this->pemda_, id,
                                     {AlertStatus::kAcknowledged, "user:kadis", "A", kT0});
    });
    auto b = std::async(std::launch::async, [&] {
      return node_b->MoveAlert(this->pemda_, id,
                               {AlertStatus::kAcknowledged, "user:walikota", "B", kT0});
    });
    const auto ra = a.get(), rb = b.get();

    EXPECT_NE(ra.has_value(), rb.has_value()) << "round " << round;
    const auto& refused = ra ? rb : ra;
    if (!refused) {
      EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    }
    auto found = this->store_->FindAlert(this->pemda_, id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->history.size(), 2u) << "round " << round;  // raised, acknowledged
  }
}

TYPED_TEST(StoreAlerts, LifecycleIsCheckedAndItsStepsKept) {
  const auto id = this->Upsert(this->Draft("2026-03-10", {"A"}, 9)).id;
  using domain::AlertStatus;
  auto early =
      this->store_->MoveAlert(this->pemda_, id, {AlertStatus::kActioned, "user:kadis", "tim", kT0});
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(this->store_->MoveAlert(this->pemda_, id,
                                      {AlertStatus::kAcknowledged, "user:kadis", "dicek", kT0}));
  ASSERT_TRUE(this->store_->MoveAlert(this->pemda_, id,
                                      {AlertStatus::kActioned, "user:kadis", "tim", kT0}));
  auto closed = this->store_->MoveAlert(this->pemda_, id,
                                        {AlertStatus::kClosed, "user:walikota", "surut", kT0});
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->status, AlertStatus::kClosed);
  ASSERT_EQ(closed->history.size(), 4u);
  EXPECT_EQ(closed->history[3].from_status, "actioned");
  EXPECT_EQ(closed->history[3].actor, "user:walikota");
  EXPECT_EQ(closed->history[3].reason, "surut");
  EXPECT_FALSE(this->store_->MoveAlert(this->pemda_, id,
                                       {AlertStatus::kClosed, "user:walikota", "lagi", kT0}));
  EXPECT_EQ(this->store_->MoveAlert(this->other_, id, {AlertStatus::kClosed, "user:x", "x", kT0})
                .error()
                .code,
            ErrorCode::kNotFound);

  // The closed alert's own day again, as a rebuild replays it: nothing new.
  auto same = this->Upsert(this->Draft("2026-03-10", {"A"}, 9));
  EXPECT_FALSE(same.created);
  EXPECT_EQ(same.id, id);
  // More that same day than the alert showed when it was closed: the change
  // goes on, and a new alert says so.
  auto grew = this->Upsert(this->Draft("2026-03-10", {"A"}, 12));
  EXPECT_TRUE(grew.created);
  EXPECT_NE(grew.id, id);
  ASSERT_TRUE(this->store_->MoveAlert(this->pemda_, grew.id,
                                      {AlertStatus::kClosed, "user:walikota", "dobel", kT0}));

  // The change goes on after closing: a new alert, not the closed one,
  // that names the closed one it continues.
  auto again = this->Upsert(this->Draft("2026-03-11", {"A"}, 11));
  EXPECT_TRUE(again.created);
  EXPECT_NE(again.id, id);
  auto continued = this->store_->FindAlert(this->pemda_, again.id);
  ASSERT_TRUE(continued.has_value());
  EXPECT_EQ(continued->continues, grew.id);
  EXPECT_EQ(this->store_->FindAlert(this->pemda_, id)->continues, 0);
  auto replay = this->Upsert(this->Draft("2026-03-10", {"A"}, 9));
  EXPECT_FALSE(replay.created);
}

TYPED_TEST(StoreAlerts, NoticesGoWithNewAlertsOnly) {
  auto u = this->Draft("2026-03-10", {"A"}, 9);
  u.notify_audiences = {"agency_head:DPU", "user:walikota"};
  this->Upsert(u);
  u.evidence.day = "2026-03-11";
  this->Upsert(u);
  auto claimed = this->store_->ClaimOutbox(kT0 + std::chrono::hours(1), kT0 + std::chrono::hours(2),
                                           100, "email");
  ASSERT_TRUE(claimed.has_value());
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].template_name, "alert");
  EXPECT_NE((*claimed)[0].payload.find("Pengaduan drainase naik"), std::string::npos);
  // One message to each audience, not two to the first.
  std::vector<std::string> audiences{(*claimed)[0].audience, (*claimed)[1].audience};
  std::sort(audiences.begin(), audiences.end());
  EXPECT_EQ(audiences, (std::vector<std::string>{"agency_head:DPU", "user:walikota"}));
}

TYPED_TEST(StoreAlerts, ListsFilterAndPageNewestFirst) {
  for (int i = 0; i < 5; ++i) {
    this->Upsert(this->Draft("2026-03-1" + std::to_string(i), {"R" + std::to_string(i)}, 9,
                             i % 2 ? "city_shift:DINSOS-BANSOS" : "local_cluster:PU-DRAINASE"));
  }
  this->Upsert(this->Draft("2026-03-10", {"A"}, 9), this->other_);
  AlertFilter filter;
  filter.limit = 2;
  std::vector<int64_t> ids;
  for (;;) {
    auto page = this->store_->ListAlerts(this->pemda_, filter);
    ASSERT_TRUE(page.has_value());
    for (const auto& a : page->alerts) ids.push_back(a.id);
    if (page->next_cursor == 0) break;
    filter.before = page->next_cursor;
  }
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend()));
  AlertFilter since;
  since.since = "2026-03-13";
  EXPECT_EQ(this->store_->ListAlerts(this->pemda_, since)->alerts.size(), 2u);
  AlertFilter closed;
  closed.status = domain::AlertStatus::kClosed;
  EXPECT_TRUE(this->store_->ListAlerts(this->pemda_, closed)->alerts.empty());
}

// An agency's alerts, with those of the units named beside it and, when
// asked, those of no agency (a city-wide shift, a topic): what an agency
// head's list holds, read by the store alone and paged as any other list.
TYPED_TEST(StoreAlerts, ListsAnAgencysAlertsWithItsUnitsAndThePemdaWideOnes) {
  std::map<int64_t, std::string> agency_of;
  int n = 0;
  for (const std::string agency : {"DISHUB", "BLU-TRANS", "DPU", "", "UPTD-PARKIR", "DISHUB", ""}) {
    auto draft = this->Draft("2026-03-1" + std::to_string(n), {"R"}, 9,
                             "local_cluster:G" + std::to_string(n));
    draft.evidence.agency_code = agency;
    agency_of[this->Upsert(draft).id] = agency;
    ++n;
  }
  auto other = this->Draft("2026-03-10", {"A"}, 9);
  other.evidence.agency_code = "DISHUB";
  this->Upsert(other, this->other_);
  // Every page of `filter`, its agencies, newest first.
  const auto agencies = [&](AlertFilter filter) {
    std::vector<std::string> out;
    filter.limit = 2;
    for (int pages = 0; pages < 20; ++pages) {
      auto page = this->store_->ListAlerts(this->pemda_, filter);
      EXPECT_TRUE(page.has_value()) << page.error().message;
      if (!page) break;
      for (const auto& a : page->alerts) {
        EXPECT_EQ(a.evidence.agency_code, agency_of[a.id]);
        out.push_back(a.evidence.agency_code);
      }
      if (page->next_cursor == 0) break;
      filter.before = page->next_cursor;
    }
    return out;
  };

  AlertFilter head;
  head.agency_code = "DISHUB";
  head.units = {"BLU-TRANS", "UPTD-PARKIR"};
  head.with_pemda_wide = true;
  EXPECT_EQ(agencies(head),
            (std::vector<std::string>{"", "DISHUB", "UPTD-PARKIR", "", "BLU-TRANS", "DISHUB"}));
  head.with_pemda_wide = false;
  EXPECT_EQ(agencies(head),
            (std::vector<std::string>{"DISHUB", "UPTD-PARKIR", "BLU-TRANS", "DISHUB"}));
  AlertFilter officer;
  officer.agency_code = "DISHUB";
  officer.with_pemda_wide = true;
  EXPECT_EQ(agencies(officer), (std::vector<std::string>{"", "DISHUB", "", "DISHUB"}));
  officer.with_pemda_wide = false;
  EXPECT_EQ(agencies(officer), (std::vector<std::string>{"DISHUB", "DISHUB"}));
  AlertFilter unit;
  unit.agency_code = "BLU-TRANS";
  EXPECT_EQ(agencies(unit), (std::vector<std::string>{"BLU-TRANS"}));
}

// Submits a case of `pemda` created at `at` (its `submitted` event is
// dated then); returns its id.
// Submits `c` through the writer; its id, 0 when refused.
CaseId Submitted(Store& store, NewCase c) {
  std::promise<Result<SubmitReceipt>> promise;
  store.SubmitCase(std::move(c), [&](Result<SubmitReceipt> r) { promise.set_value(r); });
  auto receipt = promise.get_future().get();
  EXPECT_TRUE(receipt.has_value()) << receipt.error().message;
  return receipt ? receipt->case_id : 0;
}

CaseId SubmitAt(Store& store, PemdaId pemda, Timestamp at, const std::string& title,
                bool confidential = false) {
  NewCase c;
  c.pemda_id = pemda;
  c.submission.title = title;
  c.submission.confidential = confidential;
  c.submission.description = "Saluran di depan sekolah tersumbat sampah.";
  c.submission.reporter.name = "Sri Rahayu";
  c.service_name = "Drainase";
  // Imported as resolved: it arrives at its agency (rows::kSignalAgency).
  c.submission.channel = domain::Channel::kImport;
  c.agency_code = "DPU";
  c.salt = 7;
  c.created_at = at;
  c.status = domain::CaseStatus::kResolved;
  c.handling.resolved_at = at;
  return Submitted(store, std::move(c));
}

// Appends one event of `kind` to case `id`, an hour after kT0 per `step`;
// the case's agency becomes `agency` and its deadline `due` when given.
void AppendEvent(Store& store, PemdaId pemda, CaseId id, int step, const std::string& kind,
                 domain::Payload payload = {}, const std::string& agency = "",
                 std::optional<Timestamp> due = std::nullopt) {
  const Timestamp at = kT0 + std::chrono::hours(step + 1);
  auto changed = store.ChangeCasesAndWait(
      pemda, {id}, std::nullopt,
      [&](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
        domain::CaseChange ch;
        ch.after = current[0];
        if (!agency.empty()) ch.after.agency_code = agency;
        if (due) ch.after.handling.due_at = due;
        ch.events.push_back({kind, "user:vera", at, true, payload});
        return std::vector<domain::CaseChange>{std::move(ch)};
      });
  ASSERT_TRUE(changed.has_value()) << changed.error().message;
}

// The detectors' rebuild reads a history written out of time order (as an
// import of old cases is) in small batches: every case and rating once, in
// time order across batches, then hands over to ListSignals, which sees
// only what came after.
TYPED_TEST(StoreAlerts, ReplayReadsTheHistoryInTimeOrderInBoundedBatches) {
  Store& store = *this->store_;
  const std::vector<int> hours = {50, 3, 27, 3, 80, 1, 64, 12, 40, 7};  // creation order
  std::map<CaseId, Timestamp> created;
  for (size_t i = 0; i < hours.size(); ++i) {
    const Timestamp at = kT0 + std::chrono::hours(hours[i]);
    created[SubmitAt(store, this->pemda_, at, "Kasus " + std::to_string(i))] = at;
  }
  SubmitAt(store, this->other_, kT0 + std::chrono::hours(5), "Kasus Pemda lain");
  // Ratings of three of them, a day after each.
  int rated = 0;
  for (const auto& [id, at] : created) {
    if (id % 3 != 0) continue;
    ASSERT_TRUE(
        store.SaveCaseRating({id, this->pemda_, "DPU", 4, "", at + std::chrono::hours(24)}));
    ++rated;
  }
  ASSERT_GT(rated, 0);

  SignalCursor cursor;
  std::vector<SignalEvent> replayed;
  int batches = 0;
  for (bool more = true; more; ++batches) {
    auto batch = store.ReplaySignals(this->pemda_, cursor, 2);
    ASSERT_TRUE(batch.has_value()) << batch.error().message;
    ASSERT_LE(batch->events.size(), 4u);  // at most 2 case events and 2 ratings
    ASSERT_TRUE(std::is_sorted(batch->events.begin(), batch->events.end(),
                               [](const auto& a, const auto& b) { return a.at < b.at; }));
    if (!replayed.empty() && !batch->events.empty()) {
      EXPECT_LE(replayed.back().at, batch->events.front().at) << "batch " << batches;
    }
    replayed.insert(replayed.end(), batch->events.begin(), batch->events.end());
    cursor = batch->next;
    more = batch->more;
    ASSERT_LT(batches, 50);
  }
  EXPECT_GE(batches, 5);
  std::map<CaseId, int> arrivals;
  int ratings = 0;
  for (const auto& e : replayed) {
    if (e.type == SignalEvent::Type::kRating) {
      ++ratings;
      EXPECT_EQ(e.at, created.at(e.case_id) + std::chrono::hours(24));
    } else if (e.type == SignalEvent::Type::kArrival) {
      ++arrivals[e.case_id];
      EXPECT_EQ(e.at, created.at(e.case_id));
      EXPECT_EQ(e.text.rfind("Kasus ", 0), 0u);
    }
  }
  EXPECT_EQ(arrivals.size(), created.size());
  for (const auto& [id, n] : arrivals) EXPECT_EQ(n, 1) << "case " << id;
  EXPECT_EQ(ratings, rated);

  // After the replay, ListSignals from its cursor: only what is new.
  auto nothing = store.ListSignals(this->pemda_, cursor, 100);
  ASSERT_TRUE(nothing.has_value());
  EXPECT_TRUE(nothing->events.empty());
  const CaseId late = SubmitAt(store, this->pemda_, kT0 + std::chrono::hours(2), "Kasus baru");
  auto fresh = store.ListSignals(this->pemda_, cursor, 100);
  ASSERT_TRUE(fresh.has_value());
  ASSERT_FALSE(fresh->events.empty());
  for (const auto& e : fresh->events) EXPECT_EQ(e.case_id, late);
}

// The detectors place a case where the dashboard's map does: the
// kelurahan its pin lies in wins over the one the reporter picked; without
// a pin's kelurahan, the reporter's region.
TYPED_TEST(StoreAlerts, SignalsPlaceACaseByItsPinElseByTheRegionChosen) {
  Store& store = *this->store_;
  SignalCursor cursor;
  ASSERT_TRUE(store.ReplaySignals(this->pemda_, cursor, 100).has_value());
  const auto file = [&](std::string stated, std::string pinned) {
    NewCase c;
    c.pemda_id = this->pemda_;
    c.submission.title = "Got mampet";
    c.submission.description = "Saluran di depan sekolah tersumbat sampah.";
    c.submission.location.region_code = std::move(stated);
    c.placement.kelurahan_code = pinned;
    if (!pinned.empty()) c.placement.kecamatan_code = pinned.substr(0, 8);
    c.agency_code = "DPU";
    c.salt = 11;
    c.created_at = kT0;
    return Submitted(store, std::move(c));
  };
  const CaseId disagreeing = file("33.74.01.1001", "33.74.07.1004");
  const CaseId unpinned = file("33.74.01.1001", "");

  auto signals = store.ListSignals(this->pemda_, cursor, 100);

  ASSERT_TRUE(signals.has_value()) << signals.error().message;
  std::map<CaseId, std::string> region;
  for (const auto& e : signals->events) region[e.case_id] = e.region_code;
  EXPECT_EQ(region[disagreeing], "33.74.07.1004");
  EXPECT_EQ(region[unpinned], "33.74.01.1001");
}

// A case filed through intake is no agency's work until the verifiers
// dispose of it (the transfer names the agency): its arrival names none,
// whatever agency its service gave it. An imported case arrives where it
// was.
TYPED_TEST(StoreAlerts, AnArrivalNamesAnAgencyOnlyOfACaseImportedPastVerification) {
  Store& store = *this->store_;
  SignalCursor cursor;
  ASSERT_TRUE(store.ReplaySignals(this->pemda_, cursor, 100).has_value());
  const auto file = [&](domain::Channel channel, domain::Stage stage, uint32_t salt) {
    NewCase c;
    c.pemda_id = this->pemda_;
    c.submission.title = "Lampu jalan mati";
    c.submission.channel = channel;
    c.handling.stage = stage;
    c.agency_code = "DPU";
    c.salt = salt;
    c.created_at = kT0;
    return Submitted(store, std::move(c));
  };
  using domain::Channel;
  using domain::Stage;
  const CaseId filed = file(Channel::kWeb, Stage::kVerification, 21);
  const CaseId imported_open = file(Channel::kImport, Stage::kResolution, 22);
  const CaseId imported_new = file(Channel::kImport, Stage::kVerification, 23);

  auto signals = store.ListSignals(this->pemda_, cursor, 100);

  ASSERT_TRUE(signals.has_value()) << signals.error().message;
  std::map<CaseId, std::string> agency;
  for (const auto& e : signals->events) agency[e.case_id] = e.agency_code;
  ASSERT_EQ(agency.size(), 3u);
  EXPECT_EQ(agency[filed], "");
  EXPECT_EQ(agency[imported_open], "DPU");
  EXPECT_EQ(agency[imported_new], "");
}

// What the detectors read of an arrival has no word of its reporter's
// name: a reporter who signs every complaint would otherwise become a
// topic's term, shown to every agency. The text is otherwise as written.
TYPED_TEST(StoreAlerts, SignalsReadAnArrivalWithoutItsReportersName) {
  Store& store = *this->store_;
  SignalCursor cursor;
  ASSERT_TRUE(store.ReplaySignals(this->pemda_, cursor, 100).has_value());
  NewCase c;
  c.pemda_id = this->pemda_;
  c.submission.title = "Jalan berlubang di depan gang";
  c.submission.description =
      "Mohon segera diperbaiki. Hormat saya, SUKARNI Wulandarisih (Bu Sukarni), RT 03.";
  c.submission.reporter.name = "Sukarni Wulandarisih, S.Pd";
  c.submission.anonymous = true;
  c.agency_code = "DPU";
  c.salt = 12;
  c.created_at = kT0;
  std::promise<Result<SubmitReceipt>> promise;
  store.SubmitCase(std::move(c), [&](Result<SubmitReceipt> r) { promise.set_value(r); });
  ASSERT_TRUE(promise.get_future().get().has_value());

  auto signals = store.ListSignals(this->pemda_, cursor, 100);

  ASSERT_TRUE(signals.has_value()) << signals.error().message;
  ASSERT_EQ(signals->events.size(), 1u);
  const std::string& text = signals->events[0].text;
  EXPECT_EQ(text.find("ukarni"), std::string::npos) << text;
  EXPECT_EQ(text.find("ulandarisih"), std::string::npos) << text;
  EXPECT_EQ(text,
            "Jalan berlubang di depan gang\nMohon segera diperbaiki. Hormat saya,     "
            "(Bu  ), RT 03.");
}

// A rebuild passes its batches round (ReplaySignalsInto overwrites the
// events of a batch used before): what it reads is what fresh batches
// read, with nothing left over from the events a slot held before (an
// arrival's text, a transfer's deadline, a rating's stars).
TYPED_TEST(StoreAlerts, ReplayIntoABatchUsedBeforeReadsWhatFreshBatchesRead) {
  Store& store = *this->store_;
  // Case c arrives at hour 4c, is disposed an hour later with a deadline
  // and resolved an hour after that; the even ones are rated between. In
  // batches of two, slots that held a rating or a deadline later hold
  // events without them.
  for (int c = 0; c < 4; ++c) {
    const CaseId id = SubmitAt(store, this->pemda_, kT0 + std::chrono::hours(4 * c), "Kasus");
    const Timestamp due = kT0 + std::chrono::hours(24 * (c + 2));
    AppendEvent(store, this->pemda_, id, 4 * c, "disposed",
                {{"agency_code", "DISHUB"}, {"due_at", FormatRfc3339(due)}}, "DISHUB", due);
    AppendEvent(store, this->pemda_, id, 4 * c + 1, "resolved", {{"text", "selesai"}});
    if (c % 2 == 0) {
      ASSERT_TRUE(store.SaveCaseRating(
          {id, this->pemda_, "DISHUB", 2 + c, "", kT0 + std::chrono::minutes(240 * c + 90)}));
    }
  }
  const auto fields = [](const SignalEvent& e) {
    return std::tuple(e.type, e.at, e.event_id, e.case_id, e.kind, e.service_code, e.agency_code,
                      e.region_code, e.due_at, e.stars, e.text);
  };

  SignalCursor fresh_cursor, reused_cursor;
  SignalBatch reused;
  int batches = 0;
  for (bool more = true; more; ++batches) {
    ASSERT_LT(batches, 50);
    auto fresh = store.ReplaySignals(this->pemda_, fresh_cursor, 2);
    ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
    ASSERT_TRUE(store.ReplaySignalsInto(this->pemda_, reused_cursor, 2, reused));
    ASSERT_EQ(reused.events.size(), fresh->events.size()) << "batch " << batches;
    for (size_t i = 0; i < fresh->events.size(); ++i) {
      EXPECT_TRUE(fields(reused.events[i]) == fields(fresh->events[i]))
          << "batch " << batches << ", event " << i;
    }
    EXPECT_EQ(reused.more, fresh->more);
    fresh_cursor = fresh->next;
    reused_cursor = reused.next;
    more = fresh->more;
  }
  EXPECT_GE(batches, 6);  // 12 case events and 2 ratings, 2 of each per batch
}

// A rebuild reads through Store::OpenSignalReplay, where PostgreSQL asks
// for a batch before the rows of the one before are read: the batches are
// those ReplaySignals reads from where each ended, also where the ratings
// end a batch before its case events do (all, some or none of them kept),
// and a replay left before its end leaves the store to answer as before.
TYPED_TEST(StoreAlerts, AReplayReadsTheBatchesReplaySignalsReads) {
  Store& store = *this->store_;
  // Arrivals at hours 0-5, rated at hours 10-14 and 35; later arrivals at
  // hours 30, 40, 50 and 60. In batches of two, the ratings at 10-13 end
  // batches before the case events at 30 and 40 (none kept), the ratings at
  // 14 and 35 after the one at 30 (one kept).
  for (int h = 0; h < 6; ++h) {
    const CaseId id = SubmitAt(store, this->pemda_, kT0 + std::chrono::hours(h), "Kasus awal");
    const int rated_at = h < 5 ? 10 + h : 35;
    ASSERT_TRUE(store.SaveCaseRating(
        {id, this->pemda_, "DPU", 1 + h % 5, "", kT0 + std::chrono::hours(rated_at)}));
  }
  for (int h : {30, 40, 50, 60}) {
    SubmitAt(store, this->pemda_, kT0 + std::chrono::hours(h), "Kasus akhir");
  }
  const auto fields = [](const SignalEvent& e) {
    return std::tuple(e.type, e.at, e.event_id, e.case_id, e.stars, e.text);
  };
  const auto cursor_fields = [](const SignalCursor& c) {
    return std::tuple(c.event_id, c.event_at_micros, c.replay_through_id, c.rating_at_micros,
                      c.rating_case_id);
  };

  auto replay = store.OpenSignalReplay(this->pemda_, SignalCursor{}, 2);
  ASSERT_TRUE(replay.has_value()) << replay.error().message;
  SignalCursor cursor;
  SignalBatch read;
  int batches = 0;
  std::vector<int64_t> arrivals_kept;  // per batch
  for (bool more = true; more; ++batches) {
    ASSERT_LT(batches, 50);
    auto expected = store.ReplaySignals(this->pemda_, cursor, 2);
    ASSERT_TRUE(expected.has_value()) << expected.error().message;
    ASSERT_TRUE((*replay)->Next(read)) << "batch " << batches;
    ASSERT_EQ(read.events.size(), expected->events.size()) << "batch " << batches;
    for (size_t i = 0; i < read.events.size(); ++i) {
      EXPECT_TRUE(fields(read.events[i]) == fields(expected->events[i]))
          << "batch " << batches << ", event " << i;
    }
    EXPECT_TRUE(cursor_fields(read.next) == cursor_fields(expected->next)) << "batch " << batches;
    EXPECT_EQ(read.more, expected->more);
    arrivals_kept.push_back(std::count_if(read.events.begin(), read.events.end(), [](auto& e) {
      return e.type == SignalEvent::Type::kArrival;
    }));
    cursor = expected->next;
    more = expected->more;
  }
  // The history's layout did what it is for: batches that keep no case
  // event, and one that keeps one of two.
  EXPECT_NE(std::find(arrivals_kept.begin(), arrivals_kept.end(), 0), arrivals_kept.end());
  EXPECT_NE(std::find(arrivals_kept.begin(), arrivals_kept.end(), 1), arrivals_kept.end());
  EXPECT_EQ(std::accumulate(arrivals_kept.begin(), arrivals_kept.end(), int64_t{0}), 10);
  const auto after_replay = store.ListSignals(this->pemda_, cursor, 100);
  ASSERT_TRUE(after_replay.has_value());
  EXPECT_TRUE(after_replay->events.empty());

  // Left after its first batch, with the next one asked for.
  auto left = store.OpenSignalReplay(this->pemda_, SignalCursor{}, 2);
  ASSERT_TRUE(left.has_value());
  ASSERT_TRUE((*left)->Next(read));
  EXPECT_TRUE(read.more);
  left->reset();
  const CaseId late = SubmitAt(store, this->pemda_, kT0 + std::chrono::hours(70), "Kasus baru");
  auto fresh = store.ListSignals(this->pemda_, cursor, 100);
  ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
  ASSERT_FALSE(fresh->events.empty());
  for (const auto& e : fresh->events) EXPECT_EQ(e.case_id, late);
}

// What moves a case in and out of its agency's open work reaches the
// detectors: a request for information pauses it, the answer and a reopening
// bring it back; a note does not.
TYPED_TEST(StoreAlerts, SignalsCarryPausesAndReturnsOfOpenWork) {
  Store& store = *this->store_;
  const CaseId id = SubmitAt(store, this->pemda_, kT0, "Kasus");
  const std::vector<std::string> kinds = {"info_requested", "note",     "info_provided",
                                          "resolved",       "reopened", "rejected"};
  for (size_t i = 0; i < kinds.size(); ++i) {
    AppendEvent(store, this->pemda_, id, static_cast<int>(i), kinds[i]);
  }

  using Type = SignalEvent::Type;
  for (const bool replay : {false, true}) {
    auto batch = replay ? store.ReplaySignals(this->pemda_, SignalCursor{}, 100)
                        : store.ListSignals(this->pemda_, SignalCursor{}, 100);
    ASSERT_TRUE(batch.has_value()) << batch.error().message;
    std::vector<Type> types;
    for (const auto& e : batch->events) {
      if (e.case_id == id) types.push_back(e.type);
    }
    EXPECT_EQ(types, (std::vector<Type>{Type::kArrival, Type::kPause, Type::kReturn,
                                        Type::kResolution, Type::kReturn, Type::kResolution}))
        << (replay ? "ReplaySignals" : "ListSignals");
  }
}

// A disposition and a forwarding reach the detectors as transfers with the
// agency and deadline each named, not the case's agency now: the open work
// they counted for an agency then is what they take out of it later.
TYPED_TEST(StoreAlerts, SignalsCarryTransfersWithTheAgencyAndDeadlineTheyNamed) {
  Store& store = *this->store_;
  const CaseId id = SubmitAt(store, this->pemda_, kT0, "Kasus");
  const Timestamp due_dpu = kT0 + std::chrono::hours(24 * 5);
  const Timestamp due_dishub = kT0 + std::chrono::hours(24 * 9);
  struct Step {
    std::string kind;
    domain::Payload payload;
  };
  const std::vector<Step> steps = {
      {"disposed", {{"agency_code", "DPU"}, {"due_at", FormatRfc3339(due_dpu)}}},
      {"note", {{"text", "dicek"}}},
      {"forwarded",
       {{"from", "DPU"}, {"agency_code", "DISHUB"}, {"due_at", FormatRfc3339(due_dishub)}}},
      // A deadline that does not read leaves the case's own.
      {"info_provided", {{"text", "lokasinya di depan sekolah"}, {"due_at", "besok"}}},
      {"resolved", {{"text", "selesai"}}}};
  for (size_t i = 0; i < steps.size(); ++i) {
    AppendEvent(store, this->pemda_, id, static_cast<int>(i), steps[i].kind, steps[i].payload,
                "DISHUB", due_dishub);
  }

  using Type = SignalEvent::Type;
  for (const bool replay : {false, true}) {
    auto batch = replay ? store.ReplaySignals(this->pemda_, SignalCursor{}, 100)
                        : store.ListSignals(this->pemda_, SignalCursor{}, 100);
    ASSERT_TRUE(batch.has_value()) << batch.error().message;
    std::vector<const SignalEvent*> mine;
    for (const auto& e : batch->events) {
      if (e.case_id == id) mine.push_back(&e);
    }
    const char* how = replay ? "ReplaySignals" : "ListSignals";
    ASSERT_EQ(mine.size(), 5U) << how;
    EXPECT_EQ(mine[0]->type, Type::kArrival) << how;
    EXPECT_EQ(mine[0]->text.substr(0, 5), "Kasus") << how;
    EXPECT_EQ(mine[1]->type, Type::kTransfer) << how;
    EXPECT_EQ(mine[1]->agency_code, "DPU") << how;
    EXPECT_EQ(mine[1]->due_at, due_dpu) << how;
    EXPECT_TRUE(mine[1]->text.empty()) << how;
    EXPECT_EQ(mine[2]->type, Type::kTransfer) << how;
    EXPECT_EQ(mine[2]->agency_code, "DISHUB") << how;
    EXPECT_EQ(mine[2]->due_at, due_dishub) << how;
    EXPECT_EQ(mine[3]->type, Type::kReturn) << how;
    EXPECT_EQ(mine[3]->agency_code, "DISHUB") << how;
    EXPECT_EQ(mine[3]->due_at, due_dishub) << how;
    EXPECT_EQ(mine[4]->type, Type::kResolution) << how;
  }
}

// A rebuild replays each event with its case as it was then, so it counts
// what the live watch counted: a case that arrived for DPU and was later
// forwarded to DISHUB arrived for DPU in the replay too, not for DISHUB.
TYPED_TEST(StoreAlerts, ARebuildSeesEachCaseAsTheLiveWatchSawIt) {
  Store& store = *this->store_;
  const CaseId id = SubmitAt(store, this->pemda_, kT0, "Kasus");
  auto live = store.ListSignals(this->pemda_, SignalCursor{}, 100);
  ASSERT_TRUE(live.has_value()) << live.error().message;
  ASSERT_EQ(live->events.size(), 1U);
  EXPECT_EQ(live->events[0].agency_code, "DPU");

  AppendEvent(store, this->pemda_, id, 0, "forwarded", {{"from", "DPU"}, {"agency_code", "DISHUB"}},
              "DISHUB");
  AppendEvent(store, this->pemda_, id, 1, "resolved", {{"text", "selesai"}});

  auto replay = store.ReplaySignals(this->pemda_, SignalCursor{}, 100);
  ASSERT_TRUE(replay.has_value()) << replay.error().message;
  ASSERT_EQ(replay->events.size(), 3U);
  EXPECT_EQ(replay->events[0].type, SignalEvent::Type::kArrival);
  EXPECT_EQ(replay->events[0].agency_code, "DPU");
  EXPECT_EQ(replay->events[0].text.substr(0, 5), "Kasus");
  EXPECT_EQ(replay->events[1].type, SignalEvent::Type::kTransfer);
  EXPECT_EQ(replay->events[1].agency_code, "DISHUB");
  EXPECT_EQ(replay->events[2].type, SignalEvent::Type::kResolution);
  EXPECT_EQ(replay->events[2].agency_code, "DISHUB");
}

// Every signal of `pemda`: as the live watch lists them, or as a rebuild
// replays them (in time order).
auto SignalsFromTheStart(Store& store, PemdaId pemda, bool replay) {
  return replay ? store.ReplaySignals(pemda, SignalCursor{}, 100)
                : store.ListSignals(pemda, SignalCursor{}, 100);
}

// The words of a confidential case never reach the detectors (nor their
// table): its arrival counts, without its text.
TYPED_TEST(StoreAlerts, AConfidentialCaseArrivesWithoutItsText) {
  Store& store = *this->store_;
  const CaseId open = SubmitAt(store, this->pemda_, kT0, "Jalan berlubang");
  const CaseId secret = SubmitAt(store, this->pemda_, kT0 + std::chrono::hours(1),
                                 "Pungli di kantor kelurahan", /*confidential=*/true);
  for (const bool replay : {false, true}) {
    auto batch = SignalsFromTheStart(store, this->pemda_, replay);
    ASSERT_TRUE(batch.has_value()) << batch.error().message;
    const char* how = replay ? "ReplaySignals" : "ListSignals";
    ASSERT_EQ(batch->events.size(), 2U) << how;
    EXPECT_EQ(batch->events[0].case_id, open) << how;
    EXPECT_EQ(batch->events[0].text.substr(0, 15), "Jalan berlubang") << how;
    EXPECT_EQ(batch->events[1].case_id, secret) << how;
    EXPECT_EQ(batch->events[1].type, SignalEvent::Type::kArrival) << how;
    EXPECT_TRUE(batch->events[1].text.empty()) << how;
  }
}

// A request for drainage in Kelurahan 33.74.01.1001, DPU's, filed at kT0
// through `channel`: the case of the signal rows' field tests below.
NewCase DrainageRequest(PemdaId pemda, domain::Channel channel, const std::string& title,
                        uint32_t salt) {
  NewCase c;
  c.pemda_id = pemda;
  c.submission.kind = domain::CaseKind::kRequest;
  c.submission.channel = channel;
  c.submission.service_code = "PU-DRAINASE";
  c.submission.title = title;
  c.submission.location.region_code = "33.74.01.1001";
  c.agency_code = "DPU";
  c.salt = salt;
  c.created_at = kT0;
  return c;
}

// A case filed now arrives at the detectors as its row reads: its kind,
// service, place and deadline, and its text cut at 600 characters (not
// bytes: "é" is two), or none when confidential. Read live and in a
// rebuild alike. (Its reporter's name: SignalsReadAnArrivalWithoutItsReportersName.)
TYPED_TEST(StoreAlerts, ACaseFiledNowArrivesWithItsRowsFieldsAndItsTextCut) {
  Store& store = *this->store_;
  const auto file = [&](bool confidential, uint32_t salt) {
    NewCase c =
        DrainageRequest(this->pemda_, domain::Channel::kWeb, "Got mampet di depan kafé", salt);
    std::string description = "Mohon dibersihkan: ";
    while (description.size() < 1500) description += "saluran penuh sampah é ";
    c.submission.description = description;
    c.submission.confidential = confidential;
    c.submission.reporter.name = "Sri Rahayu";
    c.handling.stage = domain::Stage::kVerification;
    c.handling.due_at = kT0 + std::chrono::hours(72);
    return Submitted(store, std::move(c));
  };
  const CaseId open = file(false, 31);
  const CaseId secret = file(true, 32);

  for (const bool replay : {false, true}) {
    auto batch = SignalsFromTheStart(store, this->pemda_, replay);
    ASSERT_TRUE(batch.has_value()) << batch.error().message;
    const char* how = replay ? "ReplaySignals" : "ListSignals";
    ASSERT_EQ(batch->events.size(), 2U) << how;
    for (const auto& e : batch->events) {
      EXPECT_EQ(e.type, SignalEvent::Type::kArrival) << how;
      EXPECT_EQ(e.kind, domain::CaseKind::kRequest) << how;
      EXPECT_EQ(e.service_code, "PU-DRAINASE") << how;
      EXPECT_EQ(e.agency_code, "") << how << ": no agency's work before disposition";
      EXPECT_EQ(e.region_code, "33.74.01.1001") << how;
      EXPECT_EQ(e.due_at, kT0 + std::chrono::hours(72)) << how;
    }
    EXPECT_EQ(batch->events[0].case_id, open) << how;
    EXPECT_EQ(batch->events[1].case_id, secret) << how;
    EXPECT_TRUE(batch->events[1].text.empty()) << how;

    // The first 600 characters of title, line break and description.
    const std::string& text = batch->events[0].text;
    size_t characters = 0;
    for (const char ch : text) characters += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    EXPECT_EQ(characters, 600U) << how;
    EXPECT_EQ(text.substr(0, 58), "Got mampet di depan kafé\nMohon dibersihkan: saluran penuh")
        << how;
  }
}

// A rating reaches the detectors with its case's kind, service and place
// (kept on the rating, not looked up in `cases`), read live and in a
// rebuild alike. Ratings given before migration 0043 get them from their
// case when the migration runs.
TYPED_TEST(StoreAlerts, ARatingArrivesWithItsCasesKindServiceAndPlace) {
  Store& store = *this->store_;
  NewCase c = DrainageRequest(this->pemda_, domain::Channel::kImport, "Saluran tersumbat", 41);
  c.submission.description = "Saluran di depan sekolah tersumbat sampah.";
  c.status = domain::CaseStatus::kResolved;
  c.handling.resolved_at = kT0;
  const CaseId id = Submitted(store, std::move(c));
  ASSERT_TRUE(store.SaveCaseRating({id, this->pemda_, "DPU", 2, "", kT0 + std::chrono::hours(5)}));

  const auto rating_of = [&](bool replay) -> std::optional<SignalEvent> {
    auto batch = SignalsFromTheStart(store, this->pemda_, replay);
    EXPECT_TRUE(batch.has_value()) << batch.error().message;
    if (!batch) return std::nullopt;
    for (const auto& e : batch->events) {
      if (e.type == SignalEvent::Type::kRating) return e;
    }
    return std::nullopt;
  };
  for (const bool replay : {false, true}) {
    const char* how = replay ? "ReplaySignals" : "ListSignals";
    const auto rating = rating_of(replay);
    ASSERT_TRUE(rating.has_value()) << how;
    EXPECT_EQ(rating->case_id, id) << how;
    EXPECT_EQ(rating->stars, 2) << how;
    EXPECT_EQ(rating->agency_code, "DPU") << how;
    EXPECT_EQ(rating->kind, domain::CaseKind::kRequest) << how;
    EXPECT_EQ(rating->service_code, "PU-DRAINASE") << how;
    EXPECT_EQ(rating->region_code, "33.74.01.1001") << how;
  }

  // A database from before 0043: its ratings have no such columns until
  // the migration fills them in.
  for (const char* column : {"case_kind", "service_code", "region_code"}) {
    ASSERT_EQ(TypeParam::ExecSql(this->dir_,
                                 std::string("ALTER TABLE case_ratings DROP COLUMN ") + column),
              "");
  }
  ASSERT_EQ(TypeParam::ExecSql(this->dir_, "DELETE FROM schema_migrations WHERE version = 43"), "");
  auto migrated = store.Migrate();
  ASSERT_TRUE(migrated.has_value()) << migrated.error().message;
  const auto rating = rating_of(true);
  ASSERT_TRUE(rating.has_value());
  EXPECT_EQ(rating->kind, domain::CaseKind::kRequest);
  EXPECT_EQ(rating->service_code, "PU-DRAINASE");
  EXPECT_EQ(rating->region_code, "33.74.01.1001");
  EXPECT_EQ(rating->stars, 2);
}

// Migration 0020 stores SQLite's case_signals in the order a rebuild reads
// it. A database whose table has the layout of 0018 (cases filed with
// their history, so that event ids do not follow time) replays the same
// events after the migration as before it, and what comes after is read
// as before.
TEST(SqliteSignalTable, MigratingToTimeOrderKeepsEveryEventAndItsOrder) {
  TempDir dir;
  auto store = SqliteBackend::Open(dir);
  const PemdaId pemda = *store->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
  const std::vector<int> hours = {30, 2, 17, 2, 45, 9};
  for (size_t i = 0; i < hours.size(); ++i) {
    const CaseId id =
        SubmitAt(*store, pemda, kT0 + std::chrono::hours(hours[i]), "Kasus " + std::to_string(i));
    AppendEvent(*store, pemda, id, 0, "disposed",
                {{"agency_code", "DPU"}, {"due_at", FormatRfc3339(kT0 + std::chrono::hours(99))}});
    AppendEvent(*store, pemda, id, 1, "resolved", {{"text", "selesai"}});
  }
  const auto replay = [&] {
    std::vector<std::tuple<CaseId, int, std::string, std::string>> out;
    SignalCursor cursor;
    for (bool more = true; more;) {
      auto batch = store->ReplaySignals(pemda, cursor, 4);
      EXPECT_TRUE(batch.has_value()) << batch.error().message;
      if (!batch) break;
      for (const auto& e : batch->events) {
        out.emplace_back(e.case_id, static_cast<int>(e.type), e.agency_code, e.text);
      }
      cursor = batch->next;
      more = batch->more;
    }
    return out;
  };
  const auto before = replay();
  ASSERT_EQ(before.size(), 3 * hours.size());

  // Back to the layout of 0018: a rowid table and its index by time.
  ASSERT_EQ(SqliteBackend::ExecSql(dir, R"sql(
    CREATE TABLE old_signals (
      event_id INTEGER PRIMARY KEY, pemda_id INTEGER NOT NULL, at INTEGER NOT NULL,
      kind TEXT NOT NULL, case_id INTEGER NOT NULL, case_kind TEXT NOT NULL,
      service_code TEXT NOT NULL, agency_code TEXT NOT NULL, region_code TEXT NOT NULL,
      due_at INTEGER, detail TEXT NOT NULL);
    INSERT INTO old_signals SELECT event_id, pemda_id, at, kind, case_id, case_kind, service_code,
      agency_code, region_code, due_at, detail FROM case_signals;
    DROP TABLE case_signals;
    ALTER TABLE old_signals RENAME TO case_signals;
    CREATE INDEX case_signals_at ON case_signals(pemda_id, at, event_id);
    DELETE FROM schema_migrations WHERE version = 20;)sql"),
            "");
  EXPECT_EQ(replay(), before) << "the old layout reads as the new one did";

  auto migrated = store->Migrate();
  ASSERT_TRUE(migrated.has_value()) << migrated.error().message;
  int64_t clustered = 0;
  ASSERT_EQ(SqliteBackend::ExecSql(dir,
                                   "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'case_signals' "
                                   "AND sql LIKE '%WITHOUT ROWID%'",
                                   &clustered),
            "");
  EXPECT_EQ(clustered, 1);
  int64_t leftovers = -1;
  ASSERT_EQ(
      SqliteBackend::ExecSql(
          dir, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'case_signals_0018'", &leftovers),
      "");
  EXPECT_EQ(leftovers, 0) << "the old table is dropped once the migration has committed";
  EXPECT_EQ(replay(), before);

  // New events after the migration: appended, and listed since a cursor.
  auto all = store->ListSignals(pemda, SignalCursor{}, 100);
  ASSERT_TRUE(all.has_value());
  const CaseId late = SubmitAt(*store, pemda, kT0 + std::chrono::hours(1), "Kasus baru");
  auto fresh = store->ListSignals(pemda, all->next, 100);
  ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
  ASSERT_EQ(fresh->events.size(), 1U);
  EXPECT_EQ(fresh->events[0].case_id, late);
  EXPECT_EQ(replay().size(), before.size() + 1);
}

TYPED_TEST(StoreAlerts, TheDetectorsSavedStateIsReplacedAndKeptPerPemda) {
  Store& store = *this->store_;
  EXPECT_FALSE(store.LoadSignalState(this->pemda_)->has_value());

  // Bytes as they are, NUL and high bytes included.
  std::string bytes = "SIGAP";
  bytes += '\0';
  for (int i = 0; i < 70000; ++i) bytes += static_cast<char>(i * 7);
  ASSERT_TRUE(store.SaveSignalState(this->pemda_, {bytes, kT0}));
  ASSERT_TRUE(store.SaveSignalState(this->other_, {"lain", kT0}));
  ASSERT_TRUE(store.SaveSignalState(this->pemda_, {bytes + "!", kT0 + std::chrono::hours(1)}));

  auto mine = store.LoadSignalState(this->pemda_);
  ASSERT_TRUE(mine) << mine.error().message;
  ASSERT_TRUE(mine->has_value());
  EXPECT_EQ((*mine)->data, bytes + "!");
  EXPECT_EQ((*mine)->saved_at, kT0 + std::chrono::hours(1));
  EXPECT_EQ((*store.LoadSignalState(this->other_))->data, "lain");
}

class SqliteStoreAlerts : public StoreAlerts<SqliteBackend> {};

// Each batch of a replay reads the case events and the ratings after its
// cursor as ranges of their indexes. With the ratings' lower bound only in
// an OR, every batch read the Pemda's ratings from the first: 1,123,333
// ratings turned a rebuild of 10 s into one of 218 s (bench/RESULTS.md).
TEST_F(SqliteStoreAlerts, AReplaysBatchReadsRangesFromItsCursorNotFromTheStart) {
  const std::string ratings = SqliteBackend::QueryPlan(dir_, rows::kSignalRatingsByTime);
  EXPECT_NE(ratings.find("USING INDEX case_ratings_time (pemda_id=? AND created_at>? AND "
                         "created_at<?)"),
            std::string::npos)
      << ratings;
  EXPECT_EQ(ratings.find("TEMP B-TREE"), std::string::npos) << ratings;
  const std::string events = SqliteBackend::QueryPlan(dir_, rows::kSignalEventsByTime);
  EXPECT_NE(events.find("(pemda_id=? AND at>?)"), std::string::npos) << events;
  EXPECT_EQ(events.find("TEMP B-TREE"), std::string::npos) << events;
}

}  // namespace
}  // namespace sigap::store
