#include "app/satisfaction_book.h"

#include <algorithm>
#include <mutex>

#include "app/known_codes.h"
#include "domain/time.h"
#include "domain/working_calendar.h"

namespace sigap::app {
namespace {

using std::chrono::year_month_day;

constexpr size_t kSchemeElements = 9;  // PermenPAN-RB 14/2017
constexpr int kReadChunk = 20000;
// How long an id skipped by catching up may still arrive, and the most ids
// one jump records as gaps (a larger jump is other Pemdas' responses).
constexpr auto kGapWait = std::chrono::seconds(30);
constexpr int64_t kMaxGaps = 1000;
const std::array<const char*, 5> kInfoNames = {"jenis_kelamin", "usia", "pendidikan", "pekerjaan",
                                               "saran"};

int Number(std::string_view text) {
  if (text.empty() || text.size() > 4) return -1;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

year_month_day Ymd(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

year_month_day LastOfMonth(int y, unsigned m) {
  return year_month_day{std::chrono::year_month_day_last{
      std::chrono::year{y}, std::chrono::month_day_last{std::chrono::month{m}}}};
}

bool SameElements(const store::Survey& a, const store::Survey& b) {
  return a.extra_elements.size() == b.extra_elements.size() && a.weights == b.weights;
}

}  // namespace

std::optional<std::pair<year_month_day, year_month_day>> PeriodDates(std::string_view period) {
  if (period.size() < 4) return std::nullopt;
  const int year = Number(period.substr(0, 4));
  if (year < 1990 || year > 2200) return std::nullopt;
  if (period.size() == 4) return std::pair{Ymd(year, 1, 1), Ymd(year, 12, 31)};
  if (period[4] != '-') return std::nullopt;
  const std::string_view rest = period.substr(5);
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4') {
    const unsigned q = static_cast<unsigned>(rest[1] - '0');
    return std::pair{Ymd(year, 3 * q - 2, 1), LastOfMonth(year, 3 * q)};
  }
  if (rest.size() == 2 && (rest[0] == 'S' || rest[0] == 's') &&
      (rest[1] == '1' || rest[1] == '2')) {
    const unsigned s = static_cast<unsigned>(rest[1] - '0');
    return std::pair{Ymd(year, 6 * s - 5, 1), LastOfMonth(year, 6 * s)};
  }
  const int month = rest.size() == 2 ? Number(rest) : -1;
  if (month < 1 || month > 12) return std::nullopt;
  return std::pair{Ymd(year, static_cast<unsigned>(month), 1),
                   LastOfMonth(year, static_cast<unsigned>(month))};
}

Result<bool> ServiceOfUnit(store::Store& store, domain::PemdaId pemda,
                           const domain::Service& service, std::string_view unit) {
  if (service.agency_code == unit) return true;
  for (const auto& [code, other] :
       {std::pair{std::string(unit), std::string_view(service.agency_code)},
        std::pair{service.agency_code, unit}}) {
    auto agency = store.FindAgency(pemda, code);
    if (!agency && agency.error().code != ErrorCode::kNotFound) return Fail(agency.error());
    if (agency && !agency->parent_code.empty() && agency->parent_code == other) return true;
  }
  return false;
}

Result<domain::SkmDefinition> SurveyDefinition(const store::Survey& survey) {
  const auto base = domain::SkmDefinition::Permenpan2017();
  if (survey.extra_elements.empty() && survey.weights.empty()) return base;
  std::vector<domain::SkmElement> extra;
  for (size_t i = 0; i < survey.extra_elements.size(); ++i) {
    domain::SkmElement e;
    e.code = "U" + std::to_string(kSchemeElements + 1 + i);
    e.name = survey.extra_elements[i].second;
    e.name_en = e.name;
    e.answers = base.elements()[0].answers;
    e.answers_en = base.elements()[0].answers_en;
    extra.push_back(std::move(e));
  }
  std::vector<double> weights = survey.weights;
  if (weights.empty()) {
    const size_t n = kSchemeElements + extra.size();
    weights.assign(n, 1.0 / static_cast<double>(n));
  }
  // The official figure: weights relative to their sum (0.111 each is 1/9).
  return base.WithWeights(std::move(weights), std::move(extra),
                          domain::SkmDefinition::Weighting::kNormalised);
}

Status SatisfactionBook::Load() {
  auto pemdas = store_.ListPemdas();
  if (!pemdas) return Fail(pemdas.error());
  std::unique_lock lock(mutex_);
  for (const auto& p : *pemdas) {
    PemdaData& data = pemdas_[p.id];
    if (auto s = CatchUpLocked(p.id, data); !s) return s;
    // History's gaps are other Pemdas' ids and rolled-back inserts: only
    // gaps that open while serving can still fill.
    data.gaps.clear();
  }
  return {};
}

Result<store::Survey> SatisfactionBook::CreateSurvey(store::Survey survey) {
  auto prepared = PrepareSurvey(std::move(survey));
  if (!prepared) return Fail(prepared.error());
  auto id = store_.CreateSurvey(*prepared);
  if (!id) return Fail(id.error());
  prepared->id = *id;
  std::unique_lock lock(mutex_);
  pemdas_[prepared->pemda_id].surveys[prepared->id] = *prepared;
  return prepared;
}

Result<store::Survey> SatisfactionBook::PrepareSurvey(store::Survey survey) const {
  std::vector<FieldError> errors;
  if (survey.unit_code.empty()) {
    errors.push_back({"unit_code", "required", ""});
  } else if (auto agency = store_.FindAgency(survey.pemda_id, survey.unit_code); !agency) {
    if (agency.error().code != ErrorCode::kNotFound) return Fail(agency.error());
    errors.push_back({"unit_code", "unknown", "no agency with that code"});
  }
  if (!survey.service_code.empty()) {
    auto service = store_.FindService(survey.pemda_id, survey.service_code);
    if (!service) {
      if (service.error().code != ErrorCode::kNotFound) return Fail(service.error());
      errors.push_back({"service_code", "unknown", "no service with that code"});
    } else if (!survey.unit_code.empty()) {
      auto own = ServiceOfUnit(store_, survey.pemda_id, *service, survey.unit_code);
      if (!own) return Fail(own.error());
      if (!*own) {
        errors.push_back(
            {"service_code", "other_unit",
             "the service is " + service->agency_code + "'s, not " + survey.unit_code + "'s"});
      }
    }
  }
  const auto dates = PeriodDates(survey.period);
  if (survey.period.empty()) {
    errors.push_back({"period", "required", ""});
  } else if (survey.period.size() > 40) {
    errors.push_back({"period", "too_long", "at most 40 characters"});
  }
  if (!survey.starts_on.ok() || !survey.ends_on.ok()) {
    if (dates) {
      if (!survey.starts_on.ok()) survey.starts_on = dates->first;
      if (!survey.ends_on.ok()) survey.ends_on = dates->second;
    } else if (!survey.period.empty()) {
      // "2026-Q5" or "Semester ganjil": the label names no dates of its own.
      errors.push_back({"period", "invalid_format",
                        "2026, 2026-S1, 2026-Q1 or 2026-03; another label needs starts_on and "
                        "ends_on"});
    }
  }
  if (survey.starts_on.ok() && survey.ends_on.ok() && survey.ends_on < survey.starts_on) {
    errors.push_back({"ends_on", "out_of_range", "before starts_on"});
  } else if (dates && survey.starts_on.ok() && survey.ends_on.ok()) {
    // A survey labelled 2026-Q4 that runs in January would be reported as
    // Q4's: its dates must lie within the period it names.
    if (survey.starts_on < dates->first || dates->second < survey.starts_on) {
      errors.push_back({"starts_on", "out_of_range", "outside the period " + survey.period});
    }
    if (survey.ends_on < dates->first || dates->second < survey.ends_on) {
      errors.push_back({"ends_on", "out_of_range", "outside the period " + survey.period});
    }
  }
  for (size_t i = 0; i < survey.extra_elements.size(); ++i) {
    const auto& name = survey.extra_elements[i].second;
    if (name.empty() || name.size() > 200) {
      errors.push_back({"extra_elements[" + std::to_string(i) + "].name", "invalid_value", ""});
    }
  }
  if (survey.extra_elements.size() > 7) {
    errors.push_back({"extra_elements", "too_many", "at most 7"});
  }
  if (errors.empty()) {
    if (!survey.extra_elements.empty() && survey.weights.empty()) {
      errors.push_back({"weights", "required", "one weight per element with extra elements"});
    } else if (auto definition = SurveyDefinition(survey); !definition) {
      errors.push_back({"weights", "invalid_value", definition.error().message});
    }
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "invalid survey", std::move(errors));
  }
  // One survey per unit, service and period: responses split between two
  // would each be a smaller sample, and an import could not tell which.
  auto existing = store_.ListSurveys(survey.pemda_id);
  if (!existing) return Fail(existing.error());
  for (const auto& other : *existing) {
    if (other.unit_code == survey.unit_code && other.service_code == survey.service_code &&
        other.period == survey.period) {
      return Fail(ErrorCode::kConflict, "a survey of this unit, service and period exists",
                  {{"period", "taken",
                    "survey " + std::to_string(other.id) + " has this unit, service and period"}});
    }
  }
  for (size_t i = 0; i < survey.extra_elements.size(); ++i) {
    survey.extra_elements[i].first = "U" + std::to_string(kSchemeElements + 1 + i);
  }
  survey.created_at = clock_.Now();
  return survey;
}

Result<std::vector<store::Survey>> SatisfactionBook::Surveys(domain::PemdaId pemda) const {
  return store_.ListSurveys(pemda);
}

Result<store::Survey> SatisfactionBook::FindSurvey(domain::PemdaId pemda, int64_t id) const {
  {
    std::shared_lock lock(mutex_);
    if (auto p = pemdas_.find(pemda); p != pemdas_.end()) {
      if (auto s = p->second.surveys.find(id); s != p->second.surveys.end()) return s->second;
    }
  }
  auto all = store_.ListSurveys(pemda);
  if (!all) return Fail(all.error());
  for (auto& s : *all) {
    if (s.id == id) return s;
  }
  return Fail(ErrorCode::kNotFound, "no such survey");
}

year_month_day SatisfactionBook::Today(const domain::Pemda& pemda) const {
  return LocalDate(pemda, clock_.Now());
}

year_month_day SatisfactionBook::LocalDate(const domain::Pemda& pemda, Timestamp at) {
  const auto offset = domain::IndonesianUtcOffset(pemda.time_zone);
  return year_month_day{std::chrono::floor<std::chrono::days>(
      at + (offset ? *offset : std::chrono::minutes(7 * 60)))};
}

Result<int64_t> SatisfactionBook::Submit(store::SurveyResponse response) {
  auto survey = FindSurvey(response.pemda_id, response.survey_id);
  if (!survey) return Fail(survey.error());
  const size_t elements = kSchemeElements + survey->extra_elements.size();
  std::vector<FieldError> errors;
  if (response.answers.size() != elements) {
    errors.push_back({"answers", "invalid_value", std::to_string(elements) + " elements"});
  } else {
    bool any = false;
    for (size_t e = 0; e < elements; ++e) {
      if (response.answers[e] > 4) {
        errors.push_back({"answers.U" + std::to_string(e + 1), "out_of_range", "1..4"});
      }
      any = any || response.answers[e] != 0;
    }
    if (!any && errors.empty()) errors.push_back({"answers", "required", "answer an element"});
  }
  if (!response.answered_on.ok() || response.answered_on < survey->starts_on ||
      survey->ends_on < response.answered_on) {
    errors.push_back({"answered_on", "out_of_range", "within the survey's dates"});
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "invalid response", std::move(errors));
  }
  if (!survey->service_code.empty()) response.service_code = survey->service_code;
  response.created_at = clock_.Now();
  const domain::PemdaId pemda = response.pemda_id;
  auto ids = store_.AddSurveyResponses({std::move(response)});
  if (!ids) return Fail(ids.error());
  // Best effort: a failed read is retried by the next query.
  (void)CatchUp(pemda);
  return ids->front();
}

