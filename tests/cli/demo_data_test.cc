#include "cli/demo_data.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <stdlib.h>

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <utility>

#include "app/calendar_book.h"
#include "app/case_intake.h"
#include "app/case_workflow.h"
#include "app/satisfaction_book.h"
#include "cli/alert_watch.h"
#include "cli/demo_cases.h"
#include "cli/demo_service_matcher.h"
#include "domain/lifecycle.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"

namespace sigap::cli {
namespace {

namespace bg = boost::geometry;
using BgPoint = bg::model::d2::point_xy<double>;  // x = lng, y = lat
using BgMultiPolygon = bg::model::multi_polygon<bg::model::polygon<BgPoint>>;

class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }

 private:
  Timestamp now_;
};

const std::filesystem::path kDataDir = SIGAP_SOURCE_DIR "/data";

// A migrated SQLite store in its own temporary directory.
struct TempStore {
  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<app::CaseIntake> intake;

  explicit TempStore(const Clock& clock) {
    std::string pattern = (std::filesystem::temp_directory_path() / "sigap-demo-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    auto opened = store::sqlite::SqliteStore::Open((dir / "sigap.db").string());
    EXPECT_TRUE(opened.has_value()) << opened.error().message;
    store = std::move(*opened);
    EXPECT_TRUE(store->Migrate().has_value());
    auto created = app::CaseIntake::Create(*store, clock);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    intake = std::move(*created);
  }
  ~TempStore() {
    intake.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

// Every case of a Pemda, newest first.
std::vector<domain::Case> AllCases(store::Store& store, domain::PemdaId pemda) {
  std::vector<domain::Case> all;
  store::CaseFilter filter;
  filter.limit = 500;
  for (;;) {
    auto page = store.ListCases(pemda, filter);
    EXPECT_TRUE(page.has_value());
    if (!page) return all;
    all.insert(all.end(), page->cases.begin(), page->cases.end());
    if (page->next_cursor == 0) return all;
    filter.before = page->next_cursor;
  }
}

// The alerts of `detector` (and of `agency`, unless "") that the detectors
// find over the whole history of the demo in `store`, rebuilt up to `now`
// (a state that does not load: whatever the tests before left).
std::vector<store::StoredAlert> AlertsOfTheHistory(store::Store& store, Timestamp now,
                                                   const std::string& detector,
                                                   const std::string& agency = "") {
  auto pemdas = store.ListPemdas();
  EXPECT_TRUE(pemdas.has_value() && pemdas->size() == 1);
  if (!pemdas || pemdas->size() != 1) return {};
  const domain::Pemda& pemda = (*pemdas)[0];
  auto book = app::CalendarBook::Create(store, kDataDir / "calendar", DemoOptions{}.cutoff);
  EXPECT_TRUE(book.has_value()) << book.error().message;
  if (!book) return {};
  auto calendar = (*book)->For(pemda);
  EXPECT_TRUE(calendar.has_value()) << calendar.error().message;
  if (!calendar) return {};
  EXPECT_TRUE(store.SaveSignalState(pemda.id, {"-", now}).has_value());
  auto watch = AlertWatch::Create(store, pemda, *calendar, AlertWatchOptions{});
  EXPECT_TRUE(watch.has_value()) << watch.error().message;
  if (!watch) return {};
  EXPECT_TRUE((*watch)->Tick(now).has_value());
  store::AlertFilter filter;
  filter.detector = detector;
  filter.agency_code = agency;
  filter.limit = 200;
  auto page = store.ListAlerts(pemda.id, filter);
  EXPECT_TRUE(page.has_value());
  return page ? page->alerts : std::vector<store::StoredAlert>{};
}

BgMultiPolygon ToBoost(const std::string& geojson) {
  const auto g = nlohmann::json::parse(geojson);
  const auto polygons =
      g["type"] == "Polygon" ? nlohmann::json::array({g["coordinates"]}) : g["coordinates"];
  BgMultiPolygon out;
  for (const auto& rings : polygons) {
    bg::model::polygon<BgPoint> polygon;
    for (size_t r = 0; r < rings.size(); ++r) {
      auto& ring = r == 0 ? polygon.outer() : polygon.inners().emplace_back();
      for (const auto& p : rings[r]) ring.emplace_back(p[0].get<double>(), p[1].get<double>());
    }
    bg::correct(polygon);
    out.push_back(std::move(polygon));
  }
  return out;
}

// One demo shared by the tests that only read it (loading takes seconds).
class DemoData : public ::testing::Test {
 protected:
  static constexpr int kMonths = 18;

  static void SetUpTestSuite() {
    clock_ = new FixedClock(*ParseRfc3339("2026-11-30T09:00:00+07:00"));
    store_ = new TempStore(*clock_);
    DemoOptions options;
    options.data_dir = kDataDir;
    const auto started = std::chrono::steady_clock::now();
    auto loaded = LoadDemo(*store_->store, *store_->intake, *clock_, options);
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    summary_ = new DemoSummary(*loaded);
    std::cout << "LoadDemo took "
              << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
  }

  static void TearDownTestSuite() {
    delete summary_;
    delete store_;
    delete clock_;
  }

  store::Store& store() { return *store_->store; }
  domain::PemdaId pemda() { return summary_->pemda_id; }

  // The demo's Pemda with its calendars, for an alert watch or a workflow
  // (`book` is null when they could not be built).
  struct WithCalendar {
    domain::Pemda pemda;
    std::unique_ptr<app::CalendarBook> book;
    std::shared_ptr<const domain::WorkingCalendar> calendar;
  };
  WithCalendar DemoPemdaWithCalendar() {
    WithCalendar out;
    auto pemdas = store().ListPemdas();
    EXPECT_TRUE(pemdas.has_value() && pemdas->size() == 1);
    if (!pemdas || pemdas->size() != 1) return out;
    out.pemda = (*pemdas)[0];
    auto book = app::CalendarBook::Create(store(), kDataDir / "calendar", DemoOptions{}.cutoff);
    EXPECT_TRUE(book.has_value()) << book.error().message;
    if (!book) return out;
    auto calendar = (*book)->For(out.pemda);
    EXPECT_TRUE(calendar.has_value()) << calendar.error().message;
    if (!calendar) return out;
    out.book = std::move(*book);
    out.calendar = std::move(*calendar);
    return out;
  }

  static inline FixedClock* clock_ = nullptr;
  static inline TempStore* store_ = nullptr;
  static inline DemoSummary* summary_ = nullptr;
};

// The tests share one loaded demo, but ctest runs each in its own process,
// so each loads it again: a few behaviours are checked per test.
TEST_F(DemoData, CreatesThePemdaWithItsKecamatanAndKelurahanAndBoundaries) {
  auto pemdas = store().ListPemdas();
  auto top = store().ListRegions(pemda(), "", false);
  auto kecamatan = store().ListRegions(pemda(), "33.74", true);

  ASSERT_TRUE(pemdas.has_value());
  ASSERT_EQ(pemdas->size(), 1u);
  EXPECT_EQ((*pemdas)[0].code, "33.74");
  EXPECT_EQ((*pemdas)[0].name, "Kota Semarang");
  EXPECT_EQ((*pemdas)[0].time_zone, "Asia/Jakarta");
  ASSERT_TRUE(top.has_value() && kecamatan.has_value());
  ASSERT_EQ(top->size(), 1u);
  EXPECT_EQ((*top)[0].code, "33.74");
  EXPECT_TRUE((*top)[0].centroid.has_value());
  ASSERT_EQ(kecamatan->size(), 16u);
  size_t kelurahan = 0;
  for (const auto& k : *kecamatan) {
    EXPECT_EQ(k.level, 3);
    EXPECT_FALSE(k.boundary_geojson.empty()) << k.code;
    auto children = store().ListRegions(pemda(), k.code, true);
    ASSERT_TRUE(children.has_value());
    for (const auto& d : *children) {
      EXPECT_EQ(d.level, 4);
      EXPECT_FALSE(d.boundary_geojson.empty()) << d.code;
      EXPECT_TRUE(d.centroid.has_value()) << d.code;
    }
    kelurahan += children->size();
  }
  EXPECT_EQ(kelurahan, 177u);
  EXPECT_EQ(summary_->regions, 1 + 16 + 177);
}

TEST_F(DemoData, CreatesTheRequiredAgenciesAndKecamatanOffices) {
  auto agencies = store().ListAgencies(pemda());

  ASSERT_TRUE(agencies.has_value());
  std::map<std::string, domain::Agency> by_code;
  for (const auto& a : *agencies) by_code[a.code] = a;
  for (const char* code : {"DPU", "DISHUB", "DISPERKIM", "SATPOLPP", "DISDUKCAPIL", "DINKES",
                           "DINSOS", "PDAM", "DLH", "INSPEKTORAT", "BPBD"}) {
    EXPECT_TRUE(by_code.count(code)) << code;
  }
  ASSERT_TRUE(by_code.count("KEC-3374010"));
  EXPECT_EQ(by_code["KEC-3374010"].name, "Kecamatan Semarang Tengah");
  EXPECT_EQ(by_code["KEC-3374010"].region_code, "33.74.01");
  const auto offices = std::count_if(agencies->begin(), agencies->end(),
                                     [](const auto& a) { return a.kind == "kecamatan"; });
  EXPECT_EQ(offices, 16);
  EXPECT_EQ(summary_->agencies, static_cast<int>(agencies->size()));
}

TEST_F(DemoData, EveryServiceHasACompleteStandard) {
  auto services = store().ListServices(pemda());

  ASSERT_TRUE(services.has_value());
  EXPECT_GE(services->size(), 20u);
  EXPECT_EQ(summary_->services, static_cast<int>(services->size()));
  for (const auto& s : *services) {
    const auto& st = s.standard;
    EXPECT_GE(st.version, 1) << s.code;
    EXPECT_FALSE(s.kinds.empty()) << s.code;
    EXPECT_FALSE(s.group.empty() || s.keywords.empty()) << s.code;
    EXPECT_GT(st.completion_days, 0) << s.code;
    for (const std::string* component :
         {&st.cost, &st.product, &st.complaint_channel, &st.legal_basis, &st.facilities,
          &st.staff_competence, &st.internal_supervision, &st.staffing, &st.guarantee,
          &st.security_assurance, &st.performance_evaluation}) {
      EXPECT_FALSE(component->empty()) << s.code;
    }
    EXPECT_FALSE(st.requirements.empty() || st.procedure.empty()) << s.code;
    if (s.agency_code == "DISDUKCAPIL") {
      EXPECT_EQ(st.cost.rfind("Gratis", 0), 0u) << s.code;  // UU 24/2013 art. 79A
    }
  }
}

TEST_F(DemoData, CasesLieInTheLastMonthsWithinTheirKelurahan) {
  const auto cases = AllCases(store(), pemda());
  auto count = store().CountCases(pemda());

  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(*count, summary_->cases);
  EXPECT_GE(summary_->cases, 990);
  EXPECT_LE(summary_->cases, 1000);
  EXPECT_EQ(summary_->cases + summary_->skipped, 1000);
  ASSERT_EQ(cases.size(), static_cast<size_t>(summary_->cases));
  const Timestamp now = clock_->Now();
  const Timestamp earliest = DemoWindowStart(now, kMonths);  // 18 average months
  std::map<std::string, BgMultiPolygon> shapes;
  for (const auto& c : cases) {
    EXPECT_LT(c.created_at, now) << c.tracking_code;
    EXPECT_GE(c.created_at, earliest) << c.tracking_code;
    const auto& location = c.submission.location;
    auto region = store().FindRegion(pemda(), location.region_code);
    ASSERT_TRUE(region.has_value()) << location.region_code;
    ASSERT_EQ(region->level, 4);
    ASSERT_TRUE(location.point.has_value()) << c.tracking_code;
    auto [shape, fresh] = shapes.try_emplace(region->code);
    if (fresh) shape->second = ToBoost(region->boundary_geojson);
    EXPECT_TRUE(bg::within(BgPoint(location.point->lng, location.point->lat), shape->second))
        << c.tracking_code << " at " << location.point->lat << "," << location.point->lng
        << " is outside " << region->code;
  }
}

TEST_F(DemoData, CasesCarryRealReportsText) {
  auto reports = ReadDemoReports(kDataDir / "demo/complaints.csv");
  ASSERT_TRUE(reports.has_value());
  std::set<std::pair<std::string, std::string>> real;
  for (const auto& r : *reports) real.emplace(r.subject, r.text);

  const auto cases = AllCases(store(), pemda());

  size_t verbatim = 0;
  for (const auto& c : cases) {
    verbatim += real.count({c.submission.title, c.submission.description});
  }
  EXPECT_GE(verbatim, cases.size() * 95 / 100);
}

TEST_F(DemoData, CasesMixKindsChannelsAndPrivacy) {
  const auto cases = AllCases(store(), pemda());

  std::map<domain::CaseKind, int> kinds;
  std::set<domain::Channel> channels;
  int anonymous = 0, confidential = 0, with_service = 0, with_contact = 0;
  for (const auto& c : cases) {
    const auto& s = c.submission;
    ++kinds[s.kind];
    channels.insert(s.channel);
    anonymous += s.anonymous;
    confidential += s.confidential;
    with_service += !s.service_code.empty();
    // Listings leave the reporter out; reading the case brings it.
    auto full = store().FindCase(pemda(), c.id);
    ASSERT_TRUE(full.has_value());
    const auto& reporter = full->submission.reporter;
    with_contact += !reporter.Empty();
    if (!reporter.email.empty()) {
      EXPECT_NE(reporter.email.find("@example.id"), std::string::npos);
    }
    if (s.channel == domain::Channel::kSms) {
      EXPECT_FALSE(reporter.phone.empty());
    }
    if (s.anonymous) {
      EXPECT_TRUE(reporter.name.empty());
    }
    if (s.kind == domain::CaseKind::kRequest) {
      EXPECT_FALSE(s.service_code.empty());
    }
    if (!s.service_code.empty()) {
      EXPECT_GE(c.service_version, 1) << c.tracking_code;
      EXPECT_FALSE(c.agency_code.empty()) << c.tracking_code;
    }
  }

  const int n = static_cast<int>(cases.size());
  EXPECT_GT(kinds[domain::CaseKind::kComplaint], n / 2);
  EXPECT_GT(kinds[domain::CaseKind::kAspiration], 0);
  EXPECT_GT(kinds[domain::CaseKind::kInformation], 0);
  EXPECT_GT(kinds[domain::CaseKind::kRequest], 0);
  EXPECT_EQ(channels.size(), 5u);
  EXPECT_NEAR(anonymous, n * 0.10, n * 0.04);
  EXPECT_NEAR(confidential, n * 0.05, n * 0.025);
  EXPECT_GT(with_service, n / 2);
  EXPECT_GT(with_contact, n / 4);
}

// The status an event sequence leads to, replayed from the event kinds
// alone (independently of domain::Decide, which wrote them).
domain::CaseStatus ReplayStatus(const std::vector<domain::CaseEvent>& events) {
  using domain::CaseStatus;
  CaseStatus status = CaseStatus::kReceived, resume = CaseStatus::kReceived;
  for (const auto& e : events) {
    if (e.kind == "verified") status = CaseStatus::kVerified;
    if (e.kind == "rejected") status = CaseStatus::kRejected;
    if (e.kind == "info_requested") resume = std::exchange(status, CaseStatus::kNeedsInfo);
    if (e.kind == "info_provided") {
      status = status == CaseStatus::kRejected ? CaseStatus::kReceived : resume;
    }
    if (e.kind == "disposed" || e.kind == "forwarded") status = CaseStatus::kDisposed;
    if (e.kind == "started" || e.kind == "reopened") status = CaseStatus::kInProgress;
    if (e.kind == "resolved") status = CaseStatus::kResolved;
    if (e.kind == "closed") status = CaseStatus::kClosed;
    if (e.kind == "merged") status = CaseStatus::kMerged;
  }
  return status;
}

TEST_F(DemoData, HistoryHasCasesInEveryMainStatus) {
  const auto cases = AllCases(store(), pemda());

  std::map<domain::CaseStatus, int> by_status;
  for (const auto& c : cases) ++by_status[c.status];
  EXPECT_EQ(by_status, summary_->by_status);

  using domain::CaseStatus;
  for (auto status : {CaseStatus::kReceived, CaseStatus::kDisposed, CaseStatus::kInProgress,
                      CaseStatus::kResolved, CaseStatus::kClosed, CaseStatus::kRejected}) {
    EXPECT_GE(by_status[status], 1) << domain::ToString(status);
  }
  EXPECT_GE(by_status[CaseStatus::kVerified], 1);
  EXPECT_GE(by_status[CaseStatus::kVerified] + by_status[CaseStatus::kNeedsInfo], 2);
  // An 18-month history is mostly done with, and rejections are few.
  EXPECT_GT(by_status[CaseStatus::kClosed], static_cast<int>(cases.size()) / 2);
  EXPECT_LT(by_status[CaseStatus::kRejected], static_cast<int>(cases.size()) / 10);
}

TEST_F(DemoData, EveryCaseIsTheProjectionOfItsEvents) {
  const auto cases = AllCases(store(), pemda());
  const Timestamp now = clock_->Now();

  std::set<std::string> kinds;
  int auto_closed = 0, with_supporting = 0;
  for (const auto& c : cases) {
    auto events = store().ListCaseEvents(pemda(), c.id);
    ASSERT_TRUE(events.has_value());
    ASSERT_FALSE(events->empty());
    EXPECT_EQ(events->front().kind, "submitted") << c.tracking_code;
    EXPECT_EQ(ReplayStatus(*events), c.status) << c.tracking_code;
    std::string lead;  // the last disposition's agency
    for (size_t i = 0; i < events->size(); ++i) {
      const auto& e = (*events)[i];
      kinds.insert(e.kind);
      EXPECT_GE(e.at, c.created_at) << c.tracking_code << " " << e.kind;
      EXPECT_LE(e.at, now) << c.tracking_code << " " << e.kind;
      if (i > 0) {
        EXPECT_GE(e.at, (*events)[i - 1].at) << c.tracking_code << " " << e.kind;
      }
      const auto payload = nlohmann::json::parse(e.payload_json);
      if (e.kind == "disposed" || e.kind == "forwarded") lead = payload.value("agency_code", "");
      if (e.kind == "disposed" && !payload["supporting"].empty()) ++with_supporting;
      if (e.kind == "closed" && payload.value("auto", false)) {
        ++auto_closed;
        EXPECT_EQ(e.actor, "system");
      }
      if (e.kind == "rejected") {
        EXPECT_TRUE(std::set<std::string>({"incomplete", "out_of_scope", "duplicate", "abusive"})
                        .count(payload.value("reason", "")))
            << c.tracking_code;
      }
      if (e.kind == "resolved") {
        EXPECT_FALSE(payload.value("text", "").empty());
      }
      // Officers act in office hours (WIB), Monday to Friday.
      if (e.actor.rfind("user:", 0) == 0) {
        const auto local = e.at + std::chrono::hours(7);
        const auto day = std::chrono::floor<std::chrono::days>(local);
        const auto hour = std::chrono::floor<std::chrono::hours>(local - day).count();
        EXPECT_GE(hour, 8) << c.tracking_code << " " << e.kind;
        EXPECT_LT(hour, 17) << c.tracking_code << " " << e.kind;
        const std::chrono::weekday weekday{day};
        EXPECT_TRUE(weekday != std::chrono::Saturday && weekday != std::chrono::Sunday)
            << c.tracking_code << " " << e.kind;
      }
    }
    if (!lead.empty()) {
      EXPECT_EQ(c.agency_code, lead) << c.tracking_code;
    }
  }
  for (const char* kind : {"verified", "rejected", "info_requested", "info_provided", "disposed",
                           "forwarded", "started", "resolved", "closed", "escalated",
                           "public_update", "input_requested", "input_provided"}) {
    EXPECT_TRUE(kinds.count(kind)) << kind;
  }
  EXPECT_GT(auto_closed, 0);
  EXPECT_GT(with_supporting, 0);
}

// Reporters rate about a third of the answers they got, after the last
// one and by now, each with the agency that answered and the number of
// the answer; the satisfaction summary counts them, and the detectors'
// falling-satisfaction signal reads them. Agencies differ in the stars
// their answers earn.
TEST_F(DemoData, ReportersRateAThirdOfTheAnswersAfterTheyAreGiven) {
  const Timestamp now = clock_->Now();
  int answered = 0, rated = 0;
  std::map<std::string, std::pair<int, int>> by_agency;  // stars' sum, count
  std::set<int> stars_seen;
  for (const auto& c : AllCases(store(), pemda())) {
    auto ratings = store().ListCaseRatings(pemda(), c.id);
    ASSERT_TRUE(ratings.has_value()) << ratings.error().message;
    const bool is_answered =
        c.status == domain::CaseStatus::kResolved || c.status == domain::CaseStatus::kClosed;
    answered += is_answered;
    if (ratings->empty()) continue;
    ASSERT_TRUE(is_answered) << c.tracking_code << " is rated, but " << domain::ToString(c.status);
    ASSERT_EQ(ratings->size(), 1U) << c.tracking_code;
    const store::CaseRating& r = ratings->front();
    ++rated;
    auto events = store().ListCaseEvents(pemda(), c.id);
    ASSERT_TRUE(events.has_value());
    int resolutions = 0;
    Timestamp last_answer{};
    for (const auto& e : *events) {
      if (e.kind == "resolved") {
        ++resolutions;
        last_answer = e.at;
      }
    }
    EXPECT_EQ(r.resolution, resolutions) << c.tracking_code;
    EXPECT_GT(r.created_at, last_answer) << c.tracking_code;
    EXPECT_LE(r.created_at, now) << c.tracking_code;
    EXPECT_EQ(r.agency_code, c.agency_code) << c.tracking_code;
    ASSERT_GE(r.stars, 1);
    ASSERT_LE(r.stars, 5);
    stars_seen.insert(r.stars);
    by_agency[r.agency_code].first += r.stars;
    ++by_agency[r.agency_code].second;
  }
  EXPECT_EQ(rated, summary_->ratings);
  EXPECT_GT(rated, answered / 5) << answered << " answered";
  EXPECT_LT(rated, answered / 2) << answered << " answered";
  EXPECT_GE(stars_seen.size(), 4U);
  double lowest = 5, highest = 1;
  for (const auto& [agency, sum_count] : by_agency) {
    if (sum_count.second < 15) continue;
    const double mean = static_cast<double>(sum_count.first) / sum_count.second;
    lowest = std::min(lowest, mean);
    highest = std::max(highest, mean);
  }
  EXPECT_GE(highest - lowest, 0.5) << "agencies with 15 ratings or more all earn alike";

  // The summary of the last 365 days counts those given in them.
  auto counted = store().CountCaseRatings(pemda(), "", now - std::chrono::days(365), now);
  ASSERT_TRUE(counted.has_value()) << counted.error().message;
  int in_window = 0;
  for (const auto& count : *counted) in_window += static_cast<int>(count.count);
  EXPECT_GT(in_window, rated / 2);
  EXPECT_LE(in_window, rated);
  // The detectors read each one.
  store::SignalCursor cursor;
  int signalled = 0;
  for (bool more = true; more;) {
    auto batch = store().ReplaySignals(pemda(), cursor, 5000);
    ASSERT_TRUE(batch.has_value()) << batch.error().message;
    for (const auto& e : batch->events) signalled += e.type == store::SignalEvent::Type::kRating;
    cursor = batch->next;
    more = batch->more;
  }
  EXPECT_EQ(signalled, rated);
}

TEST_F(DemoData, OpenCasesRunDeadlinesAndSomeAreOverdue) {
  const auto cases = AllCases(store(), pemda());
  const Timestamp now = clock_->Now();

  int open = 0, with_deadline = 0, overdue = 0;
  for (const auto& c : cases) {
    using domain::CaseStatus;
    if (c.status == CaseStatus::kClosed || c.status == CaseStatus::kRejected ||
        c.status == CaseStatus::kMerged) {
      EXPECT_FALSE(c.handling.due_at.has_value()) << c.tracking_code;
      continue;
    }
    ++open;
    with_deadline += c.handling.due_at.has_value();
    overdue += domain::DeadlineAt(c.handling, now) == domain::DeadlineState::kOverdue;
  }

  EXPECT_GT(open, 0);
  EXPECT_GE(with_deadline, open * 9 / 10);
  EXPECT_GT(overdue, 0);
  EXPECT_LT(overdue, open);
}

TEST_F(DemoData, CreatesOfficersWithTheirOwnPasswords) {
  ASSERT_EQ(summary_->users.size(), 6u);

  for (const auto& [username, password] : summary_->users) {
    auto user = store().FindUser(pemda(), username);
    ASSERT_TRUE(user.has_value()) << username;
    EXPECT_EQ(password.size(), 16u);
    EXPECT_EQ(
        crypto_pwhash_str_verify(user->password_hash.c_str(), password.c_str(), password.size()), 0)
        << username;
  }
  auto officer = store().FindUser(pemda(), "petugas.dpu");
  ASSERT_TRUE(officer.has_value());
  EXPECT_EQ(officer->role, domain::Role::kAgencyOfficer);
  EXPECT_EQ(officer->agency_code, "DPU");
}

TEST_F(DemoData, LoadingTwiceIsAConflict) {
  DemoOptions options;
  options.data_dir = kDataDir;

  auto again = LoadDemo(store(), *store_->intake, *clock_, options);

  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

// A demo of its own: the test below changes its cases.
class DemoOpenWork : public DemoData {
 protected:
  // The open work of each agency by the cases as they are now: disposed or
  // in progress (not waiting for the citizen), under their agency. What the
  // verifiers still hold (filed, verified) is no agency's yet.
  std::map<std::string, long> OpenWorkNow() {
    std::map<std::string, long> open;
    using domain::CaseStatus;
    for (const auto& c : AllCases(store(), pemda())) {
      if (c.status == CaseStatus::kDisposed || c.status == CaseStatus::kInProgress) {
        ++open[c.agency_code];
      }
    }
    return open;
  }

  // Every agency's open work as `watch` counts it, against OpenWorkNow.
  void ExpectOpenWorkOf(const AlertWatch& watch, const char* when) {
    const auto truth = OpenWorkNow();
    long total = 0;
    for (const auto& a : watch.layout().agencies) {
      const auto it = truth.find(a.code);
      EXPECT_EQ(watch.OpenCases(a.code), it == truth.end() ? 0 : it->second)
          << a.code << ", " << when;
      total += watch.OpenCases(a.code);
    }
    EXPECT_GT(total, 0) << when;
  }

  // The growing-backlog alerts of `pemda`.
  std::vector<store::StoredAlert> BacklogAlerts(domain::PemdaId pemda) {
    store::AlertFilter filter;
    filter.detector = "growing_backlog";
    filter.limit = 200;
    auto page = store().ListAlerts(pemda, filter);
    EXPECT_TRUE(page.has_value());
    return page ? page->alerts : std::vector<store::StoredAlert>{};
  }

  // Applies `action` by `actor` to case `c` now; `agency` for a dispose or
  // forward.
  void Act(const domain::Pemda& p, const app::CaseWorkflow& workflow, const domain::Case& c,
           domain::Action action, domain::Actor actor, const std::string& agency = "") {
    app::ActInput input;
    input.request.action = action;
    input.request.actor = std::move(actor);
    input.request.agency_code = agency;
    input.request.reason = "uji";
    input.request.text = "Sudah ditangani.";
    if (agency != c.placement.proposed_agency) input.request.override_reason = "uji";
    auto done = workflow.Act(p, c.tracking_code, input);
    ASSERT_TRUE(done.has_value()) << ToString(action) << " " << c.tracking_code << ": "
                                  << done.error().message;
  }
};

// The demo's staged backlog (semarang.json's `backlog`) as the alerts name
// it on the tests' clock, Monday 30 Nov 2026: DPU's growing backlog, still
// going on (updated since the last working day, Friday 27 Nov).
bool IsTheStagedBacklog(const store::StoredAlert& a) {
  return a.evidence.detector == "growing_backlog" && a.evidence.agency_code == "DPU" &&
         a.last_day >= "2026-11-27";
}

domain::Actor OfficerOf(const std::string& agency, domain::PemdaId pemda, domain::Role role) {
  domain::Principal p;
  p.pemda_id = pemda;
  p.name = "uji." + agency;
  p.role = role;
  p.agency_code = agency;
  return domain::Actor::Officer(std::move(p));
}

// The backlog detector's open cases per agency are the cases' own, on the
// demo's history (rebuilt from its events) and after dispositions,
// forwardings, requests for information and resolutions that the running
// watch reads as they come; a second watch rebuilt from every event agrees.
TEST_F(DemoOpenWork, TheWatchCountsEachAgencysOpenCasesAsTheyAre) {
  const auto demo = DemoPemdaWithCalendar();
  ASSERT_TRUE(demo.book);
  const domain::Pemda& p = demo.pemda;
  AlertWatchOptions options;
  options.save_every = std::chrono::seconds(0);  // every watch rebuilds
  auto watch = AlertWatch::Create(store(), p, demo.calendar, options);
  ASSERT_TRUE(watch.has_value()) << watch.error().message;
  Timestamp now = clock_->Now();
  ASSERT_TRUE((*watch)->Tick(now).has_value());
  ExpectOpenWorkOf(**watch, "rebuilt from the demo");

  app::CaseWorkflow workflow(store(), *store_->intake, *demo.book, *clock_, domain::SlaPolicy{});
  using domain::Action;
  using domain::CaseStatus;
  using domain::Role;
  int forwarded = 0, resolved = 0, paused = 0, disposed = 0;
  for (const auto& c : AllCases(store(), pemda())) {
    const std::string other = c.agency_code == "DISHUB" ? "DPU" : "DISHUB";
    if (c.status == CaseStatus::kDisposed && forwarded < 3) {
      Act(p, workflow, c, Action::kForward, OfficerOf(c.agency_code, p.id, Role::kAgencyHead),
          other);
      ++forwarded;
    } else if (c.status == CaseStatus::kInProgress && resolved < 3) {
      Act(p, workflow, c, Action::kResolve, OfficerOf(c.agency_code, p.id, Role::kAgencyOfficer));
      ++resolved;
    } else if (c.status == CaseStatus::kVerified && disposed < 2) {
      Act(p, workflow, c, Action::kDispose, OfficerOf("", p.id, Role::kVerifier), other);
      ++disposed;
    } else if (c.status == CaseStatus::kReceived && paused < 2) {
      Act(p, workflow, c, Action::kRequestInfo, OfficerOf("", p.id, Role::kVerifier));
      ++paused;
    }
  }
  EXPECT_EQ(forwarded + resolved + disposed + paused, 10);
  now += std::chrono::hours(1);
  ASSERT_TRUE((*watch)->Tick(now).has_value());
  ExpectOpenWorkOf(**watch, "after the changes, read live");

  auto rebuilt = AlertWatch::Create(store(), p, demo.calendar, options);
  ASSERT_TRUE(rebuilt.has_value()) << rebuilt.error().message;
  ASSERT_TRUE((*rebuilt)->Tick(now).has_value());
  ExpectOpenWorkOf(**rebuilt, "rebuilt after the changes");
}

// A rebuild counts each transfer for the agency it named (its payload), not
// the one in its row: rows that migration 0018 made from older events carry
// the case's agency as it was at the migration. With every transfer's row
// naming another agency, the rebuilt watch still counts each agency's open
// cases as they are.
TEST_F(DemoOpenWork, ARebuildCountsATransferForTheAgencyItNamed) {
  const auto demo = DemoPemdaWithCalendar();
  ASSERT_TRUE(demo.book);
  auto db = store::sqlite::Connection::Open((store_->dir / "sigap.db").string(),
                                            store::sqlite::Connection::Mode::kWriter);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  ASSERT_TRUE((*db)->Exec(
      "CREATE TABLE transfer_agencies AS SELECT pemda_id, event_id, agency_code "
      "FROM case_signals WHERE kind IN ('disposed', 'forwarded');"
      "UPDATE case_signals SET agency_code = 'SATPOLPP' WHERE kind IN ('disposed', 'forwarded')"));
  // The suite's other tests read the rows as they were.
  struct Restore {
    store::sqlite::Connection& db;
    ~Restore() {
      EXPECT_TRUE(
          db.Exec("UPDATE case_signals SET agency_code = (SELECT t.agency_code "
                  "FROM transfer_agencies t WHERE t.pemda_id = case_signals.pemda_id "
                  "AND t.event_id = case_signals.event_id) "
                  "WHERE kind IN ('disposed', 'forwarded');"
                  "DROP TABLE transfer_agencies"));
    }
  } restore{**db};
  AlertWatchOptions options;
  options.save_every = std::chrono::seconds(0);  // no state read or saved: it rebuilds
  auto watch = AlertWatch::Create(store(), demo.pemda, demo.calendar, options);
  ASSERT_TRUE(watch.has_value()) << watch.error().message;
  auto replayed = (*watch)->Tick(clock_->Now());
  ASSERT_TRUE(replayed.has_value()) << replayed.error().message;
  EXPECT_GT(replayed->events, 1000);
  ExpectOpenWorkOf(**watch, "rebuilt from rows that name another agency");
}

// A restart restores the saved state and reads what came since, counting
// it a batch at a time (a tenth of rebuild_after_events) before it keeps
// it: under the cap, it feeds every event since, whatever the batches;
// over the cap, it rebuilds from the whole history instead. Either way
// each agency's open work is the cases' own.
TEST_F(DemoOpenWork, ARestartReadsWhatCameSinceItsStateOrRebuildsPastTheCap) {
  const auto demo = DemoPemdaWithCalendar();
  ASSERT_TRUE(demo.book);
  const domain::Pemda& p = demo.pemda;
  Timestamp now = clock_->Now();
  // A state that does not load: the first watch rebuilds and saves its own.
  ASSERT_TRUE(store().SaveSignalState(p.id, {"-", now}).has_value());
  {
    auto first = AlertWatch::Create(store(), p, demo.calendar, AlertWatchOptions{});
    ASSERT_TRUE(first.has_value()) << first.error().message;
    ASSERT_TRUE((*first)->Tick(now).has_value());
  }

  app::CaseWorkflow workflow(store(), *store_->intake, *demo.book, *clock_, domain::SlaPolicy{});
  using domain::Action;
  using domain::CaseStatus;
  using domain::Role;
  int resolved = 0, paused = 0;
  for (const auto& c : AllCases(store(), pemda())) {
    if (c.status == CaseStatus::kInProgress && resolved < 4) {
      Act(p, workflow, c, Action::kResolve, OfficerOf(c.agency_code, p.id, Role::kAgencyOfficer));
      ++resolved;
    } else if (c.status == CaseStatus::kReceived && paused < 3) {
      Act(p, workflow, c, Action::kRequestInfo, OfficerOf("", p.id, Role::kVerifier));
      ++paused;
    }
  }
  ASSERT_EQ(resolved + paused, 7);
  now += std::chrono::hours(1);

  // Both restore the first watch's state (Create reads it).
  AlertWatchOptions under;
  under.rebuild_after_events = 40;  // counted 4 at a time
  AlertWatchOptions over;
  over.rebuild_after_events = 3;
  auto restored = AlertWatch::Create(store(), p, demo.calendar, under);
  auto rebuilt = AlertWatch::Create(store(), p, demo.calendar, over);
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  ASSERT_TRUE(rebuilt.has_value()) << rebuilt.error().message;
  ASSERT_TRUE((*restored)->restored_at().has_value());
  ASSERT_TRUE((*rebuilt)->restored_at().has_value());

  auto read = (*restored)->Tick(now);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_TRUE((*restored)->restored_at().has_value());
  EXPECT_GE(read->events, 7);
  EXPECT_LE(read->events, 40);
  ExpectOpenWorkOf(**restored, "restored, what came since read in batches of 4");

  auto replayed = (*rebuilt)->Tick(now);
  ASSERT_TRUE(replayed.has_value()) << replayed.error().message;
  EXPECT_FALSE((*rebuilt)->restored_at().has_value());
  EXPECT_GT(replayed->events, 1000);
  ExpectOpenWorkOf(**rebuilt, "rebuilt past the cap");
}

// `sigap import cases` of last year's reports into a Pemda already running:
// its cases are history, replayed on their own days, not a surge of the
// day of the import (fed as they came, they were counted on the open day
// and raised false alerts, e-mailed to the agency's head).
TEST_F(DemoOpenWork, HistoryWrittenBehindTheDetectorsIsReplayedOnItsOwnDays) {
  const auto demo = DemoPemdaWithCalendar();
  ASSERT_TRUE(demo.book);
  const domain::Pemda& p = demo.pemda;
  Timestamp now = clock_->Now();
  auto watch = AlertWatch::Create(store(), p, demo.calendar, AlertWatchOptions{});
  ASSERT_TRUE(watch.has_value()) << watch.error().message;
  ASSERT_TRUE((*watch)->Tick(now).has_value());
  const auto current_alerts = [&] {
    store::AlertFilter filter;
    filter.since = "2026-11-29";  // seen yesterday or today
    filter.limit = 200;
    auto page = store().ListAlerts(p.id, filter);
    EXPECT_TRUE(page.has_value());
    return page ? page->alerts.size() : 0u;
  };
  const size_t before = current_alerts();

  // Forty drainage complaints from Bandarharjo, all of a day two months ago.
  for (int i = 0; i < 40; ++i) {
    store::NewCase c;
    c.pemda_id = p.id;
    c.submission.kind = domain::CaseKind::kComplaint;
    c.submission.service_code = "PU-DRAINASE";
    c.submission.title = "Saluran tersumbat " + std::to_string(i);
    c.submission.description = "Air meluap ke jalan setelah hujan deras.";
    c.agency_code = "DPU";
    c.salt = static_cast<uint32_t>(i + 1);
    c.created_at = now - std::chrono::days(60) + std::chrono::minutes(i);
    c.placement.kelurahan_code = "33.74.02.1001";
    c.placement.kecamatan_code = "33.74.02";
    std::promise<void> done;
    store().SubmitCase(c, [&](Result<store::SubmitReceipt> r) {
      EXPECT_TRUE(r.has_value());
      done.set_value();
    });
    done.get_future().wait();
  }
  now += std::chrono::hours(1);
  auto report = (*watch)->Tick(now);

  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_GT(report->events, 1000) << "rebuilt from the history";
  EXPECT_EQ(current_alerts(), before);
}

// A growing backlog's alert lists the cases behind it. From the history: the
// work that came to its agency during the run (filed to it, or disposed or
// forwarded to it), not arrivals still with the verifiers. While it is news
// (the test below): the agency's open work that waits longest, overdue first.
TEST_F(DemoOpenWork, ABacklogAlertListsTheWorkThatCameToItsAgency) {
  const auto demo = DemoPemdaWithCalendar();
  ASSERT_TRUE(demo.book);
  const domain::Pemda& p = demo.pemda;
  const Timestamp now = clock_->Now();
  std::map<domain::CaseId, domain::Case> cases;
  for (auto& c : AllCases(store(), pemda())) cases.emplace(c.id, std::move(c));

  {
    ASSERT_TRUE(store().SaveSignalState(p.id, {"-", now}).has_value());
    auto watch = AlertWatch::Create(store(), p, demo.calendar, AlertWatchOptions{});
    ASSERT_TRUE(watch.has_value()) << watch.error().message;
    ASSERT_TRUE((*watch)->Tick(now).has_value());
  }
  const auto from_history = BacklogAlerts(p.id);
  ASSERT_FALSE(from_history.empty()) << "the demo's history has backlog alerts";
  EXPECT_TRUE(std::any_of(from_history.begin(), from_history.end(), IsTheStagedBacklog))
      << "the history ends with DPU's work piling up (semarang.json's backlog)";
  for (const auto& a : from_history) {
    ASSERT_FALSE(a.evidence.case_ids.empty()) << a.id;
    size_t at_agency = 0;
    for (const auto id : a.evidence.case_ids) {
      ASSERT_TRUE(cases.count(id)) << id;
      const auto& c = cases.at(id);
      EXPECT_FALSE(c.agency_code.empty()) << c.tracking_code << " never reached an agency";
      if (c.agency_code == a.evidence.agency_code) ++at_agency;
    }
    EXPECT_GE(4 * at_agency, 3 * a.evidence.case_ids.size()) << a.id;
  }
}

TEST_F(DemoOpenWork, ABacklogAlertThatIsNewsListsItsAgencysLongestWaitingWork) {
  const auto demo = DemoPemdaWithCalendar();
  ASSERT_TRUE(demo.book);
  const domain::Pemda& p = demo.pemda;
  const Timestamp now = clock_->Now();
  // Every alert of the history taken as news: each agency's open work now,
  // longest waiting first, as its officers' queue by deadline lists it. (A
  // state that does not load: rebuilt, whatever the tests before left. Their
  // alerts stay: a replay merges an agency's drafts into its latest alert,
  // and leaves its earlier ones as they were; only the latest are checked.)
  ASSERT_TRUE(store().SaveSignalState(p.id, {"-", now}).has_value());
  AlertWatchOptions news;
  news.notify_within_days = 400;
  auto watch = AlertWatch::Create(store(), p, demo.calendar, news);
  ASSERT_TRUE(watch.has_value()) << watch.error().message;
  ASSERT_TRUE((*watch)->Tick(now).has_value());
  std::map<std::string, store::StoredAlert> as_news;  // the latest of each agency
  for (auto& a : BacklogAlerts(p.id)) {
    auto [it, fresh] = as_news.try_emplace(a.evidence.agency_code, a);
    if (!fresh && a.last_day > it->second.last_day) it->second = std::move(a);
  }
  ASSERT_FALSE(as_news.empty());
  ASSERT_TRUE(as_news.count("DPU"));
  EXPECT_TRUE(IsTheStagedBacklog(as_news.at("DPU")));
  for (const auto& [agency, a] : as_news) {
    store::CaseFilter queue;
    queue.agency_code = a.evidence.agency_code;
    queue.statuses = {domain::CaseStatus::kDisposed, domain::CaseStatus::kInProgress};
    queue.by_deadline = true;
    queue.now = now;
    queue.limit = 20;
    auto page = store().ListCases(p.id, queue);
    ASSERT_TRUE(page.has_value());
    ASSERT_FALSE(page->cases.empty()) << a.evidence.agency_code << " has open work";
    std::vector<domain::CaseId> expected;
    for (const auto& c : page->cases) expected.push_back(c.id);
    EXPECT_EQ(a.evidence.case_ids, expected) << a.id;
  }
}

// A year of the official survey (SKM): each agency that gives services
// surveys every quarter, from the quarter a year ago to today's, its
// respondents on office days within the survey's dates and not after
// today; units score differently. Over today's quarter Disdukcapil's
// waiting time and procedure score lower, and the watch of the official
// survey says its IKM fell (the demo's staged decline).
TEST_F(DemoData, UnitsSurveyEveryQuarterAndDisdukcapilsIkmFallsThisQuarter) {
  auto demo = DemoPemdaWithCalendar();
  ASSERT_TRUE(demo.book);
  app::SatisfactionBook book(store(), *clock_);
  ASSERT_TRUE(book.Load().has_value());
  auto surveys = book.Surveys(pemda());
  ASSERT_TRUE(surveys.has_value());
  EXPECT_EQ(static_cast<int>(surveys->size()), summary_->surveys);
  EXPECT_EQ(static_cast<int>(book.size(pemda())), summary_->survey_responses);
  std::map<std::string, int> quarters;  // by unit
  for (const auto& s : *surveys) ++quarters[s.unit_code];
  EXPECT_GE(quarters.size(), 10U);
  for (const auto& [unit, n] : quarters) EXPECT_EQ(n, 5) << unit;
  EXPECT_FALSE(quarters.count("KEC-3374010")) << "a kecamatan office without services";

  const auto today = app::SatisfactionBook::LocalDate(demo.pemda, clock_->Now());
  auto responses = store().ListSurveyResponses(pemda(), 0, 100000);
  ASSERT_TRUE(responses.has_value()) << responses.error().message;
  ASSERT_EQ(static_cast<int>(responses->size()), summary_->survey_responses);
  std::map<int64_t, const store::Survey*> by_id;
  for (const auto& s : *surveys) by_id[s.id] = &s;
  for (const auto& r : *responses) {
    const store::Survey& s = *by_id.at(r.survey_id);
    EXPECT_GE(r.answered_on, s.starts_on) << r.id;
    EXPECT_LE(r.answered_on, s.ends_on) << r.id;
    EXPECT_LE(r.answered_on, today) << r.id;
    const std::chrono::weekday weekday{std::chrono::sys_days{r.answered_on}};
    EXPECT_TRUE(weekday != std::chrono::Saturday && weekday != std::chrono::Sunday) << r.id;
    EXPECT_EQ(r.answers.size(), 9U);
    EXPECT_LE(r.created_at, clock_->Now());
  }

  // A year's IKM by unit: between grades D and A, and not all alike.
  app::IkmQuery year;
  year.by = "unit";
  year.from = std::chrono::year_month_day{std::chrono::sys_days{today} - std::chrono::days(365)};
  year.to = today;
  auto ikm = book.Query(pemda(), year);
  ASSERT_TRUE(ikm.has_value()) << ikm.error().message;
  double lowest = 100, highest = 0;
  for (const auto& [unit, score] : ikm->groups) {
    ASSERT_TRUE(score.ikm.has_value()) << unit;
    lowest = std::min(lowest, *score.ikm);
    highest = std::max(highest, *score.ikm);
  }
  EXPECT_GT(lowest, 60);
  EXPECT_LT(highest, 92);
  EXPECT_GT(highest - lowest, 8);

  // The watch of the official survey names Disdukcapil's fall.
  ASSERT_TRUE(store().SaveSignalState(demo.pemda.id, {"-", clock_->Now()}).has_value());
  AlertWatchOptions options;
  options.satisfaction = &book;
  auto watch = AlertWatch::Create(store(), demo.pemda, demo.calendar, options);
  ASSERT_TRUE(watch.has_value()) << watch.error().message;
  ASSERT_TRUE((*watch)->Tick(clock_->Now()).has_value());
  store::AlertFilter filter;
  filter.detector = "falling_rating";
  filter.limit = 200;
  auto page = store().ListAlerts(pemda(), filter);
  ASSERT_TRUE(page.has_value());
  std::vector<std::string> fell;
  for (const auto& a : page->alerts) {
    if (a.evidence.sentence.rfind("IKM ", 0) == 0) fell.push_back(a.evidence.agency_code);
  }
  EXPECT_EQ(fell, std::vector<std::string>{"DISDUKCAPIL"});
}

// Loaded on the Sunday after a quarter began on a Saturday, the demo's
// surveys of today's quarter have nobody yet: their counters opened on no
// office day.
TEST(DemoSurveys, AQuarterBegunOnTheWeekendHasNoRespondentsYet) {
  const FixedClock sunday(*ParseRfc3339("2028-04-02T10:00:00+07:00"));
  TempStore store(sunday);
  DemoOptions options;
  options.data_dir = kDataDir;
  options.cases = 0;
  options.survey_quarters = 2;
  auto loaded = LoadDemo(*store.store, *store.intake, sunday, options);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  auto responses = store.store->ListSurveyResponses(loaded->pemda_id, 0, 100000);
  ASSERT_TRUE(responses.has_value());
  ASSERT_EQ(static_cast<int>(responses->size()), loaded->survey_responses);
  EXPECT_GT(loaded->survey_responses, 0);  // the quarter before
  const std::chrono::year_month_day april{std::chrono::year{2028}, std::chrono::April,
                                          std::chrono::day{1}};
  for (const auto& r : *responses) {
    EXPECT_LT(r.answered_on, april) << r.id;
    const std::chrono::weekday weekday{std::chrono::sys_days{r.answered_on}};
    EXPECT_TRUE(weekday != std::chrono::Saturday && weekday != std::chrono::Sunday) << r.id;
  }
}

// The history ends with a flood in three bordering kelurahan of Kecamatan
// Genuk (the demo's `surge`), so the alerts have a live change to show on
// the day the demo is loaded: the detectors name its service and places.
TEST_F(DemoData, TheHistoryEndsWithAFloodThatTheAlertsNameAsALocalSurge) {
  const std::set<std::string> genuk = {"33.74.05.1009", "33.74.05.1006", "33.74.05.1004"};
  static constexpr const char* kFloodWords[] = {"banjir", "genangan", "terendam", "tergenang",
                                                "rob",    "meluap",   "surut"};
  const Timestamp now = clock_->Now();
  int flood_reports = 0;
  for (const auto& c : AllCases(store(), pemda())) {
    if (now - c.created_at > std::chrono::days(5) || c.submission.service_code != "PU-DRAINASE" ||
        !genuk.count(c.submission.location.region_code)) {
      continue;
    }
    ++flood_reports;
    const std::string text =
        NormalizeForMatching(c.submission.title + " " + c.submission.description);
    const bool flood_word = std::any_of(
        std::begin(kFloodWords), std::end(kFloodWords),
        [&](const char* w) { return text.find(std::string(" ") + w + " ") != std::string::npos; });
    EXPECT_TRUE(flood_word) << c.tracking_code << ": " << c.submission.title;
  }
  EXPECT_EQ(flood_reports, 20);

  const store::StoredAlert* flood = nullptr;
  const auto alerts = AlertsOfTheHistory(store(), now, "local_cluster");
  for (const auto& a : alerts) {
    if (a.evidence.category_code == "PU-DRAINASE" && a.last_day >= "2026-11-28") flood = &a;
  }
  ASSERT_NE(flood, nullptr) << "no local surge of PU-DRAINASE named in the last days";
  int named = 0;
  for (const auto& r : flood->evidence.regions) named += genuk.count(r.code) ? 1 : 0;
  EXPECT_GE(named, 2) << flood->evidence.sentence;
  EXPECT_LE(flood->evidence.regions.size(), 4u) << flood->evidence.sentence;
}

// The history also ends with the work of Dinas Pekerjaan Umum piling up (the
// demo's `backlog`): over its last six weeks more reports of its services
// come to it than before, and its officers resolve markedly fewer, so that
// its queue fills with overdue work and the growing-backlog alert names it
// on the day the demo is loaded, for its head (kadis.dpu) to see.
TEST_F(DemoData, TheHistoryEndsWithDpusWorkPilingUpThatTheAlertsNameAsAGrowingBacklog) {
  const Timestamp now = clock_->Now();
  // From the start of Monday 19 Oct 2026 (42 days before the clock's day),
  // and the six weeks before.
  const Timestamp from = *ParseRfc3339("2026-10-19T00:00:00+07:00");
  const Timestamp before = from - std::chrono::days(42);
  int came = 0, came_before = 0, resolved = 0, resolved_before = 0, open = 0, overdue = 0;
  for (const auto& c : AllCases(store(), pemda())) {
    auto events = store().ListCaseEvents(pemda(), c.id);
    ASSERT_TRUE(events.has_value());
    for (const auto& e : *events) {
      const bool to_dpu = (e.kind == "disposed" || e.kind == "forwarded") &&
                          nlohmann::json::parse(e.payload_json).value("agency_code", "") == "DPU";
      const bool by_dpu = e.kind == "resolved" && e.actor == "user:petugas.dpu";
      if (e.at >= from) {
        came += to_dpu;
        resolved += by_dpu;
      } else if (e.at >= before) {
        came_before += to_dpu;
        resolved_before += by_dpu;
      }
    }
    using domain::CaseStatus;
    if (c.agency_code == "DPU" &&
        (c.status == CaseStatus::kDisposed || c.status == CaseStatus::kInProgress)) {
      ++open;
      overdue += domain::DeadlineAt(c.handling, now) == domain::DeadlineState::kOverdue;
    }
  }
  // 29 came and 6 were resolved; 11 and 10 in the six weeks before.
  EXPECT_GE(came, 2 * came_before) << "more work came to DPU over the last six weeks";
  EXPECT_LT(3 * resolved, came) << "DPU resolved markedly fewer than came to it";
  EXPECT_LT(resolved, resolved_before) << "and fewer than in the six weeks before";
  EXPECT_GE(open, 25);
  EXPECT_GE(overdue, 15) << "DPU's queue holds overdue work";

  const auto alerts = AlertsOfTheHistory(store(), now, "growing_backlog", "DPU");
  const auto staged = std::find_if(alerts.begin(), alerts.end(), IsTheStagedBacklog);
  ASSERT_NE(staged, alerts.end()) << "no growing backlog of DPU named in the last days";
  EXPECT_GE(staged->since_day, "2026-10-19") << staged->evidence.sentence;
  EXPECT_NE(staged->evidence.sentence.find("Tunggakan Dinas Pekerjaan Umum bertambah sejak"),
            std::string::npos)
      << staged->evidence.sentence;
  EXPECT_NE(staged->evidence.sentence_en.find("The backlog of Dinas Pekerjaan Umum has grown"),
            std::string::npos)
      << staged->evidence.sentence_en;
  EXPECT_GE(staged->evidence.observed, 25) << "open cases";
}

// Two demos made on one day at different hours give the cases they share
// the same lives, up to the earlier hour: each case lives from a generator
// of its own and the history's window ends with the day, so a recent case
// cut at `now` no longer changes the lives of all the cases after it (with
// one generator, a demo of 02:00 and one of 20:00 differed throughout:
// 15 backlog alerts or none, an answered request for information or none).
// The only cases that differ are those the later demo files after the
// earlier hour (drawn again, earlier, in the other). Both end with DPU's
// staged backlog.
TEST(DemoOfOneDay, GivesTheSameCasesTheSameLivesAtAnyHour) {
  const FixedClock early(*ParseRfc3339("2026-11-30T02:00:00+07:00"));
  const FixedClock late(*ParseRfc3339("2026-11-30T20:00:00+07:00"));
  TempStore a(early), b(late);
  DemoOptions options;
  options.data_dir = kDataDir;
  auto loaded_a = LoadDemo(*a.store, *a.intake, early, options);
  auto loaded_b = LoadDemo(*b.store, *b.intake, late, options);
  ASSERT_TRUE(loaded_a.has_value()) << loaded_a.error().message;
  ASSERT_TRUE(loaded_b.has_value()) << loaded_b.error().message;

  using Key = std::pair<Timestamp, std::string>;  // created_at, title
  std::map<Key, domain::Case> later;
  for (auto& c : AllCases(*b.store, loaded_b->pemda_id)) {
    later.emplace(Key{c.created_at, c.submission.title}, std::move(c));
  }
  // An event as the two demos can compare it.
  using Step = std::tuple<std::string, Timestamp, std::string, std::string>;
  const auto steps_until = [](store::Store& s, domain::PemdaId pemda, domain::CaseId id,
                              Timestamp until, bool& more) {
    std::vector<Step> out;
    auto events = s.ListCaseEvents(pemda, id);
    EXPECT_TRUE(events.has_value());
    more = false;
    for (const auto& e : events.value_or(std::vector<domain::CaseEvent>{})) {
      if (e.at > until) {
        more = true;
        continue;
      }
      // The demo writes a case's `submitted` event with the agency the case
      // has at the end of its life (store::NewCase::agency_code is both),
      // which a disposition after the earlier hour changes.
      auto payload = nlohmann::json::parse(e.payload_json);
      if (e.kind == "submitted") payload.erase("agency_code");
      out.emplace_back(e.kind, e.at, e.actor, payload.dump());
    }
    return out;
  };
  int matched = 0, unmatched = 0, same_status = 0;
  for (const auto& c : AllCases(*a.store, loaded_a->pemda_id)) {
    const auto it = later.find(Key{c.created_at, c.submission.title});
    if (it == later.end()) {
      ++unmatched;
      continue;
    }
    ++matched;
    const domain::Case& d = it->second;
    bool more_a = false, more_b = false;
    const auto steps_a = steps_until(*a.store, loaded_a->pemda_id, c.id, early.Now(), more_a);
    const auto steps_b = steps_until(*b.store, loaded_b->pemda_id, d.id, early.Now(), more_b);
    EXPECT_FALSE(more_a) << c.tracking_code;
    EXPECT_EQ(steps_a, steps_b) << c.tracking_code << " / " << d.tracking_code;
    if (!more_b) {  // nothing happened to it between the two hours
      EXPECT_EQ(c.status, d.status) << c.tracking_code << " / " << d.tracking_code;
      EXPECT_EQ(c.agency_code, d.agency_code) << c.tracking_code << " / " << d.tracking_code;
      same_status += c.status == d.status && c.agency_code == d.agency_code;
    }
  }
  int filed_after_early = 0;
  for (const auto& [key, c] : later) filed_after_early += key.first >= early.Now();
  EXPECT_EQ(unmatched, filed_after_early);
  EXPECT_GE(matched, 990);
  EXPECT_GE(same_status, 950);

  // The staged backlog, whatever the hour.
  for (const auto* side : {&a, &b}) {
    const Timestamp now = (side == &a ? early : late).Now();
    const auto alerts = AlertsOfTheHistory(*side->store, now, "growing_backlog", "DPU");
    EXPECT_TRUE(std::any_of(alerts.begin(), alerts.end(), IsTheStagedBacklog))
        << FormatRfc3339(now);
  }
}

// A rebuild reads the history a batch at a time, in three stages on three
// threads (a batch read, the one before it scanned, the one before that
// taken by the detectors): whatever the size of its batches, the watch
// ends in the same state.
TEST_F(DemoData, ARebuildEndsInTheSameStateWhateverItsBatches) {
  const auto demo = DemoPemdaWithCalendar();
  ASSERT_TRUE(demo.book);
  const domain::Pemda& p = demo.pemda;
  const Timestamp now = clock_->Now();

  std::vector<std::string> states;
  std::vector<int64_t> events;
  for (const int batch : {10000, 37}) {
    // A state that does not load: the watch rebuilds, then saves its own.
    ASSERT_TRUE(store().SaveSignalState(p.id, {"-", now}).has_value());
    AlertWatchOptions options;
    options.replay_batch = batch;
    auto watch = AlertWatch::Create(store(), p, demo.calendar, options);
    ASSERT_TRUE(watch.has_value()) << watch.error().message;
    auto report = (*watch)->Tick(now);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    EXPECT_FALSE((*watch)->restored_at().has_value());
    events.push_back(report->events);
    auto saved = store().LoadSignalState(p.id);
    ASSERT_TRUE(saved.has_value() && saved->has_value());
    states.push_back((*saved)->data);
  }
  EXPECT_GT(events[0], 1000);
  EXPECT_EQ(events[1], events[0]);
  EXPECT_GT(states[0].size(), 1000U);
  // Compared without printing the bytes: where they first differ.
  ASSERT_EQ(states[1].size(), states[0].size());
  const auto differ = std::mismatch(states[0].begin(), states[0].end(), states[1].begin());
  EXPECT_TRUE(differ.first == states[0].end())
      << "the states differ from byte " << (differ.first - states[0].begin());
}

// `sigap demo` finds the alerts of its whole history on the day it is
// loaded; it closes those of changes long over (their last day more than 30
// days before today), by the agency's head when the demo has that account,
// else by the verifier, with a reason, so that the dashboard's new alerts
// are those of the last weeks: the flood and DPU's backlog among them. (Last
// of its suite: a replay after it opens new alerts for the closed ones.)
TEST_F(DemoOpenWork, TheAlertsOfChangesLongOverAreClosedByAnOfficerWithAReason) {
  const Timestamp now = clock_->Now();
  AlertsOfTheHistory(store(), now, "");
  const std::chrono::year_month_day today{std::chrono::year(2026), std::chrono::November,
                                          std::chrono::day(30)};
  auto closed = CloseDemoAlertsOfLongAgo(store(), pemda(), today, now);
  ASSERT_TRUE(closed.has_value()) << closed.error().message;

  store::AlertFilter filter;
  filter.limit = 200;
  auto page = store().ListAlerts(pemda(), filter);
  ASSERT_TRUE(page.has_value());
  int long_over = 0;
  bool staged = false;
  for (const auto& listed : page->alerts) {
    if (listed.last_day >= "2026-10-31") {
      EXPECT_EQ(listed.status, domain::AlertStatus::kNew) << listed.evidence.sentence;
      staged = staged || IsTheStagedBacklog(listed);
      continue;
    }
    ++long_over;
    auto a = store().FindAlert(pemda(), listed.id);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->status, domain::AlertStatus::kClosed) << a->evidence.sentence;
    ASSERT_FALSE(a->history.empty());
    const auto& step = a->history.back();
    EXPECT_EQ(step.to_status, "closed");
    EXPECT_EQ(step.actor, a->evidence.agency_code == "DPU" ? "user:kadis.dpu" : "user:verifikator")
        << a->evidence.sentence;
    EXPECT_FALSE(step.reason.empty());
    EXPECT_EQ(step.at, now);
  }
  EXPECT_TRUE(staged) << "DPU's backlog stays new";
  // DINKES's backlogs of January, April and July, DPU's of May, ...
  EXPECT_GE(long_over, 4);
  EXPECT_EQ(*closed, long_over);

  auto again = CloseDemoAlertsOfLongAgo(store(), pemda(), today, now);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(*again, 0);
}

TEST(DefaultDataDir, PrefersTheEnvironment) {
  ::setenv("SIGAP_DATA_DIR", "/srv/sigap-data", 1);

  const auto dir = DefaultDataDir("/usr/bin/sigap");
  ::unsetenv("SIGAP_DATA_DIR");

  EXPECT_EQ(dir, "/srv/sigap-data");
}

TEST(DefaultDataDir, FindsTheDataBesideABuildDirectory) {
  ::unsetenv("SIGAP_DATA_DIR");

  const auto dir = DefaultDataDir(SIGAP_SOURCE_DIR "/build/some-build/sigap");

  EXPECT_EQ(dir, std::filesystem::path(SIGAP_SOURCE_DIR "/data"));
  EXPECT_TRUE(std::filesystem::exists(dir / "demo/semarang.json"));
}

// An alert names a service by a noun phrase of its name; a name that says
// "kasus" already does not get a second one ("Kasus penanganan kasus DBD").
TEST(CategoryNoun, ReadsAsOnePhraseInAnAlertsSentence) {
  EXPECT_EQ(CategoryNoun("Pengaduan Saluran Drainase"), "pengaduan saluran drainase");
  EXPECT_EQ(CategoryNoun("Penerbitan KTP-el"), "kasus penerbitan KTP-el");
  EXPECT_EQ(CategoryNoun("Penanganan Kasus DBD dan Permohonan Fogging"),
            "laporan penanganan kasus DBD dan permohonan fogging");
}

}  // namespace
}  // namespace sigap::cli
