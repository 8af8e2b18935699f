// The Store contract: every backend must pass every test here. Written once,
// run per backend (TYPED_TEST over the backends in store_fixture.h).
#include <atomic>
#include <future>
#include <set>
#include <thread>
#include <type_traits>

#include "domain/tracking_code.h"
#include "store/database.h"
#include "store/store_fixture.h"

namespace sigap::store {
namespace {

using domain::CaseKind;
using domain::CaseStatus;

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }

template <typename Backend>
class StoreContract : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    auto pemda = store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(pemda.has_value());
    pemda_ = *pemda;
    ASSERT_TRUE(
        store_->SaveRegions(pemda_, {{"33.74", "Kota Semarang", 2, "33", {}, "", {}},
                                     {"33.74.01", "Semarang Tengah", 3, "33.74", {}, "{}", {}},
                                     {"33.74.01.1001",
                                      "Miroto",
                                      4,
                                      "33.74.01",
                                      domain::GeoPoint{-6.98, 110.41},
                                      R"({"type":"Polygon"})",
                                      {}}}));
  }

  Store& store() { return *store_; }

  NewCase Case(std::string title, std::string agency = "DPU") {
    NewCase c;
    c.pemda_id = pemda_;
    c.submission.kind = CaseKind::kComplaint;
    c.submission.title = std::move(title);
    c.submission.description = "Saluran di depan SD tersumbat sampah sejak seminggu.";
    c.submission.location.region_code = "33.74.01.1001";
    c.submission.location.point = domain::GeoPoint{-6.9932, 110.4203};
    c.submission.reporter = {"Sri", "081234567890", "sri@example.id", "3374010101010001"};
    c.agency_code = std::move(agency);
    c.salt = 4242;
    c.created_at = At(1'780'000'000);
    return c;
  }

  // How many cases a search for `text` lists (99 when it fails).
  size_t Found(std::string text) {
    CaseFilter search;
    search.text = std::move(text);
    auto page = store().ListCases(pemda_, search);
    EXPECT_TRUE(page.has_value()) << page.error().message;
    return page ? page->cases.size() : size_t{99};
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
TYPED_TEST_SUITE(StoreContract, Backends);

// What `sigap migrate` prints and `sigap serve` logs of a PostgreSQL URL:
// never its password, wherever libpq let it be written.
TEST(DatabaseName, HidesThePasswordOfAUrl) {
  EXPECT_EQ(DatabaseName("sigap.db"), "sigap.db");
  EXPECT_EQ(DatabaseName("postgresql://sigap:Rahasia1@db/sigap"),
            "postgresql://sigap:***@db/sigap");
  EXPECT_EQ(DatabaseName("postgresql://127.0.0.1:5432/sigap?user=sigap&password=Rahasia1"),
            "postgresql://127.0.0.1:5432/sigap?user=sigap&password=***");
  EXPECT_EQ(DatabaseName("postgres://db/sigap?password=Rahasia1&sslmode=require"),
            "postgres://db/sigap?password=***&sslmode=require");
  EXPECT_EQ(DatabaseName("postgresql://db:5432/sigap"), "postgresql://db:5432/sigap");
}

TYPED_TEST(StoreContract, MigrateTwiceIsHarmless) {
  auto first = this->store().Migrate();
  auto second = this->store().Migrate();

  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(*first, *second);
  EXPECT_GE(*first, 1);
}

TYPED_TEST(StoreContract, AMigrationMissedBelowTheNewestIsAppliedLater) {
  // As when two branches each added a migration: the database has the
  // newer one and not the older. 0011 stands in for the older here.
  ASSERT_EQ(TypeParam::ExecSql(this->dir_, "DROP TABLE text_models"), "");
  ASSERT_EQ(TypeParam::ExecSql(this->dir_, "DELETE FROM schema_migrations WHERE version = 11"), "");

  auto again = this->store().Migrate();
  int64_t recorded = 0;
  const std::string counted = TypeParam::ExecSql(
      this->dir_, "SELECT COUNT(*) FROM schema_migrations WHERE version = 11", &recorded);
  auto models = this->store().ListTextModels(1, "agency");

  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_GT(*again, 11);
  EXPECT_EQ(counted, "");
  EXPECT_EQ(recorded, 1);
  EXPECT_TRUE(models.has_value()) << models.error().message;  // its table is back
}

// After a rollback to an older release, the database a newer one upgraded
// is refused rather than written with a schema this code does not know.
TYPED_TEST(StoreContract, ADatabaseOfANewerSchemaIsRefused) {
  ASSERT_EQ(TypeParam::ExecSql(this->dir_,
                               "INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES (9999, '9999_future.sql', 0)"),
            "");

  auto refused = this->store().Migrate();

  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("9999"), std::string::npos) << refused.error().message;
}

TYPED_TEST(StoreContract, SecretIsCreatedOnceAndKept) {
  auto a = this->store().LoadOrCreateSecret("k", 16);
  auto b = this->store().LoadOrCreateSecret("k", 16);

  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->size(), 16u);
  EXPECT_EQ(*a, *b);
}

