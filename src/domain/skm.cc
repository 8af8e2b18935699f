#include "domain/skm.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <numeric>
#include <utility>

#include "domain/text.h"

namespace sigap::domain {
namespace {

// Lowercase ASCII letters and digits, every other run of bytes one space:
// "Sistem, Mekanisme, dan Prosedur" -> "sistem mekanisme dan prosedur".
std::string NormalizeName(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return out;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int64_t Cents(double value) { return std::llround(value * 100); }

}  // namespace

SkmDefinition::SkmDefinition(SkmScheme scheme, std::vector<SkmElement> elements,
                             std::vector<SkmGrade> grades)
    : scheme_(scheme),
      elements_(std::move(elements)),
      weights_(elements_.size(), 1.0 / static_cast<double>(elements_.size())),
      grades_(std::move(grades)) {}

SkmDefinition SkmDefinition::Permenpan2017() {
  // PermenPAN-RB 14/2017, Lampiran: the 9 elements and the answer labels of
  // its sample questionnaire; U8/U9 keyed by name (sources differ on their
  // order).
  std::vector<SkmElement> elements = {
      {"U1",
       "Persyaratan",
       "Requirements",
       {"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"},
       {"Not suitable", "Less suitable", "Suitable", "Very suitable"}},
      {"U2",
       "Sistem, Mekanisme, dan Prosedur",
       "Systems, mechanisms and procedures",
       {"Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"},
       {"Not easy", "Less easy", "Easy", "Very easy"}},
      {"U3",
       "Waktu Penyelesaian",
       "Completion time",
       {"Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"},
       {"Not fast", "Less fast", "Fast", "Very fast"}},
      {"U4",
       "Biaya/Tarif",
       "Cost/tariff",
       {"Sangat mahal", "Cukup mahal", "Murah", "Gratis"},
       {"Very expensive", "Fairly expensive", "Cheap", "Free"}},
      {"U5",
       "Produk Spesifikasi Jenis Pelayanan",
       "Product specification of the service",
       {"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"},
       {"Not suitable", "Less suitable", "Suitable", "Very suitable"}},
      {"U6",
       "Kompetensi Pelaksana",
       "Competence of the staff",
       {"Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"},
       {"Not competent", "Less competent", "Competent", "Very competent"}},
      {"U7",
       "Perilaku Pelaksana",
       "Conduct of the staff",
       {"Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
        "Sangat sopan dan ramah"},
       {"Not polite and friendly", "Less polite and friendly", "Polite and friendly",
        "Very polite and friendly"}},
      {"U8",
       "Sarana dan Prasarana",
       "Facilities and infrastructure",
       {"Buruk", "Cukup", "Baik", "Sangat baik"},
       {"Poor", "Fair", "Good", "Very good"}},
      {"U9",
       "Penanganan Pengaduan, Saran dan Masukan",
       "Handling of complaints, suggestions and feedback",
       {"Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
        "Dikelola dengan baik"},
       {"None", "Exists but does not work", "Works, but not fully", "Well managed"}},
  };
  // The converted interval table (NIK = NI × 25) of PermenPAN-RB 14/2017.
  std::vector<SkmGrade> grades = {
      {25.00, 'D', "Tidak Baik", "Poor"},
      {65.00, 'C', "Kurang Baik", "Fair"},
      {76.61, 'B', "Baik", "Good"},
      {88.31, 'A', "Sangat Baik", "Very good"},
  };
  return SkmDefinition(SkmScheme::k2017, std::move(elements), std::move(grades));
}

SkmDefinition SkmDefinition::Kepmenpan2004() {
  // KEP/25/M.PAN/2/2004 (revoked; for historical data): 14 elements.
  auto e = [](const char* code, const char* name, const char* name_en, const char* a1,
              const char* a2, const char* a3, const char* a4) {
    return SkmElement{code, name, name_en, {a1, a2, a3, a4}};
  };
  std::vector<SkmElement> elements = {
      e("U1", "Prosedur Pelayanan", "Service procedure", "Tidak mudah", "Kurang mudah", "Mudah",
        "Sangat mudah"),
      e("U2", "Persyaratan Pelayanan", "Service requirements", "Tidak sesuai", "Kurang sesuai",
        "Sesuai", "Sangat sesuai"),
      e("U3", "Kejelasan Petugas Pelayanan", "Clarity of the officer", "Tidak jelas",
        "Kurang jelas", "Jelas", "Sangat jelas"),
      e("U4", "Kedisiplinan Petugas Pelayanan", "Discipline of the officer", "Tidak disiplin",
        "Kurang disiplin", "Disiplin", "Sangat disiplin"),
      e("U5", "Tanggung Jawab Petugas Pelayanan", "Responsibility of the officer",
        "Tidak bertanggung jawab", "Kurang bertanggung jawab", "Bertanggung jawab",
        "Sangat bertanggung jawab"),
      e("U6", "Kemampuan Petugas Pelayanan", "Ability of the officer", "Tidak mampu",
        "Kurang mampu", "Mampu", "Sangat mampu"),
      e("U7", "Kecepatan Pelayanan", "Speed of service", "Tidak cepat", "Kurang cepat", "Cepat",
        "Sangat cepat"),
      e("U8", "Keadilan Mendapatkan Pelayanan", "Fairness of service", "Tidak adil", "Kurang adil",
        "Adil", "Sangat adil"),
      e("U9", "Kesopanan dan Keramahan Petugas", "Courtesy of the officer", "Tidak sopan dan ramah",
        "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
      e("U10", "Kewajaran Biaya Pelayanan", "Reasonableness of the cost", "Tidak wajar",
        "Kurang wajar", "Wajar", "Sangat wajar"),
      e("U11", "Kepastian Biaya Pelayanan", "Certainty of the cost", "Selalu tidak sesuai",
        "Kadang-kadang sesuai", "Banyak sesuainya", "Selalu sesuai"),
      e("U12", "Kepastian Jadwal Pelayanan", "Certainty of the schedule", "Selalu tidak tepat",
        "Kadang-kadang tepat", "Banyak tepatnya", "Selalu tepat"),
      e("U13", "Kenyamanan Lingkungan", "Comfort of the premises", "Tidak nyaman", "Kurang nyaman",
        "Nyaman", "Sangat nyaman"),
      e("U14", "Keamanan Pelayanan", "Safety of the service", "Tidak aman", "Kurang aman", "Aman",
        "Sangat aman"),
  };
  // Its own converted interval table (NIK = NI × 25).
  std::vector<SkmGrade> grades = {
      {25.00, 'D', "Tidak Baik", "Poor"},
      {43.76, 'C', "Kurang Baik", "Fair"},
      {62.51, 'B', "Baik", "Good"},
      {81.26, 'A', "Sangat Baik", "Very good"},
  };
  return SkmDefinition(SkmScheme::k2004, std::move(elements), std::move(grades));
}

SkmDefinition SkmDefinition::ForScheme(SkmScheme scheme) {
  return scheme == SkmScheme::k2004 ? Kepmenpan2004() : Permenpan2017();
}

Result<SkmDefinition> SkmDefinition::WithWeights(std::vector<double> weights,
                                                 std::vector<SkmElement> extra,
                                                 Weighting weighting) const {
  SkmDefinition out = *this;
  for (SkmElement& element : extra) out.elements_.push_back(std::move(element));
  if (weights.size() != out.elements_.size()) {
    return Fail(ErrorCode::kInvalidArgument,
                std::to_string(weights.size()) + " weights for " +
                    std::to_string(out.elements_.size()) + " elements",
                {{"weights", "count", "one weight per element"}});
  }
  for (const double w : weights) {
    if (!(w > 0) || !std::isfinite(w)) {
      return Fail(ErrorCode::kInvalidArgument, "weights must be positive",
                  {{"weights", "out_of_range", "weights must be positive"}});
    }
  }
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  const bool above = weighting == Weighting::kAsGiven && sum > 1.0 + 1e-9;
  if (std::abs(sum - 1.0) > kWeightTolerance || above) {
    return Fail(ErrorCode::kInvalidArgument, "weights sum to " + std::to_string(sum) + ", not 1",
                {{"weights", "sum", "weights must sum to 1"}});
  }
  out.equal_weights_ = false;
  if (weighting == Weighting::kNormalised) {
    const bool equal = std::all_of(weights.begin(), weights.end(),
                                   [&](double w) { return std::abs(w - weights[0]) < 1e-12; });
    for (double& w : weights) w = equal ? 1.0 / static_cast<double>(weights.size()) : w / sum;
    out.equal_weights_ = equal;
  }
  out.weights_ = std::move(weights);
  return out;
}

int SkmDefinition::FindElement(std::string_view text) const {
  const std::string name = NormalizeName(text);
  for (size_t i = 0; i < elements_.size(); ++i) {
    if (EqualsIgnoringCase(text, elements_[i].code) || name == NormalizeName(elements_[i].name)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int SkmDefinition::FindAnswer(size_t element, std::string_view text) const {
  const std::string wanted = NormalizeName(text);
  const SkmElement& e = elements_[element];
  for (size_t i = 0; i < e.answers.size(); ++i) {
    if (wanted == NormalizeName(e.answers[i]) ||
        (!e.answers_en[i].empty() && wanted == NormalizeName(e.answers_en[i]))) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

const SkmGrade& SkmDefinition::Grade(double ikm) const {
  // PermenPAN-RB 14/2017: the table's bands are on 2 decimals, so round
  // first and compare with the lower bounds (76.605 → 76.61 → B).
  const int64_t cents = Cents(RoundIkm(ikm));
  for (auto it = grades_.rbegin(); it != grades_.rend(); ++it) {
    if (cents >= Cents(it->lower_bound)) return *it;
  }
  return grades_.front();
}

std::string_view SkmDefinition::regulation() const {
  return scheme_ == SkmScheme::k2004 ? "KEP/25/M.PAN/2/2004" : "PermenPAN-RB 14/2017";
}

double RoundIkm(double value) {
  // An IKM is a ratio of small integers; one that is exactly on a half
  // cent may be a hair below it in binary, hence the 1e-7.
  return std::floor(value * 100 + 0.5 + 1e-7) / 100;
}

namespace {

std::string Folded(std::string_view value) {
  std::string out;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '-' || c == '_' || c == '.' || std::isspace(u)) continue;
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

}  // namespace

std::string DemographicGroup(std::string_view column, std::string_view value) {
  const std::string trimmed = Trim(value);
  const std::string key = Folded(trimmed);
  using Groups = std::vector<std::pair<const char*, std::vector<const char*>>>;
  const auto pick = [&](const Groups& groups) {
    for (const auto& [group, spellings] : groups) {
      for (const char* s : spellings) {
        if (key == s) return std::string(group);
      }
    }
    return trimmed;
  };
  if (column == "jenis_kelamin") {
    static const Groups kSex = {{"Laki-laki", {"l", "lakilaki", "laki", "pria", "male", "m"}},
                                {"Perempuan", {"p", "perempuan", "wanita", "female", "f"}}};
    return pick(kSex);
  }
  if (column == "usia") {
    // "34", "34 tahun", "34 th": its band; a band as written stays.
    size_t digits = 0;
    while (digits < key.size() && std::isdigit(static_cast<unsigned char>(key[digits]))) ++digits;
    const std::string_view rest = std::string_view(key).substr(digits);
    if (digits == 0 || digits > 3 ||
        !(rest.empty() || rest == "tahun" || rest == "th" || rest == "thn" || rest == "years")) {
      return trimmed;
    }
    const int age = std::stoi(key.substr(0, digits));
    if (age < 20) return "<20";
    if (age >= 50) return "50+";
    const int band = age / 10 * 10;
    return std::to_string(band) + "-" + std::to_string(band + 9);
  }
  if (column == "pendidikan") {
    static const Groups kSchool = {
        {"SD", {"sd", "sdsederajat", "mi"}},
        {"SMP", {"smp", "sltp", "mts", "smpsederajat"}},
        {"SMA", {"sma", "slta", "smk", "ma", "smasederajat", "smk/sma"}},
        {"D1-D4", {"d1", "d2", "d3", "d4", "diploma", "d1d4", "d1d3d4", "d1/d2/d3", "d1d3"}},
        {"S1", {"s1", "sarjana"}},
        {"S2+", {"s2", "s3", "s2+", "s2keatas", "pascasarjana", "magister", "doktor"}}};
    return pick(kSchool);
  }
  if (column == "pekerjaan") {
    static const Groups kWork = {
        {"PNS", {"pns", "asn", "pns/asn"}},
        {"TNI/POLRI", {"tni/polri", "tni", "polri", "tnipolri"}},
        {"Swasta", {"swasta", "pegawaiswasta", "karyawanswasta", "karyawan"}},
        {"Wirausaha", {"wirausaha", "wiraswasta", "pengusaha"}},
        {"Pelajar", {"pelajar", "mahasiswa", "pelajar/mahasiswa"}},
        {"Lainnya", {"lainnya", "lainlain", "lain"}}};
    return pick(kWork);
  }
  return trimmed;
}

int64_t KrejcieMorganSample(int64_t population) {
  assert(population >= 1);
  constexpr double kChi2 = 3.841, kP = 0.5, kD = 0.05;
  const double n = static_cast<double>(population);
  const double s = kChi2 * n * kP * (1 - kP) / (kD * kD * (n - 1) + kChi2 * kP * (1 - kP));
  return std::llround(s);
}

}  // namespace sigap::domain
