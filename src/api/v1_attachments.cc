// Photos and documents attached to cases.
//
// POST /api/v1/attachments takes the file's bytes as the body (its type in
// Content-Type: image/jpeg, image/png, image/webp or application/pdf, and
// the bytes must be one) and answers with what a case names it by:
// {name, content_type, size_bytes, sha256}. The portal resizes photos in
// the browser first, so they fit the server's body limit on a slow phone
// connection. Anyone may upload (citizens file cases without an account),
// so each client address gets a token bucket, as for support.
//
// GET /api/v1/cases/{code}/attachments/{sha256} gives the bytes back to
// whoever may see them: officers who may see the case; its reporter (with
// the secret, as a header or `?secret=` so an <img> can show it) for the
// files of the submission and of public events; the public only the files
// of public events (an agency's published response). A citizen's own photos
// may show people, plates or houses, so they are never public.
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "api/attachments.h"
#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "domain/ascii.h"
#include "domain/image_metadata.h"
#include "domain/sha256.h"
#include "domain/text.h"
#include "domain/tracking_code.h"
#include "http/rate_limiter.h"

namespace sigap::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxNameLength = 200;

// The type the bytes are, from their first bytes; "" when none Sigap keeps.
std::string_view SniffType(std::string_view bytes) {
  if (bytes.starts_with("\xff\xd8\xff")) return "image/jpeg";
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  if (bytes.starts_with("%PDF-")) return "application/pdf";
  return "";
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 2 * crypto_hash_sha256_BYTES) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The media type of a Content-Type header, lower case, without parameters.
std::string MediaType(std::string_view header) {
  std::string out(header.substr(0, header.find(';')));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  domain::AsciiLowerInPlace(out);
  return out;
}

http::Response Upload(ApiContext& ctx, http::RateLimiter& limiter, http::Request& request) {
  if (const auto wait = limiter.Take(request.remote_address, ctx.clock.Now()); wait.count() > 0) {
    return RateLimited(request, wait);
  }
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);

  const std::string_view sniffed = SniffType(request.body);
  const std::string declared = MediaType(request.Header("Content-Type").value_or(""));
  if (request.body.empty()) {
    return ProblemResponse(request, 422, "validation", {{"body", "required", "the file's bytes"}});
  }
  if (sniffed.empty() || declared != sniffed) {
    return ProblemResponse(request, 415, "unsupported-file-type",
                           {{"Content-Type", sniffed.empty() ? "invalid_value" : "not_the_content",
                             sniffed.empty() ? std::string("not a JPEG, PNG, WebP or PDF file")
                                             : "the file is " + std::string(sniffed)}});
  }
  std::string name(request.Query("name").value_or(""));
  if (name.size() > kMaxNameLength || !domain::IsValidUtf8(name) ||
      domain::HasControlCharacters(name, false) || name.find('/') != std::string::npos) {
    return ProblemResponse(request, 422, "validation", {{"name", "invalid_format", ""}});
  }

  // Kept without the place, time and device a phone wrote into the photo.
  std::string bytes = domain::StripImageMetadata(sniffed, std::move(request.body));
  store::StoredFile file{domain::Sha256Hex(bytes), std::string(sniffed), std::move(bytes),
                         ctx.clock.Now()};
  if (auto saved = ctx.store.SaveFile(pemda.pemda.id, file); !saved) {
    return ErrorResponse(request, saved.error());
  }
  auto response =
      JsonResponse(json{{"name", name},
                        {"content_type", file.content_type},
                        {"size_bytes", file.data.size()},
                        {"sha256", file.sha256},
                        {"upload_token", ctx.intake.UploadToken(pemda.pemda.id, file.sha256)}},
                   201);
  return response;
}

// Whether `sha256` is among the files an event's payload attaches (its
// "attachments"), not merely somewhere in its text: an officer's note that
// quotes a hash does not publish the file.
bool EventNames(const domain::CaseEvent& event, std::string_view sha256) {
  if (event.payload_json.find(sha256) == std::string::npos) return false;
  const json payload = json::parse(event.payload_json, nullptr, false);
  if (!payload.is_object()) return false;
  const auto it = payload.find("attachments");
  if (it == payload.end() || !it->is_array()) return false;
  for (const auto& a : *it) {
    if (a.is_object() && a.value("sha256", json()) == sha256) return true;
  }
  return false;
}