Status SatisfactionBook::CatchUp(domain::PemdaId pemda) {
  std::unique_lock lock(mutex_);
  return CatchUpLocked(pemda, pemdas_[pemda]);
}

uint32_t SatisfactionBook::Intern(PemdaData& data, const std::string& text) {
  auto [it, added] = data.string_ids.try_emplace(text, static_cast<uint32_t>(data.strings.size()));
  if (added) data.strings.push_back(text);
  return it->second;
}

// With one writer ids grow in commit order and "id > last read" misses
// nothing. With several nodes on PostgreSQL a smaller id may commit after a
// larger one was read: the ids skipped are kept as gaps and read again
// until they arrive or kGapWait has passed (a rolled-back insert leaves its
// id unused for ever).
Status SatisfactionBook::CatchUpLocked(domain::PemdaId pemda, PemdaData& data) {
  const Timestamp now = clock_.Now();
  std::erase_if(data.gaps, [&](const auto& gap) { return now - gap.second > kGapWait; });
  int64_t from = data.gaps.empty() ? data.last_id : data.gaps.begin()->first - 1;
  for (;;) {
    auto rows = store_.ListSurveyResponses(pemda, from, kReadChunk);
    if (!rows) return Fail(rows.error());
    for (const auto& r : *rows) {
      if (r.id <= data.last_id && data.gaps.erase(r.id) == 0) continue;  // already counted
      if (r.id > data.last_id + 1 && r.id - data.last_id <= kMaxGaps) {
        for (int64_t id = data.last_id + 1; id < r.id; ++id) data.gaps.emplace(id, now);
      }
      if (!data.surveys.count(r.survey_id)) {
        auto all = store_.ListSurveys(pemda);
        if (!all) return Fail(all.error());
        for (auto& s : *all) data.surveys[s.id] = std::move(s);
      }
      const auto survey = data.surveys.find(r.survey_id);
      if (survey == data.surveys.end()) continue;  // cannot happen (foreign key)
      const size_t elements = kSchemeElements + survey->second.extra_elements.size();
      auto [it, added] = data.partitions.try_emplace(r.survey_id, elements);
      Partition& p = it->second;
      std::vector<uint8_t> answers(elements, 0);
      for (size_t e = 0; e < elements && e < r.answers.size(); ++e) answers[e] = r.answers[e];
      p.answers.Add(answers);
      p.days.push_back(ToDayNumber(r.answered_on));
      p.services.push_back(Intern(data, r.service_code));
      const std::array<const std::string*, 5> info = {&r.jenis_kelamin, &r.usia, &r.pendidikan,
                                                      &r.pekerjaan, &r.saran};
      // Demographics by their group, whichever way they were written
      // (domain::DemographicGroup); the suggestion as written.
      for (size_t i = 0; i < info.size(); ++i) {
        p.info[i].push_back(Intern(data, i + 1 < info.size()
                                             ? domain::DemographicGroup(kInfoNames[i], *info[i])
                                             : *info[i]));
      }
      data.last_id = std::max(data.last_id, r.id);
    }
    if (rows->size() < static_cast<size_t>(kReadChunk)) return {};
    from = rows->back().id;
  }
}

