#include "cli/demo_surveys.h"

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "app/satisfaction_book.h"
#include "cli/demo_ratings.h"
#include "cli/demo_sampling.h"
#include "domain/time.h"

namespace sigap::cli {
namespace {

using std::chrono::year_month_day;

constexpr int kFewestPerQuarter = 60;      // respondents of a whole quarter...
constexpr int kMostPerQuarter = 140;       // ...drawn between these
constexpr double kNotAnswered = 0.01;      // of the answers
constexpr double kRespondentSpread = 0.3;  // one respondent's mood, in answer points
constexpr double kAnswerSpread = 0.55;     // one answer to the next
constexpr double kSuggestionShare = 0.12;
constexpr uint64_t kSeedOffset = 3;  // the cases use +1 (lives) and +2 (ratings)

// Each element's standing against the unit's quality, in the order of
// domain::SkmDefinition::Permenpan2017 (U1 persyaratan, U2 prosedur, U3
// waktu, U4 biaya/tarif, U5 produk, U6 kompetensi, U7 perilaku, U8 sarana
// dan prasarana, U9 penanganan pengaduan): cost scores best, time and
// complaint handling worst, as in the IKM that units publish.
constexpr std::array<double, 9> kElementOffset = {0.05, 0.0,  -0.25, 0.45, 0.05,
                                                  0.10, 0.15, -0.10, -0.20};

// The staged decline of today's quarter (see demo_surveys.h): procedure,
// waiting time and complaint handling, and the crowded waiting room.
constexpr std::string_view kDecliningUnit = "DISDUKCAPIL";
constexpr std::array<double, 9> kDecline = {0, -0.4, -1.0, 0, 0, 0, 0, -0.2, -0.4};

// Demographics as the survey form offers them (web/src/citizen/survey.tsx),
// with weights.
struct Choice {
  std::string_view value;
  double weight;
};
constexpr std::array<Choice, 2> kSex = {{{"L", 0.5}, {"P", 0.5}}};
constexpr std::array<Choice, 5> kAge = {
    {{"<20", 0.07}, {"20-29", 0.29}, {"30-39", 0.28}, {"40-49", 0.21}, {"50+", 0.15}}};
constexpr std::array<Choice, 6> kEducation = {
    {{"SD", 0.08}, {"SMP", 0.12}, {"SMA", 0.38}, {"D3", 0.12}, {"S1", 0.26}, {"S2+", 0.04}}};
constexpr std::array<Choice, 6> kOccupation = {{{"PNS", 0.10},
                                                {"TNI/POLRI", 0.02},
                                                {"Swasta", 0.31},
                                                {"Wirausaha", 0.27},
                                                {"Pelajar", 0.10},
                                                {"Lainnya", 0.20}}};
constexpr std::array<std::string_view, 8> kSuggestions = {
    "Antrean perlu dipercepat, terutama pagi hari.",
    "Persyaratan sebaiknya dipasang jelas di depan loket.",
    "Ruang tunggu perlu tambahan kursi dan kipas angin.",
    "Petugas sudah ramah, pertahankan.",
    "Mohon informasi lewat WhatsApp lebih cepat dibalas.",
    "Tempat parkir kurang luas.",
    "Layanan daring sering gangguan, mohon diperbaiki.",
    "Jam layanan sebaiknya diperpanjang sampai sore.",
};

template <size_t N>
std::string Pick(const std::array<Choice, N>& choices, std::mt19937_64& rng) {
  double total = 0;
  for (const auto& c : choices) total += c.weight;
  double x = std::uniform_real_distribution<double>(0, total)(rng);
  for (const auto& c : choices) {
    if ((x -= c.weight) < 0) return std::string(c.value);
  }
  return std::string(choices.back().value);
}

}  // namespace

Result<DemoSkmSummary> LoadDemoSurveys(store::Store& store, domain::PemdaId pemda,
                                       const DemoCatalogue& catalogue,
                                       const domain::WorkingCalendar& calendar, const Clock& clock,
                                       int quarters, uint64_t seed) {
  domain::Pemda with_id = catalogue.pemda;
  with_id.id = pemda;
  const year_month_day today = app::SatisfactionBook::LocalDate(with_id, clock.Now());
  const int32_t today_number = ToDayNumber(today);
  // The services each unit gives.
  std::map<std::string, std::vector<std::string>> services_of;
  for (const auto& s : catalogue.services) services_of[s.agency_code].push_back(s.code);

  app::SatisfactionBook book(store, clock);
  DemoSkmSummary summary;
  uint64_t key = 0;
  for (const auto& agency : catalogue.agencies) {
    const auto services = services_of.find(agency.code);
    if (services == services_of.end()) continue;
    const double quality = DemoAgencyMeanStars(agency.code, seed);
    // Answer points (1..4) of an average element: 2.7 for the weakest unit,
    // 3.4 for the best (IKM about 68 to 85).
    const double level = 2.7 + (quality - 3.3) * 0.6;
    for (int back = quarters - 1; back >= 0; --back, ++key) {
      auto rng = CaseGenerator(seed + kSeedOffset, key);
      store::Survey survey;
      survey.pemda_id = pemda;
      survey.unit_code = agency.code;
      survey.period =
          QuarterText((today.year() / today.month() - std::chrono::months{3 * back}) / 1);
      survey.created_by = "demo";
      auto created = book.CreateSurvey(survey);
      if (!created) return Fail(created.error());
      ++summary.surveys;
      // Its counters' days so far: the working days of its dates up to today.
      const int32_t first = ToDayNumber(created->starts_on), end = ToDayNumber(created->ends_on);
      const int32_t last = std::min(end, today_number);
      std::vector<year_month_day> office_days;
      for (int32_t day = first; day <= last; ++day) {
        if (calendar.IsWorkingDay(FromDayNumber(day))) office_days.push_back(FromDayNumber(day));
      }
      if (office_days.empty()) continue;  // today's quarter, begun on a day off
      const double share_gone = static_cast<double>(last - first + 1) / (end - first + 1);
      const int whole = std::uniform_int_distribution<int>(kFewestPerQuarter, kMostPerQuarter)(rng);
      const int respondents = static_cast<int>(whole * share_gone + 0.5);
      const bool declining = back == 0 && agency.code == kDecliningUnit;

      std::vector<store::SurveyResponse> responses;
      responses.reserve(respondents);
      std::normal_distribution<double> mood(0, kRespondentSpread), spread(0, kAnswerSpread);
      std::uniform_real_distribution<double> unit(0, 1);
      for (int i = 0; i < respondents; ++i) {
        store::SurveyResponse r;
        r.pemda_id = pemda;
        r.survey_id = created->id;
        const double respondent = level + mood(rng);
        for (size_t e = 0; e < kElementOffset.size(); ++e) {
          const double mean = respondent + kElementOffset[e] + (declining ? kDecline[e] : 0);
          const auto answer = static_cast<uint8_t>(
              std::clamp(static_cast<int>(std::lround(mean + spread(rng))), 1, 4));
          r.answers.push_back(unit(rng) < kNotAnswered ? 0 : answer);
        }
        if (std::all_of(r.answers.begin(), r.answers.end(), [](uint8_t a) { return a == 0; })) {
          r.answers[0] = 3;
        }
        r.answered_on =
            office_days[std::uniform_int_distribution<size_t>(0, office_days.size() - 1)(rng)];
        const auto& codes = services->second;
        r.service_code = codes[std::uniform_int_distribution<size_t>(0, codes.size() - 1)(rng)];
        r.jenis_kelamin = Pick(kSex, rng);
        r.usia = Pick(kAge, rng);
        r.pendidikan = Pick(kEducation, rng);
        r.pekerjaan = Pick(kOccupation, rng);
        if (unit(rng) < kSuggestionShare) {
          r.saran = std::string(
              kSuggestions[std::uniform_int_distribution<size_t>(0, kSuggestions.size() - 1)(rng)]);
        }
        r.channel = "web";
        // Answered during office hours of its day (WIB).
        r.created_at = std::min(
            clock.Now(),
            Timestamp{std::chrono::sys_days{r.answered_on} + std::chrono::hours(2) +
                      std::chrono::minutes(std::uniform_int_distribution<int>(0, 420)(rng))});
        responses.push_back(std::move(r));
      }
      if (responses.empty()) continue;
      summary.responses += static_cast<int>(responses.size());
      if (auto written = store.AddSurveyResponses(std::move(responses)); !written) {
        return Fail(written.error());
      }
    }
  }
  return summary;
}

}  // namespace sigap::cli