TYPED_TEST(StoreContract, PemdasAreListedByCode) {
  ASSERT_TRUE(this->store().SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"}));

  auto all = this->store().ListPemdas();

  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].code, "33.22");
  EXPECT_EQ((*all)[1].name, "Kota Semarang");
}

TYPED_TEST(StoreContract, PopulationIsSetAllOrNothingAndKeptWhenBoundariesChange) {
  auto bad = this->store().SetRegionPopulation(this->pemda_,
                                               {{"33.74.01.1001", 12000}, {"33.74.99.9999", 5}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(this->store().FindRegion(this->pemda_, "33.74.01.1001")->population.has_value());

  ASSERT_TRUE(this->store().SetRegionPopulation(this->pemda_,
                                                {{"33.74.01.1001", 12000}, {"33.74.01", 70000}}));
  // New boundaries leave the residents alone.
  auto miroto = *this->store().FindRegion(this->pemda_, "33.74.01.1001");
  miroto.boundary_geojson = R"({"type":"MultiPolygon"})";
  ASSERT_TRUE(this->store().SaveRegions(this->pemda_, {miroto}));

  EXPECT_EQ(this->store().FindRegion(this->pemda_, "33.74.01.1001")->population, 12000);
  auto villages = this->store().ListRegions(this->pemda_, "33.74.01", false);
  ASSERT_TRUE(villages.has_value());
  ASSERT_EQ(villages->size(), 1u);
  EXPECT_EQ(villages->front().population, 12000);
  EXPECT_EQ(this->store().FindRegion(this->pemda_, "33.74.01")->population, 70000);
}

TYPED_TEST(StoreContract, UnknownPemdaIsNotFound) {
  auto found = this->store().FindPemda("99.99");

  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreContract, RegionsAreListedByParentWithBoundariesOnlyWhenAsked) {
  auto plain = this->store().ListRegions(this->pemda_, "33.74.01", false);
  auto full = this->store().ListRegions(this->pemda_, "33.74.01", true);

  ASSERT_TRUE(plain.has_value());
  ASSERT_EQ(plain->size(), 1u);
  EXPECT_EQ((*plain)[0].name, "Miroto");
  EXPECT_TRUE((*plain)[0].boundary_geojson.empty());
  EXPECT_EQ((*full)[0].boundary_geojson, R"({"type":"Polygon"})");
  ASSERT_TRUE((*plain)[0].centroid.has_value());
  EXPECT_DOUBLE_EQ((*plain)[0].centroid->lat, -6.98);
}

TYPED_TEST(StoreContract, AgenciesAreUpsertedByCode) {
  ASSERT_TRUE(this->store().SaveAgency(this->pemda_, {"DPU", "Dinas PU", "dinas", "", ""}));
  ASSERT_TRUE(
      this->store().SaveAgency(this->pemda_, {"DPU", "Dinas Pekerjaan Umum", "dinas", "", ""}));

  auto agencies = this->store().ListAgencies(this->pemda_);

  ASSERT_TRUE(agencies.has_value());
  ASSERT_EQ(agencies->size(), 1u);
  EXPECT_EQ((*agencies)[0].name, "Dinas Pekerjaan Umum");
}

TYPED_TEST(StoreContract, ChangingAStandardCreatesANewVersionAndKeepsTheOld) {
  domain::Service svc;
  svc.code = "PU-DRAINASE";
  svc.name = "Pengaduan Drainase";
  svc.agency_code = "DPU";
  svc.kinds = {CaseKind::kComplaint};
  svc.standard.completion_days = 14;
  svc.standard.requirements = {"Foto lokasi"};

  auto v1 = this->store().SaveService(this->pemda_, svc);
  auto again = this->store().SaveService(this->pemda_, svc);
  svc.standard.completion_days = 10;
  auto v2 = this->store().SaveService(this->pemda_, svc);

  ASSERT_TRUE(v1.has_value() && again.has_value() && v2.has_value());
  EXPECT_EQ(*v1, 1);
  EXPECT_EQ(*again, 1);
  EXPECT_EQ(*v2, 2);
  auto current = this->store().FindService(this->pemda_, "PU-DRAINASE");
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(current->standard.version, 2);
  EXPECT_EQ(current->standard.completion_days, 10);
  EXPECT_EQ(current->kinds, std::vector<CaseKind>{CaseKind::kComplaint});
  auto history = this->store().ListServiceStandards(this->pemda_, "PU-DRAINASE");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].completion_days, 14);
}

