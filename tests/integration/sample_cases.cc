#include "integration/sample_cases.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "support/http_client.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

struct Text {
  const char* title;
  const char* description;
};

// Written the way citizens write to a Pemda: informal, concrete, sometimes
// with abbreviations and regional words.
constexpr std::array<Text, 16> kTexts = {{
    {"Saluran tersumbat",
     "Saluran di depan SD tersumbat sampah sejak seminggu, air meluap ke jalan "
     "kalau hujan deras. Mohon segera dibersihkan."},
    {"Jalan berlubang di Jl. Majapahit",
     "Ada lubang besar di lajur kiri dekat lampu merah, sudah 2 motor jatuh minggu ini. "
     "Tolong ditambal sebelum ada korban lagi."},
    {"Lampu PJU mati",
     "Lampu penerangan jalan di gang 5 mati total sudah hampir sebulan, warga "
     "takut lewat malam2. Mohon diperbaiki pak."},
    {"Banjir rob masuk rumah",
     "Setiap sore air rob naik sampai mata kaki di RT 03 RW 07, pompa air di ujung jalan "
     "sepertinya tidak jalan. Mohon dicek."},
    {"Air PDAM keruh dan berbau",
     "Sudah tiga hari air PDAM di rumah kami keruh kecoklatan dan bau kaporit sangat menyengat. "
     "Anak2 jadi gatal setelah mandi."},
    {"Sampah menumpuk di TPS",
     "TPS dekat pasar belum diangkut 4 hari, baunya sampai ke rumah warga dan banyak lalat. "
     "Mohon jadwal pengangkutan diperbaiki."},
    {"Pohon tumbang menutup jalan",
     "Pohon angsana besar tumbang tadi pagi setelah angin kencang, menutup separuh jalan dan "
     "menimpa kabel listrik. Mohon segera ditangani."},
    {"Parkir liar di trotoar",
     "Trotoar di depan ruko dipakai parkir motor, pejalan kaki terpaksa jalan di badan jalan. "
     "Mohon ditertibkan Satpol PP / Dishub."},
    {"Pengurusan KTP-el lama",
     "Saya sudah rekam KTP-el 3 bulan lalu di kecamatan tapi sampai sekarang belum jadi, katanya "
     "blangko habis. Kapan bisa diambil?"},
    {"Permohonan fogging DBD",
     "Di RW kami sudah ada 3 warga kena demam berdarah bulan ini. Mohon bisa dilakukan fogging "
     "dan pemeriksaan jentik."},
    {"Pedagang kaki lima menutup jalan",
     "PKL berjualan sampai ke badan jalan setiap sore, bikin macet parah jam pulang kerja. "
     "Mohon ditata supaya lalu lintas lancar."},
    {"Bantuan sosial belum cair",
     "Ibu saya lansia terdaftar DTKS tapi bantuan sosial belum diterima sejak Januari. "
     "Mohon informasi kemana harus menanyakan."},
    {"Drainase jebol",
     "Dinding saluran drainase di samping masjid jebol, tanahnya longsor ke saluran. "
     "Kalau hujan air masuk ke halaman rumah warga."},
    {"Traffic light mati",
     "Lampu lalu lintas di perempatan mati sejak kemarin sore, kendaraan saling serobot dan "
     "hampir terjadi tabrakan. Mohon diperbaiki."},
    {"Usul taman bermain anak",
     "Lahan kosong milik pemkot di kelurahan kami tidak terawat. Warga mengusulkan dijadikan "
     "taman bermain anak dan ruang terbuka hijau."},
    {"Informasi jadwal posyandu",
     "Mohon informasi jadwal posyandu balita dan imunisasi di kelurahan kami untuk bulan depan, "
     "di papan pengumuman belum ada."},
}};

constexpr std::array<const char*, 10> kNames = {
    "Sri Wahyuni", "Budi Santoso", "Siti Aminah",   "Agus Salim", "Dewi Lestari",
    "Joko Susilo", "Rina Marlina", "Wahyu Hidayat", "Nur Aini",   "Slamet Riyadi"};

constexpr std::array<const char*, 8> kStreets = {"Jl. Pemuda",    "Jl. Pandanaran", "Jl. Majapahit",
                                                 "Jl. Dr. Cipto", "Jl. Gajahmada",  "Jl. Setiabudi",
                                                 "Jl. Kaligawe",  "Jl. Siliwangi"};

constexpr std::array<const char*, 4> kKinds = {"complaint", "request", "aspiration", "information"};

template <typename T, size_t N>
const T& Pick(const std::array<T, N>& items, std::mt19937_64& rng) {
  return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
}

tl::expected<json, std::string> GetJson(uint16_t port, const std::string& target) {
  auto response = test_support::Fetch(port, "GET", target);
  if (!response) return tl::unexpected("GET " + target + ": " + response.error());
  if (response->status != 200) {
    return tl::unexpected("GET " + target + " returned " + std::to_string(response->status) + ": " +
                          response->body.substr(0, 500));
  }
  json parsed = json::parse(response->body, nullptr, false);
  if (parsed.is_discarded()) return tl::unexpected("GET " + target + ": not JSON");
  return parsed;
}

}  // namespace

