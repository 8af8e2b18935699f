// PostgresStore: satisfaction surveys, their responses and per-case ratings
// (issue 6, migration 0006).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "domain/time.h"
#include "store/postgres/postgres_store.h"
#include "store/survey_rows.h"

namespace sigap::store::postgres {

// Shared with the other backend (survey_rows.h).
using rows::AnswersFromText;
using rows::AnswersText;
using rows::SurveyFromRow;

namespace {

// Serialises the writes of one unit, service and period's survey across
// nodes until the transaction ends (rows::InsertSurvey checks, then writes).
Status LockSurveyKey(Connection& conn, const Survey& survey) {
  auto lock = conn.Prepare("SELECT pg_advisory_xact_lock(hashtext(?::text))");
  if (!lock) return Fail(lock.error());
  (*lock)->Bind(1, "survey:" + std::to_string(survey.pemda_id) + ":" + survey.unit_code + ":" +
                       survey.service_code + ":" + survey.period);
  auto row = (*lock)->Step();
  if (!row) return Fail(row.error());
  (*lock)->Reset();
  return {};
}

}  // namespace

Result<int64_t> PostgresStore::CreateSurvey(const Survey& survey) {
  int64_t id = 0;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    if (auto locked = LockSurveyKey(conn, survey); !locked) return locked;
    auto written = rows::InsertSurvey(conn, survey);
    if (!written) return Fail(written.error());
    id = *written;
    return {};
  });
  if (!status) return Fail(status.error());
  return id;
}

Result<std::vector<Survey>> PostgresStore::ListSurveys(PemdaId pemda) {
  using T = std::vector<Survey>;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare(
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
  });
}

Result<std::vector<int64_t>> PostgresStore::AddSurveyResponses(
    std::vector<SurveyResponse> responses) {
  std::vector<int64_t> ids;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    ids.clear();
    return rows::InsertResponses(conn, responses, ids);
  });
  if (!status) return Fail(status.error());
  return ids;
}

Result<SurveyImportResult> PostgresStore::ImportSurveyResponses(
    const std::optional<Survey>& new_survey, const SurveyImport& import,
    std::vector<SurveyResponse> responses) {
  SurveyImportResult result;
  auto status = writer_->Run([&](Connection& conn, ChainState&) -> Status {
    if (new_survey) {
      if (auto locked = LockSurveyKey(conn, *new_survey); !locked) return locked;
    }
    auto written = rows::ImportResponses(conn, new_survey, import, responses);
    if (!written) return Fail(written.error());
    result = std::move(*written);
    return {};
  });
  if (!status) return Fail(status.error());
  return result;
}

Result<std::vector<SurveyResponse>> PostgresStore::ListSurveyResponses(PemdaId pemda, int64_t after,
                                                                       int limit) {
  using T = std::vector<SurveyResponse>;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare(
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
  });
}

Status PostgresStore::SaveCaseRating(const CaseRating& rating) {
  return writer_->Run([&](Connection& conn, ChainState&) -> Status {
    auto insert = conn.Prepare(
        "INSERT INTO case_ratings (case_id, resolution, pemda_id, agency_code, stars, comment, "
        "created_at, case_kind, service_code, region_code) SELECT id, ?::bigint, pemda_id, "
        "?::text, ?::bigint, ?::text, ?::bigint, kind, service_code, region_code "
        "FROM cases WHERE id = ? AND pemda_id = ?");
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
    if ((*insert)->Changes() == 0) return Fail(ErrorCode::kNotFound, "case not found");
    return {};
  });
}

Result<std::vector<CaseRating>> PostgresStore::ListCaseRatings(PemdaId pemda, CaseId id) {
  using T = std::vector<CaseRating>;
  return Read<T>([&](Connection& conn) -> Result<T> { return rows::CaseRatings(conn, pemda, id); });
}

Result<std::vector<RatingCount>> PostgresStore::CountCaseRatings(PemdaId pemda,
                                                                 std::string_view agency_code,
                                                                 Timestamp from, Timestamp until) {
  using T = std::vector<RatingCount>;
  return Read<T>([&](Connection& conn) -> Result<T> {
    auto stmt = conn.Prepare(
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
  });
}

}  // namespace sigap::store::postgres