TYPED_TEST(StoreContract, CreatingAServiceTwiceIsAConflictAndKeepsTheFirst) {
  domain::Service svc;
  svc.code = "UJI-BARU";
  svc.name = "Layanan uji";
  svc.agency_code = "DPU";
  svc.kinds = {CaseKind::kComplaint};
  svc.standard.completion_days = 7;
  svc.standard.change_note = "Standar pelayanan pertama";

  auto first = this->store().CreateService(this->pemda_, svc);
  svc.standard.completion_days = 3;
  auto second = this->store().CreateService(this->pemda_, svc);

  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  auto history = this->store().ListServiceStandards(this->pemda_, "UJI-BARU");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[0].completion_days, 7);
  EXPECT_EQ((*history)[0].change_note, "Standar pelayanan pertama");
}

TYPED_TEST(StoreContract, SubmittedCaseIsReadBackWhole) {
  auto receipt = this->Submit(this->Case("Saluran tersumbat"));

  ASSERT_TRUE(receipt.has_value()) << receipt.error().message;
  EXPECT_EQ(receipt->status, CaseStatus::kReceived);
  EXPECT_FALSE(receipt->replayed);
  EXPECT_EQ(receipt->tracking_code.size(), 10u);
  auto c = this->store().FindCase(this->pemda_, receipt->case_id);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->tracking_code, receipt->tracking_code);
  EXPECT_EQ(c->submission.title, "Saluran tersumbat");
  EXPECT_EQ(c->submission.reporter.phone, "081234567890");
  EXPECT_EQ(c->submission.location.region_code, "33.74.01.1001");
  ASSERT_TRUE(c->submission.location.point.has_value());
  EXPECT_DOUBLE_EQ(c->submission.location.point->lng, 110.4203);
  EXPECT_EQ(c->created_at, At(1'780'000'000));
  EXPECT_EQ(c->version, 1);
}

// The name is read with every case (to mask it where the identity is
// hidden); the contact only when asked.
TYPED_TEST(StoreContract, CaseWithEventsReadsTheContactOnlyWhenAsked) {
  auto receipt = this->Submit(this->Case("Saluran tersumbat"));
  ASSERT_TRUE(receipt.has_value());

  auto with = this->store().FindCaseWithEvents(this->pemda_, receipt->case_id, true);
  auto without = this->store().FindCaseWithEvents(this->pemda_, receipt->case_id, false);
  auto missing = this->store().FindCaseWithEvents(this->pemda_, receipt->case_id + 1, false);

  ASSERT_TRUE(with.has_value() && without.has_value());
  EXPECT_EQ(with->c.submission.reporter.phone, "081234567890");
  const auto& reporter = without->c.submission.reporter;
  EXPECT_EQ(reporter.name, with->c.submission.reporter.name);
  EXPECT_FALSE(reporter.name.empty());
  EXPECT_TRUE(reporter.phone.empty() && reporter.email.empty() && reporter.nik.empty());
  EXPECT_EQ(without->c.submission.title, "Saluran tersumbat");
  ASSERT_EQ(without->events.size(), 1u);
  EXPECT_EQ(without->events[0].kind, "submitted");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreContract, TrackingCodeDecodesToTheCase) {
  auto receipt = this->Submit(this->Case("Lampu jalan mati"));
  auto key = this->store().LoadOrCreateSecret("tracking_code_key", 16);
  ASSERT_TRUE(receipt.has_value() && key.has_value());
  domain::TrackingCodec::Key k;
  std::copy(key->begin(), key->end(), k.begin());

  auto decoded = domain::TrackingCodec(k).Decode(receipt->tracking_code);

  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->sequence, receipt->case_id);
  EXPECT_EQ(decoded->salt, 4242u);
}

