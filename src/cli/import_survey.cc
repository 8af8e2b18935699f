#include "cli/import_survey.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "app/satisfaction_book.h"
#include "app/system_clock.h"
#include "cli/config.h"
#include "cli/ikm_csv.h"
#include "cli/runtime.h"
#include "domain/sha256.h"
#include "domain/time.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kNotWritten = 1;
constexpr int kUsage = 2;

// A response's fields as hashed: answers, date, service and the form's
// demographics and suggestion, whatever the file's line ends, quoting or
// column order.
void HashResponse(domain::Sha256& hash, const store::SurveyResponse& r) {
  auto add = [&](std::string_view field, char end) {
    hash.Update(field).Update(std::string_view(&end, 1));
  };
  std::string answers;
  for (const uint8_t a : r.answers) answers.push_back(static_cast<char>('0' + a));
  add(answers, '\x1f');
  add(DayText(r.answered_on), '\x1f');
  for (const std::string* f :
       {&r.service_code, &r.jenis_kelamin, &r.usia, &r.pendidikan, &r.pekerjaan}) {
    add(*f, '\x1f');
  }
  add(r.saran, '\x1e');
}

// What identifies a file's responses: SHA-256 over each, in the file's order.
std::string Fingerprint(const std::vector<store::SurveyResponse>& responses) {
  domain::Sha256 hash;
  for (const auto& r : responses) HashResponse(hash, r);
  return hash.FinishHex();
}

// Each response's import key: its row's hash and how many identical rows
// came before it in the file ("…-0", "…-1"). A form's export taken again
// later repeats the earlier rows in the same order, so they get the keys
// they got the first time and are not counted twice; two respondents who
// answered alike on the same day stay two.
// With `batch` (the file's fingerprint; --new-batch), the rows in `undated`
// are keyed by it too: respondents of another batch never match earlier ones.
void SetImportKeys(std::vector<store::SurveyResponse>& responses, const std::vector<bool>& undated,
                   std::string_view batch) {
  std::map<std::string, int, std::less<>> seen;
  domain::Sha256 hash;
  for (size_t i = 0; i < responses.size(); ++i) {
    auto& r = responses[i];
    HashResponse(hash, r);
    if (!batch.empty() && undated[i]) hash.Update(batch);
    const domain::Sha256::Digest digest = hash.Finish();
    std::string key = domain::HexOf(digest.data(), 16);
    r.import_key = key + "-" + std::to_string(seen[key]++);
  }
}

}  // namespace