size_t SatisfactionBook::size(domain::PemdaId pemda) const {
  std::shared_lock lock(mutex_);
  const auto p = pemdas_.find(pemda);
  if (p == pemdas_.end()) return 0;
  size_t n = 0;
  for (const auto& [id, partition] : p->second.partitions) n += partition.answers.size();
  return n;
}

Result<IkmResult> SatisfactionBook::Query(domain::PemdaId pemda, const IkmQuery& query) {
  // A unit, service or survey the Pemda does not have is a mistake, not an
  // empty result.
  auto unknown = UnknownCodes(store_, pemda, {"unit", query.unit}, {"service", query.service});
  if (!unknown) return Fail(unknown.error());
  std::vector<FieldError> errors = std::move(*unknown);
  if (query.survey_id != 0) {
    if (auto survey = FindSurvey(pemda, query.survey_id); !survey) {
      if (survey.error().code != ErrorCode::kNotFound) return Fail(survey.error());
      errors.push_back({"survey", "unknown", "no survey with that id"});
    }
  }
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, "invalid query", std::move(errors));
  if (auto s = CatchUp(pemda); !s) return Fail(s.error());
  std::shared_lock lock(mutex_);
  const PemdaData& data = pemdas_.at(pemda);  // CatchUp made it

  // The surveys that match, and the definition they share.
  std::vector<std::pair<const store::Survey*, const Partition*>> chosen;
  for (const auto& [id, partition] : data.partitions) {
    const auto& survey = data.surveys.at(id);
    if (query.survey_id != 0 && id != query.survey_id) continue;
    if (!query.unit.empty() && survey.unit_code != query.unit) continue;
    chosen.emplace_back(&survey, &partition);
  }
  IkmResult out;
  if (!chosen.empty()) {
    const bool same = std::all_of(chosen.begin(), chosen.end(), [&](const auto& c) {
      return SameElements(*c.first, *chosen.front().first);
    });
    if (same) {
      auto definition = SurveyDefinition(*chosen.front().first);
      if (!definition) return Fail(definition.error());
      out.definition = std::move(*definition);
    } else {
      out.common_elements_only = true;
    }
  }
  const size_t elements = out.definition.elements().size();

  const int32_t from = query.from ? ToDayNumber(*query.from) : INT32_MIN;
  const int32_t to = query.to ? ToDayNumber(*query.to) : INT32_MAX;
  const uint32_t service = [&]() -> uint32_t {
    if (query.service.empty()) return 0;
    const auto it = data.string_ids.find(query.service);
    return it == data.string_ids.end() ? UINT32_MAX : it->second;
  }();
  // First pass: the matching rows and their group keys.
  struct Row {
    const Partition* partition;
    uint32_t index;
    uint32_t group;
  };
  std::vector<Row> rows;
  std::map<std::string, uint32_t> keys;
  auto key_of = [&](const store::Survey& survey, const Partition& p, size_t i) -> std::string {
    if (query.by == "month") return MonthText(FromDayNumber(p.days[i]));
    if (query.by == "quarter") return QuarterText(FromDayNumber(p.days[i]));
    if (query.by == "unit") return survey.unit_code;
    if (query.by == "service") {
      const std::string& code = data.strings[p.services[i]];
      return code.empty() ? "(tanpa layanan)" : code;
    }
    return "";
  };
  for (const auto& [survey, p] : chosen) {
    for (size_t i = 0; i < p->answers.size(); ++i) {
      if (p->days[i] < from || p->days[i] > to) continue;
      if (!query.service.empty() && p->services[i] != service) continue;
      const auto [it, added] =
          keys.try_emplace(key_of(*survey, *p, i), static_cast<uint32_t>(keys.size()));
      rows.push_back({p, static_cast<uint32_t>(i), it->second});
    }
  }
  // Groups in key order.
  std::vector<uint32_t> rank(keys.size());
  uint32_t next = 0;
  for (const auto& [key, provisional] : keys) rank[provisional] = next++;

  domain::SkmColumns columns(elements);
  columns.Reserve(rows.size());
  std::vector<uint8_t> answers(elements);
  std::array<std::map<std::string, uint64_t>, 4> counts;
  if (query.keep_answers) {
    out.info_names = {"tanggal", "layanan"};
    for (const char* name : kInfoNames) out.info_names.push_back(name);
    out.info_values.resize(out.info_names.size());
  }
  for (const Row& row : rows) {
    for (size_t e = 0; e < elements; ++e) answers[e] = row.partition->answers.answer(row.index, e);
    columns.Add(answers, query.by.empty() ? 0 : rank[row.group]);
    for (size_t i = 0; i < 4; ++i) {
      const std::string& value = data.strings[row.partition->info[i][row.index]];
      if (!value.empty()) ++counts[i][value];
    }
    if (query.keep_answers) {
      out.info_values[0].push_back(DayText(FromDayNumber(row.partition->days[row.index])));
      out.info_values[1].push_back(data.strings[row.partition->services[row.index]]);
      for (size_t i = 0; i < kInfoNames.size(); ++i) {
        out.info_values[2 + i].push_back(data.strings[row.partition->info[i][row.index]]);
      }
    }
  }
  const size_t groups = query.by.empty() ? 1 : std::max<size_t>(1, keys.size());
  domain::SkmTally tally(out.definition, groups);
  tally.AddColumns(columns);
  out.overall = tally.Total(query.population);
  if (!query.by.empty()) {
    for (const auto& [key, provisional] : keys) {
      out.groups.emplace_back(key, tally.Score(rank[provisional], query.population));
    }
  }
  for (size_t i = 0; i < 4; ++i) {
    std::vector<std::pair<std::string, uint64_t>> sorted(counts[i].begin(), counts[i].end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (!sorted.empty()) out.demographics.emplace_back(kInfoNames[i], std::move(sorted));
  }
  if (query.keep_answers) out.answers = std::move(columns);
  return out;
}

}  // namespace sigap::app
