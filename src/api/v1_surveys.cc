// Issue 6, satisfaction surveys (SKM, PermenPAN-RB 14/2017):
// POST/GET /api/v1/surveys, POST /api/v1/surveys/{id}/responses (public,
// anonymous), GET /api/v1/ikm (the structure of `sigap ikm --format json`
// plus the change against the previous period) and its XLSX/PDF reports.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "api/context.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/lane.h"
#include "app/satisfaction_book.h"
#include "domain/skm_tally.h"
#include "domain/text.h"
#include "domain/time.h"
#include "http/rate_limiter.h"
#include "report/ikm_report.h"

namespace sigap::api {
namespace {

using nlohmann::json;
using std::chrono::year_month_day;

std::optional<http::Response> NotConfigured(ApiContext& ctx, const http::Request& request) {
  if (ctx.satisfaction) return std::nullopt;
  return ErrorResponse(request, Error{ErrorCode::kUnavailable, "surveys are not configured"});
}

bool IsOpen(const store::Survey& s, year_month_day today) {
  return !(today < s.starts_on) && !(s.ends_on < today);
}

json SurveyJson(const store::Survey& s, const std::string& unit_name, year_month_day today) {
  json elements = json::array();
  auto definition = app::SurveyDefinition(s);
  if (definition) {
    for (const auto& e : definition->elements()) {
      elements.push_back({{"code", e.code},
                          {"name", e.name},
                          {"name_en", e.name_en},
                          {"answers", e.answers},
                          {"answers_en", e.answers_en[0].empty() ? e.answers : e.answers_en}});
    }
  }
  return json{{"id", s.id},
              {"unit_code", s.unit_code},
              {"unit_name", unit_name},
              {"service_code", s.service_code},
              {"period", s.period},
              {"starts_on", DayText(s.starts_on)},
              {"ends_on", DayText(s.ends_on)},
              {"open", IsOpen(s, today)},
              {"elements", std::move(elements)},
              {"weights", definition ? json(definition->weights()) : json::array()}};
}

http::Response CreateSurvey(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto admin = RequireAdmin(ctx, request);
  if (admin.problem) return std::move(*admin.problem);
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);
  std::vector<FieldError> errors;
  store::Survey s;
  s.pemda_id = admin.pemda.id;
  if (auto v = ReadString(body.value, "unit_code", "", errors)) s.unit_code = domain::Trim(*v);
  if (auto v = ReadString(body.value, "service_code", "", errors)) {
    s.service_code = domain::Trim(*v);
  }
  if (auto v = ReadString(body.value, "period", "", errors)) s.period = domain::Trim(*v);
  for (const char* key : {"starts_on", "ends_on"}) {
    auto v = ReadString(body.value, key, "", errors);
    if (!v || v->empty()) continue;
    const auto date = ParseDay(*v);
    if (!date) {
      errors.push_back({key, "invalid_format", "YYYY-MM-DD"});
    } else {
      (std::string_view(key) == "starts_on" ? s.starts_on : s.ends_on) = *date;
    }
  }
  if (const auto it = body.value.find("scheme"); it != body.value.end() && !it->is_null()) {
    if (!(it->is_string() && *it == "2017") && !(it->is_number() && *it == 2017)) {
      errors.push_back({"scheme", "invalid_value", "2017", {"2017"}});
    }
  }
  if (const auto it = body.value.find("extra_elements"); it != body.value.end() && !it->is_null()) {
    if (!it->is_array()) {
      errors.push_back({"extra_elements", "invalid_type", "an array"});
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        const json& e = (*it)[i];
        if (e.is_string()) {
          s.extra_elements.emplace_back("", domain::Trim(e.get<std::string>()));
        } else if (e.is_object() && e.contains("name") && e["name"].is_string()) {
          s.extra_elements.emplace_back("", domain::Trim(e["name"].get<std::string>()));
        } else {
          errors.push_back({"extra_elements[" + std::to_string(i) + "]", "invalid_type",
                            "a name or {\"name\"}"});
        }
      }
    }
  }
  if (const auto it = body.value.find("weights"); it != body.value.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > 16) {
      errors.push_back({"weights", "invalid_type", "an array of numbers"});
    } else {
      for (const auto& w : *it) {
        if (!w.is_number()) {
          errors.push_back({"weights", "invalid_type", "an array of numbers"});
          break;
        }
        s.weights.push_back(w.get<double>());
      }
    }
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  s.created_by = admin.principal.Actor();
  auto created = ctx.satisfaction->CreateSurvey(std::move(s));
  if (!created) return ErrorResponse(request, created.error());
  auto agency = ctx.store.FindAgency(admin.pemda.id, created->unit_code);
  return JsonResponse(
      SurveyJson(*created, agency ? agency->name : "", ctx.satisfaction->Today(admin.pemda)), 201);
}

