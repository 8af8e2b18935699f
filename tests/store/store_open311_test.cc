// The Store behaviours Open311 relies on (migration 0004): service
// questions versioned with the standard, the Open311 case fields, the
// listing filters of GET requests and the public events of
// servicerequestupdates. Written once, run per backend.
#include <future>

#include "store/store_fixture.h"

namespace sigap::store {
namespace {

using domain::AttributeType;
using domain::CaseKind;
using domain::CaseStatus;

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }

template <typename Backend>
class StoreOpen311 : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    auto pemda = store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(pemda.has_value());
    pemda_ = *pemda;
  }

  Store& store() { return *store_; }

  static domain::Service Service() {
    domain::Service svc;
    svc.code = "PU-JALAN";
    svc.name = "Jalan Rusak";
    svc.agency_code = "DPU";
    svc.kinds = {CaseKind::kComplaint};
    svc.standard.completion_days = 10;
    svc.standard.attributes = {
        {"JENIS",
         true,
         AttributeType::kSingleValueList,
         true,
         "Pilih satu",
         1,
         "Jenis kerusakan",
         {{"lubang", "Berlubang"}, {"retak", "Retak"}}},
        {"LEBAR", true, AttributeType::kNumber, false, "", 2, "Lebar (m)", {}}};
    return svc;
  }

  NewCase Case(std::string code, int64_t seconds, bool confidential = false) {
    NewCase c;
    c.pemda_id = pemda_;
    c.submission.kind = CaseKind::kComplaint;
    c.submission.service_code = std::move(code);
    c.submission.title = "Jalan berlubang";
    c.submission.description = "Lubang besar di lajur kiri.";
    c.submission.confidential = confidential;
    c.submission.channel = domain::Channel::kOpen311;
    c.salt = static_cast<uint32_t>(seconds % 1000);
    c.created_at = At(seconds);
    return c;
  }

  Result<SubmitReceipt> Submit(NewCase c) {
    std::promise<Result<SubmitReceipt>> promise;
    store_->SubmitCase(std::move(c), [&](Result<SubmitReceipt> r) { promise.set_value(r); });
    return promise.get_future().get();
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreOpen311, Backends);

TYPED_TEST(StoreOpen311, QuestionsAreVersionedWithTheStandard) {
  auto svc = this->Service();

  auto v1 = this->store().SaveService(this->pemda_, svc);
  auto same = this->store().SaveService(this->pemda_, svc);
  svc.standard.attributes[1].required = true;
  auto v2 = this->store().SaveService(this->pemda_, svc);

  ASSERT_TRUE(v1 && same && v2);
  EXPECT_EQ(*v1, 1);
  EXPECT_EQ(*same, 1);
  EXPECT_EQ(*v2, 2);
  auto found = this->store().FindService(this->pemda_, "PU-JALAN");
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->standard.attributes.size(), 2u);
  const auto& jenis = found->standard.attributes[0];
  EXPECT_EQ(jenis.code, "JENIS");
  EXPECT_EQ(jenis.datatype, AttributeType::kSingleValueList);
  EXPECT_TRUE(jenis.required);
  EXPECT_EQ(jenis.datatype_description, "Pilih satu");
  ASSERT_EQ(jenis.values.size(), 2u);
  EXPECT_EQ(jenis.values[1].name, "Retak");
  EXPECT_TRUE(found->standard.attributes[1].required);
  auto listed = this->store().ListServices(this->pemda_);
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->at(0).standard.attributes.size(), 2u);
  auto history = this->store().ListServiceStandards(this->pemda_, "PU-JALAN");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_FALSE((*history)[0].attributes[1].required);
}

