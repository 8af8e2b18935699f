// The Store contract for issue 5: routing rules, the placement of a case,
// nearby open cases by bounding box (on the index), and supporters counted
// once with their e-mail kept for notices only.
#include <sqlite3.h>

#include "store/store_fixture.h"

namespace sigap::store {
namespace {

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }
const Timestamp kT0 = At(1'780'000'000);

template <typename Backend>
class StoreRouting : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    other_ = *store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  }

  Store& store() { return *store_; }

  CaseId Submit(const std::string& service, double lat, double lng, bool confidential = false,
                Timestamp at = kT0, PemdaId pemda = 0) {
    NewCase c;
    c.pemda_id = pemda ? pemda : pemda_;
    c.submission.service_code = service;
    c.submission.title = "Saluran mampet";
    c.submission.description = "Saluran mampet di depan pasar.";
    c.submission.location.point = domain::GeoPoint{lat, lng};
    c.submission.confidential = confidential;
    c.placement.kelurahan_code = "33.74.01.1001";
    c.placement.kecamatan_code = "33.74.01";
    c.placement.proposed_agency = "DPU";
    c.placement.proposal_rule = service + "@*";
    c.salt = 7;
    c.created_at = at;
    auto receipts = store_->SubmitCases({c});
    EXPECT_TRUE(receipts.has_value());
    return receipts ? (*receipts)[0].case_id : 0;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
  PemdaId other_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreRouting, Backends);

TYPED_TEST(StoreRouting, RulesAreSavedReplacedListedAndDeleted) {
  RoutingRule rule{0, "PU-DRAINASE", "*", "DPU", "user:admin", kT0};
  auto id = this->store().SaveRoutingRule(this->pemda_, rule);
  rule.agency_code = "DISPERKIM";
  auto same = this->store().SaveRoutingRule(this->pemda_, rule);
  auto other = this->store().SaveRoutingRule(
      this->pemda_, RoutingRule{0, "DLH-SAMPAH", "33.74.01", "KEC-3374010", "", kT0});

  ASSERT_TRUE(id && same && other);
  EXPECT_EQ(*id, *same);  // same service and region: replaced
  auto all = this->store().ListRoutingRules(this->pemda_, "");
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].service_code, "DLH-SAMPAH");
  EXPECT_EQ((*all)[1].agency_code, "DISPERKIM");
  EXPECT_EQ(this->store().ListRoutingRules(this->pemda_, "PU-DRAINASE")->size(), 1u);
  EXPECT_TRUE(this->store().ListRoutingRules(this->other_, "")->empty());
  EXPECT_EQ(this->store().DeleteRoutingRule(this->other_, *id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->store().DeleteRoutingRule(this->pemda_, *id).has_value());
  EXPECT_EQ(this->store().DeleteRoutingRule(this->pemda_, *id).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreRouting, PlacementIsStoredWithTheCase) {
  const CaseId id = this->Submit("PU-DRAINASE", -6.99, 110.42);

  auto c = this->store().FindCase(this->pemda_, id);

  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->placement.kelurahan_code, "33.74.01.1001");
  EXPECT_EQ(c->placement.kecamatan_code, "33.74.01");
  EXPECT_EQ(c->placement.proposed_agency, "DPU");
  EXPECT_EQ(c->placement.proposal_rule, "PU-DRAINASE@*");
  EXPECT_FALSE(c->placement.outside_pemda);
  EXPECT_EQ(c->supporters, 0);
}

