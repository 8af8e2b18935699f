// ComputeCaseStats: the counts behind the transparency page and the
// leaders' dashboard, on a handful of cases whose figures are worked out
// by hand below.
#include <sqlite3.h>

#include <future>

#include "domain/lifecycle.h"
#include "store/store_fixture.h"

namespace sigap::store {
namespace {

using domain::CaseStatus;
using namespace std::chrono_literals;

// 2026-03-02T00:00:00Z, a Monday.
constexpr int64_t kMarch2 = 1'772'409'600;

Timestamp Day(int n, std::chrono::hours at = 3h) {  // 10:00 WIB on the n-th day after 2 March
  return FromMicros((kMarch2 + int64_t{n} * 86400) * 1000000) + at;
}

template <typename Backend>
class StoreStats : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    auto pemda = store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(pemda.has_value());
    pemda_ = *pemda;
  }

  void Add(CaseStatus status, std::string agency, Timestamp created,
           std::optional<Timestamp> resolved = std::nullopt,
           std::optional<Timestamp> due = std::nullopt, std::string kecamatan = "33.74.01",
           domain::CaseKind kind = domain::CaseKind::kComplaint,
           domain::Stage stage = domain::Stage::kResolution) {
    NewCase c;
    c.pemda_id = pemda_;
    c.submission.kind = kind;
    c.submission.title = "Saluran tersumbat";
    c.submission.description = "Saluran di depan sekolah tersumbat sampah.";
    c.submission.reporter.name = "Sri Rahayu";
    c.service_name = agency == "DPU" ? "Drainase" : "Lampu jalan";
    c.agency_code = std::move(agency);
    c.salt = 7;
    c.created_at = created;
    c.status = status;
    c.placement.kecamatan_code = std::move(kecamatan);
    c.handling.resolved_at = resolved;
    if (due) {
      c.handling.stage = stage;
      c.handling.due_at = due;
    }
    std::promise<Result<SubmitReceipt>> promise;
    store_->SubmitCase(std::move(c), [&](Result<SubmitReceipt> r) { promise.set_value(r); });
    ASSERT_TRUE(promise.get_future().get().has_value());
  }