// Intake reads a service for every case; what a store keeps of a standard
// it read must never hide a change, made through it or through another
// node (a second store on the same database).
TYPED_TEST(StoreOpen311, AServiceReadBeforeAChangeIsReadAnewAfterItOnEveryNode) {
  auto svc = this->Service();
  ASSERT_TRUE(this->store().SaveService(this->pemda_, svc));
  auto other = TypeParam::Open(this->dir_);
  ASSERT_TRUE(other);
  for (Store* node : {&this->store(), other.get()}) {
    auto before = node->FindService(this->pemda_, "PU-JALAN");
    ASSERT_TRUE(before.has_value());
    EXPECT_EQ(before->standard.version, 1);
    EXPECT_FALSE(before->standard.attributes[1].required);
  }

  svc.name = "Jalan Rusak";
  svc.active = false;
  svc.standard.completion_days = 3;
  svc.standard.attributes[1].required = true;
  auto v2 = this->store().SaveService(this->pemda_, svc);

  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(*v2, 2);
  // Each node reads twice: the first reads the new version, the second
  // finds what the first kept of it.
  for (Store* node : {&this->store(), other.get(), &this->store(), other.get()}) {
    auto after = node->FindService(this->pemda_, "PU-JALAN");
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->name, "Jalan Rusak");
    EXPECT_FALSE(after->active);
    EXPECT_EQ(after->standard.version, 2);
    EXPECT_EQ(after->standard.completion_days, 3);
    ASSERT_EQ(after->standard.attributes.size(), 2u);
    EXPECT_TRUE(after->standard.attributes[1].required);
  }
}

TYPED_TEST(StoreOpen311, Open311FieldsAreReadBack) {
  auto c = this->Case("PU-JALAN", 1'780'000'000);
  c.submission.location.address_id = "ALAMAT-42";
  c.submission.media_url = "https://foto.example.id/1.jpg";
  c.submission.attributes = {{"JENIS", {"lubang"}}, {"SAMPAH", {"plastik", "b3"}}};
  c.submission.device_id = "android-1";

  auto receipt = this->Submit(c);
  ASSERT_TRUE(receipt.has_value()) << receipt.error().message;
  auto found = this->store().FindCase(this->pemda_, receipt->case_id);

  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->submission.location.address_id, "ALAMAT-42");
  EXPECT_EQ(found->submission.media_url, "https://foto.example.id/1.jpg");
  ASSERT_EQ(found->submission.attributes.size(), 2u);
  EXPECT_EQ(found->submission.attributes[1].values, (std::vector<std::string>{"plastik", "b3"}));
}