http::Response ListSurveys(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  auto caller = Authenticate(ctx, request, pemda.pemda);
  if (caller.problem) return std::move(*caller.problem);
  // The public (the citizen form) sees the surveys open today only.
  const bool only_open = !caller.principal || request.Query("open").value_or("") == "1";
  auto surveys = ctx.satisfaction->Surveys(pemda.pemda.id);
  if (!surveys) return ErrorResponse(request, surveys.error());
  auto agencies = ctx.store.ListAgencies(pemda.pemda.id);
  if (!agencies) return ErrorResponse(request, agencies.error());
  const auto today = ctx.satisfaction->Today(pemda.pemda);
  json items = json::array();
  for (const auto& s : *surveys) {
    if (only_open && !IsOpen(s, today)) continue;
    std::string name;
    for (const auto& a : *agencies) {
      if (a.code == s.unit_code) name = a.name;
    }
    items.push_back(SurveyJson(s, name, today));
  }
  auto response = JsonResponse(json{{"items", std::move(items)}, {"today", DayText(today)}});
  response.With("Cache-Control", "no-cache");
  return response;
}

// Reads an optional short text (a demographic answer).
void ReadShort(const json& body, const char* key, size_t max, std::string& field,
               std::vector<FieldError>& errors) {
  auto v = ReadString(body, key, "", errors);
  if (!v) return;
  field = domain::Trim(*v);
  if (field.size() > max) errors.push_back({key, "too_long", "at most " + std::to_string(max)});
}