  CaseStats Stats(std::string agency = "") {
    CaseStatsQuery q;
    q.from = Day(0, 0h) - 7h;    // 2 March 00:00 WIB
    q.until = Day(31, 0h) - 7h;  // 2 April 00:00 WIB
    q.now = Day(20);
    q.agency_code = std::move(agency);
    auto stats = store_->ComputeCaseStats(pemda_, q);
    EXPECT_TRUE(stats.has_value()) << stats.error().message;
    return stats.value_or(CaseStats{});
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreStats, Backends);

// The kelurahan map: the point's kelurahan, else the one the citizen chose
// from the lists; a case placed only in a kecamatan has no kelurahan.
TYPED_TEST(StoreStats, CountsByKelurahanFromThePointOrTheStatedRegion) {
  auto add = [&](std::string kelurahan, std::string stated, bool outside = false) {
    NewCase c;
    c.pemda_id = this->pemda_;
    c.submission.title = "Lampu mati";
    c.submission.description = "Lampu jalan mati.";
    c.submission.location.region_code = std::move(stated);
    c.placement.kelurahan_code = std::move(kelurahan);
    c.placement.outside_pemda = outside;
    c.salt = 7;
    c.created_at = Day(2);
    auto receipts = this->store_->SubmitCases({c});
    ASSERT_TRUE(receipts.has_value());
  };
  add("33.74.01.1001", "");
  add("33.74.01.1001", "33.74.02.1003");  // the point wins
  add("", "33.74.02.1003");               // chosen from the lists
  add("", "33.74.02");                    // a kecamatan only
  add("", "33.74.02.1003", true);         // its point is outside the Pemda: nowhere

  const CaseStats all = this->Stats();

  // The kecamatan of the kelurahan counted, or of what was chosen from the
  // lists: the map's two levels add up.
  ASSERT_EQ(all.by_kecamatan.size(), 2u);
  for (const auto& k : all.by_kecamatan) EXPECT_EQ(k.count, 2) << k.key;

  ASSERT_EQ(all.by_kelurahan.size(), 2u);
  EXPECT_EQ(all.by_kelurahan[0].key, "33.74.01.1001");
  EXPECT_EQ(all.by_kelurahan[0].count, 2);
  EXPECT_EQ(all.by_kelurahan[1].key, "33.74.02.1003");
  EXPECT_EQ(all.by_kelurahan[1].count, 1);
}

TYPED_TEST(StoreStats, CountsTheWindowAndTheOpenCasesOfNowByAgencyAndMonth) {
  // In March: three DPU cases resolved after 2, 4 and 9 days, one DPU case
  // in progress past its deadline, one DISHUB case in progress on time, one
  // rejected; in April (outside the window) one DISHUB case in progress.
  this->Add(CaseStatus::kResolved, "DPU", Day(1), Day(3));
  this->Add(CaseStatus::kClosed, "DPU", Day(2), Day(6));
  this->Add(CaseStatus::kClosed, "DPU", Day(3), Day(12));
  this->Add(CaseStatus::kInProgress, "DPU", Day(4), std::nullopt, Day(10));
  this->Add(CaseStatus::kInProgress, "DISHUB", Day(5), std::nullopt, Day(25), "33.74.02",
            domain::CaseKind::kRequest);
  this->Add(CaseStatus::kRejected, "", Day(6));
  this->Add(CaseStatus::kInProgress, "DISHUB", Day(35), std::nullopt, Day(60));

  const CaseStats all = this->Stats();
  EXPECT_EQ(all.received, 6);
  EXPECT_EQ(all.resolved, 3);
  EXPECT_EQ(all.rejected, 1);
  EXPECT_EQ(all.open, 3);                             // the April case is open now too
  EXPECT_EQ(all.overdue, 1);                          // due on day 10, now day 20
  EXPECT_DOUBLE_EQ(all.median_days_to_resolve, 4.0);  // 2, 4, 9
  ASSERT_EQ(all.by_month.size(), 1u);
  EXPECT_EQ(all.by_month[0].month, "2026-03");
  EXPECT_EQ(all.by_month[0].received, 6);
  EXPECT_EQ(all.by_month[0].resolved, 3);
  ASSERT_EQ(all.by_kind.size(), 2u);
  EXPECT_EQ(all.by_kind[0].key, "complaint");
  EXPECT_EQ(all.by_kind[0].count, 5);
  ASSERT_EQ(all.by_kecamatan.size(), 2u);
  EXPECT_EQ(all.by_kecamatan[0].key, "33.74.01");
  EXPECT_EQ(all.by_kecamatan[0].count, 5);
  ASSERT_EQ(all.by_agency.size(), 2u);
  // Most open first: DISHUB 2 (March and April), DPU 1.
  EXPECT_EQ(all.by_agency[0].agency_code, "DISHUB");
  EXPECT_EQ(all.by_agency[0].open, 2);
  EXPECT_EQ(all.by_agency[0].received, 1);
  EXPECT_EQ(all.by_agency[1].agency_code, "DPU");
  EXPECT_EQ(all.by_agency[1].received, 4);
  EXPECT_EQ(all.by_agency[1].resolved, 3);
  EXPECT_EQ(all.by_agency[1].overdue, 1);
  EXPECT_DOUBLE_EQ(all.by_agency[1].median_days_to_resolve, 4.0);
  EXPECT_EQ(all.by_agency[0].median_days_to_resolve, -1);

  const CaseStats dpu = this->Stats("DPU");
  EXPECT_EQ(dpu.received, 4);
  EXPECT_EQ(dpu.open, 1);
  EXPECT_EQ(dpu.overdue, 1);
  ASSERT_EQ(dpu.by_service.size(), 1u);
  EXPECT_EQ(dpu.by_service[0].key, "Drainase");
}

// A case still with the verifiers, or rejected by them, carries its
// service's agency, but never reached the agency: its received, open and
// overdue counts are what its head's queue shows; the whole Pemda's count
// every case.
// Months are the Pemda's: a case filed at 20:00 UTC on 31 March is an
// April case in WIB; ties among equal counts go by key.
TYPED_TEST(StoreStats, MonthsAreLocalAndEqualCountsGoByKey) {
  this->Add(CaseStatus::kInProgress, "DPU", Day(29, 0h), std::nullopt, std::nullopt, "33.74.02");
  this->Add(CaseStatus::kResolved, "DISHUB", Day(29, 20h), Day(30), std::nullopt, "33.74.01");

  const CaseStats all = this->Stats();

  ASSERT_EQ(all.by_month.size(), 2u);
  EXPECT_EQ(all.by_month[0].month, "2026-03");
  EXPECT_EQ(all.by_month[0].received, 1);
  EXPECT_EQ(all.by_month[0].resolved, 0);
  EXPECT_EQ(all.by_month[1].month, "2026-04");
  EXPECT_EQ(all.by_month[1].resolved, 1);
  ASSERT_EQ(all.by_kecamatan.size(), 2u);
  EXPECT_EQ(all.by_kecamatan[0].key, "33.74.01");
  EXPECT_EQ(all.by_kecamatan[1].key, "33.74.02");
  ASSERT_EQ(all.by_service.size(), 2u);
  EXPECT_EQ(all.by_service[0].key, "Drainase");
  EXPECT_EQ(all.by_service[1].key, "Lampu jalan");
}

TYPED_TEST(StoreStats, AnAgencyCountsTheOpenCasesItHoldsNotThoseStillBeingVerified) {
  this->Add(CaseStatus::kReceived, "DPU", Day(1), std::nullopt, Day(4), "33.74.01",
            domain::CaseKind::kComplaint, domain::Stage::kVerification);
  this->Add(CaseStatus::kRejected, "DPU", Day(1), std::nullopt, std::nullopt, "33.74.01",
            domain::CaseKind::kComplaint, domain::Stage::kNone);
  this->Add(CaseStatus::kInProgress, "DPU", Day(2), std::nullopt, Day(10));

  const CaseStats all = this->Stats();

  EXPECT_EQ(all.received, 3);
  EXPECT_EQ(all.open, 2);
  EXPECT_EQ(all.overdue, 2);
  ASSERT_EQ(all.by_agency.size(), 1u);
  EXPECT_EQ(all.by_agency[0].agency_code, "DPU");
  EXPECT_EQ(all.by_agency[0].received, 1);
  EXPECT_EQ(all.by_agency[0].open, 1);
  EXPECT_EQ(all.by_agency[0].overdue, 1);
  // Asked for DPU alone, the figures say the same as its row.
  const CaseStats dpu = this->Stats("DPU");
  EXPECT_EQ(dpu.open, 1);
  EXPECT_EQ(dpu.overdue, 1);
  EXPECT_EQ(dpu.received, 1);
  EXPECT_EQ(dpu.rejected, 0);
}

// The officers' list (newest first within the Pemda, optionally by
// status) reads its page off an index instead of sorting every case.
class SqliteStoreStats : public StoreStats<SqliteBackend> {};

TEST_F(SqliteStoreStats, TheCaseListIsReadInOrderOffAnIndex) {
  for (const std::string where : {"", " AND c.service_code = 'PU-DRAINASE'",
                                  " AND c.status = 'received'", " AND c.id < 1000"}) {
    const std::string p =
        SqliteBackend::QueryPlan(dir_, "SELECT c.id, c.title FROM cases c WHERE c.pemda_id = 1" +
                                           where + " ORDER BY c.id DESC LIMIT 51");
    EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << where << ": " << p;
    EXPECT_NE(p.find("INDEX"), std::string::npos) << where << ": " << p;
  }
}

TYPED_TEST(StoreStats, AnEmptyWindowHasNoMedianAndNoMonths) {
  const CaseStats none = this->Stats();
  EXPECT_EQ(none.received, 0);
  EXPECT_EQ(none.median_days_to_resolve, -1);
  EXPECT_TRUE(none.by_month.empty());
  EXPECT_TRUE(none.by_agency.empty());
}

}  // namespace
}  // namespace sigap::store
