#pragma once

// SKM surveys and their responses as rows.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.h"
#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

using nlohmann::json;

// "443403444": one digit per element.
inline std::string AnswersText(const std::vector<uint8_t>& answers) {
  std::string out;
  out.reserve(answers.size());
  for (const uint8_t a : answers) out.push_back(static_cast<char>('0' + (a <= 9 ? a : 0)));
  return out;
}

inline std::vector<uint8_t> AnswersFromText(const std::string& text) {
  std::vector<uint8_t> out;
  out.reserve(text.size());
  for (const char c : text) out.push_back(c >= '0' && c <= '4' ? static_cast<uint8_t>(c - '0') : 0);
  return out;
}

template <class Stmt>
Survey SurveyFromRow(const Stmt& s) {
  Survey out;
  out.id = s.Int(0);
  out.pemda_id = s.Int(1);
  out.unit_code = s.Text(2);
  out.service_code = s.Text(3);
  out.period = s.Text(4);
  out.starts_on = ParseDay(s.Text(5)).value_or(std::chrono::year_month_day{});
  out.ends_on = ParseDay(s.Text(6)).value_or(std::chrono::year_month_day{});
  const json extra = json::parse(s.Text(7), nullptr, false);
  if (extra.is_array()) {
    for (const auto& e : extra) {
      if (!e.is_object()) continue;
      out.extra_elements.emplace_back(e.value("code", ""), e.value("name", ""));
    }
  }
  const json weights = json::parse(s.Text(8), nullptr, false);
  if (weights.is_array()) {
    for (const auto& w : weights) {
      if (w.is_number()) out.weights.push_back(w.get<double>());
    }
  }
  out.created_by = s.Text(9);
  out.created_at = FromMicros(s.Int(10));
  return out;
}

// Writes a survey on the writer's connection; returns its id.
template <class Conn>
Result<int64_t> InsertSurvey(Conn& conn, const Survey& survey) {
  // One survey per unit, service and period, checked in the transaction
  // that writes it (on PostgreSQL under the key's advisory lock, which the
  // caller takes: two nodes would otherwise both find none).
  auto same = conn.Prepare(
      "SELECT id FROM surveys WHERE pemda_id = ? AND unit_code = ? AND service_code = ? AND "
      "period = ?");
  if (!same) return Fail(same.error());
  (*same)->Bind(1, survey.pemda_id).Bind(2, survey.unit_code);
  (*same)->Bind(3, survey.service_code).Bind(4, survey.period);
  auto found = (*same)->Step();
  if (!found) return Fail(found.error());
  const int64_t other = *found ? (*same)->Int(0) : 0;
  (*same)->Reset();
  if (other != 0) {
    return Fail(ErrorCode::kConflict, "a survey of this unit, service and period exists",
                {{"period", "taken",
                  "survey " + std::to_string(other) + " has this unit, service and period"}});
  }
  json extra = json::array();
  for (const auto& [code, name] : survey.extra_elements) {
    extra.push_back({{"code", code}, {"name", name}});
  }
  const std::string extra_text = extra.dump();
  const std::string weights_text = json(survey.weights).dump();
  const std::string starts = DayText(survey.starts_on), ends = DayText(survey.ends_on);
  auto insert = conn.Prepare(
      "INSERT INTO surveys (pemda_id, unit_code, service_code, period, starts_on, ends_on, "
      "extra_elements, weights, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?) "
      "RETURNING id");
  if (!insert) return Fail(insert.error());
  (*insert)->Bind(1, survey.pemda_id).Bind(2, survey.unit_code).Bind(3, survey.service_code);
  (*insert)->Bind(4, survey.period).Bind(5, starts).Bind(6, ends);
  (*insert)->Bind(7, extra_text).Bind(8, weights_text).Bind(9, survey.created_by);
  (*insert)->Bind(10, ToMicros(survey.created_at));
  auto row = (*insert)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kInternal, "survey insert returned nothing");
  const int64_t id = (*insert)->Int(0);
  (*insert)->Reset();
  return id;
}