http::Response PostResponse(ApiContext& ctx, http::RateLimiter& limiter, http::Request& request) {
  // Anyone may answer, so each client IP gets a token bucket: enough for a
  // service counter's tablet, not for a script filling the IKM with ones.
  if (const auto wait = limiter.Take(request.remote_address, ctx.clock.Now()); wait.count() > 0) {
    return RateLimited(request, wait);
  }
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  const std::string& id_text = request.params["id"];
  char* end = nullptr;
  const long long id = std::strtoll(id_text.c_str(), &end, 10);
  if (*end != '\0' || id <= 0 || id_text.size() > 18) {
    return ErrorResponse(request, Error{ErrorCode::kNotFound, "no such survey"});
  }
  auto survey = ctx.satisfaction->FindSurvey(pemda.pemda.id, id);
  if (!survey) return ErrorResponse(request, survey.error());
  auto definition = app::SurveyDefinition(*survey);
  if (!definition) return ErrorResponse(request, definition.error());
  auto body = ParseJsonBody(request);
  if (body.problem) return std::move(*body.problem);

  std::vector<FieldError> errors;
  store::SurveyResponse r;
  r.pemda_id = pemda.pemda.id;
  r.survey_id = survey->id;
  const size_t n = definition->elements().size();
  r.answers.assign(n, 0);
  const auto answers = body.value.find("answers");
  auto take = [&](const json& v, size_t e) {
    const std::string field = "answers." + definition->elements()[e].code;
    if (v.is_null()) return;
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 4) {
      errors.push_back({field, "out_of_range", "1..4"});
      return;
    }
    r.answers[e] = static_cast<uint8_t>(v.get<int64_t>());
  };
  if (answers == body.value.end() || answers->is_null()) {
    errors.push_back({"answers", "required", ""});
  } else if (answers->is_array()) {
    if (answers->size() != n) {
      errors.push_back({"answers", "invalid_value", std::to_string(n) + " answers"});
    } else {
      for (size_t e = 0; e < n; ++e) take((*answers)[e], e);
    }
  } else if (answers->is_object()) {
    for (const auto& [key, value] : answers->items()) {
      const int e = definition->FindElement(key);
      if (e < 0) {
        errors.push_back({"answers." + key, "unknown", "no such element"});
      } else {
        take(value, static_cast<size_t>(e));
      }
    }
  } else {
    errors.push_back({"answers", "invalid_type", "an object {\"U1\": 1..4, …} or an array"});
  }
  ReadShort(body.value, "jenis_kelamin", 40, r.jenis_kelamin, errors);
  // An age may come as a number (35) or as the form's band ("25-34").
  if (const auto age = body.value.find("usia");
      age != body.value.end() && age->is_number_integer() && age->get<int64_t>() >= 0 &&
      age->get<int64_t>() <= 150) {
    r.usia = std::to_string(age->get<int64_t>());
  } else {
    ReadShort(body.value, "usia", 40, r.usia, errors);
  }
  ReadShort(body.value, "pendidikan", 60, r.pendidikan, errors);
  ReadShort(body.value, "pekerjaan", 60, r.pekerjaan, errors);
  ReadShort(body.value, "saran", 2000, r.saran, errors);
  ReadShort(body.value, "service_code", 64, r.service_code, errors);
  std::string channel = "api", case_code, secret, answered_on;
  ReadShort(body.value, "channel", 10, channel, errors);
  if (channel.empty()) channel = "api";
  if (channel != "web" && channel != "api") {
    errors.push_back({"channel", "invalid_value", "", {"web", "api"}});
  }
  ReadShort(body.value, "case_code", 40, case_code, errors);
  ReadShort(body.value, "reporter_secret", 200, secret, errors);
  ReadShort(body.value, "answered_on", 10, answered_on, errors);
  const auto today = ctx.satisfaction->Today(pemda.pemda);
  r.answered_on = today;
  if (!answered_on.empty()) {
    if (auto d = ParseDay(answered_on)) {
      r.answered_on = *d;
      if (today < *d) errors.push_back({"answered_on", "out_of_range", "not in the future"});
    } else {
      errors.push_back({"answered_on", "invalid_format", "YYYY-MM-DD"});
    }
  }
  if (!r.service_code.empty() && survey->service_code.empty()) {
    auto service = ctx.store.FindService(pemda.pemda.id, r.service_code);
    if (!service) {
      if (service.error().code != ErrorCode::kNotFound) {
        return ErrorResponse(request, service.error());
      }
      errors.push_back({"service_code", "unknown", ""});
    }
  }
  if (!case_code.empty() && secret.empty()) {
    errors.push_back({"reporter_secret", "required", "with case_code"});
  }
  if (!errors.empty()) return ProblemResponse(request, 422, "validation", std::move(errors));
  if (answered_on.empty() && !IsOpen(*survey, today)) {
    return ProblemResponse(request, 409, "conflict", {{"survey", "closed", ""}});
  }
  if (!case_code.empty()) {
    // Only the reporter may link their case (the secret of the receipt).
    auto view = ctx.reader.View(pemda.pemda.id, case_code, nullptr, secret);
    if (!view || view->viewer != app::Viewer::kReporter) {
      return ProblemResponse(request, 403, "forbidden", {{"reporter_secret", "invalid_value", ""}});
    }
    // A case rates the unit that handled it, not another one's service.
    if (view->c.agency_code != survey->unit_code) {
      return ProblemResponse(request, 422, "validation",
                             {{"case_code", "other_unit", view->c.agency_code}});
    }
    r.case_id = view->c.id;
    // An SKM response is anonymous (PermenPAN-RB 14/2017): linked to a case
    // whose reporter is known, its suggestion keeps no word of their name
    // nor their contact details ("Hormat saya Bambang Sutrisno, ...").
    r.saran = domain::MaskPersonalText(r.saran, view->c.submission.reporter.name);
  }
  r.channel = channel;
  auto saved = ctx.satisfaction->Submit(std::move(r));
  if (!saved) return ErrorResponse(request, saved.error());
  // Nothing about the respondent is echoed back.
  return JsonResponse(json{{"id", *saved}, {"survey_id", survey->id}}, 201);
}

// Who may read the IKM: admins, leaders and agency roles: an officer their
// own unit only, a head theirs (the default) and its units (a Dinas's
// UPTD and Puskesmas, and their units in turn).
struct IkmAccess {
  domain::Pemda pemda;
  std::string forced_unit;               // "" = any unit
  std::vector<std::string> other_units;  // with forced_unit: the others it may ask for
  std::optional<http::Response> problem;
};