TYPED_TEST(StoreContract, SubmittedEventKeepsNoContactData) {
  auto receipt = this->Submit(this->Case("Jalan berlubang"));
  ASSERT_TRUE(receipt.has_value());

  auto events = this->store().ListCaseEvents(this->pemda_, receipt->case_id);

  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 1u);
  const auto& e = (*events)[0];
  EXPECT_EQ(e.kind, "submitted");
  EXPECT_NE(e.payload_json.find("Jalan berlubang"), std::string::npos);
  EXPECT_EQ(e.payload_json.find("081234567890"), std::string::npos);
  EXPECT_EQ(e.payload_json.find("sri@example.id"), std::string::npos);
  EXPECT_EQ(e.payload_json.find("3374010101010001"), std::string::npos);
  EXPECT_EQ(e.hash.size(), 64u);
}

// Intake validates text as UTF-8; a case that reached the store without
// (the demo, a bulk import) is written with U+FFFD in its JSON, not thrown
// out of SubmitCase on the caller's thread.
TYPED_TEST(StoreContract, InvalidUtf8InAnAttachmentNameIsReplacedNotThrown) {
  auto c = this->Case("Foto terlampir");
  c.submission.attachments.push_back(
      {"foto\xff.jpg", "image/jpeg", 1024, std::string(64, 'a'), ""});

  auto receipt = this->Submit(std::move(c));

  ASSERT_TRUE(receipt.has_value()) << receipt.error().message;
  auto events = this->store().ListCaseEvents(this->pemda_, receipt->case_id);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_NE((*events)[0].payload_json.find("foto\xEF\xBF\xBD.jpg"), std::string::npos);
}

TYPED_TEST(StoreContract, SameIdempotencyKeyReturnsTheFirstCase) {
  auto c = this->Case("Sampah menumpuk");
  c.idempotency_key = "key-1";
  c.request_fingerprint = "fp-1";

  auto first = this->Submit(c);
  auto second = this->Submit(c);

  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_FALSE(first->replayed);
  EXPECT_TRUE(second->replayed);
  EXPECT_EQ(first->tracking_code, second->tracking_code);
  EXPECT_EQ(*this->store().CountCases(this->pemda_), 1);
}

TYPED_TEST(StoreContract, ReusedIdempotencyKeyForAnotherRequestIsAConflict) {
  auto c = this->Case("Sampah menumpuk");
  c.idempotency_key = "key-1";
  c.request_fingerprint = "fp-1";
  ASSERT_TRUE(this->Submit(c).has_value());
  c.request_fingerprint = "fp-2";

  auto second = this->Submit(c);

  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(*this->store().CountCases(this->pemda_), 1);
}

class CountingObserver : public CommitObserver {
 public:
  void OnCommit(size_t batch_size, std::chrono::nanoseconds) override {
    commits++;
    size_t seen = largest.load();
    while (batch_size > seen && !largest.compare_exchange_weak(seen, batch_size)) {
    }
  }
  std::atomic<int> commits{0};
  std::atomic<size_t> largest{0};
};

