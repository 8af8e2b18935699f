#include "cli/demo_cases.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "cli/demo_service_matcher.h"
#include "domain/text.h"

namespace sigap::cli {
namespace {

const std::filesystem::path kDataDir = SIGAP_SOURCE_DIR "/data";

TEST(TruncateOnWord, KeepsShortTextTrimmed) {
  EXPECT_EQ(TruncateOnWord("  Jalan rusak \n", 200), "Jalan rusak");
}

TEST(TruncateOnWord, CutsAtTheLastSpaceAndAddsAnEllipsis) {
  const std::string cut = TruncateOnWord("jalan berlubang di depan pasar", 20);

  EXPECT_EQ(cut, "jalan berlubang di\u2026");
  EXPECT_LE(domain::CodePointCount(cut), 20u);
}

TEST(TruncateOnWord, CountsCodePointsNotBytes) {
  const std::string text = "aé aé aé aé";  // 11 code points, 15 bytes

  EXPECT_EQ(TruncateOnWord(text, 11), text);
  EXPECT_EQ(TruncateOnWord(text, 10), "aé aé aé\u2026");
}

TEST(TruncateOnWord, CutsALongWordOnACodePointBoundary) {
  const std::string cut = TruncateOnWord("éééééééééé", 5);

  EXPECT_EQ(cut, "éééé\u2026");
  EXPECT_TRUE(domain::IsValidUtf8(cut));
}

TEST(NormalizeForMatching, LowerCasesAndSeparatesWords) {
  EXPECT_EQ(NormalizeForMatching("Jl.Tanjung  RT.04/RW.03"), " jl tanjung rt 04 rw 03 ");
  EXPECT_EQ(NormalizeForMatching(""), " ");
}

TEST(PhraseSet, FindsWholeWordPhrasesAtTheirFirstPosition) {
  PhraseSet set;
  const size_t air_pdam = set.Add("air PDAM");
  const size_t keruh = set.Add("pdam keruh");
  const size_t tanjung = set.Add("Tanjung");
  const size_t part = set.Add("tanjun");
  const size_t absent = set.Add("air mati total");

  const auto found = set.Scan("Air PDAM mati; air PDAM keruh. Jl.Tanjung");

  EXPECT_EQ(found[air_pdam], 0u);
  EXPECT_EQ(found[keruh], 4u);
  EXPECT_EQ(found[tanjung], 7u);
  EXPECT_EQ(found[part], PhraseSet::npos);
  EXPECT_EQ(found[absent], PhraseSet::npos);
}

TEST(PhraseSet, TrailingStarMatchesWordPrefixes) {
  PhraseSet set;
  const size_t aspal = set.Add("aspal*");
  const size_t muacet = set.Add("muacet*");
  const size_t pola = set.Add("pola*");
  const size_t two = set.Add("jalan rus*");

  const auto found = set.Scan("aspalnya berlubang, muacettt pol, jalan rusaaak");

  EXPECT_EQ(found[aspal], 0u);
  EXPECT_EQ(found[muacet], 2u);
  EXPECT_EQ(found[pola], PhraseSet::npos);
  EXPECT_EQ(found[two], 4u);
}

TEST(PhraseSet, RepeatedPhrasesEachGetFound) {
  PhraseSet set;
  const size_t a = set.Add("banjir");
  const size_t b = set.Add("BANJIR");

  const auto found = set.Scan("Kaligawe banjir");

  EXPECT_EQ(found[a], 1u);
  EXPECT_EQ(found[b], 1u);
}

class DemoPlanning : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalogue = LoadDemoCatalogue(kDataDir);
    ASSERT_TRUE(catalogue.has_value()) << catalogue.error().message;
    auto matcher = ServiceMatcher::Load(catalogue->settings.keywords_file, catalogue->services);
    ASSERT_TRUE(matcher.has_value()) << matcher.error().message;
    catalogue_ = std::make_unique<DemoCatalogue>(std::move(*catalogue));
    matcher_ = std::make_unique<ServiceMatcher>(std::move(*matcher));
  }

  std::string Classify(const std::string& agency, const std::string& subject,
                       const std::string& text) {
    return matcher_->Classify(agency, subject, text).service_code;
  }