IkmAccess RequireIkmReader(ApiContext& ctx, const http::Request& request) {
  IkmAccess out;
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) {
    out.problem = std::move(pemda.problem);
    return out;
  }
  out.pemda = pemda.pemda;
  auto caller = Authenticate(ctx, request, out.pemda);
  if (caller.problem) {
    out.problem = std::move(caller.problem);
    return out;
  }
  if (!caller.principal) {
    out.problem = ProblemResponse(request, 401, "unauthenticated");
    return out;
  }
  switch (caller.principal->role) {
    case domain::Role::kAdmin:
    case domain::Role::kLeader:
      break;
    case domain::Role::kAgencyOfficer:
      out.forced_unit = caller.principal->agency_code;
      break;
    case domain::Role::kAgencyHead:
      out.forced_unit = caller.principal->agency_code;
      out.other_units = std::move(caller.principal->units);
      break;
    case domain::Role::kVerifier:
    case domain::Role::kAuditor:
      out.problem = ProblemResponse(request, 403, "forbidden");
      break;
  }
  return out;
}

struct ParsedIkm {
  app::IkmQuery query;
  std::optional<http::Response> problem;
};

// 403 for a unit `access` may not read, naming it (by its name when the
// Pemda has it) in the request's language.
http::Response UnitForbidden(ApiContext& ctx, const http::Request& request, const IkmAccess& access,
                             const std::string& unit) {
  std::string name = unit;
  if (auto agency = ctx.store.FindAgency(access.pemda.id, unit)) {
    name = agency->name + " (" + unit + ")";
  }
  return ProblemWithDetail(
      request, 403, "forbidden", "Anda tidak berwenang melihat IKM unit " + name + ".",
      "You are not allowed to see the IKM of " + name + ".", {{"unit", "forbidden", ""}});
}

ParsedIkm ParseIkmQuery(ApiContext& ctx, const http::Request& request, const IkmAccess& access) {
  ParsedIkm out;
  std::vector<FieldError> errors;
  auto& q = out.query;
  q.unit = std::string(request.Query("unit").value_or(""));
  q.service = std::string(request.Query("service").value_or(""));
  if (!access.forced_unit.empty()) {
    if (q.unit.empty()) {
      q.unit = access.forced_unit;
    } else if (q.unit != access.forced_unit &&
               std::find(access.other_units.begin(), access.other_units.end(), q.unit) ==
                   access.other_units.end()) {
      out.problem = UnitForbidden(ctx, request, access, q.unit);
      return out;
    }
  }
  for (const char* key : {"from", "to"}) {
    const auto v = request.Query(key);
    if (!v || v->empty()) continue;
    const auto date = ParseDay(*v);
    if (!date) {
      errors.push_back({key, "invalid_format", "YYYY-MM-DD"});
    } else {
      (std::string_view(key) == "from" ? q.from : q.to) = *date;
    }
  }
  if (q.from && q.to && *q.to < *q.from) errors.push_back({"to", "out_of_range", "before from"});
  q.by = std::string(request.Query("by").value_or(""));
  if (!q.by.empty() && q.by != "month" && q.by != "quarter" && q.by != "unit" &&
      q.by != "service") {
    errors.push_back({"by",
                      "invalid_value",
                      "month, quarter, unit or service",
                      {"month", "quarter", "unit", "service"}});
  }
  if (auto v = request.Query("survey"); v && !v->empty()) {
    const std::string text(*v);
    char* end = nullptr;
    const long long id = std::strtoll(text.c_str(), &end, 10);
    if (*end != '\0' || id <= 0 || text.size() > 18) {
      errors.push_back({"survey", "invalid_format", ""});
    } else {
      q.survey_id = id;
    }
  }
  // The report's language: the app's choice, which a download link carries
  // (a browser's Accept-Language may say otherwise).
  if (auto v = request.Query("lang"); v && !v->empty() && *v != "id" && *v != "en") {
    errors.push_back({"lang", "invalid_value", "id or en", {"id", "en"}});
  }
  if (auto v = request.Query("population"); v && !v->empty()) {
    const std::string text(*v);
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (*end != '\0' || n < 1 || text.size() > 12) {
      errors.push_back({"population", "out_of_range", "a positive integer"});
    } else {
      q.population = n;
    }
  }
  if (!errors.empty()) out.problem = ProblemResponse(request, 422, "validation", std::move(errors));
  return out;
}