http::Response Download(ApiContext& ctx, http::Request& request) {
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);
  const std::string& sha256 = request.params["sha256"];
  if (!IsSha256Hex(sha256)) return ProblemResponse(request, 404, "not-found");

  std::string_view secret = request.Header("X-Reporter-Secret").value_or("");
  if (secret.empty()) secret = request.Query("secret").value_or("");
  auto view = ctx.reader.View(pemda.pemda.id, request.params["code"],
                              caller.principal ? &*caller.principal : nullptr, secret);
  if (!view) {
    return ErrorResponse(request, view.error(),
                         view.error().code == ErrorCode::kPermissionDenied ? "confidential" : "");
  }
  // The events of the view are those this viewer may see.
  bool named = false;
  if (view->viewer != app::Viewer::kPublic) {
    for (const auto& a : view->c.submission.attachments) named = named || a.sha256 == sha256;
  }
  // The submission's own event is public but its photos are not (above);
  // nor is anything else a citizen sent.
  for (const auto& e : view->events) {
    if (e.kind == domain::event_kind::kSubmitted) continue;
    if (view->viewer == app::Viewer::kPublic && e.actor == "citizen") continue;
    if (e.is_public || view->viewer == app::Viewer::kOfficer) {
      named = named || EventNames(e, sha256);
    }
  }
  if (!named) return ProblemResponse(request, 404, "not-found");
  auto file = ctx.store.FindFile(pemda.pemda.id, sha256);
  if (!file) return ErrorResponse(request, file.error());

  http::Response response;
  response.content_type = file->content_type;
  response.body = std::move(file->data);
  // Who may read it can change (a case forwarded, an account closed), and
  // an office's shared computer keeps what it caches: not stored.
  response.With("Cache-Control", "private, no-store");
  response.With("X-Content-Type-Options", "nosniff");
  response.With("Content-Security-Policy", "default-src 'none'; sandbox");
  response.With("Content-Disposition", "inline");
  return response;
}

}  // namespace

Status ResolveAttachments(ApiContext& ctx, domain::PemdaId pemda,
                          std::vector<domain::Attachment>& attachments, std::string_view field) {
  std::vector<FieldError> errors;
  for (size_t i = 0; i < attachments.size(); ++i) {
    auto& a = attachments[i];
    const std::string path = std::string(field) + "[" + std::to_string(i) + "].sha256";
    if (a.sha256.empty()) continue;  // a name only: the domain decides
    if (!IsSha256Hex(a.sha256)) {
      errors.push_back({path, "invalid_format", "64 lower-case hex digits"});
      continue;
    }
    // Before anything is looked up: without the proof of upload, whether a
    // file with this hash exists is nobody's business.
    const std::string token_path = std::string(field) + "[" + std::to_string(i) + "].upload_token";
    if (a.upload_token.empty()) {
      errors.push_back(
          {token_path, "required", "the upload_token POST /api/v1/attachments answered"});
      continue;
    }
    if (!domain::SecretsEqual(a.upload_token, ctx.intake.UploadToken(pemda, a.sha256))) {
      errors.push_back(
          {token_path, "invalid_value", "the upload_token POST /api/v1/attachments answered"});
      continue;
    }
    auto file = ctx.store.FindFile(pemda, a.sha256);
    if (!file) {
      if (file.error().code != ErrorCode::kNotFound) return Fail(file.error());
      errors.push_back({path, "unknown", "upload it first: POST /api/v1/attachments"});
      continue;
    }
    a.content_type = file->content_type;
    a.size_bytes = static_cast<int64_t>(file->data.size());
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "unknown attachments", std::move(errors));
  }
  return {};
}

void RegisterAttachmentRoutes(http::Router& router, ApiContext& ctx) {
  auto limiter = std::make_shared<http::RateLimiter>(
      http::RateLimiter::Options{.burst = static_cast<double>(ctx.options.upload_burst),
                                 .per_minute = static_cast<double>(ctx.options.upload_per_minute)});
  router.AddSync(
      "POST", "/api/v1/attachments",
      [&ctx, limiter](http::Request& r) { return Upload(ctx, *limiter, r); }, "attachments_upload");
  router.AddSync(
      "GET", "/api/v1/cases/{code}/attachments/{sha256}",
      [&ctx](http::Request& r) { return Download(ctx, r); }, "cases_attachment");
}

}  // namespace sigap::api