json ListItems(const json& root) {
  if (root.is_array()) return root;
  if (root.is_object()) {
    for (const auto& [key, value] : root.items()) {
      if (value.is_array()) return value;
    }
  }
  return json::array();
}

tl::expected<DemoCatalogue, std::string> FetchDemoCatalogue(uint16_t port) {
  DemoCatalogue catalogue;
  auto services = GetJson(port, "/api/v1/services");
  if (!services) return tl::unexpected(services.error());
  for (const auto& s : ListItems(*services)) {
    if (!s.is_object() || !s.contains("code") || !s["code"].is_string()) continue;
    if (s.contains("active") && s["active"].is_boolean() && !s["active"].get<bool>()) continue;
    ServiceRef ref{s["code"].get<std::string>(), {}};
    if (s.contains("kinds") && s["kinds"].is_array()) {
      for (const auto& k : s["kinds"]) {
        if (k.is_string()) ref.kinds.push_back(k.get<std::string>());
      }
    }
    catalogue.services.push_back(std::move(ref));
  }

  auto kecamatan = GetJson(port, "/api/v1/regions?parent=33.74");
  if (!kecamatan) return tl::unexpected(kecamatan.error());
  std::vector<std::string> kecamatan_codes;
  for (const auto& r : ListItems(*kecamatan)) {
    if (r.is_object() && r.contains("code") && r["code"].is_string()) {
      kecamatan_codes.push_back(r["code"].get<std::string>());
    }
  }
  // A few kecamatan are enough for variety and keep start-up quick.
  for (size_t i = 0; i < kecamatan_codes.size() && i < 6; ++i) {
    auto kelurahan = GetJson(port, "/api/v1/regions?parent=" + kecamatan_codes[i]);
    if (!kelurahan) return tl::unexpected(kelurahan.error());
    for (const auto& r : ListItems(*kelurahan)) {
      if (r.is_object() && r.contains("code") && r["code"].is_string()) {
        catalogue.kelurahan_codes.push_back(r["code"].get<std::string>());
      }
    }
  }
  if (catalogue.services.empty())
    return tl::unexpected(std::string("GET /api/v1/services listed no service"));
  if (catalogue.kelurahan_codes.empty()) {
    return tl::unexpected(std::string("GET /api/v1/regions listed no kelurahan under 33.74"));
  }
  return catalogue;
}

json MakeSubmission(const DemoCatalogue& catalogue, std::mt19937_64& rng, std::string_view marker) {
  const ServiceRef& service =
      catalogue
          .services[std::uniform_int_distribution<size_t>(0, catalogue.services.size() - 1)(rng)];
  std::string kind = Pick(kKinds, rng);
  if (!service.kinds.empty()) {
    kind = service.kinds[std::uniform_int_distribution<size_t>(0, service.kinds.size() - 1)(rng)];
  }
  const Text& text = Pick(kTexts, rng);
  const std::string& region = catalogue.kelurahan_codes[std::uniform_int_distribution<size_t>(
      0, catalogue.kelurahan_codes.size() - 1)(rng)];
  std::uniform_real_distribution<double> lat(-7.10, -6.95);
  std::uniform_real_distribution<double> lng(110.33, 110.48);
  std::uniform_int_distribution<int> number(1, 250);
  std::uniform_int_distribution<long long> phone(100000000LL, 999999999LL);
  const bool anonymous = std::bernoulli_distribution(0.2)(rng);

  json body = {
      {"kind", kind},
      {"service_code", service.code},
      {"title", text.title},
      {"description", std::string(text.description) + "\n\nRef: " + std::string(marker)},
      {"location",
       {{"lat", lat(rng)},
        {"lng", lng(rng)},
        {"region_code", region},
        {"address", std::string(Pick(kStreets, rng)) + " No. " + std::to_string(number(rng))}}},
      {"anonymous", anonymous},
      {"confidential", false},
  };
  // The demo's required questions (data/demo/semarang.json).
  if (service.code == "PU-JALAN") body["attributes"] = {{"JENIS_KERUSAKAN", "berlubang"}};
  if (service.code == "DLH-SAMPAH") body["attributes"] = {{"JENIS_SAMPAH", {"rumah_tangga"}}};
  if (!anonymous || std::bernoulli_distribution(0.5)(rng)) {
    const std::string name = Pick(kNames, rng);
    std::string email = name.substr(0, name.find(' '));
    std::transform(email.begin(), email.end(), email.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    body["reporter"] = {{"name", name},
                        {"phone", "08" + std::to_string(phone(rng)) + "1"},
                        {"email", email + std::to_string(number(rng)) + "@example.id"}};
  }
  return body;
}

json ExampleSubmission() {
  return {
      {"kind", "complaint"},
      {"service_code", "PU-DRAINASE"},
      {"title", "Saluran tersumbat"},
      {"description", "Saluran di depan SD tersumbat sampah sejak seminggu, air meluap ke jalan."},
      {"location",
       {{"lat", -6.9932},
        {"lng", 110.4203},
        {"region_code", "33.74.01.1001"},
        {"address", "Jl. Pemuda 12"}}},
      {"reporter", {{"name", "Sri"}, {"phone", "081234567890"}, {"email", "sri@example.id"}}},
      {"anonymous", false},
      {"confidential", false},
  };
}

}  // namespace sigap::integration