report::IkmReport ReportOf(const app::IkmResult& result, const app::IkmQuery& q,
                           const std::string& unit_name, const http::Request& request) {
  report::IkmReport r;
  r.definition = result.definition;
  r.overall = result.overall;
  r.group_by = q.by;
  for (const auto& [key, score] : result.groups) r.groups.push_back({key, score});
  if (q.population) {
    const int64_t required = domain::KrejcieMorganSample(*q.population);
    r.sample = report::IkmSample{*q.population, required, result.overall.respondents,
                                 result.overall.respondents >= static_cast<uint64_t>(required)};
  }
  r.unit_name = unit_name;
  if (q.from || q.to) {
    r.period = (q.from ? DayText(*q.from) : std::string("…")) + " – " +
               (q.to ? DayText(*q.to) : std::string("…"));
  }
  r.source = "sigap";
  const auto chosen = request.Query("lang").value_or("");
  const bool english = chosen.empty() ? RequestLang(request) == Lang::kEn : chosen == "en";
  r.lang = english ? report::Lang::kEn : report::Lang::kId;
  for (const auto& [column, counts] : result.demographics)
    r.demographics.push_back({column, counts});
  if (q.keep_answers) {
    r.answers = &result.answers;
    r.info_names = result.info_names;
    r.info_values = result.info_values;  // suggestions masked by the workbook (ikm_xlsx.cc)
  }
  return r;
}

// What the report is about, as its header says: the unit's name (the
// Pemda's without one) and the period, the survey's own when one is asked
// for.
struct ReportSubject {
  std::string unit_name;
  std::string period;  // "" = the dates of the query
};

// Krejcie & Morgan's sample is of the service's users in the period: fewer
// users than the respondents found is a typing error, not an adequate
// sample.
std::optional<http::Response> PopulationProblem(const http::Request& request,
                                                const app::IkmQuery& q,
                                                const app::IkmResult& result) {
  if (!q.population || static_cast<uint64_t>(*q.population) >= result.overall.respondents) {
    return std::nullopt;
  }
  return ProblemResponse(
      request, 422, "validation",
      {{"population", "out_of_range",
        "fewer than the " + std::to_string(result.overall.respondents) + " respondents found"}});
}

ReportSubject SubjectOf(ApiContext& ctx, const domain::Pemda& pemda, const app::IkmQuery& q) {
  ReportSubject subject{pemda.name, ""};
  std::string unit = q.unit;
  if (q.survey_id != 0) {
    if (auto survey = ctx.satisfaction->FindSurvey(pemda.id, q.survey_id)) {
      if (unit.empty()) unit = survey->unit_code;
      subject.period = survey->period;
    }
  }
  if (!unit.empty()) {
    if (auto agency = ctx.store.FindAgency(pemda.id, unit)) subject.unit_name = agency->name;
  }
  return subject;
}

double Round2(double v) { return std::round(v * 100) / 100; }

