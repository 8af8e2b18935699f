#include "api/i18n.h"

#include <array>
#include <cstdlib>

namespace sigap::api {
namespace {

struct Text {
  std::string_view key;
  std::string_view id;
  std::string_view en;
};

constexpr std::array<Text, 13> kTitles{{
    {"validation", "Data tidak valid", "Invalid data"},
    {"malformed-json", "JSON tidak dapat dibaca", "Malformed JSON"},
    {"not-found", "Tidak ditemukan", "Not found"},
    {"conflict", "Konflik", "Conflict"},
    {"precondition-failed", "Versi tidak cocok", "Precondition failed"},
    {"forbidden", "Akses ditolak", "Forbidden"},
    {"confidential", "Laporan rahasia", "Confidential case"},
    {"unauthenticated", "Perlu masuk", "Authentication required"},
    {"csrf", "Token CSRF tidak valid", "Invalid CSRF token"},
    {"unavailable", "Layanan sementara tidak tersedia", "Service temporarily unavailable"},
    {"internal", "Kesalahan server", "Internal server error"},
    {"unsupported-media-type", "Jenis konten tidak didukung", "Unsupported media type"},
    {"no-pemda", "Pemda belum dikonfigurasi", "No Pemda configured"},
}};

constexpr std::array<Text, 13> kDetails{{
    {"validation", "Beberapa isian tidak valid. Periksa daftar kesalahan di bawah.",
     "Some fields are invalid. See the list of errors."},
    {"malformed-json", "Isi permintaan bukan JSON yang valid.",
     "The request body is not valid JSON."},
    {"not-found", "Data yang diminta tidak ditemukan.", "The requested resource was not found."},
    {"conflict", "Permintaan bertentangan dengan keadaan data saat ini.",
     "The request conflicts with the current state."},
    {"precondition-failed", "Data telah berubah sejak Anda membacanya. Muat ulang lalu coba lagi.",
     "The data changed since you read it. Reload and try again."},
    {"forbidden", "Anda tidak berwenang melakukan tindakan ini.",
     "You are not allowed to do this."},
    {"confidential",
     "Laporan ini rahasia: hanya pelapor (dengan kode rahasia pelapor) dan instansi yang "
     "menanganinya yang dapat melihatnya.",
     "This case is confidential: only its reporter (with the reporter secret) and the handling "
     "agency may see it."},
    {"unauthenticated", "Silakan masuk terlebih dahulu.", "Please sign in first."},
    {"csrf", "Kirim header X-CSRF-Token dari sesi Anda.",
     "Send the X-CSRF-Token header of your session."},
    {"unavailable", "Silakan coba lagi sebentar lagi. Laporan Anda belum tersimpan.",
     "Please try again shortly. Your submission was not saved."},
    {"internal", "Terjadi kesalahan pada server. Sebutkan request_id saat menghubungi kami.",
     "Something went wrong on the server. Quote the request_id when contacting us."},
    {"unsupported-media-type", "Kirim isi permintaan sebagai application/json.",
     "Send the request body as application/json."},
    {"no-pemda",
     "Belum ada Pemda di basis data ini. Jalankan `sigap demo` atau `sigap admin create-pemda`.",
     "This database has no Pemda yet. Run `sigap demo` or `sigap admin create-pemda`."},
}};

constexpr std::array<Text, 16> kFields{{
    {"required", "wajib diisi", "is required"},
    {"too_long", "terlalu panjang", "is too long"},
    {"too_short", "terlalu pendek", "is too short"},
    {"invalid_utf8", "bukan teks UTF-8 yang valid", "is not valid UTF-8"},
    {"control_characters", "berisi karakter kontrol", "contains control characters"},
    {"out_of_range", "di luar rentang yang diizinkan", "is out of range"},
    {"invalid_format", "formatnya tidak valid", "has an invalid format"},
    {"invalid_type", "jenis nilainya salah", "has the wrong type"},
    {"invalid_value", "nilainya tidak dikenal", "has an unknown value"},
    {"unknown", "tidak ditemukan", "was not found"},
    {"inactive", "sudah tidak aktif", "is no longer active"},
    {"not_accepted", "tidak diterima oleh layanan ini", "is not accepted by this service"},
    {"too_many", "terlalu banyak", "has too many items"},
    {"reused", "sudah dipakai untuk permintaan lain", "was used for another request"},
    {"taken", "sudah dipakai", "is already taken"},
    {"too_deep", "bersarang terlalu dalam", "is nested too deeply"},
}};

template <size_t N>
const Text* Find(const std::array<Text, N>& table, std::string_view key) {
  for (const auto& t : table) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

}  // namespace

Lang PickLanguage(std::string_view header) {
  // Take the language range with the highest q; ties keep header order.
  double best_q = -1;
  Lang best = Lang::kId;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    pos = end + 1;
    double q = 1.0;
    if (const auto semi = item.find(';'); semi != std::string_view::npos) {
      const auto qpos = item.find("q=", semi);
      if (qpos != std::string_view::npos) {
        q = std::strtod(std::string(item.substr(qpos + 2)).c_str(), nullptr);
      }
      item = item.substr(0, semi);
    }
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    const std::string_view primary = item.substr(0, item.find('-'));
    const bool en = primary == "en" || primary == "EN" || primary == "En";
    const bool id = primary == "id" || primary == "ID" || primary == "in";
    if ((en || id) && q > best_q) {
      best_q = q;
      best = en ? Lang::kEn : Lang::kId;
    }
    if (end == header.size()) break;
  }
  return best;
}

std::string_view ProblemTitle(std::string_view slug, Lang lang) {
  const Text* t = Find(kTitles, slug);
  if (!t) return slug;
  return lang == Lang::kEn ? t->en : t->id;
}

std::string_view ProblemDetail(std::string_view slug, Lang lang) {
  const Text* t = Find(kDetails, slug);
  if (!t) return "";
  return lang == Lang::kEn ? t->en : t->id;
}

std::string FieldMessage(std::string_view code, Lang lang) {
  const Text* t = Find(kFields, code);
  if (!t) return lang == Lang::kEn ? "is invalid" : "tidak valid";
  return std::string(lang == Lang::kEn ? t->en : t->id);
}

}  // namespace sigap::api
