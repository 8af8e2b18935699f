#include "api/errors.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "http/problem.h"

namespace sigap::api {
namespace {

struct Mapping {
  int status;
  std::string_view slug;
};

Mapping MapCode(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return {422, "validation"};
    case ErrorCode::kNotFound:
      return {404, "not-found"};
    case ErrorCode::kConflict:
      return {409, "conflict"};
    case ErrorCode::kFailedPrecondition:
      return {412, "precondition-failed"};
    case ErrorCode::kPermissionDenied:
      return {403, "forbidden"};
    case ErrorCode::kUnauthenticated:
      return {401, "unauthenticated"};
    case ErrorCode::kUnavailable:
      return {503, "unavailable"};
    case ErrorCode::kInternal:
      return {500, "internal"};
  }
  return {500, "internal"};
}

// `errors[]` in the request's language; with `with_detail`, each message
// ends with the field's own in that language (FieldError::message_id or
// ::message), and with none when the field has none in it: an Indonesian
// answer never ends in English.
std::vector<http::FieldProblem> FieldProblems(std::vector<FieldError> fields, Lang lang,
                                              bool with_detail) {
  std::vector<http::FieldProblem> problems;
  problems.reserve(fields.size());
  for (auto& f : fields) {
    std::string message = FieldProblemText(f, lang);
    const std::string& detail = lang == Lang::kEn ? f.message : f.message_id;
    if (with_detail && !detail.empty()) message += " (" + detail + ")";
    problems.push_back(
        {std::move(f.field), std::move(f.code), std::move(message), std::move(f.allowed)});
  }
  return problems;
}

}  // namespace

Lang RequestLang(const http::Request& request) {
  const auto header = request.Header("Accept-Language");
  return header ? PickLanguage(*header) : Lang::kId;
}

http::Response ProblemResponse(const http::Request& request, int status, std::string_view slug,
                               std::vector<FieldError> fields, bool with_detail) {
  const Lang lang = RequestLang(request);
  auto problems = FieldProblems(std::move(fields), lang, with_detail);
  std::string detail(ProblemDetail(slug, lang));
  if (problems.size() == 1 && status == 422) detail = problems[0].message;
  return http::Problem(request, status, std::string(slug), std::string(ProblemTitle(slug, lang)),
                       std::move(detail), std::move(problems));
}

http::Response RateLimited(const http::Request& request, std::chrono::seconds wait) {
  auto response = ProblemResponse(request, 429, "rate-limited");
  response.With("Retry-After", std::to_string(wait.count()));
  return response;
}

http::Response ProblemWithDetail(const http::Request& request, int status, std::string_view slug,
                                 std::string_view detail_id, std::string_view detail_en,
                                 std::vector<FieldError> fields) {
  const Lang lang = RequestLang(request);
  return http::Problem(request, status, std::string(slug), std::string(ProblemTitle(slug, lang)),
                       std::string(lang == Lang::kEn ? detail_en : detail_id),
                       FieldProblems(std::move(fields), lang, /*with_detail=*/false));
}

namespace {

http::Response MappedResponse(const http::Request& request, const Error& error,
                              std::string_view slug, bool detail) {
  const Mapping m = MapCode(error);
  if (m.status >= 500) {
    spdlog::error("request {} failed: {}", request.request_id, error.message);
  }
  auto response =
      ProblemResponse(request, m.status, slug.empty() ? m.slug : slug, error.fields, detail);
  if (m.status == 503) response.With("Retry-After", "2");
  if (m.status == 401) response.With("WWW-Authenticate", "Bearer realm=\"sigap\"");
  return response;
}

}  // namespace

http::Response ErrorResponse(const http::Request& request, const Error& error,
                             std::string_view slug) {
  return MappedResponse(request, error, slug, false);
}

http::Response DetailedErrorResponse(const http::Request& request, const Error& error) {
  return MappedResponse(request, error, {}, true);
}

void CheckQueryNames(const http::Request& request, std::initializer_list<std::string_view> known,
                     std::vector<FieldError>& errors) {
  const std::vector<std::string> names(known.begin(), known.end());
  std::string previous;
  for (const auto& [name, value] : request.query) {  // a multimap: repeats are adjacent
    const bool is_known = std::find(known.begin(), known.end(), name) != known.end();
    const bool named = std::any_of(errors.begin(), errors.end(),
                                   [&](const FieldError& e) { return e.field == name; });
    if (!is_known && !named) {
      errors.push_back({name, "unknown_parameter", "", names});
    } else if (is_known && name == previous && !named) {
      errors.push_back({name, "given_twice", ""});
    }
    previous = name;
  }
}

int QueryLimit(const http::Request& request, int fallback, int max,
               std::vector<FieldError>& errors) {
  const auto v = request.Query("limit");
  if (!v || v->empty()) return fallback;
  int limit = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), limit);
  if (ec == std::errc::invalid_argument || end != v->data() + v->size()) {
    errors.push_back({"limit", "invalid_format", "1.." + std::to_string(max)});
  } else if (ec == std::errc::result_out_of_range || limit < 1 || limit > max) {
    errors.push_back({"limit", "out_of_range", "1.." + std::to_string(max)});
  } else {
    return limit;
  }
  return fallback;
}

}  // namespace sigap::api
