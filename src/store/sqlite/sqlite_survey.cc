// SqliteStore: satisfaction surveys, their responses and per-case ratings
// (issue 6, migration 0006).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "domain/time.h"
#include "store/sqlite/sqlite_store.h"
#include "store/survey_rows.h"

namespace sigap::store::sqlite {

// Shared with the other backend (survey_rows.h).
using rows::AnswersFromText;
using rows::AnswersText;
using rows::SurveyFromRow;

Result<int64_t> SqliteStore::CreateSurvey(const Survey& survey) {
  int64_t id = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto written = rows::InsertSurvey(conn, survey);
    if (!written) return Fail(written.error());
    id = *written;
    return {};
  });
  if (!status) return Fail(status.error());
  return id;
}

Result<std::vector<Survey>> SqliteStore::ListSurveys(PemdaId pemda) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT id, pemda_id, unit_code, service_code, period, starts_on, ends_on, "
      "extra_elements, weights, created_by, created_at FROM surveys WHERE pemda_id = ? "
      "ORDER BY id");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda);
  std::vector<Survey> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(SurveyFromRow(**stmt));
  }
  (*stmt)->Reset();
  return out;
}

Result<std::vector<int64_t>> SqliteStore::AddSurveyResponses(
    std::vector<SurveyResponse> responses) {
  std::vector<int64_t> ids;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    ids.clear();
    return rows::InsertResponses(conn, responses, ids);
  });
  if (!status) return Fail(status.error());
  return ids;
}

Result<SurveyImportResult> SqliteStore::ImportSurveyResponses(
    const std::optional<Survey>& new_survey, const SurveyImport& import,
    std::vector<SurveyResponse> responses) {
  SurveyImportResult result;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto written = rows::ImportResponses(conn, new_survey, import, responses);
    if (!written) return Fail(written.error());
    result = std::move(*written);
    return {};
  });
  if (!status) return Fail(status.error());
  return result;
}

Result<std::vector<SurveyResponse>> SqliteStore::ListSurveyResponses(PemdaId pemda, int64_t after,
                                                                     int limit) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT id, survey_id, answers, answered_on, service_code, jenis_kelamin, usia, "
      "pendidikan, pekerjaan, saran, case_id, channel, created_at FROM survey_responses "
      "WHERE pemda_id = ? AND id > ? ORDER BY id LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, after).Bind(3, limit);
  std::vector<SurveyResponse> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const auto& s = **stmt;
    SurveyResponse r;
    r.id = s.Int(0);
    r.pemda_id = pemda;
    r.survey_id = s.Int(1);
    r.answers = AnswersFromText(s.Text(2));
    r.answered_on = ParseDay(s.Text(3)).value_or(std::chrono::year_month_day{});
    r.service_code = s.Text(4);
    r.jenis_kelamin = s.Text(5);
    r.usia = s.Text(6);
    r.pendidikan = s.Text(7);
    r.pekerjaan = s.Text(8);
    r.saran = s.Text(9);
    r.case_id = s.IsNull(10) ? 0 : s.Int(10);
    r.channel = s.Text(11);
    r.created_at = FromMicros(s.Int(12));
    out.push_back(std::move(r));
  }
  (*stmt)->Reset();
  return out;
}

Status SqliteStore::SaveCaseRating(const CaseRating& rating) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto insert = conn.Prepare(
        "INSERT INTO case_ratings (case_id, resolution, pemda_id, agency_code, stars, comment, "
        "created_at, case_kind, service_code, region_code) SELECT id, ?, pemda_id, ?, ?, ?, ?, "
        "kind, service_code, region_code FROM cases WHERE id = ? AND pemda_id = ?");
    if (!insert) return Fail(insert.error());
    (*insert)->Bind(1, rating.resolution).Bind(2, rating.agency_code).Bind(3, rating.stars);
    (*insert)->Bind(4, rating.comment).Bind(5, ToMicros(rating.created_at));
    (*insert)->Bind(6, rating.case_id).Bind(7, rating.pemda_id);
    if (auto s = (*insert)->Run(); !s) {
      if (s.error().code == ErrorCode::kConflict) {
        return Fail(ErrorCode::kConflict, "this resolution of the case was rated already",
                    {{"stars", "already_rated", ""}});
      }
      return s;
    }
    if (conn.Changes() == 0) return Fail(ErrorCode::kNotFound, "case not found");
    return {};
  });
}

Result<std::vector<CaseRating>> SqliteStore::ListCaseRatings(PemdaId pemda, CaseId id) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  return rows::CaseRatings(***reader, pemda, id);
}

Result<std::vector<RatingCount>> SqliteStore::CountCaseRatings(PemdaId pemda,
                                                               std::string_view agency_code,
                                                               Timestamp from, Timestamp until) {
  auto reader = Borrow();
  if (!reader) return Fail(reader.error());
  auto stmt = (**reader)->Prepare(
      "SELECT agency_code, stars, COUNT(*) FROM case_ratings WHERE pemda_id = ?1 "
      "AND (?2 = '' OR agency_code = ?2) AND created_at >= ?3 AND created_at < ?4 "
      "GROUP BY agency_code, stars ORDER BY agency_code");
  if (!stmt) return Fail(stmt.error());
  (*stmt)->Bind(1, pemda).Bind(2, agency_code).Bind(3, ToMicros(from)).Bind(4, ToMicros(until));
  std::vector<RatingCount> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const auto& s = **stmt;
    const std::string agency = s.Text(0);
    if (out.empty() || out.back().agency_code != agency) out.push_back({agency});
    const int64_t stars = s.Int(1);
    if (stars >= 1 && stars <= 5) {
      out.back().by_stars[stars - 1] += s.Int(2);
      out.back().count += s.Int(2);
    }
  }
  (*stmt)->Reset();
  return out;
}

}  // namespace sigap::store::sqlite
