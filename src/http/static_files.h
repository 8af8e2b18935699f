#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace sigap::http {

struct StaticFilesOptions {
  std::filesystem::path root;  // the built front end: index.html, assets/, ...
  std::string param = "rest";  // the name of the route's catch-all parameter
  bool spa_fallback = true;    // unknown paths get index.html if the client accepts text/html
  // First path segments that never fall back to index.html: a mistyped API
  // address must stay a 404 problem, not become the app.
  std::vector<std::string> no_fallback = {"api", "open311"};
  // Origins besides 'self' that pages may load images from: the map's tile
  // server ([map] tile_url), e.g. "https://*.tile.openstreetmap.org".
  std::vector<std::string> image_origins = {};
};

// Returns a handler that serves files under `options.root` for a GET route
// with a catch-all segment, e.g. router.AddSync("GET", "/{rest*}",
// StaticFiles({.root = "web/dist"}), "static"). HEAD is answered by the
// server from the same handler.
//
// - Content-Type from the extension (html, js, css, svg, png, json,
//   webmanifest, woff2, ...; otherwise application/octet-stream).
// - Cache-Control: files under assets/ (content-hashed names from the
//   bundler) are "public, max-age=31536000, immutable"; everything else,
//   index.html included, is "no-cache" so it is revalidated with its ETag.
// - ETag from size and modification time; a matching If-None-Match gets 304.
// - A precompressed sibling "<file>.gz" is sent with Content-Encoding: gzip
//   when Accept-Encoding allows gzip.
// - A path that is not a file falls back to index.html when `spa_fallback`
//   is on, its first segment is not in `no_fallback` and the Accept header
//   names text/html (a browser navigating the single-page app); otherwise it
//   is a 404 problem.
// - HTML gets HtmlContentSecurityPolicy(): scripts and styles only from files
//   of this origin, never inline, so text that slipped into markup cannot run.
// - Paths with "." or ".." segments, hidden files (".env"), backslashes or
//   NUL, and anything resolving outside the root (also through symlinks) are
//   404, whatever their encoding: the server has decoded the path first.
//
// Files are read on the calling (event-loop) thread; this suits a small
// front end served from the page cache, not large downloads. The handler is
// stateless apart from the options and may be shared between threads.
SyncHandler StaticFiles(StaticFilesOptions options);

// The Content-Security-Policy sent with every HTML file: everything from the
// server itself, images also from `image_origins`, no inline script or style.
std::string HtmlContentSecurityPolicy(const std::vector<std::string>& image_origins = {});

// The origin of a tile URL template for a CSP source list: scheme and host,
// with a "{s}" subdomain as "*" ("https://{s}.tile.example.org/{z}/{x}/{y}.png"
// gives "https://*.tile.example.org"); "" when it is not an http(s) URL.
std::string TileOrigin(std::string_view tile_url);

// Returns the Content-Type used for a file name, by extension.
std::string ContentTypeFor(const std::filesystem::path& file);

}  // namespace sigap::http
