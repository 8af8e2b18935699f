#include "http/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>
#include <set>
#include <utility>

namespace sigap::http {
namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. Expects a leading '/'.
template <class Out = std::vector<std::string_view>>
Out SplitPath(std::string_view path) {
  Out out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParamName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

bool Router::ParsePattern(std::string_view pattern, std::vector<Segment>& segments) {
  if (pattern.empty() || pattern.front() != '/') return false;
  std::set<std::string, std::less<>> names;
  const auto parts = SplitPath(pattern);
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      std::string_view name = part.substr(1, part.size() - 2);
      SegmentKind kind = SegmentKind::kParam;
      if (!name.empty() && name.back() == '*') {
        if (i + 1 != parts.size()) return false;  // a catch-all must be last
        name.remove_suffix(1);
        kind = SegmentKind::kCatchAll;
      }
      if (!IsParamName(name) || !names.emplace(name).second) return false;
      segments.push_back({kind, std::string(name)});
    } else {
      if (part.find_first_of("{}") != std::string_view::npos) return false;
      segments.push_back({SegmentKind::kLiteral, std::string(part)});
    }
  }
  return true;
}

void Router::Add(std::string method, std::string pattern, Handler handler, std::string route_name) {
  std::vector<Segment> segments;
  const bool valid = ParsePattern(pattern, segments);
  assert(valid && "malformed route pattern");
  if (!valid) {
    spdlog::error("router: ignoring malformed pattern {}", pattern);
    return;
  }
  if (route_name.empty()) route_name = pattern;
  auto route = std::find_if(routes_.begin(), routes_.end(),
                            [&](const Route& r) { return r.pattern == pattern; });
  if (route == routes_.end()) {
    routes_.push_back(Route{pattern, std::move(segments), {}});
    Insert(routes_.size() - 1);
    route = std::prev(routes_.end());
  }
  const bool inserted =
      route->endpoints.emplace(method, Endpoint{std::move(handler), std::move(route_name)}).second;
  assert(inserted && "duplicate route");
  if (!inserted) spdlog::error("router: ignoring duplicate route {} {}", method, pattern);
}

void Router::AddSync(std::string method, std::string pattern, SyncHandler handler,
                     std::string route_name) {
  Add(
      std::move(method), std::move(pattern),
      [handler = std::move(handler)](Request& request, const Reply& reply) {
        reply(handler(request));
      },
      std::move(route_name));
}

void Router::Insert(size_t route_index) {
  size_t node = 0;
  for (const Segment& seg : routes_[route_index].segments) {
    switch (seg.kind) {
      case SegmentKind::kCatchAll:
        nodes_[node].catch_alls.push_back(route_index);
        return;
      case SegmentKind::kParam:
        if (nodes_[node].param == 0) {
          nodes_[node].param = nodes_.size();
          nodes_.emplace_back();
        }
        node = nodes_[node].param;
        break;
      case SegmentKind::kLiteral: {
        auto child = nodes_[node].literal.find(seg.text);
        if (child == nodes_[node].literal.end()) {
          const size_t created = nodes_.size();
          nodes_.emplace_back();  // may move nodes_: look the parent up again
          child = nodes_[node].literal.emplace(seg.text, created).first;
        }
        node = child->second;
        break;
      }
    }
  }
  nodes_[node].ends.push_back(route_index);
}

void Router::Collect(size_t node, const PathSegments& path_segments, size_t depth,
                     RouteIndexes& out) const {
  const Node& here = nodes_[node];
  // A catch-all takes the rest of the path, however many segments (none too).
  out.insert(out.end(), here.catch_alls.begin(), here.catch_alls.end());
  if (depth == path_segments.size()) {
    out.insert(out.end(), here.ends.begin(), here.ends.end());
    return;
  }
  const std::string_view segment = path_segments[depth];
  if (const auto child = here.literal.find(segment); child != here.literal.end()) {
    Collect(child->second, path_segments, depth + 1, out);
  }
  if (here.param != 0 && !segment.empty()) Collect(here.param, path_segments, depth + 1, out);
}

bool Router::MatchRoute(const Route& route, const PathSegments& path_segments,
                        std::map<std::string, std::string>* params) {
  const auto& segs = route.segments;
  // Most routes fail here: every request used to compare its path with the
  // literal segments of each of them (a tenth of a case read).
  const bool catch_all = !segs.empty() && segs.back().kind == SegmentKind::kCatchAll;
  if (!catch_all && segs.size() != path_segments.size()) return false;
  for (size_t i = 0; i < segs.size(); ++i) {
    const Segment& seg = segs[i];
    if (seg.kind == SegmentKind::kCatchAll) {
      if (params != nullptr) {
        std::string rest;
        for (size_t j = i; j < path_segments.size(); ++j) {
          if (j > i) rest.push_back('/');
          rest.append(path_segments[j]);
        }
        (*params)[seg.text] = std::move(rest);
      }
      return true;
    }
    if (i >= path_segments.size()) return false;
    if (seg.kind == SegmentKind::kLiteral) {
      if (seg.text != path_segments[i]) return false;
    } else {
      if (path_segments[i].empty()) return false;
      if (params != nullptr) (*params)[seg.text] = std::string(path_segments[i]);
    }
  }
  return segs.size() == path_segments.size();
}

bool Router::MoreSpecific(const Route& a, const Route& b) {
  // Compare segment kinds left to right: a literal is more specific than a
  // parameter, which is more specific than a catch-all.
  const size_t n = std::min(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.segments[i].kind != b.segments[i].kind) return a.segments[i].kind < b.segments[i].kind;
  }
  // Same kinds on the common prefix: the longer pattern consumed more literally.
  return a.segments.size() > b.segments.size();
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  const auto path_segments = SplitPath<PathSegments>(path);
  if (path_segments.empty()) return match;

  RouteIndexes matching;
  Collect(0, path_segments, 0, matching);
  if (matching.empty()) return match;
  // In the order of registration, then the most specific first, ties in
  // that order: an insertion sort, stable and without the buffer
  // std::stable_sort allocates, for the few routes a path can match.
  std::sort(matching.begin(), matching.end());
  boost::container::small_vector<const Route*, 8> candidates;
  for (const size_t index : matching) {
    const Route* route = &routes_[index];
    auto at = candidates.end();
    while (at != candidates.begin() && MoreSpecific(*route, **std::prev(at))) --at;
    candidates.insert(at, route);
  }

  for (const Route* route : candidates) {
    auto endpoint = route->endpoints.find(method);
    bool head_as_get = false;
    if (endpoint == route->endpoints.end() && method == "HEAD") {
      endpoint = route->endpoints.find("GET");
      head_as_get = true;
    }
    if (endpoint == route->endpoints.end()) continue;
    match.outcome = MatchOutcome::kFound;
    match.handler = &endpoint->second.handler;
    match.route_name = endpoint->second.name;
    match.pattern = route->pattern;
    match.head_as_get = head_as_get;
    MatchRoute(*route, path_segments, &match.params);
    return match;
  }

  std::set<std::string, std::less<>> allowed;
  for (const Route* route : candidates) {
    for (const auto& [m, endpoint] : route->endpoints) {
      allowed.insert(m);
      if (m == "GET") allowed.insert("HEAD");
    }
  }
  match.outcome = MatchOutcome::kMethodNotAllowed;
  for (const auto& m : allowed) {
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += m;
  }
  return match;
}

std::vector<std::string> Router::Routes() const {
  std::vector<std::string> out;
  for (const Route& route : routes_) {
    for (const auto& [method, endpoint] : route.endpoints)
      out.push_back(method + " " + route.pattern);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sigap::http