TYPED_TEST(StoreRouting, NearbyKeepsOpenPublicCasesOfTheServiceInTheBoxSince) {
  const CaseId inside = this->Submit("PU-DRAINASE", -6.9900, 110.4200);
  this->Submit("PU-DRAINASE", -6.9950, 110.4200);                            // outside the box
  this->Submit("PU-JALAN", -6.9900, 110.4200);                               // another service
  this->Submit("PU-DRAINASE", -6.9900, 110.4200, true);                      // confidential
  this->Submit("PU-DRAINASE", -6.9900, 110.4200, false, At(1'700'000'000));  // too old
  this->Submit("PU-DRAINASE", -6.9900, 110.4200, false, kT0, this->other_);  // other Pemda
  const CaseId resolved = this->Submit("PU-DRAINASE", -6.9900, 110.4200);    // not open
  ASSERT_EQ(TypeParam::ExecSql(this->dir_, "UPDATE cases SET status = 'resolved' WHERE id = " +
                                               std::to_string(resolved)),
            "");
  NearbyQuery q{
      "PU-DRAINASE", -6.9910, -6.9890, 110.4190, 110.4210, kT0 - std::chrono::hours(1), 100};

  auto found = this->store().NearbyCases(this->pemda_, q);

  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, inside);
  EXPECT_TRUE((*found)[0].submission.reporter.Empty());
}

TYPED_TEST(StoreRouting, NearbyKeepsTheNewestCasesWhenTheBoxHasMoreThanTheLimit) {
  this->Submit("PU-DRAINASE", -6.9900, 110.4200, false, kT0 - std::chrono::hours(3));  // oldest
  const CaseId newest =
      this->Submit("PU-DRAINASE", -6.9901, 110.4200, false, kT0 - std::chrono::hours(1));
  const CaseId middle =
      this->Submit("PU-DRAINASE", -6.9902, 110.4200, false, kT0 - std::chrono::hours(2));
  NearbyQuery q{
      "PU-DRAINASE", -6.9910, -6.9890, 110.4190, 110.4210, kT0 - std::chrono::hours(4), 2};

  auto found = this->store().NearbyCases(this->pemda_, q);

  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].id, newest);
  EXPECT_EQ((*found)[1].id, middle);
}

class SqliteStoreRouting : public StoreRouting<SqliteBackend> {};

TEST_F(SqliteStoreRouting, NearbyIsAnIndexRangeNotAScan) {
  const std::string plan = SqliteBackend::QueryPlan(
      dir_,
      "SELECT id FROM cases c INDEXED BY cases_nearby WHERE c.pemda_id = 1 AND c.service_code = "
      "'PU-DRAINASE' AND "
      "c.status IN ('received', 'verified', 'needs_info', 'disposed', 'in_progress') AND c.lat "
      "BETWEEN -7 AND -6.9 AND c.lng BETWEEN 110 AND 111 AND c.created_at >= 0 AND "
      "c.confidential = 0 ORDER BY c.created_at DESC LIMIT 1000");

  // The Pemda's entries since the first day: a range of the index, written
  // in the order the cases were filed.
  EXPECT_NE(plan.find("USING INDEX cases_nearby (pemda_id=? AND created_at>?)"), std::string::npos)
      << plan;
  // Read from its newest end: no sort.
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

TYPED_TEST(StoreRouting, SupporterCountsOnceAndBumpsTheVersion) {
  const CaseId id = this->Submit("PU-DRAINASE", -6.99, 110.42);
  const int64_t version = this->store().FindCase(this->pemda_, id)->version;

  auto first = this->store().AddSupporter(this->pemda_, id, {"k1", "a@contoh.id", kT0});
  auto again = this->store().AddSupporter(this->pemda_, id, {"k1", "a@contoh.id", kT0});
  auto second = this->store().AddSupporter(this->pemda_, id, {"k2", "", kT0});
  auto elsewhere = this->store().AddSupporter(this->other_, id, {"k3", "", kT0});

  ASSERT_TRUE(first && again && second);
  EXPECT_TRUE(first->added);
  EXPECT_FALSE(again->added);
  EXPECT_EQ(again->supporters, 1);
  EXPECT_EQ(second->supporters, 2);
  EXPECT_EQ(second->version, version + 2);
  ASSERT_FALSE(elsewhere.has_value());
  EXPECT_EQ(elsewhere.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->store().FindCase(this->pemda_, id)->supporters, 2);
  auto events = this->store().ListCaseEvents(this->pemda_, id);
  ASSERT_TRUE(events.has_value());
  EXPECT_EQ(events->back().kind, "supported");
  EXPECT_TRUE(this->store().VerifyAuditChain()->ok);
}

TYPED_TEST(StoreRouting, SupportersAudienceResolvesToTheirEmails) {
  const CaseId id = this->Submit("PU-DRAINASE", -6.99, 110.42);
  ASSERT_TRUE(this->store().AddSupporter(this->pemda_, id, {"k1", "b@contoh.id", kT0}));
  ASSERT_TRUE(this->store().AddSupporter(this->pemda_, id, {"k2", "", kT0}));
  ASSERT_TRUE(this->store().AddSupporter(this->pemda_, id, {"k3", "a@contoh.id", kT0}));
  OutboxMessage m;
  m.pemda_id = this->pemda_;
  m.case_id = id;
  m.channel = "email";
  m.audience = "supporters";

  auto to = this->store().EmailRecipients(m);

  ASSERT_TRUE(to.has_value());
  EXPECT_EQ(*to, (std::vector<std::string>{"a@contoh.id", "b@contoh.id"}));
}

}  // namespace
}  // namespace sigap::store