TYPED_TEST(StoreContract, ConcurrentSubmissionsAreGroupCommittedAndChained) {
  CountingObserver observer;
  this->store_.reset();
  this->store_ = TypeParam::Open(this->dir_, &observer);
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::set<std::string> codes;

  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::future<Result<SubmitReceipt>>> pending;
      for (int i = 0; i < kEach; ++i) {
        auto promise = std::make_shared<std::promise<Result<SubmitReceipt>>>();
        pending.push_back(promise->get_future());
        this->store().SubmitCase(this->Case("Kasus " + std::to_string(t * kEach + i)),
                                 [promise](Result<SubmitReceipt> r) { promise->set_value(r); });
      }
      for (auto& f : pending) {
        auto r = f.get();
        ASSERT_TRUE(r.has_value());
        std::lock_guard lock(mutex);
        codes.insert(r->tracking_code);
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(codes.size(), size_t{kThreads * kEach});
  EXPECT_EQ(*this->store().CountCases(this->pemda_), kThreads * kEach);
  EXPECT_GT(observer.largest.load(), 1u);
  EXPECT_LT(observer.commits.load(), kThreads * kEach);
  auto audit = this->store().VerifyAuditChain();
  ASSERT_TRUE(audit.has_value());
  EXPECT_TRUE(audit->ok) << audit->problem;
  EXPECT_EQ(audit->events_checked, kThreads * kEach);
  this->store_.reset();  // the observer must outlive the store
}

TYPED_TEST(StoreContract, ListingFiltersAndPagesNewestFirst) {
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(this->Submit(this->Case("Drainase " + std::to_string(i))));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(this->Submit(this->Case("Lampu penerangan " + std::to_string(i), "DISHUB")));
  }

  CaseFilter filter;
  filter.agency_code = "DPU";
  filter.limit = 2;
  auto first = this->store().ListCases(this->pemda_, filter);
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->cases.size(), 2u);
  EXPECT_EQ(first->cases[0].submission.title, "Drainase 4");
  EXPECT_NE(first->next_cursor, 0);

  filter.before = first->next_cursor;
  filter.limit = 10;
  auto rest = this->store().ListCases(this->pemda_, filter);
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(rest->cases.size(), 3u);
  EXPECT_EQ(rest->next_cursor, 0);

  CaseFilter search;
  search.text = "penerangan";
  EXPECT_EQ(this->store().ListCases(this->pemda_, search)->cases.size(), 3u);
  search.text = "\"; DROP TABLE cases; --";
  EXPECT_TRUE(this->store().ListCases(this->pemda_, search).has_value());

  CaseFilter region;
  region.region_prefix = "33.74.01";
  EXPECT_EQ(this->store().ListCases(this->pemda_, region)->cases.size(), 8u);
  region.region_prefix = "33.74.02";
  EXPECT_EQ(this->store().ListCases(this->pemda_, region)->cases.size(), 0u);
}

// Punctuation inside a word is read as a space by both engines: an
// abbreviation glued to a street name, a hyphenated word.
TYPED_TEST(StoreContract, SearchFindsWordsJoinedByPunctuation) {
  auto street = this->Case("Lampu mati di Jl.Pemuda");
  auto card = this->Case("Pembuatan e-KTP belum selesai");
  ASSERT_TRUE(this->Submit(std::move(street)).has_value());
  ASSERT_TRUE(this->Submit(std::move(card)).has_value());

  const auto count = [&](std::string text) { return this->Found(std::move(text)); };

  EXPECT_EQ(count("pemuda"), 1u);
  EXPECT_EQ(count("jl.pemuda"), 1u);
  EXPECT_EQ(count("e-ktp"), 1u);
  EXPECT_EQ(count("ktp"), 1u);
  EXPECT_EQ(count("e-ktp pemuda"), 0u);
}

// A word ending in '*' matches the words it starts, on both engines (on
// SQLite a case not indexed yet matches any word that holds it; SqliteSearch
// checks the index's own reading).
TYPED_TEST(StoreContract, SearchMatchesTheStartOfAWordEndingInAStar) {
  for (const char* title : {"Jalan berlubang di Jl.Pemuda", "Lampu jalur hijau mati",
                            "Pembuatan e-KTP belum selesai"}) {
    ASSERT_TRUE(this->Submit(this->Case(title)).has_value());
  }
  const auto count = [&](std::string text) { return this->Found(std::move(text)); };

  EXPECT_EQ(count("jal*"), 2u);
  EXPECT_EQ(count("JAL*"), 2u);
  EXPECT_EQ(count("jalan*"), 1u);
  EXPECT_EQ(count("jal* mati"), 1u);
  EXPECT_EQ(count("pemu*"), 1u);
  EXPECT_EQ(count("e-kt*"), 1u);
  EXPECT_EQ(count("zzz*"), 0u);
  count("jal'*");  // a quote in a prefix is read as punctuation: no error (in count)
}