  std::unique_ptr<DemoCatalogue> catalogue_;
  std::unique_ptr<ServiceMatcher> matcher_;
};

TEST_F(DemoPlanning, FilesRealReportsUnderPlausibleServices) {
  // Real SP4N-LAPOR! reports from data/demo/complaints.csv.
  EXPECT_EQ(Classify("Dinas Pekerjaan Umum Kota Semarang", "Jalan depan Untag rusak parah",
                     "LAPOR HENDI jalan di depan Universitas Tujuh Belas Agustus Rusak Parah"),
            "PU-JALAN");
  EXPECT_EQ(Classify("PDAM Tirto Moedal Kota Semarang", "Air PDAM kualitas airnya keruh",
                     "air PDAM di perum Tulus Harapan Sendangmulyo Smg sudah lama keruh"),
            "PDAM-GANGGUAN");
  EXPECT_EQ(Classify("Dinas Perumahan dan Kawasan Permukiman Kota Semarang",
                     "Lampu PJU sepanjang Jln Panjaitan mati",
                     "lampu PJU sepanjang jln Panjaitan (dpn SMP 3) mati semua."),
            "PERKIM-PJU");
  EXPECT_EQ(Classify("Kantor Satuan Polisi Pamong Praja Kota Semarang",
                     "PKL pintu masuk Tlogosari mohon di tertibkan",
                     "#LaporHendi pkl pintu masuk Tlogosari mohon di tertibkan Pak."),
            "SATPOL-PKL");
}

TEST_F(DemoPlanning, LeavesUnrelatedReportsWithoutService) {
  EXPECT_EQ(Classify("Direktorat Jenderal Imigrasi", "Paspor belum jadi",
                     "Saya mengajukan paspor sejak sebulan lalu namun belum selesai."),
            "");
}

TEST_F(DemoPlanning, SameSeedGivesTheSamePlan) {
  auto reports = ReadDemoReports(catalogue_->settings.complaints_file);
  ASSERT_TRUE(reports.has_value());
  const Timestamp now = *ParseRfc3339("2026-06-01T00:00:00Z");
  std::mt19937_64 rng_a(7), rng_b(7);

  auto a = PlanDemoCases(*catalogue_, *matcher_, *reports, now, 200, 3, rng_a);
  auto b = PlanDemoCases(*catalogue_, *matcher_, *reports, now, 200, 3, rng_b);

  ASSERT_TRUE(a.has_value() && b.has_value());
  ASSERT_EQ(a->size(), 200u);
  ASSERT_EQ(b->size(), 200u);
  for (size_t i = 0; i < a->size(); ++i) {
    const auto& x = (*a)[i];
    const auto& y = (*b)[i];
    EXPECT_EQ(x.report_id, y.report_id);
    EXPECT_EQ(x.created_at, y.created_at);
    EXPECT_EQ(x.submission.service_code, y.submission.service_code);
    EXPECT_EQ(x.submission.location.region_code, y.submission.location.region_code);
    EXPECT_EQ(x.submission.reporter.name, y.submission.reporter.name);
    EXPECT_GE(x.created_at, now - std::chrono::days(31 * 3));
    EXPECT_LT(x.created_at, now);
    if (i > 0) {
      EXPECT_LE((*a)[i - 1].created_at, x.created_at);
    }
  }
}