TYPED_TEST(StoreOpen311, ListingFiltersByIdsServicesStatusesAndTimes) {
  std::vector<CaseId> ids;
  for (int i = 0; i < 5; ++i) {
    auto r = this->Submit(this->Case(i % 2 ? "PU-JALAN" : "DLH-SAMPAH", 1'780'000'000 + i * 100));
    ASSERT_TRUE(r.has_value());
    ids.push_back(r->case_id);
  }
  ASSERT_TRUE(this->Submit(this->Case("PU-JALAN", 1'780'000'050, true)).has_value());

  CaseFilter by_ids;
  by_ids.ids = {ids[0], ids[3]};
  CaseFilter by_service;
  by_service.service_codes = {"PU-JALAN"};
  by_service.exclude_confidential = true;
  CaseFilter by_status;
  by_status.statuses = {CaseStatus::kResolved, CaseStatus::kClosed};
  CaseFilter window;
  window.created_from = At(1'780'000'100);
  window.created_until = At(1'780'000'300);
  window.exclude_confidential = true;
  CaseFilter paged;
  paged.exclude_confidential = true;
  paged.limit = 2;
  paged.offset = 2;

  auto a = this->store().ListCases(this->pemda_, by_ids);
  auto b = this->store().ListCases(this->pemda_, by_service);
  auto c = this->store().ListCases(this->pemda_, by_status);
  auto d = this->store().ListCases(this->pemda_, window);
  auto e = this->store().ListCases(this->pemda_, paged);

  ASSERT_TRUE(a && b && c && d && e);
  EXPECT_EQ(a->cases.size(), 2u);
  EXPECT_EQ(b->cases.size(), 2u);
  EXPECT_TRUE(c->cases.empty());
  ASSERT_EQ(d->cases.size(), 2u);
  EXPECT_EQ(d->cases[0].id, ids[2]);
  ASSERT_EQ(e->cases.size(), 2u);
  EXPECT_EQ(e->cases[0].id, ids[2]);
}

TYPED_TEST(StoreOpen311, PublicEventsSkipConfidentialCases) {
  auto open = this->Submit(this->Case("PU-JALAN", 1'780'000'000));
  auto secret = this->Submit(this->Case("PU-JALAN", 1'780'000'010, true));
  ASSERT_TRUE(open && secret);

  auto events = this->store().ListPublicEvents(
      this->pemda_, {.from = At(1'779'000'000), .until = At(1'781'000'000), .limit = 100});

  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].tracking_code, open->tracking_code);
  EXPECT_EQ((*events)[0].event.kind, "submitted");
  EXPECT_EQ((*events)[0].previous_kind, "");
}

TYPED_TEST(StoreOpen311, PublicEventsPageInOrderAndSkipKinds) {
  auto a = this->Submit(this->Case("PU-JALAN", 1'780'000'000));
  auto b = this->Submit(this->Case("PU-JALAN", 1'780'000'010));
  auto c = this->Submit(this->Case("PU-JALAN", 1'780'000'020));
  ASSERT_TRUE(a && b && c);
  PublicEventQuery q{.from = At(1'779'000'000), .until = At(1'781'000'000), .limit = 2};

  auto first = this->store().ListPublicEvents(this->pemda_, q);
  q.offset = 2;
  auto second = this->store().ListPublicEvents(this->pemda_, q);
  q.offset = 0;
  q.skip_kinds = {"submitted"};
  auto skipped = this->store().ListPublicEvents(this->pemda_, q);

  ASSERT_TRUE(first && second && skipped);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].tracking_code, a->tracking_code);
  EXPECT_EQ((*first)[1].tracking_code, b->tracking_code);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].tracking_code, c->tracking_code);
  EXPECT_TRUE(skipped->empty());
}

// A supporter's +1 changes no status: the event before a later one is
// still the last change of status.
TYPED_TEST(StoreOpen311, SupportIsNeverThePreviousStatusOfAnEvent) {
  auto a = this->Submit(this->Case("PU-JALAN", 1'780'000'000));
  ASSERT_TRUE(a.has_value());
  for (const char* key : {"k1", "k2"}) {
    ASSERT_TRUE(this->store().AddSupporter(this->pemda_, a->case_id, {key, "", At(1'780'000'100)}));
  }

  auto events = this->store().ListPublicEvents(
      this->pemda_, {.from = At(1'779'000'000), .until = At(1'781'000'000)});

  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[2].event.kind, "supported");
  EXPECT_EQ((*events)[2].previous_kind, "submitted");
}

// A report rejected as incomplete and completed by its citizen is filed
// anew: that completion, not the rejection, is the status before a later
// public update; an answer given while the clock waited is not.
TYPED_TEST(StoreOpen311, ACompletedReportIsThePreviousStatusNotItsRejection) {
  using domain::EventDraft;
  auto c = this->Case("PU-JALAN", 1'780'000'000);
  auto at = [](int64_t s) { return At(1'780'000'000 + s); };
  c.history = {
      EventDraft{"rejected", "user:v", at(10), true, {{"reason", std::string("incomplete")}}},
      EventDraft{"info_provided",
                 "citizen",
                 at(20),
                 true,
                 {{"text", std::string("Jl. Pemuda")}, {"completed", true}}},
      EventDraft{"public_update", "user:v", at(30), true, {{"text", std::string("Diperiksa")}}},
      EventDraft{"info_requested", "user:v", at(40), true, {{"text", std::string("Foto?")}}},
      EventDraft{"info_provided",
                 "citizen",
                 at(50),
                 true,
                 {{"text", std::string("Ini")}, {"clock", std::string("resumed")}}},
      EventDraft{"public_update", "user:v", at(60), true, {{"text", std::string("Lanjut")}}}};
  ASSERT_TRUE(this->Submit(std::move(c)).has_value());

  auto events = this->store().ListPublicEvents(
      this->pemda_, {.from = At(1'779'000'000), .until = At(1'781'000'000)});

  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 7u);
  EXPECT_EQ((*events)[3].previous_kind, "info_provided");
  EXPECT_NE((*events)[3].previous_payload.find("completed"), std::string::npos);
  EXPECT_EQ((*events)[6].previous_kind, "info_requested");
}

}  // namespace
}  // namespace sigap::store