// A word is found in its other Indonesian forms, through the index of
// either engine: each word is indexed with its Snowball stem, and a word
// searched for is looked up by its stem; a prefix by the letters typed.
TYPED_TEST(StoreContract, SearchFindsTheOtherFormsOfAnIndonesianWord) {
  for (const char* title : {"Jalan berlubang di Jl. Pemuda", "Kerusakan lampu taman kota",
                            "Lampu jalannya mati lagi", "Rumah kebanjiran lagi"}) {
    ASSERT_TRUE(this->Submit(this->Case(title)).has_value());
  }
  if constexpr (std::is_same_v<TypeParam, SqliteBackend>) {
    // What the indexer, behind intake, does within a quarter of a second.
    ASSERT_TRUE(static_cast<sqlite::SqliteStore&>(this->store()).IndexPendingText());
  }
  const auto count = [&](std::string text) { return this->Found(std::move(text)); };

  EXPECT_EQ(count("lubang"), 1u);
  EXPECT_EQ(count("berlubang"), 1u);
  EXPECT_EQ(count("lubangnya"), 1u);
  EXPECT_EQ(count("rusak"), 1u);
  EXPECT_EQ(count("kerusakan"), 1u);
  EXPECT_EQ(count("jalan"), 2u);
  EXPECT_EQ(count("banjir"), 1u);
  EXPECT_EQ(count("kebanjiran"), 1u);
  EXPECT_EQ(count("lampu rusak"), 1u);
  EXPECT_EQ(count("jalan rusak"), 0u);
  EXPECT_EQ(count("berlub*"), 1u);
  EXPECT_EQ(count("pemuda"), 1u);
  EXPECT_EQ(count("kebakaran"), 0u);
}

// Registering an agency is for a new code only, whichever node (store)
// registered it first: the second is a conflict and the first one stays.
TYPED_TEST(StoreContract, CreatingAKnownAgencyIsAConflictAndChangesNothing) {
  auto node_b = TypeParam::Open(this->dir_);
  const domain::Agency first{"DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", "", ""};
  const domain::Agency second{"DPUPR", "Dinas Lain", "badan", "", ""};

  const auto created = this->store().CreateAgency(this->pemda_, first);
  const auto again = node_b->CreateAgency(this->pemda_, second);

  ASSERT_TRUE(created.has_value()) << created.error().message;
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(this->store().FindAgency(this->pemda_, "DPUPR")->name, first.name);
}

TYPED_TEST(StoreContract, CasesOfAnotherPemdaAreInvisible) {
  auto receipt = this->Submit(this->Case("Saluran"));
  auto other = this->store().SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  ASSERT_TRUE(receipt.has_value() && other.has_value());

  auto found = this->store().FindCase(*other, receipt->case_id);

  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->store().ListCases(*other, {})->cases.empty());
}

TYPED_TEST(StoreContract, AnOfficersFullNameIsKeptAndChanged) {
  domain::User user;
  user.pemda_id = this->pemda_;
  user.username = "verifikator";
  user.password_hash = "$argon2id$...";
  user.full_name = "Siti Rahmawati";
  ASSERT_TRUE(this->store().CreateUser(user).has_value());
  domain::User unnamed = user;
  unnamed.username = "admin";
  unnamed.full_name = "";
  ASSERT_TRUE(this->store().CreateUser(unnamed).has_value());

  auto found = this->store().FindUser(this->pemda_, "verifikator");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->full_name, "Siti Rahmawati");

  user.full_name = "Siti Rahmawati, S.Sos.";
  ASSERT_TRUE(this->store().UpdateUser(user, false));
  auto listed = this->store().ListUsers(this->pemda_);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].username, "admin");
  EXPECT_EQ((*listed)[0].full_name, "");
  EXPECT_EQ((*listed)[1].full_name, "Siti Rahmawati, S.Sos.");
}

