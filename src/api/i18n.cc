#include "api/i18n.h"

#include <array>

#include "http/language.h"

namespace sigap::api {
namespace {

struct Text {
  std::string_view key;
  std::string_view id;
  std::string_view en;
};

constexpr Text kTitles[] = {
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
    {"illegal-transition", "Tindakan tidak dapat dilakukan pada status ini",
     "Action not allowed in this status"},
    {"rate-limited", "Terlalu banyak permintaan", "Too many requests"},
    {"unsupported-file-type", "Jenis berkas tidak didukung", "Unsupported file type"},
};

constexpr Text kDetails[] = {
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
    {"unavailable",
     "Silakan coba lagi sebentar lagi. Bila Anda sedang mengirim sesuatu, kiriman itu belum "
     "tersimpan.",
     "Please try again shortly. If you were sending something, it was not saved."},
    {"internal", "Terjadi kesalahan pada server. Sebutkan request_id saat menghubungi kami.",
     "Something went wrong on the server. Quote the request_id when contacting us."},
    {"unsupported-media-type", "Kirim isi permintaan sebagai application/json.",
     "Send the request body as application/json."},
    {"rate-limited", "Terlalu banyak permintaan dari alamat Anda. Coba lagi setelah waktu tunggu.",
     "Too many requests from your address. Try again after the wait."},
    {"unsupported-file-type",
     "Lampirkan foto JPEG, PNG atau WebP, atau dokumen PDF, dengan Content-Type yang sesuai.",
     "Attach a JPEG, PNG or WebP photo or a PDF document, with the matching Content-Type."},
    {"no-pemda",
     "Belum ada Pemda di basis data ini. Jalankan `sigap demo` atau `sigap admin create-pemda`.",
     "This database has no Pemda yet. Run `sigap demo` or `sigap admin create-pemda`."},
    {"illegal-transition",
     "Status laporan tidak mengizinkan tindakan ini. Lihat current_status dan allowed_actions.",
     "The case's status does not allow this action. See current_status and allowed_actions."},
};

constexpr Text kFields[] = {
    {"required", "wajib diisi", "is required"},
    {"too_long", "terlalu panjang", "is too long"},
    {"too_short", "terlalu pendek", "is too short"},
    {"too_weak", "terlalu mudah ditebak", "is too easy to guess"},
    {"invalid_utf8", "bukan teks UTF-8 yang valid", "is not valid UTF-8"},
    {"control_characters", "berisi karakter kontrol", "contains control characters"},
    {"out_of_range", "di luar rentang yang diizinkan", "is out of range"},
    {"no_calendar",
     "jatuh pada tahun yang belum punya kalender nasional; pasang dulu kalender tahun itu (SKB 3 "
     "Menteri)",
     "falls in a year without a national calendar; install that year's calendar (SKB 3 Menteri) "
     "first"},
    {"invalid_format", "formatnya tidak valid", "has an invalid format"},
    {"private_address",
     "alamat jaringan internal Pemda; hanya boleh dengan notify.webhook_private_targets",
     "is an address of the Pemda's own network; allowed only with notify.webhook_private_targets"},
    {"invalid_type", "jenis nilainya salah", "has the wrong type"},
    {"invalid_value", "nilainya tidak dikenal", "has an unknown value"},
    {"unknown_field", "bukan isian yang dikenal (salah ketik?)", "is not a known field (a typo?)"},
    {"not_the_content", "tidak sesuai dengan isi berkas", "does not match the file's content"},
    {"unknown", "tidak ditemukan", "was not found"},
    {"not_a_question", "keterangan untuk pelapor, bukan pertanyaan yang dijawab",
     "is information for the reporter, not a question to answer"},
    {"mistyped", "salah ketik: ada huruf yang keliru atau tertukar",
     "has a typo: a character is wrong or two are swapped"},
    {"inactive", "sudah tidak aktif", "is no longer active"},
    {"not_accepted", "tidak diterima oleh layanan ini", "is not accepted by this service"},
    {"too_many", "terlalu banyak", "has too many items"},
    {"repeated", "berisi jawaban yang sama lebih dari sekali", "repeats an answer"},
    {"reused", "sudah dipakai untuk permintaan lain", "was used for another request"},
    {"taken", "sudah dipakai", "is already taken"},
    {"incorrect", "bukan kata sandi akun ini", "is not this account's password"},
    {"not_allowed", "tidak berlaku untuk peran ini", "does not apply to this role"},
    {"pemda_wide", "peringatan tingkat Pemda: diubah oleh verifikator, pimpinan, atau admin",
     "is Pemda-wide: verifiers, leaders or administrators move it"},
    {"head_closes", "ditutup oleh kepala dinasnya, verifikator, pimpinan, atau admin",
     "is closed by its agency's head, the verifiers, leaders or administrators"},
    {"forbidden", "tidak diizinkan", "is not allowed"},
    {"unchanged", "sama dengan yang berlaku sekarang", "is the same as the current one"},
    {"other_unit", "ditangani unit lain, bukan unit survei ini",
     "was handled by another unit than this survey's"},
    {"too_deep", "bersarang terlalu dalam", "is nested too deeply"},
    {"duplicate_key", "muncul lebih dari sekali dalam objek yang sama",
     "appears more than once in the same object"},
    {"invalid_characters", "berisi karakter kontrol", "contains control characters"},
    {"same_agency", "sama dengan OPD yang sudah menangani", "is the agency already handling it"},
    {"same_case", "tidak boleh laporan itu sendiri", "cannot be the case itself"},
    {"immutable", "tidak dapat diubah", "cannot be changed"},
    {"no_calendar", "mencapai tahun yang kalender hari liburnya belum dipasang",
     "reaches a year whose days off are not installed yet"},
    {"not_scheduled", "berlaku saat diterbitkan: terbitkan pada hari mulai berlaku",
     "takes effect when published: publish it on the day it applies"},
    {"cycle", "tidak boleh instansi itu sendiri atau unit di bawahnya",
     "cannot be the agency itself or one of its own units"},
    {"not_open", "sudah selesai, ditolak, atau digabung", "is closed, rejected or merged"},
    {"is_confidential", "laporan rahasia: pelapor yang digabungkan tidak dapat mengikutinya",
     "is confidential: the merged case's reporter could not follow it"},
    {"window_passed", "batas waktu membuka kembali sudah lewat", "the reopening window has passed"},
    {"stale", "versi sudah berubah", "is out of date"},
    {"illegal_transition", "tidak diizinkan pada status ini", "is not allowed in this status"},
    {"exceeds_regulation",
     "dapat membuat pengaduan melewati batas 60 hari penyelesaian (Perpres 76/2013)",
     "could take a complaint past the 60 days of Perpres 76/2013"},
    {"shortens_citizen_rights", "memperpendek waktu warga untuk menanggapi atau membuka kembali",
     "shortens the citizen's time to answer or reopen"},
    {"exclusive", "tidak boleh diisi bersamaan dengan isian lain; pilih salah satu",
     "cannot be given together with another field; give one"},
    {"unknown_parameter", "bukan parameter yang dikenal di alamat ini",
     "is not a parameter of this address"},
    {"given_twice", "diberikan lebih dari sekali; berikan satu kali",
     "is given more than once; give it once"},
};

template <size_t N>
const Text* Find(const Text (&table)[N], std::string_view key) {
  for (const auto& t : table) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

}  // namespace

Lang PickLanguage(std::string_view header) {
  return http::PrefersEnglish(header) ? Lang::kEn : Lang::kId;
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

std::string FieldProblemText(const FieldError& error, Lang lang) {
  std::string out = error.field + ": " + FieldMessage(error.code, lang);
  if (error.allowed.empty()) return out;
  out += lang == Lang::kEn ? "; one of: " : "; pilihan: ";
  for (size_t i = 0; i < error.allowed.size(); ++i) {
    if (i > 0) out += ", ";
    out += error.allowed[i];
  }
  return out;
}

}  // namespace sigap::api