http::Response GetIkm(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto access = RequireIkmReader(ctx, request);
  if (access.problem) return std::move(*access.problem);
  auto parsed = ParseIkmQuery(ctx, request, access);
  if (parsed.problem) return std::move(*parsed.problem);
  const auto& q = parsed.query;
  auto result = ctx.satisfaction->Query(access.pemda.id, q);
  if (!result) return ErrorResponse(request, result.error());
  if (auto p = PopulationProblem(request, q, *result)) return std::move(*p);
  const ReportSubject subject = SubjectOf(ctx, access.pemda, q);
  auto report = ReportOf(*result, q, subject.unit_name, request);
  if (!subject.period.empty()) report.period = subject.period;
  std::ostringstream text;
  report::WriteIkmJson(report, text);
  auto doc = nlohmann::ordered_json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) {
    return ErrorResponse(request, Error{ErrorCode::kInternal, "ikm json did not parse"});
  }
  doc["unit"] = q.unit.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(q.unit);
  doc["service"] =
      q.service.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(q.service);
  doc["from"] = q.from ? nlohmann::ordered_json(DayText(*q.from)) : nlohmann::ordered_json(nullptr);
  doc["to"] = q.to ? nlohmann::ordered_json(DayText(*q.to)) : nlohmann::ordered_json(nullptr);
  doc["common_elements_only"] = result->common_elements_only;

  // The previous period: as many whole calendar months before when the
  // period is whole months (a month against the month before, a quarter
  // against the quarter before), else of equal length. And whether the
  // change is larger than the noise: the 95% interval of a difference of
  // two independent estimates has the half width √(h₁² + h₂²).
  nlohmann::ordered_json change = nullptr;
  if (q.from && q.to) {
    using namespace std::chrono;
    const auto from = sys_days(*q.from), to = sys_days(*q.to);
    app::IkmQuery previous = q;
    previous.by.clear();
    previous.keep_answers = false;
    const bool whole_months =
        q.from->day() == day{1} && year_month_day{to + days{1}}.day() == day{1};
    if (whole_months) {
      const months span =
          (q.to->year() / q.to->month() - q.from->year() / q.from->month()) + months{1};
      const year_month first = q.from->year() / q.from->month() - span;
      previous.from = year_month_day{first / 1};
      previous.to = year_month_day{from - days{1}};
    } else {
      const auto length = to - from + days{1};
      previous.from = year_month_day{from - length};
      previous.to = year_month_day{from - days{1}};
    }
    auto before = ctx.satisfaction->Query(access.pemda.id, previous);
    if (!before) return ErrorResponse(request, before.error());
    const auto& now_score = result->overall;
    const auto& then_score = before->overall;
    change = {{"previous",
               {{"from", DayText(*previous.from)},
                {"to", DayText(*previous.to)},
                {"respondents", then_score.respondents},
                {"ikm", then_score.ikm_rounded ? nlohmann::ordered_json(*then_score.ikm_rounded)
                                               : nlohmann::ordered_json(nullptr)},
                {"ci_half_width", then_score.ci
                                      ? nlohmann::ordered_json(Round2(then_score.ci->half_width))
                                      : nlohmann::ordered_json(nullptr)}}},
              {"delta", nullptr},
              {"ci", nullptr},
              {"exceeds_noise", false}};
    if (now_score.ikm && then_score.ikm) {
      const double delta = *now_score.ikm - *then_score.ikm;
      change["delta"] = Round2(delta);
      if (now_score.ci && then_score.ci) {
        const double half = domain::ChangeInterval(*now_score.ci, *then_score.ci).half_width;
        change["ci"] = {{"level", 0.95},
                        {"lower", Round2(delta - half)},
                        {"upper", Round2(delta + half)},
                        {"half_width", Round2(half)}};
        change["exceeds_noise"] = std::abs(delta) > half;
      }
    }
  }
  doc["change"] = std::move(change);
  http::Response response;
  response.content_type = "application/json";
  response.body = doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  response.With("Cache-Control", "private, no-cache");
  response.With("Vary", "Accept-Language");  // the labels: ?lang=, else the caller's language
  return response;
}

// The IKM the Pemda publishes (PermenPAN-RB 14/2017 asks that SKM results
// be made public): each unit's index, grade and respondents for a period,
// and the Pemda's, for anyone. Figures only: no suggestion, no demographic,
// no response. Default period: the last 12 whole months and this one.
http::Response GetPublicIkm(ApiContext& ctx, http::Request& request) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  IkmAccess access;
  auto pemda = RequirePemda(ctx, request);
  if (pemda.problem) return std::move(*pemda.problem);
  access.pemda = pemda.pemda;
  // The whole Pemda's figures by unit: no narrower query (the officers'
  // GET /api/v1/ikm has those).
  for (const char* narrowing : {"unit", "service", "survey", "by", "population"}) {
    if (request.Query(narrowing)) {
      return ProblemResponse(request, 422, "validation",
                             {{narrowing, "unknown_field", "from and to only"}});
    }
  }
  auto parsed = ParseIkmQuery(ctx, request, access);
  if (parsed.problem) return std::move(*parsed.problem);
  auto& q = parsed.query;
  if (!q.from && !q.to) {
    using namespace std::chrono;
    const year_month_day today = app::SatisfactionBook::LocalDate(access.pemda, ctx.clock.Now());
    q.to = today;
    q.from = year_month_day{today.year() - years(1), today.month(), day{1}};
  }
  q.by = "unit";
  auto result = ctx.satisfaction->Query(access.pemda.id, q);
  if (!result) return ErrorResponse(request, result.error());
  std::map<std::string, std::string> names;
  if (auto agencies = ctx.store.ListAgencies(access.pemda.id)) {
    for (const auto& a : *agencies) names[a.code] = a.name;
  }
  const auto score = [](const domain::SkmScore& s) {
    json out{{"respondents", s.respondents}};
    out["ikm"] = s.ikm_rounded ? json(*s.ikm_rounded) : json(nullptr);
    out["mutu"] = s.grade ? json(std::string(1, s.grade->mutu)) : json(nullptr);
    out["kinerja"] = s.grade ? json(s.grade->kinerja) : json(nullptr);
    out["kinerja_en"] = s.grade ? json(s.grade->kinerja_en) : json(nullptr);
    return out;
  };
  json units = json::array();
  for (const auto& [code, unit] : result->groups) {
    json u = score(unit);
    u["code"] = code;
    const auto name = names.find(code);
    u["name"] = name == names.end() ? code : name->second;
    units.push_back(std::move(u));
  }
  json out{{"pemda", access.pemda.name},
           {"from", q.from ? json(DayText(*q.from)) : json(nullptr)},
           {"to", q.to ? json(DayText(*q.to)) : json(nullptr)},
           {"overall", score(result->overall)},
           {"units", std::move(units)}};
  auto response = JsonResponse(out);
  response.With("Cache-Control", "public, max-age=300");
  return response;
}