TYPED_TEST(StoreContract, UsersSessionsAndApiKeys) {
  domain::User user;
  user.pemda_id = this->pemda_;
  user.username = "petugas.dpu";
  user.password_hash = "$argon2id$...";
  user.role = domain::Role::kAgencyOfficer;
  user.agency_code = "DPU";
  auto id = this->store().CreateUser(user);
  ASSERT_TRUE(id.has_value());
  auto duplicate = this->store().CreateUser(user);
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);

  Credential session;
  session.secret_hash = "abc";
  session.user_id = *id;
  session.csrf_token = "csrf";
  session.expires_at = At(2000);
  ASSERT_TRUE(this->store().SaveSession(session));
  auto found = this->store().FindSession("abc", At(1000));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->principal.name, "petugas.dpu");
  EXPECT_EQ(found->principal.role, domain::Role::kAgencyOfficer);
  EXPECT_EQ(found->csrf_token, "csrf");
  EXPECT_FALSE(this->store().FindSession("abc", At(3000)).has_value());  // expired
  ASSERT_TRUE(this->store().DeleteSession("abc"));
  EXPECT_FALSE(this->store().FindSession("abc", At(1000)).has_value());

  ApiKey key;
  key.secret_hash = "k1";
  key.principal = {0, this->pemda_, "lapor-connector", domain::Role::kVerifier, "", true, {}};
  key.hint = "QX7K";
  key.created_at = At(100);
  key.created_by = "user:admin";
  ASSERT_TRUE(this->store().SaveApiKey(key));
  auto api = this->store().FindApiKey("k1");
  ASSERT_TRUE(api.has_value());
  EXPECT_TRUE(api->principal.is_api_key);
  EXPECT_EQ(api->principal.name, "lapor-connector");

  // A name is the key's for good: a second key of that name is refused.
  ApiKey same_name = key;
  same_name.secret_hash = "k2";
  auto taken = this->store().SaveApiKey(same_name);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  ASSERT_EQ(taken.error().fields.size(), 1u);
  EXPECT_EQ(taken.error().fields[0].field, "name");
  EXPECT_FALSE(this->store().FindApiKey("k2").has_value());

  auto listed = this->store().ListApiKeys(this->pemda_);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].principal.name, "lapor-connector");
  EXPECT_EQ((*listed)[0].hint, "QX7K");
  EXPECT_EQ((*listed)[0].created_at, At(100));
  EXPECT_EQ((*listed)[0].created_by, "user:admin");
  EXPECT_TRUE((*listed)[0].secret_hash.empty());
  EXPECT_FALSE((*listed)[0].revoked_at.has_value());

  ASSERT_TRUE(this->store().RevokeApiKey(this->pemda_, "lapor-connector", "user:admin", At(200)));
  auto refused = this->store().FindApiKey("k1");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  // Revoking it again leaves it as it was revoked.
  ASSERT_TRUE(this->store().RevokeApiKey(this->pemda_, "lapor-connector", "user:other", At(300)));
  listed = this->store().ListApiKeys(this->pemda_);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].revoked_at, std::optional<Timestamp>(At(200)));
  EXPECT_EQ((*listed)[0].revoked_by, "user:admin");
  auto unknown = this->store().RevokeApiKey(this->pemda_, "tidak-ada", "user:admin", At(200));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreContract, DataSurvivesReopening) {
  auto receipt = this->Submit(this->Case("Tetap ada"));
  ASSERT_TRUE(receipt.has_value());
  this->store_.reset();

  this->store_ = TypeParam::Open(this->dir_);

  auto c = this->store().FindCase(this->pemda_, receipt->case_id);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->submission.title, "Tetap ada");
  EXPECT_TRUE(this->store().VerifyAuditChain()->ok);
}

// --- Calendar ----------------------------------------------------------------

std::chrono::year_month_day Date(int y, unsigned m, unsigned d) {
  return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

TYPED_TEST(StoreContract, CalendarDaysAreUpsertedByDateAndListedByDate) {
  auto& store = this->store();
  ASSERT_TRUE(store.SaveCalendarDay(
      this->pemda_, {Date(2026, 6, 5), "Hari Jadi", CalendarDayKind::kRegional, "cli:a", At(1)}));
  ASSERT_TRUE(store.SaveCalendarDay(this->pemda_, {Date(2026, 3, 18), "Cuti Bersama Nyepi",
                                                   CalendarDayKind::kCancelled, "user:b", At(2)}));
  ASSERT_TRUE(store.SaveCalendarDay(this->pemda_, {Date(2026, 6, 5), "Hari Jadi Kota Semarang",
                                                   CalendarDayKind::kRegional, "user:c", At(3)}));

  auto days = store.ListCalendarDays(this->pemda_);

  ASSERT_TRUE(days.has_value()) << days.error().message;
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[0].date, Date(2026, 3, 18));
  EXPECT_EQ((*days)[0].kind, CalendarDayKind::kCancelled);
  EXPECT_EQ((*days)[1].date, Date(2026, 6, 5));
  EXPECT_EQ((*days)[1].name, "Hari Jadi Kota Semarang");
  EXPECT_EQ((*days)[1].created_by, "user:c");
  EXPECT_EQ((*days)[1].created_at, At(3));
}