// Writes responses on the writer's connection, appending their ids to
// `ids`. kNotFound for a survey absent from the response's Pemda, kConflict
// (on case_code) for a case that answered its survey already.
template <class Conn>
Status InsertResponses(Conn& conn, const std::vector<SurveyResponse>& responses,
                       std::vector<int64_t>& ids, size_t* already = nullptr) {
  auto check = conn.Prepare("SELECT 1 FROM surveys WHERE id = ? AND pemda_id = ?");
  if (!check) return Fail(check.error());
  auto insert = conn.Prepare(
      "INSERT INTO survey_responses (pemda_id, survey_id, answers, answered_on, service_code, "
      "jenis_kelamin, usia, pendidikan, pekerjaan, saran, case_id, channel, created_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  if (!insert) return Fail(insert.error());
  // An imported row: one whose key the survey has already is passed over.
  auto keyed = conn.Prepare(
      "INSERT INTO survey_responses (pemda_id, survey_id, answers, answered_on, service_code, "
      "jenis_kelamin, usia, pendidikan, pekerjaan, saran, case_id, channel, created_at, "
      "import_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING id");
  if (!keyed) return Fail(keyed.error());
  int64_t checked_survey = 0;
  for (const SurveyResponse& r : responses) {
    if (r.survey_id != checked_survey) {
      (*check)->Bind(1, r.survey_id).Bind(2, r.pemda_id);
      auto found = (*check)->Step();
      if (!found) return Fail(found.error());
      (*check)->Reset();
      if (!*found) return Fail(ErrorCode::kNotFound, "no such survey");
      checked_survey = r.survey_id;
    }
    const bool imported = !r.import_key.empty();
    auto& in = imported ? **keyed : **insert;
    const std::string answers = AnswersText(r.answers), date = DayText(r.answered_on);
    in.Bind(1, r.pemda_id).Bind(2, r.survey_id).Bind(3, answers).Bind(4, date);
    in.Bind(5, r.service_code).Bind(6, r.jenis_kelamin).Bind(7, r.usia);
    in.Bind(8, r.pendidikan).Bind(9, r.pekerjaan).Bind(10, r.saran);
    if (r.case_id != 0) {
      in.Bind(11, r.case_id);
    } else {
      in.BindNull(11);
    }
    in.Bind(12, r.channel).Bind(13, ToMicros(r.created_at));
    if (imported) in.Bind(14, r.import_key);
    auto row = in.Step();
    if (!row) {
      in.Reset();
      if (row.error().code == ErrorCode::kConflict) {
        return Fail(ErrorCode::kConflict, "this case already answered this survey",
                    {{"case_code", "already_answered", ""}});
      }
      return Fail(row.error());
    }
    if (!*row && imported) {
      if (already != nullptr) ++*already;
      in.Reset();
      continue;
    }
    if (!*row) return Fail(ErrorCode::kInternal, "response insert returned nothing");
    ids.push_back(in.Int(0));
    in.Reset();
  }
  return {};
}

// One file's responses in one transaction (Store::ImportSurveyResponses):
// the survey when it is new, the responses, and the file's fingerprint,
// refused (kConflict on `file`) when the survey took the same responses
// before.
template <class Conn>
Result<SurveyImportResult> ImportResponses(Conn& conn, const std::optional<Survey>& new_survey,
                                           const SurveyImport& import,
                                           std::vector<SurveyResponse>& responses) {
  SurveyImportResult out;
  out.survey_id = import.survey_id;
  if (new_survey) {
    auto id = InsertSurvey(conn, *new_survey);
    if (!id) return Fail(id.error());
    out.survey_id = *id;
  }
  auto earlier = conn.Prepare(
      "SELECT file_name, imported_at, imported_by FROM survey_imports WHERE survey_id = ? AND "
      "fingerprint = ?");
  if (!earlier) return Fail(earlier.error());
  (*earlier)->Bind(1, out.survey_id).Bind(2, import.fingerprint);
  auto found = (*earlier)->Step();
  if (!found) return Fail(found.error());
  if (*found) {
    SurveyImport before;
    before.survey_id = out.survey_id;
    before.file_name = (*earlier)->Text(0);
    before.imported_at = FromMicros((*earlier)->Int(1));
    before.imported_by = (*earlier)->Text(2);
    (*earlier)->Reset();
    out.earlier = std::move(before);
    return out;
  }
  (*earlier)->Reset();
  for (auto& r : responses) r.survey_id = out.survey_id;
  if (auto s = InsertResponses(conn, responses, out.ids, &out.already); !s) {
    return Fail(s.error());
  }
  if (import.refuse_repeats && out.already > 0) {
    return Fail(ErrorCode::kConflict, "responses imported before",
                {{"file", "already_imported", std::to_string(out.already)}});
  }
  auto record = conn.Prepare(
      "INSERT INTO survey_imports (pemda_id, survey_id, fingerprint, file_name, responses, "
      "imported_by, imported_at) VALUES (?,?,?,?,?,?,?)");
  if (!record) return Fail(record.error());
  (*record)->Bind(1, import.pemda_id).Bind(2, out.survey_id).Bind(3, import.fingerprint);
  (*record)->Bind(4, import.file_name).Bind(5, static_cast<int64_t>(out.ids.size()));
  (*record)->Bind(6, import.imported_by).Bind(7, ToMicros(import.imported_at));
  if (auto s = (*record)->Run(); !s) return Fail(s.error());
  return out;
}

// Store::ListCaseRatings: the case's ratings, one per resolution, first
// resolution first.
template <class Conn>
Result<std::vector<CaseRating>> CaseRatings(Conn& conn, PemdaId pemda, CaseId id) {
  auto stmt = conn.Prepare(
      "SELECT agency_code, stars, comment, created_at, resolution FROM case_ratings "
      "WHERE case_id = ? AND pemda_id = ? ORDER BY resolution");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, id).Bind(2, pemda);
  std::vector<CaseRating> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const auto& s = **stmt;
    out.push_back({id, pemda, s.Text(0), static_cast<int>(s.Int(1)), s.Text(2),
                   FromMicros(s.Int(3)), static_cast<int>(s.Int(4))});
  }
  (*stmt)->Reset();
  return out;
}

}  // namespace sigap::store::rows
