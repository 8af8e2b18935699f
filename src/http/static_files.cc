#include "http/static_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "http/compression.h"
#include "http/problem.h"

namespace sigap::http {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// Splits the decoded relative path and rejects anything that could leave the
// root or reveal hidden files. Returns nullopt when refused.
std::optional<fs::path> SafeRelativePath(std::string_view rest) {
  fs::path out;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty()) continue;
    if (segment.front() == '.' || segment.find('\\') != std::string_view::npos ||
        segment.find('\0') != std::string_view::npos) {
      return std::nullopt;
    }
    out /= fs::path(std::string(segment));
  }
  return out;
}

bool IsInside(const fs::path& root, const fs::path& path) {
  const auto [root_end, unused] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(contents).str();
}

std::string MakeETag(const fs::path& path, std::string_view variant, std::error_code& ec) {
  const auto size = fs::file_size(path, ec);
  if (ec) return {};
  const auto mtime = fs::last_write_time(path, ec);
  if (ec) return {};
  return fmt::format("\"{:x}-{:x}{}\"", size, mtime.time_since_epoch().count(), variant);
}

bool IsRegularFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

}  // namespace

std::string ContentTypeFor(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".geojson", "application/geo+json"},
      {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".wasm", "application/wasm"},
  }};
  const std::string extension = file.extension().string();
  for (const auto& [ext, type] : kTypes) {
    if (extension == ext) return std::string(type);
  }
  return "application/octet-stream";
}

std::string HtmlContentSecurityPolicy(const std::vector<std::string>& image_origins) {
  std::string csp = "default-src 'self'; img-src 'self' data: blob:";
  for (const auto& origin : image_origins) csp.append(" ").append(origin);
  csp.append(
      "; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'self'; "
      "form-action 'self'; frame-ancestors 'none'");
  return csp;
}

std::string TileOrigin(std::string_view tile_url) {
  const auto scheme_end = tile_url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  const std::string_view scheme = tile_url.substr(0, scheme_end);
  if (scheme != "https" && scheme != "http") return "";
  const std::string_view rest = tile_url.substr(scheme_end + 3);
  std::string_view template_host = rest.substr(0, rest.find('/'));
  if (template_host.empty()) return "";
  std::string host;
  for (size_t i = 0; i < template_host.size(); ++i) {
    if (template_host.substr(i, 3) == "{s}") {
      host.push_back('*');
      i += 2;
    } else {
      host.push_back(template_host[i]);
    }
  }
  // A CSP source takes no other braces, quotes, spaces or semicolons.
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' &&
        c != '*') {
      return "";
    }
  }
  std::string origin(scheme);
  origin.append("://").append(host);
  return origin;
}

SyncHandler StaticFiles(StaticFilesOptions options) {
  std::error_code ec;
  fs::path root = fs::weakly_canonical(options.root, ec);
  if (ec) root = options.root;
  const std::string csp = HtmlContentSecurityPolicy(options.image_origins);
  return [root = std::move(root), options = std::move(options), csp](Request& request) -> Response {
    const auto not_found = [&request] {
      return ServerProblem(request, 404, "not-found", "Not Found",
                           "There is nothing at this address.");
    };
    const auto param = request.params.find(options.param);
    const auto relative =
        SafeRelativePath(param == request.params.end() ? std::string_view() : param->second);
    if (!relative) return not_found();

    fs::path file = root / *relative;
    std::error_code status_ec;
    if (fs::is_directory(file, status_ec)) file /= "index.html";
    if (!IsRegularFile(file)) {
      const auto accept = request.Header("Accept");
      const bool excluded =
          !relative->empty() && std::find(options.no_fallback.begin(), options.no_fallback.end(),
                                          relative->begin()->string()) != options.no_fallback.end();
      if (!options.spa_fallback || excluded || !accept ||
          accept->find("text/html") == std::string_view::npos) {
        return not_found();
      }
      file = root / "index.html";
    }
    std::error_code canonical_ec;
    const fs::path resolved = fs::weakly_canonical(file, canonical_ec);
    if (canonical_ec || !IsInside(root, resolved) || !IsRegularFile(resolved)) return not_found();

    const fs::path gzipped = fs::path(resolved.string() + ".gz");
    const bool has_gzip = IsRegularFile(gzipped);
    const auto accept_encoding = request.Header("Accept-Encoding");
    const bool send_gzip = has_gzip && accept_encoding && AcceptsGzip(*accept_encoding);
    const fs::path& source = send_gzip ? gzipped : resolved;

    std::error_code etag_ec;
    const std::string etag = MakeETag(source, send_gzip ? "-gz" : "", etag_ec);
    if (etag_ec) return not_found();

    const auto relative_to_root = resolved.lexically_relative(root);
    const bool immutable =
        !relative_to_root.empty() && *relative_to_root.begin() == fs::path("assets");
    Response response;
    response.content_type = ContentTypeFor(resolved);
    response.With("Cache-Control", std::string(immutable ? kImmutable : kRevalidate));
    response.With("ETag", etag);
    if (has_gzip) response.With("Vary", "Accept-Encoding");
    if (resolved.extension() == ".html") {
      response.With("Content-Security-Policy", csp);
    }

    const auto if_none_match = request.Header("If-None-Match");
    if (if_none_match && ETagMatches(*if_none_match, etag)) {
      response.status = 304;
      return response;
    }
    auto contents = ReadFile(source);
    if (!contents) return not_found();
    if (send_gzip) response.With("Content-Encoding", "gzip");
    response.body = std::move(*contents);
    return response;
  };
}

}  // namespace sigap::http
