#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/skm.h"
#include "domain/skm_tally.h"
#include "domain/time.h"
#include "store/store.h"

namespace sigap::app {

// The dates a period label covers: "2026" (the year), "2026-S1"/"2026-S2"
// (a semester), "2026-Q1".."2026-Q4", "2026-03" (a month). nullopt for any
// other label.
std::optional<std::pair<std::chrono::year_month_day, std::chrono::year_month_day>> PeriodDates(
    std::string_view period);

// The SKM definition of a survey: PermenPAN-RB 14/2017, then its own
// elements (codes U10, U11, …) with its explicit weights. kInvalidArgument
// naming "weights" when they do not fit (SkmDefinition::WithWeights).
[[nodiscard]] Result<domain::SkmDefinition> SurveyDefinition(const store::Survey& survey);

// Whether `service` is one `unit` gives: its own, its parent agency's (a
// UPTD surveying its Dinas's service) or one of its units' (a Dinas
// surveying its UPTD's). A survey of a unit counts no other unit's service.
[[nodiscard]] Result<bool> ServiceOfUnit(store::Store& store, domain::PemdaId pemda,
                                         const domain::Service& service, std::string_view unit);

// What GET /api/v1/ikm asks for. Empty fields do not filter.
struct IkmQuery {
  std::string unit;                                     // agency code of the surveys
  std::string service;                                  // service code of the responses
  std::optional<std::chrono::year_month_day> from, to;  // answered_on, inclusive
  std::string by;                     // "", "month", "quarter", "unit" or "service"
  int64_t survey_id = 0;              // 0 = every survey that matches
  bool keep_answers = false;          // fill `answers` and the info columns (the XLSX data sheet)
  std::optional<int64_t> population;  // service users in the period, for the interval
};

// The scores a query found.
struct IkmResult {
  domain::SkmDefinition definition = domain::SkmDefinition::Permenpan2017();
  // True when the matching surveys had different own elements or weights,
  // so only the 9 elements every survey shares were scored (weights 1/9).
  bool common_elements_only = false;
  domain::SkmScore overall;
  std::vector<std::pair<std::string, domain::SkmScore>> groups;  // by key, ascending
  domain::SkmColumns answers{0};
  std::vector<std::string> info_names;  // keep_answers: tanggal, layanan, demographics, saran
  std::vector<std::vector<std::string>> info_values;
  // Per demographic column, each value's count, most frequent first.
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, uint64_t>>>> demographics;
};

// The satisfaction surveys of every Pemda: definitions, responses and the
// columnar tally of their answers kept in memory (one byte per answer), so
// that an IKM by unit × month is a scan of a few arrays. The database is
// the source of truth: the tally is rebuilt from it at start (Load) and
// catches up with responses written since (by this process or by `sigap
// import survey`) before every query and after every submission.
//
// Thread-safe: queries share a lock; catching up takes it exclusively.
class SatisfactionBook {
 public:
  // `store` and `clock` must outlive this object.
  SatisfactionBook(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Reads every response of every Pemda. kUnavailable when the store fails.
  [[nodiscard]] Status Load();

  // Validates and writes a survey; returns it with its id. kInvalidArgument
  // naming unit_code (unknown agency), service_code (unknown service),
  // period, starts_on/ends_on (invalid or reversed), extra_elements or
  // weights.
  [[nodiscard]] Result<store::Survey> CreateSurvey(store::Survey survey);
  // What CreateSurvey checks and completes (the extra elements' codes, the
  // time of creation), without writing: for a survey written together with
  // its first responses (Store::ImportSurveyResponses). The same errors,
  // and kConflict on period when the unit, service and period have one.
  [[nodiscard]] Result<store::Survey> PrepareSurvey(store::Survey survey) const;

  // The Pemda's surveys, oldest first.
  [[nodiscard]] Result<std::vector<store::Survey>> Surveys(domain::PemdaId pemda) const;
  // kNotFound when the Pemda has no such survey.
  [[nodiscard]] Result<store::Survey> FindSurvey(domain::PemdaId pemda, int64_t id) const;

  // The Pemda's local date now, and at `at`.
  std::chrono::year_month_day Today(const domain::Pemda& pemda) const;
  static std::chrono::year_month_day LocalDate(const domain::Pemda& pemda, Timestamp at);

  // Validates and writes one response, then adds it to the tally; returns
  // its id. kInvalidArgument naming answers.Un (outside 0..4), "answers"
  // (wrong count, or nothing answered) or answered_on (outside the survey's
  // dates); kConflict when its case already answered the survey.
  [[nodiscard]] Result<int64_t> Submit(store::SurveyResponse response);

  // Reads the responses written since the last read.
  [[nodiscard]] Status CatchUp(domain::PemdaId pemda);

  // Scores the responses that match (after catching up). kInvalidArgument
  // naming the field for a unit or service the Pemda does not have.
  [[nodiscard]] Result<IkmResult> Query(domain::PemdaId pemda, const IkmQuery& query);

  // The number of responses in memory for the Pemda (for tests and metrics).
  size_t size(domain::PemdaId pemda) const;

 private:
  // The responses of one survey, by column.
  struct Partition {
    explicit Partition(size_t elements) : answers(elements) {}
    domain::SkmColumns answers;
    std::vector<int32_t> days;                  // answered_on, days since 1970-01-01
    std::vector<uint32_t> services;             // interned service codes
    std::array<std::vector<uint32_t>, 5> info;  // interned jenis_kelamin … saran
  };
  struct PemdaData {
    int64_t last_id = 0;
    // Ids below last_id not seen yet, with when the gap was noticed: with
    // several nodes (PostgreSQL) a response with a smaller id may commit
    // after a larger one was read. A gap left longer than kGapWait is a
    // rolled-back insert and is forgotten.
    std::map<int64_t, Timestamp> gaps;
    std::map<int64_t, store::Survey> surveys;
    std::map<int64_t, Partition> partitions;
    std::vector<std::string> strings{""};
    std::unordered_map<std::string, uint32_t> string_ids{{"", 0}};
  };

  // Requires the exclusive lock.
  Status CatchUpLocked(domain::PemdaId pemda, PemdaData& data);
  static uint32_t Intern(PemdaData& data, const std::string& text);

  store::Store& store_;
  const Clock& clock_;
  mutable std::shared_mutex mutex_;
  std::map<domain::PemdaId, PemdaData> pemdas_;
};

}  // namespace sigap::app