int ImportSurvey(const SurveyImportFlags& flags, std::ostream& out, std::ostream& err) {
  const std::string prefix = "sigap import survey: ";
  auto stop = [&](int code, const std::string& message) {
    err << prefix << message << "\n";
    return code;
  };
  if (auto missing = NotAnInputFile(flags.file)) return stop(kUsage, *missing);
  const auto dates = app::PeriodDates(flags.period);
  if (!dates) {
    return stop(kUsage, "--period: " + flags.period +
                            " is not a period (2026, 2026-S1, 2026-Q1 or 2026-03)");
  }
  std::optional<std::string> config_file = flags.config_file;
  if (!config_file && fs::exists("sigap.toml")) config_file = "sigap.toml";
  auto config = LoadConfig(config_file);
  if (!config) return stop(kUsage, config.error().message);
  const std::string db = flags.db.value_or(config->database.path);
  if (auto missing = store::MissingDatabase(db)) return stop(kUsage, *missing);
  auto store = store::OpenDatabase(db);
  if (!store) return stop(kNotWritten, store.error().message);
  if (auto migrated = (*store)->Migrate(); !migrated) {
    return stop(kNotWritten, migrated.error().message);
  }
  auto pemda = PickPemda(**store, flags.pemda, config->pemda.code, store::DatabaseName(db));
  if (!pemda) {
    const bool usage = pemda.error().code == ErrorCode::kInvalidArgument;
    return stop(usage ? kUsage : kNotWritten, pemda.error().message);
  }

  app::SystemClock clock;
  app::SatisfactionBook book(**store, clock);
  // The survey of this unit, service and period, or a new one.
  auto surveys = book.Surveys(pemda->id);
  if (!surveys) return stop(kNotWritten, surveys.error().message);
  std::optional<store::Survey> survey;
  for (const auto& s : *surveys) {
    if (s.unit_code == flags.unit && s.service_code == flags.service && s.period == flags.period) {
      survey = s;
    }
  }
  if (!survey) {
    store::Survey fresh;
    fresh.pemda_id = pemda->id;
    fresh.unit_code = flags.unit;
    fresh.service_code = flags.service;
    fresh.period = flags.period;
    fresh.created_by = "cli:import";
    fresh.starts_on = dates->first;
    fresh.ends_on = dates->second;
    // Written only once the file is known to be importable (below).
    if (auto a = (*store)->FindAgency(pemda->id, flags.unit); !a) {
      return stop(kUsage, "--unit: no agency " + flags.unit);
    }
    if (!flags.service.empty()) {
      auto service = (*store)->FindService(pemda->id, flags.service);
      if (!service) return stop(kUsage, "--service: no service " + flags.service);
      auto own = app::ServiceOfUnit(**store, pemda->id, *service, flags.unit);
      if (!own) return stop(kNotWritten, own.error().message);
      if (!*own) {
        return stop(kUsage, "--service: " + flags.service + " is a service of " +
                                service->agency_code + ", not of " + flags.unit);
      }
    }
    survey = fresh;
  }
  auto definition = app::SurveyDefinition(*survey);
  if (!definition) return stop(kNotWritten, definition.error().message);

  IkmCsvOptions options;
  options.scheme_elements = 9;
  options.extra_elements = survey->extra_elements.size();
  options.definition = &*definition;
  options.keep_info = true;
  options.skip_invalid = flags.skip_invalid;
  auto csv = ParseIkmCsvFile(flags.file, options);
  if (!csv) {
    err << csv.error().message << "\n";
    return stop(kNotWritten, "nothing imported");
  }
  for (const auto& w : csv->warnings) {
    err << flags.file << ":" << w.line << ":" << w.column << ": " << w.message << "\n";
  }
  if (csv->unanswered_rows > IkmCsv::kMaxProblems) {
    err << flags.file << ": " << csv->unanswered_rows
        << " baris tanpa unsur yang dijawab, tidak dihitung\n";
  }
  std::vector<IkmCsvProblem> problems = csv->problems;
  uint64_t problem_count = csv->problem_count;
  uint64_t invalid_rows = csv->invalid_rows;

  auto info = [&](const char* name) -> int {
    for (size_t i = 0; i < csv->info_names.size(); ++i) {
      if (csv->info_names[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  const int date_at = info("tanggal"), service_at = info("layanan"), unit_at = info("unit");
  const int jk = info("jenis_kelamin"), usia = info("usia"), pendidikan = info("pendidikan"),
            pekerjaan = info("pekerjaan"), saran = info("saran");
  auto value = [&](int column, size_t row) -> std::string {
    return column < 0 ? std::string() : csv->info_values[static_cast<size_t>(column)][row];
  };
  // A row's problem at the kept column `column`: counted, the first shown.
  auto refuse = [&](size_t row, int column, std::string message) {
    ++problem_count;
    ++invalid_rows;
    if (problems.size() < IkmCsv::kMaxProblems) {
      problems.push_back(
          {csv->lines[row], csv->info_columns[static_cast<size_t>(column)], std::move(message)});
    }
  };
  // What each service code a row names is (looked up once): unknown, or
  // another unit's, whose answers would count in this unit's IKM.
  enum class Owner { kUnit, kUnknown, kOtherUnit };
  std::map<std::string, Owner, std::less<>> services;
  auto owner_of = [&](const std::string& code) {
    auto [it, added] = services.try_emplace(code, Owner::kUnknown);
    if (added) {
      if (auto service = (*store)->FindService(pemda->id, code)) {
        auto own = app::ServiceOfUnit(**store, pemda->id, *service, survey->unit_code);
        it->second = own && *own ? Owner::kUnit : Owner::kOtherUnit;
      }
    }
    return it->second;
  };
  const auto today = book.Today(*pemda);
  if (today < survey->starts_on) {
    return stop(kUsage, "--period: " + flags.period + " belum dimulai (mulai " +
                            DayText(survey->starts_on) + ")");
  }
  std::vector<store::SurveyResponse> responses;
  std::vector<bool> undated;  // per response: the file gave it no tanggal
  const auto now = clock.Now();
  for (size_t row = 0; row < csv->answers.size(); ++row) {
    store::SurveyResponse r;
    r.pemda_id = pemda->id;
    r.answered_on = std::min(survey->ends_on, today);
    if (const std::string d = value(date_at, row); !d.empty()) {
      // The CSV parser has refused the rows whose tanggal ParseSurveyDate
      // does not read: here a date is only outside the period or to come.
      const auto date = ParseSurveyDate(d);
      if (!date || *date < survey->starts_on || survey->ends_on < *date) {
        refuse(row, date_at, "tanggal: '" + d + "' di luar periode " + flags.period);
        continue;
      }
      if (today < *date) {
        refuse(row, date_at, "tanggal: '" + d + "' belum tiba (hari ini " + DayText(today) + ")");
        continue;
      }
      r.answered_on = *date;
    }
    // A file that says whose answers they are must agree with --unit.
    if (const std::string u = value(unit_at, row); !u.empty() && u != survey->unit_code) {
      refuse(row, unit_at, "unit: '" + u + "' bukan unit survei ini (--unit " + flags.unit + ")");
      continue;
    }
    if (const std::string code = value(service_at, row); !code.empty()) {
      if (!survey->service_code.empty() && code != survey->service_code) {
        refuse(row, service_at,
               "layanan: '" + code + "' bukan layanan survei ini (--service " +
                   survey->service_code + ")");
        continue;
      }
      if (const Owner owner = owner_of(code); owner != Owner::kUnit) {
        refuse(row, service_at,
               owner == Owner::kUnknown
                   ? "layanan: tidak ada layanan " + code
                   : "layanan: " + code + " bukan layanan unit " + survey->unit_code);
        continue;
      }
    }
    for (size_t e = 0; e < csv->answers.elements(); ++e) {
      r.answers.push_back(csv->answers.answer(row, e));
    }
    r.service_code = survey->service_code.empty() ? value(service_at, row) : survey->service_code;
    r.jenis_kelamin = value(jk, row);
    r.usia = value(usia, row);
    r.pendidikan = value(pendidikan, row);
    r.pekerjaan = value(pekerjaan, row);
    r.saran = value(saran, row);
    r.channel = "import";
    r.created_at = now;
    undated.push_back(value(date_at, row).empty());
    responses.push_back(std::move(r));
  }
  std::sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  for (const auto& p : problems) {
    err << flags.file << ":" << p.line << ":" << p.column << ": " << p.message << "\n";
  }
  if (problem_count > problems.size()) {
    err << prefix << (problem_count - problems.size()) << " more problem(s) not shown\n";
  }
  if (problem_count > 0 && !flags.skip_invalid) {
    return stop(kNotWritten, std::to_string(problem_count) +
                                 " problem(s): nothing imported (--skip-invalid imports the "
                                 "valid rows)");
  }
  if (flags.dry_run) {
    out << "Dry run: " << responses.size() << " responses would be imported (" << invalid_rows
        << " rows skipped)\n";
    return 0;
  }
  if (responses.empty()) return stop(kNotWritten, "no valid response: nothing imported");
  std::optional<store::Survey> new_survey;
  if (survey->id == 0) {
    auto prepared = book.PrepareSurvey(*survey);
    if (!prepared) {
      const auto& fields = prepared.error().fields;
      return stop(kUsage, fields.empty() ? prepared.error().message
                                         : fields.front().field + ": " + fields.front().message);
    }
    new_survey = std::move(*prepared);
  }
  store::SurveyImport import;
  import.pemda_id = pemda->id;
  import.survey_id = survey->id;
  import.fingerprint = Fingerprint(responses);
  const bool any_undated = std::find(undated.begin(), undated.end(), true) != undated.end();
  SetImportKeys(responses, undated, flags.new_batch ? import.fingerprint : std::string());
  import.refuse_repeats = any_undated && !flags.new_batch && !flags.skip_imported;
  import.file_name = fs::path(flags.file).filename().string();
  import.imported_by = "cli:import";
  import.imported_at = now;
  auto written = (*store)->ImportSurveyResponses(new_survey, import, std::move(responses));
  if (!written && written.error().code == ErrorCode::kConflict && !written.error().fields.empty() &&
      written.error().fields.front().code == "already_imported") {
    // Respondents who answered alike are normal on a 1-4 scale: the file
    // does not say whether these are new ones.
    return stop(kNotWritten,
                flags.file + ": " + written.error().fields.front().message +
                    " baris tanpa tanggal sama persis dengan jawaban yang sudah diimpor ke survei "
                    "ini; tidak ada yang diimpor. Jika berkas ini kuesioner responden lain (batch "
                    "baru), jalankan lagi dengan --new-batch; jika berkas ini memuat lagi jawaban "
                    "yang sudah diimpor, dengan --skip-imported");
  }
  if (!written) {
    const auto& fields = written.error().fields;
    return stop(kNotWritten, fields.empty() ? written.error().message
                                            : fields.front().field + ": " + fields.front().message);
  }
  if (written->earlier) {
    // Every respondent would count twice in the IKM.
    return stop(
        kNotWritten,
        flags.file + ": jawaban yang sama sudah diimpor ke survei " +
            std::to_string(written->survey_id) + " pada " +
            DayText(app::SatisfactionBook::LocalDate(*pemda, written->earlier->imported_at)) +
            " (berkas " + written->earlier->file_name + "): tidak diimpor lagi");
  }
  out << "Imported " << written->ids.size() << " responses into survey " << written->survey_id
      << " (" << survey->unit_code
      << (survey->service_code.empty() ? "" : " " + survey->service_code) << ", " << survey->period
      << "), " << invalid_rows << " rows skipped";
  if (written->already > 0) {
    out << ", " << written->already << " imported before (an earlier export of the same form)";
  }
  out << "\n";
  return 0;
}

}  // namespace sigap::cli
