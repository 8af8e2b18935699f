#include "http/problem.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "http/language.h"

namespace sigap::http {

std::string ProblemTypeUri(std::string_view slug) {
  std::string uri(kProblemTypePrefix);
  uri.append(slug);
  return uri;
}

Response Problem(const ProblemDetails& problem) {
  // ordered_json keeps the members in RFC order, which reads better in logs
  // and curl output; clients must not depend on it.
  nlohmann::ordered_json body;
  body["type"] = ProblemTypeUri(problem.type_slug);
  body["title"] = problem.title;
  body["status"] = problem.status;
  if (!problem.detail.empty()) body["detail"] = problem.detail;
  if (!problem.instance.empty()) body["instance"] = problem.instance;
  if (!problem.request_id.empty()) body["request_id"] = problem.request_id;
  if (!problem.errors.empty()) {
    auto& errors = body["errors"] = nlohmann::ordered_json::array();
    for (const FieldProblem& e : problem.errors) {
      nlohmann::ordered_json item{{"field", e.field}, {"message", e.message}, {"code", e.code}};
      if (!e.allowed.empty()) item["allowed"] = e.allowed;
      errors.push_back(std::move(item));
    }
  }
  Response response;
  response.status = problem.status;
  response.content_type = std::string(kProblemContentType);
  response.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

Response Problem(int status, std::string type_slug, std::string title, std::string detail,
                 std::vector<FieldProblem> errors) {
  return Problem(ProblemDetails{status, std::move(type_slug), std::move(title), std::move(detail),
                                std::move(errors)});
}

Response Problem(const Request& request, int status, std::string type_slug, std::string title,
                 std::string detail, std::vector<FieldProblem> errors) {
  return Problem(ProblemDetails{status,
                                std::move(type_slug),
                                std::move(title),
                                std::move(detail),
                                std::move(errors),
                                {},
                                request.request_id});
}

namespace {

struct IndonesianText {
  std::string_view slug;
  std::string_view title;
  std::string_view detail;
};

constexpr IndonesianText kIndonesian[] = {
    {"bad-request", "Permintaan tidak valid", "Permintaan ini bukan HTTP/1.1 yang valid."},
    {"unsupported-transfer-encoding", "Permintaan tidak valid",
     "Transfer-Encoding ini tidak didukung; kirim isi dengan Content-Length."},
    {"invalid-target", "Alamat tidak valid", "Alamat (path atau query) tidak dapat dibaca."},
    {"unsupported-content-encoding", "Pengodean isi tidak didukung",
     "Kirim isi permintaan tanpa Content-Encoding (tanpa kompresi)."},
    {"header-too-large", "Header terlalu besar",
     "Header permintaan terlalu besar atau terlalu banyak."},
    {"payload-too-large", "Isi terlalu besar", "Isi permintaan melebihi batas yang diizinkan."},
    {"not-found", "Tidak ditemukan", "Tidak ada apa pun di alamat ini."},
    {"method-not-allowed", "Metode tidak diizinkan",
     "Alamat ini tidak menerima metode HTTP tersebut; lihat header Allow."},
    {"origin-not-allowed", "Asal tidak diizinkan",
     "Halaman dari situs pada header Origin tidak boleh memanggil server ini "
     "([server] cors_origins)."},
    {"unavailable", "Layanan sementara tidak tersedia",
     "Server sedang sibuk. Silakan coba lagi sebentar lagi; kiriman Anda belum tersimpan."},
    {"internal-error", "Kesalahan server",
     "Terjadi kesalahan pada server. Sebutkan request_id saat menghubungi kami."},
};

}  // namespace

Response ServerProblem(const Request& request, int status, std::string type_slug,
                       std::string title_en, std::string detail_en,
                       std::span<const ErrorWriter> writers) {
  const auto accept = request.Header("Accept-Language");
  if (!PrefersEnglish(accept.value_or(""))) {
    for (const auto& text : kIndonesian) {
      if (text.slug == type_slug) {
        title_en = std::string(text.title);
        detail_en = std::string(text.detail);
        break;
      }
    }
  }
  for (const ErrorWriter& writer : writers) {
    if (request.target.starts_with(writer.prefix)) {
      return writer.write(request, status, title_en + ": " + detail_en);
    }
  }
  return Problem(request, status, std::move(type_slug), std::move(title_en), std::move(detail_en));
}

}  // namespace sigap::http