TYPED_TEST(StoreContract, CalendarDaysKeepEveryKindAndStayWithTheirPemda) {
  auto& store = this->store();
  auto other = store.SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  ASSERT_TRUE(other.has_value());
  ASSERT_TRUE(store.SaveCalendarDay(
      this->pemda_, {Date(2026, 5, 27), "Idul Adha", CalendarDayKind::kNational, "a", At(1)}));
  ASSERT_TRUE(store.SaveCalendarDay(this->pemda_, {Date(2026, 5, 29), "Cuti Bersama",
                                                   CalendarDayKind::kCutiBersama, "a", At(1)}));
  ASSERT_TRUE(store.SaveCalendarDay(
      *other, {Date(2026, 6, 5), "Hari Jadi", CalendarDayKind::kRegional, "a", At(1)}));

  auto own = store.ListCalendarDays(this->pemda_);
  auto others = store.ListCalendarDays(*other);

  ASSERT_TRUE(own.has_value());
  ASSERT_EQ(own->size(), 2u);
  EXPECT_EQ((*own)[0].kind, CalendarDayKind::kNational);
  EXPECT_EQ((*own)[1].kind, CalendarDayKind::kCutiBersama);
  ASSERT_TRUE(others.has_value());
  ASSERT_EQ(others->size(), 1u);
  EXPECT_EQ((*others)[0].name, "Hari Jadi");
}

TYPED_TEST(StoreContract, DeletingACalendarDayRemovesOnlyThatRow) {
  auto& store = this->store();
  ASSERT_TRUE(store.SaveCalendarDay(
      this->pemda_, {Date(2026, 6, 5), "Hari Jadi", CalendarDayKind::kRegional, "a", At(1)}));
  ASSERT_TRUE(store.SaveCalendarDay(
      this->pemda_, {Date(2026, 6, 8), "Banjir", CalendarDayKind::kRegional, "a", At(1)}));

  auto deleted = store.DeleteCalendarDay(this->pemda_, Date(2026, 6, 5));
  auto again = store.DeleteCalendarDay(this->pemda_, Date(2026, 6, 5));

  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  auto days = store.ListCalendarDays(this->pemda_);
  ASSERT_TRUE(days.has_value());
  ASSERT_EQ(days->size(), 1u);
  EXPECT_EQ((*days)[0].name, "Banjir");
}

TYPED_TEST(StoreContract, CalendarYearsAreReplacedByYearListedByYearAndStayWithTheirPemda) {
  auto& store = this->store();
  auto other = store.SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  ASSERT_TRUE(other.has_value());
  ASSERT_TRUE(store.SaveCalendarYear(this->pemda_, {2028, R"({"year":2028})", "user:a", At(1)}));
  ASSERT_TRUE(store.SaveCalendarYear(this->pemda_, {2027, R"({"year":2027})", "user:a", At(2)}));
  ASSERT_TRUE(store.SaveCalendarYear(this->pemda_,
                                     {2027, R"({"year":2027,"decree":"revisi"})", "cli:b", At(3)}));
  ASSERT_TRUE(store.SaveCalendarYear(*other, {2027, R"({"year":2027})", "user:c", At(4)}));

  auto own = store.ListCalendarYears(this->pemda_);
  auto others = store.ListCalendarYears(*other);

  ASSERT_TRUE(own.has_value()) << own.error().message;
  ASSERT_EQ(own->size(), 2u);
  EXPECT_EQ((*own)[0].year, 2027);
  EXPECT_EQ((*own)[0].document, R"({"year":2027,"decree":"revisi"})");
  EXPECT_EQ((*own)[0].installed_by, "cli:b");
  EXPECT_EQ((*own)[0].installed_at, At(3));
  EXPECT_EQ((*own)[1].year, 2028);
  ASSERT_TRUE(others.has_value());
  ASSERT_EQ(others->size(), 1u);
  EXPECT_EQ((*others)[0].installed_by, "user:c");
  EXPECT_FALSE(store.SaveCalendarYear(999999, {2027, "{}", "user:a", At(5)}).has_value())
      << "a year of a Pemda that does not exist";
}

TYPED_TEST(StoreContract, InvalidCalendarDateIsRefusedNamingDate) {
  auto saved = this->store().SaveCalendarDay(
      this->pemda_, {Date(2026, 2, 30), "Tidak ada", CalendarDayKind::kRegional, "a", At(1)});

  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(saved.error().fields.size(), 1u);
  EXPECT_EQ(saved.error().fields[0].field, "date");
}

}  // namespace
}  // namespace sigap::store
