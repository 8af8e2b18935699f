#pragma once

#include <boost/container/small_vector.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace sigap::http {

enum class MatchOutcome { kFound, kNotFound, kMethodNotAllowed };

// The result of Router::Match. The views point into the Router, which must
// outlive the match.
struct RouteMatch {
  MatchOutcome outcome = MatchOutcome::kNotFound;
  const Handler* handler = nullptr;           // set when kFound
  std::string_view route_name;                // set when kFound: the name given to Add
  std::string_view pattern;                   // set when kFound: "/api/v1/cases/{code}"
  std::map<std::string, std::string> params;  // set when kFound: {"code": "AB12-CD34"}
  std::string allow;                          // set when kMethodNotAllowed: "GET, HEAD"
  bool head_as_get = false;  // a HEAD request matched a GET route: send headers only
};

// Maps (method, path) to a handler. A pattern is a path whose segments are
// literals, `{name}` (exactly one non-empty segment, captured as a parameter)
// or, as the last segment only, `{name*}` (the rest of the path, zero or more
// segments, captured without its leading '/'). Literal segments win over
// `{name}`, which wins over `{name*}`, segment by segment from the left, so
// "/cases/stats" beats "/cases/{code}" whatever the order of Add calls.
//
// Build the router completely before the server starts; after that Match is
// const and may be called from any number of threads.
class Router {
 public:
  // Registers `handler` for `method` ("GET", "POST", ...; case-sensitive as in
  // HTTP) on `pattern`. `route_name` labels metrics ("cases_get"); when empty
  // the pattern is used. A GET route also answers HEAD unless a HEAD route is
  // registered on the same pattern. Malformed patterns and a second handler
  // for the same method and pattern are programmer mistakes: they assert (and
  // in a release build the later registration is ignored).
  void Add(std::string method, std::string pattern, Handler handler, std::string route_name = {});

  // As Add, for a handler that answers synchronously.
  void AddSync(std::string method, std::string pattern, SyncHandler handler,
               std::string route_name = {});

  // Finds the most specific route whose pattern matches `path` (already
  // percent-decoded, starting with '/') and that accepts `method`. Returns
  // kNotFound when no pattern matches the path, and kMethodNotAllowed with
  // `allow` listing every method the matching patterns accept when some do
  // but none accepts `method`.
  RouteMatch Match(std::string_view method, std::string_view path) const;

  // Every registered route as "METHOD pattern" ("GET /api/v1/cases/{code}"),
  // sorted; the HEAD a GET route answers is not listed separately.
  std::vector<std::string> Routes() const;

 private:
  enum class SegmentKind { kLiteral, kParam, kCatchAll };
  struct Segment {
    SegmentKind kind;
    std::string text;  // the literal, or the parameter name
  };
  struct Endpoint {
    Handler handler;
    std::string name;
  };
  struct Route {
    std::string pattern;
    std::vector<Segment> segments;
    std::map<std::string, Endpoint, std::less<>> endpoints;  // by method
  };

  // A request's path segments, and the routes it may match: on the stack
  // for any path of up to eight segments (vectors on the heap were a tenth
  // of the instructions of answering /healthz).
  using PathSegments = boost::container::small_vector<std::string_view, 8>;
  using RouteIndexes = boost::container::small_vector<size_t, 8>;

  static bool ParsePattern(std::string_view pattern, std::vector<Segment>& segments);
  static bool MatchRoute(const Route& route, const PathSegments& path_segments,
                         std::map<std::string, std::string>* params);
  static bool MoreSpecific(const Route& a, const Route& b);

  // The patterns as a tree of segments, so that a request looks at the
  // routes its path can match rather than at every route (matching every
  // route was 7 % of a case read's instructions). Node 0 is the root; a
  // child index of 0 means none.
  struct Node {
    std::map<std::string, size_t, std::less<>> literal;  // child per literal segment
    size_t param = 0;                                    // child for `{name}`
    std::vector<size_t> ends;                            // routes ending here
    std::vector<size_t> catch_alls;                      // routes with `{name*}` here
  };
  void Insert(size_t route_index);
  void Collect(size_t node, const PathSegments& path_segments, size_t depth,
               RouteIndexes& out) const;

  std::vector<Route> routes_;
  std::vector<Node> nodes_ = std::vector<Node>(1);
};

}  // namespace sigap::http