http::Response GetIkmFile(ApiContext& ctx, http::Request& request, bool pdf) {
  if (auto p = NotConfigured(ctx, request)) return std::move(*p);
  auto access = RequireIkmReader(ctx, request);
  if (access.problem) return std::move(*access.problem);
  auto parsed = ParseIkmQuery(ctx, request, access);
  if (parsed.problem) return std::move(*parsed.problem);
  auto& q = parsed.query;
  q.keep_answers = !pdf;
  auto result = ctx.satisfaction->Query(access.pemda.id, q);
  if (!result) return ErrorResponse(request, result.error());
  if (auto p = PopulationProblem(request, q, *result)) return std::move(*p);
  const ReportSubject subject = SubjectOf(ctx, access.pemda, q);
  auto report = ReportOf(*result, q, subject.unit_name, request);
  if (!subject.period.empty()) report.period = subject.period;

  namespace fs = std::filesystem;
  std::random_device random;
  std::error_code ec;
  const fs::path path =
      fs::temp_directory_path(ec) / ("sigap-ikm-" + std::to_string(random()) + "-" +
                                     request.request_id + (pdf ? ".pdf" : ".xlsx"));
  const Status written =
      pdf ? report::WriteIkmPdf(report, path) : report::WriteIkmXlsx(report, path);
  if (!written) {
    fs::remove(path, ec);
    return ErrorResponse(request, written.error());
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  in.close();
  fs::remove(path, ec);
  http::Response response;
  response.content_type =
      pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  response.body = bytes.str();
  response.With("Content-Disposition", std::string("attachment; filename=\"ikm") +
                                           (q.unit.empty() ? "" : "-" + q.unit) +
                                           (pdf ? ".pdf\"" : ".xlsx\""));
  response.With("Cache-Control", "private, no-cache");
  response.With("Vary", "Accept-Language");  // the labels: ?lang=, else the caller's language
  return response;
}

}  // namespace

void RegisterSurveyRoutes(http::Router& router, ApiContext& ctx) {
  router.AddSync(
      "GET", "/api/v1/surveys", [&ctx](http::Request& r) { return ListSurveys(ctx, r); },
      "surveys_list");
  router.AddSync(
      "POST", "/api/v1/surveys", [&ctx](http::Request& r) { return CreateSurvey(ctx, r); },
      "surveys_create");
  auto limiter = std::make_shared<http::RateLimiter>(
      http::RateLimiter::Options{.burst = static_cast<double>(ctx.options.survey_burst),
                                 .per_minute = static_cast<double>(ctx.options.survey_per_minute)});
  router.AddSync(
      "POST", "/api/v1/surveys/{id}/responses",
      [&ctx, limiter](http::Request& r) { return PostResponse(ctx, *limiter, r); },
      "surveys_respond");
  AddOnLane(
      router, ctx.reports, "GET", "/api/v1/ikm",
      [&ctx](http::Request& r) { return GetIkm(ctx, r); }, "ikm");
  AddOnLane(
      router, ctx.reports, "GET", "/api/v1/ikm/public",
      [&ctx](http::Request& r) { return GetPublicIkm(ctx, r); }, "ikm_public");
  AddOnLane(
      router, ctx.reports, "GET", "/api/v1/ikm/report.xlsx",
      [&ctx](http::Request& r) { return GetIkmFile(ctx, r, false); }, "ikm_xlsx");
  AddOnLane(
      router, ctx.reports, "GET", "/api/v1/ikm/report.pdf",
      [&ctx](http::Request& r) { return GetIkmFile(ctx, r, true); }, "ikm_pdf");
}

}  // namespace sigap::api