// The demo's surge (semarang.json): the history's last days carry a flood
// in three bordering kelurahan, at most a tenth of the cases.
TEST_F(DemoPlanning, EndsWithTheSurgeInItsKelurahanOverItsLastDays) {
  ASSERT_TRUE(catalogue_->settings.surge.has_value());
  const DemoSurge& surge = *catalogue_->settings.surge;
  auto reports = ReadDemoReports(catalogue_->settings.complaints_file);
  ASSERT_TRUE(reports.has_value());
  // 06:30 in Semarang: today's part of the surge is its first hours.
  const Timestamp now = *ParseRfc3339("2026-12-10T06:30:00+07:00");
  const Timestamp first_day = *ParseRfc3339("2026-12-06T00:00:00+07:00");

  for (const int count : {1000, 60}) {
    std::mt19937_64 rng(3);
    auto plan = PlanDemoCases(*catalogue_, *matcher_, *reports, now, count, 18, rng);
    ASSERT_TRUE(plan.has_value()) << plan.error().message;
    ASSERT_EQ(plan->size(), static_cast<size_t>(count));
    int in_surge = 0;
    std::set<std::string> places;
    for (const auto& p : *plan) {
      const auto& s = p.submission;
      const bool there = std::find(surge.kelurahan.begin(), surge.kelurahan.end(),
                                   s.location.region_code) != surge.kelurahan.end();
      if (s.service_code != surge.service_code || !there || p.created_at < first_day) continue;
      ++in_surge;
      places.insert(s.location.region_code);
      EXPECT_LT(p.created_at, now);
      EXPECT_TRUE(s.location.point.has_value()) << p.report_id;
    }
    // Ordinary drainage reports of these days may fall there too, rarely.
    EXPECT_GE(in_surge, std::min(surge.cases, count / 10)) << count;
    EXPECT_LE(in_surge, std::min(surge.cases, count / 10) + 1) << count;
    if (count == 1000) {
      EXPECT_EQ(places.size(), 3u) << "20 reports over the three kelurahan";
    }
  }
}

// A surge that names what the Pemda does not have, or a blank word, is
// refused with the file's name; the demo loads nothing.
TEST(DemoCatalogue, RefusesASurgeOfAnUnknownServiceOrPlaceOrABlankWord) {
  std::ifstream in(kDataDir / "demo" / "semarang.json");
  const nlohmann::json good = nlohmann::json::parse(in);
  std::string pattern = (std::filesystem::temp_directory_path() / "sigap-surge-XXXXXX").string();
  const std::filesystem::path dir = mkdtemp(pattern.data());
  const auto load = [&](const char* field, const nlohmann::json& value) {
    nlohmann::json doc = good;
    doc["demo"]["surge"][field] = value;
    const auto file = dir / "semarang.json";
    std::ofstream(file) << doc.dump();
    return LoadDemoCatalogue(kDataDir, file);  // an absolute file; the rest beside kDataDir
  };

  ASSERT_TRUE(load("days", 5).has_value());
  const auto service = load("service", "PU-TIDAK-ADA");
  const auto place = load("kelurahan", nlohmann::json::array({"33.74.05"}));  // a kecamatan
  const auto word = load("words", nlohmann::json::array({"banjir", " "}));
  const auto days = load("days", 0);
  std::filesystem::remove_all(dir);

  for (const auto* r : {&service, &place, &word, &days}) {
    ASSERT_FALSE(r->has_value());
    EXPECT_EQ(r->error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r->error().message.find("semarang.json"), std::string::npos) << r->error().message;
    EXPECT_NE(r->error().message.find("surge"), std::string::npos) << r->error().message;
  }
  EXPECT_NE(service.error().message.find("PU-TIDAK-ADA"), std::string::npos);
  EXPECT_NE(place.error().message.find("33.74.05 is not a kelurahan"), std::string::npos);
}

TEST_F(DemoPlanning, PlansMoreCasesThanReportsByReusingThem) {
  const std::vector<DemoReport> reports = {
      {"1", "PDAM Tirto Moedal Kota Semarang", "Air mati", "Air PDAM mati tiga hari."},
      {"2", "Dinas Pekerjaan Umum Kota Semarang", "Jalan rusak", "Jalan berlubang dalam."}};
  std::mt19937_64 rng(1);

  auto plan = PlanDemoCases(*catalogue_, *matcher_, reports, *ParseRfc3339("2026-06-01T00:00:00Z"),
                            5, 1, rng);

  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  ASSERT_EQ(plan->size(), 5u);
  for (const auto& p : *plan) {
    EXPECT_TRUE(p.submission.service_code == "PDAM-GANGGUAN" ||
                p.submission.service_code == "PU-JALAN")
        << p.submission.service_code;
  }
}

TEST_F(DemoPlanning, FindsKindCues) {
  const auto kinds = matcher_->Read("", "Mau tanya syarat", "bagaimana cara membuat akta?").cues;

  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds[0], domain::CaseKind::kInformation);
}

}  // namespace
}  // namespace sigap::cli
